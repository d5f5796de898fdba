"""Tables: immutable sets of records of one kind, looked up by id, alias or name.

A :class:`Table` answers ``table["id, alias or name"]`` with normalised keys (case,
spaces, ``_``, ``.`` and ``-`` do not matter), ``get`` that never raises, iteration in id
order, ``len`` and ``in``. Tables are built once, at load, and never change.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar

from ._text import normalize_key
from .errors import UnknownIdError

if TYPE_CHECKING:
    from ._suggest import Suggester

__all__ = ["Table", "normalize_key"]


class Filler(Protocol):
    """What a table of the shipped catalog waits on until its records are needed (:mod:`._shipped`)."""

    def lookup(self, table: Table[Any], key: str) -> Any:
        """The record ``key`` finds, built on its own; ``None`` once every table is filled instead."""

    def fill(self) -> None:
        """Fill every table of the catalog, once."""


class _Record(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...


R = TypeVar("R", bound=_Record)


def _slots(cls: type) -> frozenset[str]:
    """Every slot ``cls`` and its bases declare: the attributes a waiting table fills."""
    return frozenset(name for klass in cls.__mro__ for name in getattr(klass, "__slots__", ()))


_NOT_TAGS = frozenset({"other", "unknown"})
_BY_ID = operator.attrgetter("id")


class Table(Generic[R]):
    """A read-only table of records of one kind, looked up by id, alias or name.

    Ids and aliases are unique (the loader checks it); a name is a key only when no
    other record uses it as id, alias or name.
    """

    __slots__ = ("_by_id", "_keys", "_pending", "_records", "_suggester", "catalog_version", "kind")

    kind: str
    catalog_version: str
    _records: tuple[R, ...]
    _by_id: dict[str, R]
    _keys: dict[str, R]
    _suggester: Suggester | None
    #: Set while the records are still in the shipped files: see :meth:`waiting`.
    _pending: Filler | None

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
            ("_pending", None),
        ):
            object.__setattr__(self, name, value)

    @classmethod
    def waiting(cls, kind: str, catalog_version: str, filler: Filler) -> Table[Any]:
        """A table whose records ``filler`` provides when they are first needed.

        Its other slots stay unset until then: reading one fills every table of the catalog
        (:meth:`__getattr__`), while :meth:`get` may ask ``filler`` for one record alone.
        """
        table = cls.__new__(cls)
        object.__setattr__(table, "kind", kind)
        object.__setattr__(table, "catalog_version", catalog_version)
        table._reset()
        object.__setattr__(table, "_pending", filler)
        return table

    if not TYPE_CHECKING:  # (so that the type checker still flags a misspelt attribute)

        def __getattr__(self, name: str) -> Any:
            # Reached only for an attribute not found: on a waiting table, a slot not filled yet.
            pending = object.__getattribute__(self, "_pending")
            if pending is None or name not in _slots(type(self)):
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
            pending.fill()
            return object.__getattribute__(self, name)

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
            pending = self._pending
            if pending is not None:  # a shipped table not filled yet: perhaps one record is enough
                found = pending.lookup(self, key)
                if found is not None:
                    return found  # type: ignore[no-any-return]
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
    _TRANSIENT: ClassVar[tuple[str, ...]] = ("_suggester", "_pending")

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
        object.__setattr__(self, "_pending", None)

    def __repr__(self) -> str:
        label = self.kind.title().replace(" ", "")
        label = label[:-1] + "ies" if label.endswith("y") else label + "s"
        return f"<{label}: {len(self)} records, catalog {self.catalog_version}>"
