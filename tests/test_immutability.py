"""No shared mutable state is reachable from the public API, and equal objects hash equally."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from types import MappingProxyType, ModuleType
from typing import Any

import pytest

import openclosed as oc
from conftest import make_document

MODULES = (
    "_catalog",
    "_offers",
    "enums",
    "errors",
    "openness",
    "query",
    "records",
    "requirements",
    "scoring",
)
MUTABLE = (dict, list, set, bytearray)


def public_constants(module: ModuleType) -> list[tuple[str, Any]]:
    """The module's public names that are data, not functions, classes or modules."""
    return [
        (name, value)
        for name, value in vars(module).items()
        if not name.startswith("_")
        and not callable(value)
        and not isinstance(value, ModuleType)
        and name not in ("annotations", "TYPE_CHECKING")
    ]


def mutable_parts(value: object, path: str) -> list[str]:
    if isinstance(value, MUTABLE):
        return [path]
    if isinstance(value, Mapping):
        return [p for key, item in value.items() for p in mutable_parts(item, f"{path}[{key!r}]")]
    if isinstance(value, (tuple, frozenset)):
        return [p for i, item in enumerate(value) for p in mutable_parts(item, f"{path}[{i}]")]
    return []


@pytest.mark.parametrize("name", MODULES)
def test_no_public_module_constant_can_be_changed(name: str) -> None:
    module = importlib.import_module(f"openclosed.{name}")
    found = [p for attr, value in public_constants(module) for p in mutable_parts(value, f"{name}.{attr}")]
    assert found == []


def test_the_ladders_and_sort_keys_refuse_changes() -> None:
    from openclosed._offers import OFFER_SORT_KEYS
    from openclosed.query import SORT_KEYS
    from openclosed.scoring import LADDERS

    with pytest.raises(TypeError):
        LADDERS["readiness"]["vendor"] = 0.0  # type: ignore[index]
    with pytest.raises(TypeError):
        LADDERS["readiness"] = {}  # type: ignore[index]
    with pytest.raises(TypeError):
        SORT_KEYS["id"] = len  # type: ignore[index]
    with pytest.raises(TypeError):
        OFFER_SORT_KEYS["price"] = len  # type: ignore[index]
    assert isinstance(LADDERS, MappingProxyType)
    assert all(isinstance(ladder, MappingProxyType) for ladder in LADDERS.values())


def test_equal_results_hash_equally() -> None:
    shipped = oc.catalog()
    copy = oc.load_catalog(shipped.to_document())
    assert copy.models is not shipped.models
    pairs = [
        (shipped.models.filter(side="open"), copy.models.filter(side="open")),
        (shipped.models.filter(side="open")[:3], shipped.models.filter(side="open").sort("id")[:3]),
        (shipped.models.search("llama"), copy.models.search("llama")),
    ]
    # the same models at other positions: a catalog with one more model sorts before them
    document = make_document()
    smaller = oc.load_catalog(document)
    document["models"].insert(0, {**document["models"][0], "id": "aaa", "name": "AAA"})
    larger = oc.load_catalog(document)
    pairs.append((smaller.models.filter(vendor="open-lab"), larger.models.filter(vendor="open-lab")))
    for first, second in pairs:
        assert first == second
        assert hash(first) == hash(second)
        assert first == tuple(second)
        assert hash(first) == hash(tuple(second))


def test_equal_catalogs_and_rankings_hash_equally() -> None:
    shipped = oc.catalog()
    copy = oc.load_catalog(shipped.to_document())
    assert copy == shipped
    assert hash(copy) == hash(shipped)
    req = oc.Requirements(constraints={"tasks": "text-generation"})
    first, second = oc.recommend(req), oc.recommend(req, copy)
    assert first.ranking == second.ranking
    assert hash(first.ranking) == hash(second.ranking)
