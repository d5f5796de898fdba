"""The shared text rules: one enum parser, one "did you mean", one number formatter."""

from __future__ import annotations

import pytest

from openclosed import Level, Modality
from openclosed._text import did_you_mean, enum_values, human_count, normalize_key, parse_member, suggestion
from openclosed.requirements import CustomizationNeed


@pytest.mark.parametrize(
    "text", ["open-weights", "openweights", "Open Weights", "OPEN_WEIGHTS", Level.OPEN_WEIGHTS]
)
def test_one_enum_parser_folds_values_and_names(text: object) -> None:
    assert parse_member(Level, text) is Level.OPEN_WEIGHTS


def test_the_enum_parser_works_for_every_enum() -> None:
    """``Requirements(customization="offtheshelf")`` is to parse like ``filter(openness="openweights")``."""
    assert parse_member(CustomizationNeed, "offtheshelf") is CustomizationNeed.OFF_THE_SHELF
    assert parse_member(Modality, "no-such-modality") is None
    assert parse_member(Modality, 3) is None
    assert enum_values(Level)[0] == "open-source"


def test_one_suggestion_phrase() -> None:
    assert did_you_mean(()) == ""
    assert did_you_mean(("a",)) == "; did you mean 'a'?"
    assert did_you_mean(("a", "b")) == "; did you mean 'a' or 'b'?"
    assert suggestion("open-wieghts", enum_values(Level)) == "; did you mean 'open-weights'?"
    assert suggestion(3, enum_values(Level)) == ""
    assert normalize_key("Llama 2") == "llama2"


@pytest.mark.parametrize(
    ("count", "short", "words"),
    [
        (700_000_000, "700M", "700 million"),
        (1_000_000_000, "1B", "1 billion"),
        (1_500_000, "1.5M", "1,500,000"),
        (1_234, "1.23k", "1,234"),
        (12, "12", "12"),
    ],
)
def test_one_number_formatter_with_two_styles(count: int, short: str, words: str) -> None:
    assert human_count(count) == short
    assert human_count(count, words=True) == words
