"""Edges of tables, catalogs and catalog files (added where tools/mutation_test.py showed that a
changed operator or constant in _catalog.py went unnoticed)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

import openclosed as oc
import openclosed._loader as catalog_module


def _file(tmp_path: Path, document: dict[str, Any]) -> tuple[Path, int]:
    path = tmp_path / "catalog.json"
    path.write_bytes(json.dumps(document).encode("utf-8"))
    return path, path.stat().st_size


def test_a_file_of_exactly_the_cap_loads_and_one_byte_more_is_refused(
    tmp_path: Path, document: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, size = _file(tmp_path, document)
    monkeypatch.setattr(catalog_module, "MAX_CATALOG_BYTES", size)
    assert len(oc.load_catalog(path).models) == len(document["models"])
    monkeypatch.setattr(catalog_module, "MAX_CATALOG_BYTES", size - 1)
    with pytest.raises(oc.CatalogError, match=f"the file has more than {size - 1} bytes"):
        oc.load_catalog(path)


def test_no_more_than_one_byte_beyond_the_cap_is_read(
    tmp_path: Path, document: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The documented bound: a file is read with one request of at most the cap plus one byte."""
    path, size = _file(tmp_path, document)
    asked: list[int] = []

    class Counting(io.BytesIO):
        def read(self, n: int | None = -1) -> bytes:
            asked.append(-1 if n is None else n)
            return super().read(n)

    monkeypatch.setattr(catalog_module, "open", lambda *_: Counting(path.read_bytes()), raising=False)
    monkeypatch.setattr(catalog_module, "MAX_CATALOG_BYTES", size // 2)
    with pytest.raises(oc.CatalogError, match="more than"):
        oc.load_catalog(path)
    assert asked == [size // 2 + 1]


def test_a_missing_file_is_named_with_the_system_reason_alone(tmp_path: Path) -> None:
    with pytest.raises(oc.CatalogError) as caught:
        oc.load_catalog(tmp_path / "absent.json")
    assert caught.value.errors == ("cannot read the file: No such file or directory @ $",)


def test_json_output_keeps_non_ascii_text_and_indents_by_two(document: dict[str, Any]) -> None:
    document["organizations"][0]["name"] = "Acmé AI"
    cat = oc.load_catalog(document)
    text = cat.to_json()
    assert '"name": "Acmé AI"' in text  # written as is, not as \u00e9
    assert text.splitlines()[1] == '  "catalog": {'  # sorted keys, two spaces
    assert json.loads(text) == cat.to_document()
    canonical = cat.canonical_json()
    assert '"name":"Acmé AI"' in canonical
    assert canonical.startswith('{"catalog":{')
    compact = json.dumps(cat.to_document(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert canonical == compact


def test_an_unknown_key_gets_three_suggestions_at_most() -> None:
    """'llama license' resembles five licences; the error (and ``suggest``) names the best three."""
    assert len(oc.licenses.suggest("llama license", n=5)) == 5
    assert oc.licenses.suggest("llama license") == oc.licenses.suggest("llama license", n=5)[:3]
    with pytest.raises(oc.UnknownIdError) as caught:
        oc.licenses["llama license"]
    assert caught.value.suggestions == oc.licenses.suggest("llama license", n=5)[:3]


def test_a_record_is_in_a_table_only_if_the_table_holds_that_very_record() -> None:
    """``record in table`` compares the record, not just its id: an edited copy is not in it."""
    import attrs

    llama = oc.models["llama-2"]
    assert llama in oc.models
    assert attrs.evolve(llama, name="Llama 2 (edited)") not in oc.models
    assert oc.licenses[llama.licenses.weights or ""] not in oc.models  # an id of another table


def test_json_output_sorts_the_keys_of_every_object(document: dict[str, Any]) -> None:
    """Keys in sorted order at every level, so that two dumps of a catalog diff line by line."""
    cat = oc.load_catalog(document)

    def sorted_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _ in pairs]
        assert keys == sorted(keys)
        return dict(pairs)

    for text in (cat.to_json(), cat.to_json(indent=None), cat.canonical_json()):
        json.loads(text, object_pairs_hook=sorted_pairs)


def test_extending_with_an_id_already_there_needs_override() -> None:
    acme = {"organizations": [{"id": "meta", "name": "Meta Platforms", "kind": "company"}]}
    with pytest.raises(oc.CatalogError, match="'meta' is already in the catalog; pass override=True"):
        oc.catalog().extended(acme)
    assert oc.catalog().extended(acme, override=True).organizations["meta"].name == "Meta Platforms"


def test_catalogs_of_one_version_with_other_facts_differ() -> None:
    extended = oc.catalog().extended({"organizations": [{"id": "acme", "name": "Acme", "kind": "company"}]})
    assert extended.version == oc.catalog().version
    assert extended != oc.catalog()
    assert oc.load_catalog(oc.catalog().to_document()) == oc.catalog()


def test_tables_are_equal_when_they_hold_the_same_records(document: dict[str, Any]) -> None:
    first, second = oc.load_catalog(document), oc.load_catalog(document)
    assert first.models is not second.models
    assert first.models == second.models
    assert first.licenses == second.licenses
    assert first.models != first.organizations
    document["models"].pop()
    assert oc.load_catalog(document).models != first.models
