"""The decision scorer: rank models for a project and say whether open or closed fits better.

A pure pipeline (design and reasoning: ``docs/methodology.md``):

1. **Screen** each model with the hard constraints; excluded models keep their reasons.
2. **Map facts to utilities** in [0, 1] on fixed ladders (:data:`LADDERS`), so adding a
   model never changes another model's score. Each trade-off criterion mixes an
   open-leaning and a closed-leaning fact by the user's stance ``p``:
   ``u = p * open_pole + (1 - p) * closed_pole``. Unknown facts take the worst rung and
   are named.
3. **Aggregate**: weights are the importances normalised with exact fractions;
   ``contribution = weight * utility`` and the total is ``math.fsum`` of the
   contributions, so they add up to it exactly. Rank by ``(-total, id)``.
4. **Verdict**: the best open model against the best closed one; ``either`` when they
   are within :data:`EITHER_MARGIN`. The what-if names the smallest single change of an
   importance or a stance that would change the verdict.

Nothing here reads files or the clock; only :func:`recommend` without a catalog loads
the packaged one.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from operator import itemgetter
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, overload

import attrs

from .enums import (
    CommercialUse,
    Community,
    Deployment,
    FineTuning,
    Kind,
    Level,
    OfferKind,
    Side,
    Status,
    WeightsAccess,
    _ShortEnum,
)
from .errors import InvalidQueryError, InvalidRequirementsError
from .requirements import (
    CustomizationNeed,
    Expertise,
    LongTermStance,
    Requirements,
    SecurityStance,
    UnknownFacts,
)

if TYPE_CHECKING:
    from ._catalog import Catalog
    from .records import License, Model, Offer, Pricing

__all__ = [
    "EITHER_MARGIN",
    "LADDERS",
    "Choice",
    "CostEstimate",
    "Criterion",
    "CriterionScore",
    "Exclusion",
    "FactUsed",
    "ModelScore",
    "Ranking",
    "Recommendation",
    "Route",
    "Verdict",
    "WhatIf",
    "estimate_cost",
    "recommend",
    "score",
]

#: Totals closer than this make the verdict ``either``.
EITHER_MARGIN = 0.02
HOURS_PER_MONTH = 730


class Criterion(_ShortEnum):
    """The five criteria of the source article, in its order."""

    CUSTOMIZATION = "customization"
    SUPPORT = "support"
    COST = "cost"
    SECURITY = "security"
    LONG_TERM = "long_term"


_CRITERIA = tuple(Criterion)


class Route(_ShortEnum):
    """How the model would be used: run yourself, in a vendor's private deployment, as its
    maker's service, or as a service of another provider that runs its open weights."""

    SELF_HOST = "self-host"
    PRIVATE_DEPLOYMENT = "private-deployment"
    VENDOR = "vendor"
    #: A cloud marketplace or an inference host serving the model's weights (an :class:`Offer`).
    PROVIDER = "provider"


class Choice(_ShortEnum):
    OPEN = "open"
    CLOSED = "closed"
    EITHER = "either"
    #: No model met the constraints.
    NONE = "none"


#: The fixed ladders that turn catalog facts into utilities. Judgement calls, kept in one
#: place, documented in the methodology, and tested for their order, not their values.
_LADDERS: dict[str, dict[str, float]] = {
    # criterion 1: what the license lets you change, and how you can adapt the model
    "modify_rights": {"open": 1.0, "restricted": 0.6, "non-commercial": 0.3, "closed": 0.0, "unknown": 0.0},
    "fine_tuning": {"weights": 1.0, "vendor-api": 0.5, "none": 0.0, "unknown": 0.0},
    # readiness off the shelf
    "readiness": {"vendor": 1.0, "open-with-api": 0.6, "self-host": 0.3, "toolkit": 0.1},
    # criterion 2
    "vendor_support": {"sla": 1.0, "enterprise": 0.7, "community-only": 0.1, "unknown": 0.1},
    "community": {"very-large": 1.0, "active": 0.7, "small": 0.4, "unknown": 0.0},
    # criterion 4
    "data_control": {
        "self-host": 1.0,
        "private-deployment": 0.7,
        "api-no-training-zero-retention": 0.5,
        "api-no-training": 0.3,
        "api-unknown": 0.1,
        "product": 0.1,
    },
    "transparency": {"open-source": 1.0, "weights": 0.75, "api": 0.25, "hosted": 0.1},
    "managed": {"attested": 1.0, "vendor-unattested": 0.3},
    # criterion 5
    "license_durability": {"open": 1.0, "custom": 0.8, "custom-updatable": 0.6, "terms": 0.2, "unknown": 0.0},
    "portability": {"anywhere": 1.0, "private-deployment": 0.5, "single-vendor": 0.2},
    "continuity": {
        "weights": 1.0,
        "deprecation-policy": 0.4,
        "no-policy": 0.2,
        "deprecated": 0.2,
        "ended": 0.0,
    },
    "scalability": {"vendor": 1.0, "open-with-api": 0.7, "self-host": 0.4},
}
#: Read-only, inside and out: a caller that changed a rung would change every later verdict.
LADDERS: Mapping[str, Mapping[str, float]] = MappingProxyType(
    {name: MappingProxyType(rungs) for name, rungs in _LADDERS.items()}
)

_COST_FLOOR, _COST_CEILING = 10.0, 1_000_000.0
_CUSTOMIZATION, _SUPPORT, _COST, _SECURITY, _LONG_TERM = range(5)  # positions in Criterion order


# --------------------------------------------------------------------------- results


@attrs.frozen(kw_only=True)
class FactUsed:
    """A catalog fact the score relied on, with where it comes from."""

    name: str
    value: str
    source: str | None = None
    as_of: str | None = None


@attrs.frozen(kw_only=True)
class CostEstimate:
    """A monthly cost estimate in USD with every term; ``monthly_usd`` is None when unknown."""

    route: Route
    monthly_usd: float | None
    api_input_usd: float = 0.0
    api_output_usd: float = 0.0
    api_images_usd: float = 0.0
    gpus: int = 0
    gpu_usd: float = 0.0
    setup_hours: float = 0.0
    maintenance_hours_per_month: float = 0.0
    engineering_usd: float = 0.0
    price_as_of: str | None = None
    note: str = ""
    #: The offer whose list price this is (``provider/model``), for a service route.
    offer: str | None = None


@attrs.frozen(kw_only=True)
class CriterionScore:
    criterion: Criterion
    importance: int
    weight: float
    utility: float
    contribution: float
    reason: str
    unknowns: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class ModelScore:
    """One model's score: the breakdown per criterion adds up to ``total`` exactly."""

    model_id: str
    name: str
    side: Side
    level: Level
    route: Route
    #: The offer the route uses (``provider/model``): the maker's service or another
    #: provider's; ``None`` when the model is run on your own hardware.
    offer: str | None = None
    total: float
    rank: int
    breakdown: tuple[CriterionScore, ...]
    cost: CostEstimate
    reasons: tuple[str, ...]
    unknowns: tuple[str, ...]
    facts: tuple[FactUsed, ...] = attrs.field(repr=False)

    def contribution(self, criterion: Criterion | str) -> float:
        wanted = Criterion(criterion) if isinstance(criterion, str) else criterion
        return next(c.contribution for c in self.breakdown if c.criterion is wanted)


@attrs.frozen(kw_only=True)
class Exclusion:
    model_id: str
    name: str
    reasons: tuple[str, ...]


@attrs.frozen(kw_only=True)
class WhatIf:
    """The smallest single change that would change the verdict, and what it would become."""

    field: str
    current: str
    proposed: str
    distance: int
    new_choice: Choice
    sentence: str


@attrs.frozen(kw_only=True)
class Verdict:
    choice: Choice
    #: best open total minus best closed total (0 when a side has no eligible model).
    margin: float
    best_open: str | None
    best_closed: str | None
    #: Per criterion: the best open model's contribution minus the best closed one's.
    criterion_margins: tuple[tuple[Criterion, float], ...]
    #: The criteria that favoured the chosen side, largest first.
    deciding: tuple[Criterion, ...]
    reasons: tuple[str, ...]
    what_if: WhatIf | None


class Ranking(Sequence[ModelScore]):
    """The eligible models, best first: an immutable sequence of :class:`ModelScore`.

    Ranking needs only the totals; each entry's breakdown, reasons and sourced facts are
    built the first time it is read and then kept. So ``rec.ranking[:5]`` over a large
    catalog costs five entries, while iterating or exporting builds them all. Either way
    the entries are the same: building is deterministic, and a race only builds one twice.
    """

    __slots__ = ("_build", "_ids", "_items")

    def __init__(
        self, ids: Sequence[str], build: Callable[[int], ModelScore] | None, items: Sequence[ModelScore] = ()
    ) -> None:
        self._ids = tuple(ids)
        self._items: list[ModelScore | None] = list(items) if items else [None] * len(self._ids)
        self._build = build

    @classmethod
    def of(cls, scores: Iterable[ModelScore]) -> Ranking:
        """A ranking of scores already built, in the given order (for :meth:`Recommendation.from_json`)."""
        items = tuple(scores)
        return cls([s.model_id for s in items], None, items)

    @property
    def model_ids(self) -> tuple[str, ...]:
        """The ids in rank order, without building any entry."""
        return self._ids

    def _get(self, index: int) -> ModelScore:
        item = self._items[index]
        if item is None:
            assert self._build is not None
            item = self._items[index] = self._build(index)
        return item

    @overload
    def __getitem__(self, index: int) -> ModelScore: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[ModelScore, ...]: ...
    def __getitem__(self, index: int | slice) -> ModelScore | tuple[ModelScore, ...]:
        if isinstance(index, slice):
            return tuple(self._get(i) for i in range(*index.indices(len(self._ids))))
        if index < 0:
            index += len(self._ids)
        if not 0 <= index < len(self._ids):
            raise IndexError("ranking index out of range")
        return self._get(index)

    def __len__(self) -> int:
        return len(self._ids)

    def __iter__(self) -> Iterator[ModelScore]:
        return (self._get(i) for i in range(len(self._ids)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Ranking):
            return self._ids == other._ids and tuple(self) == tuple(other)
        if isinstance(other, tuple):
            return tuple(self) == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __setattr__(self, name: str, value: object) -> None:
        if hasattr(self, "_build"):
            raise AttributeError("a Ranking is immutable")
        object.__setattr__(self, name, value)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Ranking.of, (tuple(self),))

    def to_dicts(self) -> list[dict[str, Any]]:
        """One flat row per model, best first (:data:`openclosed.flat.RANKING_COLUMNS`)."""
        from .flat import ranking_row

        return [ranking_row(s) for s in self]

    def to_pandas(self) -> Any:
        """The rows of :meth:`to_dicts` as a :class:`pandas.DataFrame` (needs ``openclosed[pandas]``)."""
        from .flat import RANKING_COLUMNS, to_pandas

        return to_pandas(self.to_dicts(), RANKING_COLUMNS)

    def to_polars(self) -> Any:
        """The rows of :meth:`to_dicts` as a :class:`polars.DataFrame` (needs ``openclosed[polars]``)."""
        from .flat import RANKING_COLUMNS, to_polars

        return to_polars(self.to_dicts(), RANKING_COLUMNS)

    def __repr__(self) -> str:
        shown = ", ".join(self._ids[:3]) + (", ..." if len(self._ids) > 3 else "")
        return f"<Ranking of {len(self._ids)} models: {shown}>"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """IPython: the first rows, totals rounded, with a count of the rest."""
        from .display import pretty, table_text

        pretty(table_text(self), printer, cycle)

    def _repr_html_(self) -> str:
        from .display import table_html

        return table_html(self)


@attrs.frozen(kw_only=True)
class Recommendation:
    """The result of :func:`recommend`; :meth:`to_json` and :meth:`from_json` round-trip it."""

    verdict: Verdict
    ranking: Ranking = attrs.field(repr=False)
    excluded: tuple[Exclusion, ...] = attrs.field(repr=False)
    requirements: Requirements = attrs.field(repr=False)
    #: :attr:`Catalog.local_version`: the release (``26.5.0``), or with a local part
    #: (``26.5.0+local.1a2b3c4d``) when the catalog was loaded, extended or modified.
    catalog_version: str
    #: :attr:`Catalog.digest` of the catalog used: which facts, exactly, gave this result.
    catalog_digest: str | None = None

    def score_of(self, model_id: str) -> ModelScore | None:
        """The score of one ranked model, or None if it was excluded (or is not in the catalog)."""
        try:
            return self.ranking[self.ranking.model_ids.index(model_id)]
        except ValueError:
            return None

    def to_json(self, **kwargs: Any) -> str:
        """The whole recommendation as strict JSON (``kwargs`` go to :func:`json.dumps`).

        Every number is finite (the bounds of :class:`Requirements` and of the records see
        to it), and ``allow_nan=False`` makes sure: no ``NaN`` or ``Infinity`` that strict
        parsers refuse.
        """
        return json.dumps(_converter().unstructure(self), **{**kwargs, "allow_nan": False})

    @classmethod
    def from_json(cls, text: str) -> Recommendation:
        return _converter().structure(json.loads(text), Recommendation)  # type: ignore[no-any-return]

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """IPython: the verdict, its reasons and the top five, numbers rounded (as ``str``)."""
        from .display import pretty

        pretty(str(self), printer, cycle)

    def _repr_html_(self) -> str:
        from .display import recommendation_html

        return recommendation_html(self)

    def __str__(self) -> str:
        lines = [
            f"verdict: {self.verdict.choice.value} (margin {self.verdict.margin:+.3f}), "
            f"catalog {self.catalog_version}"
        ]
        lines += [f"  {r}" for r in self.verdict.reasons]
        if self.verdict.what_if is not None:
            lines.append(f"  what if: {self.verdict.what_if.sentence}")
        for s in self.ranking[:5]:
            via = f": {s.offer}" if s.offer else ""
            lines.append(f"{s.rank:>3}. {s.model_id} ({s.side.value}, {s.route.value}{via}) {s.total:.3f}")
        if self.excluded:
            lines.append(f"excluded: {len(self.excluded)} models")
        return "\n".join(lines)


def _converter() -> Any:
    from cattrs.preconf.json import make_converter

    conv = make_converter()
    conv.register_unstructure_hook(Fraction, float)
    conv.register_unstructure_hook(Ranking, lambda r: [conv.unstructure(s, ModelScore) for s in r])
    conv.register_structure_hook(
        Ranking, lambda data, _: Ranking.of(conv.structure(s, ModelScore) for s in data)
    )
    return conv


# --------------------------------------------------------------------------- facts


def _license(model: Model, component: str, licenses: Mapping[str, License]) -> License | None:
    license_id = getattr(model.licenses, component)
    return None if license_id is None else licenses.get(license_id)


def _self_hostable(model: Model) -> bool:
    if model.kind is Kind.TOOLKIT:
        return Deployment.SELF_HOST in model.access.deployments
    return model.access.weights is not WeightsAccess.NONE


#: A route and the offer it uses (``None``: the model runs on hardware you control).
Candidate = tuple[Route, "Offer | None"]


def candidate_routes(model: Model, requirements: Requirements) -> list[Candidate]:
    """Every way to use ``model`` that the requirements allow, in a fixed order: on your own
    hardware, through its maker's service, then through each other provider's offer.

    The scorer screens and scores each and ranks the model by its best eligible route, so
    an open model that a team cannot run itself can still be used through an API.
    """
    routes: list[Candidate] = []
    self_hostable = _self_hostable(model)
    if self_hostable:
        routes.append((Route.SELF_HOST, None))
    deployments = model.access.deployments
    maker = model.maker_offer
    if requirements.constraints.self_hosted_only:
        if requirements.constraints.allow_private_deployment and Deployment.PRIVATE_DEPLOYMENT in deployments:
            routes.append((Route.PRIVATE_DEPLOYMENT, maker))
        return routes
    if not self_hostable:
        if deployments:
            routes.append((Route.VENDOR, maker))
    elif maker is not None and maker.status is not Status.RETIRED and Deployment.API in deployments:
        routes.append((Route.VENDOR, maker))
    routes.extend(
        (Route.PROVIDER, offer)
        for offer in model.offers
        if offer.kind is not OfferKind.MAKER and offer.status is not Status.RETIRED
    )
    return routes


def choose_route(model: Model, requirements: Requirements) -> Route | None:
    """The first route of :func:`candidate_routes`: self-hosted when possible, else the maker's service."""
    routes = candidate_routes(model, requirements)
    return routes[0][0] if routes else None


def _human(count: int) -> str:
    for size, word in ((10**9, "billion"), (10**6, "million")):
        if count % size == 0:
            return f"{count // size} {word}"
    return f"{count:,}"


def screen(
    model: Model, requirements: Requirements, licenses: Mapping[str, License], organization_name: str
) -> tuple[Route | None, list[str]]:
    """The first route a model could take, and the reasons it is excluded on it (empty: eligible)."""
    reasons = screen_model(model, requirements)
    routes = candidate_routes(model, requirements)
    if not routes:
        c = requirements.constraints
        reasons.append(
            "it cannot be self-hosted" if c.self_hosted_only else "the catalog records no way to use it"
        )
        return None, reasons
    route, offer = routes[0]
    return route, reasons + screen_route(model, route, offer, requirements, licenses, organization_name)


def screen_model(model: Model, requirements: Requirements) -> list[str]:
    """Reasons that exclude the model whatever the route: its kind, status and tasks."""
    c = requirements.constraints
    reasons: list[str] = []
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
    missing = [t.value for t in c.tasks if t not in model.tasks]
    if missing:
        reasons.append(f"it does not do {', '.join(missing)}")
    return reasons


def _governing(model: Model, route: Route, licenses: Mapping[str, License]) -> License | None:
    """The terms that bind you on a route: the weights license wherever the weights run (your
    hardware or another provider's), the maker's service terms for its own service."""
    if route in (Route.SELF_HOST, Route.PROVIDER):
        governing = _license(model, "weights", licenses)
        if governing is None and model.kind is Kind.TOOLKIT:
            governing = _license(model, "code", licenses)
        return governing
    return _license(model, "service", licenses)


def _serves(regions: Sequence[str], region: str) -> bool:
    from ._offers import serves  # the offers' own rule: DE is in the EU, an EU offer serves FR

    try:
        return serves(regions, region)
    except InvalidQueryError:
        return region in regions  # a region name the offers do not know: as written


def screen_route(
    model: Model,
    route: Route,
    offer: Offer | None,
    requirements: Requirements,
    licenses: Mapping[str, License],
    organization_name: str,
) -> list[str]:
    """Reasons that exclude one route of the model (empty: the route is eligible)."""
    c = requirements.constraints
    allow_unknown = c.unknown_facts is UnknownFacts.ALLOW
    reasons: list[str] = []
    governing = _governing(model, route, licenses)
    if c.commercial_use:
        if governing is None:
            if not allow_unknown:
                reasons.append("the catalog does not know whether its license allows commercial use")
        elif governing.commercial_use is CommercialUse.NO or governing.restrictions.non_commercial:
            reasons.append(f"its license {governing.id} does not allow commercial use")
        elif governing.restrictions.research_only:
            reasons.append(f"its license {governing.id} allows research use only")
    if c.organization_mau is not None and governing is not None:
        cap = governing.restrictions.user_cap
        if cap is not None and c.organization_mau > cap:
            reasons.append(
                f"the {governing.name} requires a separate license from {organization_name} "
                f"above {_human(cap)} monthly active users"
            )
    if c.require_fine_tuning:
        if model.support.fine_tuning in (FineTuning.NONE,):
            reasons.append("it cannot be fine-tuned")
        elif (
            model.support.fine_tuning is FineTuning.UNKNOWN
            and route is not Route.SELF_HOST
            and not allow_unknown
        ):
            reasons.append("the catalog does not know whether it can be fine-tuned")
    if c.data_residency is not None and route in (Route.VENDOR, Route.PROVIDER):
        regions = offer.regions if offer is not None else ()
        who = "its provider" if route is Route.PROVIDER else "its maker"
        if not regions:
            if not allow_unknown:
                reasons.append(
                    f"the catalog does not know whether {who} keeps its data in {c.data_residency}"
                )
        elif not _serves(regions, c.data_residency):
            reasons.append(f"its data cannot be kept in {c.data_residency} (regions: {', '.join(regions)})")
    return reasons


# --------------------------------------------------------------------------- cost


def engineering_hours(expertise: float) -> tuple[float, float]:
    """Setup hours and monthly upkeep hours of self-hosting, for expertise in [0, 1].

    40 + 200 (1 - e) hours to set up and 4 + 36 (1 - e) hours a month to run: an expert
    team needs a week and half a day a month, a team with no expertise six weeks and a
    week a month. These make the article's point that open models take more effort.
    """
    return 40 + 200 * (1 - expertise), 4 + 36 * (1 - expertise)


def estimate_cost(
    model: Model, route: Route, requirements: Requirements, *, offer: Offer | None = None
) -> CostEstimate:
    """Monthly cost of using ``model`` by ``route`` for the requirements' workload."""
    workload, a = requirements.workload, requirements.assumptions
    if route is Route.SELF_HOST:
        parameters = model.parameters
        if parameters is None:
            return CostEstimate(
                route=route, monthly_usd=None, note="parameter count unknown, so GPU needs are unknown"
            )
        e = float(requirements.in_house_expertise.position)
        memory_gb = parameters / 1e9 * a.bytes_per_parameter * a.memory_overhead
        by_memory = max(1, math.ceil(memory_gb / a.gpu_memory_gb))
        active = model.active_parameters or parameters
        tokens_per_second = a.reference_tokens_per_second * a.reference_parameters / active
        capacity = tokens_per_second * 3600 * HOURS_PER_MONTH * a.max_utilization
        replicas = max(1, math.ceil(workload.monthly_tokens / capacity))  # each holds the weights once
        gpus = replicas * by_memory
        gpu_usd = gpus * a.gpu_hourly_usd * HOURS_PER_MONTH
        setup, maintenance = engineering_hours(e)
        engineering = (setup / workload.horizon_months + maintenance) * a.engineer_hourly_usd
        return CostEstimate(
            route=route,
            monthly_usd=gpu_usd + engineering,
            gpus=gpus,
            gpu_usd=gpu_usd,
            setup_hours=setup,
            maintenance_hours_per_month=maintenance,
            engineering_usd=engineering,
            note=(
                f"{gpus} GPU(s), {replicas} x {by_memory}: {memory_gb:.0f} GB of weights, "
                f"{tokens_per_second:,.0f} tokens/s per replica at {a.max_utilization:.0%} use; "
                f"setup {setup:.0f} h over {workload.horizon_months} months, upkeep {maintenance:.0f} h/month"
            ),
        )
    offer = offer if offer is not None else model.maker_offer
    cost = _service_cost(route, None if offer is None else offer.price, requirements)
    return cost if offer is None else attrs.evolve(cost, offer=offer.id)


def _service_cost(route: Route, pricing: Pricing | None, requirements: Requirements) -> CostEstimate:
    """The monthly cost of a service at ``pricing``, without naming the offer: offers with the
    same prices share it within a recommendation, and the offer is named when a score is read."""
    workload = requirements.workload
    if pricing is None:
        return CostEstimate(route=route, monthly_usd=None, note="no dated list price in the catalog")
    tokens_in = workload.monthly_tokens * (1 - workload.output_share)
    tokens_out = workload.monthly_tokens * workload.output_share
    needed: list[str] = []
    api_in = api_out = api_images = 0.0
    if workload.monthly_tokens:
        if pricing.input_per_mtok is None or pricing.output_per_mtok is None:
            needed.append("token prices")
        else:
            api_in = tokens_in / 1e6 * pricing.input_per_mtok
            api_out = tokens_out / 1e6 * pricing.output_per_mtok
    if workload.monthly_images:
        if pricing.per_image is None:
            needed.append("an image price")
        else:
            api_images = workload.monthly_images * pricing.per_image
    as_of = pricing.as_of.isoformat()
    if needed:
        return CostEstimate(
            route=route, monthly_usd=None, price_as_of=as_of, note=f"the catalog has no {' or '.join(needed)}"
        )
    return CostEstimate(
        route=route,
        monthly_usd=api_in + api_out + api_images,
        api_input_usd=api_in,
        api_output_usd=api_out,
        api_images_usd=api_images,
        price_as_of=as_of,
        note=f"list prices as of {as_of}",
    )


def cost_utility(monthly_usd: float | None) -> float:
    """Fixed log scale: $10 or less a month scores 1, $1M or more 0; unknown scores 0."""
    if monthly_usd is None:
        return 0.0
    if monthly_usd <= _COST_FLOOR:
        return 1.0
    value = 1 - math.log10(monthly_usd / _COST_FLOOR) / math.log10(_COST_CEILING / _COST_FLOOR)
    return min(1.0, max(0.0, value))


# --------------------------------------------------------------------------- utilities


@attrs.frozen(kw_only=True)
class _Poles:
    """Stance-independent facts of one model, enough to recompute its utilities quickly."""

    customizability: float
    readiness: float
    vendor_support: float
    community: float
    control: float
    managed_vendor: float | None  # None: self-hosted, where your own team is the operator
    flexibility: float
    scalability: float
    gpu_usd: float | None  # None: not self-hosted
    api_usd: float | None
    self_hosted: bool
    cost_known: bool
    #: One sentence and the unknown facts per criterion, in :class:`Criterion` order.
    reasons: tuple[str, ...]
    unknowns: tuple[tuple[str, ...], ...]


#: The cost-independent part of :class:`_Poles`: values, reasons and unknowns of the
#: other four criteria (the cost slots hold placeholders).
_FactPoles = tuple[
    float,
    float,
    float,
    float,
    float,
    "float | None",
    float,
    float,
    tuple[str, ...],
    tuple[tuple[str, ...], ...],
]


def _facts_key(model: Model, route: Route, offer: Offer | None) -> tuple[object, ...]:
    """The parts of a record that the non-cost poles depend on.

    Access and support are small records shared at load, so their identity stands for
    their value while the catalog is held; offers carry their own sources and prices, so
    the facts read from the route's offer are used instead.
    """
    licensed = model.licenses
    svc = offer
    return (  # enum members hash through a Python-level method: use their values
        route._value_,
        None if svc is None else svc.status._value_,
        model.kind._value_,
        model.status._value_,
        model.openness.level._value_ if model.openness is not None else None,
        licensed.weights,
        licensed.code if model.kind is Kind.TOOLKIT else None,
        licensed.service is not None,
        id(model.access),
        id(model.support),
        None
        if svc is None
        else (
            svc.data,
            svc.attestations,
            svc.deprecation_policy,
        ),
    )


def _with_cost(facts: _FactPoles, route: Route, cost: CostEstimate) -> _Poles:
    (
        customizability,
        readiness,
        vendor_support,
        community,
        control,
        managed,
        flexibility,
        scalability,
        reasons,
        unknowns,
    ) = facts
    self_hosted = route is Route.SELF_HOST
    known = cost.monthly_usd is not None
    if cost.monthly_usd is None:
        cost_reason = f"cost unknown: {cost.note}"
    else:  # cents below a dollar: a cheap API is not free
        amount = f"{cost.monthly_usd:,.2f}" if cost.monthly_usd < 1 else f"{cost.monthly_usd:,.0f}"
        cost_reason = f"about ${amount} a month ({cost.note})"
    return _Poles(
        customizability=customizability,
        readiness=readiness,
        vendor_support=vendor_support,
        community=community,
        control=control,
        managed_vendor=managed,
        flexibility=flexibility,
        scalability=scalability,
        gpu_usd=cost.gpu_usd if self_hosted and known else None,
        api_usd=cost.monthly_usd if not self_hosted else None,
        self_hosted=self_hosted,
        cost_known=known,
        reasons=(*reasons[:_COST], cost_reason, *reasons[_COST + 1 :]),
        unknowns=(*unknowns[:_COST], () if known else (cost.note,), *unknowns[_COST + 1 :]),
    )


def _fact_poles(
    model: Model,
    route: Route,
    offer: Offer | None,
    licenses: Mapping[str, License],
    categories_open: Callable[[str], bool],
) -> _FactPoles:
    # per criterion, in Criterion order (tuples by position: enum members hash slowly)
    unknown: tuple[list[str], ...] = ([], [], [], [], [])
    self_hosted = route is Route.SELF_HOST
    provider = route is Route.PROVIDER  # another company runs the open weights for you
    weights = _license(model, "weights", licenses)
    code = _license(model, "code", licenses)
    service = _license(model, "service", licenses)
    owned = weights if weights is not None else (code if model.kind is Kind.TOOLKIT else None)
    vendor_run = model.access.deployments and (
        Deployment.API in model.access.deployments
        or Deployment.PRIVATE_DEPLOYMENT in model.access.deployments
    )

    # 1. customization
    if self_hosted:
        if owned is None:
            rights = "unknown"
            unknown[_CUSTOMIZATION].append("license of the weights")
        elif categories_open(owned.category):
            rights = "open"
        elif owned.commercial_use is CommercialUse.NO:
            rights = "non-commercial"
        else:
            rights = "restricted"
    else:
        rights = "closed"
    tuning = model.support.fine_tuning
    if self_hosted and tuning is FineTuning.UNKNOWN:
        tuning = FineTuning.WEIGHTS  # downloadable weights can always be trained
    if tuning is FineTuning.UNKNOWN:
        unknown[_CUSTOMIZATION].append("fine-tuning")
    downloadable = 1.0 if self_hosted else 0.0
    customizability = (
        0.4 * downloadable
        + 0.3 * LADDERS["modify_rights"][rights]
        + 0.3 * LADDERS["fine_tuning"][tuning.value]
    )
    if model.kind is Kind.TOOLKIT:
        ready = "toolkit"
    elif not self_hosted:
        ready = "vendor"
    elif vendor_run:
        ready = "open-with-api"
    else:
        ready = "self-host"
    readiness = LADDERS["readiness"][ready]

    # 2. support
    s = model.support
    if provider:
        vendor = "unknown"  # the maker's support facts say nothing of the provider's
        unknown[_SUPPORT].append("the provider's support")
    elif s.vendor_sla and s.enterprise_support:
        vendor = "sla"
    elif s.enterprise_support:
        vendor = "enterprise"
    elif s.enterprise_support is None and s.vendor_sla is None:
        vendor = "unknown"
        unknown[_SUPPORT].append("vendor support")
    else:
        vendor = "community-only"
    if s.community is Community.UNKNOWN:
        unknown[_SUPPORT].append("community size")

    # 4. security
    svc = offer  # the maker's offer on its service route; None on your own hardware
    if self_hosted:
        control_key = "self-host"
    elif route is Route.PRIVATE_DEPLOYMENT:
        control_key = "private-deployment"
    elif not provider and Deployment.API not in model.access.deployments:
        control_key = "product"
    elif svc is None or svc.data.trains_on_inputs_by_default is None:
        control_key = "api-unknown"
        unknown[_SECURITY].append("whether the vendor trains on your data")
    elif svc.data.trains_on_inputs_by_default:
        control_key = "api-unknown"
    elif svc.data.zero_retention_available:
        control_key = "api-no-training-zero-retention"
    else:
        control_key = "api-no-training"
    level = model.openness.level if model.openness is not None else Level.HOSTED
    transparency_key = {
        Level.OPEN_SOURCE: "open-source",
        Level.OPEN_WEIGHTS: "weights",
        Level.RESTRICTED_WEIGHTS: "weights",
        Level.API: "api",
        Level.HOSTED: "hosted",
    }[level]
    control = 0.6 * LADDERS["data_control"][control_key] + 0.4 * LADDERS["transparency"][transparency_key]
    if self_hosted:
        managed_vendor = None
    elif svc is not None and any("SOC 2" in c or "ISO" in c for c in svc.attestations):
        managed_vendor = LADDERS["managed"]["attested"]
    else:
        managed_vendor = LADDERS["managed"]["vendor-unattested"]
        unknown[_SECURITY].append("security attestations (SOC 2, ISO 27001)")

    # 5. long term
    if self_hosted:
        if owned is None:
            durability = "unknown"
            unknown[_LONG_TERM].append("license of the weights")
        elif categories_open(owned.category):
            durability = "open"
        elif owned.restrictions.licensor_may_update:
            durability = "custom-updatable"
        else:
            durability = "custom"
    elif provider:
        # the weights stay yours to take to another provider or your own hardware
        durability = "unknown" if owned is None else "open" if categories_open(owned.category) else "custom"
        if owned is None:
            unknown[_LONG_TERM].append("license of the weights")
    else:
        durability = "terms" if service is not None else "unknown"
        if service is None:
            unknown[_LONG_TERM].append("service terms")
    portability = (
        "anywhere"
        if self_hosted or provider
        else "private-deployment"
        if route is Route.PRIVATE_DEPLOYMENT
        else "single-vendor"
    )
    if model.status in (Status.RETIRED, Status.RENAMED):
        continuity = "ended"
    elif self_hosted:
        continuity = "weights"
    elif model.status is Status.DEPRECATED or (svc is not None and svc.status is Status.DEPRECATED):
        continuity = "deprecated"
    elif provider:
        continuity = "weights"
    elif svc is not None and svc.deprecation_policy:
        continuity = "deprecation-policy"
    else:
        continuity = "no-policy"
    flexibility = (
        0.4 * LADDERS["license_durability"][durability]
        + 0.3 * LADDERS["portability"][portability]
        + 0.3 * LADDERS["continuity"][continuity]
    )
    scalability = LADDERS["scalability"][
        "vendor" if not self_hosted else "open-with-api" if vendor_run else "self-host"
    ]

    managed_by = "self" if self_hosted else "provider" if provider else "vendor"
    reasons = (
        (
            f"{'weights you can run and change' if self_hosted else 'no weights to change'}; "
            f"modification rights {rights}; fine-tuning {tuning.value}; readiness off the shelf: {ready}"
        ),
        f"{'provider' if provider else 'vendor'} support: {vendor}; community: {s.community.value}",
        "",  # the cost sentence is added per model by _poles
        f"data control: {control_key}; transparency: {transparency_key}",
        (
            f"license durability: {durability}; portability: {portability}; continuity: {continuity}; "
            f"scaling: {managed_by}-managed"
        ),
    )
    return (
        customizability,
        readiness,
        LADDERS["vendor_support"][vendor],
        LADDERS["community"][s.community.value],
        control,
        managed_vendor,
        flexibility,
        scalability,
        reasons,
        tuple(tuple(v) for v in unknown),
    )


@attrs.frozen
class _Stances:
    n: float
    e: float
    s: float
    f: float
    engineer_rate: float
    horizon: int

    @classmethod
    def of(cls, r: Requirements) -> _Stances:
        return cls(
            float(r.customization.position),
            float(r.in_house_expertise.position),
            float(r.security.position),
            float(r.long_term.position),
            r.assumptions.engineer_hourly_usd,
            r.workload.horizon_months,
        )


def _utilities(p: _Poles, st: _Stances) -> tuple[float, float, float, float, float]:
    u1 = st.n * p.customizability + (1 - st.n) * p.readiness
    u2 = max(p.vendor_support, st.e * p.community)
    if not p.cost_known:
        u3 = 0.0
    elif p.self_hosted:
        assert p.gpu_usd is not None
        setup, upkeep = engineering_hours(st.e)
        u3 = cost_utility(p.gpu_usd + (setup / st.horizon + upkeep) * st.engineer_rate)
    else:
        u3 = cost_utility(p.api_usd)
    managed = st.e if p.managed_vendor is None else p.managed_vendor
    u4 = st.s * p.control + (1 - st.s) * managed
    u5 = st.f * p.flexibility + (1 - st.f) * p.scalability
    return (u1, u2, u3, u4, u5)


def _weights(importance: Sequence[int]) -> tuple[Fraction, ...]:
    total = sum(importance)
    if total <= 0:
        raise InvalidRequirementsError("importance", "at least one criterion must have an importance above 0")
    return tuple(Fraction(w, total) for w in importance)


def _importances(r: Requirements) -> tuple[int, ...]:
    i = r.importance
    return (i.customization, i.support, i.cost, i.security, i.long_term)


# --------------------------------------------------------------------------- scoring


class _Scorer:
    """Screens and scores models against one set of requirements and one catalog's licenses."""

    def __init__(self, requirements: Requirements, catalog: Catalog) -> None:
        if not isinstance(requirements, Requirements):
            raise InvalidRequirementsError(
                "requirements", f"expected a Requirements, got {type(requirements).__name__}"
            )
        self.requirements = requirements
        self.licenses = {lic.id: lic for lic in catalog.licenses}
        open_categories = {c.id for c in catalog.license_categories if c.osi_compatible}
        self.category_open: Callable[[str], bool] = open_categories.__contains__
        self.organizations = {o.id: o.name for o in catalog.organizations}
        self.stances = _Stances.of(requirements)
        self.importance = _importances(requirements)
        self.weights = _weights(self.importance)
        self.float_weights = tuple(float(w) for w in self.weights)
        # Within one call, models that share facts share their results: the cost by
        # parameters or prices, the poles by the facts key and cost, the utilities by poles.
        self.fact_poles: dict[tuple[object, ...], _FactPoles] = {}
        self.costs: dict[tuple[object, ...], CostEstimate] = {}
        self.poles: dict[tuple[object, ...], _Poles] = {}
        self.utilities: dict[int, tuple[tuple[float, float, float, float, float], float]] = {}
        self.criterion_scores: dict[tuple[object, ...], CriterionScore] = {}
        self.license_facts: dict[tuple[str, str], FactUsed] = {}
        #: The poles of every eligible route of each model evaluated, for the what-if: a
        #: change of stance can make another route of a model its best.
        self.eligible_poles: dict[str, list[_Poles]] = {}

    def evaluate(
        self, model: Model
    ) -> tuple[Route | None, Offer | None, list[str], _Poles | None, CostEstimate | None]:
        """The model on its best eligible route: the route, its offer, poles and cost; or the
        reasons that exclude it (those of its first route when no route is eligible)."""
        reasons = screen_model(model, self.requirements)
        routes = candidate_routes(model, self.requirements)
        if not routes:
            c = self.requirements.constraints
            reasons.append(
                "it cannot be self-hosted" if c.self_hosted_only else "the catalog records no way to use it"
            )
            return None, None, reasons, None, None
        if reasons:  # excluded whatever the route: scored on the first, for the record
            route, offer = routes[0]
            return route, offer, reasons, None, None
        organization = self.organizations.get(model.organization, model.organization)
        best: tuple[float, Route, Offer | None, _Poles, CostEstimate] | None = None
        first_reasons: list[str] | None = None
        eligible = self.eligible_poles[model.id] = []
        for route, offer in routes:
            route_reasons = screen_route(model, route, offer, self.requirements, self.licenses, organization)
            cost = self.cost_of(model, route, offer)
            route_reasons += self.budget_reasons(cost)
            if first_reasons is None:
                first_reasons = route_reasons
            if route_reasons:
                continue
            poles = self.poles_of(model, route, offer, cost)
            eligible.append(poles)
            total = self.totals(poles)[1]
            if best is None or total > best[0]:  # ties keep the earlier route
                best = (total, route, offer, poles, cost)
        if best is None:
            route, offer = routes[0]
            more = " (and no other route is eligible)" if len(routes) > 1 else ""
            assert first_reasons is not None
            return route, offer, [*first_reasons[:-1], first_reasons[-1] + more], None, None
        _, route, offer, poles, cost = best
        return route, offer, [], poles, cost

    def budget_reasons(self, cost: CostEstimate) -> list[str]:
        max_cost = self.requirements.constraints.max_monthly_cost_usd
        if max_cost is None:
            return []
        if cost.monthly_usd is None:
            if self.requirements.constraints.unknown_facts is UnknownFacts.EXCLUDE:
                return ["its monthly cost cannot be estimated from the catalog"]
            return []
        if cost.monthly_usd > max_cost:
            return [f"its estimated cost, ${cost.monthly_usd:,.0f} a month, is above ${max_cost:,.0f}"]
        return []

    def cost_of(self, model: Model, route: Route, offer: Offer | None) -> CostEstimate:
        """:func:`estimate_cost`, shared between models with the same sizes or prices (the
        offer is named in the score when it is read: see :meth:`model_score`)."""
        if route is Route.SELF_HOST:
            key: tuple[object, ...] = (route._value_, model.parameters, model.active_parameters)
            cost = self.costs.get(key)
            if cost is None:
                cost = self.costs[key] = estimate_cost(model, route, self.requirements)
            return cost
        p = None if offer is None else offer.price
        if p is None:
            key = (route._value_,)
        else:
            key = (route._value_, p.input_per_mtok, p.output_per_mtok, p.per_image, p.as_of)
        cost = self.costs.get(key)
        if cost is None:
            cost = self.costs[key] = _service_cost(route, p, self.requirements)
        return cost

    def poles_of(self, model: Model, route: Route, offer: Offer | None, cost: CostEstimate) -> _Poles:
        facts_key = _facts_key(model, route, offer)
        key = (*facts_key, id(cost))  # costs live in self.costs for the whole call
        poles = self.poles.get(key)
        if poles is None:
            facts = self.fact_poles.get(facts_key)
            if facts is None:
                facts = self.fact_poles[facts_key] = _fact_poles(
                    model, route, offer, self.licenses, self.category_open
                )
            poles = self.poles[key] = _with_cost(facts, route, cost)
        return poles

    def totals(self, poles: _Poles) -> tuple[tuple[float, float, float, float, float], float]:
        """The utilities of ``poles`` and their weighted total (as :attr:`ModelScore.total`)."""
        hit = self.utilities.get(id(poles))  # poles live in self.poles for the whole call
        if hit is None:
            utilities = _utilities(poles, self.stances)
            w0, w1, w2, w3, w4 = self.float_weights
            u0, u1, u2, u3, u4 = utilities
            hit = self.utilities[id(poles)] = (
                utilities,
                math.fsum((w0 * u0, w1 * u1, w2 * u2, w3 * u3, w4 * u4)),
            )
        return hit

    def model_score(
        self,
        model: Model,
        route: Route,
        offer: Offer | None,
        poles: _Poles,
        cost: CostEstimate,
        rank: int = 0,
        utilities: tuple[float, float, float, float, float] | None = None,
    ) -> ModelScore:
        if utilities is None:
            utilities = _utilities(poles, self.stances)
        # Criterion scores repeat across models with the same facts; they are immutable,
        # so one object serves them all.
        shared = self.criterion_scores
        parts = []
        for index, utility in enumerate(utilities):
            key = (index, utility, poles.reasons[index], poles.unknowns[index])
            part = shared.get(key)
            if part is None:
                weight = self.float_weights[index]
                part = shared[key] = CriterionScore(
                    criterion=_CRITERIA[index],
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
            cost=cost if offer is None or route is Route.SELF_HOST else attrs.evolve(cost, offer=offer.id),
            reasons=tuple(reasons),
            unknowns=unknowns,
            facts=_facts_used(model, route, offer, self.licenses, self.license_facts),
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
    if route is not Route.SELF_HOST and offer is not None and offer.price is not None:
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


def score(model: Model, requirements: Requirements, *, catalog: Catalog | None = None) -> ModelScore:
    """Score one model on its best route, as ``recommend`` ranks it; a model the hard
    constraints exclude is scored on its best route all the same (``recommend`` drops it).

    ``catalog`` supplies the licenses and organizations the model refers to; without it
    the packaged catalog is used.
    """
    cat = _resolve(catalog)
    scorer = _Scorer(requirements, cat)
    route, offer, _, poles, cost = scorer.evaluate(model)
    if poles is None or cost is None or route is None:
        # excluded by the constraints: scored on its best route all the same
        best: tuple[float, Route, Offer | None, _Poles, CostEstimate] | None = None
        for route, offer in candidate_routes(model, requirements) or [(Route.VENDOR, model.maker_offer)]:
            cost = scorer.cost_of(model, route, offer)
            poles = scorer.poles_of(model, route, offer, cost)
            total = scorer.totals(poles)[1]
            if best is None or total > best[0]:
                best = (total, route, offer, poles, cost)
        assert best is not None
        _, route, offer, poles, cost = best
    return scorer.model_score(model, route, offer, poles, cost)


def _resolve(catalog: Catalog | None) -> Catalog:
    if catalog is not None:
        return catalog
    from ._catalog import catalog as packaged

    return packaged()


# --------------------------------------------------------------------------- verdict


def _choice(best_open: float | None, best_closed: float | None) -> Choice:
    if best_open is None and best_closed is None:
        return Choice.NONE
    if best_closed is None:
        return Choice.OPEN
    if best_open is None:
        return Choice.CLOSED
    margin = best_open - best_closed
    if abs(margin) < EITHER_MARGIN:
        return Choice.EITHER
    return Choice.OPEN if margin > 0 else Choice.CLOSED


class _WhatIfSearch:
    """Finds the smallest single change of importance or stance that changes the verdict."""

    STANCES: tuple[tuple[str, type[Any]], ...] = (
        ("customization", CustomizationNeed),
        ("in_house_expertise", Expertise),
        ("security", SecurityStance),
        ("long_term", LongTermStance),
    )

    def __init__(self, requirements: Requirements, candidates: Sequence[tuple[str, Side, _Poles]]) -> None:
        self.requirements = requirements
        self.candidates = candidates
        self._utilities: dict[_Stances, list[tuple[bool, tuple[float, float, float, float, float]]]] = {}

    def choice_for(self, requirements: Requirements) -> Choice:
        """The verdict under changed requirements, with the arithmetic of :func:`recommend`.

        Utilities depend only on the stances, so they are computed once per set of
        stances and reused for every change of importance.
        """
        stances = _Stances.of(requirements)
        rows = self._utilities.get(stances)
        if rows is None:
            rows = [(side is Side.OPEN, _utilities(poles, stances)) for _, side, poles in self.candidates]
            self._utilities[stances] = rows
        w0, w1, w2, w3, w4 = (float(w) for w in _weights(_importances(requirements)))
        fsum = math.fsum
        best_open = best_closed = -1.0
        for is_open, (u0, u1, u2, u3, u4) in rows:
            total = fsum((w0 * u0, w1 * u1, w2 * u2, w3 * u3, w4 * u4))
            if is_open:
                best_open = max(best_open, total)
            else:
                best_closed = max(best_closed, total)
        return _choice(best_open if best_open >= 0 else None, best_closed if best_closed >= 0 else None)

    def changes(self) -> list[tuple[int, int, str, str, str, Requirements]]:
        """Every single change, as (distance, order, field, current, proposed, requirements)."""
        r = self.requirements
        out: list[tuple[int, int, str, str, str, Requirements]] = []
        order = 0
        for criterion in Criterion:
            name = criterion.value
            current = getattr(r.importance, name)
            for value in range(6):
                order += 1
                if value == current:
                    continue
                try:
                    importance = attrs.evolve(r.importance, **{name: value})
                except InvalidRequirementsError:
                    continue  # all importances at 0
                out.append(
                    (
                        abs(value - current),
                        order,
                        f"importance.{name}",
                        str(current),
                        str(value),
                        attrs.evolve(r, importance=importance),
                    )
                )
        for field, enum_cls in self.STANCES:
            current_member = getattr(r, field)
            for member in enum_cls:
                order += 1
                if member is current_member:
                    continue
                out.append(
                    (
                        abs(member.step - current_member.step),
                        order,
                        field,
                        current_member.value,
                        member.value,
                        attrs.evolve(r, **{field: member}),
                    )
                )
        out.sort(key=lambda c: (c[0], c[1]))
        return out

    def find(self, current: Choice) -> WhatIf | None:
        for distance, _, field, old, new, changed in self.changes():
            choice = self.choice_for(changed)
            if choice is not current:
                return WhatIf(
                    field=field,
                    current=old,
                    proposed=new,
                    distance=distance,
                    new_choice=choice,
                    sentence=(
                        f"the verdict becomes {choice.value!r} if {field.replace('_', ' ')} "
                        f"goes from {old} to {new}"
                    ),
                )
        return None


def _verdict(
    ranking: Ranking,
    best: Mapping[Side, tuple[float, int]],
    candidates: Sequence[tuple[str, Side, _Poles]],
    requirements: Requirements,
) -> Verdict:
    """The verdict from the best open and best closed entries, given as (total, rank index)."""
    best_open = (best[Side.OPEN][0], ranking.model_ids[best[Side.OPEN][1]]) if Side.OPEN in best else None
    best_closed = (
        (best[Side.CLOSED][0], ranking.model_ids[best[Side.CLOSED][1]]) if Side.CLOSED in best else None
    )
    choice = _choice(best_open[0] if best_open else None, best_closed[0] if best_closed else None)
    margins: tuple[tuple[Criterion, float], ...] = ()
    deciding: tuple[Criterion, ...] = ()
    reasons: list[str] = []
    margin = 0.0
    if best_open and best_closed:
        o, c = ranking[best[Side.OPEN][1]], ranking[best[Side.CLOSED][1]]
        margin = o.total - c.total
        margins = tuple(
            (oc.criterion, oc.contribution - cc.contribution)
            for oc, cc in zip(o.breakdown, c.breakdown, strict=True)
        )
        sign = 1 if margin >= 0 else -1
        deciding = tuple(
            crit
            for crit, m in sorted(margins, key=lambda cm: (-abs(cm[1]), list(Criterion).index(cm[0])))
            if m * sign > 0
        )
        reasons.append(
            f"best open: {o.model_id} ({o.total:.3f}); best closed: {c.model_id} ({c.total:.3f}); "
            f"margin {margin:+.3f}"
        )
        for crit in deciding[:3]:
            value = dict(margins)[crit]
            leader = o if value > 0 else c
            reasons.append(f"{crit.value.replace('_', '-')} favours {leader.model_id} by {abs(value):.3f}")
        if choice is Choice.EITHER:
            reasons.append(f"the two are within {EITHER_MARGIN}: either side fits")
    elif best_open or best_closed:
        side = "open" if best_open else "closed"
        other = "closed" if best_open else "open"
        reasons.append(f"only {side} models meet the constraints; no {other} model does")
    else:
        reasons.append("no model meets the constraints")
    what_if = None
    if best_open and best_closed:
        what_if = _WhatIfSearch(requirements, candidates).find(choice)
    return Verdict(
        choice=choice,
        margin=margin,
        best_open=best_open[1] if best_open else None,
        best_closed=best_closed[1] if best_closed else None,
        criterion_margins=margins,
        deciding=deciding,
        reasons=tuple(reasons),
        what_if=what_if,
    )


def recommend(requirements: Requirements, catalog: Catalog | None = None) -> Recommendation:
    """Rank the catalog's models for ``requirements`` and give an open-or-closed verdict.

    Pure and deterministic: the same requirements and catalog always give the same
    recommendation, whatever the order of the models. Without ``catalog`` the packaged
    catalog is used.
    """
    cat = _resolve(catalog)
    scorer = _Scorer(requirements, cat)
    excluded: list[Exclusion] = []
    eligible: list[tuple[float, str, Model, Route, Offer | None, _Poles, CostEstimate]] = []
    for model in cat.models:
        route, offer, reasons, poles, cost = scorer.evaluate(model)
        if reasons or route is None or poles is None or cost is None:
            excluded.append(Exclusion(model_id=model.id, name=model.name, reasons=tuple(reasons)))
            continue
        eligible.append((-scorer.totals(poles)[1], model.id, model, route, offer, poles, cost))
    eligible.sort(key=itemgetter(0, 1))

    def build(index: int) -> ModelScore:
        _, _, model, route, offer, poles, cost = eligible[index]
        return scorer.model_score(model, route, offer, poles, cost, index + 1, scorer.totals(poles)[0])

    ranking = Ranking([e[1] for e in eligible], build)
    # The best of each side is its first entry in rank order. For the what-if, models
    # with the same poles and side are one candidate: the best total is the same.
    best: dict[Side, tuple[float, int]] = {}
    candidates: dict[tuple[Side, int], tuple[str, Side, _Poles]] = {}
    for index, (negative_total, model_id, model, _, _, _, _) in enumerate(eligible):
        assert model.openness is not None
        side = model.openness.side
        best.setdefault(side, (-negative_total, index))
        for poles in scorer.eligible_poles[model_id]:
            candidates.setdefault((side, id(poles)), (model_id, side, poles))
    return Recommendation(
        verdict=_verdict(ranking, best, list(candidates.values()), requirements),
        ranking=ranking,
        excluded=tuple(sorted(excluded, key=lambda e: e.model_id)),
        requirements=requirements,
        catalog_version=cat.local_version,
        catalog_digest=cat.digest,
    )
