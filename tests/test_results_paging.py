"""Every result reachable: pages of hits (Library and app), sorting, and the filters as chips."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_tui import SIZE, highlight_entity, settle

from index import Library
from tui.app import SleuthApp, make_app
from tui.screens.prompt import ChoiceScreen
from tui.widgets.chips import FilterChips
from tui.widgets.results_list import ResultsList

DOCUMENTS = 25
PARAGRAPHS = 12


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Library:
    """300 passages naming the harbour, in 25 dated documents in two folders."""
    root = tmp_path_factory.mktemp("many")
    corpus = root / "corpus"
    for d in range(DOCUMENTS):
        folder = corpus / ("north" if d % 2 else "south")
        folder.mkdir(parents=True, exist_ok=True)
        paragraphs = [f"Harbour report {d:02d}", f"Date: {1 + d % 28} March 20{10 + d % 9}"]
        paragraphs += [
            f"The harbour {'ferry' if p % 3 == 0 else 'pier'} note {d}-{p} by Ada Lovelace." for p in range(PARAGRAPHS)
        ]
        (folder / f"report-{d:02d}.txt").write_text("\n\n".join(paragraphs) + "\n")
    library = Library(corpus, root / "index", user_data=root / "user.sqlite")
    library.update()
    return library


def test_pages_put_together_are_the_whole_result_in_one_order(many: Library) -> None:
    for query in ("harbour", "harbour ferry pier note", "harbour in:north"):
        whole = many.search(query, limit=1000, facets=False)
        assert whole.total == len(whole.hits) > 100
        paged = []
        for offset in range(0, whole.total + 40, 40):
            page = many.search(query, limit=40, facets=False, offset=offset)
            assert page.total == whole.total or len(page.hits) == 40
            paged += [hit.passage_id for hit in page.hits]
        assert len(paged) == len(set(paged)) == whole.total
        first = many.search(query, limit=40, facets=False)
        assert paged[:40] == [hit.passage_id for hit in first.hits]


def test_sorting_by_path_and_by_date(many: Library) -> None:
    by_path = many.search("harbour", limit=500, facets=False, sort="path").hits
    keys = [(hit.doc_id, hit.n) for hit in by_path]
    assert keys == sorted(keys)
    by_date = many.search("harbour", limit=500, facets=False, sort="date").hits
    dates = [hit.date for hit in by_date]
    assert all(dates) and dates == sorted(dates, reverse=True)
    page = many.search("harbour", limit=50, facets=False, sort="date", offset=50).hits
    assert [hit.passage_id for hit in page] == [hit.passage_id for hit in by_date[50:100]]


@pytest.fixture
def many_app(many: Library, tmp_path: Path) -> SleuthApp:
    """The app on the 300 passages, with user data of its own."""
    return make_app(Library(many.root, many.index_dir, user_data=tmp_path / "u.sqlite"), keymap=tmp_path / "k")


def results_title(app: SleuthApp) -> str:
    return str(app.query_one(ResultsList).border_title)


async def test_the_results_load_further_pages_to_the_last(many: Library, many_app: SleuthApp) -> None:
    app = many_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"harbour", "enter")
        await settle(pilot)
        total = many.search("harbour", limit=1000, facets=False).total
        assert total > 250
        assert f"100 of {total}" in results_title(app)
        results = app.query_one(ResultsList)
        for _ in range(6):
            await pilot.press("end")
            await settle(pilot)
        assert f"{total} of {total}" in results_title(app)
        assert len({hit.passage_id for hit in results.hits}) == total
        last = results.highlighted
        await pilot.press("end", "down")  # the end: no wrapping round to the top
        assert results.highlighted == results.option_count - 1 >= (last or 0)
        await pilot.press("enter")
        await settle(pilot)
        assert app.query_one("PassageViewer").document is not None  # type: ignore[attr-defined]


async def test_s_sorts_the_results_by_date_then_path(many: Library, many_app: SleuthApp) -> None:
    app = many_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"ferry", "enter", "s")
        await settle(pilot)
        results = app.query_one(ResultsList)
        assert "by date" in results_title(app)
        dates = [hit.date for hit in results.hits]
        assert dates == sorted(dates, reverse=True)
        await pilot.press("s")
        await settle(pilot)
        assert "by path" in results_title(app)
        assert [h.doc_id for h in results.hits] == sorted(h.doc_id for h in results.hits)
        await pilot.press("s")
        await settle(pilot)
        assert "by" not in results_title(app).split("·")[-1]


async def test_filters_show_as_chips_and_x_removes_them(many: Library, many_app: SleuthApp) -> None:
    app = many_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"ferry in:north", "enter")
        await settle(pilot)
        chips = app.query_one(FilterChips)
        assert chips.display and chips.chips == ("in:north",)
        await highlight_entity(pilot, "Ada Lovelace")
        await pilot.press("enter")
        await settle(pilot)
        assert chips.chips == ("with Ada Lovelace", "in:north")
        assert "still with Ada Lovelace (X removes it)" in str(app.status.render())
        await pilot.press("slash", "end", *" pier")  # a new query: the narrow still applies, and says so
        await settle(pilot)
        assert "with Ada Lovelace" in results_title(app) and "X removes it" in str(app.status.render())
        await pilot.press("escape", "X")  # two filters: which one?
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("down", "down", "enter")  # "in:north"
        await settle(pilot)
        assert chips.chips == ("with Ada Lovelace",)
        assert "in:north" not in app.search_bar.value
        await pilot.press("delete")  # the one left goes at once
        await settle(pilot)
        assert not chips.display and chips.chips == ()
        assert not re.search(r"with Ada", results_title(app))
