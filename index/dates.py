"""A document's date, found by general rules at index time; ISO ``YYYY-MM-DD`` or "" when unknown.

In order of trust:

* HTML: a ``<meta>`` whose name, property or itemprop speaks of publication or a date
  (``article:published_time``, ``date``, ``dc.date``, ``citation_publication_date``…), else the
  first ``<time datetime>``;
* Markdown/YAML front matter: a ``date:`` (or ``published:``) key;
* a header line near the top: ``Date: …``, ``Published: …``, ``Dated …``;
* a full date with a year (``March 3, 2024``, ``3 March 2024``, ``2024-03-03``) in the first few
  lines, where bylines and datelines put it: in a one-line paragraph of its own (a few words
  beside it at most, not starting in lower case: "By Jane Doe | March 3, 2024") or after a capitalised place at the
  start of a line, before a dash or bracket ("WASHINGTON, March 3, 2024 (Reuters) -"). A date
  inside a sentence ("due May 1, 1996"), even one wrapped onto a short line, is about something else.

Parsing is left to python-dateutil; a date without a year (a Reuters dateline) is no date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime

from dateutil import parser as date_parser

LEADING_LINES = 6
"""How many non-blank lines at the top of a text may hold its header or dateline."""

_META_KEYS = re.compile(
    r"(?:^|[:._-])(?:date|pubdate|published|published_time|publication_date|datepublished|issued)$", re.I
)
_NOT_PUBLICATION = re.compile(r"modified|updated|expir|revised", re.I)
FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
FRONT_MATTER_DATE = re.compile(r"^(?:date|published|pubdate)[ \t]*:[ \t]*['\"]?([^'\"\n]+)", re.I | re.M)
_HEADER_LINE = re.compile(r"^\s*(?:date[d]?|published(?: on)?|posted(?: on)?)\s*[:\-–]?\s+(.+)$", re.I)
_MONTH = (
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
_FULL_DATE = re.compile(
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"  # March 3, 2024
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"  # 3 March 2024
    r"|\b\d{4}-\d{2}-\d{2})\b",  # 2024-03-03
    re.I,
)
_DATELINE_PLACE = re.compile(r"^\s*[A-Z][A-Z.'\- ]+(?:,\s*[A-Z][A-Za-z.' ]*)?,\s*$")
_DATELINE_AFTER = re.compile(r"^\s*[-–—(]")
BYLINE_WORDS = 5
"""A line with a date and at most this many other words is a date or byline line."""
_EARLIEST_YEAR = 1000


def iso_date(value: str) -> str:
    """``value`` parsed as a date (ISO, or words like "3 March 2024"), as ``YYYY-MM-DD``; "" if not one.

    A value with no year, or with no day or month, is not a date: dateutil would fill them in
    from today.
    """
    value = value.strip()
    if not re.search(r"\b\d{4}\b", value) or not (re.search(_MONTH, value, re.I) or re.search(r"\d{4}-\d{1,2}", value)):
        return ""
    try:  # parsed twice with different default days: a value without a day of its own differs
        parsed: datetime = date_parser.parse(value[:80], fuzzy=True, default=datetime(2000, 1, 1))
        again: datetime = date_parser.parse(value[:80], fuzzy=True, default=datetime(2000, 1, 2))
    except (ValueError, OverflowError):
        return ""
    return parsed.date().isoformat() if parsed == again and parsed.year >= _EARLIEST_YEAR else ""


def html_date(metas: Iterable[Mapping[str, str]], times: Iterable[Mapping[str, str]]) -> str:
    """The publication date in an HTML page's ``<meta>`` or ``<time>`` tags (their attributes), or ""."""
    for meta in metas:
        key = str(meta.get("property") or meta.get("name") or meta.get("itemprop") or "")
        wanted = key and _META_KEYS.search(key) and not _NOT_PUBLICATION.search(key)
        if wanted and (found := iso_date(str(meta.get("content") or ""))):
            return found
    for time in times:
        if found := iso_date(str(time.get("datetime") or "")):
            return found
    return ""


def text_date(text: str) -> str:
    """The date in a text's front matter, header line or leading dateline, or ""."""
    if front := FRONT_MATTER.match(text):
        if (key := FRONT_MATTER_DATE.search(front.group(1))) and (found := iso_date(key.group(1))):
            return found
        text = text[front.end() :]
    raw = text[:4000].splitlines()[:40]
    leading = [i for i, line in enumerate(raw) if line.strip()][:LEADING_LINES]
    for i in leading:
        if (header := _HEADER_LINE.match(raw[i])) and (found := iso_date(header.group(1))):
            return found
    for i in leading:
        line = raw[i]
        alone = not (i and raw[i - 1].strip()) and not (i + 1 < len(raw) and raw[i + 1].strip())
        full = _FULL_DATE.search(line)
        if full and _heads_the_line(line, full.start(), full.end(), alone) and (found := iso_date(full.group(0))):
            return found
    return ""


def _heads_the_line(line: str, start: int, end: int, alone: bool) -> bool:
    """True when the date at ``line[start:end]`` is a byline or dateline date, not one in a sentence.

    A byline is a paragraph of its own (``alone``): in hard-wrapped text a short line holding a
    date ("debentures due May 1, 1996.") is the end of a sentence.
    """
    before, after = line[:start], line[end:]
    words = re.findall(r"\w+", before + " " + after)
    if alone and len(words) <= BYLINE_WORDS and not (words and words[0][0].islower()):
        return True
    return _DATELINE_PLACE.match(before) is not None and _DATELINE_AFTER.match(after) is not None
