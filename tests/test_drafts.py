"""Drafts: a note being typed when sleuth stops (killed, ctrl+q, terminal closed) is not lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from apptools import record_notices
from test_tui import SIZE, settle

import seeds
from index import Library
from index.drafts import Drafts
from index.userdata import UserData
from tui.app import make_app
from tui.screens.note_editor import DRAFT_SECONDS, NoteEditor
from tui.screens.notes import NotesScreen
from tui.widgets.passage_viewer import PassageViewer


def test_a_draft_is_kept_until_closed_and_a_late_write_does_not_reopen_it(tmp_path: Path) -> None:
    drafts = Drafts(UserData("/corpus", tmp_path / "user.sqlite"))
    drafts.keep("note a.txt#2", "a.txt#2", "Ruiz: twice", 10.0)
    drafts.keep("note a.txt#2", "a.txt#2", "Ruiz: twice the estimate", 11.0)
    drafts.keep("note a.txt#2", "a.txt#2", "Ruiz", 10.5)  # an older write that arrives late loses
    again = Drafts(UserData("/corpus", tmp_path / "user.sqlite"))  # another process, or the next start
    draft = again.draft("note a.txt#2")
    assert draft is not None and (draft.passage_id, draft.text) == ("a.txt#2", "Ruiz: twice the estimate")
    assert [d.key for d in again.drafts()] == ["note a.txt#2"]
    again.close("note a.txt#2", 12.0)
    drafts.keep("note a.txt#2", "a.txt#2", "typed before the save, written after it", 11.5)
    assert again.draft("note a.txt#2") is None and again.drafts() == ()
    drafts.keep("note a.txt#2", "a.txt#2", "a new editor, later", 13.0)
    assert again.draft("note a.txt#2") is not None
    assert Drafts(UserData("/other corpus", tmp_path / "user.sqlite")).drafts() == ()


@pytest.fixture
def library(seed_index_dir: Path, tmp_path: Path) -> Library:
    return Library(seeds.path(), seed_index_dir, user_data=tmp_path / "user.sqlite")


async def test_a_note_typed_and_not_saved_comes_back_after_sleuth_stops(library: Library, tmp_path: Path) -> None:
    async with make_app(library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"Inkster", "enter", "enter")
        await settle(pilot)
        viewer = pilot.app.query_one(PassageViewer)
        here = f"{viewer.document.doc_id}#{viewer.current}"  # type: ignore[union-attr]
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"Inkster on deterrence", "enter", *"#mss")
        await pilot.pause(DRAFT_SECONDS + 0.5)  # the editor keeps what is typed about once a second
        await settle(pilot)
        await pilot.press("ctrl+q")  # gone without saving, as a kill or a closed terminal would be
    assert library.notebook.notes() == ()

    reopened = Library(seeds.path(), library.index_dir, user_data=tmp_path / "user.sqlite")
    app = make_app(reopened)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert any(here in notice and "Unsaved" in notice for notice in notices)  # said on start
        await pilot.press(*"Inkster", "enter", "enter")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        editor = pilot.app.screen
        assert isinstance(editor, NoteEditor)
        assert editor.query_one("TextArea").text == "Inkster on deterrence\n#mss"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
    (note,) = reopened.notebook.notes()
    assert (note.passage_id, note.text, note.tags) == (here, "Inkster on deterrence\n#mss", ("mss",))
    assert reopened.notebook.drafts.drafts() == ()  # saved: nothing more to bring back


async def test_a_cancelled_edit_on_the_notes_screen_leaves_no_draft(library: Library, seed_doc_id: str) -> None:
    library.notebook.annotate(f"{seed_doc_id}#5", "Founded in 1983.")
    async with make_app(library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(pilot.app.screen, NotesScreen)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*" Check it.")
        await pilot.pause(DRAFT_SECONDS + 0.5)
        await settle(pilot)
        assert [d.text for d in library.notebook.drafts.drafts()] == ["Founded in 1983. Check it."]
        await pilot.press("escape")  # cancel: the note stays as it was, the draft is done with
        await settle(pilot)
    assert [note.text for note in library.notebook.notes()] == ["Founded in 1983."]
    assert library.notebook.drafts.drafts() == ()
