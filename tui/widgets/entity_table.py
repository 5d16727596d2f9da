"""The entities pane: people, organisations and places of the results, or of the whole corpus."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import DataTable

from ..messages import EntityChosen
from ..text import safe_text

TYPE_LABELS = {"PERSON": "person", "ORG": "org", "PLACE": "place"}
TYPE_NAMES = {"PERSON": "people", "ORG": "organisations", "PLACE": "places"}
TYPE_STYLES = {"PERSON": "bold cyan", "ORG": "bold magenta", "PLACE": "bold green"}


class EntityTable(DataTable[Text]):
    """Type, name and count per entity; enter searches for the chosen one."""

    DEFAULT_CSS = """
    EntityTable { border: round $panel; height: 1fr; }
    EntityTable:focus { border: round $accent; }
    """
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="entities.down"),
        Binding("k", "cursor_up", "Up", show=False, id="entities.up"),
        Binding("t", "next_type", "Type filter", id="entities.type"),
    ]

    type_filter: reactive[str] = reactive("")
    """Show only this type ("" for all); ``t`` cycles All → people → orgs → places."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)  # type: ignore[arg-type]
        self.border_title = "Entities"
        self._all: list[tuple[str, str, int]] = []
        self._rows: list[tuple[str, str]] = []
        self._scope = ""

    def on_mount(self) -> None:
        self.add_columns("type", "count", "name")

    def show_entities(self, rows: Sequence[tuple[str, str, int]], scope: str) -> None:
        """Rows of (name, type, count), most frequent first; ``scope`` says whose entities they are."""
        self._all = list(rows)
        self._scope = scope
        self._fill()

    def action_next_type(self) -> None:
        order = ["", *TYPE_LABELS]
        self.type_filter = order[(order.index(self.type_filter) + 1) % len(order)]

    def watch_type_filter(self, _value: str) -> None:
        self._fill()

    def _fill(self) -> None:
        rows = [row for row in self._all if not self.type_filter or row[1] == self.type_filter]
        self.clear()
        self._rows = [(name, entity_type) for name, entity_type, _ in rows]
        for name, entity_type, count in rows:
            self.add_row(
                Text(TYPE_LABELS.get(entity_type, entity_type.lower()), style=TYPE_STYLES.get(entity_type, "")),
                Text(str(count), justify="right"),
                safe_text(name),
            )
        shown = TYPE_NAMES.get(self.type_filter, "all")
        self.border_title = f"Entities · {self._scope} · {shown}"
        self.border_subtitle = "t: all / people / orgs / places"

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if 0 <= event.cursor_row < len(self._rows):
            name, entity_type = self._rows[event.cursor_row]
            self.post_message(EntityChosen(name, entity_type))
