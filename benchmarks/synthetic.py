"""Deterministic synthetic catalogs of any size, in the openclosed format, for benchmarks.

The licenses, organizations and categories are the shipped ones; the models are made up
(seeded), with the same shape as real entries: tasks, modalities, parameters, licenses
per component, graded components, support, service facts and prices.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

import openclosed as oc

TASKS = [t.value for t in oc.Task]
GRADES = ["open", "partial", "closed", "unknown"]
SOURCE = [{"url": "https://example.org/synthetic", "checked": "2026-11-28"}]


def synthetic_document(count: int, seed: int = 20261128) -> dict[str, Any]:
    """A valid catalog document with ``count`` synthetic models."""
    rnd = random.Random(seed)
    base = oc.catalog().to_document()
    licenses = [lic["id"] for lic in base["licenses"]]
    service_terms = [lic["id"] for lic in base["licenses"] if lic["category"] == "proprietary-terms"]
    open_weights = [lic["id"] for lic in base["licenses"] if lic["category"] != "proprietary-terms"]
    orgs = [org["id"] for org in base["organizations"]]
    models = []
    for i in range(count):
        has_weights = rnd.random() < 0.6
        model: dict[str, Any] = {
            "id": f"synthetic-{i:06d}",
            "name": f"Synthetic {i}",
            "kind": "model",
            "organization": rnd.choice(orgs),
            "released": (
                datetime.date(2019, 1, 1) + datetime.timedelta(days=rnd.randrange(2500))
            ).isoformat(),
            "tasks": sorted(rnd.sample(TASKS, rnd.randint(1, 3))),
            "inputs": ["text"],
            "outputs": sorted(rnd.sample(["text", "image", "audio"], rnd.randint(1, 2))),
            "parameters": rnd.choice([1, 3, 7, 8, 13, 34, 70, 405]) * 10**9,
            "context_window": rnd.choice([4096, 8192, 32768, 131072]),
            "aliases": [f"syn-{i}"],
            "components": {
                c: rnd.choice(GRADES) for c in ("weights", "inference_code", "training_code", "training_data")
            },
            "support": {"community": rnd.choice(["very-large", "active", "small", "unknown"])},
            "sources": SOURCE,
        }
        if has_weights:
            model["access"] = {"weights": rnd.choice(["public", "gated"]), "deployments": ["self-host"]}
            model["licenses"] = {"weights": rnd.choice(open_weights), "code": rnd.choice(licenses)}
        else:
            model["access"] = {"weights": "none", "deployments": ["api"]}
            model["licenses"] = {"service": rnd.choice(service_terms)}
            model["pricing"] = {
                "input_per_mtok": rnd.choice([0.1, 0.5, 3.0, 15.0]),
                "output_per_mtok": rnd.choice([0.4, 1.5, 15.0, 75.0]),
                "as_of": "2025-01-01",
                "source": "https://example.org/pricing",
            }
            model["service"] = {"trains_on_customer_data_by_default": False, "deprecation_policy": True}
        models.append(model)
    base["models"] = models
    return base
