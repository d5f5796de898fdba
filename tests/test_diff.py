"""Catalog diffs: records added, removed and changed field by field; shipped per-record hashes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

import openclosed as oc
from openclosed._loader import SECTIONS, build_catalog
from openclosed.cli import main
from openclosed.diff import SECTIONS as DIFF_SECTIONS
from openclosed.diff import FieldChange, diff_hashes, packaged_hashes, record_hashes


def edited(document: dict[str, Any]) -> dict[str, Any]:
    """The fixture with one model removed, one added, one renamed and a licence's cap raised."""
    new: dict[str, Any] = json.loads(json.dumps(document))
    removed = new["models"].pop()
    added = dict(new["models"][0], id="acme-new", name="Acme New", aliases=[])
    new["models"].append(added)
    new["models"][0]["name"] = "Acme Open 7B (renamed)"
    lic = next(x for x in new["licenses"] if x["id"] == "LicenseRef-acme-community")
    lic["restrictions"]["user_cap"] = 5000
    new["offers"] = [o for o in new["offers"] if o["model"] != removed["id"]]
    return new


def test_diff_names_added_removed_and_changed_fields(document: dict[str, Any]) -> None:
    old, new = build_catalog(document), build_catalog(edited(document))
    diff = old.diff(new)
    assert diff
    removed = document["models"][-1]["id"]
    assert diff.models.added == ("acme-new",)
    assert diff.models.removed == (removed,)
    first = document["models"][0]["id"]
    change = next(c for c in diff.models.changed if c.id == first)
    assert FieldChange(field="name", old=document["models"][0]["name"], new="Acme Open 7B (renamed)") in (
        change.fields
    )
    (lic,) = diff.licenses.changed
    assert lic.id == "LicenseRef-acme-community"
    assert lic.fields == (FieldChange(field="restrictions.user_cap", old=1000, new=5000),)
    assert not diff.organizations
    back = new.diff(old)
    assert (back.models.added, back.models.removed) == (diff.models.removed, diff.models.added)


def test_a_catalog_does_not_differ_from_itself_or_its_export(tmp_path: Path) -> None:
    assert not oc.catalog().diff(oc.catalog())
    path = tmp_path / "export.json"
    path.write_text(oc.catalog().to_json(), encoding="utf-8")
    assert not oc.load_catalog(path).diff(oc.catalog())


def test_derived_openness_changes_show(document: dict[str, Any]) -> None:
    new = json.loads(json.dumps(document))
    model = next(m for m in new["models"] if m.get("licenses", {}).get("weights") == "Apache-2.0")
    model["licenses"]["weights"] = "LicenseRef-acme-community"
    diff = build_catalog(document).diff(build_catalog(new))
    (change,) = diff.models.changed
    fields = {c.field for c in change.fields}
    assert "licenses.weights" in fields
    assert "openness.level" in fields


def test_diff_text_and_json(document: dict[str, Any]) -> None:
    diff = build_catalog(document).diff(build_catalog(edited(document)))
    text = str(diff)
    assert text.splitlines()[0] == "catalog 26.1.0 -> 26.1.0: 1 added, 1 removed, 2 changed"
    assert "  + acme-new" in text
    assert "      restrictions.user_cap: 1000 -> 5000" in text
    data = json.loads(json.dumps(diff.to_dict()))
    assert data["models"]["added"] == ["acme-new"]
    assert list(data) == ["old_version", "new_version", *DIFF_SECTIONS]


def test_hashes_ship_with_the_package_and_match_the_catalog() -> None:
    shipped = packaged_hashes()
    assert shipped["version"] == oc.__version__
    assert shipped["records"] == oc.catalog().record_hashes()
    document = oc.catalog().to_document()
    record = document["models"][0]
    text = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert shipped["records"][f"models/{record['id']}"] == hashlib.sha256(text.encode()).hexdigest()
    assert len(shipped["records"]) == sum(len(getattr(oc.catalog(), name)) for name in DIFF_SECTIONS)
    assert tuple(name for name, _ in SECTIONS) == DIFF_SECTIONS


def test_diff_hashes_names_changed_ids_without_fields(document: dict[str, Any]) -> None:
    old, new = build_catalog(document), build_catalog(edited(document))
    by_hash = diff_hashes(old.record_hashes(), new.record_hashes(), old_version="a", new_version="b")
    full = old.diff(new)
    assert by_hash.models.added == full.models.added
    assert by_hash.models.removed == full.models.removed
    assert [c.id for c in by_hash.licenses.changed] == [c.id for c in full.licenses.changed]
    assert all(c.fields == () for c in by_hash.licenses.changed)
    # models changed by hash are those whose facts changed; derived fields do not count
    assert {c.id for c in by_hash.models.changed} <= {c.id for c in full.models.changed}
    assert not diff_hashes(record_hashes(old.to_document()), old.record_hashes())


def test_cli_diff(document: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(document), encoding="utf-8")
    new.write_text(json.dumps(edited(document)), encoding="utf-8")
    assert main(["diff", str(old), str(new)]) == 1
    out = capsys.readouterr().out
    assert "  - " in out
    assert "restrictions.user_cap: 1000 -> 5000" in out
    assert main(["diff", str(old), str(old)]) == 0
    assert "0 added, 0 removed, 0 changed" in capsys.readouterr().out
    assert main(["diff", str(old), str(new), "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["models"]["added"] == ["acme-new"]


def test_export_hashes_is_the_shipped_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["export", "--format", "hashes"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out) == packaged_hashes()
    saved = tmp_path / "pinned-hashes.json"
    saved.write_text(out, encoding="utf-8")
    assert main(["diff", str(saved)]) == 0  # the same version: nothing changed
    assert "0 added, 0 removed, 0 changed" in capsys.readouterr().out


def test_cli_diff_against_the_installed_catalog_and_hashes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = oc.catalog().to_document()
    referenced = {o["model"] for o in document["offers"]}
    for m in document["models"]:
        referenced |= {m.get("family"), m.get("successor"), m.get("renamed_to"), *m.get("based_on", ())}
    gone = next(m["id"] for m in document["models"] if m["id"] not in referenced)
    document["models"] = [m for m in document["models"] if m["id"] != gone]
    pinned = tmp_path / "pinned.json"
    pinned.write_text(json.dumps(document), encoding="utf-8")
    assert main(["diff", str(pinned)]) == 1  # the installed catalog is the new side
    assert f"  + {gone}" in capsys.readouterr().out
    hashes = tmp_path / "hashes.json"
    hashes.write_text(json.dumps({"version": "26.0.0", "records": record_hashes(document)}), encoding="utf-8")
    assert main(["diff", str(hashes), "installed"]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"catalog 26.0.0 -> {oc.__version__}: 1 added, 0 removed, 0 changed")
    assert main(["diff", "installed", str(tmp_path / "missing.json")]) == 2
    assert "cannot read the file" in capsys.readouterr().err
