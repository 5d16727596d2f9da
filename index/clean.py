"""Cleaning: control codes out, paragraphs found, web boilerplate dropped by general rules.

The rules, each about the shape of a paragraph rather than a list of known strings:

* **Chrome fragments**: a paragraph of one or two words, or of up to four words with no
  sentence punctuation inside it and no digits, that is followed by nothing but other
  fragments or boilerplate (a page's tail: "Share.", "Leave A Reply"), or that is a lone
  word ("Loading", "Advertisement"). Short headings inside the body are kept.
* **Repeated lines**: a short paragraph that occurs more than once in a document is a widget.
* **Calls to action**: paragraphs that ask the reader to subscribe, sign up, follow, share or
  comment (newsletter pitches, social buttons).
* **Syndication and credit lines**: "This article originally appeared in …", "Credit: Getty".
* **Pull quotes and captions**: a paragraph whose text is wholly contained in a longer one.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from .printable import printable

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")
_CREDIT_SUFFIX = re.compile(r"\s*\b(?:Photo\s+)?(?:Credit|Photograph|Image|Photo)s?\s*:\s*[^.!?]{1,60}$")
# A call to action speaks to the reader: an imperative at the start of a sentence, or a site's
# own furniture ("our newsletter", "all rights reserved"). Reporting *about* a newsletter or a
# subscription does neither, and is kept.
_CALL_TO_ACTION = re.compile(
    r"(?:^|[.!?]\s+)(?:sign\s+up|subscribe|follow\s+us|share\s+(?:this|on)|leave\s+a\s+(?:reply|comment)|"
    r"click\s+here|read\s+more|download\s+(?:our|the\s+app)|join\s+our|get\s+(?:our|the\s+latest))\b"
    r"|\bour\s+(?:\w+\s+){0,5}newsletters?\b|\ball\s+rights\s+reserved\b|\b(?:cookie|privacy)\s+(?:policy|settings)\s*$",
    re.IGNORECASE,
)
_SYNDICATION = re.compile(
    r"^(?:this|the)\s+(?:article|story|piece|report)\s+(?:was\s+)?(?:originally|first)\s+"
    r"(?:appeared|published|ran)\b|^(?:copyright|©)\s",
    re.IGNORECASE,
)
_SENTENCE_PUNCT = re.compile(r"[.!?;:,\"“”]")


def strip_control(text: str) -> str:
    """Remove terminal escape sequences, control characters and bidi controls; normalise newlines
    and Unicode."""
    return unicodedata.normalize("NFC", printable(text, multiline=True))


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of ``text``, whitespace collapsed.

    A paragraph ends at a blank line, before a list item, and before an indented line that
    follows an unindented one (hard-wrapped newswire indents each new paragraph).
    """
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        joined = _SPACES.sub(" ", " ".join(current)).strip()
        if joined:
            paragraphs.append(joined)
        current.clear()

    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.split("\n") if line.strip()]
        # Hard-wrapped newswire indents the first line of each paragraph and nothing else; a
        # block indented throughout (a quotation, say) is one paragraph.
        indented = [line[:1] in (" ", "\t") for line in lines]
        marks_paragraphs = 0 < sum(indented) < len(lines)
        for line, is_indented in zip(lines, indented, strict=True):
            if current and (_LIST_ITEM.match(line) or (marks_paragraphs and is_indented)):
                flush()
            current.append(line.strip())
        flush()
    flush()
    return paragraphs


def _words(paragraph: str) -> list[str]:
    return paragraph.split()


def _is_fragment(paragraph: str) -> bool:
    """A few words with no sentence inside: a button, label or heading."""
    words = _words(paragraph)
    if len(words) <= 2:
        return True
    if paragraph.endswith((".", "!", "?", "”", '"')):
        return False  # a short sentence ("No ferry on Sunday."), not a button
    return len(words) <= 4 and not _SENTENCE_PUNCT.search(paragraph) and not re.search(r"\d", paragraph)


def _is_call_or_credit(paragraph: str) -> bool:
    if _SYNDICATION.search(paragraph):
        return True
    return len(_words(paragraph)) <= 60 and bool(_CALL_TO_ACTION.search(paragraph))


def remove_boilerplate(paragraphs: list[str]) -> list[str]:
    """Drop the paragraphs that are page furniture rather than the document's own text."""
    paragraphs = [_CREDIT_SUFFIX.sub("", p).strip() for p in paragraphs]
    paragraphs = [p for p in paragraphs if p]
    counts = Counter(p.casefold() for p in paragraphs)
    keep = [True] * len(paragraphs)
    for i, paragraph in enumerate(paragraphs):
        words = len(_words(paragraph))
        if (
            (words <= 1 and not re.search(r"\d", paragraph))
            or (words <= 8 and counts[paragraph.casefold()] > 1)
            or _is_call_or_credit(paragraph)
        ):
            keep[i] = False
    # The tail of a page: from the end, drop fragments until real text is reached.
    for i in range(len(paragraphs) - 1, -1, -1):
        if not keep[i]:
            continue
        if _is_fragment(paragraphs[i]):
            keep[i] = False
        else:
            break
    kept = [p for p, k in zip(paragraphs, keep, strict=True) if k]
    return _drop_contained(kept)


CONTAINED_WINDOW = 200
"""A caption or pull quote repeats a paragraph at most this many paragraphs away: comparing each
paragraph with every other took minutes on a book (War and Peace: 133 s), and a page has fewer."""


def _drop_contained(paragraphs: list[str]) -> list[str]:
    """Drop captions and pull quotes: paragraphs of 6+ words repeated inside a longer one nearby
    (within the same block of CONTAINED_WINDOW paragraphs or the blocks on either side)."""
    folded = [p.casefold() for p in paragraphs]
    blocks = [folded[i : i + CONTAINED_WINDOW] for i in range(0, len(folded), CONTAINED_WINDOW)]
    joined = ["\x00".join(block) for block in blocks]
    result = []
    for number, block in enumerate(blocks):
        around = "\x00".join(joined[max(0, number - 1) : number + 2])
        same = Counter(p for b in blocks[max(0, number - 1) : number + 2] for p in b)
        for offset, text in enumerate(block):
            # Occurrences inside other paragraphs: all occurrences less the paragraphs equal to it.
            if len(text.split()) >= 6 and around.count(text) > same[text]:
                continue
            result.append(paragraphs[number * CONTAINED_WINDOW + offset])
    return result


def guess_title(paragraphs: list[str], fallback: str) -> str:
    """A heading-like first paragraph, else the first sentence clipped, else ``fallback``."""
    if not paragraphs:
        return fallback
    first = paragraphs[0]
    if len(_words(first)) <= 14 and not first.rstrip().endswith((".", ",", ";")):
        return _recase_shouting(first)
    sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0]
    return sentence if len(sentence) <= 80 else sentence[:79].rsplit(" ", 1)[0] + "…"


def _recase_shouting(line: str) -> str:
    """Newswire headlines come in capitals; show them in title case."""
    letters = [c for c in line if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.8:
        return line.title()
    return line
