"""The footer offers a key exactly when it works: keys that need a document, a query's hits, a
filter or a place behind appear and go as the reader opens, moves, narrows and goes back (the
footer is only rebuilt when one of those changes, so each is pressed for here)."""

from __future__ import annotations

from test_keyboard import app, footer_keys  # noqa: F401  (app: the seeds app fixture)
from test_navigation import ferry_app, open_first, where  # noqa: F401  (ferry_app: a fixture)
from test_tui import SIZE, settle

from tui.app import SleuthApp
from tui.screens.help import HelpScreen
from tui.widgets.entity_table import EntityTable


async def test_find_and_back_come_with_a_document_and_a_place_behind(ferry_app: SleuthApp) -> None:  # noqa: F811
    async with ferry_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        keys = footer_keys(ferry_app)
        assert "Find" not in keys and "Back" not in keys
        await open_first(ferry_app, pilot)
        keys = footer_keys(ferry_app)
        assert "Find" in keys and "Next hit" in keys and "Back" not in keys  # nothing before the first
        first = where(ferry_app)
        await pilot.press("right_square_bracket")  # the next document: the first is behind now
        await settle(pilot)
        assert where(ferry_app)[0] != first[0]
        assert "Back" in footer_keys(ferry_app)
        await pilot.press("backspace")  # back to the first: nothing behind it
        await settle(pilot)
        assert where(ferry_app) == first
        assert "Back" not in footer_keys(ferry_app) and "Find" in footer_keys(ferry_app)
        await pilot.press("alt+right")  # forward again: the first is behind once more
        await settle(pilot)
        assert "Back" in footer_keys(ferry_app)


async def test_next_hit_goes_with_the_query_when_no_document_is_open(ferry_app: SleuthApp) -> None:  # noqa: F811
    async with ferry_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"ferry", "enter")  # to the results, none opened
        await settle(pilot)
        assert "Next hit" in footer_keys(ferry_app)
        await pilot.press("slash", *["backspace"] * 5, "escape")  # no query any more
        await settle(pilot)
        assert ferry_app.focused is not ferry_app.search_bar
        assert "Next hit" not in footer_keys(ferry_app)


async def test_remove_filter_is_offered_while_an_entity_narrows_the_results(app: SleuthApp) -> None:  # noqa: F811
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"ministry", "enter")
        await settle(pilot)
        assert "Remove filter" not in footer_keys(app)
        await pilot.press("tab")  # → the entities
        assert isinstance(app.focused, EntityTable)
        await pilot.press("enter")  # narrow to the highlighted one
        await settle(pilot)
        assert app.narrowed and "Remove filter" in footer_keys(app)
        await pilot.press("X")
        await settle(pilot)
        assert not app.narrowed and "Remove filter" not in footer_keys(app)
        await pilot.press("f1")  # the help still lists the key, whether or not it works here
        assert isinstance(app.screen, HelpScreen) and "Remove filter" in app.screen.text()


async def test_help_stays_in_the_footer_at_80_columns_with_a_document_open(ferry_app: SleuthApp) -> None:  # noqa: F811
    async with ferry_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_first(ferry_app, pilot)  # the most keys on offer
        shown = {
            str(key.description)
            for key in ferry_app.screen.query("FooterKey")
            if key.region.width and key.region.right <= 80  # type: ignore[attr-defined]
        }
        assert {"Help", "Quit", "Search"} <= shown
