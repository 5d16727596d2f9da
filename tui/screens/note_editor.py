"""The note editor: several lines of the reader's own words on a passage, ``#tags`` anywhere."""

from __future__ import annotations

import time
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Static, TextArea

from index import Draft, Note

from ..text import safe_text

QUOTE_SHOWN = 300
"""Characters of the passage shown above the editor, to remind the reader what the note is on."""
DRAFT_SECONDS = 1.0
"""While the reader types, the text is kept as a draft this often (a kill loses at most this much)."""


def note_key(passage_id: str) -> str:
    """The draft key of the note on a passage (the viewer's ``a`` and the notes screen share it)."""
    return f"note {passage_id}"


def draft_to_restore(draft: Draft | None, note: Note | None) -> Draft | None:
    """``draft`` if it is newer than the saved note and says something else; else None."""
    if draft is None or (note is not None and (draft.typed_at <= note.updated_at or draft.text == note.text)):
        return None
    return draft


def restored_notice(draft: Draft) -> str:
    return f"Brought back what you wrote at {time.strftime('%H:%M', time.localtime(draft.typed_at))} and did not save"


class NoteEditor(ModalScreen[str | None]):
    """Edits a note; ctrl+s keeps it (empty text deletes a note), escape leaves it as it was (None).

    With a ``draft_key`` it posts what is typed as a DraftTyped message about once a second; the
    app keeps it, and closes the draft after saving (or on cancel) with ``closed_at``."""

    DEFAULT_CSS = """
    NoteEditor { align: center middle; }
    NoteEditor > Vertical {
        width: 84; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 1 2;
    }
    NoteEditor .quote { color: $text-muted; margin-bottom: 1; }
    NoteEditor TextArea { height: 10; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save note", id="note.save"),  # not priority: after the keys typed before it
        Binding("escape", "cancel", "Cancel", id="note.cancel"),
    ]

    @dataclass
    class DraftTyped(Message):
        """The reader typed in the editor ``key`` (on ``passage_id``): keep ``text`` as its draft."""

        key: str
        passage_id: str
        text: str
        typed_at: float

    def __init__(self, heading: str, quote: str, text: str = "", draft_key: str = "", passage_id: str = "") -> None:
        super().__init__()
        self.heading = heading
        self.quote = quote
        self.text = text
        self.draft_key = draft_key
        """Where the unsaved text is kept while the reader types ("" keeps no draft)."""
        self.passage_id = passage_id
        self._draft_timer: Timer | None = None
        self.closed_at = 0.0
        """When the reader saved or cancelled (the draft typed before it is done with)."""

    def compose(self) -> ComposeResult:
        quote = " ".join(self.quote.split())
        if len(quote) > QUOTE_SHOWN:
            quote = quote[: QUOTE_SHOWN - 1] + "…"
        with Vertical():
            yield Static(safe_text(self.heading, style="bold"))
            yield Static(safe_text(f"“{quote}”"), classes="quote")
            yield TextArea(self.text, soft_wrap=True, id="note-text")
            yield Static(Text("ctrl+s: save · escape: cancel · #tag anywhere tags the note", style="dim"))

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @on(TextArea.Changed)
    def typed(self) -> None:
        if self.draft_key and self._draft_timer is None:
            self._draft_timer = self.set_timer(DRAFT_SECONDS, self.keep_draft)

    def keep_draft(self) -> None:
        self._draft_timer = None
        text = self.query_one(TextArea).text
        self.post_message(self.DraftTyped(self.draft_key, self.passage_id, text, time.time()))

    def action_save(self) -> None:
        self._close()
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self._close()
        self.dismiss(None)

    def _close(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self.closed_at = time.time()
