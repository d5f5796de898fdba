"""Write ``src/openclosed/_structurers.py``: the loader's fast structuring functions,
generated from the record classes once, at release time, instead of at every first load.

Run it after any change to a record class (``tests/test_loader.py`` fails until you do):

    python tools/generate_structurers.py

It refuses, as the run-time generator does, a record class that uses an attrs option the
fast path cannot build exactly as ``__init__`` would.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from openclosed._fast import module_source  # noqa: E402

TARGET = ROOT / "src" / "openclosed" / "_structurers.py"


def main() -> None:
    source = module_source()
    compile(source, str(TARGET), "exec")  # a syntax error stays in the generator, not the package
    TARGET.write_text(source, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)} ({len(source.splitlines())} lines)")


if __name__ == "__main__":
    main()
