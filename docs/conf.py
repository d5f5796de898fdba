"""Sphinx configuration of the openclosed documentation (MyST markdown, furo theme).

Build with warnings as errors:

    sphinx-build -W --keep-going -b html docs /tmp/docs-html

The catalog pages under ``catalog/_generated/`` are written at build time by the local
extension ``_ext/catalog_pages.py`` from the packaged catalog of the source tree, and the
figures under ``catalog/_figures/`` by ``_ext/figures.py`` (matplotlib, in the docs extra).
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
# Document (and generate the catalog pages from) the source tree next to these docs,
# whether or not the package is installed.
sys.path.insert(0, str(DOCS.parent / "src"))
sys.path.insert(0, str(DOCS / "_ext"))

import openclosed  # noqa: E402

project = "openclosed"
author = "The openclosed developers"
copyright = "2026, The openclosed developers"
release = version = openclosed.__version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "catalog_pages",
    "figures",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_ext", "Thumbs.db", ".DS_Store"]

# MyST: ::: fences and definition lists; anchors for headings down to ###.
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# autodoc: types go into the parameter descriptions, members in source order.
autodoc_typehints = "description"
autodoc_member_order = "bysource"
autodoc_class_signature = "mixed"

# No network at build time: no intersphinx. Unresolved Python references render as
# plain text instead of failing the build (nitpicky off); every other warning fails it.
nitpicky = False

html_theme = "furo"
html_title = f"openclosed {release}"
