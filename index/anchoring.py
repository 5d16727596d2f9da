"""Where a note's passage is now: anchors that follow the quoted text when a document changes.

A note keeps its passage number, a hash of the passage and the quoted text. When the document is
edited the number may point elsewhere; the note then follows its text:

* ``ok``: the passage (at its number, or at another one) still holds the quoted words;
* ``moved``: the words are not there verbatim, but a passage is much like them (edited inside):
  the note points to that passage, and says so;
* ``gone``: nothing like them is left, or the document is gone: the note is kept where it was.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import NamedTuple

OK, MOVED, GONE = "ok", "moved", "gone"
ANCHOR_STATES = (OK, MOVED, GONE)
SIMILAR_ENOUGH = 0.6
"""Word-sequence similarity above which an edited passage is still the one a note was about."""


class Anchor(NamedTuple):
    """Where a note points now: passage number ``n`` and one of ``ANCHOR_STATES``."""

    n: int
    state: str


def normalise(text: str) -> str:
    """``text`` with runs of whitespace made one space: re-wrapping a paragraph changes nothing."""
    return " ".join(text.split())


def passage_hash(text: str) -> str:
    """A short, stable fingerprint of a passage's words."""
    return hashlib.blake2b(normalise(text).encode("utf-8"), digest_size=8).hexdigest()


def locate(n: int, hashed: str, quote: str, passages: Sequence[str]) -> Anchor:
    """Where the note on passage ``n`` (``hashed``, quoting ``quote``) is in ``passages`` now;
    ``passages`` is the document's passage texts in order (passage 1 first)."""
    if 1 <= n <= len(passages) and passage_hash(passages[n - 1]) == hashed:
        return Anchor(n, OK)
    same = [i for i, text in enumerate(passages, start=1) if passage_hash(text) == hashed]
    if same:
        return Anchor(_nearest(same, n), OK)
    wanted = normalise(quote)
    holding = [i for i, text in enumerate(passages, start=1) if wanted and wanted in normalise(text)]
    if holding:
        return Anchor(_nearest(holding, n), OK)
    similar = _most_similar(wanted, passages, n)
    if similar:
        return Anchor(similar, MOVED)
    return Anchor(n, GONE)


def _nearest(candidates: list[int], n: int) -> int:
    """The candidate closest to where the note was (the earlier one on a tie)."""
    return min(candidates, key=lambda i: (abs(i - n), i))


def _most_similar(quote: str, passages: Sequence[str], n: int) -> int:
    """The passage most like ``quote`` word for word, when alike enough; 0 when none is."""
    words = quote.split()
    if not words:
        return 0
    best, best_ratio = 0, SIMILAR_ENOUGH
    for i, text in enumerate(passages, start=1):
        matcher = SequenceMatcher(None, words, text.split(), autojunk=False)
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio or (ratio == best_ratio and best and abs(i - n) < abs(best - n)):
            best, best_ratio = i, ratio
    return best
