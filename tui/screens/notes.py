"""The notes screen: every bookmark and note, newest first, filterable by words and ``#tags``.

Each line shows the document, the passage and its quote; enter opens the viewer there, ``d``
deletes (``u`` brings it back), ``a`` edits the note, ``y`` copies its citation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from index import Draft, Library, Note, format_citation

from ..text import safe_text
from ..wording import plural
from .note_editor import NoteEditor, draft_to_restore, note_key, restored_notice

if TYPE_CHECKING:
    from ..app import SleuthApp

QUOTE_CHARS = 160
TITLE_CHARS = 50
ANCHOR_WORDS = {"moved": "moved: the words changed", "gone": "gone from the document"}


def matches(note: Note, terms: list[str]) -> bool:
    """Does ``note`` have every ``#tag`` and every word of the filter (in its text, quote or title)?"""
    words = f"{note.text} {note.quote} {note.title} {note.doc_id}".casefold()
    for term in terms:
        if term.startswith("#") and len(term) > 1:
            if term[1:] not in note.tags:
                return False
        elif term not in words:
            return False
    return True


def note_line(note: Note) -> Group:
    """Kind, document and passage; below, indented as they wrap, the note's own words and the quote."""
    when = datetime.fromtimestamp(note.updated_at).strftime("%d %b %Y %H:%M")
    title = note.title or note.doc_id
    title = title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1] + "…"
    head = Text.assemble(
        ("■ bookmark  " if note.kind == "bookmark" else "✎ note      ", "bold"),
        safe_text(title, style="bold"),
        "  ",
        safe_text(note.passage_id, style="dim"),
        (f" · {when}", "dim"),
    )
    if note.anchor in ANCHOR_WORDS:
        head.append(f"  ({ANCHOR_WORDS[note.anchor]})", style="bold yellow")
    body = []
    if note.text.strip():
        body.append(safe_text(" ↵ ".join(line.strip() for line in note.text.strip().splitlines() if line.strip())))
    quote = " ".join(note.quote.split())
    quote = quote if len(quote) <= QUOTE_CHARS else quote[: QUOTE_CHARS - 1] + "…"
    body.append(safe_text(f"“{quote}”", style="italic dim"))
    return Group(head, Padding(Text("\n").join(body), (0, 0, 0, 2)))


class NotesScreen(Screen[None]):
    """Bookmarks and notes of the corpus; escape goes back."""

    DEFAULT_CSS = """
    NotesScreen { layout: vertical; }
    NotesScreen #notes-filter { margin: 0 0; }
    NotesScreen OptionList { height: 1fr; border: round $panel; }
    NotesScreen OptionList:focus { border: round $accent; }
    NotesScreen #notes-status { height: 1; padding: 0 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back", id="notes.back"),
        Binding("slash", "focus_filter", "Filter", id="notes.filter"),
        Binding("a", "edit", "Edit note", id="notes.edit"),
        Binding("d,delete", "delete", "Delete", id="notes.delete"),
        Binding("u", "undo", "Undo delete", id="notes.undo"),
        Binding("y", "copy_citation", "Copy citation", id="notes.copy"),
        Binding("down", "focus_list", "List", show=False, id="notes.list"),
        Binding("j", "cursor_down", "Down", show=False, id="notes.down"),
        Binding("k", "cursor_up", "Up", show=False, id="notes.up"),
    ]

    @dataclass
    class Loaded(Message):
        """The notebook was read (after any change)."""

        notes: tuple[Note, ...]
        said: str = ""

    @dataclass
    class EditorOpened(Message):
        """The draft of ``note`` was read: open the editor on it (on ``draft`` when there is one)."""

        note: Note
        key: str
        draft: Draft | None

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.notes: tuple[Note, ...] = ()
        self.deleted: list[Note] = []
        """Deleted on this screen, most recent last: ``u`` brings them back one by one."""

    def compose(self) -> ComposeResult:
        yield Input(placeholder="filter: words, #tag  (down: the list)", id="notes-filter")
        yield OptionList(id="notes-list")
        yield Static("", id="notes-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.reload()

    @property
    def sleuth(self) -> SleuthApp:
        return self.app  # type: ignore[return-value]

    @property
    def listing(self) -> OptionList:
        return self.query_one("#notes-list", OptionList)

    # -- loading and showing --------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="notes", exit_on_error=False)
    def reload(self, said: str = "") -> None:
        self.post_message(self.Loaded(self.library.notebook.notes(), said))

    def on_notes_screen_loaded(self, message: Loaded) -> None:
        self.notes = message.notes
        self.show_notes()
        if message.said:
            self.app.notify(message.said, title="sleuth", markup=False)

    @on(Input.Changed, "#notes-filter")
    def show_notes(self) -> None:
        terms = self.query_one("#notes-filter", Input).value.casefold().split()
        shown = [note for note in self.notes if matches(note, terms)]
        listing = self.listing
        before = listing.highlighted
        options: list[Option | None] = []
        for note in shown:
            if options:
                options.append(None)
            options.append(Option(note_line(note), id=note.uid))
        listing.set_options(options)
        if shown:
            listing.highlighted = min(before or 0, listing.option_count - 1)
        bookmarks = sum(1 for note in shown if note.kind == "bookmark")
        counts = f"{plural(bookmarks, 'bookmark')} · {plural(len(shown) - bookmarks, 'note')}"
        total = f" (of {len(self.notes)})" if len(shown) != len(self.notes) else ""
        listing.border_title = f"Notes · {counts}{total}"
        hint = "enter: open · a: edit · d: delete · u: undo · y: copy citation · /: filter"
        if not self.notes:
            hint = "No bookmarks or notes yet: b bookmarks the passage in the viewer, a writes a note on it."
        self.query_one("#notes-status", Static).update(Text(hint))

    @on(Input.Submitted, "#notes-filter")
    def filter_done(self) -> None:
        self.listing.focus()

    def action_focus_list(self) -> None:
        self.listing.focus()

    def highlighted_note(self) -> Note | None:
        option = self.listing.highlighted_option
        if option is None:
            return None
        return next((note for note in self.notes if note.uid == option.id), None)

    # -- actions --------------------------------------------------------------------------------
    @on(OptionList.OptionSelected, "#notes-list")
    def chosen(self) -> None:
        note = self.highlighted_note()
        if note is not None:
            self.dismiss()
            self.sleuth.go_to_passage(note.doc_id, note.n)

    def action_back(self) -> None:
        self.dismiss()

    def action_focus_filter(self) -> None:
        self.query_one("#notes-filter", Input).focus()

    def action_cursor_down(self) -> None:
        self.listing.action_cursor_down()

    def action_cursor_up(self) -> None:
        self.listing.action_cursor_up()

    def action_copy_citation(self) -> None:
        note = self.highlighted_note()
        if note is not None:
            self.app.copy_to_clipboard(format_citation(note.citation))
            self.app.notify(f"Copied the citation of {note.passage_id}", title="sleuth", markup=False)

    def action_delete(self) -> None:
        note = self.highlighted_note()
        if note is not None:
            self.deleted.append(note)
            self.change(note.uid, delete=True, said=f"Deleted the {note.kind} on {note.passage_id} (u: undo)")

    def action_undo(self) -> None:
        if not self.deleted:
            self.app.notify("Nothing deleted here to bring back.", title="sleuth")
            return
        note = self.deleted.pop()
        self.change(note.uid, delete=False, said=f"Brought back the {note.kind} on {note.passage_id}")

    @work(thread=True, exclusive=True, group="notes", exit_on_error=False)
    def change(self, uid: str, delete: bool, said: str) -> None:
        if delete:
            self.library.notebook.delete(uid)
        else:
            self.library.notebook.restore(uid)
        self.post_message(self.Loaded(self.library.notebook.notes(), said))

    def action_edit(self) -> None:
        note = self.highlighted_note()
        if note is not None:
            self.open_editor(note)

    @work(thread=True, exclusive=True, group="notes", exit_on_error=False)
    def open_editor(self, note: Note) -> None:
        """Read the draft of the note (typed and not saved last time), then open the editor."""
        key = note_key(note.passage_id) if note.kind == "note" else f"bookmark {note.uid}"
        draft = draft_to_restore(self.library.notebook.drafts.draft(key), note)
        self.post_message(self.EditorOpened(note, key, draft))

    def on_notes_screen_editor_opened(self, message: EditorOpened) -> None:
        note, key = message.note, message.key
        heading = f"{'Note' if note.kind == 'note' else 'Bookmark'} on {note.passage_id} · {note.title}"
        text = message.draft.text if message.draft else note.text
        editor = NoteEditor(heading, note.quote, text, draft_key=key, passage_id=note.passage_id)

        def edited(text: str | None) -> None:
            if text is None or text == note.text:
                self.close_draft(key, editor.closed_at)
            elif note.kind == "note" and not text.strip():
                self.action_delete()  # an empty note is no note: deleted, u brings it back
                self.close_draft(key, editor.closed_at)
            else:
                self.edit(note, text, key, editor.closed_at)

        self.app.push_screen(editor, edited)
        if message.draft:
            self.app.notify(restored_notice(message.draft), title="sleuth")

    @work(thread=True, exclusive=True, group="notes", exit_on_error=False)
    def edit(self, note: Note, text: str, draft_key: str, closed_at: float) -> None:
        saved = self.library.notebook.edit(note.uid, text, note.updated_at)
        self.library.notebook.drafts.close(draft_key, closed_at)  # after the text is kept, not before
        said = f"Saved the {note.kind} on {note.passage_id}"
        if saved is not None and saved.uid != note.uid:
            said += "; another sleuth window changed it meanwhile: both are kept"
        self.post_message(self.Loaded(self.library.notebook.notes(), said))

    @work(thread=True, group="drafts", exit_on_error=False)
    def close_draft(self, key: str, closed_at: float) -> None:
        self.library.notebook.drafts.close(key, closed_at)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            self.app.notify(str(event.worker.error), title="sleuth", severity="error", markup=False)
