"""Query latency on a synthetic catalog of 10,000 models, with hand-written baselines.

Each query is timed with ``timeit`` (best of several repeats, microseconds per call)
next to a list comprehension doing the same work by hand, in the same run. Goals:
get by id or alias < 1 us; one indexed field < 50 us; openness + task + vendor < 100 us;
every filter at most 2x its hand-written comprehension; index build <= 15% of the load;
``search`` under 5 ms per call (the first search builds its keys and is not counted).

    python benchmarks/bench_query.py [--models 10000]
"""

from __future__ import annotations

import argparse
import functools
import json
import timeit
from collections.abc import Callable

from synthetic import synthetic_document

import openclosed as oc
from openclosed._loader import build_catalog, paused_gc
from openclosed.query import _Index


def best_us(fn: Callable[[], object], number: int) -> float:
    return min(timeit.repeat(fn, number=number, repeat=7)) / number * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=10000)
    args = parser.parse_args()
    text = json.dumps(synthetic_document(args.models))
    with paused_gc():
        cat = build_catalog(json.loads(text))
    models = cat.models
    records = list(models)
    active = (oc.Status.ACTIVE, oc.Status.DEPRECATED)
    level, task, meta = oc.Level.OPEN_WEIGHTS, oc.Task.TEXT_GENERATION, "meta"
    middle = records[len(records) // 2]

    rows: list[tuple[str, Callable[[], object], Callable[[], object] | None, int]] = [
        ("get by id", lambda: models[middle.id], lambda: models._by_id[middle.id], 100000),
        ("get by alias (normalised)", lambda: models["SYN 5000"], None, 100000),
        ("get() missing key", lambda: models.get("no-such-model"), None, 100000),
        (
            "filter openness",
            lambda: models.filter(openness="open-weights"),
            lambda: [m for m in records if m.level is level and m.status in active],
            200,
        ),
        (
            "filter task",
            lambda: models.filter(task="text-generation"),
            lambda: [m for m in records if task in m.tasks and m.status in active],
            200,
        ),
        (
            "filter openness + task + vendor",
            lambda: models.filter(openness="open-weights", task="text-generation", vendor="meta"),
            lambda: [
                m
                for m in records
                if m.level is level and task in m.tasks and m.organization == meta and m.status in active
            ],
            200,
        ),
        (
            "filter released_after + max_parameters",
            lambda: models.filter(released_after="2024-01-01", max_parameters=8e9),
            lambda: [
                m
                for m in records
                if m.released is not None
                and str(m.released) >= "2024-01-01"
                and m.parameters is not None
                and m.parameters <= 8e9
                and m.status in active
            ],
            100,
        ),
    ]
    searches = ["syn 123", "synthetic", "Synthetic 5000", "synthetc 42", "llama", "zzzz"]
    for q in searches:
        rows.append((f"search {q!r}", functools.partial(models.search, q), None, 20))
    print(f"{args.models} models; microseconds per call (best of 7)")
    print(f"{'query':40} {'openclosed':>11} {'by hand':>9} {'ratio':>6}")
    for name, ours, by_hand, number in rows:
        t_ours = best_us(ours, number)
        if by_hand is None:
            print(f"{name:40} {t_ours:11.2f} {'-':>9} {'-':>6}")
            continue
        t_hand = best_us(by_hand, number)
        print(f"{name:40} {t_ours:11.2f} {t_hand:9.2f} {t_ours / t_hand:6.2f}")
    worst = max(best_us(row[1], 20) for row in rows if row[0].startswith("search "))
    verdict = "ok" if worst < 5000 else "OVER BUDGET"
    print(f"slowest search {worst / 1e3:.2f} ms per call (goal: under 5 ms): {verdict}")
    load = best_us(lambda: build_catalog(json.loads(text)), 1)
    index = best_us(lambda: _Index(records, cat.organizations, cat.licenses, cat.license_categories), 1)
    print(f"index build {index / 1e3:.1f} ms = {index / load:.1%} of the load ({load / 1e3:.1f} ms)")


if __name__ == "__main__":
    main()
