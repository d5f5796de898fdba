"""The small text rules every layer shares: one definition each.

- :func:`normalize_key`: how keys and enum values are compared (case and separators ignored);
- :func:`parse_member`: the one enum parser (a member, its value or its name, folded as keys);
- :func:`did_you_mean` and :func:`suggestion`: the one "did you mean" phrase;
- :func:`human_count`: the one number formatter for counts of people or parameters;
- :func:`currency_sign`: the one way an amount names its currency;
- :func:`text_table`: the one aligned text table (models, licenses, rankings, the CLI).

It imports nothing of openclosed at import time (suggestions import :mod:`._suggest` when
asked), so errors, enums and everything above may use it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from typing import TypeVar

__all__ = [
    "did_you_mean",
    "dollars",
    "enum_values",
    "human_count",
    "normalize_key",
    "parse_member",
    "suggestion",
    "text_table",
]

_E = TypeVar("_E", bound=enum.Enum)


def normalize_key(key: str) -> str:
    """Fold a key for lookups: lowercase, without spaces, tabs, ``_``, ``.`` or ``-``.

    >>> normalize_key("Llama 2") == normalize_key("llama-2") == normalize_key("LLAMA_2")
    True
    """
    # A chain of replace() is several times faster than str.translate with a deletion
    # table, and this runs for every id, alias and name at load and on every alias lookup.
    return (
        key.casefold().replace("-", "").replace(".", "").replace("_", "").replace(" ", "").replace("\t", "")
    )


def parse_member(cls: type[_E], value: object) -> _E | None:
    """The member of ``cls`` that ``value`` names, or ``None``: the member itself, or a string
    equal to its value or its name once both are folded by :func:`normalize_key` (so
    ``"open-weights"``, ``"openweights"``, ``"Open Weights"`` and ``"OPEN_WEIGHTS"`` all
    name ``Level.OPEN_WEIGHTS``). Callers raise their own error, with :func:`enum_values`
    and :func:`suggestion`, when it returns ``None``.

    .. versionadded:: 26.6.0
    """
    if isinstance(value, cls):
        return value
    if isinstance(value, str):
        key = normalize_key(value)
        for member in cls:
            if key == normalize_key(str(member.value)) or key == normalize_key(member.name):
                return member
    return None


def enum_values(cls: type[enum.Enum]) -> list[str]:
    """The values of ``cls`` as strings, in definition order: the choices an error lists."""
    return [str(member.value) for member in cls]


def did_you_mean(suggestions: Sequence[str]) -> str:
    """``"; did you mean 'a'?"`` (or ``'a' or 'b'``), or ``""`` when there is nothing to suggest:
    the tail every "unknown ..." message of openclosed ends with."""
    if not suggestions:
        return ""
    return "; did you mean " + " or ".join(repr(s) for s in suggestions) + "?"


def suggestion(word: object, choices: Iterable[str], n: int = 1) -> str:
    """:func:`did_you_mean` for the ``n`` choices closest to ``word`` (``""`` if ``word`` is not
    a string or nothing is close)."""
    if not isinstance(word, str):
        return ""
    from ._suggest import Suggester

    return did_you_mean(Suggester(choices).closest(word, n))


def currency_sign(currency: str) -> str:
    """What goes before an amount in ``currency`` (an ISO 4217 code): ``$`` for US dollars,
    else the code and a space (``CNY 5``), since a sign such as ``¥`` names more than one."""
    return "$" if currency == "USD" else f"{currency} "


def dollars(amount: float) -> str:
    """US dollars for people to read: cents below a dollar (a cheap API is not free), whole
    dollars above, with thousands separators."""
    return f"${amount:,.2f}" if amount < 1 else f"${amount:,.0f}"


def human_count(count: float, *, words: bool = False) -> str:
    """A count for people to read.

    Short form (tables, the CLI): three significant digits and a suffix, ``700M``, ``1.5B``,
    ``12k``. With ``words=True`` (sentences, such as the scorer's reasons): exact multiples of a
    billion or a million in words, ``700 million``, else the number with thousands separators,
    ``1,500,000``... ``1,234``.
    """
    if words:
        for size, word in ((10**9, "billion"), (10**6, "million")):
            if count % size == 0:
                return f"{int(count) // size} {word}"
        return f"{count:,}"
    for size, suffix in ((10**12, "T"), (10**9, "B"), (10**6, "M"), (10**3, "k")):
        if count >= size:
            return f"{count / size:.3g}{suffix}"
    return f"{count:g}"


def text_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    width: int | None = None,
    shrink: Sequence[int] = (),
    ellipsis: str = "…",
) -> list[str]:
    """Aligned columns, two spaces apart, as lines (header first).

    With ``width``, the columns in ``shrink`` give way in that order until the table fits
    (none below 12 characters or its header), and cut cells end in ``ellipsis``.
    """
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    if width is not None:
        for index in shrink:
            overflow = sum(widths) + 2 * (len(widths) - 1) - width
            if overflow <= 0:
                break
            widths[index] = max(len(headers[index]), 12, widths[index] - overflow)

    def line(cells: Sequence[str]) -> str:
        out = [
            (c if len(c) <= w else c[: max(w - len(ellipsis), 1)] + ellipsis).ljust(w)
            for c, w in zip(cells, widths, strict=True)
        ]
        return "  ".join(out).rstrip()

    return [line(headers), *(line(r) for r in rows)]
