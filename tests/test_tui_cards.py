"""Pilot tests of entity cards: opening them, jumping from them into the viewer, correcting entities."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_tui import SIZE, entity_names, highlight_entity, settle, styled_words
from textual.widgets import OptionList

import seeds
from index import Library
from tui.app import SleuthApp, make_app
from tui.screens.entity_card import EntityCardScreen
from tui.screens.prompt import ChoiceScreen, PromptScreen
from tui.widgets.entity_table import EntityTable
from tui.widgets.passage_viewer import MARK_STYLE, PassageViewer
from tui.widgets.results_list import ResultsList


@pytest.fixture
def app(seed_index_dir: Path, tmp_path: Path) -> SleuthApp:
    """The app on the seeds, with user data (corrections) of its own."""
    return make_app(Library(seeds.path(), seed_index_dir, user_data=tmp_path / "user.sqlite"))


def card_lines(screen: EntityCardScreen) -> list[str]:
    lines = screen.query_one(OptionList)
    return [str(lines.get_option_at_index(i).prompt) for i in range(lines.option_count)]


async def open_card_from_entities(app: SleuthApp, pilot, name: str) -> EntityCardScreen:  # type: ignore[no-untyped-def]
    await highlight_entity(pilot, name)
    await pilot.press("e")
    await settle(pilot)
    assert isinstance(app.screen, EntityCardScreen)
    return app.screen


async def test_e_on_the_entities_pane_opens_the_card(app: SleuthApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        card = await open_card_from_entities(app, pilot, "Nigel Inkster")
        assert card.card is not None and card.card.entity.name == "Nigel Inkster"
        lines = card_lines(card)
        assert "Described as" in lines and "Quotes" in lines and "Named with" in lines
        assert any("a senior adviser for cybersecurity" in line for line in lines)
        assert any(line.strip().startswith("“If they succeed") for line in lines)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, EntityCardScreen)


async def test_a_mention_on_the_card_jumps_into_the_viewer(app: SleuthApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        card = await open_card_from_entities(app, pilot, "Chen Yixin")
        assert card.card is not None
        last = card.card.mentions[-1]
        lines = card_lines(card)
        card.query_one(OptionList).highlighted = len(lines) - 1
        await pilot.press("enter")
        await settle(pilot)
        viewer = app.query_one(PassageViewer)
        assert app.focused is viewer and viewer.current == last.n
        assert styled_words(viewer, last.n, MARK_STYLE) == [last.text]


async def test_e_in_the_viewer_asks_which_entity_of_the_passage(app: SleuthApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"Burns", "enter", "enter")
        await settle(pilot)
        assert app.focused is app.query_one(PassageViewer)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        labels = [label for _, label in app.screen.choices]
        assert "Chen Yixin  (person)" in labels and "Burns  (person)" in labels
        await pilot.press("enter")  # the first: Chen, named first in the passage
        await settle(pilot)
        assert isinstance(app.screen, EntityCardScreen)
        assert app.screen.card is not None and app.screen.card.entity.name == "Chen Yixin"


async def test_rename_and_undo_on_the_card_update_the_entities_pane(app: SleuthApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        card = await open_card_from_entities(app, pilot, "Burns")
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        await pilot.press("ctrl+u", *"William Burns", "enter")
        await settle(pilot)
        assert card.card is not None and card.card.entity.name == "William Burns"
        assert "Burns" in card.card.entity.aliases
        await pilot.press("escape")
        await settle(pilot)
        assert "William Burns" in entity_names(app.query_one(EntityTable))

        card = await open_card_from_entities(app, pilot, "William Burns")
        await pilot.press("u")
        await settle(pilot)
        assert card.card is not None and card.card.entity.name == "Burns"
        await pilot.press("escape")
        await settle(pilot)
        names = entity_names(app.query_one(EntityTable))
        assert "Burns" in names and "William Burns" not in names


async def test_hide_removes_a_false_entity_from_the_pane(app: SleuthApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_card_from_entities(app, pilot, "Washington")
        await pilot.press("h")
        await settle(pilot)
        assert not isinstance(app.screen, EntityCardScreen)
        assert "Washington" not in entity_names(app.query_one(EntityTable))
        assert app.query_one(ResultsList) is not None


async def test_u_on_a_card_undoes_that_entitys_correction_not_the_latest(app: SleuthApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.library.correct("rename", "Burns", "William Burns")
        app.library.correct("rename", "Joske", "Alex Joske")  # the latest correction, of another entity
        app.entities_changed()
        await settle(pilot)
        card = await open_card_from_entities(app, pilot, "William Burns")
        await pilot.press("u")
        await settle(pilot)
        assert card.card is not None and card.card.entity.name == "Burns"
        assert [c.value for c in app.library.corrections()] == ["Alex Joske"]


async def test_e_on_a_folder_row_opens_no_card(make_corpus, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus = make_corpus(
        {
            "reports/a.txt": "Dana Scully met Fox Mulder in Boston.",
            "notes/b.txt": "Agent Scully filed her notes on the Boston case in March.",
        }
    )
    library = Library(corpus, tmp_path / "index", user_data=tmp_path / "user.sqlite")
    library.update()
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"Scully")
        await settle(pilot)
        table = await highlight_entity(pilot, entity_names(app.query_one(EntityTable))[0])
        assert table.highlighted_row() is not None and table.highlighted_row().type == "FOLDER"  # type: ignore[union-attr]
        await pilot.press("e")
        await settle(pilot)
        assert not isinstance(app.screen, EntityCardScreen)


async def test_a_card_lists_more_mentions_on_enter(make_corpus, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import index.library

    monkeypatch.setattr(index.library, "CARD_MENTIONS", 2)
    corpus = make_corpus({"a.txt": "\n\n".join(f"Dana Scully called on day {day}." for day in range(5))})
    library = Library(corpus, tmp_path / "index", user_data=tmp_path / "user.sqlite")
    library.update()
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        card = await open_card_from_entities(app, pilot, "Dana Scully")
        assert "Mentions (5)" in card_lines(card)
        assert sum("a.txt#" in line for line in card_lines(card)) == 2
        assert "3 more passages naming it" in card_lines(card)[-1]
        await pilot.press("end", "enter")
        await settle(pilot)
        assert sum("a.txt#" in line for line in card_lines(card)) == 4
        await pilot.press("end", "enter")
        await settle(pilot)
        lines = card_lines(card)
        assert [line.split()[0] for line in lines if "a.txt#" in line] == [f"a.txt#{n}" for n in range(1, 6)]
        assert not any("more passage" in line for line in lines)
