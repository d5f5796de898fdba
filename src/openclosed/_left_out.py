"""Models a release leaves out on purpose, and why: so that a lookup of one says so.

A catalog cannot hold every name people type. Some are left out by decision: a realtime
speech endpoint outside the catalog's tasks, a serving tier of a catalogued model, a preview
that another record replaces. The maintainers write the reason down when they decide
(``catalog/left_out.json``), and the release ships the list as ``data/left_out.json``.

It is read only when a model lookup misses, checked against the release's digests as every
data file is, and only for a catalog of the release's own version: the reasons are about
what that release holds.
"""

from __future__ import annotations

import datetime
import json
import threading
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from ._resources import data_label, differs, read_data, recorded_digests, trust_modified_data
from ._text import normalize_key
from .errors import CatalogError

__all__ = ["FILE", "LeftOut", "left_out", "left_out_of", "packaged_left_out", "parse_left_out"]

#: The packaged file, in ``openclosed/data/``.
FILE = "left_out.json"
#: Fewer words than this is a label, not a reason.
_MIN_REASON_WORDS = 5


def _of_type(kind: type | tuple[type, ...], label: str) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind):
            raise TypeError(f"{attribute.name} must be {label}, not {type(value).__name__} {value!r}")

    return check


_STRING = _of_type(str, "a string")


def _https(instance: object, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is not None and not value.startswith("https://"):
        raise ValueError(f"{attribute.name} must be an https:// URL, not {value!r}")


def _words(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if len(value.split()) < _MIN_REASON_WORDS:
        raise ValueError(f"{attribute.name} must be a sentence saying why, not {value!r}")


def _named(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not normalize_key(value):
        raise ValueError(f"{attribute.name} must name something, not {value!r}")


#: How a reason starts when the model is not recorded only for want of a source (docs/policy.md).
PENDING_PREFIX = "Not yet recorded"


@attrs.frozen(kw_only=True)
class LeftOut:
    """A model name the catalog leaves out, on purpose or until a source is found (``pending``):
    whose it is, why, and when that was checked."""

    #: The name as its maker or a price list spells it (``gpt-realtime``).
    name: str = attrs.field(validator=[_STRING, _named])
    #: The id of the maker's organization in the catalog.
    maker: str = attrs.field(validator=[_STRING, _named])
    reason: str = attrs.field(validator=[_STRING, _words])
    #: The day the reason was last checked against its source.
    checked: datetime.date = attrs.field(validator=_of_type(datetime.date, "a date"))
    url: str | None = attrs.field(default=None, validator=[_of_type((str, type(None)), "a string"), _https])

    @property
    def pending(self) -> bool:
        """Whether the name is a gap to close rather than a decision: the policy has such
        reasons begin "Not yet recorded" (no source for the model's basic facts was found)."""
        return self.reason.startswith(PENDING_PREFIX)

    def __str__(self) -> str:
        source = f"; source: {self.url}" if self.url else ""
        return f"{self.reason} (checked {self.checked.isoformat()}{source})"


_REQUIRED = tuple(a.name for a in attrs.fields(LeftOut) if a.default is attrs.NOTHING)


def parse_left_out(entries: object) -> tuple[LeftOut, ...]:
    """The entries of a left-out list, checked; ``CatalogError`` names every bad field by its path.

    Two entries may not name the same model once names are normalised.
    """
    if not isinstance(entries, list):
        raise CatalogError(["expected a list of left-out models @ $"], "the left-out list")
    errors: list[str] = []
    found: list[LeftOut] = []
    seen: dict[str, int] = {}
    for number, entry in enumerate(entries):
        where = f"$[{number}]"
        if not isinstance(entry, dict):
            errors.append(f"expected an object @ {where}")
            continue
        unknown = sorted(set(entry) - {a.name for a in attrs.fields(LeftOut)})
        missing = [name for name in _REQUIRED if name not in entry]
        if unknown or missing:
            problem = f"unknown fields {', '.join(map(repr, unknown))}" if unknown else ""
            problem += "; " if unknown and missing else ""
            problem += f"missing fields {', '.join(map(repr, missing))}" if missing else ""
            errors.append(f"{problem} @ {where}")
            continue
        checked = entry.get("checked")
        try:
            if isinstance(checked, str):
                checked = datetime.date.fromisoformat(checked)
        except ValueError:
            errors.append(f"checked must be an ISO date (YYYY-MM-DD), not {checked!r} @ {where}.checked")
            continue
        try:
            record = LeftOut(**{**entry, "checked": checked})
        except (TypeError, ValueError) as error:
            errors.append(f"{error} @ {where}")
            continue
        key = normalize_key(record.name)
        if key in seen:
            errors.append(f"{record.name!r} is already left out by entry {seen[key]} @ {where}.name")
            continue
        seen[key] = number
        found.append(record)
    if errors:
        raise CatalogError(errors, "the left-out list")
    return tuple(found)


def packaged_left_out(version: str, entries: Sequence[LeftOut]) -> dict[str, Any]:
    """The document of ``data/left_out.json`` for a release: its version and the entries by name."""
    ordered = sorted(entries, key=lambda entry: normalize_key(entry.name))
    return {
        "version": version,
        "left_out": [
            {key: _json(value) for key, value in attrs.asdict(entry).items() if value is not None}
            for entry in ordered
        ],
    }


def _json(value: object) -> object:
    return value.isoformat() if isinstance(value, datetime.date) else value


_lock = threading.Lock()
_loaded: tuple[str, Mapping[str, LeftOut]] | None = None


def _load() -> tuple[str, Mapping[str, LeftOut]]:
    """The release's version and its left-out models by normalised name; read once, checked."""
    global _loaded
    with _lock:
        if _loaded is None:
            data = read_data(FILE)
            if not trust_modified_data():
                import hashlib

                if recorded_digests()["files"].get(FILE) != hashlib.sha256(data).hexdigest():
                    raise differs(FILE)
            try:
                document = json.loads(data)
                version, entries = document["version"], parse_left_out(document["left_out"])
            except CatalogError as error:
                raise CatalogError(error.errors, data_label(FILE)) from None
            except (ValueError, KeyError, TypeError) as error:
                raise CatalogError([f"not a left-out list ({error!r}) @ $"], data_label(FILE)) from None
            _loaded = (str(version), {normalize_key(e.name): e for e in entries})
        return _loaded


_release: str | None = None


def _release_version() -> str | None:
    """The version in the packaged header (``data/catalog.json``), read once; ``None`` if unreadable."""
    global _release
    if _release is None:
        try:
            _release = str(json.loads(read_data("catalog.json"))["catalog"]["version"])
        except (CatalogError, ValueError, KeyError, TypeError):
            return None
    return _release


def _entries(catalog_version: str) -> Mapping[str, LeftOut]:
    """The release's entries if ``catalog_version`` is the release's; nothing is read otherwise,
    so that a lookup in a user's own catalog never depends on the packaged data."""
    if catalog_version != _release_version():
        return {}
    version, entries = _load()
    return entries if catalog_version == version else {}


def left_out(catalog_version: str) -> tuple[LeftOut, ...]:
    """Every model the release of ``catalog_version`` leaves out on purpose (none for another version)."""
    return tuple(_entries(catalog_version).values())


def left_out_of(key: str, catalog_version: str) -> LeftOut | None:
    """The entry for ``key`` (any spelling :func:`normalize_key` equates) if the release of
    ``catalog_version`` leaves that model out on purpose."""
    return _entries(catalog_version).get(normalize_key(key))
