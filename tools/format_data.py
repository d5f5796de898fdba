"""Rewrite the packaged data files in canonical form (run after editing them by hand).

Validates the whole catalog first (nothing is written if it is invalid), then writes
each section sorted by id, with default values left out, as ``json.dumps(...,
indent=2, sort_keys=True, ensure_ascii=False)``; then it regenerates
``schema.json``. ``tests/test_data.py`` fails when a
file is not in this form, so that diffs of the data stay small and reviewable.

    python tools/format_data.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "src" / "openclosed" / "data"
sys.path.insert(0, str(DATA.parents[1]))

from openclosed._loader import DATA_FILES, build_catalog, packaged_document  # noqa: E402
from openclosed.schema import json_schema  # noqa: E402


def dump(section: str, value: object) -> str:
    return json.dumps({section: value}, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> None:
    document = build_catalog(packaged_document(), source="the data files").to_document()
    for name in DATA_FILES:
        path = DATA / f"{name}.json"
        text = dump(name, document[name])
        if path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"rewrote {path.name}")
    schema = DATA / "schema.json"
    text = schema_text()
    if not schema.exists() or schema.read_text(encoding="utf-8") != text:
        schema.write_text(text, encoding="utf-8")
        print("rewrote schema.json")


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    main()
