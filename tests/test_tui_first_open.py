"""Opening the app on a folder that has never been indexed: it indexes and answers, at any size."""

from __future__ import annotations

from pathlib import Path

from index import Library
from tui.app import make_app
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
        await pilot.pause(0.2)
        waited += 0.2


async def test_an_unindexed_folder_of_400_documents_opens_and_answers(tmp_path: Path) -> None:
    corpus = news_corpus(tmp_path / "news", 420)
    library = Library(corpus, tmp_path / "index", user_data=tmp_path / "user.sqlite")
    assert not library.is_built()
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "420 documents" in str(app.status.render()) or "error" in app.status.activity)
        assert "error" not in app.status.activity
        await pilot.press(*"story417")
        results = app.query_one(ResultsList)
        await wait_for(pilot, lambda: app.last_result is not None and app.last_result.query == "story417")
        assert [hit.doc_id for hit in app.last_result.hits] == ["story0417.txt"]
        assert "story417" in str(results.get_option_at_index(0).prompt)
