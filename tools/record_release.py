"""Record the current catalog as released: its digest, a hash per record, and its ids.

Run once when a version is released (after the last data change for it):

    python tools/record_release.py

``tests/releases.json`` keeps, per version, the digest and one hash per record, so that
``tests/test_versioning.py`` can tell exactly which ids changed since the last release
and check that the CHANGELOG names them. ``tests/released_ids.txt`` accumulates every id
ever released: ids are forever.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import openclosed  # noqa: E402
from openclosed.diff import record_hashes  # noqa: E402  (the definition the package ships)


def main() -> None:
    catalog = openclosed.catalog()
    releases_path = ROOT / "tests" / "releases.json"
    releases = json.loads(releases_path.read_text(encoding="utf-8")) if releases_path.exists() else {}
    releases[catalog.version] = {"digest": catalog.digest, "records": record_hashes(catalog.to_document())}
    releases_path.write_text(json.dumps(releases, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    ids_path = ROOT / "tests" / "released_ids.txt"
    known = set(ids_path.read_text(encoding="utf-8").split("\n")) if ids_path.exists() else set()
    known |= set(releases[catalog.version]["records"])
    header = "# Every id ever released, as section/id. Never remove a line: ids are forever.\n"
    ids_path.write_text(header + "\n".join(sorted(k for k in known if k and not k.startswith("#"))) + "\n")
    print(f"recorded {catalog.version}: {catalog.digest}")


if __name__ == "__main__":
    main()
