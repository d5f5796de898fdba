"""Models a release leaves out on purpose: a lookup of one gives the written reason, not look-alikes."""

from __future__ import annotations

import datetime
import json
import pickle
import shutil
from pathlib import Path

import pytest

import openclosed as oc
import openclosed._catalog as catalog_module
import openclosed._left_out as left_out_module
import openclosed._loader as loader
import openclosed._resources as resources
from conftest import make_document
from openclosed import LeftOut, UnknownIdError

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(oc.__file__).parent / "data"


def _source_entries() -> list[dict[str, str]]:
    entries: list[dict[str, str]] = json.loads((ROOT / "catalog" / "left_out.json").read_text("utf-8"))
    return entries


def test_every_left_out_name_is_answered_with_its_reason() -> None:
    entries = _source_entries()
    assert len(oc.catalog().left_out) == len(entries) > 0
    for entry in entries:
        with pytest.raises(UnknownIdError) as caught:
            oc.models[entry["name"]]
        found = caught.value.left_out
        assert found is not None, entry["name"]
        assert (found.name, found.maker, found.reason) == (entry["name"], entry["maker"], entry["reason"])
        assert found.checked == datetime.date.fromisoformat(entry["checked"])
        message = str(caught.value)
        pending = entry["reason"].startswith("Not yet recorded")
        assert found.pending is pending
        assert ("a known gap, not a decision" in message) is pending
        assert ("left out on purpose" in message) is not pending
        assert entry["reason"] in message
        assert "did you mean" not in message
        assert oc.models.get(entry["name"]) is None  # get() never raises


def test_a_left_out_name_matches_as_ids_do() -> None:
    """Case, spaces, dots and dashes do not matter, as for any key."""
    with pytest.raises(UnknownIdError) as caught:
        oc.models["GPT 4o Realtime Preview"]
    assert caught.value.left_out is not None
    assert caught.value.left_out.name == "gpt-4o-realtime-preview"


def test_the_suggestions_are_the_nearest_models_of_its_line() -> None:
    """A bare name of three tiers shows the three tiers, not the line's newest models."""
    with pytest.raises(UnknownIdError) as caught:
        oc.models["gpt-5.6"]
    assert sorted(caught.value.suggestions) == ["gpt-5.6-luna", "gpt-5.6-sol", "gpt-5.6-terra"]
    assert "other models of its line: " in str(caught.value)
    with pytest.raises(UnknownIdError) as caught:
        oc.models["kimi-k2-thinking-turbo"]
    assert caught.value.suggestions[0] == "kimi-k2-thinking"


def test_a_name_that_is_not_left_out_is_unchanged() -> None:
    with pytest.raises(UnknownIdError) as caught:
        oc.models["gpt-4o-minii"]
    assert caught.value.left_out is None
    assert "did you mean 'gpt-4o-mini'" in str(caught.value)


def test_the_error_pickles_with_its_reason() -> None:
    with pytest.raises(UnknownIdError) as caught:
        oc.models["gpt-4o-realtime-preview"]
    copy = pickle.loads(pickle.dumps(caught.value))
    assert copy.left_out == caught.value.left_out
    assert str(copy) == str(caught.value)


def test_a_catalog_of_another_version_has_no_left_out_list() -> None:
    """The reasons are about what the release holds; another catalog may hold the model."""
    document = make_document()
    document["catalog"]["version"] = "1.0.0"
    other = oc.load_catalog(document)
    assert other.left_out == ()
    with pytest.raises(UnknownIdError) as caught:
        other.models["gpt-4o-realtime-preview"]
    assert caught.value.left_out is None
    # the release's own document, loaded back, is the same catalog: the same reasons
    copy = oc.load_catalog(oc.catalog().to_document())
    assert copy.left_out == oc.catalog().left_out


def test_a_name_a_user_adds_is_found_and_no_longer_listed() -> None:
    base = oc.catalog()
    llama = base.models["llama-2"].to_dict()
    added = {k: v for k, v in llama.items() if k not in ("openness", "offers")}
    name = "GPT-4o Realtime Preview"
    added.update(id="gpt-4o-realtime-preview", name=name, aliases=[], family=None, based_on=[])
    extended = base.extended({"models": [added]})
    assert extended.models["gpt-4o-realtime-preview"].name == "GPT-4o Realtime Preview"
    assert "gpt-4o-realtime-preview" not in {entry.name for entry in extended.left_out}
    assert len(extended.left_out) == len(base.left_out) - 1


def test_the_shipped_list_is_the_compiled_source() -> None:
    shipped = json.loads((DATA / "left_out.json").read_text("utf-8"))
    assert shipped["version"] == oc.__version__
    assert {e["name"] for e in shipped["left_out"]} == {e["name"] for e in _source_entries()}


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        (
            {"maker": None, "reason": None, "checked": None},
            "missing fields 'maker', 'reason', 'checked' @ $[0]",
        ),
        ({"extra": 1}, "unknown fields 'extra' @ $[0]"),
        ({"reason": "one two three four"}, "reason must be a sentence saying why"),
        ({"name": 3}, "name must be a string, not int 3 @ $[0]"),
        ({"name": "--"}, "name must name something, not '--'"),
        ({"reason": "gone"}, "reason must be a sentence saying why, not 'gone'"),
        ({"checked": "soon"}, "checked must be an ISO date (YYYY-MM-DD), not 'soon' @ $[0].checked"),
        ({"url": "http://example.com"}, "url must be an https:// URL, not 'http://example.com'"),
    ],
)
def test_a_malformed_entry_is_named_by_its_path(entry: dict[str, object], problem: str) -> None:
    good = {"name": "m-1", "maker": "acme", "reason": "A reason of a few words.", "checked": "2026-01-02"}
    changed = {key: value for key, value in {**good, **entry}.items() if value is not None}
    with pytest.raises(oc.CatalogError) as caught:
        left_out_module.parse_left_out([changed])
    assert any(problem in error for error in caught.value.errors), caught.value.errors


def test_a_reason_of_five_words_is_a_sentence() -> None:
    good = {
        "name": "m-1",
        "maker": "acme",
        "reason": "Superseded by the catalogued release.",
        "checked": "2026-01-02",
    }
    (entry,) = left_out_module.parse_left_out([good])
    assert entry.reason == good["reason"]


def test_two_entries_for_one_model_are_refused() -> None:
    good = {"name": "M 1", "maker": "acme", "reason": "A reason of a few words.", "checked": "2026-01-02"}
    with pytest.raises(oc.CatalogError, match=r"'m-1' is already left out by entry 0 @ \$\[1\].name"):
        left_out_module.parse_left_out([good, {**good, "name": "m-1"}])
    with pytest.raises(oc.CatalogError, match="expected a list"):
        left_out_module.parse_left_out({"name": "m-1"})


def test_a_left_out_record_is_immutable_and_typed() -> None:
    entry = oc.catalog().left_out[0]
    assert isinstance(entry, LeftOut)
    with pytest.raises(AttributeError):
        entry.reason = "changed"  # type: ignore[misc]
    assert str(entry).startswith(entry.reason)
    assert f"checked {entry.checked.isoformat()}" in str(entry)


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the installed data, read instead of the real one, with nothing cached."""
    data = tmp_path / "openclosed" / "data"
    shutil.copytree(DATA, data)
    monkeypatch.setattr(resources, "DATA_DIR", str(data))
    monkeypatch.setattr(catalog_module, "_packaged", None)
    monkeypatch.setattr(left_out_module, "_loaded", None)
    monkeypatch.setattr(left_out_module, "_release", None)
    monkeypatch.delenv(loader.TRUST_VARIABLE, raising=False)
    return data


def _change_a_reason(data: Path) -> None:
    path = data / "left_out.json"
    document = json.loads(path.read_text("utf-8"))
    document["left_out"][0]["reason"] = "A reason nobody released with this version."
    path.write_text(json.dumps(document), encoding="utf-8")


def test_a_modified_list_is_refused_naming_the_file(installed: Path) -> None:
    _change_a_reason(installed)
    name = json.loads((installed / "left_out.json").read_text("utf-8"))["left_out"][0]["name"]
    with pytest.raises(oc.CatalogError, match="differs from the one released") as caught:
        oc.catalog().models[name]
    assert caught.value.source == "the packaged data file openclosed/data/left_out.json"
    assert loader.modified_data_files() == ("left_out.json",)


def test_a_modified_list_is_read_when_trusted(installed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _change_a_reason(installed)
    monkeypatch.setenv(loader.TRUST_VARIABLE, "1")
    name = json.loads((installed / "left_out.json").read_text("utf-8"))["left_out"][0]["name"]
    with pytest.raises(UnknownIdError, match=r"A reason nobody released with this version\."):
        oc.catalog().models[name]


def test_a_catalog_of_another_version_never_reads_the_list(installed: Path) -> None:
    """A user's own catalog is not answered for by the release's data, damaged or not."""
    (installed / "left_out.json").write_text("damaged", encoding="utf-8")
    document = make_document()
    document["catalog"]["version"] = "1.0.0"
    other = oc.load_catalog(document)
    with pytest.raises(UnknownIdError) as caught:
        other.models["gpt-4o-realtime-preview"]
    assert caught.value.left_out is None
    assert other.left_out == ()


def test_a_damaged_list_is_a_catalog_error(installed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (installed / "left_out.json").write_text('{"version": "1.0.0"}', encoding="utf-8")
    monkeypatch.setenv(loader.TRUST_VARIABLE, "1")
    with pytest.raises(oc.CatalogError, match="not a left-out list") as caught:
        oc.catalog().models["gpt-4o-realtime-preview"]
    assert caught.value.source == "the packaged data file openclosed/data/left_out.json"
