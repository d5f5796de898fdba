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
from collections.abc import Mapping
from operator import itemgetter
from typing import TYPE_CHECKING

import attrs

from .._text import suggestion
from ..enums import Side
from ..errors import InvalidRequirementsError
from ..requirements import Expertise, Requirements, UnknownFacts
from .cost import input_only, self_host_cost, service_cost
from .criteria import COST_INDEX, RULES, Facts, Licenses, Measure, Stances, cost_measure, facts_of
from .results import (
    Choice,
    CostEstimate,
    CriterionScore,
    Exclusion,
    FactUsed,
    ModelScore,
    Ranking,
    Recommendation,
)
from .routes import SELF_RUN, Route, candidate_routes
from .screening import screen_model, screen_route, unknown_capability
from .verdict import PoleValues, choice_of, cost_reference, verdict, weights_of

if TYPE_CHECKING:
    from .._catalog import Catalog
    from ..records import License, Model, Offer

__all__ = ["recommend", "score"]

#: Above this many GPUs, a team without expert staff is warned that the fleet is large.
SMALL_FLEET = 8


@attrs.frozen
class Poles:
    """One route measured on every criterion: pole values, a sentence, and unknown facts."""

    values: PoleValues
    reasons: tuple[str, ...]
    unknowns: tuple[tuple[str, ...], ...]


#: One eligible route: its offer, cost and the key its cost is cached under.
Route_ = tuple[Route, "Offer | None", CostEstimate, tuple[object, ...]]


class Scorer:
    """Screens, prices and scores models against one set of requirements and one catalog."""

    def __init__(self, requirements: Requirements, catalog: Catalog) -> None:
        if not isinstance(requirements, Requirements):
            raise InvalidRequirementsError(
                "requirements", f"expected a Requirements, got {type(requirements).__name__}"
            )
        self.requirements = requirements
        self.licenses: dict[str, License] = {lic.id: lic for lic in catalog.licenses}
        self.license_view = Licenses(
            self.licenses, frozenset(c.id for c in catalog.license_categories if c.osi_compatible)
        )
        self.organizations = {o.id: o for o in catalog.organizations}
        self.weights = weights_of(requirements)
        self.float_weights = tuple(float(w) for w in self.weights)
        self.importance = tuple(getattr(requirements.importance, r.criterion.value) for r in RULES)
        self.stances = Stances.of_requirements(requirements)
        self.measures: dict[Facts, tuple[Measure | None, ...]] = {}
        self.costs: dict[tuple[object, ...], CostEstimate] = {}
        self.poles: dict[tuple[Facts, tuple[object, ...]], Poles] = {}
        self.totals_of: dict[int, tuple[tuple[float, ...], float]] = {}
        self.criterion_scores: dict[tuple[object, ...], CriterionScore] = {}
        self.license_facts: dict[tuple[str, str], FactUsed] = {}

    # ------------------------------------------------------------------ pass 1

    def eligible_routes(self, model: Model) -> tuple[list[str], list[Route_]]:
        """The model's eligible routes, priced; or, when none is, the reasons (those of its
        first route, and of the model)."""
        reasons = screen_model(model, self.requirements, self.organizations)
        routes = candidate_routes(model, self.requirements)
        if not routes:
            c = self.requirements.constraints
            reasons.append(
                "it cannot be self-hosted" if c.self_hosted_only else "the catalog records no way to use it"
            )
            return reasons, []
        if reasons:
            return reasons, []
        eligible: list[Route_] = []
        first: list[str] | None = None
        for route, offer in routes:
            route_reasons = screen_route(
                model, route, offer, self.requirements, self.licenses, self.organizations
            )
            key, cost = self.cost_of(model, route, offer)
            route_reasons += self.budget_reasons(route, cost)
            if first is None:
                first = route_reasons
            if not route_reasons:
                eligible.append((route, offer, cost, key))
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
        self, model: Model, route: Route, offer: Offer | None
    ) -> tuple[tuple[object, ...], CostEstimate]:
        """The route's cost and its cache key: the exact inputs of the estimate (sizes and
        tasks for your own hardware, list prices for a service; the offer is named in the
        score when it is read)."""
        if route in SELF_RUN:
            key: tuple[object, ...] = (route._value_, model.parameters, model.active_parameters, model.tasks)
            cost = self.costs.get(key)
            if cost is None:
                cost = self.costs[key] = self_host_cost(model, route, self.requirements)
            return key, cost
        p = None if offer is None else offer.price
        reads_only = input_only(model)
        if p is None:
            key = (route._value_,)
        else:
            key = (
                route._value_,
                p.input_per_mtok,
                p.output_per_mtok,
                p.per_image,
                p.per_second,
                p.as_of,
                reads_only,
            )
        cost = self.costs.get(key)
        if cost is None:
            cost = self.costs[key] = service_cost(route, p, self.requirements, reads_only=reads_only)
        return key, cost

    # ------------------------------------------------------------------ pass 2

    def set_reference(self, reference: float) -> None:
        """Fix the cost that scores 1 (the cheapest eligible option) before anything is scored."""
        self.stances = attrs.evolve(self.stances, cost_reference=reference)
        self.totals_of.clear()

    def poles_of(
        self,
        model: Model,
        route: Route,
        offer: Offer | None,
        cost: CostEstimate,
        cost_key: tuple[object, ...],
    ) -> Poles:
        facts = facts_of(model, route, offer)
        key = (facts, cost_key)
        poles = self.poles.get(key)
        if poles is None:
            measures = self.measures.get(facts)
            if measures is None:
                view = self.license_view
                measures = self.measures[facts] = tuple(
                    None if rule.measure is None else rule.measure(facts, view) for rule in RULES
                )
            cost_part = cost_measure(cost, route in SELF_RUN)
            parts = [cost_part if m is None else m for m in measures]
            poles = self.poles[key] = Poles(
                values=tuple(p[0] for p in parts),
                reasons=tuple(p[1] for p in parts),
                unknowns=tuple(p[2] for p in parts),
            )
        return poles

    def totals(self, poles: Poles) -> tuple[tuple[float, ...], float]:
        """The utilities of ``poles`` and their weighted total (as :attr:`ModelScore.total`)."""
        hit = self.totals_of.get(id(poles))  # poles live in self.poles for the whole call
        if hit is None:
            st = self.stances
            us = tuple(rule.utility(v, st) for rule, v in zip(RULES, poles.values, strict=True))
            total = math.fsum([w * u for w, u in zip(self.float_weights, us, strict=True)])
            hit = self.totals_of[id(poles)] = (us, total)
        return hit

    def best(
        self, model: Model, routes: list[Route_]
    ) -> tuple[float, Route, Offer | None, Poles, CostEstimate]:
        """The model's best eligible route (ties keep the earlier route)."""
        best: tuple[float, Route, Offer | None, Poles, CostEstimate] | None = None
        for route, offer, cost, key in routes:
            poles = self.poles_of(model, route, offer, cost, key)
            total = self.totals(poles)[1]
            if best is None or total > best[0]:
                best = (total, route, offer, poles, cost)
        assert best is not None
        return best

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
        # Criterion scores repeat across models with the same facts; they are immutable,
        # so one object serves them all.
        shared = self.criterion_scores
        parts = []
        for index, utility in enumerate(us):
            key = (index, utility, poles.reasons[index], poles.unknowns[index])
            part = shared.get(key)
            if part is None:
                weight = self.float_weights[index]
                part = shared[key] = CriterionScore(
                    criterion=RULES[index].criterion,
                    importance=self.importance[index],
                    weight=weight,
                    utility=utility,
                    contribution=weight * utility,
                    reason=poles.reasons[index],
                    unknowns=poles.unknowns[index],
                )
            parts.append(part)
        breakdown = tuple(parts)
        unknowns = tuple(u for per_criterion in poles.unknowns for u in per_criterion)
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
            facts=_facts_used(model, route, offer, self.licenses, self.license_facts),
            warnings=self.warnings(model, route, cost),
        )


def _facts_used(
    model: Model,
    route: Route,
    offer: Offer | None,
    licenses: Mapping[str, License],
    shared: dict[tuple[str, str], FactUsed],
) -> tuple[FactUsed, ...]:
    """The facts a score used, with sources. License facts are the same for every model
    under that license, so ``shared`` (one per recommendation) keeps one of each. The list
    price is a fact only where the cost came from it: not for a model run on your own GPUs."""
    primary = model.sources[0].url if model.sources else None
    checked = model.sources[0].checked.isoformat() if model.sources else None
    facts = [
        FactUsed(
            name="level", value=model.level.value if model.level else "unknown", source=primary, as_of=checked
        ),
        FactUsed(name="weights access", value=model.access.weights.value, source=primary, as_of=checked),
    ]
    for component, license_id in model.licenses.items():
        fact = shared.get((component, license_id))
        if fact is None:
            lic = licenses.get(license_id)
            first = lic.sources[0] if lic is not None and lic.sources else None
            fact = FactUsed(
                name=f"{component} license",
                value=license_id,
                source=lic.url if lic is not None else None,  # the license text itself
                as_of=first.checked.isoformat() if first else None,
            )
            shared[(component, license_id)] = fact
        facts.append(fact)
    if route not in SELF_RUN and offer is not None and offer.price is not None:
        p = offer.price
        facts.append(
            FactUsed(
                name=f"list price ({offer.id})",
                value="; ".join(p.rates()),
                source=p.source,
                as_of=p.as_of.isoformat(),
            )
        )
    if model.parameters is not None:
        facts.append(FactUsed(name="parameters", value=str(model.parameters), source=primary, as_of=checked))
    return tuple(facts)


def _resolve(catalog: Catalog | None) -> Catalog:
    if catalog is not None:
        return catalog
    from .._catalog import catalog as packaged

    return packaged()


def _check_names(requirements: Requirements, catalog: Catalog) -> None:
    """A task no model does, or a shortlisted id the catalog does not have, is a mistake to
    name, not a filter that silently leaves nothing."""
    tasks = requirements.constraints.tasks
    if tasks:
        present = {t for m in catalog.models for t in m.tasks}
        for task in tasks:
            if task not in present:
                have = ", ".join(sorted(t.value for t in present))
                raise InvalidRequirementsError(
                    "constraints.tasks",
                    f"no model of this catalog does {task.value!r}; the tasks it has: {have}",
                )
    shortlist = requirements.constraints.shortlist
    if not shortlist:
        return
    known = {m.id for m in catalog.models}
    for model_id in shortlist:
        if model_id not in known:
            extra = suggestion(model_id, known, n=3)
            raise InvalidRequirementsError(
                "constraints.shortlist", f"{model_id!r} is not a model id of this catalog{extra}"
            )


def _first_pass(scorer: Scorer, catalog: Catalog) -> tuple[list[tuple[Model, list[Route_]]], list[Exclusion]]:
    rows: list[tuple[Model, list[Route_]]] = []
    excluded: list[Exclusion] = []
    for model in catalog.models:
        reasons, routes = scorer.eligible_routes(model)
        if routes:
            rows.append((model, routes))
        else:
            excluded.append(Exclusion(model_id=model.id, name=model.name, reasons=tuple(reasons)))
    reference = cost_reference([cost.monthly_usd for _, routes in rows for _, _, cost, _ in routes])
    scorer.set_reference(reference)
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
            key, cost = scorer.cost_of(model, route, offer)
            routes.append((route, offer, cost, key))
    _, route, offer, poles, cost = scorer.best(model, routes)
    return scorer.model_score(model, route, offer, poles, cost)


class _VolumeProbe:
    """The verdict at another monthly volume, all else equal (the same eligible routes).

    Only the cost criterion changes with volume: service bills scale with it, and fleets
    are resized. So each route keeps its other contributions, and only its cost is redone.
    """

    def __init__(self, scorer: Scorer, catalog: Catalog, rows: list[tuple[Model, list[Route_]]]) -> None:
        self.catalog = catalog
        self.rows = rows
        self.scorer = scorer
        cost_weight = scorer.float_weights[COST_INDEX]
        self.entries: list[tuple[bool, float, Model, Route, Offer | None, CostEstimate]] = []
        for model, routes in rows:
            assert model.openness is not None
            is_open = model.openness.side is Side.OPEN
            for route, offer, cost, key in routes:
                us, total = scorer.totals(scorer.poles_of(model, route, offer, cost, key))
                self.entries.append(
                    (is_open, total - cost_weight * us[COST_INDEX], model, route, offer, cost)
                )
        self.entries.sort(key=itemgetter(1), reverse=True)

    def choice_at(self, requirements: Requirements) -> Choice:
        factor = _factor(self.scorer.requirements, requirements)
        other = Scorer(requirements, self.catalog)
        w = other.float_weights[COST_INDEX]
        costs: list[float | None] = []
        for _, _, model, route, offer, cost in self.entries:
            costs.append(self._cost(other, model, route, offer, cost, factor))
        st = attrs.evolve(other.stances, cost_reference=cost_reference(costs))
        rule = RULES[COST_INDEX]
        best: dict[bool, float] = {}
        for (is_open, rest, _, _, _, _), monthly in zip(self.entries, costs, strict=True):
            if is_open in best and rest + w <= best[is_open]:
                continue  # sorted by the rest: even a perfect cost cannot beat the best
            cost_values = (monthly or 0.0, 0.0, 0.0 if monthly is None else 1.0)
            total = rest + w * rule.utility(cost_values, st)
            if total > best.get(is_open, -1.0):
                best[is_open] = total
        return choice_of(best.get(True), best.get(False))

    @staticmethod
    def _cost(
        other: Scorer, model: Model, route: Route, offer: Offer | None, cost: CostEstimate, factor: float
    ) -> float | None:
        if route in SELF_RUN:
            return other.cost_of(model, route, offer)[1].monthly_usd
        return None if cost.monthly_usd is None else cost.monthly_usd * factor


def _factor(before: Requirements, after: Requirements) -> float:
    """How many times the volume grew (every volume grows by the same factor)."""
    for name in ("monthly_tokens", "monthly_images", "monthly_media_seconds"):
        old = getattr(before.workload, name)
        if old:
            return float(getattr(after.workload, name) / old)
    return 1.0


def recommend(requirements: Requirements, catalog: Catalog | None = None) -> Recommendation:
    """Rank the catalog's models for ``requirements`` and give an open-or-closed verdict.

    Pure and deterministic: the same requirements and catalog always give the same
    recommendation, whatever the order of the models. Without ``catalog`` the packaged
    catalog is used.
    """
    cat = _resolve(catalog)
    scorer = Scorer(requirements, cat)
    _check_names(requirements, cat)
    rows, excluded = _first_pass(scorer, cat)
    eligible: list[tuple[float, str, Model, Route, Offer | None, Poles, CostEstimate]] = []
    candidates: dict[tuple[Side, int], tuple[str, Side, PoleValues]] = {}
    for model, routes in rows:
        total, route, offer, poles, cost = scorer.best(model, routes)
        eligible.append((-total, model.id, model, route, offer, poles, cost))
    eligible.sort(key=itemgetter(0, 1))

    def build(index: int) -> ModelScore:
        _, _, model, route, offer, poles, cost = eligible[index]
        return scorer.model_score(model, route, offer, poles, cost, index + 1)

    ranking = Ranking([e[1] for e in eligible], build)
    # The best of each side is its first entry in rank order. For the what-if, routes
    # with the same poles and side are one candidate: the best total is the same.
    best: dict[Side, tuple[float, int]] = {}
    for index, (negative_total, _, model, _, _, _, _) in enumerate(eligible):
        assert model.openness is not None
        best.setdefault(model.openness.side, (-negative_total, index))
    for model, routes in rows:
        assert model.openness is not None
        side = model.openness.side
        for route, offer, cost, key in routes:
            poles = scorer.poles_of(model, route, offer, cost, key)
            candidates.setdefault((side, id(poles)), (model.id, side, poles.values))
    probe = _VolumeProbe(scorer, cat, rows) if Side.OPEN in best and Side.CLOSED in best else None
    return Recommendation(
        verdict=verdict(
            ranking, best, list(candidates.values()), requirements, None if probe is None else probe.choice_at
        ),
        ranking=ranking,
        excluded=tuple(sorted(excluded, key=lambda e: e.model_id)),
        requirements=requirements,
        catalog_version=cat.local_version,
        catalog_digest=cat.digest,
        cost_reference_usd=scorer.stances.cost_reference,
    )
