"""What a user needs from a model, as the decision scorer reads it.

The five criteria come from the source article: customization, support, cost, security
and long-term goals. For each the user gives an importance from 0 to 5 and, where the
criterion is a trade-off, a stance along it. Cost has no stance: it is estimated from a
:class:`Workload` and stated :class:`Assumptions`. :class:`Constraints` are hard: they
exclude models before anything is scored.

Everything is frozen and validated on construction; strings are accepted wherever an
enum is expected, so ``Requirements(customization="extensive")`` works at a REPL.
"""

from __future__ import annotations

import enum
import math
import warnings
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any, TypeVar

import attrs

from ._text import enum_values, parse_member, suggestion
from .enums import Task, _ShortEnum
from .errors import InvalidRequirementsError, brief
from .hardware import GPU_CLASSES, PRECISIONS
from .records import BENCHMARKS

__all__ = [
    "Assumptions",
    "Constraints",
    "CustomizationNeed",
    "Expertise",
    "Importance",
    "LongTermStance",
    "Requirements",
    "SecurityStance",
    "UnknownFacts",
    "Workload",
]

_E = TypeVar("_E", bound=enum.Enum)
_R = TypeVar("_R", bound=attrs.AttrsInstance)


class _Stance(_ShortEnum):
    """A position along a trade-off; :attr:`position` is where it sits in [0, 1]."""

    @property
    def position(self) -> Fraction:
        members = list(type(self))
        return Fraction(members.index(self), len(members) - 1)

    @property
    def step(self) -> int:
        """The index of this stance along its ladder (for "smallest change" distances)."""
        return list(type(self)).index(self)


class CustomizationNeed(_Stance):
    """Criterion 1: an off-the-shelf solution (0) or extensive customization (1)."""

    OFF_THE_SHELF = "off-the-shelf"
    SOME = "some"
    EXTENSIVE = "extensive"


class Expertise(_Stance):
    """Criterion 2: in-house expertise with models; none (0) leans on vendor support."""

    NONE = "none"
    BASIC = "basic"
    EXPERIENCED = "experienced"
    EXPERT = "expert"


class SecurityStance(_Stance):
    """Criterion 4: a vendor-managed environment (0) or transparency and own control (1)."""

    VENDOR_MANAGED = "vendor-managed"
    BALANCED = "balanced"
    OWN_CONTROL = "own-control"


class LongTermStance(_Stance):
    """Criterion 5: elastic scale from a vendor (0) or flexibility and independence (1)."""

    ELASTIC_SCALE = "elastic-scale"
    BALANCED = "balanced"
    FLEXIBILITY = "flexibility"


class UnknownFacts(_ShortEnum):
    """What a hard constraint does when the catalog does not know the fact it needs."""

    EXCLUDE = "exclude"
    ALLOW = "allow"


def _to_enum(cls: type[_E], value: object, field: str) -> _E:
    """An enum member from itself, its value or its name, in any case and with any separators
    (the one rule of :func:`openclosed._text.parse_member`)."""
    member = parse_member(cls, value)
    if member is not None:
        return member
    choices = enum_values(cls)
    raise InvalidRequirementsError(
        field, f"{brief(value)} is not one of {', '.join(map(repr, choices))}{suggestion(value, choices)}"
    )


def _customization(value: object) -> CustomizationNeed:
    return _to_enum(CustomizationNeed, value, "customization")


def _expertise(value: object) -> Expertise:
    return _to_enum(Expertise, value, "in_house_expertise")


def _security(value: object) -> SecurityStance:
    return _to_enum(SecurityStance, value, "security")


def _long_term(value: object) -> LongTermStance:
    return _to_enum(LongTermStance, value, "long_term")


def _unknown_facts(value: object) -> UnknownFacts:
    return _to_enum(UnknownFacts, value, "constraints.unknown_facts")


def _shown(bound: float) -> str:
    """A bound as the messages write it: ``0.25``, ``1e15``."""
    if bound < 1e4:
        return f"{bound:g}"
    mantissa, _, exponent = f"{bound:.0e}".partition("e")
    return f"{mantissa}e{int(exponent)}"


def _number(field: str, low: float, high: float, *, low_open: bool = False, integer: bool = False) -> Any:
    """A validator for a number in [low, high] (or (low, high] when ``low_open``).

    Every number has an upper bound: with the bounds of all fields every
    product and quotient of the cost model stays a finite float (the table is in the
    scorer guide). Values are compared as they
    are, so a huge integer is refused without ever being converted to a float.
    """
    bounds = f"{'(' if low_open else '['}{_shown(low)}, {_shown(high)}]"
    kind = "an integer" if integer else "a number"

    def validate(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float, Fraction))
            or (integer and not isinstance(value, int))
            or (isinstance(value, float) and not math.isfinite(value))
            or not low <= value <= high
            or (low_open and value == low)
        ):
            raise InvalidRequirementsError(field, f"must be {kind} in {bounds}, got {brief(value)}")

    return validate


def _optional_number(
    field: str, low: float, high: float, *, low_open: bool = False, integer: bool = False
) -> Any:
    inner = _number(field, low, high, low_open=low_open, integer=integer)

    def validate(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            inner(instance, attribute, value)

    return validate


@attrs.frozen(kw_only=True)
class Importance:
    """How much each criterion matters, 0 (not at all) to 5; at least one must be above 0.

    Only the proportions matter: ``Importance(cost=2, security=4)`` ranks exactly like
    ``cost=1, security=2`` with the others scaled too.
    """

    customization: int = attrs.field(
        default=3, validator=_number("importance.customization", 0, 5, integer=True)
    )
    support: int = attrs.field(default=3, validator=_number("importance.support", 0, 5, integer=True))
    cost: int = attrs.field(default=3, validator=_number("importance.cost", 0, 5, integer=True))
    security: int = attrs.field(default=3, validator=_number("importance.security", 0, 5, integer=True))
    long_term: int = attrs.field(default=3, validator=_number("importance.long_term", 0, 5, integer=True))

    def __attrs_post_init__(self) -> None:
        if not any(getattr(self, a.name) for a in attrs.fields(Importance)):
            raise InvalidRequirementsError(
                "importance", "at least one criterion must have an importance above 0"
            )


@attrs.frozen(kw_only=True)
class Workload:
    """How much the model will be used; drives the cost estimate."""

    #: Tokens per month, input and output together.
    monthly_tokens: float = attrs.field(
        default=10_000_000, validator=_number("workload.monthly_tokens", 0, 1e15)
    )
    #: Share of the tokens that are output (generated) tokens.
    output_share: float = attrs.field(default=0.25, validator=_number("workload.output_share", 0, 1))
    #: Images generated per month (image models).
    monthly_images: float = attrs.field(default=0, validator=_number("workload.monthly_images", 0, 1e12))
    #: Seconds of generated audio or video per month (speech and video models).
    monthly_media_seconds: float = attrs.field(
        default=0, validator=_number("workload.monthly_media_seconds", 0, 1e12)
    )
    #: Seconds of audio read per month (speech recognition), billed per minute of input audio.
    monthly_input_audio_seconds: float = attrs.field(
        default=0, validator=_number("workload.monthly_input_audio_seconds", 0, 1e12)
    )
    #: Characters of text read per month (speech synthesis), billed per million characters.
    monthly_input_characters: float = attrs.field(
        default=0, validator=_number("workload.monthly_input_characters", 0, 1e15)
    )
    #: Document pages read per month (OCR), billed per page.
    monthly_pages: float = attrs.field(default=0, validator=_number("workload.monthly_pages", 0, 1e12))
    #: Searches per month (rerankers), billed per search.
    monthly_searches: float = attrs.field(default=0, validator=_number("workload.monthly_searches", 0, 1e12))
    #: Generations asked for per month (music clips and songs), billed per request.
    monthly_requests: float = attrs.field(default=0, validator=_number("workload.monthly_requests", 0, 1e12))
    #: Months over which one-off setup effort is spread.
    horizon_months: int = attrs.field(
        default=24, validator=_number("workload.horizon_months", 1, 1200, integer=True)
    )


def _named(value: object, choices: Iterable[str], field: str) -> str:
    """One of ``choices`` as spelt there, from a string in any case."""
    names = list(choices)
    if isinstance(value, str):
        for name in names:
            if name.casefold() == value.strip().casefold():
                return name
    raise InvalidRequirementsError(
        field, f"{brief(value)} is not one of {', '.join(map(repr, names))}{suggestion(value, names)}"
    )


def _gpu(value: object) -> str:
    return _named(value, GPU_CLASSES, "assumptions.gpu")


def _precision(value: object) -> str | None:
    return None if value is None else _named(value, PRECISIONS, "assumptions.precision")


def _retired(field: str, low: float, high: float) -> Any:
    """A field the cost model no longer reads: accepted (in its old range), with a warning,
    for one more release."""
    inner = _number(f"assumptions.{field}", low, high)

    def validate(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            inner(instance, attribute, value)
            warnings.warn(
                f"Assumptions.{field} is no longer used: throughput now follows the GPU class "
                "(Assumptions.gpu) and the model's size; it will be removed in a later release",
                DeprecationWarning,
                stacklevel=4,
            )

    return validate


@attrs.frozen(kw_only=True)
class Assumptions:
    """Prices and rates the cost estimate assumes. The defaults, and where they come from,
    are listed in the methodology docs; change them to match your own quotes."""

    #: The GPU class self-hosting rents (or that you own): ``"H100"``, ``"A100"`` or ``"L4"``.
    gpu: str = attrs.field(default="H100", converter=_gpu)
    #: Your own price of one GPU per hour; None: the class's dated on-demand price.
    gpu_hourly_usd: float | None = attrs.field(
        default=None, validator=_optional_number("assumptions.gpu_hourly_usd", 0, 1e4, low_open=True)
    )
    #: Memory of one GPU; None: the class's.
    gpu_memory_gb: float | None = attrs.field(
        default=None, validator=_optional_number("assumptions.gpu_memory_gb", 1, 1e5)
    )
    #: Precision of the served weights: ``"bf16"``, ``"fp8"`` or ``"int4"`` for every model;
    #: None: each model's weights as released (its ``weights_precision``; 16-bit where the
    #: catalog does not record it).
    precision: str | None = attrs.field(default=None, converter=_precision)
    #: Bytes per parameter of the served weights, overriding ``precision``'s (None: its).
    bytes_per_parameter: float | None = attrs.field(
        default=None, validator=_optional_number("assumptions.bytes_per_parameter", 0, 64, low_open=True)
    )
    #: Memory for the KV cache and activations, as a factor on the weights.
    memory_overhead: float = attrs.field(
        default=1.2, validator=_number("assumptions.memory_overhead", 1, 100)
    )
    #: Share of peak tensor FLOP/s that serving achieves (prefill, and compute-bound decode).
    compute_efficiency: float = attrs.field(
        default=0.4, validator=_number("assumptions.compute_efficiency", 0.01, 1)
    )
    #: Share of peak memory bandwidth that decode achieves.
    bandwidth_efficiency: float = attrs.field(
        default=0.7, validator=_number("assumptions.bandwidth_efficiency", 0.01, 1)
    )
    #: Sequences a replica decodes together (continuous batching).
    batch_size: int = attrs.field(
        default=128, validator=_number("assumptions.batch_size", 1, 100_000, integer=True)
    )
    #: Share of the time the GPUs do useful work (production: about 30-60%).
    max_utilization: float = attrs.field(
        default=0.5, validator=_number("assumptions.max_utilization", 0.01, 1)
    )
    engineer_hourly_usd: float = attrs.field(
        default=100, validator=_number("assumptions.engineer_hourly_usd", 0, 1e5)
    )
    #: Deprecated: the first cost model's reference throughput; no longer read.
    reference_tokens_per_second: float | None = attrs.field(
        default=None, validator=_retired("reference_tokens_per_second", 0.001, 1e9)
    )
    #: Deprecated: the first cost model's reference size; no longer read.
    reference_parameters: float | None = attrs.field(
        default=None, validator=_retired("reference_parameters", 1, 1e15)
    )


def _tasks(value: object) -> tuple[Task, ...]:
    if value is None:
        return ()
    items: Iterable[object] = (value,) if isinstance(value, (str, Task)) else value  # type: ignore[assignment]
    if not isinstance(items, Iterable):
        raise InvalidRequirementsError(
            "constraints.tasks", f"expected a task or a list of tasks, got {brief(value)}"
        )
    return tuple(sorted({_to_enum(Task, item, "constraints.tasks") for item in items}, key=lambda t: t.value))


def _bool(field: str) -> Any:
    def validate(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, bool):
            raise InvalidRequirementsError(field, f"must be True or False, got {brief(value)}")

    return validate


def _region(value: object) -> str | None:
    """A region the offers' regions can be checked against: a country code, 'EU' or 'EEA'
    (any other name could never match an offer, and would exclude every service silently)."""
    return None if value is None else _code(value, "constraints.data_residency")


def _code(value: object, field: str) -> str:
    code = value.strip().upper() if isinstance(value, str) else ""
    if code in ("EU", "EEA") or (len(code) == 2 and code.isascii() and code.isalpha()):
        return code
    raise InvalidRequirementsError(
        field, f"expected an ISO 3166-1 alpha-2 code such as 'FR', or 'EU', got {brief(value)}"
    )


def _country(value: object) -> str | None:
    return None if value is None else _code(value, "constraints.country")


def _strings(value: object, field: str) -> tuple[str, ...]:
    if value is None:
        return ()
    items: Iterable[object] = (value,) if isinstance(value, str) else value  # type: ignore[assignment]
    if not isinstance(items, Iterable):
        raise InvalidRequirementsError(field, f"expected a string or a list of strings, got {brief(value)}")
    out = []
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise InvalidRequirementsError(field, f"expected non-empty strings, got {brief(item)}")
        out.append(item.strip())
    return tuple(out)


def _countries(value: object) -> tuple[str, ...]:
    field = "constraints.exclude_countries"
    return tuple(sorted({_code(item, field) for item in _strings(value, field)}))


def _min_benchmarks(value: object) -> tuple[tuple[str, float], ...]:
    field = "constraints.min_benchmarks"
    if value is None:
        return ()
    items = value.items() if isinstance(value, Mapping) else value
    if not isinstance(items, Iterable) or isinstance(items, str):
        raise InvalidRequirementsError(field, f"expected a mapping of benchmark to score, got {brief(value)}")
    out: dict[str, float] = {}
    for item in items:
        if not (isinstance(item, tuple) and len(item) == 2):
            raise InvalidRequirementsError(field, f"expected (benchmark, score) pairs, got {brief(item)}")
        name, score = item
        if name not in BENCHMARKS:
            extra = suggestion(name, BENCHMARKS)
            raise InvalidRequirementsError(
                field, f"{brief(name)} is not one of {', '.join(map(repr, BENCHMARKS))}{extra}"
            )
        if (
            isinstance(score, bool)
            or not isinstance(score, (int, float))
            or not (isinstance(score, int) or math.isfinite(score))
            or not 0 <= score <= 100
        ):
            raise InvalidRequirementsError(
                field, f"{name}: a score is a percentage from 0 to 100, got {brief(score)}"
            )
        out[name] = float(score)
    return tuple(sorted(out.items()))


def _shortlist(value: object) -> tuple[str, ...]:
    return tuple(sorted(set(_strings(value, "constraints.shortlist"))))


@attrs.frozen(kw_only=True)
class Constraints:
    """Hard constraints: a model that fails one is excluded, with the reason."""

    #: Tasks the model must all support (Hugging Face ``pipeline_tag`` names); empty: any.
    tasks: tuple[Task, ...] = attrs.field(default=(), converter=_tasks)
    #: The use is commercial: licenses that forbid commercial use exclude the model.
    commercial_use: bool = attrs.field(default=True, validator=_bool("constraints.commercial_use"))
    #: Data must stay on infrastructure you control: only self-hostable models remain.
    self_hosted_only: bool = attrs.field(default=False, validator=_bool("constraints.self_hosted_only"))
    #: With ``self_hosted_only``, also accept a vendor's private (VPC or on-premises) deployment.
    allow_private_deployment: bool = attrs.field(
        default=True, validator=_bool("constraints.allow_private_deployment")
    )
    #: Your organisation's monthly active users, checked against license user caps.
    organization_mau: int | None = attrs.field(
        default=None, validator=_optional_number("constraints.organization_mau", 0, 1e12, integer=True)
    )
    require_fine_tuning: bool = attrs.field(default=False, validator=_bool("constraints.require_fine_tuning"))
    #: A region where data must be kept (``"EU"``); self-hosting always satisfies it.
    data_residency: str | None = attrs.field(default=None, converter=_region)
    max_monthly_cost_usd: float | None = attrs.field(
        default=None, validator=_optional_number("constraints.max_monthly_cost_usd", 0, 1e15)
    )
    #: Also consider retired and renamed entries (Bard).
    include_retired: bool = attrs.field(default=False, validator=_bool("constraints.include_retired"))
    #: Only models whose governing licence is approved by the Open Source Initiative.
    osi_only: bool = attrs.field(default=False, validator=_bool("constraints.osi_only"))
    #: Where your organisation is (ISO 3166-1 alpha-2, or ``"EU"``): licences that exclude
    #: it from their grant exclude the model.
    country: str | None = attrs.field(default=None, converter=_country)
    #: Makers and providers based in these countries are not acceptable (ISO alpha-2 codes).
    exclude_countries: tuple[str, ...] = attrs.field(default=(), converter=_countries)
    #: GPUs you already own (of the class in ``Assumptions.gpu``): a model that fits on them
    #: can run at no GPU cost, only the engineering effort.
    owned_gpus: int = attrs.field(
        default=0, validator=_number("constraints.owned_gpus", 0, 1e6, integer=True)
    )
    #: Consider only these model ids (empty: the whole catalog).
    shortlist: tuple[str, ...] = attrs.field(default=(), converter=_shortlist)
    #: The capability you need, as minimum benchmark scores the maker reports
    #: (``{"gpqa-diamond": 60}``; benchmarks in :data:`openclosed.records.BENCHMARKS`).
    min_benchmarks: tuple[tuple[str, float], ...] = attrs.field(default=(), converter=_min_benchmarks)
    unknown_facts: UnknownFacts = attrs.field(default=UnknownFacts.EXCLUDE, converter=_unknown_facts)


def _from_mapping(cls: type[_R], value: object, field: str) -> _R:
    """Accept the record itself or a dict of its fields, naming any unknown key."""
    if isinstance(value, cls):
        return value
    if isinstance(value, Mapping):
        names = {a.name for a in attrs.fields(cls)}
        for key in value:
            if key not in names:
                raise InvalidRequirementsError(field, f"unknown field {brief(key)}{suggestion(key, names)}")
        return cls(**value)
    raise InvalidRequirementsError(field, f"expected a {cls.__name__} or a dict, got {brief(value)}")


def _importance(value: object) -> Importance:
    return _from_mapping(Importance, value, "importance")


def _workload(value: object) -> Workload:
    return _from_mapping(Workload, value, "workload")


def _assumptions(value: object) -> Assumptions:
    return _from_mapping(Assumptions, value, "assumptions")


def _constraints(value: object) -> Constraints:
    return _from_mapping(Constraints, value, "constraints")


@attrs.frozen(kw_only=True)
class Requirements:
    """Everything the scorer needs to know about a project.

    >>> Requirements(customization="extensive", in_house_expertise="expert").customization
    CustomizationNeed.EXTENSIVE
    """

    customization: CustomizationNeed = attrs.field(default=CustomizationNeed.SOME, converter=_customization)
    in_house_expertise: Expertise = attrs.field(default=Expertise.BASIC, converter=_expertise)
    security: SecurityStance = attrs.field(default=SecurityStance.BALANCED, converter=_security)
    long_term: LongTermStance = attrs.field(default=LongTermStance.BALANCED, converter=_long_term)
    importance: Importance = attrs.field(factory=Importance, converter=_importance)
    workload: Workload = attrs.field(factory=Workload, converter=_workload)
    assumptions: Assumptions = attrs.field(factory=Assumptions, converter=_assumptions)
    constraints: Constraints = attrs.field(factory=Constraints, converter=_constraints)
