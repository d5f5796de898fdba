"""The scoring pipeline: screen every route of every model, price it, measure it on the
criteria, rank models by their best eligible route, and give the verdict.

Two passes over the catalog: the first screens and prices every route, so that the cost
criterion can score each cost against the cheapest eligible option; the second measures
and ranks. Within a call, routes with the same facts share their measures, and routes
with the same prices or sizes share their costs; each cache is keyed by exactly the
inputs of what it caches.
"""

from __future__ import annotations

import math
from operator import itemgetter, mul
from typing import TYPE_CHECKING, NamedTuple

import attrs

from .._loader import paused_gc
from ..enums import Side
from ..errors import InvalidRequirementsError
from ..requirements import Expertise, Requirements, UnknownFacts
from .cost import self_host_cost, service_cost
from .criteria import (
    COST_INDEX,
    NO_OFFER,
    RULES,
    Measure,
    Stances,
    cost_measure,
    cost_values,
)
from .prepared import prepared
from .probes import Kept, VolumeProbe, keep_undominated
from .results import (
    CostEstimate,
    CriterionScore,
    Exclusion,
    FactUsed,
    ModelScore,
    Ranking,
    Recommendation,
    facts_used,
)
from .routes import SELF_RUN, Route, candidate_routes
from .screening import (
    check_names,
    governing_license,
    no_route,
    screen_model,
    screen_offer,
    screen_terms,
    terms_class,
    unknown_capability,
)
from .verdict import PoleValues, cost_reference, verdict, weights_of

if TYPE_CHECKING:
    from .._catalog import Catalog
    from ..records import Model, Offer

__all__ = ["recommend", "score"]

_UTILITIES = tuple(rule.utility for rule in RULES)
_COST_UTILITY = RULES[COST_INDEX].utility

#: Above this many GPUs, a team without expert staff is warned that the fleet is large.
SMALL_FLEET = 8


class Poles(NamedTuple):
    """One route measured on every criterion. The measures of the other criteria are shared
    by routes with the same facts; the cost's sentence is written only when a score is read."""

    values: PoleValues
    #: The measure of each fact-based criterion (None in the cost's slot).
    measures: tuple[Measure | None, ...]
    cost: CostEstimate
    self_run: bool

    def explained(self) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
        """The sentence and the unknown facts of each criterion, in :data:`RULES` order."""
        cost = cost_measure(self.cost, self.self_run)
        parts = [cost if m is None else m for m in self.measures]
        return tuple(p[1] for p in parts), tuple(p[2] for p in parts)


def pole_values(measures: tuple[Measure | None, ...], cost: CostEstimate, self_run: bool) -> PoleValues:
    """The pole values of every criterion: the measures', with the cost's in its slot."""
    return with_cost(measures, cost_values(cost, self_run))


def with_cost(measures: tuple[Measure | None, ...], costed: tuple[float, ...]) -> PoleValues:
    """The measures' pole values, with the cost's pole values ``costed`` in its slot."""
    return tuple([costed if m is None else m[0] for m in measures])


#: One eligible route: its offer and cost.
Route_ = tuple[Route, "Offer | None", CostEstimate]
#: A model's best route, ready to rank: minus its total, the model's id (ties), the model,
#: the route, its offer, its poles and its cost.
Ranked = tuple[float, str, "Model", Route, "Offer | None", Poles, CostEstimate]


class Scorer:
    """Screens, prices and scores models against one set of requirements and one catalog."""

    def __init__(self, requirements: Requirements, catalog: Catalog) -> None:
        if not isinstance(requirements, Requirements):
            raise InvalidRequirementsError(
                "requirements", f"expected a Requirements, got {type(requirements).__name__}"
            )
        self.requirements = requirements
        #: The catalog's requirement-free facts and measures, kept with the catalog.
        self.prepared = prepared(catalog)
        self.licenses = self.prepared.licenses
        self.organizations = self.prepared.organizations
        self.weights = weights_of(requirements)
        self.float_weights = tuple(float(w) for w in self.weights)
        self.importance = tuple(getattr(requirements.importance, r.criterion.value) for r in RULES)
        self.stances = Stances.of_requirements(requirements)
        #: Per-call memos keyed by identity: records (and their task tuples) are immutable
        #: and held by the catalog for the whole call, so an object stands for its value.
        self.costs: dict[tuple[object, ...], CostEstimate] = {}
        self.poles: dict[tuple[str, int, int], Poles] = {}
        self.totals_of: dict[int, tuple[tuple[float, ...], float]] = {}
        #: The other criteria's utilities by the identity of the measures they come from
        #: (measures live with the catalog, in its Prepared facts); the cost's slot is a placeholder.
        self.fixed_utilities: dict[int, list[float]] = {}
        #: Those utilities times their weights (0.0 in the cost's slot), by the same identity.
        self.fixed_products: dict[int, tuple[float, ...]] = {}
        #: The cost criterion's utility by the identity of the (shared) cost estimate.
        self.cost_utilities: dict[tuple[int, bool], float] = {}
        self.criterion_scores: dict[tuple[object, ...], CriterionScore] = {}
        self.license_facts: dict[tuple[str, str], FactUsed] = {}
        #: The cheapest known monthly cost of an eligible route, found by the first pass.
        self.cheapest: float | None = None

    # ------------------------------------------------------------------ pass 1

    def eligible_routes(self, model: Model) -> tuple[list[str], list[Route_]]:
        """The model's eligible routes, priced; or, when none is, the reasons (those of its
        first route, and of the model)."""
        requirements = self.requirements
        reasons = screen_model(model, requirements, self.organizations)
        routes = candidate_routes(model, requirements, self.prepared.offers(model))
        if not routes:
            return [*reasons, no_route(requirements)], []
        if reasons:
            return reasons, []
        eligible: list[Route_] = []
        first: list[str] | None = None
        c = requirements.constraints
        budgeted = c.max_monthly_cost_usd is not None
        offer_checks = c.data_residency is not None or bool(c.exclude_countries)
        flags = self.flags(model)
        terms: list[list[str] | None] = [None, None, None]  # per terms_class, asked once
        for route, offer in routes:
            kind = terms_class(route)
            route_reasons = terms[kind]
            if route_reasons is None:
                governing = governing_license(model, route, self.licenses)
                route_reasons = terms[kind] = screen_terms(
                    model, route, governing, requirements, self.organizations
                )
            if offer_checks:
                route_reasons = route_reasons + screen_offer(route, offer, requirements, self.organizations)
            cost = self.cost_of(model, route, offer, flags)
            if budgeted or route is Route.OWN_HARDWARE:  # no budget, no GPUs of yours: nothing to check
                route_reasons = route_reasons + self.budget_reasons(route, cost)
            if first is None:
                first = route_reasons
            if not route_reasons:
                eligible.append((route, offer, cost))
                monthly = cost.monthly_usd
                if monthly is not None and (self.cheapest is None or monthly < self.cheapest):
                    self.cheapest = monthly
        if not eligible:
            assert first is not None
            more = " (and no other route is eligible)" if len(routes) > 1 else ""
            return [*first[:-1], first[-1] + more], []
        return [], eligible

    def budget_reasons(self, route: Route, cost: CostEstimate) -> list[str]:
        c = self.requirements.constraints
        reasons = []
        if route is Route.OWN_HARDWARE and cost.gpus > c.owned_gpus:
            reasons.append(
                f"it needs {cost.gpus} {cost.gpu_class} GPUs for this workload; you own {c.owned_gpus}"
            )
        if c.max_monthly_cost_usd is None:
            return reasons
        if cost.monthly_usd is None:
            if c.unknown_facts is UnknownFacts.EXCLUDE:
                reasons.append("its monthly cost cannot be estimated from the catalog")
        elif cost.monthly_usd > c.max_monthly_cost_usd:
            ceiling = c.max_monthly_cost_usd
            reasons.append(f"its estimated cost, ${cost.monthly_usd:,.0f} a month, is above ${ceiling:,.0f}")
        return reasons

    def cost_of(
        self, model: Model, route: Route, offer: Offer | None, flags: tuple[bool, bool] | None = None
    ) -> CostEstimate:
        """The route's cost, shared by routes with the same inputs of the estimate (sizes
        and tasks for your own hardware, list prices for a service; the offer is named in
        the score when it is read). ``flags``: the model's :meth:`flags`, when the caller
        has them."""
        reads_only, images = self.flags(model) if flags is None else flags
        if route in SELF_RUN:
            key = self.fleet_key(model, route, images)
            cost = self.costs.get(key)
            if cost is None:
                cost = self.costs[key] = self_host_cost(model, route, self.requirements)
            return cost
        # the price's fields that the estimate reads, as one shared tuple (see Prepared.price_key)
        prices = None if offer is None else self.prepared.price_key(offer)
        key = (route._value_,) if prices is None else (route._value_, id(prices), reads_only)
        cost = self.costs.get(key)
        if cost is None:
            p = None if offer is None else offer.price
            cost = self.costs[key] = service_cost(route, p, self.requirements, reads_only=reads_only)
        return cost

    def fleet_key(self, model: Model, route: Route, images: bool | None = None) -> tuple[object, ...]:
        """The inputs of a self-run route's cost besides the requirements: the route, the
        model's sizes and release precision, and whether it makes images (``images``: its
        :meth:`flags`' second, when the caller has it)."""
        if images is None:
            images = self.flags(model)[1]
        return (route._value_, model.parameters, model.active_parameters, model.weights_precision, images)

    def flags(self, model: Model) -> tuple[bool, bool]:
        """Whether the model only reads (every token billed as input) and whether it makes
        images (image volumes count on your own GPUs): the two facts of its tasks costs read."""
        return self.prepared.flags(model)

    # ------------------------------------------------------------------ pass 2

    def set_reference(self, reference: float) -> None:
        """Fix the cost that scores 1 (the cheapest eligible option) before anything is scored."""
        self.stances = attrs.evolve(self.stances, cost_reference=reference)
        self.totals_of.clear()
        self.fixed_utilities.clear()
        self.fixed_products.clear()
        self.cost_utilities.clear()

    def end_pass(self) -> None:
        """Drop the memos that only ranking needed, keyed by identity, before the collector
        runs again: the ranking keeps each model's best :class:`Poles` (which hold their
        measures and cost), and reading an entry refills what it needs. Kept, these memos
        would be the bulk of the objects the first collection after the call traverses."""
        for memo in (
            self.poles,
            self.totals_of,
            self.fixed_utilities,
            self.fixed_products,
            self.cost_utilities,
        ):
            memo.clear()

    def poles_for(self, route: Route, measures: tuple[Measure | None, ...], cost: CostEstimate) -> Poles:
        """The route measured on every criterion, from its shared measures (see
        :meth:`.prepared.Prepared.measures_of`) and cost; shared between routes with equal
        measures and costs.

        The key holds identities of shared objects: the measures and the cost estimate (one
        per distinct cost input, see :meth:`cost_of`), both kept alive for as long as these
        poles are, so an identity stands for exactly one value."""
        key = (route._value_, id(measures), id(cost))
        poles = self.poles.get(key)
        if poles is None:
            self_run = route in SELF_RUN
            poles = self.poles[key] = Poles(pole_values(measures, cost, self_run), measures, cost, self_run)
        return poles

    def route_total(
        self, measures: tuple[Measure | None, ...], cost: CostEstimate, self_run: bool
    ) -> tuple[float, float]:
        """A route's weighted total (as :attr:`ModelScore.total`) and that total without the
        cost's contribution, without building its :class:`Poles`. Not cached: routes rarely
        share both their measures and their cost, and its parts are (see
        :meth:`weighted_products`, :meth:`cost_utility`)."""
        products = self.fixed_products.get(id(measures))
        if products is None:
            products = self.weighted_products(measures)
        utility = self.cost_utilities.get((id(cost), self_run))
        if utility is None:
            utility = self.cost_utility(cost, self_run)
        weighted_cost = self.float_weights[COST_INDEX] * utility
        # fsum rounds the exact sum once: the same total as summing the breakdown's contributions
        total = math.fsum((*products, weighted_cost))
        return total, total - weighted_cost

    def weighted_products(self, measures: tuple[Measure | None, ...]) -> tuple[float, ...]:
        """The fact-based criteria's utilities times their weights, 0.0 in the cost's slot
        (which adds nothing to a sum), shared by routes with the same measures."""
        products = self.fixed_products.get(id(measures))
        if products is None:
            st = self.stances
            fixed = self.fixed_utilities[id(measures)] = [
                0.0 if m is None else utility(m[0], st)
                for utility, m in zip(_UTILITIES, measures, strict=True)
            ]
            products = self.fixed_products[id(measures)] = tuple(map(mul, self.float_weights, fixed))
        return products

    def cost_utility(self, cost: CostEstimate, self_run: bool) -> float:
        """The cost criterion's utility, shared by routes with the same cost estimate."""
        key = (id(cost), self_run)
        utility = self.cost_utilities.get(key)
        if utility is None:
            utility = self.cost_utilities[key] = _COST_UTILITY(cost_values(cost, self_run), self.stances)
        return utility

    def totals(self, poles: Poles) -> tuple[tuple[float, ...], float]:
        """The utilities of ``poles`` and their weighted total (as :attr:`ModelScore.total`)."""
        hit = self.totals_of.get(id(poles))  # poles live in self.poles for the whole call
        if hit is None:
            total, _ = self.route_total(poles.measures, poles.cost, poles.self_run)
            us = list(self.fixed_utilities[id(poles.measures)])  # filled by weighted_products
            us[COST_INDEX] = self.cost_utility(poles.cost, poles.self_run)
            hit = self.totals_of[id(poles)] = (tuple(us), total)
        return hit

    def warnings(self, model: Model, route: Route, cost: CostEstimate) -> tuple[str, ...]:
        """What a team should know before taking this route."""
        out = [
            f"the catalog has no {benchmark} result for it: its capability is unknown, not assumed"
            for benchmark in unknown_capability(model, self.requirements)
        ]
        if route not in SELF_RUN or not cost.gpus:
            return tuple(out)
        expertise = self.requirements.in_house_expertise
        if expertise is Expertise.NONE:
            out.append(
                f"your team has no machine-learning expertise, and this route means running "
                f"{cost.gpus} GPU(s) yourself"
            )
        if cost.gpus > SMALL_FLEET and expertise in (Expertise.NONE, Expertise.BASIC):
            out.append(f"a fleet of {cost.gpus} GPUs is more than a small team without experts can run")
        return tuple(out)

    def model_score(
        self,
        model: Model,
        route: Route,
        offer: Offer | None,
        poles: Poles,
        cost: CostEstimate,
        rank: int = 0,
    ) -> ModelScore:
        us = self.totals(poles)[0]
        reasons_of, unknowns_of = poles.explained()
        # Criterion scores repeat across models with the same facts; they are immutable,
        # so one object serves them all.
        shared = self.criterion_scores
        parts = []
        for index, utility in enumerate(us):
            key = (index, utility, reasons_of[index], unknowns_of[index])
            part = shared.get(key)
            if part is None:
                weight = self.float_weights[index]
                part = shared[key] = CriterionScore(
                    criterion=RULES[index].criterion,
                    importance=self.importance[index],
                    weight=weight,
                    utility=utility,
                    contribution=weight * utility,
                    reason=reasons_of[index],
                    unknowns=unknowns_of[index],
                )
            parts.append(part)
        breakdown = tuple(parts)
        unknowns = tuple(u for per_criterion in unknowns_of for u in per_criterion)
        assert model.openness is not None
        ordered = sorted(breakdown, key=lambda c: -c.contribution)
        reasons = [f"{c.criterion._value_.replace('_', '-')}: {c.reason}" for c in ordered if c.importance]
        if model.renamed_to is not None:
            reasons.insert(
                0,
                f"renamed to {model.renamed_to!r}"
                + (f" on {model.status_date}" if model.status_date else ""),
            )
        if unknowns:
            reasons.append("unknown, scored as the worst case: " + "; ".join(unknowns))
        return ModelScore(
            model_id=model.id,
            name=model.name,
            side=model.openness.side,
            level=model.openness.level,
            route=route,
            offer=None if offer is None else offer.id,
            total=math.fsum(c.contribution for c in breakdown),
            rank=rank,
            breakdown=breakdown,
            cost=cost if offer is None or route in SELF_RUN else attrs.evolve(cost, offer=offer.id),
            reasons=tuple(reasons),
            unknowns=unknowns,
            facts=facts_used(model, route, offer, self.licenses, self.license_facts),
            warnings=self.warnings(model, route, cost),
        )


def _resolve(catalog: Catalog | None) -> Catalog:
    if catalog is not None:
        return catalog
    from .._catalog import catalog as packaged

    return packaged()


def _first_pass(scorer: Scorer, catalog: Catalog) -> tuple[list[tuple[Model, list[Route_]]], list[Exclusion]]:
    rows: list[tuple[Model, list[Route_]]] = []
    excluded: list[Exclusion] = []
    for model in catalog.models:
        reasons, routes = scorer.eligible_routes(model)
        if routes:
            rows.append((model, routes))
        else:
            excluded.append(Exclusion(model_id=model.id, name=model.name, reasons=tuple(reasons)))
    scorer.set_reference(cost_reference([scorer.cheapest]))
    return rows, excluded


def score(model: Model, requirements: Requirements, *, catalog: Catalog | None = None) -> ModelScore:
    """Score one model on its best route, as ``recommend`` ranks it; a model the hard
    constraints exclude is scored on its best route all the same (``recommend`` drops it).

    ``catalog`` supplies the licenses, organizations and the other models (costs are
    scored against the cheapest eligible option); without it the packaged catalog is used.
    """
    cat = _resolve(catalog)
    scorer = Scorer(requirements, cat)
    _first_pass(scorer, cat)
    _, routes = scorer.eligible_routes(model)
    if not routes:  # excluded by the constraints: scored on its best route all the same
        routes = []
        for route, offer in candidate_routes(model, requirements) or [(Route.VENDOR, model.maker_offer)]:
            routes.append((route, offer, scorer.cost_of(model, route, offer)))
    ((_, _, _, route, offer, poles, cost),), _, _ = _second_pass(scorer, [(model, routes)], both=False)
    return scorer.model_score(model, route, offer, poles, cost)


def recommend(requirements: Requirements, catalog: Catalog | None = None) -> Recommendation:
    """Rank the catalog's models for ``requirements`` and give an open-or-closed verdict.

    Pure and deterministic: the same requirements and catalog always give the same
    recommendation, whatever the order of the models. Without ``catalog`` the packaged
    catalog is used.
    """
    cat = _resolve(catalog)
    # Scoring creates many small objects and no cycles; collections triggered along the way
    # would traverse the whole catalog again and again, making the call superlinear.
    with paused_gc():
        return _recommend(requirements, cat)


def _recommend(requirements: Requirements, cat: Catalog) -> Recommendation:
    scorer = Scorer(requirements, cat)
    check_names(requirements, cat)
    rows, excluded = _first_pass(scorer, cat)
    sides = {model.openness.side for model, _ in rows if model.openness is not None}
    # the what-ifs compare the two sides: without both there is nothing to turn
    eligible, candidates, probe = _second_pass(scorer, rows, both=len(sides) == 2)
    eligible.sort(key=itemgetter(0, 1))

    def build(index: int) -> ModelScore:
        _, _, model, route, offer, poles, cost = eligible[index]
        return scorer.model_score(model, route, offer, poles, cost, index + 1)

    ranking = Ranking([e[1] for e in eligible], build)
    # The best of each side is its first entry in rank order.
    best: dict[Side, tuple[float, int]] = {}
    for index, (negative_total, _, model, _, _, _, _) in enumerate(eligible):
        assert model.openness is not None
        best.setdefault(model.openness.side, (-negative_total, index))
    decided = verdict(
        ranking,
        best,
        candidates,
        requirements,
        None if probe is None else probe.choice_at,
        tasks_of=lambda model_id: cat.models[model_id].tasks,
    )
    del rows, candidates, probe
    scorer.end_pass()
    return Recommendation(
        verdict=decided,
        ranking=ranking,
        excluded=tuple(sorted(excluded, key=lambda e: e.model_id)),
        requirements=requirements,
        catalog_version=cat.local_version,
        catalog_digest=cat.digest,
        cost_reference_usd=scorer.stances.cost_reference,
    )


def _second_pass(
    scorer: Scorer, rows: list[tuple[Model, list[Route_]]], *, both: bool
) -> tuple[list[Ranked], list[tuple[str, Side, PoleValues]], VolumeProbe | None]:
    """Measure every eligible route once: each model's best route, and (``both``: when
    both sides have eligible models) the what-if's candidates and its volume probe.

    One loop does all three, so that no per-route record outlives it, and the memos'
    hits are read inline: at 10,000 models this loop runs some 30,000 times."""
    eligible: list[Ranked] = []
    groups: dict[tuple[bool, int, float], list[Kept]] = {}
    probe = VolumeProbe(scorer) if both else None
    # Routes of one side with the same measures and cost are one what-if candidate and one
    # probe entry: they have the same total at any volume. Candidates with equal pole
    # values are one as well (the what-if reads values and sides only).
    seen: dict[bool, set[tuple[int, int, bool]]] = {True: set(), False: set()}
    values_of: dict[int, tuple[object, ...]] = {}
    canonical: dict[tuple[object, ...], tuple[object, ...]] = {}
    facts = scorer.prepared
    model_part, offer_part, measures_of = facts.model_part, facts.offer_part, facts.measures_of
    # their hits read inline: the loop's hottest lookups
    measures_memo, offer_parts = facts.measures, facts.offer_parts
    route_total = scorer.route_total
    for model, routes in rows:
        assert model.openness is not None
        side = model.openness.side
        is_open = side is Side.OPEN  # a bool hashes in C, an enum member in Python
        part = model_part(model)
        seen_side = seen[is_open]
        top: tuple[float, Route, Offer | None, CostEstimate, tuple[Measure | None, ...]] | None = None
        for route, offer, cost in routes:
            self_run = route in SELF_RUN
            shared = NO_OFFER if offer is None else offer_parts.get(id(offer))
            if shared is None:  # an offer from outside the catalog
                shared = offer_part(offer)
            measures = measures_memo.get((route._value_, id(part), id(shared)))
            if measures is None:
                measures = measures_of(route, part, shared)
            total, rest = route_total(measures, cost, self_run)
            if top is None or total > top[0]:
                top = (total, route, offer, cost, measures)
            if probe is None:
                continue
            key = (id(measures), id(cost), self_run)
            if key in seen_side:
                continue
            seen_side.add(key)
            probe.add(is_open, rest, model, route, cost, self_run)
            others = values_of.get(id(measures))
            if others is None:
                values = tuple([None if m is None else m[0] for m in measures])
                # one tuple per distinct pole values, so that its identity keys the groups
                others = values_of[id(measures)] = canonical.setdefault(values, values)
            keep_undominated(groups, model.id, is_open, others, measures, cost_values(cost, self_run))
        assert top is not None
        total, route, offer, cost, measures = top
        # only the best route is shown, so only it is built whole
        eligible.append(
            (-total, model.id, model, route, offer, scorer.poles_for(route, measures, cost), cost)
        )
    if probe is not None:
        probe.finish()
    # the values of the candidates kept, only: most routes are dominated
    candidates = [
        (model_id, Side.OPEN if is_open else Side.CLOSED, with_cost(measures, costed))
        for (is_open, _, _), kept in groups.items()
        for _, _, measures, costed, model_id in kept
    ]
    return eligible, candidates, probe
