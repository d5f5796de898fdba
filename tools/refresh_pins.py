"""Refresh the figures the repository pins to the packaged catalog, after a data change.

Three places repeat facts about the catalog, so that a change to it cannot pass unseen:

- ``COUNTS`` in ``tests/test_data.py``: how many records of each kind;
- the ``- Size:`` line of the current version's section in ``CHANGELOG.md``;
- what the examples in the Markdown documentation print (``README.md`` and ``docs/``),
  which pytest runs as doctests.

This tool rewrites each to what the catalog says now. A changed output may be the point of
the data change or a bug it caused, so read the diff before committing::

    python tools/compile_catalog.py && python tools/refresh_pins.py
    python tools/refresh_pins.py --check    # write nothing; exit 1 if a pin is stale

An example that raises is reported and left as written: the fix is in the example or the code.
"""

from __future__ import annotations

import argparse
import contextlib
import doctest
import functools
import io
import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:  # pragma: no cover - depends on how it is run
    sys.path.insert(0, str(ROOT / "src"))

import openclosed as oc  # noqa: E402

#: The record tables ``COUNTS`` pins, in its order.
TABLES = ("models", "organizations", "licenses", "license_categories", "offers")

#: The doctest options pytest runs the documentation with (``pyproject.toml``).
FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS

_COUNTS = re.compile(r"^COUNTS = \{[^}]*\}", re.MULTILINE)
_SIZE = re.compile(r"^- Size: \d+ models, \d+ organizations, \d+ licences, \d+ offers\.", re.MULTILINE)


def counts(catalog: oc.Catalog) -> dict[str, int]:
    return {table: len(getattr(catalog, table)) for table in TABLES}


def refresh_counts(text: str, numbers: dict[str, int]) -> str:
    """``text`` (a test module) with its ``COUNTS = {...}`` set to ``numbers``."""
    pinned = "COUNTS = {" + ", ".join(f'"{k}": {v}' for k, v in numbers.items()) + "}"
    return _COUNTS.sub(pinned, text, count=1)


def refresh_size(text: str, version: str, numbers: dict[str, int]) -> str:
    """``text`` (the CHANGELOG) with the ``- Size:`` line of ``version``'s section updated;
    other sections, whose sizes are history, stay as written."""
    start = re.search(rf"^## {re.escape(version)}\b", text, re.MULTILINE)
    if start is None:
        return text
    end = re.search(r"^## ", text[start.end() :], re.MULTILINE)
    stop = start.end() + end.start() if end else len(text)
    size = (
        f"- Size: {numbers['models']} models, {numbers['organizations']} organizations, "
        f"{numbers['licenses']} licences, {numbers['offers']} offers."
    )
    section = _SIZE.sub(size, text[start.start() : stop], count=1)
    return text[: start.start()] + section + text[stop:]


class _Outputs(doctest.DocTestRunner):
    """Runs examples and keeps what each one printed when it differs from what is written."""

    def __init__(self) -> None:
        super().__init__(verbose=False, optionflags=FLAGS)
        self.got: dict[int, str] = {}
        self.errors: list[str] = []

    def report_failure(self, out: object, test: doctest.DocTest, example: doctest.Example, got: str) -> None:
        if example.exc_msg is not None:
            got = _without_frames(got)
        self.got[id(example)] = got

    def report_unexpected_exception(
        self, out: object, test: doctest.DocTest, example: doctest.Example, exc_info: object
    ) -> None:
        error = exc_info[1] if isinstance(exc_info, tuple) else exc_info
        self.errors.append(f"{test.name}:{example.lineno + 1}: {error!r}")


def _without_frames(got: str) -> str:
    """An expected exception as a page shows it: the header, ``...`` and the exception, not the
    stack frames, which name this machine's paths and change with every edit of the code."""
    header = "Traceback (most recent call last):\n"
    if header not in got:
        return got
    before, _, frames = got.partition(header)
    lines = frames.splitlines(keepends=True)
    first = next((i for i, line in enumerate(lines) if not line.startswith(" ")), len(lines))
    return before + header + "...\n" + "".join(lines[first:])


@contextlib.contextmanager
def _working_directory(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def refresh_examples(text: str, name: str) -> tuple[str, list[str]]:
    """``text`` with each doctest example's expected output replaced by what it prints now,
    and the examples that raised. Outputs that still match (``...`` included) stay as written."""
    test = doctest.DocTestParser().get_doctest(text, {"__name__": name}, name, name, 0)
    runner = _Outputs()
    with _working_directory(ROOT), contextlib.redirect_stdout(io.StringIO()):
        runner.run(test, out=lambda _: None, clear_globs=True)
    lines = text.splitlines(keepends=True)
    for example in reversed(test.examples):
        got = runner.got.get(id(example))
        if got is None:
            continue
        first = example.lineno + example.source.count("\n")
        pad = " " * example.indent
        new = [pad + (line if line.strip() else "<BLANKLINE>") + "\n" for line in got.splitlines()]
        lines[first : first + example.want.count("\n")] = new
    return "".join(lines), runner.errors


def documents() -> list[Path]:
    """The Markdown files pytest runs as doctests (``pyproject.toml``: README.md and docs/)."""
    skipped = {"_generated", "_build"}
    return [
        ROOT / "README.md",
        *sorted(p for p in (ROOT / "docs").rglob("*.md") if not skipped & set(p.parts)),
    ]


Edit = Callable[[str], "tuple[str, list[str]]"]


def edits(catalog: oc.Catalog) -> dict[Path, Edit]:
    """Each pinned file, and how to bring its text up to date with ``catalog``."""
    numbers = counts(catalog)
    out: dict[Path, Edit] = {
        ROOT / "tests" / "test_data.py": lambda text: (refresh_counts(text, numbers), []),
        ROOT / "CHANGELOG.md": lambda text: (refresh_size(text, catalog.version, numbers), []),
    }
    for path in documents():
        out[path] = functools.partial(refresh_examples, name=path.name)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="refresh_pins", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a pin is stale")
    args = parser.parse_args(argv)
    stale: list[str] = []
    failed: list[str] = []
    for path, edit in edits(oc.catalog()).items():
        text = path.read_text(encoding="utf-8")
        new, errors = edit(text)
        failed += errors
        if new != text:
            stale.append(path.relative_to(ROOT).as_posix())
            if not args.check:
                path.write_text(new, encoding="utf-8")
    for error in failed:
        print(f"example raised: {error}", file=sys.stderr)
    for name in stale:
        print(f"{'stale' if args.check else 'refreshed'}: {name}")
    return 1 if (args.check and stale) or failed else 0


if __name__ == "__main__":
    sys.exit(main())
