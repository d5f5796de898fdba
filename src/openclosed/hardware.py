"""GPU classes and serving precisions the cost model knows: facts with their sources.

Kept apart from the scorer so that :mod:`openclosed.requirements` can validate a GPU
name without importing the scorer.
"""

from __future__ import annotations

from types import MappingProxyType

import attrs

from .enums import PRECISIONS  # defined with the vocabularies, so records need not import this module

__all__ = ["GPU_CLASSES", "PRECISIONS", "GpuClass"]


@attrs.frozen(kw_only=True)
class GpuClass:
    """A data-centre GPU: dense tensor throughput, memory, bandwidth, and a dated price."""

    name: str
    memory_gb: float
    #: Dense (not sparse) tensor TFLOP/s at 16-bit, and at 8-bit where the GPU has FP8 units.
    bf16_tflops: float
    fp8_tflops: float | None
    bandwidth_tbs: float
    #: On-demand USD per GPU-hour, the day it held and where it was read.
    hourly_usd: float
    price_as_of: str
    price_source: str
    spec_source: str

    def tflops(self, precision: str) -> float:
        """Peak dense TFLOP/s at ``precision``: 8-bit weights use FP8 units where the GPU has
        them; 4-bit weights are unpacked and multiplied at 16-bit."""
        if precision == "fp8" and self.fp8_tflops is not None:
            return self.fp8_tflops
        return self.bf16_tflops


#: GPU classes the cost model knows; ``Assumptions(gpu=...)`` picks one. Specifications
#: are NVIDIA's datasheets (dense figures: half the "with sparsity" ones). Prices are
#: on-demand list prices per GPU-hour, read in dated copies of the providers' pages (the
#: copies, and the other providers' prices for comparison, are in docs/methodology.md):
#: Lambda's 8-GPU H100 SXM and A100 SXM 80 GB instances, and AWS's g6.xlarge (one L4).
GPU_CLASSES: MappingProxyType[str, GpuClass] = MappingProxyType(
    {
        "H100": GpuClass(
            name="H100",
            memory_gb=80,
            bf16_tflops=989.4,
            fp8_tflops=1978.9,
            bandwidth_tbs=3.35,
            hourly_usd=3.99,
            price_as_of="2026-09-25",
            price_source="https://lambda.ai/pricing",
            spec_source="https://www.nvidia.com/en-us/data-center/h100/",
        ),
        "A100": GpuClass(
            name="A100",
            memory_gb=80,
            bf16_tflops=312,
            fp8_tflops=None,
            bandwidth_tbs=2.039,
            hourly_usd=2.79,
            price_as_of="2026-09-25",
            price_source="https://lambda.ai/pricing",
            spec_source="https://www.nvidia.com/en-us/data-center/a100/",
        ),
        "L4": GpuClass(
            name="L4",
            memory_gb=24,
            bf16_tflops=121,
            fp8_tflops=242.5,
            bandwidth_tbs=0.3,
            hourly_usd=0.8048,
            price_as_of="2026-11-09",
            price_source="https://aws.amazon.com/ec2/instance-types/g6/",
            spec_source="https://www.nvidia.com/en-us/data-center/l4/",
        ),
    }
)
