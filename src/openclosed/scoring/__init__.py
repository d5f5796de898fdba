"""The decision scorer: rank models for a project and say whether open or closed fits better.

A pure pipeline (design and reasoning: ``docs/methodology.md``), one module per step:

1. :mod:`~openclosed.scoring.routes`: every way to use a model (your GPUs, GPUs you own,
   its maker's service, another provider's offer, a private deployment) is a candidate.
2. :mod:`~openclosed.scoring.screening`: hard constraints exclude models and routes, with
   the reasons.
3. :mod:`~openclosed.scoring.cost`: each route is priced (list prices, or GPUs sized from
   the model and the workload, plus the people to run them).
4. :mod:`~openclosed.scoring.criteria`: the five criteria of the source article, each
   defined once, turn facts into utilities in [0, 1] on fixed ladders; the user's stance
   mixes an open-leaning and a closed-leaning pole. Cost scores against the cheapest
   eligible option. Unknown facts take the worst rung and are named.
5. :mod:`~openclosed.scoring.engine`: weights are the importances normalised with exact
   fractions, ``contribution = weight * utility``, the total their ``math.fsum``; a model
   ranks by its best eligible route, ties by id.
6. :mod:`~openclosed.scoring.verdict`: the best open against the best closed, ``either``
   within :data:`EITHER_MARGIN`; the smallest change of an importance, a stance or the
   volume that would turn it around (:mod:`~openclosed.scoring.probes` keeps those cheap).
   :mod:`~openclosed.scoring.results` holds what is returned.

Nothing here reads files or the clock; only :func:`recommend` without a catalog loads
the packaged one.
"""

from __future__ import annotations

from .cost import HOURS_PER_MONTH, estimate_cost, plan_replica
from .criteria import LADDERS, Criterion, cost_utility
from .effort import engineering_hours
from .engine import recommend, score
from .results import (
    Choice,
    CostEstimate,
    CriterionScore,
    Exclusion,
    FactUsed,
    ModelScore,
    Ranking,
    Recommendation,
    Verdict,
    WhatIf,
)
from .routes import Route, candidate_routes, choose_route
from .screening import screen, screen_model, screen_route
from .verdict import EITHER_MARGIN

__all__ = [
    "EITHER_MARGIN",
    "HOURS_PER_MONTH",
    "LADDERS",
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
    "candidate_routes",
    "choose_route",
    "cost_utility",
    "engineering_hours",
    "estimate_cost",
    "plan_replica",
    "recommend",
    "score",
    "screen",
    "screen_model",
    "screen_route",
]
