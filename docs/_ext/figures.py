"""Draw the documentation's figures from the packaged catalog, at build time, with matplotlib.

At ``builder-inited`` this writes SVG files into ``catalog/_figures/`` under the
documentation source directory: openness levels by release year and by maker, the licence
restriction matrix, and the scorer's monthly cost against volume with the break-even
between open and closed. Every number is read from :func:`openclosed.catalog` and the
scorer at build time, with no network; the SVGs are reproducible (no dates, fixed ids) and
rewritten only when their text changes.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # sphinx is needed to build, not to import this module
    from sphinx.application import Sphinx

#: Where the figures go, relative to the documentation source directory.
OUTPUT = Path("catalog") / "_figures"

#: One colour per openness level, most open first (colour-blind safe, Okabe-Ito).
LEVEL_COLOURS = {
    "open-source": "#009E73",
    "open-weights": "#56B4E9",
    "restricted-weights": "#E69F00",
    "api": "#CC79A7",
    "hosted": "#999999",
}


def _pyplot() -> Any:
    try:
        import matplotlib
    except ModuleNotFoundError as error:
        raise RuntimeError("the documentation's figures need matplotlib: pip install -e '.[docs]'") from error
    matplotlib.use("Agg")
    matplotlib.rcParams.update({"svg.hashsalt": "openclosed", "svg.fonttype": "none", "font.size": 9})
    import matplotlib.pyplot as plt

    return plt


def _svg(figure: Any) -> str:
    out = io.StringIO()
    figure.savefig(out, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    return out.getvalue()


def levels_by_year(plt: Any) -> str:
    """Models released each year, stacked by openness level."""
    import openclosed as oc

    counts: Counter[tuple[int, str]] = Counter()
    for m in oc.models.all():
        if m.released is not None and m.level is not None and m.kind.value in ("model", "family"):
            counts[(m.released.year, m.level.value)] += 1
    years = list(range(min(y for y, _ in counts), max(y for y, _ in counts) + 1))
    figure, axes = plt.subplots(figsize=(7, 3.4))
    bottom = [0] * len(years)
    for level, colour in LEVEL_COLOURS.items():
        heights = [counts[(year, level)] for year in years]
        axes.bar(years, heights, bottom=bottom, color=colour, label=level)
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    axes.set_xticks(years)
    axes.set_ylabel("models and families released")
    axes.set_title(f"Openness by release year (catalog {oc.__version__})")
    axes.legend(frameon=False, fontsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    text = _svg(figure)
    plt.close(figure)
    return text


def levels_by_maker(plt: Any, top: int = 20) -> str:
    """The makers with the most entries, each bar split by openness level."""
    import openclosed as oc

    by_maker: dict[str, Counter[str]] = {}
    for m in oc.models.all():
        if m.level is not None:
            by_maker.setdefault(m.organization, Counter())[m.level.value] += 1
    makers = sorted(by_maker, key=lambda o: (-sum(by_maker[o].values()), o))[:top][::-1]
    figure, axes = plt.subplots(figsize=(7, 0.28 * len(makers) + 1))
    left = [0] * len(makers)
    for level, colour in LEVEL_COLOURS.items():
        widths = [by_maker[o][level] for o in makers]
        axes.barh([oc.organizations[o].name for o in makers], widths, left=left, color=colour, label=level)
        left = [a + b for a, b in zip(left, widths, strict=True)]
    axes.set_xlabel("entries in the catalog")
    axes.set_title(f"Openness by maker, the {len(makers)} largest (catalog {oc.__version__})")
    axes.legend(frameon=False, fontsize=8, loc="lower right")
    axes.spines[["top", "right"]].set_visible(False)
    text = _svg(figure)
    plt.close(figure)
    return text


#: The restriction columns of the matrix, in words.
RESTRICTIONS = {
    "user_cap": "user cap",
    "revenue_threshold": "revenue threshold",
    "geographic_carve_out": "territories excluded",
    "output_use_ban": "outputs may not train",
    "naming_or_attribution": "name or notice",
    "acceptable_use_policy": "acceptable-use policy",
    "restrictions_pass_to_derivatives": "passes to derivatives",
    "licensor_may_update": "licensor may update",
    "hosting_ban": "no hosting",
    "non_commercial": "non-commercial",
    "research_only": "research only",
}


def restriction_matrix(plt: Any) -> str:
    """Which restriction each weights licence in use has: one row per licence, one column per term."""
    import openclosed as oc

    used = Counter(m.licenses.weights for m in oc.models.all() if m.licenses.weights is not None)
    licences = sorted((oc.licenses[i] for i in used), key=lambda lic: (len(lic.restrictions.names()), lic.id))
    columns = list(RESTRICTIONS)
    figure, axes = plt.subplots(figsize=(7.5, 0.26 * len(licences) + 1.8))
    for row, lic in enumerate(licences):
        present = set(lic.restrictions.names())
        for column, name in enumerate(columns):
            if name in present:
                axes.scatter(column, row, s=60, color="#D55E00", marker="s")
        cap = lic.restrictions.user_cap
        if cap is not None:
            axes.annotate(
                f"{cap / 1e6:,.0f}M", (0, row), xytext=(6, -3), textcoords="offset points", fontsize=6
            )
    axes.set_xticks(range(len(columns)), [RESTRICTIONS[c] for c in columns])
    axes.tick_params(axis="x", top=True, bottom=False, labeltop=True, labelbottom=False)
    plt.setp(axes.get_xticklabels(), rotation=40, ha="left", rotation_mode="anchor")
    axes.set_yticks(range(len(licences)), [f"{lic.name[:48]} ({used[lic.id]})" for lic in licences])
    axes.set_xlim(-0.6, len(columns) - 0.4)
    axes.set_ylim(-0.6, len(licences) - 0.4)
    axes.grid(True, color="#dddddd", linewidth=0.5)
    axes.set_axisbelow(True)
    axes.set_xlabel(
        f"catalog {oc.__version__}; after each licence, the number of models whose weights are under it",
        fontsize=8,
    )
    text = _svg(figure)
    plt.close(figure)
    return text


def _tokens(count: float) -> str:
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if count >= size:
            return f"{count / size:.3g}{suffix}"
    return f"{count:.0f}"


def break_even(open_cost: Callable[[float], float], closed_cost: Callable[[float], float]) -> float | None:
    """The monthly volume above which the open route costs less, by bisection on a log scale."""
    low, high = 1e4, 1e12
    if (open_cost(low) < closed_cost(low)) or (open_cost(high) >= closed_cost(high)):
        return None
    for _ in range(60):
        middle = (low * high) ** 0.5
        if open_cost(middle) < closed_cost(middle):
            high = middle
        else:
            low = middle
    return high


def cost_curve(plt: Any) -> str:
    """The scorer's monthly cost against volume: a small open model run yourself, and closed APIs."""
    import openclosed as oc
    from openclosed.scoring import Route, estimate_cost

    def requirements(tokens: float) -> oc.Requirements:
        return oc.Requirements(workload={"monthly_tokens": tokens})

    rec = oc.recommend(requirements(1e8))
    ranked = [
        oc.models[s.model_id] for s in rec.ranking if oc.Task.TEXT_GENERATION in oc.models[s.model_id].tasks
    ]
    small_open = next(
        m for m in ranked if m.side is oc.Side.OPEN and m.parameters is not None and m.parameters <= 10e9
    )

    def blended(model: oc.Model) -> float | None:  # three input tokens to one output token
        p = model.pricing
        if p is None or p.input_per_mtok is None or p.output_per_mtok is None:
            return None
        return 0.75 * p.input_per_mtok + 0.25 * p.output_per_mtok

    priced = sorted(
        (m for m in ranked if m.side is oc.Side.CLOSED and blended(m) is not None),
        key=lambda m: blended(m) or 0.0,
    )
    closed = [priced[0], priced[len(priced) // 2], priced[-1]] if len(priced) >= 3 else priced

    def cost(model: oc.Model, route: Route) -> Callable[[float], float]:
        def at(tokens: float) -> float:
            return estimate_cost(model, route, requirements(tokens)).monthly_usd or float("nan")

        return at

    open_cost = cost(small_open, Route.SELF_HOST)
    volumes = [10 ** (5 + i / 10) for i in range(71)]
    figure, axes = plt.subplots(figsize=(7, 3.8))
    axes.plot(
        volumes,
        [open_cost(v) for v in volumes],
        color=LEVEL_COLOURS["open-source"],
        linewidth=2,
        label=f"open: {small_open.name}, self-hosted",
    )
    for index, (model, colour) in enumerate(zip(closed, ("#CC79A7", "#E69F00", "#D55E00"), strict=False)):
        closed_cost = cost(model, Route.VENDOR)
        axes.plot(
            volumes, [closed_cost(v) for v in volumes], color=colour, label=f"closed: {model.name}, API"
        )
        crossing = break_even(open_cost, closed_cost)
        if crossing is not None:
            axes.axvline(crossing, color=colour, linestyle="--", linewidth=0.8)
            axes.annotate(
                f"break-even: {_tokens(crossing)} tokens",
                (crossing, open_cost(crossing)),
                xytext=(4, -14 - 11 * index),
                textcoords="offset points",
                fontsize=7,
                color=colour,
            )
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("tokens a month (input and output)")
    axes.set_ylabel("estimated USD a month")
    axes.set_title(f"The scorer's cost model for a default project (catalog {oc.__version__})")
    axes.legend(frameon=False, fontsize=7)
    axes.spines[["top", "right"]].set_visible(False)
    text = _svg(figure)
    plt.close(figure)
    return text


FIGURES: dict[str, Callable[[Any], str]] = {
    "levels-by-year.svg": levels_by_year,
    "levels-by-maker.svg": levels_by_maker,
    "restriction-matrix.svg": restriction_matrix,
    "cost-curve.svg": cost_curve,
}


def _generate(app: Sphinx) -> None:
    from sphinx.util import logging

    plt = _pyplot()
    folder = Path(app.srcdir) / OUTPUT
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, draw in FIGURES.items():
        path = folder / name
        text = draw(plt)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(name)
    for stale in folder.glob("*.svg"):
        if stale.name not in FIGURES:
            stale.unlink()
    logging.getLogger(__name__).info("figures: %d figure(s) redrawn", len(changed))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _generate)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
