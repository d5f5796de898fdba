"""Caches keyed by exactly the arguments of the function they cache.

A cache keyed on some fields of a record breaks silently the day the function reads another
one: the first result is handed to every record that agrees on the key. So a cached function
here takes, as arguments, everything it reads, and the key is all of its arguments; a new
input means a new parameter, hence a new part of the key.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["IdentityMemo"]

_R = TypeVar("_R")


class IdentityMemo(Generic[_R]):
    """``fn(*args)``, computed once per distinct tuple of argument identities.

    For pure functions of immutable arguments that are shared (records interned at load,
    enum members, the tables of one catalog): identity is then as good as equality and much
    cheaper to hash. Each entry keeps its arguments alive, so an id is never reused while
    the memo lives; keep one memo per load (or per catalog) and let it go with it.

    .. versionadded:: 26.6.0
    """

    __slots__ = ("fn", "results")

    def __init__(self, fn: Callable[..., _R]) -> None:
        self.fn = fn
        self.results: dict[tuple[int, ...], tuple[tuple[object, ...], _R]] = {}

    def __call__(self, *args: object) -> _R:
        key = tuple(map(id, args))
        hit = self.results.get(key)
        if hit is None:
            hit = self.results[key] = (args, self.fn(*args))
        return hit[1]

    def __repr__(self) -> str:
        return f"IdentityMemo({getattr(self.fn, '__qualname__', self.fn)!r}, {len(self.results)} results)"
