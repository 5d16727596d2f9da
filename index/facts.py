"""What a document says about its entities: descriptors and quotes, found around mentions.

Rules work on the text next to resolved mentions (the NER pipeline has no parser):

* descriptors: appositions ("Nigel Inkster, a senior adviser …"), relative copulas ("Wu Shizhong,
  who was a senior official …"), copulas ("Chen was the official who …"), "regarded as" forms,
  and a role just before a person's name ("former US intelligence contractor Edward Snowden");
* quotes: a quotation credited next to it (``"…," said X``, ``"…," X said``, ``X said: "…"``,
  ``"…," he said`` for the last person named before it) and a following unattributed quotation of
  the same speaker; apart from them (kind ``reported``), reported speech (``X said (that) …``,
  ``…, said X``, ``according to X``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from .models import Mention

DESCRIPTOR = "descriptor"
QUOTE = "quote"
"""Words the text puts in quotation marks and credits to a speaker."""
REPORTED = "reported"
"""Reported speech (``X said (that) …``, ``according to X``): what was said, not in the speaker's
words, so never shown in quotation marks."""
MIN_QUOTE_WORDS = 4
"""Shorter quotations are scare quotes or terms ("strategic operations"), not things said."""
MAX_DESCRIPTOR_WORDS = 30

_SAY_NO_OBJECT = (
    r"(?:said|says|added|adds|wrote|writes|warned|warns|noted|notes|stressed|explained|insisted|argued|declared|stated)"
)
"""Verbs of saying whose next words are what was said (not "told Reuters")."""
_SAY = rf"(?:{_SAY_NO_OBJECT[3:-1]}|told|tells|asked)"
_COPULA = r"(?:is|was|has\s+been|had\s+been|became|becomes|remains|remained)"
_OPENERS = (
    r"(?:a|an|the|formerly|former|now|currently|once|also|another|one|its|his|her|their|both|then|"
    r"himself|herself|still|chief|deputy|head)"
)
_DESCRIPTION = rf"(?P<desc>{_OPENERS}\b[^,;:“”\"()\[\]]*)"
_APPOSITION = re.compile(rf",\s+{_DESCRIPTION}")
_RELATIVE = re.compile(rf",\s+(?:who|which)\s+{_COPULA}\s+(?:also\s+|now\s+|still\s+)?{_DESCRIPTION}")
_COPULA_AFTER = re.compile(rf"\s+{_COPULA}\s+(?:also\s+|now\s+|still\s+)?(?=(?:a|an|the|one)\b){_DESCRIPTION}")
_REGARDED = re.compile(
    rf"\s+{_COPULA}\s+(?:\w+ly\s+)?(?:seen|regarded|recognised|recognized|known|considered|described)\s+as\s+{_DESCRIPTION}"
)
_ROLES = frozenset(
    """minister secretary president chairman chairwoman chair spokesman spokeswoman spokesperson
    director adviser advisor analyst economist contractor official officer executive chief leader
    governor senator representative ambassador researcher professor lawyer attorney judge general
    commander editor reporter correspondent founder co-founder head manager partner trader dealer
    banker strategist consultant expert premier king queen prince chancellor mayor deputy envoy
    diplomat candidate agent hacker dissident activist""".split()
)
_DESCRIPTION_STOP = re.compile(rf"[,;:“”\"()\[\]]|\s({_SAY})\b")
_OPENING_PREPOSITION = re.compile(r"(?:for|in|at|on|from|to|with|across|inside|outside|within)\s+", re.I)
_ROLE_MODIFIERS = frozenset(
    """former ex late then current acting deputy vice senior junior chief assistant associate executive
    managing general foreign finance trade defence defense interior economy economic energy oil farm
    agriculture agricultural intelligence security military navy naval army air government party union
    company bank opposition state federal national regional local prime top veteran independent
    retired elected outgoing incoming interim joint co""".split()
)
"""Lower-case words that qualify a role before a name ("former US intelligence contractor")."""
_STOP_BEFORE_ROLE = frozenset(
    """of the a an to by and or but with for from in on at as that which who said says told when while
    is was were are be been has have had because since after before if although though where than also
    another other not no then this these those its his her their our""".split()
)
_ROLE_TOKEN = re.compile(r"[A-Za-z][A-Za-z’'.&-]*$")

_QUOTATION = re.compile(r"“(?P<q>[^”]+)”|\"(?P<q2>[^\"\n]+)\"")
_NOT_INTRODUCING = r"(?!\s*[:,]?\s*[“\"])"
_AFTER_QUOTE_SAY_X = re.compile(rf"\s*,?\s*{_SAY}\s+(?=\S)")
_AFTER_QUOTE_X_SAY = re.compile(rf"\s*,?\s*(?:,[^“”\"]{{0,160}}?,\s*)?{_SAY}\b{_NOT_INTRODUCING}")
"""``"…," X said``, but not ``"…" X said: "…"`` (which introduces the next quotation)."""
_AFTER_QUOTE_PRONOUN = re.compile(rf"\s*,?\s*(?:he|she)\s+{_SAY}\b", re.IGNORECASE)
_BEFORE_QUOTE_X_SAY = re.compile(rf"\s+{_SAY}(?:\s+\w+)?\s*[,:]\s*$")
_REPORTED_AFTER = re.compile(
    rf"(?:,[^,;.“”\"]{{1,120}},)?"  # "Stephen Hanke, chief economist at Friedburg, said …"
    rf"\s+(?:told\s+[^.;“”\"]{{1,80}}?\s+that\s+|{_SAY_NO_OBJECT}\s*,?\s*(?:that\s+)?)(?=[a-zA-Z])"
)
_SPEAKER_ENDS = re.compile(r"\s*(?:[,.;:!?)]|$)")
"""After the speaker of "…, said X" comes a stop or an apposition, not the rest of a clause ("…,
said OPEC production was lower": OPEC is what was spoken of)."""
_SETTING = re.compile(r"(?:in|on|at|during|after|before|from|to|when|while|today|yesterday|last)\b", re.I)
"""Words that open where or when something was said, not what was said."""
_REPORTED_CLAUSE = re.compile(r"\s*,?\s*(?:that\s+)?")
_REPORTED_BEFORE = re.compile(rf",\s+{_SAY_NO_OBJECT}\s+$")
_ACCORDING = re.compile(r"according\s+to\s+$", re.IGNORECASE)
_FUNCTION_WORDS = frozenset("and or of the a an in on at for to with nor but".split())
_ABBREVIATIONS = frozenset("mr mrs ms dr prof st inc co corp ltd jr sr gen col lt sen rep gov u.s u.k no vs".split())


class Fact(NamedTuple):
    """A descriptor or quote in a passage: ``kind``, passage number, the entity's document-level
    key, offsets into the passage text and the text itself."""

    kind: str
    n: int
    entity_key: str
    start: int
    end: int
    text: str


def extract_facts(passages: Sequence[tuple[int, str]], mentions: Sequence[Sequence[Mention]]) -> list[Fact]:
    """Descriptors and quotes of a document's passages (``(n, text)`` with their mentions)."""
    facts: list[Fact] = []
    for (n, text), found in zip(passages, mentions, strict=True):
        ordered = sorted(found, key=lambda m: m.start)
        facts.extend(_descriptors(n, text, ordered))
        facts.extend(_quotes(n, text, ordered))
    return list(dict.fromkeys(facts))  # two mentions of one speaker can credit the same words


# -- descriptors ------------------------------------------------------------------------------
def _descriptors(n: int, text: str, mentions: Sequence[Mention]) -> list[Fact]:
    facts = []
    for mention in mentions:
        rest = text[mention.end :]
        if not _described_here(text, mention):
            continue
        for pattern in (_RELATIVE, _REGARDED, _APPOSITION, _COPULA_AFTER):
            match = pattern.match(rest)
            if match is None:
                continue
            start = mention.end + match.start("desc")
            end = _description_end(text, start)
            fact = None if end is None else _descriptor(n, mention, text, start, end)
            if fact is not None:
                facts.append(fact)
            break
        if mention.type == "PERSON":
            role = _role_before(n, mention, text)
            if role is not None:
                facts.append(role)
    return facts


def _described_here(text: str, mention: Mention) -> bool:
    """False where a comma after the name does not open a description of it: a setting ("For
    Washington, the …"), a list ("the U.S. and Brazil, the …"), a place after a preposition."""
    before = text[_sentence_start(text, mention.start) : mention.start]
    if _OPENING_PREPOSITION.fullmatch(before) or re.search(r"\b(?:and|or)\s+$", before):
        return False
    return mention.type != "PLACE" or _may_be_subject(text, mention)


def _description_end(text: str, start: int) -> int | None:
    """Where a description starting at ``start`` ends: a comma, semicolon, colon, bracket,
    quotation mark or the end of the sentence; None when a verb of saying follows ("X, the
    company said": the words are the subject of what follows)."""
    match = _DESCRIPTION_STOP.search(text, start)
    sentence_end = _sentence_end(text, start)
    if match is not None and match.start() < sentence_end:
        return None if match.group(1) else match.start()
    return sentence_end


def _descriptor(n: int, mention: Mention, text: str, start: int, end: int) -> Fact | None:
    description = text[start:end].strip()
    words = description.split()
    if not 2 <= len(words) <= MAX_DESCRIPTOR_WORDS or not any(
        w.isalpha() and w.islower() and w not in _FUNCTION_WORDS for w in words[1:]
    ):
        return None
    start = text.index(description, start)
    return Fact(DESCRIPTOR, n, mention.entity_key, start, start + len(description), description)


def _role_before(n: int, mention: Mention, text: str) -> Fact | None:
    """A role and its qualifiers just before a person's name, ending in a role noun."""
    tokens: list[tuple[int, str]] = []
    position = mention.start
    while len(tokens) < 6:
        before = text[:position].rstrip(" ")
        match = _ROLE_TOKEN.search(before)
        if match is None or len(before) < position - 1 or match.group().casefold() in _STOP_BEFORE_ROLE:
            break
        word = match.group()
        if word.endswith(".") and not re.fullmatch(r"(?:[A-Z]\.)+", word):
            break  # the end of the previous sentence
        if word.islower() and word not in _ROLES and word not in _ROLE_MODIFIERS:
            break  # "They met former navy officer …": a verb, not part of the role
        tokens.append((match.start(), match.group()))
        position = match.start()
    if not tokens or tokens[0][1].casefold() not in _ROLES:
        return None
    start = tokens[-1][0]
    end = tokens[0][0] + len(tokens[0][1])
    return Fact(DESCRIPTOR, n, mention.entity_key, start, end, text[start:end])


# -- quotes -----------------------------------------------------------------------------------
def _quotes(n: int, text: str, mentions: Sequence[Mention]) -> list[Fact]:
    facts: list[Fact] = []
    quoted: list[tuple[int, int]] = []
    speaker: Mention | None = None
    for match in _QUOTATION.finditer(text):
        group = "q" if match.group("q") is not None else "q2"
        start, end = match.span(group)
        if len(text[start:end].split()) >= MIN_QUOTE_WORDS:
            quoted.append(match.span())
        credited = _credited(text, match.start(), match.end(), mentions)
        if credited is None and _attributed_elsewhere(text, match.end()):
            continue
        speaker = credited or speaker
        fact = _quote(n, speaker, text, start, end, QUOTE)
        if fact is not None:
            facts.append(fact)
    for mention in mentions:
        if mention.type == "PLACE" and not _followed_by_say(text, mention):
            continue
        if any(a <= mention.start < b for a, b in quoted):
            continue
        span = _reported(text, mention, mentions)
        if span is not None and not any(a < span[1] and span[0] < b for a, b in quoted):
            fact = _quote(n, mention, text, *span, REPORTED)
            if fact is not None:
                facts.append(fact)
    return facts


def _credited(text: str, start: int, end: int, mentions: Sequence[Mention]) -> Mention | None:
    """The speaker a quotation spanning ``start:end`` is credited to, if the text says."""
    after = text[end:]
    match = _AFTER_QUOTE_SAY_X.match(after)
    if match is not None and (found := _mention_at(mentions, end + match.end())) is not None:
        return found
    for mention in mentions:
        if mention.start >= end and not text[end : mention.start].strip(" ,"):
            if _AFTER_QUOTE_X_SAY.match(text, mention.end):
                return mention
            break
    if _AFTER_QUOTE_PRONOUN.match(after):
        people = [m for m in mentions if m.end <= start and m.type == "PERSON" and _may_be_subject(text, m)]
        return people[-1] if people else None
    for mention in reversed(mentions):
        if mention.end <= start:
            if _BEFORE_QUOTE_X_SAY.match(text[mention.end : start]):
                return mention
            break
    return None


def _may_be_subject(text: str, mention: Mention) -> bool:
    """False for a possessive ("Snowden’s disclosures") or the object of a preposition."""
    if re.match(r"['’]s?\b", text[mention.end :]):
        return False
    return re.search(r"\b(?:of|by|to|with|about|from|for|at|on|in|against)\s+$", text[: mention.start]) is None


def _attributed_elsewhere(text: str, end: int) -> bool:
    """True when a quotation is followed by a speaker sleuth did not recognise ("…," experts said)."""
    return bool(re.match(rf"\s*,?\s*(?:{_SAY}\b|\w+(?:\s+\w+)?\s+{_SAY}\b{_NOT_INTRODUCING})", text[end:]))


def _mention_at(mentions: Sequence[Mention], position: int) -> Mention | None:
    return next((m for m in mentions if m.start == position), None)


def _followed_by_say(text: str, mention: Mention) -> bool:
    return re.match(rf"\s+{_SAY}\b", text[mention.end :]) is not None


def _told_whom(text: str, position: int) -> int:
    """Where the listener's name starts after "told (the)", or -1."""
    match = re.match(r"\s+told\s+(?:the\s+)?", text[position:])
    return position + match.end() if match else -1


def _reported(text: str, mention: Mention, mentions: Sequence[Mention]) -> tuple[int, int] | None:
    """The reported speech credited to ``mention``: ``X said (that) …``, ``…, said X`` or
    ``according to X``; None when the text around it is none of those."""
    sentence_start = _sentence_start(text, mention.start)
    if not _may_be_subject(text, mention):
        pass
    elif (listener := _mention_at(mentions, _told_whom(text, mention.end))) is not None:
        start = _REPORTED_CLAUSE.match(text, listener.end).end()  # type: ignore[union-attr]
        return start, _sentence_end(text, start)  # "told the Securities and Exchange Commission it …"
    elif (match := _REPORTED_AFTER.match(text, mention.end)) is not None:
        start, end = match.end(), _sentence_end(text, match.end())
        if _SETTING.match(text, start):  # "said in remarks prepared for …, that …": what follows "that"
            that = re.compile(r",?\s+that\s+").search(text, start, end)
            return (that.end(), end) if that else None
        return start, end
    before = text[sentence_start : mention.start]
    if (_REPORTED_BEFORE.search(before) or _ACCORDING.search(before)) and _SPEAKER_ENDS.match(text, mention.end):
        clause_end = before.rfind(",")
        if clause_end > 0:
            return sentence_start, sentence_start + clause_end
        return mention.end, _sentence_end(text, mention.end)
    return None


def _quote(n: int, speaker: Mention | None, text: str, start: int, end: int, kind: str) -> Fact | None:
    if speaker is None:
        return None
    quote = text[start:end].strip().strip(",").strip()
    if len(quote.split()) < MIN_QUOTE_WORDS:
        return None
    start = text.index(quote, start)
    return Fact(kind, n, speaker.entity_key, start, start + len(quote), quote)


# -- sentences --------------------------------------------------------------------------------
_TERMINATOR = re.compile(r"[.!?](?=[”\"’]?(?:\s+[“\"‘(]?[A-Z0-9]|\s*$))")


def _sentence_end(text: str, start: int) -> int:
    """The offset just after the sentence containing ``start`` (before its final stop)."""
    for match in _TERMINATOR.finditer(text, start):
        if not _is_abbreviation(text, match.start()):
            return match.start()
    return len(text.rstrip())


def _sentence_start(text: str, position: int) -> int:
    start = 0
    for match in _TERMINATOR.finditer(text, 0, position):
        if not _is_abbreviation(text, match.start()):
            start = match.end()
    while start < position and text[start] in ' \n”"’':
        start += 1
    return start


def _is_abbreviation(text: str, stop: int) -> bool:
    """True when the period at ``stop`` ends an abbreviation or an initial ("Mr.", "U.S.", "J.")."""
    if text[stop] != ".":
        return False
    word = re.search(r"[\w.]+$", text[:stop])
    if word is None:
        return False
    token = word.group().casefold()
    return token in _ABBREVIATIONS or len(token.replace(".", "")) == 1
