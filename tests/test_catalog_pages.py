"""The generated catalog pages: one page per model line, complete, ordered and reproducible."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import openclosed as oc
from conftest import load_script
from openclosed import Kind

DOCS = Path(__file__).resolve().parents[1] / "docs"
PAGES = DOCS / "_ext" / "catalog_pages.py"


def load() -> Any:
    return load_script(PAGES, "docs_catalog_pages")


@pytest.fixture(scope="module")
def generator() -> Any:
    return load()


@pytest.fixture(scope="module")
def pages(generator: Any) -> dict[str, str]:
    rendered: dict[str, str] = generator.render_pages(oc.catalog())
    return rendered


def family_records() -> list[oc.Model]:
    return [m for m in oc.models if m.kind is Kind.FAMILY]


def table_ids(page: str, heading: str) -> list[str]:
    """The ids in the first column of the table under ``heading``, in order."""
    section = page.split(heading, 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([^`]+)`", section, flags=re.MULTILINE)


def test_every_family_has_a_page(pages: dict[str, str]) -> None:
    families = family_records()
    assert families, "the packaged catalog has family records"
    line_pages = {name for name in pages if name.startswith("lines/")}
    assert line_pages == {f"lines/{f.id}" for f in families}
    for family in families:
        page = pages[f"lines/{family.id}"]
        assert f"(line-{family.id.lower()})=\n# " in page
        assert f"- id: `{family.id}`" in page
        assert f"<org-{family.organization}>" in page  # the maker
        for source in family.sources:
            assert f"<{source.url}>" in page


def test_every_member_appears_in_its_familys_page_newest_first(pages: dict[str, str]) -> None:
    for family in family_records():
        expected = [m for m in oc.models if m.family == family.id]
        listed = table_ids(pages[f"lines/{family.id}"], "## Members")
        assert sorted(listed) == sorted(m.id for m in expected), family.id
        days = [oc.models[i].released for i in listed]
        dated = [day for day in days if day is not None]
        assert dated == sorted(dated, reverse=True), family.id
        assert days[len(dated) :] == [None] * (len(days) - len(dated)), "undated members come last"


def test_a_members_row_shows_its_current_maker_price() -> None:
    priced = [
        m
        for m in oc.models
        if m.family and m.pricing is not None and m.pricing.input_per_mtok and m.pricing.output_per_mtok
    ]
    assert priced
    model = priced[0]
    pricing = model.pricing
    assert pricing is not None
    page = load().render_pages(oc.catalog())[f"lines/{model.family}"]
    row = next(line for line in page.splitlines() if line.startswith(f"| `{model.id}`"))
    cells = [cell.strip() for cell in row.strip("|").split(" | ")]
    assert f"{pricing.input_per_mtok:g}" in cells
    assert f"{pricing.output_per_mtok:g}" in cells
    assert any(cell.startswith(pricing.as_of.isoformat()) for cell in cells)


def test_the_index_lists_every_line_with_its_maker_and_member_count(pages: dict[str, str]) -> None:
    index = pages["lines"]
    for family in family_records():
        count = sum(1 for m in oc.models if m.family == family.id)
        row = next(line for line in index.splitlines() if f"| `{family.id}` |" in line)
        assert f"<line-{family.id.lower()}>" in row
        assert f"<org-{family.organization}>" in row
        assert row.endswith(f"| {count} |")
    toctree = index.split("```{toctree}", 1)[1]
    assert sorted(re.findall(r"^lines/(\S+)$", toctree, flags=re.MULTILINE)) == sorted(
        f.id for f in family_records()
    )
    assert "_generated/lines\n" in (DOCS / "catalog" / "index.md").read_text(encoding="utf-8")


def test_pages_are_written_once_and_stale_ones_removed(generator: Any, tmp_path: Path) -> None:
    catalog = oc.catalog()
    first = generator.write_pages(tmp_path, catalog)
    out = tmp_path / generator.OUTPUT
    assert {p.relative_to(out).as_posix() for p in first} == {
        f"{name}.md" for name in generator.render_pages(catalog)
    }
    stale = out / "lines" / "gone.md"
    stale.write_text("old", encoding="utf-8")
    assert generator.write_pages(tmp_path, catalog) == []  # nothing changed: nothing rewritten
    assert not stale.exists()


_DIGEST = """
import hashlib, importlib.util, sys
import openclosed
spec = importlib.util.spec_from_file_location("pages", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
pages = module.render_pages(openclosed.catalog())
print(hashlib.sha256(repr(list(pages.items())).encode()).hexdigest())
"""


def test_pages_are_the_same_in_every_process(pages: dict[str, str]) -> None:
    here = hashlib.sha256(repr(list(pages.items())).encode()).hexdigest()
    for seed in ("0", "12345"):
        # the same openclosed as this process, whether from the source tree or installed
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(Path(oc.__file__).parents[1])}
        done = subprocess.run(
            [sys.executable, "-c", _DIGEST, str(PAGES)], env=env, capture_output=True, text=True, check=True
        )
        assert done.stdout.strip() == here, f"pages differ under PYTHONHASHSEED={seed}"


def test_the_names_left_out_are_listed_with_their_reasons(pages: dict[str, str]) -> None:
    page = pages["left_out"]
    listed = re.findall(r"^\| `([^`]+)` \|", page, flags=re.MULTILINE)
    assert sorted(listed) == sorted(entry.name for entry in oc.catalog().left_out)
    assert listed, "the release leaves some names out, each with a reason"
    entry = oc.catalog().left_out[0]
    assert f"| {entry.checked.isoformat()} |" in page
    assert "_generated/left_out\n" in (DOCS / "catalog" / "index.md").read_text(encoding="utf-8")
