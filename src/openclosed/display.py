"""How records, results, rankings and recommendations show in IPython and Jupyter.

A plain ``repr`` stays what it is (complete, pasteable, one line); the notebook and the
IPython prompt get a compact view instead: the essentials first, floats rounded for
display only, long tables cut to :data:`MAX_ROWS` rows with a count of the rest.
``_repr_pretty_`` gives the text (IPython), ``_repr_html_`` the HTML (Jupyter).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from ._text import currency_sign, text_table

if TYPE_CHECKING:
    from .query import Results
    from .records import License, Model, Offer, Organization, Pricing
    from .scoring import ModelScore, Ranking, Recommendation

__all__ = [
    "MAX_ROWS",
    "pretty",
    "recommendation_html",
    "record_html",
    "record_text",
    "table_html",
    "table_text",
]

#: Rows a table shows before it says how many more there are.
MAX_ROWS = 20


def _money(value: float | None, currency: str = "USD") -> str:
    """An amount for display: cents, or three significant digits below one unit ($0.035)."""
    if value is None:
        return "-"
    sign = currency_sign(currency)
    if value < 1:
        return f"{sign}{value:.3g}"
    return f"{sign}{value:,.2f}" if value < 100 else f"{sign}{value:,.0f}"


def _count(value: int | None) -> str:
    if value is None:
        return "-"
    for size, suffix in ((10**12, "T"), (10**9, "B"), (10**6, "M"), (10**3, "k")):
        if value >= size:
            return f"{value / size:.3g}{suffix}"
    return str(value)


def _token_rates(price: Pricing) -> tuple[str, str]:
    """The input and output rates per 1M tokens, in the price's currency."""
    return _money(price.input_per_mtok, price.currency), _money(price.output_per_mtok, price.currency)


def _price_words(price: Pricing) -> str:
    """The token prices when there are some, else the first rate; the others counted."""
    rates = price.rates()
    if price.input_per_mtok is not None or price.output_per_mtok is not None:
        rate_in, rate_out = _token_rates(price)
        shown = f"{rate_in} in / {rate_out} out per 1M tokens"
        others = len(rates) - (price.input_per_mtok is not None) - (price.output_per_mtok is not None)
    else:
        shown, others = rates[0], len(rates) - 1
    more = f", {others} other rate{'s' if others > 1 else ''}" if others else ""
    return f"{shown}{more} (as of {price.as_of})"


def _model_lines(m: Model) -> list[tuple[str, str]]:
    o = m.openness
    facts = [
        ("id", m.id),
        ("kind", f"{m.kind.value} by {m.organization}" + (f", released {m.released}" if m.released else "")),
    ]
    if o is not None:
        facts.append(("openness", f"{o.level.value} ({o.side.value} side), score {o.score:.2f}"))
    if m.status.value != "active":
        target = m.renamed_to or m.successor
        facts.append(("status", m.status.value + (f" -> {target}" if target else "")))
    licences = ", ".join(f"{component} {license_id}" for component, license_id in m.licenses.items())
    facts.append(("licences", licences or "-"))
    price = m.pricing
    if price is not None:
        facts.append(("price", _price_words(price)))
    if m.tasks:
        facts.append(("tasks", ", ".join(t.value for t in m.tasks)))
    size = [f"{_count(m.parameters)} parameters"] if m.parameters else []
    if m.context_window:
        size.append(f"context {m.context_window:,}")
    if size:
        facts.append(("size", ", ".join(size)))
    if m.offers:
        facts.append(("offers", f"{len(m.offers)}: " + ", ".join(o.provider for o in m.offers[:5])))
    return facts


def _license_lines(lic: License) -> list[tuple[str, str]]:
    r = lic.restrictions
    facts = [
        ("id", lic.id),
        ("category", lic.category),
        ("commercial use", lic.commercial_use.value),
        ("OSI approved", "yes" if lic.osi_approved else "no"),
    ]
    if r.user_cap is not None:
        facts.append(("user cap", f"{_count(r.user_cap)} monthly active users"))
    if r.revenue_threshold is not None:
        t = r.revenue_threshold
        facts.append(
            ("revenue threshold", f"{_count(t.amount)} {t.currency}" + (f" {t.period}" if t.period else ""))
        )
    if r.excluded_territories:
        facts.append(("excluded territories", ", ".join(r.excluded_territories)))
    others = [n.replace("_", " ") for n in r.names() if n not in ("user_cap", "revenue_threshold")]
    if others:
        facts.append(("restrictions", ", ".join(others)))
    if lic.hf_id:
        facts.append(("Hugging Face tag", lic.hf_id))
    facts.append(("url", lic.url))
    return facts


def _organization_lines(org: Organization) -> list[tuple[str, str]]:
    facts = [("id", org.id), ("kind", org.kind.value)]
    facts += [
        (label, value)
        for label, value in (("country", org.country), ("parent", org.parent), ("url", org.url))
        if value
    ]
    if org.aliases:
        facts.append(("aliases", ", ".join(org.aliases)))
    return facts


def _word(value: bool | int | None) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _offer_lines(offer: Offer) -> list[tuple[str, str]]:
    facts = [("model", offer.model), ("provider", f"{offer.provider} ({offer.kind.value})")]
    if offer.api_name:
        facts.append(("API name", offer.api_name))
    if offer.status.value != "active":
        facts.append(("status", offer.status.value))
    price = offer.price
    if price is not None:
        facts.append(("price", _price_words(price)))
        if len(offer.prices) > 1:
            facts.append(("price history", f"{len(offer.prices)} dated prices since {offer.prices[0].as_of}"))
    if offer.regions:
        facts.append(("regions", ", ".join(offer.regions)))
    d = offer.data
    terms = [
        f"{label}: {_word(value)}"
        for label, value in (
            ("trains on inputs", d.trains_on_inputs_by_default),
            ("zero retention", d.zero_retention_available),
            ("retention days", d.retention_days),
        )
    ]
    facts.append(("data", ", ".join(terms)))
    return facts


def _plain_lines(record: Any) -> list[tuple[str, str]]:
    """Any other record: its scalar fields, long texts cut."""
    return [
        (key, text if len(text) <= 80 else text[:79] + "…")
        for key, value in record.to_dict().items()
        if isinstance(value, (str, int, float, bool)) and key not in ("name",)
        for text in [str(value)]
    ]


def _is(obj: object, module: str, name: str) -> bool:
    """``isinstance(obj, openclosed.<module>.<name>)`` without importing the module: this one
    sits below the records and tables it shows (they import it), so it never imports them."""
    return any(c.__name__ == name and c.__module__ == f"openclosed.{module}" for c in type(obj).__mro__)


def _facts(record: Any) -> list[tuple[str, str]]:
    if _is(record, "records", "Offer"):
        return _offer_lines(record)
    if _is(record, "records", "Model"):
        return _model_lines(record)
    if _is(record, "records", "License"):
        return _license_lines(record)
    if _is(record, "records", "Organization"):
        return _organization_lines(record)
    return _plain_lines(record)


def record_text(record: Any) -> str:
    """A record in a few lines: its name, then its essential facts."""
    facts = _facts(record)
    width = max(len(label) for label, _ in facts)
    return "\n".join([str(record.name), *(f"  {label:<{width}}  {value}" for label, value in facts)])


def record_html(record: Any) -> str:
    """A record as a small two-column HTML table under its name."""
    left = "style='text-align:left'"
    rows = "".join(
        f"<tr><th {left}>{html.escape(label)}</th><td {left}>{html.escape(value)}</td></tr>"
        for label, value in _facts(record)
    )
    return f"<table><caption><b>{html.escape(str(record.name))}</b></caption><tbody>{rows}</tbody></table>"


# --------------------------------------------------------------------------- tables


def _rows_text(headers: Sequence[str], rows: Sequence[Sequence[str]], total: int) -> str:
    shown = rows[:MAX_ROWS]
    lines = text_table(headers, shown)
    if total > len(shown):
        lines.append(f"... and {total - len(shown)} more")
    return "\n".join(lines)


def _rows_html(caption: str, headers: Sequence[str], rows: Sequence[Sequence[str]], total: int) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows[:MAX_ROWS]
    )
    more = (
        f"<tr><td colspan='{len(headers)}'>... and {total - MAX_ROWS} more</td></tr>"
        if total > MAX_ROWS
        else ""
    )
    return (
        f"<table><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}{more}</tbody></table>"
    )


_RESULT_HEADERS = ("id", "name", "organization", "level", "released", "price in/out per 1M")


def _result_rows(results: Results) -> list[list[str]]:
    rows = []
    for m in results[:MAX_ROWS]:
        price = m.pricing
        shown = "-"
        if price is not None and price.input_per_mtok is not None:
            shown = " / ".join(_token_rates(price))
        level = "-" if m.level is None else m.level.value
        rows.append([m.id, m.name, m.organization, level, str(m.released or "-"), shown])
    return rows


def _score_rows(scores: Sequence[ModelScore]) -> list[list[str]]:
    return [
        [
            str(s.rank),
            s.model_id,
            s.side.value,
            s.route.value,
            f"{s.total:.3f}",
            "unknown" if s.cost.monthly_usd is None else _money(s.cost.monthly_usd),
        ]
        for s in scores
    ]


_SCORE_HEADERS = ("rank", "model", "side", "route", "total", "cost/month")


def table_text(obj: Results | Ranking) -> str:
    """Results or a ranking as an aligned table, cut to :data:`MAX_ROWS` rows."""
    if _is(obj, "query", "Results"):
        return f"{obj!r}\n" + _rows_text(_RESULT_HEADERS, _result_rows(cast("Results", obj)), len(obj))
    ranking = cast("Ranking", obj)
    return f"{obj!r}\n" + _rows_text(_SCORE_HEADERS, _score_rows(ranking[:MAX_ROWS]), len(obj))


def table_html(obj: Results | Ranking) -> str:
    """Results or a ranking as an HTML table, cut to :data:`MAX_ROWS` rows."""
    if _is(obj, "query", "Results"):
        return _rows_html(repr(obj), _RESULT_HEADERS, _result_rows(cast("Results", obj)), len(obj))
    ranking = cast("Ranking", obj)
    return _rows_html(repr(obj), _SCORE_HEADERS, _score_rows(ranking[:MAX_ROWS]), len(obj))


def recommendation_html(rec: Recommendation) -> str:
    v = rec.verdict
    margin = f" (margin {v.margin:+.3f})" if v.best_open and v.best_closed else ""
    reasons = "".join(f"<li>{html.escape(r)}</li>" for r in v.reasons)
    what_if = f"<p>What if: {html.escape(v.what_if.sentence)}</p>" if v.what_if is not None else ""
    top = _rows_html(
        f"top {min(5, len(rec.ranking))} of {len(rec.ranking)} eligible models",
        _SCORE_HEADERS,
        _score_rows(rec.ranking[:5]),
        min(5, len(rec.ranking)),
    )
    excluded = f"<p>{len(rec.excluded)} models excluded</p>" if rec.excluded else ""
    return (
        f"<div><p><b>verdict: {html.escape(v.choice.value)}</b>{margin}, catalog "
        f"{html.escape(rec.catalog_version)}</p><ul>{reasons}</ul>{what_if}{top}{excluded}</div>"
    )


def pretty(text: str, printer: Any, cycle: bool) -> None:
    """Hand ``text`` to IPython's pretty printer, line by line."""
    for number, line in enumerate(text.split("\n")):
        if number:
            printer.break_()
        printer.text(line)
