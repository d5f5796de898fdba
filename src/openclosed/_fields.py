"""Metadata of record fields, shared by the records and the modules that read them."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

__all__ = ["DERIVED", "is_derived"]

#: Metadata of the fields the loader derives; they are never read from or written to the data.
DERIVED: Mapping[str, bool] = MappingProxyType({"derived": True})


def is_derived(field: attrs.Attribute[Any]) -> bool:
    """Whether ``field`` is computed at load rather than read from the data."""
    return bool(field.metadata.get("derived"))
