"""Document text made safe to show: plain Rich ``Text`` (never markup), control codes removed."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich.text import Text

from index import Highlight
from index.clean import strip_control

MATCH_STYLE = "bold reverse"


def safe_text(text: str, style: str = "") -> Text:
    """``text`` as typed: ``[bold]`` stays literal, escape sequences and control codes go."""
    return Text(strip_control(text).replace("\t", "    "), style=style)


def highlighted(text: str, spans: Iterable[Highlight], style: str = MATCH_STYLE) -> Text:
    """Plain text with ``spans`` styled; offsets refer to ``text`` before control codes are removed."""
    rich_text = Text(text.replace("\t", " "))
    for span in spans:
        rich_text.stylize(style, span.start, span.end)
    # Removing control codes after styling keeps the offsets right; stored text has none anyway.
    if strip_control(text) != text:
        return safe_text(text)
    return rich_text


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` with every control character (tab, newline and escape included) shown as a space:
    one character for one, so offsets into ``text`` still point at the same words."""
    return _UNPRINTABLE.sub(" ", text)


def styled_line(text: str, spans: Iterable[tuple[int, int, str]], style: str = "") -> Text:
    """One line of document text as plain ``Text`` (never markup), with ``(start, end, style)``
    spans whose offsets refer to ``text``; control characters become spaces."""
    line = Text(printable(text), style=style, no_wrap=True, end="")
    for start, end, span_style in spans:
        line.stylize(span_style, start, end)
    return line
