"""Filters, results and search, checked against a brute-force reference filter."""

from __future__ import annotations

import datetime
import pickle
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import openclosed as oc
from openclosed import (
    Catalog,
    CommercialUse,
    InvalidQueryError,
    Level,
    License,
    Model,
    Status,
    UnknownIdError,
)
from openclosed._loader import build_catalog
from openclosed.query import FILTERS, LICENSE_TERM_FILTERS
from strategies import documents, licensed_documents

RANK = {CommercialUse.NO: 0, CommercialUse.CONDITIONAL: 1, CommercialUse.YES: 2}


def reference_filter(cat: Catalog, status_given: bool = False, **criteria: Any) -> tuple[str, ...]:
    """The obvious, slow implementation of the documented semantics, one model at a time."""

    def vendor_ids(value: str) -> set[str]:
        root = cat.organizations[value].id
        found = {root}
        changed = True
        while changed:
            changed = False
            for org in cat.organizations:
                if org.parent in found and org.id not in found:
                    found.add(org.id)
                    changed = True
        return found

    def commercial(m: Model) -> CommercialUse | None:
        answers = [
            cat.licenses[lic].commercial_use
            for comp, lic in m.licenses.items()
            if comp in ("weights", "service")
        ]
        return max(answers, key=RANK.__getitem__) if answers else None

    def keep(m: Model) -> bool:
        assert m.openness is not None
        for field, value in criteria.items():
            values = value if isinstance(value, list) else [value]
            if field == "openness" and m.openness.level.value not in values:
                return False
            if field == "side" and m.openness.side.value not in values:
                return False
            if field == "task" and not {t.value for t in m.tasks} & set(values):
                return False
            if field == "vendor" and not set().union(*map(vendor_ids, values)) & {
                m.organization,
                *m.collaborators,
            }:
                return False
            if field == "license" and not {lic for _, lic in m.licenses.items()} & set(values):
                return False
            if field == "license_category" and not {
                cat.licenses[lic].category for _, lic in m.licenses.items()
            } & set(values):
                return False
            if field == "commercial_use":
                answer = commercial(m)
                wanted = {"yes", "conditional"} if value is True else set(values)
                if answer is None or answer.value not in wanted:
                    return False
            if field == "modality" and not {x.value for x in (*m.inputs, *m.outputs)} & set(values):
                return False
            if field == "kind" and m.kind.value not in values:
                return False
            if field == "status" and m.status.value not in values:
                return False
            if field == "released_after" and (m.released is None or m.released < value):
                return False
            if field == "released_before" and (m.released is None or m.released > value):
                return False
            if field == "min_parameters" and (m.parameters is None or m.parameters < value):
                return False
            if field == "max_parameters" and (m.parameters is None or m.parameters > value):
                return False
            if field == "country" and cat.organizations[m.organization].country not in values:
                return False
            if field in LICENSE_TERM_FILTERS:
                if m.licenses.weights is None:
                    return False
                lic = cat.licenses[m.licenses.weights]
                if not license_passes(lic, field, value):
                    return False
        return not ("status" not in criteria and m.status in (Status.RETIRED, Status.RENAMED))

    return tuple(m.id for m in cat.models if keep(m))


EU = {"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT"}
EU |= {"LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"}
EEA = EU | {"IS", "LI", "NO"}


def places(code: str) -> set[str]:
    """Every country a territory code stands for (a region: its members)."""
    return set(EU) if code == "EU" else set(EEA) if code == "EEA" else {code}


def license_passes(lic: License, field: str, value: Any) -> bool:
    r = lic.restrictions
    if field in ("excluded_territory", "licensed_in"):
        asked = set().union(*(places(v) for v in (value if isinstance(value, list) else [value])))
        excluded = set().union(*(places(t) for t in r.excluded_territories))
        return bool(asked & excluded) == (field == "excluded_territory")
    if field == "min_user_cap":
        return r.user_cap is None or r.user_cap >= value
    return {
        "user_cap": r.user_cap is not None,
        "revenue_threshold": r.revenue_threshold is not None,
        "outputs_may_train": not r.output_use_ban,
        "notice_required": r.naming_or_attribution,
        "osi_approved": lic.osi_approved,
    }[field] is value


license_criteria = st.fixed_dictionaries(
    {},
    optional={
        "country": st.sampled_from(["US", "FR", "CN"]) | st.just(["US", "CN"]),
        "user_cap": st.booleans(),
        "min_user_cap": st.sampled_from([1, 5000, 10**6, 10**9]),
        "revenue_threshold": st.booleans(),
        "outputs_may_train": st.booleans(),
        "notice_required": st.booleans(),
        "osi_approved": st.booleans(),
        "excluded_territory": st.sampled_from(["EU", "EEA", "DE", "NO", "GB", "US"]) | st.just(["KR", "FR"]),
        "licensed_in": st.sampled_from(["EU", "EEA", "DE", "NO", "GB", "US"]) | st.just(["KR", "FR"]),
    },
)


@settings(max_examples=100, deadline=None)
@given(licensed_documents(), license_criteria)
def test_licence_term_and_country_filters_equal_the_reference(
    document: dict[str, Any], criteria: dict[str, Any]
) -> None:
    cat = build_catalog(document)
    expected = reference_filter(cat, **criteria)
    assert cat.models.filter(**criteria).ids() == expected
    assert cat.models.all().filter(**criteria, status=[s.value for s in Status]).ids() == reference_filter(
        cat, status_given=True, **criteria, status=[s.value for s in Status]
    )


criteria_strategy = st.fixed_dictionaries(
    {},
    optional={
        "openness": st.sampled_from([lv.value for lv in Level])
        | st.lists(st.sampled_from([lv.value for lv in Level]), min_size=1, max_size=2),
        "side": st.sampled_from(["open", "closed"]),
        "task": st.sampled_from(["text-generation", "text-to-image", "translation"]),
        "vendor": st.sampled_from(["acme", "open-lab", "acme-research"]),
        "license": st.sampled_from(["Apache-2.0", "LicenseRef-acme-community", "LicenseRef-acme-terms"]),
        "license_category": st.sampled_from(["permissive", "community", "proprietary-terms"]),
        "commercial_use": st.sampled_from(["yes", "conditional", "no"]) | st.just(True),
        "modality": st.sampled_from(["text", "image", "audio"]),
        "kind": st.sampled_from(["model", "family", "product", "toolkit"]),
        "status": st.lists(
            st.sampled_from(["active", "deprecated", "retired", "renamed"]), min_size=1, max_size=3
        ),
        "released_after": st.dates(datetime.date(2018, 1, 1), datetime.date(2027, 1, 1)),
        "released_before": st.dates(datetime.date(2018, 1, 1), datetime.date(2027, 1, 1)),
        "min_parameters": st.integers(0, 10**12),
        "max_parameters": st.integers(0, 10**12),
    },
)


@settings(max_examples=150, deadline=None)
@given(documents(), criteria_strategy)
def test_filter_equals_the_reference_on_random_catalogs(
    document: dict[str, Any], criteria: dict[str, Any]
) -> None:
    cat = build_catalog(document)
    assert cat.models.filter(**criteria).ids() == reference_filter(cat, **criteria)


@settings(max_examples=50, deadline=None)
@given(documents(), criteria_strategy, criteria_strategy)
def test_chained_filters_narrow(
    document: dict[str, Any], first: dict[str, Any], second: dict[str, Any]
) -> None:
    cat = build_catalog(document)
    chained = cat.models.filter(**first).filter(**second).ids()
    assert set(chained) <= set(cat.models.filter(**first).ids())
    both = {**second, **first} if set(first) & set(second) else {**first, **second}
    if not set(first) & set(second) and "status" not in second:
        assert chained == cat.models.filter(**both).ids()


@pytest.mark.parametrize("field", list(FILTERS))
def test_every_filter_matches_the_reference_on_the_shipped_catalog(field: str) -> None:
    import openclosed as oc

    cat = oc.catalog()
    samples: dict[str, list[Any]] = {
        "openness": [lv.value for lv in Level],
        "side": ["open", "closed"],
        "task": ["text-generation", "text-to-image", "translation", "automatic-speech-recognition"],
        "vendor": ["meta", "google", "openai", "mistral-ai"],
        "license": ["Apache-2.0", "MIT", "LicenseRef-llama-2-community"],
        "license_category": [c.id for c in cat.license_categories],
        "commercial_use": ["yes", "conditional", "no", True],
        "modality": ["text", "image", "audio", "video"],
        "kind": ["model", "family", "product", "toolkit"],
        "status": [["retired"], ["renamed"], ["active", "deprecated", "retired", "renamed"]],
        "released_after": [datetime.date(2023, 1, 1), datetime.date(2024, 6, 1)],
        "released_before": [datetime.date(2022, 12, 31), datetime.date(2024, 6, 1)],
        "min_parameters": [10**9, 7 * 10**10],
        "max_parameters": [10**10],
        "country": ["US", "FR", ["CN", "FR"]],
        "user_cap": [True, False],
        "min_user_cap": [10**6, 8 * 10**8],
        "revenue_threshold": [True, False],
        "outputs_may_train": [True, False],
        "notice_required": [True, False],
        "osi_approved": [True, False],
        "excluded_territory": ["EU", "DE", "GB", ["KR", "US"]],
        "licensed_in": ["EU", "FR", "GB", ["KR", "US"]],
    }
    for value in samples[field]:
        assert cat.models.filter(**{field: value}).ids() == reference_filter(cat, **{field: value}), value


@pytest.fixture
def cat(document: dict[str, Any]) -> Catalog:
    return build_catalog(document)


def test_values_accept_enums_strings_and_any_case(cat: Catalog) -> None:
    expected = cat.models.filter(openness=Level.RESTRICTED_WEIGHTS).ids()
    assert expected == ("acme-open-7b",)
    assert cat.models.filter(openness="restricted-weights").ids() == expected
    assert cat.models.filter(openness="Restricted Weights").ids() == expected
    assert cat.models.filter(openness="RESTRICTED_WEIGHTS").ids() == expected


def test_vendor_by_alias_and_name(cat: Catalog) -> None:
    assert cat.models.filter(vendor="Acme Labs").ids() == cat.models.filter(vendor="acme").ids()
    assert cat.models.filter(vendor="ACME AI").ids() == ("acme-chat", "acme-open-7b", "acme-pro")


@pytest.mark.parametrize(
    ("criteria", "message"),
    [
        ({"task": "text-generaton"}, "unknown task 'text-generaton'; did you mean 'text-generation'?"),
        ({"vendor": "acmee"}, "unknown vendor 'acmee'; did you mean 'acme'?"),
        ({"openness": "opne-source"}, "unknown openness 'opne-source'; did you mean 'open-source'?"),
        ({"side": "ajar"}, "unknown side 'ajar' (valid: 'open', 'closed')"),
        ({"tsk": "x"}, "unknown filter 'tsk' (with value 'x'); did you mean 'task'?"),
        ({"license": "Apache 2"}, "unknown license 'Apache 2'"),
        (
            {"released_after": "yesterday"},
            "released_after must be a date or an ISO string 'YYYY-MM-DD', got 'yesterday'",
        ),
        ({"min_parameters": "7B"}, "min_parameters must be a number, got '7B'"),
        ({"task": []}, "task was given no values"),
        ({"vendor": 3}, "vendor must be a string, got 3"),
    ],
)
def test_bad_input_raises_a_clear_error(cat: Catalog, criteria: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidQueryError) as info:
        cat.models.filter(**criteria)
    assert str(info.value).startswith(message)
    assert isinstance(info.value, ValueError)


def test_results_are_sequences_with_stable_order(cat: Catalog) -> None:
    results = cat.models.filter(task="text-generation")
    assert results.ids() == tuple(sorted(results.ids()))
    assert results[0].id == results.ids()[0]
    assert results[-1].id == results.ids()[-1]
    assert results[:2].ids() == results.ids()[:2]
    assert len(results) == len(results.ids())
    assert list(results) == [cat.models[i] for i in results.ids()]
    assert results == cat.models.filter(task="text-generation")


def test_sort(cat: Catalog) -> None:
    by_date = cat.models.all().sort("released")
    dates = [m.released for m in by_date]
    known = [d for d in dates if d is not None]
    assert known == sorted(known)
    assert dates[len(known) :] == [None] * (len(dates) - len(known))  # unknown last
    assert cat.models.all().sort("parameters", reverse=True)[0].id == "acme-open-7b"
    with pytest.raises(InvalidQueryError, match="did you mean 'released'"):
        cat.models.all().sort("relased")


def test_to_dicts_are_flat(cat: Catalog) -> None:
    rows = cat.models.all().to_dicts()
    assert [r["id"] for r in rows] == list(cat.models.ids())
    for row in rows:
        for value in row.values():
            assert value is None or isinstance(value, (str, int, float, list))


def test_default_filter_hides_retired_and_renamed(document: dict[str, Any]) -> None:
    document["models"][1]["status"] = "retired"
    document["offers"][0]["status"] = "retired"
    cat = build_catalog(document)
    assert "acme-pro" not in cat.models.filter().ids()
    assert "acme-pro" in cat.models.filter(status=["active", "retired"]).ids()
    assert "acme-pro" in cat.models  # lookups still find it
    assert "acme-pro" in cat.models.all().ids()


def test_search_is_ranked_and_deterministic(cat: Catalog) -> None:
    first = cat.models.search("acme open")
    assert first.ids()[0] == "acme-open-7b"
    assert cat.models.search("acme open").ids() == first.ids()
    with pytest.raises(InvalidQueryError):
        cat.models.search("  ")


def test_search_lists_each_model_once_and_follows_renames(document: dict[str, Any]) -> None:
    """A renamed entry is followed by the entry it became; one that also matches on its own
    keeps that first place and is not listed twice."""
    chat = next(m for m in document["models"] if m["id"] == "acme-chat")
    chat.update(status="renamed", status_date="2024-02-01", renamed_to="acme-pro")
    found = build_catalog(document).models.search("acme").ids()
    assert found == ("acme-chat", "acme-pro", "acme-open-7b")


def test_reprs_and_text_table(cat: Catalog) -> None:
    results = cat.models.filter(side="open")
    assert repr(results) == "<Models: 2 of 4, catalog 26.1.0>"
    lines = str(results).splitlines()
    assert lines[0].split() == ["id", "organization", "level", "released"]
    assert len(lines) == 3
    assert all(len(line) <= 80 for line in lines)
    html = results._repr_html_()
    assert html.startswith("<table>")
    assert html.count("<tr>") == 3


def test_filters_compose_with_lookups() -> None:
    import openclosed as oc

    meta = oc.organizations["Facebook"]
    assert oc.models.filter(vendor=meta).ids() == oc.models.filter(vendor="meta").ids()
    apache = oc.licenses["Apache-2.0"]
    under_apache = oc.models.filter(license=apache)
    assert "mistral-7b" in under_apache.ids()
    assert all("Apache-2.0" in {lic for _, lic in m.licenses.items()} for m in under_apache)
    permissive = oc.license_categories["permissive"]
    assert set(under_apache.ids()) <= set(oc.models.filter(license_category=permissive).ids())


def test_vendor_includes_subsidiaries() -> None:
    import openclosed as oc

    google = set(oc.models.filter(vendor="google").ids())
    deepmind = set(oc.models.filter(vendor="google-deepmind").ids())
    assert deepmind
    assert deepmind <= google


def test_indexes_are_built_once_on_the_first_filter(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading
    import time

    import openclosed.query as query
    from openclosed import catalog

    cat = build_catalog(catalog().to_document())
    assert cat.models._built_index is None
    assert cat.models["mistral-7b"].id == "mistral-7b"  # lookups do not need the indexes
    assert cat.models._built_index is None

    builds: list[int] = []
    real_index = query._Index

    def slow_index(*args: Any) -> Any:
        builds.append(1)
        time.sleep(0.05)  # widen the race window
        return real_index(*args)

    monkeypatch.setattr(query, "_Index", slow_index)
    barrier = threading.Barrier(8)
    results: list[tuple[str, ...]] = []

    def worker() -> None:
        barrier.wait()
        results.append(cat.models.filter(side="open").ids())

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert builds == [1]
    assert len(results) == 8
    assert set(results) == {reference_filter(cat, side="open")}


def test_a_model_the_catalog_lacks_is_told_from_a_typo(cat: Catalog) -> None:
    """A new version of a line the catalog has is reported as not recorded, with that line's
    models (newest first); a misspelling of a recorded model gets 'did you mean'."""
    with pytest.raises(UnknownIdError) as info:
        cat.models["Lab 2B"]
    assert info.value.same_line
    assert info.value.suggestions == ("lab-1b",)
    assert "records other models of that line ('lab-1b') but not this one" in str(info.value)
    with pytest.raises(UnknownIdError) as info:
        cat.models["acme pro 2"]
    assert info.value.suggestions == ("acme-pro",)
    assert info.value.same_line
    with pytest.raises(UnknownIdError) as info:
        cat.models["acme-prro"]  # one slip from acme-pro: a typo, not a new model
    assert not info.value.same_line
    assert "did you mean 'acme-pro'" in str(info.value)
    assert cat.models.line("lab 3b") == ("lab-1b",)
    assert cat.models.line("zz") == ()  # too short to name a line


def test_a_line_shows_its_own_makers_models_before_others_named_after_them(
    document: dict[str, Any],
) -> None:
    """Another maker's fine-tune named after a line (NVIDIA's Llama Nemotrons) is newer than the
    line's own models, yet "Lab 2B" must show Open Lab's models first: its maker has most of the
    line. A tie between makers goes to the alphabetically first, whatever the file order."""
    document["models"].append(
        {
            "id": "lab-3b-tuned",
            "name": "Lab 3B Tuned",
            "kind": "model",
            "organization": "acme",
            "released": "2025-01-01",
            "based_on": ["lab-1b"],
            "access": {"weights": "public", "deployments": ["self-host"]},
            "sources": document["models"][0]["sources"],
        }
    )
    document["models"].append(
        {
            **document["models"][-1],
            "id": "lab-2b-base",
            "name": "Lab 2B Base",
            "organization": "open-lab",
            "released": "2022-01-01",
            "based_on": [],
        }
    )
    cat = build_catalog(document)
    assert cat.models.line("Lab 9B") == ("lab-1b", "lab-2b-base", "lab-3b-tuned")
    with pytest.raises(UnknownIdError) as info:
        cat.models["lab 9b"]
    assert info.value.suggestions == ("lab-1b", "lab-2b-base", "lab-3b-tuned")
    document["models"].pop()  # one model each: the tie goes to 'acme'
    assert build_catalog(document).models.line("Lab 9B") == ("lab-3b-tuned", "lab-1b")


def test_a_bare_line_name_is_told_as_a_line_and_retired_models_come_last(
    document: dict[str, Any],
) -> None:
    """ "Lab" (no version) names the whole line, not a version the catalog lacks; and a newer
    model that is retired is listed after the ones still offered."""
    document["models"].append(
        {
            "id": "lab-2b",
            "name": "Lab 2B",
            "kind": "model",
            "organization": "open-lab",
            "released": "2024-06-01",
            "status": "retired",
            "status_date": "2025-01-01",
            "access": {"weights": "public", "deployments": ["self-host"]},
            "sources": document["models"][0]["sources"],
        }
    )
    cat = build_catalog(document)
    assert cat.models.line("Lab 9B") == ("lab-1b", "lab-2b")
    with pytest.raises(UnknownIdError) as info:
        cat.models["lab"]
    assert info.value.same_line
    assert "that names a line of models, not one; its newest here are 'lab-1b', 'lab-2b'" in str(info.value)
    with pytest.raises(UnknownIdError) as info:
        cat.models["lab 9b"]
    assert "but not this one, which may be newer than the catalog" in str(info.value)


def _line_model(document: dict[str, Any], model_id: str, released: str | None) -> dict[str, Any]:
    """A model of Open Lab's "lab" line, dated or not."""
    model: dict[str, Any] = {
        "id": model_id,
        "name": model_id.title(),
        "kind": "model",
        "organization": "open-lab",
        "access": {"weights": "public", "deployments": ["self-host"]},
        "sources": document["models"][0]["sources"],
    }
    if released is not None:
        model["released"] = released
    return model


def test_an_undated_model_takes_its_place_in_the_line_by_version(document: dict[str, Any]) -> None:
    """The catalog cannot date every model. An undated Lab 2.2 is no older than the dated Lab
    2.1 it follows, so "Lab 9" lists it first; dated models keep the order of their dates even
    where names do not count up (Lab 2.10 came out before Lab 2.1). A size is not a version
    (lab-1b is ordered by its date alone)."""
    document["models"] += [
        _line_model(document, "lab-2.1", "2025-06-01"),
        _line_model(document, "lab-2.10", "2025-01-01"),
        _line_model(document, "lab-2.2-mini", None),
        _line_model(document, "lab-1.5", None),
    ]
    line = build_catalog(document).models.line("Lab 9")
    # lab-1.5 has no dated model of a lower version to follow: it is simply undated, last
    assert line == ("lab-2.2-mini", "lab-2.1", "lab-2.10", "lab-1b", "lab-1.5")


def test_a_key_that_names_a_line_exactly_is_not_a_slip_of_another_line(
    document: dict[str, Any],
) -> None:
    """ "Lab R2" is a new model of the lab-r line (lab-r1), not a misspelt lab-or-2, which is one
    edit away but of another line; a slip within the same letters stays a typo."""
    document["models"] += [
        _line_model(document, "lab-r1", "2025-01-01"),
        _line_model(document, "lab-or-2", "2025-02-01"),
    ]
    cat = build_catalog(document)
    with pytest.raises(UnknownIdError) as info:
        cat.models["lab r2"]
    assert info.value.same_line
    assert info.value.suggestions == ("lab-r1",)
    with pytest.raises(UnknownIdError) as info:
        cat.models["lab-ro-2"]  # letters 'labro' name no line: a slip of lab-or-2
    assert not info.value.same_line
    assert info.value.suggestions[0] == "lab-or-2"


def test_a_version_recorded_only_by_size_is_shown_as_such(document: dict[str, Any]) -> None:
    """ "Lab 2.5" is a version the catalog has, as a 7B and a 32B model: the error says so and
    lists those, not the line's newest as if 2.5 were missing; words after the version ("Lab
    2.5 embed") put the models that carry them first. One model of a version is named alone."""
    document["models"] += [
        _line_model(document, "lab-2.5-7b", "2025-03-01"),
        _line_model(document, "lab-2.5-embed-1b", "2025-02-01"),
        _line_model(document, "lab-2.5-32b", "2025-01-01"),
        _line_model(document, "lab-3-pro", "2025-06-01"),
        _line_model(document, "lab-4.1", "2025-09-01"),
    ]
    cat = build_catalog(document)
    with pytest.raises(UnknownIdError) as info:
        cat.models["Lab 2.5"]
    assert info.value.suggestions == ("lab-2.5-7b", "lab-2.5-embed-1b", "lab-2.5-32b")
    assert info.value.same_version == 3
    assert "that version is recorded as separate models: 'lab-2.5-7b'" in str(info.value)
    again = pickle.loads(pickle.dumps(info.value))
    assert (again.same_version, str(again)) == (3, str(info.value))
    with pytest.raises(UnknownIdError) as info:
        cat.models["lab 2.5 embed"]
    assert info.value.suggestions[0] == "lab-2.5-embed-1b"
    with pytest.raises(UnknownIdError) as info:
        cat.models["lab 3"]
    assert info.value.suggestions == ("lab-3-pro",)
    assert "the only model of that version here is 'lab-3-pro'" in str(info.value)
    with pytest.raises(UnknownIdError) as info:
        cat.models["lab 2"]  # 2 is not 2.5: a version the catalog lacks
    assert info.value.same_line
    assert not info.value.same_version
    assert info.value.suggestions[0] == "lab-4.1"


def test_a_slip_of_a_model_puts_that_model_first(document: dict[str, Any]) -> None:
    """ "Labmodel 4.1" is one slip from labmodel-4.1-pro (a word short): that model is the first
    suggestion, although a fuzzy match of whole ids finds labmodel-4 and labmodel-3.1 closer."""
    document["models"] += [
        _line_model(document, "labmodel-4.1-pro", "2025-09-01"),
        _line_model(document, "labmodel-4", "2025-05-01"),
        _line_model(document, "labmodel-3.1", "2025-01-01"),
    ]
    models = build_catalog(document).models
    assert models.suggest("labmodel 4.1")[0] != "labmodel-4.1-pro"  # what the fix is for
    with pytest.raises(UnknownIdError) as info:
        models["labmodel 4.1"]
    assert not info.value.same_line
    assert info.value.suggestions[0] == "labmodel-4.1-pro"
    assert "did you mean 'labmodel-4.1-pro'" in str(info.value)


def test_the_llama_line_is_metas_first() -> None:
    line = oc.models.line("Llama 5")
    makers = [oc.models[model_id].organization for model_id in line]
    assert makers[:3] == ["meta"] * 3
    assert "nvidia" in makers  # the Llama Nemotrons stay in the line, after Meta's own
    assert makers.index("nvidia") > max(i for i, org in enumerate(makers) if org == "meta")


def test_lines_keep_apart_names_that_share_a_prefix() -> None:
    """'gpt' is OpenAI's line; gpt-j and gpt-oss are other lines that start with the same letters."""
    line = oc.models.line("GPT 99")
    assert "gpt-4o" in line
    assert not any(model_id.startswith(("gpt-j", "gpt-oss", "gpt-neox")) for model_id in line)
    gone = [oc.models[m].status in (Status.RETIRED, Status.RENAMED) for m in line]
    assert gone == sorted(gone)  # the models still offered first
    for group in (False, True):
        released = [oc.models[m].released for m, g in zip(line, gone, strict=True) if g is group]
        dated = [day for day in released if day is not None]
        assert dated == sorted(dated, reverse=True)  # each group newest first


@pytest.mark.parametrize(
    ("criteria", "message"),
    [
        ({"user_cap": "yes"}, "user_cap must be True or False"),
        ({"osi_approved": 1}, "osi_approved must be True or False"),
        ({"country": "XX"}, "no organization in the catalog is based in 'XX'"),
        ({"excluded_territory": "Europe"}, "ISO 3166-1 alpha-2"),
        ({"licensed_in": []}, "was given no values"),
        ({"min_user_cap": "700M"}, "min_user_cap must be a number"),
    ],
)
def test_licence_term_filters_refuse_bad_values(cat: Catalog, criteria: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidQueryError, match=message):
        cat.models.filter(**criteria)


def test_licence_term_filters_on_the_fixture(cat: Catalog) -> None:
    """The fixture's community licence caps users at 1,000 and its models are the only capped ones."""
    capped = cat.models.filter(user_cap=True)
    assert capped.ids()
    assert all(m.licenses.weights == "LicenseRef-acme-community" for m in capped)
    uncapped = set(cat.models.filter(user_cap=False).ids())
    assert uncapped
    assert set(cat.models.filter(min_user_cap=1000).ids()) == uncapped | set(capped.ids())
    assert not set(cat.models.filter(min_user_cap=1001).ids()) & set(capped.ids())
    assert set(cat.models.filter(country="us").ids()) == {
        m.id for m in cat.models.filter() if cat.organizations[m.organization].country == "US"
    }


def _reference_search(models: Any, text: str, limit: int = 10) -> list[str]:
    """The search as first written: every key scored, then sorted (slow, obviously right)."""
    from difflib import SequenceMatcher

    from openclosed import normalize_key

    query = normalize_key(text)
    records = list(models)
    best: dict[int, float] = {}
    for pos, m in enumerate(records):
        for key in (normalize_key(k) for k in (m.id, m.name, *m.aliases)):
            if key == query:
                score = 1.0
            elif key.startswith(query):
                score = 0.9
            elif query in key:
                score = 0.8
            else:
                score = SequenceMatcher(None, key, query, autojunk=False).ratio() * 0.8
                if score < 0.6:
                    continue
            best[pos] = max(best.get(pos, 0.0), score)
    order: dict[int, None] = {}
    for pos in sorted(best, key=lambda p: (-best[p], records[p].id)):
        order.setdefault(pos)
        target = records[pos].renamed_to
        if target is not None and target in models.ids():
            order.setdefault(models.ids().index(target))
    return [records[p].id for p in list(order)[:limit]]


@settings(max_examples=60, deadline=None)
@given(documents(), st.sampled_from(["model", "model 1", "mod", "0001", "odel-0", "madel 2", "x", "Model"]))
def test_search_ranks_as_the_reference_does(document: dict[str, Any], text: str) -> None:
    models = build_catalog(document).models
    for limit in (0, 1, 3, 10, 100):
        assert [m.id for m in models.search(text, limit=limit)] == _reference_search(models, text, limit)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.text("abcde0123", min_size=1, max_size=8), min_size=1, max_size=300),
    st.text("abcde0123", min_size=1, max_size=8),
    st.integers(1, 70),
)
def test_the_gram_shortlist_keeps_the_keys_sharing_the_most_grams(
    keys: list[str], word: str, size: int
) -> None:
    from openclosed._suggest import GramIndex, _grams

    wanted = _grams(word)
    shared = [len(_grams(key) & wanted) for key in keys]
    chosen = GramIndex(keys).shortlist(word, size)
    assert chosen == sorted(set(chosen))
    assert len(chosen) == min(size, sum(1 for n in shared if n))
    if chosen:
        worst_kept = min(shared[i] for i in chosen)
        assert all(shared[i] <= worst_kept for i in range(len(keys)) if i not in chosen)
        assert worst_kept > 0
