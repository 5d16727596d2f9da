"""The status line: corpus, its counts, and what the last search or index run did."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from index import CorpusStats, printable


class StatusLine(Static):
    """``sleuth · corpus · N documents · N passages · N entities`` on the left, activity on the right."""

    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    activity: reactive[str] = reactive("")
    """What is happening now: hits and query time, an error."""
    indexing: reactive[str] = reactive("")
    """How far indexing is, while it runs: stage, done/total, rate, time left ("" when not)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.stats: CorpusStats | None = None

    def set_stats(self, stats: CorpusStats) -> None:
        self.stats = stats
        self.refresh_line()

    def watch_activity(self, _value: str) -> None:
        self.refresh_line()

    def watch_indexing(self, _value: str) -> None:
        self.refresh_line()

    def on_resize(self) -> None:
        self.refresh_line()

    def refresh_line(self) -> None:
        left = Text("sleuth", style="bold")
        if self.stats:
            s = self.stats
            counts = (
                f" · {s.documents:,} document{'s' if s.documents != 1 else ''}"
                f" · {s.passages:,} passages · {s.entities:,} entities"
            )
            # A long activity (a query's notice) matters more than the corpus counts.
            name = printable(s.name)
            indexing = f"  ─  {self.indexing}" if self.indexing else ""
            room = self.size.width - 2 - len(f"sleuth · {name}  ─  {self.activity}{indexing}")
            left.append(f" · {name}" + (counts if not self.size.width or room >= len(counts) else ""))
        if self.activity:
            left.append("  ─  ", style="dim")
            left.append(printable(self.activity))
        if self.indexing:
            left.append("  ─  ", style="dim")
            left.append(printable(self.indexing), style="italic")
        self.update(left)
