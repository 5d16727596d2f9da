"""Moving about: n/N through the query's hits across documents, ]/[ between documents, ctrl+f,
back and forward through cards, documents and positions, escape one step back, z, o."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from test_tui import SIZE, settle
from test_viewer import header_paragraph

import seeds
from index import Library
from tui.app import SleuthApp, make_app
from tui.screens.entity_card import EntityCardScreen
from tui.widgets.find_bar import FindBar
from tui.widgets.passage_viewer import PassageViewer
from tui.widgets.results_list import ResultsList

FILES = {
    "a.txt": ["Alpha minutes", "The ferry left at nine.", "Nothing here.", "A second ferry sailed.", "Quiet day."],
    "b.txt": ["Bravo minutes", "Nothing at all.", "The ferry was late again.", "The ferry came back."],
    "c.txt": ["Charlie minutes", "Only one ferry today.", "Rain."],
}


@pytest.fixture
def ferry_app(tmp_path: Path) -> SleuthApp:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, paragraphs in FILES.items():
        (corpus / name).write_text("\n\n".join(paragraphs) + "\n")
    return make_app(Library(corpus, tmp_path / "index", user_data=tmp_path / "user.sqlite"), keymap=tmp_path / "k")


def where(app: SleuthApp) -> tuple[str, int]:
    viewer = app.query_one(PassageViewer)
    assert viewer.document is not None
    return viewer.document.doc_id, viewer.current


async def open_first(app: SleuthApp, pilot, query: str = "ferry") -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press(*query, "enter", "enter")
    await settle(pilot)


async def test_n_runs_through_the_hits_of_every_result_document(ferry_app: SleuthApp) -> None:
    async with ferry_app.run_test(size=SIZE) as pilot:
        await open_first(ferry_app, pilot)
        documents = [doc_id for doc_id, _ in ferry_app.result_documents()]
        assert sorted(documents) == ["a.txt", "b.txt", "c.txt"]
        await pilot.press("g")  # the top of the first document, then every hit in turn
        library = ferry_app.library
        expected = [
            (doc_id, passage.n)
            for doc_id in documents
            for passage in library.document(doc_id).passages
            if "ferry" in passage.text
        ]
        assert len(expected) == 5 and where(ferry_app) == (documents[0], 1) == expected[0]
        visited = []
        for _ in range(5):
            await pilot.press("n")
            await settle(pilot)
            visited.append(where(ferry_app))
        assert visited[:4] == expected[1:]  # every hit, document after document, in the results' order
        assert visited[4] == visited[3]  # the last hit of the last document: nowhere further
        await pilot.press("N")
        await settle(pilot)
        assert where(ferry_app) == visited[2]  # back into the previous document, at its last hit


async def test_brackets_go_from_document_to_document_of_the_results(ferry_app: SleuthApp) -> None:
    async with ferry_app.run_test(size=SIZE) as pilot:
        await open_first(ferry_app, pilot)
        documents = [doc_id for doc_id, _ in ferry_app.result_documents()]
        assert where(ferry_app)[0] == documents[0]
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert where(ferry_app)[0] == documents[1]
        assert ferry_app.query_one(ResultsList).highlighted_passage_id().startswith(documents[1])
        await pilot.press("right_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert where(ferry_app)[0] == documents[1]


async def test_the_viewer_marks_the_current_query_or_none(ferry_app: SleuthApp) -> None:
    async with ferry_app.run_test(size=SIZE) as pilot:
        await open_first(ferry_app, pilot)
        viewer = ferry_app.query_one(PassageViewer)
        assert viewer.hit_passages
        await pilot.press("slash", *["backspace"] * 5, *"rain")
        await settle(pilot)
        assert viewer.reading is not None and "ferri" not in viewer.reading.terms
        await pilot.press("slash", *["backspace"] * 4)  # no query: nothing marked
        await settle(pilot)
        assert viewer.hit_passages == () and viewer.document is not None
        before = where(ferry_app)
        await pilot.press("escape", "tab", "n")  # no hits, no results: n stays put
        await settle(pilot)
        assert where(ferry_app) == before


async def test_ctrl_f_finds_text_and_n_goes_through_the_matches(ferry_app: SleuthApp) -> None:
    async with ferry_app.run_test(size=SIZE) as pilot:
        await open_first(ferry_app, pilot)
        doc_id, _ = where(ferry_app)
        await pilot.press("ctrl+f")
        find = ferry_app.query_one(FindBar)
        assert ferry_app.focused is find
        await pilot.press(*"minutes")  # typed into the find bar, not the search bar
        assert ferry_app.search_bar.value == "ferry"
        viewer = ferry_app.query_one(PassageViewer)
        assert viewer.find_matches and "find “minutes”: 1 of 1" in str(viewer.border_subtitle)
        await pilot.press("escape")  # closes the find bar and its marks
        assert not viewer.find_text and ferry_app.focused is viewer
        await pilot.press("ctrl+f", "e")  # every "e": the first is gone to at once
        count = len(viewer.find_matches)
        assert count > 3 and viewer.find_index == 0
        await pilot.press("enter")
        assert ferry_app.focused is viewer
        await pilot.press("n", "n")
        assert viewer.find_index == 2 and where(ferry_app)[0] == doc_id  # the matches, not the query's hits
        await pilot.press("N")
        assert viewer.find_index == 1
        await pilot.press("escape")  # out of the find: the marks go, n is the query's again
        assert not viewer.find_text and not find.has_class("-open")


async def test_back_and_forward_through_documents_and_positions(ferry_app: SleuthApp) -> None:
    async with ferry_app.run_test(size=SIZE) as pilot:
        await open_first(ferry_app, pilot)
        start = where(ferry_app)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        second = where(ferry_app)
        assert second[0] != start[0]
        await pilot.press("backspace")
        await settle(pilot)
        assert where(ferry_app) == start
        await pilot.press("alt+right")
        await settle(pilot)
        assert where(ferry_app) == second
        await pilot.press("alt+left")
        await settle(pilot)
        assert where(ferry_app) == start
        await pilot.press("escape")  # nothing further back: escape goes to the results
        assert isinstance(ferry_app.focused, ResultsList)
        await pilot.press("escape")
        assert ferry_app.focused is ferry_app.search_bar


@pytest.fixture
def seed_app(seed_index_dir: Path, tmp_path: Path) -> SleuthApp:
    return make_app(Library(seeds.path(), seed_index_dir, user_data=tmp_path / "user.sqlite"), keymap=tmp_path / "k")


async def test_back_returns_through_cards(seed_app: SleuthApp) -> None:
    app = seed_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"Inkster", "enter", "enter")
        await settle(pilot)
        reading = where(app)
        await pilot.press("e", "enter")  # which entity of the passage: the first
        await settle(pilot)
        assert isinstance(app.screen, EntityCardScreen) and app.screen.card is not None
        first = app.screen.card.entity.name
        lines = app.screen.query_one("OptionList")
        for _ in range(60):  # down to the first co-mentioned entity ("Named with")
            option = lines.highlighted_option
            if option is not None and (option.id or "").startswith("c"):
                break
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.card is not None and app.screen.card.entity.name != first
        await pilot.press("escape")  # back: the first card
        await settle(pilot)
        assert isinstance(app.screen, EntityCardScreen) and app.screen.card.entity.name == first
        await pilot.press("backspace")  # back again: the passage the card was opened from
        await settle(pilot)
        assert not isinstance(app.screen, EntityCardScreen) and where(app) == reading
        await pilot.press("alt+right")  # forward: the card again
        await settle(pilot)
        assert isinstance(app.screen, EntityCardScreen) and app.screen.card.entity.name == first


async def test_z_puts_the_focused_pane_full_screen_and_back(ferry_app: SleuthApp) -> None:
    async with ferry_app.run_test(size=(80, 24)) as pilot:
        await open_first(ferry_app, pilot)
        viewer = ferry_app.query_one(PassageViewer)
        narrow = viewer.size.width
        await pilot.press("z")
        await settle(pilot)
        assert ferry_app.screen.maximized is viewer and viewer.size.width > narrow
        assert header_paragraph(viewer) == viewer.current
        await pilot.press("z")
        await settle(pilot)
        assert ferry_app.screen.maximized is None and viewer.size.width == narrow


async def test_o_opens_the_document_in_the_pager(ferry_app: SleuthApp, tmp_path: Path) -> None:
    record = tmp_path / "opened.txt"
    pager = tmp_path / "pager.sh"
    pager.write_text(f'#!/bin/sh\necho "$@" > {record}\n')
    pager.chmod(pager.stat().st_mode | stat.S_IEXEC)
    os.environ["PAGER"] = str(pager)
    try:
        async with ferry_app.run_test(size=SIZE) as pilot:
            await open_first(ferry_app, pilot)
            doc_id, _ = where(ferry_app)
            await pilot.press("o")
            await settle(pilot)
    finally:
        del os.environ["PAGER"]
    assert record.read_text().strip() == str(ferry_app.library.root / doc_id)
