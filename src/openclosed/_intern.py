"""Small records shared within one load.

Small records that repeat across a catalog (sources, grades, access...) are built once per
distinct value during a load and shared: they are immutable, so sharing is safe, and it saves
most of their construction time and memory. Both structurers (the fast one and the strict
cattrs converter) share through this table; the loader empties it after every load.
"""

from __future__ import annotations

from typing import Any

__all__ = ["INTERNED", "INTERNED_CLASSES", "clear_interned", "freeze"]

#: Distinct small records of the current load, keyed by their class and their JSON value.
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
