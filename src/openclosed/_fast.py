"""A fast, strict structurer for catalog records, generated from the record classes.

Loading is mostly turning parsed JSON into records. The strict cattrs converter
(:mod:`._converter`) does that with one hook call per value and then runs each record's
``__init__``; this module compiles, once per process, one plain function per record class
that checks every value inline with the same rules and fills the record's slots directly
through their slot descriptors, running the same converters and validators as ``__init__``.

It never explains: a value it does not accept raises :class:`Reject`, and the loader then
runs the strict converter over the whole document, which reports every problem with its
path. So it only has to accept a subset of what the strict converter accepts and build the
same records, which ``tests/test_loader.py`` checks on valid and malformed documents alike.
Only :class:`Reject` means "doubtful data": any other exception is a bug and propagates.

A record class it cannot build exactly as ``__init__`` would (init hooks, hidden slots such
as ``cache_hash``'s, converters or factories that take ``self``, aliased fields...) is
refused with :class:`UnsupportedRecord` when its function is generated, never at load.
The generated source is registered with :mod:`linecache`, so tracebacks show it.

Only the loader and the module generated from it at release time (:mod:`._structurers`,
written by :func:`module_source`) import this module.
"""

from __future__ import annotations

import datetime
import enum
import linecache
import math
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs

from ._fields import is_derived
from ._intern import INTERNED, INTERNED_CLASSES, freeze
from .records import SORTED_MEMBERS, sorted_tuple

__all__ = ["Reject", "UnsupportedRecord", "structurer"]

_Structure = Callable[[Any], Any]
_OPTIONAL = type(attrs.validators.optional(attrs.validators.instance_of(str)))


#: attrs >= 24.1: converters that may take the instance or the field (not supported).
_CONVERTER: type[Any] | None = getattr(attrs, "Converter", None)


class Reject(Exception):
    """A value the fast path does not accept; the strict path will say why."""


class UnsupportedRecord(TypeError):
    """A record class the fast path cannot build exactly as its ``__init__`` would."""


def _date(value: object) -> datetime.date:
    if type(value) is not str or len(value) != 10:
        raise Reject
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise Reject from None


def _float(value: object) -> float:
    if type(value) is float:
        if not math.isfinite(value):
            raise Reject
        return value
    if type(value) is int:
        try:
            return float(value)
        except OverflowError:  # an integer too large for a float
            raise Reject from None
    raise Reject


def _members(members: dict[object, Any], value: object) -> tuple[Any, ...]:
    if type(value) is not list:
        raise Reject
    for item in value:
        if type(item) is not str:
            raise Reject
    try:
        return tuple([members[item] for item in value])
    except KeyError:  # an unknown value
        raise Reject from None


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
    try:
        hit: tuple[Any, ...] | None = INTERNED.get(key)
    except TypeError:  # unhashable items
        raise Reject from None
    if hit is None:
        for item in value:
            if type(item) is not str:
                raise Reject
        members = enum_cls._value2member_map_
        try:
            hit = INTERNED[key] = tuple([members[item] for item in sorted(set(value))])
        except KeyError:  # an unknown value
            raise Reject from None
    return hit


def _json_strings(tp: Any) -> bool:
    """Whether every JSON value of a field of type ``tp`` is a string (or null): str, dates, str enums."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return all(arg is type(None) or _json_strings(arg) for arg in typing.get_args(tp))
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return all(type(member.value) is str for member in tp)
    return tp is str or tp is datetime.date


def _slot_setters(cls: type[Any]) -> dict[str, Callable[[Any, Any], None]]:
    """The ``__set__`` of each field's slot descriptor: it stores into the slot of a frozen
    instance without going through the class's ``__setattr__`` (as ``__init__`` does with
    ``object.__setattr__``, minus the lookup by name).

    Raises :class:`UnsupportedRecord` for any class whose ``__init__`` does more than check,
    convert and store each field: then filling the slots would not build the same record.
    """
    name = cls.__name__
    if not attrs.has(cls) or "__slots__" not in cls.__dict__:
        raise UnsupportedRecord(f"{name} is not a slotted attrs class")
    for hook in ("__attrs_pre_init__", "__attrs_post_init__", "__attrs_init__"):
        if hasattr(cls, hook):
            raise UnsupportedRecord(f"{name} has {hook}, which the fast path does not run")
    fields = attrs.fields(cls)
    slots: dict[str, object] = {}
    for base in reversed(cls.__mro__):
        for slot in base.__dict__.get("__slots__", ()):
            slots[slot] = base.__dict__.get(slot)
    slots.pop("__weakref__", None)
    hidden = sorted(set(slots) - {a.name for a in fields})
    if hidden:  # state __init__ sets and the fast path would not (cache_hash's cached hash...)
        raise UnsupportedRecord(f"{name} has slots that are not fields: {', '.join(hidden)}")
    setters: dict[str, Callable[[Any, Any], None]] = {}
    for a in fields:
        if a.alias != a.name:
            raise UnsupportedRecord(f"{name}.{a.name} has an alias ({a.alias!r})")
        if _CONVERTER is not None and isinstance(a.converter, _CONVERTER):  # takes self or the field
            raise UnsupportedRecord(f"{name}.{a.name} has a converter that takes self or the field")
        if isinstance(a.default, attrs.Factory) and a.default.takes_self:  # type: ignore[arg-type]
            raise UnsupportedRecord(f"{name}.{a.name} has a default that takes self")
        if not a.init and a.default is attrs.NOTHING:
            raise UnsupportedRecord(f"{name}.{a.name} is set by no one: not in __init__, no default")
        descriptor = slots.get(a.name)
        if type(descriptor) is not types.MemberDescriptorType:
            raise UnsupportedRecord(f"{name}.{a.name} is not stored in a slot")
        setters[a.name] = descriptor.__set__
    return setters


def _expr(obj: type[Any]) -> str:
    """The expression that names a class in the generated module (its module is imported)."""
    return f"{obj.__module__}.{obj.__qualname__}"


def field_default(a: attrs.Attribute[Any]) -> object:
    """The value ``__init__`` stores for a field left out: the default (a factory's
    product), through the field's converter. Computed once; defaults are immutable."""
    factory = getattr(a.default, "factory", None)  # attrs.Factory(...)
    default = factory() if factory is not None else a.default
    return a.converter(default) if a.converter is not None else default  # type: ignore[operator]


class _Writer:
    """Writes the source of one structuring function; names it needs go into ``env``, and
    into ``exprs`` the expression each name is bound to in the generated module."""

    def __init__(self, cls: type[Any], env: dict[str, Any], *, runtime: bool = True) -> None:
        self.cls = cls
        self.env = env
        #: Generating for this process (nested functions are bound now) or for the module.
        self.runtime = runtime
        self.exprs: dict[str, str] = {}
        #: Record classes whose structuring functions this one calls.
        self.nested: list[type[Any]] = []

    def bind(self, value: object, hint: str, expr: str) -> str:
        name = f"_{self.cls.__name__}_{hint}_{len(self.exprs)}"
        self.env[name] = value
        self.exprs[name] = expr
        return name

    def field(self, a: attrs.Attribute[Any]) -> str:
        """The expression of one of this class's fields in the generated module."""
        return f"_fields_{self.cls.__name__}.{a.name}"

    def nested_structure(self, item: type[Any]) -> str:
        self.nested.append(item)
        return self.bind(
            structurer(item) if self.runtime else None, "structure", f"structure_{item.__name__}"
        )

    def convert(
        self, tp: Any, var: str, indent: str, converter: Any = None, field: attrs.Attribute[Any] | None = None
    ) -> list[str]:
        """Lines that check ``var`` against type ``tp``, run the ``converter`` of ``field`` on
        it, and leave the structured value in it."""
        origin = typing.get_origin(tp)
        if origin is tuple and converter is sorted_tuple and typing.get_args(tp)[0] is str:
            return [f"{indent}{var} = _sorted_strings({var})"]
        if origin is tuple and SORTED_MEMBERS.get(converter) is typing.get_args(tp)[0]:
            enum_cls = typing.get_args(tp)[0]
            if _json_strings(enum_cls):  # str values: sorting the strings sorts the members
                members = self.bind(enum_cls, "enum", _expr(enum_cls))
                return [f"{indent}{var} = _sorted_members({members}, {var})"]
        lines = self.convert_type(tp, var, indent)
        if converter is not None and converter is not tp:  # enums are converted by the type check
            assert field is not None
            bound = self.bind(converter, "converter", f"{self.field(field)}.converter")
            lines += [
                f"{indent}try:",
                f"{indent}    {var} = {bound}({var})",
                f"{indent}except (TypeError, ValueError):",
                f"{indent}    raise Reject from None",
            ]
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
                members = self.bind(item._value2member_map_, "members", f"{_expr(item)}._value2member_map_")
                return [f"{indent}{var} = _members({members}, {var})"]
            if isinstance(item, type) and attrs.has(item):
                structure = self.nested_structure(item)
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
            members = self.bind(tp._value2member_map_, "members", f"{_expr(tp)}._value2member_map_")
            return [
                f"{indent}if type({var}) is not str:",
                f"{indent}    raise Reject",
                f"{indent}try:",
                f"{indent}    {var} = {members}[{var}]",
                f"{indent}except KeyError:  # not a value of {tp.__name__}",
                f"{indent}    raise Reject from None",
            ]
        if isinstance(tp, type) and attrs.has(tp):
            return [f"{indent}{var} = {self.nested_structure(tp)}({var})"]
        raise UnsupportedRecord(f"no fast structuring for {tp!r} in {self.cls.__name__}")

    def source(self, name: str = "structure") -> str:
        """The function's source, defining ``name``."""
        cls = self.cls
        cls_name = self.bind(cls, "cls", _expr(cls))
        setters = _slot_setters(cls)  # refuses what the fast path cannot build
        hints = typing.get_type_hints(cls)
        fields = [a for a in attrs.fields(cls) if a.init and not is_derived(a)]
        names = sorted(a.name for a in fields)
        known = self.bind(frozenset(names), "known", f"frozenset({tuple(names)!r})")
        required = [a.name for a in fields if a.default is attrs.NOTHING]
        check = [f"    if not {known}.issuperset(d):", "        raise Reject"]
        if required:
            names = sorted(required)
            needed = self.bind(frozenset(names), "required", f"frozenset({tuple(names)!r})")
            check += [
                f"    if not {needed}.issubset(d):",
                "        raise Reject",
            ]
        lines = [f"def {name}(d: Any) -> Any:", "    if type(d) is not dict:", "        raise Reject"]
        interned = cls.__name__ in INTERNED_CLASSES
        if interned:
            if all(_json_strings(hints[a.name]) for a in fields):
                # Only strings (or null) are valid here, and a string equals nothing but a
                # string, so the keys and values themselves are the key (the two halves
                # have the same length, so different dicts never give the same key).
                key = f"({cls_name}, *d, *d.values())"
            else:
                key = f"({cls_name}, *freeze(d))"
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
            conversion = self.convert(hints[a.name], var, "        ", a.converter, a)
            if a.default is attrs.NOTHING:
                lines += [f"    {var} = d[{a.name!r}]", *(line[4:] for line in conversion)]
            else:
                default = self.bind(field_default(a), "default", f"field_default({self.field(a)})")
                # `in` and a subscript cost less than a call to d.get()
                lines += [f"    if {a.name!r} in d:", f"        {var} = d[{a.name!r}]", *conversion]
                lines += ["    else:", f"        {var} = {default}"]
            if isinstance(a.validator, _OPTIONAL):  # attrs' optional(): None needs no call
                inner = self.bind(
                    a.validator.validator,  # type: ignore[attr-defined]
                    "validator",
                    f"{self.field(a)}.validator.validator",
                )
                checks += [
                    f"        if {var} is not None:",
                    f"            {inner}(inst, {self.bind(a, 'attribute', self.field(a))}, {var})",
                ]
            elif a.validator is not None:
                validator = self.bind(a.validator, "validator", f"{self.field(a)}.validator")
                checks.append(f"        {validator}(inst, {self.bind(a, 'attribute', self.field(a))}, {var})")
        lines.append(f"    inst = _new({cls_name})")
        for a in attrs.fields(cls):
            if a in fields:
                value = f"v_{a.name}"
            else:  # a derived field: its default until the loader derives it
                value = self.bind(a.default, "default", f"{self.field(a)}.default")
            setter = self.bind(setters[a.name], "set_" + a.name, f"_setters_{cls.__name__}[{a.name!r}]")
            lines.append(f"    {setter}(inst, {value})")
        if checks:  # the validators' refusals are doubts about the data; anything else is a bug
            lines += [
                "    try:",
                *checks,
                "    except (TypeError, ValueError):",
                "        raise Reject from None",
            ]
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
    "_date": _date,
    "_float": _float,
    "_members": _members,
    "_strings": _strings,
    "_sorted_strings": _sorted_strings,
    "_sorted_members": _sorted_members,
    "Any": Any,
}


def structurer(cls: type[Any]) -> _Structure:
    """The fast structuring function of a record class, generated and compiled on first use
    (the loader takes the catalog's own records' from :mod:`._structurers`, made at release).

    Raises :class:`UnsupportedRecord` if ``cls`` uses an attrs option the fast path does not
    support; the function it returns raises :class:`Reject` for data it does not accept.
    """
    cached = _STRUCTURERS.get(cls)
    if cached is not None:
        return cached
    env = dict(_GLOBALS)
    source = _Writer(cls, env).source()
    filename = f"<openclosed fast structure {cls.__module__}.{cls.__qualname__}>"
    # as attrs does for its generated methods: tracebacks and debuggers can show the source
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), env)
    structure: _Structure = env["structure"]
    _STRUCTURERS[cls] = structure  # a race only generates the same function twice
    return structure


#: The records the loader structures; their functions are generated at release time.
ROOTS = ("Model", "Organization", "License", "LicenseCategory", "Offer")

_HEADER = """\
# Generated by tools/generate_structurers.py from the record classes of openclosed.records:
# do not edit. tests/test_loader.py checks that it is what the generator writes today.
# The same functions _fast.generate would compile at run time, made once at release time,
# so that the first lookup imports bytecode instead of compiling source.
# ruff: noqa
# mypy: ignore-errors
from typing import Any

from attrs import fields as _fields

import openclosed.enums
import openclosed.records
from openclosed._fast import (
    Reject,
    _date,
    _float,
    _members,
    _slot_setters,
    _sorted_members,
    _sorted_strings,
    _strings,
    field_default,
)
from openclosed._intern import INTERNED, freeze

_new = object.__new__
"""


def module_source() -> str:
    """The source of :mod:`openclosed._structurers`: one function per record class the
    loader reaches from :data:`ROOTS`, each bound to what it needs by name."""
    from . import records

    todo = [getattr(records, name) for name in ROOTS]
    done: dict[str, type[Any]] = {}
    functions: list[str] = []
    links: list[str] = []  # nested functions, bound once every function is defined
    while todo:
        cls = todo.pop(0)
        if done.get(cls.__name__) is cls:
            continue
        if cls.__name__ in done:
            raise UnsupportedRecord(f"two record classes are named {cls.__name__}")
        done[cls.__name__] = cls
        writer = _Writer(cls, {}, runtime=False)
        body = writer.source(f"structure_{cls.__name__}")
        todo += writer.nested
        for module in {v.__module__ for v in writer.env.values() if isinstance(v, type)}:
            if module not in ("openclosed.enums", "openclosed.records", "builtins"):
                raise UnsupportedRecord(f"{cls.__name__} needs {module}, which the module does not import")
        bound = [
            f"_fields_{cls.__name__} = _fields({_expr(cls)})",
            f"_setters_{cls.__name__} = _slot_setters({_expr(cls)})",
        ]
        for name, expr in writer.exprs.items():
            (links if expr.startswith("structure_") else bound).append(f"{name} = {expr}")
        functions.append("\n\n" + "\n".join(bound) + "\n\n\n" + body)
    table = "".join(f"    {_expr(cls)}: structure_{name},\n" for name, cls in sorted(done.items()))
    return _HEADER + "".join(functions) + "\n\n" + "\n".join(links) + f"\n\nSTRUCTURERS = {{\n{table}}}\n"
