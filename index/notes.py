"""Bookmarks, notes and review marks: what they are and how they are kept in ``userdata.sqlite``.

Each is anchored to the text (``doc_id#n``, a hash of the passage and its quoted words) so that
it can follow the words when the document changes (``anchoring.py``). Deleting a note only marks
it deleted, so that it can be undone; nothing the reader wrote is removed from the file.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import astuple, dataclass, fields, replace

from .citation import Citation
from .userdata import UserData

BOOKMARK, NOTE = "bookmark", "note"
NOTE_KINDS = (BOOKMARK, NOTE)
RELEVANT, IRRELEVANT, SEEN = "relevant", "irrelevant", "seen"
REVIEW_MARKS = (RELEVANT, IRRELEVANT, SEEN)

_TAG = re.compile(r"(?<![\w#])#([^\W\d_][\w-]*)")


def tags_in(text: str) -> tuple[str, ...]:
    """The ``#tags`` of a note's text, lower-cased, each once, in order."""
    return tuple(dict.fromkeys(tag.casefold() for tag in _TAG.findall(text)))


def now() -> float:
    """The time, to the microsecond (what an export writes and an import reads back)."""
    return round(time.time(), 6)


def normalise_query(query: str) -> str:
    """The form a query's review marks are kept under (spacing aside)."""
    return " ".join(query.split())


@dataclass(frozen=True)
class Note:
    """A bookmark or a note on a passage; ``text`` is the reader's words ("" for a bare bookmark)."""

    uid: str
    kind: str
    doc_id: str
    n: int
    passage_hash: str
    quote: str
    """The passage's text when the note was made: what it is about, kept even if the document changes."""
    title: str
    date: str
    page: int | None
    text: str
    anchor: str
    """``ok``, ``moved`` (the quoted words changed; ``n`` is the passage most like them) or ``gone``."""
    created_at: float
    updated_at: float

    @property
    def passage_id(self) -> str:
        return f"{self.doc_id}#{self.n}"

    @property
    def tags(self) -> tuple[str, ...]:
        return tags_in(self.text)

    @property
    def citation(self) -> Citation:
        return Citation(self.title, self.passage_id, self.quote, self.page, self.date)


@dataclass(frozen=True)
class ReviewMark:
    """How the reader judged one result of a query: relevant, irrelevant or seen."""

    query: str
    doc_id: str
    n: int
    mark: str
    passage_hash: str
    quote: str
    title: str
    date: str
    page: int | None
    anchor: str
    marked_at: float

    @property
    def passage_id(self) -> str:
        return f"{self.doc_id}#{self.n}"

    @property
    def citation(self) -> Citation:
        return Citation(self.title, self.passage_id, self.quote, self.page, self.date)


_NOTE_COLUMNS = ", ".join(f.name for f in fields(Note))
_REVIEW_COLUMNS = ", ".join(f.name for f in fields(ReviewMark))
"""The table columns are the dataclass fields, in order."""
_NOTE_SLOTS = ", ".join("?" * (len(fields(Note)) + 1))
_REVIEW_SLOTS = ", ".join("?" * (len(fields(ReviewMark)) + 1))


class NoteStore:
    """The SQL of notes and review marks for one corpus, over the reader's UserData."""

    def __init__(self, user: UserData) -> None:
        self.user = user
        self.corpus = user.corpus

    # -- notes --------------------------------------------------------------------------------
    def notes(self, doc_id: str | None = None, deleted: bool = False) -> tuple[Note, ...]:
        """Live notes (or only deleted ones), newest first; only those on ``doc_id`` when given."""
        where = "corpus = ? AND deleted_at IS " + ("NOT NULL" if deleted else "NULL")
        parameters: tuple[object, ...] = (self.corpus,)
        if doc_id is not None:
            where += " AND doc_id = ?"
            parameters += (doc_id,)
        rows = self.user.read(f"SELECT {_NOTE_COLUMNS} FROM note WHERE {where} ORDER BY created_at DESC", parameters)
        return tuple(Note(*row) for row in rows)  # type: ignore[arg-type]

    def note(self, uid: str) -> Note | None:
        rows = self.user.read(f"SELECT {_NOTE_COLUMNS} FROM note WHERE corpus = ? AND uid = ?", (self.corpus, uid))
        return Note(*rows[0]) if rows else None  # type: ignore[arg-type]

    def add(self, note: Note) -> Note:
        self.user.write(lambda db: _insert_note(db, self.corpus, note))
        return note

    def set_text(self, uid: str, text: str, if_updated_at: float | None = None) -> bool:
        """Replace a live note's text; with ``if_updated_at``, only if nobody changed (or deleted)
        it since that time. False when it was not replaced."""
        where = "corpus = ? AND uid = ? AND deleted_at IS NULL"
        parameters: tuple[object, ...] = (text, now(), self.corpus, uid)
        if if_updated_at is not None:
            where += " AND updated_at = ?"
            parameters += (if_updated_at,)
        cursor = self.user.write(
            lambda db: db.execute(f"UPDATE note SET text = ?, updated_at = ? WHERE {where}", parameters)
        )
        return cursor.rowcount > 0

    def set_deleted(self, uid: str, deleted: bool) -> bool:
        """Delete (or restore) a note; False when there is no such note in that state."""
        state = "IS NULL" if deleted else "IS NOT NULL"
        cursor = self.user.write(
            lambda db: db.execute(
                f"UPDATE note SET deleted_at = ? WHERE corpus = ? AND uid = ? AND deleted_at {state}",
                (now() if deleted else None, self.corpus, uid),
            )
        )
        return cursor.rowcount > 0

    def merge(self, notes: Iterable[Note]) -> int:
        """Add ``notes`` (an import) in one transaction: a note already kept is replaced only by a
        newer version of itself, and one deleted since comes back. Returns how many changed."""

        def change(db: sqlite3.Connection) -> int:
            changed = 0
            for note in notes:
                row = db.execute("SELECT updated_at, deleted_at FROM note WHERE uid = ?", (note.uid,)).fetchone()
                if row is None:
                    _insert_note(db, self.corpus, note)
                elif note.updated_at > row[0]:
                    db.execute("DELETE FROM note WHERE uid = ?", (note.uid,))
                    _insert_note(db, self.corpus, note)
                elif row[1] is not None:  # deleted here since it was exported: the import brings it back
                    db.execute("UPDATE note SET deleted_at = NULL WHERE uid = ?", (note.uid,))
                else:
                    continue
                changed += 1
            return changed

        return self.user.write(change)

    # -- review marks -------------------------------------------------------------------------
    def reviews(self, query: str | None = None, doc_id: str | None = None) -> tuple[ReviewMark, ...]:
        """Review marks (of ``query``, or on ``doc_id``), oldest first."""
        where, parameters = "corpus = ?", [self.corpus]
        if query is not None:
            where += " AND query = ?"
            parameters.append(normalise_query(query))
        if doc_id is not None:
            where += " AND doc_id = ?"
            parameters.append(doc_id)
        rows = self.user.read(
            f"SELECT {_REVIEW_COLUMNS} FROM review WHERE {where} ORDER BY marked_at", tuple(parameters)
        )
        return tuple(ReviewMark(*row) for row in rows)  # type: ignore[arg-type]

    def review_mark(self, query: str, doc_id: str, n: int) -> str | None:
        """The mark of one result of ``query``, or None."""
        rows = self.user.read(
            "SELECT mark FROM review WHERE corpus = ? AND query = ? AND doc_id = ? AND n = ?",
            (self.corpus, normalise_query(query), doc_id, n),
        )
        return str(rows[0][0]) if rows else None

    def set_review(self, mark: ReviewMark) -> None:
        self.user.write(lambda db: _insert_review(db, self.corpus, mark))

    def clear_review(self, query: str, doc_id: str, n: int) -> bool:
        cursor = self.user.write(
            lambda db: db.execute(
                "DELETE FROM review WHERE corpus = ? AND query = ? AND doc_id = ? AND n = ?",
                (self.corpus, normalise_query(query), doc_id, n),
            )
        )
        return cursor.rowcount > 0

    def merge_reviews(self, marks: Iterable[ReviewMark]) -> int:
        """Add imported marks in one transaction; a later mark of the same result wins."""

        def change(db: sqlite3.Connection) -> int:
            changed = 0
            for mark in marks:
                row = db.execute(
                    "SELECT marked_at FROM review WHERE corpus = ? AND query = ? AND doc_id = ? AND n = ?",
                    (self.corpus, normalise_query(mark.query), mark.doc_id, mark.n),
                ).fetchone()
                if row is None or mark.marked_at > row[0]:
                    _insert_review(db, self.corpus, mark)
                    changed += 1
            return changed

        return self.user.write(change)

    # -- anchors ------------------------------------------------------------------------------
    def move(self, notes: Iterable[Note], marks: Iterable[tuple[ReviewMark, ReviewMark]]) -> None:
        """Keep where notes and marks (each as it was, and as it is now) point after re-anchoring,
        in one transaction."""
        notes, marks = list(notes), list(marks)

        def change(db: sqlite3.Connection) -> None:
            for note in notes:
                db.execute(
                    "UPDATE note SET n = ?, anchor = ?, title = ?, date = ?, page = ? WHERE corpus = ? AND uid = ?",
                    (note.n, note.anchor, note.title, note.date, note.page, self.corpus, note.uid),
                )
            for old, _ in marks:
                db.execute(
                    "DELETE FROM review WHERE corpus = ? AND query = ? AND doc_id = ? AND n = ?",
                    (self.corpus, old.query, old.doc_id, old.n),
                )
            for _, new in marks:
                _insert_review(db, self.corpus, new)

        self.user.write(change)


def _insert_note(db: sqlite3.Connection, corpus: str, note: Note) -> None:
    db.execute(f"INSERT INTO note (corpus, {_NOTE_COLUMNS}) VALUES ({_NOTE_SLOTS})", (corpus, *astuple(note)))


def _insert_review(db: sqlite3.Connection, corpus: str, mark: ReviewMark) -> None:
    row = (corpus, *astuple(replace(mark, query=normalise_query(mark.query))))
    db.execute(f"INSERT OR REPLACE INTO review (corpus, {_REVIEW_COLUMNS}) VALUES ({_REVIEW_SLOTS})", row)
