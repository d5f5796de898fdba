"""Shared fixtures: a small, valid catalog document built by hand, independent of the shipped data."""

from __future__ import annotations

import copy
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SOURCE = [{"url": "https://example.org/source", "checked": "2026-11-28"}]

_DOCUMENT: dict[str, Any] = {
    "catalog": {"schema_version": 2, "version": "26.1.0"},
    "license_categories": [
        {
            "id": "permissive",
            "name": "Permissive",
            "description": "d",
            "osi_compatible": True,
            "commercial_use": "yes",
            "sources": SOURCE,
        },
        {
            "id": "community",
            "name": "Community",
            "description": "d",
            "osi_compatible": False,
            "commercial_use": "conditional",
            "sources": SOURCE,
        },
        {
            "id": "proprietary-terms",
            "name": "Proprietary",
            "description": "d",
            "osi_compatible": False,
            "commercial_use": "conditional",
            "sources": SOURCE,
        },
    ],
    "licenses": [
        {
            "id": "Apache-2.0",
            "name": "Apache License 2.0",
            "url": "https://www.apache.org/licenses/LICENSE-2.0",
            "category": "permissive",
            "osi_approved": True,
            "commercial_use": "yes",
            "sources": SOURCE,
        },
        {
            "id": "LicenseRef-acme-community",
            "name": "Acme Community License",
            "url": "https://example.org/license",
            "category": "community",
            "osi_approved": False,
            "commercial_use": "conditional",
            "restrictions": {"user_cap": 1000, "acceptable_use_policy": True},
            "sources": SOURCE,
        },
        {
            "id": "LicenseRef-acme-terms",
            "name": "Acme API Terms",
            "url": "https://example.org/terms",
            "category": "proprietary-terms",
            "osi_approved": False,
            "commercial_use": "conditional",
            "sources": SOURCE,
        },
    ],
    "organizations": [
        {
            "id": "acme",
            "name": "Acme AI",
            "kind": "company",
            "country": "US",
            "aliases": ["Acme Labs"],
            "sources": SOURCE,
        },
        {"id": "open-lab", "name": "Open Lab", "kind": "nonprofit", "sources": SOURCE},
    ],
    "models": [
        {
            "id": "acme-chat",
            "name": "Acme Chat",
            "kind": "product",
            "organization": "acme",
            "access": {"weights": "none", "deployments": ["product"]},
            "based_on": ["acme-pro"],
            "tasks": ["text-generation"],
            "sources": SOURCE,
        },
        {
            "id": "acme-pro",
            "name": "Acme Pro",
            "kind": "model",
            "organization": "acme",
            "released": "2024-01-02",
            "tasks": ["text-generation"],
            "inputs": ["text"],
            "outputs": ["text"],
            "access": {"weights": "none", "deployments": ["api"]},
            "licenses": {"service": "LicenseRef-acme-terms"},
            "components": {"weights": "closed", "training_code": "closed", "training_data": "closed"},
            "sources": SOURCE,
        },
        {
            "id": "acme-open-7b",
            "name": "Acme Open 7B",
            "kind": "model",
            "organization": "acme",
            "aliases": ["acme-open"],
            "released": "2023-05-01",
            "tasks": ["text-generation"],
            "inputs": ["text"],
            "outputs": ["text"],
            "parameters": 7000000000,
            "access": {"weights": "gated", "deployments": ["self-host"]},
            "licenses": {"weights": "LicenseRef-acme-community"},
            "components": {"weights": "partial"},
            "sources": SOURCE,
        },
        {
            "id": "lab-1b",
            "name": "Lab 1B",
            "kind": "model",
            "organization": "open-lab",
            "released": "2022-03-04",
            "tasks": ["text-generation"],
            "parameters": 1000000000,
            "access": {"weights": "public", "deployments": ["self-host"]},
            "licenses": {"weights": "Apache-2.0", "code": "Apache-2.0"},
            "components": {
                "weights": "open",
                "inference_code": "open",
                "training_code": "open",
                "training_data": "open",
            },
            "sources": SOURCE,
        },
    ],
    "offers": [
        {
            "id": "acme/acme-pro",
            "model": "acme-pro",
            "provider": "acme",
            "kind": "maker",
            "prices": [
                {
                    "input_per_mtok": 1.0,
                    "output_per_mtok": 2.0,
                    "as_of": "2024-01-02",
                    "source": "https://example.org/pricing",
                }
            ],
            "sources": SOURCE,
        },
        {
            "id": "open-lab/acme-open-7b",
            "model": "acme-open-7b",
            "provider": "open-lab",
            "kind": "inference-host",
            "regions": ["DE", "US"],
            "prices": [
                {
                    "input_per_mtok": 0.3,
                    "output_per_mtok": 0.3,
                    "as_of": "2024-06-01",
                    "source": "https://example.org/lab-pricing",
                },
                {
                    "input_per_mtok": 0.2,
                    "output_per_mtok": 0.2,
                    "as_of": "2025-01-01",
                    "source": "https://example.org/lab-pricing",
                },
            ],
            "sources": SOURCE,
        },
    ],
}


def make_document() -> dict[str, Any]:
    """A fresh deep copy of the small valid document, safe to mutate."""
    return copy.deepcopy(_DOCUMENT)


@pytest.fixture
def document() -> dict[str, Any]:
    return make_document()


def load_script(path: Path, name: str) -> ModuleType:
    """A project script (``tools/``, ``benchmarks/``, ``docs/_ext/``) imported as a module for
    its tests. It is registered in ``sys.modules`` first, where dataclasses look it up."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
