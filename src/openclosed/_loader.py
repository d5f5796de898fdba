"""Turn catalog documents (parsed JSON) into a checked :class:`~openclosed.Catalog`.

Everything here runs once per catalog. The converter is private (the global cattrs
converter belongs to the application) and strict: cattrs would otherwise turn ``3``
into ``"3"``. Every record is structured on its own so that one bad record does not
hide the others; all problems are gathered, each with its JSON path, and raised
together in one :class:`~openclosed.errors.CatalogError`. Nothing is published unless
the whole document is valid.
"""

from __future__ import annotations

import contextlib
import datetime
import enum
import functools
import gc
import json
import math
import re
from collections.abc import Callable, Iterator, Mapping
from importlib.resources import files
from typing import Any, TypeVar

import cattrs
from cattrs.errors import IterableValidationError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.preconf.json import make_converter

from . import enums
from ._catalog import Catalog, Table, normalize_key
from .errors import CatalogError, closest
from .openness import derive_openness
from .query import ModelTable
from .records import (
    Access,
    ComponentLicenses,
    Components,
    License,
    LicenseCategory,
    Model,
    Organization,
    Restrictions,
    Source,
    Support,
)

__all__ = ["SCHEMA_VERSION", "build_catalog", "packaged_document", "to_document"]

#: Version of the data format. A change that old readers cannot read raises it.
SCHEMA_VERSION = 1
#: The data files, in the order of the merged document.
DATA_FILES = ("catalog", "license_categories", "licenses", "organizations", "models")
SECTIONS: tuple[tuple[str, type[Any]], ...] = (
    ("license_categories", LicenseCategory),
    ("licenses", License),
    ("organizations", Organization),
    ("models", Model),
)
_VERSION = re.compile(r"\d+\.\d+\.\d+\Z")
_E = TypeVar("_E", bound=enum.Enum)


class _Invalid(ValueError):
    """A value the converter refused; its message is shown as it is."""

    __notes__: list[Any]  # read by cattrs to place the error (PEP 678)


def _structure_str(value: object, _: type) -> str:
    if type(value) is not str:
        raise _Invalid(f"expected a string, got {value!r}")
    return value


def _structure_int(value: object, _: type) -> int:
    if type(value) is not int:
        raise _Invalid(f"expected an integer, got {value!r}")
    return value


def _structure_float(value: object, _: type) -> float:
    if type(value) not in (int, float) or not math.isfinite(value):  # type: ignore[arg-type]
        raise _Invalid(f"expected a finite number, got {value!r}")
    return float(value)  # type: ignore[arg-type]


def _structure_bool(value: object, _: type) -> bool:
    if type(value) is not bool:
        raise _Invalid(f"expected true or false, got {value!r}")
    return value


def _structure_date(value: object, _: type) -> datetime.date:
    if type(value) is not str or len(value) != 10:
        raise _Invalid(f"expected an ISO date 'YYYY-MM-DD', got {value!r}")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise _Invalid(f"expected an ISO date 'YYYY-MM-DD', got {value!r}") from None


def _enum_hook(cls: type[_E]) -> Callable[[object, type], _E]:
    members: Mapping[object, _E] = {m.value: m for m in cls}
    name = cls.__name__

    def structure(value: object, _: type) -> _E:
        member = members.get(value) if type(value) is str else None
        if member is None:
            hints = closest(str(value), [str(k) for k in members])
            hint = f"; did you mean {hints[0]!r}?" if hints else f" (valid: {', '.join(map(repr, members))})"
            raise _Invalid(f"{value!r} is not a valid {name}{hint}")
        return member

    return structure


def _str_tuple(value: object, _: type) -> tuple[str, ...]:
    if type(value) is not list:
        raise _Invalid(f"expected a list of strings, got {value!r}")
    for item in value:
        if type(item) is not str:
            raise _Invalid(f"expected a list of strings, got item {item!r}")
    return tuple(value)


def _format_exception(exc: BaseException, typ: type | None) -> str:
    if isinstance(exc, ValueError) and str(exc):
        return str(exc)
    if isinstance(exc, AttributeError):
        return "expected an object"
    if isinstance(exc, TypeError) and "not iterable" in str(exc):
        return "expected a list"
    return cattrs.v.format_exception(exc, typ)


def _optional(hook: Callable[[object, type], Any]) -> Callable[[object, type], Any]:
    def structure(value: object, typ: type) -> Any:
        return None if value is None else hook(value, typ)

    return structure


def _is_type(expected: object) -> Callable[[object], bool]:
    """A cattrs predicate matching one exact (possibly generic) type."""

    def matches(candidate: object) -> bool:
        return candidate == expected

    return matches


def _enum_tuple(cls: type[_E]) -> Callable[[object, type], tuple[_E, ...]]:
    """A list of enum values; a bad item is reported at its index, as cattrs does."""
    member_hook = _enum_hook(cls)

    def structure(value: object, typ: type) -> tuple[_E, ...]:
        if type(value) is not list:
            raise _Invalid(f"expected a list, got {value!r}")
        try:
            return tuple([member_hook(item, cls) for item in value])
        except _Invalid:
            pass
        failures = []
        for index, item in enumerate(value):
            try:
                member_hook(item, cls)
            except _Invalid as exc:
                exc.__notes__ = [IterableValidationNote(f"Structuring {typ} @ index {index}", index, cls)]
                failures.append(exc)
        raise IterableValidationError(f"While structuring {typ!r}", failures, typ)

    return structure


#: Small records that repeat across a catalog (sources, grades, access...) are built once
#: per distinct value during a load and shared: they are immutable, so sharing is safe,
#: and it saves most of the construction time and memory. Emptied after every load.
_INTERNED: dict[tuple[object, ...], Any] = {}


def _freeze(value: dict[str, Any]) -> tuple[object, ...]:
    """A hashable key for a flat record; ``TypeError`` for anything nested or mixed.

    Types are part of the key, so ``1`` and ``True`` (equal in Python) never share.
    """
    key: list[object] = []
    for name, item in value.items():
        kind = type(item)
        if kind is list:
            if not all(type(x) is str for x in item):
                raise TypeError("not a list of strings")
            item = tuple(item)
        elif kind is dict:
            raise TypeError("nested")
        key += (name, kind, item)
    return tuple(key)


def _interned(cls: type[Any], build: Callable[[Any, type], Any]) -> Callable[[object, type], Any]:
    def structure(value: object, typ: type) -> Any:
        if type(value) is not dict:
            return build(value, typ)
        try:
            key = (cls, *_freeze(value))
            hit = _INTERNED.get(key)
        except TypeError:
            return build(value, typ)
        if hit is None:
            hit = _INTERNED[key] = build(value, typ)
        return hit

    return structure


@functools.cache
def converter() -> cattrs.Converter:
    """The private, strict converter; built on first use, never the global one."""
    conv = make_converter(forbid_extra_keys=True, omit_if_default=True)
    scalars: tuple[tuple[type, Callable[[object, type], Any]], ...] = (
        (str, _structure_str),
        (int, _structure_int),
        (float, _structure_float),
        (bool, _structure_bool),
        (datetime.date, _structure_date),
    )
    for scalar, hook in scalars:
        conv.register_structure_hook(scalar, hook)
        optional = _optional(hook)
        conv.register_structure_hook_func(_is_type(scalar | None), optional)
    conv.register_unstructure_hook(datetime.date, datetime.date.isoformat)
    conv.register_structure_hook_func(_is_type(tuple[str, ...]), _str_tuple)
    for name in enums.__all__:
        cls = getattr(enums, name)
        conv.register_structure_hook(cls, _enum_hook(cls))
        conv.register_structure_hook_func(_is_type(tuple[cls, ...]), _enum_tuple(cls))  # type: ignore[valid-type]
        conv.register_unstructure_hook(cls, lambda member: member.value)
    for small in (Source, Components, ComponentLicenses, Access, Support, Restrictions):
        build = make_dict_structure_fn(small, conv, _cattrs_forbid_extra_keys=True)
        conv.register_structure_hook(small, _interned(small, build))
    conv.register_structure_hook(
        Model,
        make_dict_structure_fn(Model, conv, _cattrs_forbid_extra_keys=True, openness=override(omit=True)),
    )
    conv.register_unstructure_hook(
        Model,
        make_dict_unstructure_fn(Model, conv, _cattrs_omit_if_default=True, openness=override(omit=True)),
    )
    return conv


def packaged_document() -> dict[str, Any]:
    """Read the shipped data files into one document (no validation yet)."""
    data = files("openclosed") / "data"
    document: dict[str, Any] = {}
    for name in DATA_FILES:
        parsed = json.loads((data / f"{name}.json").read_text(encoding="utf-8"))
        document[name] = parsed[name] if isinstance(parsed, dict) and name in parsed else parsed
    return document


def _structure_section(
    conv: cattrs.Converter, name: str, cls: type[Any], items: object, errors: list[str], broken: set[str]
) -> list[tuple[int, Any]]:
    """Structure each record on its own; return ``(index in the document, record)`` pairs.

    The ids of records that fail go into ``broken``, so that references to them are
    not reported a second time.
    """
    if not isinstance(items, list):
        errors.append(f"expected a list of records @ $.{name}")
        return []
    out = []
    for index, item in enumerate(items):
        path = f"$.{name}[{index}]"
        if not isinstance(item, dict):
            errors.append(f"expected an object @ {path}")
            continue
        try:
            out.append((index, conv.structure(item, cls)))
        except (cattrs.BaseValidationError, ValueError, TypeError, KeyError, AttributeError) as exc:
            if isinstance(item.get("id"), str):
                broken.add(item["id"])
            if isinstance(exc, cattrs.BaseValidationError):
                errors.extend(cattrs.transform_error(exc, path, _format_exception))
            else:
                errors.append(f"{_format_exception(exc, None)} @ {path}")
    return out


class _References:
    """Checks that ids point at records that exist, suggesting the closest id if not."""

    def __init__(self, errors: list[str], broken: set[str]) -> None:
        self.errors = errors
        self.broken = broken

    def check(self, value: str | None, known: Mapping[str, Any], what: str, path: str) -> None:
        if value is None or value in known or value in self.broken:
            return
        hints = closest(value, known)
        hint = f"; did you mean {hints[0]!r}?" if hints else ""
        self.errors.append(f"unknown {what} {value!r}{hint} @ {path}")


def _index(records: list[tuple[int, Any]], section: str, errors: list[str]) -> dict[str, Any]:
    by_id: dict[str, Any] = {}
    for index, record in records:
        if record.id in by_id:
            errors.append(f"duplicate id {record.id!r} @ $.{section}[{index}].id")
        else:
            by_id[record.id] = record
    return by_id


def _check_keys(records: list[tuple[int, Any]], section: str, errors: list[str]) -> None:
    """Ids and aliases must stay unique once normalised, or lookups would be ambiguous."""
    owner: dict[str, str] = {}
    for index, record in records:
        for key in (record.id, *getattr(record, "aliases", ())):
            norm = normalize_key(key)
            if not norm:
                errors.append(f"alias {key!r} has no letters or digits @ $.{section}[{index}]")
            elif owner.setdefault(norm, record.id) != record.id:
                errors.append(
                    f"key {key!r} of {record.id!r} clashes with {owner[norm]!r} @ $.{section}[{index}]"
                )


def _check_spdx(licenses: list[tuple[int, License]], errors: list[str]) -> None:
    from packaging.licenses import InvalidLicenseExpression, canonicalize_license_expression

    for index, lic in licenses:
        if not lic.is_spdx:
            continue
        try:
            canonical = canonicalize_license_expression(lic.id)
        except InvalidLicenseExpression:
            errors.append(
                f"{lic.id!r} is not an SPDX license id; use 'LicenseRef-...' @ $.licenses[{index}].id"
            )
            continue
        if canonical != lic.id:
            errors.append(
                f"SPDX id {lic.id!r} is not canonical; write {canonical!r} @ $.licenses[{index}].id"
            )


def _check_header(header: object, errors: list[str]) -> str:
    if not isinstance(header, dict):
        errors.append("expected an object with 'schema_version' and 'version' @ $.catalog")
        return "0.0.0"
    extra = sorted(set(header) - {"schema_version", "version"})
    if extra:
        errors.append(f"extra fields found ({', '.join(extra)}) @ $.catalog")
    if header.get("schema_version") != SCHEMA_VERSION:
        errors.append(
            f"unsupported schema_version {header.get('schema_version')!r}; "
            f"this openclosed reads {SCHEMA_VERSION} @ $.catalog.schema_version"
        )
    version = header.get("version")
    if not isinstance(version, str) or not _VERSION.match(version):
        errors.append(f"version must look like '26.1.0', got {version!r} @ $.catalog.version")
        return "0.0.0"
    return version


def _check_model_refs(model: Model, index: int, ids: dict[str, dict[str, Any]], refs: _References) -> None:
    path = f"$.models[{index}]"
    refs.check(model.organization, ids["organizations"], "organization", f"{path}.organization")
    for i, org in enumerate(model.collaborators):
        refs.check(org, ids["organizations"], "organization", f"{path}.collaborators[{i}]")
    for field in ("family", "successor", "renamed_to"):
        refs.check(getattr(model, field), ids["models"], "model", f"{path}.{field}")
    for i, other in enumerate(model.based_on):
        refs.check(other, ids["models"], "model", f"{path}.based_on[{i}]")
    for component, license_id in model.licenses.items():
        refs.check(license_id, ids["licenses"], "license", f"{path}.licenses.{component}")
    for i, change in enumerate(model.license_history):
        refs.check(change.license, ids["licenses"], "license", f"{path}.license_history[{i}].license")


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: parsing and building create many objects and no cycles,
    and collections triggered along the way make the load grow faster than linearly."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_catalog(document: object, *, source: str = "catalog") -> Catalog:
    """Validate ``document`` completely and return a new catalog, or raise :class:`CatalogError`."""
    if not isinstance(document, dict):
        raise CatalogError([f"expected a JSON object, got {type(document).__name__}"], source)
    with paused_gc():
        try:
            return _build(document, source)
        finally:
            _INTERNED.clear()


def _build(document: dict[str, Any], source: str) -> Catalog:
    errors: list[str] = []
    extra = sorted(set(document) - set(DATA_FILES))
    if extra:
        errors.append(f"extra sections found ({', '.join(map(str, extra))}) @ $")
    missing = [name for name in DATA_FILES if name not in document]
    if missing:
        raise CatalogError([f"missing section {name!r} @ $" for name in missing] + errors, source)
    version = _check_header(document["catalog"], errors)

    conv = converter()
    broken: set[str] = set()
    parsed = {
        name: _structure_section(conv, name, cls, document[name], errors, broken) for name, cls in SECTIONS
    }
    ids = {name: _index(parsed[name], name, errors) for name, _ in SECTIONS}
    for name, _ in SECTIONS:
        _check_keys(parsed[name], name, errors)
    _check_spdx(parsed["licenses"], errors)

    refs = _References(errors, broken)
    for index, lic in parsed["licenses"]:
        refs.check(
            lic.category, ids["license_categories"], "license category", f"$.licenses[{index}].category"
        )
    for index, org in parsed["organizations"]:
        refs.check(org.parent, ids["organizations"], "organization", f"$.organizations[{index}].parent")
    for index, model in parsed["models"]:
        _check_model_refs(model, index, ids, refs)
    if errors:
        raise CatalogError(errors, source)

    licenses, categories = ids["licenses"], ids["license_categories"]
    models = list(ids["models"].values())
    for model in models:
        # The records were built here and are not shared yet: fill in the derived field
        # in place (as attrs' own frozen __init__ does) rather than copy every model.
        object.__setattr__(model, "openness", derive_openness(model, licenses, categories))
    organizations = Table("organization", ids["organizations"].values(), version)
    license_table = Table("license", licenses.values(), version)
    category_table = Table("license category", categories.values(), version)
    return Catalog(
        version=version,
        models=ModelTable(
            models, version, organizations=organizations, licenses=license_table, categories=category_table
        ),
        organizations=organizations,
        licenses=license_table,
        license_categories=category_table,
    )


def extend_document(base: dict[str, Any], extra: object, override: bool, label: str) -> dict[str, Any]:
    """Merge the records of ``extra`` into ``base`` (a valid document).

    ``extra``'s records come first in each section, so that the paths of any error point
    at their place in ``extra``. Ids already in ``base`` are errors unless ``override``.
    """
    if not isinstance(extra, dict):
        raise CatalogError([f"expected a JSON object, got {type(extra).__name__}"], label)
    errors: list[str] = []
    unknown = sorted(set(extra) - set(DATA_FILES))
    if unknown:
        errors.append(f"extra sections found ({', '.join(map(str, unknown))}) @ $")
    if "catalog" in extra:
        _check_header(extra["catalog"], errors)
    merged = dict(base)
    for name, _ in SECTIONS:
        items = extra.get(name, [])
        if not isinstance(items, list):
            errors.append(f"expected a list of records @ $.{name}")
            continue
        existing = {record["id"] for record in base[name]}
        replaced = set()
        for index, item in enumerate(items):
            item_id = item.get("id") if isinstance(item, dict) else None
            if isinstance(item_id, str) and item_id in existing:
                if override:
                    replaced.add(item_id)
                else:
                    errors.append(
                        f"id {item_id!r} is already in the catalog; pass override=True to replace it "
                        f"@ $.{name}[{index}].id"
                    )
        merged[name] = [*items, *(record for record in base[name] if record["id"] not in replaced)]
    if errors:
        raise CatalogError(errors, label)
    return merged


def to_document(catalog: Catalog) -> dict[str, Any]:
    """The catalog as a JSON-ready document that :func:`build_catalog` reads back to an equal catalog."""
    conv = converter()
    document: dict[str, Any] = {"catalog": {"schema_version": SCHEMA_VERSION, "version": catalog.version}}
    for name, cls in SECTIONS:
        table: Table[Any] = getattr(catalog, name)
        document[name] = [conv.unstructure(record, cls) for record in table]
    return document
