"""The loader: strict, complete error reports with JSON paths, all-or-nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import cattrs
import pytest
from hypothesis import given, settings

from openclosed import CatalogError, Level, load_catalog
from openclosed._converter import structure_section
from openclosed._loader import _build, _structure_fast, build_catalog
from openclosed.records import Access, Components, License, Model, Openness, Organization, Pricing, Source
from strategies import documents


def errors_of(document: dict[str, Any]) -> tuple[str, ...]:
    with pytest.raises(CatalogError) as info:
        build_catalog(document)
    return info.value.errors


def test_valid_document_loads(document: dict[str, Any]) -> None:
    cat = build_catalog(document)
    assert cat.version == "26.1.0"
    assert cat.models.ids() == ("acme-chat", "acme-open-7b", "acme-pro", "lab-1b")
    assert cat.models["lab-1b"].level is Level.OPEN_SOURCE


def test_unknown_key_is_named_with_its_path(document: dict[str, Any]) -> None:
    document["models"][2]["weights"] = "public"
    assert errors_of(document) == ("extra fields found (weights) @ $.models[2]",)


def test_nested_unknown_key(document: dict[str, Any]) -> None:
    document["offers"][0]["prices"][0]["currencies"] = "EUR"
    assert errors_of(document) == ("extra fields found (currencies) @ $.offers[0].prices[0]",)


def test_a_model_in_the_old_format_is_pointed_at_offers(document: dict[str, Any]) -> None:
    document["models"][1]["pricing"] = document["offers"][0].pop("prices")[0]
    errors = errors_of(document)
    assert errors[0] == "extra fields found (pricing) @ $.models[1]"
    assert "live in an offer of kind 'maker'" in errors[-1]
    document["catalog"]["schema_version"] = 1
    assert "schema_version 1 is no longer read" in errors_of(document)[0]


def test_wrong_type_is_not_coerced(document: dict[str, Any]) -> None:
    document["models"][2]["parameters"] = "7000000000"
    document["organizations"][0]["name"] = 3
    errors = errors_of(document)
    assert "expected an integer, got '7000000000' @ $.models[2].parameters" in errors
    assert "expected a string, got 3 @ $.organizations[0].name" in errors


def test_bool_is_not_an_integer(document: dict[str, Any]) -> None:
    document["models"][2]["parameters"] = True
    assert errors_of(document) == ("expected an integer, got True @ $.models[2].parameters",)


def test_dangling_reference_suggests_the_closest_id(document: dict[str, Any]) -> None:
    document["models"][2]["licenses"]["weights"] = "LicenseRef-acme-comunity"
    document["models"][0]["based_on"] = ["acme-po"]
    errors = errors_of(document)
    assert (
        "unknown license 'LicenseRef-acme-comunity'; did you mean 'LicenseRef-acme-community'? "
        "@ $.models[2].licenses.weights"
    ) in errors
    assert "unknown model 'acme-po'; did you mean 'acme-pro'? @ $.models[0].based_on[0]" in errors


def test_duplicate_id(document: dict[str, Any]) -> None:
    document["models"].append(dict(document["models"][1]))
    assert errors_of(document) == ("duplicate id 'acme-pro' @ $.models[4].id",)


def test_alias_clash_after_normalisation(document: dict[str, Any]) -> None:
    document["models"][3]["aliases"] = ["Acme Pro"]
    (error,) = errors_of(document)
    assert error.startswith("key 'Acme Pro' of 'lab-1b' clashes with 'acme-pro'")


def test_bad_date(document: dict[str, Any]) -> None:
    document["models"][1]["released"] = "2024-02-30"
    assert errors_of(document) == (
        "expected an ISO date 'YYYY-MM-DD', got '2024-02-30' @ $.models[1].released",
    )


def test_bad_enum_value_suggests(document: dict[str, Any]) -> None:
    document["models"][1]["tasks"] = ["text-generaton"]
    (error,) = errors_of(document)
    assert (
        error
        == "'text-generaton' is not a valid Task; did you mean 'text-generation'? @ $.models[1].tasks[0]"
    )


def test_missing_field(document: dict[str, Any]) -> None:
    del document["models"][1]["access"]
    (error,) = errors_of(document)
    assert error.endswith("@ $.models[1].access")


def test_spdx_ids_must_be_canonical(document: dict[str, Any]) -> None:
    document["licenses"][0]["id"] = "apache-2.0"
    for model in document["models"]:
        if model.get("licenses", False):
            model["licenses"] = {
                k: ("apache-2.0" if v == "Apache-2.0" else v) for k, v in model["licenses"].items()
            }
    assert errors_of(document) == (
        "SPDX id 'apache-2.0' is not canonical; write 'Apache-2.0' @ $.licenses[0].id",
    )


def test_invented_spdx_id_is_refused(document: dict[str, Any]) -> None:
    document["licenses"][1]["id"] = "Llama-2"
    document["models"][2]["licenses"]["weights"] = "Llama-2"
    (error,) = errors_of(document)
    assert error.startswith("'Llama-2' is not an SPDX license id")


def test_every_problem_is_reported_at_once(document: dict[str, Any]) -> None:
    document["models"][0]["bogus"] = 1
    document["models"][1]["released"] = "yesterday"
    document["licenses"][2]["category"] = "proprietary"
    document["catalog"]["schema_version"] = 99
    errors = errors_of(document)
    assert len(errors) == 4
    assert {e.rsplit(" @ ", 1)[1] for e in errors} == {
        "$.models[0]",
        "$.models[1].released",
        "$.licenses[2].category",
        "$.catalog.schema_version",
    }


def test_failed_record_does_not_cascade(document: dict[str, Any]) -> None:
    document["organizations"][0]["country"] = 3  # acme fails; models pointing at it are not blamed
    assert errors_of(document) == ("expected a string, got 3 @ $.organizations[0].country",)


@pytest.mark.parametrize("bad", [[], "x", None, 3])
def test_not_an_object(bad: object) -> None:
    with pytest.raises(CatalogError):
        build_catalog(bad)


def test_missing_section(document: dict[str, Any]) -> None:
    del document["licenses"]
    assert errors_of(document) == ("missing section 'licenses' @ $",)


def test_record_that_is_not_an_object(document: dict[str, Any]) -> None:
    document["models"][0] = ["acme-chat"]
    assert errors_of(document) == ("expected an object @ $.models[0]",)


def test_catalog_error_is_a_value_error_with_a_readable_message(document: dict[str, Any]) -> None:
    document["models"][0]["bogus"] = 1
    with pytest.raises(ValueError, match=r"catalog is not valid \(1 problem\):\n  extra fields found"):
        build_catalog(document)


def test_the_global_cattrs_converter_is_untouched(document: dict[str, Any]) -> None:
    build_catalog(document)
    assert cattrs.structure(3, str) == "3"  # the global converter still coerces: we never touched it


def test_load_catalog_from_file_and_mapping(tmp_path: Path, document: dict[str, Any]) -> None:
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    from_file = load_catalog(path)
    from_mapping = load_catalog(document)
    assert from_file.models.ids() == from_mapping.models.ids()
    assert from_file.digest == from_mapping.digest


def test_load_catalog_reports_bad_json(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"catalog": ', encoding="utf-8")
    with pytest.raises(CatalogError, match="not valid JSON"):
        load_catalog(path)


def test_load_catalog_reports_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="cannot read the file"):
        load_catalog(tmp_path / "absent.json")


def test_load_catalog_refuses_huge_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import openclosed._loader

    path = tmp_path / "big.json"
    path.write_text("{}" + " " * 100, encoding="utf-8")
    monkeypatch.setattr(openclosed._loader, "MAX_CATALOG_BYTES", 10)  # the file reader's home
    with pytest.raises(CatalogError, match="the limit is 10"):
        load_catalog(path)


def test_round_trip_through_the_document(document: dict[str, Any]) -> None:
    cat = build_catalog(document)
    again = build_catalog(json.loads(json.dumps(cat.to_document())))
    assert list(again.models) == list(cat.models)
    assert list(again.licenses) == list(cat.licenses)
    assert again.digest == cat.digest


def deep_fields(record: object) -> object:
    """Every field, nested records included, with its type: what ``==`` on records does not see."""
    cls: Any = type(record)
    if attrs.has(cls):
        return (cls.__name__, [(a.name, deep_fields(getattr(record, a.name))) for a in attrs.fields(cls)])
    if isinstance(record, tuple):
        return [deep_fields(item) for item in record]
    return (type(record).__name__, record)


@settings(max_examples=150, deadline=None)
@given(documents())
def test_fast_path_builds_what_the_strict_path_builds(document: dict[str, Any]) -> None:
    fast = _build(json.loads(json.dumps(document)), "fast", _structure_fast, check_spdx=True)
    strict = _build(json.loads(json.dumps(document)), "strict", structure_section, check_spdx=True)
    for section in ("models", "organizations", "licenses", "license_categories"):
        assert [deep_fields(r) for r in getattr(fast, section)] == [
            deep_fields(r) for r in getattr(strict, section)
        ]


@pytest.mark.parametrize(
    "prices",
    [
        {"per_second": 0.35},
        {"input_per_mchar": 15},
        {"per_image": 0.04, "per_second": 0.5},
        {"input_per_minute": 0.006},
        {"per_page": 0.001},
        {"per_search": 0.002},
        {"per_request": 0.08},
    ],
)
def test_prices_in_other_units_load_the_same_on_both_paths(
    document: dict[str, Any], prices: dict[str, float]
) -> None:
    model_id = document["models"][1]["id"]
    document["offers"][0]["prices"] = [{"as_of": "2025-04-21", "source": "https://example.org/p", **prices}]
    fast = _build(json.loads(json.dumps(document)), "fast", _structure_fast, check_spdx=True)
    strict = _build(json.loads(json.dumps(document)), "strict", structure_section, check_spdx=True)
    assert deep_fields(fast.models[model_id]) == deep_fields(strict.models[model_id])
    pricing = fast.models[model_id].pricing
    assert pricing is not None
    assert {name: getattr(pricing, name) for name in prices} == prices
    again = build_catalog(json.loads(json.dumps(fast.to_document())))
    assert again.models[model_id] == fast.models[model_id]
    document["offers"][0]["prices"][0]["per_second"] = -1
    assert any("per_second" in e for e in errors_of(document))


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        (
            "organization",
            "acme-ai",
            "unknown organization 'acme-ai'; did you mean 'acme'? @ $.models[3].organization",
        ),
        (
            "collaborators",
            ["open-lab", "acme-lab"],
            "unknown organization 'acme-lab'; did you mean 'acme'? @ $.models[3].collaborators[1]",
        ),
        ("family", "lab", "unknown model 'lab'; did you mean 'lab-1b'? @ $.models[3].family"),
        ("successor", "lab-2b", "unknown model 'lab-2b'; did you mean 'lab-1b'? @ $.models[3].successor"),
        (
            "renamed_to",
            "acme-pr",
            "unknown model 'acme-pr'; did you mean 'acme-pro'? @ $.models[3].renamed_to",
        ),
        (
            "based_on",
            ["acme-pro", "acme-max"],  # the record sorts them; the path is the file's position
            "unknown model 'acme-max'; did you mean 'acme-chat'? @ $.models[3].based_on[1]",
        ),
        (
            "licenses",
            {"weights": "Apache-2.0", "data": "CC-BY-4.0"},
            "unknown license 'CC-BY-4.0' @ $.models[3].licenses.data",
        ),
        (
            "license_history",
            [{"component": "weights", "license": "MIT", "until": "2023-01-01"}],
            "unknown license 'MIT' @ $.models[3].license_history[0].license",
        ),
    ],
)
def test_every_kind_of_reference_is_checked(
    document: dict[str, Any], field: str, value: object, error: str
) -> None:
    """References are first tested in bulk, one set per kind; each kind must still be caught."""
    document["models"][3][field] = value
    if field == "renamed_to":  # a new name goes with the status that says so
        document["models"][3]["status"] = "renamed"
    assert errors_of(document) == (error,)


def test_fast_records_are_plain_frozen_records(document: dict[str, Any]) -> None:
    """The fast structurer fills the slots of the record class itself: what comes out must be
    exactly the record class, and frozen."""
    cat = build_catalog(document)
    model = cat.models["acme-pro"]
    expected: list[tuple[object, type[Any]]] = [
        (model, Model),
        (model.access, Access),
        (model.components, Components),
        (model.pricing, Pricing),
        (model.sources[0], Source),
        (model.openness, Openness),
        (cat.licenses["Apache-2.0"], License),
        (cat.organizations["acme"], Organization),
    ]
    for record, cls in expected:
        assert type(record) is cls
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            record.note = "changed"  # type: ignore[attr-defined]


def test_shared_small_records_respect_types(document: dict[str, Any]) -> None:
    """Small records are shared by content during a load; ``True`` and ``1`` are equal in Python,
    so a shared record must never stand in for a value of the wrong type."""
    document["models"][2]["support"] = {"vendor_sla": True}
    document["models"][3]["support"] = {"vendor_sla": 1}
    assert errors_of(document) == ("expected true or false, got 1 @ $.models[3].support.vendor_sla",)


def test_lists_of_members_are_sorted_distinct_and_shared(document: dict[str, Any]) -> None:
    document["models"][1]["tasks"] = ["translation", "text-generation", "translation"]
    document["models"][2]["tasks"] = ["text-generation", "translation"]
    document["models"][3]["tasks"] = ["text-generation", "translation"]
    models = build_catalog(document).models
    a, b, c = (models[i].tasks for i in ("acme-pro", "acme-open-7b", "lab-1b"))
    assert [t.value for t in a] == ["text-generation", "translation"]
    assert a == b
    assert b is c  # the same list in the file: one shared tuple


@pytest.mark.parametrize("tasks", [[["text-generation"]], ["text-generation", 3], "text-generation"])
def test_malformed_lists_of_members_are_reported(document: dict[str, Any], tasks: object) -> None:
    document["models"][3]["tasks"] = tasks
    (message,) = errors_of(document)
    assert message.endswith("@ $.models[3].tasks") or "@ $.models[3].tasks[" in message


def test_loading_creates_no_classes(document: dict[str, Any]) -> None:
    """Users' own cattrs code (``include_subclasses``) must not find classes of ours."""
    build_catalog(document)
    for cls in (Model, Access, Components, Pricing, Source, Openness, License, Organization):
        assert cls.__subclasses__() == []


def test_generated_source_shows_in_tracebacks(document: dict[str, Any]) -> None:
    import linecache

    from openclosed._fast import structurer

    code = structurer(Model).__code__
    assert linecache.getline(code.co_filename, code.co_firstlineno).startswith("def structure(d")


def test_the_release_time_structurers_are_what_the_generator_writes_today() -> None:
    """``_structurers.py`` is generated from the record classes: a record changed without
    running ``tools/generate_structurers.py`` fails here."""
    import openclosed._structurers
    from openclosed._fast import module_source

    shipped = Path(openclosed._structurers.__file__).read_text(encoding="utf-8")
    assert shipped == module_source(), "run: python tools/generate_structurers.py"


def test_the_first_lookup_compiles_no_structuring_function() -> None:
    """The packaged catalog is structured by the release-time functions: none is generated."""
    code = (
        "import openclosed, openclosed._fast as f; openclosed.models['llama-2'];"
        "assert not f._STRUCTURERS, sorted(c.__name__ for c in f._STRUCTURERS)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_every_record_class_the_loader_reaches_has_a_release_time_function() -> None:
    from openclosed._document import SECTIONS
    from openclosed._structurers import STRUCTURERS

    for _, cls in SECTIONS:
        assert cls in STRUCTURERS


@pytest.mark.parametrize(
    "options",
    [{"cache_hash": True}, {"slots": False}],
)
def test_unsupported_record_options_are_refused_when_generating(options: dict[str, Any]) -> None:
    from openclosed._fast import UnsupportedRecord, structurer

    @attrs.frozen(kw_only=True, **options)
    class Record:
        name: str

    with pytest.raises(UnsupportedRecord):
        structurer(Record)


def test_init_hooks_and_takes_self_defaults_are_refused() -> None:
    from openclosed._fast import UnsupportedRecord, structurer

    @attrs.frozen(kw_only=True)
    class Hooked:
        name: str

        def __attrs_post_init__(self) -> None:
            pass

    @attrs.frozen(kw_only=True)
    class TakesSelf:
        name: str
        label: str = attrs.field(default=attrs.Factory(lambda self: self.name, takes_self=True))

    for cls in (Hooked, TakesSelf):
        with pytest.raises(UnsupportedRecord):
            structurer(cls)


def test_a_bug_in_the_fast_path_is_not_hidden(
    document: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only doubtful data falls back to the strict converter; any other error propagates."""
    import openclosed._loader

    def broken(*args: object) -> object:
        raise RuntimeError("a bug")

    monkeypatch.setattr(openclosed._loader, "_structure_fast", broken)
    with pytest.raises(RuntimeError, match="a bug"):
        build_catalog(document)


def test_doubtful_data_falls_back_to_the_strict_path(document: dict[str, Any]) -> None:
    from openclosed._fast import Reject, structurer

    with pytest.raises(Reject):
        structurer(Model)({**document["models"][0], "status": "no-such-status"})
    document["models"][0]["status"] = "no-such-status"
    assert len(errors_of(document)) == 1


@settings(max_examples=40, deadline=None)
@given(documents())
def test_the_plain_unstructure_agrees_with_the_converter(document: dict[str, Any]) -> None:
    """Documents, digests and ``openclosed show`` are written without cattrs: same output."""
    from openclosed._converter import unstructure as with_cattrs
    from openclosed._document import SECTIONS, unstructure

    cat = build_catalog(document)
    for name, cls in SECTIONS:
        for record in getattr(cat, name):
            assert unstructure(record) == with_cattrs(record, cls)


@pytest.mark.parametrize(
    "argv", [["--version"], ["show", "llama-2"], ["show", "llama-2", "--format", "json"]]
)
def test_version_and_show_do_not_import_cattrs(argv: list[str]) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from openclosed.cli import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "print('cattrs' in sys.modules, file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, check=True)
    assert done.stderr.strip() == "False"


def test_the_rate_fields_are_every_rate_pricing_holds() -> None:
    """The loader tests "no rate set" on these fields without writing ``Pricing.rates()``, and
    offers sort by them: a new rate field must be listed, in field order."""
    import datetime

    from openclosed.records import RATE_FIELDS

    floats = [a.name for a in attrs.fields(Pricing) if a.name not in ("currency", "as_of", "source", "note")]
    assert tuple(floats) == RATE_FIELDS
    for name in RATE_FIELDS:
        rate: dict[str, Any] = {name: 1.0}
        price = Pricing(as_of=datetime.date(2025, 1, 1), source="https://example.org/p", **rate)
        assert len(price.rates()) == 1
    assert Pricing(as_of=datetime.date(2025, 1, 1), source="https://example.org/p").rates() == ()
