"""The reader's own data, per corpus, in one SQLite file apart from the index.

History, saved searches, entity corrections, bookmarks, notes (and drafts of notes being written)
and review marks live in ``userdata.sqlite`` (the index can be deleted and rebuilt at any time;
this file never is):

* a schema version (``PRAGMA user_version``) with migrations that only add, run in one
  transaction after a copy of the old file is kept beside it;
* WAL mode and a busy timeout, so two sleuth processes can write at once and lose nothing;
* one ``BEGIN IMMEDIATE`` transaction per change (a writer takes the lock before it reads, so
  two writers queue instead of failing);
* a damaged file is never overwritten: it is set aside under a new name, a one-line warning
  names both, and a fresh file is started.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from .models import Correction

log = logging.getLogger("sleuth")

HISTORY_KEPT = 500
"""Most recent distinct queries kept per corpus."""
POSITIONS_KEPT = 5000
"""Documents whose last reading position is kept per corpus (the most recently read)."""
BUSY_TIMEOUT_SECONDS = 15.0
"""How long a write waits for another process's transaction before giving up."""

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: the tables of the first releases, which had no version (IF NOT EXISTS keeps their rows).
    (
        "CREATE TABLE IF NOT EXISTS history (corpus TEXT NOT NULL, query TEXT NOT NULL, used_at REAL NOT NULL,"
        " PRIMARY KEY (corpus, query))",
        "CREATE TABLE IF NOT EXISTS saved_search (corpus TEXT NOT NULL, name TEXT NOT NULL, query TEXT NOT NULL,"
        " saved_at REAL NOT NULL, PRIMARY KEY (corpus, name))",
        "CREATE TABLE IF NOT EXISTS correction (id INTEGER PRIMARY KEY AUTOINCREMENT, corpus TEXT NOT NULL,"
        " action TEXT NOT NULL, entity TEXT NOT NULL, value TEXT NOT NULL, made_at REAL NOT NULL)",
    ),
    # 2: bookmarks and notes, anchored to the text; review marks of search results per query.
    (
        "CREATE TABLE note (uid TEXT PRIMARY KEY, corpus TEXT NOT NULL, kind TEXT NOT NULL,"
        " doc_id TEXT NOT NULL, n INTEGER NOT NULL, passage_hash TEXT NOT NULL, quote TEXT NOT NULL,"
        " title TEXT NOT NULL, date TEXT NOT NULL, page INTEGER, text TEXT NOT NULL, anchor TEXT NOT NULL,"
        " created_at REAL NOT NULL, updated_at REAL NOT NULL, deleted_at REAL)",
        "CREATE INDEX note_by_document ON note (corpus, doc_id)",
        "CREATE TABLE review (corpus TEXT NOT NULL, query TEXT NOT NULL, doc_id TEXT NOT NULL, n INTEGER NOT NULL,"
        " mark TEXT NOT NULL, passage_hash TEXT NOT NULL, quote TEXT NOT NULL, title TEXT NOT NULL,"
        " date TEXT NOT NULL, page INTEGER, anchor TEXT NOT NULL, marked_at REAL NOT NULL,"
        " PRIMARY KEY (corpus, query, doc_id, n))",
        "CREATE INDEX review_by_document ON review (corpus, doc_id)",
    ),
    # 3: where the reader is: each document's last position, and the session to resume on start.
    (
        "CREATE TABLE reading_position (corpus TEXT NOT NULL, doc_id TEXT NOT NULL, n INTEGER NOT NULL,"
        " char_offset INTEGER NOT NULL, read_at REAL NOT NULL, PRIMARY KEY (corpus, doc_id))",
        "CREATE TABLE session (corpus TEXT PRIMARY KEY, query TEXT NOT NULL, doc_id TEXT NOT NULL,"
        " n INTEGER NOT NULL, char_offset INTEGER NOT NULL, saved_at REAL NOT NULL)",
    ),
    # 4: drafts of notes being written, so a killed process loses at most a second of typing.
    (
        "CREATE TABLE note_draft (corpus TEXT NOT NULL, key TEXT NOT NULL, passage_id TEXT NOT NULL,"
        " text TEXT NOT NULL, typed_at REAL NOT NULL, closed_at REAL NOT NULL, PRIMARY KEY (corpus, key))",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)
"""The user-data format this sleuth writes; an older file is migrated on open."""

_DAMAGED = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}
Result = TypeVar("Result")


class UserDataError(RuntimeError):
    """The user-data file cannot be used right now (busy, read-only, disk full); one line says why."""


@dataclass(frozen=True)
class ReadingSession:
    """What the reader had on screen when they left: the query, and the document at passage ``n``
    (its character ``offset`` at the top); ``doc_id`` is "" when no document was open."""

    query: str
    doc_id: str = ""
    n: int = 0
    offset: int = 0


@dataclass(frozen=True)
class SavedSearch:
    """A query the reader named and kept."""

    name: str
    query: str
    saved_at: float


def default_path() -> Path:
    """``$SLEUTH_HOME/userdata.sqlite``, else the per-user data folder's."""
    home = os.environ.get("SLEUTH_HOME")
    if home:
        return Path(home).expanduser() / "userdata.sqlite"
    from platformdirs import user_data_path

    return user_data_path("sleuth", appauthor=False) / "userdata.sqlite"


def is_damage(error: sqlite3.DatabaseError) -> bool:
    """True when SQLite says the file itself is broken (not merely busy or read-only)."""
    return getattr(error, "sqlite_errorcode", None) in _DAMAGED or "malformed" in str(error)


class UserData:
    """The reader's data for one corpus (``corpus`` is its resolved folder path)."""

    def __init__(self, corpus: str, path: Path | None = None) -> None:
        self.corpus = corpus
        self.path = path or default_path()
        self.notice = ""
        """Said once to the reader: a damaged file was set aside (empty when all is well)."""
        self._lock = threading.RLock()
        self._connection: sqlite3.Connection | None = None

    # -- the connection ---------------------------------------------------------------------------
    def _db(self) -> sqlite3.Connection:
        if self._connection is None:
            try:
                self._connection = self._open()
            except sqlite3.DatabaseError as error:
                if not is_damage(error):
                    raise UserDataError(f"cannot open {self.path}: {error}") from error
                self._set_aside(error)
                self._connection = self._open()
        return self._connection

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        existed = self.path.exists() and self.path.stat().st_size > 0
        # isolation_level=None: transactions are begun explicitly, IMMEDIATE, one per change.
        connection = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
        )
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            (check,) = connection.execute("PRAGMA quick_check").fetchone()
            if check != "ok":
                raise sqlite3.DatabaseError(f"database disk image is malformed ({check})")
            self._migrate(connection, existed)
        except BaseException:
            connection.close()
            raise
        return connection

    def _migrate(self, connection: sqlite3.Connection, existed: bool) -> None:
        (version,) = connection.execute("PRAGMA user_version").fetchone()
        if version >= SCHEMA_VERSION:
            return  # current, or written by a newer sleuth: migrations only add, so its tables serve
        if existed:
            self._keep_copy(connection, version)
        connection.execute("BEGIN IMMEDIATE")
        try:
            (version,) = connection.execute("PRAGMA user_version").fetchone()  # another process may have won
            for statements in MIGRATIONS[version:]:
                for statement in statements:
                    connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    def _keep_copy(self, connection: sqlite3.Connection, version: int) -> None:
        """Copy the file as it was before migrating it (``userdata.sqlite.v0``): an upgrade loses nothing."""
        copy = self.path.with_name(f"{self.path.name}.v{version}")
        if not copy.exists():
            with sqlite3.connect(copy) as target:
                connection.backup(target)
            target.close()

    def _set_aside(self, error: sqlite3.DatabaseError) -> None:
        """Move a damaged file (and its WAL) out of the way under a new name; never delete it."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{self.path}{suffix}")
            if source.exists():
                shutil.move(source, f"{aside}{suffix}")
        self.notice = f"{self.path} was damaged ({error}); kept it as {aside.name} and started a new one"
        log.warning(self.notice)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One change, all or nothing: ``BEGIN IMMEDIATE`` … ``COMMIT`` under the thread lock."""
        with self._lock:
            db = self._db()
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def write(self, change: Callable[[sqlite3.Connection], Result]) -> Result:
        """Run ``change`` in its own transaction."""

        def run() -> Result:
            with self.transaction() as db:
                return change(db)

        return self._guarded(run, "write")

    def read(self, sql: str, parameters: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        """The rows of one query (a consistent snapshot in WAL mode)."""

        def run() -> list[tuple[object, ...]]:
            with self._lock:
                return self._db().execute(sql, parameters).fetchall()

        return self._guarded(run, "read")

    def _guarded(self, run: Callable[[], Result], doing: str) -> Result:
        """``run``; a file found damaged meanwhile is set aside and ``run`` tried once on a fresh
        one; busy, read-only or full becomes one UserDataError line naming the file."""
        try:
            try:
                return run()
            except sqlite3.DatabaseError as error:
                if not is_damage(error) or self._connection is None:
                    raise
                with self._lock:
                    self.close()
                    self._set_aside(error)
                return run()
        except sqlite3.DatabaseError as error:
            raise UserDataError(f"cannot {doing} {self.path}: {error}") from error

    # -- history and saved searches -----------------------------------------------------------
    def record_query(self, query: str) -> None:
        """Remember ``query`` as the most recent (a repeated query moves to the front)."""
        query = query.strip()
        if not query:
            return

        def change(db: sqlite3.Connection) -> None:
            db.execute(
                "INSERT INTO history VALUES (?, ?, ?) "
                "ON CONFLICT (corpus, query) DO UPDATE SET used_at = excluded.used_at",
                (self.corpus, query, time.time()),
            )
            db.execute(
                "DELETE FROM history WHERE corpus = ? AND query NOT IN "
                "(SELECT query FROM history WHERE corpus = ? ORDER BY used_at DESC LIMIT ?)",
                (self.corpus, self.corpus, HISTORY_KEPT),
            )

        self.write(change)

    def history(self, limit: int = 100) -> tuple[str, ...]:
        """Past queries, most recent first."""
        rows = self.read(
            "SELECT query FROM history WHERE corpus = ? ORDER BY used_at DESC LIMIT ?", (self.corpus, limit)
        )
        return tuple(str(query) for (query,) in rows)

    def save_search(self, name: str, query: str) -> None:
        """Keep ``query`` under ``name`` (replacing a saved search of that name)."""
        row = (self.corpus, name.strip(), query.strip(), time.time())
        self.write(lambda db: db.execute("INSERT OR REPLACE INTO saved_search VALUES (?, ?, ?, ?)", row))

    def saved_searches(self) -> tuple[SavedSearch, ...]:
        """Saved searches, most recently saved first."""
        rows = self.read(
            "SELECT name, query, saved_at FROM saved_search WHERE corpus = ? ORDER BY saved_at DESC", (self.corpus,)
        )
        return tuple(SavedSearch(str(name), str(query), float(str(at))) for name, query, at in rows)

    def delete_saved_search(self, name: str) -> bool:
        """Forget a saved search; False when there was none of that name."""
        cursor = self.write(
            lambda db: db.execute("DELETE FROM saved_search WHERE corpus = ? AND name = ?", (self.corpus, name))
        )
        return cursor.rowcount > 0

    # -- entity corrections -------------------------------------------------------------------
    def add_correction(self, action: str, key: str, value: str = "") -> Correction:
        """Keep a correction to the entity ``key`` (see ``corrections.py`` for the actions)."""
        made_at = time.time()
        cursor = self.write(
            lambda db: db.execute(
                "INSERT INTO correction (corpus, action, entity, value, made_at) VALUES (?, ?, ?, ?, ?)",
                (self.corpus, action, key, value, made_at),
            )
        )
        return Correction(int(cursor.lastrowid or 0), action, key, value, made_at)

    def corrections(self) -> tuple[Correction, ...]:
        """The corpus's corrections, oldest first (the order they are applied in)."""
        rows = self.read(
            "SELECT id, action, entity, value, made_at FROM correction WHERE corpus = ? ORDER BY id", (self.corpus,)
        )
        return tuple(Correction(*row) for row in rows)  # type: ignore[arg-type]

    def undo_correction(self, correction_id: int | None = None) -> Correction | None:
        """Take back a correction (the most recent by default); None when there is no such one."""

        def change(db: sqlite3.Connection) -> Correction | None:
            row = db.execute(
                "SELECT id, action, entity, value, made_at FROM correction WHERE corpus = ? AND id = coalesce(?, id) "
                "ORDER BY id DESC LIMIT 1",
                (self.corpus, correction_id),
            ).fetchone()
            if row is None:
                return None
            db.execute("DELETE FROM correction WHERE id = ?", (row[0],))
            return Correction(*row)

        return self.write(change)

    # -- reading positions and the session ------------------------------------------------------
    def save_position(self, doc_id: str, n: int, offset: int) -> None:
        """Remember that the reader of ``doc_id`` was at passage ``n``, character ``offset`` of it."""

        def change(db: sqlite3.Connection) -> None:
            db.execute(
                "INSERT OR REPLACE INTO reading_position VALUES (?, ?, ?, ?, ?)",
                (self.corpus, doc_id, n, offset, time.time()),
            )
            db.execute(
                "DELETE FROM reading_position WHERE corpus = ? AND doc_id NOT IN (SELECT doc_id FROM "
                "reading_position WHERE corpus = ? ORDER BY read_at DESC LIMIT ?)",
                (self.corpus, self.corpus, POSITIONS_KEPT),
            )

        self.write(change)

    def position(self, doc_id: str) -> tuple[int, int] | None:
        """(passage n, offset) where the reader last was in ``doc_id``, or None."""
        rows = self.read(
            "SELECT n, char_offset FROM reading_position WHERE corpus = ? AND doc_id = ?", (self.corpus, doc_id)
        )
        return (int(str(rows[0][0])), int(str(rows[0][1]))) if rows else None

    def save_session(self, session: ReadingSession) -> None:
        """Keep what the reader has on screen, to resume it on the next start."""
        row = (self.corpus, session.query, session.doc_id, session.n, session.offset, time.time())
        self.write(lambda db: db.execute("INSERT OR REPLACE INTO session VALUES (?, ?, ?, ?, ?, ?)", row))

    def session(self) -> ReadingSession | None:
        """The session saved last for this corpus, or None."""
        rows = self.read("SELECT query, doc_id, n, char_offset FROM session WHERE corpus = ?", (self.corpus,))
        if not rows:
            return None
        query, doc_id, n, offset = rows[0]
        return ReadingSession(str(query), str(doc_id), int(str(n)), int(str(offset)))

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None
