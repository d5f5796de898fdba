"""Integrity of the shipped catalog, in one place. Messages name the offending record."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Callable

import pytest
from packaging.licenses import canonicalize_license_expression

import openclosed as oc
from openclosed import (
    CommercialUse,
    Deployment,
    Grade,
    Kind,
    Level,
    Modality,
    OfferKind,
    Side,
    Status,
    Task,
    WeightsAccess,
)

CATALOG_DATE = datetime.date(2026, 12, 6)  # the day the facts of this version were checked
EARLIEST = datetime.date(2015, 1, 1)

#: Pinned so that a change in the size of the catalog is always deliberate.
COUNTS = {"models": 1554, "organizations": 104, "licenses": 102, "license_categories": 7, "offers": 615}


@pytest.fixture(scope="module")
def cat() -> oc.Catalog:
    return oc.catalog()


def all_records(cat: oc.Catalog) -> list[object]:
    return [*cat.models, *cat.organizations, *cat.licenses, *cat.license_categories]


def test_counts_are_pinned(cat: oc.Catalog) -> None:
    assert {name: len(getattr(cat, name)) for name in COUNTS} == COUNTS


def test_catalog_is_big_enough() -> None:
    assert COUNTS["models"] >= 120
    assert COUNTS["organizations"] >= 40
    assert COUNTS["licenses"] >= 25


def test_every_category_has_members(cat: oc.Catalog) -> None:
    used = Counter(lic.category for lic in cat.licenses)
    assert [c.id for c in cat.license_categories if not used[c.id]] == []


def test_every_license_is_used(cat: oc.Catalog) -> None:
    used = {lic for m in cat.models for _, lic in m.licenses.items()}
    used |= {change.license for m in cat.models for change in m.license_history}
    assert sorted(lic.id for lic in cat.licenses if lic.id not in used) == []


def test_every_organization_makes_or_serves_something(cat: oc.Catalog) -> None:
    makers = {m.organization for m in cat.models} | {c for m in cat.models for c in m.collaborators}
    parents = {o.parent for o in cat.organizations if o.parent}
    providers = {o.provider for o in cat.offers}
    assert sorted(o.id for o in cat.organizations if o.id not in makers | parents | providers) == []


def test_every_level_and_required_task_is_covered(cat: oc.Catalog) -> None:
    assert {m.level for m in cat.models} == set(Level)
    required = {
        Task.TEXT_GENERATION,
        Task.CODE_GENERATION,
        Task.TEXT_TO_IMAGE,
        Task.AUTOMATIC_SPEECH_RECOGNITION,
        Task.TEXT_TO_SPEECH,
        Task.TRANSLATION,
        Task.FEATURE_EXTRACTION,
        Task.IMAGE_TEXT_TO_TEXT,
        Task.TEXT_TO_VIDEO,
        Task.IMAGE_TO_VIDEO,
    }
    assert required - {t for m in cat.models for t in m.tasks} == set()


@pytest.mark.parametrize(
    ("task", "takes", "at_least"),
    [(Task.IMAGE_TO_VIDEO, Modality.IMAGE, 10), (Task.VIDEO_TO_VIDEO, Modality.VIDEO, 1)],
)
def test_a_model_that_makes_video_from_a_given_input_takes_it(
    cat: oc.Catalog, task: Task, takes: Modality, at_least: int
) -> None:
    """An animator takes an image, an editor takes a clip; both make video."""
    makers = [m for m in cat.models if task in m.tasks]
    assert len(makers) >= at_least
    wrong = [m.id for m in makers if takes not in m.inputs or Modality.VIDEO not in m.outputs]
    assert wrong == []


def test_every_record_has_a_dated_https_source(cat: oc.Catalog) -> None:
    for record in all_records(cat):
        sources = record.sources  # type: ignore[attr-defined]
        assert sources, f"{record.id} has no source"  # type: ignore[attr-defined]
        for source in sources:
            assert source.url.startswith("https://"), (record.id, source.url)  # type: ignore[attr-defined]
            assert EARLIEST <= source.checked <= CATALOG_DATE, (record.id, source.checked)  # type: ignore[attr-defined]


def test_dates_are_sane(cat: oc.Catalog) -> None:
    for m in cat.models:
        if m.released is not None:
            assert EARLIEST <= m.released <= CATALOG_DATE, m.id
        if m.status_date is not None:
            assert m.status_date <= CATALOG_DATE or m.status is Status.DEPRECATED, m.id
            if m.released is not None:
                assert m.status_date >= m.released, m.id
        for change in m.license_history:
            assert EARLIEST <= change.until <= CATALOG_DATE, m.id
            if m.released is not None:
                assert change.until >= m.released, m.id


def test_prices_are_dated_sourced_and_in_order(cat: oc.Catalog) -> None:
    for offer in cat.offers:
        dates = [p.as_of for p in offer.prices]
        assert dates == sorted(set(dates)), f"{offer.id}: one price a day, oldest first"
        for p in offer.prices:
            assert p.source.startswith("https://"), offer.id
            assert EARLIEST <= p.as_of <= CATALOG_DATE, offer.id
            assert p.rates(), f"{offer.id} has an empty price"
        assert offer.price is (offer.prices[-1] if offer.prices else None), "the current price is the newest"


def test_a_price_in_another_currency_says_why_it_is_not_in_dollars(cat: oc.Catalog) -> None:
    # A price is converted by no one: an offer billed in another currency says so in its notes.
    others = [o for o in cat.offers if any(not p.in_usd for p in o.prices)]
    assert others, "the catalog keeps Zhipu's CNY prices"
    for offer in others:
        for currency in {p.currency for p in offer.prices if not p.in_usd}:
            assert currency in (offer.notes or ""), offer.id
            assert "not converted" in (offer.notes or ""), offer.id


def test_a_served_model_says_how_it_is_served(cat: oc.Catalog) -> None:
    """A model whose maker still sells it lists that route; a retired offer need not."""
    for m in cat.models:
        offer = m.maker_offer
        if offer is not None and offer.status is not Status.RETIRED:
            assert {Deployment.API, Deployment.PRODUCT, Deployment.PRIVATE_DEPLOYMENT} & set(
                m.access.deployments
            ), m.id
            assert m.pricing is offer.price


def test_offers_have_sources_and_valid_terms(cat: oc.Catalog) -> None:
    for offer in cat.offers:
        assert offer.sources, f"{offer.id} has no source"
        for source in offer.sources:
            assert source.url.startswith("https://"), offer.id
            assert EARLIEST <= source.checked <= CATALOG_DATE, offer.id
        if offer.status is not Status.ACTIVE and offer.status_date is None:
            assert offer.notes, f"{offer.id} is {offer.status.value} without a date or a note"


def test_a_scheduled_retirement_whose_day_has_passed_is_recorded_as_one(cat: oc.Catalog) -> None:
    # docs/methodology.md, "Status and its dates": a vendor's retirement day, once passed, is
    # the record's retirement; until then it is kept in ``retires``, with the notes saying where from.
    scheduled: list[oc.Model | oc.Offer] = [
        *(m for m in cat.models if m.retires),
        *(o for o in cat.offers if o.retires),
    ]
    assert scheduled, "no record keeps a scheduled retirement"
    for record in scheduled:
        day = record.retires
        assert day is not None
        assert day > CATALOG_DATE, f"{record.id} retired on {day}: record it as retired"
        spellings = (day.isoformat(), f"{day:%B} {day.day}, {day.year}")
        texts = [record.notes or "", *(source.note or "" for source in record.sources)]
        quoted = any(spelling in text for spelling in spellings for text in texts)
        assert quoted, f"{record.id}: no note or source gives {day}"


def test_a_model_whose_weights_can_be_downloaded_is_not_retired(cat: oc.Catalog) -> None:
    # docs/methodology.md, "Status and its dates" 3: when a maker's API closes, the weights are
    # still there, so the maker's offer is retired and the model stays. A model whose weights
    # were withdrawn has ``weights: none`` and may be retired.
    retired = [
        m.id for m in cat.models if m.access.weights is not WeightsAccess.NONE and m.status is Status.RETIRED
    ]
    assert retired == []


def test_statuses_point_somewhere(cat: oc.Catalog) -> None:
    for m in cat.models:
        if m.status is Status.RENAMED:
            assert m.renamed_to is not None, f"{m.id} is renamed but says not to what"
        if m.status is not Status.ACTIVE and m.status_date is None:  # unknown day: the notes must say why
            assert m.notes, f"{m.id} is {m.status.value} without a date or a note"
        for target in (m.renamed_to, m.successor, m.family, *m.based_on):
            if target is not None:
                assert target in cat.models, (m.id, target)
                assert target != m.id
        if m.family is not None:
            assert cat.models[m.family].kind is Kind.FAMILY, m.id


_ROUND_FIGURE = re.compile(r"context window[^.]*round figure", re.IGNORECASE)


def test_context_windows_follow_one_rule(cat: oc.Catalog) -> None:
    """The rule of docs/methodology.md: the exact count a source states (and a source note or
    the notes quote it), else the vendor's round figure read in decimal thousands, said so."""
    for m in cat.models.all():
        n = m.context_window
        if n is None:
            continue
        if _ROUND_FIGURE.search(m.notes or ""):
            assert n % 1000 == 0, f"{m.id}: a round figure is read in decimal thousands ('128K' is 128,000)"
        else:
            texts = [m.notes or "", *(s.note or "" for s in m.sources)]
            assert any(str(n) in t or f"{n:,}" in t for t in texts), (
                f"{m.id}: no source note quotes {n:,}; cite the exact count, or record the round figure "
                "and say so in the notes"
            )


def test_parameters_are_consistent(cat: oc.Catalog) -> None:
    for m in cat.models:
        if m.active_parameters is not None:
            assert m.parameters is not None, m.id
            assert m.active_parameters < m.parameters, m.id


def _downloadable(m: oc.Model) -> bool:
    return m.kind is Kind.MODEL and m.access.weights is not WeightsAccess.NONE


#: A fact the issue asks for, the records it applies to, and a word any explanation of its absence uses.
EXPECTED_FACTS: dict[str, tuple[Callable[[oc.Model], bool], Callable[[oc.Model], object], str]] = {
    # Weights one can download can be counted, so a missing count is a gap, not a secret.
    "parameters": (_downloadable, lambda m: m.parameters, "parameter"),
    "licenses.weights": (_downloadable, lambda m: m.licenses.weights, "licen"),
    "released": (lambda m: True, lambda m: m.released, "release"),
    "pricing": (
        lambda m: m.kind is Kind.MODEL and Deployment.API in m.access.deployments,
        lambda m: m.pricing,
        "pric",
    ),
    "context_window": (
        lambda m: m.kind is Kind.MODEL and Modality.TEXT in m.outputs,
        lambda m: m.context_window,
        "context",
    ),
}


@pytest.mark.parametrize("fact", sorted(EXPECTED_FACTS))
def test_a_missing_fact_is_explained_in_the_notes(cat: oc.Catalog, fact: str) -> None:
    # Unknown stays unknown, but never silently: the notes say what was found or why not.
    applies, value, word = EXPECTED_FACTS[fact]
    unexplained = [
        m.id for m in cat.models if applies(m) and value(m) is None and word not in (m.notes or "").lower()
    ]
    assert unexplained == [], f"{fact} is unknown and unexplained for {unexplained}"


def test_spdx_ids_are_canonical_and_the_rest_are_license_refs(cat: oc.Catalog) -> None:
    for lic in cat.licenses:
        if lic.is_spdx:
            assert canonicalize_license_expression(lic.id) == lic.id
        else:
            assert lic.id.startswith("LicenseRef-"), lic.id
    for family in ("llama", "gemma", "rail", "qwen", "deepseek", "falcon"):
        for lic in cat.licenses:
            if family in lic.id.lower():
                assert not lic.is_spdx, f"{lic.id}: {family} licenses have no SPDX id"


def test_license_facts_agree_with_categories(cat: oc.Catalog) -> None:
    for lic in cat.licenses:
        category = cat.license_categories[lic.category]
        if lic.osi_approved:
            assert category.osi_compatible, lic.id
        if lic.restrictions.non_commercial:
            assert lic.commercial_use is CommercialUse.NO, lic.id
        if category.id == "permissive":
            assert lic.commercial_use is CommercialUse.YES, lic.id


def test_derived_levels_agree_with_the_facts(cat: oc.Catalog) -> None:
    open_categories = {c.id for c in cat.license_categories if c.osi_compatible}
    for m in cat.models:
        weights = cat.licenses.get(m.licenses.weights) if m.licenses.weights else None
        if m.level in (Level.OPEN_SOURCE, Level.OPEN_WEIGHTS) and m.kind is not Kind.TOOLKIT:
            assert weights is not None, m.id
            assert weights.category in open_categories, m.id
        if m.level is Level.RESTRICTED_WEIGHTS:
            assert weights is None or weights.category not in open_categories, m.id
        if m.level in (Level.API, Level.HOSTED):
            assert m.access.weights is WeightsAccess.NONE or m.components.weights is Grade.CLOSED, m.id
        if m.level is Level.HOSTED:
            assert Deployment.API not in m.access.deployments, m.id
        assert m.side is (Side.OPEN if m.level not in (Level.API, Level.HOSTED) else Side.CLOSED), m.id


def test_aliases_are_unique_across_the_catalog(cat: oc.Catalog) -> None:
    owners: dict[str, str] = {}
    for m in cat.models:
        for key in (m.id, *m.aliases):
            norm = oc.normalize_key(key)
            assert owners.setdefault(norm, m.id) == m.id, f"{key!r} of {m.id} is also {owners[norm]}"


def test_fast_and_strict_paths_agree_on_the_shipped_data(cat: oc.Catalog) -> None:
    """The packaged data is read by the fast structurer; the strict one must build the same records."""
    from openclosed._converter import structure_section
    from openclosed._loader import _build, packaged_document

    strict = _build(packaged_document(), "strict", structure_section, check_spdx=True)
    assert strict == cat
    for fast_model, strict_model in zip(cat.models, strict.models, strict=True):
        assert repr(fast_model) == repr(strict_model)  # same types too (5.0, not 5)
        assert fast_model.openness == strict_model.openness


# --- the ten systems the project was founded on --------------------------------------


@pytest.mark.parametrize(
    ("model_id", "level"),
    [
        ("olmo-7b", Level.OPEN_SOURCE),
        ("gpt-j-6b", Level.OPEN_SOURCE),
        ("pythia-12b", Level.OPEN_SOURCE),
        ("mistral-7b", Level.OPEN_WEIGHTS),
        ("llama-2-7b", Level.RESTRICTED_WEIGHTS),
        ("stable-diffusion-1.5", Level.RESTRICTED_WEIGHTS),
        ("stable-diffusion-xl", Level.RESTRICTED_WEIGHTS),
        ("command-r", Level.RESTRICTED_WEIGHTS),
        ("gpt-4", Level.API),
        ("claude-3-opus", Level.API),
        ("gemini-1.0-pro", Level.API),
        ("bard", Level.HOSTED),
        ("chatgpt", Level.HOSTED),
        ("opennmt", Level.OPEN_SOURCE),
    ],
)
def test_real_cases_get_the_expected_level(cat: oc.Catalog, model_id: str, level: Level) -> None:
    assert cat.models[model_id].level is level


def test_llama_2_license_terms(cat: oc.Catalog) -> None:
    llama = cat.models["Llama 2"]
    assert llama.kind is Kind.FAMILY
    lic = cat.licenses[llama.licenses.weights or ""]
    assert lic.id == "LicenseRef-llama-2-community"
    assert lic.restrictions.user_cap == 700_000_000
    assert lic.restrictions.acceptable_use_policy
    assert lic.restrictions.output_use_ban
    assert lic.commercial_use is CommercialUse.CONDITIONAL
    assert cat.models["llama-2-7b"].access.weights is WeightsAccess.GATED


def test_stable_diffusion_publishers_and_licenses(cat: oc.Catalog) -> None:
    sd15 = cat.models["stable-diffusion-1.5"]
    assert {sd15.organization, *sd15.collaborators} >= {"runwayml", "compvis"}
    assert sd15.licenses.weights == "LicenseRef-creativeml-openrail-m"
    assert cat.models["sdxl"].licenses.weights == "LicenseRef-creativeml-openrail-plus-plus-m"
    assert cat.licenses[sd15.licenses.weights].category == "open-rail"


def test_opennmt_is_a_toolkit(cat: oc.Catalog) -> None:
    nmt = cat.models["OpenNMT"]
    assert nmt.kind is Kind.TOOLKIT
    assert {nmt.organization, *nmt.collaborators} >= {"harvard-nlp", "systran"}
    assert nmt.licenses.code == "MIT"
    assert nmt.components.weights is Grade.NOT_APPLICABLE
    assert Task.TRANSLATION in nmt.tasks


def test_chatgpt_is_a_product_built_on_its_own_model_entries(cat: oc.Catalog) -> None:
    chatgpt = cat.models["ChatGPT"]
    assert chatgpt.kind is Kind.PRODUCT
    assert {"gpt-3.5-turbo", "gpt-4", "gpt-4o"} <= set(chatgpt.based_on)
    for model_id in ("gpt-3.5-turbo", "gpt-4", "gpt-4o"):
        assert cat.models[model_id].kind is Kind.MODEL


def test_bard_is_kept_renamed_and_findable(cat: oc.Catalog) -> None:
    bard = cat.models["Google Bard"]
    assert bard.id == "bard"
    assert bard.status is Status.RENAMED
    assert bard.status_date == datetime.date(2024, 2, 8)
    assert bard.renamed_to == "gemini-app"
    assert cat.models["gemini-app"].kind is Kind.PRODUCT
    assert cat.models.search("bard").ids()[:2] == ("bard", "gemini-app")


def test_cohere_is_an_organization_whose_models_are_command(cat: oc.Catalog) -> None:
    assert "cohere" in cat.organizations
    assert cat.models.get("cohere") is None
    for model_id in ("command-r", "command-r-plus"):
        m = cat.models[model_id]
        assert m.organization == "cohere"
        assert m.licenses.weights == "CC-BY-NC-4.0"
        assert cat.licenses[m.licenses.service or ""].commercial_use is not CommercialUse.NO
    assert cat.licenses["CC-BY-NC-4.0"].commercial_use is CommercialUse.NO


def test_license_changes_are_kept_not_overwritten(cat: oc.Catalog) -> None:
    falcon = cat.models["falcon-40b"]
    assert falcon.licenses.weights == "Apache-2.0"
    assert [c.license for c in falcon.license_history] == ["LicenseRef-falcon-40b-tii"]
    minimax = cat.models["minimax-text-01"]
    assert sorted((c.component, c.until) for c in minimax.license_history) == [
        ("code", datetime.date(2025, 2, 20)),
        ("weights", datetime.date(2025, 2, 20)),
    ]


def test_checkpoints_under_different_terms_are_separate_records(cat: oc.Catalog) -> None:
    """DeepSeek-V3 (December 2024) kept its own licence; the MIT one belongs to V3-0324."""
    v3, v3_0324 = cat.models["deepseek-v3"], cat.models["DeepSeek-V3-0324"]
    assert v3.licenses.weights == "LicenseRef-deepseek-model"
    assert v3.license_history == ()
    assert v3_0324.id == "deepseek-v3-0324"
    assert v3_0324.licenses.weights == "MIT"
    assert v3.successor == v3_0324.id
    assert v3.family == v3_0324.family == "deepseek-v3-series"
    # a refresh with its own name and price is its own record, and the price went with it
    refresh = cat.models["command-r-08-2024"]
    assert refresh.family == cat.models["command-r"].family == "cohere-command-r"
    assert refresh.pricing is not None
    assert (refresh.pricing.input_per_mtok, refresh.pricing.output_per_mtok) == (0.15, 0.6)
    assert cat.models["command-r"].pricing is not None
    assert cat.models["command-r"].pricing.input_per_mtok == 0.5
    assert cat.models["hexgrad/Kokoro-82M"].id == "kokoro-82m-v1.0"


def test_claude_3_family_and_gemini_models_and_product(cat: oc.Catalog) -> None:
    assert {m.id for m in cat.models.filter(vendor="anthropic", status=list(Status))} >= {
        "claude-3-opus",
        "claude-3-sonnet",
        "claude-3-haiku",
        "claude-ai",
    }
    gemini = cat.models.filter(vendor="google", status=list(Status), side="closed").ids()
    assert {"gemini-1.0-pro", "gemini-app", "gemini"} <= set(gemini)


#: Names users type for a model line: each is a family entry, not a typo or a single model.
FAMILY_NAMES = (
    "llama 3.1",
    "llama 4",
    "whisper",
    "gpt-5",
    "claude 4.5",
    "gemini 3",
    "gemini 2.5",
    "qwen3",
    "flux.2",
    "granite 4.0",
    "gemma 3",
    "gemma 4",
    "gpt-6",
    "grok voice",
    "krea 2",
    "seedance",
    "recraft",
    "mai image",
)


@pytest.mark.parametrize("name", FAMILY_NAMES)
def test_family_entries_users_type_resolve(cat: oc.Catalog, name: str) -> None:
    family = cat.models[name]
    assert family.kind is Kind.FAMILY, name
    members = [m for m in cat.models.all() if m.family == family.id]
    assert members, f"{family.id} has no members"


#: The day after the previous release: a source checked since then was checked for this one.
RELEASE_WORK_BEGAN = datetime.date(2026, 11, 29)


def test_every_active_record_has_a_source_checked_for_this_release(cat: oc.Catalog) -> None:
    stale = [
        m.id
        for m in cat.models.all()
        if m.status is Status.ACTIVE and not any(s.checked >= RELEASE_WORK_BEGAN for s in m.sources)
    ]
    assert stale == [], f"active, but no source checked for this release: {stale}"


#: The open-weights models the most providers list in models.dev (snapshot f3fc692 of
#: 2026-07-02, counted by ``tools/crosscheck.py``'s matching; ties at the twentieth place
#: kept): the models people most often rent rather than run themselves.
MOST_SERVED_OPEN = (
    "kimi-k2.6",
    "kimi-k2.5",
    "minimax-m2.5",
    "gpt-oss-120b",
    "glm-5",
    "glm-5.1",
    "deepseek-v4-pro",
    "glm-5.2",
    "glm-4.7",
    "deepseek-v4-flash",
    "deepseek-v3.2",
    "minimax-m2.7",
    "llama-3.3-70b",
    "gpt-oss-20b",
    "qwen3.5-397b-a17b",
    "qwen3-235b-a22b-2507",
    "kimi-k2-thinking",
    "glm-4.6",
    "gemma-4-31b",
    "minimax-m2.1",
    "kimi-k2.7-code",
)


def _regions_unexplained(offer: oc.Offer) -> bool:
    """A live offer with no regions whose notes do not say why."""
    return (
        offer.status is not Status.RETIRED
        and not offer.regions
        and not re.search(r"\bregions?\b", offer.notes or "", re.IGNORECASE)
    )


@pytest.mark.parametrize("model_id", MOST_SERVED_OPEN)
def test_where_the_most_served_open_models_run_is_recorded_or_explained(
    cat: oc.Catalog, model_id: str
) -> None:
    """Regions come only from a provider's own statement; where none was found, the offer's
    notes say what the provider's pages do say (global routing, nothing at all...)."""
    for offer in cat.models[model_id].offers:
        assert not _regions_unexplained(offer), offer.id


@pytest.mark.parametrize("model_id", MOST_SERVED_OPEN)
def test_the_most_served_open_models_have_two_priced_third_party_offers(
    cat: oc.Catalog, model_id: str
) -> None:
    model = cat.models[model_id]
    assert model.access.weights is not WeightsAccess.NONE, model_id
    others = [
        o
        for o in model.offers
        if o.kind is not OfferKind.MAKER and o.status is not Status.RETIRED and o.price is not None
    ]
    assert len({o.provider for o in others}) >= 2, f"{model_id}: {[o.id for o in others]}"


def test_every_live_offer_without_regions_says_why(cat: oc.Catalog) -> None:
    """An empty region list is either filled or explained in the notes: since 26.13.0 for
    every live offer (the last three, AssemblyAI's two and the Gemini app, were read then)."""
    unexplained = sorted(o.id for o in cat.offers if _regions_unexplained(o))
    assert unexplained == [], "explain these offers' regions"
