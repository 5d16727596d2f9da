"""The reader's notes out of sleuth and back: Markdown to paste into a draft, CSV, and JSON that
``sleuth notes import`` takes back without losing anything."""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from .anchoring import ANCHOR_STATES, GONE, MOVED, OK, passage_hash
from .citation import Citation, format_citation, human_date, one_line, source
from .notebook import NotesExport, split_passage_id
from .notes import BOOKMARK, NOTE_KINDS, RELEVANT, REVIEW_MARKS, Note, ReviewMark, now
from .printable import UNSAFE_CHARACTERS, printable

FORMAT = "sleuth-notes"
FORMAT_VERSION = 1
EXPORT_FORMATS = ("md", "json", "csv")


class NotesFileError(ValueError):
    """A notes file that cannot be imported (the message says where, in one line)."""


def iso_time(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, tz=UTC).isoformat()


def local_day(seconds: float) -> str:
    return human_date(datetime.fromtimestamp(seconds).date().isoformat())


def anchor_warning(anchor: str, passage_id: str) -> str:
    """What a reader must know about a note whose words changed ("" when they did not)."""
    if anchor == MOVED:
        return f"the document changed: the quote is as noted, {passage_id} is the passage most like it now"
    if anchor == GONE:
        return "the document changed: the quoted passage is no longer in it"
    return ""


def render_notes(export: NotesExport, fmt: str, name: str) -> str:
    """``export`` as ``md`` (for corpus ``name``), ``json`` or ``csv`` text."""
    if fmt == "json":
        return to_json(export)
    if fmt == "csv":
        return to_csv(export)
    return to_markdown(export, name)


# -- JSON ---------------------------------------------------------------------------------------
def note_record(note: Note) -> dict[str, Any]:
    return {
        "kind": note.kind,
        "passage_id": note.passage_id,
        "doc_id": note.doc_id,
        "n": note.n,
        "title": note.title,
        "date": note.date,
        "page": note.page,
        "quote": note.quote,
        "text": note.text,
        "tags": list(note.tags),
        "anchor": note.anchor,
        "citation": format_citation(note.citation),
        "created_at": iso_time(note.created_at),
        "updated_at": iso_time(note.updated_at),
        "uid": note.uid,
        "passage_hash": note.passage_hash,
    }


def review_record(mark: ReviewMark) -> dict[str, Any]:
    return {
        "kind": "review",
        "query": mark.query,
        "mark": mark.mark,
        "passage_id": mark.passage_id,
        "doc_id": mark.doc_id,
        "n": mark.n,
        "title": mark.title,
        "date": mark.date,
        "page": mark.page,
        "quote": mark.quote,
        "anchor": mark.anchor,
        "citation": format_citation(mark.citation),
        "marked_at": iso_time(mark.marked_at),
        "passage_hash": mark.passage_hash,
    }


def to_json(export: NotesExport) -> str:
    document = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "corpus": export.corpus,
        "exported_at": iso_time(now()),
        "notes": [note_record(note) for note in export.notes],
        "reviews": [review_record(mark) for mark in export.reviews],
    }
    text = json.dumps(document, ensure_ascii=False, indent=2)
    # C1 controls and bidi marks escaped as JSON does C0 ones: the same strings, safe on a terminal.
    return UNSAFE_CHARACTERS.sub(lambda match: f"\\u{ord(match.group()):04x}", text) + "\n"


def notes_from_json(text: str, name: str) -> tuple[list[Note], list[ReviewMark]]:
    """The notes and marks of an exported JSON file; NotesFileError names what is wrong."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise NotesFileError(f"{name} is not JSON (line {error.lineno}: {error.msg})") from error
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise NotesFileError(f"{name} is not a sleuth notes export (sleuth notes export --format json)")
    if not isinstance(document.get("version"), int) or document["version"] > FORMAT_VERSION:
        raise NotesFileError(f"{name} was written by a newer sleuth (format {document.get('version')!r})")
    notes = [_field_errors(name, "note", i, _note, record) for i, record in enumerate(_list(document, "notes", name))]
    reviews = [
        _field_errors(name, "review", i, _review, record) for i, record in enumerate(_list(document, "reviews", name))
    ]
    return notes, reviews


def _list(document: dict[str, Any], key: str, name: str) -> list[Any]:
    value = document.get(key, [])
    if not isinstance(value, list):
        raise NotesFileError(f"{name}: {key!r} is not a list")
    return value


def _field_errors(name: str, what: str, i: int, parse: Any, record: Any) -> Any:
    try:
        if not isinstance(record, dict):
            raise TypeError("not an object")
        return parse(record)
    except (KeyError, TypeError, ValueError) as error:
        raise NotesFileError(f"{name}: {what} {i + 1}: {_said(error)}") from error


def _said(error: Exception) -> str:
    return f"{error.args[0]!r} is missing" if isinstance(error, KeyError) else str(error)


def _place(record: dict[str, Any]) -> tuple[str, int]:
    if "doc_id" in record and "n" in record:
        return str(record["doc_id"]), _int(record["n"], "n")
    return split_passage_id(str(record["passage_id"]))


def _int(value: Any, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{key!r} is not a whole number")
    return value


def _time(record: dict[str, Any], key: str) -> float:
    if key not in record:
        return now()
    return round(datetime.fromisoformat(str(record[key])).timestamp(), 6)


def _choice(record: dict[str, Any], key: str, choices: tuple[str, ...], default: str | None = None) -> str:
    value = str(record[key]) if key in record or default is None else default
    if value not in choices:
        raise ValueError(f"{key!r} is {value!r}, not one of {', '.join(choices)}")
    return value


def _common(record: dict[str, Any]) -> tuple[str, int, str, str, str, str, int | None]:
    doc_id, n = _place(record)
    quote = str(record["quote"])
    page = record.get("page")
    return (
        doc_id,
        n,
        str(record.get("passage_hash") or passage_hash(quote)),
        quote,
        str(record.get("title", "")),
        str(record.get("date", "")),
        None if page is None else _int(page, "page"),
    )


def _note(record: dict[str, Any]) -> Note:
    doc_id, n, hashed, quote, title, date, page = _common(record)
    kind = _choice(record, "kind", NOTE_KINDS)
    created = _time(record, "created_at")
    return Note(
        str(record.get("uid") or uuid.uuid4().hex),
        kind,
        doc_id,
        n,
        hashed,
        quote,
        title,
        date,
        page,
        str(record.get("text", "")),
        _choice(record, "anchor", ANCHOR_STATES, OK),
        created,
        _time(record, "updated_at") if "updated_at" in record else created,
    )


def _review(record: dict[str, Any]) -> ReviewMark:
    doc_id, n, hashed, quote, title, date, page = _common(record)
    anchor = _choice(record, "anchor", ANCHOR_STATES, OK)
    mark = _choice(record, "mark", REVIEW_MARKS)
    return ReviewMark(
        str(record["query"]), doc_id, n, mark, hashed, quote, title, date, page, anchor, _time(record, "marked_at")
    )


# -- CSV ----------------------------------------------------------------------------------------
CSV_COLUMNS = [
    *("kind", "query", "mark", "title", "passage_id", "page", "date", "quote", "note", "tags", "anchor"),
    *("citation", "created_at"),
]


def to_csv(export: NotesExport) -> str:
    """One row per bookmark, note and review mark, each with its citation."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, restval="")
    writer.writeheader()
    for note in export.notes:
        record = note_record(note)
        extra = {"note": note.text, "tags": " ".join(f"#{t}" for t in note.tags), "page": note.page or ""}
        writer.writerow(_csv_row(record, extra))
    for mark in export.reviews:
        record = review_record(mark)
        writer.writerow(_csv_row(record, {"created_at": record["marked_at"], "page": mark.page or ""}))
    return out.getvalue()


def _csv_row(record: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """The CSV columns of a record, its strings printable (a spreadsheet is a terminal too, often)."""
    row = {key: record[key] for key in CSV_COLUMNS if key in record} | extra
    return {key: printable(value, multiline=True) if isinstance(value, str) else value for key, value in row.items()}


# -- Markdown -----------------------------------------------------------------------------------
_MD_PUNCTUATION = re.compile(r"([\\`*_\[\]<>~]|&(?=#?\w+;))")
"""Characters Markdown would read as markup (``<TX>``, Reuters' ticker tags, as an HTML tag)."""
_MD_LINE_START = re.compile(r"^(\s*)([#+=-]|\d{1,9}[.)])(?=\s|$)|^(\s*)(=+|-+)(?=\s*$)")
"""A line start Markdown would read as a heading, a list item or a rule ("1987. The…" as item 1987)."""


def md(text: str) -> str:
    """``text`` on one line, as Markdown that renders as exactly that text."""
    escaped = _MD_PUNCTUATION.sub(r"\\\1", one_line(text))
    return _MD_LINE_START.sub(_escape_last, escaped)


def _escape_last(match: re.Match[str]) -> str:
    space, marker = (match[1], match[2]) if match[2] else (match[3], match[4])
    return f"{space}{marker[:-1]}\\{marker[-1]}"


def md_lines(text: str) -> list[str]:
    """The lines of the reader's own text, each shown as written: escaped, with a hard line break
    (two trailing spaces) between them so that a renderer does not join them into one."""
    lines = [md(line) for line in printable(text.strip(), multiline=True).splitlines()]
    return [line + "  " if i < len(lines) - 1 and line else line for i, line in enumerate(lines)]


def md_source(citation: Citation) -> str:
    return md(source(citation))


def to_markdown(export: NotesExport, name: str) -> str:
    """Notes grouped by document, in reading order, each quoted and cited; then the review marks."""
    bookmarks = sum(1 for note in export.notes if note.kind == BOOKMARK)
    counts = [_count(bookmarks, "bookmark"), _count(len(export.notes) - bookmarks, "note")]
    counts.append(_count(len(export.reviews), "review mark"))
    lines = [f"# Notes on {md(name)}", "", f"Exported from sleuth on {local_day(now())}: {', '.join(counts)}."]
    by_document: dict[str, list[Note]] = {}
    for note in export.notes:  # newest first: the document noted last comes first
        by_document.setdefault(note.doc_id, []).append(note)
    for doc_id, notes in by_document.items():
        first = notes[0]
        dated = f" · {human_date(first.date)}" if first.date else ""
        lines += ["", f"## {md(first.title) or md(doc_id)}", "", f"{code_span(doc_id)}{dated}"]
        quoted_last = None
        for note in sorted(notes, key=lambda x: (x.n, x.quote, x.created_at)):
            if (note.n, note.quote, note.anchor) != quoted_last:  # a bookmark and a note on it: one quote
                lines += ["", *_quoted(note.quote, md_source(note.citation), note.anchor, note.passage_id)]
                quoted_last = (note.n, note.quote, note.anchor)
            label = "Bookmark" if note.kind == BOOKMARK else "Note"
            if note.text.strip():
                lines += ["", f"**{label}** ({local_day(note.updated_at)}):", "", *md_lines(note.text)]
            else:
                lines += ["", f"*{label}, {local_day(note.created_at)}*"]
    lines += _review_sections(export.reviews)
    return "\n".join(lines) + "\n"


def _quoted(quote: str, cited: str, anchor: str, passage_id: str) -> list[str]:
    lines = [f"> {md(quote)}", ">", f"> — {cited}"]
    warning = md(anchor_warning(anchor, passage_id))
    return lines + ([">", f"> *({warning})*"] if warning else [])


def _review_sections(marks: Iterable[ReviewMark]) -> list[str]:
    by_query: dict[str, list[ReviewMark]] = {}
    for mark in marks:
        by_query.setdefault(mark.query, []).append(mark)
    if not by_query:
        return []
    lines = ["", "## Review marks"]
    for query, marked in by_query.items():
        tally = ", ".join(_count(sum(1 for m in marked if m.mark == kind), kind) for kind in REVIEW_MARKS)
        lines += ["", f"### Search: {md(query)}", "", f"{tally}."]
        for mark in sorted(marked, key=lambda m: (m.doc_id, m.n)):
            if mark.mark == RELEVANT:  # quoted in full: these are the ones a draft uses
                quoted = _quoted(mark.quote, md_source(mark.citation), mark.anchor, mark.passage_id)
                lines += ["", "**Relevant**", "", *quoted]
        others = [m for m in marked if m.mark != RELEVANT]
        if others:
            lines.append("")
            lines += [f"- {m.mark.capitalize()}: {md_source(m.citation)}" for m in sorted(others, key=_by_mark)]
    return lines


def code_span(text: str) -> str:
    """``text`` as inline code, fenced with more backticks than it holds (a file name may have one)."""
    text = one_line(text)
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}" if "`" in text else f"{fence}{text}{fence}"


def _by_mark(mark: ReviewMark) -> tuple[int, str, int]:
    return REVIEW_MARKS.index(mark.mark), mark.doc_id, mark.n


def _count(number: int, noun: str) -> str:
    if noun in REVIEW_MARKS:
        return f"{number} {noun}"
    return f"{number} {noun}{'' if number == 1 else 's'}"
