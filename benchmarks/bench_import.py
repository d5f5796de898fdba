"""What ``import openclosed`` adds to a bare interpreter start, against ``import json``.

Whole-process wall time, runs interleaved (bare, json, openclosed, bare, ...) after a
warm-up, so machine noise hits all three alike. Reports medians and the ratio of the
added times: the goal is at most 1.5x what ``import json`` adds.

    python benchmarks/bench_import.py [--runs 40]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

STATEMENTS = {
    "bare": "pass",
    "json": "import json",
    "openclosed": "import openclosed",
    "openclosed + first lookup": "import openclosed; openclosed.models['llama-2']",
}


# Bytecode caches on, as in any installed package: without them every run recompiles.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def wall(statement: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", statement], check=True, stdin=subprocess.DEVNULL, env=ENV)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()
    times: dict[str, list[float]] = {name: [] for name in STATEMENTS}
    for round_ in range(args.warmup + args.runs):
        for name, statement in STATEMENTS.items():
            elapsed = wall(statement)
            if round_ >= args.warmup:
                times[name].append(elapsed)
    bare = times["bare"]
    added = {
        name: statistics.median(t - b for t, b in zip(ts, bare, strict=True)) for name, ts in times.items()
    }
    print(f"python {sys.version.split()[0]}, {args.runs} interleaved runs, medians")
    print(f"{'statement':28} {'median ms':>10} {'added ms':>9} {'added / json':>13}")
    for name, ts in times.items():
        ratio = added[name] / added["json"] if added["json"] > 0 else float("nan")
        print(f"{name:28} {statistics.median(ts) * 1e3:10.1f} {added[name] * 1e3:9.1f} {ratio:13.2f}")
    verdict = "ok" if added["openclosed"] <= 1.5 * added["json"] else "OVER BUDGET"
    print(
        f"import openclosed adds {added['openclosed'] / added['json']:.2f}x what import json adds: {verdict}"
    )


if __name__ == "__main__":
    main()
