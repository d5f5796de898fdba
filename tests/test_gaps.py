"""tools/gaps.py: each gap counts exactly the records that lack the fact, over the records
expected to have it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import openclosed as oc
from conftest import load_script

ROOT = Path(__file__).resolve().parents[1]
gaps: Any = load_script(ROOT / "tools" / "gaps.py", "gaps")

SOURCE = [{"url": "https://example.org/mine", "checked": "2026-12-06"}]


def model(record_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": record_id,
        "name": record_id,
        "kind": "model",
        "organization": "meta",
        "access": {"weights": "none", "deployments": ["api"]},
        "tasks": ["text-generation"],
        "sources": SOURCE,
        **fields,
    }


PRICE = {"input_per_mtok": 1.0, "output_per_mtok": 2.0, "as_of": "2026-12-01", "source": SOURCE[0]["url"]}
NEW = [
    # an active API model with no price and no date: one more of each gap
    model("gap-api-bare"),
    # priced and dated: no gap, but one more record each is counted over
    model("gap-api-full", released="2026-11-01"),
    # retired: outside both pools
    model("gap-api-retired", status="retired", status_date="2026-11-30"),
    # downloadable, no licence: one more licence gap; self-hosted only, so no price is expected
    model("gap-weights", access={"weights": "public", "deployments": ["self-host"]}, released="2026-10-01"),
    # a family is never counted
    dict(model("gap-family"), kind="family"),
]
OFFER = {"id": "meta/gap-api-full", "kind": "maker", "model": "gap-api-full", "provider": "meta"}
EXTRA = {"models": NEW, "offers": [dict(OFFER, prices=[PRICE], sources=SOURCE)]}


@pytest.fixture(scope="module")
def counts() -> tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]]]:
    base = oc.catalog()
    extended = base.extended(EXTRA)
    return gaps.count(list(base.models)), gaps.count(list(extended.models))


def test_each_gap_counts_only_the_records_expected_to_have_the_fact(counts: Any) -> None:
    before, after = counts
    assert after["price"] == (before["price"][0] + 1, before["price"][1] + 2)
    assert after["released"] == (before["released"][0] + 1, before["released"][1] + 3)
    assert after["licence"] == (before["licence"][0] + 1, before["licence"][1] + 1)


def test_the_list_names_the_records_behind_a_count() -> None:
    extended = oc.catalog().extended(EXTRA)
    models = list(extended.models)
    for name in gaps.GAPS:
        listed = gaps.lacking(models, name)
        assert len(listed) == gaps.count(models)[name][0]
        assert listed == sorted(listed, key=lambda m: (m.organization, m.id))
    assert "gap-api-bare" in [m.id for m in gaps.lacking(models, "price")]
    assert "gap-weights" not in [m.id for m in gaps.lacking(models, "price")]


def test_pending_counts_known_gaps_not_decisions() -> None:
    left_out = oc.catalog().left_out
    assert 0 < gaps.pending(left_out) < len(left_out)
    assert gaps.pending(left_out) == sum(1 for e in left_out if e.reason.startswith("Not yet recorded"))


def test_the_table_and_the_per_maker_rows_agree(capsys: pytest.CaptureFixture[str]) -> None:
    assert gaps.main([]) == 0
    table = capsys.readouterr().out
    models = list(oc.catalog().models)
    for name, (has, of) in gaps.count(models).items():
        assert f"| {name} | {has} | {of} |" in table
    assert gaps.main(["--by-maker"]) == 0
    rows = [line.split("|")[2:-1] for line in capsys.readouterr().out.splitlines()[2:]]
    totals = [sum(int(row[i]) for row in rows) for i in range(len(gaps.GAPS))]
    assert totals == [has for has, _ in gaps.count(models).values()]
