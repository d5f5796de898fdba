"""The ways to use a model: each is a candidate the scorer screens and scores on its own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..enums import Deployment, Kind, OfferKind, Status, WeightsAccess, _ShortEnum

if TYPE_CHECKING:
    from ..records import Model, Offer
    from ..requirements import Requirements

__all__ = ["Candidate", "Route", "candidate_routes", "choose_route", "self_hostable", "split_offers"]


class Route(_ShortEnum):
    """How the model would be used: run yourself, in a vendor's private deployment, as its
    maker's service, or as a service of another provider that runs its open weights."""

    SELF_HOST = "self-host"
    PRIVATE_DEPLOYMENT = "private-deployment"
    VENDOR = "vendor"
    #: A cloud marketplace or an inference host serving the model's weights (an :class:`Offer`).
    PROVIDER = "provider"
    #: Self-hosting on hardware you already own: no GPU rent, only the engineering effort.
    OWN_HARDWARE = "own-hardware"


#: Routes where the weights run on machines you control (a tuple: membership tests by
#: identity, where a set would hash enum members in Python).
SELF_RUN = (Route.SELF_HOST, Route.OWN_HARDWARE)
SELF_RUN_VALUES = frozenset(r._value_ for r in SELF_RUN)

#: A route and the offer it uses (``None``: the model runs on hardware you control).
Candidate = tuple[Route, "Offer | None"]


def self_hostable(model: Model) -> bool:
    """Whether you can run the model yourself: its weights are published (or, for a
    toolkit, it is made to be self-hosted)."""
    if model.kind is Kind.TOOLKIT:
        return Deployment.SELF_HOST in model.access.deployments
    return model.access.weights is not WeightsAccess.NONE


def split_offers(model: Model) -> tuple[Offer | None, tuple[Offer, ...]]:
    """The model's own maker offer (the first), and the other providers' live offers."""
    maker = None
    others: list[Offer] = []
    for offer in model.offers:
        if offer.kind is OfferKind.MAKER:
            if maker is None:
                maker = offer
        elif offer.status is not Status.RETIRED:
            others.append(offer)
    return maker, tuple(others)


def candidate_routes(
    model: Model,
    requirements: Requirements,
    offers: tuple[Offer | None, tuple[Offer, ...]] | None = None,
) -> list[Candidate]:
    """Every way to use ``model`` that the requirements allow, in a fixed order: on GPUs you
    own, on rented ones, through its maker's service, then through each other provider's offer.

    The scorer screens and scores each and ranks the model by its best eligible route, so
    an open model that a team cannot run itself can still be used through an API.
    ``offers``: the model's :func:`split_offers`, when the caller has them.
    """
    routes: list[Candidate] = []
    constraints = requirements.constraints
    runnable = self_hostable(model)
    if runnable:
        if constraints.owned_gpus:
            routes.append((Route.OWN_HARDWARE, None))
        routes.append((Route.SELF_HOST, None))
    maker, others = split_offers(model) if offers is None else offers
    deployments = model.access.deployments
    if constraints.self_hosted_only:
        if constraints.allow_private_deployment and Deployment.PRIVATE_DEPLOYMENT in deployments:
            routes.append((Route.PRIVATE_DEPLOYMENT, maker))
        return routes
    if not runnable:
        if deployments:
            routes.append((Route.VENDOR, maker))
    elif maker is not None and maker.status is not Status.RETIRED and Deployment.API in deployments:
        routes.append((Route.VENDOR, maker))
    routes.extend([(Route.PROVIDER, offer) for offer in others])
    return routes


def choose_route(model: Model, requirements: Requirements) -> Route | None:
    """The first route of :func:`candidate_routes`: self-hosted when possible, else the maker's service."""
    routes = candidate_routes(model, requirements)
    return routes[0][0] if routes else None
