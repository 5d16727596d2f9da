"""What a document itself says a name is: appositions and list heads that name its kind.

"Natto Thoughts, a company that advises…" and "Crowd Strike and other cybersecurity firms" say
ORG whatever the model thought; "X, a senior analyst at…" says PERSON; "X, a port city" PLACE;
"the town of X" PLACE. The model runs without a parser, so the rules read the words around each
mention: the noun phrase after the comma (its head is its last word, before any post-modifier)
or after "and other". The head's kind, found in general word lists, types the name for the
whole document when the evidence agrees.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Protocol


def words(text: str) -> frozenset[str]:
    """The space-separated words of ``text`` as a set."""
    return frozenset(text.split())


ORG_NOUNS = words(
    "company firm group agency ministry department bank university college school newspaper magazine"
    " daily weekly tabloid broadcaster network party union association federation organisation"
    " organization institute institution council committee commission club team side charity foundation"
    " fund corporation conglomerate multinational manufacturer maker airline insurer lender"
    " brokerage bourse exchange operator provider supplier retailer chain consultancy subsidiary affiliate"
    " unit division alliance coalition movement army militia navy court parliament regulator authority"
    " bureau office agency church faction outfit startup start-up utility bloc cartel consortium"
    " think-tank thinktank website publication station studio label hospital"
)
PERSON_NOUNS = words(
    "spokesman spokeswoman spokesperson minister adviser advisor analyst director president chairman"
    " chairwoman chief executive officer official leader head secretary ambassador envoy diplomat general"
    " governor mayor senator congressman congresswoman lawmaker legislator deputy premier chancellor"
    " commissioner economist strategist researcher scientist professor lecturer expert lawyer attorney judge"
    " prosecutor author writer novelist poet journalist reporter correspondent editor columnist founder"
    " co-founder manager coach captain player striker midfielder defender goalkeeper batsman bowler"
    " candidate activist dissident businessman businesswoman banker trader man woman boy girl father mother"
    " son daughter wife husband brother sister widow student teacher doctor nurse soldier policeman priest"
    " bishop pope king queen prince princess monarch emperor actor actress singer musician artist veteran"
    " ruler dictator vice-president colonel commander lieutenant sergeant warlord citizen resident native"
    " national aide assistant consultant colleague victim suspect defendant witness athlete runner"
    " sprinter cyclist driver rider jockey boxer golfer swimmer skier tennis-player"
)
PLACE_NOUNS = words(
    "city town village capital province country nation state region district county island port suburb"
    " neighbourhood neighborhood municipality republic kingdom emirate territory enclave prefecture"
    " township peninsula river lake mountain valley resort"
)
_KIND = {**{w: "ORG" for w in ORG_NOUNS}, **{w: "PERSON" for w in PERSON_NOUNS}, **{w: "PLACE" for w in PLACE_NOUNS}}
# Words that end a noun phrase: what follows them modifies the head or starts a clause.
_PHRASE_END = words(
    "of in on at to for by with from and or but as that which who whose whom where when while than"
    " is are was were has have had will would could can may based like including a an the"
)
# A reporting verb after the phrase makes it the subject of an attribution ("X, the ministry
# said"), not a description of X.
_REPORTING = words(
    "said say says told tells added adds reported reports announced wrote writes noted quoted cited warned"
    " confirmed denied explained argued insisted claimed commented disclosed revealed estimated predicted"
    " according"
)
_WORD = re.compile(r"[^\W_][\w'’.-]*|[^\w\s]")
_APPOSITION = re.compile(r"\s*,\s*(?:(a|an|the|its|their|his|her)\s+)?", re.IGNORECASE)
_POSSESSOR = re.compile(r"(?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w.-]*\s?['’]s\s")
"""A name's possessive opens a noun phrase as "the" does: "Bamerindus, Brazil's fourth-largest bank"."""
_OTHER = re.compile(r"\s+(?:and|or)\s+(?:many\s+|several\s+|some\s+)?other\s+")
_LIST_GAP = re.compile(r"\s*,\s*")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATELINE = re.compile(
    rf"(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?,\s*{_MONTH}\s+\d{{1,2}}\s*(?:[-–—(]|$)"  # ", Ore., Feb 26 -"
    r"|\s+\d{4}-\d{2}-\d{2}\s*$",  # " 1996-08-30" alone on its line
    re.MULTILINE,
)
"""What follows the place of a news dateline: ", March 2", ", Ore., Feb 26", " 1996-08-30"."""
_PLACE_OF = re.compile(r"\b(?:city|town|village|province|region|district|county|port|island|state)\s+of\s+$")
_KIND_BEFORE = re.compile(r"\b(?:the|its|their|rival)\s+(?:[a-z-]+\s+){0,3}?([a-z-]+)\s+$")
"""A common noun naming the kind just before a name: "the news weekly Der Spiegel"."""
_OBJECT = re.compile(r"\b(?:of|at|for|from|in)\s+(?:the\s+)?(?:[a-z-]+\s+)?$")
"""A name after a preposition: a PERSON apposition after it ("the co-founder of Natto Thoughts,
a former analyst") describes the person before it."""


class Span(Protocol):
    """A mention's place in its passage and its surface text."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...


def singular(word: str) -> str:
    """A simple singular for list lookup: firms → firm, companies → company, spokesmen → spokesman."""
    if word.endswith("men") and word[:-3] + "man" in _KIND:
        return word[:-3] + "man"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def kind_of(word: str) -> str | None:
    """ORG, PERSON or PLACE when ``word`` (or its singular) is a general noun of that kind."""
    folded = word.casefold()
    return _KIND.get(folded) or _KIND.get(singular(folded))


def singular_kind(word: str) -> str | None:
    """``kind_of`` a singular noun; None for a plural ("offices"), which names more than one thing."""
    folded = word.casefold()
    return _KIND.get(folded) if folded == singular(folded) or folded in _KIND else None


def head_kind(text: str, *, singular_only: bool = False, limit: int = 6) -> str | None:
    """The kind of the head of the noun phrase ``text`` starts with: its last word before a
    preposition, relative pronoun, verb, punctuation or the line's end, when that is a common
    (lower-case) noun. A possessive is never the head ("the nation's central bank" → bank); a
    phrase followed by a reporting verb is the subject of a quote ("X, the ministry said"), not
    a description. ``singular_only``: a plural head (an apposition to one name) gives nothing."""
    words: list[str] = []
    following = ""
    for match in _WORD.finditer(text.split("\n", 1)[0]):
        word = match.group()
        if word in ("'s", "’s", "'", "’") or word.endswith(("'s", "’s")):
            words = []
            continue
        if not word[0].isalnum() or word.casefold() in _PHRASE_END or len(words) == limit:
            following = word.casefold()
            break
        ended = word.endswith(("ing", "ed")) or not singular_kind(words[-1]) if words else False
        if ended and kind_of(words[-1]) and not kind_of(word) and word.islower():
            following = word.casefold()
            break  # "a firm specialising in…", "banks found…": the head is already there
        words.append(word)
    if not words or not words[-1][0].islower() or following in _REPORTING or words[-1] in _REPORTING:
        return None
    return singular_kind(words[-1]) if singular_only else kind_of(words[-1])


def list_evidence(text: str, span: Span) -> str | None:
    """The kind of the list head after "X and other …": "Crowd Strike and other cybersecurity firms"."""
    after = text[span.end :]
    match = _OTHER.match(after)
    return head_kind(after[match.end() :]) if match else None


_ORG_WORDS = words(
    "corp corp. corporation inc inc. ltd ltd. plc co. ag gmbh llc holdings group ministry agency institute"
    " university committee commission association fc airlines airways"
)


def name_evidence(name: str) -> str | None:
    """ORG for a name whose own first or last word says so: "Hindustan Copper Ltd", "University of Oxford"."""
    parts = name.split()
    if len(parts) >= 2 and (parts[-1].casefold() in _ORG_WORDS or parts[0].casefold() in _ORG_WORDS):
        return "ORG"
    return None


def _name_rule(text: str, span: Span) -> str | None:
    return name_evidence(span.text)


def _dateline_rule(text: str, span: Span) -> str | None:
    """The place of a news dateline: "WASHINGTON, March 2 -", "PORTLAND, Ore., Feb 26 -"."""
    line_start = text.rfind("\n", 0, span.start) + 1
    if not text[line_start : span.start].strip() and _DATELINE.match(text, span.end):
        return "PLACE"
    return None


def _apposition_rule(text: str, span: Span) -> str | None:
    """ "X, a company…" (ORG), "X, a senior analyst…" (PERSON), "X, Brazil's port city" (PLACE)."""
    after = text[span.end :]
    if not (match := _APPOSITION.match(after)):
        return None
    phrase = after[match.end() :]
    kind = head_kind(phrase, singular_only=True)
    determined = match.group(1) is not None or _POSSESSOR.match(phrase) is not None
    if kind == "PERSON" and not _OBJECT.search(text[max(0, span.start - 40) : span.start]):
        return kind
    if kind in ("ORG", "PLACE") and determined:
        return kind
    return None


def _place_of_rule(text: str, span: Span) -> str | None:
    """ "the town of X"."""
    return "PLACE" if _PLACE_OF.search(text[max(0, span.start - 60) : span.start]) else None


def _kind_before_rule(text: str, span: Span) -> str | None:
    """ "the news weekly X", "its rival X"."""
    match = _KIND_BEFORE.search(text[max(0, span.start - 60) : span.start])
    kind = singular_kind(match.group(1)) if match else None
    return kind if kind in ("ORG", "PLACE") else None


SPAN_RULES = {
    "name": _name_rule,
    "dateline": _dateline_rule,
    "list": list_evidence,
    "apposition": _apposition_rule,
    "place-of": _place_of_rule,
    "kind-before": _kind_before_rule,
}
"""The rules ``span_evidence`` tries, in order, by name (bench/ner/ablation.py turns each off)."""


def span_evidence(text: str, span: Span) -> str | None:
    """The kind ``text`` gives the name at ``span`` by its own words, or None."""
    for rule in SPAN_RULES.values():
        if kind := rule(text, span):
            return kind
    return None


def document_evidence(texts: Sequence[str], passage_spans: Iterable[Sequence[Span]]) -> dict[str, str]:
    """Name → the kind the document's own words give it, where its evidence is not split.

    A list head ("X, Y and other firms") speaks for every name of the list."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for text, spans in zip(texts, passage_spans, strict=True):
        ordered = sorted(spans, key=lambda s: s.start)
        for i, span in enumerate(ordered):
            if kind := span_evidence(text, span):
                votes[span.text][kind] += 1
            if kind := list_evidence(text, span):  # "Google, Apple and other firms": the whole list
                while i > 0 and _LIST_GAP.fullmatch(text[ordered[i - 1].end : ordered[i].start]):
                    i -= 1
                    votes[ordered[i].text][kind] += 1
    decided = {}
    for name, counter in votes.items():
        (kind, count), *rest = counter.most_common(2)
        if not rest or rest[0][1] < count:
            decided[name] = kind
    return decided
