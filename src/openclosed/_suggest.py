"""Suggestions for unknown ids, in bounded time however large the catalog.

``difflib`` compares a word with every choice, one at a time: fine for the shipped
catalog, but a catalog of 100,000 models made each unknown-id lookup cost seconds. Above
:data:`FULL_SCAN` choices, an index of letter pairs and triples (built once, on the first miss) picks a
short list of candidates that share the most of them with the word, and only those are
compared. Small tables are compared in full, so their suggestions are exactly difflib's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

__all__ = ["FULL_SCAN", "GramIndex", "Suggester"]

#: Up to this many choices, every one is compared with the word.
FULL_SCAN = 1000
#: Above it, this many candidates are compared.
SHORTLIST = 64
#: Words are cut to this length before they are compared: no id is longer.
MAX_WORD = 100


def _grams(word: str) -> set[str]:
    """The word's pairs and triples of letters: triples tell apart keys that share pairs."""
    grams = {word[i : i + 2] for i in range(len(word) - 1)}
    grams.update(word[i : i + 3] for i in range(len(word) - 2))
    return grams or {word}


class GramIndex:
    """Positions of the keys that contain each pair and triple of letters; built once."""

    __slots__ = ("_keys", "_postings")

    def __init__(self, keys: Sequence[str]) -> None:
        postings: dict[str, list[int]] = {}
        for position, key in enumerate(keys):
            for gram in _grams(key):
                postings.setdefault(gram, []).append(position)
        self._keys = keys
        self._postings = postings

    def shortlist(self, word: str, size: int = SHORTLIST) -> list[int]:
        """Positions of the ``size`` keys sharing the most letter pairs and triples with ``word``.

        The cost is the length of their position lists, counted in C by ``Counter``.
        """
        counts: Counter[int] = Counter()
        for gram in _grams(word[:MAX_WORD]):
            counts.update(self._postings.get(gram, ()))
        return [position for position, _ in counts.most_common(size)]


class Suggester:
    """The choices most like a word, best first, for one fixed set of choices."""

    __slots__ = ("_index", "_lowered", "_options")

    def __init__(self, choices: Iterable[str]) -> None:
        self._lowered = {c.lower(): c for c in dict.fromkeys(choices)}
        self._options = list(self._lowered)
        self._index: GramIndex | None = None

    def closest(self, word: str, n: int = 3) -> tuple[str, ...]:
        import difflib  # only errors need it: keep it out of the import of openclosed

        word = word.lower()[:MAX_WORD]
        options = self._options
        if len(options) > FULL_SCAN:
            if self._index is None:
                self._index = GramIndex(options)  # a race only builds it twice
            options = [options[i] for i in self._index.shortlist(word)]
        hits = difflib.get_close_matches(word, options, n=n, cutoff=0.6)
        return tuple(self._lowered[h] for h in hits)
