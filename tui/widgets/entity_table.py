"""The entities pane: people, organisations and places of the results, or of the whole corpus."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from ..messages import EntityChosen
from ..text import safe_text

TYPE_LABELS = {"PERSON": "person", "ORG": "org", "PLACE": "place"}
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
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)  # type: ignore[arg-type]
        self.border_title = "Entities"
        self._rows: list[tuple[str, str]] = []

    def on_mount(self) -> None:
        self.add_columns("type", "count", "name")

    def show_entities(self, rows: Sequence[tuple[str, str, int]], scope: str) -> None:
        """Rows of (name, type, count), most frequent first; ``scope`` says whose entities they are."""
        self.clear()
        self._rows = [(name, entity_type) for name, entity_type, _ in rows]
        for name, entity_type, count in rows:
            self.add_row(
                Text(TYPE_LABELS.get(entity_type, entity_type.lower()), style=TYPE_STYLES.get(entity_type, "")),
                Text(str(count), justify="right"),
                safe_text(name),
            )
        self.border_title = f"Entities · {scope}"

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if 0 <= event.cursor_row < len(self._rows):
            name, entity_type = self._rows[event.cursor_row]
            self.post_message(EntityChosen(name, entity_type))
