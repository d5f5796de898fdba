"""What the scorer returns: scores with their breakdown and sources, the verdict, and the
ranking (a lazy, immutable sequence), all frozen and round-tripping through JSON."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, overload

import attrs

from ..enums import Level, Side, _ShortEnum
from ..requirements import Requirements
from .criteria import Criterion
from .routes import SELF_RUN, Route

if TYPE_CHECKING:
    from ..records import License, Model, Offer

__all__ = [
    "Choice",
    "CostEstimate",
    "CriterionScore",
    "Exclusion",
    "FactUsed",
    "ModelScore",
    "Ranking",
    "Recommendation",
    "Verdict",
    "WhatIf",
]


class Choice(_ShortEnum):
    OPEN = "open"
    CLOSED = "closed"
    EITHER = "either"
    #: No model met the constraints.
    NONE = "none"


@attrs.frozen(kw_only=True)
class FactUsed:
    """A catalog fact the score relied on, with where it comes from."""

    name: str
    value: str
    source: str | None = None
    as_of: str | None = None


def facts_used(
    model: Model,
    route: Route,
    offer: Offer | None,
    licenses: Mapping[str, License],
    shared: dict[tuple[str, str], FactUsed],
) -> tuple[FactUsed, ...]:
    """The facts a score used, with sources. License facts are the same for every model
    under that license, so ``shared`` (one per recommendation) keeps one of each. The list
    price is a fact only where the cost came from it: not for a model run on your own GPUs."""
    primary = model.sources[0].url if model.sources else None
    checked = model.sources[0].checked.isoformat() if model.sources else None
    facts = [
        FactUsed(
            name="level", value=model.level.value if model.level else "unknown", source=primary, as_of=checked
        ),
        FactUsed(name="weights access", value=model.access.weights.value, source=primary, as_of=checked),
    ]
    for component, license_id in model.licenses.items():
        fact = shared.get((component, license_id))
        if fact is None:
            lic = licenses.get(license_id)
            first = lic.sources[0] if lic is not None and lic.sources else None
            fact = FactUsed(
                name=f"{component} license",
                value=license_id,
                source=lic.url if lic is not None else None,  # the license text itself
                as_of=first.checked.isoformat() if first else None,
            )
            shared[(component, license_id)] = fact
        facts.append(fact)
    if route not in SELF_RUN and offer is not None and offer.price is not None:
        p = offer.price
        facts.append(
            FactUsed(
                name=f"list price ({offer.id})",
                value="; ".join(p.rates()),
                source=p.source,
                as_of=p.as_of.isoformat(),
            )
        )
    if model.parameters is not None:
        facts.append(FactUsed(name="parameters", value=str(model.parameters), source=primary, as_of=checked))
    return tuple(facts)


@attrs.frozen(kw_only=True)
class CostEstimate:
    """A monthly cost estimate in USD with every term; ``monthly_usd`` is None when unknown."""

    route: Route
    monthly_usd: float | None
    api_input_usd: float = 0.0
    api_output_usd: float = 0.0
    api_images_usd: float = 0.0
    #: Generated audio or video, billed per second.
    api_media_usd: float = 0.0
    #: Audio read, billed per minute.
    api_input_audio_usd: float = 0.0
    #: Text read aloud, billed per million characters.
    api_characters_usd: float = 0.0
    api_pages_usd: float = 0.0
    api_searches_usd: float = 0.0
    #: Generations billed per request (music clips and songs).
    api_requests_usd: float = 0.0
    gpus: int = 0
    gpu_usd: float = 0.0
    setup_hours: float = 0.0
    maintenance_hours_per_month: float = 0.0
    engineering_usd: float = 0.0
    price_as_of: str | None = None
    note: str = ""
    #: The offer whose list price this is (``provider/model``), for a service route.
    offer: str | None = None
    #: Self-hosting: the GPU class, serving precision, and the fleet as replicas x GPUs each.
    gpu_class: str | None = None
    precision: str | None = None
    replicas: int = 0
    gpus_per_replica: int = 0


@attrs.frozen(kw_only=True)
class CriterionScore:
    criterion: Criterion
    importance: int
    weight: float
    utility: float
    contribution: float
    reason: str
    unknowns: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class ModelScore:
    """One model's score: the breakdown per criterion adds up to ``total`` exactly."""

    model_id: str
    name: str
    side: Side
    level: Level
    route: Route
    #: The offer the route uses (``provider/model``): the maker's service or another
    #: provider's; ``None`` when the model is run on your own hardware.
    offer: str | None = None
    total: float
    rank: int
    breakdown: tuple[CriterionScore, ...]
    cost: CostEstimate
    reasons: tuple[str, ...]
    unknowns: tuple[str, ...]
    facts: tuple[FactUsed, ...] = attrs.field(repr=False)
    #: What a non-expert should know before taking this route (a GPU fleet to run, say).
    warnings: tuple[str, ...] = ()

    def contribution(self, criterion: Criterion | str) -> float:
        wanted = Criterion(criterion) if isinstance(criterion, str) else criterion
        return next(c.contribution for c in self.breakdown if c.criterion is wanted)


@attrs.frozen(kw_only=True)
class Exclusion:
    model_id: str
    name: str
    reasons: tuple[str, ...]


@attrs.frozen(kw_only=True)
class WhatIf:
    """The smallest single change that would change the verdict, and what it would become."""

    field: str
    current: str
    proposed: str
    distance: int
    new_choice: Choice
    sentence: str


@attrs.frozen(kw_only=True)
class Verdict:
    choice: Choice
    #: best open total minus best closed total (0 when a side has no eligible model).
    margin: float
    best_open: str | None
    best_closed: str | None
    #: Per criterion: the best open model's contribution minus the best closed one's.
    criterion_margins: tuple[tuple[Criterion, float], ...]
    #: The criteria that favoured the chosen side, largest first.
    deciding: tuple[Criterion, ...]
    reasons: tuple[str, ...]
    what_if: WhatIf | None
    #: The best open option's monthly cost minus the best closed one's (None: either unknown).
    cost_difference_usd: float | None = None
    #: The monthly token volume (a power of ten times today's) at which the verdict would
    #: change, all else equal; None when no volume from 1/1000 to 1000 times today's does.
    volume_what_if: WhatIf | None = None


class Ranking(Sequence[ModelScore]):
    """The eligible models, best first: an immutable sequence of :class:`ModelScore`.

    Ranking needs only the totals; each entry's breakdown, reasons and sourced facts are
    built the first time it is read and then kept. So ``rec.ranking[:5]`` over a large
    catalog costs five entries, while iterating or exporting builds them all. Either way
    the entries are the same: building is deterministic, and a race only builds one twice.
    """

    __slots__ = ("_build", "_ids", "_items")

    def __init__(
        self, ids: Sequence[str], build: Callable[[int], ModelScore] | None, items: Sequence[ModelScore] = ()
    ) -> None:
        self._ids = tuple(ids)
        self._items: list[ModelScore | None] = list(items) if items else [None] * len(self._ids)
        self._build = build

    @classmethod
    def of(cls, scores: Iterable[ModelScore]) -> Ranking:
        """A ranking of scores already built, in the given order (for :meth:`Recommendation.from_json`)."""
        items = tuple(scores)
        return cls([s.model_id for s in items], None, items)

    @property
    def model_ids(self) -> tuple[str, ...]:
        """The ids in rank order, without building any entry."""
        return self._ids

    def _get(self, index: int) -> ModelScore:
        item = self._items[index]
        if item is None:
            assert self._build is not None
            item = self._items[index] = self._build(index)
        return item

    @overload
    def __getitem__(self, index: int) -> ModelScore: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[ModelScore, ...]: ...
    def __getitem__(self, index: int | slice) -> ModelScore | tuple[ModelScore, ...]:
        if isinstance(index, slice):
            return tuple(self._get(i) for i in range(*index.indices(len(self._ids))))
        if index < 0:
            index += len(self._ids)
        if not 0 <= index < len(self._ids):
            raise IndexError("ranking index out of range")
        return self._get(index)

    def __len__(self) -> int:
        return len(self._ids)

    def __iter__(self) -> Iterator[ModelScore]:
        return (self._get(i) for i in range(len(self._ids)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Ranking):
            return self._ids == other._ids and tuple(self) == tuple(other)
        if isinstance(other, tuple):
            return tuple(self) == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __setattr__(self, name: str, value: object) -> None:
        if hasattr(self, "_build"):
            raise AttributeError("a Ranking is immutable")
        object.__setattr__(self, name, value)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Ranking.of, (tuple(self),))

    def to_dicts(self) -> list[dict[str, Any]]:
        """One flat row per model, best first (:data:`openclosed.flat.RANKING_COLUMNS`)."""
        from ..flat import ranking_row

        return [ranking_row(s) for s in self]

    def to_pandas(self) -> Any:
        """The rows of :meth:`to_dicts` as a :class:`pandas.DataFrame` (needs ``openclosed[pandas]``)."""
        from ..flat import RANKING_COLUMNS, to_pandas

        return to_pandas(self.to_dicts(), RANKING_COLUMNS)

    def to_polars(self) -> Any:
        """The rows of :meth:`to_dicts` as a :class:`polars.DataFrame` (needs ``openclosed[polars]``)."""
        from ..flat import RANKING_COLUMNS, to_polars

        return to_polars(self.to_dicts(), RANKING_COLUMNS)

    def __repr__(self) -> str:
        shown = ", ".join(self._ids[:3]) + (", ..." if len(self._ids) > 3 else "")
        return f"<Ranking of {len(self._ids)} models: {shown}>"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """IPython: the first rows, totals rounded, with a count of the rest."""
        from ..display import pretty, table_text

        pretty(table_text(self), printer, cycle)

    def _repr_html_(self) -> str:
        from ..display import table_html

        return table_html(self)


@attrs.frozen(kw_only=True)
class Recommendation:
    """The result of :func:`recommend`; :meth:`to_json` and :meth:`from_json` round-trip it."""

    verdict: Verdict
    ranking: Ranking = attrs.field(repr=False)
    excluded: tuple[Exclusion, ...] = attrs.field(repr=False)
    requirements: Requirements = attrs.field(repr=False)
    #: :attr:`Catalog.local_version`: the release (``26.5.0``), or with a local part
    #: (``26.5.0+local.1a2b3c4d``) when the catalog was loaded, extended or modified.
    catalog_version: str
    #: :attr:`Catalog.digest` of the catalog used: which facts, exactly, gave this result.
    catalog_digest: str | None = None
    #: The cost that scored 1 on the cost criterion: the cheapest eligible option's
    #: monthly cost (costs enter relative to it; see ``docs/methodology.md``).
    cost_reference_usd: float | None = None

    def score_of(self, model_id: str) -> ModelScore | None:
        """The score of one ranked model, or None if it was excluded (or is not in the catalog)."""
        try:
            return self.ranking[self.ranking.model_ids.index(model_id)]
        except ValueError:
            return None

    def to_json(self, **kwargs: Any) -> str:
        """The whole recommendation as strict JSON (``kwargs`` go to :func:`json.dumps`).

        Every number is finite (the bounds of :class:`Requirements` and of the records see
        to it), and ``allow_nan=False`` makes sure: no ``NaN`` or ``Infinity`` that strict
        parsers refuse.
        """
        return json.dumps(_converter().unstructure(self), **{**kwargs, "allow_nan": False})

    @classmethod
    def from_json(cls, text: str) -> Recommendation:
        return _converter().structure(json.loads(text), Recommendation)  # type: ignore[no-any-return]

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """IPython: the verdict, its reasons and the top five, numbers rounded (as ``str``)."""
        from ..display import pretty

        pretty(str(self), printer, cycle)

    def _repr_html_(self) -> str:
        from ..display import recommendation_html

        return recommendation_html(self)

    def __str__(self) -> str:
        lines = [
            f"verdict: {self.verdict.choice.value} (margin {self.verdict.margin:+.3f}), "
            f"catalog {self.catalog_version}"
        ]
        lines += [f"  {r}" for r in self.verdict.reasons]
        if self.verdict.what_if is not None:
            lines.append(f"  what if: {self.verdict.what_if.sentence}")
        if self.verdict.volume_what_if is not None:
            lines.append(f"  what if: {self.verdict.volume_what_if.sentence}")
        for s in self.ranking[:5]:
            via = f": {s.offer}" if s.offer else ""
            lines.append(f"{s.rank:>3}. {s.model_id} ({s.side.value}, {s.route.value}{via}) {s.total:.3f}")
        if self.excluded:
            lines.append(f"excluded: {len(self.excluded)} models")
        return "\n".join(lines)


def _converter() -> Any:
    from cattrs.preconf.json import make_converter

    conv = make_converter()
    conv.register_unstructure_hook(Fraction, float)
    conv.register_unstructure_hook(Ranking, lambda r: [conv.unstructure(s, ModelScore) for s in r])
    conv.register_structure_hook(
        Ranking, lambda data, _: Ranking.of(conv.structure(s, ModelScore) for s in data)
    )
    return conv
