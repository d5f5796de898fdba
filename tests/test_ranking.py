"""The ranking of a recommendation: a lazy, immutable sequence that equals the eager scores."""

from __future__ import annotations

import pickle
from typing import Any

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import openclosed as oc
from openclosed import Requirements
from openclosed._loader import build_catalog
from strategies import requirements, scoring_documents


@settings(max_examples=60, deadline=None)
@given(scoring_documents(), requirements())
def test_entries_equal_scoring_each_model_alone(document: dict[str, Any], req: Requirements) -> None:
    # recommend shares costs, poles and utilities between models; score() shares nothing
    cat = build_catalog(document)
    rec = oc.recommend(req, cat)
    for entry in rec.ranking:
        alone = oc.score(cat.models[entry.model_id], req, catalog=cat)
        assert attrs.evolve(entry, rank=0) == alone


@settings(max_examples=40, deadline=None)
@given(scoring_documents(), requirements())
def test_build_order_does_not_matter(document: dict[str, Any], req: Requirements) -> None:
    cat = build_catalog(document)
    forwards = oc.recommend(req, cat).ranking
    backwards = oc.recommend(req, cat).ranking
    from_the_end = [backwards[i] for i in reversed(range(len(backwards)))]
    assert list(forwards) == from_the_end[::-1]


@pytest.fixture(scope="module")
def rec() -> oc.Recommendation:
    return oc.recommend(Requirements(in_house_expertise="basic", workload={"monthly_tokens": 5e7}))


def test_entries_are_built_when_read() -> None:
    fresh = oc.recommend(Requirements())
    built = [item for item in fresh.ranking._items if item is not None]
    assert len(built) <= 2  # at most the best open and best closed, for the verdict
    assert len(fresh.ranking) > 2
    last = fresh.ranking[-1]
    assert fresh.ranking._items[-1] is last
    assert fresh.ranking[-1] is last  # kept, not rebuilt


def test_behaves_as_an_immutable_sequence(rec: oc.Recommendation) -> None:
    ranking = rec.ranking
    entries = list(ranking)
    assert len(ranking) == len(entries)
    assert ranking.model_ids == tuple(s.model_id for s in entries)
    assert [s.rank for s in entries] == list(range(1, len(entries) + 1))
    assert ranking[-1] == entries[-1]
    assert ranking[1:4] == tuple(entries[1:4])
    assert ranking[::-1] == tuple(reversed(entries))
    assert ranking == tuple(entries)
    assert tuple(entries) == ranking
    assert ranking == oc.Ranking.of(entries)
    assert ranking != oc.Ranking.of(entries[:-1])
    assert ranking != entries  # a list is not a ranking, as with tuples
    assert hash(ranking) == hash(tuple(entries))
    assert entries[2] in ranking
    assert ranking.index(entries[2]) == 2
    with pytest.raises(IndexError):
        ranking[len(entries)]
    with pytest.raises(IndexError):
        ranking[-len(entries) - 1]
    with pytest.raises(AttributeError, match="immutable"):
        ranking._ids = ()
    assert f"Ranking of {len(entries)} models: {entries[0].model_id}" in repr(ranking)


def test_pickles_and_round_trips_through_json(rec: oc.Recommendation) -> None:
    assert pickle.loads(pickle.dumps(rec)) == rec
    again = oc.Recommendation.from_json(rec.to_json())
    assert again.ranking == rec.ranking
    assert isinstance(again.ranking, oc.Ranking)


def test_score_of_finds_ranked_models_only(rec: oc.Recommendation) -> None:
    third = rec.ranking[2]
    assert rec.score_of(third.model_id) is third
    assert rec.score_of(rec.excluded[0].model_id) is None
    assert rec.score_of("no-such-model") is None


@settings(max_examples=40, deadline=None)
@given(scoring_documents(), requirements())
def test_the_scorers_shared_results_equal_fresh_ones(document: dict[str, Any], req: Requirements) -> None:
    """Every cache of the scorer is keyed by the inputs of what it caches: a route's measures,
    computed once and shared between routes with the same facts, equal those measured afresh
    from the route itself, and so do its cost and its breakdown."""
    from openclosed.scoring.cost import estimate_cost
    from openclosed.scoring.criteria import RULES, Licenses, cost_measure, facts_of
    from openclosed.scoring.routes import SELF_RUN

    cat = build_catalog(document)
    rec = oc.recommend(req, cat)
    open_categories = frozenset(c.id for c in cat.license_categories if c.osi_compatible)
    view = Licenses({lic.id: lic for lic in cat.licenses}, open_categories)
    for s in rec.ranking:
        model = cat.models[s.model_id]
        offer = next((o for o in model.offers if o.id == s.offer), None) if s.offer else None
        cost = estimate_cost(model, s.route, req, offer=offer)
        assert cost.monthly_usd == s.cost.monthly_usd
        facts = facts_of(model, s.route, offer)
        for rule, part in zip(RULES, s.breakdown, strict=True):
            fresh = rule.measure(facts, view) if rule.measure else cost_measure(cost, s.route in SELF_RUN)
            assert fresh[1] == part.reason
            assert fresh[2] == part.unknowns


def assert_probe_matches_recommend(req: Requirements, cat: oc.Catalog, factor: float) -> None:
    """The what-if's shortcut (only costs redone, routes tried best-first and cut off once
    no cost could help) answers exactly what a full recommendation at ``factor`` times
    every volume says: the same verdict, and each side's best total."""
    from openclosed.scoring.cost import VOLUMES
    from openclosed.scoring.engine import Scorer, _first_pass, _second_pass

    scorer = Scorer(req, cat)
    rows, _ = _first_pass(scorer, cat)
    _, _, probe = _second_pass(scorer, rows, both=True)
    assert probe is not None
    # every volume the cost reads, from the one list of them: a new volume cannot be missed here
    scaled = {volume: getattr(req.workload, volume) * factor for volume in VOLUMES}
    workload = attrs.evolve(req.workload, **scaled)
    changed = attrs.evolve(req, workload=workload)
    full = oc.recommend(changed, cat)
    assert probe.choice_at(changed) is full.verdict.choice
    best_open, best_closed = probe.best_at(changed)
    for side, best in ((oc.Side.OPEN, best_open), (oc.Side.CLOSED, best_closed)):
        totals = [s.total for s in full.ranking if s.side is side]
        assert (best is None) == (not totals)
        if totals:
            assert best == pytest.approx(max(totals), abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(scoring_documents(), requirements(), st.sampled_from([0.01, 0.3, 3.0, 100.0]))
def test_the_volume_probe_gives_the_verdict_recommend_gives(
    document: dict[str, Any], req: Requirements, factor: float
) -> None:
    assume(req.workload.monthly_tokens > 0)
    assert_probe_matches_recommend(req, build_catalog(document), factor)


@pytest.mark.parametrize("factor", [0.001, 0.5, 3.0, 1000.0])
@pytest.mark.parametrize("images", [0.0, 1e4])
def test_the_volume_probe_on_the_packaged_catalog(factor: float, images: float) -> None:
    from openclosed._catalog import catalog

    req = Requirements(workload={"monthly_tokens": 1e8, "monthly_images": images})
    assert_probe_matches_recommend(req, catalog(), factor)


@settings(max_examples=40, deadline=None)
@given(scoring_documents(), requirements(), requirements())
def test_what_a_catalog_keeps_for_scoring_carries_nothing_from_one_call_to_the_next(
    document: dict[str, Any], first: Requirements, second: Requirements
) -> None:
    """The facts kept with a catalog (:mod:`openclosed.scoring.prepared`) are the same
    whatever was asked before: a second call gives what it gives on a fresh catalog."""
    cat = build_catalog(document)
    oc.recommend(first, cat)
    assert oc.recommend(second, cat) == oc.recommend(second, build_catalog(document))


@settings(max_examples=40, deadline=None)
@given(scoring_documents(), requirements())
def test_the_facts_a_catalog_keeps_for_scoring_equal_fresh_ones(
    document: dict[str, Any], req: Requirements
) -> None:
    """Every value :class:`Prepared` keeps equals the function it stands for, computed anew,
    after a call has filled its memo of measures."""
    from openclosed.scoring.cost import BILLED_VOLUMES, input_only, makes_images
    from openclosed.scoring.criteria import RULES, Licenses, facts_of, model_facts, offer_facts
    from openclosed.scoring.prepared import prepared
    from openclosed.scoring.routes import candidate_routes, split_offers

    cat = build_catalog(document)
    oc.recommend(req, cat)
    kept = prepared(cat)
    assert kept is prepared(cat)  # once per catalog
    view = Licenses(
        {lic.id: lic for lic in cat.licenses},
        frozenset(c.id for c in cat.license_categories if c.osi_compatible),
    )
    for model in cat.models:
        assert kept.model_part(model) == model_facts(model)
        assert kept.flags(model) == (input_only(model), makes_images(model))
        assert kept.offers(model) == split_offers(model)
        for route, offer in candidate_routes(model, req):
            measures = kept.measures_of(route, kept.model_part(model), kept.offer_part(offer))
            facts = facts_of(model, route, offer)
            fresh = tuple(None if r.measure is None else r.measure(facts, view) for r in RULES)
            assert measures == fresh
    for offer in cat.offers:
        assert kept.offer_part(offer) == offer_facts(offer)
        p = offer.price
        fields = (
            None
            if p is None
            else (
                p.currency,
                p.input_per_mtok,
                p.output_per_mtok,
                *(getattr(p, v.rate) for v in BILLED_VOLUMES),
                p.as_of,
            )
        )
        key = kept.price_key(offer)
        assert (key if key is None else key[1:]) == fields


def test_a_model_from_outside_the_catalog_is_scored_on_its_own_facts() -> None:
    """``score`` takes any model: one that is not the catalog's record, though it has the
    same id, is measured on its own facts, not on those kept for the catalog's record."""
    from openclosed._catalog import catalog
    from openclosed.scoring.criteria import model_facts
    from openclosed.scoring.prepared import prepared

    cat = catalog()
    req = Requirements(in_house_expertise="basic", constraints={"require_fine_tuning": True})
    original = cat.models["mistral-7b"]
    changed = attrs.evolve(original, support=attrs.evolve(original.support, vendor_sla=True))
    oc.recommend(req, cat)  # fills what the catalog keeps
    kept = prepared(cat)
    assert kept.model_part(changed) == model_facts(changed) != kept.model_part(original)
    assert oc.score(original, req, catalog=cat) == oc.score(
        original, req, catalog=build_catalog(cat.to_document())
    )
