"""tools/refresh_pins.py: after a data change, each pinned figure is rewritten to what the
catalog says, and nothing else moves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import load_script

ROOT = Path(__file__).resolve().parents[1]


rp: Any = load_script(ROOT / "tools" / "refresh_pins.py", "refresh_pins")
NUMBERS = {"models": 9, "organizations": 3, "licenses": 4, "license_categories": 7, "offers": 12}


def test_counts_are_rewritten_in_place() -> None:
    text = 'import x\n\nCOUNTS = {"models": 1, "offers": 2}\n\n\ndef test() -> None: ...\n'
    new = rp.refresh_counts(text, NUMBERS)
    assert (
        'COUNTS = {"models": 9, "organizations": 3, "licenses": 4, "license_categories": 7, "offers": 12}'
        in new
    )
    assert new.startswith("import x\n\n")
    assert new.endswith("def test() -> None: ...\n")


def test_only_the_current_versions_size_line_changes() -> None:
    text = (
        "# Changelog\n\n## 2.0.0 (2026-12-05)\n\n- Size: 1 models, 1 organizations, 1 licences, 1 offers.\n\n"
        "## 1.0.0\n\n- Size: 1 models, 1 organizations, 1 licences, 1 offers.\n"
    )
    new = rp.refresh_size(text, "2.0.0", NUMBERS)
    assert new.count("- Size: 9 models, 3 organizations, 4 licences, 12 offers.") == 1
    assert new.endswith("## 1.0.0\n\n- Size: 1 models, 1 organizations, 1 licences, 1 offers.\n")
    assert rp.refresh_size(text, "3.0.0", NUMBERS) == text  # no section for it: nothing to pin


DOC = """# A guide

```pycon
>>> 1 + 1
3
>>> print("a\\n\\nc")
a
b
>>> list(range(20))
[0, 1, ..., 19]
>>> 1 / 0
Traceback (most recent call last):
ZeroDivisionError: division by zero
>>> undefined_name
42
```

Text after the examples stays.
"""


def test_stale_outputs_are_replaced_and_the_rest_kept() -> None:
    new, errors = rp.refresh_examples(DOC, "guide.md")
    assert ">>> 1 + 1\n2\n" in new
    assert "a\n<BLANKLINE>\nc\n" in new  # a blank output line is written as doctest needs it
    assert "[0, 1, ..., 19]" in new  # still matches: left as written
    assert "ZeroDivisionError: division by zero" in new  # an expected exception is an output
    assert ">>> undefined_name\n42\n" in new  # it raised: reported, left as written
    assert errors == ["guide.md:14: NameError(\"name 'undefined_name' is not defined\")"]
    assert new.endswith("```\n\nText after the examples stays.\n")
    assert rp.refresh_examples(new, "guide.md")[0] == new  # a second run changes nothing


def test_a_changed_exception_keeps_the_page_free_of_stack_frames() -> None:
    doc = ">>> {}['gone']\nTraceback (most recent call last):\n...\nKeyError: 'old'\n"
    new, errors = rp.refresh_examples(doc, "guide.md")
    assert new == ">>> {}['gone']\nTraceback (most recent call last):\n...\nKeyError: 'gone'\n"
    assert errors == []
    assert rp.refresh_examples(new, "guide.md")[0] == new


def test_check_reports_stale_files_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "guide.md"
    doc.write_text(">>> 2 * 3\n5\n", encoding="utf-8")
    monkeypatch.setattr(rp, "ROOT", tmp_path)
    monkeypatch.setattr(
        rp, "edits", lambda catalog: {doc: lambda text: rp.refresh_examples(text, "guide.md")}
    )
    assert rp.main(["--check"]) == 1
    assert doc.read_text(encoding="utf-8") == ">>> 2 * 3\n5\n"
    assert "stale: guide.md" in capsys.readouterr().out
    assert rp.main([]) == 0
    assert doc.read_text(encoding="utf-8") == ">>> 2 * 3\n6\n"
    assert rp.main(["--check"]) == 0


def test_the_repository_lists_every_documentation_page() -> None:
    pages = {p.relative_to(ROOT).as_posix() for p in rp.documents()}
    assert {"README.md", "docs/quickstart.md", "docs/guide/queries.md"} <= pages
    assert not any("_generated" in page or "_build" in page for page in pages)
