"""Watching the corpus: files added, changed or removed reach the index (CLI and app)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from index import Library
from tui.app import make_app
from tui.cli_index import watch_and_update

STORY = "Mayor Ellen Marsh of Riverton opened the ferry terminal on Tuesday.\n"


def wait_until(condition, timeout: float = 60.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_a_burst_of_changes_is_one_call_and_hidden_files_none(make_corpus, tmp_path: Path) -> None:
    corpus = make_corpus({"ferry.txt": STORY})
    calls: list[float] = []
    watch = Library(corpus, tmp_path / "index").watch(lambda: calls.append(time.monotonic()))
    try:
        (corpus / ".draft.txt").write_text("a hidden draft")
        time.sleep(1.5)
        assert calls == []
        for n in range(3):
            (corpus / f"new{n}.txt").write_text(f"Report {n} on the glacier.\n")
        assert wait_until(lambda: calls)
        time.sleep(1.5)
        assert len(calls) == 1
    finally:
        watch.stop()


def test_sleuth_index_watch_keeps_the_index_current(make_corpus, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    corpus = make_corpus({"ferry.txt": STORY})
    library = Library(corpus, tmp_path / "index")
    library.update(jobs=0)
    stop = threading.Event()
    loop = threading.Thread(target=watch_and_update, args=(library, stop), kwargs={"jobs": 0})
    loop.start()
    try:
        time.sleep(0.5)
        (corpus / "glacier.txt").write_text("The glacier retreated two kilometres this decade.\n")
        assert wait_until(lambda: [h.doc_id for h in library.search("glacier").hits] == ["glacier.txt"])
        (corpus / "ferry.txt").unlink()
        assert wait_until(lambda: library.search("ferry").hits == ())
    finally:
        stop.set()
        loop.join(timeout=30)
    out = capsys.readouterr().out
    assert "added 1" in out and "removed 1" in out


async def test_the_open_app_indexes_a_file_added_to_the_corpus(make_corpus, tmp_path: Path) -> None:
    corpus = make_corpus({"ferry.txt": STORY})
    app = make_app(Library(corpus, tmp_path / "index", user_data=tmp_path / "user.sqlite"))
    async with app.run_test(size=(120, 36)) as pilot:
        waited = 0.0
        while "ready" not in app.status.activity and "indexed" not in app.status.activity:
            await pilot.pause(0.1)
            waited += 0.1
            assert waited < 60
        await pilot.pause(1.0)  # the watch starts once the first run has ended
        (corpus / "glacier.txt").write_text("The glacier retreated two kilometres this decade.\n")
        await pilot.press(*"glacier")
        while not (app.last_result is not None and app.last_result.hits):
            await pilot.pause(0.2)
            waited += 0.2
            assert waited < 90, app.status.activity
        assert [hit.doc_id for hit in app.last_result.hits] == ["glacier.txt"]
