"""``recommend`` over synthetic catalogs: total time and cost per model at 1k and 10k models.

Goal: under 300 ms for 10,000 models with three offers each on average (every offer is a
route the scorer screens and scores), a per-model cost that does not grow with the catalog
(linear total), and reading every entry at most twice the call. Best of several runs, same
process.

The first call with a catalog also works out the facts scoring reads from the catalog
whatever the requirements (:mod:`openclosed.scoring.prepared`), once, and keeps them with
the catalog: the "first call" column times it on fresh catalogs (whose digest, which a
recommendation records, is computed beforehand), the others the calls after.

The ranking builds each entry's explanation when it is first read, so the last column
also times reading every entry (``list(rec.ranking)``), as exporting the whole result does.

    python benchmarks/bench_recommend.py [--sizes 1000 10000]
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import time
import timeit

from synthetic import synthetic_document

import openclosed as oc
from openclosed._loader import build_catalog, paused_gc


def _read_all(requirements: oc.Requirements, catalog: oc.Catalog) -> list[oc.ModelScore]:
    return list(oc.recommend(requirements, catalog).ranking)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    requirements = oc.Requirements(in_house_expertise="basic", workload={"monthly_tokens": 5e7})
    print(
        f"{'models':>8} {'first call ms':>14} {'recommend ms':>13} {'us per model':>13} {'ranked':>7}"
        f" {'what-if':>16} {'+ read all ms':>14}"
    )
    for size in args.sizes:
        text = json.dumps(synthetic_document(size))
        firsts = []
        for _ in range(3):
            with paused_gc():
                catalog = build_catalog(json.loads(text))
                catalog.digest  # noqa: B018 - worked out once per catalog, and not by scoring
                gc.disable()  # as timeit does for the other columns
                start = time.perf_counter()
                rec = oc.recommend(requirements, catalog)
                firsts.append(time.perf_counter() - start)
        best = min(
            timeit.repeat(
                functools.partial(oc.recommend, requirements, catalog), number=1, repeat=args.repeat
            )
        )
        read_all = min(
            timeit.repeat(
                functools.partial(_read_all, requirements, catalog),
                number=1,
                repeat=args.repeat,
            )
        )
        what_if = rec.verdict.what_if.field if rec.verdict.what_if else "-"
        print(
            f"{size:8d} {min(firsts) * 1e3:14.1f} {best * 1e3:13.1f} {best / size * 1e6:13.1f}"
            f" {len(rec.ranking):7d} {what_if:>16} {read_all * 1e3:14.1f}"
        )


if __name__ == "__main__":
    main()
