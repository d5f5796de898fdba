"""The strict converter: cattrs, private and configured to refuse what it does not expect.

Used for every catalog a user brings and for export. The global cattrs converter belongs
to the application, so it is never touched; and cattrs' defaults coerce (``3`` becomes
``"3"``), so every scalar type gets a strict hook here. Errors are shaped so that each
reads as ``message @ $.path.to.value``.
"""

from __future__ import annotations

import datetime
import enum
import functools
import math
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import IterableValidationError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.preconf.json import make_converter

from . import enums
from ._fields import is_derived
from ._intern import INTERNED, freeze
from .errors import closest
from .records import (
    Access,
    ComponentLicenses,
    Components,
    Model,
    Restrictions,
    Source,
    Support,
)

__all__ = ["converter", "structure_section", "unstructure"]

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


def _interned(cls: type[Any], build: Callable[[Any, type], Any]) -> Callable[[object, type], Any]:
    def structure(value: object, typ: type) -> Any:
        if type(value) is not dict:
            return build(value, typ)
        try:
            key = (cls, *freeze(value))
            hit = INTERNED.get(key)
        except TypeError:
            return build(value, typ)
        if hit is None:
            hit = INTERNED[key] = build(value, typ)
        return hit

    return structure


def _omit_derived(cls: type[Any]) -> dict[str, Any]:
    """cattrs overrides that leave out the fields the loader derives."""
    return {a.name: override(omit=True) for a in attrs.fields(cls) if is_derived(a)}


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
        make_dict_structure_fn(Model, conv, _cattrs_forbid_extra_keys=True, **_omit_derived(Model)),
    )
    conv.register_unstructure_hook(
        Model,
        make_dict_unstructure_fn(Model, conv, _cattrs_omit_if_default=True, **_omit_derived(Model)),
    )
    return conv


def structure_section(
    name: str, cls: type[Any], items: object, errors: list[str], broken: set[str]
) -> list[tuple[int, Any]]:
    """Structure each record on its own; return ``(index in the document, record)`` pairs.

    The ids of records that fail go into ``broken``, so that references to them are
    not reported a second time.
    """
    conv = converter()
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


def unstructure(record: Any, cls: type[Any]) -> Any:
    """A record as JSON-ready data, default values left out."""
    return converter().unstructure(record, cls)
