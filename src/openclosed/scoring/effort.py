"""The people side of self-hosting: hours to set up and to run a fleet, and what they cost.

A module of its own because two others read it: the cost model, which prices a route,
and the cost criterion, which reprices it when the what-if changes the team's expertise.
"""

from __future__ import annotations

import math

__all__ = ["engineering_hours", "engineering_usd"]


def engineering_hours(expertise: float, gpus: int = 1) -> tuple[float, float]:
    """Setup hours and monthly upkeep hours of self-hosting, for expertise in [0, 1].

    40 + 200 (1 - e) hours to set up, and 4 + 36 (1 - e) hours a month for one GPU,
    growing with the square root of the fleet: an expert team needs a week and half a day
    a month, a team with no expertise six weeks and a week a month, four times that at
    16 GPUs. These make the article's point that open models take more effort.
    """
    return 40 + 200 * (1 - expertise), (4 + 36 * (1 - expertise)) * math.sqrt(max(1, gpus))


def engineering_usd(expertise: float, gpus: int, horizon_months: int, hourly_usd: float) -> float:
    """The monthly cost of the people who set up and run ``gpus`` GPUs."""
    setup, upkeep = engineering_hours(expertise, gpus)
    return (setup / horizon_months + upkeep) * hourly_usd
