"""Malformed catalogs: whatever the input, only CatalogError escapes and nothing is published."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import openclosed as oc
from conftest import make_document
from openclosed._converter import structure_section
from openclosed._loader import _build, _structure_fast

BASE = make_document()

odd_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20),
    st.just("\u202e\u0000\ufeff"),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.recursive(
        st.just(1),
        lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.just("k"), inner),
        max_leaves=30,
    ),
)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into a JSON value."""
    out = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            out += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out += paths(item, (*prefix, index))
    return out


ALL_PATHS = [p for p in paths(BASE) if p]


def locate(document: Any, path: tuple[Any, ...]) -> tuple[Any, Any]:
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    return parent, path[-1]


@st.composite
def malformed(draw: st.DrawFn) -> dict[str, Any]:
    document = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(ALL_PATHS))
        try:
            parent, key = locate(document, path)
            parent[key]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed this place
        if not isinstance(parent, (dict, list)):
            continue
        action = draw(st.sampled_from(["replace", "delete", "extra-key", "duplicate", "dangle"]))
        if action == "replace":
            parent[key] = draw(odd_values)
        elif action == "delete":
            del parent[key]
        elif action == "extra-key" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=8))] = draw(odd_values)
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
        elif action == "dangle":
            parent[key] = "nothing-has-this-id"
    return document


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(malformed())
def test_only_catalog_errors_escape_and_the_shipped_catalog_is_untouched(document: dict[str, Any]) -> None:
    digest = oc.catalog().digest
    problems: tuple[str, ...] = ()
    try:
        loaded = oc.load_catalog(document)
    except oc.CatalogError as error:
        problems = error.errors
        assert problems
    else:
        assert isinstance(loaded, oc.Catalog)  # a mutation can leave the document valid
    assert all(" @ $" in line for line in problems), problems
    assert oc.catalog().digest == digest


def outcome(document: dict[str, Any], structure: Any) -> object:
    """The catalog built, or the errors reported; None when the fast path declines."""
    try:
        cat = _build(copy.deepcopy(document), "catalog", structure, check_spdx=True)
    except oc.CatalogError as error:
        return error.errors
    except Exception:
        if structure is structure_section:
            raise
        return None
    return [repr(m) for m in cat.models] + [repr(x) for x in (*cat.organizations, *cat.licenses)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(malformed())
def test_the_fast_path_accepts_nothing_the_strict_path_refuses(document: dict[str, Any]) -> None:
    fast = outcome(document, _structure_fast)
    if fast is not None:
        assert fast == outcome(document, structure_section)


def test_deeply_nested_json_is_a_catalog_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(oc.CatalogError):
        oc.load_catalog(path)


def test_non_utf8_file_is_a_catalog_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(json.dumps(BASE).replace("Acme", "Acm\u00e9").encode("latin-1"))
    with pytest.raises(oc.CatalogError, match="not UTF-8"):
        oc.load_catalog(path)
