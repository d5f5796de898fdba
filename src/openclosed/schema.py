"""A JSON Schema of the catalog format, generated from the record types.

The schema is derived from the attrs classes, never written by hand, so it cannot drift
from what the loader accepts. A copy ships as ``openclosed/data/schema.json`` for tools in
other languages; a test checks that the copy equals :func:`json_schema` and that the
shipped data validates against it. The loader still checks more than the schema can say
(references between records, SPDX ids, unique aliases).
"""

from __future__ import annotations

import datetime
import enum
import types
import typing
from typing import Any

import attrs

from ._document import OPTIONAL_SECTIONS, SCHEMA_VERSION, SECTIONS
from ._fields import is_derived

__all__ = ["json_schema"]

_NONE = type(None)


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not _NONE]
        inner = (
            _type_schema(options[0], defs)
            if len(options) == 1
            else {"anyOf": [_type_schema(o, defs) for o in options]}
        )
        return {"anyOf": [inner, {"type": "null"}]} if _NONE in typing.get_args(tp) else inner
    if origin is tuple:
        return {"type": "array", "items": _type_schema(typing.get_args(tp)[0], defs)}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"enum": [m.value for m in tp]}
    if isinstance(tp, type) and attrs.has(tp):
        _define(tp, defs)
        return {"$ref": f"#/$defs/{tp.__name__}"}
    simple = {
        str: {"type": "string"},
        bool: {"type": "boolean"},
        int: {"type": "integer"},
        float: {"type": "number"},
        datetime.date: {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    }
    if tp in simple:
        return dict(simple[tp])
    raise TypeError(f"no JSON Schema for {tp!r}")  # pragma: no cover - a new field type needs a rule here


def _define(cls: type[Any], defs: dict[str, Any]) -> None:
    if cls.__name__ in defs:
        return
    defs[cls.__name__] = {}  # placeholder against recursion
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for field in attrs.fields(cls):
        if is_derived(field):
            continue  # derived at load, never read from the data
        prop = _type_schema(hints[field.name], defs)
        choices = field.metadata.get("choices")
        if choices is not None:  # a string field that takes a fixed set of values
            prop = (
                {"anyOf": [{"enum": list(choices)}, {"type": "null"}]}
                if field.default is None
                else {"enum": list(choices)}
            )
        doc = _field_doc(cls, field.name)
        if doc:
            prop = {"description": doc, **prop}
        properties[field.name] = prop
        if field.default is attrs.NOTHING:
            required.append(field.name)
    defs[cls.__name__] = {
        "type": "object",
        # whitespace folded: Python 3.13 dedents docstrings, earlier versions do not
        "description": " ".join((cls.__doc__ or "").strip().split("\n\n")[0].split()),
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _field_doc(cls: type[Any], name: str) -> str:
    """The ``#:`` comment above a field, if any (read from the source, cheaply)."""
    import inspect

    try:
        lines = inspect.getsource(cls).splitlines()
    except (OSError, TypeError):  # pragma: no cover - no source (zipped without .py)
        return ""
    for index, line in enumerate(lines):
        if line.strip().startswith(f"{name}:"):
            docs: list[str] = []
            back = index - 1
            while back >= 0 and lines[back].strip().startswith("#:"):
                docs.insert(0, lines[back].strip()[2:].strip())
                back -= 1
            return " ".join(docs)
    return ""


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a whole catalog document.

    That is the format :func:`openclosed.load_catalog` reads and ``Catalog.to_json``
    writes; the shipped data files are its sections, one file each.
    """
    defs: dict[str, Any] = {}
    sections = {}
    for name, cls in SECTIONS:
        sections[name] = {"type": "array", "items": _type_schema(cls, defs)}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "openclosed catalog",
        "description": (
            "Models, organizations, licenses, license categories and offers, "
            "as read by openclosed.load_catalog."
        ),
        "type": "object",
        "properties": {
            "catalog": {
                "type": "object",
                "properties": {
                    "schema_version": {"const": SCHEMA_VERSION},
                    "version": {"type": "string", "pattern": r"^\d+\.\d+\.\d+$"},
                },
                "required": ["schema_version", "version"],
                "additionalProperties": False,
            },
            **sections,
        },
        "required": ["catalog", *(name for name in sections if name not in OPTIONAL_SECTIONS)],
        "additionalProperties": False,
        "$defs": dict(sorted(defs.items())),
    }
