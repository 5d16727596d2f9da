"""The results pane: one option per ranked passage, its title, number and highlighted snippet.

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


class ResultsList(OptionList):
    """Ranked passages; enter opens the highlighted one in the viewer."""

    DEFAULT_CSS = """
    ResultsList { border: round $panel; height: 1fr; }
    ResultsList:focus { border: round $accent; }
    """
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="results.down"),
        Binding("k", "cursor_up", "Up", show=False, id="results.up"),
        Binding("d", "toggle_documents", "Passages/documents", id="results.documents"),
        Binding("r", "review('relevant')", "Relevant", id="results.relevant", tooltip="again: unmark"),
        Binding("x", "review('irrelevant')", "Irrelevant", id="results.irrelevant", tooltip="again: unmark"),
        Binding("s", "review('seen')", "Seen", id="results.seen", tooltip="again: unmark"),
    ]

    @dataclass
    class ReviewRequested(Message):
        """The reader marked (or, with the same mark again, unmarked) a result of ``query``."""

        query: str
        passage_id: str
        mark: str

    by_document: reactive[bool] = reactive(False)
    """Show one line per document (its matching passages listed) instead of one per passage."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.border_title = "Results"
        self.suggestion = ""
        self._shown_result: SearchResult | None = None
        self._shown_context = ""
        self.review_marks: dict[str, str] = {}
        """passage_id → the reader's mark of that result of the shown query."""
        self._hit_lines: dict[str, tuple[str, str, Hit]] = {}
        """option id → what its line shows (title, label, hit), to redraw it with another mark."""

    def show_result(self, result: SearchResult, context: str = "") -> None:
        """Replace the options with the hits of ``result``; ``context`` says how they were narrowed."""
        if self._shown_result is None or self._shown_result.query != result.query:
            self.review_marks = {}
        self._shown_result, self._shown_context = result, context
        self._hit_lines = {}
        options = self._document_options(result) if self.by_document else self._passage_options(result)
        self.set_options(options)
        self._show_title()
        if options:
            self.highlighted = 0

    def _show_title(self) -> None:
        result = self._shown_result
        if result is None:
            return
        shown = f"{len(result.hits)} of {result.total_label}" + (" passages by document" if self.by_document else "")
        reviewed = sum(1 for hit in result.hits if hit.passage_id in self.review_marks)
        if reviewed:
            shown += f" · {reviewed} of {len(result.hits)} reviewed"
        # Content, not a str: the context names entities and passages, which are document data.
        context = self._shown_context
        self.border_title = safe_content(f"Results · {shown}" + (f" · {context}" if context else ""))

    # -- review marks ---------------------------------------------------------------------------
    def set_review_marks(self, query: str, marks: dict[str, str]) -> None:
        """Show the reader's marks of the results of ``query`` (ignored if another query is shown)."""
        if self._shown_result is None or self._shown_result.query != query:
            return
        changed = {*self.review_marks, *marks}
        self.review_marks = dict(marks)
        for option_id in changed & self._hit_lines.keys():
            self.replace_option_prompt(option_id, self._prompt(*self._hit_lines[option_id]))
        self._show_title()

    def action_review(self, mark: str) -> None:
        """Mark the highlighted result (the same mark again takes it away), then go to the next."""
        passage_id = self.highlighted_passage_id()
        if self._shown_result is None or not passage_id:
            self.app.bell()
            return
        self.post_message(self.ReviewRequested(self._shown_result.query, passage_id, mark))
        self.action_cursor_down()

    def action_toggle_documents(self) -> None:
        self.by_document = not self.by_document

    def watch_by_document(self, _value: bool) -> None:
        if self._shown_result is not None and self._shown_result.hits:
            self.show_result(self._shown_result, self._shown_context)

    def _passage_options(self, result: SearchResult) -> list[Option | None]:
        return _with_separators(
            self._option(hit.title, _dated(f"¶{hit.n}" + (f" p. {hit.page}" if hit.page else ""), hit.date), hit)
            for hit in result.hits
        )

    def _document_options(self, result: SearchResult) -> list[Option | None]:
        return _with_separators(
            self._option(
                d.title,
                _dated(f"{len(d.passages)} × " + " ".join(f"¶{h.n}" for h in d.passages), d.date),
                d.passages[0],
            )
            for d in Library.group_by_document(result.hits)
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
            safe_text(_clip(title), style="bold"),
            Text(f"  {label}", style="dim"),
            "\n",
            highlighted(hit.snippet, hit.snippet_highlights),
        )

    def clear_results(self, message: str = "", suggestion: str = "") -> None:
        """No hits: say so, and offer ``suggestion`` (a respelt query) as an option to choose."""
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
        if self._shown_result is None or not passage_id:
            return ()
        return next((hit.entity_keys for hit in self._shown_result.hits if hit.passage_id == passage_id), ())

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


def _clip(title: str) -> str:
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1] + "…"
