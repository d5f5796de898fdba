"""The model ids people already have: provider-prefixed names and the vendors' API model names.

Rules instead of thousands of aliases. They run only when a key is not an id, alias or
name, so they never change what a known key finds; and each rule must land on a key the
catalog knows:

- a provider prefix (``openai/gpt-4o``, ``meta-llama/Llama-3.3-70B-Instruct``, Bedrock's
  ``anthropic.claude-3-haiku-...``) is dropped when it names an organization that made the
  model, co-developed it, or is its parent or subsidiary (so ``openai/llama-2`` finds nothing);
- a snapshot suffix is dropped: a date (``claude-3-5-sonnet-20241022``,
  ``...@20240620``), ``-latest``, or Bedrock's version (``-v1:0``). Shorter suffixes such
  as ``-0613`` or ``-instruct`` are left alone: they can name another model
  (``gpt-3.5-turbo-instruct`` is not ``gpt-3.5-turbo``), so only aliases cover them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._catalog import Table
    from .records import Model, Organization

__all__ = ["resolve_model"]

#: A snapshot suffix: a date, ``latest``, or a Bedrock version, after ``-``, ``_`` or ``@``.
_SNAPSHOT = re.compile(r"(?:[-_@](?:\d{8}|\d{4}-\d{2}-\d{2}|latest)|-v\d+:\d+)\Z", re.IGNORECASE)
_PREFIX = re.compile(r"(?P<prefix>[A-Za-z0-9][A-Za-z0-9_-]*)[/.](?P<rest>.+)\Z")


def _without_snapshots(key: str) -> Iterator[str]:
    """``key`` with one, then two snapshot suffixes dropped (``...-20240307-v1:0``)."""
    for _ in range(2):
        shorter = _SNAPSHOT.sub("", key)
        if shorter == key or not shorter:
            return
        key = shorter
        yield key


def _related(model: Model, org: Organization, organizations: Table[Organization]) -> bool:
    """Whether ``org`` made ``model``, co-developed it, or is a parent or subsidiary of its maker."""
    makers = {model.organization, *model.collaborators}
    for maker in tuple(makers):  # the makers' parents, up the chain
        current = organizations.get(maker)
        while current is not None and current.parent is not None and current.parent not in makers:
            makers.add(current.parent)
            current = organizations.get(current.parent)
    current = org
    while current is not None:  # org itself, or one of its parents, made the model
        if current.id in makers:
            return True
        current = organizations.get(current.parent) if current.parent else None
    return False


def resolve_model(
    key: str, lookup: Callable[[str], Model | None], organizations: Table[Organization]
) -> Model | None:
    """The model a foreign key names by the rules above, or ``None``."""
    for candidate in _without_snapshots(key):
        found = lookup(candidate)
        if found is not None:
            return found
    match = _PREFIX.match(key)
    if match is None:
        return None
    org = organizations.get(match["prefix"])
    if org is None:
        return None
    rest = match["rest"]
    for candidate in (rest, *_without_snapshots(rest)):
        found = lookup(candidate)
        if found is not None:
            return found if _related(found, org, organizations) else None
    return None
