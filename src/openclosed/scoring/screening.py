"""Hard constraints: the reasons that exclude a model, or one of its routes, before scoring.

A model is screened once for what no route can change (its kind, status, tasks, your
shortlist, its maker's country), then each route for what depends on who runs it and
under which terms (the governing licence, the provider, the regions it serves).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from .._offers import serves
from .._text import human_count, suggestion
from ..enums import CommercialUse, FineTuning, Kind, Modality, Status, TerritoriesScope
from ..errors import InvalidRequirementsError
from ..records import territories_covering
from ..requirements import UnknownFacts
from .routes import SELF_RUN, Route, candidate_routes

if TYPE_CHECKING:
    from .._catalog import Catalog
    from ..records import BenchmarkResult, License, Model, Offer, Organization
    from ..requirements import Requirements

__all__ = [
    "check_names",
    "governing_license",
    "screen",
    "screen_model",
    "screen_offer",
    "screen_route",
    "screen_terms",
    "terms_class",
]


def _license(model: Model, component: str, licenses: Mapping[str, License]) -> License | None:
    license_id = getattr(model.licenses, component)
    return None if license_id is None else licenses.get(license_id)


def governing_license(model: Model, route: Route, licenses: Mapping[str, License]) -> License | None:
    """The terms that bind you on a route: the weights license wherever the weights run (your
    hardware or another provider's), the maker's service terms for its own service."""
    if route in SELF_RUN or route is Route.PROVIDER:
        governing = _license(model, "weights", licenses)
        if governing is None and model.kind is Kind.TOOLKIT:
            governing = _license(model, "code", licenses)
        return governing
    return _license(model, "service", licenses)


def no_route(requirements: Requirements) -> str:
    """Why a model has no candidate route at all."""
    if requirements.constraints.self_hosted_only:
        return "it cannot be self-hosted"
    return "the catalog records no way to use it"


def screen(
    model: Model,
    requirements: Requirements,
    licenses: Mapping[str, License],
    organizations: Mapping[str, Organization],
) -> tuple[Route | None, list[str]]:
    """The first route a model could take, and the reasons it is excluded on it (empty: eligible).

    A one-model view for explanations; :func:`openclosed.recommend` screens every route.
    """
    reasons = screen_model(model, requirements, organizations)
    routes = candidate_routes(model, requirements)
    if not routes:
        return None, [*reasons, no_route(requirements)]
    route, offer = routes[0]
    return route, reasons + screen_route(model, route, offer, requirements, licenses, organizations)


def _based_in(
    who: str, org_id: str, organizations: Mapping[str, Organization], requirements: Requirements
) -> list[str]:
    excluded = requirements.constraints.exclude_countries
    if not excluded:
        return []
    org = organizations.get(org_id)
    country = None if org is None else org.country
    name = org_id if org is None else org.name
    if country is None:
        if requirements.constraints.unknown_facts is UnknownFacts.ALLOW:
            return []
        return [f"the catalog does not know where its {who}, {name}, is based"]
    if country in excluded:
        return [f"its {who}, {name}, is based in {country}"]
    return []


def screen_model(
    model: Model, requirements: Requirements, organizations: Mapping[str, Organization] | None = None
) -> list[str]:
    """Reasons that exclude the model whatever the route: its kind, status, tasks, your
    shortlist, and where its maker is based."""
    c = requirements.constraints
    reasons: list[str] = []
    if c.shortlist and model.id not in c.shortlist:
        reasons.append("it is not on your shortlist")
    if model.kind is Kind.FAMILY:
        reasons.append("it is a model family; its models are ranked one by one")
    if not c.include_retired and model.status in (Status.RETIRED, Status.RENAMED):
        if model.renamed_to is not None:
            reasons.append(
                f"it was renamed to {model.renamed_to!r}"
                + (f" on {model.status_date}" if model.status_date else "")
            )
        else:
            reasons.append("it is retired" + (f" since {model.status_date}" if model.status_date else ""))
    if c.tasks:
        missing = [t.value for t in c.tasks if t not in model.tasks]
        if missing:
            reasons.append(f"it does not do {', '.join(missing)}")
    if c.min_benchmarks:
        reasons += capability_reasons(model, requirements)
    if organizations is not None and c.exclude_countries:
        reasons += _based_in("maker", model.organization, organizations, requirements)
    return reasons


def best_result(model: Model, benchmark: str) -> BenchmarkResult | None:
    """The maker's best reported result on ``benchmark`` (settings differ: the best is what
    the maker says the model can do)."""
    results = [r for r in model.benchmarks if r.benchmark == benchmark]
    return max(results, key=lambda r: (r.score, r.as_of)) if results else None


def capability_reasons(model: Model, requirements: Requirements) -> list[str]:
    """Reasons from the capability you stated: a reported result below it excludes the
    model; no result at all excludes it too, unless unknown facts are allowed."""
    c = requirements.constraints
    reasons = []
    for benchmark, minimum in c.min_benchmarks:
        result = best_result(model, benchmark)
        if result is None:
            if c.unknown_facts is not UnknownFacts.ALLOW:
                reasons.append(f"the catalog has no {benchmark} result for it, so its capability is unknown")
        elif result.score < minimum:
            reported = f"{result.score:g} ({result.as_of})"
            reasons.append(f"its best reported {benchmark} result, {reported}, is below {minimum:g}")
    return reasons


def unknown_capability(model: Model, requirements: Requirements) -> tuple[str, ...]:
    """The stated benchmarks the catalog has no result for (kept only when unknown facts
    are allowed): named, never assumed good."""
    return tuple(b for b, _ in requirements.constraints.min_benchmarks if best_result(model, b) is None)


def _territory_reasons(model: Model, route: Route, governing: License, country: str) -> list[str]:
    r = governing.restrictions
    if not r.excluded_territories or territories_covering(country).isdisjoint(r.excluded_territories):
        return []
    scope = r.territories_scope
    if scope is TerritoriesScope.UNPAID_SERVICES:
        return []  # every route the scorer prices is a paid one
    # Llama's clause spares the end users of a product or service built on the model, so it
    # binds only when you run the weights of a multimodal model yourself.
    if scope is TerritoriesScope.MULTIMODAL_MODELS and (
        route not in SELF_RUN or all(m is Modality.TEXT for m in model.inputs)
    ):
        return []
    which = " for multimodal models" if scope is TerritoriesScope.MULTIMODAL_MODELS else ""
    return [
        f"its license {governing.id} does not grant rights in {country}{which} "
        f"(it excludes {', '.join(r.excluded_territories)})"
    ]


def screen_route(
    model: Model,
    route: Route,
    offer: Offer | None,
    requirements: Requirements,
    licenses: Mapping[str, License],
    organizations: Mapping[str, Organization],
) -> list[str]:
    """Reasons that exclude one route of the model (empty: the route is eligible)."""
    reasons = screen_terms(
        model, route, governing_license(model, route, licenses), requirements, organizations
    )
    return reasons + screen_offer(route, offer, requirements, organizations)


def terms_class(route: Route) -> int:
    """Routes of one class have the same :func:`screen_terms`: on your own GPUs or rented
    ones (0), through another provider (1), through the maker's service (2)."""
    return 0 if route in SELF_RUN else 1 if route is Route.PROVIDER else 2


def screen_terms(
    model: Model,
    route: Route,
    governing: License | None,
    requirements: Requirements,
    organizations: Mapping[str, Organization],
) -> list[str]:
    """Reasons from the terms that bind you on the route (``governing``, see
    :func:`governing_license`) and from fine-tuning; the same for every route of a
    :func:`terms_class`, so the scorer asks once per model and class."""
    c = requirements.constraints
    allow_unknown = c.unknown_facts is UnknownFacts.ALLOW
    reasons: list[str] = []
    if c.commercial_use:
        if governing is None:
            if not allow_unknown:
                reasons.append("the catalog does not know whether its license allows commercial use")
        elif governing.commercial_use is CommercialUse.NO or governing.restrictions.non_commercial:
            reasons.append(f"its license {governing.id} does not allow commercial use")
        elif governing.restrictions.research_only:
            reasons.append(f"its license {governing.id} allows research use only")
    if c.osi_only:
        if governing is None:
            if not allow_unknown:
                reasons.append("the catalog does not know its license, so not whether the OSI approved it")
        elif not governing.osi_approved:
            reasons.append(f"its license {governing.id} is not approved by the OSI")
    if c.country is not None and governing is not None:
        reasons += _territory_reasons(model, route, governing, c.country)
    if c.organization_mau is not None and governing is not None:
        cap = governing.restrictions.user_cap
        if cap is not None and c.organization_mau > cap:
            maker = organizations.get(model.organization)
            licensor = maker.name if maker else model.organization
            reasons.append(
                f"the {governing.name} requires a separate license from {licensor} "
                f"above {human_count(cap, words=True)} monthly active users"
            )
    if c.require_fine_tuning:
        if model.support.fine_tuning is FineTuning.NONE:
            reasons.append("it cannot be fine-tuned")
        elif model.support.fine_tuning is FineTuning.UNKNOWN and route not in SELF_RUN and not allow_unknown:
            reasons.append("the catalog does not know whether it can be fine-tuned")
    return reasons


def screen_offer(
    route: Route, offer: Offer | None, requirements: Requirements, organizations: Mapping[str, Organization]
) -> list[str]:
    """Reasons from who serves the route: where it keeps data and where the provider is
    based. Empty unless ``data_residency`` or ``exclude_countries`` is set."""
    c = requirements.constraints
    reasons: list[str] = []
    if c.data_residency is not None and route in (Route.VENDOR, Route.PROVIDER):
        regions = offer.regions if offer is not None else ()
        who = "its provider" if route is Route.PROVIDER else "its maker"
        if not regions:
            if c.unknown_facts is not UnknownFacts.ALLOW:
                reasons.append(
                    f"the catalog does not know whether {who} keeps its data in {c.data_residency}"
                )
        elif not serves(regions, c.data_residency):  # the offers' own rule: DE is in the EU
            reasons.append(f"its data cannot be kept in {c.data_residency} (regions: {', '.join(regions)})")
    if route is Route.PROVIDER and offer is not None and c.exclude_countries:
        reasons += _based_in("provider", offer.provider, organizations, requirements)
    return reasons


def check_names(requirements: Requirements, catalog: Catalog) -> None:
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
