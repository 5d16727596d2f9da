"""Snapshot tests: what the main screens look like at 120×36 (update with --snapshot-update)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from test_tui import highlight_entity

import seeds
from index import Library, SearchResult
from tui.app import make_app

SIZE = (120, 36)


class SteadyLibrary(Library):
    """The seeds' library with a fixed query time, so that snapshots do not depend on the clock."""

    def search(self, *args: Any, **kwargs: Any) -> SearchResult:
        return dataclasses.replace(super().search(*args, **kwargs), took_ms=3.0)


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    index_dir = tmp_path_factory.mktemp("snapshot-seed-index")
    Library(seeds.path(), index_dir).update()
    return index_dir


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def test_main_screen_lists_corpus_entities(snap_compare, seed_index: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app(SteadyLibrary(seeds.path(), seed_index))
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


def test_search_and_open_a_passage(snap_compare, seed_index: Path) -> None:  # type: ignore[no-untyped-def]
    async def search_and_open(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press(*"Wu Shizhong", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    app = make_app(SteadyLibrary(seeds.path(), seed_index))
    assert snap_compare(app, terminal_size=SIZE, run_before=search_and_open)


def test_help_screen(snap_compare, seed_index: Path) -> None:  # type: ignore[no-untyped-def]
    async def open_help(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("tab", "question_mark")
        await pilot.pause()

    app = make_app(SteadyLibrary(seeds.path(), seed_index))
    assert snap_compare(app, terminal_size=SIZE, run_before=open_help)


def test_entity_card(snap_compare, seed_index: Path) -> None:  # type: ignore[no-untyped-def]
    async def open_card(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await highlight_entity(pilot, "Nigel Inkster")
        await pilot.press("e")
        await settle(pilot)

    app = make_app(SteadyLibrary(seeds.path(), seed_index))
    assert snap_compare(app, terminal_size=SIZE, run_before=open_card)
