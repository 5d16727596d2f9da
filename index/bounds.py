"""Bounds on the work of one search, so that no query string can freeze sleuth.

* **Expansion**: a prefix (``a*``), wildcard (``*a*``), fuzzy term (``wrd~2``) or range
  (``{a TO}``) stands for every indexed word it matches, and Whoosh ORs them all: ``{a TO}`` on
  Reuters is 33,716 words and a minute of work. A pattern whose words appear in few passages
  is searched as Whoosh does it (ranked by BM25). A bigger one stands for its most frequent
  words, at most ``MAX_EXPANSION`` of them and ``MAX_POSTINGS`` passage-words in all
  (Elasticsearch's ``max_expansions``, Lucene's clause limit), its passages all scored alike,
  and the result says what was left out.
* **Time**: a search stops when its ``Budget`` runs out (``SEARCH_SECONDS``), keeping the best
  passages found so far, or at once when whoever asked for it has gone (a newer keystroke in the
  app). The total is then "at least" what was counted; otherwise it is exact.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Callable, Iterator
from typing import NamedTuple

from whoosh.collectors import Collector, FilterCollector, TopCollector, UnlimitedCollector, WrappingCollector
from whoosh.matching import ListMatcher, Matcher
from whoosh.query import Every, MultiTerm, NullQuery, Or, Query, Term
from whoosh.reading import IndexReader
from whoosh.searching import Results, SearchContext, Searcher

from .facets import term_docs

SEARCH_SECONDS = 2.0
"""Time one search may take before it answers with the best passages it has found."""
SCORED_POSTINGS = 50_000
"""A pattern whose words are in fewer passages than this (all told) is ranked by Whoosh (BM25);
its union of term matchers costs about 6 µs per passage-word."""
MAX_EXPANSION = 500
"""Words a bigger pattern stands for at most: its most frequent ones."""
MAX_POSTINGS = 300_000
"""Passage-words a bigger pattern reads at most (about half a second on the machine of ``bench/``)."""
CHECK_EVERY = 256
"""Matches or words between two looks at the clock and at the asker."""
EVERY_PASSAGE_HAS = frozenset({"text", "title"})
"""Fields every passage has: ``text:*`` is every passage, not the union of 60,000 words."""


class Budget:
    """When a search must stop: past its deadline, or at once when ``cancelled()`` says so."""

    def __init__(self, seconds: float | None = None, cancelled: Callable[[], bool] | None = None) -> None:
        self.seconds = SEARCH_SECONDS if seconds is None else seconds
        self.deadline = time.perf_counter() + self.seconds
        self._cancelled = cancelled
        self.stopped = False
        """True once the search stopped early: what it found is partial."""

    def cancelled(self) -> bool:
        """The asker has gone: stop now."""
        gone = self._cancelled is not None and self._cancelled()
        self.stopped = self.stopped or gone
        return gone

    def spent(self) -> bool:
        """Time is up or the asker has gone: stop, once there is something to show."""
        if not self.stopped and (time.perf_counter() > self.deadline or self.cancelled()):
            self.stopped = True
        return self.stopped


def cap_expansions(query: Query, reader: IndexReader, budget: Budget) -> tuple[Query, str]:
    """``query`` with each big pattern replaced by its most frequent words (``AnyWord``), and a
    notice naming the patterns that lost words ("" when none did)."""
    notices: list[str] = []

    def visit(node: Query) -> Query:
        if isinstance(node, MultiTerm):
            words = (word for _field, word in node.expanded_terms(reader))
            return _capped(node, node.field(), words, reader, budget, notices)
        if isinstance(node, Every) and node.fieldname:  # person:*, text:*, or a bare *
            if node.fieldname in EVERY_PASSAGE_HAS:
                return Every(boost=node.boost)
            return _capped(node, node.fieldname, reader.lexicon(node.fieldname), reader, budget, notices)
        return node.apply(visit)

    return visit(query), " · ".join(notices)


def _capped(
    node: Query, field: str, words: Iterator[bytes | str], reader: IndexReader, budget: Budget, notices: list[str]
) -> Query:
    """``node``, the pattern that stands for ``words`` of ``field``, or its most frequent words."""
    if field not in reader.schema:
        return node
    counted: list[tuple[int, bytes | str]] = []  # fuzzy terms expand to str, patterns to bytes
    cut_short = False
    for seen, word in enumerate(words, start=1):
        if seen % CHECK_EVERY == 0 and budget.spent():
            cut_short = True
            break
        counted.append((reader.doc_frequency(field, word), word))
    if not cut_short and len(counted) <= MAX_EXPANSION and sum(f for f, _ in counted) <= SCORED_POSTINGS:
        return node
    kept: list[bytes | str] = []
    postings = 0
    for frequency, word in heapq.nlargest(MAX_EXPANSION, counted):
        if kept and postings + frequency > MAX_POSTINGS:
            break
        kept.append(word)
        postings += frequency
    if len(kept) < len(counted) or cut_short:
        pattern = str(node).removeprefix("text:")
        many = f"{len(counted):,}{' or more' if cut_short else ''}"
        notices.append(f"{pattern} matches {many} words: searched the {len(kept):,} most frequent")
    if not kept:
        return NullQuery
    decode = reader.schema[field].from_bytes
    return AnyWord(field, tuple(decode(w) if isinstance(w, bytes) else w for w in kept), budget, node.boost)


class AnyWord(Query):  # type: ignore[misc]
    """Passages with any of ``words`` in ``field``, all with the same score.

    Its matcher is the union of the words' postings read into one sorted list, as Whoosh's own
    ``Every`` does: Whoosh's tree of 500 term matchers takes 5 to 70 s on Reuters where this
    takes half a second. Reading stops after the first word once the budget is spent.
    """

    def __init__(self, fieldname: str, words: tuple[str, ...], budget: Budget, boost: float = 1.0) -> None:
        self.fieldname = fieldname
        self.words = words
        self.budget = budget
        self.boost = boost
        self._read: tuple[IndexReader, list[int]] | None = None

    def __repr__(self) -> str:
        return f"AnyWord({self.fieldname!r}, {len(self.words)} words)"

    def __str__(self) -> str:
        return f"{self.fieldname}:({' OR '.join(self.words)})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, AnyWord) and (other.fieldname, other.words) == (self.fieldname, self.words)

    def __hash__(self) -> int:
        return hash((self.fieldname, self.words))

    def field(self) -> str:
        return self.fieldname

    def has_terms(self) -> bool:
        return True

    def terms(self, phrases: bool = False) -> Iterator[tuple[str, str]]:
        for word in self.words:
            yield self.fieldname, word

    def estimate_size(self, ixreader: IndexReader) -> int:
        return int(min(ixreader.doc_count(), sum(ixreader.doc_frequency(self.fieldname, w) for w in self.words)))

    def matcher(self, searcher: Searcher, context: SearchContext | None = None) -> Matcher:
        reader = searcher.reader()
        if self._read is None or self._read[0] is not reader:  # searched, then counted: read once
            passages: set[int] = set()
            for word in self.words:
                if passages and self.budget.spent():
                    break
                if (self.fieldname, word) in reader:
                    passages.update(reader.postings(self.fieldname, word).all_ids())  # deleted passages left out
            self._read = (reader, sorted(passages))
        return ListMatcher(self._read[1], all_weights=self.boost)


class BoundedCollector(WrappingCollector):  # type: ignore[misc]
    """Collects through ``child`` until the asker has gone, or time is up and ``enough`` passages
    are in; counts what it collected.

    It goes inside a FilterCollector (which drives ``matches`` and ``collect`` itself), so that
    passages the filter drops are not counted.
    """

    def __init__(self, child: Collector, budget: Budget, enough: int, record: bool = False) -> None:
        super().__init__(child)
        self.budget = budget
        self.enough = enough
        self.collected = 0
        self.seen: set[int] | None = set() if record else None
        """With ``record``, every passage (docnum) collected: the facets count over them without
        matching a phrase or pattern a second time."""

    def matches(self) -> Iterator[int]:
        for seen, sub_docnum in enumerate(self.child.matches(), start=1):
            looked = seen % CHECK_EVERY == 0 or self.budget.stopped
            if looked and (self.budget.cancelled() or (self.budget.spent() and self.collected >= self.enough)):
                return
            yield sub_docnum

    def collect(self, sub_docnum: int) -> object:
        self.collected += 1
        if self.seen is not None:
            self.seen.add(self.offset + sub_docnum)
        return self.child.collect(sub_docnum)


class Searched(NamedTuple):
    """The top passages of a bounded search, how many passages matched, and whether that count
    is exact (the search ran to the end) or a lower bound (it stopped: time, or cancelled)."""

    results: Results
    total: int
    exact: bool
    passages: set[int] | None = None
    """Every passage that matched, when the search went through all of them one by one (not for
    words OR-ed, whose optimised search skips passages); None otherwise."""


def bounded_search(searcher: Searcher, query: Query, limit: int, allow: Query | None, budget: Budget) -> Searched:
    """The ``limit`` best passages for ``query`` among those ``allow`` lets through, within
    ``budget``, and how many passages match (Whoosh's own total is an estimate that adds up the
    words' passage counts: ``a*`` 115,303 passages in an index of 90,415, "oil prices" 9,409 for
    8,525).

    Words OR-ed, the usual query: Whoosh's optimised search finds the best passages (it skips
    what cannot reach them, so it cannot count), and the union of the words' postings counts
    them. Any other query (phrases, patterns, filters): every match is scored and counted in one
    pass, without block skipping or matcher replacement (which drop passages that cannot reach
    the top); on Reuters that costs about what the optimised search does (``bench/``).
    """
    words = None if allow is not None else _words_of(query)
    if words is not None:
        top = searcher.collector(limit=limit)
    elif limit >= searcher.doc_count_all():
        top = UnlimitedCollector()
    else:
        top = TopCollector(limit, usequality=False, replace=0)
    bounded = BoundedCollector(top, budget, enough=limit, record=words is None)
    outer = FilterCollector(bounded, allow=allow) if allow is not None else bounded
    searcher.search_with_collector(query, outer)
    results = outer.results()
    if budget.stopped or words is None:
        return Searched(results, bounded.collected, not budget.stopped, bounded.seen)
    total = _count_union(searcher, *words, budget)
    return Searched(results, max(total, bounded.collected), not budget.stopped)


def _words_of(query: Query) -> tuple[str, list[str]] | None:
    """(field, words) when ``query`` is one word or an OR of words of one field, else None."""
    leaves = query.subqueries if isinstance(query, Or) else [query]
    if all(isinstance(leaf, Term) for leaf in leaves) and len({leaf.fieldname for leaf in leaves}) == 1:
        return leaves[0].fieldname, [leaf.text for leaf in leaves]
    return None


def _count_union(searcher: Searcher, field: str, words: list[str], budget: Budget) -> int:
    """Passages with any of ``words``: the union of their postings, three times faster than
    Whoosh's union matcher (a ten-word sentence on Reuters: 24 ms against 76)."""
    passages: set[int] = set()
    for word in words:
        if budget.spent():
            break
        passages |= term_docs(searcher, field, word)  # deleted passages left out; kept for the facets
    return len(passages)
