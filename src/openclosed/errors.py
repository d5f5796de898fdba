"""Errors raised by openclosed.

Each error derives from :class:`OpenclosedError` and from the builtin a caller would
expect (``KeyError`` for a missing id, ``ValueError`` for bad input), so code that knows
nothing of openclosed still catches them. This module imports nothing heavy: it is used
before any data is loaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ._text import did_you_mean

if TYPE_CHECKING:
    from ._left_out import LeftOut

__all__ = [
    "CatalogError",
    "InvalidQueryError",
    "InvalidRequirementsError",
    "OpenclosedError",
    "UnknownIdError",
    "brief",
    "closest",
]

#: The longest value an error message quotes in full.
_BRIEF = 200


def brief(value: object) -> str:
    """``repr(value)`` for a message, cut to a readable length; never raises.

    Values in messages come from callers and files: an integer beyond Python's digit limit
    cannot be printed at all, and a megabyte of text should not be.
    """
    try:
        text = repr(value)
    except Exception:  # a repr that fails, or an int too large to print
        return f"<{type(value).__name__} that cannot be printed>"
    return text if len(text) <= _BRIEF else f"{text[: _BRIEF - 5]}...{text[-2:]}"


def closest(word: str, choices: Iterable[str], n: int = 3) -> tuple[str, ...]:
    """The choices most like ``word``, best first.

    For a few choices (enum values, field names); tables keep a
    :class:`~openclosed._suggest.Suggester` of their keys instead of rebuilding one per miss.
    """
    from ._suggest import Suggester

    return Suggester(choices).closest(word, n)


_did_you_mean = did_you_mean  # its old name here


class OpenclosedError(Exception):
    """Base class of every error openclosed raises."""


class UnknownIdError(OpenclosedError, KeyError):
    """No record has this id, alias or name.

    ``kind`` is the table searched (``"model"``), ``key`` the text asked for,
    ``suggestions`` the closest ids, ``catalog_version`` the catalog searched. ``same_line``
    says the suggestions are other models of the line the key names (``gpt-...``): the key
    is then more likely a model the catalog does not record than a typo, and the message
    says so. ``organization`` is the id of the organization the key names, when a model
    was asked for by a maker's name ("Cohere"); the suggestions are then its newest models.
    ``left_out`` is the release's written reason, when it leaves the model out on purpose
    (``gpt-realtime``); the suggestions are then other models of its line, if any.
    ``same_version`` counts the models of the version the key names, when the catalog records
    that version only as several models (sizes or tiers: "EXAONE 3.5"); the suggestions are
    then the first of them.
    """

    def __init__(
        self,
        kind: str,
        key: object,
        suggestions: Sequence[str] = (),
        catalog_version: str | None = None,
        same_line: bool = False,
        organization: str | None = None,
        left_out: LeftOut | None = None,
        same_version: int = 0,
    ) -> None:
        self.kind = kind
        self.key = key
        self.suggestions = tuple(suggestions)
        self.catalog_version = catalog_version
        self.same_line = same_line
        self.organization = organization
        self.left_out = left_out
        self.same_version = same_version
        super().__init__(str(self))

    def __str__(self) -> str:  # KeyError's own str would quote the whole message
        where = f" in catalog {self.catalog_version}" if self.catalog_version else ""
        message = f"no {self.kind} with id, alias or name {brief(self.key)}{where}"
        if self.left_out is not None:
            line = f"; other {self.kind}s of its line: {', '.join(map(repr, self.suggestions))}"
            why = "a known gap, not a decision" if self.left_out.pending else "left out on purpose"
            return (
                f"{message}: this {self.left_out.maker} {self.kind} is {why}: {self.left_out}"
                f"{line if self.suggestions else ''}"
            )
        if self.organization is not None:
            made = (
                f"; its newest {self.kind}s here are {', '.join(map(repr, self.suggestions))} "
                f"(models.filter(vendor={self.organization!r}) lists them all)"
                if self.suggestions
                else f", and no {self.kind} here is made by it"
            )
            return f"{message}: that names the organization {self.organization!r}{made}"
        if self.same_version and self.suggestions:
            shown = ", ".join(map(repr, self.suggestions))
            if self.same_version == 1:
                return f"{message}: the only {self.kind} of that version here is {shown}"
            more = (
                f", {self.same_version - len(self.suggestions)} more"
                if self.same_version > len(self.suggestions)
                else ""
            )
            return f"{message}: that version is recorded as separate {self.kind}s: {shown}{more}"
        if self.same_line and self.suggestions:
            shown = ", ".join(map(repr, self.suggestions))
            if isinstance(self.key, str) and not any(c.isdigit() for c in self.key):
                # "llama", "veo": the name of a whole line, not a version the catalog lacks
                return f"{message}: that names a line of {self.kind}s, not one; its newest here are {shown}"
            return (
                f"{message}: it records other {self.kind}s of that line "
                f"({shown}) but not this one, which may be newer than "
                "the catalog or named differently"
            )
        return message + _did_you_mean(self.suggestions)

    def __reduce__(
        self,
    ) -> tuple[
        type[UnknownIdError],
        tuple[str, object, tuple[str, ...], str | None, bool, str | None, LeftOut | None, int],
    ]:
        return (
            type(self),
            (
                self.kind,
                self.key,
                self.suggestions,
                self.catalog_version,
                self.same_line,
                self.organization,
                self.left_out,
                self.same_version,
            ),
        )


class InvalidQueryError(OpenclosedError, ValueError):
    """A query named an unknown field or a value that field cannot take.

    ``field`` and ``value`` are what was asked; ``suggestions`` the closest valid choices.
    """

    def __init__(
        self,
        field: str,
        value: object,
        suggestions: Sequence[str] = (),
        detail: str = "",
        choices: Sequence[str] = (),
    ) -> None:
        self.field = field
        self.value = value
        self.suggestions = tuple(suggestions)
        message = (detail or f"unknown {field} {brief(value)}") + _did_you_mean(self.suggestions)
        if choices and not self.suggestions:
            message += f" (valid: {', '.join(map(repr, choices))})"
        super().__init__(message)


class CatalogError(OpenclosedError, ValueError):
    """A catalog could not be loaded. ``errors`` lists every problem found, each with its JSON path."""

    def __init__(self, errors: Iterable[str], source: str = "catalog") -> None:
        self.errors = tuple(errors)
        self.source = source
        count = len(self.errors)
        lines = "\n".join(f"  {e}" for e in self.errors[:50])
        more = f"\n  ... and {count - 50} more" if count > 50 else ""
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{source} is not valid ({count} {noun}):\n{lines}{more}")


class InvalidRequirementsError(OpenclosedError, ValueError):
    """Requirements given to the scorer are out of range or inconsistent.

    ``field`` names the requirement; the message says the allowed range.
    """

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")
