"""Edges of the loader (added where tools/mutation_test.py showed that a changed operator or
constant in _loader.py went unnoticed)."""

from __future__ import annotations

import math
from typing import Any

import pytest

import openclosed as oc
from conftest import make_document


def test_a_mapping_full_of_non_json_values_lists_fifty_problems() -> None:
    """The walk that explains why a mapping is not JSON data stops at 50 problems (the cap of
    ``json_problems``), so that a huge bad mapping is refused in bounded time and text."""
    document: dict[str, Any] = make_document()
    document["models"] = [math.nan] * 60
    with pytest.raises(oc.CatalogError) as caught:
        oc.load_catalog(document)
    assert len(caught.value.errors) == 50
    assert all(
        line.startswith("expected a finite number, got nan @ $.models[") for line in caught.value.errors
    )


def _nested(levels: int, container: str) -> object:
    value: object = "leaf"
    for _ in range(levels):
        value = {"x": value} if container == "dict" else [value]
    return value


@pytest.mark.parametrize("container", ["dict", "list"])
def test_nesting_is_refused_from_the_thirty_second_level(container: str) -> None:
    """``$`` is level 0, ``$.models`` 1, ``$.models[0]`` 2 and its ``notes`` 3: 29 more
    containers inside reach level 31 and are walked; 30 put one at level 32, which is refused."""
    for levels, refused in ((29, False), (30, True)):
        document = make_document()
        document["models"][0]["notes"] = _nested(levels, container)
        with pytest.raises(oc.CatalogError) as caught:
            oc.load_catalog(document)
        too_deep = [line for line in caught.value.errors if "nested more than 32 levels deep" in line]
        assert bool(too_deep) is refused, (levels, caught.value.errors)


@pytest.mark.parametrize(
    ("number", "refused"), [(10**30 - 1, False), (10**30, True), (-(10**30) + 1, False), (-(10**30), True)]
)
def test_integers_of_more_than_thirty_digits_are_refused(number: int, refused: bool) -> None:
    document = make_document()
    document["models"][0]["notes"] = [number, math.inf]  # inf: the fast structurer declines
    with pytest.raises(oc.CatalogError) as caught:
        oc.load_catalog(document)
    out_of_range = "integer out of range (more than 30 digits) @ $.models[0].notes[0]"
    assert (out_of_range in caught.value.errors) is refused


def test_only_the_numbers_that_are_not_finite_are_named() -> None:
    document = make_document()
    document["models"][2]["parameters"] = math.inf
    with pytest.raises(oc.CatalogError) as caught:
        oc.load_catalog(document)  # the offers' prices (1.0, 0.3...) are finite and not named
    assert caught.value.errors == ("expected a finite number, got inf @ $.models[2].parameters",)


def test_the_strict_path_checks_spdx_ids_too() -> None:
    """A document the fast structurer declines (an unknown field) still gets its SPDX ids checked."""
    document = make_document()
    document["licenses"][0]["id"] = "apache-2.0"
    for model in document["models"]:
        if model.get("licenses", {}).get("weights") == "Apache-2.0":
            model["licenses"] = {"weights": "apache-2.0", "code": "apache-2.0"}
    document["models"][0]["colour"] = "blue"
    with pytest.raises(oc.CatalogError) as caught:
        oc.load_catalog(document)
    assert any("extra fields found (colour)" in line for line in caught.value.errors)
    assert (
        "SPDX id 'apache-2.0' is not canonical; write 'Apache-2.0' @ $.licenses[0].id" in caught.value.errors
    )


def test_an_extension_with_an_id_that_is_not_a_string_is_a_catalog_error() -> None:
    with pytest.raises(oc.CatalogError):
        oc.catalog().extended({"models": [{"id": ["llama-2"]}]})


@pytest.mark.parametrize("version", ["26.1", "v26.1.0", "26.1.0-rc1", 26])
def test_a_version_that_is_not_three_numbers_is_refused(version: object) -> None:
    document = make_document()
    document["catalog"]["version"] = version
    with pytest.raises(oc.CatalogError) as caught:
        oc.load_catalog(document)
    assert caught.value.errors == (f"version must look like '26.1.0', got {version!r} @ $.catalog.version",)


def test_a_models_offers_list_its_makers_first() -> None:
    """lab-1b is made by open-lab and also served by acme, whose id sorts first: the maker's
    offer still comes first, then the others by provider."""
    document = make_document()
    price = document["offers"][1]["prices"][:1]
    for provider, kind in (("acme", "inference-host"), ("open-lab", "maker")):
        document["offers"].append(
            {
                "id": f"{provider}/lab-1b",
                "model": "lab-1b",
                "provider": provider,
                "kind": kind,
                "prices": price,
            }
        )
    cat = oc.load_catalog(document)
    assert [offer.id for offer in cat.models["lab-1b"].offers] == ["open-lab/lab-1b", "acme/lab-1b"]


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("fp4", "weights_precision must be one of 'bf16', 'fp8', 'int4', not 'fp4'; did you mean 'fp8'?"),
        ("BF16", "not 'BF16'; did you mean 'bf16'?"),
        (16, "expected a string, got 16"),
    ],
)
def test_a_weights_precision_the_cost_model_does_not_know_is_refused(value: object, error: str) -> None:
    document = make_document()
    document["models"][0]["weights_precision"] = value
    with pytest.raises(oc.CatalogError) as info:
        oc.load_catalog(document)
    assert any(error in e for e in info.value.errors), info.value.errors
    document["models"][0]["weights_precision"] = "fp8"
    assert oc.load_catalog(document).models[document["models"][0]["id"]].weights_precision == "fp8"
