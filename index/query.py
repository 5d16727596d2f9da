"""Query text → a Whoosh query, its filters, and a one-line notice when the text was read otherwise.

Plain words are OR-ed (``OrGroup``), so BM25 ranks a passage by how many of the words it contains
and how rare they are: Whoosh's default AND grouping finds almost nothing for a sentence (SciFact
nDCG@10 0.05 with AND against 0.68 with OR). ``in:``/``path:`` and ``date:`` are taken out of the
text first and become filters, so they restrict rather than being OR-ed with the words.

Whoosh's parser never fails: it quietly drops or re-reads what it cannot parse (an unclosed quote
becomes loose words, ``"a"~x`` a phrase and two words). So the text is checked first, and a query
with a syntax error is searched as its plain words, with a notice saying so.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from whoosh.fields import Schema
from whoosh.qparser import FuzzyTermPlugin, OrGroup, PlusMinusPlugin, QueryParser
from whoosh.query import AndNot, ConstantScoreQuery, DateRange, Every, Not, NullQuery, Or, Phrase, Prefix, Query, Term

from .store import TEXT_ANALYZER, passage_schema

QUERY_FIELDS = ("text", "title", "person", "org", "place", "author")
"""Fields a query may name (``person:wu``); any other ``word:`` is searched as words."""
FILTER_FIELDS = ("in", "path", "date")
ENTITY_FIELDS = {"person": "PERSON", "org": "ORG", "place": "PLACE"}
AliasLookup = Callable[[str, str], Sequence[str]]
"""(entity type, a name as typed) → the per-document entity keys of the entities so named."""
DATE_FORMS = "YYYY, YYYY-MM, YYYY-MM-DD, FROM..TO, >YYYY or <YYYY"

_WORD = re.compile(r"\w+")
_FIELD_TERM = re.compile(rf"(?<![\w:])(?:{'|'.join(QUERY_FIELDS)}):\w[\w.'’-]*", re.I)
"""``org:opec``: a field term that stays one when the rest of the query has a syntax error."""
_FILTER = re.compile(r"(?:^|(?<=\s))(in|path|date):(\"[^\"]*\"|[^\s\"]+)")
_EMPTY_FIELD = re.compile(rf"(?:^|(?<=[\s(]))({'|'.join(QUERY_FIELDS + FILTER_FIELDS)}):(?=[\s)]|$)", re.I)
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"})


@dataclass(frozen=True)
class ParsedQuery:
    """What to search: the words' query, the filters (folder/file, date) and any notice."""

    query: Query
    folders: tuple[str, ...] = ()
    """The ``in:`` folders (``reports/``) and ``path:`` files the query is limited to."""
    path_filter: Query | None = None
    date_filter: Query | None = None
    notice: str = ""


@functools.cache
def make_parser() -> QueryParser:
    """The query parser: words searched in the passage text, OR-ed; ``title:`` and others on demand.

    Built once, from the passage schema: ``Index.schema`` reads the table of contents from disk at
    every use (2.5 ms a field on Reuters, 14 ms a query: the most of a one-word search).

    The title is not searched by default: a plain-text file's title is its first line, so every
    passage of the document would match the words of that line.
    """
    schema = passage_schema()
    searchable = Schema(**{name: schema[name] for name in QUERY_FIELDS})
    parser = QueryParser("text", searchable, group=OrGroup)
    parser.add_plugin(FuzzyTermPlugin())
    # "+word" and "-word" only at the start of a word, so "far-flung" stays one word.
    parser.add_plugin(PlusMinusPlugin(plusexpr=r"(?<!\S)\+(?=\S)", minusexpr=r"(?<!\S)-(?=\S)"))
    return parser


def exclude_negations(query: Query) -> Query:
    """Make ``a NOT b`` exclude b under OR grouping.

    Whoosh OR-s a ``Not`` with its siblings, so "china NOT military" would match every passage
    without "military"; here it becomes "china" AND NOT "military".
    """
    query = query.apply(exclude_negations)
    if isinstance(query, Or):
        positives = [q for q in query.subqueries if not isinstance(q, Not)]
        negatives = [q.query for q in query.subqueries if isinstance(q, Not)]
        if positives and negatives:
            wanted = positives[0] if len(positives) == 1 else Or(positives, boost=query.boost)
            banned = negatives[0] if len(negatives) == 1 else Or(negatives)
            return AndNot(wanted, banned)
    return query


def expand_aliases(query: Query, lookup: AliasLookup) -> Query:
    """Let ``person:``/``org:``/``place:`` also match passages naming that entity by another alias.

    ``org:MSS`` then finds a passage that only says "the Ministry of State Security": the value is
    looked up among the names and aliases of the corpus's entities of that type.
    """
    if isinstance(query, Term | Phrase) and query.fieldname in ENTITY_FIELDS:
        value = query.text if isinstance(query, Term) else " ".join(query.words)
        keys = lookup(ENTITY_FIELDS[query.fieldname], str(value))
        if keys:
            tagged = ConstantScoreQuery(Or([Term("entities", key) for key in keys]), score=query.boost)
            return Or([query, tagged])
        return query
    return query.apply(lambda sub: expand_aliases(sub, lookup))


def mentions_entity_field(text: str) -> bool:
    """True when the query names a ``person:``, ``org:`` or ``place:`` field."""
    return re.search(r"\b(?:person|org|place):", text, re.I) is not None


def syntax_problem(text: str) -> str:
    """What is wrong with the query syntax of ``text``, in a few words; "" when nothing is."""
    if text.count('"') % 2:
        return 'a quote (") is not closed'
    outside = re.sub(r'"[^"]*"', "x", text)  # phrases are opaque to the checks below
    if re.search(r'""', text):
        return 'empty quotes ("")'
    depth = 0
    for char in outside:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return 'a ")" has no "("'
    if depth:
        return 'a "(" is not closed'
    if re.search(r"\(\s*\)", outside):
        return "empty parentheses"
    if outside.count("[") != outside.count("]") or outside.count("{") != outside.count("}"):
        return "a range bracket is not closed"
    if empty := _EMPTY_FIELD.search(outside):
        return f'"{empty.group(1)}:" is followed by nothing'
    if re.search(r"(?<!\S)~|~(?![\d\s)]|$)", outside):
        return '"~" must follow a word or phrase, with a number or nothing after it (word~, "a b"~5)'
    if re.search(r"(?<!\S)\^|\^(?!\d)", outside):
        return '"^" must follow a word and take a number (word^2)'
    tokens = outside.replace("(", " ( ").replace(")", " ) ").split()
    for i, token in enumerate(tokens):
        if token not in _OPERATORS:
            continue
        before = tokens[i - 1] if i else "("
        after = tokens[i + 1] if i + 1 < len(tokens) else ")"
        if token == "NOT":
            if after in _OPERATORS or after == ")":
                return '"NOT" has nothing after it'
        elif before in _OPERATORS or before == "(" or after in _OPERATORS or after == ")":
            return f'"{token}" needs words on both sides'
    return ""


def plain_words(text: str) -> Query:
    """``text`` as plain words, OR-ed: field names, operators and punctuation dropped."""
    text = re.sub(rf"\b(?:{'|'.join(QUERY_FIELDS)}):", " ", text, flags=re.I)
    words = [w for w in _WORD.findall(text) if w not in _OPERATORS]
    terms = dict.fromkeys(token.text for token in TEXT_ANALYZER(" ".join(words)))
    if not terms:
        return NullQuery
    return Or([Term("text", term) for term in terms]) if len(terms) > 1 else Term("text", next(iter(terms)))


def _month_end(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def date_span(value: str) -> tuple[datetime, datetime] | None:
    """The first and last instant of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; None if not such a date."""
    match = _DATE.fullmatch(value)
    if not match:
        return None
    year, month, day = (int(g) if g else 0 for g in match.groups())
    try:
        if not month:
            return datetime(year, 1, 1), datetime(year, 12, 31, 23, 59, 59, 999999)
        if not day:
            return datetime(year, month, 1), datetime(year, month, _month_end(year, month), 23, 59, 59, 999999)
        return datetime(year, month, day), datetime(year, month, day, 23, 59, 59, 999999)
    except ValueError:  # month 13, February 30…
        return None


def date_filter(value: str) -> Query | None:
    """``date:`` value → a range on the passages' ``date`` field; None when it is not a date."""
    value = value.strip('"')
    if ".." in value:
        low, _, high = value.partition("..")
        first, last = (date_span(low) if low else None), (date_span(high) if high else None)
        if (low and not first) or (high and not last) or not (first or last):
            return None
        start, end = (first[0] if first else None), (last[1] if last else None)
        if start and end and start > end:
            start, end = date_span(high)[0], date_span(low)[1]  # type: ignore[index]
        return DateRange("date", start, end)
    operator = re.match(r"[<>]=?", value)
    span = date_span(value[operator.end() :] if operator else value)
    if span is None:
        return None
    if not operator:
        return DateRange("date", *span)
    return {
        ">": DateRange("date", span[1], None, startexcl=True),
        ">=": DateRange("date", span[0], None),
        "<": DateRange("date", None, span[0], endexcl=True),
        "<=": DateRange("date", None, span[1]),
    }[operator.group(0)]


def filter_terms(text: str) -> list[tuple[str, str, tuple[int, int]]]:
    """The ``in:``/``path:``/``date:`` terms of a query: (kind, value, span), paths tidied as the
    index spells them (``in:"./reports/"`` → ``reports``)."""
    terms = []
    for match in _FILTER.finditer(text):
        kind, value = match.group(1).casefold(), match.group(2)
        terms.append((kind, value if kind == "date" else tidy_path(value), match.span()))
    return terms


def tidy_path(value: str) -> str:
    """A folder or file as typed (quoted, ``./``, trailing ``/``) as the index spells it."""
    return value.strip('"').strip().lstrip("./").strip("/")


def _path_filter(kind: str, path: str) -> tuple[str, Query]:
    """``in:FOLDER`` → a prefix on doc ids (``FOLDER/``); ``path:FILE`` → that file (or folder)."""
    if not path:
        return "", Every()
    folder = Prefix("doc_id", path + "/")
    if kind == "in":
        return path + "/", folder
    return path, Or([Term("doc_id", path), folder])


def without_filters(text: str) -> str:
    """The query without its ``in:``/``path:``/``date:`` filters."""
    return _FILTER.sub(" ", text).strip()


def parse(text: str, aliases: AliasLookup | None = None) -> ParsedQuery:
    """Parse a user's query; a query with a syntax error becomes its plain words, with a notice."""
    paths: list[tuple[str, Query]] = []
    dates: list[Query] = []
    notices: list[str] = []
    for kind, value, _span in filter_terms(text):
        if kind == "date":
            if (found := date_filter(value)) is not None:
                dates.append(found)
            else:
                notices.append(f"date:{value} is not a date ({DATE_FORMS}); searched without it")
        else:
            paths.append(_path_filter(kind, value))
    rest = without_filters(text)
    path_filter = (paths[0][1] if len(paths) == 1 else Or([q for _, q in paths])) if paths else None
    date_part = (dates[0] if len(dates) == 1 else Or(dates)) if dates else None
    folders = tuple(p for p, _ in paths if p)
    if not rest:
        query: Query = Every()
    elif problem := syntax_problem(rest):
        # Well-formed field terms (org:mss) keep their field; the rest is searched as plain words.
        parser = make_parser()
        fields = [parser.parse(m.group(0)) for m in _FIELD_TERM.finditer(rest)]
        if aliases is not None:
            fields = [expand_aliases(part, aliases) for part in fields]
        words = plain_words(_FIELD_TERM.sub(" ", rest))
        parts = [q for q in (*fields, words) if q is not NullQuery]
        query = parts[0] if len(parts) == 1 else Or(parts) if parts else NullQuery
        notices.append(f"{problem}: searched as plain words")
    else:
        query = exclude_negations(make_parser().parse(rest))
        if aliases is not None:
            query = expand_aliases(query, aliases)
        if query is NullQuery and (query := plain_words(rest)) is not NullQuery:
            notices.append("the query had no searchable terms; searched its words")
    return ParsedQuery(query, folders, path_filter, date_part, " · ".join(notices))
