"""The package's data files, read as plainly as the installation allows, and checked.

Where the package is a directory on disk (any normal install), a data file is opened by its
path: ``importlib.resources`` would import ``zipfile``, ``tempfile`` and more, which costs more
than reading the data. Where it is not (a zip on ``sys.path``, a custom loader), the files are
read through ``importlib.resources.files`` as traversables, never turned into path strings
(a path string of a file inside a zip names nothing that can be opened).

Every file, and every record read on its own, is checked against the digests the release
recorded (``data/digests.json``, and the index for single records): an installation can be
damaged or tampered with, and that is reported as a :class:`~openclosed.errors.CatalogError`
naming the file, not shown as a traceback.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from typing import Any

from .errors import CatalogError

__all__ = [
    "TRUST_VARIABLE",
    "data_bytes",
    "data_label",
    "data_slices",
    "differs",
    "read_data",
    "recorded_digests",
    "trust_modified_data",
]

_HERE = globals().get("__file__")
#: The data directory, when it is a real directory; ``None`` otherwise.
DATA_DIR: str | None = os.path.join(os.path.dirname(_HERE), "data") if isinstance(_HERE, str) else None
if DATA_DIR is not None and not os.path.isdir(DATA_DIR):
    DATA_DIR = None

#: Set to ``1`` to load packaged data files that differ from the digests recorded at
#: release (for people who patch the data on purpose); the catalog then says it is modified.
TRUST_VARIABLE = "OPENCLOSED_TRUST_MODIFIED_DATA"


def trust_modified_data() -> bool:
    return os.environ.get(TRUST_VARIABLE, "") not in ("", "0")


def data_bytes(name: str) -> bytes:
    """The bytes of ``openclosed/data/<name>``; ``OSError`` if it cannot be read."""
    if DATA_DIR is not None:
        with open(os.path.join(DATA_DIR, name), "rb") as handle:
            return handle.read()
    from importlib.resources import files

    return (files("openclosed") / "data" / name).read_bytes()


def data_slices(name: str, spans: Iterable[tuple[int, int]]) -> list[bytes]:
    """The bytes from ``start`` to ``end`` of ``openclosed/data/<name>``, for each span; from a
    directory only those bytes are read. ``OSError`` if the file cannot be read."""
    if DATA_DIR is None:
        data = data_bytes(name)
        return [data[start:end] for start, end in spans]
    found = []
    with open(os.path.join(DATA_DIR, name), "rb") as handle:
        for start, end in spans:
            handle.seek(start)
            found.append(handle.read(end - start))
    return found


def data_label(name: str) -> str:
    """How errors name a data file."""
    return f"the packaged data file openclosed/data/{name}"


def read_data(name: str) -> bytes:
    """:func:`data_bytes`, with a file that cannot be read reported as a :class:`CatalogError`."""
    try:
        return data_bytes(name)
    except OSError as exc:
        raise CatalogError([f"cannot read the file: {exc.strerror or exc} @ $"], data_label(name)) from None


def recorded_digests() -> dict[str, Any]:
    """``data/digests.json`` as the release wrote it: ``files`` holds the SHA-256 of each data
    file, ``index_pages`` the span, first line and SHA-256 of each page of the index."""
    try:
        recorded = json.loads(read_data("digests.json"))
        files = recorded["files"]
    except (ValueError, KeyError, TypeError):
        files = None
    if not isinstance(files, dict):
        raise CatalogError(
            [
                "the record of the data files' digests is missing or damaged; reinstall "
                f"openclosed, or set {TRUST_VARIABLE}=1 to load the data unverified @ $"
            ],
            data_label("digests.json"),
        )
    return recorded  # type: ignore[no-any-return]


def differs(name: str, what: str = "the file", record: str = "data/digests.json") -> CatalogError:
    """The error for data that differs from the release's: ``what`` of ``name`` (a file, or one
    of its records), whose digest does not match the one in ``record``."""
    return CatalogError(
        [
            f"{what} differs from the one released with this version (its SHA-256 does not "
            f"match {record}); reinstall openclosed, or set {TRUST_VARIABLE}=1 to "
            "load modified data on purpose @ $"
        ],
        data_label(name),
    )
