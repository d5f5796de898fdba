"""The reasons the openness derivation gives, and its edges (added to kill surviving mutants:
tools/mutation_test.py showed the reasons were never checked)."""

from __future__ import annotations

from typing import Any

import attrs

from openclosed import Level
from openclosed._loader import build_catalog
from openclosed.openness import derive_openness, openness_score
from openclosed.records import Components


def openness_of(document: dict[str, Any], model_id: str, **changes: Any) -> Any:
    model = next(m for m in document["models"] if m["id"] == model_id)
    model.update(changes)
    return build_catalog(document).models[model_id].openness


def test_open_weights_name_what_is_missing(document: dict[str, Any]) -> None:
    no_code = openness_of(
        document, "lab-1b", components={"weights": "open", "training_code": "closed", "training_data": "open"}
    )
    assert no_code.level is Level.OPEN_WEIGHTS
    assert no_code.reasons[0] == "weights under Apache-2.0, but no open training code"


def test_open_weights_without_data_information(document: dict[str, Any]) -> None:
    no_data = openness_of(
        document, "lab-1b", components={"weights": "open", "training_code": "open", "training_data": "closed"}
    )
    assert no_data.reasons[0] == "weights under Apache-2.0, but no open training data information"


def test_open_weights_missing_both(document: dict[str, Any]) -> None:
    neither = openness_of(document, "lab-1b", components={"weights": "open"})
    assert neither.reasons[0] == (
        "weights under Apache-2.0, but no open training code or training data information"
    )


def test_restricted_weights_say_why(document: dict[str, Any]) -> None:
    unlicensed = openness_of(document, "lab-1b", licenses={})
    assert unlicensed.level is Level.RESTRICTED_WEIGHTS
    assert unlicensed.reasons == ("weights can be downloaded, but no license is recorded for them",)
    restricted = openness_of(document, "acme-open-7b")
    assert restricted.reasons[0] == (
        "weights can be downloaded under LicenseRef-acme-community, which restricts use"
    )


def test_gated_downloads_are_named_and_public_ones_are_not(document: dict[str, Any]) -> None:
    gated = openness_of(document, "acme-open-7b")  # gated in the fixture
    assert gated.reasons[-1] == "the download is gated behind a click-through or an approval"
    public = openness_of(document, "lab-1b")
    assert not any("gated" in reason for reason in public.reasons)


def test_a_score_with_every_component_not_applicable_is_zero() -> None:
    components = Components(**{a.name: "not-applicable" for a in attrs.fields(Components)})
    model = build_catalog_model(components)
    assert openness_score(model) == 0.0


def build_catalog_model(components: Components) -> Any:
    from conftest import make_document

    cat = build_catalog(make_document())
    return attrs.evolve(cat.models["lab-1b"], components=components)


def test_a_license_missing_from_the_mapping_is_not_open(document: dict[str, Any]) -> None:
    cat = build_catalog(document)
    model = cat.models["lab-1b"]
    licenses = {lic.id: lic for lic in cat.licenses if lic.id != "Apache-2.0"}
    categories = {c.id: c for c in cat.license_categories}
    result = derive_openness(model, licenses, categories)
    assert result.level is Level.RESTRICTED_WEIGHTS
