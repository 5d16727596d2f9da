"""The help screen: every key, generated from the bindings (with the reader's keymap), and the
query syntax. Each key shows its binding id, which is what ``keymap.toml`` remaps."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..keys import KeyGroup

WIDGET_KEYS = {
    "Everywhere": [("^p", "command palette: saved searches, entities, actions")],
    "Results": [
        ("enter", "open the result in the viewer"),
        ("↑ ↓ pgup pgdn home end", "move; more results load as you pass the end"),
    ],
    "Entities": [("enter", "narrow the results to it (again: undo); on a folder, add in:FOLDER")],
    "Viewer": [("↑ ↓ pgup pgdn home end", "scroll")],
}
"""Keys the widgets bring themselves (no binding of ours), listed with ours."""

QUERY_FORMS = [
    ("wu shizhong", "passages ranked by how many of the words they contain, and how rare they are"),
    ('"state security"', "exact phrase"),
    ('"ministry security"~3', "the words in order, at most 3 apart"),
    ("cyber AND china", "both words;  OR either;  NOT / - excludes"),
    ("(wu OR xi) AND mss", "parentheses group"),
    ("secur*", "prefix"),
    ("inkstr~", "fuzzy: close spellings"),
    ("title:budget", "the word in the document title"),
    ("person:inkster", "passages naming it, by any of its names;  also org: place:"),
    ("in:reports", "only documents in that folder;  path:FILE only that file"),
    ("date:2024", "documents dated 2024;  also 2024-03, 2024-03-05"),
    ("date:2023..2024", "a range of dates;  also 2023..  ..2019  >2020  <2020"),
    ("+word", "the word is required;  -word excludes it"),
]

NOTES = (
    "A query with a syntax error is searched as its plain words; the status line says so. "
    "Documents without a date never match date:."
)


VIEWER_LEGEND = Text.assemble(
    ("person", "bold underline cyan"),
    " bold and underlined · ",
    ("organisation", "underline magenta"),
    " underlined · ",
    ("place", "italic green"),
    " in italics · ",
    ("query words", "bold reverse"),
    " reversed",
)


class HelpScreen(ModalScreen[None]):
    """Keys and query syntax; escape, ? or F1 closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 100%; max-width: 110; height: 100%; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    """
    BINDINGS = [
        Binding("escape,question_mark,f1", "dismiss", "Close", id="help.close", tooltip="close this help"),
        Binding("j", "scroll_down", "Down", show=False, id="help.down", tooltip="scroll the help"),
        Binding("k", "scroll_up", "Up", show=False, id="help.up", tooltip="scroll the help"),
    ]

    def __init__(self, groups: Sequence[KeyGroup], keymap: Mapping[str, str], keymap_path: Path) -> None:
        super().__init__()
        self.groups = groups
        self.keymap = keymap
        self.keymap_path = keymap_path
        self._parts: list[Text | Table] = []

    def keys_of(self, binding: Binding) -> str:
        """The keys of ``binding`` as the reader has them (their keymap applied), for display."""
        keys = self.keymap.get(binding.id or "", binding.key)
        return " ".join(self.app.get_key_display(Binding(key.strip(), "")) for key in keys.split(","))

    def text(self) -> str:
        """Everything the help says, as plain text (what a reader scrolling through it reads)."""
        console = Console(width=160, file=io.StringIO(), record=True, color_system=None)
        for part in self._parts:
            console.print(part)
        return console.export_text()

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            for group in self.groups:
                rows = Table.grid(padding=(0, 2), expand=True)
                rows.add_column(style="bold", no_wrap=True, min_width=12)
                rows.add_column(ratio=1)
                rows.add_column(style="dim", no_wrap=True)
                for key, what in WIDGET_KEYS.get(group.title, []):
                    rows.add_row(key, what, "")
                for binding in group.bindings():
                    what = f"{binding.description}: {binding.tooltip}" if binding.tooltip else binding.description
                    rows.add_row(self.keys_of(binding), what, binding.id or "")
                yield self._static(Text(group.title, style="bold underline"))
                yield self._static(rows)
            queries = Table.grid(padding=(0, 2), expand=True)
            queries.add_column(style="bold", no_wrap=True)
            queries.add_column(ratio=1)
            for form, what in QUERY_FORMS:
                queries.add_row(Text(form), what)
            yield self._static(Text("Searching", style="bold underline"))
            yield self._static(queries)
            yield self._static(Text("In the viewer", style="bold underline"))
            yield self._static(VIEWER_LEGEND)
            yield self._static(Text(NOTES, style="dim"))
            where = f'Remap keys in {self.keymap_path}: [keys] then "binding id" = "keys". escape closes this help.'
            yield self._static(Text(where, style="dim"))

    def _static(self, part: Text | Table) -> Static:
        self._parts.append(part)
        return Static(part)

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_scroll_down(self) -> None:
        self.query_one(VerticalScroll).scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        self.query_one(VerticalScroll).scroll_up(animate=False)
