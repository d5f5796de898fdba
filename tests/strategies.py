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
def model_dicts(draw: st.DrawFn, index: int) -> dict[str, Any]:
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
    status = draw(st.sampled_from([s.value for s in Status]))
    if status != "active":
        model["status"] = status
    released = draw(st.none() | st.dates(datetime.date(2018, 1, 1), datetime.date(2026, 12, 31)))
    if released is not None:
        model["released"] = released.isoformat()
    parameters = draw(st.none() | st.integers(1, 10**12))
    if parameters is not None:
        model["parameters"] = parameters
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
    document["models"] = [draw(model_dicts(i)) for i in range(count)]
    return document
