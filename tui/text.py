"""Strings from files made safe to show: plain Rich ``Text`` and Textual ``Content`` (never markup),
escape sequences, control characters and bidi controls removed (``index.printable``)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich.text import Text
from textual.content import Content

from index import Highlight, printable

MATCH_STYLE = "bold reverse"


def safe_text(text: str, style: str = "") -> Text:
    """``text`` as typed: ``[bold]`` stays literal, escape sequences and control codes go."""
    return Text(printable(text, multiline=True).replace("\t", "    "), style=style)


def safe_content(text: str) -> Content:
    """One line (a title, a file name) as plain Textual content: never markup, never escapes."""
    return Content(printable(text))


def highlighted(text: str, spans: Iterable[Highlight], style: str = MATCH_STYLE) -> Text:
    """Plain text with ``spans`` styled; offsets refer to ``text`` before control codes are removed."""
    if printable(text, multiline=True) != text:  # stored text has none: offsets would shift
        return safe_text(text)
    rich_text = Text(text.replace("\t", " "))
    for span in spans:
        rich_text.stylize(style, span.start, span.end)
    return rich_text


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Controls (tab and newline too) and bidi marks: shown as spaces in the viewer's lines."""


def spaced(text: str) -> str:
    """``text`` with every control character (tab, newline and escape included) shown as a space:
    one character for one, so offsets into ``text`` still point at the same words."""
    return _UNPRINTABLE.sub(" ", text)


def styled_line(text: str, spans: Iterable[tuple[int, int, str]], style: str = "") -> Text:
    """One line of document text as plain ``Text`` (never markup), with ``(start, end, style)``
    spans whose offsets refer to ``text``; control characters become spaces."""
    line = Text(spaced(text), style=style, no_wrap=True, end="")
    for start, end, span_style in spans:
        line.stylize(span_style, start, end)
    return line
