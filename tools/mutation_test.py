"""A small mutation tester: do the tests notice when the code is wrong?

Each mutant changes one operator or constant of one module (``<`` to ``<=``, ``and`` to
``or``, ``not x`` to ``x``, ``+`` to ``-``, a number plus one, ``True`` to ``False``...),
in a copy of the source tree; the module's tests then run against it. A mutant is killed
when they fail, survives when they pass. Survivors are listed with their line, to be read:
some are equivalent (the change cannot alter behaviour), the others show a missing test.

    python tools/mutation_test.py openness --tests tests/test_openness.py [--sample 60] [--seed 1]

Not run by CI: a full run takes from minutes to hours depending on the module and its tests.
"""

from __future__ import annotations

import argparse
import ast
import os
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
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
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if only is not None and function.name not in only:
            continue
        for node in ast.walk(function):
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
    if kind == "compare":
        assert isinstance(node, ast.Compare)
        old = node.ops[option]
        node.ops[option] = _COMPARE[type(old)]()
        what = f"{type(old).__name__} -> {type(node.ops[option]).__name__}"
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
    return ast.unparse(tree), f"line {line}: {what}"


def _replace(tree: ast.AST, old: ast.AST, new: ast.AST) -> None:
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if value is old:
                setattr(parent, field, new)
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if item is old:
                        value[i] = new


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("module", help="a module of openclosed, such as openness or query")
    parser.add_argument("--tests", nargs="+", required=True, help="the test files that cover it")
    parser.add_argument("--functions", nargs="*", help="mutate these functions only (default: all)")
    parser.add_argument("--sample", type=int, default=0, help="run this many mutants, drawn at random")
    parser.add_argument("--seed", type=int, default=20261204)
    parser.add_argument("--timeout", type=int, default=300, help="seconds per mutant (a timeout kills)")
    args = parser.parse_args(argv)

    source_path = ROOT / "src" / "openclosed" / f"{args.module}.py"
    source = source_path.read_text(encoding="utf-8")
    only = set(args.functions) if args.functions else None
    count = len(list(_sites(ast.parse(source), only)))
    chosen = list(range(count))
    if args.sample and args.sample < count:
        chosen = sorted(random.Random(args.seed).sample(chosen, args.sample))
    killed, survivors = 0, []
    with tempfile.TemporaryDirectory(prefix="openclosed-mutants-") as folder:
        copy = Path(folder) / "tree"
        ignore = shutil.ignore_patterns(".git", "__pycache__", "docs", "*.egg-info")
        shutil.copytree(ROOT, copy, ignore=ignore)
        target = copy / "src" / "openclosed" / f"{args.module}.py"
        env = {**os.environ, "PYTHONPATH": str(copy / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
        for number, index in enumerate(chosen, start=1):
            mutant = _mutate(source, index, only)
            assert mutant is not None
            text, what = mutant
            target.write_text(text, encoding="utf-8")
            try:
                done = subprocess.run(
                    [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *args.tests],
                    cwd=copy,
                    env=env,
                    capture_output=True,
                    timeout=args.timeout,
                    check=False,
                )
                survived = done.returncode == 0
            except subprocess.TimeoutExpired:
                survived = False
            if survived:
                survivors.append(what)
            else:
                killed += 1
            print(f"[{number}/{len(chosen)}] {'SURVIVED' if survived else 'killed  '} {what}", flush=True)
        target.write_text(source, encoding="utf-8")
    total = len(chosen)
    score = 100 * killed / max(total, 1)
    print(f"\n{args.module}: {killed}/{total} mutants killed ({score:.0f}%), {count} sites")
    for what in survivors:
        print(f"  survived: {what}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
