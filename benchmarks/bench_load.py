"""Load cost: a catalog file of N models, against ``json.loads`` of the same text.

Same process, methods alternated round by round, medians of the per-round ratios (the
machine is noisy: read the ratios). Goal: at most 2.0x ``json.loads`` for 10,000 models,
and a per-model cost that stays flat from 1,000 to 100,000 models. "records" is the
ratio for parsing and structuring the records alone (no checks across records, no derived
openness, no tables); "1st filter" is what the first filter adds later (building the
indexes), as a share of the load.

    python benchmarks/bench_load.py [--sizes 1000 10000 100000] [--rounds 7]
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import time

from synthetic import synthetic_document

from openclosed._intern import clear_interned
from openclosed._loader import SECTIONS, _structure_fast, build_catalog, paused_gc


def load_text(text: str) -> object:
    """What ``openclosed.load_catalog`` does once the file is read: parse and build, GC paused."""
    with paused_gc():
        return build_catalog(json.loads(text))


def records_only(text: str) -> object:
    """Parse and turn the records into typed objects, and nothing else: the part of the load
    that compares with a plain structuring benchmark (no references, keys, openness or tables)."""
    with paused_gc():
        document = json.loads(text)
        errors: list[str] = []
        records = [_structure_fast(name, cls, document[name], errors, set()) for name, cls in SECTIONS]
        clear_interned()
        return records


def timed(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    print(
        f"{'models':>8} {'json.loads ms':>14} {'load ms':>9} {'ratio':>6} {'us/model':>9} {'records':>8}"
        f" {'1st filter':>11}"
    )
    for size in args.sizes:
        text = json.dumps(synthetic_document(size))
        build_catalog(json.loads(text))  # warm up: converter hooks compile on first use
        loads_t, load_t, ratios, record_ratios, shares = [], [], [], [], []
        for _ in range(args.rounds):
            gc.collect()
            a = timed(lambda text=text: json.loads(text))
            gc.collect()
            b = timed(lambda text=text: load_text(text))
            gc.collect()
            record_ratios.append(timed(lambda text=text: records_only(text)) / a)
            loads_t.append(a)
            load_t.append(b)
            ratios.append(b / a)
            cat = build_catalog(json.loads(text))
            from openclosed.query import _Index

            shares.append(
                timed(
                    lambda cat=cat: _Index(
                        cat.models._records, cat.organizations, cat.licenses, cat.license_categories
                    )
                )
                / b
            )
            # Nothing built here may outlive its round: every live object makes the garbage
            # collector's passes inside the next json.loads longer, which flatters the ratio.
            del cat
        print(
            f"{size:8d} {statistics.median(loads_t) * 1e3:14.1f} {statistics.median(load_t) * 1e3:9.1f} "
            f"{statistics.median(ratios):6.2f} {statistics.median(load_t) / size * 1e6:9.1f} "
            f"{statistics.median(record_ratios):8.2f} {statistics.median(shares):11.1%}"
        )


if __name__ == "__main__":
    main()
