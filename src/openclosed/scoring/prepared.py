"""What scoring reads from a catalog whatever the requirements, worked out once per catalog.

The facts the criteria measure (a model's, an offer's) and their measures depend on the
catalog alone, and a catalog is immutable: so they are computed on the first call of
:func:`~openclosed.recommend` with a catalog and kept with it (:meth:`Catalog._derive`),
not redone by every call. What depends on the requirements (screening, costs, utilities,
the ranking) is computed by each call.
"""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING

from .cost import BILLED_VOLUMES, input_only, makes_images
from .criteria import NO_OFFER, RULES, Facts, Licenses, Measure, model_facts, offer_facts
from .routes import Route, split_offers

if TYPE_CHECKING:
    from .._catalog import Catalog
    from ..records import License, Model, Offer, Organization

__all__ = ["Prepared", "prepared"]

#: The fields of a price that a service's cost reads: the currency, tokens, every billed rate, the date.
_BILLED_RATES = operator.attrgetter(
    "currency", "input_per_mtok", "output_per_mtok", *(v.rate for v in BILLED_VOLUMES), "as_of"
)


class Prepared:
    """A catalog's requirement-free scoring facts.

    Records are looked up by identity: the catalog holds each of its records for as long
    as it lives, and this object lives with the catalog, so an identity names one record.
    A record from elsewhere (``score`` takes any model) is never stored by identity; its
    facts are worked out on each call.
    """

    __slots__ = (
        "_flags",
        "_model_parts",
        "_offers",
        "_price_keys",
        "license_view",
        "licenses",
        "measures",
        "offer_parts",
        "organizations",
        "parts",
    )

    def __init__(self, catalog: Catalog) -> None:
        self.licenses: dict[str, License] = {lic.id: lic for lic in catalog.licenses}
        self.license_view = Licenses(
            self.licenses, frozenset(c.id for c in catalog.license_categories if c.osi_compatible)
        )
        self.organizations: dict[str, Organization] = {o.id: o for o in catalog.organizations}
        #: Equal fact parts (of models, of offers) share one tuple, kept here, so that the
        #: identity of that tuple stands for its value in :attr:`measures`' keys.
        self.parts: dict[tuple[object, ...], tuple[object, ...]] = {NO_OFFER: NO_OFFER}
        intern = self.parts.setdefault
        self._model_parts: dict[int, tuple[object, ...]] = {}
        self._flags: dict[int, tuple[bool, bool]] = {}
        self._offers: dict[int, tuple[Offer | None, tuple[Offer, ...]]] = {}
        by_tasks: dict[int, tuple[bool, bool]] = {}  # models share their (interned) task tuples
        for model in catalog.models:
            facts = model_facts(model)
            self._model_parts[id(model)] = intern(facts, facts)
            flags = by_tasks.get(id(model.tasks))
            if flags is None:
                flags = by_tasks[id(model.tasks)] = (input_only(model), makes_images(model))
            self._flags[id(model)] = flags
            self._offers[id(model)] = split_offers(model)
        #: Each offer's shared facts part, by the identity of the catalog's offer.
        self.offer_parts: dict[int, tuple[object, ...]] = {}
        self._price_keys: dict[int, tuple[object, ...] | None] = {}
        for offer in catalog.offers:
            facts = offer_facts(offer)
            self.offer_parts[id(offer)] = intern(facts, facts)
            self._price_keys[id(offer)] = self._price_key(offer)
        #: A route's measures on every criterion but cost, by its route and (the
        #: identities of) its shared model and offer parts: the exact inputs of the rules.
        self.measures: dict[tuple[str, int, int], tuple[Measure | None, ...]] = {}

    def model_part(self, model: Model) -> tuple[object, ...]:
        """The model's facts, as the one tuple all models with equal facts share."""
        part = self._model_parts.get(id(model))
        if part is None:
            facts = model_facts(model)
            part = self.parts.setdefault(facts, facts)
        return part

    def offer_part(self, offer: Offer | None) -> tuple[object, ...]:
        """The offer's facts, as the one tuple all offers with equal facts share."""
        if offer is None:
            return NO_OFFER
        part = self.offer_parts.get(id(offer))
        if part is None:
            facts = offer_facts(offer)
            part = self.parts.setdefault(facts, facts)
        return part

    def flags(self, model: Model) -> tuple[bool, bool]:
        """Whether the model only reads (every token billed as input) and whether it makes
        images (image volumes count on your own GPUs): the two facts of its tasks costs read."""
        hit = self._flags.get(id(model))
        return (input_only(model), makes_images(model)) if hit is None else hit

    def price_key(self, offer: Offer) -> tuple[object, ...] | None:
        """The fields of the offer's current price that a service's cost reads, as the one
        tuple all offers with equal prices share (None: no price)."""
        try:
            return self._price_keys[id(offer)]
        except KeyError:
            return self._price_key(offer)

    def _price_key(self, offer: Offer) -> tuple[object, ...] | None:
        p = offer.price
        if p is None:
            return None
        key = ("price", *_BILLED_RATES(p))
        return self.parts.setdefault(key, key)

    def offers(self, model: Model) -> tuple[Offer | None, tuple[Offer, ...]]:
        """The model's :func:`~.routes.split_offers`: its maker's offer and the live others."""
        hit = self._offers.get(id(model))
        return split_offers(model) if hit is None else hit

    def measures_of(
        self, route: Route, model_part: tuple[object, ...], offer_part: tuple[object, ...]
    ) -> tuple[Measure | None, ...]:
        """The route measured on every criterion but cost (``model_part``, ``offer_part``:
        shared parts from :meth:`model_part` and :meth:`offer_part`)."""
        key = (route._value_, id(model_part), id(offer_part))
        measures = self.measures.get(key)
        if measures is None:
            facts = Facts._make((route._value_, *model_part, *offer_part))
            view = self.license_view
            fresh = tuple(None if rule.measure is None else rule.measure(facts, view) for rule in RULES)
            # setdefault: two threads may measure at once; both then share the first tuple
            measures = self.measures.setdefault(key, fresh)
        return measures


def prepared(catalog: Catalog) -> Prepared:
    """The catalog's :class:`Prepared` facts, computed on first use."""
    return catalog._derive(Prepared)
