"""The openness derivation rules, on hand-made records (real cases: test_data.py)."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given, settings

from openclosed import Grade, Level, Side
from openclosed._loader import build_catalog
from openclosed.openness import derive_openness, openness_score
from openclosed.records import Components
from strategies import licensed_documents


def level_of(document: dict[str, Any], model_id: str, **changes: Any) -> Level:
    model = next(m for m in document["models"] if m["id"] == model_id)
    model.update(changes)
    level = build_catalog(document).models[model_id].level
    assert level is not None
    return level


def test_open_weights_open_code_and_open_data_is_open_source(document: dict[str, Any]) -> None:
    assert level_of(document, "lab-1b") is Level.OPEN_SOURCE


def test_openly_documented_data_is_enough_for_open_source(document: dict[str, Any]) -> None:
    components = {
        "weights": "open",
        "training_code": "open",
        "training_data": "closed",
        "data_documentation": "open",
    }
    assert level_of(document, "lab-1b", components=components) is Level.OPEN_SOURCE


def test_closed_training_code_gives_open_weights(document: dict[str, Any]) -> None:
    components = {"weights": "open", "training_code": "closed", "training_data": "open"}
    assert level_of(document, "lab-1b", components=components) is Level.OPEN_WEIGHTS


def test_training_code_under_a_restrictive_license_is_not_open(document: dict[str, Any]) -> None:
    licenses = {"weights": "Apache-2.0", "code": "LicenseRef-acme-community"}
    assert level_of(document, "lab-1b", licenses=licenses) is Level.OPEN_WEIGHTS


def test_gating_does_not_lower_an_open_license(document: dict[str, Any]) -> None:
    access = {"weights": "gated", "deployments": ["self-host"]}
    assert level_of(document, "lab-1b", access=access) is Level.OPEN_SOURCE


def test_restrictive_weights_license(document: dict[str, Any]) -> None:
    assert level_of(document, "acme-open-7b") is Level.RESTRICTED_WEIGHTS


def test_weights_without_a_license_are_restricted(document: dict[str, Any]) -> None:
    assert level_of(document, "lab-1b", licenses={}) is Level.RESTRICTED_WEIGHTS


def test_api_without_weights(document: dict[str, Any]) -> None:
    assert level_of(document, "acme-pro") is Level.API


def test_product_only_is_hosted(document: dict[str, Any]) -> None:
    assert level_of(document, "acme-chat") is Level.HOSTED


def test_private_deployment_counts_as_api(document: dict[str, Any]) -> None:
    access = {"weights": "none", "deployments": ["private-deployment"]}
    assert level_of(document, "acme-pro", access=access) is Level.API


def test_toolkit_is_graded_on_its_code(document: dict[str, Any]) -> None:
    toolkit = {
        "kind": "toolkit",
        "access": {"weights": "none", "deployments": ["self-host"]},
        "licenses": {"code": "Apache-2.0"},
        "components": {"weights": "not-applicable", "inference_code": "open", "training_code": "open"},
    }
    assert level_of(document, "lab-1b", **toolkit) is Level.OPEN_SOURCE


def test_side_follows_level(document: dict[str, Any]) -> None:
    cat = build_catalog(document)
    for model in cat.models:
        assert model.openness is not None
        expected = Side.CLOSED if model.level in (Level.API, Level.HOSTED) else Side.OPEN
        assert model.openness.side is expected
        assert model.side is expected


def test_score_counts_grades_and_skips_not_applicable(document: dict[str, Any]) -> None:
    model = build_catalog(document).models["lab-1b"]
    all_open = attrs.evolve(
        model, components=Components(**dict.fromkeys(attrs.fields_dict(Components), Grade.OPEN))
    )
    assert openness_score(all_open) == 1.0
    half = attrs.evolve(model, components=Components(weights=Grade.PARTIAL, paper=Grade.NOT_APPLICABLE))
    # weights 0.5, five unknown components 0, paper skipped: 0.5 / 6
    assert openness_score(half) == round(0.5 / 6, 4)


@pytest.mark.parametrize("grade", list(Grade))
def test_score_is_bounded(document: dict[str, Any], grade: Grade) -> None:
    model = build_catalog(document).models["lab-1b"]
    changed = attrs.evolve(model, components=Components(weights=grade, training_data=grade))
    assert 0.0 <= openness_score(changed) <= 1.0


def test_derivation_is_pure(document: dict[str, Any]) -> None:
    cat = build_catalog(document)
    licenses = {lic.id: lic for lic in cat.licenses}
    categories = {c.id: c for c in cat.license_categories}
    model = cat.models["acme-open-7b"]
    first = derive_openness(model, licenses, categories)
    assert derive_openness(model, licenses, categories) == first
    assert first.reasons  # every level says why


def test_a_given_score_is_used_as_is(document: dict[str, Any]) -> None:
    """The loader computes the score once per set of components and passes it in."""
    cat = build_catalog(document)
    model = cat.models["lab-1b"]
    licenses = {lic.id: lic for lic in cat.licenses}
    categories = {c.id: c for c in cat.license_categories}
    plain = derive_openness(model, licenses, categories)
    assert plain.score == openness_score(model)
    given = derive_openness(model, licenses, categories, score=plain.score)
    assert given == plain
    assert given.reasons == plain.reasons
    assert derive_openness(model, licenses, categories, score=0.25).score == 0.25


@settings(max_examples=60, deadline=None)
@given(licensed_documents())
def test_the_loaders_shared_openness_equals_a_fresh_derivation(document: dict[str, Any]) -> None:
    """The loader computes openness once per distinct set of inputs and shares it: every
    model's shared result must equal what the rules give for that model alone."""
    cat = build_catalog(document)
    licenses = {lic.id: lic for lic in cat.licenses}
    categories = {c.id: c for c in cat.license_categories}
    for model in cat.models:
        fresh = derive_openness(model, licenses, categories)
        assert model.openness == fresh
        assert model.openness.reasons == fresh.reasons  # reasons are left out of ==


def test_openness_of_reads_its_arguments_only() -> None:
    """The memo's key is the signature of ``openness_of``: the function may not reach for a
    model (a new input must be a new parameter, hence a new part of the key)."""
    import inspect

    from openclosed import openness

    source = inspect.getsource(openness.openness_of)
    assert "model" not in source.split('"""')[-1]
    parameters = inspect.signature(openness.openness_of).parameters
    assert list(parameters) == [
        "kind",
        "access",
        "component_licenses",
        "components",
        "licenses",
        "categories",
        "score",
    ]


def test_the_identity_memo_keys_on_every_argument() -> None:
    from openclosed._memo import IdentityMemo

    calls: list[tuple[object, ...]] = []

    def fn(*args: object) -> int:
        calls.append(args)
        return len(calls)

    memo = IdentityMemo(fn)
    a, b = object(), object()
    assert memo(a, b) == 1
    assert memo(a, b) == 1
    assert memo(b, a) == 2
    assert memo(a, a) == 3
    assert len(calls) == 3
    assert "3 results" in repr(memo)
