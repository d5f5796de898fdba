"""Shortcuts that keep the what-ifs cheap on large catalogs, exact all the same: the
candidates a what-if can never pick are left out, and a change of volume redoes only the
cost of each route."""

from __future__ import annotations

from operator import itemgetter
from typing import TYPE_CHECKING

import attrs

from ..requirements import Requirements
from .cost import VOLUMES, self_host_cost
from .criteria import COST_INDEX, RULES
from .results import Choice, CostEstimate
from .routes import Route
from .verdict import choice_of, cost_reference

if TYPE_CHECKING:
    from ..records import Model
    from .criteria import Measure
    from .engine import Scorer

__all__ = ["VolumeProbe", "keep_undominated", "volume_factor"]


class VolumeProbe:
    """The verdict at another monthly volume, all else equal (the same eligible routes).

    Only the cost criterion changes with volume: service bills scale with it, and fleets
    are resized. So each route keeps its other contributions, and only its cost is redone:
    the cheapest service scales with the volume, fleets are sized once per model size, and
    routes are tried best-first by their other contributions, stopping once even a perfect
    cost could not beat the best found.
    """

    def __init__(self, scorer: Scorer) -> None:
        self.scorer = scorer
        #: Each side's routes, best first by their other contributions: (rest, self-run, cost).
        self.entries: dict[bool, list[tuple[float, bool, CostEstimate]]] = {True: [], False: []}
        self.cheapest_service: float | None = None
        #: One model and route per fleet, by the identity of its cost estimate: the scorer
        #: shares one estimate per fleet size (see :meth:`Scorer.fleet_key`), and the
        #: entries hold those estimates for as long as this probe lives.
        self.fleet_models: dict[int, tuple[Model, Route]] = {}

    def add(
        self, is_open: bool, rest: float, model: Model, route: Route, cost: CostEstimate, self_run: bool
    ) -> None:
        """Take in one eligible route: its side, its total without the cost's contribution,
        and its cost now; call :meth:`finish` once every route is in."""
        self.entries[is_open].append((rest, self_run, cost))
        if self_run:
            self.fleet_models.setdefault(id(cost), (model, route))
        elif cost.monthly_usd is not None:
            low = self.cheapest_service
            self.cheapest_service = cost.monthly_usd if low is None else min(low, cost.monthly_usd)

    def finish(self) -> None:
        """Order each side's routes best first by their other contributions."""
        for side in self.entries.values():
            side.sort(key=itemgetter(0), reverse=True)

    def choice_at(self, requirements: Requirements) -> Choice:
        """The verdict at the volumes of ``requirements``."""
        return choice_of(*self.best_at(requirements))

    def best_at(self, requirements: Requirements) -> tuple[float | None, float | None]:
        """The best open and the best closed total at the volumes of ``requirements``."""
        factor = volume_factor(self.scorer.requirements, requirements)
        fleets = {
            key: self_host_cost(model, route, requirements).monthly_usd
            for key, (model, route) in self.fleet_models.items()
        }
        known = [c for c in fleets.values() if c is not None]
        if self.cheapest_service is not None:
            known.append(self.cheapest_service * factor)
        st = attrs.evolve(self.scorer.stances, cost_reference=cost_reference(known))
        w = self.scorer.float_weights[COST_INDEX]
        utility = RULES[COST_INDEX].utility
        best: dict[bool, float] = {}
        for is_open, entries in self.entries.items():
            top = -1.0
            for rest, self_run, cost in entries:
                if rest + w <= top:
                    break  # sorted by the rest: even a perfect cost cannot beat the best
                if self_run:
                    monthly = fleets[id(cost)]
                else:
                    monthly = None if cost.monthly_usd is None else cost.monthly_usd * factor
                total = rest + w * utility((monthly or 0.0, 0.0, 0.0 if monthly is None else 1.0), st)
                if total > top:
                    top = total
            if entries:
                best[is_open] = top
        return best.get(True), best.get(False)


#: A what-if candidate kept: its base cost and GPUs, measures, cost pole values and model.
Kept = tuple[float, float, "tuple[Measure | None, ...]", tuple[float, ...], str]


def keep_undominated(
    groups: dict[tuple[bool, int, float], list[Kept]],
    model_id: str,
    is_open: bool,
    others: tuple[object, ...],
    measures: tuple[Measure | None, ...],
    costed: tuple[float, ...],
) -> None:
    """Add a what-if candidate (its side, its measures, their pole values ``others``, one
    shared tuple per distinct values, and its cost pole values ``costed``) unless another
    of its side has the same other poles and a cost no higher under any stance (no more
    base cost and no more GPUs to run): the what-if needs each side's best total, which a
    dominated route can never be."""
    base, gpus, known = costed
    key = (is_open, id(others), known)
    kept = groups.get(key)
    if kept is None:
        groups[key] = [(base, gpus, measures, costed, model_id)]
        return
    for k in kept:  # a loop, not any(): most candidates are dominated by the first kept
        if k[0] <= base and k[1] <= gpus:
            return
    kept[:] = [k for k in kept if not (base <= k[0] and gpus <= k[1])]
    kept.append((base, gpus, measures, costed, model_id))


def volume_factor(before: Requirements, after: Requirements) -> float:
    """How many times the volume grew (every volume grows by the same factor)."""
    for name in VOLUMES:
        old = getattr(before.workload, name)
        if old:
            return float(getattr(after.workload, name) / old)
    return 1.0
