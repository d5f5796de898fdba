"""The benchmarks build their inputs with the release tools: those inputs must stay valid.

CI does not run the benchmarks (their timings mean nothing on a shared machine), so a
change to the release format that a benchmark's input builder misses would go unseen until
someone measures. Here the doubled package of ``benchmarks/bench_peers.py`` is built and
loaded as the release would be: every data file checked against its digest.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from conftest import load_script

ROOT = Path(__file__).resolve().parents[1]


def _bench_peers() -> ModuleType:
    return load_script(ROOT / "benchmarks" / "bench_peers.py", "bench_peers")


def test_the_doubled_package_loads_as_a_release(tmp_path: Path) -> None:
    site = _bench_peers().doubled_package(tmp_path)
    check = (
        "import openclosed as oc; c = oc.catalog(); m = c.models['llama-2'];"
        "c.models.filter(side='open');"  # the whole catalog, every file checked
        "n = len(c.left_out);"
        "print(len(c.models), c.origin, n > 0)"
    )
    env = {k: v for k, v in os.environ.items() if k != "OPENCLOSED_TRUST_MODIFIED_DATA"}
    done = subprocess.run(
        [sys.executable, "-c", check],
        capture_output=True,
        text=True,
        env=dict(env, PYTHONPATH=str(site)),
        check=False,
    )
    assert done.returncode == 0, done.stderr
    count, origin, listed = done.stdout.split()
    import openclosed as oc

    assert int(count) == 2 * len(oc.models)
    assert (origin, listed) == ("packaged", "True")
