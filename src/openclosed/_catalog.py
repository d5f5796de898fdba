"""The catalog: immutable tables of records, and the packaged catalog loaded on first use.

A :class:`Table` answers ``table["id, alias or name"]`` with normalised keys (case,
spaces, ``_``, ``.`` and ``-`` do not matter), ``get`` that never raises, iteration in id
order, ``len`` and ``in``. Tables are built once, at load, and never change.
"""

from __future__ import annotations

import json
import operator
import os
import threading
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar

from .errors import CatalogError, UnknownIdError

if TYPE_CHECKING:
    from ._offers import OfferTable
    from ._suggest import Suggester
    from .diff import CatalogDiff
    from .query import ModelTable
    from .records import License, LicenseCategory, Organization

__all__ = ["MAX_CATALOG_BYTES", "Catalog", "Table", "catalog", "load_catalog", "normalize_key"]


def normalize_key(key: str) -> str:
    """Fold a key for lookups: lowercase, without spaces, tabs, ``_``, ``.`` or ``-``.

    >>> normalize_key("Llama 2") == normalize_key("llama-2") == normalize_key("LLAMA_2")
    True
    """
    # A chain of replace() is several times faster than str.translate with a deletion
    # table, and this runs for every id, alias and name at load and on every alias lookup.
    return (
        key.casefold().replace("-", "").replace(".", "").replace("_", "").replace(" ", "").replace("\t", "")
    )


class _Record(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...


R = TypeVar("R", bound=_Record)
_NOT_TAGS = frozenset({"other", "unknown"})
_BY_ID = operator.attrgetter("id")


class Table(Generic[R]):
    """A read-only table of records of one kind, looked up by id, alias or name.

    Ids and aliases are unique (the loader checks it); a name is a key only when no
    other record uses it as id, alias or name.
    """

    __slots__ = ("_by_id", "_keys", "_records", "_suggester", "catalog_version", "kind")

    kind: str
    catalog_version: str
    _records: tuple[R, ...]
    _by_id: dict[str, R]
    _keys: dict[str, R]
    _suggester: Suggester | None

    def __init__(
        self,
        kind: str,
        records: Iterable[R],
        catalog_version: str,
        *,
        keys_to_ids: Mapping[str, str] | None = None,
    ) -> None:
        """``keys_to_ids`` maps the normalised ids and aliases to ids, when the loader already has it."""
        ordered = tuple(sorted(records, key=_BY_ID))
        by_id = {r.id: r for r in ordered}
        keys: dict[str, R] = {}
        if keys_to_ids is not None:
            keys = {key: by_id[record_id] for key, record_id in keys_to_ids.items()}
        else:
            for record in ordered:
                for key in (record.id, *getattr(record, "aliases", ())):
                    keys.setdefault(normalize_key(key), record)
        names: dict[str, R] = {}
        shared: set[str] = set()  # names of more than one record: not keys
        for record in ordered:
            name = normalize_key(record.name)
            if names.setdefault(name, record) is not record:
                shared.add(name)
        for key, record in names.items():
            if key not in shared:
                keys.setdefault(key, record)
        # Licences are also found by the tag Hugging Face model cards use (``llama2``), when
        # only one licence has it; ``other`` is Hugging Face's catch-all and names nothing.
        tags: dict[str, R | None] = {}
        for record in ordered:
            tag = getattr(record, "hf_id", None)
            if isinstance(tag, str) and tag.casefold() not in _NOT_TAGS:
                norm = normalize_key(tag)
                tags[norm] = record if norm not in tags else None
        for key, tagged in tags.items():
            if tagged is not None:
                keys.setdefault(key, tagged)
        for name, value in (
            ("kind", kind),
            ("catalog_version", catalog_version),
            ("_records", ordered),
            ("_by_id", by_id),
            ("_keys", keys),
            ("_suggester", None),  # built on the first miss
        ):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only; cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only; cannot delete {name!r}")

    def __getitem__(self, key: str) -> R:
        record = self.get(key)
        if record is None:
            raise UnknownIdError(self.kind, key, self.suggest(key), self.catalog_version)
        return record

    def get(self, key: object, default: R | None = None) -> R | None:
        """The record with this id, alias or name, or ``default``; never raises."""
        if type(key) is str:
            found = self._by_id.get(key)
            if found is not None:
                return found
            return self._keys.get(normalize_key(key), default)
        return default

    def suggest(self, key: object, n: int = 3) -> tuple[str, ...]:
        """Ids of the records whose keys are closest to ``key``."""
        if not isinstance(key, str):
            return ()
        suggester = self._suggester
        if suggester is None:  # built once: a miss then costs a bounded number of comparisons
            from ._suggest import Suggester

            suggester = Suggester(self._keys)
            object.__setattr__(self, "_suggester", suggester)  # a race only builds it twice
        hits = suggester.closest(normalize_key(key), n=n * 2)
        return tuple(dict.fromkeys(self._keys[h].id for h in hits))[:n]

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            return self.get(key) is not None
        record_id = getattr(key, "id", None)
        return isinstance(record_id, str) and self._by_id.get(record_id) == key

    def __iter__(self) -> Iterator[R]:
        return iter(self._records)

    def __len__(self) -> int:
        return len(self._records)

    def ids(self) -> tuple[str, ...]:
        """Every id, sorted."""
        return tuple(self._by_id)

    def to_dicts(self) -> list[dict[str, Any]]:
        """One flat, JSON-ready row per record, in id order (columns: :data:`openclosed.flat.COLUMNS`)."""
        from .flat import table_rows

        return table_rows(self.kind, self._records)

    def to_pandas(self) -> Any:
        """The rows of :meth:`to_dicts` as a :class:`pandas.DataFrame` (needs ``openclosed[pandas]``)."""
        from .flat import COLUMNS, to_pandas

        return to_pandas(self.to_dicts(), COLUMNS[self.kind])

    def to_polars(self) -> Any:
        """The rows of :meth:`to_dicts` as a :class:`polars.DataFrame` (needs ``openclosed[polars]``)."""
        from .flat import COLUMNS, to_polars

        return to_polars(self.to_dicts(), COLUMNS[self.kind])

    def _ipython_key_completions_(self) -> list[str]:
        """What IPython offers after ``table["``: every id and alias."""
        return [*self._by_id, *(a for r in self._records for a in getattr(r, "aliases", ()))]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Table):
            return NotImplemented
        return (type(self), self.kind, self.catalog_version, self._records) == (
            type(other),
            other.kind,
            other.catalog_version,
            other._records,
        )

    def __hash__(self) -> int:
        return hash((self.kind, self.catalog_version, len(self._records)))

    #: Slots that hold caches or locks: rebuilt after unpickling, never pickled.
    _TRANSIENT: ClassVar[tuple[str, ...]] = ("_suggester",)

    def __getstate__(self) -> dict[str, Any]:
        return {
            name: getattr(self, name)
            for cls in type(self).__mro__
            for name in getattr(cls, "__slots__", ())
            if name not in self._TRANSIENT and hasattr(self, name)
        }

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        self._reset()

    def _reset(self) -> None:
        """Set the transient slots (caches, locks) to their initial values."""
        object.__setattr__(self, "_suggester", None)  # built on the first miss

    def __repr__(self) -> str:
        label = self.kind.title().replace(" ", "")
        label = label[:-1] + "ies" if label.endswith("y") else label + "s"
        return f"<{label}: {len(self)} records, catalog {self.catalog_version}>"


class Catalog:
    """One consistent, immutable set of models, organizations, licenses and categories."""

    __slots__ = (
        "_digest",
        "license_categories",
        "licenses",
        "models",
        "offers",
        "organizations",
        "origin",
        "version",
    )

    version: str
    #: Where the catalog comes from: ``"packaged"`` (the data released with this version,
    #: checked against its digests), ``"modified"`` (packaged data files that differ from
    #: the release, loaded on purpose), ``"loaded"`` (:func:`load_catalog`) or
    #: ``"extended"`` (:meth:`extended`). Not part of equality: the facts are.
    origin: str
    _digest: str | None
    models: ModelTable
    organizations: Table[Organization]
    licenses: Table[License]
    license_categories: Table[LicenseCategory]
    offers: OfferTable

    def __init__(
        self,
        *,
        version: str,
        models: ModelTable,
        organizations: Table[Organization],
        licenses: Table[License],
        license_categories: Table[LicenseCategory],
        offers: OfferTable,
        origin: str = "loaded",
    ) -> None:
        for name, value in (
            ("version", version),
            ("origin", origin),
            ("models", models),
            ("organizations", organizations),
            ("licenses", licenses),
            ("license_categories", license_categories),
            ("offers", offers),
        ):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_digest", None)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Catalog is immutable; cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Catalog is immutable; cannot delete {name!r}")

    @property
    def digest(self) -> str:
        """SHA-256 of :meth:`canonical_json`, as 64 hex digits.

        It changes whenever any fact changes, so asserting it in your own CI proves that a
        pinned version really froze the facts. For the shipped catalog it equals the hash of
        the data files' contents, merged into one document and dumped with sorted keys and
        no spaces.
        """
        digest = self._digest
        if digest is None:
            import hashlib

            digest = hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()
            object.__setattr__(self, "_digest", digest)
        return digest

    @property
    def local_version(self) -> str:
        """The version, and for any catalog but the released one a local part with its digest.

        ``26.5.0`` for the packaged catalog as released; ``26.5.0+local.1a2b3c4d`` (the first
        eight hex digits of :attr:`digest`, in the form of a PEP 440 local version) for a
        catalog loaded, extended or modified by a user, so that whatever stores it
        (a recommendation, ``openclosed --version``) says the facts are not the release's.
        """
        if self.origin == "packaged":
            return self.version
        return f"{self.version}+local.{self.digest[:8]}"

    def to_document(self) -> dict[str, Any]:
        """The catalog as plain JSON-ready data; :func:`openclosed.load_catalog` reads it back."""
        from ._loader import to_document

        return to_document(self)

    def canonical_json(self) -> str:
        """The document as compact JSON with sorted keys: the input of :attr:`digest`."""
        return json.dumps(
            self.to_document(), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
        )

    def to_json(self, *, indent: int | None = 2) -> str:
        """The whole catalog as JSON, in the format :func:`openclosed.load_catalog` reads."""
        return json.dumps(
            self.to_document(), indent=indent, sort_keys=True, ensure_ascii=False, allow_nan=False
        )

    def to_csv(self) -> str:
        """Every model as one CSV row (the columns of ``Results.to_dicts``; lists joined by ``;``)."""
        return self.models.all().to_csv()

    def extended(
        self, source: str | os.PathLike[str] | Mapping[str, Any], *, override: bool = False
    ) -> Catalog:
        """A new catalog with the records of ``source`` (a JSON file or a mapping) added.

        ``source`` holds any of the sections ``license_categories``, ``licenses``,
        ``organizations`` and ``models``; its records may refer to this catalog's. An id
        that is already here is an error unless ``override=True``, which replaces the
        record. Validation is the same as for the shipped data, and error paths point into
        ``source``. This catalog is left unchanged.
        """
        from ._loader import build_catalog, extend_document

        user, label = _read_source(source)
        document = extend_document(self.to_document(), user, override, label)
        return build_catalog(document, source=label, origin="extended")

    def diff(self, other: Catalog) -> CatalogDiff:
        """What ``other`` adds, removes and changes compared with this catalog, field by field.

        This catalog is the old side: ``pinned.diff(oc.catalog())``. See :mod:`openclosed.diff`.
        """
        from .diff import diff_catalogs

        return diff_catalogs(self, other)

    def record_hashes(self) -> dict[str, str]:
        """``"section/id" -> sha256`` of each record, as ``data/hashes.json`` ships them."""
        from .diff import record_hashes

        return record_hashes(self.to_document())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Catalog):
            return NotImplemented
        return self.version == other.version and all(
            tuple(getattr(self, name)) == tuple(getattr(other, name))
            for name in ("models", "organizations", "licenses", "license_categories", "offers")
        )

    def __hash__(self) -> int:
        return hash(self.digest)

    def __getstate__(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)

    def __repr__(self) -> str:
        return (
            f"<Catalog {self.version}: {len(self.models)} models, {len(self.organizations)} organizations, "
            f"{len(self.licenses)} licenses, {len(self.offers)} offers>"
        )


_lock = threading.Lock()
_packaged: Catalog | None = None


def catalog() -> Catalog:
    """The catalog shipped with this version of openclosed, loaded on first call.

    Each data file is checked against the SHA-256 recorded at release; one that differs
    raises :class:`~openclosed.errors.CatalogError` naming it, unless the environment sets
    ``OPENCLOSED_TRUST_MODIFIED_DATA=1`` (the catalog's :attr:`~Catalog.origin` is then
    ``"modified"``). Loading is thread-safe and happens once; a failure publishes nothing, so the next
    call tries again and raises the same :class:`~openclosed.errors.CatalogError`.
    """
    global _packaged
    loaded = _packaged
    if loaded is None:
        with _lock:
            loaded = _packaged
            if loaded is None:
                from ._loader import (
                    build_catalog,
                    modified_data_files,
                    packaged_document,
                    trust_modified_data,
                )

                document = packaged_document()  # refuses files that differ from the release's
                modified = trust_modified_data() and bool(modified_data_files())
                loaded = build_catalog(
                    document,
                    source="the packaged catalog",
                    trusted=not modified,
                    origin="modified" if modified else "packaged",
                )
                _packaged = loaded
    return loaded


#: Catalog files larger than this are refused before they are parsed; no more than one
#: byte beyond it is ever read.
MAX_CATALOG_BYTES = 64 * 1024 * 1024


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON number")


def _read_source(source: str | os.PathLike[str] | Mapping[str, Any]) -> tuple[object, str]:
    """Parse a catalog file (or take a mapping as it is); errors become :class:`CatalogError`.

    At most ``MAX_CATALOG_BYTES + 1`` bytes are read, whatever the file is: ``stat`` says
    nothing true about a device or a pipe, so the cap is applied to the bytes themselves.
    """
    if isinstance(source, Mapping):
        return dict(source), "the catalog mapping"
    if not isinstance(source, (str, os.PathLike)):
        raise CatalogError([f"expected a path or a mapping, got {type(source).__name__} @ $"], "catalog")
    try:
        path = os.fspath(source)
    except TypeError:
        raise CatalogError(["expected a path or a mapping @ $"], "catalog") from None
    label = f"catalog file {path!r}"
    limit = MAX_CATALOG_BYTES
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        reason = getattr(exc, "strerror", None) or exc
        raise CatalogError([f"cannot read the file: {reason} @ $"], label) from None
    if len(data) > limit:
        raise CatalogError([f"the file has more than {limit} bytes; the limit is {limit} @ $"], label)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise CatalogError(["the file is not UTF-8 text @ $"], label) from None
    del data
    from ._loader import paused_gc

    try:
        with paused_gc():
            return json.loads(text, parse_constant=_refuse_constant), label
    except json.JSONDecodeError as exc:
        raise CatalogError(
            [f"not valid JSON (line {exc.lineno} column {exc.colno}: {exc.msg}) @ $"], label
        ) from None
    except RecursionError:
        raise CatalogError(["not valid JSON (nested too deeply) @ $"], label) from None
    except ValueError as exc:  # an integer beyond Python's digit limit, NaN or Infinity
        reason = "an integer has too many digits" if "integer string" in str(exc) else str(exc)
        raise CatalogError([f"not valid JSON ({reason}) @ $"], label) from None


def load_catalog(source: str | os.PathLike[str] | Mapping[str, Any]) -> Catalog:
    """Load a catalog of your own from a JSON file or an already parsed mapping.

    The data goes through exactly the validation of the shipped catalog; every problem
    is reported at once, with its JSON path, in a :class:`~openclosed.errors.CatalogError`.
    Files above :data:`MAX_CATALOG_BYTES` are refused before they are parsed.
    """
    from ._loader import build_catalog

    document, label = _read_source(source)
    return build_catalog(document, source=label)
