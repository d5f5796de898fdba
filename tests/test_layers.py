"""Imports run one way: each module imports only modules of its own layer or the layers below,
at the top of the file or inside a function, and the imports form no cycle.

Read from the source, so that a lazy import inside a function that reaches back up (the kind
that hides a cycle until some call order breaks it) fails here, not in a user's process.
Imports under ``if TYPE_CHECKING:`` are for annotations only and are not counted.
"""

from __future__ import annotations

import ast
from pathlib import Path

import openclosed

PACKAGE = Path(openclosed.__file__).parent

#: From the bottom up. A module may import from its own layer and the ones before it.
LAYERS: tuple[tuple[str, ...], ...] = (
    # errors, enums and helpers that import nothing of openclosed
    (
        "errors",
        "enums",
        "_suggest",
        "_memo",
        "_intern",
        "_fields",
        "_idrules",
        "_resources",
        "_text",
        "hardware",
    ),
    ("diff",),
    # showing and flattening records: by their fields, without importing the record classes
    ("flat", "display"),
    ("records", "_left_out"),
    # records in and out: the converters, the derivations, the catalog format
    ("_converter", "_fast", "_invariants", "openness", "_document", "schema"),
    ("_structurers",),  # generated from the records by _fast, at release time
    ("_table",),
    ("query", "_offers"),
    ("_catalog_class",),
    ("_loader",),
    ("_shipped",),  # the packaged catalog, one model at a time until it is needed whole
    ("_catalog",),  # the packaged catalog, load_catalog
    ("requirements",),
    # the scorer, a package: its modules from the bottom up, then its facade
    (
        "scoring.routes",
        "scoring.effort",
    ),
    ("scoring.criteria",),
    ("scoring.results",),
    ("scoring.cost", "scoring.screening"),
    ("scoring.verdict",),
    ("scoring.probes",),
    ("scoring.prepared",),
    ("scoring.engine",),
    ("scoring",),
    ("__init__",),  # the facade: public names, resolved lazily
    ("_completion", "cli", "__main__"),
)
FACADE = "__init__"
LAYER = {module: rank for rank, modules in enumerate(LAYERS) for module in modules}


def _runtime_imports(path: Path, package: str = "") -> set[str]:
    """The openclosed modules ``path`` imports at run time (top level or in functions); in
    the sub-package ``package``, ``.x`` is ``package.x`` and ``..x`` a top-level module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(sub) for sub in ast.walk(node))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and package and node.level == 1:
            found.add(f"{package}.{node.module.split('.')[0]}" if node.module else package)
        elif isinstance(node, ast.ImportFrom) and package and node.level == 2:
            found.add(node.module.split(".")[0] if node.module else FACADE)
        elif isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:  # from . import records; from . import models (a name of the facade)
                found.update(a.name if (PACKAGE / f"{a.name}.py").exists() else FACADE for a in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("openclosed"):
            parts = (node.module or "").split(".")
            found.update([parts[1]] if len(parts) > 1 else [alias.name for alias in node.names])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "openclosed" and len(parts) > 1:
                    found.add(parts[1])
    return found - {"__version__"}


def _graph() -> dict[str, set[str]]:
    graph = {path.stem: _runtime_imports(path) for path in sorted(PACKAGE.glob("*.py"))}
    for sub in sorted(p for p in PACKAGE.iterdir() if (p / "__init__.py").exists()):
        for path in sorted(sub.glob("*.py")):
            name = sub.name if path.stem == "__init__" else f"{sub.name}.{path.stem}"
            graph[name] = _runtime_imports(path, sub.name) - {name}
    return graph


def test_every_module_has_a_layer() -> None:
    assert sorted(set(_graph()) - set(LAYER)) == []


def test_imports_point_down() -> None:
    wrong = [
        f"{module} (layer {LAYER[module]}) imports {target} (layer {LAYER.get(target)})"
        for module, targets in _graph().items()
        for target in sorted(targets)
        if target not in LAYER or LAYER[target] > LAYER[module]
    ]
    assert wrong == []


def test_imports_form_no_cycle() -> None:
    graph = _graph()
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, " -> ".join((*path, module))
        if module in done:
            return
        for target in sorted(graph.get(module, ())):
            visit(target, (*path, module))
        done.add(module)

    for module in graph:
        visit(module, ())


def test_the_package_still_works_from_a_zip(tmp_path: Path) -> None:
    """A plain directory is read with open(); a zip on sys.path through importlib.resources."""
    import subprocess
    import sys
    import zipfile

    archive = tmp_path / "openclosed.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(PACKAGE.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                zipped.write(path, Path("openclosed") / path.relative_to(PACKAGE))
    code = (
        "import openclosed as oc, openclosed._resources as r; cat = oc.catalog(); "
        "print(oc.models['llama-2'].id, len(oc.models['gpt-oss-120b'].offers) > 1, r.DATA_DIR, cat.origin, "
        "len(cat.record_hashes()) > 0)"
    )
    env = {"PYTHONPATH": str(archive), "PATH": ""}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["llama-2", "True", "None", "packaged", "True"]


def test_a_plain_install_reads_its_data_without_zip_machinery() -> None:
    import subprocess
    import sys

    code = (
        "import sys, openclosed as oc; oc.models['llama-2']; oc.licenses['Apache-2.0']; "
        "oc.organizations['meta']; "
        "heavy = ('zipfile', 'tempfile', 'importlib.resources', 'cattrs', 'hashlib', 'packaging', "
        "'openclosed._loader', 'openclosed.scoring'); "
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_facade_names_each_public_name_in_one_place_per_audience() -> None:
    """``_LAZY`` (where each public name lives) is the list; ``__all__`` must equal it, and the
    imports for type checkers must import each name from the module ``_LAZY`` names."""
    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    typed: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for sub in ast.walk(node):
                if isinstance(sub, ast.ImportFrom) and sub.level == 1 and sub.module:
                    typed.update((alias.name, sub.module) for alias in sub.names)
    lazy = dict(openclosed._LAZY)
    assert set(typed) == set(lazy)
    assert set(openclosed.__all__) == {*lazy, *openclosed._TABLES, "__version__"}
    import importlib

    for name, module in typed.items():  # the type checkers' home re-exports the runtime one
        runtime = getattr(importlib.import_module(f"openclosed.{lazy[name]}"), name)
        assert getattr(importlib.import_module(f"openclosed.{module}"), name) is runtime, name
