"""Installed data is verified against the digests recorded at release; other catalogs say what they are."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import openclosed as oc
import openclosed._catalog as catalog_module
import openclosed._loader as loader
import openclosed._resources as resources
from conftest import load_script, make_document
from openclosed.cli import main

DATA = Path(oc.__file__).parent / "data"


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the installed data files that the packaged catalog is then read from."""
    data = tmp_path / "openclosed" / "data"
    shutil.copytree(DATA, data)
    monkeypatch.setattr(resources, "DATA_DIR", str(data))  # where the data files are read
    monkeypatch.setattr(catalog_module, "_packaged", None)
    monkeypatch.delenv(loader.TRUST_VARIABLE, raising=False)
    for name in ("models", "organizations", "licenses", "license_categories", "offers"):
        if name in vars(oc):  # (hasattr would resolve it, loading the catalog)
            monkeypatch.delattr(oc, name)  # resolved again through catalog()
    return data


def relicense_llama_2(data: Path) -> None:
    """The attack of the issue: one license changed in the installed models.json."""
    path = data / "models.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    (llama,) = [m for m in document["models"] if m["id"] == "llama-2"]
    llama["licenses"]["weights"] = "Apache-2.0"
    path.write_text(json.dumps(document), encoding="utf-8")


def test_the_installed_data_matches_the_recorded_digests() -> None:
    assert loader.modified_data_files() == ()
    recorded = json.loads((DATA / "digests.json").read_text(encoding="utf-8"))
    assert recorded["algorithm"] == "sha256"
    assert sorted(recorded["files"]) == sorted(f"{name}.json" for name in loader.PACKAGED_FILES)
    assert oc.catalog().origin == "packaged"
    assert oc.catalog().local_version == oc.__version__


def test_a_modified_data_file_is_refused_naming_it(installed: Path) -> None:
    """Refused when first read: by the record a lookup reads, and whole by a full load."""
    relicense_llama_2(installed)
    cat = oc.catalog()
    with pytest.raises(oc.CatalogError, match="the record 'llama-2' differs from the one released") as caught:
        cat.models["llama-2"]
    assert caught.value.source == "the packaged data file openclosed/data/models.json"
    for _ in range(2):  # nothing is filled: the next use is refused the same way
        with pytest.raises(oc.CatalogError, match="the file differs from the one released") as caught:
            len(cat.models)
        assert caught.value.source == "the packaged data file openclosed/data/models.json"
        assert cat.models._pending is not None


def test_an_unmodified_copy_loads_as_the_release(installed: Path) -> None:
    assert oc.catalog().origin == "packaged"
    assert oc.models["llama-2"].level is oc.Level.RESTRICTED_WEIGHTS


def test_the_bypass_alone_does_not_make_unmodified_data_modified(
    installed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only files that differ make a catalog "modified": with the bypass set for nothing, the
    catalog is still the release (its version has no local part)."""
    monkeypatch.setenv(loader.TRUST_VARIABLE, "1")
    cat = oc.catalog()
    assert cat.origin == "packaged"
    assert cat.local_version == oc.__version__


@pytest.mark.parametrize("use", [lambda cat: cat.models["gpt-oss-120b"], lambda cat: list(cat.offers)])
def test_a_missing_data_file_is_named_with_the_system_reason(
    installed: Path, use: Callable[[oc.Catalog], object]
) -> None:
    (installed / "offers.json").unlink()
    with pytest.raises(oc.CatalogError) as caught:
        use(oc.catalog())
    assert caught.value.source == "the packaged data file openclosed/data/offers.json"
    assert caught.value.errors == ("cannot read the file: No such file or directory @ $",)


@pytest.mark.parametrize("name", ["catalog.json"])
def test_the_header_is_checked_before_anything_is_built(installed: Path, name: str) -> None:
    path = installed / name
    path.write_bytes(path.read_bytes() + b" ")  # one byte more, the rest as released
    with pytest.raises(oc.CatalogError, match="the file differs") as caught:
        oc.catalog()
    assert caught.value.source == f"the packaged data file openclosed/data/{name}"
    assert catalog_module._packaged is None


@pytest.mark.parametrize("damage", ["missing", "garbage", "wrong-shape"])
def test_a_missing_or_damaged_digest_record_is_refused(installed: Path, damage: str) -> None:
    record = installed / "digests.json"
    if damage == "missing":
        record.unlink()
    else:
        record.write_text("{" if damage == "garbage" else '{"files": []}', encoding="utf-8")
    with pytest.raises(oc.CatalogError, match="digests"):
        oc.catalog()


def test_modified_data_loads_on_purpose_and_says_so(
    installed: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    relicense_llama_2(installed)
    monkeypatch.setenv(loader.TRUST_VARIABLE, "1")
    cat = oc.catalog()
    assert cat.origin == "modified"
    assert oc.models["llama-2"].level is oc.Level.OPEN_WEIGHTS  # the patch took effect
    assert cat.version == oc.__version__
    assert cat.local_version == f"{oc.__version__}+local.{cat.digest[:8]}"
    rec = oc.recommend(oc.Requirements(constraints={"tasks": "text-generation"}))
    assert rec.catalog_version == cat.local_version
    assert rec.catalog_digest == cat.digest
    assert main(["--version"]) == 0
    line = capsys.readouterr().out
    assert f"catalog {cat.local_version}" in line
    assert "modified data files: models.json" in line


def test_modified_data_loaded_on_purpose_is_fully_validated(
    installed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The release's SPDX check is skipped only for the release's own data."""
    path = installed / "licenses.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"id":"MIT"', '"id":"mit"'), encoding="utf-8")
    monkeypatch.setenv(loader.TRUST_VARIABLE, "1")
    with pytest.raises(oc.CatalogError, match="SPDX id 'mit' is not canonical"):
        oc.catalog()


def test_the_bypass_is_off_unless_set(installed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    relicense_llama_2(installed)
    monkeypatch.setenv(loader.TRUST_VARIABLE, "0")
    with pytest.raises(oc.CatalogError, match="differs"):
        oc.catalog().models["llama-2"]


def test_catalogs_of_users_carry_their_origin_and_digest() -> None:
    loaded = oc.load_catalog(make_document())
    assert loaded.origin == "loaded"
    assert loaded.local_version == f"26.1.0+local.{loaded.digest[:8]}"
    extended = oc.catalog().extended({"organizations": [{"id": "acme", "name": "Acme", "kind": "company"}]})
    assert extended.origin == "extended"
    assert extended.local_version.startswith(f"{oc.__version__}+local.")
    copy = oc.load_catalog(oc.catalog().to_document())
    assert copy == oc.catalog()  # the same facts: equal, whatever the origin
    assert copy.local_version != oc.catalog().local_version


def test_the_compile_tool_records_the_digests_of_what_it_writes() -> None:
    import hashlib

    path = Path(__file__).resolve().parents[1] / "tools" / "compile_catalog.py"
    tool = load_script(path, "compile_catalog_for_digests")
    texts = {name: f'{{"{name}": []}}\n' for name in loader.DATA_FILES} | {
        "index": "",
        "left_out": '{"left_out":[],"version":"1.0.0"}\n',
    }
    recorded = json.loads(tool.packaged_digests(texts))["files"]
    assert recorded["models.json"] == hashlib.sha256(texts["models"].encode("utf-8")).hexdigest()
    assert recorded["left_out.json"] == hashlib.sha256(texts["left_out"].encode("utf-8")).hexdigest()
