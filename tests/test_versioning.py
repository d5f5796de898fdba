"""Pin a version, get the same catalog: version, digest, ids forever, changelog, user catalogs, export."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import subprocess
import sys
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from packaging.version import Version

import openclosed as oc
from openclosed._loader import DATA_FILES, SECTIONS

ROOT = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent


def test_version_is_the_catalog_version() -> None:
    assert oc.__version__ == oc.catalog().version
    assert Version(oc.__version__).release[0] >= 26  # CalVer: YY.MINOR.MICRO
    assert re.fullmatch(r"\d+\.\d+\.\d+", oc.__version__)  # no letter suffixes


def test_version_matches_pyproject() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    match = re.search(r'^version = "([^"]+)"$', text, re.MULTILINE)
    assert match is not None
    assert match.group(1) == oc.__version__


def test_version_is_read_without_importlib_metadata() -> None:
    code = "import sys, openclosed; openclosed.__version__; print('importlib.metadata' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def digest_from_the_files() -> str:
    """The documented recipe, using nothing of openclosed but the data files."""
    data = files("openclosed") / "data"
    document = {
        name: json.loads((data / f"{name}.json").read_text(encoding="utf-8"))[name] for name in DATA_FILES
    }
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def test_digest_can_be_recomputed_from_the_data_files() -> None:
    assert oc.catalog().digest == digest_from_the_files()
    assert re.fullmatch(r"[0-9a-f]{64}", oc.catalog().digest)


def test_digest_changes_with_any_fact() -> None:
    document = oc.catalog().to_document()
    document["models"][0]["name"] += " (changed)"
    assert oc.load_catalog(document).digest != oc.catalog().digest


# --- ids are forever, and changes are announced ------------------------------------

RELEASES: dict[str, Any] = json.loads((TESTS / "releases.json").read_text(encoding="utf-8"))
RELEASED_IDS = [
    line
    for line in (TESTS / "released_ids.txt").read_text(encoding="utf-8").splitlines()
    if line and line[0] != "#"
]


@pytest.mark.parametrize("key", RELEASED_IDS)
def test_every_released_id_still_resolves(key: str) -> None:
    section, record_id = key.split("/", 1)
    assert getattr(oc.catalog(), section).get(record_id) is not None, (
        f"{key} was released and must stay findable"
    )


def current_hashes() -> dict[str, str]:
    document = oc.catalog().to_document()
    out = {}
    for section, _ in SECTIONS:
        for record in document[section]:
            text = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            out[f"{section}/{record['id']}"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return out


def changelog_section(version: str) -> str:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(version)}\b.*?(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    assert match is not None, f"CHANGELOG.md has no section for {version}"
    return match.group(0)


def test_a_released_version_never_changes_its_data() -> None:
    recorded = RELEASES.get(oc.__version__)
    if recorded is None:
        pytest.skip(f"{oc.__version__} is not released yet")
    if recorded["digest"] != oc.catalog().digest:
        now = current_hashes()
        changed = sorted(
            k for k in set(now) | set(recorded["records"]) if now.get(k) != recorded["records"].get(k)
        )
        pytest.fail(
            f"the data changed after {oc.__version__} was recorded; bump the version and name these ids "
            f"in its CHANGELOG section: {', '.join(changed)}"
        )


def test_changelog_names_every_id_changed_since_the_last_release() -> None:
    earlier = sorted((Version(v) for v in RELEASES if Version(v) < Version(oc.__version__)), reverse=True)
    before: dict[str, str] = RELEASES[str(earlier[0])]["records"] if earlier else {}
    now = current_hashes()
    changed = sorted(k.split("/", 1)[1] for k in now if now[k] != before.get(k))
    section = changelog_section(oc.__version__)
    missing = [record_id for record_id in changed if f"`{record_id}`" not in section]
    assert missing == [], f"CHANGELOG.md section {oc.__version__} must name these changed ids: {missing}"


# --- user catalogs --------------------------------------------------------------------

SOURCE = [{"url": "https://example.org/mine", "checked": "2026-11-28"}]
MY_MODEL = {
    "id": "my-model",
    "name": "My Model",
    "kind": "model",
    "organization": "meta",
    "access": {"weights": "public", "deployments": ["self-host"]},
    "licenses": {"weights": "Apache-2.0"},
    "tasks": ["text-generation"],
    "sources": SOURCE,
}


def test_extended_adds_records_and_leaves_the_original_alone(tmp_path: Path) -> None:
    base = oc.catalog()
    digest = base.digest
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"models": [MY_MODEL]}), encoding="utf-8")
    extended = base.extended(path)
    assert extended.models["My Model"].level is oc.Level.OPEN_WEIGHTS
    assert "my-model" in extended.models.filter(vendor="meta").ids()
    assert "my-model" not in base.models
    assert len(extended.models) == len(base.models) + 1
    assert base.digest == digest
    assert oc.recommend(oc.Requirements(), extended).score_of("my-model") is not None


def test_extended_refuses_shipped_ids_unless_told_to_override() -> None:
    clash = dict(MY_MODEL, id="mistral-7b", name="Mistral 7B (mine)", organization="mistral-ai")
    with pytest.raises(oc.CatalogError) as info:
        oc.catalog().extended({"models": [MY_MODEL, clash]})
    assert info.value.errors == (
        "id 'mistral-7b' is already in the catalog; pass override=True to replace it @ $.models[1].id",
    )
    replaced = oc.catalog().extended({"models": [clash]}, override=True)
    assert replaced.models["mistral-7b"].name == "Mistral 7B (mine)"
    assert oc.models["mistral-7b"].name == "Mistral 7B"


def test_extended_reports_every_problem_with_paths_into_the_user_data() -> None:
    bad = [dict(MY_MODEL, parameters="7B"), dict(MY_MODEL, id="other", organization="metta")]
    with pytest.raises(oc.CatalogError) as info:
        oc.catalog().extended({"models": bad, "prompts": []})
    assert info.value.errors == ("extra sections found (prompts) @ $",)
    with pytest.raises(oc.CatalogError) as info:
        oc.catalog().extended({"models": bad})
    assert set(info.value.errors) == {
        "expected an integer, got '7B' @ $.models[0].parameters",
        "unknown organization 'metta'; did you mean 'meta'? @ $.models[1].organization",
    }


def test_user_catalog_works_with_queries_and_the_scorer() -> None:
    from conftest import make_document

    mine = oc.load_catalog(make_document())
    assert mine.models.filter(side="open").ids() == ("acme-open-7b", "lab-1b")
    rec = oc.recommend(oc.Requirements(), mine)
    assert rec.catalog_version == f"26.1.0+local.{mine.digest[:8]}"  # not the release's facts
    assert rec.catalog_digest == mine.digest


# --- export ---------------------------------------------------------------------------


def test_json_export_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text(oc.catalog().to_json(), encoding="utf-8")
    again = oc.load_catalog(path)
    assert again == oc.catalog()
    assert again.digest == oc.catalog().digest


def test_csv_export_has_one_row_per_model() -> None:
    rows = list(csv.DictReader(io.StringIO(oc.catalog().to_csv())))
    assert [r["id"] for r in rows] == list(oc.models.ids())
    llama = next(r for r in rows if r["id"] == "llama-2-7b")
    assert llama["level"] == "restricted-weights"
    assert "text-generation" in llama["tasks"].split(";")


# --- schema ---------------------------------------------------------------------------


def test_shipped_schema_is_generated_from_the_records() -> None:
    from openclosed.schema import json_schema

    shipped = json.loads((files("openclosed") / "data" / "schema.json").read_text(encoding="utf-8"))
    assert shipped == json_schema(), "run python tools/compile_catalog.py to regenerate data/schema.json"


def test_shipped_data_validates_against_the_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from openclosed._loader import packaged_document
    from openclosed.schema import json_schema

    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert [e.message for e in validator.iter_errors(packaged_document())] == []
    broken = packaged_document()
    broken["models"][0]["bogus"] = 1
    broken["models"][1]["parameters"] = "7B"
    assert len(list(validator.iter_errors(broken))) == 2
