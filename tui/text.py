"""Document text made safe to show: plain Rich ``Text`` (never markup), control codes removed."""

from __future__ import annotations

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
