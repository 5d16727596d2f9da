"""The reader's own data: search history, saved searches and entity corrections, per corpus, in SQLite.

User data lives apart from the index (which can be deleted and rebuilt at any time) in one
SQLite file, written in transactions, so a crash or a re-index never loses it.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .models import Correction

HISTORY_KEPT = 500
"""Most recent distinct queries kept per corpus."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS history (
    corpus TEXT NOT NULL,
    query TEXT NOT NULL,
    used_at REAL NOT NULL,
    PRIMARY KEY (corpus, query)
);
CREATE TABLE IF NOT EXISTS saved_search (
    corpus TEXT NOT NULL,
    name TEXT NOT NULL,
    query TEXT NOT NULL,
    saved_at REAL NOT NULL,
    PRIMARY KEY (corpus, name)
);
CREATE TABLE IF NOT EXISTS correction (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    corpus TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    value TEXT NOT NULL,
    made_at REAL NOT NULL
);
"""


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


class UserData:
    """History and saved searches of one corpus (``corpus`` is its resolved folder path)."""

    def __init__(self, corpus: str, path: Path | None = None) -> None:
        self.corpus = corpus
        self.path = path or default_path()
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None

    def _db(self) -> sqlite3.Connection:
        if self._connection is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, check_same_thread=False, timeout=5)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.executescript(_SCHEMA)
            self._connection = connection
        return self._connection

    def record_query(self, query: str) -> None:
        """Remember ``query`` as the most recent (a repeated query moves to the front)."""
        query = query.strip()
        if not query:
            return
        with self._lock, self._db() as db:
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

    def history(self, limit: int = 100) -> tuple[str, ...]:
        """Past queries, most recent first."""
        with self._lock:
            rows = self._db().execute(
                "SELECT query FROM history WHERE corpus = ? ORDER BY used_at DESC LIMIT ?", (self.corpus, limit)
            )
            return tuple(query for (query,) in rows)

    def save_search(self, name: str, query: str) -> None:
        """Keep ``query`` under ``name`` (replacing a saved search of that name)."""
        with self._lock, self._db() as db:
            db.execute(
                "INSERT OR REPLACE INTO saved_search VALUES (?, ?, ?, ?)",
                (self.corpus, name.strip(), query.strip(), time.time()),
            )

    def saved_searches(self) -> tuple[SavedSearch, ...]:
        """Saved searches, most recently saved first."""
        with self._lock:
            rows = self._db().execute(
                "SELECT name, query, saved_at FROM saved_search WHERE corpus = ? ORDER BY saved_at DESC",
                (self.corpus,),
            )
            return tuple(SavedSearch(*row) for row in rows)

    def delete_saved_search(self, name: str) -> bool:
        """Forget a saved search; False when there was none of that name."""
        with self._lock, self._db() as db:
            cursor = db.execute("DELETE FROM saved_search WHERE corpus = ? AND name = ?", (self.corpus, name))
            return cursor.rowcount > 0

    def add_correction(self, action: str, key: str, value: str = "") -> Correction:
        """Keep a correction to the entity ``key`` (see ``corrections.py`` for the actions)."""
        made_at = time.time()
        with self._lock, self._db() as db:
            cursor = db.execute(
                "INSERT INTO correction (corpus, action, entity, value, made_at) VALUES (?, ?, ?, ?, ?)",
                (self.corpus, action, key, value, made_at),
            )
        return Correction(int(cursor.lastrowid or 0), action, key, value, made_at)

    def corrections(self) -> tuple[Correction, ...]:
        """The corpus's corrections, oldest first (the order they are applied in)."""
        with self._lock:
            rows = self._db().execute(
                "SELECT id, action, entity, value, made_at FROM correction WHERE corpus = ? ORDER BY id",
                (self.corpus,),
            )
            return tuple(Correction(*row) for row in rows)

    def undo_correction(self, correction_id: int | None = None) -> Correction | None:
        """Take back a correction (the most recent by default); None when there is no such one."""
        with self._lock, self._db() as db:
            row = db.execute(
                "SELECT id, action, entity, value, made_at FROM correction WHERE corpus = ? AND id = coalesce(?, id) "
                "ORDER BY id DESC LIMIT 1",
                (self.corpus, correction_id),
            ).fetchone()
            if row is None:
                return None
            db.execute("DELETE FROM correction WHERE id = ?", (row[0],))
            return Correction(*row)

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None
