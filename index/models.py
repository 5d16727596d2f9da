"""The plain frozen dataclasses that cross the boundary between the engine and its users.

No Whoosh or spaCy object ever leaves ``index/``: the facade converts everything into these.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

ENTITY_TYPES = ("PERSON", "ORG", "PLACE")
"""The entity types sleuth extracts, in display order."""


@dataclass(frozen=True)
class Paragraph:
    """A cleaned paragraph of a document: its text and its offsets into the document text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Document:
    """A read and cleaned document.

    ``doc_id`` is its path relative to the corpus root in POSIX form; ``text`` is the normalised
    text that passage offsets point into.
    """

    doc_id: str
    title: str
    text: str
    format: str
    content_hash: str
    size: int
    mtime: float
    date: str = ""
    """When the document says it was written or published, ISO ``YYYY-MM-DD``; "" when unknown."""
    author: str = ""
    pages: tuple[int, ...] = ()
    """For paged formats (PDF): the offset in ``text`` where each page starts; () when unpaged."""
    parent: str = ""
    """For an attachment (``mail.eml/report.pdf``): the doc id of the message it came with."""
    fields: tuple[tuple[str, str], ...] = ()
    """Further metadata the format names: an e-mail's From, To, Cc, Date."""

    def page_at(self, offset: int) -> int:
        """The page (from 1) holding ``offset``; 0 for unpaged documents."""
        return page_at(self.pages, offset)


def page_at(pages: tuple[int, ...] | list[int], offset: int) -> int:
    """The page (from 1) whose start offset is the last at or before ``offset``; 0 when unpaged."""
    return bisect_right(pages, offset) if pages else 0


@dataclass(frozen=True)
class Passage:
    """A paragraph-sized span of a document; ``passage_id`` is ``doc_id#n`` (n from 1)."""

    doc_id: str
    n: int
    start: int
    end: int
    text: str
    page: int = 0
    """The page it starts on (from 1) in a paged document; 0 when unpaged."""

    @property
    def passage_id(self) -> str:
        return f"{self.doc_id}#{self.n}"


@dataclass(frozen=True)
class Mention:
    """A named-entity span inside a passage (offsets relative to the passage text)."""

    start: int
    end: int
    text: str
    type: str
    canonical: str
    """The canonical name this surface form resolves to within its document."""

    @property
    def entity_key(self) -> str:
        return entity_key(self.type, self.canonical)


def entity_key(entity_type: str, canonical: str) -> str:
    """The stable identifier of an entity: its type and its case-folded canonical name."""
    return f"{entity_type}:{canonical.casefold().replace(',', ' ')}"


@dataclass(frozen=True)
class Entity:
    """One entity across the corpus: canonical name, type, aliases and counts."""

    key: str
    name: str
    type: str
    aliases: tuple[str, ...]
    mention_count: int
    doc_count: int
    passage_count: int


@dataclass(frozen=True)
class Statement:
    """What a passage says about an entity (a descriptor) or what it credits to it (a quote);
    ``start``/``end`` are offsets into the passage text."""

    passage_id: str
    doc_id: str
    n: int
    text: str
    start: int
    end: int
    repeats: int = 1
    """How many passages say the same words (this is the first of them)."""
    reported: bool = False
    """A quote in reported speech ("X said that …"): the text's words about what was said, never
    to be shown in quotation marks; False for words the text itself quotes."""


@dataclass(frozen=True)
class MentionRef:
    """One place an entity is named: its passage, the words used, and the line around them."""

    passage_id: str
    doc_id: str
    n: int
    title: str
    text: str
    start: int
    end: int
    """Offsets of ``text`` in the passage."""
    context: str
    """The passage on one line, shortened around the mention."""
    context_start: int
    context_end: int
    """Offsets of ``text`` in ``context``."""


@dataclass(frozen=True)
class Correction:
    """A change the reader made to an entity, kept with their data and re-applied after indexing.

    ``action`` is merge (``value``: the key of the entity it joins), rename (the new name),
    retype (the new type) or hide.
    """

    id: int
    action: str
    key: str
    value: str
    made_at: float


@dataclass(frozen=True)
class EntityCard:
    """Who or what an entity is: the entity, what the text says about it, and where it is named."""

    entity: Entity
    descriptors: tuple[Statement, ...]
    quotes: tuple[Statement, ...]
    co_mentions: tuple[EntityCount, ...]
    mentions: tuple[MentionRef, ...]
    """The mentions in the first ``listed_passages`` passages naming it, in document order; the
    rest page in with ``Library.entity_mentions``."""
    corrections: tuple[Correction, ...] = ()
    """The reader's corrections that shaped this entity, oldest first."""
    namesakes: tuple[Entity, ...] = ()
    """Other entities known by one of its names: perhaps the same one (merge them), perhaps not."""
    naming_passages: int = 0
    """How many passages name it: all of them, counted, after the reader's corrections."""
    listed_passages: int = 0
    """How many of those (the first, in document order) ``mentions`` covers."""


@dataclass(frozen=True)
class EntityCount:
    """An entity with how often it occurs in a set of search results."""

    key: str
    name: str
    type: str
    count: int


@dataclass(frozen=True)
class FolderCount:
    """A folder (relative to the corpus root, "" for the root itself) and its passages in some results."""

    folder: str
    count: int


@dataclass(frozen=True)
class Highlight:
    """A span to highlight, as offsets into some text."""

    start: int
    end: int


@dataclass(frozen=True)
class Hit:
    """One ranked passage of a search."""

    passage_id: str
    doc_id: str
    n: int
    title: str
    score: float
    snippet: str
    """Plain text around the best matching terms; ``snippet_highlights`` marks the terms."""
    snippet_highlights: tuple[Highlight, ...]
    start: int
    end: int
    entity_keys: tuple[str, ...]
    date: str = ""
    """The document's date (ISO), "" when unknown."""
    page: int = 0
    """The page the passage starts on, in a paged document (PDF); 0 when unpaged."""


@dataclass(frozen=True)
class DocumentHit:
    """A document among search results, with its matching passages best first."""

    doc_id: str
    title: str
    score: float
    """The score of its best passage."""
    passages: tuple[Hit, ...]
    date: str = ""


@dataclass(frozen=True)
class SearchResult:
    """The outcome of a query: ranked hits, their entities, timing and any notice."""

    query: str
    hits: tuple[Hit, ...]
    total: int
    """Passages that match; when ``total_exact`` is False, at least that many (the search stopped)."""
    took_ms: float
    entities: tuple[EntityCount, ...] = ()
    terms: tuple[str, ...] = ()
    """The words of the query, for highlighting them elsewhere (the viewer)."""
    notice: str = ""
    suggestion: str = ""
    """A respelt query that would find more ("Inkstre" → "Inkster"), or ""."""
    folders: tuple[FolderCount, ...] = ()
    """Passages of the hits per folder: the top-level folders, or those one level below the
    query's single ``in:`` folder."""
    total_exact: bool = True
    """False when the search stopped before the end (its time limit, or cancelled)."""

    @property
    def total_label(self) -> str:
        """``total`` as a person reads it: "8525", or "at least 4096" when the search stopped."""
        return str(self.total) if self.total_exact else f"at least {self.total}"


@dataclass(frozen=True)
class DocumentView:
    """A stored document with its passages, for reading."""

    doc_id: str
    title: str
    text: str
    passages: tuple[Passage, ...]
    mentions: tuple[tuple[int, Mention], ...] = ()
    """(passage number, mention) pairs; mention offsets are relative to that passage."""
    date: str = ""
    author: str = ""
    format: str = ""
    pages: tuple[int, ...] = ()
    """Where each page starts in ``text`` (paged formats); () when unpaged."""
    parent: str = ""
    """The message an attachment came with ("" for a file of its own)."""
    fields: tuple[tuple[str, str], ...] = ()

    also_at: tuple[str, ...] = ()
    """Other files with the same bytes, indexed once as this one."""

    def page_at(self, offset: int) -> int:
        """The page (from 1) holding ``offset``; 0 for unpaged documents."""
        return page_at(self.pages, offset)


@dataclass(frozen=True)
class FileFailure:
    """A file that could not be indexed, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class IndexReport:
    """What an index build or update did."""

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: int = 0
    failed: tuple[FileFailure, ...] = ()
    skipped: tuple[FileFailure, ...] = ()
    """Files of formats sleuth does not read (images, spreadsheets…): not errors, but said."""
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds per part of the run: text (read and written), entities (found and written), merge."""
    empty: tuple[str, ...] = ()
    """Files with no text in them (empty, or nothing left once cleaned): said, not failures."""
    stopped: bool = False
    """The run was asked to stop: what it committed is kept, and the next run carries on."""
    text_pending: int = 0
    """Files still to read when the run ended (stopped runs only)."""
    entities_pending: int = 0
    """Documents searchable whose entities are still to be found."""
    repaired: str = ""
    """What the run found wrong with the index and put right ("" when nothing)."""
    duplicates: tuple[tuple[str, str], ...] = ()
    """(file, the file with the same bytes that is indexed instead) for every such file."""


PROGRESS_STAGES = ("scan", "text", "entities", "merge")
"""The parts of an index run, in order: find the files; read them and make their text searchable;
find their entities; merge the entities of the corpus."""


@dataclass(frozen=True)
class Progress:
    """Progress of an index run, reported to a callback (stages: PROGRESS_STAGES, and "waiting"
    while another process holds the index)."""

    stage: str
    done: int
    total: int
    current: str = ""
    rate: float = 0.0
    """Units (files, documents, entities) done per second in this stage so far."""
    eta_seconds: float | None = None
    """Time this stage should still take at that rate; None when not known yet."""
    committed: bool = False
    """Sent right after a commit: everything done so far can now be searched."""


@dataclass(frozen=True)
class FormatCount:
    """How many files of one format an index holds, and how many attachments of it."""

    format: str
    files: int
    attachments: int = 0


@dataclass(frozen=True)
class IndexStatus:
    """What an index holds: documents per format, and every file it could not read, with why."""

    documents: int
    """Files indexed (attachments apart)."""
    attachments: int
    passages: int
    entities: int
    formats: tuple[FormatCount, ...]
    failures: tuple[FileFailure, ...]
    skipped: tuple[FileFailure, ...]
    """Files of formats sleuth does not read."""
    empty: tuple[str, ...] = ()
    """Files with no text in them (empty, or nothing left after cleaning): not failures."""
    text_files: int = 0
    """Files searchable whose entities are still to be found (indexing was stopped, or runs)."""
    complete: bool = True
    """Every stage has run on every file, and the entities were merged from all of them."""


@dataclass(frozen=True)
class CorpusStats:
    """Counts describing an opened corpus."""

    name: str
    root: str
    documents: int
    passages: int
    entities: int
    entities_pending: int = 0
    """Documents whose entities are still being found (indexing not finished)."""
