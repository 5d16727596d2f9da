"""The keyboard model: typing types in the search bar, the same keys work from wherever the focus
is, the footer shows what works there, the help lists every key, the reader's keymap applies."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from apptools import record_notices
from test_tui import SIZE, settle
from textual.binding import Binding

import seeds
import tui
from index import Library
from tui.app import SleuthApp, make_app
from tui.keys import binding_ids
from tui.screens.help import HelpScreen
from tui.widgets.entity_table import EntityTable
from tui.widgets.passage_viewer import PassageViewer
from tui.widgets.results_list import ResultsList


@pytest.fixture
def app(seed_index_dir: Path, tmp_path: Path) -> SleuthApp:
    return make_app(
        Library(seeds.path(), seed_index_dir, user_data=tmp_path / "user.sqlite"), keymap=tmp_path / "keymap.toml"
    )


def footer_keys(app: SleuthApp) -> list[str]:
    """The descriptions the footer shows now."""
    return [str(key.description) for key in app.screen.query("FooterKey")]  # type: ignore[attr-defined]


async def test_typing_in_the_search_bar_types_and_escape_leaves_it(app: SleuthApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.focused is app.search_bar
        await pilot.press(*"q?/n", "N")  # all typed, none a command
        assert app.search_bar.value == "q?/nN"
        assert app.is_running and not isinstance(app.screen, HelpScreen)
        assert "Save search" in footer_keys(app)
        await pilot.press("escape")
        assert isinstance(app.focused, ResultsList)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("slash")
        assert app.focused is app.search_bar
        await pilot.press("down")  # down from the bar (no history browsed) goes to the results too
        assert isinstance(app.focused, ResultsList)
        await pilot.press("slash", "enter")
        assert isinstance(app.focused, ResultsList)


async def test_f1_helps_and_ctrl_q_quits_even_from_the_search_bar(app: SleuthApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert not isinstance(app.screen, HelpScreen) and app.focused is app.search_bar
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert not app.is_running


@pytest.mark.parametrize("pane", [ResultsList, EntityTable, PassageViewer])
async def test_slash_help_and_q_work_from_every_pane(app: SleuthApp, pane: type) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"Inkster", "enter", "enter")  # results, then the viewer
        await settle(pilot)
        for _ in range(5):
            if isinstance(app.focused, pane):
                break
            await pilot.press("tab")
        assert isinstance(app.focused, pane)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.focused, pane)
        await pilot.press("slash")
        assert app.focused is app.search_bar
        await pilot.press("escape")
        await pilot.press("q")
        await settle(pilot)
    assert not app.is_running


async def test_the_footer_shows_the_keys_of_the_focused_pane(app: SleuthApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"Inkster", "enter")
        await settle(pilot)
        assert "By document" in footer_keys(app)  # the results' own key
        await pilot.press("enter")
        await settle(pilot)
        keys = footer_keys(app)
        assert "Next hit" in keys and "Find" in keys and "By document" not in keys
        await pilot.press("tab", "tab")  # → search bar → results
        await pilot.press("tab")  # → entities
        assert isinstance(app.focused, EntityTable) and "Type filter" in footer_keys(app)


def every_binding() -> list[Binding]:
    """Every binding with an id declared by a class anywhere in ``tui``."""
    found: dict[str, Binding] = {}
    for module_info in pkgutil.walk_packages(tui.__path__, "tui."):
        module = importlib.import_module(module_info.name)
        for _, owner in inspect.getmembers(module, inspect.isclass):
            for binding in owner.__dict__.get("BINDINGS", []):
                if isinstance(binding, Binding) and binding.id:
                    found[binding.id] = binding
    return list(found.values())


async def test_the_help_lists_every_binding_with_its_id(app: SleuthApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        shown = app.screen.text()
    missing = [b.id for b in every_binding() if b.id not in shown]
    assert not missing
    assert set(binding_ids()) == {b.id for b in every_binding()}
    assert "Next hit" in shown and "^f" in shown and "person:inkster" in shown


async def test_the_help_fits_a_small_terminal_and_scrolls(app: SleuthApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        box = app.screen.query_one("VerticalScroll")
        assert box.region.right <= 80 and box.region.bottom <= 24
        assert not box.show_horizontal_scrollbar
        assert box.max_scroll_y > 0
        await pilot.press("pagedown", "j")
        assert box.scroll_y > 0


async def test_a_keymap_file_remaps_keys_and_the_help_says_so(seed_index_dir: Path, tmp_path: Path) -> None:
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[keys]\n"app.search" = "ctrl+k"\n"app.next_hit" = "ctrl+j"\n')
    app = make_app(Library(seeds.path(), seed_index_dir, user_data=tmp_path / "u.sqlite"), keymap=keymap)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"Inkster", "enter")
        await pilot.press("slash")  # no longer the search key
        assert isinstance(app.focused, ResultsList)
        await pilot.press("ctrl+k")
        assert app.focused is app.search_bar
        await pilot.press("escape", "ctrl+j")  # opens the first result at its first hit
        await settle(pilot)
        assert app.query_one(PassageViewer).document is not None
        await pilot.press("f1")
        shown = app.screen.text()  # type: ignore[attr-defined]
        assert "^k" in shown and "Search" in shown


@pytest.mark.parametrize(
    "content, said",
    [
        ('[keys\n"app.search" = "x"', "keymap.toml:"),
        ('[keys]\n"app.no_such_key" = "x"', "no key has the id 'app.no_such_key'"),
        ('[keys]\n"app.search" = 3\n', "must be keys in quotes"),
    ],
)
async def test_a_bad_keymap_gets_one_line_and_the_default_keys(
    seed_index_dir: Path, tmp_path: Path, content: str, said: str
) -> None:
    keymap = tmp_path / "keymap.toml"
    keymap.write_text(content)
    app = make_app(Library(seeds.path(), seed_index_dir, user_data=tmp_path / "u.sqlite"), keymap=keymap)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert any(said in notice and "default keys" in notice and "\n" not in notice for notice in notices)
        await pilot.press("escape", "slash")  # the default key works
        assert app.focused is app.search_bar
