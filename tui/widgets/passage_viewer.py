"""The passage viewer: a whole document on Textual's line API, scrolled to a passage.

It draws only the lines on screen (``render_line``), from a ``Reading`` prepared in a worker
(styles and wrapped lines), and keeps the lines it drew in an LRU cache of strips: a 3,000-passage
report opens, scrolls and jumps as fast as a news story, and its memory does not grow with the
lines drawn.

For other parts of the app (notes, bookmarks): ``current`` is the passage in view (``document``
its document), ``PassageInView`` says when it changes, and ``set_margin_marks`` puts a one-cell
mark in the margin of chosen passages.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from index import DocumentView, Passage

from ..reading import BLANK_ROW, ENTITY_STYLES, MARK_STYLE, TITLE_ROW, Reading, Span, label, lay_out
from ..text import safe_content, styled_line
from ..wrap import wrap

__all__ = ["ENTITY_STYLES", "MARK_STYLE", "PassageViewer"]

GUTTER = 3
"""Cells left of the text: the current/hit bar, a margin mark, a space."""
STRIP_CACHE_LINES = 1000
FIND_STYLE = "black on yellow"
FIND_CURRENT_STYLE = "bold black on dark_orange"


class PassageViewer(ScrollView, can_focus=True):
    """Reads a document; ``next_hit`` and ``next_match`` jump between the query's words and found text
    (the app's ``n``/``N``, which carry on into the other documents of the results)."""

    DEFAULT_CSS = """
    PassageViewer { border: round $panel; height: 1fr; overflow-x: hidden; overflow-y: auto;
                    scrollbar-gutter: stable; }
    PassageViewer:focus { border: round $accent; }
    PassageViewer > .passage-viewer--title { text-style: bold; }
    PassageViewer > .passage-viewer--label { color: $text-muted; }
    PassageViewer > .passage-viewer--current { background: $boost; }
    PassageViewer > .passage-viewer--current-bar { color: $accent; }
    PassageViewer > .passage-viewer--hit-bar { color: $warning 60%; }
    PassageViewer > .passage-viewer--hint { color: $text-muted; }
    """
    COMPONENT_CLASSES = {
        "passage-viewer--title",
        "passage-viewer--label",
        "passage-viewer--current",
        "passage-viewer--current-bar",
        "passage-viewer--hit-bar",
        "passage-viewer--hint",
    }
    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False, id="viewer.down", tooltip="scroll down a line"),
        Binding("k", "scroll_up", "Up", show=False, id="viewer.up", tooltip="scroll up a line"),
        Binding("space", "page_down", "Page down", show=False, id="viewer.page_down", tooltip="a screen down"),
        Binding("g", "scroll_home", "Top", show=False, id="viewer.top", tooltip="the top of the document"),
        Binding("G", "scroll_end", "End", show=False, id="viewer.end", tooltip="the end of the document"),
    ]
    HINT = "Search with /, then press enter on a result to read it here."

    @dataclass
    class PassageInView(Message):
        """The passage the reader is at changed (scrolled to, jumped to, or a new document)."""

        doc_id: str
        n: int

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.border_title = "Passage viewer"
        self.reading: Reading | None = None
        self.current = 0
        """The passage in view (1-based; 0 with no document)."""
        self.margin_marks: dict[int, tuple[str, str]] = {}
        self.find_text = ""
        self.find_matches: list[tuple[int, int, int]] = []
        """(passage index, start, end) of the text found with ctrl+f, in order."""
        self.find_index: int | None = None
        self._find_spans: dict[int, list[Span]] = {}
        self._strips: LRUCache[tuple[int, bool], Strip] = LRUCache(STRIP_CACHE_LINES)
        self._hit_numbers: frozenset[int] = frozenset()
        self._pending: tuple[int, int] | None = None
        """(passage n, offset) to scroll to once the viewer has a size."""

    # -- what is shown ------------------------------------------------------------------------
    @property
    def document(self) -> DocumentView | None:
        return self.reading.document if self.reading else None

    @property
    def hit_passages(self) -> tuple[int, ...]:
        return self.reading.hits if self.reading else ()

    @property
    def text_width(self) -> int:
        """Cells a line of text may take (the viewer's width less its margin and scrollbar)."""
        return max(0, self.scrollable_content_region.width - GUTTER - 1)

    def show(self, reading: Reading, n: int, offset: int = 0) -> None:
        """Show ``reading`` at passage ``n`` (character ``offset`` of it at the top)."""
        self.reading = reading
        self._hit_numbers = frozenset(reading.hits)
        self.find_text, self.find_matches, self.find_index, self._find_spans = "", [], None, {}
        self.current = 0
        if reading.layout is None or reading.layout.width != self.text_width:
            self._lay_out()
        else:
            self._layout_changed()
        self.go_to(n, offset)

    def set_terms(self, terms: tuple[str, ...], spans: tuple[tuple[Span, ...], ...], hits: tuple[int, ...]) -> None:
        """Mark another query's words (``mark_terms`` computed them in a worker)."""
        if self.reading is not None:
            self.reading = dataclasses.replace(self.reading, term_spans=spans, hits=hits, terms=terms)
            self._hit_numbers = frozenset(hits)
            self._update_subtitle()
            self._redraw()

    def set_margin_marks(self, marks: Mapping[int, str | tuple[str, str]]) -> None:
        """One-cell marks in the margin: passage n → a glyph, or (glyph, Rich style). Replaces the last set."""
        self.margin_marks = {n: (mark, "bold") if isinstance(mark, str) else mark for n, mark in marks.items()}
        self._redraw()

    def passage_in_view(self) -> Passage | None:
        """The passage the reader is at."""
        document = self.document
        if document is None or not 1 <= self.current <= len(document.passages):
            return None
        return document.passages[self.current - 1]

    def current_text(self) -> str:
        """The plain text of the passage in view."""
        passage = self.passage_in_view()
        return passage.text if passage else ""

    def current_entity_keys(self) -> list[str]:
        """The corpus keys of the entities named in the passage in view, in order of appearance."""
        if self.reading is None or not self.current:
            return []
        keys = self.reading.corpus_keys
        mentions = sorted((m for n, m in self.reading.document.mentions if n == self.current), key=lambda m: m.start)
        return list(dict.fromkeys(keys.get(m.entity_key, m.entity_key) for m in mentions))

    def position(self) -> tuple[int, int]:
        """(passage n, character offset of its first line on screen): where the reader is."""
        layout = self.reading.layout if self.reading else None
        if layout is None or not self.current:
            return (self.current, 0)
        top = min(int(self.scroll_y), layout.rows - 1)
        if layout.row_passage[top] == self.current - 1:
            return (self.current, layout.row_start[top])
        return (self.current, 0)

    def line_text(self, y: int) -> str:
        """The plain text of screen line ``y`` of the viewer (for tests)."""
        return "".join(segment.text for segment in self.render_line(y))

    # -- moving -------------------------------------------------------------------------------
    def go_to(self, n: int, offset: int = 0) -> None:
        """Put passage ``n`` (its line showing character ``offset``) at the top of the viewer."""
        document = self.document
        if document is None or not document.passages:
            return
        n = max(1, min(n, len(document.passages)))
        layout = self.reading.layout if self.reading else None
        if layout is None:
            self._pending = (n, offset)
            self._set_current(n)
            return
        row = layout.row_at(n - 1, offset) if offset else layout.first_row[n - 1]
        self._set_current(n)
        self.scroll_to(y=row, animate=False, immediate=True, force=True)

    def _show_row(self, n: int, row: int) -> None:
        """Make passage ``n`` current with line ``row`` on screen (a third of the way down if it was not)."""
        self._set_current(n)
        height = self.scrollable_content_region.height
        if not self.scroll_y <= row < self.scroll_y + height:
            self.scroll_to(y=max(0, row - height // 3), animate=False, immediate=True, force=True)
        self._redraw()

    def next_hit(self, direction: int) -> bool:
        """Go to the next (1) or previous (-1) passage with a hit after the one in view; False if none."""
        hits = self.hit_passages
        if direction > 0:
            later = bisect_right(hits, self.current)
            target = hits[later] if later < len(hits) else None
        else:
            earlier = bisect_right(hits, self.current - 1) - 1
            target = hits[earlier] if earlier >= 0 else None
        if target is None:
            return False
        self.go_to(target)
        return True

    # Scrolling is immediate: a reader moving through a long report wants to be there now.
    def action_scroll_up(self) -> None:
        self.scroll_relative(y=-1, animate=False, force=True)

    def action_scroll_down(self) -> None:
        self.scroll_relative(y=1, animate=False, force=True)

    def action_page_up(self) -> None:
        self.scroll_relative(y=-self.scrollable_content_region.height, animate=False, force=True)

    def action_page_down(self) -> None:
        self.scroll_relative(y=self.scrollable_content_region.height, animate=False, force=True)

    def action_scroll_home(self) -> None:
        """The top: the first passage is the one in view, even when the whole document fits."""
        if self.document is not None and self.document.passages:
            self.go_to(1)
        self.scroll_to(y=0, animate=False, force=True, immediate=True)

    def action_scroll_end(self) -> None:
        """The end: the last passage is the one in view."""
        if self.document is not None and self.document.passages:
            self.go_to(len(self.document.passages))
        self.scroll_to(y=self.max_scroll_y, animate=False, force=True, immediate=True)

    def first_hit(self, direction: int) -> int:
        """The first (1) or last (-1) passage with a hit, or 0."""
        hits = self.hit_passages
        return (hits[0] if direction > 0 else hits[-1]) if hits else 0

    # -- finding text in the document ---------------------------------------------------------
    def find(self, text: str) -> int:
        """Mark every occurrence of ``text`` (case aside); returns how many there are."""
        self.find_text, self.find_index, self.find_matches, self._find_spans = text, None, [], {}
        document = self.document
        if document is not None and text:
            needle = text.casefold()
            for index, passage in enumerate(document.passages):
                haystack = passage.text.casefold()
                if len(haystack) != len(passage.text):  # casefold changed lengths (ß → ss): use lower()
                    haystack, needle_here = passage.text.lower(), text.lower()
                else:
                    needle_here = needle
                start = haystack.find(needle_here)
                while start != -1 and needle_here:
                    self.find_matches.append((index, start, start + len(needle_here)))
                    start = haystack.find(needle_here, start + len(needle_here))
        self._refresh_find_spans()
        self._update_subtitle()
        return len(self.find_matches)

    def next_match(self, direction: int) -> bool:
        """Go to the next or previous match of the find text, wrapping round; False if there is none."""
        if not self.find_matches:
            return False
        if self.find_index is None:
            index = bisect_right([m[0] for m in self.find_matches], self.current - 2)
            index = index if direction > 0 else index - 1
        else:
            index = self.find_index + direction
        self.find_index = index % len(self.find_matches)
        passage, start, _ = self.find_matches[self.find_index]
        self._refresh_find_spans()
        layout = self.reading.layout if self.reading else None
        if layout is not None:
            self._show_row(passage + 1, layout.row_at(passage, start))
        self._update_subtitle()
        return True

    def _refresh_find_spans(self) -> None:
        self._find_spans = {}
        for number, (index, start, end) in enumerate(self.find_matches):
            style = FIND_CURRENT_STYLE if number == self.find_index else FIND_STYLE
            self._find_spans.setdefault(index, []).append((start, end, style))
        self._redraw()

    # -- layout and drawing -------------------------------------------------------------------
    def _lay_out(self) -> None:
        if self.reading is None or self.text_width <= 0:
            return
        document = self.reading.document
        layout = lay_out(document.title, [p.text for p in document.passages], self.text_width)
        self.reading = dataclasses.replace(self.reading, layout=layout)
        self._layout_changed()

    def _layout_changed(self) -> None:
        layout = self.reading.layout if self.reading else None
        self.virtual_size = Size(self.scrollable_content_region.width, layout.rows if layout else 0)
        self._redraw()
        if layout is not None and self._pending is not None:
            n, offset = self._pending
            self._pending = None
            self.go_to(n, offset)

    def on_resize(self) -> None:
        layout = self.reading.layout if self.reading else None
        if self.reading is None or self.text_width <= 0 or (layout is not None and layout.width == self.text_width):
            return
        if self._pending is None and layout is not None:
            self._pending = self.position()  # keep the reader's place
        self._lay_out()

    def _redraw(self) -> None:
        self._strips.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._follow_scroll()

    def _follow_scroll(self) -> None:
        """The passage in view stays current while any of its lines is on screen; else the
        passage at the top of the screen becomes current."""
        layout = self.reading.layout if self.reading else None
        if layout is None or not layout.rows or self._pending is not None:
            return
        top = int(self.scroll_y)
        bottom = min(layout.rows, top + max(1, self.scrollable_content_region.height))
        if self.current:
            rows = layout.rows_of(self.current - 1)
            if rows.start < bottom and rows.stop > top:
                return
        for row in range(top, bottom):
            if layout.row_passage[row] >= 0:
                self._set_current(layout.row_passage[row] + 1)
                return

    def _set_current(self, n: int) -> None:
        document = self.document
        if document is None:
            return
        changed = n != self.current
        self.current = n
        if changed:
            self._strips.clear()
            self.refresh()
            self.post_message(self.PassageInView(document.doc_id, n))
        self.border_title = self._title()
        self._update_subtitle()

    def _title(self) -> Content:
        """``doc_id · date · ¶n of N`` (and the page when known) as plain content: names are data."""
        document = self.document
        if document is None:
            return safe_content("Passage viewer")
        dated = f" · {document.date}" if document.date else ""
        passage = self.passage_in_view()
        page = passage.page if passage else 0  # paged formats (PDF): the page the passage starts on
        paged = f" · p. {page}" if page else ""
        return safe_content(f"{document.doc_id}{dated} · ¶{self.current} of {len(document.passages)}{paged}")

    def _update_subtitle(self) -> None:
        if self.find_text:
            where = f"{self.find_index + 1} of " if self.find_index is not None else ""
            self.border_subtitle = safe_content(f"find “{self.find_text}”: {where}{len(self.find_matches)}")
        elif self.reading is not None and self.reading.terms:
            hits = len(self.reading.hits)
            self.border_subtitle = Content(f"{hits} passage{'s' if hits != 1 else ''} with hits · n/N")
        else:
            self.border_subtitle = ""

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = int(self.scroll_y) + y
        layout = self.reading.layout if self.reading else None
        if self.reading is None:
            hint_lines = wrap(self.HINT, max(1, self.text_width))
            if y < len(hint_lines):
                start, end = hint_lines[y]
                style = self.rich_style + self.get_component_rich_style("passage-viewer--hint")
                return Strip([Segment(" " * GUTTER + self.HINT[start:end], style)]).crop_extend(
                    0, width, self.rich_style
                )
            return Strip.blank(width, self.rich_style)
        if layout is None or row >= layout.rows:
            return Strip.blank(width, self.rich_style)
        current = layout.row_passage[row] == self.current - 1
        key = (row, current)
        strip = self._strips.get(key)
        if strip is None or strip.cell_length != width:
            strip = self._draw_row(row, current, width)
            self._strips[key] = strip
        return strip

    def _draw_row(self, row: int, current: bool, width: int) -> Strip:
        assert self.reading is not None and self.reading.layout is not None
        layout, document = self.reading.layout, self.reading.document
        index, start, end = layout.row_passage[row], layout.row_start[row], layout.row_end[row]
        base = self.rich_style + (self.get_component_rich_style("passage-viewer--current") if current else Style())
        bar, mark, mark_style = " ", " ", ""
        if index == TITLE_ROW:
            line = styled_line(document.title[start:end], (), "bold")
        elif index == BLANK_ROW:
            line = Text("")
        else:
            passage = document.passages[index]
            spans = [
                (max(s, start) - start, min(e, end) - start, style)
                for s, e, style in (
                    *self.reading.entity_spans[index],
                    *self.reading.term_spans[index],
                    *self._find_spans.get(index, ()),
                )
                if s < end and e > start
            ]
            line = styled_line(passage.text[start:end], spans)
            if row == layout.first_row[index]:
                line = Text.assemble(Text(label(index + 1), style="dim"), line)
                mark, mark_style = self.margin_marks.get(index + 1, (" ", ""))
            if current:
                bar = "▌"
            elif index + 1 in self._hit_numbers:
                bar = "▎"
        bar_style = self.get_component_rich_style(
            "passage-viewer--current-bar" if current else "passage-viewer--hit-bar"
        )
        segments = [
            Segment(bar, base + bar_style),
            Segment(mark[:1] or " ", base + Style.parse(mark_style or "none")),
            Segment(" ", base),
        ]
        line.stylize_before(base)
        body = Strip(line.render(self.app.console), line.cell_len)
        return Strip.join([Strip(segments, GUTTER), body]).crop_extend(0, width, base)
