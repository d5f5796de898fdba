"""The package metadata fills the ``License`` and ``Home-page`` lines of ``pip show``.

The wheel's metadata (version 2.4 or newer, written by hatchling from pyproject.toml) carries
the licence as ``License-Expression`` (PEP 639) and the home page as a ``Project-URL`` labelled
``Homepage`` (PEP 621 has no field for the legacy ``Home-page``). pip 24.1 and newer show that
URL as ``Home-page``, pip 25.0 and newer show ``License-Expression``; older pips read only the
legacy ``License`` and ``Home-page`` fields, which builds from a PEP 639 pyproject.toml no
longer write.
"""

from __future__ import annotations

import re
import subprocess
import sys
from importlib.metadata import metadata
from pathlib import Path

import pytest

PYPROJECT = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8")


def declared(key: str) -> str:
    """A ``key = "value"`` line of pyproject.toml (its license and its Homepage URL)."""
    found = re.search(rf'^{re.escape(key)} = "([^"]+)"$', PYPROJECT, flags=re.MULTILINE)
    assert found is not None, key
    return found.group(1)


Fields = dict[str, "str | list[str]"]


def fields() -> Fields:
    """The installed distribution's metadata as JSON-ready fields (``home_page``, ``project_url``...)."""
    found: Fields = metadata("openclosed").json
    return found


def home_page(meta: Fields) -> str:
    """``Home-page``, else the ``Project-URL`` labelled home page, as pip (24.1+) reads it."""
    if meta.get("home_page"):
        return str(meta["home_page"])
    for entry in meta.get("project_url", []):
        label, url = entry.split(",", 1)
        if re.sub(r"[^a-z]", "", label.lower()) == "homepage":
            return url.strip()
    return ""


def licence(meta: Fields) -> str:
    """``License-Expression`` from metadata 2.4 on, else ``License``, as pip (25.0+) reads it."""
    version = tuple(int(part) for part in str(meta["metadata_version"]).split("."))
    if version >= (2, 4) and meta.get("license_expression"):
        return str(meta["license_expression"])
    return str(meta.get("license", ""))


def test_installed_metadata_names_the_licence_and_the_home_page() -> None:
    meta = fields()
    assert licence(meta) == declared("license") == "MIT"
    assert home_page(meta) == declared("Homepage")
    assert home_page(meta).startswith("https://")
    # one License-File is a string in older Pythons' JSON form, a list in newer ones
    assert meta["license_file"] in ("LICENSE", ["LICENSE"])


def test_pip_show_fills_license_and_home_page() -> None:
    pip = pytest.importorskip("pip")
    if tuple(int(part) for part in re.findall(r"\d+", pip.__version__)[:2]) < (25, 0):
        pytest.skip(f"pip {pip.__version__} shows only the legacy License and Home-page fields")
    shown = subprocess.run(
        [sys.executable, "-m", "pip", "show", "openclosed"], capture_output=True, text=True, check=True
    ).stdout
    fields = dict(line.split(": ", 1) for line in shown.splitlines() if ": " in line)
    assert fields["Home-page"] == declared("Homepage")
    assert fields.get("License-Expression", fields.get("License")) == "MIT"
