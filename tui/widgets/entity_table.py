"""The entities pane: people, organisations and places of the results, or of the whole corpus.

When the results span several folders, their folders come first (type ``folder``). Each row is
one line that fits the pane (a long name ends in "…"): no horizontal scrolling at any width.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..messages import EntityChosen
from ..text import safe_text

TYPE_LABELS = {"PERSON": "person", "ORG": "org", "PLACE": "place", "FOLDER": "folder"}
TYPE_NAMES = {"PERSON": "people", "ORG": "organisations", "PLACE": "places", "FOLDER": "folders"}
TYPE_STYLES = {"PERSON": "bold cyan", "ORG": "bold magenta", "PLACE": "bold green", "FOLDER": "bold yellow"}
FOLDER = "FOLDER"
"""The type of a folder row: choosing it narrows the query to ``in:FOLDER``."""
NARROWED_MARK = "✓ "
TYPE_WIDTH = 7


@dataclass(frozen=True)
class EntityRow:
    """One line of the pane."""

    key: str
    name: str
    type: str
    count: int


class EntityTable(OptionList):
    """Type, count and name per entity (or folder); enter narrows the results to it (again: undo)."""

    DEFAULT_CSS = """
    EntityTable { border: round $panel; height: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
    EntityTable:focus { border: round $accent; }
    """
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="entities.down"),
        Binding("k", "cursor_up", "Up", show=False, id="entities.up"),
        Binding("t", "next_type", "Type filter", id="entities.type", tooltip="all, people, organisations, places"),
    ]

    type_filter: reactive[str] = reactive("")
    """Show only this type ("" for all); ``t`` cycles All → people → orgs → places."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.border_title = "Entities"
        self.border_subtitle = "enter: narrow · e: card · t: type"
        self._all: list[EntityRow] = []
        self._rows: list[EntityRow] = []
        self._narrowed: Collection[str] = ()
        self._scope = ""

    def show_entities(self, rows: Sequence[EntityRow], scope: str, narrowed: Collection[str] = ()) -> None:
        """``rows`` most frequent first; ``scope`` says whose entities they are; ``narrowed`` are marked."""
        self._all = list(rows)
        self._scope = scope
        self._narrowed = narrowed
        self._fill()

    def action_next_type(self) -> None:
        order = ["", *(t for t in TYPE_LABELS if t != FOLDER)]  # folders show under "all"
        self.type_filter = order[(order.index(self.type_filter) + 1) % len(order)]

    def watch_type_filter(self, _value: str) -> None:
        self._fill()

    def _fill(self) -> None:
        self._rows = [row for row in self._all if not self.type_filter or row.type == self.type_filter]
        cursor = self.highlighted or 0
        count_width = max((len(str(row.count)) for row in self._rows), default=1)
        options = []
        for index, row in enumerate(self._rows):
            mark = NARROWED_MARK if row.key in self._narrowed else ""
            line = Text.assemble(
                Text(
                    TYPE_LABELS.get(row.type, row.type.lower()).ljust(TYPE_WIDTH), style=TYPE_STYLES.get(row.type, "")
                ),
                Text(str(row.count).rjust(count_width) + "  "),
                Text(mark, style="bold"),
                safe_text(row.name),
                no_wrap=True,
                overflow="ellipsis",
            )
            options.append(Option(line, id=str(index)))
        self.set_options(options)
        if self._rows:
            self.highlighted = min(cursor, len(self._rows) - 1)
        shown = TYPE_NAMES.get(self.type_filter, "all")
        self.border_title = f"Entities · {self._scope} · {shown}"

    def row_names(self) -> list[str]:
        """The names as listed (a narrowed one with its ✓), top to bottom."""
        return [(NARROWED_MARK if row.key in self._narrowed else "") + row.name for row in self._rows]

    def row_types(self) -> set[str]:
        """The type words of the rows listed."""
        return {TYPE_LABELS.get(row.type, row.type.lower()) for row in self._rows}

    def highlighted_row(self) -> EntityRow | None:
        """The entity under the cursor, if any."""
        index = self.highlighted
        return self._rows[index] if index is not None and 0 <= index < len(self._rows) else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        row = self.highlighted_row()
        if row is not None:
            self.post_message(EntityChosen(row.key, row.name, row.type))
