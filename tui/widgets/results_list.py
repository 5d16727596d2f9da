"""The results pane: one option per ranked passage, its title, number and highlighted snippet.

Results come a page at a time: when the reader moves near the end of the list and there are
more, the list asks for the next page (``MoreWanted``), so every result is reachable.
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
    ]

    by_document: reactive[bool] = reactive(False)
    """Show one line per document (its matching passages listed) instead of one per passage."""

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
        self._narrowing = ""
        self._sort = "relevance"
        self._waiting = False
        """A page has been asked for and has not come yet."""

    def show_result(self, result: SearchResult, context: str = "", sort: str = "relevance") -> None:
        """Replace the options with the hits of ``result``; ``context`` says how they were narrowed."""
        self.hits, self.total = list(result.hits), result.total
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
            more = _with_separators(_passage_option(hit) for hit in result.hits)
            self.add_options([None, *more] if more and self.option_count else more)
            self._title()

    def _fill(self, keep: int | None) -> None:
        if self.by_document:
            options = _document_options(self.hits)
        else:
            options = _with_separators(_passage_option(hit) for hit in self.hits)
        self.set_options(options)
        self._title()
        if options:
            self.highlighted = min(keep or 0, len(options) - 1)

    def _title(self) -> None:
        shown = f"{len(self.hits):,} of {self.total:,}" + (" by document" if self.by_document else "")
        sort = f" · by {self._sort}" if self._sort != "relevance" else ""
        context = f" · {self._narrowing}" if self._narrowing else ""
        # Content, not a str: the context names entities and passages, which are document data.
        self.border_title = safe_content(f"Results · {shown}{sort}{context}")

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
        self.hits, self.total, self._waiting = [], 0, False
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

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id == SUGGESTION_ID:
            self.post_message(SuggestionChosen(self.suggestion))
            return
        passage_id = event.option.id or ""
        doc_id, _, number = passage_id.rpartition("#")
        if doc_id and number.isdigit():
            self.post_message(PassageChosen(doc_id, int(number)))


def _passage_option(hit: Hit) -> Option:
    return _option(hit.title, _dated(f"¶{hit.n}", hit.date), hit)


def _document_options(hits: list[Hit]) -> list[Option | None]:
    return _with_separators(
        _option(
            d.title,
            _dated(f"{len(d.passages)} × " + " ".join(f"¶{h.n}" for h in d.passages), d.date),
            d.passages[0],
        )
        for d in Library.group_by_document(tuple(hits), limit=len(hits) or 1)
    )


def _option(title: str, label: str, hit: Hit) -> Option:
    """A hit's line: its title clipped, a dim label, then the highlighted snippet; opens ``hit``."""
    prompt = Text.assemble(
        safe_text(_clip(title), style="bold"),
        Text(f"  {label}", style="dim"),
        "\n",
        highlighted(hit.snippet, hit.snippet_highlights),
    )
    return Option(prompt, id=hit.passage_id)


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


def _clip(title: str) -> str:
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1] + "…"
