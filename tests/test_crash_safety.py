"""Stops, kills, rebuilds and a second process: every run ends in an index that answers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import index.indexer
import index.store
from index import Library, Progress
from index.generations import WriterLock
from tui.cli import main
from tui.cli_errors import EXIT_BUSY

WORDS = ("harbour", "orchard", "ferry", "glacier", "vineyard", "quarry", "lighthouse", "meadow")


def story(n: int) -> str:
    word = WORDS[n % len(WORDS)]
    return (
        f"Report {n} on the {word}\n\n"
        f"Mayor Ellen Marsh of Riverton spoke about the {word} on Tuesday, council minutes show.\n\n"
        f"The serial word of this report is unit{n}.\n"
    )


@pytest.fixture
def corpus(make_corpus) -> Path:
    return make_corpus({f"r{n:03d}.txt": story(n) for n in range(30)})


@pytest.fixture
def every_document_commits(monkeypatch: pytest.MonkeyPatch) -> None:
    """A commit after each document, so that a run can be stopped between any two."""
    monkeypatch.setattr(index.indexer, "FIRST_COMMIT_SECONDS", 0.0)
    monkeypatch.setattr(index.indexer, "COMMIT_SECONDS", 0.0)


def stop_after(commits: int) -> tuple[threading.Event, object]:
    """A stop event set once ``commits`` commits of stage 1 have made documents searchable."""
    stop = threading.Event()
    seen = []

    def progress(p: Progress) -> None:
        if p.stage == "text" and p.committed and p.done:
            seen.append(p.done)
            if len(seen) >= commits:
                stop.set()

    return stop, progress


def found(library: Library, word: str) -> set[str]:
    return {hit.doc_id for hit in library.search(word, limit=100).hits}


def all_units(library: Library) -> set[str]:
    return {doc for n in range(30) for doc in found(library, f"unit{n}")}


def test_a_stopped_build_keeps_its_commits_and_the_next_run_carries_on(
    corpus: Path, tmp_path: Path, every_document_commits: None, reads: list[str]
) -> None:
    library = Library(corpus, tmp_path / "index")
    stop, progress = stop_after(commits=5)
    report = library.update(progress=progress, stop=stop, jobs=0)  # type: ignore[arg-type]
    assert report.stopped and 0 < len(report.added) < 30 and report.text_pending == 30 - len(report.added)
    kept = set(report.added)
    assert all_units(Library(corpus, tmp_path / "index")) == kept  # what was committed answers

    reads.clear()
    report = library.update(jobs=0)
    assert not report.stopped and sorted(report.added) == sorted({f"r{n:03d}.txt" for n in range(30)} - kept)
    assert not kept & set(reads)  # committed files were not read again
    assert len(all_units(library)) == 30
    assert library.stats().passages == 60 and "Ellen Marsh" in {e.name for e in library.entities()}


def test_an_interrupted_rebuild_keeps_the_old_index_answering_until_the_new_one_is_complete(
    corpus: Path, tmp_path: Path, every_document_commits: None
) -> None:
    library = Library(corpus, tmp_path / "index")
    library.update(jobs=0)
    (corpus / "r000.txt").write_text("A new text about a volcano.\n")
    os.utime(corpus / "r000.txt", (time.time() + 10, time.time() + 10))
    stop, progress = stop_after(commits=3)
    report = library.update(progress=progress, stop=stop, rebuild=True, jobs=0)  # type: ignore[arg-type]
    assert report.stopped
    reader = Library(corpus, tmp_path / "index")
    assert len(all_units(reader)) == 30 and found(reader, "volcano") == set()  # the old generation
    assert reader.stats().passages == 60 and reader.entities()

    report = library.update(jobs=0)  # carries the rebuild on, then switches to it
    assert not report.stopped
    assert found(reader, "volcano") == {"r000.txt"} and len(all_units(reader)) == 29
    assert [p.name for p in (tmp_path / "index").iterdir() if p.name.startswith("g")] == ["g0002"]


KILLED_IN_A_COMMIT = """
import os, signal, sys
import whoosh.writing
import index.indexer
from index import Library
index.indexer.FIRST_COMMIT_SECONDS = index.indexer.COMMIT_SECONDS = 0.0
real = whoosh.writing.SegmentWriter.commit
calls = []
def commit(self, *args, **kwargs):
    real(self, *args, **kwargs)
    calls.append(1)
    if len(calls) == int(sys.argv[3]):  # between the commits of one batch's indexes
        os.kill(os.getpid(), signal.SIGKILL)
whoosh.writing.SegmentWriter.commit = commit
Library(sys.argv[1], sys.argv[2]).update(jobs=0)
"""


@pytest.mark.parametrize(("commits", "committed_files"), [(2, 0), (6, 1), (11, 2)])
def test_kill_9_during_a_commit_leaves_an_index_the_next_run_completes(
    corpus: Path, tmp_path: Path, commits: int, committed_files: int
) -> None:
    """Each batch of one file commits four indexes (documents, mentions, evidence, passages): the
    kill comes between two of them, in the first, second or third batch."""
    index_dir = tmp_path / "index"
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_IN_A_COMMIT, str(corpus), str(index_dir), str(commits)], timeout=120
    )
    assert killed.returncode == -signal.SIGKILL
    library = Library(corpus, index_dir)
    report = library.update(jobs=0)
    assert not report.stopped and report.failed == ()
    assert report.unchanged == committed_files and len(report.added) == 30 - committed_files  # none read twice
    assert "during a commit" in report.repaired
    assert len(all_units(library)) == 30
    assert library.stats().passages == 60 and library.stats().documents == 30  # none twice, none lost
    assert "Ellen Marsh" in {e.name for e in library.entities()}


def test_a_search_during_an_update_sees_the_entities_of_the_update_once_it_is_done(
    corpus: Path, tmp_path: Path
) -> None:
    library = Library(corpus, tmp_path / "index")
    library.update(jobs=0)
    (corpus / "new.txt").write_text("Admiral Grace Hopper visited the quarry near Riverton.\n")
    merging, searched = threading.Event(), threading.Event()

    def progress(p: Progress) -> None:
        if p.stage == "merge" and not merging.is_set():
            merging.set()
            searched.wait(timeout=30)  # the update holds here while the reader searches

    update = threading.Thread(target=library.update, kwargs={"progress": progress, "jobs": 0})
    update.start()
    assert merging.wait(timeout=60)
    assert library.search("quarry").hits and library.entities()  # answers meanwhile (and caches)
    searched.set()
    update.join(timeout=60)
    assert "Grace Hopper" in {e.name for e in library.entities()}
    assert library.entities() == Library(corpus, tmp_path / "index").entities()


REBUILD = "from index import Library; import sys; Library(sys.argv[1], sys.argv[2]).update(rebuild=True, jobs=0)"


def test_a_library_open_while_another_process_rebuilds_keeps_answering_and_sees_the_new_data(
    corpus: Path, tmp_path: Path
) -> None:
    app_library = Library(corpus, tmp_path / "index")
    app_library.update(jobs=0)
    assert found(app_library, "unit3") == {"r003.txt"}
    (corpus / "r003.txt").unlink()
    (corpus / "late.txt").write_text("Commander Ada Byron inspected the lighthouse at dawn.\n")
    other = subprocess.Popen([sys.executable, "-c", REBUILD, str(corpus), str(tmp_path / "index")])
    answers = 0
    while other.poll() is None:
        hits = app_library.search("lighthouse report", limit=100).hits
        assert len({h.passage_id for h in hits}) == len(hits)  # never a passage twice
        answers += 1
    assert other.returncode == 0 and answers
    assert found(app_library, "unit3") == set() and found(app_library, "lighthouse") >= {"late.txt"}
    assert "Ada Byron" in {e.name for e in app_library.entities()}
    assert app_library.stats().documents == 30


def test_a_search_racing_a_rebuilds_switch_opens_the_new_generation(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race behind a flaky search during another process's rebuild, made certain: the reader
    has read CURRENT, and before it opens the passages the rebuild switches and removes that
    generation. It used to say the corpus 'has no index yet'."""
    reader, writer = Library(corpus, tmp_path / "index"), Library(corpus, tmp_path / "index")
    writer.update(jobs=0)
    (corpus / "late.txt").write_text("Commander Ada Byron inspected the lighthouse at dawn.\n")
    real_open = index.store.open_existing
    switched: list[bool] = []

    def rebuild_first(folder: Path, name: str):  # type: ignore[no-untyped-def]
        if name == "passages" and not switched:
            switched.append(True)
            writer.update(rebuild=True, jobs=0)  # makes a new generation current, removes ``folder``
            assert not folder.exists()
        return real_open(folder, name)

    monkeypatch.setattr(index.store, "open_existing", rebuild_first)
    assert found(reader, "lighthouse") >= {"late.txt"} and switched


def test_a_second_index_run_exits_at_once_with_one_line(corpus: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    lock = WriterLock(tmp_path / "index")
    lock.acquire()
    try:
        began = time.monotonic()
        status = main(["--index-dir", str(tmp_path / "index"), "index", str(corpus)])
        err = capsys.readouterr().err
    finally:
        lock.release()
    assert status == EXIT_BUSY and time.monotonic() - began < 5
    assert err.count("\n") == 1 and "another sleuth process" in err and str(os.getpid()) in err


HOLD_THE_LOCK = """
import sys, time
from index.generations import WriterLock
WriterLock(__import__("pathlib").Path(sys.argv[1])).acquire()
print("held", flush=True)
time.sleep(60)
"""


def test_the_lock_of_a_killed_process_is_not_held(corpus: Path, tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_LOCK, str(tmp_path / "index")], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    holder.kill()
    holder.wait()
    report = Library(corpus, tmp_path / "index").update(jobs=0)
    assert len(report.added) == 30
