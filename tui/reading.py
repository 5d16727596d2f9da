"""A document made ready to read: styled spans per passage, the passages with hits, and its lines.

``prepare`` runs in the worker that loads the document, so that the viewer only draws: the
query's words are found once over the whole text, mentions become styles, and the text is
wrapped to the viewer's width. A new query re-marks the open document with ``mark_terms``; a new
width re-wraps it with ``lay_out``.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from index import DocumentView, Library

from .text import MATCH_STYLE
from .wrap import wrap

Span = tuple[int, int, str]
"""(start, end, Rich style) within one passage's text."""

ENTITY_STYLES = {"PERSON": "bold underline cyan", "ORG": "underline magenta", "PLACE": "italic green"}
"""Mentions by type, told apart by more than colour: people bold and underlined, organisations
underlined, places in italics."""
MARK_STYLE = "reverse"
"""The words an entity card jumped to."""
TITLE_ROW = -1
BLANK_ROW = -2


def label(n: int) -> str:
    """What the first line of passage ``n`` starts with."""
    return f"¶{n}  "


@dataclass(frozen=True)
class Layout:
    """The document's screen lines at one width: per line, the passage it shows (an index into
    ``passages``, or TITLE_ROW/BLANK_ROW) and the offsets of its text; compact arrays, since a
    600-page report has tens of thousands of lines."""

    width: int
    row_passage: array[int]
    row_start: array[int]
    row_end: array[int]
    first_row: array[int]
    """Per passage index, the line it starts on."""

    @property
    def rows(self) -> int:
        return len(self.row_passage)

    def rows_of(self, index: int) -> range:
        """The lines of passage ``index``."""
        end = self.first_row[index + 1] - 1 if index + 1 < len(self.first_row) else self.rows
        return range(self.first_row[index], end)

    def row_at(self, index: int, offset: int) -> int:
        """The line of passage ``index`` that shows its character ``offset``."""
        rows = self.rows_of(index)
        starts = self.row_start[rows.start : rows.stop]
        return rows.start + max(0, bisect_right(starts, offset) - 1)


def lay_out(title: str, texts: Sequence[str], width: int) -> Layout:
    """Wrap the title and every passage (its label on the first line) at ``width`` cells."""
    row_passage, row_start, row_end, first_row = array("i"), array("i"), array("i"), array("i")

    def add(kind: int, lines: list[tuple[int, int]]) -> None:
        for start, end in lines:
            row_passage.append(kind)
            row_start.append(start)
            row_end.append(end)

    add(TITLE_ROW, wrap(title, width))
    add(BLANK_ROW, [(0, 0)])
    for index, text in enumerate(texts):
        first_row.append(len(row_passage))
        add(index, wrap(text, width, width - len(label(index + 1))))
        add(BLANK_ROW, [(0, 0)])
    return Layout(width, row_passage, row_start, row_end, first_row)


@dataclass(frozen=True)
class Reading:
    """One document ready for the viewer."""

    document: DocumentView
    entity_spans: tuple[tuple[Span, ...], ...]
    """Per passage index: mention styles and the words pointed out (``mark``)."""
    term_spans: tuple[tuple[Span, ...], ...]
    """Per passage index: the query's words."""
    hits: tuple[int, ...]
    """Numbers of the passages with the query's words, in order."""
    terms: tuple[str, ...]
    corpus_keys: dict[str, str]
    """The document's entity keys → the corpus entities they belong to (after corrections)."""
    layout: Layout | None = None


def mark_terms(document: DocumentView, terms: Sequence[str]) -> tuple[tuple[tuple[Span, ...], ...], tuple[int, ...]]:
    """The query's words per passage (found in one pass over the whole text) and the passages with any."""
    per_passage: list[list[Span]] = [[] for _ in document.passages]
    starts = [passage.start for passage in document.passages]
    for span in Library.highlight(document.text, tuple(terms)):
        index = bisect_right(starts, span.start) - 1
        if index >= 0 and span.end <= document.passages[index].end:
            offset = document.passages[index].start
            per_passage[index].append((span.start - offset, span.end - offset, MATCH_STYLE))
    hits = tuple(index + 1 for index, spans in enumerate(per_passage) if spans)
    return tuple(tuple(spans) for spans in per_passage), hits


def prepare(
    document: DocumentView,
    terms: Sequence[str],
    mark: tuple[int, int, int] | None,
    corpus_keys: dict[str, str],
    width: int,
) -> Reading:
    """Everything the viewer needs to draw ``document`` at ``width`` (0: lay out later)."""
    entity_spans: list[list[Span]] = [[] for _ in document.passages]
    for n, mention in document.mentions:
        if 1 <= n <= len(entity_spans):
            entity_spans[n - 1].append((mention.start, mention.end, ENTITY_STYLES.get(mention.type, "underline")))
    if mark is not None and 1 <= mark[0] <= len(entity_spans):
        entity_spans[mark[0] - 1].append((mark[1], mark[2], MARK_STYLE))
    term_spans, hits = mark_terms(document, terms)
    layout = lay_out(document.title, [p.text for p in document.passages], width) if width > 0 else None
    return Reading(document, tuple(tuple(s) for s in entity_spans), term_spans, hits, tuple(terms), corpus_keys, layout)
