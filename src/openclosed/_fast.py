"""A fast, strict structurer for catalog records, generated from the record classes.

Loading is mostly turning parsed JSON into records. The strict cattrs converter
(:mod:`._converter`) does that with one hook call per value and then runs each record's
``__init__``; this module compiles, once per process, one plain function per record class
that checks every value inline with the same rules and fills the record's slots directly,
running the same converters and validators as ``__init__`` (there are no post-init hooks).

It never explains: anything it is not sure of raises, and the loader then runs the strict
converter over the whole document, which reports every problem with its path. So it only
has to accept a subset of what the strict converter accepts and build the same records,
which ``tests/test_loader.py`` checks on valid and malformed documents alike.
"""

from __future__ import annotations

import datetime
import enum
import keyword
import math
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs

from .records import SORTED_MEMBERS, is_derived, sorted_tuple

__all__ = ["clear_interned", "constructor", "freeze", "structurer"]

_Structure = Callable[[Any], Any]
_OPTIONAL = type(attrs.validators.optional(attrs.validators.instance_of(str)))


class Reject(Exception):
    """A value the fast path does not accept; the strict path will say why."""


#: Small records that repeat across a catalog (sources, grades, access...) are built once
#: per distinct value during a load and shared: they are immutable, so sharing is safe,
#: and it saves most of their construction time and memory. Emptied after every load.
INTERNED: dict[tuple[object, ...], Any] = {}
#: The records shared this way (flat ones; others are built each time).
INTERNED_CLASSES: frozenset[str] = frozenset(
    {"Source", "Components", "ComponentLicenses", "Access", "Support", "Restrictions"}
)


def freeze(value: dict[str, Any]) -> tuple[object, ...]:
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


def clear_interned() -> None:
    """Forget the shared small records of the last load (they live as long as their catalog)."""
    INTERNED.clear()


def _date(value: object) -> datetime.date:
    if type(value) is not str or len(value) != 10:
        raise Reject
    return datetime.date.fromisoformat(value)


def _float(value: object) -> float:
    if type(value) is float:
        if not math.isfinite(value):
            raise Reject
        return value
    if type(value) is int:
        return float(value)  # OverflowError for huge integers: rejected
    raise Reject


def _members(members: dict[object, Any], value: object) -> tuple[Any, ...]:
    if type(value) is not list:
        raise Reject
    for item in value:
        if type(item) is not str:
            raise Reject
    return tuple([members[item] for item in value])  # KeyError for an unknown value


def _strings(value: object) -> tuple[str, ...]:
    if type(value) is not list:
        raise Reject
    for item in value:
        if type(item) is not str:
            raise Reject
    return tuple(value)


def _sorted_strings(value: object) -> tuple[str, ...]:
    """``_strings`` and then the ``sorted_tuple`` converter, in one call."""
    strings = _strings(value)
    return strings if len(strings) < 2 else sorted_tuple(strings)


def _sorted_members(enum_cls: type[enum.Enum], value: object) -> tuple[Any, ...]:
    """The members named in ``value``, distinct and sorted by value: what the records'
    distinct-members converters return. Few distinct lists occur, so each result is
    shared for the rest of the load (keyed by the strings, which equal only strings)."""
    if type(value) is not list:
        raise Reject
    key = (enum_cls, *value)
    hit: tuple[Any, ...] | None = INTERNED.get(key)  # TypeError for unhashable items
    if hit is None:
        for item in value:
            if type(item) is not str:
                raise Reject
        members = enum_cls._value2member_map_
        hit = INTERNED[key] = tuple([members[item] for item in sorted(set(value))])  # KeyError: unknown
    return hit


def _json_strings(tp: Any) -> bool:
    """Whether every JSON value of a field of type ``tp`` is a string (or null): str, dates, str enums."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return all(arg is type(None) or _json_strings(arg) for arg in typing.get_args(tp))
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return all(type(member.value) is str for member in tp)
    return tp is str or tp is datetime.date


def _builder(cls: type[Any]) -> type[Any] | None:
    """A writable twin of a frozen, slotted record class, or ``None`` if there cannot be one.

    Frozen attrs classes refuse plain attribute stores, so their slots are filled with
    ``object.__setattr__``, one call per field. The twin shares the class's slots but
    keeps the default ``__setattr__``: its slots are filled by plain stores, several times
    faster, and the finished instance is then switched to ``cls`` by assigning
    ``__class__`` (the layouts are the same). No twin instance ever leaves this module.
    """
    names = [a.name for a in attrs.fields(cls)]
    if "__slots__" not in cls.__dict__ or any(keyword.iskeyword(n) or not n.isidentifier() for n in names):
        return None
    twin = type(
        f"_{cls.__name__}Builder",
        (cls,),
        {"__slots__": (), "__setattr__": object.__setattr__, "__delattr__": object.__delattr__},
    )
    probe: Any = object.__new__(twin)
    try:
        probe.__class__ = cls
    except TypeError:
        return None
    return twin


class _Writer:
    """Writes the source of one structuring function; names it needs go into ``env``."""

    def __init__(self, cls: type[Any], env: dict[str, Any]) -> None:
        self.cls = cls
        self.env = env
        self.lines: list[str] = []

    def bind(self, value: object, hint: str) -> str:
        name = f"_{hint}_{len(self.env)}"
        self.env[name] = value
        return name

    def convert(self, tp: Any, var: str, indent: str, converter: Any = None) -> list[str]:
        """Lines that check ``var`` against type ``tp``, run the field's ``converter`` on it,
        and leave the structured value in it."""
        origin = typing.get_origin(tp)
        if origin is tuple and converter is sorted_tuple and typing.get_args(tp)[0] is str:
            return [f"{indent}{var} = _sorted_strings({var})"]
        if origin is tuple and SORTED_MEMBERS.get(converter) is typing.get_args(tp)[0]:
            enum_cls = typing.get_args(tp)[0]
            if _json_strings(enum_cls):  # str values: sorting the strings sorts the members
                return [f"{indent}{var} = _sorted_members({self.bind(enum_cls, 'enum')}, {var})"]
        lines = self.convert_type(tp, var, indent)
        if converter is not None and converter is not tp:  # enums are converted by the type check
            lines.append(f"{indent}{var} = {self.bind(converter, 'converter')}({var})")
        return lines

    def convert_type(self, tp: Any, var: str, indent: str) -> list[str]:
        """Lines that check ``var`` against type ``tp`` and leave the structured value in it."""
        origin = typing.get_origin(tp)
        if origin in (typing.Union, types.UnionType):
            (inner,) = [arg for arg in typing.get_args(tp) if arg is not type(None)]
            body = self.convert_type(inner, var, indent + "    ")
            return [f"{indent}if {var} is not None:", *body] if body else []
        if origin is tuple:
            (item,) = typing.get_args(tp)[:1]
            if item is str:
                return [f"{indent}{var} = _strings({var})"]
            if isinstance(item, type) and issubclass(item, enum.Enum):
                members = self.bind(item._value2member_map_, "members")
                return [f"{indent}{var} = _members({members}, {var})"]
            if isinstance(item, type) and attrs.has(item):
                structure = self.bind(structurer(item), "structure")
                return [
                    f"{indent}if type({var}) is not list:",
                    f"{indent}    raise Reject",
                    f"{indent}{var} = tuple([{structure}(x) for x in {var}])",
                ]
        if tp is str or tp is int or tp is bool:
            return [f"{indent}if type({var}) is not {tp.__name__}:", f"{indent}    raise Reject"]
        if tp is float:
            return [f"{indent}{var} = _float({var})"]
        if tp is datetime.date:
            return [f"{indent}{var} = _date({var})"]
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            members = self.bind(tp._value2member_map_, "members")
            return [
                f"{indent}if type({var}) is not str:",
                f"{indent}    raise Reject",
                f"{indent}{var} = {members}[{var}]",
            ]
        if isinstance(tp, type) and attrs.has(tp):
            return [f"{indent}{var} = {self.bind(structurer(tp), 'structure')}({var})"]
        raise TypeError(f"no fast structuring for {tp!r} in {self.cls.__name__}")

    def source(self) -> str:
        cls = self.cls
        if getattr(cls, "__attrs_post_init__", None) or getattr(cls, "__attrs_pre_init__", None):
            raise TypeError(f"{cls.__name__} has init hooks the fast path does not run")
        hints = typing.get_type_hints(cls)
        fields = [a for a in attrs.fields(cls) if a.init and not is_derived(a)]
        known = self.bind(frozenset(a.name for a in fields), "known")
        check = [f"    if not {known}.issuperset(d):", "        raise Reject"]
        lines = ["def structure(d):", "    if type(d) is not dict:", "        raise Reject"]
        interned = cls.__name__ in INTERNED_CLASSES
        if interned:
            if all(_json_strings(hints[a.name]) for a in fields):
                # Only strings (or null) are valid here, and a string equals nothing but a
                # string, so the keys and values themselves are the key (the two halves
                # have the same length, so different dicts never give the same key).
                key = f"({self.bind(cls, 'cls')}, *d, *d.values())"
            else:
                key = f"({self.bind(cls, 'cls')}, *freeze(d))"
            # A hit equals a valid dict seen before: it has the known fields only.
            lines += [
                "    try:",
                f"        key = {key}",
                "        hit = INTERNED.get(key)",
                "    except TypeError:  # unhashable values: not shared",
                "        key = None",
                "    else:",
                "        if hit is not None:",
                "            return hit",
            ]
        lines += check
        checks: list[str] = []
        for a in fields:
            var = f"v_{a.name}"
            conversion = self.convert(hints[a.name], var, "        ", a.converter)
            if a.default is attrs.NOTHING:
                lines += [f"    {var} = d[{a.name!r}]", *(line[4:] for line in conversion)]
            else:
                factory = getattr(a.default, "factory", None)  # attrs.Factory(...)
                default = factory() if factory is not None else a.default
                if a.converter is not None:
                    default = a.converter(default)  # as __init__ does; defaults are shared: immutable
                # `in` and a subscript cost less than a call to d.get()
                lines += [f"    if {a.name!r} in d:", f"        {var} = d[{a.name!r}]", *conversion]
                lines += ["    else:", f"        {var} = {self.bind(default, 'default')}"]
            if isinstance(a.validator, _OPTIONAL):  # attrs' optional(): None needs no call
                inner = self.bind(a.validator.validator, "validator")  # type: ignore[attr-defined]
                checks += [
                    f"    if {var} is not None:",
                    f"        {inner}(inst, {self.bind(a, 'attribute')}, {var})",
                ]
            elif a.validator is not None:
                checks.append(
                    f"    {self.bind(a.validator, 'validator')}(inst, {self.bind(a, 'attribute')}, {var})"
                )
        values = {
            a.name: f"v_{a.name}" if a in fields else self.bind(a.default, "default")
            for a in attrs.fields(cls)
        }
        builder = _builder(cls)
        if builder is None:
            lines.append(f"    inst = _new({self.bind(cls, 'cls')})")
            lines += [f"    _set(inst, {name!r}, {value})" for name, value in values.items()]
        else:
            lines.append(f"    inst = _new({self.bind(builder, 'builder')})")
            lines += [f"    inst.{name} = {value}" for name, value in values.items()]
            lines.append(f"    inst.__class__ = {self.bind(cls, 'cls')}")
        lines += checks
        if interned:
            lines += ["    if key is not None:", "        INTERNED[key] = inst"]
        lines.append("    return inst")
        return "\n".join(lines) + "\n"


_STRUCTURERS: dict[type[Any], _Structure] = {}
_GLOBALS: dict[str, Any] = {
    "Reject": Reject,
    "INTERNED": INTERNED,
    "freeze": freeze,
    "_new": object.__new__,
    "_set": object.__setattr__,
    "_date": _date,
    "_float": _float,
    "_members": _members,
    "_strings": _strings,
    "_sorted_strings": _sorted_strings,
    "_sorted_members": _sorted_members,
}


def structurer(cls: type[Any]) -> _Structure:
    """The fast structuring function of a record class (compiled on first use)."""
    cached = _STRUCTURERS.get(cls)
    if cached is not None:
        return cached
    env = dict(_GLOBALS)
    source = _Writer(cls, env).source()
    exec(compile(source, f"<openclosed fast structure {cls.__name__}>", "exec"), env)
    structure: _Structure = env["structure"]
    _STRUCTURERS[cls] = structure  # a race only compiles the same function twice
    return structure


def constructor(cls: type[Any]) -> Callable[..., Any]:
    """A constructor taking every field in order, for a record class with no converters or
    validators, to build records from values the library computed itself (as the loader's
    derived openness): the same instance as ``cls(...)``, several times faster."""
    fields = attrs.fields(cls)
    builder = _builder(cls)
    if builder is None or any(a.converter is not None or a.validator is not None for a in fields):
        raise TypeError(f"{cls.__name__} needs its own __init__")
    names = [a.name for a in fields]
    source = "\n".join(
        [
            f"def make({', '.join(names)}):",
            "    inst = _new(builder)",
            *(f"    inst.{name} = {name}" for name in names),
            "    inst.__class__ = cls",
            "    return inst",
        ]
    )
    env: dict[str, Any] = {"_new": object.__new__, "builder": builder, "cls": cls}
    exec(compile(source, f"<openclosed constructor {cls.__name__}>", "exec"), env)
    make: Callable[..., Any] = env["make"]
    return make
