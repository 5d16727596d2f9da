"""Opening the app on a folder that has never been indexed: it indexes and answers, at any size,
without a screen in the way; quitting stops the indexing at once and the next start carries on."""

from __future__ import annotations

import time
from pathlib import Path

from index import Library
from index.generations import WriterLock
from tui.app import make_app
from tui.widgets.entity_table import EntityTable
from tui.widgets.results_list import ResultsList

SIZE = (120, 36)
TOWNS = ("Riverton", "Lakeside", "Northport", "Elmwood", "Stonebridge")


def news_corpus(root: Path, count: int) -> Path:
    """``count`` short news stories, each with its own serial word ``storyN``."""
    root.mkdir()
    for n in range(count):
        town = TOWNS[n % len(TOWNS)]
        (root / f"story{n:04d}.txt").write_text(
            f"Council approves budget in {town}\n\n"
            f"The council of {town} approved the harbour budget on Tuesday, Mayor Ellen Marsh said.\n\n"
            f"Officials from the Harbour Authority will meet again in March. Reference story{n}.\n",
            encoding="utf-8",
        )
    return root


async def wait_for(pilot, condition, timeout: float = 120.0) -> None:  # type: ignore[no-untyped-def]
    """Let the app run until ``condition()`` holds (indexing runs while the test waits)."""
    waited = 0.0
    while not condition():
        assert waited < timeout, "timed out"
        await pilot.pause(0.1)
        waited += 0.1


def status(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.status.render())


async def test_an_unindexed_folder_of_400_documents_opens_and_answers(tmp_path: Path) -> None:
    corpus = news_corpus(tmp_path / "news", 420)
    library = Library(corpus, tmp_path / "index", user_data=tmp_path / "user.sqlite")
    assert not library.is_built()
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert len(app.screen_stack) == 1 and app.focused is app.search_bar  # nothing modal in the way
        await pilot.press(*"story417")  # typed while it indexes
        await wait_for(pilot, lambda: "indexing text" in status(app) or "finding entities" in status(app))
        results = app.query_one(ResultsList)
        await wait_for(pilot, lambda: app.last_result is not None and app.last_result.hits)
        assert [hit.doc_id for hit in app.last_result.hits] == ["story0417.txt"]
        assert "story417" in str(results.get_option_at_index(0).prompt)
        assert "error" not in app.status.activity

        await pilot.press("ctrl+a", "ctrl+k")  # an empty query: the entities of the whole corpus
        entities = app.query_one(EntityTable)
        await wait_for(pilot, lambda: "still extracting" in str(entities.border_title))
        await wait_for(pilot, lambda: not any(w in status(app) for w in ("indexing", "finding", "merging")))
        assert app.status.stats is not None and app.status.stats.documents == 420
        assert "still extracting" not in str(entities.border_title)
        assert "Ellen Marsh" in {e.name for e in app.corpus_entities}


async def test_quitting_while_indexing_stops_at_once_and_the_next_start_carries_on(
    tmp_path: Path, reads: list[str]
) -> None:
    corpus = news_corpus(tmp_path / "news", 310)  # enough for entities to be found in another process
    index_dir = tmp_path / "index"
    app = make_app(Library(corpus, index_dir, user_data=tmp_path / "user.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "finding entities" in status(app))  # the text is all in
        began = time.monotonic()
        await pilot.press("ctrl+q")
    quit_seconds = time.monotonic() - began
    assert quit_seconds < 2.0  # the app never waits for the indexing process
    lock = WriterLock(index_dir)
    deadline = time.monotonic() + 30
    while lock.held_elsewhere() and time.monotonic() < deadline:  # that process stops at its next batch
        time.sleep(0.1)
    assert not lock.held_elsewhere()

    reads.clear()  # only what carrying on reads counts
    library = Library(corpus, index_dir)
    assert library.stats().entities_pending > 0  # stopped during stage 2, text all committed
    report = library.update(jobs=0)
    assert reads == [] and report.unchanged == 310  # carried on: no file read again
    assert library.stats().entities_pending == 0 and "Ellen Marsh" in {e.name for e in library.entities()}
