"""Reading positions and the session: quitting and starting again returns to the same query,
document and line; each document's last position is kept."""

from __future__ import annotations

from pathlib import Path

from test_keyboard import footer_keys
from test_tui import SIZE, settle
from test_viewer import long_text

from index import Library
from tui.app import make_app
from tui.widgets.passage_viewer import PassageViewer


async def test_quitting_and_starting_again_returns_to_the_query_document_and_line(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "minutes.txt").write_text(long_text())
    (corpus / "other.txt").write_text("Nothing about boats here.\n")

    def app():  # type: ignore[no-untyped-def]
        return make_app(Library(corpus, tmp_path / "index", user_data=tmp_path / "user.sqlite"), keymap=tmp_path / "k")

    first = app()
    async with first.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"ferry", "enter", "enter")
        await settle(pilot)
        viewer = first.query_one(PassageViewer)
        for _ in range(4):
            await pilot.press("n")
        for _ in range(3):
            await pilot.press("j")  # a few lines into the passage
        await settle(pilot)
        left_at = viewer.position()
        top_line = viewer.line_text(0)
        assert left_at[0] > 20
        await pilot.press("q")
        await settle(pilot)
    assert not first.is_running

    again = app()
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await settle(pilot)
        assert again.search_bar.value == "ferry"
        viewer = again.query_one(PassageViewer)
        assert viewer.document is not None and viewer.document.doc_id == "minutes.txt"
        assert viewer.position() == left_at and viewer.line_text(0) == top_line
        assert again.library.user.position("minutes.txt") == left_at


async def test_apostrophe_returns_to_where_the_reader_last_left_a_document(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "minutes.txt").write_text(long_text())

    def app(query: str = ""):  # type: ignore[no-untyped-def]
        library = Library(corpus, tmp_path / "index", user_data=tmp_path / "user.sqlite")
        return make_app(library, query=query, keymap=tmp_path / "k")

    first = app()
    async with first.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"ferry", "enter", "enter")
        await settle(pilot)
        assert "Last read" not in footer_keys(first)  # never read before: nowhere to return to
        for _ in range(4):
            await pilot.press("n")
        await pilot.press("j", "j")
        await settle(pilot)
        left_at = first.query_one(PassageViewer).position()
        await pilot.press("q")
        await settle(pilot)

    again = app("ferry")  # a query given: the session is not resumed, the position is kept
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "enter")  # the best result, not where the reader left off
        await settle(pilot)
        viewer = again.query_one(PassageViewer)
        opened_at = viewer.position()
        assert opened_at[0] != left_at[0]
        assert "Last read" in footer_keys(again)
        await pilot.press("apostrophe")
        await settle(pilot)
        assert viewer.position() == left_at
        assert "Last read" not in footer_keys(again) and "Back" in footer_keys(again)
        await pilot.press("backspace")
        await settle(pilot)
        assert viewer.position() == opened_at
