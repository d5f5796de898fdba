"""The self-hosting throughput model against published serving measurements.

Each row is a measurement read with its full configuration (model, GPUs, precision,
input and output lengths) from NVIDIA's TensorRT-LLM performance overview (v1.0) and the
NVIDIA NIM LLM benchmarking page; ``docs/methodology.md`` cites them. The estimate must
land within a factor of two of each, per GPU, for a dense 8B, a dense 70B and a large
mixture-of-experts model.
"""

from __future__ import annotations

import pytest

import openclosed as oc
from openclosed.hardware import GPU_CLASSES
from openclosed.scoring import plan_replica

#: (label, total parameters, active parameters, input tokens, output tokens, measured
#: output tokens/s, GPUs measured). All FP8 on H100 SXM at high load.
MEASURED = [
    ("Llama 3.1 8B 1000/1000", 8_030_000_000, 8_030_000_000, 1000, 1000, 15_220, 1),
    ("Llama 3.1 8B 500/2000", 8_030_000_000, 8_030_000_000, 500, 2000, 17_660, 1),
    ("Llama 3.1 8B 5000/500", 8_030_000_000, 8_030_000_000, 5000, 500, 3_459, 1),
    ("Llama 3.3 70B 5000/500 (NIM)", 70_600_000_000, 70_600_000_000, 5000, 500, 920.9, 2),
    ("Llama 3.3 70B 1000/1000", 70_600_000_000, 70_600_000_000, 1000, 1000, 4_205, 2),
    ("Llama 3.3 70B 500/2000", 70_600_000_000, 70_600_000_000, 500, 2000, 5_222, 2),
    ("Qwen3-235B-A22B 1000/1000", 235_000_000_000, 22_000_000_000, 1000, 1000, 14_898, 8),
]


def estimated_output_per_gpu(parameters: int, active: int, isl: int, osl: int) -> float:
    """Output tokens/s per GPU of a replica kept busy with requests of this shape."""
    plan = plan_replica(parameters, active, oc.Assumptions(precision="fp8"))
    seconds = isl / plan.prefill_tokens_per_second + osl / plan.decode_tokens_per_second
    return osl / seconds / plan.gpus_per_replica


@pytest.mark.parametrize(("label", "parameters", "active", "isl", "osl", "measured", "gpus"), MEASURED)
def test_estimate_within_twice_the_measured_throughput(
    label: str, parameters: int, active: int, isl: int, osl: int, measured: float, gpus: int
) -> None:
    ratio = estimated_output_per_gpu(parameters, active, isl, osl) / (measured / gpus)
    assert 0.5 <= ratio <= 2, f"{label}: estimate / measured = {ratio:.2f}"


def test_a_70b_dense_model_at_50b_tokens_costs_what_the_measurements_imply() -> None:
    """The golden scenario of the second edition: self-hosting a 70B dense model at 50
    billion tokens a month lands within 2x of the GPU bill the published throughput implies."""
    r = oc.Requirements(
        in_house_expertise="expert",
        workload={"monthly_tokens": 50e9, "output_share": 0.5},
        assumptions={"precision": "fp8"},
    )
    cost = oc.estimate_cost(oc.models["llama-3.3-70b"], oc.Route.SELF_HOST, r)
    # TensorRT-LLM: 4,205 output tokens/s on 2 GPUs at 1000/1000, so 8,410 tokens/s in all
    per_gpu_tokens = 8_410 / 2
    gpus_implied = 50e9 / (per_gpu_tokens * 730 * 3600 * r.assumptions.max_utilization)
    gpu_price = GPU_CLASSES["H100"].hourly_usd
    implied_usd = gpus_implied * gpu_price * 730
    assert 0.5 <= cost.gpu_usd / implied_usd <= 2
    assert cost.gpu_usd == cost.gpus * gpu_price * 730
