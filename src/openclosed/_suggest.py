"""Suggestions for unknown ids, in bounded time however large the catalog.

``difflib`` compares a word with every choice, one at a time: fine for the shipped
catalog, but a catalog of 100,000 models made each unknown-id lookup cost seconds. Above
:data:`FULL_SCAN` choices, an index of letter pairs and triples (built once, on the first miss) picks a
short list of candidates that share the most of them with the word (ties: the first ones), and
only those are compared. Small tables are compared in full, so their suggestions are exactly difflib's.
"""

from __future__ import annotations

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
    """The keys that contain each pair and triple of letters, as bit sets; built once.

    A key's position is its bit. Counting, for every key at once, how many of a word's grams
    it shares is then a few additions of bit-sliced counters on big integers, in C, whatever
    the number of keys that share a common gram.
    """

    __slots__ = ("_everyone", "_postings")

    def __init__(self, keys: Sequence[str]) -> None:
        positions: dict[str, list[int]] = {}
        for position, key in enumerate(keys):
            for gram in _grams(key):
                positions.setdefault(gram, []).append(position)
        width = (len(keys) + 7) // 8
        postings: dict[str, int] = {}
        for gram, found in positions.items():
            bits = bytearray(width)
            for position in found:
                bits[position >> 3] |= 1 << (position & 7)
            postings[gram] = int.from_bytes(bits, "little")
        self._postings = postings
        self._everyone = (1 << len(keys)) - 1

    def shortlist(self, word: str, size: int = SHORTLIST) -> list[int]:
        """Positions (ascending) of the ``size`` keys sharing the most letter pairs and triples
        with ``word``; among keys that share as many as the last one kept, the first ones."""
        slices: list[int] = []  # slices[i]: the keys whose count has bit i set
        for gram in _grams(word[:MAX_WORD]):
            carry = self._postings.get(gram, 0)
            bit = 0
            while carry:
                if bit == len(slices):
                    slices.append(carry)
                    break
                total = slices[bit]
                slices[bit] = total ^ carry
                carry &= total
                bit += 1
        # From the highest bit of the counts down: keep a bit's keys outright while they fit,
        # else narrow the candidates to them. What is left ties at the last count kept.
        kept = 0
        candidates = 0
        for bits in slices:
            candidates |= bits  # every key with a count above zero
        candidates &= self._everyone
        for bits in reversed(slices):
            high = candidates & bits
            if (kept | high).bit_count() >= size:
                candidates = high
            else:
                kept |= high
                candidates &= ~bits
        chosen = _positions(kept)
        chosen += _positions(candidates, size - len(chosen))
        return sorted(chosen)


def _positions(bits: int, limit: int | None = None) -> list[int]:
    """The positions of the set bits, lowest first (at most ``limit`` of them)."""
    out: list[int] = []
    while bits and (limit is None or len(out) < limit):
        low = bits & -bits
        out.append(low.bit_length() - 1)
        bits ^= low
    return out


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
