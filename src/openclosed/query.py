"""Filtering and searching models: indexes built on the first filter, immutable results.

``openclosed.models.filter(side="open", task="text-generation", vendor="meta")`` looks
each keyword up in an index built once, on the first filter (value -> set of
positions), intersects the sets, smallest first, and returns :class:`Results` in id
order. Ranges (release date, parameters) are answered by bisecting pre-sorted arrays.
Every value is checked: an unknown task, vendor, level or field raises
:class:`~openclosed.errors.InvalidQueryError` with the closest valid choices, never an
empty result that hides a typo.
"""

from __future__ import annotations

import datetime
import enum
import re
import threading
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar, overload

from ._table import Table
from ._text import enum_values, normalize_key, parse_member, text_table
from .enums import CommercialUse, Kind, Level, Modality, Side, Status, Task
from .errors import InvalidQueryError, UnknownIdError, brief, closest
from .flat import MODEL_COLUMNS, model_row
from .records import territories_covering

if TYPE_CHECKING:
    from ._suggest import GramIndex
    from .records import License, LicenseCategory, Model, Organization

__all__ = ["FILTERS", "SORT_KEYS", "ModelTable", "Results"]

_E = TypeVar("_E", bound=enum.Enum)

#: The keyword filters :meth:`ModelTable.filter` and :meth:`Results.filter` accept.
FILTERS = (
    "openness",
    "side",
    "task",
    "vendor",
    "license",
    "license_category",
    "commercial_use",
    "modality",
    "kind",
    "status",
    "released_after",
    "released_before",
    "min_parameters",
    "max_parameters",
    "country",
    "user_cap",
    "min_user_cap",
    "revenue_threshold",
    "outputs_may_train",
    "notice_required",
    "osi_approved",
    "excluded_territory",
    "licensed_in",
)

#: Filters on the terms of a model's weights licence; models without one are left out.
LICENSE_TERM_FILTERS = FILTERS[-8:]

#: The columns of a model row, in order (kept here for callers from before :mod:`openclosed.flat`).
ROW_FIELDS = MODEL_COLUMNS

#: Statuses a filter keeps unless ``status=`` says otherwise.
DEFAULT_STATUSES = (Status.ACTIVE, Status.DEPRECATED)

#: Statuses of models no longer offered: suggestions list them after the ones still offered.
_GONE = frozenset({Status.RETIRED, Status.RENAMED})
_SEARCH_CUTOFF = 0.6
_COMMERCIAL_RANK = MappingProxyType({CommercialUse.NO: 0, CommercialUse.CONDITIONAL: 1, CommercialUse.YES: 2})
_LEVEL_ORDER = MappingProxyType({level: rank for rank, level in enumerate(Level)})


#: Fields :meth:`Results.sort` accepts, with the key each sorts by (``None``: unknown, sorted last).
SORT_KEYS: Mapping[str, Callable[[Model], Any]] = MappingProxyType(
    {
        "id": lambda m: m.id,
        "name": lambda m: m.name.casefold(),
        "organization": lambda m: m.organization,
        "released": lambda m: m.released,
        "parameters": lambda m: m.parameters,
        "context_window": lambda m: m.context_window,
        "level": lambda m: None if m.level is None else _LEVEL_ORDER[m.level],
        "score": lambda m: None if m.openness is None else m.openness.score,
        "status": lambda m: m.status.value,
    }
)


def _leading_letters(norm: str) -> str:
    """The letters before the first digit of a normalised key: the name of its line."""
    for index, char in enumerate(norm):
        if char.isdigit():
            return norm[:index]
    return norm


#: The first number of an id, when it is a version: not a size ("7b", "350m", "2.4t") and not
#: a date stamp ("2411", "20241022"), which say nothing about the line's order.
_LINE_VERSION = re.compile(r"(\d{1,3}(?:\.\d{1,3})*)(?![\d.]*\d)(?![bmkt](?![a-z]))")


def _line_version(model_id: str) -> tuple[int, ...]:
    """The version a model's id gives it within its line (``gpt-6.2-astra``: (6, 2)), or ``()``:
    "GPT 7" should list GPT-6.2 before GPT-6.1 even where the catalog lacks their dates."""
    digits = next((i for i, char in enumerate(model_id) if char.isdigit()), None)
    if digits is None:
        return ()
    found = _LINE_VERSION.match(model_id, digits)
    return () if found is None else tuple(int(part) for part in found.group(1).split("."))


def _as_values(value: object) -> tuple[object, ...]:
    """One value or several (OR within a field)."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return tuple(value)
    return (value,)


def parse_enum(cls: type[_E], value: object, field: str) -> _E:
    """An enum member from itself, its value or its name, any case or separators
    (:func:`openclosed._text.parse_member`); else :class:`InvalidQueryError` naming ``field``."""
    member = parse_member(cls, value)
    if member is not None:
        return member
    choices = enum_values(cls)
    raise InvalidQueryError(
        field, value, closest(value, choices, n=1) if isinstance(value, str) else (), choices=choices
    )


def _parse_date(value: object, field: str) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidQueryError(
        field, value, detail=f"{field} must be a date or an ISO string 'YYYY-MM-DD', got {brief(value)}"
    )


def _parse_count(value: object, field: str) -> int | float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise InvalidQueryError(field, value, detail=f"{field} must be a number, got {brief(value)}")
    return value


def _record_key(value: object) -> object:
    """A record given as a filter value stands for its id: ``filter(vendor=organizations["meta"])``."""
    record_id = getattr(value, "id", None)
    return record_id if isinstance(record_id, str) and not isinstance(value, str) else value


class _Index:
    """Positions of the models (in id order) for each value of each filterable field."""

    def __init__(
        self,
        models: Sequence[Model],
        organizations: Table[Organization],
        licenses: Table[License],
        categories: Table[LicenseCategory],
    ) -> None:
        self.organizations = organizations
        self.licenses = licenses
        self.categories = categories
        fields: dict[str, dict[object, list[int]]] = {name: {} for name in (*FILTERS[:10], "country")}
        by_country = fields["country"]
        by_weights: dict[str, list[int]] = {}
        country_of = {org.id: org.country for org in organizations}
        by_level, by_side, by_task, by_vendor = (fields[n] for n in ("openness", "side", "task", "vendor"))
        by_license, by_category, by_commercial = (
            fields[n] for n in ("license", "license_category", "commercial_use")
        )
        by_modality, by_kind, by_status = (fields[n] for n in ("modality", "kind", "status"))
        category_of = {lic.id: lic.category for lic in licenses}
        commercial_of = {lic.id: lic.commercial_use for lic in licenses}
        rank = _COMMERCIAL_RANK.__getitem__
        dated: list[tuple[datetime.date, int]] = []
        sized: list[tuple[int, int]] = []
        # Inlined setdefault calls: this loop is most of the index cost. Enum members
        # hash through a Python-level method, so the indexes key on their string values.
        for pos, m in enumerate(models):
            openness = m.openness
            assert openness is not None
            by_level.setdefault(openness.level._value_, []).append(pos)
            by_side.setdefault(openness.side._value_, []).append(pos)
            by_kind.setdefault(m.kind._value_, []).append(pos)
            by_status.setdefault(m.status._value_, []).append(pos)
            for task in m.tasks:
                by_task.setdefault(task._value_, []).append(pos)
            by_vendor.setdefault(m.organization, []).append(pos)
            for collaborator in m.collaborators:
                by_vendor.setdefault(collaborator, []).append(pos)
            for modality in {x._value_ for x in m.inputs + m.outputs}:
                by_modality.setdefault(modality, []).append(pos)
            country = country_of.get(m.organization)
            if country is not None:
                by_country.setdefault(country, []).append(pos)
            lic = m.licenses
            if lic.weights is not None:
                by_weights.setdefault(lic.weights, []).append(pos)
            ids = [x for x in (lic.weights, lic.code, lic.data, lic.service) if x is not None]
            for license_id in ids:
                by_license.setdefault(license_id, []).append(pos)
            for category in {category_of[x] for x in ids}:
                by_category.setdefault(category, []).append(pos)
            routes = [commercial_of[x] for x in (lic.weights, lic.service) if x is not None]
            if routes:  # the most permissive answer among the routes to the model
                by_commercial.setdefault(max(routes, key=rank)._value_, []).append(pos)
            if m.released is not None:
                dated.append((m.released, pos))
            if m.parameters is not None:
                sized.append((m.parameters, pos))
        self.fields: dict[str, dict[object, frozenset[int]]] = {
            name: {v: frozenset(s) for v, s in index.items()} for name, index in fields.items()
        }
        #: Positions of the models under each weights licence, for the licence-term filters.
        self.weights = {license_id: frozenset(s) for license_id, s in by_weights.items()}
        self.countries = sorted({org.country for org in organizations if org.country is not None})
        dated.sort()
        sized.sort()
        self.dates = [d for d, _ in dated]
        self.dated_positions = [p for _, p in dated]
        self.sizes = [s for s, _ in sized]
        self.sized_positions = [p for _, p in sized]
        self.default = frozenset().union(*(self.fields["status"].get(s.value, ()) for s in DEFAULT_STATUSES))
        self._single: dict[tuple[str, object], tuple[int, ...]] = {}
        # vendor ids include subsidiaries: "google" also finds Google DeepMind's models
        self.children: dict[str, list[str]] = {}
        for org in organizations:
            if org.parent is not None:
                self.children.setdefault(org.parent, []).append(org.id)

    def vendor_ids(self, value: object) -> tuple[str, ...]:
        value = _record_key(value)
        if not isinstance(value, str):
            raise InvalidQueryError("vendor", value, detail=f"vendor must be a string, got {brief(value)}")
        org = self.organizations.get(value)
        if org is None:
            raise InvalidQueryError("vendor", value, self.organizations.suggest(value))
        found, todo = {org.id: None}, [org.id]
        while todo:  # `found` also guards against a parent cycle in a table built by hand
            for child in self.children.get(todo.pop(), ()):
                if child not in found:
                    found[child] = None
                    todo.append(child)
        return tuple(found)

    def record_id(self, table: Table[Any], field: str, value: object) -> str:
        value = _record_key(value)
        record = table.get(value)
        if record is None:
            raise InvalidQueryError(field, value, table.suggest(value))
        return str(record.id)

    def keys_for(self, field: str, value: object) -> tuple[object, ...]:
        """Index keys that one filter value stands for."""
        enum_fields: dict[str, type[enum.Enum]] = {
            "openness": Level,
            "side": Side,
            "task": Task,
            "modality": Modality,
            "kind": Kind,
            "status": Status,
        }
        if field in enum_fields:
            return (parse_enum(enum_fields[field], value, field).value,)
        if field == "commercial_use":
            if value is True:
                return (CommercialUse.YES.value, CommercialUse.CONDITIONAL.value)
            if value is False:
                return (CommercialUse.NO.value,)
            return (parse_enum(CommercialUse, value, field).value,)
        if field == "vendor":
            return self.vendor_ids(value)
        if field == "license":
            return (self.record_id(self.licenses, field, value),)
        if field == "license_category":
            return (self.record_id(self.categories, field, value),)
        if field == "country":
            code = value.strip().upper() if isinstance(value, str) else value
            if code not in self.countries:
                raise InvalidQueryError(
                    field,
                    value,
                    closest(str(code), self.countries, n=1),
                    detail=f"no organization in the catalog is based in {value!r}; "
                    "write an ISO 3166-1 alpha-2 code such as 'FR'",
                    choices=self.countries,
                )
            return (code,)
        raise AssertionError(field)  # pragma: no cover - FILTERS and this method agree

    def single(self, field: str, value: object) -> tuple[int, ...] | None:
        """Sorted positions for one indexed value under the default statuses, cached.

        The commonest query (one field, one value) then costs a dictionary lookup. ``None``
        when the field is not a plain indexed one or several values were given.
        """
        if field not in self.fields or isinstance(value, (list, tuple, set, frozenset)):
            return None
        keys = self.keys_for(field, value)
        if len(keys) != 1:
            return None
        cached = self._single.get((field, keys[0]))
        if cached is None:
            cached = tuple(sorted(self.fields[field].get(keys[0], frozenset()) & self.default))
            self._single[(field, keys[0])] = cached  # idempotent: a race only computes it twice
        return cached

    def positions(self, criteria: Mapping[str, object]) -> frozenset[int] | None:
        """Positions matching every criterion; ``None`` when no criterion was given."""
        sets: list[frozenset[int]] = []
        for field, value in criteria.items():
            if value is None:
                continue
            if field in ("released_after", "released_before"):
                day = _parse_date(value, field)
                if field == "released_after":
                    sets.append(frozenset(self.dated_positions[bisect_left(self.dates, day) :]))
                else:
                    sets.append(frozenset(self.dated_positions[: bisect_right(self.dates, day)]))
            elif field in ("min_parameters", "max_parameters"):
                count = _parse_count(value, field)
                if field == "min_parameters":
                    sets.append(frozenset(self.sized_positions[bisect_left(self.sizes, count) :]))
                else:
                    sets.append(frozenset(self.sized_positions[: bisect_right(self.sizes, count)]))
            elif field in LICENSE_TERM_FILTERS:
                test = _license_test(field, value)
                sets.append(
                    frozenset().union(
                        *(found for key, found in self.weights.items() if test(self.licenses[key]))
                    )
                )
            else:
                index = self.fields[field]
                values = _as_values(value)
                if not values:
                    raise InvalidQueryError(field, value, detail=f"{field} was given no values")
                keys = [key for v in values for key in self.keys_for(field, v)]
                if len(keys) == 1:
                    sets.append(index.get(keys[0], frozenset()))
                else:
                    sets.append(frozenset().union(*(index.get(k, frozenset()) for k in keys)))
        if not sets:
            return None
        sets.sort(key=len)
        result = sets[0]
        for other in sets[1:]:
            if not result:
                break
            result = result & other
        return result


def _territories(value: object, field: str) -> frozenset[str]:
    """The codes a licence's excluded territories may hold to exclude some of ``value``."""
    code = value.strip().upper() if isinstance(value, str) else None
    if code is not None and (code in ("EU", "EEA") or (len(code) == 2 and code.isascii() and code.isalpha())):
        return territories_covering(code)
    raise InvalidQueryError(
        field,
        value,
        detail=f"{field} must be an ISO 3166-1 alpha-2 code such as 'FR', or 'EU' or 'EEA'; got {value!r}",
    )


def _flag(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidQueryError(field, value, detail=f"{field} must be True or False, got {value!r}")
    return value


def _license_test(field: str, value: object) -> Callable[[License], bool]:
    """Whether a weights licence passes one licence-term filter."""
    if field in ("excluded_territory", "licensed_in"):
        values = _as_values(value)
        if not values:
            raise InvalidQueryError(field, value, detail=f"{field} was given no values")
        covered = frozenset().union(*(_territories(v, field) for v in values))
        if field == "excluded_territory":
            return lambda lic: not covered.isdisjoint(lic.restrictions.excluded_territories)
        return lambda lic: covered.isdisjoint(lic.restrictions.excluded_territories)
    if field == "min_user_cap":
        users = _parse_count(value, field)
        return lambda lic: lic.restrictions.user_cap is None or lic.restrictions.user_cap >= users
    wanted = _flag(value, field)
    if field == "user_cap":
        return lambda lic: (lic.restrictions.user_cap is not None) is wanted
    if field == "revenue_threshold":
        return lambda lic: (lic.restrictions.revenue_threshold is not None) is wanted
    if field == "outputs_may_train":
        return lambda lic: (not lic.restrictions.output_use_ban) is wanted
    if field == "notice_required":
        return lambda lic: lic.restrictions.naming_or_attribution is wanted
    if field == "osi_approved":
        return lambda lic: lic.osi_approved is wanted
    raise AssertionError(field)  # pragma: no cover - LICENSE_TERM_FILTERS and this function agree


def _check_filter_names(unexpected: Mapping[str, object]) -> None:
    for name, value in unexpected.items():
        raise InvalidQueryError(
            "filter",
            name,
            closest(name, FILTERS, n=1),
            detail=f"unknown filter {name!r} (with value {brief(value)})",
            choices=FILTERS,
        )


class Results(Sequence["Model"]):
    """An immutable, ordered selection of models: iterate, index, ``len``, chain ``filter``.

    Filters return models in id order; :meth:`sort` and searches give other orders.
    """

    __slots__ = ("_index", "_models", "_positions", "catalog_version")

    _models: Sequence[Model]
    _index: _Index
    _positions: tuple[int, ...]
    catalog_version: str

    def __init__(
        self, models: Sequence[Model], index: _Index, positions: Sequence[int], catalog_version: str
    ) -> None:
        object.__setattr__(self, "_models", models)
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_positions", tuple(positions))
        object.__setattr__(self, "catalog_version", catalog_version)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Results are immutable; cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Results are immutable; cannot delete {name!r}")

    @overload
    def __getitem__(self, item: int) -> Model: ...

    @overload
    def __getitem__(self, item: slice) -> Results: ...

    def __getitem__(self, item: int | slice) -> Model | Results:
        if isinstance(item, slice):
            return Results(self._models, self._index, self._positions[item], self.catalog_version)
        return self._models[self._positions[item]]

    def __len__(self) -> int:
        return len(self._positions)

    def __iter__(self) -> Iterator[Model]:
        models = self._models
        return (models[p] for p in self._positions)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Results):
            return list(self) == list(other)
        if isinstance(other, (tuple, list)):
            return list(self) == list(other)
        return NotImplemented

    def __hash__(self) -> int:
        # Equal results hold equal models (and equal a tuple of them), whatever their catalog
        # or positions: the hash is the one of that tuple.
        return hash(tuple(self))

    def ids(self) -> tuple[str, ...]:
        """The ids of the models, in order."""
        models = self._models
        return tuple(models[p].id for p in self._positions)

    def filter(
        self,
        *,
        openness: object = None,
        side: object = None,
        task: object = None,
        vendor: object = None,
        license: object = None,
        license_category: object = None,
        commercial_use: object = None,
        modality: object = None,
        kind: object = None,
        status: object = None,
        released_after: object = None,
        released_before: object = None,
        min_parameters: object = None,
        max_parameters: object = None,
        country: object = None,
        user_cap: object = None,
        min_user_cap: object = None,
        revenue_threshold: object = None,
        outputs_may_train: object = None,
        notice_required: object = None,
        osi_approved: object = None,
        excluded_territory: object = None,
        licensed_in: object = None,
        **unexpected: object,
    ) -> Results:
        """Narrow these results further; the same filters as :meth:`ModelTable.filter`.

        Keeps the current order and never adds models back (no default status filter).
        """
        _check_filter_names(unexpected)
        criteria = {name: value for name, value in locals().items() if name in FILTERS}
        keep = self._index.positions(criteria)
        if keep is None:
            return self
        return Results(
            self._models, self._index, [p for p in self._positions if p in keep], self.catalog_version
        )

    def sort(self, by: str = "id", *, reverse: bool = False) -> Results:
        """A copy ordered by ``by`` (one of :data:`SORT_KEYS`); unknown values last, ties by id."""
        key = SORT_KEYS.get(by) if isinstance(by, str) else None
        if key is None:
            hints = closest(by, SORT_KEYS, n=1) if isinstance(by, str) else ()
            raise InvalidQueryError("sort field", by, hints, choices=tuple(SORT_KEYS))
        models = self._models
        by_id = sorted(self._positions, key=lambda p: models[p].id)
        known = [p for p in by_id if key(models[p]) is not None]
        unknown = [p for p in by_id if key(models[p]) is None]
        ordered = sorted(known, key=lambda p: key(models[p]), reverse=reverse) + unknown
        return Results(models, self._index, ordered, self.catalog_version)

    def to_dicts(self) -> list[dict[str, Any]]:
        """One flat dict per model (:data:`~openclosed.flat.MODEL_COLUMNS`), for data frames, csv or jq."""
        index = self._index
        return [model_row(m, organizations=index.organizations, licenses=index.licenses) for m in self]

    def to_pandas(self) -> Any:
        """The rows of :meth:`to_dicts` as a :class:`pandas.DataFrame` (needs ``openclosed[pandas]``).

        ``pandas.DataFrame(results)`` cannot work: pandas reads a sequence of objects as an array.
        """
        from .flat import to_pandas

        return to_pandas(self.to_dicts(), ROW_FIELDS)

    def to_polars(self) -> Any:
        """The rows of :meth:`to_dicts` as a :class:`polars.DataFrame` (needs ``openclosed[polars]``)."""
        from .flat import to_polars

        return to_polars(self.to_dicts(), ROW_FIELDS)

    def __getstate__(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)

    def to_csv(self) -> str:
        """The rows of :meth:`to_dicts` as CSV text, list values joined by ``;``."""
        from .flat import csv_text

        return csv_text(self.to_dicts(), ROW_FIELDS)

    def __repr__(self) -> str:
        return f"<Models: {len(self)} of {len(self._models)}, catalog {self.catalog_version}>"

    def __str__(self) -> str:
        return format_table(list(self))

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """IPython: the first rows as a table, with a count of the rest."""
        from .display import pretty, table_text

        pretty(table_text(self), printer, cycle)

    def _repr_html_(self) -> str:
        """Jupyter: the first rows as an HTML table, with a count of the rest."""
        from .display import table_html

        return table_html(self)


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def format_table(models: Sequence[Model], width: int = 80, ellipsis: str = "…") -> str:
    """An aligned text table of models that fits ``width`` columns; cut cells end in ``ellipsis``."""
    if not models:
        return "(no models)"
    columns = ("id", "organization", "level", "released")
    rows = [[_cell(model_row(m)[c]) for c in columns] for m in models]
    # only the id column is unbounded, so only it gives way
    return "\n".join(text_table(columns, rows, width=width, shrink=(0,), ellipsis=ellipsis))


def _shared_prefix(one: str, other: str) -> int:
    """How many leading characters two normalised keys share (``gpt56sol``, ``gpt56``: 5)."""
    shared = 0
    for a, b in zip(one, other, strict=False):
        if a != b:
            break
        shared += 1
    return shared


class ModelTable(Table["Model"]):
    """The models of a catalog: lookups as any :class:`Table`, plus :meth:`filter` and :meth:`search`."""

    __slots__ = (
        "_built_index",
        "_index_lock",
        "_lines",
        "_search_grams",
        "_search_joined",
        "_search_keys",
        "_tables",
    )

    _built_index: _Index | None
    _index_lock: threading.Lock
    _tables: tuple[Table[Organization], Table[License], Table[LicenseCategory]]
    _search_keys: tuple[tuple[str, int], ...] | None
    _search_grams: GramIndex | None
    _search_joined: tuple[str, list[int]] | None
    _lines: dict[str, list[int]] | None

    def __init__(
        self,
        models: Iterable[Model],
        catalog_version: str,
        *,
        organizations: Table[Organization],
        licenses: Table[License],
        categories: Table[LicenseCategory],
        keys_to_ids: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__("model", models, catalog_version, keys_to_ids=keys_to_ids)
        object.__setattr__(self, "_tables", (organizations, licenses, categories))
        self._reset()  # the filter index is built on the first filter, the search keys on the first search

    _TRANSIENT = (
        *Table._TRANSIENT,
        "_built_index",
        "_index_lock",
        "_lines",
        "_search_grams",
        "_search_joined",
        "_search_keys",
    )

    def _reset(self) -> None:
        super()._reset()
        object.__setattr__(self, "_built_index", None)
        object.__setattr__(self, "_index_lock", threading.Lock())
        object.__setattr__(self, "_search_keys", None)  # built on the first search
        object.__setattr__(self, "_search_joined", None)  # built on the first search
        object.__setattr__(self, "_search_grams", None)  # built on the first search of a large table
        object.__setattr__(self, "_lines", None)  # built on the first lookup of a line

    def to_dicts(self) -> list[dict[str, Any]]:
        """One flat row per model, every status included (the rows of ``all().to_dicts()``)."""
        organizations, licenses, _ = self._tables
        return [model_row(m, organizations=organizations, licenses=licenses) for m in self._records]

    def to_pandas(self) -> Any:
        """Every model as a :class:`pandas.DataFrame` (needs ``openclosed[pandas]``)."""
        from .flat import to_pandas

        return to_pandas(self.to_dicts(), ROW_FIELDS)

    def to_polars(self) -> Any:
        """Every model as a :class:`polars.DataFrame` (needs ``openclosed[polars]``)."""
        from .flat import to_polars

        return to_polars(self.to_dicts(), ROW_FIELDS)

    @property
    def _index(self) -> _Index:
        """The filter indexes, built once on first use: lookups by id never need them."""
        index = self._built_index
        if index is None:
            with self._index_lock:
                index = self._built_index
                if index is None:
                    index = _Index(self._records, *self._tables)
                    object.__setattr__(self, "_built_index", index)
        return index

    def all(self) -> Results:
        """Every model, retired and renamed ones included, in id order."""
        return Results(self._records, self._index, range(len(self._records)), self.catalog_version)

    def filter(
        self,
        *,
        openness: Level | str | Iterable[Level | str] | None = None,
        side: Side | str | Iterable[Side | str] | None = None,
        task: Task | str | Iterable[Task | str] | None = None,
        vendor: str | Organization | Iterable[str | Organization] | None = None,
        license: str | License | Iterable[str | License] | None = None,
        license_category: str | LicenseCategory | Iterable[str | LicenseCategory] | None = None,
        commercial_use: CommercialUse | str | bool | Iterable[CommercialUse | str] | None = None,
        modality: Modality | str | Iterable[Modality | str] | None = None,
        kind: Kind | str | Iterable[Kind | str] | None = None,
        status: Status | str | Iterable[Status | str] | None = None,
        released_after: datetime.date | str | None = None,
        released_before: datetime.date | str | None = None,
        min_parameters: float | None = None,
        max_parameters: float | None = None,
        country: str | Iterable[str] | None = None,
        user_cap: bool | None = None,
        min_user_cap: float | None = None,
        revenue_threshold: bool | None = None,
        outputs_may_train: bool | None = None,
        notice_required: bool | None = None,
        osi_approved: bool | None = None,
        excluded_territory: str | Iterable[str] | None = None,
        licensed_in: str | Iterable[str] | None = None,
        **unexpected: object,
    ) -> Results:
        """Models matching every given filter (AND); a list of values matches any of them (OR).

        - ``openness``: a :class:`Level` (``"open-weights"``); ``side``: ``"open"`` or ``"closed"``;
        - ``task``: a Hugging Face ``pipeline_tag`` (``"text-to-image"``); ``modality``: an
          input or output modality;
        - ``vendor``: an organization id, alias or name (``"meta"``, ``"Facebook"``) or an
          :class:`Organization` record; it also matches models the organization co-developed
          and models of its subsidiaries;
        - ``license`` / ``license_category``: under that license (or category) for any
          component, given by id, alias, name or record;
        - ``commercial_use``: the most permissive answer among the model's routes (its weights
          license or its service terms); ``True`` means yes or conditional;
        - ``kind``; ``status``: retired and renamed entries are left out unless ``status`` asks
          for them;
        - ``released_after`` / ``released_before`` (on or after / on or before a date) and
          ``min_parameters`` / ``max_parameters`` (inclusive): entries whose value is unknown
          are left out;
        - ``country``: the maker's country, an ISO 3166-1 alpha-2 code (``"FR"``);
        - the terms of the weights licence (models without downloadable weights have none and
          are left out): ``user_cap`` and ``revenue_threshold`` (``True``: it has one,
          ``False``: it has none), ``min_user_cap`` (it allows at least that many monthly
          active users: no cap, or a cap that high), ``outputs_may_train`` (no clause bans
          using outputs to train other models), ``notice_required`` (a name, mark or notice
          must be shown), ``osi_approved``; ``excluded_territory`` (it excludes some of that
          country or region, ``"EU"``, or of any of several) and ``licensed_in`` (it excludes
          none of it, nor of any of several: licensed in all of them).

        Results are in id order. Unknown fields or values raise :class:`InvalidQueryError`.
        """
        _check_filter_names(unexpected)
        criteria = {name: value for name, value in locals().items() if name in FILTERS and value is not None}
        if status is None and len(criteria) == 1:
            ((field, value),) = criteria.items()
            cached = self._index.single(field, value)
            if cached is not None:
                return Results(self._records, self._index, cached, self.catalog_version)
        keep = self._index.positions(criteria)
        if status is None:
            keep = self._index.default if keep is None else keep & self._index.default
        assert keep is not None  # a status filter always yields a set
        return Results(self._records, self._index, sorted(keep), self.catalog_version)

    def search(self, text: str, *, limit: int = 10) -> Results:
        """Models whose id, aliases or name look like ``text``, best first, ties by id.

        An exact key scores 1, a key that starts with the text 0.9, one that contains it
        0.8, others 0.8 times their :class:`difflib.SequenceMatcher` ratio; scores below
        0.6 are dropped. A renamed entry is followed by the entry it became
        (``search("bard")`` shows Bard, then the Gemini app).
        """
        if not isinstance(text, str) or not normalize_key(text):
            raise InvalidQueryError("search text", text, detail=f"search needs some text, got {brief(text)}")
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
            raise InvalidQueryError(
                "limit", limit, detail=f"limit must be a whole number >= 0, got {brief(limit)}"
            )
        query = normalize_key(text)
        order: dict[int, None] = {}  # positions in order, without repeats (a list made this quadratic)
        if limit > 0:
            for pos in self._ranked(query):
                self._add_with_successor(order, pos)
                if len(order) >= limit:
                    break
        return Results(self._records, self._index, list(order)[:limit], self.catalog_version)

    def _add_with_successor(self, order: dict[int, None], pos: int) -> None:
        """Add ``pos`` and, for a renamed entry, the entry it became."""
        order.setdefault(pos)
        target = self._records[pos].renamed_to
        if target is not None:
            target_pos = self._position(target)
            if target_pos is not None:
                order.setdefault(target_pos)

    def _search_text(self) -> tuple[tuple[tuple[str, int], ...], str, list[int]]:
        """The search keys ``(normalised key, position)`` in position order, and the same keys
        joined into one text (each after a NUL) with where each starts: exact, prefix and
        substring matches are then found by ``str.find`` in C rather than key by key."""
        keys = self._search_keys
        if keys is None:
            keys = tuple(
                (normalize_key(key), pos)
                for pos, m in enumerate(self._records)
                for key in (m.id, m.name, *m.aliases)
            )
            object.__setattr__(self, "_search_keys", keys)  # a cache, built on the first search
        joined = self._search_joined
        if joined is None:
            starts: list[int] = []
            offset = 0
            for key, _ in keys:
                starts.append(offset + 1)  # after its NUL
                offset += len(key) + 1
            joined = ("".join(f"\0{key}" for key, _ in keys) + "\0", starts)
            object.__setattr__(self, "_search_joined", joined)
        return keys, joined[0], joined[1]

    def _ranked(self, query: str) -> Iterator[int]:
        """Positions by descending score, ties by position (= by id), each once (see :meth:`search`).

        Lazily: exact keys, then prefixes, then substrings are found in the joined keys, each group
        in position order; the fuzzy comparisons, the costly part, run only if the caller still
        wants more positions once those are used up.
        """
        keys, text, starts = self._search_text()
        seen: set[int] = set()
        if "\0" not in query:  # else it is in no key, and the joined text would match falsely
            find = text.find
            # exact keys, then prefixes, then the rest: each pass in position order
            for pattern, skip in ((f"\0{query}\0", 1), (f"\0{query}", 1), (query, 0)):
                at = find(pattern)
                while at != -1:
                    start = at + skip
                    number = bisect_right(starts, start) - 1
                    pos = keys[number][1]
                    if pos not in seen:
                        seen.add(pos)
                        yield pos
                    at = find(pattern, at + 1)
        yield from self._fuzzy_ranked(query, keys, seen)

    def _fuzzy_ranked(self, query: str, keys: Sequence[tuple[str, int]], seen: set[int]) -> Iterator[int]:
        """The positions not in ``seen`` whose keys difflib finds close enough, best first."""
        from difflib import SequenceMatcher  # imported on first use: it is not cheap

        from ._suggest import FULL_SCAN, GramIndex

        # In a large table only the keys that share the most letter pairs with the query are
        # compared by difflib (exact, prefix and substring matches are found in all).
        numbers: Iterable[int] = range(len(keys))
        if len(keys) > FULL_SCAN:
            grams = self._search_grams
            if grams is None:
                grams = GramIndex([key for key, _ in keys])
                object.__setattr__(self, "_search_grams", grams)
            numbers = grams.shortlist(query)
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(query)  # difflib caches its analysis of the second sequence
        needed = _SEARCH_CUTOFF / 0.8
        best: dict[int, float] = {}
        for number in numbers:
            key, pos = keys[number]
            if pos in seen or query in key:  # matched already, with a higher score
                continue
            matcher.set_seq1(key)
            if matcher.real_quick_ratio() < needed or matcher.quick_ratio() < needed:
                continue
            score = matcher.ratio() * 0.8
            if score >= _SEARCH_CUTOFF and score > best.get(pos, 0.0):
                best[pos] = score
        yield from sorted(best, key=lambda p: (-best[p], p))

    def get(self, key: object, default: Model | None = None) -> Model | None:
        """The model with this id, alias or name, or ``default``; never raises.

        Keys people already have also resolve: provider-prefixed ids (``openai/gpt-4o``,
        ``meta-llama/Llama-3.3-70B-Instruct``) and the vendors' dated API model names
        (``claude-3-5-sonnet-20240620``, ``anthropic.claude-3-haiku-20240307-v1:0``).
        """
        found = super().get(key)
        if found is None and type(key) is str and key:
            from ._idrules import resolve_model

            found = resolve_model(key, super().get, self._tables[0])
        return default if found is None else found

    def _position(self, model_id: str) -> int | None:
        record = self._by_id.get(model_id)
        return None if record is None else self._records.index(record)

    def __getitem__(self, key: str) -> Model:
        try:
            return super().__getitem__(key)
        except UnknownIdError as error:
            norm = normalize_key(key) if isinstance(key, str) else ""
            if not norm:
                raise
            from ._left_out import left_out_of

            left_out = left_out_of(key, self.catalog_version)
            if left_out is not None:  # left out on purpose: say why, and show its nearest kin
                kin = sorted(self.line(key), key=lambda i: -_shared_prefix(normalize_key(i), norm))
                raise UnknownIdError(
                    self.kind, key, kin[:3], self.catalog_version, left_out=left_out
                ) from None
            maker = self._tables[0].get(key)
            if maker is not None:  # a maker's name, not a model's: show what it makes
                made = self._newest(self.filter(vendor=maker.id))[:3]
                raise UnknownIdError(
                    self.kind, key, made, self.catalog_version, organization=maker.id
                ) from None
            close = self.search(key, limit=3).ids()
            line = self.line(key)
            typo = bool(close) and self._is_typo(norm, close[0], self._lines or {})
            if line and not typo:
                # a name of a line the catalog has, not a misspelling of one of its models
                version = _line_version(key.casefold())
                same = [i for i in line if _line_version(i) == version] if version else []
                same.sort(key=lambda i: -_shared_prefix(normalize_key(i), norm))  # "3.5 embed": embed first
                if same:  # "EXAONE 3.5": recorded, but only by size or tier
                    raise UnknownIdError(
                        self.kind, key, same[:3], self.catalog_version, same_version=len(same)
                    ) from None
                # say that this one is not recorded, and show the line's newest instead
                raise UnknownIdError(self.kind, key, line[:3], self.catalog_version, same_line=True) from None
            if typo:  # one slip away from the closest model: it comes first
                first = (close[0], *error.suggestions, *close[1:])
                raise UnknownIdError(
                    self.kind, key, tuple(dict.fromkeys(first))[:3], self.catalog_version
                ) from None
            if close and not error.suggestions:
                raise UnknownIdError(self.kind, key, close, self.catalog_version) from None
            raise

    def line(self, key: str) -> tuple[str, ...]:
        """Ids of the models of the line ``key`` names: those whose normalised id starts with
        the same letters (``gpt`` for "GPT-5", ``claudesonnet`` for "Claude Sonnet 4.5"), else
        those whose letters extend them ("whisper" finds ``whisper-large-v3``). Families and
        unrelated lines that share a prefix (``gpt-j``, ``gpt-oss`` for ``gpt``) are kept
        apart because the letters must match exactly first.

        The line's own maker (the organization with most of its models) comes first, then the
        other makers' models of the same name, each in the order of :meth:`_newest`, which
        places undated models by their version: "Llama 5" shows Meta's newest Llamas, not the
        fine-tunes others named after them, and "GPT 7" shows GPT-6.2 before GPT-6.1."""
        if not isinstance(key, str):
            return ()
        letters = _leading_letters(normalize_key(key))
        if len(letters) < 3:
            return ()
        lines = self._lines
        if lines is None:  # built once: a miss then costs one pass over the distinct lines
            lines = {}
            for position, model in enumerate(self._records):
                lines.setdefault(_leading_letters(normalize_key(model.id)), []).append(position)
            object.__setattr__(self, "_lines", lines)  # a race only builds it twice
        found = lines.get(letters) or [
            position for own, positions in lines.items() if own.startswith(letters) for position in positions
        ]
        models = [self._records[position] for position in found]
        counts = Counter(model.organization for model in models)
        # the most models, then the alphabetically first organization id: a tie must not depend on order
        maker = min(counts, key=lambda org: (-counts[org], org), default=None)
        return self._newest((m for m in models if m.organization == maker), by_version=True) + self._newest(
            (m for m in models if m.organization != maker), by_version=True
        )

    @staticmethod
    def _newest(models: Iterable[Model], *, by_version: bool = False) -> tuple[str, ...]:
        """Ids, the models still offered first (retired and renamed ones last: a suggestion
        should be something one can use), each group the newest release first (undated
        last), then by id.

        Within one line (``by_version``) an undated model is taken to be no older than the
        newest dated model of a lower or equal version, and comes before it: "GPT 7" lists
        an undated GPT-6.2 before GPT-6.1. Dated models keep the order of their dates, since
        names do not always count up in time."""
        models = list(models)
        versions = {m.id: _line_version(m.id) for m in models} if by_version else {}
        since: dict[str, datetime.date] = {}
        if by_version:
            dated = [(versions[m.id], m.released) for m in models if m.released and versions[m.id]]
            for m in models:
                version = versions[m.id]
                if m.released is None and version:
                    days = [day for lower, day in dated if lower <= version]
                    if days:
                        since[m.id] = max(days)
        newest = sorted(
            models,
            key=lambda m: (
                m.status not in _GONE,
                m.released or since.get(m.id, datetime.date.min),
                versions.get(m.id, ()),
                m.id,
            ),
            reverse=True,
        )
        return tuple(m.id for m in newest)

    @staticmethod
    def _is_typo(norm: str, candidate_id: str, lines: Mapping[str, object]) -> bool:
        """Whether ``norm`` is one slip away from ``candidate_id`` (an edit of one or two
        characters), rather than another model of the same line. A key whose letters name a
        line exactly is of that line, whatever it resembles: "DeepSeek R2" is a new R model,
        not a misspelt ``deepseek-ocr-2``."""
        other = normalize_key(candidate_id)
        letters = _leading_letters(norm)
        if letters != _leading_letters(other) and letters in lines:
            return False
        digits, other_digits = "".join(filter(str.isdigit, norm)), "".join(filter(str.isdigit, other))
        if digits != other_digits:
            return False  # "gpt-5" is not a misspelt "gpt-4": versions differ
        from difflib import SequenceMatcher

        return SequenceMatcher(None, norm, other, autojunk=False).ratio() >= 0.8
