"""The catalog shipped with openclosed, loaded on first use, and catalogs of your own.

The tables (:mod:`._table`) and the :class:`Catalog` class (:mod:`._catalog_class`) live
below the loader; this module, above it, loads the packaged catalog once and reads users'
catalog files. The names of the modules below are re-exported here.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from typing import Any

from ._catalog_class import Catalog
from ._document import MAX_CATALOG_BYTES
from ._table import Table, normalize_key

__all__ = ["MAX_CATALOG_BYTES", "Catalog", "Table", "catalog", "load_catalog", "normalize_key"]


_lock = threading.Lock()
_packaged: Catalog | None = None


def catalog() -> Catalog:
    """The catalog shipped with this version of openclosed, loaded on first call.

    Data is checked against the SHA-256 digests recorded at release before it is used: the
    header here, each record a lookup by key reads, each file whole when a table is needed
    whole. Data that differs raises :class:`~openclosed.errors.CatalogError` naming its file,
    unless the environment sets ``OPENCLOSED_TRUST_MODIFIED_DATA=1`` (the whole catalog is
    then loaded at once, and its :attr:`~Catalog.origin` is ``"modified"``). Loading is
    thread-safe and happens once; a failure publishes nothing, so the next call tries again
    and raises the same :class:`~openclosed.errors.CatalogError`.

    Records are built when first asked for: a lookup by key builds the one model it finds
    (see :mod:`._shipped`), anything else the whole catalog.
    """
    global _packaged
    loaded = _packaged
    if loaded is None:
        with _lock:
            loaded = _packaged
            if loaded is None:
                from ._shipped import load_shipped

                loaded = load_shipped()
                _packaged = loaded
    return loaded


def load_catalog(source: str | os.PathLike[str] | Mapping[str, Any]) -> Catalog:
    """Load a catalog of your own from a JSON file or an already parsed mapping.

    The data goes through exactly the validation of the shipped catalog; every problem
    is reported at once, with its JSON path, in a :class:`~openclosed.errors.CatalogError`.
    Files above :data:`MAX_CATALOG_BYTES` are refused before they are parsed.
    """
    from ._loader import build_catalog, read_source

    document, label = read_source(source)
    return build_catalog(document, source=label)
