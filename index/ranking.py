"""Ranking signals beyond a passage's own BM25 score, each switched by one constant.

Every signal here was chosen (or turned down) by cross-validation on the SciFact train claims,
folds of them, never the whole set at once, and kept only when it helped on every fold:
``bench/ranking/cv.py`` runs the folds and ``bench/ranking/README.md`` has the figures. A
signal whose constant is 0 costs nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from whoosh.query import AndMaybe, Or, Phrase, Query, Term
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

BM25_K1 = 1.2
"""BM25's term-frequency saturation (Whoosh's default)."""
BM25_B = 0.75
"""BM25's length normalisation (Whoosh's default)."""
TITLE_WEIGHT = 0.0
"""How much a query word in the document's title adds (BM25F-style, on the passage's ``title``
field), for passages that match the query in their text; 0: the title is not searched."""
PROXIMITY_WEIGHT = 0.0
"""How much two consecutive query words found close together add; 0: off."""
PROXIMITY_SLOP = 8
"""How far apart (in words) two consecutive query words count as close."""
DOCUMENT_K1: float | None = 0.9
"""k1 of the evidence index, which scores whole documents: plain BM25's textbook 0.9 (None: BM25_K1)."""
DOCUMENT_B: float | None = 0.4
"""b of the evidence index: plain BM25's 0.4 (None: BM25_B). Tuned by folds instead, k1/b lost
on three held-out SciFact folds of five and gained on none (``bench/ranking/README.md``)."""
FEEDBACK_TERMS = 0
"""Pseudo-relevance feedback (RM3-style): words added from the first pass's top passages; 0: off."""
FEEDBACK_PASSAGES = 10
"""The top passages the feedback words are taken from."""
FEEDBACK_WEIGHT = 0.5
"""The weight of the feedback words against the query's own (which keep weight 1)."""


def weighting(index_name: str = "passages") -> BM25F:
    """The scoring model of the Library's searchers of index ``index_name``."""
    if index_name == "evidence":
        return BM25F(B=BM25_B if DOCUMENT_B is None else DOCUMENT_B, K1=BM25_K1 if DOCUMENT_K1 is None else DOCUMENT_K1)
    return BM25F(B=BM25_B, K1=BM25_K1)


def text_words(query: Query) -> list[str]:
    """The query's plain words in the passage text, in the order typed, each once."""
    return list(dict.fromkeys(str(t) for field, t in query.iter_all_terms() if field == "text"))


def with_signals(query: Query, words: Sequence[str]) -> Query:
    """``query`` with the title and proximity signals as optional boosts: they reorder the
    passages the query finds and never add one it does not find."""
    boosts: list[Query] = []
    if TITLE_WEIGHT > 0 and words:
        boosts.extend(Term("title", word, boost=TITLE_WEIGHT) for word in words)
    if PROXIMITY_WEIGHT > 0 and len(words) >= 2:
        boosts.extend(Phrase("text", [a, b], slop=PROXIMITY_SLOP, boost=PROXIMITY_WEIGHT) for a, b in pairwise(words))
    if not boosts:
        return query
    return AndMaybe(query, boosts[0] if len(boosts) == 1 else Or(boosts))


def feedback_query(searcher: Searcher, query: Query, top: Sequence[int], words: Sequence[str]) -> Query | None:
    """The query plus the most distinctive words of its ``top`` passages (Whoosh's Bo1 model),
    weighted against the query's own words; None when feedback is off or finds nothing new."""
    if FEEDBACK_TERMS <= 0 or not top:
        return None
    found = searcher.key_terms(list(top[:FEEDBACK_PASSAGES]), "text", numterms=FEEDBACK_TERMS + len(words))
    known = set(words)
    extra = [(word, weight) for word, weight in found if word not in known][:FEEDBACK_TERMS]
    if not extra:
        return None
    heaviest = max(weight for _, weight in extra) or 1.0
    expansion = [Term("text", word, boost=FEEDBACK_WEIGHT * weight / heaviest) for word, weight in extra]
    return AndMaybe(query, Or(expansion))
