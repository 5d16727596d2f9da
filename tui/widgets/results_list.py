"""The results pane: one option per ranked passage, its title, number and highlighted snippet.

Results come a page at a time: when the reader moves near the end of the list and there are
more, the list asks for the next page (``MoreWanted``), so every result is reachable.

The reader's review marks of the query (relevant, irrelevant, seen) show before each title, and
the title of the pane says how many of the listed results are reviewed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from index import Hit, Library, SearchResult

from ..messages import PassageChosen, SuggestionChosen
from ..text import highlighted, safe_content, safe_text

SUGGESTION_ID = "did-you-mean"
REVIEW_GLYPHS = {"relevant": ("✓ ", "bold green"), "irrelevant": ("✗ ", "bold red"), "seen": ("· ", "bold")}
"""How a review mark shows before a result's title (told apart by more than colour)."""
TITLE_CHARS = 40
"""Titles are clipped so that the title line of a hit stays one line in a narrow pane."""
MORE_WITHIN = 5
"""The next page is asked for when the cursor is this many options from the end."""


class ResultsList(OptionList):
    """Ranked passages; enter opens the highlighted one in the viewer."""

    DEFAULT_CSS = """
    ResultsList { border: round $panel; height: 1fr; }
    ResultsList:focus { border: round $accent; }
    """
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="results.down"),
        Binding("k", "cursor_up", "Up", show=False, id="results.up"),
        Binding(
            "d",
            "toggle_documents",
            "By document",
            id="results.documents",
            tooltip="one line per passage, or per document with its passages",
        ),
        Binding("r", "review('relevant')", "Relevant", id="results.relevant", tooltip="again: unmark"),
        Binding("x", "review('irrelevant')", "Irrelevant", id="results.irrelevant", tooltip="again: unmark"),
        Binding("v", "review('seen')", "Seen", id="results.seen", tooltip="viewed; again: unmark"),
    ]

    by_document: reactive[bool] = reactive(False)
    """Show one line per document (its matching passages listed) instead of one per passage."""

    @dataclass
    class ReviewRequested(Message):
        """The reader marked (or, with the same mark again, unmarked) a result of ``query``."""

        query: str
        passage_id: str
        mark: str

    @dataclass
    class MoreWanted(Message):
        """The reader is near the end of the list and there are more results: fetch from ``offset``."""

        offset: int

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.border_title = "Results"
        self.suggestion = ""
        self.hits: list[Hit] = []
        """Every hit loaded so far, in order."""
        self.total = 0
        self.total_exact = True
        """False when the search stopped at its time bound: ``total`` is then a lower bound."""
        self._narrowing = ""
        self._sort = "relevance"
        self._waiting = False
        """A page has been asked for and has not come yet."""
        self.shown_query = ""
        """The query of the results shown (their review marks are that query's)."""
        self.review_marks: dict[str, str] = {}
        """passage_id → the reader's mark of that result of the shown query."""
        self._hit_lines: dict[str, tuple[str, str, Hit]] = {}
        """option id → what its line shows (title, label, hit), to redraw it with another mark."""

    def show_result(self, result: SearchResult, context: str = "", sort: str = "relevance") -> None:
        """Replace the options with the hits of ``result``; ``context`` says how they were narrowed."""
        if self.shown_query != result.query:
            self.review_marks = {}
        self.hits, self.total, self.shown_query = list(result.hits), result.total, result.query
        self.total_exact = result.total_exact
        self._narrowing, self._sort, self._waiting = context, sort, False
        self._fill(keep=None)

    def add_page(self, result: SearchResult, offset: int) -> None:
        """Append a further page (hits from ``offset``) without moving the cursor."""
        self._waiting = False
        if offset != len(self.hits):
            return  # a page for another length of list: the list changed meanwhile
        self.hits.extend(result.hits)
        self.total = max(result.total, len(self.hits))
        if self.by_document:
            self._fill(keep=self.highlighted)
        else:
            more = _with_separators(self._passage_option(hit) for hit in result.hits)
            self.add_options([None, *more] if more and self.option_count else more)
            self._title()

    def _fill(self, keep: int | None) -> None:
        self._hit_lines = {}
        if self.by_document:
            options = self._document_options(self.hits)
        else:
            options = _with_separators(self._passage_option(hit) for hit in self.hits)
        self.set_options(options)
        self._title()
        if options:
            self.highlighted = min(keep or 0, len(options) - 1)

    def _title(self) -> None:
        total = f"{self.total:,}" if self.total_exact else f"at least {self.total:,}"
        shown = f"{len(self.hits):,} of {total}" + (" by document" if self.by_document else "")
        reviewed = sum(1 for hit in self.hits if hit.passage_id in self.review_marks)
        if reviewed:
            shown += f" · {reviewed} of {len(self.hits)} reviewed"
        sort = f" · by {self._sort}" if self._sort != "relevance" else ""
        context = f" · {self._narrowing}" if self._narrowing else ""
        # Content, not a str: the context names entities and passages, which are document data.
        self.border_title = safe_content(f"Results · {shown}{sort}{context}")

    # -- review marks ---------------------------------------------------------------------------
    def set_review_marks(self, query: str, marks: dict[str, str]) -> None:
        """Show the reader's marks of the results of ``query`` (ignored if another query is shown)."""
        if self.shown_query != query:
            return
        changed = {*self.review_marks, *marks}
        self.review_marks = dict(marks)
        for option_id in changed & self._hit_lines.keys():
            self.replace_option_prompt(option_id, self._prompt(*self._hit_lines[option_id]))
        self._title()

    def action_review(self, mark: str) -> None:
        """Mark the highlighted result (the same mark again takes it away), then go to the next."""
        passage_id = self.highlighted_passage_id()
        if not self.hits or not passage_id:
            self.app.bell()
            return
        self.post_message(self.ReviewRequested(self.shown_query, passage_id, mark))
        self.action_cursor_down()

    def action_toggle_documents(self) -> None:
        self.by_document = not self.by_document

    def watch_by_document(self, _value: bool) -> None:
        if self.hits:
            self._fill(keep=None)

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if highlighted is not None and highlighted >= self.option_count - MORE_WITHIN:
            self._want_more()

    def _want_more(self) -> None:
        if not self._waiting and self.hits and len(self.hits) < self.total:
            self._waiting = True
            self.post_message(self.MoreWanted(len(self.hits)))

    def action_cursor_down(self) -> None:
        """Down; at the end it waits for the next page instead of wrapping to the top."""
        if self.highlighted is not None and self.highlighted >= self.option_count - 1:
            self._want_more()
            if not self._waiting:
                self.app.bell()
            return
        super().action_cursor_down()

    def action_cursor_up(self) -> None:
        """Up; at the top it stays (no wrapping to the end)."""
        if self.highlighted == 0:
            self.app.bell()
            return
        super().action_cursor_up()

    def clear_results(self, message: str = "", suggestion: str = "") -> None:
        """No hits: say so, and offer ``suggestion`` (a respelt query) as an option to choose."""
        self.hits, self.total, self._waiting, self.shown_query = [], 0, False, ""
        options = [Option(safe_text(message, style="dim"), disabled=True)] if message else []
        if suggestion:
            prompt = Text.assemble("Did you mean ", safe_text(suggestion, style="bold underline"), "?")
            options.append(Option(prompt, id=SUGGESTION_ID))
        self.suggestion = suggestion
        self.set_options(options)
        self.border_title = "Results"
        if suggestion:
            self.highlighted = len(options) - 1

    def highlighted_passage_id(self) -> str:
        """The passage id of the highlighted hit, or ""."""
        option = self.highlighted_option
        return option.id if option is not None and option.id and "#" in option.id else ""

    def highlighted_entity_keys(self) -> tuple[str, ...]:
        """The entities the highlighted hit names (corpus keys), or ()."""
        passage_id = self.highlighted_passage_id()
        return next((hit.entity_keys for hit in self.hits if hit.passage_id == passage_id), ())

    def highlight_document(self, doc_id: str) -> None:
        """Move the cursor to the first hit of ``doc_id`` (the viewer went there with ] or n)."""
        for index in range(self.option_count):
            option = self.get_option_at_index(index)
            if option.id and option.id.rpartition("#")[0] == doc_id:
                self.highlighted = index
                return

    def _passage_option(self, hit: Hit) -> Option:
        return self._option(hit.title, _dated(f"¶{hit.n}" + (f" p. {hit.page}" if hit.page else ""), hit.date), hit)

    def _document_options(self, hits: list[Hit]) -> list[Option | None]:
        return _with_separators(
            self._option(
                d.title,
                _dated(f"{len(d.passages)} × " + " ".join(f"¶{h.n}" for h in d.passages), d.date),
                d.passages[0],
            )
            for d in Library.group_by_document(tuple(hits), limit=len(hits) or 1)
        )

    def _option(self, title: str, label: str, hit: Hit) -> Option:
        """A hit's line, which opens ``hit``."""
        self._hit_lines[hit.passage_id] = (title, label, hit)
        return Option(self._prompt(title, label, hit), id=hit.passage_id)

    def _prompt(self, title: str, label: str, hit: Hit) -> Text:
        """The reader's mark, the title clipped, a dim label, then the highlighted snippet."""
        glyph, style = REVIEW_GLYPHS.get(self.review_marks.get(hit.passage_id, ""), ("", ""))
        return Text.assemble(
            (glyph, style),
            safe_text(_clip(title, TITLE_CHARS - len(glyph)), style="bold"),  # a mark does not wrap the line
            Text(f"  {label}", style="dim"),
            "\n",
            highlighted(hit.snippet, hit.snippet_highlights),
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id == SUGGESTION_ID:
            self.post_message(SuggestionChosen(self.suggestion))
            return
        passage_id = event.option.id or ""
        doc_id, _, number = passage_id.rpartition("#")
        if doc_id and number.isdigit():
            self.post_message(PassageChosen(doc_id, int(number)))


def _with_separators(options: Iterable[Option]) -> list[Option | None]:
    """``options`` with a separator line (None) between each two."""
    result: list[Option | None] = []
    for option in options:
        if result:
            result.append(None)
        result.append(option)
    return result


def _dated(label: str, date: str) -> str:
    return f"{label} · {date}" if date else label


def _clip(title: str, chars: int = TITLE_CHARS) -> str:
    return title if len(title) <= chars else title[: chars - 1] + "…"
