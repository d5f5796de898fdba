"""A plain structurer for the packaged data, so that loading it does not import cattrs.

The shipped data files are checked in CI by the strict path (``tests/test_data.py`` and
``test_trusted_and_strict_paths_agree``); at run time they only need turning into records.
This module does that from the record classes' own type hints: enums by value, ISO dates,
tuples, optional values and nested records. It checks nothing the records do not check
themselves, so it must never see data from anywhere else.
"""

from __future__ import annotations

import datetime
import enum
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs

__all__ = ["structurer"]

_Convert = Callable[[Any], Any]


def _identity(value: Any) -> Any:
    return value


def _converter_for(tp: Any) -> _Convert:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [arg for arg in typing.get_args(tp) if arg is not type(None)]
        convert = _converter_for(inner)
        return _identity if convert is _identity else lambda value: None if value is None else convert(value)
    if origin is tuple:
        item = _converter_for(typing.get_args(tp)[0])
        return tuple if item is _identity else lambda value: tuple(map(item, value))
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return tp._value2member_map_.__getitem__
    if tp is datetime.date:
        return datetime.date.fromisoformat
    if tp is float:
        return float
    if isinstance(tp, type) and attrs.has(tp):
        return structurer(tp)
    return _identity  # str, int, bool


_STRUCTURERS: dict[type[Any], _Convert] = {}


def structurer(cls: type[Any]) -> _Convert:
    """A function from a record's JSON object to the record (derived fields left out)."""
    cached = _STRUCTURERS.get(cls)
    if cached is not None:
        return cached
    hints = typing.get_type_hints(cls)
    plan = {
        a.name: _converter_for(hints[a.name]) for a in attrs.fields(cls) if a.init and a.name != "openness"
    }

    def structure(data: dict[str, Any]) -> Any:
        return cls(**{key: plan[key](value) for key, value in data.items()})

    _STRUCTURERS[cls] = structure  # a race only builds the same function twice
    return structure
