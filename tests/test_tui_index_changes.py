"""The app open while the index grows under it (its own run going on, or another process
re-indexing): enter on the query shown searches again and shows what is new."""

from __future__ import annotations

from pathlib import Path

import pytest

from index import Library
from tui.app import make_app
from tui.widgets.results_list import ResultsList

FERRY = "The council approved the ferry terminal.\n\nMayor Ellen Marsh said so on Tuesday.\n"
SECOND = "A second ferry will sail to Northport in March, the harbour master said.\n"


class NoWatch:
    """The corpus is not watched: what changes comes from the other process only."""

    def stop(self) -> None:
        return None


async def test_enter_on_the_query_shown_searches_again_after_another_process_indexed(
    make_corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    corpus = make_corpus({"ferry.txt": FERRY})
    index_dir = tmp_path / "index"
    Library(corpus, index_dir).update(jobs=0)
    monkeypatch.setattr(Library, "watch", lambda _self, _changed: NoWatch())
    app = make_app(Library(corpus, index_dir, user_data=tmp_path / "user.sqlite"))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press(*"ferry", "enter")
        for _ in range(100):
            if app.last_result is not None and app.last_result.hits and app.status.indexing == "":
                break
            await pilot.pause(0.1)
        assert [hit.doc_id for hit in app.last_result.hits] == ["ferry.txt"]  # type: ignore[union-attr]
        assert app.focused is app.query_one(ResultsList)

        (corpus / "second.txt").write_text(SECOND)
        Library(corpus, index_dir).update(jobs=0)  # another process indexes meanwhile

        await pilot.press("slash", "enter")
        for _ in range(100):
            if app.last_result is not None and len(app.last_result.hits) == 2:
                break
            await pilot.pause(0.1)
        assert sorted(hit.doc_id for hit in app.last_result.hits) == ["ferry.txt", "second.txt"]  # type: ignore[union-attr]
        assert app.is_running
