"""Notebook and REPL manners: compact text and HTML, essentials first, long tables cut, floats rounded."""

from __future__ import annotations

import re
from typing import Any

import pytest

import openclosed as oc
from openclosed._loader import build_catalog
from openclosed.display import MAX_ROWS

LONG_FLOAT = re.compile(r"\d\.\d{8,}")  # float noise, not a price such as $0.00875


class Printer:
    """The two calls of IPython's pretty printer that the views use."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def text(self, text: str) -> None:
        self.parts.append(text)

    def break_(self) -> None:
        self.parts.append("\n")


def pretty(obj: Any) -> str:
    printer = Printer()
    obj._repr_pretty_(printer, False)
    return "".join(printer.parts)


@pytest.mark.parametrize("table", ["models", "licenses", "organizations", "license_categories", "offers"])
def test_every_record_has_a_compact_view(table: str) -> None:
    for record in getattr(oc.catalog(), table):
        text = pretty(record)
        lines = text.splitlines()
        assert lines[0] == record.name
        assert len(lines) <= 14, text
        assert not LONG_FLOAT.search(text), text
        page = record._repr_html_()
        assert page.startswith("<table><caption><b>")
        assert page.count("<tr>") == len(lines) - 1


def test_a_model_view_puts_the_essentials_first() -> None:
    text = pretty(oc.models["gpt-4o"])
    labels = [line.split()[0] for line in text.splitlines()[1:]]
    assert labels[:3] == ["id", "kind", "openness"]
    assert "price" in labels
    assert "$" in text


def test_small_prices_keep_their_digits() -> None:
    from openclosed.display import _money

    assert [_money(v) for v in (0.035, 0.00875, 2.5, 15.0, 41847.2, None)] == [
        "$0.035",
        "$0.00875",
        "$2.50",
        "$15.00",
        "$41,847",
        "-",
    ]


def test_a_price_in_another_currency_is_shown_in_it() -> None:
    import datetime

    from openclosed.display import _money, _price_words
    from openclosed.records import Pricing

    assert [_money(v, "CNY") for v in (0.5, 5.0, None)] == ["CNY 0.5", "CNY 5.00", "-"]
    cny = Pricing(
        input_per_mtok=0.5,
        output_per_mtok=0.5,
        cached_input_per_mtok=0.25,
        currency="CNY",
        as_of=datetime.date(2026, 9, 24),
        source="https://example.org/p",
    )
    assert _price_words(cny) == "CNY 0.5 in / CNY 0.5 out per 1M tokens, 1 other rate (as of 2026-09-24)"


def test_html_is_escaped(document: dict[str, Any]) -> None:
    document["models"][0]["name"] = "Acme <b>bold</b> & co"
    model = build_catalog(document).models[document["models"][0]["id"]]
    page = model._repr_html_()
    assert "<b>bold</b>" not in page
    assert "Acme &lt;b&gt;bold&lt;/b&gt; &amp; co" in page


def test_long_results_are_cut_with_a_count() -> None:
    results = oc.models.all()
    assert len(results) > MAX_ROWS
    lines = pretty(results).splitlines()
    assert lines[0] == repr(results)
    assert len(lines) == 2 + MAX_ROWS + 1
    assert lines[-1] == f"... and {len(results) - MAX_ROWS} more"
    page = results._repr_html_()
    assert page.count("<tr>") == 1 + MAX_ROWS + 1
    assert f"... and {len(results) - MAX_ROWS} more" in page
    short = oc.models.filter(vendor="eleutherai")
    assert "more" not in pretty(short)
    assert len(pretty(short).splitlines()) == 2 + len(short)


def test_rankings_and_recommendations_round_their_numbers() -> None:
    rec = oc.recommend(oc.Requirements(workload={"monthly_tokens": 2_000_000}))
    assert LONG_FLOAT.search(repr(rec.verdict))  # the full repr keeps every digit...
    for view in (pretty(rec), rec._repr_html_(), pretty(rec.ranking), rec.ranking._repr_html_()):
        assert not LONG_FLOAT.search(view), view  # ...the views round them
    lines = pretty(rec.ranking).splitlines()
    assert lines[1].split() == ["rank", "model", "side", "route", "total", "cost/month"]
    assert lines[2].split()[1] == rec.ranking[0].model_id
    assert len(lines) <= 2 + MAX_ROWS + 1
    page = rec._repr_html_()
    assert f"verdict: {rec.verdict.choice.value}" in page
    assert page.count("<tr>") == 1 + min(5, len(rec.ranking))
