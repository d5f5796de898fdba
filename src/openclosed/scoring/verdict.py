"""The verdict: the best open option against the best closed one, what separates them in
criteria and in dollars, and the smallest change that would turn it around."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction

import attrs

from .._text import dollars
from ..enums import Side, Task
from ..errors import InvalidRequirementsError
from ..requirements import Requirements
from .cost import VOLUMES
from .criteria import COST_FLOOR, COST_INDEX, RULES, STANCE_FIELDS, Criterion, Stances, monthly_cost
from .results import Choice, ModelScore, Ranking, Verdict, WhatIf

__all__ = ["EITHER_MARGIN", "choice_of", "verdict"]

#: Totals closer than this make the verdict ``either``.
EITHER_MARGIN = 0.02

#: Per-criterion values of one route: pole values per rule.
PoleValues = tuple[tuple[float, ...], ...]


def weights_of(requirements: Requirements) -> tuple[Fraction, ...]:
    """The importances normalised to exact fractions, in :data:`RULES` order."""
    importance = tuple(getattr(requirements.importance, r.criterion.value) for r in RULES)
    total = sum(importance)
    if total <= 0:
        raise InvalidRequirementsError("importance", "at least one criterion must have an importance above 0")
    return tuple(Fraction(w, total) for w in importance)


_UTILITIES = tuple(rule.utility for rule in RULES)


def utilities(values: PoleValues, stances: Stances) -> tuple[float, ...]:
    """The utility of each criterion for one route's pole values."""
    return tuple([utility(v, stances) for utility, v in zip(_UTILITIES, values, strict=True)])


def cost_reference(costs: Sequence[float | None]) -> float:
    """The cheapest known cost, floored at :data:`COST_FLOOR`: the cost that scores 1."""
    known = [c for c in costs if c is not None]
    return max(COST_FLOOR, min(known)) if known else COST_FLOOR


def choice_of(best_open: float | None, best_closed: float | None) -> Choice:
    if best_open is None and best_closed is None:
        return Choice.NONE
    if best_closed is None:
        return Choice.OPEN
    if best_open is None:
        return Choice.CLOSED
    margin = best_open - best_closed
    if abs(margin) < EITHER_MARGIN:
        return Choice.EITHER
    return Choice.OPEN if margin > 0 else Choice.CLOSED


#: A what-if candidate: model id, side, and the pole values of one eligible route.
Candidate = tuple[str, Side, PoleValues]


class WhatIfSearch:
    """Finds the smallest single change of importance or stance that changes the verdict."""

    def __init__(self, requirements: Requirements, candidates: Sequence[Candidate]) -> None:
        self.requirements = requirements
        self.candidates = candidates
        self._rows: dict[Stances, list[tuple[bool, tuple[float, ...]]]] = {}
        self._references: dict[Stances, Stances] = {}

    def stances(self, requirements: Requirements) -> Stances:
        """Stances of ``requirements``, with the cost reference those stances give (the
        engineering cost of a fleet depends on expertise, so the cheapest option may too)."""
        plain = Stances.of_requirements(requirements)
        hit = self._references.get(plain)
        if hit is None:
            reference = cost_reference(
                [monthly_cost(values[COST_INDEX], plain) for _, _, values in self.candidates]
            )
            hit = self._references[plain] = attrs.evolve(plain, cost_reference=reference)
        return hit

    def choice_for(self, requirements: Requirements) -> Choice:
        """The verdict under changed requirements, with the arithmetic of :func:`recommend`.

        Utilities depend only on the stances, so they are computed once per set of
        stances and reused for every change of importance.
        """
        stances = self.stances(requirements)
        rows = self._rows.get(stances)
        if rows is None:
            rows = [(side is Side.OPEN, utilities(values, stances)) for _, side, values in self.candidates]
            self._rows[stances] = rows
        w0, w1, w2, w3, w4 = (float(w) for w in weights_of(requirements))
        fsum = math.fsum
        best_open = best_closed = -1.0
        for is_open, (u0, u1, u2, u3, u4) in rows:
            total = fsum((w0 * u0, w1 * u1, w2 * u2, w3 * u3, w4 * u4))
            if is_open:
                if total > best_open:
                    best_open = total
            elif total > best_closed:
                best_closed = total
        return choice_of(best_open if best_open >= 0 else None, best_closed if best_closed >= 0 else None)

    def changes(self) -> list[tuple[int, int, str, str, str, Requirements]]:
        """Every single change, as (distance, order, field, current, proposed, requirements)."""
        r = self.requirements
        out: list[tuple[int, int, str, str, str, Requirements]] = []
        order = 0
        for rule in RULES:
            name = rule.criterion.value
            current = getattr(r.importance, name)
            for value in range(6):
                order += 1
                if value == current:
                    continue
                try:
                    importance = attrs.evolve(r.importance, **{name: value})
                except InvalidRequirementsError:
                    continue  # all importances at 0
                out.append(
                    (
                        abs(value - current),
                        order,
                        f"importance.{name}",
                        str(current),
                        str(value),
                        attrs.evolve(r, importance=importance),
                    )
                )
        for field in STANCE_FIELDS:
            current_member = getattr(r, field)
            for member in type(current_member):
                order += 1
                if member is current_member:
                    continue
                out.append(
                    (
                        abs(member.step - current_member.step),
                        order,
                        field,
                        current_member.value,
                        member.value,
                        attrs.evolve(r, **{field: member}),
                    )
                )
        out.sort(key=lambda c: (c[0], c[1]))
        return out

    def find(self, current: Choice) -> WhatIf | None:
        for distance, _, field, old, new, changed in self.changes():
            choice = self.choice_for(changed)
            if choice is not current:
                return WhatIf(
                    field=field,
                    current=old,
                    proposed=new,
                    distance=distance,
                    new_choice=choice,
                    sentence=(
                        f"the verdict becomes {choice.value!r} if {field.replace('_', ' ')} "
                        f"goes from {old} to {new}"
                    ),
                )
        return None


#: Volume factors the volume what-if tries, nearest first.
VOLUME_FACTORS = (10.0, 0.1, 100.0, 0.01, 1000.0, 0.001)


def volume_what_if(
    requirements: Requirements, current: Choice, choice_at: Callable[[Requirements], Choice]
) -> WhatIf | None:
    """The nearest power-of-ten change of the monthly volume (every volume together: tokens,
    images, seconds, characters, pages, searches) that changes the verdict, if one within a
    thousandfold does."""
    w = requirements.workload
    for factor in VOLUME_FACTORS:
        try:
            workload = attrs.evolve(w, **{name: getattr(w, name) * factor for name in VOLUMES})
        except InvalidRequirementsError:
            continue  # beyond the bounds of a workload
        changed = attrs.evolve(requirements, workload=workload)
        choice = choice_at(changed)
        if choice is not current:
            old, new = f"{w.monthly_tokens:,.0f}", f"{workload.monthly_tokens:,.0f}"
            return WhatIf(
                field="workload.monthly_tokens",
                current=old,
                proposed=new,
                distance=round(abs(math.log10(factor))),
                new_choice=choice,
                sentence=(
                    f"the verdict becomes {choice.value!r} at {factor:g} times today's volume "
                    f"({new} tokens a month instead of {old})"
                ),
            )
    return None


def verdict(
    ranking: Ranking,
    best: Mapping[Side, tuple[float, int]],
    candidates: Sequence[Candidate],
    requirements: Requirements,
    choice_at_volume: Callable[[Requirements], Choice] | None = None,
    tasks_of: Callable[[str], Sequence[Task]] | None = None,
) -> Verdict:
    """The verdict from the best open and best closed entries, given as (total, rank index).

    ``tasks_of`` gives a model's tasks, to warn when no task was asked for and the two best
    models do different jobs (an embedding model against a chat model)."""
    best_open = (best[Side.OPEN][0], ranking.model_ids[best[Side.OPEN][1]]) if Side.OPEN in best else None
    best_closed = (
        (best[Side.CLOSED][0], ranking.model_ids[best[Side.CLOSED][1]]) if Side.CLOSED in best else None
    )
    choice = choice_of(best_open[0] if best_open else None, best_closed[0] if best_closed else None)
    margins: tuple[tuple[Criterion, float], ...] = ()
    deciding: tuple[Criterion, ...] = ()
    reasons: list[str] = []
    margin = 0.0
    difference: float | None = None
    if best_open and best_closed:
        o, c = ranking[best[Side.OPEN][1]], ranking[best[Side.CLOSED][1]]
        margin = o.total - c.total
        margins = tuple(
            (oc.criterion, oc.contribution - cc.contribution)
            for oc, cc in zip(o.breakdown, c.breakdown, strict=True)
        )
        sign = 1 if margin >= 0 else -1
        order = [r.criterion for r in RULES]
        deciding = tuple(
            crit
            for crit, m in sorted(margins, key=lambda cm: (-abs(cm[1]), order.index(cm[0])))
            if m * sign > 0
        )
        reasons.append(
            f"best open: {o.model_id} ({o.total:.3f}); best closed: {c.model_id} ({c.total:.3f}); "
            f"margin {margin:+.3f}"
        )
        difference = _cost_difference(o, c)
        if difference is not None:
            cheaper = "open" if difference < 0 else "closed"
            reasons.append(
                f"the best {cheaper} option costs {_dollars(abs(difference))} a month less "
                f"({_dollars(o.cost.monthly_usd)} open, {_dollars(c.cost.monthly_usd)} closed)"
            )
        for crit in deciding[:3]:
            value = dict(margins)[crit]
            leader = o if value > 0 else c
            reasons.append(f"{crit.value.replace('_', '-')} favours {leader.model_id} by {abs(value):.3f}")
        if choice is Choice.EITHER:
            reasons.append(f"the two are within {EITHER_MARGIN}: either side fits")
        if tasks_of is not None and not requirements.constraints.tasks:
            open_tasks, closed_tasks = tasks_of(o.model_id), tasks_of(c.model_id)
            if not set(open_tasks) & set(closed_tasks):
                reasons.append(
                    f"no task was set, so models of different tasks compete: {o.model_id} does "
                    f"{_tasks(open_tasks)}, {c.model_id} does {_tasks(closed_tasks)}; "
                    "set constraints.tasks (--task) to compare like with like"
                )
        for s in (o, c):
            reasons += [f"{s.model_id}: {w}" for w in s.warnings]
    elif best_open or best_closed:
        side = "open" if best_open else "closed"
        other = "closed" if best_open else "open"
        reasons.append(f"only {side} models meet the constraints; no {other} model does")
    else:
        reasons.append("no model meets the constraints")
    what_if = volume = None
    if best_open and best_closed:
        what_if = WhatIfSearch(requirements, candidates).find(choice)
        if choice_at_volume is not None:
            volume = volume_what_if(requirements, choice, choice_at_volume)
    return Verdict(
        choice=choice,
        margin=margin,
        best_open=best_open[1] if best_open else None,
        best_closed=best_closed[1] if best_closed else None,
        criterion_margins=margins,
        deciding=deciding,
        reasons=tuple(reasons),
        what_if=what_if,
        cost_difference_usd=difference,
        volume_what_if=volume,
    )


def _cost_difference(o: ModelScore, c: ModelScore) -> float | None:
    if o.cost.monthly_usd is None or c.cost.monthly_usd is None:
        return None
    return o.cost.monthly_usd - c.cost.monthly_usd


def _dollars(amount: float | None) -> str:
    return "unknown" if amount is None else dollars(amount)


def _tasks(tasks: Sequence[Task]) -> str:
    return " and ".join(task.value for task in tasks) or "no recorded task"
