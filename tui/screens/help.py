"""The help screen: every key and what it does, and the query syntax."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = [
    ("/", "focus the search bar"),
    ("↑ ↓ (search bar)", "earlier / later queries of this corpus"),
    ("ctrl+s", "save the query (run saved searches from the command palette)"),
    ("tab / shift+tab", "next / previous pane"),
    ("↑ ↓  j k", "move in results and entities; scroll the viewer"),
    ("enter", "open the result; on an entity or folder: narrow the results to it (again: undo)"),
    ("d", "results: one line per passage, or per document with its passages"),
    ("m", "more like this: passages like the highlighted result or the passage in the viewer"),
    ("n / N", "next / previous passage with a hit (viewer)"),
    ("t", "entities pane: all, people, organisations, places"),
    ("e", "entity card (entities pane, viewer, results): who or what it is, quotes, mentions"),
    ("r t g h u", "on an entity card: rename, change type, merge into another, hide, undo"),
    ("b", "bookmark the passage in view (or the highlighted result); again: remove the bookmark"),
    ("a", "write or edit a note on it (several lines, #tags; ctrl+s saves)"),
    ("y", "copy its citation: title, doc_id#n, page, date and the quoted text"),
    ("r x s", "results: mark the highlighted result relevant, irrelevant or seen (again: unmark)"),
    ("ctrl+n", "notes screen: every bookmark and note; enter opens, a edits, d deletes, u undoes"),
    ("escape", "back to the search bar"),
    ("ctrl+p", "command palette"),
    ("?", "this help"),
    ("q", "quit"),
]

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
    """Keys and query syntax; any of escape, q or ? closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 1 2;
    }
    """
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        keys = Table.grid(padding=(0, 2))
        keys.add_column(style="bold", no_wrap=True, width=max(len(key) for key, _ in KEYS))
        keys.add_column(ratio=1)
        for key, what in KEYS:
            keys.add_row(key, what)
        queries = Table.grid(padding=(0, 2))
        queries.add_column(style="bold", no_wrap=True, width=max(len(form) for form, _ in QUERY_FORMS))
        queries.add_column(ratio=1)
        for form, what in QUERY_FORMS:
            queries.add_row(Text(form), what)
        with VerticalScroll():
            yield Static(Text("Keys", style="bold underline"))
            yield Static(keys)
            yield Static(Text("\nSearching", style="bold underline"))
            yield Static(queries)
            yield Static(Text("\nIn the viewer", style="bold underline"))
            yield Static(VIEWER_LEGEND)
            yield Static(Text(NOTES, style="dim"))
            yield Static(Text("\nescape closes this help", style="dim"))
