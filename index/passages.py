"""From a file to a Document and its Passages, with offsets that are stable across re-indexing."""

from __future__ import annotations

import re

from .documents import load_document
from .models import Document, Passage

__all__ = ["MAX_PASSAGE_CHARS", "is_heading", "load_document", "split_passages"]

MAX_PASSAGE_CHARS = 1500
"""Paragraphs longer than this are split at sentence ends into passages about this long."""
LONGEST_PASSAGE_CHARS = 2 * MAX_PASSAGE_CHARS
"""A piece still longer than this once split at sentences (a log without blank lines, a table, a
text without full stops) is split at spaces, or anywhere when it has none, into pieces of at most
MAX_PASSAGE_CHARS: no passage reaches spaCy's limit (a million characters) or costs it gigabytes
(a 900,000-character line took 103 s and 2.97 GB), and no news sentence is cut (Reuters' longest
passage: 1,717 characters)."""

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
        merged.extend(_split_long(document.text, pending_heading, len(document.text)))
    return [
        Passage(document.doc_id, n, start, end, document.text[start:end], document.page_at(start))
        for n, (start, end) in enumerate(merged, start=1)
    ]


def _split_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` at sentence ends into pieces of about MAX_PASSAGE_CHARS, and a
    piece still over LONGEST_PASSAGE_CHARS at spaces (or anywhere)."""
    return [piece for s, e in _split_sentences(text, start, end) for piece in _split_words(text, s, e)]


def _split_words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Pieces of ``text[start:end]`` of equal size at most MAX_PASSAGE_CHARS, cut at the last
    space before that size (the space belongs to neither piece), else at that size."""
    if end - start <= LONGEST_PASSAGE_CHARS:
        return [(start, end)]
    size = -(-(end - start) // -(-(end - start) // MAX_PASSAGE_CHARS))  # ceil(len / ceil(len / MAX))
    pieces: list[tuple[int, int]] = []
    while end - start > MAX_PASSAGE_CHARS:
        space = text.rfind(" ", start + size // 2, start + size + 1)
        if space > start:
            pieces.append((start, space))
            start = space + 1
        else:
            pieces.append((start, start + size))
            start += size
    pieces.append((start, end))
    return pieces


def _split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
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
