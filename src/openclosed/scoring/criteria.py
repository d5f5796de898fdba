"""The five criteria of the source article, each defined once: what it reads of a model on
a route, the fixed ladders that turn those facts into poles, and how the user's stance
mixes the poles into a utility in [0, 1].

Adding a criterion means adding a :class:`Criterion` member and its :class:`Rule` here,
its importance (and stance, if it has one) in :mod:`openclosed.requirements`, and a
paragraph in ``docs/methodology.md``; the engine, the verdict and the what-if read
:data:`RULES` and need no change.

The facts a rule reads are gathered into one :class:`Facts` tuple per (model, route,
offer). It holds exactly the inputs of the rules, so it is also the key of the engine's
cache: two routes with equal facts have equal poles, and nothing else can leak in.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

import attrs

from .._text import dollars
from ..enums import CommercialUse, Deployment, FineTuning, Kind, Level, Status, _ShortEnum
from .effort import engineering_usd
from .routes import SELF_RUN_VALUES as SELF_RUN
from .routes import Route

if TYPE_CHECKING:
    from ..records import License, Model, Offer
    from ..requirements import Requirements
    from .results import CostEstimate

__all__ = ["LADDERS", "RULES", "Criterion", "Facts", "Rule", "Stances", "cost_utility", "facts_of"]


class Criterion(_ShortEnum):
    """The five criteria of the source article, in its order."""

    CUSTOMIZATION = "customization"
    SUPPORT = "support"
    COST = "cost"
    SECURITY = "security"
    LONG_TERM = "long_term"


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

#: Cost utility: 1 at the reference cost or below, 0 at this many decades above it. A
#: thousandfold cost gap spans the whole scale, so no single step of a stance (at most
#: half a ladder of one criterion) can outweigh it at equal importances.
COST_DECADES = 3.0
#: Costs below a cent a month are treated as equal (and a zero cost needs a floor for its
#: ratio); above it, a cheap API that costs half another is scored as half the cost.
COST_FLOOR = 0.01


def cost_utility(monthly_usd: float | None, reference: float = COST_FLOOR) -> float:
    """Utility of a monthly cost against ``reference`` (the cheapest eligible option):
    1 at or below it, falling by 1/3 per tenfold, 0 from a thousandfold; unknown scores 0.
    Costs under a cent count as a cent."""
    if monthly_usd is None:
        return 0.0
    ratio = max(monthly_usd, COST_FLOOR) / max(reference, COST_FLOOR)
    if ratio <= 1:
        return 1.0
    return max(0.0, 1 - math.log10(ratio) / COST_DECADES)


class Facts(NamedTuple):
    """Every fact of one (model, route, offer) that a rule reads, and nothing else.

    Enum facts are kept as their values: tuples of strings hash in C, enum members do not.
    """

    route: str
    kind: str
    status: str
    level: str | None
    weights_license: str | None
    code_license: str | None
    service_license: str | None
    api: bool
    private_deployment: bool
    any_deployment: bool
    fine_tuning: str
    vendor_sla: bool | None
    enterprise_support: bool | None
    community: str
    #: Facts of the route's offer; None when the model runs on hardware you control.
    offer_status: str | None
    trains_on_inputs: bool | None
    zero_retention: bool | None
    attested: bool | None
    deprecation_policy: bool | None


#: The facts of a route that runs on hardware you control: no offer.
NO_OFFER: tuple[str | None, bool | None, bool | None, bool | None, bool | None] = (
    None,
    None,
    None,
    None,
    None,
)


def model_facts(model: Model) -> tuple[object, ...]:
    """The part of :class:`Facts` read from the model, the same on all its routes."""
    licensed = model.licenses
    deployments = model.access.deployments
    support = model.support
    openness = model.openness
    return (
        model.kind._value_,
        model.status._value_,
        None if openness is None else openness.level._value_,
        licensed.weights,
        licensed.code,
        licensed.service,
        Deployment.API in deployments,
        Deployment.PRIVATE_DEPLOYMENT in deployments,
        bool(deployments),
        support.fine_tuning._value_,
        support.vendor_sla,
        support.enterprise_support,
        support.community._value_,
    )


def offer_facts(offer: Offer | None) -> tuple[object, ...]:
    """The part of :class:`Facts` read from the route's offer (all None without one)."""
    if offer is None:
        return NO_OFFER
    data = offer.data
    attested = " ".join(offer.attestations)
    return (
        offer.status._value_,
        data.trains_on_inputs_by_default,
        data.zero_retention_available,
        "SOC 2" in attested or "ISO" in attested,
        bool(offer.deprecation_policy),
    )


def facts_of(model: Model, route: Route, offer: Offer | None) -> Facts:
    """The :class:`Facts` of ``model`` on ``route`` through ``offer``."""
    return Facts._make((route._value_, *model_facts(model), *offer_facts(offer)))


@attrs.frozen
class Licenses:
    """The licenses a call scores against, and which license categories count as open."""

    by_id: Mapping[str, License]
    open_categories: frozenset[str]

    def get(self, license_id: str | None) -> License | None:
        return None if license_id is None else self.by_id.get(license_id)

    def is_open(self, license: License) -> bool:
        return license.category in self.open_categories


#: What a rule says of one route: its pole values, one sentence, and the unknown facts.
Measure = tuple[tuple[float, ...], str, tuple[str, ...]]


@attrs.frozen
class Stances:
    """The user's stances as positions in [0, 1], and what the cost utility needs."""

    #: The position of each stance, in the order of :data:`STANCE_FIELDS`.
    positions: tuple[float, ...]
    engineer_rate: float
    horizon: int
    #: The cost that scores 1: the cheapest eligible option of the call.
    cost_reference: float
    #: The positions by field name, for the rules to read (derived from ``positions``).
    by_field: Mapping[str, float] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "by_field", dict(zip(STANCE_FIELDS, self.positions, strict=True)))

    def of(self, field: str) -> float:
        return self.by_field[field]

    @classmethod
    def of_requirements(cls, r: Requirements, cost_reference: float = COST_FLOOR) -> Stances:
        return cls(
            tuple(float(getattr(r, name).position) for name in STANCE_FIELDS),
            r.assumptions.engineer_hourly_usd,
            r.workload.horizon_months,
            cost_reference,
        )


@attrs.frozen
class Rule:
    """One criterion: how to measure a route, and how stances turn the measure into a utility."""

    criterion: Criterion
    #: The :class:`~openclosed.requirements.Requirements` field holding this criterion's
    #: stance; None for a criterion without one (cost).
    stance: str | None
    #: Reads :class:`Facts` (or, for cost, the route's cost estimate).
    measure: Callable[[Facts, Licenses], Measure] | None
    utility: Callable[[tuple[float, ...], Stances], float]


# Enum values the rules compare facts with (``.value`` is a Python-level property).
_TOOLKIT = Kind.TOOLKIT.value
_TUNING_UNKNOWN = FineTuning.UNKNOWN.value
_TUNING_WEIGHTS = FineTuning.WEIGHTS.value
_PROVIDER = Route.PROVIDER.value
_PRIVATE = Route.PRIVATE_DEPLOYMENT.value
_RETIRED = Status.RETIRED.value
_RENAMED = Status.RENAMED.value
_DEPRECATED = Status.DEPRECATED.value
_HOSTED = Level.HOSTED.value


# --------------------------------------------------------------------------- 1. customization


def _owned(f: Facts, lic: Licenses) -> License | None:
    """The license you hold when the weights are yours to run: the weights' (a toolkit's code)."""
    owned = lic.get(f.weights_license)
    if owned is None and f.kind == _TOOLKIT:
        owned = lic.get(f.code_license)
    return owned


def _customization(f: Facts, lic: Licenses) -> Measure:
    self_run = f.route in SELF_RUN
    unknown: list[str] = []
    if self_run:
        owned = _owned(f, lic)
        if owned is None:
            rights = "unknown"
            unknown.append("license of the weights")
        elif lic.is_open(owned):
            rights = "open"
        elif owned.commercial_use is CommercialUse.NO:
            rights = "non-commercial"
        else:
            rights = "restricted"
    else:
        rights = "closed"
    tuning = f.fine_tuning
    if self_run and tuning == _TUNING_UNKNOWN:
        tuning = _TUNING_WEIGHTS  # downloadable weights can always be trained
    if tuning == _TUNING_UNKNOWN:
        unknown.append("fine-tuning")
    customizability = (
        0.4 * (1.0 if self_run else 0.0)
        + 0.3 * LADDERS["modify_rights"][rights]
        + 0.3 * LADDERS["fine_tuning"][tuning]
    )
    if f.kind == _TOOLKIT:
        ready = "toolkit"
    elif not self_run:
        ready = "vendor"
    elif f.any_deployment and (f.api or f.private_deployment):
        ready = "open-with-api"
    else:
        ready = "self-host"
    reason = (
        f"{'weights you can run and change' if self_run else 'no weights to change'}; "
        f"modification rights {rights}; fine-tuning {tuning}; readiness off the shelf: {ready}"
    )
    return (customizability, LADDERS["readiness"][ready]), reason, tuple(unknown)


def _customization_utility(poles: tuple[float, ...], st: Stances) -> float:
    n = st.of("customization")
    return n * poles[0] + (1 - n) * poles[1]


# --------------------------------------------------------------------------- 2. support


def _support(f: Facts, lic: Licenses) -> Measure:
    unknown: list[str] = []
    provider = f.route == _PROVIDER
    if provider:
        vendor = "unknown"  # the maker's support facts say nothing of the provider's
        unknown.append("the provider's support")
    elif f.vendor_sla:
        vendor = "sla"  # a service-level agreement is support, whatever else is unknown
    elif f.enterprise_support:
        vendor = "enterprise"
    elif f.enterprise_support is None and f.vendor_sla is None:
        vendor = "unknown"
        unknown.append("vendor support")
    else:
        vendor = "community-only"
    if f.community == "unknown":
        unknown.append("community size")
    reason = f"{'provider' if provider else 'vendor'} support: {vendor}; community: {f.community}"
    return (LADDERS["vendor_support"][vendor], LADDERS["community"][f.community]), reason, tuple(unknown)


def _support_utility(poles: tuple[float, ...], st: Stances) -> float:
    return max(poles[0], st.of("in_house_expertise") * poles[1])


# --------------------------------------------------------------------------- 3. cost


def cost_measure(cost: CostEstimate, self_run: bool) -> Measure:
    """The cost criterion's measure, from the route's estimate rather than from facts.

    Poles: the monthly cost without engineering (GPU rent, or the service's bill), the
    GPUs you run (0 for a service), and whether the cost is known (1) or not (0). The
    engineering effort is added by the utility, because it depends on the user's expertise.
    """
    if cost.monthly_usd is None:
        return (0.0, 0.0, 0.0), f"cost unknown: {cost.note}", (cost.note,)
    return cost_values(cost, self_run), f"about {dollars(cost.monthly_usd)} a month ({cost.note})", ()


def cost_values(cost: CostEstimate, self_run: bool) -> tuple[float, float, float]:
    """The pole values of :func:`cost_measure` alone, without its sentence (which is written
    only when a score is read)."""
    if cost.monthly_usd is None:
        return (0.0, 0.0, 0.0)
    if self_run:
        return (cost.gpu_usd, float(cost.gpus), 1.0)
    return (cost.monthly_usd, 0.0, 1.0)


def monthly_cost(poles: tuple[float, ...], st: Stances) -> float | None:
    """The monthly cost the cost poles stand for under ``st``: a fleet's engineering depends
    on the team's expertise, so it is added here rather than measured; None when unknown."""
    base, gpus, known = poles
    if not known:
        return None
    if gpus:
        return base + engineering_usd(st.of("in_house_expertise"), int(gpus), st.horizon, st.engineer_rate)
    return base


def _cost_utility(poles: tuple[float, ...], st: Stances) -> float:
    return cost_utility(monthly_cost(poles, st), st.cost_reference)


# --------------------------------------------------------------------------- 4. security


_TRANSPARENCY = {
    Level.OPEN_SOURCE.value: "open-source",
    Level.OPEN_WEIGHTS.value: "weights",
    Level.RESTRICTED_WEIGHTS.value: "weights",
    Level.API.value: "api",
    _HOSTED: "hosted",
}


def _security(f: Facts, lic: Licenses) -> Measure:
    unknown: list[str] = []
    self_run = f.route in SELF_RUN
    provider = f.route == _PROVIDER
    if self_run:
        control_key = "self-host"
    elif f.route == _PRIVATE:
        control_key = "private-deployment"
    elif not provider and not f.api:
        control_key = "product"
    elif f.offer_status is None or f.trains_on_inputs is None:
        control_key = "api-unknown"
        unknown.append("whether the vendor trains on your data")
    elif f.trains_on_inputs:
        control_key = "api-unknown"
    elif f.zero_retention:
        control_key = "api-no-training-zero-retention"
    else:
        control_key = "api-no-training"
    transparency_key = _TRANSPARENCY[f.level or _HOSTED]
    control = 0.6 * LADDERS["data_control"][control_key] + 0.4 * LADDERS["transparency"][transparency_key]
    if self_run:
        managed = -1.0  # your own team runs it: the utility reads your expertise instead
    elif f.attested:
        managed = LADDERS["managed"]["attested"]
    else:
        managed = LADDERS["managed"]["vendor-unattested"]
        unknown.append("security attestations (SOC 2, ISO 27001)")
    reason = f"data control: {control_key}; transparency: {transparency_key}"
    return (control, managed), reason, tuple(unknown)


def _security_utility(poles: tuple[float, ...], st: Stances) -> float:
    control, managed = poles
    s = st.of("security")
    if managed < 0:
        managed = st.of("in_house_expertise")
    return s * control + (1 - s) * managed


# --------------------------------------------------------------------------- 5. long term


def _long_term(f: Facts, lic: Licenses) -> Measure:
    unknown: list[str] = []
    self_run = f.route in SELF_RUN
    provider = f.route == _PROVIDER
    owned = _owned(f, lic)
    if self_run:
        if owned is None:
            durability = "unknown"
            unknown.append("license of the weights")
        elif lic.is_open(owned):
            durability = "open"
        elif owned.restrictions.licensor_may_update:
            durability = "custom-updatable"
        else:
            durability = "custom"
    elif provider:
        # the weights stay yours to take to another provider or your own hardware
        durability = "unknown" if owned is None else "open" if lic.is_open(owned) else "custom"
        if owned is None:
            unknown.append("license of the weights")
    else:
        durability = "terms" if f.service_license is not None else "unknown"
        if f.service_license is None:
            unknown.append("service terms")
    if self_run or provider:
        portability = "anywhere"
    elif f.route == _PRIVATE:
        portability = "private-deployment"
    else:
        portability = "single-vendor"
    if f.status in (_RETIRED, _RENAMED):
        continuity = "ended"
    elif self_run:
        continuity = "weights"
    elif f.status == _DEPRECATED or f.offer_status == _DEPRECATED:
        continuity = "deprecated"
    elif provider:
        continuity = "weights"
    elif f.deprecation_policy:
        continuity = "deprecation-policy"
    else:
        continuity = "no-policy"
    flexibility = (
        0.4 * LADDERS["license_durability"][durability]
        + 0.3 * LADDERS["portability"][portability]
        + 0.3 * LADDERS["continuity"][continuity]
    )
    vendor_run = f.any_deployment and (f.api or f.private_deployment)
    scaling = "vendor" if not self_run else "open-with-api" if vendor_run else "self-host"
    managed_by = "self" if self_run else "provider" if provider else "vendor"
    reason = (
        f"license durability: {durability}; portability: {portability}; continuity: {continuity}; "
        f"scaling: {managed_by}-managed"
    )
    return (flexibility, LADDERS["scalability"][scaling]), reason, tuple(unknown)


def _long_term_utility(poles: tuple[float, ...], st: Stances) -> float:
    f = st.of("long_term")
    return f * poles[0] + (1 - f) * poles[1]


#: The criteria in the article's order. The cost rule has no fact measure: its measure
#: comes from the cost model (:func:`cost_measure`).
RULES: tuple[Rule, ...] = (
    Rule(Criterion.CUSTOMIZATION, "customization", _customization, _customization_utility),
    Rule(Criterion.SUPPORT, "in_house_expertise", _support, _support_utility),
    Rule(Criterion.COST, None, None, _cost_utility),
    Rule(Criterion.SECURITY, "security", _security, _security_utility),
    Rule(Criterion.LONG_TERM, "long_term", _long_term, _long_term_utility),
)
#: The stance fields of :class:`~openclosed.requirements.Requirements`, in rule order.
STANCE_FIELDS: tuple[str, ...] = tuple(r.stance for r in RULES if r.stance is not None)
#: Position of the cost rule in :data:`RULES`.
COST_INDEX = next(i for i, r in enumerate(RULES) if r.measure is None)
