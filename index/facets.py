"""Entity and folder counts over every passage a query finds, not only the page of hits shown.

"person 1055 Reagan" must mean 1,055 passages name him, whatever the page size. The passages a
query finds are gathered as a set straight from the postings of its words (a union for OR, an
intersection for AND: Whoosh's own union matcher walks them a document at a time, 5× slower on
Reuters), which also makes the hit total exact. Each entity the page names is then counted
over that whole set, from the postings of its per-document keys, so no stored field is read.
Entities named by no passage of the page are not listed: they are never the most named ones
in practice, and listing them would mean reading every passage's entities.
"""

from __future__ import annotations

import itertools
import threading
import weakref
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import Matcher
from whoosh.query import And, AndMaybe, AndNot, ConstantScoreQuery, Every, NullQuery, Or, Query, Term
from whoosh.reading import IndexReader
from whoosh.searching import Searcher


def matching(searcher: Searcher, query: Query, filters: Sequence[Query] = ()) -> set[int]:
    """Every passage (docnum) ``query`` finds within all of ``filters``."""
    found = None if isinstance(query, Every) else docset(searcher, query)
    for part in sorted(filters, key=lambda f: 0 if isinstance(f, Term | Or) else 1):
        narrowed = docset(searcher, part) if found is None else _within(searcher, part, found)
        found = narrowed
    if found is None:  # Every, no filter
        return set(searcher.reader().all_doc_ids())
    return found


CACHED_IDS = 400_000
"""Postings (docnums) kept decoded between searches, for the words and entities most recently
counted: the same few recur from one keystroke to the next (~25 MB at most)."""


class _PostingsCache:
    """Decoded postings of recently used terms, per index version, least recently used out first."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.held = 0
        self.sets: OrderedDict[tuple[object, ...], frozenset[int]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple[object, ...]) -> frozenset[int] | None:
        with self.lock:
            found = self.sets.get(key)
            if found is not None:
                self.sets.move_to_end(key)
            return found

    def put(self, key: tuple[object, ...], docs: frozenset[int]) -> None:
        if len(docs) > self.budget // 4:
            return
        with self.lock:
            if key not in self.sets:
                self.sets[key] = docs
                self.held += len(docs)
            while self.held > self.budget:
                _, dropped = self.sets.popitem(last=False)
                self.held -= len(dropped)


_CACHE = _PostingsCache(CACHED_IDS)
_SERIALS: weakref.WeakKeyDictionary[IndexReader, int] = weakref.WeakKeyDictionary()
_NEXT_SERIAL = itertools.count()
_SERIALS_LOCK = threading.Lock()


def reader_key(reader: IndexReader) -> tuple[int, int]:
    """What cached postings are kept under: a number no other reader ever gets, and the commit.
    Not ``id(reader)``: a freed reader's id is given to the next object, and after a rebuild (whose
    commits are numbered from 1 again) a new index's reader would read the old one's postings."""
    with _SERIALS_LOCK:
        serial = _SERIALS.get(reader)
        if serial is None:
            serial = _SERIALS[reader] = next(_NEXT_SERIAL)
    return serial, reader.generation()


def term_docs(searcher: Searcher, fieldname: str, text: str) -> frozenset[int]:
    """The docnums whose ``fieldname`` holds the term ``text``, read a postings block at a time."""
    reader = searcher.reader()
    key = (*reader_key(reader), fieldname, text)
    if (cached := _CACHE.get(key)) is not None:
        return cached
    found: set[int] = set()
    for leaf, offset in searcher.leaf_searchers():
        leaf_reader = leaf.reader()
        if (fieldname, text) not in leaf_reader:
            continue
        ids = _leaf_ids(leaf_reader.postings(fieldname, text))
        found.update(ids if not offset else (offset + n for n in ids))
    frozen = frozenset(found)
    _CACHE.put(key, frozen)
    return frozen


def _leaf_ids(matcher: Matcher) -> Iterator[int]:
    """All ids of a segment's postings. Whoosh's ``all_ids()`` makes two method calls per posting
    (10× slower on Reuters); its own on-disk matcher holds each block's ids as a tuple, so those
    are taken whole. Whoosh has no public call for that: any other matcher (a segment with
    deletions wraps it in a filter) goes through ``all_ids()``."""
    if type(matcher) is not W3LeafMatcher:
        yield from matcher.all_ids()
        return
    while matcher.is_active():
        matcher.id()  # reads the block's ids
        yield from matcher._ids[matcher._i :]
        matcher._next_block()


def docset(searcher: Searcher, query: Query) -> set[int]:
    """The docnums matching ``query``, by set algebra over postings where its form allows."""
    if isinstance(query, Term):
        return set(term_docs(searcher, query.fieldname, query.text))
    if isinstance(query, Or):
        found: set[int] = set()
        for sub in query.subqueries:
            found |= docset(searcher, sub)
        return found
    if isinstance(query, And):
        parts = sorted(query.subqueries, key=lambda q: 0 if isinstance(q, Term) else 1)
        result = docset(searcher, parts[0]) if parts else set()
        for sub in parts[1:]:
            if not result:
                break
            result = _within(searcher, sub, result)
        return result
    if isinstance(query, AndNot):
        return docset(searcher, query.a) - docset(searcher, query.b)
    if isinstance(query, AndMaybe):
        return docset(searcher, query.a)
    if isinstance(query, ConstantScoreQuery):
        return docset(searcher, query.child)
    if query is NullQuery:
        return set()
    return set(query.docs(searcher))  # phrases, prefixes, ranges…: Whoosh's matcher


def _within(searcher: Searcher, query: Query, found: set[int]) -> set[int]:
    if isinstance(query, Term | Or | And | AndNot | ConstantScoreQuery):
        return found & docset(searcher, query)
    return {n for n in query.docs(searcher) if n in found}


def entity_counts(
    searcher: Searcher, found: set[int], candidates: Iterable[str], members: Mapping[str, Sequence[str]]
) -> Counter[str]:
    """Passages of ``found`` naming each of the corpus entities ``candidates`` (under any of the
    per-document keys ``members`` gives it)."""
    counts: Counter[str] = Counter()
    for key in candidates:
        naming: set[int] = set()
        for member in members.get(key, (key,)):
            naming |= term_docs(searcher, "entities", member)
        if count := len(naming & found):
            counts[key] = count
    return counts


def folder_counts(searcher: Searcher, found: set[int], folder_of: Callable[[str], str]) -> Counter[str]:
    """Passages of ``found`` per folder, ``folder_of`` naming the folder a doc id counts under."""
    if not found:
        return Counter()
    if _is_flat(searcher):  # every document at the root: no doc id to read
        return Counter({folder_of("x"): len(found)})
    doc_ids = searcher.reader().column_reader("doc_id")
    return Counter(folder_of(doc_ids[n]) for n in found)


_FLAT: dict[tuple[int, int], bool] = {}


def _is_flat(searcher: Searcher) -> bool:
    """True when no document of the index lies in a folder (read once per index version)."""
    reader = searcher.reader()
    marker = reader_key(reader)
    if marker not in _FLAT:
        _FLAT.clear()
        _FLAT[marker] = not any(b"/" in term for term in reader.lexicon("doc_id"))
    return _FLAT[marker]
