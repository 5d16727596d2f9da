"""Where a query's analysed terms occur in a text, fast enough for a whole long document.

Analysing every word of a 3,000-paragraph report (tokenise, lowercase, stem) takes half a
second. A word can only stem to a term if it starts like the term, so one regular expression
finds the words that start like one of the terms, and only those are analysed (once each).
The words found are the ones ``search.term_spans`` finds: the same token boundaries
(``TEXT_ANALYZER``'s tokenizer pattern) and the same analysis.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .models import Highlight
from .store import TEXT_ANALYZER

_TOKEN_REST = r"[\w*]*(?:\.[\w*]+)*"
"""The rest of a token after its first letters: the tokenizer's ``[\\w*]+(\\.?[\\w*]+)*``."""
_WORD_CHAR = re.compile(r"[\w*]")
PREFIX_SLACK = 2
"""Stemming may change a word's last letters (happy → happi, ational → ate): the first
``len(term) - PREFIX_SLACK`` letters are shared."""


def _inside_token(text: str, start: int) -> bool:
    """True when ``start`` is inside a token (``referry``, ``x.ferry``), not at its start."""
    if not start:
        return False
    if _WORD_CHAR.match(text, start - 1):
        return True
    return text[start - 1] == "." and start > 1 and _WORD_CHAR.match(text, start - 2) is not None


def term_spans(text: str, terms: Iterable[str]) -> tuple[Highlight, ...]:
    """Spans of the words of ``text`` whose analysed form is one of ``terms``, in order."""
    wanted = frozenset(terms)
    if not wanted or not text:
        return ()
    lowered = text.lower()
    flags = re.NOFLAG
    if len(lowered) != len(text):  # a letter whose lower case is longer (İ): offsets would shift
        lowered, flags = text, re.IGNORECASE
    prefixes = sorted({re.escape(term[: max(1, len(term) - PREFIX_SLACK)]) for term in wanted}, key=len)
    candidates = re.compile(f"(?:{'|'.join(prefixes)}){_TOKEN_REST}", flags)
    verdicts: dict[str, bool] = {}
    spans = []
    for match in candidates.finditer(lowered):
        start = match.start()
        if start and (
            _WORD_CHAR.match(text, start - 1)
            or (text[start - 1] == "." and start > 1 and _WORD_CHAR.match(text, start - 2))
        ):
            continue  # inside a token (``referry``, ``x.ferry``), not at its start
        word = text[start : match.end()]
        matches = verdicts.get(word)
        if matches is None:
            analysed = [token.text for token in TEXT_ANALYZER(word, removestops=False)]
            matches = verdicts[word] = len(analysed) == 1 and analysed[0] in wanted
        if matches:
            spans.append(Highlight(start, match.end()))
    return tuple(spans)
