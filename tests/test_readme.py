"""The README's command-line tour runs as written (its Python examples run as doctests)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from openclosed.cli import main

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCKS = re.findall(r"```console\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)


def matches(expected: list[str], actual: list[str]) -> bool:
    """Line by line; a line ``...`` stands for the rest, a line ending in `` ...`` for its own end."""
    for index, line in enumerate(expected):
        if line == "...":
            return True
        if index >= len(actual):
            return False
        if line.endswith(" ..."):
            if not actual[index].startswith(line[:-3]):
                return False
        elif actual[index] != line:
            return False
    return len(actual) == len(expected)


@pytest.mark.parametrize("block", BLOCKS, ids=[b.splitlines()[0] for b in BLOCKS])
def test_console_example(block: str, capsys: pytest.CaptureFixture[str]) -> None:
    command, *expected = block.rstrip("\n").splitlines()
    assert command.startswith("$ openclosed ")
    assert main(shlex.split(command)[2:]) == 0
    actual = capsys.readouterr().out.rstrip("\n").splitlines()
    assert matches(expected, actual), "\n".join(actual)


def test_there_are_examples() -> None:
    assert len(BLOCKS) >= 3


def test_links_work_on_the_package_index() -> None:
    """The README is the project page on the package index too, where relative links break."""
    links = re.findall(r"\]\(([^)]+)\)", README.read_text(encoding="utf-8"))
    assert links
    assert [link for link in links if not link.startswith(("https://", "#"))] == []


def test_package_metadata_names_the_licence_and_the_project_urls() -> None:
    from importlib.metadata import metadata

    meta = metadata("openclosed")
    assert meta["License-Expression"] == "MIT"
    urls = dict(entry.split(", ", 1) for entry in meta.get_all("Project-URL") or [])
    assert {"Homepage", "Source", "Documentation", "Changelog", "Issues"} <= set(urls)
    assert all(url.startswith("https://") for url in urls.values())
