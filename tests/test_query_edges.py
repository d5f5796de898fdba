"""Edges of lookups, filters, results and search (added where tools/mutation_test.py showed
that a changed operator or constant in query.py went unnoticed)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

import openclosed as oc
from openclosed import Catalog, UnknownIdError
from openclosed.query import format_table


@pytest.fixture
def cat(document: dict[str, Any]) -> Catalog:
    return oc.load_catalog(document)


def test_a_fragment_the_suggester_misses_gets_the_search_hits(cat: Catalog) -> None:
    """'7b' is too unlike any whole key for the suggester, but search finds it inside
    acme-open-7b: the error suggests the search's hit rather than nothing."""
    assert cat.models.suggest("7b") == ()
    assert cat.models.line("7b") == ()  # no letters before the digit: it names no line
    with pytest.raises(UnknownIdError) as info:
        cat.models["7b"]
    assert info.value.suggestions == ("acme-open-7b",)
    assert not info.value.same_line
    assert "did you mean 'acme-open-7b'" in str(info.value)


def test_a_key_neither_finds_keeps_the_plain_error(cat: Catalog) -> None:
    assert cat.models.search("xyz").ids() == ()
    with pytest.raises(UnknownIdError) as info:
        cat.models["xyz"]
    assert info.value.suggestions == ()
    assert not info.value.same_line


LONG_ID = "acme-open-7b-instruct-extended-preview"


def _with_long_id(document: dict[str, Any]) -> Catalog:
    model = dict(document["models"][2], id=LONG_ID, name="Acme Open 7B Instruct Extended Preview")
    del model["aliases"]
    document["models"].append(model)
    return oc.load_catalog(document)


def test_a_text_table_cuts_the_id_column_by_exactly_the_overflow(document: dict[str, Any]) -> None:
    models = list(_with_long_id(document).models.all())
    wide = format_table(models, width=500).splitlines()
    assert all("…" not in line for line in wide)
    row = next(line for line in wide if line.startswith(LONG_ID + "  "))
    natural = len(row)  # the long id's row is the table's widest: it has every column filled
    assert natural == max(len(line) for line in wide)
    for cut in (1, 5):
        lines = format_table(models, width=natural - cut).splitlines()
        assert max(len(line) for line in lines) == natural - cut  # fits, using the whole width
        cut_row = next(line for line in lines if line.startswith(LONG_ID[:14]))
        assert cut_row.split()[0] == LONG_ID[: len(LONG_ID) - cut - 1] + "…"
        assert cut_row.split()[1:] == row.split()[1:]  # other columns are never cut


def test_the_id_column_keeps_twelve_characters_however_narrow(document: dict[str, Any]) -> None:
    models = list(_with_long_id(document).models.all())
    lines = format_table(models, width=10).splitlines()
    assert lines[0].startswith("id" + " " * 10 + "  organization")
    assert any(line.startswith(LONG_ID[:11] + "…  ") for line in lines)
    lines = format_table(models, width=10, ellipsis="...").splitlines()
    assert any(line.startswith(LONG_ID[:9] + "...  ") for line in lines)


def test_a_table_that_fits_exactly_is_left_as_it_is(cat: Catalog) -> None:
    """Ids shorter than the twelve-character minimum are not padded to it when nothing overflows."""
    models = [m for m in cat.models.all() if len(m.id) < 12]
    wide = format_table(models, width=500)
    natural = max(len(line) for line in wide.splitlines())
    assert format_table(models, width=natural) == wide
    longest = max(len(m.id) for m in models)
    assert wide.splitlines()[0].startswith("id" + " " * (longest - 2) + "  organization")


def _with_lab_models(document: dict[str, Any]) -> Catalog:
    """Two models whose ids sort before lab-1b: one named with lab-1b's key as a prefix, one
    with it inside its name; search must rank by the kind of match, not by id."""
    for model_id, name in (("acme-lab-1b-pro", "Lab 1B Pro"), ("acme-lab-1b-chat", "The Lab 1B Chat")):
        document["models"].append(dict(document["models"][1], id=model_id, name=name))
    return oc.load_catalog(document)


def test_search_ranks_exact_then_prefix_then_contained_then_similar(document: dict[str, Any]) -> None:
    """The order the search documents: an exact key, a key that starts with the text, one that
    contains it, then keys that are only similar (0.8 times their ratio, 0.6 at least)."""
    cat = _with_lab_models(document)
    # exact (lab-1b), then prefix ('lab1bpro'), then contained ('thelab1bchat')
    assert cat.models.search("lab 1b").ids() == ("lab-1b", "acme-lab-1b-pro", "acme-lab-1b-chat")
    # contained ('thelab1bchat') before similar ('lab1b' is 0.91 like 'lab1bc': 0.73)
    assert cat.models.search("lab 1bc").ids() == ("acme-lab-1b-chat", "lab-1b")
    # similar at the cutoff: 'l1b' is 0.75 like 'lab1b', which scores 0.6 and is kept
    assert cat.models.search("l1b").ids() == ("lab-1b",)
    assert cat.models.search("lab 9z").ids() == ()  # 0.6 like 'lab1b': 0.48, dropped


def test_a_search_limited_to_nothing_finds_nothing(cat: Catalog) -> None:
    """A limit of 0 is valid (a whole number >= 0) and returns no model; a negative one is refused."""
    assert cat.models.search("acme", limit=0).ids() == ()
    assert len(cat.models.search("acme", limit=1)) == 1
    with pytest.raises(oc.InvalidQueryError, match="limit must be a whole number >= 0"):
        cat.models.search("acme", limit=-1)


@pytest.mark.parametrize(
    ("criteria", "suggestion"),
    [
        ({"released": "2024-01-01"}, "released_after"),  # released_before is as close
        ({"task": "imagetext"}, "image-text-to-text"),  # image-to-image is close too
        ({"country": "C"}, "CN"),  # CA is as close
    ],
)
def test_a_bad_filter_suggests_the_single_closest_choice(criteria: dict[str, Any], suggestion: str) -> None:
    """One "did you mean" per mistake, even when several choices are about as close."""
    with pytest.raises(oc.InvalidQueryError) as caught:
        oc.models.filter(**criteria)
    assert caught.value.suggestions == (suggestion,)
    assert str(caught.value).endswith(f"did you mean {suggestion!r}?")


@pytest.mark.parametrize(
    ("excluded", "code", "touched"),
    [
        ("EEA", "NO", True),  # Norway is in the EEA, not in the EU
        ("EEA", "FR", True),
        ("EEA", "US", False),
        ("EU", "NO", False),
        ("EU", "FR", True),
        ("NO", "EEA", True),
        ("NO", "EU", False),
        ("FR", "EU", True),
        ("US", "US", True),
        ("US", "CA", False),
    ],
)
def test_territory_filters_know_which_countries_regions_hold(
    document: dict[str, Any], excluded: str, code: str, touched: bool
) -> None:
    """A licence that excludes ``excluded`` excludes some of ``code`` exactly when they overlap."""
    restrictions = document["licenses"][1]["restrictions"]  # the weights licence of acme-open-7b
    restrictions.update(
        excluded_territories=[excluded], geographic_carve_out=True, territories_clause="Section 9"
    )
    cat = oc.load_catalog(document)
    hit = "acme-open-7b" in cat.models.filter(excluded_territory=code).ids()
    assert hit is touched
    assert ("acme-open-7b" in cat.models.filter(licensed_in=code).ids()) is not touched


def test_an_unknown_id_gets_three_suggestions_at_most() -> None:
    """Whatever finds them (the search, for a fragment; the line, for a new version), an
    unknown id is told about three models, the best first."""
    with pytest.raises(UnknownIdError) as caught:
        oc.models["70b"]  # a size that many models share, inside their ids
    assert len(oc.models.search("70b").ids()) > 3
    assert caught.value.suggestions == oc.models.search("70b").ids()[:3]
    with pytest.raises(UnknownIdError) as caught:
        oc.models["gpt 99"]
    assert caught.value.same_line
    assert len(oc.models.line("gpt 99")) > 3
    assert caught.value.suggestions == oc.models.line("gpt 99")[:3]


def test_a_line_extends_to_ids_whose_letters_go_on(cat: Catalog) -> None:
    """No id has exactly the letters 'acme'; the line is then every id whose letters start so,
    newest first, an undated one last."""
    assert cat.models.line("acme 2") == ("acme-pro", "acme-open-7b", "acme-chat")


def test_a_slip_of_one_character_in_five_is_a_typo(cat: Catalog) -> None:
    """'lab1c' is 0.8 like 'lab1b' (the threshold itself) with the same digits: a misspelling of
    lab-1b, not a new model of its line."""
    with pytest.raises(UnknownIdError) as caught:
        cat.models["lab 1c"]
    assert not caught.value.same_line
    assert caught.value.suggestions == ("lab-1b",)


def test_a_text_table_fits_eighty_columns_unless_told_otherwise(document: dict[str, Any]) -> None:
    results = _with_long_id(document).models.all()
    assert max(len(line) for line in format_table(list(results), width=500).splitlines()) > 80
    assert max(len(line) for line in str(results).splitlines()) == 80
    assert format_table(list(results)) == str(results)


def test_a_vendor_includes_its_subsidiaries_at_every_depth(document: dict[str, Any]) -> None:
    """acme owns open-lab, which owns lab-eu: acme's models are all of theirs, lab-eu's only its own."""
    organizations = document["organizations"]
    organizations[1]["parent"] = "acme"
    organizations.append(dict(organizations[1], id="lab-eu", name="Lab EU", parent="open-lab"))
    document["models"].append(
        dict(document["models"][3], id="lab-eu-1b", name="Lab EU 1B", organization="lab-eu")
    )
    cat = oc.load_catalog(document)
    assert cat.models.filter(vendor="acme").ids() == cat.models.filter().ids()
    assert cat.models.filter(vendor="open-lab").ids() == ("lab-1b", "lab-eu-1b")
    assert cat.models.filter(vendor="lab-eu").ids() == ("lab-eu-1b",)
    assert cat.models.filter(vendor=["lab-eu", "open-lab"]).ids() == ("lab-1b", "lab-eu-1b")


def test_commercial_use_given_as_a_flag() -> None:
    """``True`` means yes or conditional, ``False`` means no: the same as the words."""
    no = oc.models.filter(commercial_use="no").ids()
    assert no
    assert oc.models.filter(commercial_use=False).ids() == no
    either = set(oc.models.filter(commercial_use=["yes", "conditional"]).ids())
    assert set(oc.models.filter(commercial_use=True).ids()) == either


def test_a_bad_sort_field_suggests_the_single_closest() -> None:
    """'releasel' (a slip of 'released') is also close to 'level': one suggestion, the closest."""
    with pytest.raises(oc.InvalidQueryError) as caught:
        oc.models.all().sort("releasel")
    assert caught.value.suggestions == ("released",)


def test_a_status_filter_alone_is_not_narrowed_to_the_default_statuses() -> None:
    retired = oc.models.filter(status="retired")
    assert retired
    assert {m.status for m in retired} == {oc.Status.RETIRED}
    assert retired.ids() == tuple(m.id for m in oc.models.all() if m.status is oc.Status.RETIRED)


def test_a_search_returns_ten_models_unless_told_otherwise() -> None:
    many = oc.models.search("llama", limit=100)
    assert len(many) > 10
    assert oc.models.search("llama").ids() == many.ids()[:10]


def test_a_misspelt_search_finds_the_model_in_a_large_table() -> None:
    """The shipped table has more keys than are compared one by one; a misspelling (neither a
    prefix nor a part of any key) is still found among the shortlisted ones."""
    from openclosed._suggest import FULL_SCAN

    assert sum(2 + len(m.aliases) for m in oc.models) > FULL_SCAN
    assert oc.models.search("lamma 3.1 70b").ids()[0] == "llama-3.1-70b"
    assert oc.models.search("clade sonet 4.5").ids()[0] == "claude-sonnet-4.5"


def test_the_suggesters_answer_is_kept_when_it_has_one() -> None:
    """When the suggester already has close ids, they are what the error suggests; the search
    (which here ranks other models that merely contain the text) only fills in when it has none."""
    assert oc.models.line("thinking") == ()
    suggested = oc.models.suggest("thinking")
    assert suggested
    assert oc.models.search("thinking", limit=3).ids() != suggested
    with pytest.raises(UnknownIdError) as caught:
        oc.models["thinking"]
    assert caught.value.suggestions == suggested


def test_a_makers_name_asked_of_the_models_names_the_maker_and_its_newest_models() -> None:
    """'Cohere' is a company whose models are the Command family: asked for as a model, it gets
    the organization and what it makes here, newest first, not unrelated suggestions."""
    import pickle

    # "Meta AI" is also the name of Meta's assistant: asked of the models, that is what it finds
    assert oc.models["Meta AI"].id == "meta-ai"
    assert oc.organizations["Meta AI"].id == "meta"
    for key in ("cohere", "Mistral AI", "DeepSeek"):
        maker = oc.organizations[key]
        with pytest.raises(UnknownIdError) as info:
            oc.models[key]
        error = info.value
        assert error.organization == maker.id
        current = oc.models.filter(vendor=maker.id)
        made = sorted(current, key=lambda m: (m.released or datetime.date.min, m.id), reverse=True)
        assert error.suggestions == tuple(m.id for m in made[:3])  # the newest current ones
        assert f"that names the organization {maker.id!r}" in str(error)
        assert f"models.filter(vendor={maker.id!r})" in str(error)
        again = pickle.loads(pickle.dumps(error))
        assert (again.organization, again.suggestions) == (maker.id, error.suggestions)
        assert str(again) == str(error)
    host = next(o for o in oc.organizations if not oc.models.filter(vendor=o.id))
    with pytest.raises(UnknownIdError, match="no model here is made by it") as info:
        oc.models[host.id]
    assert info.value.suggestions == ()
    assert oc.models.get("cohere") is None  # get still answers None, quietly
