"""Static checks of the public API's types: mypy --strict runs over this file in CI.

At run time ``assert_type`` returns its argument, so these also run as ordinary tests.
"""

from __future__ import annotations

import sys

import openclosed as oc
from openclosed.query import Results

if sys.version_info >= (3, 11):
    from typing import assert_type
else:  # pragma: no cover - Python 3.10
    from typing_extensions import assert_type


def test_lookups_return_records() -> None:
    assert_type(oc.models["llama-2"], oc.Model)
    assert_type(oc.models.get("nope"), oc.Model | None)
    assert_type(oc.organizations["meta"], oc.Organization)
    assert_type(oc.licenses["MIT"], oc.License)
    assert_type(oc.license_categories["permissive"], oc.LicenseCategory)
    assert_type(oc.catalog(), oc.Catalog)
    assert_type(oc.catalog().models, oc.ModelTable)
    assert_type(oc.catalog().digest, str)


def test_queries_return_results_of_models() -> None:
    results = oc.models.filter(side="open", task=oc.Task.TEXT_GENERATION)
    assert_type(results, Results)
    assert_type(results[0], oc.Model)
    assert_type(results[:2], Results)
    assert_type(results.ids(), tuple[str, ...])
    assert_type(results.sort("released"), Results)
    assert_type(oc.models.search("llama"), Results)
    for model in results:
        assert_type(model, oc.Model)
        assert_type(model.level, oc.Level | None)


def test_scorer_types() -> None:
    rec = oc.recommend(oc.Requirements(customization="extensive"))
    assert_type(rec, oc.Recommendation)
    assert_type(rec.verdict.choice, oc.Choice)
    assert_type(rec.ranking, oc.Ranking)
    assert_type(oc.score(oc.models["mistral-7b"], oc.Requirements()), oc.ModelScore)
