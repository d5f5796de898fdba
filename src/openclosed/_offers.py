"""Who serves a model, where, at what price: the catalog's offers as a queryable table.

Private module: ``openclosed.offers`` is the packaged table, :class:`OfferTable` its type.

``openclosed.offers.filter(model="llama 3.3 70b", region="EU")`` answers "who serves
Llama 3.3 70B in the EU, cheapest first". Models and providers are named as anywhere
else (id, alias or name); regions are ISO 3166-1 alpha-2 codes or ``EU`` / ``EEA``, and
a region matches the offers served in it or in one of its member countries.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ._table import Table
from .enums import OfferKind, Status
from .errors import InvalidQueryError, brief
from .query import DEFAULT_STATUSES, parse_enum
from .records import EEA_ONLY, EU_MEMBERS, RATE_FIELDS, REGIONS, Offer

if TYPE_CHECKING:
    from .records import Model, Organization

__all__ = ["EU_MEMBERS", "OFFER_SORT_KEYS", "OfferTable", "offer_order", "serves"]

_WITHIN = MappingProxyType({"EU": EU_MEMBERS | {"EU"}, "EEA": EU_MEMBERS | EEA_ONLY | {"EU", "EEA"}})


def offer_order(offer: Offer) -> tuple[bool, str]:
    """How a model's offers are ordered: the maker's first, then by provider."""
    return (offer.kind is not OfferKind.MAKER, offer.provider)


#: The rates not per token, in field order: an offer priced only in them sorts by the first set.
_UNIT_RATES = operator.attrgetter(*(name for name in RATE_FIELDS if not name.endswith("_mtok")))


def _price_key(offer: Offer) -> tuple[int, float, str]:
    """Cheapest first by the blended token price, else the first per-unit rate; then offers
    priced in another currency (not comparable with dollars, so by id); unpriced last."""
    price = offer.price
    if price is None:
        return (2, 0.0, offer.id)
    if not price.in_usd:
        return (1, 0.0, offer.id)
    value = price.blended()
    if value is None:
        value = next((v for v in _UNIT_RATES(price) if v is not None), None)
    return (0, value, offer.id) if value is not None else (2, 0.0, offer.id)


#: Orders :meth:`OfferTable.filter` accepts.
OFFER_SORT_KEYS: Mapping[str, Callable[[Offer], Any]] = MappingProxyType(
    {
        "price": _price_key,
        "provider": lambda o: (o.provider, o.model),
        "id": lambda o: o.id,
    }
)


class OfferTable(Table[Offer]):
    """The offers of a catalog: lookups by ``provider/model`` id, and :meth:`filter`."""

    __slots__ = ("_models", "_organizations")

    _models: Table[Model]
    _organizations: Table[Organization]

    def __init__(
        self,
        offers: Iterable[Offer],
        catalog_version: str,
        *,
        models: Table[Model],
        organizations: Table[Organization],
        keys_to_ids: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__("offer", offers, catalog_version, keys_to_ids=keys_to_ids)
        object.__setattr__(self, "_models", models)
        object.__setattr__(self, "_organizations", organizations)

    def filter(
        self,
        *,
        model: str | Model | None = None,
        provider: str | Organization | None = None,
        kind: OfferKind | str | None = None,
        region: str | None = None,
        status: Status | str | Iterable[Status | str] | None = DEFAULT_STATUSES,
        sort: str = "price",
    ) -> tuple[Offer, ...]:
        """The offers that match every argument given, cheapest first by default.

        ``model`` and ``provider`` take an id, alias or name (or the record); ``region`` an
        ISO 3166-1 alpha-2 code or ``EU`` / ``EEA``; ``status`` defaults to active and
        deprecated offers (``None`` for all); ``sort`` is ``price`` (the current price blended three input
        tokens to one output token; unpriced offers last), ``provider`` or ``id``.
        """
        found = list(self._records)
        if model is not None:
            model_id = self._resolve(self._models, model, "model")
            found = [o for o in found if o.model == model_id]
        if provider is not None:
            provider_id = self._resolve(self._organizations, provider, "provider")
            found = [o for o in found if o.provider == provider_id]
        if kind is not None:
            wanted_kind = parse_enum(OfferKind, kind, "kind")
            found = [o for o in found if o.kind is wanted_kind]
        if region is not None:
            found = [o for o in found if serves(o.regions, region)]
        if status is not None:
            values = status if isinstance(status, (list, tuple, set, frozenset)) else (status,)
            statuses = {parse_enum(Status, value, "status") for value in values}
            found = [o for o in found if o.status in statuses]
        key = OFFER_SORT_KEYS.get(sort) if isinstance(sort, str) else None
        if key is None:
            raise InvalidQueryError("sort", sort, choices=tuple(OFFER_SORT_KEYS))
        return tuple(sorted(found, key=key))

    @staticmethod
    def _resolve(table: Table[Model] | Table[Organization], value: object, field: str) -> str:
        record_id = getattr(value, "id", value)
        found = table.get(record_id) if isinstance(record_id, str) else None
        if found is None:
            raise InvalidQueryError(field, value, table.suggest(record_id))
        return found.id


def serves(regions: Iterable[str], region: str) -> bool:
    """Whether an offer served in ``regions`` serves ``region`` (``DE`` is in the ``EU``, and an
    offer marked ``EU`` serves ``FR``); an unknown region code raises :class:`InvalidQueryError`."""
    return not _region(region).isdisjoint(regions)


def _region(value: object) -> frozenset[str]:
    """The codes an offer's regions may hold to be served in ``value``."""
    if isinstance(value, str):
        code = value.strip().upper()
        if code in _WITHIN:
            return frozenset(_WITHIN[code])
        if len(code) == 2 and code.isalpha() and code.isascii():
            return frozenset({code, *(region for region, members in _WITHIN.items() if code in members)})
    raise InvalidQueryError(
        "region",
        value,
        detail=f"region must be an ISO 3166-1 alpha-2 code such as 'DE', or one of "
        f"{', '.join(map(repr, REGIONS))}; got {brief(value)}",
    )
