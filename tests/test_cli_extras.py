"""The command line in the shell: search, licence and organization detail views, chosen columns,
ids only, sort keys always shown, a description for every subcommand, and completion scripts."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import openclosed as oc
from openclosed._completion import SHELLS, script
from openclosed.cli import build_parser, main
from openclosed.flat import MODEL_COLUMNS


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_subcommand_has_a_description() -> None:
    for name, sub in subcommands().items():
        assert sub.description, name
        assert len(sub.description) > 40, name


# --- search -------------------------------------------------------------------------


def test_search_is_the_library_search(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "search", "gpt j", "--format", "json")
    assert status == 0
    assert json.loads(out) == oc.models.search("gpt j").to_dicts()
    status, out, _ = run(capsys, "search", "bard", "--ids-only", "--limit", "2")
    assert out.split() == ["bard", "gemini-app"]
    status, out, _ = run(capsys, "search", "llama 3")
    assert out.splitlines()[0].split() == ["id", "organization", "level", "released"]
    status, _, err = run(capsys, "search", "qqqqqqqqqqqq")
    assert status == 1
    assert "no model looks like" in err


# --- list: columns, ids only, sort keys shown -----------------------------------------


def test_ids_only_prints_the_ids_of_the_filter(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "list", "--vendor", "meta", "--ids-only")
    assert status == 0
    assert tuple(out.split()) == oc.models.filter(vendor="meta").ids()


def test_columns_choose_what_each_format_shows(capsys: pytest.CaptureFixture[str]) -> None:
    columns = "id,country,weights_user_cap,price_input_per_mtok"
    _, out, _ = run(capsys, "list", "--vendor", "meta", "--columns", columns, "--format", "json")
    rows = json.loads(out)
    assert [list(r) for r in rows] == [columns.split(",")] * len(rows)
    by_id = {r["id"]: r for r in oc.models.filter(vendor="meta").to_dicts()}
    assert all(r["weights_user_cap"] == by_id[r["id"]]["weights_user_cap"] for r in rows)
    _, out, _ = run(capsys, "list", "--vendor", "meta", "--columns", columns, "--format", "csv")
    assert list(csv.DictReader(io.StringIO(out)).fieldnames or []) == columns.split(",")
    _, out, _ = run(capsys, "list", "--vendor", "meta", "--columns", "id,weights_user_cap")
    lines = out.splitlines()
    assert lines[0].split() == ["id", "weights_user_cap"]
    assert "700000000" in out


def test_an_unknown_column_is_a_usage_error_with_a_hint(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "list", "--columns", "id,nme")
    assert status == 2
    assert "unknown column 'nme'; did you mean 'name'?" in err


@pytest.mark.parametrize(
    ("sort", "column"),
    [("parameters", "parameters"), ("score", "openness_score"), ("context_window", "context_window")],
)
def test_a_table_shows_the_column_it_sorts_by(
    capsys: pytest.CaptureFixture[str], sort: str, column: str
) -> None:
    _, out, _ = run(capsys, "list", "--vendor", "meta", "--sort", sort, "--reverse")
    header = out.splitlines()[0].split()
    assert header == ["id", "organization", "level", "released", column]
    first = out.splitlines()[1].split()[0]
    assert first == oc.models.filter(vendor="meta").sort(sort, reverse=True)[0].id
    _, plain, _ = run(capsys, "list", "--vendor", "meta", "--sort", "released")
    assert plain.splitlines()[0].split() == ["id", "organization", "level", "released"]


def test_every_column_is_documented_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "list", "--help")
    flat = " ".join(out.split())
    for column in MODEL_COLUMNS:
        assert column in flat.replace("- ", "-")


# --- licenses ID, orgs ID --------------------------------------------------------------


def test_licence_detail_gives_terms_clauses_and_models(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "licenses", "llama2")
    assert status == 0
    lic = oc.licenses["llama2"]
    assert out.splitlines()[0] == f"{lic.name} ({lic.id})"
    assert "user cap: 700,000,000 monthly active users" in out
    assert "llama-2-7b" in out
    _, out, _ = run(capsys, "licenses", "apache-2.0", "--format", "json")
    data = json.loads(out)
    assert data["id"] == "Apache-2.0"
    under = [m.id for m in oc.models.all() if "Apache-2.0" in dict(m.licenses.items()).values()]
    assert data["models"] == under
    assert "mistral-7b" in under
    status, _, err = run(capsys, "licenses", "no-such-licence")
    assert status == 1
    assert "no license with id" in err


def test_org_detail_gives_models_and_subsidiaries(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "orgs", "Facebook")
    assert status == 0
    assert out.splitlines()[0] == "Meta (meta)"
    assert "llama-2" in out
    _, out, _ = run(capsys, "orgs", "google", "--format", "json")
    data = json.loads(out)
    assert "google-deepmind" in data["subsidiaries"]
    assert set(data["models"]) == {
        m.id for m in oc.models.all() if "google" in (m.organization, *m.collaborators)
    }
    _, out, _ = run(capsys, "orgs", "meta", "--format", "csv")
    assert next(csv.DictReader(io.StringIO(out)))["country"] == oc.organizations["meta"].country


# --- completion ---------------------------------------------------------------------------


def test_completion_scripts_name_every_subcommand_and_list_flag(capsys: pytest.CaptureFixture[str]) -> None:
    flags = [f for a in subcommands()["list"]._actions for f in a.option_strings]
    for shell in SHELLS:
        status, out, _ = run(capsys, "completion", shell)
        assert status == 0
        assert out == script(shell, build_parser())
        for name in subcommands():
            assert name in out, (shell, name)
        for flag in flags:
            assert (flag if shell != "fish" else f"-l {flag.lstrip('-')}") in out, (shell, flag)


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_bash_completion_completes(tmp_path: Path) -> None:
    path = tmp_path / "openclosed.bash"
    path.write_text(script("bash", build_parser()), encoding="utf-8")
    subprocess.run(["bash", "-n", str(path)], check=True)
    program = (
        f"source {path}\n"
        't() { COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMPREPLY=(); _openclosed; '
        'echo "${COMPREPLY[*]}"; }\n'
        "t openclosed li\nt openclosed list --si\nt openclosed list --side c\nt openclosed completion z\n"
        "t openclosed show gpt-4\n"
    )
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    out = subprocess.run(["bash", "-c", program], capture_output=True, text=True, env=env, check=True).stdout
    lines = out.splitlines()
    assert lines[:4] == ["list licenses", "--side", "closed", "zsh"]
    if shutil.which("openclosed", path=env["PATH"]):  # ids come from the installed command
        assert set(lines[4].split()) == {i for i in oc.models.all().ids() if i.startswith("gpt-4")}


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_other_shells_parse_their_scripts(shell: str, tmp_path: Path) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"no {shell} on this machine")
    path = tmp_path / f"openclosed.{shell}"
    path.write_text(script(shell, build_parser()), encoding="utf-8")
    subprocess.run([shell, "-n", str(path)], check=True)
