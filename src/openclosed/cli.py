"""The ``openclosed`` command line: the catalog and the scorer from a shell.

``openclosed list``, ``show``, ``recommend``, ``offers``, ``licenses``, ``orgs``, ``export``
and ``schema`` are thin layers over the library (filters, ``model_row``, ``format_table``,
``Requirements``), so the command line and the Python API cannot disagree. Only
:mod:`argparse` and the standard library are used here, and nothing heavy is imported
until a command runs: ``import openclosed.cli`` stays cheap.

Exit codes: 0 success; 1 nothing found (an empty list, no eligible model, an unknown
id); 2 a usage error or an invalid value. Results go to stdout; errors go to stderr as
one ``openclosed: error: ...`` line, never a traceback.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .records import License, Model, Pricing
    from .requirements import Requirements
    from .scoring import Recommendation

__all__ = ["main"]

PROG = "openclosed"
#: Every text output is laid out for this many columns.
WIDTH = 80
#: Exclusions shown by ``recommend`` without ``--verbose``.
FIRST_EXCLUSIONS = 5

Handler = Callable[[argparse.Namespace], int]


# --------------------------------------------------------------------------- helpers


def _error(message: str) -> None:
    """One line on stderr, in argparse's own format, so every error looks the same."""
    print(f"{PROG}: error: {message}", file=sys.stderr)


def _quoted(text: str) -> str:
    """An argument as a message quotes it: at most a line's worth."""
    from .errors import brief

    return brief(text)


#: Numbers on the command line are at most this long and this large: checked before any
#: conversion, so a million-digit argument is refused at once instead of burning CPU.
MAX_NUMBER_TEXT = 40
MAX_NUMBER = 10**18


def _short(text: str) -> str:
    if len(text) > MAX_NUMBER_TEXT:
        raise argparse.ArgumentTypeError(
            f"expected a number of at most {MAX_NUMBER_TEXT} characters, got {len(text):,} characters"
        )
    return text


def _real(text: str) -> float:
    """A finite decimal number (``0.25``, ``1.8``)."""
    try:
        value = float(_short(text))
    except ValueError:
        value = float("nan")
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected a number such as 0.25 or 1.8, got {_quoted(text)}")
    return value


def _whole(text: str) -> int:
    """A whole number written out in digits (``24``)."""
    try:
        return int(_short(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {_quoted(text)}") from None


def _quantity(text: str) -> int | float:
    """A number written as people write sizes: ``7e9``, ``7B``, ``70M``, ``1.5k``, ``2_000``.

    Decimal arithmetic keeps ``0.1B`` exactly 100 million; whole values come back as ints.
    The text's length and the value's size are checked before any large integer is built.
    """
    from decimal import Decimal, InvalidOperation

    scales = {"k": 10**3, "m": 10**6, "b": 10**9, "g": 10**9, "t": 10**12}
    digits = _short(text).strip().replace("_", "").replace(",", "")
    scale = 1
    if digits and digits[-1].lower() in scales:
        scale = scales[digits[-1].lower()]
        digits = digits[:-1]
    try:
        value = Decimal(digits) * scale
    except (InvalidOperation, ArithmeticError):  # ArithmeticError: Overflow of 1e999999999
        value = Decimal("nan")
    if not value.is_finite():
        raise argparse.ArgumentTypeError(f"expected a number such as 7e9, 7B or 70M, got {_quoted(text)}")
    if abs(value) > MAX_NUMBER:
        raise argparse.ArgumentTypeError(f"expected a number of at most 1e18, got {_quoted(text)}")
    return int(value) if value == value.to_integral_value() else float(value)


def _count(text: str) -> int:
    """A whole number, with the suffixes of :func:`_quantity` (``--mau 700M``)."""
    value = _quantity(text)
    if not isinstance(value, int):
        raise argparse.ArgumentTypeError(f"expected a whole number, got {_quoted(text)}")
    return value


def _positive(text: str) -> int:
    """A count of rows to show; zero or less is surely a mistake."""
    try:
        value = int(_short(text))
    except (ValueError, argparse.ArgumentTypeError):
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {_quoted(text)}")
    return value


#: Where the ``recommend`` help lists the catalog's tasks: filled in only when help is shown,
#: so that parsing a command line never loads the catalog for it.
_TASKS_EPILOG = "Tasks the catalog has: {tasks}. A task no model does is refused."


class _CatalogTasksHelp(argparse.HelpFormatter):
    """Help whose epilog names the tasks of the packaged catalog, read when help is shown."""

    def add_text(self, text: str | None) -> None:
        if text == _TASKS_EPILOG:
            from ._completion import catalog_tasks

            text = _TASKS_EPILOG.format(tasks=", ".join(catalog_tasks()))
        super().add_text(text)


def _values(enum_cls: Iterable[Any]) -> str:
    """The values of an enum for help texts, so ``--help`` lists what is accepted."""
    return ", ".join(str(member.value) for member in enum_cls)


def _ellipsis() -> str:
    """``…`` where stdout's encoding can carry it, else ``...`` (``PYTHONIOENCODING=ascii``)."""
    try:
        "…".encode(getattr(sys.stdout, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return "..."
    return "…"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], shrink: Sequence[int]) -> list[str]:
    """Aligned columns within :data:`WIDTH`; columns in ``shrink`` give way first, in that order."""
    from ._text import text_table

    return text_table(headers, rows, width=WIDTH, shrink=shrink, ellipsis=_ellipsis())


def _wrap(text: str, indent: str = "", hang: str = "  ") -> list[str]:
    """Wrap to :data:`WIDTH` without breaking URLs or hyphenated ids."""
    import textwrap

    return textwrap.wrap(
        text,
        width=WIDTH,
        initial_indent=indent,
        subsequent_indent=indent + hang,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent.rstrip()]


def _csv(rows: Sequence[Mapping[str, Any]], fields: Sequence[str]) -> str:
    """CSV with list values joined by ``;``, as ``Results.to_csv`` writes models."""
    from .flat import csv_text

    return csv_text(rows, fields)


def _json(value: object) -> str:
    import json

    return json.dumps(value, indent=2, ensure_ascii=_ellipsis() != "…", allow_nan=False)


def _human(count: float) -> str:
    from ._text import human_count

    return human_count(count)


def _version_line() -> str:
    from . import __version__
    from ._catalog import catalog

    cat = catalog()
    line = f"{PROG} {__version__} (catalog {cat.local_version}, digest {cat.digest})"
    if cat.origin != "packaged":  # data files changed after the release, loaded on purpose
        from ._loader import modified_data_files

        line += f"; modified data files: {', '.join(modified_data_files()) or 'none'}"
    return line


class _VersionAction(argparse.Action):
    """``--version`` computed when asked: the digest needs the catalog, which ``--help`` should not load."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None) -> None:
        super().__init__(
            option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, nargs=0, help=help
        )

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        print(_version_line())
        parser.exit()


# --------------------------------------------------------------------------- list


def _cmd_list(args: argparse.Namespace) -> int:
    from . import models
    from .enums import Status
    from .query import FILTERS

    criteria: dict[str, Any] = {name: getattr(args, name) for name in FILTERS}
    if args.all:
        criteria["status"] = list(Status)
    results = models.filter(**criteria).sort(args.sort, reverse=args.reverse)
    if args.limit is not None:
        results = results[: args.limit]
    if args.ids_only:
        if results:
            print("\n".join(results.ids()))
    elif args.columns is not None or args.sort in _SORT_COLUMNS:
        _print_columns(results.to_dicts(), _list_columns(args), args.format)
    elif args.format == "json":
        print(_json(results.to_dicts()))
    elif args.format == "csv":
        print(results.to_csv(), end="")
    elif results:
        from .query import format_table

        print(format_table(list(results), width=WIDTH, ellipsis=_ellipsis()))
    if not results:
        print(f"{PROG}: no models match these filters", file=sys.stderr)
        return 1
    return 0


#: The table's columns when no --columns are given.
DEFAULT_COLUMNS = ("id", "organization", "level", "released")
#: Sort keys that are not among the default columns, with the column that shows them.
_SORT_COLUMNS = {
    "name": "name",
    "parameters": "parameters",
    "context_window": "context_window",
    "score": "openness_score",
    "status": "status",
}


def _list_columns(args: argparse.Namespace) -> tuple[str, ...]:
    """The chosen columns, or the default ones plus the sort key's: a table never sorts by a hidden column."""
    if args.columns is not None:
        return tuple(args.columns)
    return (*DEFAULT_COLUMNS, _SORT_COLUMNS[args.sort])


def _columns(text: str) -> list[str]:
    """``--columns id,name,price_input_per_mtok``: names of model row columns, checked."""
    from ._text import suggestion
    from .flat import MODEL_COLUMNS

    names = [name.strip() for name in text.split(",") if name.strip()]
    for name in names:
        if name not in MODEL_COLUMNS:
            hint = suggestion(name, MODEL_COLUMNS)
            raise argparse.ArgumentTypeError(f"unknown column {name!r}{hint} (see openclosed list --help)")
    if not names:
        raise argparse.ArgumentTypeError("expected column names separated by commas")
    return names


def _print_columns(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], fmt: str) -> None:
    """Model rows cut to ``columns``, in any of the list formats."""
    picked = [{c: row[c] for c in columns} for row in rows]
    if fmt == "json":
        print(_json(picked))
    elif fmt == "csv":
        print(_csv(picked, columns), end="")
    elif picked:
        from .query import _cell

        cells = [[_cell(row[c]) for c in columns] for row in picked]
        print("\n".join(_table(columns, cells, shrink=tuple(range(len(columns))))))


# --------------------------------------------------------------------------- show


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _source_lines(sources: Sequence[Mapping[str, Any]], indent: str) -> list[str]:
    """Each source as its URL, then the day it was checked and what it supports."""
    lines: list[str] = []
    for number, source in enumerate(sources, start=1):
        lines.append(f"{indent}{number}. {source['url']}")
        note = f": {source['note']}" if source.get("note") else ""
        lines += _wrap(f"checked {source['checked']}{note}", indent + " " * (len(str(number)) + 2))
    return lines


def _fact_lines(facts: Mapping[str, Any], indent: str = "  ") -> list[str]:
    """Every fact of an unstructured record, nested records indented.

    Generic on purpose: a field added to the records shows up here without a change.
    """
    lines: list[str] = []
    for key, value in facts.items():
        label = key.replace("_", " ")
        if key == "sources":
            lines.append(f"{indent}{label}:")
            lines += _source_lines(value, indent + "  ")
        elif isinstance(value, Mapping):
            lines.append(f"{indent}{label}:")
            lines += _fact_lines(value, indent + "  ")
        elif isinstance(value, list) and any(isinstance(v, Mapping) for v in value):
            lines.append(f"{indent}{label}:")
            for item in value:
                inner = _fact_lines(item, indent + "    ")
                lines += [f"{indent}  - {inner[0].lstrip()}", *inner[1:]]
        elif isinstance(value, list):
            lines += _wrap(f"{label}: {', '.join(map(_scalar, value))}", indent)
        else:
            lines += _wrap(f"{label}: {_scalar(value)}", indent)
    return lines


def _status_line(model: Model) -> str | None:
    """What became of an entry that is no longer current, in one sentence."""
    from . import models
    from .enums import Status

    def named(model_id: str) -> str:
        target = models.get(model_id)
        return model_id if target is None else f"{model_id} ({target.name})"

    on = f" on {model.status_date}" if model.status_date else ""
    successor = f"; its successor is {named(model.successor)}" if model.successor else ""
    if model.status is Status.RENAMED and model.renamed_to is not None:
        return f"{model.name} was renamed to {named(model.renamed_to)}{on}"
    if model.status is Status.RENAMED:
        return f"{model.name} was renamed{on}{successor}"
    if model.status is Status.RETIRED:
        return f"{model.name} was retired{on}{successor}"
    retires = f"; it retires on {model.retires}" if model.retires else ""
    if model.status is Status.DEPRECATED:
        since = f" since {model.status_date}" if model.status_date else ""
        return f"{model.name} is deprecated{since}{retires}{successor}"
    if model.retires is not None:
        return f"{model.name} is scheduled to retire on {model.retires}{successor}"
    return None


def _restriction_names(lic: License) -> list[str]:
    r = lic.restrictions
    return [
        f"user-cap {_human(r.user_cap)} MAU" if name == "user_cap" and r.user_cap else name.replace("_", "-")
        for name in r.names()
    ]


def _license_lines(model: Model) -> list[str]:
    """Each license of the model with the name, category and terms the ids stand for."""
    from . import license_categories, licenses

    components: dict[str, list[str]] = {}
    for component, license_id in model.licenses.items():
        components.setdefault(license_id, []).append(component)
    lines: list[str] = []
    for license_id, names in components.items():  # one block per license, however many components share it
        lic = licenses[license_id]
        category = license_categories.get(lic.category)
        category_name = f" ({category.name})" if category is not None else ""
        osi = "OSI approved" if lic.osi_approved else "not OSI approved"
        lines += _wrap(f"{', '.join(names)}: {lic.id}, {lic.name}", "  ")
        lines += _wrap(
            f"category {lic.category}{category_name}; commercial use {lic.commercial_use.value}; {osi}",
            "      ",
        )
        restrictions = _restriction_names(lic)
        if restrictions:
            lines += _wrap(f"restrictions: {', '.join(restrictions)}", "      ")
        lines += _terms_lines(lic, "      ")
        if lic.restrictions.note:
            lines += _wrap(f"note: {lic.restrictions.note}", "      ")
        lines += _wrap(lic.url, "      ")
    return lines or ["  none recorded"]


def _terms_lines(lic: License, indent: str) -> list[str]:
    """The license's terms that are numbers, places or texts, each with the clause that sets it."""
    r = lic.restrictions
    lines: list[str] = []
    if r.user_cap is not None:
        clause = f" ({r.user_cap_clause})" if r.user_cap_clause else ""
        lines += _wrap(f"user cap: {r.user_cap:,} monthly active users{clause}", indent)
    if r.revenue_threshold is not None:
        t = r.revenue_threshold
        period = {"annual": " a year", "monthly": " a month"}.get(t.period or "", "")
        lines += _wrap(f"revenue threshold: {t.currency} {t.amount:,}{period} ({t.clause})", indent)
    if r.excluded_territories:
        where = ", ".join(r.excluded_territories)
        lines += _wrap(f"excluded territories: {where} ({r.territories_clause})", indent)
    for notice in r.required_notices:
        where = f", {notice.where}" if notice.where else ""
        lines += _wrap(f'required notice: "{notice.text}"{where} ({notice.clause})', indent)
    return lines


def _price_text(price: Pricing | None) -> str:
    return "no price recorded" if price is None else f"{'; '.join(price.rates())} (as of {price.as_of})"


def _offer_lines(model: Model) -> list[str]:
    """Who serves the model: each offer with its current price and its price history."""
    lines: list[str] = []
    for offer in model.offers:
        status = "" if offer.status.value == "active" else f", {offer.status.value}"
        regions = f", regions {', '.join(offer.regions)}" if offer.regions else ""
        lines += _wrap(f"{offer.id} ({offer.kind.value}{status}{regions})", "  ")
        lines += _wrap(f"price: {_price_text(offer.price)}", "      ")
        for earlier in offer.prices[-2::-1]:
            lines += _wrap(f"earlier: {_price_text(earlier)}", "      ")
    return lines or ["  none recorded"]


def _model_document(model: Model) -> dict[str, Any]:
    """The record as the data files write it, plus the derived openness the loader adds."""
    from ._document import unstructure

    document: dict[str, Any] = unstructure(model)
    if model.openness is not None:
        document["openness"] = unstructure(model.openness)
    return document


def _cmd_show(args: argparse.Namespace) -> int:
    from . import models, organizations

    model = models[args.id]
    if args.format == "json":
        print(_json(_model_document(model)))
        return 0
    org = organizations.get(model.organization)
    by = f"{org.name} ({org.id})" if org is not None else model.organization
    released = f", released {model.released}" if model.released else ""
    lines = [f"{model.name} ({model.id})", f"{model.kind.value} by {by}{released}"]
    status = _status_line(model)
    if status is not None:
        lines += _wrap(status)
    if model.openness is not None:
        o = model.openness
        lines += ["", f"openness: {o.level.value} ({o.side.value} side), score {o.score:.2f}"]
        lines += [line for reason in o.reasons for line in _wrap(f"- {reason}", "  ")]
    lines += ["", "licenses:", *_license_lines(model)]
    lines += ["", "offers:", *_offer_lines(model)]
    facts = _model_document(model)
    sources = facts.pop("sources", [])
    for shown in ("id", "name", "kind", "openness"):
        facts.pop(shown, None)
    lines += ["", "facts:", *_fact_lines(facts)]
    lines += ["", "sources:", *(_source_lines(sources, "  ") or ["  none recorded"])]
    print("\n".join(lines))
    return 0


# --------------------------------------------------------------------------- offers


def _short_price(price: Pricing | None) -> str:
    """The current price in a table cell: ``$0.59/$0.79`` per 1M input/output tokens (``CNY 5/CNY 5``
    in another currency), else the first rate."""
    if price is None:
        return "-"
    if price.input_per_mtok is not None and price.output_per_mtok is not None:
        from ._text import currency_sign

        sign = currency_sign(price.currency)
        return f"{sign}{price.input_per_mtok:g}/{sign}{price.output_per_mtok:g}"
    return next(iter(price.rates(short=True)), "-")


def _cmd_offers(args: argparse.Namespace) -> int:
    from ._catalog import catalog

    found = catalog().offers.filter(
        model=args.model,
        provider=args.provider,
        kind=args.kind,
        region=args.region,
        status=None if args.all else ("active", "deprecated"),
        sort=args.sort,
    )
    from .flat import OFFER_COLUMNS, offer_row

    rows = [offer_row(offer) for offer in found]
    if args.format == "json":
        print(_json(rows))
    elif args.format == "csv":
        print(_csv(rows, OFFER_COLUMNS), end="")
    elif rows:
        headers = ("id", "kind", "regions", "price", "as of")
        cells = [
            [
                offer.id,
                offer.kind.value,
                ",".join(offer.regions) or "-",
                _short_price(offer.price),
                "-" if offer.price is None else offer.price.as_of.isoformat(),
            ]
            for offer in found
        ]
        print("\n".join(_table(headers, cells, shrink=(2, 0))))
    if not rows:
        hint = ""
        if not args.all:  # say so when the filters only hid retired offers
            retired = catalog().offers.filter(
                model=args.model, provider=args.provider, kind=args.kind, region=args.region, status="retired"
            )
            if retired:
                n = len(retired)
                hint = f"; {n} retired offer{'s match' if n > 1 else ' matches'} (--all lists them)"
        print(f"{PROG}: no offers match{hint}", file=sys.stderr)
        return 1
    return 0


def _add_offers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from ._offers import OFFER_SORT_KEYS
    from .enums import OfferKind

    p = commands.add_parser(
        "offers",
        help="who serves a model, where, at what price",
        description="List offers (a model served by its maker, a cloud marketplace or an inference host), "
        "cheapest first by the current price blended 3:1 input to output tokens; unpriced offers last. "
        "Token prices show as $input/$output per 1M tokens. "
        "Retired offers are left out unless --all.",
    )
    p.set_defaults(handler=_cmd_offers)
    p.add_argument("model", nargs="?", help="a model id, alias or name (default: every model)")
    p.add_argument("--provider", help="an organization id, alias or name")
    p.add_argument("--kind", choices=[k.value for k in OfferKind], help="who serves it")
    p.add_argument("--region", help="an ISO 3166-1 alpha-2 code (DE) or EU / EEA")
    p.add_argument("--all", action="store_true", help="include retired offers")
    p.add_argument("--sort", choices=tuple(OFFER_SORT_KEYS), default="price", help="(default: price)")
    _formats(p, ("table", "json", "csv"))


# --------------------------------------------------------------------------- recommend


def _requirement_flags() -> list[tuple[str, str, str, dict[str, Any]]]:
    """Every requirement flag of ``recommend``: (help group, flag, ``Requirements`` field, options).

    One table drives the parser, the :class:`~openclosed.Requirements` built from the flags
    and the flag named in an error, so the three cannot drift apart. A dotted field sets a
    nested record (``workload.monthly_tokens``); flags left out keep the library's defaults.
    """
    from .requirements import CustomizationNeed, Expertise, LongTermStance, SecurityStance

    stances = "stances"
    importance = "importance of each criterion, 0 to 5 (default 3)"
    workload = "workload and cost assumptions"
    hard = "hard constraints"
    return [
        (
            stances,
            "--customization",
            "customization",
            {"metavar": "STANCE", "help": _values(CustomizationNeed)},
        ),
        (stances, "--expertise", "in_house_expertise", {"metavar": "LEVEL", "help": _values(Expertise)}),
        (stances, "--security", "security", {"metavar": "STANCE", "help": _values(SecurityStance)}),
        (stances, "--long-term", "long_term", {"metavar": "STANCE", "help": _values(LongTermStance)}),
        *(
            (
                importance,
                f"--importance-{name.replace('_', '-')}",
                f"importance.{name}",
                {"type": _whole, "metavar": "0-5"},
            )
            for name in ("customization", "support", "cost", "security", "long_term")
        ),
        (
            workload,
            "--monthly-tokens",
            "workload.monthly_tokens",
            {"type": _quantity, "metavar": "N", "help": "input and output tokens a month (2e6, 2M)"},
        ),
        (
            workload,
            "--output-share",
            "workload.output_share",
            {"type": _real, "metavar": "SHARE", "help": "share of output tokens, 0 to 1"},
        ),
        (
            workload,
            "--monthly-images",
            "workload.monthly_images",
            {"type": _quantity, "metavar": "N", "help": "images generated a month"},
        ),
        (
            workload,
            "--horizon-months",
            "workload.horizon_months",
            {"type": _whole, "metavar": "N", "help": "months to spread the setup cost over"},
        ),
        (
            workload,
            "--gpu-hourly-usd",
            "assumptions.gpu_hourly_usd",
            {"type": _real, "metavar": "USD", "help": "price of one GPU hour"},
        ),
        (
            workload,
            "--monthly-media-seconds",
            "workload.monthly_media_seconds",
            {"type": _quantity, "metavar": "N", "help": "seconds of audio or video generated a month"},
        ),
        (
            workload,
            "--monthly-input-audio-seconds",
            "workload.monthly_input_audio_seconds",
            {"type": _quantity, "metavar": "N", "help": "seconds of audio transcribed or read a month"},
        ),
        (
            workload,
            "--monthly-input-characters",
            "workload.monthly_input_characters",
            {"type": _quantity, "metavar": "N", "help": "characters of text read aloud a month"},
        ),
        (
            workload,
            "--monthly-pages",
            "workload.monthly_pages",
            {"type": _quantity, "metavar": "N", "help": "document pages read a month"},
        ),
        (
            workload,
            "--monthly-searches",
            "workload.monthly_searches",
            {"type": _quantity, "metavar": "N", "help": "searches (rerank queries) a month"},
        ),
        (
            workload,
            "--monthly-requests",
            "workload.monthly_requests",
            {
                "type": _quantity,
                "metavar": "N",
                "help": "generations billed per request (music clips, songs) a month",
            },
        ),
        (
            workload,
            "--gpu",
            "assumptions.gpu",
            {"metavar": "CLASS", "help": "GPU class to self-host on: H100, A100 or L4 (default H100)"},
        ),
        (
            workload,
            "--precision",
            "assumptions.precision",
            {"metavar": "PRECISION", "help": "serve every model at bf16, fp8 or int4 (default: as released)"},
        ),
        (
            workload,
            "--engineer-hourly-usd",
            "assumptions.engineer_hourly_usd",
            {"type": _real, "metavar": "USD", "help": "cost of one engineer hour"},
        ),
        (
            hard,
            "--task",
            "constraints.tasks",
            {
                "action": "append",
                "metavar": "TASK",
                "help": "a task the model must do (repeat for several; the tasks are listed below)",
            },
        ),
        (
            hard,
            "--non-commercial",
            "constraints.commercial_use",
            {"action": "store_const", "const": False, "help": "the use is not commercial"},
        ),
        (
            hard,
            "--self-hosted-only",
            "constraints.self_hosted_only",
            {"action": "store_const", "const": True, "help": "data must stay on infrastructure you control"},
        ),
        (
            hard,
            "--mau",
            "constraints.organization_mau",
            {
                "type": _count,
                "metavar": "N",
                "help": "your monthly active users (700M), checked against user caps",
            },
        ),
        (
            hard,
            "--fine-tuning",
            "constraints.require_fine_tuning",
            {"action": "store_const", "const": True, "help": "the model must be fine-tunable"},
        ),
        (
            hard,
            "--data-residency",
            "constraints.data_residency",
            {"metavar": "REGION", "help": "a region the data must stay in, such as EU"},
        ),
        (
            hard,
            "--max-monthly-cost",
            "constraints.max_monthly_cost_usd",
            {"type": _quantity, "metavar": "USD", "help": "ceiling on the estimated monthly cost"},
        ),
        (
            hard,
            "--include-retired",
            "constraints.include_retired",
            {"action": "store_const", "const": True, "help": "also consider retired and renamed entries"},
        ),
        (
            hard,
            "--osi-only",
            "constraints.osi_only",
            {"action": "store_const", "const": True, "help": "only licences approved by the OSI"},
        ),
        (
            hard,
            "--country",
            "constraints.country",
            {
                "metavar": "CODE",
                "help": "where your organisation is (FR, or EU), checked against licence territories",
            },
        ),
        (
            hard,
            "--exclude-country",
            "constraints.exclude_countries",
            {
                "action": "append",
                "metavar": "CODE",
                "help": "no maker or provider based there (repeat for several)",
            },
        ),
        (
            hard,
            "--owned-gpus",
            "constraints.owned_gpus",
            {"type": _count, "metavar": "N", "help": "GPUs you already own (of the --gpu class)"},
        ),
        (
            hard,
            "--shortlist",
            "constraints.shortlist",
            {"action": "append", "metavar": "ID", "help": "consider only this model (repeat for several)"},
        ),
        (
            hard,
            "--min-benchmark",
            "constraints.min_benchmarks",
            {
                "action": "append",
                "type": _benchmark_minimum,
                "metavar": "NAME=SCORE",
                "help": "capability you need, as a score the maker reports (gpqa-diamond=60; repeatable)",
            },
        ),
        (
            hard,
            "--allow-unknown",
            "constraints.unknown_facts",
            {
                "action": "store_const",
                "const": "allow",
                "help": "keep models when the catalog lacks a fact a constraint needs",
            },
        ),
    ]


def _benchmark_minimum(text: str) -> tuple[str, float]:
    """``gpqa-diamond=60`` as a (benchmark, score) pair; the names are checked by Requirements."""
    name, sep, score = text.partition("=")
    try:
        value = float(score)
    except ValueError:
        value = math.nan
    if not sep or not name.strip() or not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected NAME=SCORE such as gpqa-diamond=60, got {text!r}")
    return name.strip(), value


def _requirements(args: argparse.Namespace) -> Requirements:
    """The requirements the given flags describe, nested as :class:`~openclosed.Requirements` takes them."""
    from .requirements import Requirements

    fields: dict[str, Any] = {}
    for _, _, field, _ in _requirement_flags():
        value = getattr(args, field)
        if value is not None:
            section, _, name = field.rpartition(".")
            (fields.setdefault(section, {}) if section else fields)[name] = value
    return Requirements(**fields)


def _recommendation_text(rec: Recommendation, top: int, verbose: bool) -> str:
    """The verdict and why, the leading models criterion by criterion, and what was left out."""
    from ._text import dollars

    v = rec.verdict
    margin = f" (margin {v.margin:+.3f})" if v.best_open and v.best_closed else ""
    lines = [f"verdict: {v.choice.value}{margin}, catalog {rec.catalog_version}"]
    lines += [line for reason in v.reasons for line in _wrap(f"- {reason}", "  ")]
    shown = rec.ranking[:top]
    if shown:
        lines += ["", f"top {len(shown)} of {len(rec.ranking)} eligible models:"]
    for s in shown:
        cost = "unknown" if s.cost.monthly_usd is None else f"{dollars(s.cost.monthly_usd)}/month"
        via = f" via {s.offer}" if s.offer else ""
        lines += [
            "",
            f"{s.rank}. {s.model_id} ({s.name}): total {s.total:.3f}",
            *_wrap(
                f"{s.side.value} side, {s.level.value}, route {s.route.value}{via}, estimated cost {cost}",
                "   ",
            ),
            f"   {'criterion':<14}  {'importance':>10}  {'weight':>6}  {'utility':>7}  {'contribution':>12}",
        ]
        lines += [
            f"   {c.criterion.value.replace('_', '-'):<14}  {c.importance:>10}  {c.weight:>6.3f}"
            f"  {c.utility:>7.3f}  {c.contribution:>12.3f}"
            for c in s.breakdown
        ]
        lines += [line for reason in s.reasons for line in _wrap(f"- {reason}", "   ")]
    excluded = rec.excluded if verbose else rec.excluded[:FIRST_EXCLUSIONS]
    if rec.excluded:
        more = "" if len(excluded) == len(rec.excluded) else f", the first {len(excluded)} (--verbose: all)"
        lines += ["", f"excluded: {len(rec.excluded)} models{more}"]
        for e in excluded:  # one line per reason: the reasons themselves contain ';'
            lines.append(f"  - {e.model_id} ({e.name})")
            lines += [line for reason in e.reasons for line in _wrap(reason, "      ")]
    if v.what_if is not None:
        lines += ["", *_wrap(f"what if: {v.what_if.sentence}")]
    elif v.best_open and v.best_closed:
        lines += ["", "what if: no single change of an importance or a stance changes the verdict"]
    return "\n".join(lines)


def _cmd_recommend(args: argparse.Namespace) -> int:
    from .errors import InvalidRequirementsError
    from .scoring import recommend

    try:
        rec = recommend(_requirements(args))
    except InvalidRequirementsError as error:
        flag = next((flag for _, flag, field, _ in _requirement_flags() if field == error.field), None)
        if flag is None:
            raise
        detail = str(error).removeprefix(f"{error.field}: ")
        raise InvalidRequirementsError(f"argument {flag}", detail) from None
    if args.format == "json":
        print(rec.to_json(indent=2))
    else:
        print(_recommendation_text(rec, args.top, args.verbose))
    return 0 if rec.ranking else 1


# --------------------------------------------------------------------------- licenses, orgs, export


_LICENSE_FIELDS = ("id", "name", "category", "commercial_use", "osi_approved", "restrictions", "url")


def _cmd_licenses(args: argparse.Namespace) -> int:
    from . import licenses

    if args.id is not None:
        return _license_detail(licenses[args.id], args.format)
    rows: list[dict[str, Any]] = [
        {
            "id": lic.id,
            "name": lic.name,
            "category": lic.category,
            "commercial_use": lic.commercial_use.value,
            "osi_approved": lic.osi_approved,
            "restrictions": _restriction_names(lic),
            "url": lic.url,
        }
        for lic in licenses
    ]
    if args.format == "json":
        print(_json(rows))
    elif args.format == "csv":
        print(_csv(rows, _LICENSE_FIELDS), end="")
    else:
        # restrictions are too long for a column: each goes on wrapped lines under its license
        table = _table(
            ("id", "category", "commercial use"),
            [[r["id"], r["category"], r["commercial_use"]] for r in rows],
            shrink=(0,),
        )
        lines = table[:1]
        for line, row in zip(table[1:], rows, strict=True):
            lines.append(line)
            if row["restrictions"]:
                lines += _wrap(f"restrictions: {', '.join(row['restrictions'])}", "    ")
        print("\n".join(lines))
    return 0


_ORG_FIELDS = ("id", "name", "kind", "country", "parent", "models")


def _cmd_orgs(args: argparse.Namespace) -> int:
    from collections import Counter

    from . import models, organizations

    if args.id is not None:
        return _org_detail(organizations[args.id], args.format)
    counts = Counter(m.organization for m in models.all())
    rows: list[dict[str, Any]] = [
        {
            "id": org.id,
            "name": org.name,
            "kind": org.kind.value,
            "country": org.country,
            "parent": org.parent,
            "models": counts[org.id],
        }
        for org in organizations
    ]
    if args.format == "json":
        print(_json(rows))
    elif args.format == "csv":
        print(_csv(rows, _ORG_FIELDS), end="")
    else:
        headers = ("id", "name", "kind", "country", "models")
        cells = [[str(r[h]) if r[h] is not None else "-" for h in headers] for r in rows]
        print("\n".join(_table(headers, cells, shrink=(1, 0))))
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from ._catalog import catalog

    if args.format == "csv":
        print(catalog().to_csv(), end="")
    elif args.format == "hashes":
        from .diff import packaged_hashes

        print(_json(packaged_hashes()))
    else:
        print(catalog().to_json(indent=2))
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    try:
        from .schema import json_schema
    except ModuleNotFoundError as missing:
        if missing.name != f"{__package__}.schema":
            raise
        _error("this version of openclosed has no JSON Schema (openclosed.schema is missing)")
        return 2
    print(_json(json_schema()))
    return 0


# --------------------------------------------------------------------------- licenses ID, orgs ID


def _license_detail(lic: License, fmt: str) -> int:
    """One licence: its answers, each structured term with its clause, and the models under it."""
    from . import license_categories, models

    under = [m.id for m in models.all() if lic.id in dict(m.licenses.items()).values()]
    if fmt == "json":
        print(_json({**lic.to_dict(), "models": under}))
        return 0
    if fmt == "csv":
        from .flat import LICENSE_COLUMNS, license_row

        print(_csv([license_row(lic)], LICENSE_COLUMNS), end="")
        return 0
    r = lic.restrictions
    category = license_categories.get(lic.category)
    osi = "OSI approved" if lic.osi_approved else "not OSI approved"
    lines = [f"{lic.name} ({lic.id})"]
    lines += _wrap(
        f"category {lic.category}{f' ({category.name})' if category else ''}; "
        f"commercial use {lic.commercial_use.value}; {osi}"
    )
    if lic.hf_id:
        lines.append(f"Hugging Face tag: {lic.hf_id}")
    terms = _terms_lines(lic, "  ")
    others = [n.replace("_", "-") for n in r.names() if n not in ("user_cap", "revenue_threshold")]
    if others:
        terms += _wrap(f"restrictions: {', '.join(others)}", "  ")
    lines += ["", "terms:", *(terms or ["  no restrictions recorded"])]
    if r.note:
        lines += _wrap(f"note: {r.note}", "  ")
    lines += ["", f"models under it ({len(under)}):"]
    lines += _wrap(", ".join(under), "  ") if under else ["  none"]
    lines += ["", "url:", *_wrap(lic.url, "  ")]
    sources = [{"url": s.url, "checked": s.checked.isoformat(), "note": s.note} for s in lic.sources]
    lines += ["", "sources:", *(_source_lines(sources, "  ") or ["  none recorded"])]
    print("\n".join(lines))
    return 0


def _org_detail(org: Any, fmt: str) -> int:
    """One organization: its facts, its subsidiaries, the models it made or co-developed, its offers."""
    from . import models, organizations
    from ._catalog import catalog

    made = [m.id for m in models.all() if org.id == m.organization or org.id in m.collaborators]
    children = [o.id for o in organizations if o.parent == org.id]
    served = [o.id for o in catalog().offers if o.provider == org.id]
    if fmt == "json":
        print(_json({**org.to_dict(), "subsidiaries": children, "models": made, "offers": served}))
        return 0
    if fmt == "csv":
        from .flat import ORGANIZATION_COLUMNS, organization_row

        print(_csv([organization_row(org)], ORGANIZATION_COLUMNS), end="")
        return 0
    lines = [f"{org.name} ({org.id})", f"{org.kind.value}" + (f" in {org.country}" if org.country else "")]
    if org.parent:
        lines.append(f"part of {org.parent}")
    if org.url:
        lines.append(org.url)
    if org.aliases:
        lines += _wrap(f"also known as: {', '.join(org.aliases)}")
    if children:
        lines += _wrap(f"subsidiaries: {', '.join(children)}")
    lines += ["", f"models ({len(made)}):"]
    lines += _wrap(", ".join(made), "  ") if made else ["  none"]
    lines += ["", f"offers ({len(served)}):"]
    lines += _wrap(", ".join(served), "  ") if served else ["  none"]
    print("\n".join(lines))
    return 0


# --------------------------------------------------------------------------- search


def _cmd_search(args: argparse.Namespace) -> int:
    from . import models

    found = models.search(args.text, limit=args.limit)
    if args.ids_only:
        if found:
            print("\n".join(found.ids()))
    elif args.format == "json":
        print(_json(found.to_dicts()))
    elif args.format == "csv":
        print(found.to_csv(), end="")
    elif found:
        from .query import format_table

        print(format_table(list(found), width=WIDTH, ellipsis=_ellipsis()))
    if not found:
        print(f"{PROG}: no model looks like {args.text!r}", file=sys.stderr)
        return 1
    return 0


def _add_search(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser(
        "search",
        help="find models whose id, aliases or name look like some text",
        description="Find models by id, alias or name when you do not know the exact key: best match "
        "first (an exact key, then keys that start with or contain the text, then similar ones). "
        "A renamed entry is followed by the entry it became.",
    )
    p.add_argument("text", help="what to look for, such as 'llama 3' or 'gpt j'")
    p.add_argument("--limit", type=_positive, default=10, metavar="N", help="at most N models (default: 10)")
    p.add_argument("--ids-only", action="store_true", help="print the ids only, one a line")
    _formats(p, ("table", "json", "csv"))
    p.set_defaults(handler=_cmd_search)


# --------------------------------------------------------------------------- completion


def _cmd_completion(args: argparse.Namespace) -> int:
    from ._completion import script

    print(script(args.shell, build_parser()), end="")
    return 0


def _add_completion(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from ._completion import SHELLS

    p = commands.add_parser(
        "completion",
        help="a shell completion script for bash, zsh or fish",
        description="Print a completion script for your shell, generated from this command line. "
        'bash: eval "$(openclosed completion bash)" in ~/.bashrc; '
        'zsh: eval "$(openclosed completion zsh)" in ~/.zshrc; '
        "fish: openclosed completion fish > ~/.config/fish/completions/openclosed.fish",
    )
    p.add_argument("shell", choices=SHELLS, help="the shell: " + ", ".join(SHELLS))
    p.set_defaults(handler=_cmd_completion)


# --------------------------------------------------------------------------- diff


INSTALLED = "installed"


def _diff_side(path: str) -> tuple[Any, str]:
    """A catalog, or only its record hashes, from a file (or the installed catalog)."""
    import json
    import os

    from ._catalog import catalog, load_catalog

    if path == INSTALLED and not os.path.exists(path):
        return catalog(), catalog().version
    try:
        with open(path, encoding="utf-8") as handle:
            head = handle.read(64 * 1024)
    except OSError as exc:
        from .errors import CatalogError

        raise CatalogError(
            [f"cannot read the file: {exc.strerror or exc}"], f"catalog file {path!r}"
        ) from None
    if '"records"' in head:  # a hashes file is small: parse it whole
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        if isinstance(data, dict) and isinstance(data.get("records"), dict):
            return dict(data["records"]), str(data.get("version", "?"))
    loaded = load_catalog(path)
    return loaded, loaded.version


def _cmd_diff(args: argparse.Namespace) -> int:
    from ._catalog import Catalog
    from .diff import diff_hashes
    from .errors import CatalogError

    try:
        (old, old_version), (new, new_version) = _diff_side(args.old), _diff_side(args.new)
    except (CatalogError, ValueError) as error:
        _error(str(error))
        return 2
    if isinstance(old, Catalog) and isinstance(new, Catalog):
        result = old.diff(new)
    else:
        result = diff_hashes(
            old.record_hashes() if isinstance(old, Catalog) else old,
            new.record_hashes() if isinstance(new, Catalog) else new,
            old_version=old_version,
            new_version=new_version,
        )
    print(_json(result.to_dict()) if args.format == "json" else str(result))
    return 1 if result else 0


def _add_diff(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser(
        "diff",
        help="what changed between two catalogs",
        description="Compare two catalogs record by record: the ids added and removed, and for each "
        "changed record the fields with their old and new values. Each side is a catalog file "
        "(openclosed export), a hashes file (data/hashes.json of a release: changed ids only) or "
        f"'{INSTALLED}', the installed catalog.",
        epilog="Exit codes: 0 no differences, 1 differences, 2 a file could not be read.",
    )
    p.add_argument("old", help=f"the old side: a catalog file, a hashes file or '{INSTALLED}'")
    p.add_argument(
        "new", nargs="?", default=INSTALLED, help=f"the new side (default: '{INSTALLED}', this package's)"
    )
    _formats(p, ("text", "json"))
    p.set_defaults(handler=_cmd_diff)


# --------------------------------------------------------------------------- parser


def _formats(parser: argparse.ArgumentParser, choices: Sequence[str]) -> None:
    parser.add_argument(
        "--format", choices=choices, default=choices[0], help=f"output format (default: {choices[0]})"
    )


def _add_list(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from .enums import CommercialUse, Kind, Level, Modality, Side, Status, Task
    from .query import SORT_KEYS

    p = commands.add_parser(
        "list",
        help="list models that match filters",
        description="List models matching every filter; a repeated flag matches any of its values. "
        "Retired and renamed entries are left out unless --all or --status asks for them.",
    )
    p.set_defaults(handler=_cmd_list)
    many: list[tuple[str, str]] = [
        ("--side", _values(Side)),
        ("--openness", _values(Level)),
        ("--task", _values(Task)),
        ("--vendor", "an organization id, alias or name; includes its subsidiaries and co-developed models"),
        ("--license", "a license id, alias or name, for any component"),
        ("--license-category", "a license category id, such as permissive or community"),
        ("--modality", _values(Modality)),
        ("--kind", _values(Kind)),
    ]
    for flag, help_text in many:
        p.add_argument(flag, action="append", metavar="VALUE", help=help_text)
    p.add_argument(
        "--commercial-use",
        action="append",
        choices=[m.value for m in CommercialUse],
        help="what the most permissive route (weights license or service terms) allows",
    )
    status = p.add_mutually_exclusive_group()
    status.add_argument("--status", action="append", metavar="VALUE", help=_values(Status))
    status.add_argument("--all", action="store_true", help="include retired and renamed entries")
    p.add_argument("--released-after", metavar="YYYY-MM-DD", help="released on or after this day")
    p.add_argument("--released-before", metavar="YYYY-MM-DD", help="released on or before this day")
    p.add_argument(
        "--min-parameters", type=_quantity, metavar="N", help="at least N parameters (7e9, 7B, 70M)"
    )
    p.add_argument(
        "--max-parameters", type=_quantity, metavar="N", help="at most N parameters (7e9, 7B, 70M)"
    )
    _add_license_terms(p)
    p.add_argument(
        "--sort",
        choices=tuple(SORT_KEYS),
        default="id",
        metavar="FIELD",
        help=", ".join(SORT_KEYS) + " (default: id)",
    )
    p.add_argument(
        "--reverse", action="store_true", help="sort in descending order (unknown values stay last)"
    )
    p.add_argument("--limit", type=_positive, metavar="N", help="show the first N models only")
    _formats(p, ("table", "json", "csv"))
    from .flat import MODEL_COLUMNS

    output = p.add_argument_group("output")
    output.add_argument(
        "--columns",
        type=_columns,
        metavar="A,B,...",
        help="the columns to show, in any format: " + ", ".join(MODEL_COLUMNS),
    )
    output.add_argument("--ids-only", action="store_true", help="print the ids only, one a line")


def _add_license_terms(p: argparse.ArgumentParser) -> None:
    """The maker's country and the weights licence's terms, for a compliance review."""
    terms = p.add_argument_group(
        "maker and licence terms",
        "Flags on the weights licence leave out models without downloadable weights.",
    )
    terms.add_argument("--country", action="append", metavar="CODE", help="the maker's country, such as FR")
    flags = (
        ("--user-cap", "the licence caps monthly active users (--no-user-cap: it does not)"),
        ("--revenue-threshold", "the free grant ends above a revenue (--no-revenue-threshold: it does not)"),
        ("--outputs-may-train", "outputs may be used to train other models"),
        ("--notice-required", "a name, mark or notice must be shown"),
        ("--osi-approved", "the licence is OSI approved"),
    )
    for flag, help_text in flags:
        terms.add_argument(flag, action=argparse.BooleanOptionalAction, default=None, help=help_text)
    terms.add_argument(
        "--min-user-cap",
        type=_count,
        metavar="N",
        help="the licence allows at least N monthly active users (no cap, or a cap of N or more; 700M)",
    )
    terms.add_argument(
        "--excluded-territory",
        action="append",
        metavar="CODE",
        help="the licence excludes some of this country or region (EU, EEA, GB...; repeated: of any)",
    )
    terms.add_argument(
        "--licensed-in",
        action="append",
        metavar="CODE",
        help="the licence excludes none of this territory (repeated: of any of them)",
    )


def _add_recommend(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser(
        "recommend",
        help="rank models for a project and say whether open or closed fits better",
        description="Score the catalog against your requirements. Unset flags keep the library's defaults "
        "(see openclosed.Requirements); hard constraints exclude models before scoring.",
        formatter_class=_CatalogTasksHelp,
    )
    p.set_defaults(handler=_cmd_recommend)
    flags = _requirement_flags()
    groups = {title: p.add_argument_group(title) for title in dict.fromkeys(title for title, *_ in flags)}
    for title, flag, field, options in flags:
        groups[title].add_argument(flag, dest=field, **options)
    p.add_argument("--top", type=_positive, default=5, metavar="N", help="models to show (default: 5)")
    p.add_argument("--verbose", action="store_true", help="list every excluded model")
    _formats(p, ("text", "json"))
    p.epilog = _TASKS_EPILOG


def build_parser() -> argparse.ArgumentParser:
    """The whole command line; built per call so that importing this module stays cheap."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Which AI models are open, which are closed, what their licenses allow, "
        "and which fits your project.",
        epilog="Exit codes: 0 success, 1 nothing found or unknown id, 2 usage error or invalid value.",
    )
    parser.add_argument("--version", action=_VersionAction, help="show the package and catalog versions")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_list(commands)

    show = commands.add_parser(
        "show",
        help="every fact about one model, with sources",
        description="Every fact about one model: what it is, its openness and why, its licences and "
        "their terms, who serves it, and the source of each fact.",
    )
    show.add_argument("id", help="a model id, alias or name (case and separators do not matter)")
    _formats(show, ("text", "json"))
    show.set_defaults(handler=_cmd_show)

    _add_recommend(commands)
    _add_offers(commands)

    lic = commands.add_parser(
        "licenses",
        help="the licenses, their categories and restrictions",
        description="List the licences and terms of service with their category, commercial use and "
        "restrictions; with an ID, show one licence: its terms with their clauses and the models under it.",
    )
    lic.add_argument("id", nargs="?", help="a licence id, alias, name or Hugging Face tag (llama2)")
    _formats(lic, ("table", "json", "csv"))
    lic.set_defaults(handler=_cmd_licenses)

    orgs = commands.add_parser(
        "orgs",
        help="the organizations and how many models each has",
        description="List the organizations with their kind, country and number of models; with an ID, "
        "show one organization: its facts, subsidiaries, models and offers.",
    )
    orgs.add_argument("id", nargs="?", help="an organization id, alias or name (Facebook)")
    _formats(orgs, ("table", "json", "csv"))
    orgs.set_defaults(handler=_cmd_orgs)

    export = commands.add_parser(
        "export",
        help="the whole catalog, for other tools",
        description="Print the whole catalog: as JSON, the format load_catalog and openclosed diff read "
        "back; as CSV, one row per model with the columns of list --format csv; as hashes, one SHA-256 "
        "per record, for openclosed diff against a later version.",
    )
    _formats(export, ("json", "csv", "hashes"))
    export.set_defaults(handler=_cmd_export)

    schema = commands.add_parser(
        "schema",
        help="the JSON Schema of the catalog format",
        description="Print the JSON Schema (draft 2020-12) that catalog files, the packaged data and "
        "openclosed export follow.",
    )
    schema.set_defaults(handler=_cmd_schema)

    _add_diff(commands)
    _add_search(commands)
    _add_completion(commands)
    return parser


def _exit_status(stop: SystemExit) -> int:
    """argparse exits by raising; turn that back into a status so ``main`` always returns."""
    if stop.code is None:
        return 0
    return stop.code if isinstance(stop.code, int) else 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit status (``argv`` defaults to ``sys.argv[1:]``).

    Every error ends as one line on stderr and status 1 (nothing found) or 2 (anything
    else), never a traceback; a reader that goes away (``openclosed export | head -1``)
    ends the command quietly with status 0, as it would had it stopped reading at the end.
    """
    _fit_stdout_encoding()
    try:
        return _run(argv)
    except BrokenPipeError:
        _silence_stdout()
        return 0


def _run(argv: Sequence[str] | None) -> int:
    from .errors import (
        CatalogError,
        InvalidQueryError,
        InvalidRequirementsError,
        OpenclosedError,
        UnknownIdError,
    )

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        return _exit_status(stop)
    handler: Handler = args.handler
    try:
        return handler(args)
    except UnknownIdError as error:
        _error(str(error))
        return 1
    except InvalidQueryError as error:
        from .query import FILTERS  # loaded already: the error came from a query

        # name the flag the user typed: each filter has a ``list`` flag of the same name
        flag = f"argument --{error.field.replace('_', '-')}: " if error.field in FILTERS else ""
        _error(f"{flag}{error}")
        return 2
    except CatalogError as error:  # a damaged installation, or modified data
        more = f" (and {len(error.errors) - 1} more)" if len(error.errors) > 1 else ""
        _error(f"{error.source} is not valid: {error.errors[0] if error.errors else ''}{more}")
        return 2
    except (InvalidRequirementsError, OpenclosedError) as error:
        _error(str(error).replace("\n", " "))
        return 2
    except BrokenPipeError:
        raise
    except (ArithmeticError, ValueError, RecursionError, MemoryError) as error:
        from .errors import brief

        _error(f"cannot compute this ({type(error).__name__}: {brief(str(error))})")
        return 2
    except Exception as error:  # a bug: still one line, and the status of a failure
        from .errors import brief

        _error(f"internal error, please report it: {type(error).__name__}: {brief(str(error))}")
        return 2


def _fit_stdout_encoding() -> None:
    """Write what stdout's encoding cannot carry as ``?`` rather than fail on it.

    Tables already use ``...`` and JSON escapes non-ASCII text when the encoding is
    narrow (``PYTHONIOENCODING=ascii``); this covers names with accents and the like.
    """
    if _ellipsis() == "…":
        return
    import contextlib

    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(ValueError, OSError):  # a stream that cannot change
            reconfigure(errors="replace")


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (captured output)
        pass
