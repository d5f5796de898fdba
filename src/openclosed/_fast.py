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
import math
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs

__all__ = ["clear_interned", "freeze", "structurer"]

_Structure = Callable[[Any], Any]


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

    def convert(self, tp: Any, var: str, indent: str) -> list[str]:
        """Lines that check ``var`` against type ``tp`` and leave the structured value in it."""
        origin = typing.get_origin(tp)
        if origin in (typing.Union, types.UnionType):
            (inner,) = [arg for arg in typing.get_args(tp) if arg is not type(None)]
            body = self.convert(inner, var, indent + "    ")
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
        fields = [a for a in attrs.fields(cls) if a.init and a.name != "openness"]
        known = self.bind(frozenset(a.name for a in fields), "known")
        lines = [
            "def structure(d):",
            f"    if type(d) is not dict or not {known}.issuperset(d):",
            "        raise Reject",
        ]
        interned = cls.__name__ in INTERNED_CLASSES
        if interned:
            lines += [
                "    try:",
                f"        key = ({self.bind(cls, 'cls')}, *freeze(d))",
                "    except TypeError:",
                "        key = None",
                "    else:",
                "        hit = INTERNED.get(key)",
                "        if hit is not None:",
                "            return hit",
            ]
        checks: list[str] = []
        for a in fields:
            var = f"v_{a.name}"
            conversion = self.convert(hints[a.name], var, "        ")
            if a.converter is not None and a.converter is not hints[a.name]:  # enums are converted above
                conversion.append(f"        {var} = {self.bind(a.converter, 'converter')}({var})")
            if a.default is attrs.NOTHING:
                lines += [f"    {var} = d[{a.name!r}]", *(line[4:] for line in conversion)]
            else:
                factory = getattr(a.default, "factory", None)  # attrs.Factory(...)
                default = factory() if factory is not None else a.default
                if a.converter is not None:
                    default = a.converter(default)  # as __init__ does; defaults are shared: immutable
                lines += [f"    {var} = d.get({a.name!r}, _MISSING)", f"    if {var} is _MISSING:"]
                lines += [f"        {var} = {self.bind(default, 'default')}"]
                if conversion:
                    lines += ["    else:", *conversion]
            if a.validator is not None:
                checks.append(
                    f"    {self.bind(a.validator, 'validator')}(inst, {self.bind(a, 'attribute')}, {var})"
                )
        lines.append(f"    inst = _new({self.bind(cls, 'cls')})")
        for a in attrs.fields(cls):
            value = f"v_{a.name}" if a in fields else self.bind(a.default, "default")
            lines.append(f"    _set(inst, {a.name!r}, {value})")
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
    "_MISSING": object(),
    "_new": object.__new__,
    "_set": object.__setattr__,
    "_date": _date,
    "_float": _float,
    "_members": _members,
    "_strings": _strings,
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
