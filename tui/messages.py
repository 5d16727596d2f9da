"""Messages that workers and widgets post; frozen dataclasses from ``index`` as payloads."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from index import CorpusStats, Entity, IndexReport, Progress, SearchResult
from index.userdata import ReadingSession, SavedSearch

from .reading import Reading


@dataclass
class SearchFinished(Message):
    """A search worker finished; the app drops it if the query has changed since."""

    result: SearchResult
    within: tuple[str, ...] = ()
    """The entity keys the search was narrowed to."""
    offset: int = 0
    """0 for a new search; else the page of further hits from this offset."""
    sort: str = "relevance"


@dataclass
class LikeFinished(Message):
    """Passages like ``passage_id`` were found."""

    passage_id: str
    result: SearchResult


@dataclass
class IndexProgressed(Message):
    """The index worker moved on; bursts coalesce so the UI never falls behind."""

    progress: Progress

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, IndexProgressed)


@dataclass
class IndexFinished(Message):
    """The index is built or up to date; ``stats`` and ``entities`` describe it now."""

    report: IndexReport | None
    stats: CorpusStats
    entities: tuple[Entity, ...]


@dataclass
class IndexCommitted(Message):
    """Indexing committed more (or, ``done``, ended with nothing new): ``stats`` and ``entities`` now."""

    stats: CorpusStats
    entities: tuple[Entity, ...]
    done: bool = False


@dataclass
class IndexRunEnded(Message):
    """An index run of the app ended (done, stopped or failed): it may watch, or run again."""


@dataclass
class DocumentLoaded(Message):
    """A document was read and prepared for the viewer, to be shown at passage ``n``."""

    reading: Reading
    n: int
    offset: int = 0
    """The character of passage ``n`` to put at the top (a resumed position)."""
    last_read: tuple[int, int] | None = None
    """(n, offset) where the reader last left this document, when that is another passage."""


@dataclass
class TermsMarked(Message):
    """The open document's words of a new query were found (``spans`` per passage, ``hits``)."""

    doc_id: str
    terms: tuple[str, ...]
    spans: tuple[tuple[tuple[int, int, str], ...], ...]
    hits: tuple[int, ...]


@dataclass
class SessionLoaded(Message):
    """What the reader had on screen when sleuth last quit (None: nothing saved)."""

    session: ReadingSession | None


@dataclass
class PassageChosen(Message):
    """The user chose a search hit: open its document at that passage."""

    doc_id: str
    n: int


@dataclass
class EntityChosen(Message):
    """The user chose an entity in the entities pane."""

    key: str
    name: str
    type: str


@dataclass
class SuggestionChosen(Message):
    """The user chose the "did you mean" respelling of the query."""

    query: str


@dataclass
class UserDataLoaded(Message):
    """The reader's history and saved searches for this corpus, freshly read."""

    history: tuple[str, ...]
    saved: tuple[SavedSearch, ...]
    notice: str = ""
    """Said once: the user-data file was damaged and set aside (its new name)."""
