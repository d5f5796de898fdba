"""The command line, run in-process through ``main`` and as ``python -m openclosed``.

Outputs are compared with what the library itself answers for the same question, so the
command line cannot drift from the API it wraps.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import openclosed as oc
from openclosed._converter import converter
from openclosed.cli import WIDTH, _quantity, main
from openclosed.query import FILTERS, ROW_FIELDS

SRC = Path(__file__).resolve().parent.parent / "src"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command line in-process; return its exit status, stdout and stderr."""
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def run_module(*argv: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m openclosed`` against this checkout, whatever is installed."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.run(
        [sys.executable, "-m", "openclosed", *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def assert_one_error_line(err: str) -> None:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("openclosed: error: ")
    assert "Traceback" not in err


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def assert_fits(text: str) -> None:
    too_wide = [line for line in text.splitlines() if len(line) > WIDTH]
    assert not too_wide, too_wide


# --------------------------------------------------------------------------- list


def test_list_vendor_and_task_shows_llamas_and_only_meta_models(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "list", "--vendor", "meta", "--task", "text-generation")
    assert status == 0
    assert err == ""
    ids = [line.split()[0] for line in out.splitlines()[1:]]
    assert ids == list(oc.models.filter(vendor="meta", task="text-generation").ids())
    assert {"llama-2", "llama-3.1-8b", "llama-4-scout"} <= set(ids)
    for model_id in ids:
        model = oc.models[model_id]
        assert "meta" in (model.organization, *model.collaborators)
        assert oc.Task.TEXT_GENERATION in model.tasks
    assert_fits(out)


def test_list_json_is_the_model_rows_of_the_same_filter(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "list", "--side", "open", "--task", "text-generation", "--format", "json")
    assert status == 0
    assert json.loads(out) == oc.models.filter(side="open", task="text-generation").to_dicts()


def test_list_csv_has_the_row_columns_with_lists_joined(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "list", "--modality", "image", "--format", "csv")
    assert status == 0
    rows = csv_rows(out)
    expected = oc.models.filter(modality="image")
    assert [r["id"] for r in rows] == list(expected.ids())
    assert list(rows[0]) == list(ROW_FIELDS)
    for row, model in zip(rows, expected, strict=True):
        assert row["tasks"].split(";") == [t.value for t in model.tasks]
        assert row["level"] == (model.level.value if model.level else "")


def test_repeated_flags_match_any_of_their_values(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "list", "--task", "text-generation", "--task", "translation", "--format", "json")
    expected = oc.models.filter(task=["text-generation", "translation"])
    assert [r["id"] for r in json.loads(out)] == list(expected.ids())
    assert len(expected) > len(oc.models.filter(task="translation"))


@pytest.mark.parametrize(
    ("flag", "value", "keyword", "expected"),
    [
        ("--openness", "open-weights", "openness", "open-weights"),
        ("--license", "Apache-2.0", "license", "Apache-2.0"),
        ("--license-category", "community", "license_category", "community"),
        ("--commercial-use", "no", "commercial_use", "no"),
        ("--kind", "family", "kind", "family"),
        ("--status", "deprecated", "status", "deprecated"),
        ("--released-after", "2025-01-01", "released_after", "2025-01-01"),
        ("--released-before", "2023-01-01", "released_before", "2023-01-01"),
        ("--country", "fr", "country", "FR"),
        ("--min-user-cap", "800M", "min_user_cap", 800_000_000),
        ("--licensed-in", "EU", "licensed_in", "EU"),
    ],
)
def test_each_filter_flag_reaches_the_filter(
    capsys: pytest.CaptureFixture[str], flag: str, value: str, keyword: str, expected: str
) -> None:
    status, out, _ = run(capsys, "list", flag, value, "--format", "json")
    ids = [r["id"] for r in json.loads(out)]
    assert status == 0
    criteria: dict[str, Any] = {keyword: expected}
    assert ids == list(oc.models.filter(**criteria).ids())
    assert 0 < len(ids) < len(oc.models.all())


@pytest.mark.parametrize(
    ("flag", "keyword"),
    [
        ("user-cap", "user_cap"),
        ("revenue-threshold", "revenue_threshold"),
        ("outputs-may-train", "outputs_may_train"),
        ("notice-required", "notice_required"),
        ("osi-approved", "osi_approved"),
    ],
)
def test_licence_term_switches_say_yes_and_no(
    capsys: pytest.CaptureFixture[str], flag: str, keyword: str
) -> None:
    for argument, wanted in ((f"--{flag}", True), (f"--no-{flag}", False)):
        status, out, _ = run(capsys, "list", argument, "--format", "json")
        criteria: dict[str, Any] = {keyword: wanted}
        expected = oc.models.filter(**criteria).ids()
        assert [r["id"] for r in json.loads(out)] == list(expected)
        assert status == (0 if expected else 1)


def test_a_bad_territory_names_its_flag(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "list", "--excluded-territory", "Europe")
    assert status == 2
    assert "argument --excluded-territory:" in err
    assert "'EU'" in err


def test_every_filter_has_a_list_flag(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "list", "--help")[0] == 0
    _, out, _ = run(capsys, "list", "--help")
    for name in FILTERS:
        assert f"--{name.replace('_', '-')}" in out


def test_parameter_bounds_accept_suffixes(capsys: pytest.CaptureFixture[str]) -> None:
    _, suffixed, _ = run(
        capsys, "list", "--min-parameters", "7B", "--max-parameters", "70B", "--format", "json"
    )
    _, plain, _ = run(
        capsys, "list", "--min-parameters", "7e9", "--max-parameters", "7e10", "--format", "json"
    )
    expected = oc.models.filter(min_parameters=7e9, max_parameters=70e9)
    assert json.loads(suffixed) == json.loads(plain) == expected.to_dicts()
    assert all(7e9 <= r["parameters"] <= 70e9 for r in json.loads(plain))


@pytest.mark.parametrize(
    ("text", "value"),
    [("7e9", 7_000_000_000), ("7B", 7_000_000_000), ("70M", 70_000_000), ("1.5k", 1500), ("0.1b", 10**8)],
)
def test_quantities_read_as_people_write_them(text: str, value: int) -> None:
    assert _quantity(text) == value
    assert isinstance(_quantity(text), int)


@pytest.mark.parametrize("text", ["", "7x", "B", "nan", "inf", "1e"])
def test_quantities_reject_what_is_not_a_number(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="7e9"):
        _quantity(text)


def test_all_includes_retired_and_renamed_entries(capsys: pytest.CaptureFixture[str]) -> None:
    _, default, _ = run(capsys, "list", "--format", "csv")
    _, everything, _ = run(capsys, "list", "--all", "--format", "csv")
    assert "bard" not in {r["id"] for r in csv_rows(default)}
    assert [r["id"] for r in csv_rows(everything)] == list(oc.models.all().ids())


def test_sort_reverse_and_limit(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, "list", "--sort", "parameters", "--reverse", "--limit", "3", "--format", "json"
    )
    assert status == 0
    expected = oc.models.filter().sort("parameters", reverse=True)[:3]
    assert [r["id"] for r in json.loads(out)] == list(expected.ids())


def test_list_table_fits_80_columns(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "list", "--all")
    assert status == 0
    assert out.splitlines()[0].split() == ["id", "organization", "level", "released"]
    assert len(out.splitlines()) == len(oc.models.all()) + 1
    assert_fits(out)


def test_nothing_found_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "list", "--vendor", "meta", "--task", "text-to-video")
    assert status == 1
    assert out == ""
    assert err == "openclosed: no models match these filters\n"
    status, out, _ = run(capsys, "list", "--vendor", "meta", "--task", "text-to-video", "--format", "json")
    assert status == 1
    assert json.loads(out) == []


def test_unknown_filter_value_exits_2_with_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "list", "--vendor", "metaa")
    assert status == 2
    assert out == ""
    assert_one_error_line(err)
    assert "argument --vendor" in err
    assert "'meta'" in err


def test_invalid_date_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "list", "--released-after", "2024-13-01")
    assert status == 2
    assert_one_error_line(err)
    assert "--released-after" in err


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["list", "--limit", "0"],
        ["list", "--min-parameters", "lots"],
        ["list", "--sort", "size"],
        ["list", "--commercial-use", "maybe"],
        ["list", "--all", "--status", "active"],
        ["recommend", "--importance-cost", "high"],
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == ""
    assert "error: " in err.splitlines()[-1]
    assert err.startswith("usage: openclosed")


# --------------------------------------------------------------------------- show


def test_show_bard_says_what_it_became(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "show", "bard")
    assert status == 0
    assert err == ""
    assert "Bard was renamed to gemini-app (Gemini (app)) on 2024-02-08" in out
    bard = oc.models["bard"]
    for source in bard.sources:
        assert source.url in out
    assert f"checked {bard.sources[0].checked.isoformat()}" in out
    assert "openness: hosted (closed side)" in out


def test_show_gives_licenses_openness_and_every_fact(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "show", "Llama 2")  # a name, not an id
    model = oc.models["llama-2"]
    assert status == 0
    assert out.startswith("Llama 2 (llama-2)\n")
    assert model.openness is not None
    assert f"openness: {model.openness.level.value} (open side)" in out
    for reason in model.openness.reasons:
        assert reason.split()[0] in out
    lic = oc.licenses[model.licenses.weights or ""]
    assert lic.name.split()[0] in out
    assert f"category {lic.category} ({oc.license_categories[lic.category].name})" in out
    assert "user-cap 700M MAU" in out
    for alias in model.aliases:
        assert alias in out
    assert "status" not in out  # an active entry has no status line and no default facts


def test_show_names_the_successor_of_a_retired_model(capsys: pytest.CaptureFixture[str]) -> None:
    retired = next(m for m in oc.models.all() if m.status is oc.Status.RETIRED)
    _, out, _ = run(capsys, "show", retired.id)
    assert f"{retired.name} was retired on {retired.status_date}" in out


def test_show_gives_the_day_a_deprecated_model_retires(capsys: pytest.CaptureFixture[str]) -> None:
    retiring = [m for m in oc.models.all() if m.status is oc.Status.DEPRECATED and m.retires]
    dated = next(m for m in retiring if m.status_date)
    _, out, _ = run(capsys, "show", dated.id)
    assert f"{dated.name} is deprecated since {dated.status_date}; it retires on {dated.retires}" in out
    # a deprecation whose day no vendor page gave says only that it is one
    undated = next(m for m in retiring if m.status_date is None)
    _, out, _ = run(capsys, "show", undated.id)
    assert f"{undated.name} is deprecated; it retires on {undated.retires}" in out


def test_show_gives_the_day_an_active_model_is_scheduled_to_retire(
    capsys: pytest.CaptureFixture[str],
) -> None:
    model = next(m for m in oc.models.all() if m.status is oc.Status.ACTIVE and m.retires)
    _, out, _ = run(capsys, "show", model.id)
    assert f"{model.name} is scheduled to retire on {model.retires}" in out


def test_show_json_is_the_record_with_its_openness(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "show", "mistral-7b", "--format", "json")
    model = oc.models["mistral-7b"]
    assert status == 0
    document = json.loads(out)
    openness = document.pop("openness")
    assert document == json.loads(json.dumps(converter().unstructure(model)))
    assert model.openness is not None
    assert openness["level"] == model.openness.level.value
    assert openness["score"] == model.openness.score
    assert openness["reasons"] == list(model.openness.reasons)


def test_show_unknown_id_exits_1_with_suggestions(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "show", "lama-2")
    assert status == 1
    assert out == ""
    assert_one_error_line(err)
    assert "'llama-2'" in err


# --------------------------------------------------------------------------- recommend


def test_recommend_text_has_verdict_breakdown_exclusions_and_what_if(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "recommend", "--expertise", "none", "--monthly-tokens", "2e6", "--top", "3")
    rec = oc.recommend(oc.Requirements(in_house_expertise="none", workload={"monthly_tokens": 2e6}))
    assert status == 0
    assert out.startswith(f"verdict: {rec.verdict.choice.value} (margin {rec.verdict.margin:+.3f})")
    flowed = " ".join(out.split())  # long lines are wrapped to the terminal width
    for reason in rec.verdict.reasons:
        assert " ".join(reason.split()) in flowed
    for s in rec.ranking[:3]:
        assert f"{s.rank}. {s.model_id} ({s.name}): total {s.total:.3f}" in out
    assert f"4. {rec.ranking[3].model_id} " not in out
    best = rec.ranking[0]
    for c in best.breakdown:
        row = f"{c.criterion.value.replace('_', '-'):<14}  {c.importance:>10}  {c.weight:>6.3f}"
        assert f"{row}  {c.utility:>7.3f}  {c.contribution:>12.3f}" in out
    assert f"excluded: {len(rec.excluded)} models, the first 5" in out
    assert f"  - {rec.excluded[0].model_id} ({rec.excluded[0].name})" in out
    assert f"  - {rec.excluded[5].model_id} " not in out
    assert rec.verdict.what_if is not None
    assert "what if: " + rec.verdict.what_if.sentence in " ".join(out.split())
    assert_fits(out)


def test_recommend_verbose_lists_every_exclusion(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "recommend", "--verbose")
    rec = oc.recommend(oc.Requirements())
    assert f"excluded: {len(rec.excluded)} models\n" in out
    for e in rec.excluded:
        assert f"  - {e.model_id} ({e.name})" in out


def test_recommend_json_is_the_recommendation(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "recommend", "--customization", "extensive", "--format", "json")
    assert status == 0
    expected = oc.recommend(oc.Requirements(customization="extensive"))
    assert out == expected.to_json(indent=2) + "\n"


def test_recommend_flags_become_requirements(capsys: pytest.CaptureFixture[str]) -> None:
    argv = [
        "recommend",
        *("--customization", "off-the-shelf", "--expertise", "expert"),
        *("--security", "own-control", "--long-term", "flexibility"),
        *("--importance-customization", "1", "--importance-support", "2", "--importance-cost", "5"),
        *("--importance-security", "4", "--importance-long-term", "0"),
        *("--monthly-tokens", "50M", "--output-share", "0.5", "--monthly-images", "1k"),
        *("--horizon-months", "12", "--gpu-hourly-usd", "3.5", "--engineer-hourly-usd", "80"),
        *("--task", "text-generation", "--task", "translation", "--non-commercial"),
        *("--self-hosted-only", "--mau", "700M", "--fine-tuning", "--data-residency", "eu"),
        *("--max-monthly-cost", "20k", "--include-retired", "--allow-unknown", "--format", "json"),
    ]
    _, out, _ = run(capsys, *argv)
    expected = oc.Requirements(
        customization="off-the-shelf",
        in_house_expertise="expert",
        security="own-control",
        long_term="flexibility",
        importance={"customization": 1, "support": 2, "cost": 5, "security": 4, "long_term": 0},
        workload={"monthly_tokens": 50e6, "output_share": 0.5, "monthly_images": 1000, "horizon_months": 12},
        assumptions={"gpu_hourly_usd": 3.5, "engineer_hourly_usd": 80},
        constraints={
            "tasks": ["text-generation", "translation"],
            "commercial_use": False,
            "self_hosted_only": True,
            "organization_mau": 700_000_000,
            "require_fine_tuning": True,
            "data_residency": "EU",
            "max_monthly_cost_usd": 20_000,
            "include_retired": True,
            "unknown_facts": "allow",
        },
    )
    assert oc.Recommendation.from_json(out).requirements == expected


@pytest.mark.parametrize(
    ("argv", "flag"),
    [
        (["--output-share", "2"], "--output-share"),
        (["--expertise", "expart"], "--expertise"),
        (["--importance-cost", "9"], "--importance-cost"),
        (["--task", "text-genration"], "--task"),
    ],
)
def test_invalid_requirements_exit_2_naming_the_flag(
    capsys: pytest.CaptureFixture[str], argv: list[str], flag: str
) -> None:
    status, out, err = run(capsys, "recommend", *argv)
    assert status == 2
    assert out == ""
    assert_one_error_line(err)
    assert f"argument {flag}: " in err


def test_recommend_offers_only_the_tasks_the_catalog_has(capsys: pytest.CaptureFixture[str]) -> None:
    present = {task for model in oc.models for task in model.tasks}
    absent = [task.value for task in oc.Task if task not in present]
    if not absent:
        pytest.skip("every task has a model in this catalog")
    status, out, _ = run(capsys, "recommend", "--help")
    assert status == 0
    help_text = " ".join(out.split())
    listed = help_text.split("Tasks the catalog has: ")[1].split(". ")[0]
    assert listed.replace("- ", "-").split(", ") == [t.value for t in oc.Task if t in present]
    status, bash, _ = run(capsys, "completion", "bash")
    recommend_part = bash.split("recommend)")[1]
    offered = recommend_part.split('--task) COMPREPLY=($(compgen -W "')[1].split('"')[0].split()
    assert offered == [t.value for t in oc.Task if t in present]
    status, out, err = run(capsys, "recommend", "--task", absent[0])
    assert status == 2
    assert_one_error_line(err)
    assert f"no model of this catalog does {absent[0]!r}" in err


def test_recommend_with_no_eligible_model_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "recommend", "--task", "text-to-video", "--max-monthly-cost", "1")
    assert status == 1
    assert out.startswith("verdict: none, catalog")
    assert "no model meets the constraints" in out


# --------------------------------------------------------------------------- licenses, orgs, export


def test_licenses_in_every_format(capsys: pytest.CaptureFixture[str]) -> None:
    _, table, _ = run(capsys, "licenses")
    _, as_json, _ = run(capsys, "licenses", "--format", "json")
    _, as_csv, _ = run(capsys, "licenses", "--format", "csv")
    rows = json.loads(as_json)
    assert [r["id"] for r in rows] == list(oc.licenses.ids())
    assert [r["id"] for r in csv_rows(as_csv)] == list(oc.licenses.ids())
    by_id = {r["id"]: r for r in rows}
    llama = oc.licenses["LicenseRef-llama-2-community"]
    assert by_id[llama.id]["category"] == llama.category
    assert by_id[llama.id]["commercial_use"] == "conditional"
    assert "output-use-ban" in by_id[llama.id]["restrictions"]
    assert "Apache-2.0" in table
    assert "    restrictions: non-commercial" in table
    assert_fits(table)


def test_orgs_count_every_model_once(capsys: pytest.CaptureFixture[str]) -> None:
    status, table, _ = run(capsys, "orgs")
    _, as_json, _ = run(capsys, "orgs", "--format", "json")
    rows = json.loads(as_json)
    assert status == 0
    assert [r["id"] for r in rows] == list(oc.organizations.ids())
    assert sum(r["models"] for r in rows) == len(oc.models.all())
    meta = next(r for r in rows if r["id"] == "meta")
    assert meta["models"] == sum(m.organization == "meta" for m in oc.models.all())
    assert_fits(table)


def test_export_json_and_csv_are_the_whole_catalog(capsys: pytest.CaptureFixture[str]) -> None:
    _, as_json, _ = run(capsys, "export", "--format", "json")
    assert json.loads(as_json) == oc.catalog().to_document()
    assert oc.load_catalog(json.loads(as_json)) == oc.catalog()
    _, as_csv, _ = run(capsys, "export", "--format", "csv")
    assert [r["id"] for r in csv_rows(as_csv)] == list(oc.models.all().ids())


def test_schema_prints_the_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    schema = pytest.importorskip("openclosed.schema")
    status, out, _ = run(capsys, "schema")
    assert status == 0
    assert json.loads(out) == schema.json_schema()


def test_schema_without_the_module_exits_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "openclosed.schema", None)  # makes the import fail
    status, out, err = run(capsys, "schema")
    assert status == 2
    assert out == ""
    assert_one_error_line(err)


def test_version_names_package_catalog_and_digest(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--version")
    cat = oc.catalog()
    assert status == 0
    assert out == f"openclosed {oc.__version__} (catalog {cat.version}, digest {cat.digest})\n"


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--help")
    assert status == 0
    for command in ("list", "show", "recommend", "licenses", "orgs", "export", "schema"):
        assert command in out


# --------------------------------------------------------------------------- python -m openclosed


def test_module_lists_models() -> None:
    done = run_module("list", "--vendor", "meta", "--limit", "2")
    assert done.returncode == 0, done.stderr
    first = oc.models.filter(vendor="meta")[0].id
    assert done.stdout.splitlines()[1].startswith(f"{first} ")
    assert done.stderr == ""


def test_module_unknown_id_exits_1_with_one_line() -> None:
    done = run_module("show", "lama-2")
    assert done.returncode == 1
    assert done.stdout == ""
    assert_one_error_line(done.stderr)
    assert "did you mean 'llama-2'" in done.stderr


def test_module_invalid_value_exits_2_with_one_line() -> None:
    done = run_module("list", "--side", "opne")
    assert done.returncode == 2
    assert_one_error_line(done.stderr)
    assert "did you mean 'open'?" in done.stderr


def test_module_usage_error_exits_2() -> None:
    done = run_module("list", "--limit", "none")
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1].startswith("openclosed list: error: argument --limit")


def test_module_stops_quietly_when_the_reader_goes_away() -> None:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    with subprocess.Popen(
        [sys.executable, "-m", "openclosed", "export"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    ) as proc:
        assert proc.stdout is not None
        assert proc.stderr is not None
        proc.stdout.read(10)
        proc.stdout.close()  # like `| head`: the export is far larger than a pipe buffer
        err = proc.stderr.read()
        assert proc.wait(timeout=120) == 0
    assert b"Traceback" not in err
    assert err == b""


def test_importing_the_cli_loads_no_data_and_no_dependencies() -> None:
    code = (
        "import json, sys, openclosed.cli; roots = ('attrs', 'attr', 'cattrs', 'openclosed'); "
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in roots)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(SRC)},
        timeout=120,
        check=True,
    )
    assert json.loads(done.stdout) == ["openclosed", "openclosed.cli"]


def test_offers_lists_who_serves_a_model_cheapest_first(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "offers", "Llama 3.3 70B", "--format", "json")
    assert status == 0
    rows = json.loads(out)
    assert [r["id"] for r in rows] == [o.id for o in oc.offers.filter(model="llama-3.3-70b")]
    assert {r["model"] for r in rows} == {"llama-3.3-70b"}
    status, out, _ = run(capsys, "offers", "llama-3.3-70b")
    assert status == 0
    assert out.splitlines()[0].split() == ["id", "kind", "regions", "price", "as", "of"]
    assert rows[0]["id"] in out.splitlines()[1]  # the cheapest first
    status, _, err = run(capsys, "offers", "llama-3.3-70b", "--region", "AQ")  # nobody in Antarctica
    assert status == 1
    assert "no offers match" in err
    assert "retired" not in err
    # every offer of GPT-4 is retired: the message says so instead of suggesting there are none
    retired = oc.offers.filter(model="gpt-4", status="retired")
    assert retired
    assert not oc.offers.filter(model="gpt-4")
    status, _, err = run(capsys, "offers", "gpt-4")
    assert status == 1
    n = len(retired)
    assert f"no offers match; {n} retired offer{'s match' if n > 1 else ' matches'} (--all lists them)" in err
    status, out, _ = run(capsys, "offers", "gpt-4", "--all")
    assert status == 0
    assert retired[0].id in out
    status, _, err = run(capsys, "offers", "--region", "Europe")
    assert status == 2
    assert "ISO 3166-1 alpha-2" in err


def test_a_table_cell_names_a_currency_other_than_dollars() -> None:
    import datetime

    from openclosed.cli import _short_price
    from openclosed.records import Pricing

    day, url = datetime.date(2026, 9, 24), "https://example.org/p"
    assert _short_price(
        Pricing(input_per_mtok=5, output_per_mtok=5, currency="CNY", as_of=day, source=url)
    ) == ("CNY 5/CNY 5")
    assert (
        _short_price(Pricing(input_per_mtok=0.59, output_per_mtok=0.79, as_of=day, source=url))
        == "$0.59/$0.79"
    )
    assert _short_price(Pricing(per_image=0.3, currency="CNY", as_of=day, source=url)) == "CNY 0.3/image"


def test_offers_show_a_price_in_other_units_by_its_first_rate(capsys: pytest.CaptureFixture[str]) -> None:
    audio = next(
        o
        for o in oc.offers
        if o.price is not None and o.price.input_per_minute is not None and o.price.input_per_mtok is None
    )
    assert audio.price is not None
    status, out, _ = run(capsys, "offers", audio.model, "--provider", audio.provider)
    assert status == 0
    row = next(line for line in out.splitlines() if line.startswith(audio.id))
    assert audio.price.rates(short=True)[0] in row
    assert "/min of audio" in row


def test_show_prints_offers_with_price_history_and_licence_terms(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "show", "gpt-4o")
    assert status == 0
    offers = out[out.index("\noffers:") :]
    assert "openai/gpt-4o (maker" in offers
    assert "earlier: $5 per 1M input tokens" in offers  # the launch price, kept
    status, out, _ = run(capsys, "show", "llama-3.2-1b")
    assert "excluded territories: EU" in out
    assert 'required notice: "Built with Llama"' in out


def test_recommend_takes_the_second_edition_constraints() -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(
            [
                "recommend",
                "--expertise",
                "expert",
                "--self-hosted-only",
                "--task",
                "text-generation",
                "--min-benchmark",
                "gpqa-diamond=75",
                "--exclude-country",
                "US",
                "--gpu",
                "a100",
                "--precision",
                "fp8",
                "--format",
                "json",
            ]
        )
    assert code in (0, 1)
    data = json.loads(out.getvalue())
    c = data["requirements"]["constraints"]
    assert c["min_benchmarks"] == [["gpqa-diamond", 75.0]]
    assert c["exclude_countries"] == ["US"]
    assert data["requirements"]["assumptions"]["gpu"] == "A100"
    for s in data["ranking"]:
        results = oc.models[s["model_id"]].benchmarks
        assert max(b.score for b in results if b.benchmark == "gpqa-diamond") >= 75


@pytest.mark.parametrize("value", ["gpqa", "gpqa-diamond=high", "=60"])
def test_a_malformed_min_benchmark_is_a_usage_error(value: str) -> None:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        assert main(["recommend", "--min-benchmark", value]) == 2
    assert "NAME=SCORE" in err.getvalue()
