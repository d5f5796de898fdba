"""tools/crosscheck.py against small hand-written snapshots in tests/fixtures/crosscheck/.

The catalog side is the small document of conftest.py (an ``acme`` maker with a priced API
model and a gated open model, an ``open-lab`` model) with a context window and a
retirement added; matching of real-world names runs against the shipped catalog.
"""

from __future__ import annotations

import dataclasses
import doctest
import io
import json
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import openclosed as oc
from conftest import load_script, make_document

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "crosscheck"
LITELLM = FIXTURES / "litellm.json"
MODELS_DEV = FIXTURES / "models-dev"
HF = FIXTURES / "hf"

needs_tomllib = pytest.mark.skipif(
    sys.version_info < (3, 11), reason="the models.dev reader needs tomllib (Python 3.11+)"
)


cc: Any = load_script(ROOT / "tools" / "crosscheck.py", "crosscheck")


@pytest.fixture(autouse=True)
def acme_is_a_maker(monkeypatch: pytest.MonkeyPatch) -> None:
    """Teach the tool's mapping tables the fixture maker, as a maintainer would a real one."""
    monkeypatch.setitem(cc.LITELLM_FIRST_PARTY, "acme", "acme")
    monkeypatch.setitem(cc.MODELS_DEV_FIRST_PARTY, "acme", "acme")
    monkeypatch.setitem(cc.MODELS_DEV_LABS, "acme", "acme")
    monkeypatch.setitem(cc.VENDOR_PREFIXES, "acme", "acme")


def fixture_document() -> dict[str, Any]:
    document = make_document()
    models = {m["id"]: m for m in document["models"]}
    models["acme-pro"].update(context_window=128000, status="retired", status_date="2025-12-01")
    models["lab-1b"].update(context_window=2048)
    document["offers"][0].update(status="retired", status_date="2025-12-01")  # the maker's API of acme-pro
    return document


@pytest.fixture
def catalog() -> oc.Catalog:
    return oc.load_catalog(fixture_document())


@pytest.fixture
def catalog_file(tmp_path: Path) -> Path:
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(fixture_document()), encoding="utf-8")
    return path


def rows(findings: Any) -> set[tuple[str, ...]]:
    return {(f.kind, f.model_id, f.field, f.ours, f.theirs, f.source_key) for f in findings}


# ------------------------------------------------------------------ names and numbers


def test_prefixes_and_date_suffixes_are_stripped() -> None:
    assert cc.strip_prefixes("bedrock/us.anthropic.claude-3-opus-20240229-v1:0") == (
        "claude-3-opus-20240229-v1:0"
    )
    assert cc.strip_prefixes("together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo") == (
        "Llama-3.3-70B-Instruct-Turbo"
    )
    assert cc.strip_suffixes("claude-3-opus-20240229-v1:0") == "claude-3-opus"
    assert cc.strip_suffixes("gpt-4o-2024-08-06") == "gpt-4o"
    assert cc.strip_suffixes("grok-2-latest") == "grok-2"
    assert cc.strip_suffixes("claude-opus-4@20250514") == "claude-opus-4"
    # four-digit suffixes are versions, not dates: mistral-large-2407 is not mistral-large
    assert cc.strip_suffixes("mistral-large-2407") == "mistral-large-2407"
    assert cc.collapse_key("command-r-08-2024") == cc.collapse_key("command-r")


def test_real_names_match_the_shipped_catalog() -> None:
    catalog = oc.catalog()

    def matched(key: str) -> tuple[str | None, bool]:
        fact = cc.match(cc.Fact("litellm", key, "x", None, False), catalog)
        return fact.model_id, fact.exact

    assert matched("claude-3-opus-20240229") == ("claude-3-opus", True)
    assert matched("bedrock/us.amazon.nova-lite-v1:0") == ("amazon-nova-lite", True)
    assert matched("claude-4-opus-20250514") == ("claude-opus-4", True)  # the EXPLICIT table
    assert matched("gpt-4o-2024-11-20") == ("gpt-4o", True)
    assert matched("gpt-4-32k") == ("gpt-4", False)  # a variant: its price compares, not its context
    assert matched("mistral-large-2407") == ("mistral-large-2", True)
    assert matched("deepseek-chat") == (None, False)  # a rolling alias is never matched
    assert matched("gpt-4o-mini-2024-07-18") == ("gpt-4o-mini", True)  # "-mini" is a name, not a suffix


def test_the_tools_doctests_pass() -> None:
    assert doctest.testmod(cc).failed == 0


def test_a_token_count_may_be_written_as_a_whole_float() -> None:
    # LiteLLM writes some context windows as 2000000.0; dropping the entry hid its prices.
    assert cc._int(2000000.0) == 2000000
    assert cc._int(0.0) is None
    with pytest.raises(ValueError, match="not a positive integer"):
        cc._int(1.5)
    with pytest.raises(ValueError, match="not a positive integer"):
        cc._int(-4096)


def test_a_filtered_litellm_copy_is_reported() -> None:
    # A copy of the map filtered to a few providers hides every other model: say so.
    facts = cc.litellm_facts(LITELLM, warn=lambda _: None)
    warnings: list[str] = []
    assert cc.warn_if_filtered(facts, warn=warnings.append)
    assert len(warnings) == 1
    assert "filtered copy" in warnings[0]
    assert f"only {len({f.provider for f in facts})} providers" in warnings[0]
    many = [dataclasses.replace(facts[0], provider=f"host-{n}") for n in range(cc.FULL_MAP_MIN_PROVIDERS)]
    assert not cc.warn_if_filtered(many, warn=warnings.append)
    assert len(warnings) == 1


def test_rounding_is_x1000_against_x1024() -> None:
    assert cc.is_rounding(128000, 131072)
    assert cc.is_rounding(1048576, 1000000)
    assert cc.is_rounding(32000, 32768)
    assert not cc.is_rounding(128000, 128000)
    assert not cc.is_rounding(8192, 8191)
    assert not cc.is_rounding(200000, 1000000)


# ------------------------------------------------------------------ sources


def test_litellm_first_and_third_party() -> None:
    facts = {f.key: f for f in cc.litellm_facts(LITELLM, warn=lambda _: None)}
    first = facts["acme-pro-2024-01-02"]
    assert (first.maker, first.first_party) == ("acme", True)
    assert first.output_per_mtok == pytest.approx(2.5)
    assert str(first.retired) == "2026-01-01"
    resold = facts["bedrock/us.acme.acme-pro-v1:0"]
    assert (resold.maker, resold.first_party) == ("acme", False)
    assert facts["stranger-7b"].maker is None
    assert "sample_spec" not in facts


def test_malformed_entries_are_skipped_with_a_warning(capsys: pytest.CaptureFixture[str]) -> None:
    facts = cc.litellm_facts(LITELLM)
    assert "acme-broken" not in {f.key for f in facts}
    err = capsys.readouterr().err.splitlines()
    assert err == ["warning: litellm: skipping 'acme-broken': not a number: 'cheap'"]


@needs_tomllib
def test_models_dev_resolves_base_model_and_warns_on_bad_toml() -> None:
    warnings: list[str] = []
    facts = {f.key: f for f in cc.models_dev_facts(MODELS_DEV, warn=warnings.append)}
    assert len(warnings) == 1
    assert warnings[0].startswith("models.dev: skipping acme/broken: ")
    own = facts["acme/acme-pro"]  # inherits from models/acme/acme-pro.toml
    assert (own.first_party, own.input_per_mtok, own.context, str(own.released)) == (
        True,
        1.0,
        128000,
        "2024-01-05",
    )
    resold = facts["resale/acme/acme-pro"]
    assert (resold.maker, resold.first_party, resold.context) == ("acme", False, 4096)
    lab = facts["models/acme/acme-next"]
    assert (lab.maker, lab.first_party, lab.input_per_mtok) == ("acme", True, None)


# ------------------------------------------------------------------ findings


def test_litellm_findings(catalog: oc.Catalog) -> None:
    findings = cc.crosscheck(catalog, cc.litellm_facts(LITELLM, warn=lambda _: None))
    assert rows(findings) == {
        # a price disagreement, from a dated key of a first-party provider
        (
            "disagreement",
            "acme-pro",
            "output_per_mtok",
            "2 (as of 2024-01-02)",
            "2.5",
            "litellm:acme-pro-2024-01-02",
        ),
        # a deprecation date against our retirement date
        ("disagreement", "acme-pro", "retirement", "2025-12-01", "2026-01-01", "litellm:acme-pro-2024-01-02"),
        ("rounding", "acme-pro", "context_window", "128000", "131072", "litellm:acme-pro-2024-01-02"),
        # matched through the alias "acme-open"; we record no price
        ("gap", "acme-open-7b", "input_per_mtok", "-", "0.2", "litellm:acme-open"),
        ("gap", "acme-open-7b", "output_per_mtok", "-", "0.2", "litellm:acme-open"),
        # two dated snapshots, one row; ft:, moderation and unknown makers never count
        (
            "missing",
            "-",
            "model",
            "-",
            "acme-ultra-2025-03-01 (acme; deprecation 2026-03-01; 2 names)",
            "litellm:acme-ultra-2025-03-01",
        ),
    }
    # the Bedrock resale ($5/$9, 4096 tokens) is third-party: no finding without an offer


@needs_tomllib
def test_models_dev_and_hf_findings(catalog: oc.Catalog) -> None:
    facts = [*cc.models_dev_facts(MODELS_DEV, warn=lambda _: None), *cc.hf_facts(HF)]
    md = "models.dev:acme/acme-open-7b"
    assert rows(cc.crosscheck(catalog, facts)) == {
        # the lab file and the provider file agree; the lab file is named
        (
            "disagreement",
            "acme-pro",
            "released",
            "2024-01-02",
            "2024-01-05",
            "models.dev:models/acme/acme-pro",
        ),
        ("disagreement", "acme-open-7b", "license", "LicenseRef-acme-community", "Apache-2.0", md),
        ("disagreement", "acme-open-7b", "status", "active", "deprecated", md),
        ("gap", "acme-open-7b", "context_window", "-", "8192", md),
        ("gap", "acme-open-7b", "input_per_mtok", "-", "0.1", md),
        ("gap", "acme-open-7b", "output_per_mtok", "-", "0.1", md),
        ("disagreement", "lab-1b", "context_window", "2048", "4096", "hf:open-lab/lab-1b"),
        (
            "missing",
            "-",
            "model",
            "-",
            "acme-next (acme; released 2026-01-01)",
            "models.dev:models/acme/acme-next",
        ),
    }
    # the reseller's $9 and 4096 tokens are not compared: third party, and no offers yet


def test_offers_are_the_reference_for_third_party_prices(catalog: oc.Catalog) -> None:
    offer = SimpleNamespace(
        model="acme-pro",
        provider="bedrock",
        price=SimpleNamespace(input_per_mtok=5.0, output_per_mtok=8.0),
    )
    with_offers = SimpleNamespace(models=catalog.models, organizations=catalog.organizations, offers=[offer])
    facts = [f for f in cc.litellm_facts(LITELLM, warn=lambda _: None) if f.provider == "bedrock"]
    assert rows(cc.crosscheck(with_offers, facts)) == {
        (
            "disagreement",
            "acme-pro",
            "output_per_mtok [offer bedrock/acme-pro]",
            "8",
            "9",
            "litellm:bedrock/us.acme.acme-pro-v1:0",
        )
    }
    assert rows(cc.crosscheck(catalog, facts)) == set()  # no offers yet: nothing to compare
    offer.price.currency = "CNY"  # the sources' dollars are conversions: nothing to compare
    assert rows(cc.crosscheck(with_offers, facts)) == set()


# ------------------------------------------------------------------ command line


def run(*argv: str) -> str:
    out = io.StringIO()
    assert cc.main(list(argv), out=out) == 0
    return out.getvalue()


def test_cli_markdown(catalog_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = run("--litellm", str(LITELLM), "--catalog", str(catalog_file))
    lines = text.splitlines()
    assert lines[0] == "| kind | our id | field | ours | theirs | source key | explained |"
    assert lines[1] == "|---|---|---|---|---|---|---|"
    body = [line for line in lines[2:] if line.startswith("| ")]
    # sorted: disagreements, rounding, gaps, missing; then by id and field
    assert [line.split(" | ")[0:3] for line in body] == [
        ["| disagreement", "acme-pro", "output_per_mtok"],
        ["| disagreement", "acme-pro", "retirement"],
        ["| rounding", "acme-pro", "context_window"],
        ["| gap", "acme-open-7b", "input_per_mtok"],
        ["| gap", "acme-open-7b", "output_per_mtok"],
        ["| missing", "-", "model"],
    ]
    assert lines[-5:] == ["- disagreement: 2", "- rounding: 1", "- gap: 2", "- missing: 1", "- total: 6"]
    assert "warning: litellm: skipping 'acme-broken'" in capsys.readouterr().err


def test_cli_tsv_and_only(catalog_file: Path) -> None:
    text = run(
        "--litellm", str(LITELLM), "--catalog", str(catalog_file), "--format", "tsv", "--only", "missing"
    )
    assert text.splitlines() == [
        "kind\tour id\tfield\tours\ttheirs\tsource key\texplained",
        "missing\t-\tmodel\t-\tacme-ultra-2025-03-01 (acme; deprecation 2026-03-01; 2 names)"
        "\tlitellm:acme-ultra-2025-03-01\t-",
        "",
        "disagreement: 0",
        "rounding: 0",
        "gap: 0",
        "missing: 1",
        "total: 1",
    ]
    text = run("--litellm", str(LITELLM), "--catalog", str(catalog_file), "--only", "disagreements")
    assert "| missing |" not in text
    assert "- total: 5" in text


def test_cli_unreadable_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "prices.json"
    bad.write_text("{not json", encoding="utf-8")
    assert cc.main(["--litellm", str(bad)], out=io.StringIO()) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: cannot read LiteLLM price map")
    assert err.count("\n") == 1
    assert cc.main(["--models-dev", str(tmp_path / "nowhere")], out=io.StringIO()) == 2
    assert capsys.readouterr().err.startswith("error: no providers/ directory")


@pytest.mark.skipif(sys.version_info >= (3, 11), reason="only Python 3.10 lacks tomllib")
def test_models_dev_on_python_310_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cc.main(["--models-dev", str(MODELS_DEV)], out=io.StringIO()) == 2
    assert capsys.readouterr().err == "error: reading models.dev needs Python 3.11 or later (tomllib)\n"


def test_a_finding_the_notes_answer_is_marked_explained(tmp_path: Path) -> None:
    """Once a maintainer has read the primary source, the record's notes say why it stays
    different; the tool then marks that finding, and --unexplained leaves it out."""
    document = fixture_document()
    pro = next(m for m in document["models"] if m["id"] == "acme-pro")
    pro["notes"] = "Cross-check of 2026-12-04: LiteLLM's $2.50 output is a reseller's; Acme's page says $2."
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    args = ("--litellm", str(LITELLM), "--catalog", str(path), "--format", "tsv")
    text = run(*args, "--only", "disagreements")
    rows_ = [line.split("\t") for line in text.splitlines()[1:] if line.count("\t") == 6]
    marks = {(row[1], row[2]): row[6] for row in rows_}
    assert marks[("acme-pro", "output_per_mtok")] == "yes"  # the note names 2.50
    assert marks[("acme-pro", "retirement")] == "-"  # the note says nothing of 2026-01-01
    assert "disagreement: 2 (1 explained)" in text
    rest = run(*args, "--only", "disagreements", "--unexplained")
    assert "acme-pro\toutput_per_mtok" not in rest
    assert "acme-pro\tretirement" in rest


@pytest.mark.parametrize(
    ("source", "key", "provider"),
    [("models.dev", "alibaba-cn/acme-pro", "alibaba-cn"), ("genai-prices", "zhipuai/acme-pro", "acme")],
)
@pytest.mark.parametrize(("regions", "expected"), [(None, 0), (["CN"], 2)])
def test_a_mainland_price_list_compares_only_with_a_mainland_offer(
    source: str, key: str, provider: str, regions: list[str] | None, expected: int
) -> None:
    """models.dev's ``-cn`` providers and genai-prices' ``zhipuai`` (open.bigmodel.cn) sell in
    mainland China at prices of their own, so they check the maker offer only when that offer
    is the mainland one."""
    document = make_document()
    if regions:
        document["offers"][0]["regions"] = regions  # acme/acme-pro, the maker's own API
    catalog = oc.load_catalog(document)
    fact = cc.Fact(
        source,
        key,
        provider,
        "acme",
        True,
        input_per_mtok=5.0,
        output_per_mtok=9.0,
        model_id="acme-pro",
        exact=True,
    )
    prices = [f for f in cc.compare([fact], catalog) if f.field.endswith("_per_mtok")]
    assert len(prices) == expected
    assert all(f.kind == "disagreement" for f in prices)


def test_an_offer_finding_is_answered_in_the_offers_notes() -> None:
    """A third party's price is its offer's fact: the offer's notes may explain it, and the
    notes of another offer of the same model may not."""
    finding = cc.Finding(
        "disagreement", "acme-pro", "input_per_mtok [offer acme/acme-pro]", "5", "4.5", "litellm:x"
    )

    def answered(offer_notes: str, model_notes: str = "") -> bool:
        document = make_document()
        document["offers"][0]["notes"] = offer_notes  # acme/acme-pro
        next(m for m in document["models"] if m["id"] == "acme-pro")["notes"] = model_notes
        return bool(cc.explained(finding, oc.load_catalog(document)))

    assert answered("Cross-check of 2026-12-05: LiteLLM's 4.5 is an older list price.")
    assert answered("", "Cross-check of 2026-12-05: LiteLLM's 4.5 is an older list price.")
    assert not answered("LiteLLM's 4.5 is an older list price.")  # no cross-check mark
    model_level = dataclasses.replace(finding, field="input_per_mtok")
    document = make_document()
    document["offers"][0]["notes"] = "Cross-check of 2026-12-05: LiteLLM's 4.5 is an older list price."
    assert not cc.explained(model_level, oc.load_catalog(document))  # the model's own price


def test_a_note_names_a_value_only_as_a_whole_number() -> None:
    """``0.144`` is not explained by a note that says ``0.14`` or by the zero in ``2026``."""
    finding = cc.Finding("disagreement", "acme-pro", "input_per_mtok", "1", "0.144", "models.dev:x")

    def answered(notes: str) -> bool:
        document = make_document()
        next(m for m in document["models"] if m["id"] == "acme-pro")["notes"] = notes
        return bool(cc.explained(finding, oc.load_catalog(document)))

    assert answered("Cross-check of 2026-12-05: models.dev's 0.144 is the mainland price.")
    assert not answered("Cross-check of 2026-12-05: models.dev says 0.14 on 2026-01-01.")
    assert not answered("Cross-check of 2026-12-05: models.dev says 0.1445.")
    assert not answered("models.dev's 0.144 is the mainland price.")  # no cross-check mark
    assert cc._spellings("0.6") >= {"0.6", "0.60"}
    assert "1,000,000" in cc._spellings("1000000")
    assert "0" not in cc._spellings("0.4")


def test_a_written_reason_explains_a_missing_model(catalog_file: Path, tmp_path: Path) -> None:
    reasons = tmp_path / "reasons.json"
    reasons.write_text(
        json.dumps(
            [
                {
                    "name": "acme-ultra",
                    "maker": "acme",
                    "reason": "A preview name that Acme folded into its Pro model before release.",
                    "checked": "2026-12-04",
                }
            ]
        )
    )
    args = ["--litellm", str(LITELLM), "--catalog", str(catalog_file), "--only", "missing", "--format", "tsv"]
    text = run(*args, "--reasons", str(reasons))
    assert (
        "acme-ultra-2025-03-01 (acme; deprecation 2026-03-01; 2 names)\tlitellm:acme-ultra-2025-03-01\tyes"
        in text
    )
    assert "missing: 1 (1 explained)" in text
    assert "missing: 0" in run(*args, "--reasons", str(reasons), "--unexplained")


@pytest.mark.parametrize(
    "entry",
    [
        {"name": "acme-ultra", "maker": "acme", "reason": "old", "checked": "2026-12-04"},
        {
            "name": "acme-ultra",
            "maker": "acme",
            "reason": "A preview name folded into Pro.",
            "checked": "soon",
        },
        {"name": "", "maker": "acme", "reason": "A preview name folded into Pro.", "checked": "2026-12-04"},
    ],
)
def test_a_reason_that_says_nothing_is_refused(
    entry: dict[str, str], catalog_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reasons = tmp_path / "reasons.json"
    reasons.write_text(json.dumps([entry]))
    assert cc.main(["--catalog", str(catalog_file), "--reasons", str(reasons)], io.StringIO()) == 2
    assert "entry 1" in capsys.readouterr().err


def test_the_shipped_reasons_are_valid_and_name_catalogued_makers() -> None:
    reasons = cc.load_reasons(cc.UNCATALOGUED)
    entries = json.loads(cc.UNCATALOGUED.read_text(encoding="utf-8"))
    # no two reasons for one name (dated snapshots of one name may each have theirs: a
    # lookup of either gets its own, and the cross-check's group takes either)
    assert len({oc.normalize_key(e["name"]) for e in entries}) == len(entries)
    assert set(reasons) == {cc.collapse_key(e["name"]) for e in entries}
    makers = {o.id for o in oc.organizations}
    assert {e["maker"] for e in entries} <= makers
    for e in entries:
        assert oc.models.get(e["name"]) is None, f"{e['name']} is catalogued now: drop its reason"


# ------------------------------------------------------------------ genai-prices

GENAI_PRICES = FIXTURES / "genai-prices.json"


def acme_pro_at_one_fifty_and_three(ref: str) -> set[tuple[str, ...]]:
    """The price rows of acme-pro ($1/$2 since 2024-01-02) against a source's $1.50/$3, the
    figures both newer sources' fixtures give it."""
    return {
        ("disagreement", "acme-pro", "input_per_mtok", "1 (as of 2024-01-02)", "1.5", ref),
        ("disagreement", "acme-pro", "output_per_mtok", "2 (as of 2024-01-02)", "3", ref),
    }


def assert_bedrock_sells_amazon_first_hand(amazon: cc.Fact, other: cc.Fact) -> None:
    """Bedrock sells Amazon's own models first-hand and other makers' as a host: one rule,
    read the same way from every source that files Bedrock prices."""
    assert (amazon.maker, amazon.provider, amazon.first_party) == ("amazon", "amazon", True)
    assert (other.provider, other.first_party) == ("amazon", False)


def test_genai_prices_reads_current_base_prices_and_warns_on_bad_entries(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(cc.GENAI_PRICES_FIRST_PARTY, "acme", "acme")
    warnings: list[str] = []
    facts = {f.key: f for f in cc.genai_prices_facts(GENAI_PRICES, warn=warnings.append)}
    pro = facts["acme/acme-pro"]
    # the newest dated price set wins, and a tiered price counts at its base
    assert (pro.input_per_mtok, pro.output_per_mtok, pro.context) == (1.5, 3.0, 131072)
    assert (pro.first_party, pro.maker, pro.source) == (True, "acme", "genai-prices")
    host = facts["together/acme/acme-pro"]
    assert (host.provider, host.first_party, host.maker) == ("together-ai", False, "acme")
    resold = facts["acme/acme-nova-10"]
    assert (resold.provider, resold.first_party) == ("openrouter", False)
    assert_bedrock_sells_amazon_first_hand(facts["aws/amazon.nova-9-v1:0"], facts["aws/acme.acme-pro-v1:0"])
    assert sorted(warnings) == [
        "genai-prices: skipping 'acme/acme-broken': prices is not an object",
        "genai-prices: skipping a provider without an id",
    ]


def test_genai_prices_findings(catalog: oc.Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(cc.GENAI_PRICES_FIRST_PARTY, "acme", "acme")
    findings = cc.crosscheck(catalog, cc.genai_prices_facts(GENAI_PRICES, warn=lambda _: None))
    assert rows(findings) == {
        *acme_pro_at_one_fifty_and_three("genai-prices:acme/acme-pro"),
        ("rounding", "acme-pro", "context_window", "128000", "131072", "genai-prices:acme/acme-pro"),
        ("gap", "acme-open-7b", "input_per_mtok", "-", "0.2", "genai-prices:acme/acme-open"),
        ("gap", "acme-open-7b", "output_per_mtok", "-", "0.2", "genai-prices:acme/acme-open"),
        # a router's free tier and a fine-tune are not models of their own, and an entry
        # the source says it imported from OpenRouter is a reseller's price (acme-nova-10)
        ("missing", "-", "model", "-", "acme-nova-9 (acme)", "genai-prices:acme/acme-nova-9"),
    }


def test_genai_prices_on_the_command_line(catalog_file: Path, tmp_path: Path) -> None:
    text = run("--genai-prices", str(GENAI_PRICES), "--catalog", str(catalog_file), "--format", "tsv")
    assert "genai-prices:together/acme/acme-pro" not in text  # a host's price needs our offer from it
    bad = tmp_path / "data.json"
    bad.write_text("{}", encoding="utf-8")
    assert cc.main(["--genai-prices", str(bad), "--catalog", str(catalog_file)], out=io.StringIO()) == 2


# ------------------------------------------------------------------ Portkey

PORTKEY = FIXTURES / "portkey"


def test_portkey_reads_cents_per_token_and_drops_placeholders(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(cc.PORTKEY_FIRST_PARTY, "acme", "acme")
    warnings: list[str] = []
    facts = {f.key: f for f in cc.portkey_facts(PORTKEY, warn=warnings.append)}
    assert (facts["acme/acme-pro"].input_per_mtok, facts["acme/acme-pro"].output_per_mtok) == (1.5, 3.0)
    assert facts["acme/acme-pro"].first_party
    # a zero rate is Portkey's placeholder; a "token" rate of $2,000 per 1M is some other unit
    assert (facts["acme/acme-open"].input_per_mtok, facts["acme/acme-open"].output_per_mtok) == (0.2, None)
    assert (facts["acme/acme-rerank"].input_per_mtok, facts["acme/acme-rerank"].output_per_mtok) == (
        None,
        None,
    )
    assert "acme/default" not in facts
    bedrock = facts["bedrock/acme.acme-pro-v1:0"]
    assert_bedrock_sells_amazon_first_hand(facts["bedrock/amazon.nova-9-v1:0"], bedrock)
    assert bedrock.input_per_mtok == 5.0
    assert sorted(w.split(":")[1].strip() for w in warnings) == [
        "skipping acme/acme-broken",
        "skipping broken.json",
    ]


def test_portkey_findings_are_prices_only(catalog: oc.Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(cc.PORTKEY_FIRST_PARTY, "acme", "acme")
    findings = cc.crosscheck(catalog, cc.portkey_facts(PORTKEY, warn=lambda _: None))
    assert rows(findings) == {
        *acme_pro_at_one_fifty_and_three("portkey:acme/acme-pro"),
        ("gap", "acme-open-7b", "input_per_mtok", "-", "0.2", "portkey:acme/acme-open"),
    }  # acme-nova-9 is unknown to the catalog, but Portkey keeps no dates: no "missing" row


def test_portkey_on_the_command_line(catalog_file: Path, tmp_path: Path) -> None:
    assert "portkey:" in run("--portkey", str(PORTKEY), "--catalog", str(catalog_file), "--format", "tsv")
    assert (
        cc.main(["--portkey", str(tmp_path / "absent"), "--catalog", str(catalog_file)], out=io.StringIO())
        == 2
    )
