"""Snapshot tests: every screen at 80×24 and 120×36 (update with --snapshot-update after looking).

Each app has user data and a keymap of its own, so that no session is resumed from another test.
"""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path
from typing import Any

import pytest
from test_tui import highlight_entity, settle

import seeds
from index import IndexReport, Library, Progress, SearchResult
from tui.app import SleuthApp, make_app
from tui.messages import IndexProgressed

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]


class SteadyLibrary(Library):
    """The seeds' library with a fixed query time, so that snapshots do not depend on the clock."""

    def search(self, *args: Any, **kwargs: Any) -> SearchResult:
        return dataclasses.replace(super().search(*args, **kwargs), took_ms=3.0)


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    index_dir = tmp_path_factory.mktemp("snapshot-seed-index")
    Library(seeds.path(), index_dir).update()
    return index_dir


@pytest.fixture
def seed_app(seed_index: Path, tmp_path: Path) -> SleuthApp:
    return make_app(
        SteadyLibrary(seeds.path(), seed_index, user_data=tmp_path / "user.sqlite"), keymap=tmp_path / "keymap.toml"
    )


def keys(*pressed: str, entity: str = "", then: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    """A ``run_before`` that presses ``pressed`` once the app has settled, then (with ``entity``)
    goes down the entities pane to that name and presses ``then``, settling after each key."""

    async def run(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)
        if entity:
            await highlight_entity(pilot, entity)
        for key in then:
            await pilot.press(key)
            await settle(pilot)

    return run


@pytest.mark.parametrize("size", SIZES)
def test_main_screen_lists_corpus_entities(snap_compare, seed_app: SleuthApp, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(seed_app, terminal_size=size, run_before=keys())


@pytest.mark.parametrize("size", SIZES)
def test_search_and_open_a_passage(snap_compare, seed_app: SleuthApp, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(seed_app, terminal_size=size, run_before=keys(*"Wu Shizhong", "enter", "enter"))


@pytest.mark.parametrize("size", SIZES)
def test_help_screen(snap_compare, seed_app: SleuthApp, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(seed_app, terminal_size=size, run_before=keys("escape", "question_mark"))


@pytest.mark.parametrize("size", SIZES)
def test_entity_card(snap_compare, seed_app: SleuthApp, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(seed_app, terminal_size=size, run_before=keys(entity="Nigel Inkster", then=("e",)))


@pytest.mark.parametrize("size", SIZES)
def test_rename_prompt_on_a_card(snap_compare, seed_app: SleuthApp, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(seed_app, terminal_size=size, run_before=keys(entity="Nigel Inkster", then=("e", "r")))


@pytest.mark.parametrize("size", SIZES)
def test_which_entity_choice(snap_compare, seed_app: SleuthApp, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(seed_app, terminal_size=size, run_before=keys(*"Burns", "enter", "enter", "e"))


@pytest.mark.parametrize("size", SIZES)
def test_find_in_the_document(snap_compare, seed_app: SleuthApp, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(seed_app, terminal_size=size, run_before=keys(*"Inkster", "enter", "enter", "ctrl+f", *"MSS"))


@pytest.mark.parametrize("size", SIZES)
def test_a_narrow_shows_as_a_chip(snap_compare, seed_app: SleuthApp, size) -> None:  # type: ignore[no-untyped-def]
    narrow = keys(*"security", "enter", entity="Wu Shizhong", then=("enter",))
    assert snap_compare(seed_app, terminal_size=size, run_before=narrow)


@pytest.mark.parametrize("size", SIZES)
def test_the_viewer_full_screen(snap_compare, seed_app: SleuthApp, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(seed_app, terminal_size=size, run_before=keys(*"Inkster", "enter", "enter", "z"))


@pytest.mark.parametrize("size", SIZES)
def test_first_indexing(snap_compare, tmp_path: Path, size) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "note.txt").write_text("Ada Lovelace wrote about the Analytical Engine in London.\n")
    library = Library(corpus, tmp_path / "index", user_data=tmp_path / "user.sqlite")
    may_finish = threading.Event()

    def held_update(*args, **kwargs):  # type: ignore[no-untyped-def]
        may_finish.wait(timeout=30)  # the screen is captured while the build waits…
        return IndexReport()  # …and the app quits: nothing to build

    library.update = held_update  # type: ignore[method-assign]
    library.stop_update = may_finish.set  # type: ignore[method-assign]  # quitting the app lets it go

    async def capture_then_finish(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.pause()
        # What the indexing worker posts as it reads: no screen in the way, the status line says it.
        progress = Progress("text", 3, 10, "reports/2024/note.txt", rate=12.0, eta_seconds=1.0)
        pilot.app.post_message(IndexProgressed(progress))
        await pilot.pause()

    app = make_app(library, keymap=tmp_path / "keymap.toml")
    assert snap_compare(app, terminal_size=size, run_before=capture_then_finish)
