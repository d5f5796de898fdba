"""The catalog format: its sections, its version, and a catalog written back as a document.

Below both the :class:`~openclosed.Catalog` (which writes itself with :func:`to_document`)
and the loader (which reads what it writes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .records import License, LicenseCategory, Model, Offer, Organization

if TYPE_CHECKING:
    from ._catalog_class import Catalog
    from ._table import Table

__all__ = ["DATA_FILES", "OPTIONAL_SECTIONS", "SCHEMA_VERSION", "SECTIONS", "to_document"]

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


def to_document(catalog: Catalog) -> dict[str, Any]:
    """The catalog as a JSON-ready document that :func:`build_catalog` reads back to an equal catalog."""
    from ._converter import unstructure

    document: dict[str, Any] = {"catalog": {"schema_version": SCHEMA_VERSION, "version": catalog.version}}
    for name, cls in SECTIONS:
        table: Table[Any] = getattr(catalog, name)
        document[name] = [unstructure(record, cls) for record in table]
    return document
