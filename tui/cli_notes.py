"""``sleuth notes list|export|import``: the reader's bookmarks, notes and review marks, with citations."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from index import (
    EXPORT_FORMATS,
    Citation,
    Library,
    NotesFileError,
    anchor_warning,
    format_citation,
    note_record,
    notes_from_json,
    one_line,
    printable,
    render_notes,
    review_record,
)

from .cli_errors import fail
from .cli_output import json_line
from .wording import plural

QUOTE_CHARS = 240
"""A listed quote is cut here (the export has it whole)."""


def add_parsers(commands: Any, common: argparse.ArgumentParser) -> None:
    """The ``notes`` sub-command and its actions."""
    notes = commands.add_parser("notes", parents=[common], help="your bookmarks, notes and review marks")
    actions = notes.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", parents=[common], help="bookmarks and notes newest first, then review marks")
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    listing.add_argument("--tag", help="only bookmarks and notes with this #tag")
    export = actions.add_parser("export", parents=[common], help="everything, with citations, to paste or keep")
    export.add_argument("--format", choices=EXPORT_FORMATS, default="md", help="md (default), json or csv")
    export.add_argument("--output", "-o", type=Path, help="write to this file (default: standard output)")
    load = actions.add_parser("import", parents=[common], help="take back what export --format json wrote")
    load.add_argument("file", metavar="FILE.json", type=Path)


def cmd_notes(library: Library, args: argparse.Namespace) -> int:
    try:
        if args.action == "list":
            return _list(library, args)
        if args.action == "export":
            return _export(library, args)
        return _import(library, args.file)
    except NotesFileError as error:
        return fail(str(error))


def _list(library: Library, args: argparse.Namespace) -> int:
    tag = (args.tag or "").lstrip("#").casefold()
    notes = [note for note in library.notebook.notes() if not tag or tag in note.tags]
    reviews = library.notebook.reviews() if not tag else ()
    if args.json:
        for record in [note_record(note) for note in notes] + [review_record(mark) for mark in reviews]:
            print(json_line(record))
        return 0
    if not notes and not reviews:
        print("No bookmarks, notes or review marks yet (b, a and the review keys in the app).", file=sys.stderr)
    for note in notes:
        when = datetime.fromtimestamp(note.updated_at).strftime("%Y-%m-%d %H:%M")
        print(f"{when}  {note.kind:<8}  {one_line(note.passage_id)}  {one_line(note.title)}")
        for line in note.text.strip().splitlines():  # every line the reader wrote, tags included
            if line.strip():
                print(f"    {one_line(line)}")
        print(f"    {format_citation(clipped(note.citation))}")
        warning = anchor_warning(note.anchor, note.passage_id)
        if warning:
            print(f"    ({printable(warning)})")
    if reviews:
        print(f"\nreview marks ({plural(len(reviews), 'result')})")
        for mark in reviews:
            print(f"  {mark.mark:<10}  {one_line(mark.passage_id)}  {one_line(mark.title)}  · {one_line(mark.query)}")
    return 0


def clipped(citation: Citation) -> Citation:
    """``citation`` with its quote cut to QUOTE_CHARS: the source (title, ``doc_id#n``) stays whole."""
    quote = one_line(citation.quote)
    return citation if len(quote) <= QUOTE_CHARS else replace(citation, quote=quote[: QUOTE_CHARS - 1] + "…")


def _export(library: Library, args: argparse.Namespace) -> int:
    export = library.notebook.export()
    text = render_notes(export, args.format, library.name)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise NotesFileError(f"cannot write {args.output}: {error.strerror}") from error
    what = f"{len(export.notes)} bookmarks and notes, {plural(len(export.reviews), 'review mark')}"
    print(f"wrote {what} to {args.output}", file=sys.stderr)
    return 0


def _import(library: Library, path: Path) -> int:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        raise NotesFileError(f"cannot read {path}: {reason}") from error
    notes, reviews = notes_from_json(text, str(path))
    changed_notes, changed_reviews = library.notebook.merge(notes, reviews)
    kept = len(notes) - changed_notes + len(reviews) - changed_reviews
    already = f"; {kept} already kept" if kept else ""
    print(f"imported {changed_notes} bookmarks and notes, {plural(changed_reviews, 'review mark')}{already}")
    return 0
