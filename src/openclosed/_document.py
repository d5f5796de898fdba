"""The catalog format: its sections, its version, and a catalog written back as a document.

Below both the :class:`~openclosed.Catalog` (which writes itself with :func:`to_document`)
and the loader (which reads what it writes).
"""

from __future__ import annotations

import datetime
import enum
from typing import TYPE_CHECKING, Any

import attrs

from ._fields import is_derived
from .records import License, LicenseCategory, Model, Offer, Organization

if TYPE_CHECKING:
    from ._catalog_class import Catalog
    from ._table import Table

__all__ = [
    "DATA_FILES",
    "MAX_CATALOG_BYTES",
    "OPTIONAL_SECTIONS",
    "SCHEMA_VERSION",
    "SECTIONS",
    "to_document",
    "unstructure",
]

#: Version of the data format. A change that old readers cannot read raises it.
#: 2 (catalog 26.5): prices, service terms and data terms moved from models into offers.
SCHEMA_VERSION = 2
#: The data files, in the order of the merged document.
DATA_FILES = ("catalog", "license_categories", "licenses", "organizations", "models", "offers")
SECTIONS: tuple[tuple[str, type[Any]], ...] = (
    ("license_categories", LicenseCategory),
    ("licenses", License),
    ("organizations", Organization),
    ("models", Model),
    ("offers", Offer),
)
#: Sections a document may leave out (read as empty).
OPTIONAL_SECTIONS = frozenset({"offers"})
#: Catalog files larger than this are refused before they are parsed; no more than one
#: byte beyond it is ever read.
MAX_CATALOG_BYTES = 64 * 1024 * 1024


def to_document(catalog: Catalog) -> dict[str, Any]:
    """The catalog as a JSON-ready document that :func:`build_catalog` reads back to an equal catalog."""
    document: dict[str, Any] = {"catalog": {"schema_version": SCHEMA_VERSION, "version": catalog.version}}
    for name, _ in SECTIONS:
        table: Table[Any] = getattr(catalog, name)
        document[name] = [unstructure(record) for record in table]
    return document


def _fields_to_write(cls: type[Any]) -> tuple[tuple[str, object], ...]:
    """``(name, default)`` of each field written to the data: derived ones are left out, and a
    field equal to its default is not written (``attrs.NOTHING``: always written)."""
    cached: tuple[tuple[str, object], ...] | None = _WRITTEN.get(cls)
    if cached is None:
        cached = _WRITTEN[cls] = tuple(
            (a.name, a.default.factory() if isinstance(a.default, attrs.Factory) else a.default)  # type: ignore[arg-type]
            for a in attrs.fields(cls)
            if not is_derived(a)
        )
    return cached


_WRITTEN: dict[type[Any], tuple[tuple[str, object], ...]] = {}
_NOTHING = attrs.NOTHING


def unstructure(value: Any) -> Any:
    """A record (or a value of one) as JSON-ready data in the format of the data files: enums as
    their values, dates as ISO strings, tuples as lists, fields equal to their defaults and
    derived fields left out. What the strict cattrs converter's ``unstructure`` returns, without
    importing cattrs (``tests/test_loader.py`` checks they agree)."""
    kind = type(value)
    if kind is str or kind is int or kind is float or kind is bool or value is None:
        return value
    if kind is tuple or kind is list:
        return [unstructure(item) for item in value]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime.date):
        return value.isoformat()
    if attrs.has(kind):
        out: dict[str, Any] = {}
        for name, default in _fields_to_write(kind):
            item = getattr(value, name)
            if default is _NOTHING or item != default:
                out[name] = unstructure(item)
        return out
    if isinstance(value, dict):
        return {key: unstructure(item) for key, item in value.items()}
    return value
