"""The indexing screen: shown while a corpus without an index is built, instead of a frozen one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Label, ProgressBar

from index import Progress

from ..text import safe_text

STAGE_NAMES = {
    "scan": "Looking for documents",
    "read": "Reading documents",
    "ner": "Finding people, organisations and places",
    "write": "Writing the index",
    "entities": "Merging entities",
}


class IndexingScreen(Screen[None]):
    """A progress bar and the current stage and file."""

    DEFAULT_CSS = """
    IndexingScreen { align: center middle; }
    IndexingScreen > Vertical { width: 80; height: auto; border: round $accent; padding: 1 2; }
    IndexingScreen Label { width: 100%; }
    IndexingScreen ProgressBar { margin: 1 0; }
    """

    def __init__(self, corpus: str) -> None:
        super().__init__()
        self.corpus = corpus

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(safe_text(f"Indexing {self.corpus} for the first time…"), id="indexing-title")
            yield ProgressBar(total=None, show_eta=False, id="indexing-bar")
            yield Label("", id="indexing-stage")

    def show_progress(self, progress: Progress) -> None:
        bar = self.query_one(ProgressBar)
        if progress.total:
            bar.update(total=progress.total, progress=progress.done)
        stage = STAGE_NAMES.get(progress.stage, progress.stage)
        self.query_one("#indexing-stage", Label).update(safe_text(f"{stage} · {progress.current[-50:]}"))
