"""The Library facade: the one object the interface talks to.

A Library is a corpus folder plus its index folder. Every method returns plain frozen
dataclasses; no Whoosh object leaves this module. Methods are safe to call from worker
threads: one Whoosh searcher is kept open and searches take turns on it.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh.index import Index
from whoosh.query import Or, Term
from whoosh.searching import Searcher

from . import cards, corrections, store
from .errors import CorpusError, NotFound
from .highlight import term_spans
from .known import KnownEntities
from .models import (
    CorpusStats,
    Correction,
    DocumentHit,
    DocumentView,
    Entity,
    EntityCard,
    Highlight,
    Hit,
    IndexReport,
    IndexStatus,
    Mention,
    MentionRef,
    Passage,
    Progress,
    SearchResult,
    Statement,
    page_at,
)
from .notebook import Notebook
from .opened import OpenGeneration, reads_index
from .query import mentions_entity_field
from .search import PASSAGES_PER_DOCUMENT, group_by_document, run_more_like, run_search
from .spelling import WordsCorrector
from .userdata import UserData

if TYPE_CHECKING:
    from .background import ChildUpdate
    from .watching import CorpusWatch

ProgressCallback = Callable[[Progress], None]

CARD_MENTIONS = 500
"""Passages whose mentions an entity card lists at first (a card for "U.S." on Reuters names
20,000); ``entity_mentions`` gives the rest, page by page."""
CARD_CO_MENTIONS = 15


class Library:
    """A corpus and its index: build, update, search, read, list entities and correct them."""

    def __init__(self, corpus: Path, index_dir: Path | None = None, user_data: Path | None = None) -> None:
        corpus = Path(corpus).expanduser()
        if not corpus.exists():
            raise CorpusError(f"corpus folder not found: {corpus}")
        if not corpus.is_dir():
            raise CorpusError(f"not a folder: {corpus}")
        self.root = corpus.resolve()
        self.name = self.root.name
        self.index_dir = Path(index_dir).expanduser() if index_dir else store.default_index_dir(self.root)
        if self.index_dir.exists() and not self.index_dir.is_dir():
            raise CorpusError(f"the index folder is a file, not a folder: {self.index_dir}")
        if index_dir and self.index_dir.resolve().is_relative_to(self.root):
            raise CorpusError(f"the index folder {self.index_dir} is inside the corpus, which sleuth never writes to")
        self.user = UserData(str(self.root), user_data)
        """The reader's history and saved searches for this corpus (kept apart from the index)."""
        self.notebook = Notebook(self.user, self._document_or_none, self.is_built, self._on_disk)
        """The reader's bookmarks, notes and review marks, anchored to this corpus's documents."""
        self._open = OpenGeneration(self.index_dir, self.name, self.root)
        self._search_lock = threading.Lock()
        """Searches take turns on the kept-open searchers (Whoosh readers share file handles);
        opening one reads its term dictionary: ~35 ms on Reuters."""
        self._known: tuple[object, KnownEntities] | None = None
        """The entities as corrected, with the version of the entities index they were read from."""
        self._known_lock = threading.Lock()
        self._word_list: tuple[object, list[str]] | None = None
        self._child: ChildUpdate | None = None

    # -- building -----------------------------------------------------------------------------
    def is_built(self) -> bool:
        """True when an index of the current format can be searched (it may still be indexing)."""
        return self._open.folder() is not None

    def make_index_dir(self) -> None:
        """Create the index folder if need be; raises CorpusError saying why it cannot be."""
        try:
            self.index_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise self._unwritable(error) from error

    def _unwritable(self, error: OSError) -> CorpusError:
        where = error.filename or self.index_dir
        return CorpusError(f"cannot write the index at {where}: {error.strerror or error}")

    def update(
        self,
        progress: ProgressCallback | None = None,
        rebuild: bool = False,
        in_child: bool = False,
        stop: threading.Event | None = None,
        jobs: int | None = None,
        retry_failed: bool = False,
    ) -> IndexReport:
        """Build the index, or bring it up to date with the corpus folder.

        ``in_child``: run the update in a child process (``index.background``), as an app must:
        it keeps the caller's terminal and interpreter lock free; ``stop_update`` stops it.
        ``stop``: set it to stop at the next document (what is committed stays; the next update
        carries on). ``jobs``: NER processes (default: one per core but one; 0: inline).
        ``retry_failed``: read again the files that failed before, changed or not.
        """
        if in_child:
            return self._update_in_child(progress or (lambda _p: None), rebuild, jobs)
        from .indexer import update_index  # reading, NER and writing: not loaded to search or read
        from .writers import IndexWriteFailed

        try:
            return update_index(
                self.root, self.index_dir, progress, rebuild, stop=stop, jobs=jobs, retry_failed=retry_failed
            )
        except IndexWriteFailed as error:
            raise CorpusError(str(error)) from error
        except OSError as error:  # a bad file never gets here (the indexer lists it): the index folder does
            raise self._unwritable(error) from error
        finally:
            self.notebook.forget_anchors()  # read during the update, anchors may be the old text's

    def _update_in_child(self, progress: ProgressCallback, rebuild: bool, jobs: int | None) -> IndexReport:
        from .background import ChildUpdate, UpdateFailed
        from .repair import nothing_to_do

        unchanged = None if rebuild else nothing_to_do(self.root, self.index_dir)
        if unchanged is not None:  # no process to start (a second or two) to find nothing changed
            return unchanged

        child = ChildUpdate(self.root, self.index_dir, rebuild, jobs)
        self._child = child
        try:
            return child.run(progress)
        except UpdateFailed as error:
            raise CorpusError(str(error)) from error
        finally:
            self._child = None
            self.notebook.forget_anchors()  # documents may have changed: notes find their text again

    def watch(self, changed: Callable[[], None]) -> CorpusWatch:
        """Call ``changed`` (in another thread) whenever files of the corpus are added, changed or
        removed, once the folder has been quiet a second; ``stop()`` the watch returned."""
        from .watching import CorpusWatch

        return CorpusWatch(self.root, changed)

    def stop_update(self) -> None:
        """Ask an update running in a child process to stop; it keeps what it has committed."""
        child = self._child
        if child is not None:
            child.stop()

    # -- reading ------------------------------------------------------------------------------
    def _index(self, name: str) -> Index:
        index = self._open.index(name)
        assert index is not None
        return index

    @reads_index
    def stats(self) -> CorpusStats:
        """Counts of documents, passages and entities in the index."""
        return CorpusStats(
            name=self.name,
            root=str(self.root),
            documents=self._index("documents").doc_count(),
            passages=self._index("passages").doc_count(),
            entities=len(self.entities()),
            entities_pending=self._open.pending_entities(),
        )

    @reads_index
    def status(self) -> IndexStatus:
        """Documents per format, how far indexing is, failures with their reasons, files of unread formats."""
        from .status import index_status

        folder = self._open.folder()
        assert folder is not None  # _index() said so otherwise
        documents = self._index("documents")
        return index_status(self.root, folder, documents, self._index("passages"), len(self.entities()))

    @reads_index
    def search(
        self,
        query: str,
        limit: int = 50,
        within: tuple[str, ...] = (),
        facets: bool = True,
        documents: int = 0,
        offset: int = 0,
        sort: str = "relevance",
        cancelled: Callable[[], bool] | None = None,
    ) -> SearchResult:
        """Ranked passages for ``query``, with snippets and (``facets``) the entities and folders of
        every passage found (not only the ``limit`` returned), and then an exact ``total``.

        ``within``: entity keys; only passages naming all of them (under any alias) are kept.
        An empty query with ``within`` lists the passages naming those entities. Without facets
        or ``within`` the corpus's entity list is not loaded (a third of a second on Reuters).
        ``documents``: keep only the passages of the first that many documents (see search_documents).
        ``offset``: the page of ``limit`` hits from there (the same order page after page);
        ``sort``: "relevance", "date" (newest first) or "path" (folder, file, passage).
        ``cancelled``: the search stops as soon as it returns True (the asker has gone), and within
        ``bounds.SEARCH_SECONDS`` anyway; the result then says its total is a lower bound.
        """
        aliased = mentions_entity_field(query)
        known = self._known_entities() if facets or within or aliased else None  # loaded once
        key_map = known.view.key_map if known else {}
        names = known.names if known else {}
        members = [known.view.members.get(key, [key]) if known else [key] for key in within]
        with self._search_lock:
            searcher = self._open_searcher()
            evidence = self._open.searcher("evidence", required=False)  # stage 2 writes it
            lookup = known.members_named if known and aliased else None
            words = self._words()
            every = known.view.members if facets and known else None  # counts over every passage found
            result = run_search(
                searcher,
                query,
                limit,
                key_map,
                names,
                members,
                evidence if evidence is not None and evidence.doc_count() else None,
                lookup,
                documents,
                cancelled,
                offset=offset,
                sort=sort,
                members=every,
                corrector=WordsCorrector(words, searcher) if words else None,
            )
        if not facets:
            return dataclasses.replace(result, entities=())
        if known and known.view.hidden_entities:
            return dataclasses.replace(result, entities=tuple(e for e in result.entities if e.key in names))
        return result

    def _words(self) -> list[str]:
        """The words of the text for "did you mean", read again after each commit of them."""
        folder = self._open.folder()
        try:
            version = (folder, (folder / store.WORDS).stat().st_mtime_ns) if folder else None
        except OSError:
            return []
        if self._word_list is None or self._word_list[0] != version:
            self._word_list = (version, store.read_words(folder) if folder else [])
        return self._word_list[1]

    def _open_searcher(self, name: str = "passages") -> Searcher:
        """The kept-open searcher of index ``name``, refreshed if it changed; call with the search lock held."""
        searcher = self._open.searcher(name)
        assert searcher is not None
        return searcher

    def search_documents(self, query: str, limit: int = 20) -> tuple[DocumentHit, ...]:
        """Documents ranked by their best passage for ``query``, each with its matching passages."""
        return self.search_by_document(query, limit)[1]

    def search_by_document(self, query: str, limit: int = 20) -> tuple[SearchResult, tuple[DocumentHit, ...]]:
        """The search behind a document view (for its notice and timing) and its ``limit`` documents."""
        result = self.search(query, limit=min(limit * PASSAGES_PER_DOCUMENT, 2000), facets=False, documents=limit)
        return result, group_by_document(result.hits, limit)

    @staticmethod
    def group_by_document(hits: tuple[Hit, ...], limit: int = 1000) -> tuple[DocumentHit, ...]:
        """``hits`` grouped under their documents, in the order of each document's best passage."""
        return group_by_document(hits, limit)

    @reads_index
    def more_like(self, passage_id: str, limit: int = 20) -> SearchResult:
        """Passages most like ``passage_id`` (the passage itself excluded)."""
        known = self._known_entities()
        with self._search_lock:
            searcher = self._open_searcher()
            result = run_more_like(searcher, passage_id, limit, known.view.key_map, known.names)
        if result is None:
            raise NotFound(f"no passage {passage_id!r} in {self.name}")
        return result

    @reads_index
    def entities(self, entity_type: str | None = None) -> tuple[Entity, ...]:
        """Corpus entities after the reader's corrections, most mentioned first; only those of
        ``entity_type`` when given."""
        entities = self._known_entities().entities
        if entity_type:
            return tuple(e for e in entities if e.type == entity_type.upper())
        return entities

    def _known_entities(self) -> KnownEntities:
        """The entities as corrected now; read again when the entities index has a new commit
        (an update, in this process or another) or after a correction."""
        version = self._open.version_of("entities")
        with self._known_lock:
            if self._known is None or self._known[0] != version:
                self._known = (version, self._load_known())
            return self._known[1]

    def _forget_known(self) -> None:
        with self._known_lock:  # waits for a load that may have read the corrections before the change
            self._known = None

    def _load_known(self) -> KnownEntities:
        entities = []
        key_map: dict[str, str] = {}
        index = self._open.index("entities", required=False)
        if index is None:  # no entities merged yet (stage 2 has not got that far)
            return KnownEntities(corrections.apply([], {}, self.user.corrections()), {})
        with index.searcher() as searcher:
            for fields in searcher.all_stored_fields():
                entities.append(
                    Entity(
                        key=fields["key"],
                        name=fields["name"],
                        type=fields["type"],
                        aliases=tuple(fields["aliases"]),
                        mention_count=fields["mention_count"],
                        doc_count=fields["doc_count"],
                        passage_count=fields["passage_count"],
                    )
                )
                key_map.update({member: fields["key"] for member in fields["members"].split(",")})
        view = corrections.apply(entities, key_map, self.user.corrections())
        if view.sources:
            view.entities = self._recount(view)
        return KnownEntities(view, {e.key: e.name for e in entities})

    # -- entity cards and corrections -----------------------------------------------------------
    def _recount(self, view: corrections.EntityView) -> tuple[Entity, ...]:
        """Exact passage and document counts of entities the reader merged (their parts may share some)."""
        recounted = []
        with self._index("passages").searcher() as searcher:
            doc_ids = searcher.reader().column_reader("doc_id")
            for entity in view.entities:
                if entity.key in view.sources:
                    query = Or([Term("entities", member) for member in view.members.get(entity.key, [])])
                    found = searcher.docs_for_query(query)
                    passages = list(found)
                    entity = dataclasses.replace(
                        entity, passage_count=len(passages), doc_count=len({doc_ids[n] for n in passages})
                    )
                recounted.append(entity)
        return tuple(recounted)

    def corpus_key(self, key: str) -> str:
        """The key of the corpus entity a document-level entity key belongs to."""
        return self._known_entities().view.key_map.get(key, key)

    def find_entity(self, name: str, exact: bool = False) -> Entity:
        """The entity a name, alias or key names, case and accents aside; small typos and partial
        names too unless ``exact`` (corrections ask for exact names)."""
        return self._find(self._known_entities(), name, exact)

    def _find(self, known: KnownEntities, name: str, exact: bool = False) -> Entity:
        entity, close = known.name_index().find(name, exact)
        hidden = cards.NameIndex(known.view.hidden_entities).find(name, exact=True)[0] if entity is None else None
        if hidden is not None:
            raise NotFound(f"{hidden.name} is hidden by a correction (sleuth correct list; sleuth correct undo ID)")
        if entity is None:
            hint = f"; did you mean {' or '.join(close)}?" if close else ""
            raise NotFound(f"no entity named {name!r} in {self.name}{hint}")
        return entity

    @reads_index
    def entity_card(self, name: str, mention_passages: int | None = None) -> EntityCard:
        """Who or what ``name`` is: descriptors, quotes, co-mentioned entities, and its mentions in
        the first ``mention_passages`` (default ``CARD_MENTIONS``) passages naming it
        (``entity_mentions`` pages on)."""
        mention_passages = CARD_MENTIONS if mention_passages is None else mention_passages
        known = self._known_entities()  # one version throughout, though a correction may come meanwhile
        entity = self._find(known, name)
        view = known.view
        members = view.members.get(entity.key, [entity.key])
        profiles_index = self._open.index("profiles", required=False)
        descriptors: tuple[Statement, ...] = ()
        quotes: tuple[Statement, ...] = ()
        counts: Counter[str] = Counter()
        if profiles_index is not None:
            with profiles_index.searcher() as profiles:
                descriptors, quotes, counts = cards.statements(profiles, view.sources.get(entity.key, [entity.key]))
        with self._search_lock:
            naming = cards.passages_naming(self._open_searcher(), members)
            passages = cards.stored_passages(self._open_searcher(), naming[:mention_passages])
            mentions = cards.mention_refs(self._open_searcher("mentions"), passages, members)
        if len(passages) == len(naming):  # every passage is at hand: count from them, after every correction
            counts = Counter(
                corpus_key
                for fields in passages
                for corpus_key in {view.key_map.get(key, key) for key in fields["entities"].split(",") if key}
            )
        return EntityCard(
            entity=entity,
            descriptors=descriptors,
            quotes=quotes,
            co_mentions=cards.co_mentioned(counts, view, known.names, entity.key, CARD_CO_MENTIONS),
            mentions=mentions,
            corrections=tuple(view.applied.get(entity.key, ())),
            namesakes=cards.namesakes(known.name_index(), entity),
            naming_passages=len(naming),
            listed_passages=len(passages),
        )

    @reads_index
    def entity_mentions(self, key: str, start: int, count: int | None = None) -> tuple[MentionRef, ...]:
        """The mentions of the entity ``key`` in the ``count`` (default ``CARD_MENTIONS``) passages
        naming it from the ``start``-th on (0-based, in document order): the card's later pages."""
        count = CARD_MENTIONS if count is None else count
        known = self._known_entities()
        entity = self._find(known, key, exact=True)
        members = known.view.members.get(entity.key, [entity.key])
        with self._search_lock:
            naming = cards.passages_naming(self._open_searcher(), members)
            passages = cards.stored_passages(self._open_searcher(), naming[max(0, start) : max(0, start) + count])
            return cards.mention_refs(self._open_searcher("mentions"), passages, members)

    def correct(self, action: str, name: str, value: str = "") -> Correction:
        """Merge (into the entity ``value`` names), rename, retype or hide the entity ``name``."""
        value = corrections.check(action, value)
        entity = self.find_entity(name, exact=True)
        if action == "merge":
            target = self.find_entity(value, exact=True)
            if target.key == entity.key:
                raise corrections.CorrectionError(f"{entity.name} and {value} are already one entity")
            value = target.key
        correction = self.user.add_correction(action, entity.key, value)
        self._forget_known()
        return correction

    def undo_correction(self, correction_id: int | None = None) -> Correction | None:
        """Take back a correction (the most recent by default); None when there is no such one."""
        undone = self.user.undo_correction(correction_id)
        self._forget_known()
        return undone

    def corrections(self) -> tuple[Correction, ...]:
        """The reader's corrections to this corpus's entities, oldest first."""
        return self.user.corrections()

    def describe(self, correction: Correction) -> str:
        """A correction in words: "merge MSS into Ministry of State Security"."""
        known = self._known_entities()
        said = self._said(known.index_names, correction)
        if any(c.id == correction.id for c in known.view.stale):
            return f"{said} (no effect: the index has no such entity now)"
        return said

    @staticmethod
    def _said(index_names: dict[str, str], correction: Correction) -> str:
        name = index_names.get(correction.key, correction.key.split(":", 1)[-1])
        if correction.action == "merge":
            target = index_names.get(correction.value, correction.value.split(":", 1)[-1])
            return f"merge {name} into {target}"
        if correction.action == "rename":
            return f"rename {name} to {correction.value}"
        if correction.action == "retype":
            return f"retype {name} as {correction.value}"
        return f"hide {name}"

    @reads_index
    def document(self, doc_id: str) -> DocumentView:
        """A stored document with its passages and entity mentions (none until stage 2 found them)."""
        doc_id = self._open.original_of(doc_id) or doc_id  # a copy reads as the file indexed for it
        # The kept-open searcher: a new one costs 35 ms on Reuters (its doc_id terms are read
        # again); the look-up itself 0.2 ms. Re-anchoring 300 notes reads 300 documents.
        with self._search_lock:
            fields = self._open_searcher("documents").document(doc_id=doc_id)
            mentions_searcher = self._open.searcher("mentions", required=False)
            found = mentions_searcher.document(doc_id=doc_id) if mentions_searcher is not None else None
        if fields is None:
            raise NotFound(f"no document {doc_id!r} in {self.name}")
        stored_mentions = found["mentions"] if found is not None else []
        text = fields["text"]
        pages = tuple(fields.get("pages") or ())
        passages = tuple(
            Passage(doc_id, n, start, end, text[start:end], page_at(pages, start))
            for n, (start, end) in enumerate(fields["passages"], start=1)
        )
        mentions = tuple(
            (n, Mention(start, end, surface, entity_type, canonical))
            for n, start, end, surface, entity_type, canonical in stored_mentions
        )
        return DocumentView(
            doc_id,
            fields["title"],
            text,
            passages,
            mentions,
            fields.get("date") or "",
            author=fields.get("author") or "",
            format=fields.get("format") or "",
            pages=pages,
            parent=fields.get("parent") or "",
            fields=tuple((str(name), str(value)) for name, value in fields.get("fields") or ()),
            also_at=self._open.copies_of(doc_id),
        )

    def _on_disk(self, doc_id: str) -> bool:
        return (self.root / doc_id).is_file()

    def _document_or_none(self, doc_id: str) -> DocumentView | None:
        try:
            return self.document(doc_id)
        except NotFound:
            return None

    def passage(self, passage_id: str) -> Passage:
        """One passage by its ``doc_id#n``."""
        doc_id, _, number = passage_id.rpartition("#")
        if not doc_id or not number.isdigit():
            raise NotFound(f"not a passage id (DOC_ID#N): {passage_id!r}")
        passages = self.document(doc_id).passages
        n = int(number)
        if not 1 <= n <= len(passages):
            raise NotFound(f"{doc_id} has passages 1 to {len(passages)}, not {n}")
        return passages[n - 1]

    @staticmethod
    def highlight(text: str, terms: tuple[str, ...]) -> tuple[Highlight, ...]:
        """Spans of ``text`` matching the analysed query ``terms`` of a SearchResult (fast enough
        for a whole long document: see ``highlight.py``)."""
        return term_spans(text, terms)
