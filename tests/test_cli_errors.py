"""The command line under hostile input: one line on stderr, status 1 or 2, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import openclosed as oc
import openclosed._catalog as catalog_module
import openclosed._loader as loader
from openclosed.cli import main

SRC = Path(__file__).resolve().parent.parent / "src"


def run_module(*argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "openclosed", *argv],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(SRC), **env},
        timeout=120,
        check=False,
    )


def one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("openclosed")
    assert "error: " in lines[0]
    assert "Traceback" not in err
    assert len(lines[0]) < 400
    return lines[0]


HUGE = "9" * 1_000_000


@pytest.mark.parametrize(
    "argv",
    [
        ["list", "--min-parameters", HUGE],
        ["list", "--max-parameters", "1e999999999"],
        ["list", "--limit", HUGE],
        ["recommend", "--monthly-tokens", HUGE],
        ["recommend", "--monthly-tokens", "1e400"],
        ["recommend", "--mau", "1e30"],
        ["recommend", "--output-share", HUGE],
        ["recommend", "--output-share", "nan"],
        ["recommend", "--gpu-hourly-usd", "1e999"],
        ["recommend", "--horizon-months", HUGE],
        ["recommend", "--importance-cost", HUGE],
        ["recommend", "--top", "9" * 5000],
    ],
    ids=lambda argv: " ".join(a[:12] for a in argv),
)
def test_huge_numbers_are_refused_at_once(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    start = time.perf_counter()
    status = main(argv)
    elapsed = time.perf_counter() - start
    err = capsys.readouterr().err
    assert status == 2
    assert elapsed < 2
    assert "Traceback" not in err
    assert len(err.splitlines()[-1]) < 400


@pytest.mark.parametrize(
    ("argv", "flag"),
    [
        (["recommend", "--monthly-tokens", "2e15"], "--monthly-tokens"),
        (["recommend", "--horizon-months", "5000"], "--horizon-months"),
        (["recommend", "--gpu-hourly-usd", "1e300"], "--gpu-hourly-usd"),
    ],
)
def test_numbers_outside_their_range_name_the_flag(
    capsys: pytest.CaptureFixture[str], argv: list[str], flag: str
) -> None:
    assert main(argv) == 2
    assert f"argument {flag}: must be" in one_error_line(capsys.readouterr().err)


def test_a_damaged_installation_is_one_line_and_status_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def damaged() -> dict[str, object]:
        raise oc.CatalogError(["not valid JSON @ $", "second @ $"], "openclosed/data/models.json")

    monkeypatch.setattr(catalog_module, "_packaged", None)
    monkeypatch.setattr(loader, "packaged_document", damaged)
    if "models" in vars(oc):  # (hasattr would resolve it, loading the catalog)
        monkeypatch.delattr(oc, "models")  # resolved again, through catalog()
    assert main(["list"]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "openclosed/data/models.json" in line
    assert "(and 1 more)" in line


def test_an_unexpected_error_is_still_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import openclosed.cli as cli

    def broken(args: object) -> int:
        raise OverflowError("int too large to convert to float")

    monkeypatch.setattr(cli, "_cmd_orgs", broken)
    assert main(["orgs"]) == 2
    assert "OverflowError" in one_error_line(capsys.readouterr().err)


def test_a_closed_pipe_exits_0_without_noise() -> None:
    done = subprocess.run(
        f"{sys.executable} -m openclosed export | head -1",
        shell=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(SRC)},
        timeout=120,
        check=False,
    )
    assert done.stdout.strip() == "{"
    assert done.stderr == ""
    status = subprocess.run(
        f"set -o pipefail; {sys.executable} -m openclosed export | head -c 1 >/dev/null",
        shell=True,
        executable="/bin/bash",
        env={**os.environ, "PYTHONPATH": str(SRC)},
        timeout=120,
        check=False,
        capture_output=True,
    )
    assert status.returncode == 0
    assert status.stderr == b""


@pytest.mark.parametrize(
    "argv",
    [
        ["list", "--side", "open", "--vendor", "meta"],
        ["list", "--format", "json", "--vendor", "mistral"],
        ["show", "bard"],
        ["orgs"],
        ["licenses"],
        ["recommend", "--top", "3"],
    ],
)
def test_an_ascii_terminal_gets_only_ascii(argv: list[str]) -> None:
    done = run_module(*argv, PYTHONIOENCODING="ascii")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.isascii()
    assert "…" not in done.stdout


def test_an_ascii_terminal_sees_cut_cells_end_in_three_dots() -> None:
    done = run_module("list", "--all", PYTHONIOENCODING="ascii")
    utf8 = run_module("list", "--all", PYTHONIOENCODING="utf-8")
    assert "..." in done.stdout
    assert "…" in utf8.stdout
    assert len(done.stdout.splitlines()) == len(utf8.stdout.splitlines())
    assert max(map(len, done.stdout.splitlines())) <= 80
