"""The shipped catalog, built one model at a time until a question needs all of it.

Most programs ask the catalog one thing first: a model by its id or name. Building every
record to answer that costs more than the answer, and the cost grows with the catalog. So
the release writes ``data/index.json`` beside the data (:class:`Index` says its form):
the byte span and SHA-256 of each model, offer, licence and licence category in its file,
and every key that finds a model. :func:`load_shipped` checks the header and parses no
data. A lookup by key then reads and checks the few index pages and records it needs, and
builds the one model, with its offers and openness. Anything else a table is
asked (iteration, filters, a key the index does not know) fills every table at once through
the loader, which checks every file whole; the models already built are kept in the full
tables, so a model is the same object however it was found.

What is checked is what is used: a record whose bytes differ from the release's is refused
as a whole file is, naming its file, before any of its facts are returned. The data was
validated whole by the release's tests, so one verified record needs no cross-record checks.
"""

from __future__ import annotations

import json
import os
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any

from ._catalog_class import Catalog
from ._intern import clear_interned
from ._offers import OfferTable, offer_order
from ._resources import data_label, data_slices, differs, read_data, recorded_digests, trust_modified_data
from ._table import Table, normalize_key
from .errors import CatalogError
from .openness import openness_of
from .query import ModelTable
from .records import License, LicenseCategory, Model, Offer, Organization

__all__ = ["TABLES", "Index", "Shipped", "load_shipped"]

#: The tables of a catalog, by attribute name, with their kind and class.
TABLES: tuple[tuple[str, str, type[Table[Any]]], ...] = (
    ("models", "model", ModelTable),
    ("organizations", "organization", Table),
    ("licenses", "license", Table),
    ("license_categories", "license category", Table),
    ("offers", "offer", OfferTable),
)

#: The tables whose records a lookup by exact id builds alone: their file, index letter and class.
_BY_ID: dict[str, tuple[str, str, type[Any]]] = {
    "license": ("licenses.json", "l", License),
    "license category": ("license_categories.json", "c", LicenseCategory),
    "organization": ("organizations.json", "g", Organization),
}


def _builtin_sha256() -> Callable[[bytes], Any]:
    """SHA-256 without loading OpenSSL, which ``hashlib`` does on import at a cost of some
    milliseconds: the interpreter's own implementation is ample for the small index and
    records hashed here (``hashlib`` when it is missing; whole files use ``hashlib``)."""
    for name in ("_sha2", "_sha256"):  # Python 3.12 and later; 3.10 and 3.11
        try:
            return import_module(name).sha256  # type: ignore[no-any-return]
        except (ImportError, AttributeError):
            continue
    from hashlib import sha256

    return sha256


def load_shipped() -> Catalog:
    """The shipped catalog: tables waiting on the index; or, when modified data is trusted on
    purpose (the index may no longer match it), a full load of what is there."""
    if trust_modified_data():
        from ._loader import build_catalog, modified_data_files, packaged_document

        modified = bool(modified_data_files())
        return build_catalog(
            packaged_document(),
            source="the packaged catalog",
            trusted=not modified,
            origin="modified" if modified else "packaged",
        )
    sha256 = _builtin_sha256()
    recorded = recorded_digests()
    header = read_data("catalog.json")
    if sha256(header).hexdigest() != recorded["files"].get("catalog.json"):
        raise differs("catalog.json")
    pages = recorded.get("index_pages")
    if not isinstance(pages, list) or not pages:
        raise differs("index.json", "the record of its pages", "data/digests.json")
    index = Index(read_data("index.json"), pages, sha256)
    return Shipped(index, json.loads(header)["catalog"]["version"], sha256).catalog


class Index:
    """``data/index.json``: sorted, tab-separated lines, read a page at a time.

    The first field of a line says what it holds:

    - ``k, key, model id``: a normalised key (id, alias or unique name) and the model it finds;
    - ``m, id, start, end, sha256``: where a model's JSON lies in ``models.json``, and its digest;
    - ``o, model id, offer id, start, end, sha256``: the same for each offer of a model;
    - ``l, ...``, ``c, ...`` and ``g, ...``: the same for licences, licence categories and
      organizations, found by their exact ids.

    ``data/digests.json`` records each page's span, first line and SHA-256 (``index_pages``);
    a page is checked when first read, so a lookup hashes a few pages, not the whole index.
    (The file is named ``.json`` with the other data files, though its lines are not JSON.)
    """

    def __init__(self, data: bytes, pages: list[Any], sha256: Callable[[bytes], Any]) -> None:
        self._data = data
        self._pages = pages
        self._firsts = [str(page[2]).encode("utf-8") for page in pages]
        self._sha256 = sha256
        self._read: dict[int, list[bytes]] = {}

    def _page(self, number: int) -> list[bytes]:
        lines = self._read.get(number)
        if lines is None:
            start, end, _, digest = self._pages[number]
            chunk = self._data[start:end]
            if self._sha256(chunk).hexdigest() != digest:
                raise differs("index.json", f"page {number} of the index", "data/digests.json")
            lines = self._read[number] = chunk.rstrip(b"\n").split(b"\n")
        return lines

    def find(self, *fields: str) -> list[list[bytes]]:
        """The remaining fields of every line that starts with ``fields``."""
        prefix = "\t".join(fields).encode("utf-8") + b"\t"
        found = []
        number = max(bisect_right(self._firsts, prefix) - 1, 0)
        while number < len(self._pages):
            lines = self._page(number)
            at = bisect_left(lines, prefix)
            while at < len(lines) and lines[at].startswith(prefix):
                found.append(lines[at][len(prefix) :].split(b"\t"))
                at += 1
            if at < len(lines):
                break
            number += 1  # the matches, if any, go on on the next page
        return found


class Shipped:
    """The checked index of the shipped files, and what the catalog's tables wait on.

    Thread-safe: single models are built, and the tables filled, under one lock.
    """

    def __init__(self, index: Index, version: str, sha256: Callable[[bytes], Any]) -> None:
        self._index = index
        self._sha256 = sha256
        self._lock = threading.RLock()
        self._filled = False
        #: Records built one by one, by class and id, before the tables were filled.
        self._built: dict[type[Any], dict[str, Any]] = {
            Model: {},
            Offer: {},
            License: {},
            LicenseCategory: {},
            Organization: {},
        }
        self._tables: dict[str, Table[Any]] = {
            name: cls.waiting(kind, version, self) for name, kind, cls in TABLES
        }
        self.catalog = Catalog(version=version, origin="packaged", extender=_extend, **self._tables)  # type: ignore[arg-type]

    def lookup(self, table: Table[Any], key: str) -> Any:
        """The record ``key`` finds, built alone when the index knows the key (any key of a
        model; the exact id of a licence, category or organization); otherwise (offers, a key
        the index does not know) ``None``, after filling the tables."""
        if not self._filled and "\t" not in key and "\n" not in key:
            found = self._model_alone(key) if table.kind == "model" else self._record_alone(table.kind, key)
            if found is not None:
                return found
        self.fill()
        return None

    def _model_alone(self, key: str) -> Model | None:
        model_id = self._model_id(key)
        return None if model_id is None else self._locked(self._model, model_id)

    def _record_alone(self, kind: str, key: str) -> Any:
        if kind not in _BY_ID:
            return None  # offers are found through their model, not by their own ids
        name, letter, cls = _BY_ID[kind]
        try:
            entries = self._index.find(letter, key)
        except UnicodeEncodeError:  # a lone surrogate: no id has one
            return None
        if not entries:
            return None
        return self._locked(lambda: self._records(name, cls, [(key, entries[0])])[0])

    def _locked(self, build: Callable[..., Any], *args: Any) -> Any:
        """``build(*args)`` under the lock, unless the tables were filled meanwhile (``None``)."""
        with self._lock:
            if self._filled:
                return None
            try:
                return build(*args)
            finally:
                clear_interned()  # (the structurers share small records within a build)

    def _model_id(self, key: str) -> str | None:
        try:
            if self._index.find("m", key):
                return key
            found = self._index.find("k", normalize_key(key))
        except UnicodeEncodeError:  # a lone surrogate: no id or alias has one
            return None
        return found[0][0].decode("utf-8") if found else None

    def _records(self, name: str, cls: type[Any], entries: list[tuple[str, list[bytes]]]) -> list[Any]:
        """The records of ``name``.json with these ids, each ``[start, end, sha256]`` in the index."""
        from ._structurers import STRUCTURERS

        built = self._built[cls]
        wanted = [(record_id, fields) for record_id, fields in entries if record_id not in built]
        spans = [(int(fields[0]), int(fields[1])) for _, fields in wanted]
        try:
            texts = data_slices(name, spans)
        except OSError as exc:
            raise CatalogError(
                [f"cannot read the file: {exc.strerror or exc} @ $"], data_label(name)
            ) from None
        for (record_id, fields), text in zip(wanted, texts, strict=True):
            if self._sha256(text).hexdigest().encode("ascii") != fields[2]:
                raise differs(name, f"the record {record_id!r}", "data/index.json")
            record = STRUCTURERS[cls](json.loads(text))
            if record.id != record_id:
                raise differs(name, f"the record {record_id!r}", "data/index.json")
            built[record_id] = record
        return [built[record_id] for record_id, _ in entries]

    def _model(self, model_id: str) -> Model:
        """The model with this id, its openness and offers set as the loader sets them."""
        built = self._built[Model].get(model_id)
        if built is not None:
            return built  # type: ignore[no-any-return]
        index = self._index
        (found,) = self._records("models.json", Model, [(model_id, index.find("m", model_id)[0])])
        model: Model = found
        license_ids = [license_id for _, license_id in model.licenses.items()]
        licenses = self._records("licenses.json", License, [(i, index.find("l", i)[0]) for i in license_ids])
        category_ids = sorted({lic.category for lic in licenses})
        categories = self._records(
            "license_categories.json", LicenseCategory, [(i, index.find("c", i)[0]) for i in category_ids]
        )
        offer_entries = [(fields[0].decode("utf-8"), fields[1:]) for fields in index.find("o", model_id)]
        offers = self._records("offers.json", Offer, offer_entries)
        openness = openness_of(
            model.kind,
            model.access,
            model.licenses,
            model.components,
            dict(zip(license_ids, licenses, strict=True)),
            dict(zip(category_ids, categories, strict=True)),
        )
        # Not shared yet: the derived fields are set in place, as the loader does.
        object.__setattr__(model, "openness", openness)
        if offers:
            object.__setattr__(model, "offers", tuple(sorted(offers, key=offer_order)))
        return model

    def fill(self) -> None:
        """Load the whole catalog once (every file checked whole) and give each waiting table
        its state, keeping the models and offers already built so that identities hold."""
        if self._filled:
            return
        with self._lock:
            if self._filled:
                return
            from ._loader import build_catalog, packaged_document

            full = build_catalog(
                packaged_document(), source="the packaged catalog", trusted=True, origin="packaged"
            )
            keep = _kept(full, self._built)
            waiting = {id(getattr(full, name)): table for name, table in self._tables.items()}
            for name, table in self._tables.items():
                for slot, value in getattr(full, name).__getstate__().items():
                    object.__setattr__(table, slot, _swapped(slot, value, keep, waiting))
            for table in self._tables.values():
                object.__setattr__(table, "_pending", None)
            self._filled = True
            self._built = {cls: {} for cls in self._built}  # what was kept is in the tables now


def _extend(base: Catalog, source: str | os.PathLike[str] | Mapping[str, Any], override: bool) -> Catalog:
    """:meth:`Catalog.extended`, through the loader (imported when first needed)."""
    from ._loader import extend_catalog

    return extend_catalog(base, source, override)


def _kept(full: Catalog, built: Mapping[type[Any], Mapping[str, Any]]) -> dict[int, Any]:
    """The records built alone, by the id() of their twins in ``full``, where they equal them
    in every field (derived ones too); a model is kept with all its offers."""
    keep: dict[int, Any] = {}
    for model_id, model in built[Model].items():
        twin = full.models._by_id[model_id]
        if model == twin and model.openness == twin.openness and model.offers == twin.offers:
            keep[id(twin)] = model
            keep.update((id(o), mine) for o, mine in zip(twin.offers, model.offers, strict=True))
    tables: tuple[tuple[type[Any], Table[Any]], ...] = (
        (License, full.licenses),
        (LicenseCategory, full.license_categories),
        (Organization, full.organizations),
    )
    for cls, table in tables:
        for record_id, record in built[cls].items():
            other = table._by_id[record_id]
            if record == other:
                keep[id(other)] = record
    return keep


def _swapped(slot: str, value: Any, keep: Mapping[int, Any], waiting: Mapping[int, Table[Any]]) -> Any:
    """A slot's value from the full load, pointing at the waiting tables and the kept records."""
    if isinstance(value, Table):
        return waiting[id(value)]
    if slot == "_tables":
        return tuple(waiting[id(table)] for table in value)
    if slot == "_records":
        return tuple(keep.get(id(r), r) for r in value)
    if slot in ("_by_id", "_keys"):
        return {key: keep.get(id(r), r) for key, r in value.items()}
    return value
