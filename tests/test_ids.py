"""The ids people already have: Hugging Face licence tags, SPDX in any case, provider-prefixed
model ids and vendor API names; and no key, of any kind, finds two records."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest

import openclosed as oc
from openclosed import normalize_key
from openclosed._loader import build_catalog

TABLES = ("models", "licenses", "organizations", "license_categories", "offers")


def _claims(table: Any) -> dict[str, dict[str, set[str]]]:
    """Normalised key -> kind of key (explicit, name, tag) -> ids of the records that claim it."""
    claims: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for record in table:
        for key in (record.id, *getattr(record, "aliases", ())):
            claims[normalize_key(key)]["explicit"].add(record.id)
        claims[normalize_key(record.name)]["name"].add(record.id)
        tag = getattr(record, "hf_id", None)
        if tag is not None:
            claims[normalize_key(tag)]["tag"].add(record.id)
    return claims


@pytest.mark.parametrize("name", TABLES)
def test_no_key_in_the_catalog_resolves_to_two_records(name: str) -> None:
    """Ids and aliases are unique; a name or a tag shared by two records finds neither;
    otherwise each key finds the one record that claims it, ids and aliases first."""
    table = getattr(oc.catalog(), name)
    for key, kinds in _claims(table).items():
        found = table.get(key)
        explicit = kinds.get("explicit", set())
        assert len(explicit) <= 1, (key, explicit)
        if explicit:
            assert found is not None
            assert {found.id} == explicit, key
            continue
        for kind in ("name", "tag"):
            owners = kinds.get(kind, set())
            if len(owners) == 1:
                assert found is not None
                assert found.id in owners, key
                break
            if len(owners) > 1 and found is not None:
                pytest.fail(f"{key!r} is shared by {sorted(owners)} but finds {found.id!r}")


def test_hugging_face_licence_tags_and_lowercase_spdx_resolve() -> None:
    assert oc.licenses["llama2"] is oc.licenses["LicenseRef-llama-2-community"]
    assert oc.licenses["apache-2.0"].id == "Apache-2.0"
    assert oc.licenses["mit"].id == "MIT"
    assert oc.licenses.get("other") is None  # Hugging Face's catch-all names no licence
    tagged = [lic for lic in oc.licenses if lic.hf_id and lic.hf_id != "other"]
    counts: dict[str, int] = defaultdict(int)
    for lic in tagged:
        counts[normalize_key(lic.hf_id or "")] += 1
    for lic in tagged:
        if counts[normalize_key(lic.hf_id or "")] == 1:
            assert oc.licenses[lic.hf_id or ""] is lic
    for lic in oc.licenses:
        if lic.is_spdx:
            assert oc.licenses[lic.id.lower()] is lic
    assert oc.models.filter(license="llama2") == oc.models.filter(license="LicenseRef-llama-2-community")


@pytest.mark.parametrize(
    ("key", "model_id"),
    [
        ("openai/gpt-4o", "gpt-4o"),
        ("meta-llama/Llama-3.3-70B-Instruct", "llama-3.3-70b"),
        ("mistralai/Mistral-Large-Instruct-2407", "mistral-large-2"),
        ("deepseek-ai/DeepSeek-V3", "deepseek-v3"),
        ("google/gemma-2-9b-it", "gemma-2-9b"),  # google-deepmind's, Google's subsidiary
        ("x-ai/grok-2", "grok-2"),
        ("claude-3-5-sonnet-20240620", "claude-3.5-sonnet"),
        ("claude-3-5-sonnet@20240620", "claude-3.5-sonnet"),
        ("claude-3-5-sonnet-latest", "claude-3.5-sonnet"),
        ("anthropic.claude-3-haiku-20240307-v1:0", "claude-3-haiku"),
        ("gpt-4o-2024-08-06", "gpt-4o"),
    ],
)
def test_provider_prefixed_and_api_names_resolve(key: str, model_id: str) -> None:
    assert oc.models[key].id == model_id
    assert key in oc.models


@pytest.mark.parametrize(
    "key",
    [
        "openai/llama-2",  # OpenAI did not make Llama 2
        "meta-llama/gpt-4o",
        "nobody/gpt-4o",  # not an organization
        "gpt-4o-mini-instruct",  # not a model: short suffixes are not stripped
        "gpt-4-1106",
        "llama-2-20240101x",
    ],
)
def test_rules_do_not_guess(key: str) -> None:
    assert oc.models.get(key) is None


def test_every_model_resolves_under_its_makers_prefix_and_with_a_snapshot_date() -> None:
    """Unless that very text is another record's alias (``hexgrad/Kokoro-82M`` is a repository
    that moved on to v1.0): known keys always win over the rules."""
    cat = oc.catalog()
    explicit = {normalize_key(k): m for m in cat.models for k in (m.id, *m.aliases)}
    for model in cat.models:
        makers = [model.organization, *model.collaborators]
        for maker in makers:
            org = cat.organizations[maker]
            for prefix in (org.id, *org.aliases):
                if "/" in prefix or "." in prefix or " " in prefix or "," in prefix:
                    continue  # not a namespace anyone writes
                key = f"{prefix}/{model.id}"
                expected = explicit.get(normalize_key(key), model)
                assert cat.models.get(key) is expected, (prefix, model.id)
        for suffix in ("-20250101", "@20250101", "-latest"):
            key = model.id + suffix
            assert cat.models.get(key) is explicit.get(normalize_key(key), model), (model.id, suffix)


def test_maker_offer_ids_resolve_to_their_model() -> None:
    cat = oc.catalog()
    for offer in cat.offers:
        if offer.kind is oc.OfferKind.MAKER:
            assert cat.models[offer.id].id == offer.model


def test_rules_work_in_any_catalog(document: dict[str, Any]) -> None:
    cat = build_catalog(document)
    model = next(iter(cat.models))
    assert cat.models[f"{model.organization}/{model.id}"] is model
    assert cat.models.get(f"not-an-org/{model.id}") is None
