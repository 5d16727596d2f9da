"""Spelling suggestions from the words of the text as written (``store.WORDS``).

Whoosh's own ``spelling=True`` indexed every word of every passage a second time, unstemmed (40%
of the cost of writing the passages); the indexer writes each word once, in a sorted word list,
searched with a Levenshtein automaton (44 ms on 2,000 Reuters articles). A suggestion is
ranked, as Whoosh's ReaderCorrector does, by edit distance then by how many passages hold it;
a word no passage holds any more (its document was removed) is not offered.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from whoosh.searching import Searcher
from whoosh.spelling import Corrector, ListCorrector

from .store import TEXT_ANALYZER


class WordsCorrector(Corrector):  # type: ignore[misc]
    """Suggests words of the text for a misspelt word, most passages first among the closest."""

    def __init__(self, words: Sequence[str], passages: Searcher) -> None:
        self.candidates = ListCorrector(words)
        self.passages = passages.reader()

    def _suggestions(self, text: str, maxdist: int, prefix: int) -> Iterator[tuple[float, str]]:
        for negative_distance, word in self.candidates._suggestions(text, maxdist, prefix):
            stems = [token.text for token in TEXT_ANALYZER(word)]
            frequency = self.passages.doc_frequency("text", stems[0]) if stems else 0
            if frequency:
                yield negative_distance - 0.5 / frequency, word
