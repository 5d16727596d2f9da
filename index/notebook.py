"""The reader's notebook on one corpus: bookmarks, notes and review marks, kept on their text.

Re-anchoring runs when notes are read: the first time a document's notes or marks are needed in a
Library's life (and again after an update), they are checked against the document as the index
holds it now, and any that moved are written back in one transaction. It depends on nothing the
indexer does, so notes stay right whichever process re-indexed, and whenever.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from .anchoring import GONE, OK, locate, passage_hash
from .citation import Citation
from .drafts import Drafts
from .errors import NotFound
from .models import DocumentView, Passage
from .notes import BOOKMARK, NOTE, REVIEW_MARKS, Note, NoteStore, ReviewMark, normalise_query, now
from .userdata import UserData

DocumentReader = Callable[[str], DocumentView | None]
"""A document as the index holds it now, or None when the index has no such document."""


@dataclass(frozen=True)
class NotesExport:
    """Everything the reader keeps on a corpus, for export: notes newest first, marks oldest first."""

    corpus: str
    notes: tuple[Note, ...]
    reviews: tuple[ReviewMark, ...]


def page_of(passage: Passage) -> int | None:
    """The page a passage starts on in a paged document (PDF); None when unpaged."""
    return passage.page or None


def cite(document: DocumentView, passage: Passage) -> Citation:
    """The citation of ``passage`` of ``document``."""
    return Citation(document.title, passage.passage_id, passage.text, page_of(passage), document.date)


def split_passage_id(passage_id: str) -> tuple[str, int]:
    doc_id, _, number = passage_id.rpartition("#")
    if not doc_id or not number.isdigit():
        raise NotFound(f"not a passage id (DOC_ID#N): {passage_id!r}")
    return doc_id, int(number)


class Notebook:
    """Bookmarks, notes and review marks of one corpus, anchored to the index's documents."""

    def __init__(
        self, user: UserData, read: DocumentReader, is_built: Callable[[], bool], on_disk: Callable[[str], bool]
    ) -> None:
        self.store = NoteStore(user)
        self.drafts = Drafts(user)
        """What the reader typed in the note editor and has not saved yet."""
        self._read = read
        self._is_built = is_built
        self._on_disk = on_disk
        """Is the file of a document still in the corpus folder? (Not in the index is not gone:
        a rebuild may not have reached it yet.)"""
        self._checked: set[str] = set()
        """Documents whose notes were checked against the index since it last changed."""
        self._lock = threading.Lock()

    def forget_anchors(self) -> None:
        """The index changed: check every document's notes again when next read."""
        with self._lock:
            self._checked.clear()

    # -- reading ------------------------------------------------------------------------------
    def notes(self) -> tuple[Note, ...]:
        """Every live bookmark and note, newest first, each where its text is now."""
        self._check(note.doc_id for note in self.store.notes())
        return self.store.notes()

    def notes_in(self, document: DocumentView) -> tuple[Note, ...]:
        """The live notes on ``document`` (as just read), for marking its passages."""
        self._check([document.doc_id], {document.doc_id: document})
        return self.store.notes(document.doc_id)

    def note_on(self, passage_id: str) -> Note | None:
        """The note (not a bookmark) on a passage, to edit it (the newest, if another window kept
        a second one); None when it has none."""
        return next(iter(self.notes_on(passage_id)), None)

    def notes_on(self, passage_id: str) -> tuple[Note, ...]:
        """Every note (not bookmarks) on a passage, newest first."""
        doc_id, n = split_passage_id(passage_id)
        self._check([doc_id])
        return tuple(x for x in self.store.notes(doc_id) if x.kind == NOTE and x.n == n)

    def reviews(self, query: str | None = None) -> tuple[ReviewMark, ...]:
        """Review marks (of ``query``), oldest first, each where its text is now."""
        self._check(mark.doc_id for mark in self.store.reviews(query))
        return self.store.reviews(query)

    def review_marks(self, query: str) -> dict[str, str]:
        """``passage_id`` → the mark the reader gave that result of ``query``."""
        return {mark.passage_id: mark.mark for mark in self.reviews(query)}

    def citation(self, passage_id: str) -> Citation:
        """The citation of a passage: title, ``doc_id#n``, page, date and its text."""
        return cite(*self._passage(passage_id))

    def margin_marks(self, document: DocumentView) -> dict[int, str]:
        """Passage n → ``bookmark``, ``note`` or ``both``: what the viewer marks in the margin."""
        marks: dict[int, set[str]] = {}
        for note in self.notes_in(document):
            marks.setdefault(note.n, set()).add(note.kind)
        return {n: kinds.pop() if len(kinds) == 1 else "both" for n, kinds in marks.items()}

    def export(self) -> NotesExport:
        return NotesExport(self.store.corpus, self.notes(), self.reviews())

    # -- changing -----------------------------------------------------------------------------
    def toggle_bookmark(self, passage_id: str) -> Note | None:
        """Bookmark a passage; if it is bookmarked already, remove that bookmark (None)."""
        document, passage = self._passage(passage_id)
        for note in self.store.notes(document.doc_id):
            if note.kind == BOOKMARK and note.n == passage.n:
                self.store.set_deleted(note.uid, True)
                return None
        return self.store.add(self._new(BOOKMARK, document, passage, ""))

    def annotate(self, passage_id: str, text: str, based_on: float | None = None) -> Note | None:
        """Write the note on a passage (replacing its text); empty text deletes it (None).

        ``based_on`` is when the note the reader edited was last changed (0 for no note): if another
        sleuth window changed it since, this text becomes a note of its own and both are kept."""
        document, passage = self._passage(passage_id)
        existing = next((x for x in self.store.notes(document.doc_id) if x.kind == NOTE and x.n == passage.n), None)
        if existing is None:
            return self.store.add(self._new(NOTE, document, passage, text)) if text.strip() else None
        if existing.text == text:
            return existing
        changed_elsewhere = based_on is not None and existing.updated_at != based_on
        if not text.strip():
            if not changed_elsewhere:  # never delete words the reader has not seen
                self.store.set_deleted(existing.uid, True)
            return None
        if changed_elsewhere or not self.store.set_text(existing.uid, text, based_on):
            return self.store.add(self._new(NOTE, document, passage, text))
        return self.store.note(existing.uid)

    def edit(self, uid: str, text: str, based_on: float | None = None) -> Note | None:
        """Replace the text of a bookmark or note (tags included); None when there is no such note.
        With ``based_on`` (when the reader's copy was last changed), a note changed or deleted by
        another window since is kept as it is and this text is kept beside it, as a copy."""
        note = self.store.note(uid)
        if note is None or note.text == text:
            return note
        if self.store.set_text(uid, text, based_on):
            return self.store.note(uid)
        made = now()
        return self.store.add(replace(note, uid=uuid.uuid4().hex, text=text, created_at=made, updated_at=made))

    def delete(self, uid: str) -> bool:
        """Delete a bookmark or note (``restore`` undoes it); False when there was no such one."""
        return self.store.set_deleted(uid, True)

    def restore(self, uid: str) -> bool:
        """Bring a deleted bookmark or note back."""
        restored = self.store.set_deleted(uid, False)
        note = self.store.note(uid)
        if restored and note is not None:
            with self._lock:
                self._checked.discard(note.doc_id)
        return restored

    def mark_result(self, query: str, passage_id: str, mark: str) -> str:
        """Mark a result of ``query`` (relevant, irrelevant, seen); giving it the mark it has
        takes the mark away. Returns the result's mark now ("" for none)."""
        if mark not in REVIEW_MARKS:
            raise ValueError(f"a review mark is one of {', '.join(REVIEW_MARKS)}, not {mark!r}")
        query = normalise_query(query)
        document, passage = self._passage(passage_id)
        if self.store.review_mark(query, document.doc_id, passage.n) == mark:
            self.store.clear_review(query, document.doc_id, passage.n)
            return ""
        self.store.set_review(
            ReviewMark(
                query,
                document.doc_id,
                passage.n,
                mark,
                passage_hash(passage.text),
                passage.text,
                document.title,
                document.date,
                page_of(passage),
                OK,
                now(),
            )
        )
        return mark

    def merge(self, notes: Iterable[Note], reviews: Iterable[ReviewMark]) -> tuple[int, int]:
        """Take in imported notes and marks (a newer version wins); how many of each changed."""
        changed = self.store.merge(notes), self.store.merge_reviews(reviews)
        self.forget_anchors()
        return changed

    # -- anchors ------------------------------------------------------------------------------
    def _passage(self, passage_id: str) -> tuple[DocumentView, Passage]:
        doc_id, n = split_passage_id(passage_id)
        document = self._read(doc_id)
        if document is None:
            raise NotFound(f"no document {doc_id!r}")
        if not 1 <= n <= len(document.passages):
            raise NotFound(f"{doc_id} has passages 1 to {len(document.passages)}, not {n}")
        self._check([doc_id], {doc_id: document})  # notes already there point where they are now
        return document, document.passages[n - 1]

    def _new(self, kind: str, document: DocumentView, passage: Passage, text: str) -> Note:
        made = now()
        return Note(
            uuid.uuid4().hex,
            kind,
            document.doc_id,
            passage.n,
            passage_hash(passage.text),
            passage.text,
            document.title,
            document.date,
            page_of(passage),
            text,
            OK,
            made,
            made,
        )

    def _check(self, doc_ids: Iterable[str], read: dict[str, DocumentView] | None = None) -> None:
        """Re-anchor the notes and marks of documents not checked since the index last changed."""
        with self._lock:
            pending = [doc_id for doc_id in dict.fromkeys(doc_ids) if doc_id not in self._checked]
        if not pending or not self._is_built():
            return  # without an index, notes stay as they were kept
        for doc_id in pending:
            document = (read or {}).get(doc_id) or self._read(doc_id)
            if document is None and self._on_disk(doc_id):
                continue  # being indexed (or failed to read): its notes stay as they were, checked later
            self._reanchor(doc_id, document)
            with self._lock:
                self._checked.add(doc_id)

    def _reanchor(self, doc_id: str, document: DocumentView | None) -> None:
        texts = [p.text for p in document.passages] if document else []

        def placed(n: int, hashed: str, quote: str) -> dict[str, object]:
            if document is None:
                return {"anchor": GONE}
            anchor = locate(n, hashed, quote, texts)
            now_at: dict[str, object] = {"anchor": anchor.state, "title": document.title, "date": document.date}
            if anchor.state != GONE:  # a gone note keeps the number and page its words had
                now_at.update(n=anchor.n, page=page_of(document.passages[anchor.n - 1]))
            return now_at

        notes = []
        for note in self.store.notes(doc_id):
            placed_note = replace(note, **placed(note.n, note.passage_hash, note.quote))  # type: ignore[arg-type]
            if placed_note != note:
                notes.append(placed_note)
        marks = []
        for mark in self.store.reviews(doc_id=doc_id):
            placed_mark = replace(mark, **placed(mark.n, mark.passage_hash, mark.quote))  # type: ignore[arg-type]
            if placed_mark != mark:
                marks.append((mark, placed_mark))
        if notes or marks:
            self.store.move(notes, marks)
