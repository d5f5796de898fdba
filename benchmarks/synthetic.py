"""Deterministic synthetic catalogs of any size, in the openclosed format, for benchmarks.

The licenses, organizations and categories are the shipped ones; the models are made up
(seeded), with the same shape as real entries: tasks, modalities, parameters, licenses
per component, graded components and support. API models have their maker's offer with
a price and data terms; models with weights have on average ``offers_per_model`` offers by
other providers (cloud marketplaces and inference hosts), priced and with regions.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

import openclosed as oc

TASKS = [t.value for t in oc.Task]
GRADES = ["open", "partial", "closed", "unknown"]
SOURCE = [{"url": "https://example.org/synthetic", "checked": "2026-11-28"}]


def _price(rnd: random.Random) -> dict[str, Any]:
    return {
        "input_per_mtok": rnd.choice([0.1, 0.5, 3.0, 15.0]),
        "output_per_mtok": rnd.choice([0.4, 1.5, 15.0, 75.0]),
        "as_of": "2025-01-01",
        "source": "https://example.org/pricing",
    }


def synthetic_document(count: int, seed: int = 20261128, offers_per_model: float = 3.0) -> dict[str, Any]:
    """A valid catalog document with ``count`` synthetic models and their offers."""
    rnd = random.Random(seed)
    base = oc.catalog().to_document()
    base["offers"] = []
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
            # open models carry the offers: on average offers_per_model / 0.6 each, so that
            # the whole catalog has offers_per_model per model
            hosts = rnd.sample(orgs, min(len(orgs), round(rnd.random() * 2 * offers_per_model / 0.6)))
            for host in hosts:
                if host == model["organization"]:
                    continue
                base["offers"].append(
                    {
                        "id": f"{host}/{model['id']}",
                        "model": model["id"],
                        "provider": host,
                        "kind": rnd.choice(["cloud-marketplace", "inference-host"]),
                        "prices": [_price(rnd)],
                        "regions": rnd.sample(["US", "DE", "FR", "JP", "EU"], 2),
                        "data": {"trains_on_inputs_by_default": False},
                        "sources": SOURCE,
                    }
                )
        else:
            model["access"] = {"weights": "none", "deployments": ["api"]}
            model["licenses"] = {"service": rnd.choice(service_terms)}
            base["offers"].append(
                {
                    "id": f"{model['organization']}/{model['id']}",
                    "model": model["id"],
                    "provider": model["organization"],
                    "kind": "maker",
                    "prices": [_price(rnd)],
                    "data": {"trains_on_inputs_by_default": False},
                    "deprecation_policy": True,
                    "sources": SOURCE,
                }
            )
        models.append(model)
    base["models"] = models
    return base
