"""Word wrapping by offsets: where each screen line of a paragraph starts and ends.

The viewer lays out a whole document at once when it opens or its width changes, so this must
be quick: for text whose characters are all one cell wide (nearly all prose, curly quotes and
dashes included) a line is found with one ``rfind`` for the last space, not word by word.
Other text (CJK, emoji, combining marks) is measured character by character.
"""

from __future__ import annotations

import re

from rich.cells import get_character_cell_size

_MAYBE_NOT_ONE_CELL = re.compile(
    "[^\n\x20-\x7e\xa0-\u02ff\u0370-\u0482\u048a-\u052f\u1e00-\u1fff"
    "\u2010-\u2027\u2030-\u205e\u20a0-\u20bf\u2100-\u214f\u2190-\u23ff\u2500-\u25ff]"
)
"""Characters outside the ranges known to be one cell wide (Latin, Greek, Cyrillic, punctuation)."""


def wrap(text: str, width: int, first_width: int | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the lines of ``text`` wrapped at ``width`` cells (the first
    line at ``first_width``); a newline always ends a line; spaces at a break are dropped."""
    width = max(1, width)
    first = width if first_width is None else max(1, first_width)
    if _MAYBE_NOT_ONE_CELL.search(text):
        return _wrap_measured(text, width, first)
    lines: list[tuple[int, int]] = []
    length = len(text)
    start, room = 0, first
    while True:
        newline = text.find("\n", start, start + room + 1)
        if newline != -1:
            lines.append((start, newline))
            start, room = newline + 1, width
            continue
        if length - start <= room:
            lines.append((start, length))
            return lines
        cut = start + room
        if text[cut] != " ":
            space = text.rfind(" ", start, cut)
            cut = space if space > start else cut
        end = cut
        while end > start and text[end - 1] == " ":
            end -= 1
        lines.append((start, end if end > start else cut))
        start = cut
        while start < length and text[start] == " ":
            start += 1
        if start >= length:
            return lines
        room = width


def _wrap_measured(text: str, width: int, first: int) -> list[tuple[int, int]]:
    """The same as ``wrap`` for text with wide or zero-width characters, one character at a time."""
    lines: list[tuple[int, int]] = []
    start, used, room, last_space = 0, 0, first, -1
    index = 0
    while index < len(text):
        character = text[index]
        if character == "\n":
            lines.append((start, index))
            start, used, room, last_space = index + 1, 0, width, -1
            index += 1
            continue
        cells = get_character_cell_size(character)
        if used + cells > room and index > start:
            if character == " ":
                cut = index
            elif last_space > start:
                cut = last_space
            else:
                cut = index
            end = cut
            while end > start and text[end - 1] == " ":
                end -= 1
            lines.append((start, end))
            start = cut
            while start < len(text) and text[start] == " ":
                start += 1
            used, room, last_space, index = 0, width, -1, start
            continue
        if character == " ":
            last_space = index
        used += cells
        index += 1
    if start < len(text) or not lines or text.endswith("\n"):
        lines.append((start, len(text)))
    return lines
