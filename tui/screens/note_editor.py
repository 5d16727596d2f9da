"""The note editor: several lines of the reader's own words on a passage, ``#tags`` anywhere."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from ..text import safe_text

QUOTE_SHOWN = 300
"""Characters of the passage shown above the editor, to remind the reader what the note is on."""


class NoteEditor(ModalScreen[str | None]):
    """Edits a note; ctrl+s keeps it (empty text deletes a note), escape leaves it as it was (None)."""

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

    def __init__(self, heading: str, quote: str, text: str = "") -> None:
        super().__init__()
        self.heading = heading
        self.quote = quote
        self.text = text

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

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)
