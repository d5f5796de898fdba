"""Count what the catalog does not know yet, the figures a release note reports.

The tests require a note wherever an expected fact is missing (a release date, a price, a
weights licence), so a gap is never silent; but the notes do not add up to a number. This tool
does, so that each release can say how far it moved and anyone can repeat the count::

    python tools/gaps.py                  # the four totals, as a Markdown table
    python tools/gaps.py --by-maker       # the same, one row per organization with a gap
    python tools/gaps.py --list price     # the ids behind one total

What counts (each over model records, ``kind == "model"``, not families or products):

``price``
    active models the maker serves through an API that have no price at all;
``released``
    current models (active or deprecated) without a release date;
``licence``
    models whose weights can be downloaded (public or gated) without a weights licence;
``pending``
    names in ``left_out.json`` whose reason begins "Not yet recorded": known gaps in coverage.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:  # pragma: no cover - depends on how it is run
    sys.path.insert(0, str(ROOT / "src"))

import openclosed as oc  # noqa: E402

Test = Callable[[oc.Model], bool]


def _is_model(model: oc.Model) -> bool:
    return model.kind is oc.Kind.MODEL


def _api_active(model: oc.Model) -> bool:
    return (
        _is_model(model)
        and model.status is oc.Status.ACTIVE
        and oc.Deployment.API in model.access.deployments
    )


def _current(model: oc.Model) -> bool:
    return _is_model(model) and model.status in (oc.Status.ACTIVE, oc.Status.DEPRECATED)


def _downloadable(model: oc.Model) -> bool:
    return _is_model(model) and model.access.weights is not oc.WeightsAccess.NONE


#: Each gap: its name, the records it is counted over, and the test for a record that has it.
GAPS: dict[str, tuple[Test, Test]] = {
    "price": (_api_active, lambda m: not m.pricing),
    "released": (_current, lambda m: m.released is None),
    "licence": (_downloadable, lambda m: m.licenses.weights is None),
}


def count(models: Sequence[oc.Model]) -> dict[str, tuple[int, int]]:
    """Per gap, ``(records with the gap, records it is counted over)``."""
    out = {}
    for name, (over, lacks) in GAPS.items():
        pool = [m for m in models if over(m)]
        out[name] = (sum(1 for m in pool if lacks(m)), len(pool))
    return out


def pending(left_out: Sequence[oc.LeftOut]) -> int:
    """How many left-out names are known gaps (``pending``) rather than decisions."""
    return sum(1 for entry in left_out if entry.pending)


def lacking(models: Sequence[oc.Model], gap: str) -> list[oc.Model]:
    """The records that have ``gap``, by organization and id."""
    over, lacks = GAPS[gap]
    return sorted((m for m in models if over(m) and lacks(m)), key=lambda m: (m.organization, m.id))


def table(models: Sequence[oc.Model], left_out: Sequence[oc.LeftOut], version: str) -> str:
    rows = [f"| gap (catalog {version}) | records | of |", "| --- | ---: | ---: |"]
    rows += [f"| {name} | {has} | {of} |" for name, (has, of) in count(models).items()]
    rows.append(f"| pending names (`left_out.json`) | {pending(left_out)} | {len(left_out)} |")
    return "\n".join(rows)


def by_maker(models: Sequence[oc.Model]) -> str:
    per = {name: Counter(m.organization for m in lacking(models, name)) for name in GAPS}
    makers = sorted(set().union(*per.values()), key=lambda o: (-sum(c[o] for c in per.values()), o))
    rows = ["| organization | " + " | ".join(GAPS) + " |", "| --- |" + " ---: |" * len(GAPS)]
    rows += [f"| {o} | " + " | ".join(str(per[name][o]) for name in GAPS) + " |" for o in makers]
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--by-maker", action="store_true", help="one row per organization")
    group.add_argument("--list", choices=sorted(GAPS), help="print the ids that have this gap")
    args = parser.parse_args(argv)
    catalog = oc.catalog()
    models = list(catalog.models)
    if args.list:
        for model in lacking(models, args.list):
            print(model.organization, model.id)
    elif args.by_maker:
        print(by_maker(models))
    else:
        print(table(models, catalog.left_out, catalog.version))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
