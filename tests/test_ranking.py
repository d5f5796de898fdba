"""The ranking of a recommendation: a lazy, immutable sequence that equals the eager scores."""

from __future__ import annotations

import pickle
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

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
