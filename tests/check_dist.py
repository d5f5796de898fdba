"""Check that the built wheel and sdist carry the data files and py.typed, and that the wheel's
metadata names the licence and the home page that ``pip show`` prints (run by .ci/run).

python tests/check_dist.py DIST_DIR
"""

from __future__ import annotations

import sys
import tarfile
import zipfile
from pathlib import Path

DATA = sorted(p.name for p in (Path(__file__).parents[1] / "src" / "openclosed" / "data").glob("*.json"))
REQUIRED = ["openclosed/py.typed", *(f"openclosed/data/{name}" for name in DATA)]


def main(dist: Path) -> int:
    (wheel,) = dist.glob("openclosed-*.whl")
    (sdist,) = dist.glob("openclosed-*.tar.gz")
    wheel_names = set(zipfile.ZipFile(wheel).namelist())
    with tarfile.open(sdist) as tar:
        sdist_names = {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}
    problems = [f"{wheel.name} lacks {n}" for n in REQUIRED if n not in wheel_names]
    problems += [f"{sdist.name} lacks src/{n}" for n in REQUIRED if f"src/{n}" not in sdist_names]
    (meta_name,) = (n for n in wheel_names if n.endswith(".dist-info/METADATA"))
    meta = zipfile.ZipFile(wheel).read(meta_name).decode("utf-8").splitlines()
    problems += [
        f"{wheel.name} metadata lacks {line!r}"
        for line in (
            "License-Expression: MIT",
            "Project-URL: Homepage, https://github.com/openclosed/openclosed",
        )
        if line not in meta
    ]
    for problem in problems:
        print(problem)
    if not problems:
        print(f"{wheel.name} and {sdist.name} carry py.typed and {len(DATA)} data files")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
