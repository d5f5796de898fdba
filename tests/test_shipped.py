"""The shipped catalog builds one model per lookup, and is the same catalog as a full load."""

from __future__ import annotations

import json
import pickle
import shutil
import threading
from pathlib import Path
from typing import Any

import attrs
import pytest

import openclosed as oc
import openclosed._catalog as catalog_module
import openclosed._loader as loader
import openclosed._resources as resources
import openclosed._shipped as shipped
from openclosed import Catalog

DATA = Path(oc.__file__).parent / "data"


def fresh() -> Catalog:
    """A shipped catalog of its own, nothing built yet."""
    return shipped.load_shipped()


@pytest.fixture(scope="module")
def full() -> Catalog:
    """The shipped data loaded whole by the loader, the way every release before this one did."""
    return loader.build_catalog(loader.packaged_document(), trusted=True, origin="packaged")


def test_every_model_built_alone_equals_the_full_load(full: Catalog) -> None:
    cat = fresh()
    for twin in full.models:
        alone = cat.models[twin.id]
        assert alone == twin, twin.id
        assert alone.openness == twin.openness, twin.id
        assert alone.offers == twin.offers, twin.id
        assert [o.id for o in alone.offers] == [o.id for o in twin.offers], twin.id  # order too
    assert cat.models._pending is not None  # not one of those lookups filled the tables


def test_every_key_finds_through_the_index_what_it_finds_in_the_table(full: Catalog) -> None:
    cat = fresh()
    keys = {key for model in full.models for key in (model.id, *model.aliases, model.name)}
    for key in sorted(keys):
        expected = full.models.get(key)
        if expected is not None:
            assert cat.models[key].id == expected.id, key
    assert cat.models._pending is not None


def test_a_lookup_builds_only_its_model_and_keeps_it() -> None:
    cat = fresh()
    first = cat.models["Llama 2"]
    assert cat.models["llama-2"] is first
    assert "llama-2" in cat.models
    assert cat.models._pending is not None
    assert cat.offers._pending is not None


def test_filling_keeps_the_records_already_built() -> None:
    cat = fresh()
    model = cat.models["gpt-oss-120b"]
    assert len(model.offers) > 1
    assert len(cat.models) > 100  # fills every table
    assert cat.models._pending is None
    assert cat.offers._pending is None
    assert cat.models["gpt-oss-120b"] is model
    assert list(cat.models)[cat.models.ids().index("gpt-oss-120b")] is model
    for offer in model.offers:
        assert cat.offers[offer.id] is offer
    assert all(
        a is b
        for a, b in zip(
            cat.models._tables, (cat.organizations, cat.licenses, cat.license_categories), strict=True
        )
    )
    assert cat.offers._models is cat.models


def test_filling_keeps_a_model_built_alone_only_if_it_equals_the_full_load() -> None:
    """The rule that keeps identities must never keep a wrong record: a model whose derived
    fields differ from the full load's (here made to, by hand) gives way to the loader's."""
    cat = fresh()
    model = cat.models["llama-2"]
    assert model.openness is not None
    wrong = attrs.evolve(model.openness, score=0.0)
    object.__setattr__(model, "openness", wrong)  # (a test may; the library never does)
    len(cat.models)
    assert cat.models["llama-2"] is not model
    assert cat.models["llama-2"] == model
    assert cat.models["llama-2"].openness != wrong


def test_a_filled_catalog_equals_the_full_load(full: Catalog) -> None:
    cat = fresh()
    cat.models["gpt-oss-120b"]  # one model built alone first
    assert cat == full
    assert cat.digest == full.digest
    assert cat.to_document() == full.to_document()
    assert cat.models.filter(side="open").ids() == full.models.filter(side="open").ids()


@pytest.mark.parametrize("key", ["nonsense-model", "openai/gpt-4o", "llama\t2", "llama-2\n", "\ud800", ""])
def test_keys_the_index_does_not_know_go_through_the_full_table(full: Catalog, key: str) -> None:
    cat = fresh()
    assert cat.models.get(key) == full.models.get(key)
    assert cat.models._pending is None  # answered by the filled table


#: The tables whose records an exact id finds through the index.
BY_ID = ("organizations", "licenses", "license_categories")


@pytest.mark.parametrize("name", BY_ID)
def test_every_record_found_by_its_id_alone_equals_the_full_load(full: Catalog, name: str) -> None:
    cat = fresh()
    for twin in getattr(full, name):
        assert getattr(cat, name)[twin.id] == twin, twin.id
    assert all(getattr(cat, table)._pending is not None for table in (*BY_ID, "models", "offers"))


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("licenses", "apache-2.0"),
        ("licenses", "Apache 2.0"),
        ("organizations", "Meta AI"),
        ("offers", "openai/gpt-4o"),
    ],
)
def test_other_keys_of_the_other_tables_fill_them(full: Catalog, name: str, key: str) -> None:
    cat = fresh()
    assert getattr(cat, name).get(key) == getattr(full, name).get(key)
    assert cat.models._pending is None


def test_filling_keeps_licences_and_organizations_found_alone() -> None:
    cat = fresh()
    meta, apache = cat.organizations["meta"], cat.licenses["Apache-2.0"]
    category = cat.license_categories[apache.category]
    assert cat.models._pending is not None
    len(cat.models)  # fills every table
    assert cat.models._pending is None
    assert cat.organizations["meta"] is meta
    assert cat.licenses["Apache-2.0"] is apache
    assert cat.license_categories[apache.category] is category
    assert list(cat.licenses)[cat.licenses.ids().index("Apache-2.0")] is apache


def test_a_misspelt_model_still_gets_suggestions() -> None:
    with pytest.raises(oc.UnknownIdError) as caught:
        fresh().models["lama-2"]
    assert "llama-2" in caught.value.suggestions


def test_a_missing_attribute_of_a_waiting_table_fills_nothing() -> None:
    cat = fresh()
    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        cat.models.nonsense  # type: ignore[attr-defined]  # noqa: B018
    assert not hasattr(cat.models, "__array__")
    assert cat.models._pending is not None


def test_a_waiting_catalog_pickles_as_the_full_one(full: Catalog) -> None:
    cat = fresh()
    model = cat.models["llama-2"]
    copy = pickle.loads(pickle.dumps(cat))
    assert copy == full
    assert copy.models["llama-2"] == model
    assert copy.models._pending is None


def test_concurrent_lookups_build_one_model() -> None:
    cat = fresh()
    seen: list[Any] = []
    barrier = threading.Barrier(8)

    def look() -> None:
        barrier.wait()
        seen.append(cat.models["deepseek-v3.2"])

    threads = [threading.Thread(target=look) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 8
    assert all(m is seen[0] for m in seen)


def test_concurrent_first_uses_fill_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = loader.build_catalog

    def counted(*args: Any, **kwargs: Any) -> Catalog:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(loader, "build_catalog", counted)
    cat = fresh()
    lengths: list[int] = []
    barrier = threading.Barrier(8)

    def use(i: int) -> None:
        barrier.wait()
        lengths.append(len(cat.models) if i % 2 else len(cat.models.filter(side="open")))

    threads = [threading.Thread(target=use, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1
    assert len(lengths) == 8


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    monkeypatch.setattr(resources, "DATA_DIR", str(data))
    monkeypatch.setattr(catalog_module, "_packaged", None)
    monkeypatch.delenv(resources.TRUST_VARIABLE, raising=False)
    return data


def test_a_record_changed_in_place_is_refused_and_the_others_are_not(installed: Path) -> None:
    """One byte of one record, the file's length unchanged: that record is refused when read,
    the file when loaded whole; a record left as released still loads."""
    path = installed / "models.json"
    data = path.read_bytes()
    at = data.index(b'"id":"llama-2"')
    name = data.index(b'"name":"', at) + len(b'"name":"')
    path.write_bytes(data[:name] + (b"M" if data[name : name + 1] != b"M" else b"N") + data[name + 1 :])
    cat = fresh()
    with pytest.raises(oc.CatalogError, match="the record 'llama-2' differs") as caught:
        cat.models["llama-2"]
    assert caught.value.source == "the packaged data file openclosed/data/models.json"
    assert cat.models["gpt-oss-120b"].id == "gpt-oss-120b"
    with pytest.raises(oc.CatalogError, match="the file differs"):
        len(cat.models)


def test_the_index_is_sorted_and_names_every_record(full: Catalog) -> None:
    lines = (DATA / "index.json").read_bytes().rstrip(b"\n").split(b"\n")
    assert lines == sorted(lines)
    kinds: dict[bytes, int] = {}
    for line in lines:
        kinds[line[:1]] = kinds.get(line[:1], 0) + 1
    assert kinds[b"m"] == len(full.models)
    assert kinds[b"o"] == len(full.offers)
    assert kinds[b"l"] == len(full.licenses)
    assert kinds[b"c"] == len(full.license_categories)
    assert kinds[b"g"] == len(full.organizations)
    assert kinds[b"k"] == len(full.models._keys)


def test_a_changed_index_page_is_refused_when_read(installed: Path) -> None:
    path = installed / "index.json"
    data = path.read_bytes()
    at = data.index(b"m\tllama-2\t")
    path.write_bytes(data[:at] + b"m\tllama-3\t" + data[at + len(b"m\tllama-2\t") :])
    cat = fresh()
    with pytest.raises(oc.CatalogError, match=r"page \d+ of the index differs") as caught:
        cat.models["llama-2"]
    assert caught.value.source == "the packaged data file openclosed/data/index.json"


@pytest.mark.parametrize("pages", [None, [], "pages"])
def test_a_missing_or_damaged_record_of_the_index_pages_is_refused(installed: Path, pages: object) -> None:
    path = installed / "digests.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    if pages is None:
        del record["index_pages"]
    else:
        record["index_pages"] = pages
    path.write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(oc.CatalogError, match="the record of its pages differs") as caught:
        fresh()
    assert caught.value.source == "the packaged data file openclosed/data/index.json"


def test_the_index_pages_cover_the_index_in_order() -> None:
    pages = resources.recorded_digests()["index_pages"]
    size = (DATA / "index.json").stat().st_size
    assert [page[0] for page in pages] == [0, *(page[1] for page in pages[:-1])]
    assert pages[-1][1] == size
    firsts = [page[2] for page in pages]
    assert firsts == sorted(firsts, key=lambda f: f.encode("utf-8"))


def test_the_first_lookup_reads_no_whole_data_file(monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []
    real = resources.data_bytes

    def spy(name: str) -> bytes:
        read.append(name)
        return real(name)

    monkeypatch.setattr(resources, "data_bytes", spy)
    fresh().models["gpt-oss-120b"]
    assert sorted(read) == ["catalog.json", "digests.json", "index.json"]
