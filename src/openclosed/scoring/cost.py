"""What a route costs a month: list prices for a service, GPUs and people for self-hosting.

The self-hosting model (derivation and calibration: ``docs/methodology.md``) sizes one
replica by memory, then asks how many replicas the workload keeps busy:

* a replica holds the weights at the serving precision, plus an overhead for the KV
  cache and activations, on the fewest GPUs of the chosen class (1, 2, 4, 8, then
  multiples of 8);
* **prefill** (input tokens) is compute-bound: ``GPUs x peak FLOP/s x efficiency / (2 x
  active parameters)`` tokens a second;
* **decode** (output tokens) runs ``batch`` sequences a step; a step reads all the
  weights once (memory-bound) or does ``2 x active parameters x batch`` operations
  (compute-bound), whichever takes longer;
* generated images cost the operations of a diffusion model's steps over a 1024 x 1024
  latent; audio, video, characters, pages and searches have no throughput model, so a
  workload with any of them leaves a self-hosted cost unknown;
* people: setup hours spread over the horizon, and upkeep hours that grow with the
  square root of the fleet.

Throughput grows with the GPUs in a replica, input tokens are far cheaper than output
tokens, and large mixture-of-experts models pay memory for all their parameters but
compute only for the active ones.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import attrs

from ..enums import Task
from ..hardware import GPU_CLASSES, PRECISIONS, GpuClass
from .effort import engineering_hours, engineering_usd
from .results import CostEstimate
from .routes import SELF_RUN, Route

if TYPE_CHECKING:
    from ..records import Model, Offer, Pricing
    from ..requirements import Assumptions, Requirements, Workload

__all__ = [
    "BILLED_VOLUMES",
    "GPU_CLASSES",
    "HOURS_PER_MONTH",
    "PRECISIONS",
    "VOLUMES",
    "BilledVolume",
    "GpuClass",
    "Plan",
    "engineering_hours",
    "engineering_usd",
    "estimate_cost",
    "input_only",
    "plan_replica",
    "service_cost",
]

HOURS_PER_MONTH = 730
SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600


@attrs.frozen
class BilledVolume:
    """A workload volume that a list price bills at a rate of its own. Tokens are not one:
    they split into input and output, and a model that only reads bills them all as input."""

    #: The :class:`~openclosed.Workload` field.
    volume: str
    #: The :class:`~openclosed.Pricing` rate.
    rate: str
    #: Units of the volume in one unit of the rate (60 seconds in a per-minute rate).
    per_rate_unit: float
    #: The :class:`~openclosed.scoring.CostEstimate` term it adds up to.
    term: str
    #: What the volume is, in a self-hosted cost's note.
    what: str
    #: What the catalog lacks when the rate is missing ("the catalog lacks ...").
    lacking: str
    #: Whether self-hosting has a throughput model for it (else a self-hosted cost is unknown).
    self_hosted: bool = False


#: Every rate a list price bills beyond tokens, in :data:`~openclosed.records.RATE_UNITS`
#: order: the one list that the cost, the volume what-if and the price cache keys read.
BILLED_VOLUMES: tuple[BilledVolume, ...] = (
    BilledVolume(
        "monthly_images", "per_image", 1, "api_images_usd", "images", "an image price", self_hosted=True
    ),
    BilledVolume(
        "monthly_input_characters",
        "input_per_mchar",
        1e6,
        "api_characters_usd",
        "text read aloud",
        "a price per million characters",
    ),
    BilledVolume(
        "monthly_media_seconds",
        "per_second",
        1,
        "api_media_usd",
        "generated audio or video",
        "a price per second of audio or video",
    ),
    BilledVolume(
        "monthly_input_audio_seconds",
        "input_per_minute",
        60,
        "api_input_audio_usd",
        "audio read",
        "a price per minute of audio",
    ),
    BilledVolume("monthly_pages", "per_page", 1, "api_pages_usd", "pages read", "a price per page"),
    BilledVolume("monthly_searches", "per_search", 1, "api_searches_usd", "searches", "a price per search"),
    BilledVolume("monthly_requests", "per_request", 1, "api_requests_usd", "requests", "a price per request"),
)
#: The workload fields of every volume a price bills, tokens first.
VOLUMES = ("monthly_tokens", *(v.volume for v in BILLED_VOLUMES))

#: A generated image: 1024 x 1024 pixels are 4,096 latent tokens, over 30 denoising steps.
IMAGE_LATENT_TOKENS = 4096
IMAGE_STEPS = 30
_IMAGE_TASKS = frozenset({Task.TEXT_TO_IMAGE, Task.IMAGE_TO_IMAGE})
#: Tasks that generate something; a model with none of them only reads its input.
_OUTPUT_TASKS = frozenset(Task) - {
    Task.FEATURE_EXTRACTION,
    Task.SENTENCE_SIMILARITY,
    Task.TEXT_RANKING,
    Task.TEXT_CLASSIFICATION,
    Task.IMAGE_CLASSIFICATION,
}


@attrs.frozen(kw_only=True)
class Plan:
    """One replica of a model on a GPU class, and what it serves a second."""

    gpu: GpuClass
    precision: str
    weights_gb: float
    gpus_per_replica: int
    prefill_tokens_per_second: float
    decode_tokens_per_second: float
    seconds_per_image: float


def _tensor_parallel(gpus: int) -> int:
    """The smallest usual tensor-parallel size holding ``gpus``: 1, 2, 4, 8, then multiples of 8."""
    for size in (1, 2, 4, 8):
        if gpus <= size:
            return size
    return 8 * math.ceil(gpus / 8)


def gpu_class(assumptions: Assumptions) -> GpuClass:
    """The assumptions' GPU class, with the user's own price and memory where given."""
    gpu = GPU_CLASSES[assumptions.gpu]
    if assumptions.gpu_hourly_usd is not None:
        gpu = attrs.evolve(
            gpu, hourly_usd=assumptions.gpu_hourly_usd, price_as_of="", price_source="your assumption"
        )
    if assumptions.gpu_memory_gb is not None:
        gpu = attrs.evolve(gpu, memory_gb=assumptions.gpu_memory_gb)
    return gpu


#: The precision of weights whose release precision the catalog does not record.
DEFAULT_PRECISION = "bf16"


def serving_precision(released: str | None, a: Assumptions) -> str:
    """The precision a replica serves: the assumptions' if set, else the weights' as released."""
    return a.precision or released or DEFAULT_PRECISION


def plan_replica(parameters: int, active: int, a: Assumptions, released: str | None = None) -> Plan:
    """Size one replica by memory and derive its prefill and decode throughput; ``released``
    is the precision the maker releases the weights in, when known."""
    gpu = gpu_class(a)
    precision = serving_precision(released, a)
    per_parameter = a.bytes_per_parameter if a.bytes_per_parameter is not None else PRECISIONS[precision]
    weights_gb = parameters * per_parameter / 1e9
    gpus = _tensor_parallel(max(1, math.ceil(weights_gb * a.memory_overhead / gpu.memory_gb)))
    flops = gpu.tflops(precision) * 1e12 * gpus * a.compute_efficiency
    bandwidth = gpu.bandwidth_tbs * 1e12 * gpus * a.bandwidth_efficiency
    step = max(parameters * per_parameter / bandwidth, 2 * active * a.batch_size / flops)
    return Plan(
        gpu=gpu,
        precision=precision if a.bytes_per_parameter is None else f"{per_parameter:g} bytes",
        weights_gb=weights_gb,
        gpus_per_replica=gpus,
        prefill_tokens_per_second=flops / (2 * active),
        decode_tokens_per_second=a.batch_size / step,
        seconds_per_image=2 * active * IMAGE_LATENT_TOKENS * IMAGE_STEPS / flops,
    )


def estimate_cost(
    model: Model, route: Route, requirements: Requirements, *, offer: Offer | None = None
) -> CostEstimate:
    """Monthly cost of using ``model`` by ``route`` for the requirements' workload."""
    if route in SELF_RUN:
        return self_host_cost(model, route, requirements)
    offer = offer if offer is not None else model.maker_offer
    cost = service_cost(
        route, None if offer is None else offer.price, requirements, reads_only=input_only(model)
    )
    return cost if offer is None else attrs.evolve(cost, offer=offer.id)


def self_host_cost(model: Model, route: Route, requirements: Requirements) -> CostEstimate:
    """GPUs (rented, or none on hardware you own) and engineering for the workload."""
    workload, a = requirements.workload, requirements.assumptions
    parameters = model.parameters
    if parameters is None:
        return CostEstimate(
            route=route, monthly_usd=None, note="parameter count unknown, so GPU needs are unknown"
        )
    unmodelled = [v.what for v in BILLED_VOLUMES if not v.self_hosted and getattr(workload, v.volume)]
    if unmodelled:
        return CostEstimate(
            route=route,
            monthly_usd=None,
            note=f"no throughput model for {' or '.join(unmodelled)} on your own GPUs",
        )
    images = workload.monthly_images if makes_images(model) else 0.0
    plan = plan_replica(parameters, model.active_parameters or parameters, a, model.weights_precision)
    tokens_in = workload.monthly_tokens * (1 - workload.output_share)
    tokens_out = workload.monthly_tokens * workload.output_share
    busy = (
        tokens_in / plan.prefill_tokens_per_second
        + tokens_out / plan.decode_tokens_per_second
        + images * plan.seconds_per_image
    )
    replicas = max(1, math.ceil(busy / (SECONDS_PER_MONTH * a.max_utilization)))
    gpus = replicas * plan.gpus_per_replica
    owned = route is Route.OWN_HARDWARE
    gpu_usd = 0.0 if owned else gpus * plan.gpu.hourly_usd * HOURS_PER_MONTH
    e = float(requirements.in_house_expertise.position)
    setup, upkeep = engineering_hours(e, gpus)
    engineering = engineering_usd(e, gpus, workload.horizon_months, a.engineer_hourly_usd)
    where = f"your own {plan.gpu.name}s" if owned else f"{plan.gpu.name} at ${plan.gpu.hourly_usd:g}/h"
    work = f"{tokens_in / plan.prefill_tokens_per_second / 3600:,.0f} h of prefill, "
    work += f"{tokens_out / plan.decode_tokens_per_second / 3600:,.0f} h of decode"
    if images:
        work += f", {images * plan.seconds_per_image / 3600:,.0f} h of images"
    return CostEstimate(
        route=route,
        monthly_usd=gpu_usd + engineering,
        gpus=gpus,
        gpu_usd=gpu_usd,
        setup_hours=setup,
        maintenance_hours_per_month=upkeep,
        engineering_usd=engineering,
        gpu_class=plan.gpu.name,
        precision=plan.precision,
        replicas=replicas,
        gpus_per_replica=plan.gpus_per_replica,
        note=(
            f"{gpus} GPU(s) ({where}), {replicas} x {plan.gpus_per_replica}: {plan.weights_gb:,.0f} GB of "
            f"{plan.precision} weights{_as_released(model, a)}; "
            f"{plan.prefill_tokens_per_second:,.0f} input and "
            f"{plan.decode_tokens_per_second:,.0f} output tokens/s per replica; {work} a month "
            f"at {a.max_utilization:.0%} use; setup {setup:.0f} h over {workload.horizon_months} months, "
            f"upkeep {upkeep:.0f} h/month"
        ),
    )


def _as_released(model: Model, a: Assumptions) -> str:
    """Where the serving precision came from, when it was not the user's choice."""
    if a.precision is not None or a.bytes_per_parameter is not None:
        return ""
    return " (as released)" if model.weights_precision else " (release precision not recorded)"


def makes_images(model: Model) -> bool:
    """Whether the model generates images (so image volumes count on your own GPUs)."""
    return bool(_IMAGE_TASKS.intersection(model.tasks))


def input_only(model: Model) -> bool:
    """Whether the model only reads text (embeddings, rankers, classifiers): no output tokens."""
    return bool(model.tasks) and not _OUTPUT_TASKS.intersection(model.tasks)


def _units_hint(pricing: Pricing, workload: Workload) -> str:
    """For a price in other units than tokens (a transcription model's per-minute rate), the
    volumes the workload would have to give: asked for tokens, it is not missing a price but
    measured in the wrong unit, and the default workload is all tokens."""
    has_token_rate = pricing.input_per_mtok is not None or pricing.output_per_mtok is not None
    if has_token_rate or not workload.monthly_tokens:
        return ""
    unused = [
        b for b in BILLED_VOLUMES if getattr(pricing, b.rate) is not None and not getattr(workload, b.volume)
    ]
    if not unused:
        return ""
    volumes = " or ".join(f"{b.what} ({b.volume})" for b in unused)
    return f"; its price is for {volumes}: give that volume, and monthly_tokens=0 if the work has no tokens"


def service_cost(
    route: Route, pricing: Pricing | None, requirements: Requirements, *, reads_only: bool = False
) -> CostEstimate:
    """The monthly cost of a service at ``pricing``, without naming the offer: offers with the
    same prices share it within a recommendation, and the offer is named when a score is read.

    For a model that only reads (``reads_only``: embeddings, rankers, classifiers) every
    token is an input token, and an input rate alone is a complete price.
    """
    workload = requirements.workload
    if pricing is None:
        return CostEstimate(route=route, monthly_usd=None, note="no dated list price in the catalog")
    if not pricing.in_usd:  # converting would need an exchange rate of some day: a fact of its own
        note = f"its list price is in {pricing.currency}, which the catalog does not convert"
        return CostEstimate(route=route, monthly_usd=None, price_as_of=pricing.as_of.isoformat(), note=note)
    needed: list[str] = []
    api_in = api_out = 0.0
    if workload.monthly_tokens:
        if pricing.input_per_mtok is None or (pricing.output_per_mtok is None and not reads_only):
            needed.append("token prices")
        elif reads_only:
            api_in = workload.monthly_tokens / 1e6 * pricing.input_per_mtok
        elif pricing.output_per_mtok is not None:
            api_in = workload.monthly_tokens * (1 - workload.output_share) / 1e6 * pricing.input_per_mtok
            api_out = workload.monthly_tokens * workload.output_share / 1e6 * pricing.output_per_mtok
    terms: dict[str, Any] = {}  # Any: CostEstimate's keywords are typed per field
    for billed in BILLED_VOLUMES:
        amount = getattr(workload, billed.volume)
        if amount:
            rate = getattr(pricing, billed.rate)
            if rate is None:
                needed.append(billed.lacking)
            else:
                terms[billed.term] = amount / billed.per_rate_unit * rate
    as_of = pricing.as_of.isoformat()
    if needed:
        note = f"the catalog lacks {' or '.join(needed)}{_units_hint(pricing, workload)}"
        return CostEstimate(route=route, monthly_usd=None, price_as_of=as_of, note=note)
    note = f"list prices as of {as_of}"
    if reads_only and workload.monthly_tokens:
        note += "; every token billed as input (the model only reads)"
    return CostEstimate(
        route=route,
        monthly_usd=api_in + api_out + sum(terms.values()),
        api_input_usd=api_in,
        api_output_usd=api_out,
        price_as_of=as_of,
        note=note,
        **terms,
    )
