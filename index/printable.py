"""Strings from files made safe to show on a terminal: the one sanitiser for names, titles and text.

A file name, a title or a line of text is data. Printed raw, an escape sequence in it can set the
clipboard (OSC 52), retitle the window or clear the screen, and a bidi override (U+202E) makes
``report\u202etxt.exe`` read as ``reportexe.txt``. ``printable`` removes whole escape sequences,
then every other C0 and C1 control character and the bidi embedding, override and isolate marks.
"""

from __future__ import annotations

import re

# A 7-bit escape sequence, whole, so that no "[31m" is left behind: CSI (ESC [ parameters final),
# a string (OSC, DCS, SOS, PM, APC) with its terminator (BEL or ST) on the same line, else the
# escape and the character after it (ESC c resets the screen). 8-bit C1 controls go one by one:
# without the control character what follows is plain text to a terminal.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b[\]PX^_][^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[ -/]*[0-~]?"
)
UNSAFE_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""What never reaches a terminal from a file: C0 controls but tab and newline, DEL, C1, bidi marks."""
_LINE_BREAKS = re.compile(r"[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")


def printable(text: str, multiline: bool = False) -> str:
    """``text`` without escape sequences, control characters or bidi controls.

    One line by default (a name, a title, a path): line breaks and tabs become one space, so a
    name cannot fake a line of output. ``multiline`` keeps tabs and newlines (``\\r\\n`` and
    ``\\r`` become ``\\n``), for a passage's text.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n") if multiline else _LINE_BREAKS.sub(" ", text)
    if UNSAFE_CHARACTERS.search(text):
        text = UNSAFE_CHARACTERS.sub("", _ESCAPE_SEQUENCE.sub("", text))
    return text
