"""The per-record source files in ``catalog/`` and the packaged data compiled from them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import openclosed as oc
from conftest import load_script

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "catalog"


compile_catalog = load_script(ROOT / "tools" / "compile_catalog.py", "compile_catalog")

pytestmark = pytest.mark.skipif(not SOURCES.is_dir(), reason="the catalog sources are not in this tree")


@pytest.fixture(scope="module")
def compiled() -> tuple[dict[str, str], dict[Path, str]]:
    result: tuple[dict[str, str], dict[Path, str]] = compile_catalog.compile_sources(SOURCES)
    return result


def test_packaged_data_is_compiled_from_the_sources(compiled: tuple[dict[str, str], dict[Path, str]]) -> None:
    packaged, _ = compiled
    data = ROOT / "src" / "openclosed" / "data"
    stale = [name for name, text in packaged.items() if (data / f"{name}.json").read_text("utf-8") != text]
    assert stale == [], f"the packaged data differs from catalog/: run {compile_catalog.COMMAND}"


def test_sources_are_canonical(compiled: tuple[dict[str, str], dict[Path, str]]) -> None:
    _, canonical = compiled
    on_disk = set(SOURCES.rglob("*.json"))
    assert on_disk == set(canonical), "every source file is a record of the catalog, and every record has one"
    unformatted = [
        p.relative_to(ROOT).as_posix() for p, text in canonical.items() if p.read_text("utf-8") != text
    ]
    assert unformatted == [], f"run {compile_catalog.COMMAND} to format these"


def test_one_file_per_record_grouped_by_maker() -> None:
    cat = oc.catalog()
    for model in cat.models:
        assert (SOURCES / "models" / model.organization / f"{model.id}.json").is_file(), model.id
    for name in ("organizations", "licenses", "license_categories"):
        for record in getattr(cat, name):
            assert (SOURCES / name / f"{record.id}.json").is_file(), record.id


def test_the_packaged_files_are_compact() -> None:
    text = (ROOT / "src" / "openclosed" / "data" / "models.json").read_text("utf-8")
    assert text.count("\n") == 1  # one line: the runtime parses it, people read catalog/


# --- bad sources fail the compile, with the file and the field, and write nothing ------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the sources and of the packaged data, to break."""
    shutil.copytree(SOURCES, tmp_path / "catalog")
    shutil.copytree(ROOT / "src" / "openclosed" / "data", tmp_path / "data")
    return tmp_path


def _edit(path: Path, change: dict[str, object], remove: tuple[str, ...] = ()) -> None:
    record = json.loads(path.read_text("utf-8"))
    record.update(change)
    for key in remove:
        record.pop(key)
    path.write_text(json.dumps(record), encoding="utf-8")


def _fails(tree: Path, *expected: str) -> None:
    before = {p.name: p.read_bytes() for p in (tree / "data").iterdir()}
    sources = {p: p.read_bytes() for p in (tree / "catalog").rglob("*.json")}
    status = compile_catalog.main(["--sources", str(tree / "catalog"), "--out", str(tree / "data")])
    assert status == 2
    with pytest.raises(compile_catalog.CompileError) as info:
        compile_catalog.compile_sources(tree / "catalog")
    for text in expected:
        assert any(text in problem for problem in info.value.problems), (text, info.value.problems)
    assert {p.name: p.read_bytes() for p in (tree / "data").iterdir()} == before, "nothing is written"
    assert {p: p.read_bytes() for p in (tree / "catalog").rglob("*.json")} == sources


LLAMA = Path("models") / "meta" / "llama-2.json"


def test_unknown_field(tree: Path) -> None:
    _edit(tree / "catalog" / LLAMA, {"parameter_count": 7})
    _fails(tree, "catalog/models/meta/llama-2.json: ", "parameter_count")


def test_wrong_type(tree: Path) -> None:
    _edit(tree / "catalog" / LLAMA, {"context_window": "4k"})
    _fails(tree, "catalog/models/meta/llama-2.json: ", "@ $.context_window")


def test_dangling_reference(tree: Path) -> None:
    _edit(tree / "catalog" / LLAMA, {"licenses": {"weights": "LicenseRef-llama-2-comunity"}})
    _fails(tree, "catalog/models/meta/llama-2.json: unknown license 'LicenseRef-llama-2-comunity'")


def test_price_without_a_date(tree: Path) -> None:
    path = tree / "catalog" / "offers" / "openai" / "gpt-4.json"
    record = json.loads(path.read_text("utf-8"))
    del record["prices"][0]["as_of"]
    path.write_text(json.dumps(record), encoding="utf-8")
    _fails(tree, "catalog/offers/openai/gpt-4.json: ", "as_of")


def test_file_in_the_wrong_folder(tree: Path) -> None:
    (tree / "catalog" / LLAMA).rename(tree / "catalog" / "models" / "google" / "llama-2.json")
    _fails(tree, "catalog/models/google/llama-2.json: this record belongs in models/meta/llama-2.json")


def test_not_json(tree: Path) -> None:
    (tree / "catalog" / LLAMA).write_text('{"id": "llama-2",', encoding="utf-8")
    _fails(tree, "catalog/models/meta/llama-2.json: not valid JSON")


def test_compile_writes_and_formats(tree: Path) -> None:
    """A valid edit compiles: the packaged data follows the source, and the source is formatted."""
    _edit(tree / "catalog" / LLAMA, {"notes": "A changed note."})
    (tree / "data" / "models.json").write_text("{}", encoding="utf-8")
    out = str(tree / "data")
    assert compile_catalog.main(["--sources", str(tree / "catalog"), "--out", out, "--check"]) == 1
    assert compile_catalog.main(["--sources", str(tree / "catalog"), "--out", out]) == 0
    assert compile_catalog.main(["--sources", str(tree / "catalog"), "--out", out, "--check"]) == 0
    models = json.loads((tree / "data" / "models.json").read_text("utf-8"))["models"]
    assert next(m for m in models if m["id"] == "llama-2")["notes"] == "A changed note."
    assert (tree / "catalog" / LLAMA).read_text("utf-8").startswith('{\n  "id": "llama-2",\n  "name": ')


def _edit_left_out(tree: Path, number: int, change: dict[str, object]) -> None:
    path = tree / "catalog" / "left_out.json"
    entries = json.loads(path.read_text("utf-8"))
    entries[number].update(change)
    path.write_text(json.dumps(entries), encoding="utf-8")


def test_a_left_out_name_that_finds_a_model_is_refused(tree: Path) -> None:
    """The lookup would find the model: the reason would never be read, or be wrong."""
    _edit_left_out(tree, 0, {"name": "Llama 2"})
    _fails(tree, "catalog/left_out.json: 'Llama 2' finds the catalogued model 'llama-2'", "@ $[0].name")


def test_a_left_out_entry_names_a_known_maker(tree: Path) -> None:
    _edit_left_out(tree, 0, {"maker": "open-ai"})
    _fails(tree, "catalog/left_out.json: 'open-ai' is not an organization id; did you mean 'openai'?")


def test_a_left_out_entry_gives_a_reason_and_a_date(tree: Path) -> None:
    _edit_left_out(tree, 1, {"reason": "deprecated"})
    _edit_left_out(tree, 2, {"checked": "last week"})
    _fails(
        tree,
        "catalog/left_out.json: reason must be a sentence saying why, not 'deprecated' @ $[1]",
        "catalog/left_out.json: checked must be an ISO date (YYYY-MM-DD), not 'last week' @ $[2].checked",
    )
