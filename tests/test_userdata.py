"""The reader's data: history and saved searches persist per corpus and survive re-indexing."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index import Library
from index.notes import NoteStore
from index.userdata import HISTORY_KEPT, MIGRATIONS, SCHEMA_VERSION, ReadingSession, UserData


def test_history_is_most_recent_first_without_repeats(tmp_path: Path) -> None:
    user = UserData("/corpus", tmp_path / "user.sqlite")
    for query in ["ferry", "harbour", "ferry", "  ", "terminal"]:
        user.record_query(query)
    assert user.history() == ("terminal", "ferry", "harbour")


def test_history_keeps_only_the_most_recent_queries(tmp_path: Path) -> None:
    user = UserData("/corpus", tmp_path / "user.sqlite")
    for i in range(HISTORY_KEPT + 5):
        user.record_query(f"query {i}")
    history = user.history(limit=HISTORY_KEPT + 10)
    assert len(history) == HISTORY_KEPT
    assert history[0] == f"query {HISTORY_KEPT + 4}"


def test_saved_searches_persist_per_corpus_and_can_be_deleted(tmp_path: Path) -> None:
    path = tmp_path / "user.sqlite"
    UserData("/a", path).save_search("ferries", "ferry terminal")
    UserData("/b", path).save_search("frost", "frost damage")
    reopened = UserData("/a", path)
    assert [(s.name, s.query) for s in reopened.saved_searches()] == [("ferries", "ferry terminal")]
    assert reopened.delete_saved_search("ferries")
    assert not reopened.delete_saved_search("ferries")
    assert reopened.saved_searches() == ()
    assert [s.name for s in UserData("/b", path).saved_searches()] == ["frost"]


def test_user_data_survives_a_rebuild_of_the_index(make_corpus, tmp_path: Path) -> None:
    corpus = make_corpus({"a.txt": "The ferry terminal opened in the north harbour.\n"})
    library = Library(corpus, tmp_path / "index")
    library.update()
    library.user.record_query("ferry")
    library.user.save_search("ferries", "ferry terminal")
    library.update(rebuild=True)
    again = Library(corpus, tmp_path / "index")
    assert again.user.history() == ("ferry",)
    assert [s.query for s in again.user.saved_searches()] == ["ferry terminal"]


# -- the file: versions, damage, two writers ----------------------------------------------------
BEFORE_VERSIONS = """
CREATE TABLE history (corpus TEXT NOT NULL, query TEXT NOT NULL, used_at REAL NOT NULL, PRIMARY KEY (corpus, query));
CREATE TABLE saved_search (corpus TEXT NOT NULL, name TEXT NOT NULL, query TEXT NOT NULL, saved_at REAL NOT NULL,
    PRIMARY KEY (corpus, name));
CREATE TABLE correction (id INTEGER PRIMARY KEY AUTOINCREMENT, corpus TEXT NOT NULL, action TEXT NOT NULL,
    entity TEXT NOT NULL, value TEXT NOT NULL, made_at REAL NOT NULL);
INSERT INTO history VALUES ('/corpus', 'ferry', 2.0), ('/corpus', 'harbour', 1.0), ('/other', 'frost', 3.0);
INSERT INTO saved_search VALUES ('/corpus', 'ferries', 'ferry terminal', 5.0);
INSERT INTO correction (corpus, action, entity, value, made_at) VALUES
    ('/corpus', 'merge', 'ORG:mss', 'ORG:ministry of state security', 6.0), ('/corpus', 'hide', 'PERSON:revs', '', 7.0);
"""
"""userdata.sqlite as sleuth wrote it before the file had a schema version."""


def test_a_file_from_before_versions_is_migrated_losslessly(tmp_path: Path) -> None:
    path = tmp_path / "userdata.sqlite"
    with sqlite3.connect(path) as old:
        old.executescript(BEFORE_VERSIONS)
    old.close()
    user = UserData("/corpus", path)
    assert user.history() == ("ferry", "harbour")
    assert [(s.name, s.query) for s in user.saved_searches()] == [("ferries", "ferry terminal")]
    assert [(c.id, c.action, c.key, c.value) for c in user.corrections()] == [
        (1, "merge", "ORG:mss", "ORG:ministry of state security"),
        (2, "hide", "PERSON:revs", ""),
    ]
    assert UserData("/other", path).history() == ("frost",)
    assert user.add_correction("rename", "ORG:mss", "MSS").id == 3
    user.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    copy = tmp_path / "userdata.sqlite.v0"  # the file as it was, kept beside it
    with sqlite3.connect(copy) as kept:
        assert kept.execute("SELECT count(*) FROM correction").fetchone() == (2,)


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_damaged_file_is_set_aside_never_overwritten(
    tmp_path: Path, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "userdata.sqlite"
    user = UserData("/corpus", path)
    rows = [("/corpus", f"query {i} " * 50, i) for i in range(300)]  # a file of many pages
    user.write(lambda db: db.executemany("INSERT INTO history VALUES (?, ?, ?)", rows))
    user.close()
    if damage == "garbage":
        path.write_bytes(b"this is not a database\n" * 100)
    else:
        with sqlite3.connect(path) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    damaged = path.read_bytes()
    fresh = UserData("/corpus", path)
    fresh.record_query("ferry")
    assert fresh.history() == ("ferry",)
    (aside,) = tmp_path.glob("userdata.sqlite.damaged-*[0-9]")
    assert aside.read_bytes() == damaged
    assert str(path) in fresh.notice and aside.name in fresh.notice
    assert fresh.notice in caplog.text


def test_a_damaged_file_no_longer_stops_entities_or_the_index(make_corpus, tmp_path: Path) -> None:
    corpus = make_corpus({"a.txt": "Nigel Inkster spoke in London about the ministry.\n"})
    (tmp_path / "user.sqlite").write_bytes(b"\x00garbage" * 500)
    library = Library(corpus, tmp_path / "index", user_data=tmp_path / "user.sqlite")
    library.update(rebuild=True)
    assert library.entities()
    assert "damaged" in library.user.notice


WRITER = """
import sys, time
from pathlib import Path
from index.notes import Note, NoteStore
from index.userdata import UserData

path, name, start = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3])
user = UserData("/corpus", path)
store = NoteStore(user)
user.history()  # open (and migrate) before the start line, as a running app would be
while time.time() < start:
    time.sleep(0.005)
for i in range(80):
    user.record_query(f"{name} query {i}")
    user.add_correction("hide", f"PERSON:{name}-{i}")
    store.add(Note(f"{name}-{i}", "note", "a.txt", 1, "h", "quote", "A", "", None, f"{name} {i}", "ok", i, i))
"""


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "userdata.sqlite"
    start = time.time() + 1.5
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, str(start)], stderr=subprocess.PIPE)
        for name in ("left", "right")
    ]
    errors = [writer.communicate(timeout=120)[1].decode() for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0], errors
    user = UserData("/corpus", path)
    assert len(user.history(limit=1000)) == 160
    assert len(user.corrections()) == 160
    assert len(NoteStore(user).notes()) == 160


KILLED_WRITER = """
import sys
from pathlib import Path
from index.notes import Note, NoteStore
from index.userdata import UserData

store = NoteStore(UserData("/corpus", Path(sys.argv[1])))
for i in range(100000):
    store.add(Note(f"n{i}", "note", "a.txt", 1, "h", "quote", "A", "", None, f"note {i}", "ok", i, i))
    print(i, flush=True)  # committed
"""


def test_a_process_killed_while_writing_loses_no_committed_note(tmp_path: Path) -> None:
    path = tmp_path / "userdata.sqlite"
    writer = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(path)], stdout=subprocess.PIPE, text=True)
    assert writer.stdout is not None
    committed = [writer.stdout.readline() for _ in range(40)]
    writer.kill()  # SIGKILL: no clean-up, perhaps in the middle of a transaction
    writer.wait()
    store = NoteStore(UserData("/corpus", path))
    kept = {note.uid for note in store.notes()}
    assert {f"n{line.strip()}" for line in committed} <= kept
    assert store.user.read("PRAGMA integrity_check") == [("ok",)]


def test_reading_positions_and_the_session_survive_a_reopen(tmp_path: Path) -> None:
    path = tmp_path / "user.sqlite"
    data = UserData("/corpus", path)
    assert data.position("a.txt") is None and data.session() is None
    data.save_position("a.txt", 12, 340)
    data.save_position("b.txt", 3, 0)
    data.save_position("a.txt", 14, 0)  # the latest position wins
    data.save_session(ReadingSession("ferry budget", "a.txt", 14, 0))
    data.close()
    again = UserData("/corpus", path)
    assert again.position("a.txt") == (14, 0) and again.position("b.txt") == (3, 0)
    assert again.session() == ReadingSession("ferry budget", "a.txt", 14, 0)
    assert UserData("/other", path).session() is None  # per corpus


def test_a_file_of_the_previous_version_gains_the_position_tables(tmp_path: Path) -> None:
    path = tmp_path / "user.sqlite"
    with sqlite3.connect(path) as db:
        for statement in (s for step in MIGRATIONS[: SCHEMA_VERSION - 1] for s in step):
            db.execute(statement)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
        db.execute("INSERT INTO history VALUES ('/corpus', 'kept', 1.0)")
    db.close()
    data = UserData("/corpus", path)
    data.save_position("a.txt", 2, 5)
    assert data.position("a.txt") == (2, 5)
    assert data.history() == ("kept",)
