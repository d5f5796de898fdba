"""The decision scorer: properties from research/scorer.md section 4.5, and input validation."""

from __future__ import annotations

import copy
import json
import math
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import openclosed as oc
from openclosed import Choice, Criterion, InvalidRequirementsError, Requirements
from openclosed._loader import build_catalog
from openclosed.hardware import GPU_CLASSES
from openclosed.scoring import LADDERS, candidate_routes, cost_utility, estimate_cost
from strategies import model_dicts, requirements, scoring_documents

EPS = 1e-12  # float rounding in fsum of products


@settings(max_examples=60, deadline=None)
@given(scoring_documents(), requirements(), st.randoms())
def test_deterministic_and_independent_of_catalog_order(
    document: dict[str, Any], req: Requirements, rnd: Any
) -> None:
    first = oc.recommend(req, build_catalog(document))
    shuffled = copy.deepcopy(document)
    rnd.shuffle(shuffled["models"])
    second = oc.recommend(req, build_catalog(shuffled))
    assert first == second
    assert first.to_json() == second.to_json()


@settings(max_examples=60, deadline=None)
@given(scoring_documents(), requirements())
def test_inputs_are_untouched(document: dict[str, Any], req: Requirements) -> None:
    cat = build_catalog(document)
    digest, before = cat.digest, copy.deepcopy(req)
    oc.recommend(req, cat)
    assert cat.digest == digest
    assert req == before


@settings(max_examples=80, deadline=None)
@given(scoring_documents(), requirements())
def test_bounded_and_exact_explanations(document: dict[str, Any], req: Requirements) -> None:
    rec = oc.recommend(req, build_catalog(document))
    for s in rec.ranking:
        assert 0.0 <= s.total <= 1.0 + EPS
        assert s.total == math.fsum(c.contribution for c in s.breakdown)
        for c in s.breakdown:
            assert 0.0 <= c.utility <= 1.0
            assert 0.0 <= c.contribution <= c.weight + EPS
            if c.importance == 0:
                assert c.contribution == 0.0
    keys = [(-s.total, s.model_id) for s in rec.ranking]
    assert keys == sorted(keys)
    assert [s.rank for s in rec.ranking] == list(range(1, len(rec.ranking) + 1))
    assert {s.model_id for s in rec.ranking} | {e.model_id for e in rec.excluded} == set(
        build_catalog(document).models.ids()
    )
    if rec.verdict.best_open and rec.verdict.best_closed:
        assert math.isclose(
            sum(m for _, m in rec.verdict.criterion_margins), rec.verdict.margin, abs_tol=1e-9
        )


@settings(max_examples=60, deadline=None)
@given(scoring_documents(), requirements(), st.integers(2, 5))
def test_importance_scale_invariance_is_exact(
    document: dict[str, Any], req: Requirements, factor: int
) -> None:
    i = req.importance
    small = oc.Importance(customization=1, support=0, cost=2, security=1, long_term=0)
    scaled = oc.Importance(
        customization=factor,
        support=0,
        cost=2 * factor if 2 * factor <= 5 else 4,
        security=factor,
        long_term=0,
    )
    if scaled.cost != 2 * factor:
        return  # the scaled vector would leave the 0-5 range
    cat = build_catalog(document)
    a = oc.recommend(attrs.evolve(req, importance=small), cat)
    b = oc.recommend(attrs.evolve(req, importance=scaled), cat)
    assert [(s.model_id, s.total) for s in a.ranking] == [(s.model_id, s.total) for s in b.ranking]
    assert a.verdict.choice is b.verdict.choice
    assert i == req.importance


@settings(max_examples=80, deadline=None)
@given(scoring_documents(), requirements(), st.sampled_from(list(Criterion)), st.integers(1, 5))
def test_pairwise_importance_monotonicity(
    document: dict[str, Any], req: Requirements, k: Criterion, dw: int
) -> None:
    cat = build_catalog(document)
    before = oc.recommend(req, cat)
    current = getattr(req.importance, k.value)
    if current + dw > 5:
        return
    after = oc.recommend(
        attrs.evolve(req, importance=attrs.evolve(req.importance, **{k.value: current + dw})), cat
    )
    by_id = {s.model_id: s for s in after.ranking}
    assert before.cost_reference_usd == after.cost_reference_usd  # weights do not move it
    # A model keeps its utilities while it keeps its route; a heavier weight can move it to
    # another route with other utilities, which this property does not speak of.
    same = [
        s for s in before.ranking if (s.route, s.offer) == (by_id[s.model_id].route, by_id[s.model_id].offer)
    ]
    for a in same:
        for b in same:
            ua = next(c.utility for c in a.breakdown if c.criterion is k)
            ub = next(c.utility for c in b.breakdown if c.criterion is k)
            if ua >= ub and a.total >= b.total:
                assert by_id[a.model_id].total >= by_id[b.model_id].total - EPS


@settings(max_examples=60, deadline=None)
@given(scoring_documents(max_models=8), requirements(), model_dicts(9999))
def test_independence_of_irrelevant_models(
    document: dict[str, Any], req: Requirements, extra: dict[str, Any]
) -> None:
    base = oc.recommend(req, build_catalog(document))
    document["models"].append(extra)
    more = oc.recommend(req, build_catalog(document))
    if more.cost_reference_usd != base.cost_reference_usd:
        return  # the added model is the new cheapest option: every cost scores against it now
    totals = {s.model_id: s.total for s in more.ranking}
    for s in base.ranking:
        assert totals[s.model_id] == s.total
    assert [i for i in more.ranking if i.model_id != extra["id"]] != [] or not base.ranking
    assert [s.model_id for s in more.ranking if s.model_id != extra["id"]] == [
        s.model_id for s in base.ranking
    ]
    added = more.score_of(extra["id"])
    if added is not None and base.verdict.choice is not Choice.NONE:
        best = base.verdict.best_open if added.side is oc.Side.OPEN else base.verdict.best_closed
        best_total = totals.get(best) if best else None
        if best_total is not None and added.total < best_total:
            assert more.verdict.choice is base.verdict.choice


@settings(max_examples=60, deadline=None)
@given(
    scoring_documents(),
    requirements(),
    st.sampled_from(
        [
            "tasks",
            "commercial_use",
            "organization_mau",
            "include_retired",
            "require_fine_tuning",
            "max_monthly_cost_usd",
        ]
    ),
)
def test_constraints_only_filter(document: dict[str, Any], req: Requirements, which: str) -> None:
    cat = build_catalog(document)
    loose = oc.recommend(
        attrs.evolve(req, constraints=oc.Constraints(commercial_use=False, include_retired=True)), cat
    )
    options: dict[str, dict[str, Any]] = {
        "tasks": {"tasks": ["text-generation"]},
        "commercial_use": {"commercial_use": True},
        "organization_mau": {"organization_mau": 10**6},
        "include_retired": {"include_retired": False},
        "require_fine_tuning": {"require_fine_tuning": True},
        "max_monthly_cost_usd": {"max_monthly_cost_usd": 1000.0},
    }
    tight_constraints = options[which]
    relaxed: dict[str, Any] = {"commercial_use": False, "include_retired": True}
    tight_req = attrs.evolve(req, constraints=oc.Constraints(**{**relaxed, **tight_constraints}))
    if which == "tasks" and not any(oc.Task.TEXT_GENERATION in m.tasks for m in cat.models):
        with pytest.raises(oc.InvalidRequirementsError, match="no model of this catalog does"):
            oc.recommend(tight_req, cat)
        return
    tight = oc.recommend(tight_req, cat)
    loose_scores = {s.model_id: s for s in loose.ranking}
    assert {s.model_id for s in tight.ranking} <= set(loose_scores)
    if tight.cost_reference_usd != loose.cost_reference_usd:
        # the cheapest known option was filtered out: costs now score against another one
        return
    for s in tight.ranking:
        # a constraint removes routes: a model keeps its score on the same route, and can
        # only fall back to a worse one
        before = loose_scores[s.model_id]
        assert s.total <= before.total
        if (s.route, s.offer) == (before.route, before.offer):
            assert s.total == before.total
    for exclusion in tight.excluded:
        assert exclusion.reasons


@settings(max_examples=60, deadline=None)
@given(scoring_documents(), requirements())
def test_what_if_flips_and_nothing_smaller_does(document: dict[str, Any], req: Requirements) -> None:
    cat = build_catalog(document)
    rec = oc.recommend(req, cat)
    what_if = rec.verdict.what_if
    if not (rec.verdict.best_open and rec.verdict.best_closed):
        assert what_if is None
        return
    from openclosed.scoring.verdict import WhatIfSearch

    changes = WhatIfSearch(req, []).changes()
    flipped = [c for c in changes if oc.recommend(c[5], cat).verdict.choice is not rec.verdict.choice]
    if what_if is None:
        assert flipped == []
        return
    chosen = next(c for c in changes if (c[2], c[4]) == (what_if.field, what_if.proposed))
    assert oc.recommend(chosen[5], cat).verdict.choice is what_if.new_choice is not rec.verdict.choice
    assert min(c[0] for c in flipped) == what_if.distance


@settings(max_examples=40, deadline=None)
@given(scoring_documents(), requirements())
def test_json_round_trip(document: dict[str, Any], req: Requirements) -> None:
    rec = oc.recommend(req, build_catalog(document))
    again = oc.Recommendation.from_json(rec.to_json())
    assert again == rec
    json.loads(rec.to_json())  # plain JSON


@given(st.floats(0, 1e12), st.floats(0, 1e12))
def test_cost_utility_is_monotone_and_bounded(a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert 0.0 <= cost_utility(high) <= cost_utility(low) <= 1.0
    assert cost_utility(None) == 0.0


@settings(max_examples=60, deadline=None)
@given(
    requirements(),
    st.sampled_from(["monthly_tokens", "gpu_hourly_usd", "engineer_hourly_usd"]),
    st.floats(1.0, 10.0),
)
def test_cost_estimate_grows_with_volume_and_prices(req: Requirements, field: str, factor: float) -> None:
    from conftest import make_document

    cat = build_catalog(make_document())
    # volumes these models have no price or throughput for would leave the cost unknown
    quiet = attrs.evolve(req.workload, monthly_input_audio_seconds=0, monthly_pages=0)
    req = attrs.evolve(req, workload=quiet)
    for model_id in ("acme-pro", "lab-1b", "acme-open-7b"):
        model = cat.models[model_id]
        route = oc.Route.SELF_HOST if model.access.weights is not oc.WeightsAccess.NONE else oc.Route.VENDOR
        if field == "monthly_tokens":
            bigger = attrs.evolve(
                req, workload=attrs.evolve(req.workload, monthly_tokens=req.workload.monthly_tokens * factor)
            )
        else:
            current = getattr(req.assumptions, field)
            if current is None:  # the GPU class's own price
                current = GPU_CLASSES[req.assumptions.gpu].hourly_usd
            bigger = attrs.evolve(req, assumptions=attrs.evolve(req.assumptions, **{field: current * factor}))
        before = estimate_cost(model, route, req).monthly_usd
        after = estimate_cost(model, route, bigger).monthly_usd
        assert before is not None
        assert after is not None
        assert after >= before


def test_ladders_are_ordered_best_first() -> None:
    for name, ladder in LADDERS.items():
        values = list(ladder.values())
        assert values == sorted(values, reverse=True), name
        assert all(0.0 <= v <= 1.0 for v in values), name


def test_better_facts_never_score_lower(document: dict[str, Any]) -> None:
    """Improving support, service or price facts never lowers a model's total."""
    req = Requirements()
    cat = build_catalog(document)
    base = oc.score(cat.models["acme-pro"], req, catalog=cat).total
    better = copy.deepcopy(document)
    model = next(m for m in better["models"] if m["id"] == "acme-pro")
    model["support"] = {"vendor_sla": True, "enterprise_support": True, "community": "very-large"}
    offer = next(o for o in better["offers"] if o["model"] == "acme-pro")
    offer["data"] = {"trains_on_inputs_by_default": False, "zero_retention_available": True}
    offer["attestations"] = ["SOC 2 Type II"]
    offer["deprecation_policy"] = True
    offer["prices"][0]["input_per_mtok"] = 0.1
    improved = build_catalog(better)
    assert oc.score(improved.models["acme-pro"], req, catalog=improved).total > base


@pytest.mark.parametrize(
    ("kwargs", "field", "fragment"),
    [
        ({"importance": {"cost": -1}}, "importance.cost", "[0, 5]"),
        ({"importance": {"cost": 6}}, "importance.cost", "[0, 5]"),
        ({"importance": {"cost": 2.5}}, "importance.cost", "an integer"),
        (
            {"importance": dict.fromkeys(("customization", "support", "cost", "security", "long_term"), 0)},
            "importance",
            "above 0",
        ),
        ({"customization": "loads"}, "customization", "'off-the-shelf', 'some', 'extensive'"),
        ({"in_house_expertise": "guru"}, "in_house_expertise", "'none', 'basic', 'experienced', 'expert'"),
        ({"workload": {"monthly_tokens": -5}}, "workload.monthly_tokens", "[0, 1e15]"),
        ({"workload": {"monthly_tokens": float("nan")}}, "workload.monthly_tokens", "nan"),
        ({"workload": {"output_share": 1.5}}, "workload.output_share", "[0, 1]"),
        ({"assumptions": {"gpu_hourly_usd": 0}}, "assumptions.gpu_hourly_usd", "(0, 1e4]"),
        (
            {"constraints": {"tasks": ["text-generaton"]}},
            "constraints.tasks",
            "did you mean 'text-generation'",
        ),
        ({"constraints": {"self_hosted_only": "yes"}}, "constraints.self_hosted_only", "True or False"),
        ({"workload": {"tokens": 5}}, "workload", "unknown field 'tokens'"),
    ],
)
def test_bad_requirements_name_the_field_and_range(kwargs: dict[str, Any], field: str, fragment: str) -> None:
    with pytest.raises(InvalidRequirementsError) as info:
        Requirements(**kwargs)
    assert info.value.field == field
    assert str(info.value).startswith(f"{field}: ")
    assert fragment in str(info.value)
    assert isinstance(info.value, ValueError)


def test_strings_are_accepted_for_enums() -> None:
    req = Requirements(
        customization="Extensive",
        in_house_expertise="EXPERT",
        security="own control",
        long_term="flexibility",
    )
    assert req.customization is oc.CustomizationNeed.EXTENSIVE
    assert req.in_house_expertise is oc.Expertise.EXPERT
    assert req.security is oc.SecurityStance.OWN_CONTROL
    assert req.constraints.tasks == ()
    assert Requirements(constraints={"tasks": "text-to-image"}).constraints.tasks == (oc.Task.TEXT_TO_IMAGE,)


def test_every_route_is_a_candidate_and_the_best_eligible_one_ranks(document: dict[str, Any]) -> None:
    """An open model is ranked by its best route: its own hardware, or another provider's
    offer of its weights; each route is screened on its own."""
    cat = build_catalog(document)
    cheap = Requirements(in_house_expertise="none", workload={"monthly_tokens": 1e6})
    scored = oc.score(cat.models["acme-open-7b"], cheap, catalog=cat)
    assert scored.route is oc.Route.PROVIDER
    assert scored.offer == "open-lab/acme-open-7b"
    assert scored.cost.monthly_usd == pytest.approx(0.2)  # 1M tokens at $0.20 both ways
    # the provider serves from DE and US: it keeps data in the EU, not in Japan
    eu = attrs.evolve(cheap, constraints=oc.Constraints(data_residency="EU", commercial_use=False))
    in_eu = oc.recommend(eu, cat).score_of("acme-open-7b")
    assert in_eu is not None
    assert in_eu.route is oc.Route.PROVIDER
    japan = attrs.evolve(eu, constraints=oc.Constraints(data_residency="JP", commercial_use=False))
    in_japan = oc.recommend(japan, cat).score_of("acme-open-7b")
    assert in_japan is not None
    assert in_japan.route is oc.Route.SELF_HOST  # the remaining route: your own hardware
    assert in_japan.total < in_eu.total
    # on your own hardware only, the provider is no candidate at all
    own = attrs.evolve(cheap, constraints=oc.Constraints(self_hosted_only=True, commercial_use=False))
    assert [r for r, _ in candidate_routes(cat.models["acme-open-7b"], own)] == [oc.Route.SELF_HOST]
