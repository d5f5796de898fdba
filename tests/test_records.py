"""Records: immutable, validated, and friendly to build by hand."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import attrs
import pytest

import openclosed as oc
from openclosed import records


def test_hand_built_records_convert_enum_strings() -> None:
    access = oc.Access(weights="gated", deployments=["self-host", "api", "api"])
    assert access.weights is oc.WeightsAccess.GATED
    assert access.deployments == (oc.Deployment.API, oc.Deployment.SELF_HOST)  # sorted, unique
    assert oc.Components(weights="open").weights is oc.Grade.OPEN
    assert oc.Support(community="active").community is oc.Community.ACTIVE


def test_bad_enum_values_are_refused() -> None:
    with pytest.raises(ValueError, match="'sometimes'"):
        oc.Access(weights="sometimes", deployments=[])


def test_a_hand_built_model_gets_the_same_level_as_a_loaded_one() -> None:
    loaded = oc.models["mistral-7b"]
    again = oc.Model(
        id="mistral-7b-copy",
        name="copy",
        kind="model",
        organization="mistral-ai",
        access=oc.Access(weights="public", deployments=["self-host"]),
        licenses=oc.ComponentLicenses(weights="Apache-2.0"),
        components=loaded.components,
    )
    licenses = {lic.id: lic for lic in oc.licenses}
    categories = {c.id: c for c in oc.license_categories}
    assert oc.derive_openness(again, licenses, categories).level is loaded.level


@pytest.mark.parametrize(
    ("field", "value"),
    [("id", "Not An Id"), ("parameters", 0), ("parameters", -7), ("name", "  ")],
)
def test_model_validators(field: str, value: object) -> None:
    with pytest.raises(ValueError, match=field if field != "name" else "name"):
        attrs.evolve(oc.models["mistral-7b"], **{field: value})  # type: ignore[arg-type]


def test_sources_must_be_https() -> None:
    with pytest.raises(ValueError, match="https"):
        oc.Source(url="http://example.org", checked=datetime.date(2026, 1, 1))


def test_records_are_frozen_and_hashable() -> None:
    model = oc.models["gpt-4"]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        model.name = "x"  # type: ignore[misc]
    assert hash(model) == hash(oc.models["GPT-4"])
    assert {model, oc.models["gpt-4"]} == {model}


def test_enum_reprs_are_short_and_strs_are_values() -> None:
    assert repr(oc.Level.OPEN_WEIGHTS) == "Level.OPEN_WEIGHTS"
    assert str(oc.Level.OPEN_WEIGHTS) == "open-weights"


def test_restriction_names() -> None:
    names = oc.licenses["LicenseRef-llama-2-community"].restrictions.names()
    assert {"acceptable_use_policy", "user_cap", "output_use_ban"} <= set(names)
    assert "note" not in names


def test_pricing_rates_word_every_rate_short_for_a_table_cell() -> None:
    from openclosed.records import RATE_FIELDS, Pricing

    day, url = datetime.date(2025, 4, 21), "https://example.org/pricing"
    rates: dict[str, Any] = dict.fromkeys(RATE_FIELDS, 1 / 60)
    every = Pricing(as_of=day, source=url, **rates)
    long, short = every.rates(), every.rates(short=True)
    assert len(long) == len(short) == len(RATE_FIELDS)
    assert all(w.startswith("$0.01667 per ") for w in long)
    assert all(w.startswith("$0.01667/") and " per " not in w for w in short)
    assert len(set(short)) == len(short)
    assert Pricing(per_second=0.35, as_of=day, source=url).rates(short=True) == ("$0.35/s",)


def test_a_price_in_another_currency_names_it_and_is_not_in_dollars() -> None:
    from openclosed.records import Pricing

    day, url = datetime.date(2026, 9, 24), "https://example.org/pricing"
    cny = Pricing(input_per_mtok=5.0, output_per_mtok=5.0, currency="CNY", as_of=day, source=url)
    assert cny.rates() == ("CNY 5 per 1M input tokens", "CNY 5 per 1M output tokens")
    assert cny.rates(short=True) == ("CNY 5/1M in", "CNY 5/1M out")
    assert not cny.in_usd
    assert cny.blended() == 5.0  # in its own currency
    usd = Pricing(per_image=0.04, as_of=day, source=url)
    assert usd.in_usd
    assert usd.currency == "USD"
    with pytest.raises(ValueError, match="ISO 4217"):
        Pricing(input_per_mtok=5.0, currency="yuan", as_of=day, source=url)


def test_pricing_rates_name_each_price_that_is_set() -> None:
    from openclosed.records import Pricing

    day = datetime.date(2025, 4, 21)
    url = "https://example.org/pricing"
    assert Pricing(input_per_mtok=0.075, output_per_mtok=0.3, as_of=day, source=url).rates() == (
        "$0.075 per 1M input tokens",
        "$0.3 per 1M output tokens",
    )
    assert Pricing(input_per_mchar=15.0, as_of=day, source=url).rates() == ("$15 per 1M input characters",)
    assert Pricing(per_second=0.35, as_of=day, source=url).rates() == ("$0.35 per second of output",)
    assert Pricing(input_per_minute=0.006, as_of=day, source=url).rates() == (
        "$0.006 per minute of input audio",
    )
    with pytest.raises(ValueError, match="input_per_minute"):
        Pricing(input_per_minute=-0.01, as_of=day, source=url)
    assert Pricing(per_page=0.001, per_search=0.002, as_of=day, source=url).rates() == (
        "$0.001 per page",
        "$0.002 per search",
    )
    assert Pricing(per_request=0.08, as_of=day, source=url).rates() == ("$0.08 per request",)
    for field in ("per_page", "per_search", "per_request"):
        negative: dict[str, Any] = {field: -0.5}
        with pytest.raises(ValueError, match=field):
            Pricing(as_of=day, source=url, **negative)
    assert Pricing(as_of=day, source=url).rates() == ()
    with pytest.raises(ValueError, match="per_second"):
        Pricing(per_second=-1.0, as_of=day, source=url)


def _records_within(value: Any) -> Iterator[Any]:
    """``value`` and every record nested in it, through fields and tuples."""
    if attrs.has(type(value)):
        yield value
        for a in attrs.fields(type(value)):
            yield from _records_within(getattr(value, a.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from _records_within(item)


def test_the_shared_methods_behave_as_attrs_generated_ones_for_every_record() -> None:
    """Records inherit one ``__repr__``, ``__eq__`` and ``__hash__`` instead of attrs-generated
    ones per class: for every shipped record and the records within it, a twin class that
    attrs gives its own methods (same name, same fields shown and compared) prints the same
    text, and equality and hashing follow the same fields."""
    twins: dict[type[Any], type[Any]] = {}
    seen: set[type[Any]] = set()
    cat = oc.catalog()
    tops = [*cat.models, *cat.offers, *cat.licenses, *cat.license_categories, *cat.organizations]
    tops += [m.openness for m in cat.models if m.openness is not None]
    tops.append(records.Service(trains_on_customer_data_by_default=False))  # (none is shipped)
    for top in tops:
        for record in _records_within(top):
            cls = type(record)
            if cls not in twins:
                fields = {a.name: attrs.field(repr=a.repr, eq=a.eq) for a in attrs.fields(cls)}
                assert all(a.hash in (None, a.eq) for a in attrs.fields(cls))  # hashed as compared
                twins[cls] = attrs.make_class(cls.__name__, fields, frozen=True, kw_only=True)
            values = {a.name: getattr(record, a.name) for a in attrs.fields(cls)}
            twin = twins[cls](**values)
            assert repr(record) == repr(twin)
            if cls not in seen:  # equality, once per class: every field in turn made different
                seen.add(cls)
                copy = _rebuilt(record, {})
                assert copy == record
                assert hash(copy) == hash(record)
                assert (copy != record) is False
                assert record != twin  # another class: never equal, either way
                assert twin != record
                for a in attrs.fields(cls):
                    other = _rebuilt(record, {a.name: _other_value(values[a.name])})
                    assert (other == record) is (not a.eq), (cls, a.name)
                    assert (twins[cls](**{**values, a.name: getattr(other, a.name)}) == twin) is (not a.eq)
    assert {c for c in vars(records).values() if isinstance(c, type) and attrs.has(c)} - seen == set()


def _rebuilt(record: Any, changes: dict[str, Any]) -> Any:
    """A new record of the same class with the same field values but ``changes``, derived
    fields included (``attrs.evolve`` leaves out the fields ``__init__`` does not take)."""
    new = object.__new__(type(record))
    for a in attrs.fields(type(record)):
        object.__setattr__(new, a.name, changes.get(a.name, getattr(record, a.name)))
    return new


def _other_value(value: Any) -> Any:
    """A value that differs from ``value`` (the shared methods do not check types)."""
    return ("a value no record holds", value)
