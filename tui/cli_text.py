"""``sleuth text FILE``: what sleuth extracts from a file, without indexing it."""

from __future__ import annotations

import argparse
from itertools import pairwise
from pathlib import Path
from typing import Any

from index import Document, LoadedFile, UnreadableFile, load_file, printable

from .cli_errors import EXIT_ERROR, fail
from .cli_output import json_line


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    text = commands.add_parser(
        "text", parents=[common], help="print the text and metadata sleuth extracts from a file (no indexing)"
    )
    text.add_argument("file", type=Path, metavar="FILE")
    text.add_argument("--json", action="store_true", help="one JSON object: text, pages, title, author, date, format")


def cmd_text(args: argparse.Namespace) -> int:
    """Print FILE's text (page markers for paged formats), then its metadata and attachments."""
    path: Path = args.file
    if not path.is_file():
        return fail(f"{path}: no such file", EXIT_ERROR)
    try:
        loaded = load_file(path, path.name)
    except UnreadableFile as error:
        return fail(f"{path}: {error}", EXIT_ERROR)
    if args.json:
        print(json_line(text_json(loaded)))
        return 0
    _print_document(loaded.document)
    for attachment in loaded.attachments:
        print(printable(f"\n════ attachment {attachment.doc_id} ════\n", multiline=True))
        _print_document(attachment)
    for failure in (*loaded.failures, *loaded.skipped):
        print(printable(f"not read: {failure.path}: {failure.reason}"))
    return 0


def _print_document(document: Document) -> None:
    print(printable(with_page_markers(document), multiline=True))
    print()
    print("────")
    for name, value in metadata(document).items():
        if value:
            print(printable(f"{name}: {value}"))


def with_page_markers(document: Document) -> str:
    """The text, with a ``── page N ──`` line where each page starts (paged formats)."""
    if not document.pages:
        return document.text
    parts = []
    bounds = [*document.pages, len(document.text)]
    for number, (start, end) in enumerate(pairwise(bounds), start=1):
        parts.append(f"── page {number} ──\n\n{document.text[start:end].strip()}")
    return "\n\n".join(parts)


def metadata(document: Document) -> dict[str, str]:
    fields = {"title": document.title, "author": document.author, "date": document.date, "format": document.format}
    if document.pages:
        fields["pages"] = str(len(document.pages))
    fields.update({name.lower(): value for name, value in document.fields})
    if document.parent:
        fields["attached to"] = document.parent
    return fields


def document_json(document: Document) -> dict[str, object]:
    return {
        "path": document.doc_id,
        "text": document.text,
        "pages": list(document.pages),
        "title": document.title,
        "author": document.author,
        "date": document.date,
        "format": document.format,
        "fields": {name.lower(): value for name, value in document.fields},
    }


def text_json(loaded: LoadedFile) -> dict[str, object]:
    record = document_json(loaded.document)
    record["attachments"] = [document_json(a) for a in loaded.attachments]
    record["not_read"] = [{"path": f.path, "reason": f.reason} for f in (*loaded.failures, *loaded.skipped)]
    return record
