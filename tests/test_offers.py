"""Offers: who serves a model, where, at what price, and how prices change over time."""

from __future__ import annotations

import datetime
from typing import Any

import attrs
import pytest

import openclosed as oc
from openclosed import InvalidQueryError, OfferKind, Status
from openclosed._loader import build_catalog
from openclosed.records import Pricing

DAY = datetime.date


@pytest.fixture
def cat(document: dict[str, Any]) -> oc.Catalog:
    return build_catalog(document)


def errors_of(document: dict[str, Any]) -> tuple[str, ...]:
    with pytest.raises(oc.CatalogError) as info:
        build_catalog(document)
    return info.value.errors


def test_models_link_their_offers_maker_first(cat: oc.Catalog) -> None:
    pro = cat.models["acme-pro"]
    assert [o.id for o in pro.offers] == ["acme/acme-pro"]
    assert pro.maker_offer is cat.offers["acme/acme-pro"]
    assert pro.pricing is not None
    assert pro.pricing.input_per_mtok == 1.0
    open_model = cat.models["acme-open-7b"]
    assert open_model.maker_offer is None  # served by a host only
    assert open_model.pricing is None
    assert [o.provider for o in open_model.offers] == ["open-lab"]


def test_the_current_price_is_the_newest_and_history_is_kept(cat: oc.Catalog) -> None:
    offer = cat.offers["open-lab/acme-open-7b"]
    assert [p.as_of for p in offer.prices] == [DAY(2024, 6, 1), DAY(2025, 1, 1)]
    assert offer.price is offer.prices[-1]
    assert offer.price_on(DAY(2024, 12, 31)) is offer.prices[0]
    assert offer.price_on(DAY(2025, 1, 1)) is offer.prices[1]
    assert offer.price_on(DAY(2024, 5, 31)) is None  # before the first known price


def test_prices_are_sorted_whatever_the_order_written(document: dict[str, Any]) -> None:
    document["offers"][1]["prices"].reverse()
    offer = build_catalog(document).offers["open-lab/acme-open-7b"]
    assert [p.as_of for p in offer.prices] == [DAY(2024, 6, 1), DAY(2025, 1, 1)]


def test_model_price_on_a_day_reads_the_maker_offer(cat: oc.Catalog) -> None:
    pro = cat.models["acme-pro"]
    assert pro.price_on(DAY(2024, 1, 2)) is pro.pricing
    assert pro.price_on(DAY(2023, 12, 31)) is None


def test_filter_by_model_provider_kind_region_cheapest_first(cat: oc.Catalog) -> None:
    assert [o.id for o in cat.offers.filter(model="Acme Open")] == ["open-lab/acme-open-7b"]
    assert [o.id for o in cat.offers.filter(provider="Acme Labs")] == ["acme/acme-pro"]
    assert [o.id for o in cat.offers.filter(kind="maker")] == ["acme/acme-pro"]
    assert [o.id for o in cat.offers.filter(kind=OfferKind.INFERENCE_HOST)] == ["open-lab/acme-open-7b"]
    # the host serves from DE and US: in the EU, and in Germany, but not in France
    assert [o.id for o in cat.offers.filter(region="EU")] == ["open-lab/acme-open-7b"]
    assert [o.id for o in cat.offers.filter(region="de")] == ["open-lab/acme-open-7b"]
    assert cat.offers.filter(region="FR") == ()
    # cheapest first: the host's 0.2/0.2 blends below the maker's 1/2
    assert [o.id for o in cat.offers.filter()] == ["open-lab/acme-open-7b", "acme/acme-pro"]
    assert [o.id for o in cat.offers.filter(sort="id")] == ["acme/acme-pro", "open-lab/acme-open-7b"]


def test_an_offer_marked_eu_serves_every_member_state(document: dict[str, Any]) -> None:
    document["offers"][0]["regions"] = ["EU"]
    cat = build_catalog(document)
    assert [o.id for o in cat.offers.filter(region="FR")] == ["acme/acme-pro"]
    assert [o.id for o in cat.offers.filter(region="EEA")] == ["open-lab/acme-open-7b", "acme/acme-pro"]
    assert cat.offers.filter(region="CH") == ()


def test_retired_offers_are_left_out_unless_asked(document: dict[str, Any]) -> None:
    document["offers"][1]["status"] = "retired"
    document["offers"][1]["status_date"] = "2025-06-01"
    cat = build_catalog(document)
    assert [o.id for o in cat.offers.filter(model="acme-open-7b")] == []
    assert [o.id for o in cat.offers.filter(model="acme-open-7b", status=None)] == ["open-lab/acme-open-7b"]
    assert cat.offers.filter(status=Status.RETIRED)[0].status_date == DAY(2025, 6, 1)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"model": "acme-prro"}, "did you mean 'acme-pro'"),
        ({"provider": "acmee"}, "did you mean 'acme'"),
        ({"kind": "reseller"}, "unknown kind 'reseller'"),
        ({"region": "Europe"}, "ISO 3166-1 alpha-2"),
        ({"region": 7}, "ISO 3166-1 alpha-2"),
        ({"sort": "cheapest"}, "valid: 'price', 'provider', 'id'"),
    ],
)
def test_bad_filters_name_the_problem(cat: oc.Catalog, kwargs: dict[str, Any], fragment: str) -> None:
    with pytest.raises(InvalidQueryError) as info:
        cat.offers.filter(**kwargs)
    assert fragment in str(info.value)


def test_blended_price_needs_both_token_rates() -> None:
    day, url = DAY(2025, 1, 1), "https://example.org/p"
    both = Pricing(input_per_mtok=1.0, output_per_mtok=5.0, as_of=day, source=url)
    assert both.blended() == 2.0  # three input tokens to one output token
    assert both.blended(0.5) == 3.0
    assert Pricing(input_per_mtok=1.0, as_of=day, source=url).blended() is None


def test_offers_in_another_currency_sort_after_dollars_and_before_unpriced(cat: oc.Catalog) -> None:
    from openclosed._offers import OFFER_SORT_KEYS

    offer = cat.offers["acme/acme-pro"]
    day, url = DAY(2025, 1, 1), "https://example.org/p"

    def priced(*prices: Pricing) -> Any:
        return attrs.evolve(offer, prices=prices)

    dear = priced(Pricing(input_per_mtok=50.0, output_per_mtok=50.0, as_of=day, source=url))
    cheap_yuan = priced(
        Pricing(input_per_mtok=0.1, output_per_mtok=0.1, currency="CNY", as_of=day, source=url)
    )
    unpriced = priced()
    key = OFFER_SORT_KEYS["price"]
    assert sorted([unpriced, cheap_yuan, dear], key=key) == [dear, cheap_yuan, unpriced]


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"id": "acme/other"}, "offer id 'acme/other' must be 'acme/acme-pro' @ $.offers[0].id"),
        (
            {"model": "acme-proo", "id": "acme/acme-proo"},
            "unknown model 'acme-proo'; did you mean 'acme-pro'?",
        ),
        (
            {"provider": "open-lab", "id": "open-lab/acme-pro"},
            "is of kind 'maker' but 'acme-pro' is made by 'acme'",
        ),
        ({"regions": ["Europe"]}, "'Europe' is neither an ISO 3166-1 alpha-2 code"),
        ({"kind": "reseller"}, "reseller"),
    ],
)
def test_offers_are_checked_against_their_model_and_provider(
    document: dict[str, Any], change: dict[str, Any], error: str
) -> None:
    document["offers"][0].update(change)
    assert any(error in e for e in errors_of(document)), errors_of(document)


def test_a_price_needs_a_date_a_rate_and_its_own_day(document: dict[str, Any]) -> None:
    prices = document["offers"][1]["prices"]
    prices[1]["as_of"] = prices[0]["as_of"]
    assert "two prices of 'open-lab/acme-open-7b' share a date" in errors_of(document)[0]
    prices[1] = {"as_of": "2025-01-01", "source": "https://example.org/p"}
    assert "a price of 'open-lab/acme-open-7b' has no rate set @ $.offers[1].prices[1]" in errors_of(document)
    del prices[1]["as_of"]
    assert any("as_of" in e and "$.offers[1].prices[1]" in e for e in errors_of(document))


def test_one_maker_offer_per_model_and_none_active_for_a_retired_model(document: dict[str, Any]) -> None:
    twin = dict(document["offers"][0], id="acme/acme-pro")
    document["offers"].append(twin)
    assert any("duplicate id 'acme/acme-pro'" in e for e in errors_of(document))
    document["offers"].pop()
    document["models"][1].update(status="retired", status_date="2025-01-01")
    assert errors_of(document) == (
        "offer 'acme/acme-pro' is active but its model is retired @ $.offers[0].status",
    )


def test_others_may_go_on_serving_weights_their_maker_retired(document: dict[str, Any]) -> None:
    model = document["offers"][1]["model"]
    [record] = [m for m in document["models"] if m["id"] == model]
    record.update(status="retired", status_date="2025-01-01")
    offer = build_catalog(document).offers["open-lab/acme-open-7b"]
    assert offer.kind is OfferKind.INFERENCE_HOST
    assert offer.status is Status.ACTIVE


def test_offers_round_trip_through_the_document(cat: oc.Catalog) -> None:
    again = build_catalog(cat.to_document())
    assert again == cat
    assert again.offers["open-lab/acme-open-7b"] == cat.offers["open-lab/acme-open-7b"]
    document = cat.to_document()
    assert len(document["offers"]) == 2
    assert "offers" not in document["models"][1]  # derived at load, never written


def test_documents_without_offers_still_load(document: dict[str, Any]) -> None:
    del document["offers"]
    cat = build_catalog(document)
    assert len(cat.offers) == 0
    assert cat.models["acme-pro"].pricing is None


def test_service_is_deprecated_but_still_answers(cat: oc.Catalog) -> None:
    with pytest.warns(DeprecationWarning, match="maker_offer"):
        service = cat.models["acme-pro"].service
    assert service is not None
    assert service.data_regions == ()


def test_the_shipped_catalog_answers_who_serves_llama_3_3_70b() -> None:
    offers = oc.offers.filter(model="Llama 3.3 70B")
    assert len(offers) >= 3
    assert {o.kind for o in offers} == {OfferKind.CLOUD_MARKETPLACE, OfferKind.INFERENCE_HOST}
    blended = [o.price.blended() for o in offers if o.price is not None]
    priced = [value for value in blended if value is not None]
    assert priced == sorted(priced)  # cheapest first
    gpt_4o = oc.models["gpt-4o"].maker_offer
    assert gpt_4o is not None
    assert gpt_4o.price_on(datetime.date(2024, 6, 1)) != gpt_4o.price  # the launch price, kept


def test_an_offer_from_an_unknown_provider_is_named_with_the_closest(document: dict[str, Any]) -> None:
    offer = document["offers"][1]  # an inference host's offer, not the maker's
    offer["provider"] = "open-lab-x"
    offer["id"] = f"open-lab-x/{offer['model']}"
    assert errors_of(document) == (
        "unknown organization 'open-lab-x'; did you mean 'open-lab'? @ $.offers[1].provider",
    )
