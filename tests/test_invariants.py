"""The loader enforces the catalog's invariants on every catalog, naming the records involved."""

from __future__ import annotations

import datetime
import time
from typing import Any

import pytest

import openclosed as oc
from conftest import SOURCE, make_document


def problems(document: dict[str, Any]) -> tuple[str, ...]:
    with pytest.raises(oc.CatalogError) as caught:
        oc.load_catalog(document)
    return caught.value.errors


def org(org_id: str, parent: str | None = None) -> dict[str, Any]:
    record: dict[str, Any] = {"id": org_id, "name": org_id.title(), "kind": "company", "sources": SOURCE}
    if parent is not None:
        record["parent"] = parent
    return record


def test_an_organization_cannot_be_its_own_parent() -> None:
    document = make_document()
    document["organizations"][1]["parent"] = "open-lab"
    assert problems(document) == (
        "organization 'open-lab' has itself as its parent @ $.organizations[1].parent",
    )


def test_parent_cycles_are_refused_and_named() -> None:
    document = make_document()
    document["organizations"] += [org("x", "y"), org("y", "z"), org("z", "x")]
    assert problems(document) == (
        "organizations form a parent cycle: x -> y -> z -> x @ $.organizations[2].parent",
    )


def test_a_chain_of_parents_is_fine_and_vendor_filters_follow_it() -> None:
    document = make_document()
    document["organizations"] += [org("x", "acme"), org("y", "x")]
    document["models"][2]["organization"] = "y"
    cat = oc.load_catalog(document)
    assert "acme-open-7b" in cat.models.filter(vendor="acme").ids()


@pytest.mark.parametrize("field", ["renamed_to", "successor", "family"])
def test_a_model_cannot_point_at_itself(field: str) -> None:
    document = make_document()
    model = document["models"][1]  # acme-pro
    model[field] = "acme-pro"
    if field == "renamed_to":
        model.update(status="renamed", status_date="2024-05-01")
    assert f"model 'acme-pro' has itself as its {field} @ $.models[1].{field}" in problems(document)


def test_renamed_to_cycles_are_refused() -> None:
    document = make_document()
    for index, target in ((0, "lab-1b"), (3, "acme-chat")):
        document["models"][index].update(status="renamed", renamed_to=target)
    (error,) = problems(document)
    assert error.startswith("models form a renamed_to cycle: ")
    assert "acme-chat -> lab-1b -> acme-chat" in error


def test_based_on_cycles_are_refused() -> None:
    document = make_document()
    document["models"][1]["based_on"] = ["acme-chat"]  # acme-chat is already based on acme-pro
    (error,) = problems(document)
    assert error.startswith("models form a based_on cycle: ")
    document = make_document()
    document["models"][0]["based_on"] = ["acme-chat"]
    assert problems(document) == ("model 'acme-chat' is based on itself @ $.models[0].based_on",)


def test_status_fields_must_agree() -> None:
    document = make_document()
    document["models"][0]["status"] = "renamed"
    document["models"][2]["renamed_to"] = "acme-pro"
    document["models"][3]["status_date"] = "2024-01-01"
    assert problems(document) == (
        "model 'acme-chat' is renamed but has no renamed_to @ $.models[0].renamed_to",
        "model 'acme-open-7b' has renamed_to 'acme-pro' but its status is 'active', not 'renamed' "
        "@ $.models[2].status",
        "model 'lab-1b' is active but has a status_date; the date is the day a deprecation, "
        "retirement or rename took effect @ $.models[3].status_date",
    )


def test_a_scheduled_retirement_belongs_to_an_entry_still_served() -> None:
    document = make_document()
    document["models"][0].update(status="retired", status_date="2025-01-01", retires="2025-06-01")
    document["models"][1].update(status="deprecated", status_date="2025-03-01", retires="2025-03-01")
    document["offers"][0].update(status="retired", status_date="2025-01-01", retires="2025-06-01")
    assert problems(document) == (
        "model 'acme-chat' is retired but has a retires date; a scheduled retirement belongs to "
        "an active or deprecated entry @ $.models[0].retires",
        "model 'acme-pro' retires on 2025-03-01, not after its status_date 2025-03-01 @ $.models[1].retires",
        "offer 'acme/acme-pro' is retired but has a retires date; a scheduled retirement belongs to "
        "an active or deprecated entry @ $.offers[0].retires",
    )


def test_a_deprecated_model_may_name_the_day_it_retires() -> None:
    document = make_document()
    document["models"][1].update(status="deprecated", status_date="2025-03-01", retires="2025-09-01")
    model = oc.load_catalog(document).models["acme-pro"]
    assert model.retires == datetime.date(2025, 9, 1)


def test_an_active_offer_has_no_status_date() -> None:
    document = make_document()
    document["offers"][0]["status_date"] = "2024-01-01"
    (error,) = problems(document)
    assert error.startswith("offer 'acme/acme-pro' is active but has a status_date")
    assert "the day a deprecation or retirement took effect" in error  # an offer is never renamed
    assert error.endswith("@ $.offers[0].status_date")


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({"active_parameters": 8_000_000_000}, "more active parameters (8,000,000,000) than parameters"),
        ({"parameters": None, "active_parameters": 10}, "has active_parameters but no parameters"),
        ({"parameters": 10**15}, "parameters must be a positive integer below 10**15"),
        ({"parameters": 10**20}, "parameters must be a positive integer below 10**15"),
        ({"parameters": 10**166}, "integer out of range"),
        ({"context_window": 10**15}, "context_window must be a positive integer below 10**15"),
    ],
)
def test_parameter_counts_stay_within_physical_bounds(fields: dict[str, Any], fragment: str) -> None:
    document = make_document()
    model = document["models"][2]  # acme-open-7b, 7B parameters
    for key, value in fields.items():
        if value is None:
            model.pop(key, None)
        else:
            model[key] = value
    errors = problems(document)
    assert any(fragment in e and "$.models[2]" in e for e in errors), errors


def test_an_active_count_equal_to_the_total_is_fine() -> None:
    document = make_document()
    document["models"][2]["active_parameters"] = 7_000_000_000
    assert oc.load_catalog(document).models["acme-open-7b"].active_parameters == 7_000_000_000


def test_prices_are_bounded() -> None:
    document = make_document()
    document["offers"][0]["prices"][0]["input_per_mtok"] = 1e300
    assert any("must be a number in [0, 1e9]" in e for e in problems(document))


def test_a_long_chain_is_checked_in_linear_time() -> None:
    document = make_document()
    count = 20_000
    document["organizations"] += [org(f"o{i}", f"o{i + 1}" if i + 1 < count else None) for i in range(count)]
    start = time.perf_counter()
    oc.load_catalog(document)
    assert time.perf_counter() - start < 5
    document["organizations"][-1]["parent"] = "o0"  # close the loop: one cycle of 20,000
    (error,) = problems(document)
    assert error.startswith("organizations form a parent cycle: o")


def test_based_on_is_checked_in_linear_time_however_shared() -> None:
    # each model is based on the two before it: a walk that revisited finished models
    # would take Fibonacci(60) steps
    document = make_document()
    template = document["models"][0]
    chain = [{**template, "id": f"p{i:02d}", "name": f"P{i}", "based_on": []} for i in range(60)]
    for i, model in enumerate(chain):
        model["based_on"] = [f"p{j:02d}" for j in (i - 1, i - 2) if j >= 0]
    document["models"] += chain
    start = time.perf_counter()
    oc.load_catalog(document)
    assert time.perf_counter() - start < 5
    chain[0]["based_on"] = ["p59"]  # every back edge closes a cycle: each is reported
    errors = problems(document)
    assert errors
    assert all(error.startswith("models form a based_on cycle: p00 -> p59 -> ") for error in errors)


def test_the_shipped_catalog_keeps_every_invariant() -> None:
    cat = oc.catalog()
    assert oc.load_catalog(cat.to_document()) == cat


def test_a_model_has_at_most_one_maker_offer() -> None:
    document = make_document()
    document["offers"].append({**document["offers"][0], "id": "open-lab/acme-pro", "provider": "open-lab"})
    assert "model 'acme-pro' has more than one offer of kind 'maker' @ $.offers" in problems(document)


def test_a_mapping_that_contains_itself_is_refused() -> None:
    document = make_document()
    loop: dict[str, Any] = {}
    loop["k"] = loop
    document["models"][0]["support"] = loop
    assert any("nested more than" in error for error in problems(document))
