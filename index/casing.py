"""Re-casing ALL-CAPS lines (headlines, datelines, tables) before NER, keeping every offset.

The model reads capitals as a cue for names, so a shouted headline ("KUWAIT SAYS OPEC BELOW
CEILING") yields junk. Each word of such a line takes the form the same document uses for it
elsewhere, else lower case for a function word, else Title case; word lengths never change, so
the spans found in the re-cased text index the original text unchanged.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

_LETTERS = re.compile(r"[^\W\d_]+")
_FUNCTION_WORDS = frozenset(
    {"a", "an", "the", "of", "in", "on", "at", "to", "for", "by", "with", "from", "and", "or", "but", "as"}
    | {"into", "over", "after", "before", "v", "vs", "is", "are", "was", "were", "be"}
)


def is_shouting(line: str) -> bool:
    """A line with no lower-case letter and at least one word of three letters."""
    return not any(c.islower() for c in line) and re.search(r"[^\W\d_]{3}", line) is not None


def recase_document(texts: Sequence[str]) -> list[str]:
    """``texts`` (one document's passages) with their ALL-CAPS lines re-cased, lengths kept."""
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        for line in text.split("\n"):
            if is_shouting(line):
                continue
            for match in _LETTERS.finditer(line):
                if match.start() > 0:  # a sentence's first word says nothing about its casing
                    seen[match.group().lower()][match.group()] += 1

    def recase_word(match: re.Match[str]) -> str:
        word = match.group()
        if len(word) < 2:
            return word
        if forms := seen.get(word.lower()):
            new = forms.most_common(1)[0][0]
        elif word.lower() in _FUNCTION_WORDS:
            new = word.lower()
        else:
            new = word[0] + word[1:].lower()
        return new if len(new) == len(word) else word

    def recase_text(text: str) -> str:
        if not any(is_shouting(line) for line in text.split("\n")):
            return text
        return "\n".join(_LETTERS.sub(recase_word, line) if is_shouting(line) else line for line in text.split("\n"))

    return [recase_text(text) for text in texts]
