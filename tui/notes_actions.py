"""The app's side of the reader's notebook: bookmarks (``b``), notes (``a``), citations (``y``),
review marks of results, the notes screen and exports from the palette.

A mixin of ``SleuthApp`` so that the notebook's actions live in one file of their own. Each
action runs one notebook call in a worker that posts a message; the app updates the widgets.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message

from index import DocumentView, Draft, Library, format_citation, render_notes

from .screens.note_editor import NoteEditor, draft_to_restore, note_key, restored_notice
from .screens.notes import NotesScreen
from .widgets.passage_viewer import PassageViewer
from .widgets.results_list import ResultsList

if TYPE_CHECKING:
    from textual.app import App

    _Base = App[None]
else:
    _Base = object

EXPORT_NAMES = {"md": "Markdown", "json": "JSON", "csv": "CSV"}
MARGIN_GLYPHS = {"bookmark": ("■", "bold cyan"), "note": ("✎", "bold yellow"), "both": ("✎", "bold cyan")}
"""Margin marks of bookmarked and annotated passages (a note with a bookmark too is cyan)."""


@dataclass
class NotebookChanged(Message):
    """A bookmark or note was made, changed or removed on ``doc_id``; ``margin`` is its passages' marks now."""

    said: str
    doc_id: str
    margin: dict[int, str]


@dataclass
class NoteOpened(Message):
    """The note on a passage was read, to edit it (``text`` is "" for a new one); ``draft`` is
    what the reader typed in it last time and did not save (None when there is nothing newer)."""

    passage_id: str
    heading: str
    quote: str
    text: str
    draft: Draft | None = None
    uid: str = ""
    """The note opened ("" for a new one) and when it was last changed (0 for a new one)."""
    based_on: float = 0.0


@dataclass
class ReviewMarksLoaded(Message):
    """The reader's review marks of the results of ``query``."""

    query: str
    marks: dict[str, str]


class NotesActions(_Base):
    """Open the notes screen; export the notebook to a file in the folder sleuth was started in."""

    library: Library
    export_folder: Path | None = None
    """Where palette exports go (None: the folder sleuth was started in)."""

    def action_notes(self) -> None:
        if not isinstance(self.screen, NotesScreen):
            self.push_screen(NotesScreen(self.library), self._notes_closed)

    def _notes_closed(self, _result: None) -> None:
        """Notes may have been deleted or brought back there: mark the viewer's passages again."""
        document = self.query_one(PassageViewer).document
        if document is not None:
            self.load_margin(document)

    @work(thread=True, group="notes", exit_on_error=False)
    def export_notes(self, fmt: str) -> None:
        """Write every note, bookmark and review mark as ``fmt`` (md, json, csv) and say where."""
        export = self.library.notebook.export()
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = (self.export_folder or Path.cwd()) / f"sleuth-notes-{self.library.name}-{stamp}.{fmt}"
        path.write_text(render_notes(export, fmt, self.library.name), encoding="utf-8")
        said = f"Exported {len(export.notes)} bookmarks and notes, {len(export.reviews)} review marks to {path}"
        self.call_from_thread(self.notify, said, title="sleuth", markup=False, timeout=10)

    @work(thread=True, group="notes", exit_on_error=False)
    def copy_notes(self) -> None:
        """Copy the Markdown export to the clipboard (OSC 52: works over SSH)."""
        text = render_notes(self.library.notebook.export(), "md", self.library.name)
        self.call_from_thread(self.copy_to_clipboard, text)
        self.call_from_thread(self.notify, "Copied your notes as Markdown", title="sleuth")

    # -- bookmarks, notes and citations of the passage here ------------------------------------
    def passage_here(self) -> str:
        """The passage the reader is on: the highlighted result in the results, else the passage
        in view in the viewer; "" when there is none."""
        if isinstance(self.focused, ResultsList):
            return self.focused.highlighted_passage_id()
        passage = self.query_one(PassageViewer).passage_in_view()
        return passage.passage_id if passage is not None else ""

    def _passage_or_say(self) -> str:
        passage_id = self.passage_here()
        if not passage_id:
            self.notify("Open a passage first (enter on a result).", title="sleuth")
        return passage_id

    def action_bookmark(self) -> None:
        """Bookmark the passage here; on a bookmarked passage, remove the bookmark."""
        passage_id = self._passage_or_say()
        if passage_id:
            self.toggle_bookmark(passage_id)

    @work(thread=True, group="notes", exit_on_error=False)
    def toggle_bookmark(self, passage_id: str) -> None:
        notebook = self.library.notebook
        bookmark = notebook.toggle_bookmark(passage_id)
        said = f"Bookmarked {passage_id}" if bookmark else f"Removed the bookmark on {passage_id}"
        self._post_changed(said, passage_id)

    def _post_changed(self, said: str, passage_id: str) -> None:
        doc_id = passage_id.rpartition("#")[0]
        margin = self.library.notebook.margin_marks(self.library.document(doc_id))
        self.post_message(NotebookChanged(said, doc_id, margin))

    def action_annotate(self) -> None:
        """Write (or edit) the note on the passage here."""
        passage_id = self._passage_or_say()
        if passage_id:
            self.open_note(passage_id)

    @work(thread=True, group="notes", exit_on_error=False)
    def open_note(self, passage_id: str) -> None:
        notebook = self.library.notebook
        citation = notebook.citation(passage_id)
        note = notebook.note_on(passage_id)
        draft = draft_to_restore(notebook.drafts.draft(note_key(passage_id)), note)
        heading = f"Note on {passage_id} · {citation.title}"
        text, uid, based_on = (note.text, note.uid, note.updated_at) if note else ("", "", 0.0)
        self.post_message(NoteOpened(passage_id, heading, citation.quote, text, draft, uid, based_on))

    def on_note_opened(self, message: NoteOpened) -> None:
        key = note_key(message.passage_id)
        text = message.draft.text if message.draft else message.text
        editor = NoteEditor(message.heading, message.quote, text, draft_key=key, passage_id=message.passage_id)

        def written(text: str | None) -> None:
            if text is not None and text != message.text:
                self.save_note(message, text, key, editor.closed_at)
            else:
                self.close_draft(key, editor.closed_at)

        self.push_screen(editor, written)
        if message.draft:
            self.notify(restored_notice(message.draft), title="sleuth")

    @work(thread=True, group="notes", exit_on_error=False)
    def save_note(self, opened: NoteOpened, text: str, draft_key: str, closed_at: float) -> None:
        notebook, passage_id = self.library.notebook, opened.passage_id
        note = notebook.annotate(passage_id, text, opened.based_on)
        notebook.drafts.close(draft_key, closed_at)  # after the note is kept, not before
        said = f"Saved the note on {passage_id}" if note else f"Deleted the note on {passage_id}"
        if note is not None and note.uid != opened.uid and len(notebook.notes_on(passage_id)) > 1:
            said = f"Saved the note on {passage_id}; another sleuth window changed it meanwhile: both are kept"
        self._post_changed(said, passage_id)

    # -- drafts: what is typed in the note editor, kept until it is saved or cancelled -----------
    def on_note_editor_draft_typed(self, message: NoteEditor.DraftTyped) -> None:
        self.keep_draft(message)

    @work(thread=True, group="drafts", exit_on_error=False)
    def keep_draft(self, message: NoteEditor.DraftTyped) -> None:
        self.library.notebook.drafts.keep(message.key, message.passage_id, message.text, message.typed_at)

    @work(thread=True, group="drafts", exit_on_error=False)
    def close_draft(self, key: str, closed_at: float) -> None:
        self.library.notebook.drafts.close(key, closed_at)

    @work(thread=True, group="drafts", exit_on_error=False)
    def tell_drafts(self) -> None:
        """On start: say which notes were being written when sleuth last stopped, unsaved."""
        drafts = self.library.notebook.drafts.drafts()
        if drafts:
            where = ", ".join(dict.fromkeys(draft.passage_id for draft in drafts))
            said = f"Unsaved notes from last time are kept, on {where}: a on the passage (or ctrl+n, a) brings one back"
            self.call_from_thread(self.notify, said, title="sleuth", timeout=15, markup=False)

    @work(thread=True, exclusive=True, group="margin", exit_on_error=False)
    def load_margin(self, document: DocumentView) -> None:
        """The marks of an opened document's bookmarked and annotated passages."""
        self.post_message(NotebookChanged("", document.doc_id, self.library.notebook.margin_marks(document)))

    def on_notebook_changed(self, message: NotebookChanged) -> None:
        if message.said:
            self.notify(message.said, title="sleuth", markup=False)
        self.show_margin(message.doc_id, message.margin)

    def show_margin(self, doc_id: str, margin: dict[int, str]) -> None:
        """Mark bookmarked and annotated passages in the viewer's margin, if it shows ``doc_id``."""
        viewer = self.query_one(PassageViewer)
        if viewer.document is not None and viewer.document.doc_id == doc_id:
            viewer.set_margin_marks({n: MARGIN_GLYPHS[kind] for n, kind in margin.items()})

    def action_copy_citation(self) -> None:
        """Copy the citation of the passage here (OSC 52: works over SSH)."""
        passage_id = self._passage_or_say()
        if passage_id:
            self.copy_citation(passage_id)

    @work(thread=True, group="notes", exit_on_error=False)
    def copy_citation(self, passage_id: str) -> None:
        citation = format_citation(self.library.notebook.citation(passage_id))
        self.call_from_thread(self.copy_to_clipboard, citation)
        self.call_from_thread(self.notify, f"Copied the citation of {passage_id}", title="sleuth", markup=False)

    # -- review marks of results ----------------------------------------------------------------
    @work(thread=True, exclusive=True, group="review", exit_on_error=False)
    def load_review_marks(self, query: str) -> None:
        self.post_message(ReviewMarksLoaded(query, self.library.notebook.review_marks(query)))

    # A named handler, not @on: Textual collects @on handlers from the App's own class, not a mixin's.
    def on_results_list_review_requested(self, event: ResultsList.ReviewRequested) -> None:
        self.mark_result(event.query, event.passage_id, event.mark)

    @work(thread=True, group="review", exit_on_error=False)
    def mark_result(self, query: str, passage_id: str, mark: str) -> None:
        self.library.notebook.mark_result(query, passage_id, mark)
        self.post_message(ReviewMarksLoaded(query, self.library.notebook.review_marks(query)))

    def on_review_marks_loaded(self, message: ReviewMarksLoaded) -> None:
        self.query_one(ResultsList).set_review_marks(message.query, message.marks)
