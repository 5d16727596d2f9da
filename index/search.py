"""Running queries: Whoosh search, document evidence, snippets, highlighting and facets.

Parsing (words, filters, syntax errors) is in ``query.py``.
"""

from __future__ import annotations

import dataclasses
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from whoosh import sorting
from whoosh.query import And, Every, MultiTerm, Or, Query, Term
from whoosh.searching import Searcher
from whoosh.spelling import Corrector

from . import facets, ranking
from .bounds import Budget, Searched, bounded_search, cap_expansions
from .models import DocumentHit, EntityCount, FolderCount, Highlight, Hit, SearchResult
from .query import AliasLookup, ParsedQuery, parse, without_filters
from .store import TEXT_ANALYZER

SNIPPET_CHARS = 240
DOCUMENT_WEIGHT = 1.0
"""How much a passage's document score counts (0 turns document evidence off)."""
PASSAGE_WEIGHT = 0.0
"""How much a passage's own score adds to its document's. At 0, sentence-like queries rank
documents by plain BM25 over their whole text (``ranking.DOCUMENT_K1/B``) and show each
document's best passage first; passages of one document follow their own scores. 1.0 was the
ranking before, passage plus document: it led on three SciFact folds and trailed plain BM25 on
two, and the passage share tried at 0.25 and 0.5 trailed too (``bench/ranking/README.md``)."""
DOCUMENT_EVIDENCE_MIN_WORDS = 3
"""Document evidence is for sentence-like queries, where it pays (SciFact: +0.026 nDCG@10); a
one- or two-word lookup ranks by the passages themselves and stays at keystroke speed."""
PASSAGES_BEFORE_CROWDING = 1
"""For sentence-like queries, each document's first passage ranks before any document's second:
SciFact train Recall@100 0.9027 → 0.9124 (2 per document: 0.9047), nDCG@10 unchanged at 0.694."""
RERANK_CANDIDATES = 300
"""Passages scored before re-ranking with document evidence (their documents are scored too)."""
LIKE_TERMS = 12
"""How many of a passage's most distinctive words "more like this" searches with."""
PASSAGES_PER_DOCUMENT = 10
"""Passages searched per document asked for, and kept per document, when results go by document."""
SUGGEST_BELOW_HITS = 3
"""A query finding fewer passages than this gets a "did you mean" when a close spelling exists."""
SUGGEST_MAX_WORDS = 6
"""Longer queries get no "did you mean": respelling costs ~0.2 s a word (60 pasted words: 33 s)."""
NO_DATES = "no document in this corpus has a date, so date: matches nothing"
SORTS = {
    "date": sorting.FieldFacet("date"),
    "path": sorting.MultiFacet([sorting.FieldFacet("doc_id"), sorting.FieldFacet("n")]),
}
"""Orders other than by score (``sort=``); date is newest first."""


def did_you_mean(searcher: Searcher, query: Query, text: str, corrector: Corrector | None = None) -> str:
    """A respelling of ``text`` whose words are in the index, or "" when there is none.
    ``corrector``: where the words of the text come from (the ``words`` index)."""
    try:
        correctors = {"text": corrector} if corrector is not None else None
        correction = searcher.correct_query(query, text, maxdist=2, correctors=correctors)
    except (KeyError, ValueError, TypeError):  # a query form the corrector cannot rebuild
        return ""
    suggestion = str(correction.string)
    if suggestion.casefold() == text.casefold():
        return ""
    typed, fixed = text.split(), suggestion.split()
    if len(typed) == len(fixed):  # keep the user's capitals: "Inkstre" → "Inkster"
        fixed = [f.capitalize() if t[:1].isupper() else f for t, f in zip(typed, fixed, strict=True)]
    return " ".join(fixed)


def matched_terms(query: Query, searcher: Searcher) -> frozenset[str]:
    """The analysed index terms the query matches (prefixes and fuzzy terms expanded)."""
    terms = query.existing_terms(searcher.reader(), expand=True)
    return frozenset(
        value.decode("utf-8") if isinstance(value, bytes) else str(value)
        for field, value in terms
        if field in ("text", "title")
    )


def term_spans(text: str, terms: Iterable[str]) -> tuple[Highlight, ...]:
    """Where in ``text`` the words whose analysed form is one of ``terms`` are."""
    wanted = frozenset(terms)
    if not wanted:
        return ()
    return tuple(
        Highlight(token.startchar, token.endchar)
        for token in TEXT_ANALYZER(text, chars=True, removestops=False)
        if token.text in wanted
    )


def snippet(text: str, spans: tuple[Highlight, ...], width: int = SNIPPET_CHARS) -> tuple[str, tuple[Highlight, ...]]:
    """A window of ``text`` around its densest cluster of matches, on one line, and the matches in it."""
    flat = text.replace("\n", " ")
    if len(flat) <= width:
        return flat, spans
    best_start = 0
    if spans:

        def distinct_in_window(anchor: Highlight) -> int:
            lo, hi = anchor.start - width // 4, anchor.start + width * 3 // 4
            return len({flat[s.start : s.end].casefold() for s in spans if lo <= s.start and s.end <= hi})

        anchor = max(spans, key=distinct_in_window)
        best_start = max(0, anchor.start - width // 4)
    start = best_start if best_start == 0 else flat.rfind(" ", 0, best_start) + 1
    end = min(len(flat), start + width)
    if end < len(flat):
        space = flat.rfind(" ", start, end)
        end = space if space > start else end
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(flat) else ""
    shift = len(prefix) - start
    inside = tuple(Highlight(s.start + shift, s.end + shift) for s in spans if s.start >= start and s.end <= end)
    return prefix + flat[start:end] + suffix, inside


@dataclass(frozen=True)
class Ranking:
    """A query's passages in rank order, before they become hits: what ranking experiments score."""

    parsed: ParsedQuery
    query: Query
    """The query searched (patterns capped), without the ranking signals' boosts."""
    ranked: list[tuple[float, int]]
    """(score, passage docnum), best first; the first ``offset + limit`` at least, when there are."""
    terms: frozenset[str]
    found: int
    """Passages the first pass scored (at most ``offset + limit`` or the re-ranked candidates)."""
    searched: Searched
    notice: str
    filters: tuple[Query, ...] = ()
    """What the passages were restricted to (folders, dates, entities), apart from the words."""


def rank(
    searcher: Searcher,
    text: str,
    limit: int,
    within: Sequence[Sequence[str]] = (),
    documents: Searcher | None = None,
    aliases: AliasLookup | None = None,
    documents_wanted: int = 0,
    cancelled: Callable[[], bool] | None = None,
    offset: int = 0,
    sort: str = "relevance",
) -> Ranking:
    """The passages for ``text`` in rank order (see ``run_search``)."""
    budget = Budget(cancelled=cancelled)
    parsed = parse(text, aliases)
    query, cut = cap_expansions(parsed.query, searcher.reader(), budget)
    # The words as typed decide whether this is a sentence (a capped a* stands for 500 words).
    text_terms = {t for field, t in parsed.query.iter_all_terms() if field == "text"}
    entity_filters = (Or([Term("entities", k) for k in keys]) for keys in within)
    filters = [f for f in (parsed.path_filter, parsed.date_filter, *entity_filters) if f]
    notice = " · ".join(n for n in (parsed.notice, cut) if n)
    if parsed.date_filter is not None and not has_dates(searcher):
        notice = " · ".join(n for n in (notice, NO_DATES) if n)
    wanted = offset + limit
    sortedby = SORTS.get(sort)
    use_documents = (
        sortedby is None
        and documents is not None
        and DOCUMENT_WEIGHT > 0
        and len(text_terms) >= DOCUMENT_EVIDENCE_MIN_WORDS
        and not isinstance(query, Every)
    )
    reranked = max(limit, RERANK_CANDIDATES) if use_documents else 0
    candidates = max(wanted, reranked)
    order = {"sortedby": sortedby, "reverse": sort == "date"} if sortedby is not None else {}
    allow = And(filters) if filters else None
    if isinstance(query, Every) and filters:  # only filters (an entity chosen, no words): search them,
        searched = bounded_search(searcher, filters[0] if len(filters) == 1 else And(filters), candidates, None, budget)
    elif sortedby is not None:  # every match in that order (Whoosh sorts from a column, no scoring)
        sorted_results = searcher.search(query, limit=candidates, filter=allow, **order)
        searched = Searched(sorted_results, len(sorted_results), True)
    else:  # not every passage filtered one by one (60 ms on Reuters against 3)
        words = ranking.text_words(query)
        searched = bounded_search(searcher, ranking.with_signals(query, words), candidates, allow, budget)
        top = [docnum for _, docnum in searched.results.top_n]
        if (expanded := ranking.feedback_query(searcher, query, top, words)) is not None:
            searched = bounded_search(searcher, expanded, candidates, allow, budget)
    results = searched.results
    if not searched.exact:
        stopped = f"stopped after {budget.seconds:g} s: the best passages found so far"
        notice = " · ".join(n for n in (notice, stopped) if n)
    terms = matched_terms(query, searcher)
    if sortedby is None:
        ranked = [(float(score or 0.0), docnum) for score, docnum in results.top_n]
    else:  # sorted: what top_n holds are sort keys, not scores
        ranked = [(0.0, docnum) for _, docnum in results.top_n]
    ranked, beyond = (ranked[:reranked], ranked[reranked:]) if reranked else (ranked, [])
    if use_documents and documents is not None and ranked:
        ranked = _with_document_evidence(searcher, documents, terms, ranked)
    if documents_wanted:
        ranked = _first_documents(searcher, ranked, documents_wanted)
    elif use_documents and ranked and PASSAGES_BEFORE_CROWDING:
        ranked = _crowded(searcher, ranked, PASSAGES_BEFORE_CROWDING)
    ranked += beyond
    # scored_length(), not len(): len() counts every match in a second pass over the postings.
    return Ranking(parsed, query, ranked, terms, results.scored_length(), searched, notice, tuple(filters))


def run_search(
    searcher: Searcher,
    text: str,
    limit: int,
    key_map: Mapping[str, str],
    entity_names: Mapping[str, tuple[str, str]],
    within: Sequence[Sequence[str]] = (),
    documents: Searcher | None = None,
    aliases: AliasLookup | None = None,
    documents_wanted: int = 0,
    cancelled: Callable[[], bool] | None = None,
    offset: int = 0,
    sort: str = "relevance",
    members: Mapping[str, Sequence[str]] | None = None,
    corrector: Corrector | None = None,
) -> SearchResult:
    """Search the passages index with an open ``searcher`` and turn the results into dataclasses.

    With ``documents`` (a searcher of the documents index), a passage's score adds the score of
    its whole document for the same words: a passage is more likely what is sought when the
    rest of its document is about the query too.

    ``within`` narrows to passages naming every one of some entities, each given as the
    per-document keys it merges. With ``documents_wanted``, only the passages of the first that
    many documents are kept (at most ``PASSAGES_PER_DOCUMENT`` each) and turned into hits.

    The search is bounded (``bounds``): patterns stand for at most so many words, and it stops
    with what it found when its time is up or ``cancelled()`` says the asker has gone.

    ``offset`` pages: the hits from there. Re-ranking (document evidence, crowding) reorders the
    first ``max(limit, RERANK_CANDIDATES)`` passages only, so every page agrees with the ones
    before it. ``sort`` "date" or "path" orders every match by that instead of by score.

    With ``members`` (corpus entity key → its per-document keys), the entity and folder counts
    are over every passage found, not only the page shown (``index.facets``); without, they count
    the hits returned. ``corrector``: where "did you mean" finds its words (the ``words`` file).
    """
    began = time.perf_counter()
    found = rank(searcher, text, limit, within, documents, aliases, documents_wanted, cancelled, offset, sort)
    query, notice, searched = found.query, found.notice, found.searched
    wanted = offset + limit
    suggestion = ""
    few = found.found < SUGGEST_BELOW_HITS and found.found < wanted  # found == wanted: there may be more
    spelt_loosely = any(isinstance(leaf, MultiTerm) for leaf in query.leaves())  # word~, pre*: no respelling
    short = len(text.split()) <= SUGGEST_MAX_WORDS
    if few and short and not isinstance(query, Every) and not within and not notice and not spelt_loosely:
        suggestion = did_you_mean(searcher, query, without_filters(text), corrector)
    hits, entities = _convert(searcher, found.ranked[offset:wanted], found.terms, key_map, entity_names)
    folders = found.parsed.folders
    base = folders[0] if len(folders) == 1 and folders[0].endswith("/") else ""
    folder_facet = folder_counts(hits, base)
    if members is not None and (offset or len(hits) >= limit) and searched.exact:  # more than the page
        matched = (
            searched.passages if searched.passages is not None else facets.matching(searcher, query, found.filters)
        )
        counts = facets.entity_counts(searcher, matched, (e.key for e in entities), members)
        entities = tuple(
            sorted(
                (dataclasses.replace(e, count=counts[e.key]) for e in entities if counts[e.key]),
                key=lambda e: (-e.count, e.key),
            )
        )
        by_folder = facets.folder_counts(searcher, matched, lambda doc_id: folder_of(doc_id, base))
        folder_facet = tuple(FolderCount(f, c) for f, c in sorted(by_folder.items(), key=lambda kv: (-kv[1], kv[0])))
    return SearchResult(
        query=text,
        hits=hits,
        total=max(searched.total, offset + len(hits) if hits else 0),
        total_exact=searched.exact,
        took_ms=(time.perf_counter() - began) * 1000,
        entities=entities,
        terms=tuple(sorted(found.terms)),
        notice=notice,
        suggestion=suggestion,
        folders=folder_facet,
    )


def has_dates(searcher: Searcher) -> bool:
    """True when some passage of the index has a date."""
    return any(True for _ in searcher.reader().lexicon("date"))


def folder_of(doc_id: str, base: str = "") -> str:
    """The folder a hit counts under: the next folder below ``base`` (``"a/b/"``), or its own
    folder when it lies directly in ``base``; "" is the corpus root."""
    if not doc_id.startswith(base):
        base = ""
    head, slash, _ = doc_id[len(base) :].partition("/")
    return base + head if slash else doc_id.rpartition("/")[0]


def folder_counts(hits: Iterable[Hit], base: str = "") -> tuple[FolderCount, ...]:
    """Passages per folder (one level below ``base``), most first."""
    counts = Counter(folder_of(hit.doc_id, base) for hit in hits)
    return tuple(FolderCount(folder, count) for folder, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def run_more_like(
    searcher: Searcher,
    passage_id: str,
    limit: int,
    key_map: Mapping[str, str],
    entity_names: Mapping[str, tuple[str, str]],
) -> SearchResult | None:
    """Passages most like ``passage_id`` (its most distinctive words, weighted); None if no such passage."""
    began = time.perf_counter()
    docnum = searcher.document_number(passage_id=passage_id)
    if docnum is None:
        return None
    results = searcher.more_like(docnum, "text", top=limit, numterms=LIKE_TERMS)
    source_text = searcher.stored_fields(docnum)["text"]
    terms = frozenset(t.text for t in TEXT_ANALYZER(source_text)) & frozenset(
        word for word, _weight in searcher.key_terms([docnum], "text", numterms=LIKE_TERMS)
    )
    ranked = [(float(score or 0.0), docnum) for score, docnum in results.top_n]
    hits, entities = _convert(searcher, ranked, terms, key_map, entity_names)
    return SearchResult(
        query=f"like:{passage_id}",
        hits=hits,
        total=len(hits),
        took_ms=(time.perf_counter() - began) * 1000,
        entities=entities,
        terms=tuple(sorted(terms)),
        folders=folder_counts(hits),
    )


def _with_document_evidence(
    searcher: Searcher, documents: Searcher, terms: frozenset[str], ranked: list[tuple[float, int]]
) -> list[tuple[float, int]]:
    """Re-rank passages by DOCUMENT_WEIGHT × their document's score plus PASSAGE_WEIGHT × their
    own; equal totals (every passage of a document, at PASSAGE_WEIGHT 0) go by the passage's own."""
    if not terms:
        return ranked
    # Columns, not stored fields: a document's stored fields hold its whole text.
    doc_ids = searcher.reader().column_reader("doc_id")
    document_scores = _document_scores(documents, terms, {doc_ids[docnum] for _, docnum in ranked})
    rescored = [
        (DOCUMENT_WEIGHT * document_scores.get(doc_ids[docnum], 0.0) + PASSAGE_WEIGHT * score, score, docnum)
        for score, docnum in ranked
    ]
    rescored.sort(key=lambda triple: (-triple[0], -triple[1]))
    return [(total, docnum) for total, _, docnum in rescored]


def _crowded(searcher: Searcher, ranked: list[tuple[float, int]], per_document: int) -> list[tuple[float, int]]:
    """Each document's passages beyond its first ``per_document`` move after all the others, in
    their order: a long document cannot fill the list alone (web search calls this crowding)."""
    doc_ids = searcher.reader().column_reader("doc_id")
    seen: Counter[str] = Counter()
    first: list[tuple[float, int]] = []
    later: list[tuple[float, int]] = []
    for pair in ranked:
        seen[doc_ids[pair[1]]] += 1
        (first if seen[doc_ids[pair[1]]] <= per_document else later).append(pair)
    return first + later


def _first_documents(searcher: Searcher, ranked: list[tuple[float, int]], wanted: int) -> list[tuple[float, int]]:
    """The ranked passages of the first ``wanted`` documents, at most PASSAGES_PER_DOCUMENT each:
    only these need snippets when results are shown by document."""
    doc_ids = searcher.reader().column_reader("doc_id")
    kept: list[tuple[float, int]] = []
    per_document: Counter[str] = Counter()
    for score, docnum in ranked:
        doc_id = doc_ids[docnum]
        if doc_id not in per_document and len(per_document) >= wanted:
            continue
        if per_document[doc_id] < PASSAGES_PER_DOCUMENT:
            per_document[doc_id] += 1
            kept.append((score, docnum))
    return kept


def _document_scores(documents: Searcher, terms: frozenset[str], doc_ids: set[str]) -> dict[str, float]:
    """BM25 scores of the documents ``doc_ids`` for ``terms``, and of no others.

    The matcher skips from one wanted document to the next instead of ranking the whole index
    (4× faster on Reuters than a top-300 search, and every candidate gets its score).
    """
    numbers = sorted(n for n in (documents.document_number(doc_id=d) for d in doc_ids) if n is not None)
    matcher = Or([Term("text", term) for term in sorted(terms)]).matcher(documents, documents.context())
    document_ids = documents.reader().column_reader("doc_id")
    scores: dict[str, float] = {}
    for number in numbers:
        if not matcher.is_active():
            break
        if matcher.id() < number:
            matcher.skip_to(number)
        if matcher.is_active() and matcher.id() == number:
            scores[document_ids[number]] = float(matcher.score())
    return scores


def _convert(
    searcher: Searcher,
    ranked: Sequence[tuple[float, int]],
    terms: frozenset[str],
    key_map: Mapping[str, str],
    entity_names: Mapping[str, tuple[str, str]],
) -> tuple[tuple[Hit, ...], tuple[EntityCount, ...]]:
    """Ranked (score, docnum) pairs as Hit dataclasses (snippets highlighted), and the entities they name."""
    hits: list[Hit] = []
    facet: Counter[str] = Counter()
    for score, docnum in ranked:
        fields = searcher.stored_fields(docnum)
        passage_text = fields["text"]
        shown, marks = snippet(passage_text, term_spans(passage_text, terms))
        keys = tuple(k for k in (fields.get("entities") or "").split(",") if k)
        corpus_keys = tuple(dict.fromkeys(key_map.get(k, k) for k in keys))
        facet.update(corpus_keys)
        hits.append(
            Hit(
                passage_id=fields["passage_id"],
                doc_id=fields["doc_id"],
                n=fields["n"],
                title=fields["title"],
                score=score,
                snippet=shown,
                snippet_highlights=marks,
                start=fields["start"],
                end=fields["end"],
                entity_keys=corpus_keys,
                date=date.date().isoformat() if (date := fields.get("date")) else "",
                page=fields.get("page") or 0,
            )
        )
    entities = tuple(
        EntityCount(key, *entity_names.get(key, (key.split(":", 1)[-1], key.split(":", 1)[0])), count)
        for key, count in sorted(facet.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    return tuple(hits), entities


def group_by_document(hits: Iterable[Hit], limit: int) -> tuple[DocumentHit, ...]:
    """Hits grouped under their documents, in the order of each document's best passage."""
    groups: dict[str, list[Hit]] = {}
    for hit in hits:
        if hit.doc_id in groups or len(groups) < limit:
            groups.setdefault(hit.doc_id, []).append(hit)
    return tuple(
        DocumentHit(doc_id, passages[0].title, passages[0].score, tuple(passages), passages[0].date)
        for doc_id, passages in groups.items()
    )
