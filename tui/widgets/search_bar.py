"""The search bar: an Input that steps through this corpus's past queries with up and down."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


class SearchBar(Input):
    """Type to search; ``up``/``down`` recall earlier queries; ``ctrl+s`` saves the query."""

    BINDINGS = [
        Binding("escape", "leave", "Results", id="search.leave", tooltip="to the results (so do enter and ↓)"),
        Binding(
            "up",
            "older",
            "Earlier query",
            show=False,
            id="search.history_older",
            tooltip="earlier queries of this corpus",
        ),
        Binding(
            "down",
            "newer",
            "Later query",
            show=False,
            id="search.history_newer",
            tooltip="later queries; at the newest, to the results",
        ),
        Binding(
            "ctrl+s",
            "save",
            "Save search",
            id="search.save",
            tooltip="save the query (saved searches are in the palette)",
        ),
    ]

    @dataclass
    class SaveRequested(Message):
        """The user asked to keep the current query as a saved search."""

        query: str

    @dataclass
    class Leave(Message):
        """The reader leaves the bar for the results (escape, or down at the newest query)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.cursor_blink = False  # a steady cursor: blinking redraws the bar twice a second, costly over SSH
        self.history: list[str] = []
        """Past queries, most recent first."""
        self._position = -1
        self._draft = ""

    def set_history(self, queries: Sequence[str]) -> None:
        self.history = list(queries)
        self._position = -1

    def action_older(self) -> None:
        if self._position + 1 >= len(self.history):
            self.app.bell()
            return
        if self._position == -1:
            self._draft = self.value
        self._position += 1
        self._show(self.history[self._position])

    def action_leave(self) -> None:
        self.post_message(self.Leave())

    def action_newer(self) -> None:
        if self._position == -1:
            self.post_message(self.Leave())
            return
        self._position -= 1
        self._show(self._draft if self._position == -1 else self.history[self._position])

    def action_save(self) -> None:
        if self.value.strip():
            self.post_message(self.SaveRequested(self.value.strip()))

    def on_key(self, event: events.Key) -> None:
        if event.character == "/" and not self.value.strip():
            # "/" is the key that says "search": pressed in the empty bar, it is not part of the query
            # (a "/coffee" query kept its review marks apart from "coffee").
            event.prevent_default()
            event.stop()

    def _show(self, query: str) -> None:
        self.value = query
        self.cursor_position = len(query)
