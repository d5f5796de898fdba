"""Exact values of the cost model (added where tools/mutation_test.py showed that a changed
operator or constant went unnoticed: only orders and bounds were tested)."""

from __future__ import annotations

import math

import attrs
import pytest

import openclosed as oc
from openclosed.scoring import Route, cost_utility, engineering_hours, estimate_cost


@pytest.mark.parametrize(
    ("usd", "utility"),
    [(None, 0.0), (0.0, 1.0), (10.0, 1.0), (100.0, 0.8), (1_000.0, 0.6), (1e6, 0.0), (1e9, 0.0)],
)
def test_cost_utility_on_its_log_scale(usd: float | None, utility: float) -> None:
    assert cost_utility(usd) == pytest.approx(utility)


def test_engineering_hours_at_both_ends() -> None:
    assert engineering_hours(0.0) == (240, 40)
    assert engineering_hours(1.0) == (40, 4)


@pytest.mark.parametrize(("parameters", "gpus"), [(7_000_000_000, 1), (70_000_000_000, 3)])
def test_self_hosting_needs_the_gpus_the_weights_fill(parameters: int, gpus: int) -> None:
    # 2 bytes a parameter and 20% overhead: 7B fill 16.8 GB (one 80 GB GPU), 70B 168 GB (three)
    model = attrs.evolve(oc.models["mistral-7b"], parameters=parameters, active_parameters=None)
    req = oc.Requirements(workload={"monthly_tokens": 1_000}, in_house_expertise="expert")
    cost = estimate_cost(model, Route.SELF_HOST, req)
    assert cost.gpus == gpus
    assert cost.gpu_usd == pytest.approx(gpus * 2.5 * 730)
    setup, upkeep = engineering_hours(1.0)
    assert cost.engineering_usd == pytest.approx((setup / 24 + upkeep) * 100)
    assert cost.monthly_usd == pytest.approx(cost.gpu_usd + cost.engineering_usd)
    assert cost.monthly_usd is not None
    assert math.isfinite(cost.monthly_usd)


def test_replicas_follow_the_token_volume() -> None:
    model = attrs.evolve(oc.models["mistral-7b"], parameters=8_000_000_000, active_parameters=None)
    # one replica serves 2,500 tokens/s of an 8B model at 50% use: 3.285e9 tokens a month
    for tokens, replicas in ((3.2e9, 1), (3.3e9, 2), (9.9e9, 4)):
        req = oc.Requirements(workload={"monthly_tokens": tokens})
        assert estimate_cost(model, Route.SELF_HOST, req).gpus == replicas


@pytest.mark.parametrize(
    ("attestations", "managed"), [([], 0.3), (["SOC 2 Type II"], 1.0), (["ISO 27001"], 1.0)]
)
def test_attested_vendors_score_as_managed(attestations: list[str], managed: float) -> None:
    from conftest import make_document

    document = make_document()
    document["offers"][0]["attestations"] = attestations  # acme/acme-pro, the maker's API
    cat = oc.load_catalog(document)
    req = oc.Requirements(security="vendor-managed")  # security utility = the managed pole
    breakdown = oc.score(cat.models["acme-pro"], req, catalog=cat).breakdown
    (security,) = [c for c in breakdown if c.criterion is oc.Criterion.SECURITY]
    assert security.utility == pytest.approx(managed)


def test_an_unknown_cost_scores_zero_on_cost() -> None:
    from conftest import make_document

    cat = oc.load_catalog(make_document())
    # acme-chat is a product with no price: its cost cannot be estimated
    result = oc.score(cat.models["acme-chat"], oc.Requirements(), catalog=cat)
    (cost,) = [c for c in result.breakdown if c.criterion is oc.Criterion.COST]
    assert result.cost.monthly_usd is None
    assert cost.utility == 0.0
    assert cost.unknowns


def test_an_exact_key_ranks_before_keys_it_begins() -> None:
    from openclosed.query import format_table

    assert oc.models.search("gpt-4").ids()[0] == "gpt-4"  # before gpt-4o, gpt-4.1... that begin with gpt4
    found = oc.models.search("llama 3.1 70b").ids()
    assert found[0] == "llama-3.1-70b"
    # a table cut to fit uses the whole width, not less
    lines = format_table(list(oc.models.all()), width=80).splitlines()
    assert max(map(len, lines)) == 80
