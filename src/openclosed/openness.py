"""Derive how open a model is from the facts recorded about it.

The level is never typed into the data: it follows from access, licenses and graded
components by the rules of :func:`derive_openness`, so two entries with the same facts
always get the same level and a corrected fact corrects the level.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from types import MappingProxyType

import attrs

from .enums import Deployment, Grade, Kind, Level, Side, WeightsAccess
from .records import Access, ComponentLicenses, Components, License, LicenseCategory, Model, Openness

__all__ = ["GRADE_POINTS", "components_score", "derive_openness", "openness_of", "openness_score"]

#: Points per grade in the openness score. Unknown counts as closed: a fact nobody
#: published cannot make a model look more open.
GRADE_POINTS: Mapping[Grade, float] = MappingProxyType(
    {
        Grade.OPEN: 1.0,
        Grade.PARTIAL: 0.5,
        Grade.CLOSED: 0.0,
        Grade.UNKNOWN: 0.0,
    }
)

_POINTS_BY_VALUE = {grade.value: points for grade, points in GRADE_POINTS.items()}
_OPEN_LEVELS = (Level.OPEN_SOURCE, Level.OPEN_WEIGHTS, Level.RESTRICTED_WEIGHTS)
_GRADES = operator.attrgetter(*(a.name for a in attrs.fields(Components)))  # every grade, in one C call


def openness_score(model: Model) -> float:
    """Mean points of the graded components, in [0, 1]; not-applicable ones are skipped."""
    return components_score(model.components)


def components_score(components: Components) -> float:
    """:func:`openness_score` of a model with these ``components`` (they are all it reads)."""
    # keyed by value: enum members hash through a Python-level method, and this runs per model at load
    points = [_POINTS_BY_VALUE[g._value_] for g in _GRADES(components) if g is not Grade.NOT_APPLICABLE]
    return round(sum(points) / len(points), 4) if points else 0.0


def _is_open_license(
    license_id: str | None,
    licenses: Mapping[str, License],
    categories: Mapping[str, LicenseCategory],
) -> bool:
    if license_id is None or license_id not in licenses:
        return False
    category = categories.get(licenses[license_id].category)
    return category is not None and category.osi_compatible


def derive_openness(
    model: Model,
    licenses: Mapping[str, License],
    categories: Mapping[str, LicenseCategory],
    *,
    score: float | None = None,
) -> Openness:
    """Return the openness level, side and score of ``model``.

    The rules, applied in order (an "open license" is one whose category grants the
    Open Source Definition's freedoms: permissive or copyleft):

    1. A **toolkit** is graded on its code: ``open-source`` when its inference code is
       open under an open license, else it falls through to the rules below.
    2. Weights that can be downloaded (public or gated) under an open license are
       ``open-source`` when the training code is open under an open license and the
       training data is either open or openly documented (the OSI definition asks for
       "data information", not the data itself); otherwise ``open-weights``.
       Gating does not lower the level: it is reported in the reasons.
    3. Downloadable weights under any other license, or with no license recorded,
       are ``restricted-weights``: use, users or commerce are restricted.
    4. No downloadable weights but a vendor API or private deployment: ``api``.
    5. Otherwise the model is only reachable through a product: ``hosted``.

    ``side`` is the article's binary view: the first three levels are ``open``, the
    last two ``closed``. ``score`` is :func:`openness_score`; pass it when you already
    have it (the loader computes it once per distinct set of components).
    """
    return openness_of(
        model.kind, model.access, model.licenses, model.components, licenses, categories, score=score
    )


def openness_of(
    kind: Kind,
    access: Access,
    component_licenses: ComponentLicenses,
    components: Components,
    licenses: Mapping[str, License],
    categories: Mapping[str, LicenseCategory],
    *,
    score: float | None = None,
) -> Openness:
    """:func:`derive_openness` from exactly the facts it reads: a model's kind, access, licenses
    per component and graded components, and the license tables. Caches key on these arguments
    (:class:`~openclosed._memo.IdentityMemo`): a rule that needs another fact must add a
    parameter here, and with it a part of every cache key."""
    reasons: list[str] = []
    code_open = _is_open_license(component_licenses.code, licenses, categories)
    weights_downloadable = access.weights is not WeightsAccess.NONE and components.weights not in (
        Grade.CLOSED,
        Grade.NOT_APPLICABLE,
    )
    level: Level | None = None

    if kind is Kind.TOOLKIT and components.inference_code is Grade.OPEN and code_open:
        level = Level.OPEN_SOURCE
        reasons.append(f"a toolkit whose code is open under {component_licenses.code}")
    elif weights_downloadable:
        weights_license = component_licenses.weights
        if _is_open_license(weights_license, licenses, categories):
            data_info = Grade.OPEN in (components.training_data, components.data_documentation)
            if components.training_code is Grade.OPEN and code_open and data_info:
                level = Level.OPEN_SOURCE
                reasons.append(
                    f"weights under {weights_license}, training code under {component_licenses.code}, "
                    "and training data open or openly documented"
                )
            else:
                level = Level.OPEN_WEIGHTS
                missing = [
                    name
                    for name, ok in (
                        ("training code", components.training_code is Grade.OPEN and code_open),
                        ("training data information", data_info),
                    )
                    if not ok
                ]
                reasons.append(f"weights under {weights_license}, but no open {' or '.join(missing)}")
        else:
            level = Level.RESTRICTED_WEIGHTS
            if weights_license is None:
                reasons.append("weights can be downloaded, but no license is recorded for them")
            else:
                reasons.append(f"weights can be downloaded under {weights_license}, which restricts use")
        if access.weights is WeightsAccess.GATED:
            reasons.append("the download is gated behind a click-through or an approval")
    if level is None:
        deployments = access.deployments
        if Deployment.API in deployments or Deployment.PRIVATE_DEPLOYMENT in deployments:
            level = Level.API
            reasons.append("no downloadable weights; programmatic access from the vendor")
        else:
            level = Level.HOSTED
            reasons.append("no downloadable weights and no API: reachable only through a product")

    side = Side.OPEN if level in _OPEN_LEVELS else Side.CLOSED
    if score is None:
        score = components_score(components)
    return Openness(level=level, side=side, score=score, reasons=tuple(reasons))
