"""The one way sleuth cites a passage: title, ``doc_id#n``, page when known, date when known, quote.

The app's ``y``, the notes screen and every export format build their citations here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date

from .printable import printable

MONTHS = ("January February March April May June July August September October November December").split()


@dataclass(frozen=True)
class Citation:
    """What a citation of a passage says."""

    title: str
    passage_id: str
    quote: str
    page: int | None = None
    date: str = ""
    """ISO ``YYYY-MM-DD`` (or a year, or year and month), "" when unknown."""


def human_date(iso: str) -> str:
    """``1987-02-26`` → ``26 February 1987``; a year or year-month as far as it goes; else as given."""
    parts = iso.split("-")
    try:
        if len(parts) == 3:
            day = Date.fromisoformat(iso)
            return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
        if len(parts) == 2 and 1 <= int(parts[1]) <= 12:
            return f"{MONTHS[int(parts[1]) - 1]} {int(parts[0])}"
    except ValueError:
        return iso
    return iso


def one_line(text: str) -> str:
    """``text`` on one line, escapes and control characters out (a quote or title is document data)."""
    return " ".join(printable(text).split())


def source(citation: Citation) -> str:
    """Where the quote is from: ``Title, doc.txt#3, p. 12, 26 February 1987``."""
    parts = [one_line(citation.title) or citation.passage_id.rpartition("#")[0], one_line(citation.passage_id)]
    if citation.page is not None:
        parts.append(f"p. {citation.page}")
    if citation.date:
        parts.append(human_date(citation.date))
    return ", ".join(parts)


def format_citation(citation: Citation) -> str:
    """The citation as one paragraph to paste: ``“quoted text” (Title, doc.txt#3, p. 12, 26 February 1987)``."""
    return f"“{one_line(citation.quote)}” ({source(citation)})"
