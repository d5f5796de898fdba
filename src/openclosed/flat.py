"""Flat data: records as JSON-ready dicts, and tables as rows of documented, stable columns.

Two shapes, for two uses. ``record.to_dict()`` is the whole record, nested as the records
are, with enums as their values and dates as ISO strings: ``json.dumps`` takes it as it
is. ``table.to_dicts()`` is one flat row per record with the columns below, in this order:
what ``pandas.DataFrame``, ``polars.DataFrame``, ``csv`` and ``jq`` want. A model's row
also answers the questions people otherwise join three tables for: its current price, the
key terms of its weights licence and its maker's country. Columns are only ever added, at
the end, in a MINOR release; a column is never renamed or given another meaning.

``to_pandas()`` and ``to_polars()`` import their library when called, never before: neither
is a dependency of openclosed (install ``openclosed[pandas]`` or ``openclosed[polars]``).
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ._fields import is_derived
from .enums import CommercialUse

if TYPE_CHECKING:
    from ._catalog import Table
    from .records import License, LicenseCategory, Model, Offer, Organization, Pricing
    from .scoring import ModelScore

__all__ = [
    "COLUMNS",
    "LICENSE_CATEGORY_COLUMNS",
    "LICENSE_COLUMNS",
    "MODEL_COLUMNS",
    "OFFER_COLUMNS",
    "ORGANIZATION_COLUMNS",
    "RANKING_COLUMNS",
    "model_row",
    "record_dict",
    "to_pandas",
    "to_polars",
]

#: The columns of a model row (``Results.to_dicts()``, ``models.to_dicts()``, CSV export).
MODEL_COLUMNS = (
    "id",
    "name",
    "kind",
    "organization",
    "level",
    "side",
    "openness_score",
    "released",
    "tasks",
    "inputs",
    "outputs",
    "parameters",
    "active_parameters",
    "context_window",
    "weights_access",
    "deployments",
    "weights_license",
    "code_license",
    "service_terms",
    "status",
    "renamed_to",
    "successor",
    # since 26.5: the maker, the licence's key terms and the price, without a join
    "country",
    "commercial_use",
    "weights_commercial_use",
    "weights_osi_approved",
    "weights_user_cap",
    "weights_revenue_threshold",
    "weights_revenue_currency",
    "weights_excluded_territories",
    "weights_output_use_ban",
    "weights_notice_required",
    "price_input_per_mtok",
    "price_output_per_mtok",
    "price_as_of",
    # since 26.19: every rate in words, its currency named (the columns above are USD only)
    "price_rates",
)

LICENSE_COLUMNS = (
    "id",
    "name",
    "category",
    "osi_approved",
    "commercial_use",
    "spdx",
    "hf_id",
    "user_cap",
    "revenue_threshold",
    "revenue_currency",
    "revenue_period",
    "excluded_territories",
    "output_use_ban",
    "notice_required",
    "acceptable_use_policy",
    "hosting_ban",
    "licensor_may_update",
    "non_commercial",
    "research_only",
    "restrictions",
    "url",
)

ORGANIZATION_COLUMNS = ("id", "name", "kind", "country", "parent", "url", "aliases")

LICENSE_CATEGORY_COLUMNS = ("id", "name", "osi_compatible", "commercial_use")

OFFER_COLUMNS = (
    "id",
    "model",
    "provider",
    "kind",
    "api_name",
    "status",
    "regions",
    "price_input_per_mtok",
    "price_output_per_mtok",
    "price_per_image",
    "price_as_of",
    "retention_days",
    "trains_on_inputs_by_default",
    "zero_retention_available",
    "attestations",
    # since 26.19, as for models
    "price_rates",
)

#: The columns of a ranking row: a model's score, with each criterion's contribution.
RANKING_COLUMNS = (
    "rank",
    "model_id",
    "name",
    "side",
    "level",
    "route",
    "total",
    "customization",
    "support",
    "cost",
    "security",
    "long_term",
    "monthly_usd",
    "price_as_of",
    "unknowns",
)

#: The columns of each kind of row, by the ``kind`` of the table that gives them.
COLUMNS: Mapping[str, tuple[str, ...]] = {
    "model": MODEL_COLUMNS,
    "license": LICENSE_COLUMNS,
    "organization": ORGANIZATION_COLUMNS,
    "license category": LICENSE_CATEGORY_COLUMNS,
    "offer": OFFER_COLUMNS,
    "ranking": RANKING_COLUMNS,
}

#: Columns that hold ISO dates: data frames get them as dates.
DATE_COLUMNS = frozenset({"released", "price_as_of"})

_COMMERCIAL_RANK = {CommercialUse.NO: 0, CommercialUse.CONDITIONAL: 1, CommercialUse.YES: 2}


# --------------------------------------------------------------------------- records


def _plain(value: object) -> Any:
    """A value as JSON has it: enums by value, dates as ISO strings, records as dicts."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    if attrs.has(type(value)):
        return record_dict(value)
    return value


def record_dict(record: Any) -> dict[str, Any]:
    """Every field of an attrs record, JSON-ready and nested; derived fields included.

    A model's ``offers`` become their ids (each offer has a ``to_dict`` of its own), so
    that a model's dict does not repeat its offers' records.
    """
    out: dict[str, Any] = {}
    for field in attrs.fields(type(record)):
        value = getattr(record, field.name)
        if field.name == "offers" and is_derived(field):
            out[field.name] = [offer.id for offer in value]
        else:
            out[field.name] = _plain(value)
    return out


# --------------------------------------------------------------------------- rows


def _iso(day: datetime.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _rates(price: Pricing | None) -> list[str]:
    """Every current rate in words, its currency named: the one cell that holds a price the
    USD columns cannot (another currency, or a rate per minute, page or request)."""
    return [] if price is None else list(price.rates())


def model_row(
    m: Model,
    *,
    organizations: Table[Organization] | None = None,
    licenses: Table[License] | None = None,
) -> dict[str, Any]:
    """One flat row of :data:`MODEL_COLUMNS`.

    The tables of the model's catalog fill the maker's country and the licence terms;
    without them those columns are ``None``.
    """
    assert m.openness is not None
    org = None if organizations is None else organizations.get(m.organization)
    weights = None if licenses is None or m.licenses.weights is None else licenses.get(m.licenses.weights)
    routes = [
        lic.commercial_use
        for lic in (
            weights,
            None if licenses is None or m.licenses.service is None else licenses.get(m.licenses.service),
        )
        if lic is not None
    ]
    terms = None if weights is None else weights.restrictions
    threshold = None if terms is None else terms.revenue_threshold
    price = m.pricing
    usd = None if price is None or not price.in_usd else price
    return {
        "id": m.id,
        "name": m.name,
        "kind": m.kind.value,
        "organization": m.organization,
        "level": m.openness.level.value,
        "side": m.openness.side.value,
        "openness_score": m.openness.score,
        "released": _iso(m.released),
        "tasks": [t.value for t in m.tasks],
        "inputs": [x.value for x in m.inputs],
        "outputs": [x.value for x in m.outputs],
        "parameters": m.parameters,
        "active_parameters": m.active_parameters,
        "context_window": m.context_window,
        "weights_access": m.access.weights.value,
        "deployments": [d.value for d in m.access.deployments],
        "weights_license": m.licenses.weights,
        "code_license": m.licenses.code,
        "service_terms": m.licenses.service,
        "status": m.status.value,
        "renamed_to": m.renamed_to,
        "successor": m.successor,
        "country": None if org is None else org.country,
        "commercial_use": max(routes, key=_COMMERCIAL_RANK.__getitem__).value if routes else None,
        "weights_commercial_use": None if weights is None else weights.commercial_use.value,
        "weights_osi_approved": None if weights is None else weights.osi_approved,
        "weights_user_cap": None if terms is None else terms.user_cap,
        "weights_revenue_threshold": None if threshold is None else threshold.amount,
        "weights_revenue_currency": None if threshold is None else threshold.currency,
        "weights_excluded_territories": None if terms is None else list(terms.excluded_territories),
        "weights_output_use_ban": None if terms is None else terms.output_use_ban,
        "weights_notice_required": None if terms is None else terms.naming_or_attribution,
        "price_input_per_mtok": None if usd is None else usd.input_per_mtok,
        "price_output_per_mtok": None if usd is None else usd.output_per_mtok,
        "price_as_of": None if price is None else _iso(price.as_of),
        "price_rates": _rates(price),
    }


def license_row(lic: License) -> dict[str, Any]:
    """One flat row of :data:`LICENSE_COLUMNS`."""
    r = lic.restrictions
    threshold = r.revenue_threshold
    return {
        "id": lic.id,
        "name": lic.name,
        "category": lic.category,
        "osi_approved": lic.osi_approved,
        "commercial_use": lic.commercial_use.value,
        "spdx": lic.is_spdx,
        "hf_id": lic.hf_id,
        "user_cap": r.user_cap,
        "revenue_threshold": None if threshold is None else threshold.amount,
        "revenue_currency": None if threshold is None else threshold.currency,
        "revenue_period": None if threshold is None else threshold.period,
        "excluded_territories": list(r.excluded_territories),
        "output_use_ban": r.output_use_ban,
        "notice_required": r.naming_or_attribution,
        "acceptable_use_policy": r.acceptable_use_policy,
        "hosting_ban": r.hosting_ban,
        "licensor_may_update": r.licensor_may_update,
        "non_commercial": r.non_commercial,
        "research_only": r.research_only,
        "restrictions": list(r.names()),
        "url": lic.url,
    }


def organization_row(org: Organization) -> dict[str, Any]:
    """One flat row of :data:`ORGANIZATION_COLUMNS`."""
    return {
        "id": org.id,
        "name": org.name,
        "kind": org.kind.value,
        "country": org.country,
        "parent": org.parent,
        "url": org.url,
        "aliases": list(org.aliases),
    }


def category_row(category: LicenseCategory) -> dict[str, Any]:
    """One flat row of :data:`LICENSE_CATEGORY_COLUMNS`."""
    return {
        "id": category.id,
        "name": category.name,
        "osi_compatible": category.osi_compatible,
        "commercial_use": category.commercial_use.value,
    }


def offer_row(offer: Offer) -> dict[str, Any]:
    """One flat row of :data:`OFFER_COLUMNS`, with the current price."""
    price = offer.price
    usd = None if price is None or not price.in_usd else price
    return {
        "id": offer.id,
        "model": offer.model,
        "provider": offer.provider,
        "kind": offer.kind.value,
        "api_name": offer.api_name,
        "status": offer.status.value,
        "regions": list(offer.regions),
        "price_input_per_mtok": None if usd is None else usd.input_per_mtok,
        "price_output_per_mtok": None if usd is None else usd.output_per_mtok,
        "price_per_image": None if usd is None else usd.per_image,
        "price_as_of": None if price is None else _iso(price.as_of),
        "retention_days": offer.data.retention_days,
        "trains_on_inputs_by_default": offer.data.trains_on_inputs_by_default,
        "zero_retention_available": offer.data.zero_retention_available,
        "attestations": list(offer.attestations),
        "price_rates": _rates(price),
    }


def ranking_row(score: ModelScore) -> dict[str, Any]:
    """One flat row of :data:`RANKING_COLUMNS`; each criterion column is its contribution."""
    contributions = {c.criterion.value: c.contribution for c in score.breakdown}
    return {
        "rank": score.rank,
        "model_id": score.model_id,
        "name": score.name,
        "side": score.side.value,
        "level": score.level.value,
        "route": score.route.value,
        "total": score.total,
        **{name: contributions.get(name) for name in RANKING_COLUMNS[7:12]},
        "monthly_usd": score.cost.monthly_usd,
        "price_as_of": score.cost.price_as_of,
        "unknowns": list(score.unknowns),
    }


_ROWS: Mapping[str, Any] = {
    "license": license_row,
    "organization": organization_row,
    "license category": category_row,
    "offer": offer_row,
}


def table_rows(kind: str, records: Iterable[Any]) -> list[dict[str, Any]]:
    """The rows of a table of licences, organizations, categories or offers."""
    row = _ROWS[kind]
    return [row(record) for record in records]


# --------------------------------------------------------------------------- data frames


def _missing(library: str) -> ModuleNotFoundError:
    return ModuleNotFoundError(
        f"to_{library}() needs {library}, which openclosed does not install: "
        f"pip install 'openclosed[{library}]' (or pip install {library})",
        name=library,
    )


def _dated(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The rows with their ISO date columns as :class:`datetime.date`."""
    return [
        {
            key: datetime.date.fromisoformat(value) if key in DATE_COLUMNS and value is not None else value
            for key, value in row.items()
        }
        for row in rows
    ]


def to_pandas(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> Any:
    """A :class:`pandas.DataFrame` of ``rows``: these columns in this order, dates as datetimes."""
    try:
        import pandas
    except ModuleNotFoundError as error:
        raise _missing("pandas") from error
    frame = pandas.DataFrame(list(rows), columns=list(columns))
    for column in DATE_COLUMNS.intersection(columns):
        frame[column] = pandas.to_datetime(frame[column], format="ISO8601")
    return frame


def to_polars(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> Any:
    """A :class:`polars.DataFrame` of ``rows``: these columns in this order, dates as dates."""
    try:
        import polars
    except ModuleNotFoundError as error:
        raise _missing("polars") from error
    if not rows:
        return polars.DataFrame({column: [] for column in columns})
    return polars.DataFrame(_dated(rows), infer_schema_length=None).select(list(columns))


def csv_text(rows: Iterable[Mapping[str, Any]], fields: Sequence[str]) -> str:
    """Rows as CSV text with a header line; list values joined by ``;``. The one CSV writer:
    ``Results.to_csv``, ``Catalog.to_csv`` and every ``--format csv`` of the CLI use it."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ";".join(map(str, v)) if isinstance(v, list) else v for k, v in row.items()})
    return out.getvalue()
