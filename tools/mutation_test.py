"""A small mutation tester: do the tests notice when the code is wrong?

Each mutant changes one operator or constant of one module (``<`` to ``<=``, ``and`` to
``or``, ``not x`` to ``x``, ``+`` to ``-``, a number plus one, ``True`` to ``False``...),
in a copy of the source tree; the module's tests then run against it. A mutant is killed
when they fail, survives when they pass. Survivors are listed with their line, to be read:
some are equivalent (the change cannot alter behaviour), the others show a missing test.
Equivalent mutants, once read, are listed with the reason in ``tools/mutation_equivalent.txt``;
the score counts them apart. docs/maintainers.md has the command and score for each module.

    python tools/mutation_test.py openness --tests tests/test_openness.py [--sample 60] [--seed 1]
        [--jobs 2] [--last "slow_test or other_slow_test"] [--lines 120 121] [--timeout 120]

``--last`` runs the tests a ``-k`` expression selects only after the others passed (most mutants
fail a quick test first); ``--lines`` re-runs the mutants of some lines after a test was added.
Not run by CI: a full run takes from minutes to hours depending on the module and its tests.
"""

from __future__ import annotations

import argparse
import ast
import os
import queue
import random
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_COMPARE = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
}
_BINARY = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.FloorDiv: ast.Div}


def _sites(tree: ast.AST, only: set[str] | None) -> Iterator[tuple[ast.AST, str, int]]:
    """Every place a mutation applies: (node, kind, option); ``only`` limits to those functions."""
    seen: set[int] = set()  # a nested function is walked with its parent: mutate its nodes once
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if only is not None and function.name not in only:
            continue
        for node in ast.walk(function):
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, ast.Compare):
                for i, op in enumerate(node.ops):
                    if type(op) in _COMPARE:
                        yield node, "compare", i
            elif isinstance(node, ast.BoolOp):
                yield node, "boolop", 0
            elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
                yield node, "not", 0
            elif isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
                yield node, "binop", 0
            elif isinstance(node, ast.Constant) and type(node.value) in (int, float) and node.value != -1:
                yield node, "number", 0
            elif isinstance(node, ast.Constant) and type(node.value) is bool:
                yield node, "bool", 0


def _mutate(source: str, index: int, only: set[str] | None) -> tuple[str, str] | None:
    """The source with mutation ``index`` applied, and a description; None past the last."""
    tree = ast.parse(source)
    sites = list(_sites(tree, only))
    if index >= len(sites):
        return None
    node, kind, option = sites[index]
    line = getattr(node, "lineno", 0)
    place = f"{getattr(node, 'col_offset', 0)}-{getattr(node, 'end_col_offset', 0)}"
    if kind == "compare":
        assert isinstance(node, ast.Compare)
        old = node.ops[option]
        node.ops[option] = _COMPARE[type(old)]()
        what = f"{type(old).__name__} -> {type(node.ops[option]).__name__}"
        if len(node.ops) > 1:  # a chained comparison: say which operator
            what += f" (operator {option + 1})"
    elif kind == "boolop":
        assert isinstance(node, ast.BoolOp)
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        what = f"boolean -> {type(node.op).__name__}"
    elif kind == "not":
        assert isinstance(node, ast.UnaryOp)
        what = "not x -> bool(x)"
        node_src = ast.unparse(node.operand)
        replacement = ast.parse(f"bool({node_src})", mode="eval").body
        _replace(tree, node, replacement)
    elif kind == "binop":
        assert isinstance(node, ast.BinOp)
        old_op = node.op
        node.op = _BINARY[type(old_op)]()
        what = f"{type(old_op).__name__} -> {type(node.op).__name__}"
    elif kind == "number":
        assert isinstance(node, ast.Constant)
        old_value = node.value
        assert isinstance(old_value, (int, float))
        node.value = old_value + 1 if old_value in (0, 1) or isinstance(old_value, int) else old_value * 1.5
        what = f"{old_value!r} -> {node.value!r}"
    else:
        assert isinstance(node, ast.Constant)
        node.value = not node.value
        what = f"{not node.value} -> {node.value}"
    return ast.unparse(tree), f"line {line}:{place}: {what}"


def _replace(tree: ast.AST, old: ast.AST, new: ast.AST) -> None:
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if value is old:
                setattr(parent, field, new)
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if item is old:
                        value[i] = new


EQUIVALENT = ROOT / "tools" / "mutation_equivalent.txt"


def read_equivalent(path: Path = EQUIVALENT) -> dict[tuple[str, str], str]:
    """The reviewed list of equivalent mutants: ``module | line L:C-E: change | reason`` per line."""
    listed: dict[tuple[str, str], str] = {}
    if not path.exists():
        return listed
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = raw.strip()
        if not text or text.startswith("#"):
            continue
        parts = [part.strip() for part in text.split("|")]
        if len(parts) != 3 or not all(parts):
            raise SystemExit(f"{path.name}:{number}: expected 'module | line L:C-E: change | reason'")
        listed[(parts[0], parts[1])] = parts[2]
    return listed


def _passes(copy: Path, tests: list[str], last: str | None, timeout: int) -> bool:
    """Whether the tests pass in ``copy``; with ``last``, the tests it selects run second."""
    env = {**os.environ, "PYTHONPATH": str(copy / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
    stages = [[]] if last is None else [["-k", f"not ({last})"], ["-k", last]]
    for stage in stages:
        try:
            done = subprocess.run(
                [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *stage, *tests],
                cwd=copy,
                env=env,
                capture_output=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return False  # a timeout kills
        if done.returncode not in (0, 5):  # 5: this stage selected no test
            return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("module", help="a module of openclosed, such as openness, query or _loader")
    parser.add_argument("--tests", nargs="+", required=True, help="the test files that cover it")
    parser.add_argument("--functions", nargs="*", help="mutate these functions only (default: all)")
    parser.add_argument("--lines", nargs="*", type=int, help="mutate these source lines only")
    parser.add_argument("--sample", type=int, default=0, help="run this many mutants, drawn at random")
    parser.add_argument("--seed", type=int, default=20261204)
    parser.add_argument("--timeout", type=int, default=300, help="seconds per mutant (a timeout kills)")
    parser.add_argument("--jobs", type=int, default=1, help="mutants run at once, each in its own copy")
    parser.add_argument(
        "--last", metavar="EXPR", help="pytest -k expression of slow tests, run only when the others pass"
    )
    args = parser.parse_args(argv)

    source_path = ROOT / "src" / "openclosed" / f"{args.module}.py"
    source = source_path.read_text(encoding="utf-8")
    only = set(args.functions) if args.functions else None
    sites = list(_sites(ast.parse(source), only))
    count = len(sites)
    chosen = list(range(count))
    if args.lines:
        chosen = [i for i in chosen if getattr(sites[i][0], "lineno", 0) in set(args.lines)]
    if args.sample and args.sample < len(chosen):
        chosen = sorted(random.Random(args.seed).sample(chosen, args.sample))
    listed = read_equivalent()
    mutants = []
    for index in chosen:
        mutant = _mutate(source, index, only)
        assert mutant is not None
        mutants.append(mutant)
    if len({what for _, what in mutants}) != len(mutants):
        raise SystemExit("two mutants have the same description: make _mutate tell them apart")
    outcome: dict[str, bool] = {}
    with tempfile.TemporaryDirectory(prefix="openclosed-mutants-") as folder:
        ignore = shutil.ignore_patterns(".git", "__pycache__", "docs", "*.egg-info", ".venv", "venv")
        copies: queue.Queue[Path] = queue.Queue()
        for job in range(max(args.jobs, 1)):
            copy = Path(folder) / f"tree{job}"
            shutil.copytree(ROOT, copy, ignore=ignore)
            copies.put(copy)
        baseline = copies.get()
        if not _passes(baseline, args.tests, args.last, args.timeout * 2):
            print("the tests fail on the unchanged source: fix them first", file=sys.stderr)
            return 2
        copies.put(baseline)
        done_count = [0]
        lock = threading.Lock()

        def run(mutant: tuple[str, str]) -> None:
            text, what = mutant
            copy = copies.get()
            target = copy / "src" / "openclosed" / f"{args.module}.py"
            try:
                target.write_text(text, encoding="utf-8")
                survived = _passes(copy, args.tests, args.last, args.timeout)
            finally:
                target.write_text(source, encoding="utf-8")
                copies.put(copy)
            with lock:
                outcome[what] = survived
                done_count[0] += 1
                state = "killed  "
                if survived:
                    state = "equivalent" if (args.module, what) in listed else "SURVIVED"
                print(f"[{done_count[0]}/{len(mutants)}] {state} {what}", flush=True)

        with ThreadPoolExecutor(max_workers=max(args.jobs, 1)) as pool:
            list(pool.map(run, mutants))
    total = len(mutants)
    killed = sum(1 for survived in outcome.values() if not survived)
    equivalent = [w for w, survived in outcome.items() if survived and (args.module, w) in listed]
    survivors = [w for w, survived in outcome.items() if survived and (args.module, w) not in listed]
    wrongly_listed = [w for w, survived in outcome.items() if not survived and (args.module, w) in listed]
    scored = total - len(equivalent)
    score = 100 * killed / max(scored, 1)
    print(
        f"\n{args.module}: {total} mutants ({count} sites): {killed} killed, {len(equivalent)} equivalent, "
        f"{len(survivors)} survived; {killed}/{scored} non-equivalent killed ({score:.0f}%)"
    )
    for what in sorted(survivors, key=_order):
        print(f"  survived: {what}")
    for what in sorted(wrongly_listed, key=_order):
        print(f"  killed, yet listed as equivalent in {EQUIVALENT.name}: {what}")
    if args.lines is None and args.sample == 0 and only is None:
        mutated = {what for _, what in mutants}
        for module, what in sorted(listed):
            if module == args.module and what not in mutated:
                print(f"  listed in {EQUIVALENT.name} but no such mutant (moved?): {what}")
    return 0


def _order(what: str) -> tuple[int, int, str]:
    line, place = what.split(":")[0].split()[1], what.split(":")[1]
    return int(line), int(place.split("-")[0]), what


if __name__ == "__main__":
    sys.exit(main())
