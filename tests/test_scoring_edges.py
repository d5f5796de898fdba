"""Exact values of the cost model (added where tools/mutation_test.py showed that a changed
operator or constant went unnoticed: only orders and bounds were tested)."""

from __future__ import annotations

import attrs
import pytest

import openclosed as oc
from openclosed.hardware import GPU_CLASSES
from openclosed.scoring import Route, cost_utility, engineering_hours, estimate_cost, plan_replica
from openclosed.scoring.effort import engineering_usd


@pytest.mark.parametrize(
    ("usd", "reference", "utility"),
    [
        (None, 1.0, 0.0),
        (0.0, 1.0, 1.0),
        (0.5, 1.0, 1.0),
        (0.0, 0.0, 1.0),
        (0.001, 0.0, 1.0),  # below a cent, costs count as equal
        (0.1, 0.0, 2 / 3),
        (10.0, 1.0, 2 / 3),
        (100.0, 1.0, 1 / 3),
        (1_000.0, 1.0, 0.0),  # a thousandfold spans the whole scale
        (1e9, 1.0, 0.0),
        (100.0, 100.0, 1.0),
        (1_000.0, 100.0, 2 / 3),
        (50.0, 100.0, 1.0),
    ],
)
def test_cost_utility_against_the_cheapest_option(
    usd: float | None, reference: float, utility: float
) -> None:
    assert cost_utility(usd, reference) == pytest.approx(utility)


def test_engineering_hours_at_both_ends_and_growing_with_the_fleet() -> None:
    assert engineering_hours(0.0) == (240, 40)
    assert engineering_hours(1.0) == (40, 4)
    assert engineering_hours(1.0, 16) == (40, 16)  # upkeep grows with the square root of the fleet


@pytest.mark.parametrize(
    ("parameters", "precision", "gpus"),
    # weights x 1.2 on 80 GB GPUs, rounded up to a tensor-parallel size: 7B bf16 is 16.8 GB
    # (one GPU), 70B bf16 168 GB (three, so four), 70B fp8 84 GB (two), 405B fp8 486 GB (seven, so eight)
    [
        (7_000_000_000, "bf16", 1),
        (70_000_000_000, "bf16", 4),
        (70_000_000_000, "fp8", 2),
        (405_000_000_000, "fp8", 8),
    ],
)
def test_self_hosting_needs_the_gpus_the_weights_fill(parameters: int, precision: str, gpus: int) -> None:
    model = attrs.evolve(oc.models["mistral-7b"], parameters=parameters, active_parameters=None)
    req = oc.Requirements(
        workload={"monthly_tokens": 1_000}, in_house_expertise="expert", assumptions={"precision": precision}
    )
    cost = estimate_cost(model, Route.SELF_HOST, req)
    assert cost.gpus == cost.gpus_per_replica == gpus
    assert cost.replicas == 1
    assert cost.gpu_usd == pytest.approx(gpus * GPU_CLASSES["H100"].hourly_usd * 730)
    assert cost.engineering_usd == pytest.approx(engineering_usd(1.0, gpus, 24, 100))
    assert cost.monthly_usd == pytest.approx(cost.gpu_usd + cost.engineering_usd)


def test_replicas_follow_the_token_volume() -> None:
    model = attrs.evolve(oc.models["mistral-7b"], parameters=8_000_000_000, active_parameters=None)
    a = oc.Assumptions()
    plan = plan_replica(8_000_000_000, 8_000_000_000, a)
    # a replica's month at 50% use, for the default mix of 75% input and 25% output tokens
    seconds_per_token = 0.75 / plan.prefill_tokens_per_second + 0.25 / plan.decode_tokens_per_second
    capacity = 730 * 3600 * a.max_utilization / seconds_per_token
    for tokens, replicas in ((capacity * 0.99, 1), (capacity * 1.01, 2), (capacity * 3.5, 4)):
        req = oc.Requirements(workload={"monthly_tokens": tokens})
        assert estimate_cost(model, Route.SELF_HOST, req).replicas == replicas


def test_input_tokens_cost_less_than_output_tokens_to_serve() -> None:
    plan = plan_replica(70_000_000_000, 70_000_000_000, oc.Assumptions())
    assert plan.prefill_tokens_per_second > plan.decode_tokens_per_second


def test_throughput_grows_with_the_gpus_in_a_replica() -> None:
    small = plan_replica(8_000_000_000, 8_000_000_000, oc.Assumptions())
    large = plan_replica(70_000_000_000, 70_000_000_000, oc.Assumptions())
    assert large.gpus_per_replica == 4
    # a 70B replica has 4 GPUs: its throughput per active parameter is four times one GPU's
    assert large.prefill_tokens_per_second * 70 == pytest.approx(small.prefill_tokens_per_second * 8 * 4)


def test_mixture_of_experts_pays_memory_for_all_and_compute_for_active_parameters() -> None:
    dense = plan_replica(235_000_000_000, 235_000_000_000, oc.Assumptions())
    moe = plan_replica(235_000_000_000, 22_000_000_000, oc.Assumptions())
    assert moe.gpus_per_replica == dense.gpus_per_replica
    assert moe.prefill_tokens_per_second == pytest.approx(dense.prefill_tokens_per_second * 235 / 22)
    assert moe.decode_tokens_per_second >= dense.decode_tokens_per_second


def test_gpu_classes_change_price_memory_and_speed() -> None:
    model = attrs.evolve(oc.models["mistral-7b"], parameters=8_000_000_000, active_parameters=None)
    costs = {
        gpu: estimate_cost(model, Route.SELF_HOST, oc.Requirements(assumptions={"gpu": gpu}))
        for gpu in ("H100", "A100", "L4")
    }
    assert {gpu: c.gpu_class for gpu, c in costs.items()} == {g: g for g in costs}
    assert costs["L4"].gpus_per_replica == 1  # 19.2 GB fits in 24 GB
    assert costs["L4"].gpu_usd < costs["A100"].gpu_usd < costs["H100"].gpu_usd  # one GPU each at this volume
    assert plan_replica(8_000_000_000, 8_000_000_000, oc.Assumptions(gpu="l4")).gpu.name == "L4"


def test_hardware_you_own_costs_only_the_people() -> None:
    model = attrs.evolve(oc.models["mistral-7b"], parameters=8_000_000_000, active_parameters=None)
    req = oc.Requirements(constraints={"owned_gpus": 2})
    owned = estimate_cost(model, Route.OWN_HARDWARE, req)
    rented = estimate_cost(model, Route.SELF_HOST, req)
    assert owned.gpu_usd == 0.0
    assert owned.gpus == rented.gpus
    assert owned.monthly_usd == pytest.approx(rented.engineering_usd)


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


@pytest.mark.parametrize("field", ["reference_tokens_per_second", "reference_parameters"])
def test_the_first_cost_models_fields_still_load_and_warn(field: str) -> None:
    with pytest.warns(DeprecationWarning, match=f"Assumptions.{field} is no longer used"):
        assumptions = oc.Assumptions(**{field: 1000})
    # accepted and unused: the estimate is the same as without it
    model = oc.models["mistral-7b"]
    with_it = estimate_cost(model, Route.SELF_HOST, oc.Requirements(assumptions=assumptions))
    without = estimate_cost(model, Route.SELF_HOST, oc.Requirements())
    assert with_it.monthly_usd == without.monthly_usd


def test_self_hosting_serves_the_weights_as_released_unless_told_otherwise() -> None:
    """A model released at 4 or 8 bits fills fewer GPUs than its 16-bit size would; the
    user's own precision, when given, applies to every model."""
    from openclosed.scoring.cost import self_host_cost

    cat = oc.catalog()
    req = oc.Requirements(workload={"monthly_tokens": 1_000}, in_house_expertise="expert")
    released = [m for m in cat.models if m.weights_precision is not None and m.parameters]
    assert {m.weights_precision for m in released} == {"bf16", "fp8", "int4"}
    for model in released:
        as_released = self_host_cost(model, oc.Route.SELF_HOST, req)
        assert as_released.precision == model.weights_precision
        assert f"{model.weights_precision} weights (as released)" in (as_released.note or "")
        forced = attrs.evolve(req, assumptions=oc.Assumptions(precision="bf16"))
        at_16_bits = self_host_cost(model, oc.Route.SELF_HOST, forced)
        assert at_16_bits.precision == "bf16"
        assert as_released.gpus is not None
        assert at_16_bits.gpus is not None
        assert as_released.gpus <= at_16_bits.gpus
    gpt_oss = cat.models["gpt-oss-120b"]
    # 117B parameters at about half a byte: one 80 GB GPU, as OpenAI says
    assert self_host_cost(gpt_oss, oc.Route.SELF_HOST, req).gpus == 1
    unknown = next(
        m for m in cat.models if m.weights_precision is None and m.parameters and m.access.self_hostable
    )
    note = self_host_cost(unknown, oc.Route.SELF_HOST, req).note or ""
    assert "bf16 weights (release precision not recorded)" in note
    # bytes per parameter of your own say nothing of a release precision
    own_bytes = attrs.evolve(req, assumptions=oc.Assumptions(bytes_per_parameter=0.5))
    for model in (unknown, gpt_oss):
        assert "of 0.5 bytes weights; " in (self_host_cost(model, oc.Route.SELF_HOST, own_bytes).note or "")


def test_the_verdict_warns_when_no_task_was_set_and_the_two_best_do_different_jobs() -> None:
    """Without a task an embedding model can win against chat models on cost alone; the
    verdict then says that models of different tasks competed, and how to compare like with
    like. With a task set, or when the two best share a task, it says nothing of the kind."""
    base = {"customization": "off-the-shelf", "in_house_expertise": "none"}
    workload = {"monthly_tokens": 2_000_000}
    rec = oc.recommend(oc.Requirements(**base, workload=workload))
    best = [oc.models[m] for m in (rec.verdict.best_open, rec.verdict.best_closed) if m is not None]
    warned = [r for r in rec.verdict.reasons if r.startswith("no task was set")]
    assert len(best) == 2
    assert bool(warned) == (not set(best[0].tasks) & set(best[1].tasks))
    assert warned  # today's catalog: an embedding model is the cheapest closed option
    for model in best:
        assert model.id in warned[0]
    assert "set constraints.tasks (--task)" in warned[0]
    with_task = oc.recommend(
        oc.Requirements(**base, workload=workload, constraints={"tasks": "feature-extraction"})
    )
    assert not [r for r in with_task.verdict.reasons if r.startswith("no task was set")]
    same = oc.recommend(
        oc.Requirements(**base, workload=workload, constraints={"shortlist": ["gpt-5-nano", "gpt-oss-20b"]})
    )
    assert (same.verdict.best_open, same.verdict.best_closed) == ("gpt-oss-20b", "gpt-5-nano")
    assert not [r for r in same.verdict.reasons if r.startswith("no task was set")]
