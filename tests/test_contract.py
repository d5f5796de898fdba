"""The exception contract: what each part of the API may raise, whatever it is given.

Loading raises only CatalogError (with the file and a JSON path), lookups only
UnknownIdError, queries only InvalidQueryError, requirements only InvalidRequirementsError
naming the field; and all JSON output is strict JSON.
"""

from __future__ import annotations

import json
import math
import shutil
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest

import openclosed as oc
import openclosed._catalog as catalog_module
import openclosed._resources as resources
from conftest import make_document
from openclosed.errors import brief
from openclosed.requirements import Assumptions, Constraints, Workload


def _id(value: object) -> str:
    """Test ids pytest can print (it cannot print an integer of 5,000 digits)."""
    return brief(value)[:20]


def strict_loads(text: str) -> Any:
    """``json.loads`` that refuses NaN and Infinity, as strict parsers do."""

    def refuse(name: str) -> None:
        raise ValueError(f"{name} in JSON output")

    return json.loads(text, parse_constant=refuse)


# --------------------------------------------------------------------------- loading


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"catalog": ' + "9" * 5000 + "}", "too many digits"),
        ('{"catalog": NaN}', "NaN is not a JSON number"),
        ('{"catalog": -Infinity}', "-Infinity is not a JSON number"),
        ('{"catalog": ', "not valid JSON"),
    ],
)
def test_a_file_that_is_not_json_is_a_catalog_error_naming_it(tmp_path: Path, text: str, reason: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(oc.CatalogError, match=reason) as caught:
        oc.load_catalog(path)
    assert "bad.json" in caught.value.source
    assert all(line.endswith(" @ $") for line in caught.value.errors)


def test_reading_stops_at_the_size_cap_whatever_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    import openclosed._loader

    monkeypatch.setattr(openclosed._loader, "MAX_CATALOG_BYTES", 1000)  # the file reader's home
    with pytest.raises(oc.CatalogError, match="more than 1000 bytes"):
        oc.load_catalog("/dev/zero")  # stat says 0 bytes; reading would never end


def test_a_directory_or_a_bad_path_is_a_catalog_error(tmp_path: Path) -> None:
    with pytest.raises(oc.CatalogError, match="cannot read"):
        oc.load_catalog(tmp_path)
    with pytest.raises(oc.CatalogError, match="cannot read"):
        oc.load_catalog(str(tmp_path / "a\0b.json"))
    with pytest.raises(oc.CatalogError, match="a path or a mapping"):
        oc.load_catalog(42)  # type: ignore[arg-type]


def _loop() -> list[Any]:
    items: list[Any] = []
    items.append(items)
    return items


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["models"][0].__setitem__(5, 1), "object keys must be strings, got int @ $.models[0]"),
        (lambda d: d.__setitem__(None, []), "@ $"),
        (lambda d: d["models"][0].__setitem__("name", 10**5000), "integer out of range"),
        (lambda d: d["models"][0].__setitem__("parameters", 10**40), "@ $.models[0].parameters"),
        (lambda d: d["models"][0].__setitem__("aliases", {"a", "b"}), "got set @ $.models[0].aliases"),
        (lambda d: d["models"][0].__setitem__("sources", _loop()), "nested more than"),
        (lambda d: d["models"][0].__setitem__("parameters", math.inf), "finite number"),
    ],
)
def test_a_mapping_that_is_not_json_data_is_a_catalog_error(mutate: Any, expected: str) -> None:
    document = make_document()
    mutate(document)
    with pytest.raises(oc.CatalogError) as caught:
        oc.load_catalog(document)
    assert any(expected in line for line in caught.value.errors), caught.value.errors
    assert all(" @ $" in line for line in caught.value.errors)


def _installed_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the installed data files that the packaged catalog is then read from."""
    data = tmp_path / "openclosed" / "data"
    shutil.copytree(Path(oc.__file__).parent / "data", data)
    monkeypatch.setattr(resources, "DATA_DIR", str(data))  # where the data files are read
    monkeypatch.setattr(catalog_module, "_packaged", None)
    return data


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda p: p.write_bytes(b'{"models": ['), "not valid JSON"),
        (lambda p: p.write_bytes(b'{"models": ["\xff"]}'), "not UTF-8"),
        (lambda p: p.unlink(), "cannot read the file"),
        (lambda p: p.write_bytes(b'{"models": [' + b"1" * 5000 + b"]}"), "not valid JSON"),
    ],
)
def test_damaged_installed_data_is_a_catalog_error_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: Any, reason: str
) -> None:
    monkeypatch.setenv("OPENCLOSED_TRUST_MODIFIED_DATA", "1")  # the damage, not the digest, is tested
    data = _installed_copy(tmp_path, monkeypatch)
    damage(data / "models.json")
    with pytest.raises(oc.CatalogError, match=reason) as caught:
        catalog_module.catalog()
    assert "openclosed/data/models.json" in str(caught.value)
    assert catalog_module._packaged is None


# --------------------------------------------------------------------------- lookups and queries


TABLES = ("models", "organizations", "licenses", "license_categories", "offers")


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("key", [5, None, 2.5, ("llama-2",), b"llama-2", 10**5000, "", "\u200b"], ids=_id)
def test_any_key_that_is_not_a_known_id_is_an_unknown_id_error(table: str, key: object) -> None:
    with pytest.raises(oc.UnknownIdError) as caught:
        getattr(oc.catalog(), table)[key]
    assert caught.value.key is key
    assert len(str(caught.value)) < 400


@pytest.mark.parametrize("by", [None, 5, "nope", ["id"]])
def test_sort_by_anything_but_a_field_is_an_invalid_query(by: object) -> None:
    with pytest.raises(oc.InvalidQueryError):
        oc.models.all().sort(by)  # type: ignore[arg-type]


@pytest.mark.parametrize("limit", [2.5, -1, True, None, "3", 10**5000 * -1], ids=_id)
def test_search_limit_must_be_a_whole_number(limit: object) -> None:
    with pytest.raises(oc.InvalidQueryError, match="limit"):
        oc.models.search("llama", limit=limit)  # type: ignore[arg-type]


def test_search_limit_zero_and_exact() -> None:
    assert len(oc.models.search("llama", limit=0)) == 0
    assert len(oc.models.search("llama", limit=2)) == 2


@pytest.mark.parametrize("value", [10**5000, -(10**5000), float("inf"), -float("inf")], ids=_id)
def test_numeric_filters_take_any_number(value: float) -> None:
    found = oc.models.filter(min_parameters=value)
    assert all(m.parameters is not None and m.parameters >= value for m in found)
    assert len(found) == (len(oc.models.filter(min_parameters=1)) if value < 0 else 0)


@pytest.mark.parametrize("value", [float("nan"), "7B", True], ids=_id)
def test_numeric_filters_refuse_what_is_not_a_number(value: object) -> None:
    with pytest.raises(oc.InvalidQueryError, match="min_parameters must be a number"):
        oc.models.filter(min_parameters=value)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- requirements

NUMBERS: list[tuple[str, type[Any], str]] = [
    (f"{cls.__name__.lower()}.{a.name}", cls, a.name)
    for cls in (Workload, Assumptions)
    for a in attrs.fields(cls)
] + [
    ("constraints.organization_mau", Constraints, "organization_mau"),
    ("constraints.max_monthly_cost_usd", Constraints, "max_monthly_cost_usd"),
    ("constraints.owned_gpus", Constraints, "owned_gpus"),
    ("importance.cost", oc.Importance, "cost"),
]


@pytest.mark.parametrize(("field", "cls", "name"), NUMBERS)
@pytest.mark.parametrize(
    "value",
    [math.inf, -math.inf, math.nan, 10**5000, -(10**400), 1e300, -1, Fraction(10**400, 3), "1", True],
    ids=_id,
)
def test_every_number_outside_its_range_names_its_field(
    field: str, cls: type[Any], name: str, value: object
) -> None:
    with pytest.raises(oc.InvalidRequirementsError) as caught:
        cls(**{name: value})
    assert caught.value.field == field
    assert len(str(caught.value)) < 400


def _extreme(pick: int) -> oc.Requirements:
    """Requirements with every number at the low (0) or high (-1) end of its range."""
    low = pick == 0
    return oc.Requirements(
        customization="extensive",
        in_house_expertise="none" if low else "expert",
        workload=Workload(
            monthly_tokens=0 if low else 1e15,
            output_share=0 if low else 1,
            monthly_images=0 if low else 1e12,
            monthly_media_seconds=0 if low else 1e12,
            monthly_input_audio_seconds=0 if low else 1e12,
            monthly_input_characters=0 if low else 1e15,
            monthly_pages=0 if low else 1e12,
            monthly_searches=0 if low else 1e12,
            monthly_requests=0 if low else 1e12,
            horizon_months=1 if low else 1200,
        ),
        assumptions=Assumptions(
            gpu="L4" if low else "H100",
            gpu_hourly_usd=5e-324 if low else 1e4,
            gpu_memory_gb=1 if low else 1e5,
            max_utilization=0.01 if low else 1,
            engineer_hourly_usd=0 if low else 1e5,
            bytes_per_parameter=64 if low else 5e-324,
            memory_overhead=100 if low else 1,
            compute_efficiency=0.01 if low else 1,
            bandwidth_efficiency=0.01 if low else 1,
            batch_size=1 if low else 100_000,
        ),
        constraints={
            "max_monthly_cost_usd": 1e15,
            "organization_mau": 10**12,
            "owned_gpus": 0 if low else 10**6,
        },
    )


@pytest.mark.parametrize("pick", [0, -1])
def test_requirements_at_the_ends_of_their_ranges_give_finite_strict_json(pick: int) -> None:
    document = make_document()
    document["models"][2]["parameters"] = 10**15 - 1  # the largest count a catalog accepts
    cat = oc.load_catalog(document)
    for catalog in (cat, oc.catalog()):
        rec = oc.recommend(_extreme(pick), catalog)
        for s in rec.ranking:
            assert s.cost.monthly_usd is None or math.isfinite(s.cost.monthly_usd)
            assert math.isfinite(s.total)
        strict_loads(rec.to_json(allow_nan=True))  # strict whatever the caller asks


def test_catalog_json_is_strict() -> None:
    strict_loads(oc.catalog().to_json())
    strict_loads(oc.catalog().canonical_json())


# --------------------------------------------------------------------------- bounded work


def _large(count: int) -> dict[str, Any]:
    """The fixture document with ``count`` more models, each with an id, a name and an alias."""
    document = make_document()
    template = document["models"][3]  # lab-1b
    for i in range(count):
        document["models"].append(
            {**template, "id": f"bulk-{i:05d}", "name": f"Bulk Model {i}", "aliases": [f"bm-{i}"]}
        )
    return document


def test_unknown_ids_in_a_large_table_compare_a_bounded_number_of_keys(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import difflib

    from openclosed._suggest import SHORTLIST

    cat = oc.load_catalog(_large(3000))
    compared: list[int] = []
    real = difflib.get_close_matches

    def counting(word: str, possibilities: list[str], *args: Any, **kwargs: Any) -> list[str]:
        compared.append(len(possibilities))
        return real(word, possibilities, *args, **kwargs)

    monkeypatch.setattr(difflib, "get_close_matches", counting)
    with pytest.raises(oc.UnknownIdError):
        cat.models["bulk-0012x"]

    def ratio(key: str) -> float:
        return difflib.SequenceMatcher(None, "bulk0012x", oc.normalize_key(key)).ratio()

    # as good a suggestion as comparing every key would give
    suggestions = cat.models.suggest("bulk-0012x")
    assert ratio(suggestions[0]) == max(ratio(key) for key in cat.models._keys)
    with pytest.raises(oc.UnknownIdError):
        cat.models["ghpqwerty"]
    assert compared
    assert max(compared) <= SHORTLIST
    # small tables are compared in full: their suggestions are exactly difflib's
    with pytest.raises(oc.UnknownIdError) as caught:
        cat.organizations["acme-ai-labs"]
    assert caught.value.suggestions == ("acme",)


def test_dangling_references_get_a_bounded_number_of_suggestions(monkeypatch: pytest.MonkeyPatch) -> None:
    from openclosed import _loader
    from openclosed._suggest import Suggester

    document = _large(2000)
    for model in document["models"][4:]:
        model["based_on"] = [model["id"] + "x"]  # each points at a model that does not exist
    calls: list[str] = []
    real = Suggester.closest

    def counting(self: Suggester, word: str, n: int = 3) -> tuple[str, ...]:
        calls.append(word)
        return real(self, word, n)

    monkeypatch.setattr(Suggester, "closest", counting)
    with pytest.raises(oc.CatalogError) as caught:
        oc.load_catalog(document)
    errors = caught.value.errors
    assert len(calls) == _loader.SUGGESTIONS
    assert errors[0] == "unknown model 'bulk-00000x'; did you mean 'bulk-00000'? @ $.models[4].based_on[0]"
    assert errors[-1] == (
        f"suggestions were looked for the first {_loader.SUGGESTIONS} unknown references only; "
        f"{2000 - _loader.SUGGESTIONS} more have none @ $"
    )


def test_a_line_lookup_reads_the_ids_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from openclosed import query

    cat = oc.load_catalog(_large(2000))
    with pytest.raises(oc.UnknownIdError):
        cat.models["bulk-99999"]  # builds the lines of every id, once
    calls: list[str] = []
    real = query._leading_letters

    def counting(norm: str) -> str:
        calls.append(norm)
        return real(norm)

    monkeypatch.setattr(query, "_leading_letters", counting)
    with pytest.raises(oc.UnknownIdError) as caught:
        cat.models["bulk-77777"]
    assert caught.value.same_line
    assert caught.value.suggestions[0].startswith("bulk-")
    assert len(calls) <= 5  # the key's own letters, not every id's


def test_installed_data_of_the_wrong_shape_is_a_catalog_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENCLOSED_TRUST_MODIFIED_DATA", "1")
    data = _installed_copy(tmp_path, monkeypatch)
    (data / "models.json").write_text('{"not models": []}', encoding="utf-8")
    with pytest.raises(oc.CatalogError) as caught:
        catalog_module.catalog()
    assert any(line.endswith("@ $.models") for line in caught.value.errors), caught.value.errors
