"""The documentation's figures draw from the catalog, reproducibly, and find the break-even."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import load_script

FIGURES = Path(__file__).resolve().parents[1] / "docs" / "_ext" / "figures.py"


def load() -> Any:
    return load_script(FIGURES, "docs_figures")


def test_break_even_is_where_the_open_route_becomes_cheaper() -> None:
    figures = load()

    def open_cost(tokens: float) -> float:
        return 5000.0  # fixed: GPUs and engineering

    def closed_cost(tokens: float) -> float:
        return tokens / 1e6 * 2.0  # $2 per 1M tokens

    crossing = figures.break_even(open_cost, closed_cost)
    assert crossing == pytest.approx(2.5e9, rel=1e-6)
    assert figures.break_even(open_cost, lambda tokens: 1.0) is None  # the API is always cheaper


def test_every_figure_draws_the_same_svg_twice() -> None:
    pytest.importorskip("matplotlib")
    figures = load()
    plt = figures._pyplot()
    for name, draw in figures.FIGURES.items():
        first = draw(plt)
        assert "<svg" in first, name
        assert first == draw(plt), f"{name} is not reproducible"
    assert "break-even" in figures.FIGURES["cost-curve.svg"](plt)
