"""Compiling the catalog's sources, and the first lookup of the data they compile to.

Two measures, in one run so that machine noise hits both sides alike:

1. ``tools/compile_catalog.py``'s work (read every source file, validate the whole
   catalog, render the packaged files), in process, median of ``--rounds``. Goal: < 2 s.
2. The first lookup in a fresh interpreter (``import openclosed; models['llama-2']``),
   with the compact packaged files against the same data written the way it was shipped
   before the sources existed (``indent=2``), from copies of the package side by side, and,
   with ``--baseline SRC``, against another version's ``src`` folder (a checkout of the
   previous release). Runs are interleaved. Goal: the ratios are at most 1.0 (within noise).

    python benchmarks/bench_compile.py [--rounds 5] [--runs 30] [--baseline ../old/src]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
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
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
LOOKUP = "import openclosed; openclosed.models['llama-2']"


def compile_seconds(rounds: int) -> float:
    spec = importlib.util.spec_from_file_location("compile_catalog", ROOT / "tools" / "compile_catalog.py")
    assert spec is not None
    assert spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        tool.compile_sources(tool.SOURCES)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def package_copy(parent: Path, name: str, indent: int | None) -> Path:
    """A copy of the package whose data files are rewritten with ``indent``."""
    site = parent / name
    shutil.copytree(PACKAGE, site / "openclosed", ignore=shutil.ignore_patterns("__pycache__"))
    if indent is not None:
        for path in (site / "openclosed" / "data").glob("*.json"):
            if path.name != "schema.json":
                document = json.loads(path.read_text("utf-8"))
                text = json.dumps(document, indent=indent, sort_keys=True, ensure_ascii=False) + "\n"
                path.write_text(text, encoding="utf-8")
    return site


def wall(site: Path | None) -> float:
    env = dict(ENV, PYTHONPATH=str(site)) if site else ENV
    statement = LOOKUP if site else "pass"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", statement], check=True, stdin=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="compiles to time")
    parser.add_argument("--runs", type=int, default=30, help="interleaved interpreter runs per variant")
    parser.add_argument("--baseline", type=Path, help="the src folder of another version to compare with")
    args = parser.parse_args()
    seconds = compile_seconds(args.rounds)
    verdict = "ok" if seconds < 2 else "OVER"
    print(f"compile all sources: {seconds * 1e3:.0f} ms (median of {args.rounds}): {verdict}")
    with tempfile.TemporaryDirectory() as tmp:
        sites = {
            "compact": package_copy(Path(tmp), "compact", None),
            "indented": package_copy(Path(tmp), "old", 2),
        }
        if args.baseline is not None:
            sites["baseline"] = args.baseline.resolve()
        times: dict[str, list[float]] = {"bare": [], **{name: [] for name in sites}}
        for round_ in range(args.runs + 3):
            for name in times:
                elapsed = wall(sites.get(name))
                if round_ >= 3:  # warm-up rounds write the bytecode caches
                    times[name].append(elapsed)
    bare = times["bare"]
    added = {n: statistics.median(t - b for t, b in zip(ts, bare, strict=True)) for n, ts in times.items()}
    for name in times:
        if name != "bare":
            print(f"first lookup, {name:9} data: adds {added[name] * 1e3:6.1f} ms to a bare interpreter")
    for other in ("indented", "baseline"):
        if other in added:
            ratio = added["compact"] / added[other]
            print(f"compact / {other}: {ratio:.2f} ({'ok' if ratio <= 1.0 else 'slower'})")


if __name__ == "__main__":
    main()
