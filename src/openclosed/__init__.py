"""openclosed: which AI models are open, which are closed, and what their licenses allow.

An offline, typed catalog of AI models, organizations and licenses, with query helpers
and a decision scorer. ``import openclosed`` is cheap: names are resolved on first use
(PEP 562) and the data is read on the first query.

>>> import openclosed as oc
>>> oc.models["Mistral 7B"].level
Level.OPEN_WEIGHTS
"""

from __future__ import annotations

# Not ``from typing import TYPE_CHECKING``: importing typing would double the cost of
# ``import openclosed``. Type checkers treat this name as true.
TYPE_CHECKING = False

#: The package version, which is also the catalog version: pin one, pin both.
__version__ = "26.25.0"

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from typing import Any

    from ._catalog import MAX_CATALOG_BYTES, Catalog, Table, catalog, load_catalog, normalize_key
    from ._left_out import LeftOut
    from ._offers import OfferTable
    from .enums import (
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
    from .errors import (
        CatalogError,
        InvalidQueryError,
        InvalidRequirementsError,
        OpenclosedError,
        UnknownIdError,
    )
    from .openness import derive_openness
    from .query import ModelTable, Results
    from .records import (
        Access,
        BenchmarkResult,
        ComponentLicenses,
        Components,
        DataTerms,
        License,
        LicenseCategory,
        LicenseChange,
        Model,
        Notice,
        Offer,
        Openness,
        Organization,
        Pricing,
        Restrictions,
        RevenueThreshold,
        Service,
        Source,
        Support,
    )
    from .requirements import (
        Assumptions,
        Constraints,
        CustomizationNeed,
        Expertise,
        Importance,
        LongTermStance,
        Requirements,
        SecurityStance,
        UnknownFacts,
        Workload,
    )
    from .scoring import (
        Choice,
        CostEstimate,
        Criterion,
        CriterionScore,
        Exclusion,
        FactUsed,
        ModelScore,
        Ranking,
        Recommendation,
        Route,
        Verdict,
        WhatIf,
        estimate_cost,
        recommend,
        score,
    )

    models: ModelTable
    organizations: Table[Organization]
    licenses: Table[License]
    license_categories: Table[LicenseCategory]
    offers: OfferTable

# Where each public name lives; resolved (and then cached) by __getattr__ below.
_LAZY: dict[str, str] = {
    **dict.fromkeys(("MAX_CATALOG_BYTES", "catalog", "load_catalog"), "_catalog"),
    "Catalog": "_catalog_class",
    "LeftOut": "_left_out",
    **dict.fromkeys(("Table", "normalize_key"), "_table"),
    **dict.fromkeys(
        (
            "CommercialUse",
            "Community",
            "Deployment",
            "FineTuning",
            "Grade",
            "Kind",
            "Level",
            "Modality",
            "OfferKind",
            "OrganizationKind",
            "Side",
            "Status",
            "Task",
            "TerritoriesScope",
            "WeightsAccess",
        ),
        "enums",
    ),
    **dict.fromkeys(
        (
            "CatalogError",
            "InvalidQueryError",
            "InvalidRequirementsError",
            "OpenclosedError",
            "UnknownIdError",
        ),
        "errors",
    ),
    "derive_openness": "openness",
    **dict.fromkeys(("ModelTable", "Results"), "query"),
    "OfferTable": "_offers",
    **dict.fromkeys(
        (
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
        ),
        "requirements",
    ),
    **dict.fromkeys(
        (
            "Choice",
            "CostEstimate",
            "Criterion",
            "CriterionScore",
            "Exclusion",
            "FactUsed",
            "ModelScore",
            "Ranking",
            "Recommendation",
            "Route",
            "Verdict",
            "WhatIf",
            "estimate_cost",
            "recommend",
            "score",
        ),
        "scoring",
    ),
    **dict.fromkeys(
        (
            "Access",
            "ComponentLicenses",
            "Components",
            "DataTerms",
            "License",
            "LicenseCategory",
            "BenchmarkResult",
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
        ),
        "records",
    ),
}
_TABLES = ("models", "organizations", "licenses", "license_categories", "offers")

__all__ = [
    "MAX_CATALOG_BYTES",
    "Access",
    "Assumptions",
    "BenchmarkResult",
    "Catalog",
    "CatalogError",
    "Choice",
    "CommercialUse",
    "Community",
    "ComponentLicenses",
    "Components",
    "Constraints",
    "CostEstimate",
    "Criterion",
    "CriterionScore",
    "CustomizationNeed",
    "DataTerms",
    "Deployment",
    "Exclusion",
    "Expertise",
    "FactUsed",
    "FineTuning",
    "Grade",
    "Importance",
    "InvalidQueryError",
    "InvalidRequirementsError",
    "Kind",
    "LeftOut",
    "Level",
    "License",
    "LicenseCategory",
    "LicenseChange",
    "LongTermStance",
    "Modality",
    "Model",
    "ModelScore",
    "ModelTable",
    "Notice",
    "Offer",
    "OfferKind",
    "OfferTable",
    "OpenclosedError",
    "Openness",
    "Organization",
    "OrganizationKind",
    "Pricing",
    "Ranking",
    "Recommendation",
    "Requirements",
    "Restrictions",
    "Results",
    "RevenueThreshold",
    "Route",
    "SecurityStance",
    "Service",
    "Side",
    "Source",
    "Status",
    "Support",
    "Table",
    "Task",
    "TerritoriesScope",
    "UnknownFacts",
    "UnknownIdError",
    "Verdict",
    "WeightsAccess",
    "WhatIf",
    "Workload",
    "__version__",
    "catalog",
    "derive_openness",
    "estimate_cost",
    "license_categories",
    "licenses",
    "load_catalog",
    "models",
    "normalize_key",
    "offers",
    "organizations",
    "recommend",
    "score",
]


def __getattr__(name: str) -> Any:
    if name in _TABLES:
        from ._catalog import catalog

        value = getattr(catalog(), name)
    elif name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
    else:
        raise AttributeError(f"module 'openclosed' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return list(__all__)
