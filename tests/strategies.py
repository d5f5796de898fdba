"""Hypothesis strategies: random but valid catalog documents, for property tests."""

from __future__ import annotations

import datetime
from typing import Any

from hypothesis import strategies as st

from conftest import make_document
from openclosed.enums import Deployment, Grade, Kind, Modality, Status, Task, WeightsAccess

SOURCE = [{"url": "https://example.org/s", "checked": "2026-11-28"}]
LICENSES = ("Apache-2.0", "LicenseRef-acme-community", "LicenseRef-acme-terms")
ORGS = ("acme", "open-lab", "acme-research")
COMPONENTS = ("weights", "inference_code", "training_code", "training_data", "data_documentation")


@st.composite
def model_dicts(draw: st.DrawFn, index: int, rename_to: str | None = None) -> dict[str, Any]:
    """A valid model; it may be renamed only when ``rename_to`` names another model of the document."""
    weights = draw(st.sampled_from([w.value for w in WeightsAccess]))
    model: dict[str, Any] = {
        "id": f"model-{index:04d}",
        "name": f"Model {index}",
        "kind": draw(st.sampled_from([k.value for k in Kind])),
        "organization": draw(st.sampled_from(ORGS)),
        "access": {
            "weights": weights,
            "deployments": draw(st.lists(st.sampled_from([d.value for d in Deployment]), unique=True)),
        },
        "sources": SOURCE,
    }
    collaborators = draw(st.lists(st.sampled_from(ORGS), unique=True, max_size=2))
    if collaborators:
        model["collaborators"] = collaborators
    for field, enum in (("tasks", Task), ("inputs", Modality), ("outputs", Modality)):
        values = draw(st.lists(st.sampled_from([e.value for e in enum]), unique=True, max_size=3))
        if values:
            model[field] = values
    licenses = {
        component: lic
        for component in ("weights", "code", "service")
        if (lic := draw(st.none() | st.sampled_from(LICENSES))) is not None
    }
    if licenses:
        model["licenses"] = licenses
    model["components"] = {c: draw(st.sampled_from([g.value for g in Grade])) for c in COMPONENTS}
    statuses = [s.value for s in Status if rename_to is not None or s is not Status.RENAMED]
    status = draw(st.sampled_from(statuses))
    if status != "active":
        model["status"] = status
    if status == "renamed":
        model["renamed_to"] = rename_to
    released = draw(st.none() | st.dates(datetime.date(2018, 1, 1), datetime.date(2026, 12, 31)))
    if released is not None:
        model["released"] = released.isoformat()
    parameters = draw(st.none() | st.integers(1, 10**12))
    if parameters is not None:
        model["parameters"] = parameters
    precision = draw(st.none() | st.sampled_from(["bf16", "fp8", "int4"]))
    if precision is not None:
        model["weights_precision"] = precision
    return model


@st.composite
def documents(draw: st.DrawFn, max_models: int = 25) -> dict[str, Any]:
    """A valid document: the fixture's licenses and organizations (plus a subsidiary), random models."""
    document = make_document()
    document["organizations"].append(
        {
            "id": "acme-research",
            "name": "Acme Research",
            "kind": "company",
            "parent": "acme",
            "sources": SOURCE,
        }
    )
    count = draw(st.integers(0, max_models))
    document["models"] = [draw(model_dicts(i, f"model-{i - 1:04d}" if i else None)) for i in range(count)]
    document["offers"] = []  # the fixture's offers are for its own models
    return document


@st.composite
def licensed_documents(draw: st.DrawFn, max_models: int = 25) -> dict[str, Any]:
    """Random documents whose licences carry random structured terms, and whose organizations
    random countries, for the licence-term and country filters."""
    document = draw(documents(max_models=max_models))
    countries = draw(st.permutations(["US", "FR", "CN"]))  # each country has an organization
    for org, country in zip(document["organizations"], countries, strict=True):
        org["country"] = country
    for lic in document["licenses"]:
        terms: dict[str, Any] = {}
        if draw(st.booleans()):
            terms.update(user_cap=draw(st.sampled_from([1000, 10**6, 7 * 10**8])), user_cap_clause="2")
        if draw(st.booleans()):
            terms["revenue_threshold"] = {"amount": 10**6, "currency": "USD", "clause": "3"}
        territories = draw(st.lists(st.sampled_from(["EU", "EEA", "GB", "DE", "NO", "KR"]), unique=True))
        if territories:
            terms.update(excluded_territories=territories, geographic_carve_out=True, territories_clause="4")
        terms["output_use_ban"] = draw(st.booleans())
        terms["naming_or_attribution"] = draw(st.booleans())
        lic["restrictions"] = terms
        lic["osi_approved"] = draw(st.booleans())
    return document


def requirements() -> st.SearchStrategy[Any]:
    """Valid Requirements, built by construction (no filtering)."""
    from openclosed.requirements import (
        CustomizationNeed,
        Expertise,
        Importance,
        LongTermStance,
        Requirements,
        SecurityStance,
        Workload,
    )

    importances = st.tuples(*[st.integers(0, 5)] * 5).map(lambda t: t if any(t) else (1, *t[1:]))
    return st.builds(
        Requirements,
        customization=st.sampled_from(list(CustomizationNeed)),
        in_house_expertise=st.sampled_from(list(Expertise)),
        security=st.sampled_from(list(SecurityStance)),
        long_term=st.sampled_from(list(LongTermStance)),
        importance=importances.map(
            lambda t: Importance(customization=t[0], support=t[1], cost=t[2], security=t[3], long_term=t[4])
        ),
        workload=st.builds(
            Workload,
            monthly_tokens=st.sampled_from([0, 1e5, 2e6, 1e8, 5e9]),
            output_share=st.sampled_from([0.0, 0.25, 0.5, 1.0]),
            horizon_months=st.integers(1, 48),
            monthly_input_audio_seconds=st.sampled_from([0, 0, 0, 36_000]),
            monthly_pages=st.sampled_from([0, 0, 0, 1_000]),
        ),
    )


@st.composite
def scoring_documents(draw: st.DrawFn, max_models: int = 12) -> dict[str, Any]:
    """Random documents whose models carry the facts the scorer reads (prices, support, the
    maker's service terms), the last two in an offer of kind ``maker``."""
    document = draw(documents(max_models=max_models))
    document["offers"] = []
    for model in document["models"]:
        offer: dict[str, Any] = {
            "id": f"{model['organization']}/{model['id']}",
            "model": model["id"],
            "provider": model["organization"],
            "kind": "maker",
        }
        if model.get("status") in ("retired", "renamed"):
            offer["status"] = "retired"
        if draw(st.booleans()):
            offer["prices"] = [
                {
                    "input_per_mtok": draw(st.sampled_from([0.1, 0.5, 3.0, 15.0])),
                    "output_per_mtok": draw(st.sampled_from([0.4, 1.5, 15.0, 75.0])),
                    "as_of": "2024-01-01",
                    "source": "https://example.org/p",
                    **draw(st.sampled_from([{}, {}, {"input_per_minute": 0.006}, {"per_page": 0.004}])),
                }
            ]
        model["support"] = {
            "community": draw(st.sampled_from(["very-large", "active", "small", "unknown"])),
            "fine_tuning": draw(st.sampled_from(["weights", "vendor-api", "none", "unknown"])),
        }
        for key in ("vendor_sla", "enterprise_support"):
            value = draw(st.none() | st.booleans())
            if value is not None:
                model["support"][key] = value
        if draw(st.booleans()):
            offer["data"] = {
                "trains_on_inputs_by_default": draw(st.booleans()),
                "zero_retention_available": draw(st.booleans()),
            }
            offer["attestations"] = draw(st.sampled_from([[], ["SOC 2 Type II"]]))
            offer["deprecation_policy"] = draw(st.booleans())
        if len(offer) > 4:
            document["offers"].append(offer)
    return document
