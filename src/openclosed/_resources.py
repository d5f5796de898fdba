"""The package's data files, read as plainly as the installation allows.

Where the package is a directory on disk (any normal install), a data file is opened by its
path: ``importlib.resources`` would import ``zipfile``, ``tempfile`` and more, which costs more
than reading the data. Where it is not (a zip on ``sys.path``, a custom loader), the files are
read through ``importlib.resources.files``, never through ``str(files(...))``.
"""

from __future__ import annotations

import os

__all__ = ["data_bytes"]

_HERE = globals().get("__file__")
#: The data directory, when it is a real directory; ``None`` otherwise.
DATA_DIR: str | None = os.path.join(os.path.dirname(_HERE), "data") if isinstance(_HERE, str) else None
if DATA_DIR is not None and not os.path.isdir(DATA_DIR):
    DATA_DIR = None


def data_bytes(name: str) -> bytes:
    """The bytes of ``openclosed/data/<name>``; ``OSError`` if it cannot be read."""
    if DATA_DIR is not None:
        with open(os.path.join(DATA_DIR, name), "rb") as handle:
            return handle.read()
    from importlib.resources import files

    return (files("openclosed") / "data" / name).read_bytes()
