"""Every query form on the seed article, with what each hit's passage must say (CLI and TUI tests)."""

from __future__ import annotations

import re
from collections.abc import Callable


def has(pattern: str) -> Callable[[str], bool]:
    return lambda text: re.search(pattern, text, re.IGNORECASE) is not None


def both(*checks: Callable[[str], bool]) -> Callable[[str], bool]:
    return lambda text: all(check(text) for check in checks)


def lacks(pattern: str) -> Callable[[str], bool]:
    return lambda text: re.search(pattern, text, re.IGNORECASE) is None


QUERY_FORMS: dict[str, Callable[[str], bool]] = {
    "Inkster": has(r"\binkster\b"),
    "hacking talent": has(r"\bhack|\btalent"),
    '"state security"': has(r"\bstate security\b"),
    '"ministry security"~3': has(r"\bministry of state security\b"),
    "cyber AND china": both(has(r"\bcyber"), has(r"\bchina")),
    "Inkster OR Snowden": has(r"\binkster\b|\bsnowden\b"),
    "china NOT military": both(has(r"\bchina\b"), lacks(r"\bmilitar")),
    "china -military": both(has(r"\bchina\b"), lacks(r"\bmilitar")),
    "(inkster OR wu) AND hacking": both(has(r"\binkster\b|\bwu\b"), has(r"\bhack")),
    "secur*": has(r"\bsecur"),
    "inkstr~": has(r"\binkster\b"),
    "person:inkster": has(r"\binkster\b"),
    "org:MSS": has(r"\bMSS\b|ministry of state security"),
    "place:beijing": has(r"\bbeijing\b"),
}
"""Query → a check every hit's passage text passes; each form finds at least one passage."""
