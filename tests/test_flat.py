"""Flat data: records as JSON-ready dicts, rows of stable columns, data frames and pickles."""

from __future__ import annotations

import datetime
import json
import pickle
import sys
from typing import Any

import attrs
import pytest

import openclosed as oc
from openclosed import Catalog
from openclosed._loader import build_catalog
from openclosed.flat import (
    COLUMNS,
    LICENSE_COLUMNS,
    MODEL_COLUMNS,
    OFFER_COLUMNS,
    ORGANIZATION_COLUMNS,
    RANKING_COLUMNS,
)

JSON_SCALARS = (str, int, float, bool, type(None))


@pytest.fixture
def cat(document: dict[str, Any]) -> Catalog:
    return build_catalog(document)


def _flat(value: object) -> bool:
    return isinstance(value, JSON_SCALARS) or (
        isinstance(value, list) and all(isinstance(v, JSON_SCALARS) for v in value)
    )


@pytest.mark.parametrize("table", ["models", "licenses", "organizations", "license_categories", "offers"])
def test_every_record_has_a_json_ready_dict_with_every_field(table: str) -> None:
    for record in getattr(oc.catalog(), table):
        data = record.to_dict()
        assert json.loads(json.dumps(data)) == data  # enums and dates are plain already
        assert list(data) == [f.name for f in attrs.fields(type(record))]


def test_a_model_dict_keeps_its_derived_fields() -> None:
    gpt4o = oc.models["gpt-4o"]
    data = gpt4o.to_dict()
    assert gpt4o.openness is not None
    assert data["openness"]["level"] == gpt4o.openness.level.value == "api"
    assert data["offers"] == [offer.id for offer in gpt4o.offers]
    assert data["offers"]  # gpt-4o is sold by its maker
    assert gpt4o.released is not None
    assert data["released"] == gpt4o.released.isoformat()


@pytest.mark.parametrize(
    ("table", "columns"),
    [
        ("models", MODEL_COLUMNS),
        ("licenses", LICENSE_COLUMNS),
        ("organizations", ORGANIZATION_COLUMNS),
        ("license_categories", COLUMNS["license category"]),
        ("offers", OFFER_COLUMNS),
    ],
)
def test_every_table_gives_flat_rows_of_its_documented_columns(table: str, columns: tuple[str, ...]) -> None:
    rows = getattr(oc.catalog(), table).to_dicts()
    assert [r["id"] for r in rows] == list(getattr(oc.catalog(), table).ids())
    for row in rows:
        assert tuple(row) == columns
        assert all(_flat(v) for v in row.values()), row


def test_a_price_in_another_currency_stays_out_of_the_dollar_columns() -> None:
    from openclosed.flat import model_row, offer_row
    from openclosed.records import Pricing

    model = oc.models["gpt-4o"]
    offer = model.maker_offer
    assert offer is not None
    cny = Pricing(
        input_per_mtok=5.0,
        output_per_mtok=5.0,
        currency="CNY",
        as_of=datetime.date(2026, 9, 24),
        source="https://example.org/p",
    )
    offer = attrs.evolve(offer, prices=(cny,))
    row = offer_row(offer)
    assert row["price_input_per_mtok"] is row["price_output_per_mtok"] is row["price_per_image"] is None
    assert row["price_rates"] == ["CNY 5 per 1M input tokens", "CNY 5 per 1M output tokens"]
    assert row["price_as_of"] == "2026-09-24"
    assert list(row) == list(OFFER_COLUMNS)
    usd = offer_row(model.maker_offer)  # type: ignore[arg-type]
    assert usd["price_input_per_mtok"] == model.pricing.input_per_mtok  # type: ignore[union-attr]
    assert usd["price_rates"][0].startswith("$")
    assert list(model_row(model)) == list(MODEL_COLUMNS)


def test_model_rows_answer_price_licence_terms_and_country_without_a_join() -> None:
    rows = {r["id"]: r for r in oc.models.to_dicts()}
    llama = rows["llama-2"]
    terms = oc.licenses[oc.models["llama-2"].licenses.weights or ""].restrictions
    assert llama["weights_user_cap"] == terms.user_cap == 700_000_000
    assert llama["weights_osi_approved"] is False
    assert llama["country"] == oc.organizations["meta"].country == "US"
    assert llama["price_input_per_mtok"] is None  # no maker offer
    for model in oc.models:
        row = rows[model.id]
        price = model.pricing
        usd = price if price is not None and price.in_usd else None
        assert row["price_input_per_mtok"] == (usd and usd.input_per_mtok)  # dollars only
        assert row["price_as_of"] == (price and price.as_of.isoformat())
        assert row["price_rates"] == ([] if price is None else list(price.rates()))
        if model.licenses.weights is None:
            assert row["weights_user_cap"] is row["weights_excluded_territories"] is None
        else:
            lic = oc.licenses[model.licenses.weights]
            assert row["weights_excluded_territories"] == list(lic.restrictions.excluded_territories)
            assert row["weights_commercial_use"] == lic.commercial_use.value
    priced = [r for r in rows.values() if r["price_output_per_mtok"] is not None]
    assert priced, "some model has a current maker price"


def test_results_rows_equal_the_table_rows_of_the_same_models() -> None:
    results = oc.models.filter(side="open")
    by_id = {r["id"]: r for r in oc.models.to_dicts()}
    assert results.to_dicts() == [by_id[i] for i in results.ids()]


def test_commercial_use_column_agrees_with_the_filter() -> None:
    yes = set(oc.models.filter(commercial_use="yes").ids())
    rows = {r["id"]: r for r in oc.models.filter().to_dicts()}
    assert {i for i, r in rows.items() if r["commercial_use"] == "yes"} == yes


def test_ranking_rows_add_up() -> None:
    rec = oc.recommend(oc.Requirements(workload={"monthly_tokens": 2_000_000}))
    rows = rec.ranking.to_dicts()
    assert len(rows) == len(rec.ranking)
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
    for row in rows[:20]:
        assert tuple(row) == RANKING_COLUMNS
        assert all(_flat(v) for v in row.values())
        parts = sum(row[c.value] for c in oc.Criterion)
        assert parts == pytest.approx(row["total"])


def test_pandas_round_trip() -> None:
    pd = pytest.importorskip("pandas")
    results = oc.models.filter(vendor="meta")
    frame = results.to_pandas()
    assert list(frame.columns) == list(MODEL_COLUMNS)
    assert list(frame["id"]) == list(results.ids())
    assert frame["released"].dtype.kind == "M"  # dates are dates
    llama = frame.set_index("id").loc["llama-2"]
    assert llama["weights_user_cap"] == 700_000_000
    assert isinstance(oc.licenses.to_pandas(), pd.DataFrame)
    assert list(oc.catalog().offers.to_pandas().columns) == list(OFFER_COLUMNS)
    rec = oc.recommend(oc.Requirements())
    assert list(rec.ranking.to_pandas()["model_id"]) == list(rec.ranking.model_ids)
    empty = oc.models.filter(vendor="meta", task="text-to-video").to_pandas()
    assert list(empty.columns) == list(MODEL_COLUMNS)
    assert len(empty) == 0


def test_polars_round_trip() -> None:
    pl = pytest.importorskip("polars")
    frame = oc.models.to_polars()
    assert frame.columns == list(MODEL_COLUMNS)
    assert frame.height == len(oc.models)
    assert frame.schema["released"] == pl.Date
    assert oc.organizations.to_polars().columns == list(ORGANIZATION_COLUMNS)


@pytest.mark.parametrize("library", ["pandas", "polars"])
def test_a_missing_library_names_the_extra(library: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, library, None)  # makes ``import library`` fail
    with pytest.raises(ModuleNotFoundError, match=rf"pip install 'openclosed\[{library}\]'"):
        getattr(oc.models.filter(side="open"), f"to_{library}")()
    with pytest.raises(ModuleNotFoundError, match=rf"openclosed\[{library}\]"):
        getattr(oc.licenses, f"to_{library}")()


def test_records_tables_results_and_the_catalog_pickle_to_equal_objects() -> None:
    cat = oc.catalog()
    results = cat.models.filter(side="open", task="text-generation")
    rec = oc.recommend(oc.Requirements())
    for obj in (
        cat,
        cat.models,
        cat.licenses,
        cat.offers,
        results,
        cat.models["llama-2"],
        cat.licenses["Apache-2.0"],
        cat.organizations["meta"],
        rec,
        rec.ranking,
    ):
        again: Any = pickle.loads(pickle.dumps(obj))
        assert again == obj, type(obj)
        assert type(again) is type(obj)


def test_unpickled_catalogs_keep_derived_fields_and_still_query(cat: Catalog) -> None:
    for catalog in (oc.catalog(), cat):
        again = pickle.loads(pickle.dumps(catalog))
        assert again.digest == catalog.digest
        for model in again.models:
            original = catalog.models[model.id]
            assert model.openness is not None
            assert model.openness == original.openness
            assert model.offers == original.offers
        assert again.models.filter(side="open").ids() == catalog.models.filter(side="open").ids()
        assert again.models.search("acme").ids() == catalog.models.search("acme").ids()
    gpt4o = pickle.loads(pickle.dumps(oc.models["gpt-4o"]))
    assert gpt4o.offers
    assert gpt4o.pricing == oc.models["gpt-4o"].pricing


def test_what_scoring_keeps_with_a_catalog_is_not_pickled_and_is_worked_out_again() -> None:
    """The facts scoring keeps with a catalog (by the identity of its records) would name
    other objects after unpickling: they stay behind, and the copy works them out anew."""
    from openclosed.scoring.prepared import prepared

    cat = oc.catalog()
    req = oc.Requirements(in_house_expertise="basic")
    rec = oc.recommend(req, cat)
    kept = prepared(cat)
    again = pickle.loads(pickle.dumps(cat))
    assert prepared(again) is not kept
    assert prepared(again) is prepared(again)
    assert oc.recommend(req, again) == rec


def test_tables_compare_by_content(cat: Catalog) -> None:
    assert cat.models == cat.models
    assert cat.models != oc.models
    assert cat.licenses != cat.organizations
    assert hash(pickle.loads(pickle.dumps(cat.licenses))) == hash(cat.licenses)


def test_key_completions_offer_every_id_and_alias() -> None:
    keys = oc.models._ipython_key_completions_()
    assert set(oc.models.ids()) <= set(keys)
    assert "mistralai/Mistral-7B-v0.1" in keys
    assert all(oc.models.get(key) is not None for key in keys)
    assert "Apache-2.0" in oc.licenses._ipython_key_completions_()


def test_dates_stay_iso_strings_in_rows() -> None:
    row = oc.models.filter(vendor="eleutherai").to_dicts()[0]
    assert row["released"] is None or datetime.date.fromisoformat(row["released"])


def test_caches_built_before_pickling_are_rebuilt_not_carried() -> None:
    """A table that has answered misses, lines and searches pickles without those caches,
    and the copy builds them again when asked."""
    import pickle

    import openclosed as oc

    with pytest.raises(KeyError):
        oc.models["gpt-99"]  # builds the line map and the suggester
    oc.models.search("llama")
    copy = pickle.loads(pickle.dumps(oc.models))
    assert copy == oc.models
    assert (copy._lines, copy._suggester, copy._search_keys) == (None, None, None)
    with pytest.raises(KeyError, match="records other models of that line"):
        copy["gpt-99"]
