"""The catalog's records: frozen, keyword-only attrs classes.

Built by hand (at a REPL, in tests) they accept enum values as strings, like the data
files do: ``Access(weights="gated", deployments=["self-host"])``.

Records hold facts as they are written in the data files. Collections are sorted tuples
(stable reprs and doctests); references to other records are ids, resolved through a
:class:`~openclosed.Catalog`. The only derived field is :attr:`Model.openness`,
which the loader computes with :func:`openclosed.openness.derive_openness`.
"""

from __future__ import annotations

import datetime
import enum
import operator
import re
import warnings
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any, TypeVar

import attrs

from ._fields import DERIVED
from ._fields import is_derived as is_derived  # its old home
from ._text import currency_sign
from .enums import (
    PRECISIONS,
    CommercialUse,
    Community,
    Deployment,
    FineTuning,
    Grade,
    Kind,
    Level,
    Modality,
    OfferKind,
    OrganizationKind,
    Side,
    Status,
    Task,
    TerritoriesScope,
    WeightsAccess,
)

__all__ = [
    "BENCHMARKS",
    "Access",
    "BenchmarkResult",
    "ComponentLicenses",
    "Components",
    "DataTerms",
    "License",
    "LicenseCategory",
    "LicenseChange",
    "Model",
    "Notice",
    "Offer",
    "Openness",
    "Organization",
    "Pricing",
    "Restrictions",
    "RevenueThreshold",
    "Service",
    "Source",
    "Support",
]

_T = TypeVar("_T")
_ID = re.compile(r"[a-z0-9][a-z0-9.+-]*\Z")
_LICENSE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+-]*\Z")


def _sort_key(item: object) -> str:
    value = getattr(item, "_value_", item)  # enums by value, without the property lookup
    return value if isinstance(value, str) else str(value)


def sorted_tuple(items: Iterable[_T]) -> tuple[_T, ...]:
    """Return the distinct items sorted by their string form (enums by value)."""
    values = tuple(items)
    if len(values) < 2:
        return values
    if all(type(v) is str for v in values):  # the usual case, sorted without a key function
        return tuple(sorted(set(values), key=str))
    return tuple(sorted(set(values), key=_sort_key))


_E = TypeVar("_E", bound=enum.Enum)
_BY_VALUE = operator.attrgetter("_value_")


def _distinct_members(cls: type[_E], items: Iterable[object]) -> tuple[_E, ...]:
    """The distinct members of ``cls`` among ``items`` (strings are looked up), sorted by value.

    Members pass through untouched and are deduplicated by identity after sorting:
    enum members hash through a Python-level method, and this runs per model at load.
    """
    members: list[_E] = [item if type(item) is cls else cls(item) for item in items]
    if len(members) < 2:
        return tuple(members)
    members.sort(key=_BY_VALUE)
    distinct = [members[0]]
    for member in members[1:]:
        if member is not distinct[-1]:
            distinct.append(member)
    return tuple(distinct)


def _tasks(items: Iterable[object]) -> tuple[Task, ...]:
    return _distinct_members(Task, items)


def _modalities(items: Iterable[object]) -> tuple[Modality, ...]:
    return _distinct_members(Modality, items)


def _deployments(items: Iterable[object]) -> tuple[Deployment, ...]:
    return _distinct_members(Deployment, items)


#: The converters above, with the enum each sorts: the fast structurer runs them on
#: lists of enum values in one step (see ``_fast.py``).
SORTED_MEMBERS: Mapping[object, type[enum.Enum]] = MappingProxyType(
    {
        _tasks: Task,
        _modalities: Modality,
        _deployments: Deployment,
    }
)


def _valid_id(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not _ID.match(value):
        raise ValueError(
            f"{attribute.name} {value!r} is not a valid id: use lowercase letters, digits, '.', '+' and '-'"
        )


def _license_id(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not _LICENSE_ID.match(value):
        raise ValueError(
            f"license id {value!r} is not valid: use an SPDX id such as 'Apache-2.0' or 'LicenseRef-<slug>'"
        )


def _https(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not value.startswith("https://") or len(value) <= len("https://"):
        raise ValueError(f"{attribute.name} {value!r} is not an https URL")


#: Counts (parameters, context windows, user caps, revenue amounts) are below this: ten
#: times the largest model ever announced is far beneath it, and the scorer's arithmetic on
#: such counts stays finite.
MAX_COUNT = 10**15
#: Prices (USD per unit) are at most this, for the same reason.
MAX_PRICE = 1e9


def _non_negative(instance: object, attribute: attrs.Attribute[Any], value: float) -> None:
    if not 0 <= value <= MAX_PRICE:  # `not <=` also rejects NaN
        raise ValueError(f"{attribute.name} must be a number in [0, 1e9], got {value!r}")


def _positive_int(instance: object, attribute: attrs.Attribute[Any], value: int) -> None:
    if not 0 < value < MAX_COUNT:
        raise ValueError(f"{attribute.name} must be a positive integer below 10**15, got {value!r}")


def _days(instance: object, attribute: attrs.Attribute[Any], value: int) -> None:
    if not 0 <= value <= 100_000:
        raise ValueError(f"{attribute.name} must be a number of days in [0, 100000], got {value!r}")


# Optional fields wrap their validator in attrs' ``optional``, which the fast structurer
# (``_fast.py``) recognises, so that a missing value costs no call.
_optional_id = attrs.validators.optional(_valid_id)
_optional_https = attrs.validators.optional(_https)
_optional_positive_int = attrs.validators.optional(_positive_int)


def _precision(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A precision the cost model knows (``enums.PRECISIONS``): ``bf16``, ``fp8``, ``int4``."""
    if value not in PRECISIONS:
        from ._text import suggestion

        known = ", ".join(map(repr, PRECISIONS))
        raise ValueError(
            f"{attribute.name} must be one of {known}, not {value!r}{suggestion(value, PRECISIONS)}"
        )


_optional_precision = attrs.validators.optional(_precision)
_optional_non_negative = attrs.validators.optional(_non_negative)


#: Named regions allowed beside ISO 3166-1 alpha-2 country codes, in licence territories and
#: offer regions.
REGIONS: Mapping[str, str] = MappingProxyType(
    {"EU": "the European Union", "EEA": "the European Economic Area"}
)
#: The member states of the European Union (ISO 3166-1 alpha-2), so that ``region="EU"``
#: finds an offer served from Frankfurt (``DE``) as well as one marked ``EU``.
EU_MEMBERS = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)
#: Members of the European Economic Area that are not in the European Union.
EEA_ONLY = frozenset({"IS", "LI", "NO"})


def territories_covering(code: str) -> frozenset[str]:
    """The territory codes whose exclusion reaches ``code`` (an upper-case ISO 3166-1 alpha-2
    code, ``EU`` or ``EEA``): ``FR`` is reached by ``FR``, ``EU`` and ``EEA``, and ``EU`` by
    each of its members."""
    if code == "EU":
        return frozenset({*EU_MEMBERS, "EU", "EEA"})
    if code == "EEA":
        return frozenset({*EU_MEMBERS, *EEA_ONLY, "EU", "EEA"})
    regions = {"EU", "EEA"} if code in EU_MEMBERS else {"EEA"} if code in EEA_ONLY else set()
    return frozenset({code, *regions})


_COUNTRY = re.compile(r"[A-Z]{2}\Z")
_CURRENCY = re.compile(r"[A-Z]{3}\Z")
_OFFER_ID = re.compile(r"[a-z0-9][a-z0-9.+-]*/[a-z0-9][a-z0-9.+-]*\Z")


def _territories(instance: object, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    for code in value:
        if code not in REGIONS and not _COUNTRY.match(code):
            raise ValueError(
                f"{attribute.name}: {code!r} is neither an ISO 3166-1 alpha-2 code (such as 'GB') "
                f"nor one of the regions {', '.join(map(repr, REGIONS))}"
            )


def _currency(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not _CURRENCY.match(value):
        raise ValueError(f"{attribute.name} {value!r} is not an ISO 4217 code such as 'USD'")


def _offer_id(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not _OFFER_ID.match(value):
        raise ValueError(f"offer id {value!r} is not valid: write '<provider id>/<model id>'")


def _non_empty(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not value.strip():
        raise ValueError(f"{attribute.name} must not be empty")


class _Frozen:
    """The ``__repr__``, ``__eq__`` and ``__hash__`` every record shares, behaving as attrs's.

    attrs would compile these three for each record class when this module is imported,
    which costs more than the rest of the class creation and so weighs on every program's
    first lookup; so the records are declared with ``repr=False, eq=False`` and inherit
    these, which read the class's attrs fields: what ``repr`` shows and ``eq`` compares
    (and hashes: no record field sets ``hash`` apart from ``eq``, which a test checks).
    """

    __slots__ = ()

    def __repr__(self) -> str:
        cls = type(self)
        shown = ", ".join(
            f"{a.name}={getattr(self, a.name)!r}"
            for a in cls.__attrs_attrs__  # type: ignore[attr-defined]
            if a.repr
        )
        return f"{cls.__qualname__}({shown})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        compared = _compared(self.__class__)
        return compared(self) == compared(other)  # type: ignore[no-any-return]

    def __hash__(self) -> int:
        return hash((self.__class__, _compared(self.__class__)(self)))


#: For each record class, what its ``==`` compares: the values of the fields with ``eq``.
_COMPARED: dict[type, Callable[[Any], Any]] = {}


def _compared(cls: type) -> Callable[[Any], Any]:
    compared = _COMPARED.get(cls)
    if compared is None:  # (a race only computes it twice)
        compared = _COMPARED[cls] = operator.attrgetter(*(a.name for a in attrs.fields(cls) if a.eq))
    return compared


class _Record(_Frozen):
    """What every top-level record can do beside holding facts."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """Every field, JSON-ready: enums as values, dates as ISO strings, nested records as dicts.

        ``json.dumps(record.to_dict())`` works where ``attrs.asdict`` leaves enums and dates in.
        """
        from .flat import record_dict

        return record_dict(self)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """IPython: a few lines of essentials instead of the full one-line repr."""
        from .display import pretty, record_text

        pretty(record_text(self), printer, cycle)

    def _repr_html_(self) -> str:
        """Jupyter: the essentials as a small table."""
        from .display import record_html

        return record_html(self)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Source(_Frozen):
    """Where a fact comes from, and the day someone last checked it there."""

    url: str = attrs.field(validator=_https)
    checked: datetime.date
    #: What this source supports, when it is not the whole record.
    note: str | None = None


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Organization(_Record):
    """A company, lab, nonprofit or community that makes models."""

    id: str = attrs.field(validator=_valid_id)
    name: str = attrs.field(validator=_non_empty)
    kind: OrganizationKind = attrs.field(converter=OrganizationKind)
    #: ISO 3166-1 alpha-2 code of the headquarters, when known.
    country: str | None = None
    url: str | None = attrs.field(default=None, validator=_optional_https)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=sorted_tuple)
    parent: str | None = attrs.field(default=None, validator=_optional_id)
    sources: tuple[Source, ...] = attrs.field(default=(), repr=False)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class LicenseCategory(_Record):
    """A family of licenses that allow much the same things (permissive, open RAIL, ...)."""

    id: str = attrs.field(validator=_valid_id)
    name: str = attrs.field(validator=_non_empty)
    description: str = attrs.field(repr=False)
    #: Whether licenses of this kind grant the freedoms of the Open Source Definition
    #: (use for any purpose, study, modify, share).
    osi_compatible: bool
    #: What such licenses usually say about commercial use.
    commercial_use: CommercialUse = attrs.field(converter=CommercialUse)
    sources: tuple[Source, ...] = attrs.field(default=(), repr=False)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class RevenueThreshold(_Frozen):
    """Revenue above which a license's free grant ends and a separate agreement is needed."""

    amount: int = attrs.field(validator=_positive_int)
    #: ISO 4217 currency code.
    currency: str = attrs.field(validator=_currency)
    #: The period the revenue is counted over (``annual``), when the text says.
    period: str | None = None
    #: The clause of the license text that sets it.
    clause: str = attrs.field(validator=_non_empty)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Notice(_Frozen):
    """A name, mark or notice text that a license requires users to display or carry."""

    text: str = attrs.field(validator=_non_empty)
    #: Where it must appear (a product's interface, a file shipped with copies...).
    where: str | None = None
    clause: str = attrs.field(validator=_non_empty)


def _check_terms(instance: Restrictions, attribute: attrs.Attribute[Any], value: object) -> None:
    """Structured terms and their flags must say the same thing, and each term names its clause."""
    if instance.excluded_territories and not instance.geographic_carve_out:
        raise ValueError("excluded_territories are set, so geographic_carve_out must be true")
    if bool(instance.excluded_territories) != (instance.territories_clause is not None):
        raise ValueError("excluded_territories and territories_clause go together")
    if instance.territories_scope is not TerritoriesScope.ALL and not instance.excluded_territories:
        raise ValueError("territories_scope is set without excluded_territories")
    if (instance.user_cap is None) and instance.user_cap_clause is not None:
        raise ValueError("user_cap_clause is set without a user_cap")
    if instance.required_notices and not instance.naming_or_attribution:
        raise ValueError("required_notices are set, so naming_or_attribution must be true")


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Restrictions(_Frozen):
    """Structured restrictions a license places on its users.

    ``False`` (or an empty value) means the license text has no such clause; these are
    read from the text, and the numeric and territorial terms cite their clause.
    """

    acceptable_use_policy: bool = False
    #: Monthly active users above which a separate license is needed (Llama 2: 700 million).
    user_cap: int | None = attrs.field(default=None, validator=_optional_positive_int)
    #: The clause that sets ``user_cap``.
    user_cap_clause: str | None = None
    #: Revenue above which the grant ends (Stability AI's Community License: USD 1M a year).
    revenue_threshold: RevenueThreshold | None = None
    #: Outputs may not be used to train or improve other models.
    output_use_ban: bool = False
    #: Copies or derivatives must carry a prescribed name, mark or notice text ("Built with
    #: Llama", a "Llama" name prefix, Gemma's or Llama 2's required Notice text); keeping the
    #: license's own copyright and NOTICE files, as Apache-2.0 asks, does not count.
    naming_or_attribution: bool = False
    geographic_carve_out: bool = False
    #: Territories the grant excludes: ISO 3166-1 alpha-2 codes, or ``EU`` / ``EEA``.
    excluded_territories: tuple[str, ...] = attrs.field(
        default=(), converter=sorted_tuple, validator=_territories
    )
    #: The clause that excludes them, and what it excludes when that is narrower than the
    #: whole grant.
    territories_clause: str | None = None
    #: What the exclusion covers: the whole grant, only multimodal models, or only unpaid use.
    territories_scope: TerritoriesScope = attrs.field(
        default=TerritoriesScope.ALL, converter=TerritoriesScope
    )
    #: Names, marks or notice texts that copies, derivatives or products must carry.
    required_notices: tuple[Notice, ...] = ()
    hosting_ban: bool = False
    #: The licensor may update the terms or restrict use later.
    licensor_may_update: bool = False
    non_commercial: bool = False
    research_only: bool = False
    #: Use-based restrictions must be passed on to derivatives (RAIL licenses).
    restrictions_pass_to_derivatives: bool = False
    #: Its validator checks the record as a whole: attrs (and the fast structurer) run
    #: validators once every field is set.
    note: str | None = attrs.field(default=None, validator=_check_terms)

    def names(self) -> tuple[str, ...]:
        """The restrictions that apply, by field name (the clauses and the note left out)."""
        return tuple(
            a.name
            for a in attrs.fields(Restrictions)
            if a.name not in _NOT_RESTRICTIONS and getattr(self, a.name) not in (False, None, ())
        )


#: Fields that detail a restriction named by another field (its clause, its territories, its
#: notice texts) rather than name one of their own.
_NOT_RESTRICTIONS = frozenset(
    {
        "note",
        "user_cap_clause",
        "territories_clause",
        "territories_scope",
        "excluded_territories",
        "required_notices",
    }
)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class License(_Record):
    """A license or terms of service that govern a model, its code, data or service.

    ``id`` is an SPDX identifier when SPDX has one, else ``LicenseRef-<slug>``.
    """

    id: str = attrs.field(validator=_license_id)
    name: str = attrs.field(validator=_non_empty)
    url: str = attrs.field(validator=_https, repr=False)
    category: str = attrs.field(validator=_valid_id)
    osi_approved: bool
    commercial_use: CommercialUse = attrs.field(converter=CommercialUse)
    restrictions: Restrictions = attrs.field(factory=Restrictions, repr=False)
    #: The license id Hugging Face model cards use (``license:`` in the card metadata).
    hf_id: str | None = None
    #: The ScanCode LicenseDB key.
    scancode_key: str | None = None
    aliases: tuple[str, ...] = attrs.field(default=(), converter=sorted_tuple)
    sources: tuple[Source, ...] = attrs.field(default=(), repr=False)

    @property
    def is_spdx(self) -> bool:
        """Whether the id is an SPDX list id rather than a ``LicenseRef-``."""
        return not self.id.startswith("LicenseRef-")


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Components(_Frozen):
    """How open each part of a model is, graded as the openness indexes do."""

    weights: Grade = attrs.field(default=Grade.UNKNOWN, converter=Grade)
    inference_code: Grade = attrs.field(default=Grade.UNKNOWN, converter=Grade)
    training_code: Grade = attrs.field(default=Grade.UNKNOWN, converter=Grade)
    training_data: Grade = attrs.field(default=Grade.UNKNOWN, converter=Grade)
    data_documentation: Grade = attrs.field(default=Grade.UNKNOWN, converter=Grade)
    model_card: Grade = attrs.field(default=Grade.UNKNOWN, converter=Grade)
    paper: Grade = attrs.field(default=Grade.UNKNOWN, converter=Grade)

    def items(self) -> tuple[tuple[str, Grade], ...]:
        """``(component, grade)`` pairs in declaration order."""
        return tuple((name, getattr(self, name)) for name in _COMPONENT_NAMES)


_COMPONENT_NAMES = tuple(a.name for a in attrs.fields(Components))


@attrs.frozen(kw_only=True, repr=False, eq=False)
class ComponentLicenses(_Frozen):
    """License ids per component. ``service`` is the terms of an API or product."""

    weights: str | None = None
    code: str | None = None
    data: str | None = None
    service: str | None = None

    def items(self) -> tuple[tuple[str, str], ...]:
        """``(component, license id)`` pairs for the components that have one."""
        pairs = (
            ("weights", self.weights),
            ("code", self.code),
            ("data", self.data),
            ("service", self.service),
        )
        return tuple((name, value) for name, value in pairs if value is not None)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class LicenseChange(_Frozen):
    """A license a component was under before, until the day it changed."""

    component: str = attrs.field(validator=attrs.validators.in_(("weights", "code", "data", "service")))
    license: str
    until: datetime.date
    sources: tuple[Source, ...] = attrs.field(default=(), repr=False)


#: The benchmarks the catalog records results for: widely reported ones, so that most
#: makers publish a figure. Scores are percentages.
BENCHMARKS: Mapping[str, str] = MappingProxyType(
    {
        "mmlu": "MMLU: multiple-choice questions over 57 subjects, accuracy %",
        "mmlu-pro": "MMLU-Pro: harder ten-choice reasoning questions, accuracy %",
        "gpqa-diamond": "GPQA Diamond: graduate-level science questions, accuracy %",
        "swe-bench-verified": "SWE-bench Verified: real GitHub issues resolved, %",
    }
)


def _score(instance: object, attribute: attrs.Attribute[Any], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
        raise ValueError(f"{attribute.name} must be a percentage from 0 to 100, got {value!r}")


@attrs.frozen(kw_only=True, repr=False, eq=False)
class BenchmarkResult(_Frozen):
    """A result a model's maker reports on a widely used benchmark, with the day it was
    published and where: a capability fact, as the maker states it."""

    benchmark: str = attrs.field(validator=attrs.validators.in_(tuple(BENCHMARKS)))
    score: float = attrs.field(validator=_score)
    #: How it was run, when the source says ("5-shot", "thinking", "no tools", "pass@1").
    setting: str | None = None
    as_of: datetime.date
    source: str = attrs.field(validator=_https)
    note: str | None = attrs.field(default=None, repr=False)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Access(_Frozen):
    """Whether the weights can be downloaded, and the ways the model can be used."""

    weights: WeightsAccess = attrs.field(converter=WeightsAccess)
    deployments: tuple[Deployment, ...] = attrs.field(converter=_deployments)

    @property
    def self_hostable(self) -> bool:
        return Deployment.SELF_HOST in self.deployments


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Support(_Frozen):
    """Support facts; ``None`` means not known."""

    vendor_sla: bool | None = None
    enterprise_support: bool | None = None
    fine_tuning: FineTuning = attrs.field(default=FineTuning.UNKNOWN, converter=FineTuning)
    community: Community = attrs.field(default=Community.UNKNOWN, converter=Community)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Service(_Frozen):
    """Facts about a vendor-run API; ``None`` means not known.

    Deprecated since 26.5: these facts now live in the maker's :class:`Offer`.
    """

    trains_on_customer_data_by_default: bool | None = None
    zero_data_retention_available: bool | None = None
    #: Security attestations of the vendor, such as ``SOC 2 Type II`` or ``ISO 27001``.
    certifications: tuple[str, ...] = attrs.field(default=(), converter=sorted_tuple)
    #: Regions where data can be kept (``EU``, ``US``, ...).
    data_regions: tuple[str, ...] = attrs.field(default=(), converter=sorted_tuple)
    deprecation_policy: bool | None = None
    sources: tuple[Source, ...] = attrs.field(default=(), repr=False)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Pricing(_Frozen):
    """List prices from the day ``as_of``: the day they took effect when the source says, else
    the date of the source that shows them. A price holds until the next dated one.

    Rates are in ``currency``, USD unless the vendor bills only in another: such a price is kept
    as billed, never converted, since an exchange rate is a fact of its own day. The comments
    below say USD for the common case."""

    #: USD per 1M input tokens.
    input_per_mtok: float | None = attrs.field(default=None, validator=_optional_non_negative)
    #: USD per 1M output tokens.
    output_per_mtok: float | None = attrs.field(default=None, validator=_optional_non_negative)
    #: USD per 1M input tokens read from the provider's prompt cache.
    cached_input_per_mtok: float | None = attrs.field(default=None, validator=_optional_non_negative)
    #: USD per 1M input and output tokens through the provider's batch (asynchronous) API.
    batch_input_per_mtok: float | None = attrs.field(default=None, validator=_optional_non_negative)
    batch_output_per_mtok: float | None = attrs.field(default=None, validator=_optional_non_negative)
    #: USD per generated image.
    per_image: float | None = attrs.field(default=None, validator=_optional_non_negative)
    #: USD per 1M input characters, for services billed by text length (speech synthesis).
    input_per_mchar: float | None = attrs.field(default=None, validator=_optional_non_negative)
    #: USD per second of generated audio or video.
    per_second: float | None = attrs.field(default=None, validator=_optional_non_negative)
    #: USD per minute of input audio, for services billed by its length (transcription).
    input_per_minute: float | None = attrs.field(default=None, validator=_optional_non_negative)
    #: USD per page of input documents, for services billed by pages read (OCR).
    per_page: float | None = attrs.field(default=None, validator=_optional_non_negative)
    #: USD per search, for services billed by queries answered (reranking).
    per_search: float | None = attrs.field(default=None, validator=_optional_non_negative)
    #: USD per request, for services billed by each generation asked for (a music clip or song).
    per_request: float | None = attrs.field(default=None, validator=_optional_non_negative)
    #: ISO 4217 code of the currency every rate above is in.
    currency: str = attrs.field(default="USD", validator=_currency)
    as_of: datetime.date
    source: str = attrs.field(validator=_https)
    note: str | None = None

    @property
    def in_usd(self) -> bool:
        """Whether the rates are in US dollars, the only currency prices are compared or summed in."""
        return self.currency == "USD"

    def blended(self, input_share: float = 0.75) -> float | None:
        """The price of 1M tokens in ``currency`` for a mix of input and output tokens, by
        default three input tokens to one output token (the mix public price comparisons use
        for chat); ``None`` unless both rates are set. Offers sort cheapest first by it."""
        if self.input_per_mtok is None or self.output_per_mtok is None:
            return None
        return input_share * self.input_per_mtok + (1 - input_share) * self.output_per_mtok

    def rates(self, *, short: bool = False) -> tuple[str, ...]:
        """Each price that is set, in words and in field order: ``('$2.5 per 1M input tokens', ...)``,
        to four significant digits (a price per hour of audio, divided by 60, has more); a
        currency other than USD is named (``'CNY 5 per 1M input tokens'``). ``short=True``
        words them for a table cell: ``('$2.5/1M in', ...)``."""
        index, joiner = (2, "/") if short else (1, " per ")
        sign = currency_sign(self.currency)
        return tuple(
            f"{sign}{value:.4g}{joiner}{unit[index]}"
            for value, unit in zip(_RATES(self), RATE_UNITS, strict=True)
            if value is not None
        )


#: Each rate a :class:`Pricing` can hold, in field order: its field, its unit in
#: :meth:`Pricing.rates` and its unit in a table cell. Everything that lists rates reads this.
RATE_UNITS: tuple[tuple[str, str, str], ...] = (
    ("input_per_mtok", "1M input tokens", "1M in"),
    ("output_per_mtok", "1M output tokens", "1M out"),
    ("cached_input_per_mtok", "1M cached input tokens", "1M cached in"),
    ("batch_input_per_mtok", "1M input tokens in a batch", "1M batch in"),
    ("batch_output_per_mtok", "1M output tokens in a batch", "1M batch out"),
    ("per_image", "image", "image"),
    ("input_per_mchar", "1M input characters", "1M chars"),
    ("per_second", "second of output", "s"),
    ("input_per_minute", "minute of input audio", "min of audio"),
    ("per_page", "page", "page"),
    ("per_search", "search", "search"),
    ("per_request", "request", "request"),
)
#: The names of the rate fields, in field order.
RATE_FIELDS = tuple(unit[0] for unit in RATE_UNITS)
_RATES = operator.attrgetter(*RATE_FIELDS)


def _by_date(items: Iterable[Pricing]) -> tuple[Pricing, ...]:
    return tuple(sorted(items, key=_AS_OF))


_AS_OF = operator.attrgetter("as_of")


def price_on(prices: tuple[Pricing, ...], day: datetime.date) -> Pricing | None:
    """The price in effect on ``day``: the newest one dated on or before it."""
    found = None
    for price in prices:  # oldest first
        if price.as_of > day:
            break
        found = price
    return found


@attrs.frozen(kw_only=True, repr=False, eq=False)
class DataTerms(_Frozen):
    """What a provider does with the data sent to it; ``None`` means not known."""

    #: Days inputs and outputs are kept by default (for abuse monitoring and the like).
    retention_days: int | None = attrs.field(default=None, validator=attrs.validators.optional(_days))
    trains_on_inputs_by_default: bool | None = None
    #: Whether customers can have nothing retained (zero data retention), on request or by setting.
    zero_retention_available: bool | None = None


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Offer(_Record):
    """A model served by a provider: its maker's API, a cloud's marketplace or an inference host.

    Closed models have one offer, their maker's API; open models may have many besides
    their downloadable weights. ``prices`` is the dated history of the provider's list
    price, oldest first; :attr:`price` is the current one.
    """

    #: ``<provider>/<model>``.
    id: str = attrs.field(validator=_offer_id)
    model: str = attrs.field(validator=_valid_id)
    provider: str = attrs.field(validator=_valid_id)
    kind: OfferKind = attrs.field(converter=OfferKind)
    #: The model's name in the provider's API (``gpt-4o-2024-08-06``).
    api_name: str | None = None
    url: str | None = attrs.field(default=None, validator=_optional_https, repr=False)
    prices: tuple[Pricing, ...] = attrs.field(default=(), converter=_by_date, repr=False)
    #: Where the provider serves it or keeps its data: ISO 3166-1 alpha-2 codes, ``EU``, ``EEA``.
    regions: tuple[str, ...] = attrs.field(default=(), converter=sorted_tuple, validator=_territories)
    data: DataTerms = attrs.field(factory=DataTerms, repr=False)
    #: Security attestations of the provider for this service (``SOC 2 Type II``, ``ISO 27001``).
    attestations: tuple[str, ...] = attrs.field(default=(), converter=sorted_tuple, repr=False)
    #: Whether the provider publishes a deprecation policy with notice periods.
    deprecation_policy: bool | None = attrs.field(default=None, repr=False)
    status: Status = attrs.field(default=Status.ACTIVE, converter=Status)
    status_date: datetime.date | None = attrs.field(default=None, repr=False)
    #: The day the provider has scheduled the retirement for, while it is still ahead.
    retires: datetime.date | None = attrs.field(default=None, repr=False)
    notes: str | None = attrs.field(default=None, repr=False)
    sources: tuple[Source, ...] = attrs.field(default=(), repr=False)

    @property
    def name(self) -> str:
        """The offer's id: ``<provider>/<model>``."""
        return self.id

    @property
    def price(self) -> Pricing | None:
        """The current list price: the newest dated one."""
        return self.prices[-1] if self.prices else None

    def price_on(self, day: datetime.date) -> Pricing | None:
        """The list price in effect on ``day``, or ``None`` before the first known one."""
        return price_on(self.prices, day)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Openness(_Frozen):
    """The derived openness of a model: a level, the article's side, and a score in [0, 1]."""

    level: Level
    side: Side
    score: float
    #: One sentence per rule that decided the level.
    reasons: tuple[str, ...] = attrs.field(default=(), repr=False, eq=False)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Model(_Record):
    """A model, a model family, a product built on models, or a toolkit."""

    id: str = attrs.field(validator=_valid_id)
    name: str = attrs.field(validator=_non_empty)
    kind: Kind = attrs.field(converter=Kind)
    organization: str = attrs.field(validator=_valid_id)
    collaborators: tuple[str, ...] = attrs.field(default=(), converter=sorted_tuple)
    #: The id of the family entry this model belongs to.
    family: str | None = attrs.field(default=None, validator=_optional_id)
    released: datetime.date | None = None
    description: str | None = attrs.field(default=None, repr=False)
    tasks: tuple[Task, ...] = attrs.field(default=(), converter=_tasks)
    inputs: tuple[Modality, ...] = attrs.field(default=(), converter=_modalities)
    outputs: tuple[Modality, ...] = attrs.field(default=(), converter=_modalities)
    #: Total parameters; ``None`` when undisclosed.
    parameters: int | None = attrs.field(default=None, validator=_optional_positive_int)
    #: Parameters active per token for mixture-of-experts models.
    active_parameters: int | None = attrs.field(default=None, validator=_optional_positive_int)
    context_window: int | None = attrs.field(default=None, validator=_optional_positive_int, repr=False)
    #: The precision of the weights as the maker releases them: ``"bf16"`` (16-bit), ``"fp8"``
    #: or ``"int4"`` (4-bit of any kind, such as MXFP4 experts); None: not recorded. Estimates
    #: of running the model yourself serve it at this precision unless told otherwise.
    weights_precision: str | None = attrs.field(
        default=None, validator=_optional_precision, repr=False, metadata={"choices": tuple(PRECISIONS)}
    )
    access: Access
    licenses: ComponentLicenses = attrs.field(factory=ComponentLicenses)
    license_history: tuple[LicenseChange, ...] = attrs.field(default=(), repr=False)
    #: Results the maker reports on widely used benchmarks (see :data:`BENCHMARKS`).
    benchmarks: tuple[BenchmarkResult, ...] = attrs.field(default=(), repr=False)
    components: Components = attrs.field(factory=Components, repr=False)
    support: Support = attrs.field(factory=Support, repr=False)
    status: Status = attrs.field(default=Status.ACTIVE, converter=Status)
    #: The day the status took effect (deprecation, retirement or rename).
    status_date: datetime.date | None = attrs.field(default=None, repr=False)
    #: The day the vendor has scheduled the retirement for, while it is still ahead; once it
    #: has passed, the record is retired on that day (see docs/methodology.md).
    retires: datetime.date | None = attrs.field(default=None, repr=False)
    successor: str | None = attrs.field(default=None, validator=_optional_id, repr=False)
    renamed_to: str | None = attrs.field(default=None, validator=_optional_id)
    #: For products: the models behind them.
    based_on: tuple[str, ...] = attrs.field(default=(), converter=sorted_tuple, repr=False)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=sorted_tuple, repr=False)
    notes: str | None = attrs.field(default=None, repr=False)
    sources: tuple[Source, ...] = attrs.field(default=(), repr=False)
    #: Derived at load from access, licenses and components; never read from the data.
    openness: Openness | None = attrs.field(default=None, eq=False, metadata=DERIVED)
    #: Who serves the model, linked at load from the catalog's offers: the maker's API first.
    offers: tuple[Offer, ...] = attrs.field(default=(), eq=False, repr=False, init=False, metadata=DERIVED)

    @property
    def maker_offer(self) -> Offer | None:
        """The maker's own service (its API, or the product), when it has one; check its
        ``status``: a maker may retire its API while the weights stay available."""
        for offer in self.offers:
            if offer.kind is OfferKind.MAKER:
                return offer
        return None

    @property
    def pricing(self) -> Pricing | None:
        """The newest list price of the maker's own service (a retired one keeps its last)."""
        offer = self.maker_offer
        return None if offer is None else offer.price

    def price_on(self, day: datetime.date) -> Pricing | None:
        """The maker's list price in effect on ``day``."""
        offer = self.maker_offer
        return None if offer is None else offer.price_on(day)

    @property
    def service(self) -> Service | None:
        """Deprecated since 26.5: the maker's API is an :class:`Offer`; read :attr:`maker_offer`."""
        warnings.warn(
            "Model.service is deprecated; read Model.maker_offer (data, regions, attestations)",
            DeprecationWarning,
            stacklevel=2,
        )
        offer = self.maker_offer
        if offer is None:
            return None
        facts: dict[str, Any] = {  # a dict: mypy cannot type the generic sorted_tuple converter
            "trains_on_customer_data_by_default": offer.data.trains_on_inputs_by_default,
            "zero_data_retention_available": offer.data.zero_retention_available,
            "certifications": offer.attestations,
            "data_regions": offer.regions,
            "deprecation_policy": offer.deprecation_policy,
            "sources": offer.sources,
        }
        return Service(**facts)

    @property
    def level(self) -> Level | None:
        """Shortcut for ``openness.level``."""
        return None if self.openness is None else self.openness.level

    @property
    def side(self) -> Side | None:
        """Shortcut for ``openness.side``."""
        return None if self.openness is None else self.openness.side


# IPython takes the first class in the MRO that defines ``_repr_pretty_`` or ``__repr__``, and
# attrs writes a ``__repr__`` into each record class: so each needs its own ``_repr_pretty_``.
for _cls in (Organization, LicenseCategory, License, Offer, Model):
    _cls._repr_pretty_ = _Record._repr_pretty_  # type: ignore[method-assign]
del _cls
