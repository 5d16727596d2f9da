"""The app's side of the reader's notebook: the notes screen and exports from the palette.

A mixin of ``SleuthApp`` so that the notebook's actions live in one file of their own.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work

from index import Library, render_notes

from .screens.notes import NotesScreen

if TYPE_CHECKING:
    from textual.app import App

    _Base = App[None]
else:
    _Base = object

EXPORT_NAMES = {"md": "Markdown", "json": "JSON", "csv": "CSV"}


class NotesActions(_Base):
    """Open the notes screen; export the notebook to a file in the folder sleuth was started in."""

    library: Library
    export_folder: Path | None = None
    """Where palette exports go (None: the folder sleuth was started in)."""

    def action_notes(self) -> None:
        if not isinstance(self.screen, NotesScreen):
            self.push_screen(NotesScreen(self.library))

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
