"""From a file to a Document and its Passages, with offsets that are stable across re-indexing."""

from __future__ import annotations

import re

from .documents import load_document
from .models import Document, Passage

__all__ = ["MAX_PASSAGE_CHARS", "is_heading", "load_document", "split_passages"]

MAX_PASSAGE_CHARS = 1500
"""Paragraphs longer than this are split at sentence ends into passages about this long."""

_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+(?=[\"'“‘(]?[A-Z0-9])")
_HEADING_END = (".", ",", ";", ":", "?", "!", "”", '"')


def is_heading(paragraph: str) -> bool:
    """A short line that does not end like a sentence: a title or section heading."""
    return len(paragraph.split()) <= 12 and not paragraph.endswith(_HEADING_END)


def split_passages(document: Document) -> list[Passage]:
    """Paragraph passages of ``document``; a heading joins the paragraph after it."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for paragraph in document.text.split("\n\n"):
        spans.append((offset, offset + len(paragraph)))
        offset += len(paragraph) + 2
    merged: list[tuple[int, int]] = []
    pending_heading: int | None = None
    for index, (start, end) in enumerate(spans):
        text = document.text[start:end]
        if not text:
            continue
        if is_heading(text) and index + 1 < len(spans):
            if pending_heading is None:
                pending_heading = start
            continue
        first = pending_heading if pending_heading is not None else start
        pending_heading = None
        merged.extend(_split_long(document.text, first, end))
    if pending_heading is not None:
        merged.append((pending_heading, len(document.text)))
    return [
        Passage(document.doc_id, n, start, end, document.text[start:end], document.page_at(start))
        for n, (start, end) in enumerate(merged, start=1)
    ]


def _split_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` at sentence ends into pieces of at most ~MAX_PASSAGE_CHARS."""
    if end - start <= MAX_PASSAGE_CHARS:
        return [(start, end)]
    pieces: list[tuple[int, int]] = []
    piece_start = start
    last_break = None
    for match in _SENTENCE_END.finditer(text, start, end):
        if match.start() - piece_start > MAX_PASSAGE_CHARS and last_break is not None:
            pieces.append((piece_start, last_break[0]))
            piece_start = last_break[1]
        last_break = (match.start(), match.end())
    if last_break is not None and end - piece_start > MAX_PASSAGE_CHARS:
        pieces.append((piece_start, last_break[0]))
        piece_start = last_break[1]
    pieces.append((piece_start, end))
    return pieces
