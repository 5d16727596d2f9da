"""Pilot tests of the notebook in the app: the notes screen, its filter, jumps, delete and undo."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual import events

import seeds
from index import Library, Note
from index.anchoring import passage_hash
from tui.app import SleuthApp, make_app
from tui.screens.note_editor import NoteEditor
from tui.screens.notes import NotesScreen
from tui.widgets.passage_viewer import PassageViewer
from tui.widgets.results_list import ResultsList
from tui.widgets.search_bar import SearchBar

SIZE = (120, 36)


@pytest.fixture
def library(seed_index_dir: Path, tmp_path: Path) -> Library:
    """The seeds' index, with user data of the test's own."""
    return Library(seeds.path(), seed_index_dir, user_data=tmp_path / "user.sqlite")


@pytest.fixture
def doc_id(seed_doc_id: str) -> str:
    return seed_doc_id


@pytest.fixture
def noted(library: Library, doc_id: str) -> SleuthApp:
    """The app on the seeds, with a bookmark on ¶3 and a tagged note on ¶5 made earlier."""
    library.notebook.toggle_bookmark(f"{doc_id}#3")
    library.notebook.annotate(f"{doc_id}#5", "Founded in 1983.\nCheck the date. #mss")
    return make_app(library)


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def shown_notes(screen: NotesScreen) -> list[str]:
    listing = screen.listing
    return [str(listing.get_option_at_index(i).id) for i in range(listing.option_count)]


async def open_notes(pilot) -> NotesScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("ctrl+n")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, NotesScreen)
    return screen


async def test_the_notes_screen_lists_newest_first_and_filters_by_tag_and_words(noted: SleuthApp) -> None:
    async with noted.run_test(size=SIZE) as pilot:
        screen = await open_notes(pilot)
        kinds = [note.kind for note in screen.notes]
        assert kinds == ["note", "bookmark"] and len(shown_notes(screen)) == 2
        await pilot.press("slash", *"#mss")
        await settle(pilot)
        assert shown_notes(screen) == [screen.notes[0].uid]
        await pilot.press(*[("backspace") for _ in range(4)], *"inkster")
        await settle(pilot)
        assert shown_notes(screen) == [screen.notes[1].uid]  # the bookmarked passage quotes Inkster
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, NotesScreen)


async def test_enter_on_a_note_opens_the_viewer_at_its_passage(noted: SleuthApp, doc_id: str) -> None:
    async with noted.run_test(size=SIZE) as pilot:
        await open_notes(pilot)
        await pilot.press("down", "enter")  # the list has focus; down moves to the bookmark (¶3)
        await settle(pilot)
        viewer = pilot.app.query_one(PassageViewer)
        assert viewer.document is not None and viewer.document.doc_id == doc_id
        assert viewer.current == 3


async def test_delete_then_undo_brings_the_note_back(noted: SleuthApp, library: Library) -> None:
    async with noted.run_test(size=SIZE) as pilot:
        screen = await open_notes(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert [n.kind for n in screen.notes] == ["bookmark"]
        assert [n.kind for n in library.notebook.notes()] == ["bookmark"]
        await pilot.press("u")
        await settle(pilot)
        assert [n.kind for n in screen.notes] == ["note", "bookmark"]


async def test_a_edits_the_note_and_y_copies_its_citation(noted: SleuthApp, library: Library, doc_id: str) -> None:
    async with noted.run_test(size=SIZE) as pilot:
        await open_notes(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(pilot.app.screen, NoteEditor)
        await pilot.press("enter", *"Ask Inkster", "ctrl+s")
        await settle(pilot)
        assert library.notebook.notes()[0].text == "Founded in 1983.\nCheck the date. #mss\nAsk Inkster"
        await pilot.press("y")
        copied = pilot.app.clipboard
        assert copied.startswith("“China’s leaders founded the Ministry of State Security in 1983")
        assert f"{doc_id}#5" in copied


async def test_the_palette_exports_the_notes_as_markdown(noted: SleuthApp, tmp_path: Path) -> None:
    noted.export_folder = tmp_path
    async with noted.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"export notes as markdown")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
    (exported,) = tmp_path.glob("sleuth-notes-seeds-*.md")
    text = exported.read_text(encoding="utf-8")
    assert text.startswith("# Notes on seeds") and "Check the date. #mss" in text


def test_notes_screen_snapshot(snap_compare, library: Library, doc_id: str) -> None:  # type: ignore[no-untyped-def]
    """A bookmark and a note made at fixed times (the screen shows when)."""
    document = library.document(doc_id)
    made = datetime(2024, 3, 5, 9, 30).timestamp()
    notes = []
    for n, kind, text in [(3, "bookmark", ""), (5, "note", "Founded in 1983.\n#mss check")]:
        quote = document.passages[n - 1].text
        at = made + n
        notes.append(
            Note(f"uid{n}", kind, doc_id, n, passage_hash(quote), quote, document.title, "", None, text, "ok", at, at)
        )
    library.notebook.merge(notes, ())

    async def open_notes_screen(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)

    assert snap_compare(make_app(library), terminal_size=SIZE, run_before=open_notes_screen)


@pytest.fixture
def app(library: Library) -> SleuthApp:
    return make_app(library)


async def open_a_hit(pilot, query: str = "Inkster") -> PassageViewer:  # type: ignore[no-untyped-def]
    """Search ``query`` and open its first hit in the viewer, as a reader does."""
    await settle(pilot)
    await pilot.press(*query, "enter", "enter")
    await settle(pilot)
    viewer = pilot.app.query_one(PassageViewer)
    assert viewer.document is not None and viewer.current
    return viewer


async def open_the_note_editor(pilot) -> tuple[PassageViewer, str]:  # type: ignore[no-untyped-def]
    """Open a hit, then ``a``: the viewer and the passage the note is on."""
    viewer = await open_a_hit(pilot)
    here = f"{viewer.document.doc_id}#{viewer.current}"  # type: ignore[union-attr]
    await pilot.press("a")
    await settle(pilot)
    assert isinstance(pilot.app.screen, NoteEditor)
    return viewer, here


def margin_of(viewer: PassageViewer, n: int) -> str:
    """The margin cell drawn before the first line of passage ``n`` ("" when it is not on screen)."""
    for y in range(viewer.scrollable_content_region.height):
        line = viewer.line_text(y)
        if line[3:].startswith(f"¶{n} "):
            return line[1]
    return ""


async def test_b_bookmarks_the_passage_in_view_and_again_removes_it(app: SleuthApp, library: Library) -> None:
    async with app.run_test(size=SIZE) as pilot:
        viewer = await open_a_hit(pilot)
        n = viewer.current
        assert margin_of(viewer, n) == " "
        await pilot.press("b")
        await settle(pilot)
        assert [(note.kind, note.passage_id, note.quote) for note in library.notebook.notes()] == [
            ("bookmark", f"{viewer.document.doc_id}#{n}", viewer.current_text())  # type: ignore[union-attr]
        ]
        assert margin_of(viewer, n) == "■"
        await pilot.press("b")
        await settle(pilot)
        assert library.notebook.notes() == ()
        assert margin_of(viewer, n) == " "


async def test_the_margin_marks_notes_when_a_document_opens(app: SleuthApp, library: Library, doc_id: str) -> None:
    first_hit = library.search("Inkster").hits[0]
    library.notebook.annotate(first_hit.passage_id, "A note made earlier.")
    library.notebook.toggle_bookmark(first_hit.passage_id)
    async with app.run_test(size=SIZE) as pilot:
        viewer = await open_a_hit(pilot)
        assert viewer.current == first_hit.n
        assert margin_of(viewer, first_hit.n) == "✎"
        assert {margin_of(viewer, n) for n in range(1, 30) if n != first_hit.n} <= {" ", ""}


async def test_a_writes_a_multi_line_note_on_the_passage_in_view(app: SleuthApp, library: Library) -> None:
    async with app.run_test(size=SIZE) as pilot:
        viewer, here = await open_the_note_editor(pilot)
        await pilot.press(*"Inkster on deterrence.", "enter", *"#mss #quotes", "ctrl+s")
        await settle(pilot)
        (note,) = library.notebook.notes()
        assert (note.kind, note.passage_id, note.text) == ("note", here, "Inkster on deterrence.\n#mss #quotes")
        assert note.tags == ("mss", "quotes")
        assert margin_of(viewer, viewer.current) == "✎"
        await pilot.press("a")  # again: the same note, to edit
        await settle(pilot)
        editor = pilot.app.screen
        assert isinstance(editor, NoteEditor) and editor.text == note.text
        await pilot.press("escape")
        await settle(pilot)
        assert library.notebook.notes() == (note,)


async def test_y_copies_the_citation_of_the_passage_in_view(app: SleuthApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        viewer = await open_a_hit(pilot)
        await pilot.press("y")
        await settle(pilot)
        copied = pilot.app.clipboard
        assert copied.startswith("“") and " ".join(viewer.current_text().split()) in copied
        assert f"{viewer.document.doc_id}#{viewer.current}" in copied  # type: ignore[union-attr]


def first_line_width(results: ResultsList, passage_id: str) -> int:
    """How many cells the title line of a result takes."""
    return cell_len(str(results.get_option(passage_id).prompt).split("\n")[0])


async def test_review_keys_mark_results_and_the_pane_counts_them(app: SleuthApp, library: Library) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"MSS", "enter")
        await settle(pilot)
        results = pilot.app.query_one(ResultsList)
        ids = [o.id for o in results.options if o.id]
        assert len(ids) > 4
        unmarked_width = first_line_width(results, ids[0])
        await pilot.press("r", "x", "v")  # each marks the highlighted result and moves on (v: seen)
        await settle(pilot)
        assert library.notebook.review_marks("MSS") == {ids[0]: "relevant", ids[1]: "irrelevant", ids[2]: "seen"}
        assert f"3 of {len(ids)} reviewed" in str(results.border_title)
        assert str(results.get_option(ids[0]).prompt).startswith("✓ ")
        assert first_line_width(results, ids[0]) == unmarked_width  # the mark does not push ¶N to a line of its own
        await pilot.press("k", "k", "k", "r")  # back to the first: r again takes its mark away
        await settle(pilot)
        assert library.notebook.review_marks("MSS") == {ids[1]: "irrelevant", ids[2]: "seen"}
        assert f"2 of {len(ids)} reviewed" in str(results.border_title)


async def test_review_marks_are_shown_again_when_the_query_comes_back(app: SleuthApp, library: Library) -> None:
    result = library.search("MSS")
    library.notebook.mark_result("MSS", result.hits[1].passage_id, "relevant")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"MSS")
        await settle(pilot)
        results = pilot.app.query_one(ResultsList)
        assert str(results.get_option(result.hits[1].passage_id).prompt).startswith("✓ ")
        assert "1 of" in str(results.border_title) and "reviewed" in str(results.border_title)


async def test_a_slash_typed_first_is_not_part_of_the_query_its_marks_are_kept_under(
    app: SleuthApp, library: Library
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"MSS", "enter")  # "/" from habit, in the bar that already has the focus
        await settle(pilot)
        assert pilot.app.query_one(SearchBar).value == "MSS"
        await pilot.press("r")
        await settle(pilot)
        assert len(library.notebook.review_marks("MSS")) == 1
        assert library.notebook.reviews()[0].query == "MSS"


async def test_a_bookmark_deleted_on_the_notes_screen_leaves_the_margin(app: SleuthApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        viewer = await open_a_hit(pilot)
        n = viewer.current
        await pilot.press("b")
        await settle(pilot)
        assert margin_of(viewer, n) == "■"
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("d", "escape")
        await settle(pilot)
        assert margin_of(viewer, n) == " "


async def test_ctrl_s_in_a_burst_of_typing_saves_every_key_typed_before_it(app: SleuthApp, library: Library) -> None:
    """Keys that arrive at once (pasted by tmux, or over a slow SSH link) are all in the note."""
    async with app.run_test(size=SIZE) as pilot:
        await open_a_hit(pilot)
        await pilot.press("a")
        await settle(pilot)
        typed = "Inkster on deterrence in 1988"
        for character in typed:  # as the terminal driver posts them: all in one go, no pause
            pilot.app.post_message(events.Key("space" if character == " " else character, character))
        pilot.app.post_message(events.Key("ctrl+s", None))
        await settle(pilot)
        (note,) = library.notebook.notes()
        assert note.text == typed


async def test_a_note_changed_in_another_window_while_editing_keeps_both(app: SleuthApp, library: Library) -> None:
    async with app.run_test(size=SIZE) as pilot:
        _, here = await open_the_note_editor(pilot)
        other_window = Library(library.root, library.index_dir, user_data=library.user.path)
        other_window.notebook.annotate(here, "Written in the other window.")
        await pilot.press(*"Written here", "ctrl+s")
        await settle(pilot)
        assert sorted(note.text for note in library.notebook.notes_on(here)) == [
            "Written here",
            "Written in the other window.",
        ]
