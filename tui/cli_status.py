"""``sleuth status``: what the index of a corpus holds, and every file it could not read."""

from __future__ import annotations

import argparse
from collections import Counter
from typing import Any

from index import IndexStatus, Library, printable

from .cli_output import json_line

EMPTY_LISTED = 10
"""Empty files named in the human output (all are in ``--json``)."""


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    status = commands.add_parser(
        "status", parents=[common], help="documents per format, failures with their reasons, unread formats"
    )
    status.add_argument("--json", action="store_true", help="one JSON object")


def cmd_status(library: Library, args: argparse.Namespace) -> int:
    status = library.status()
    if args.json:
        print(json_line(status_json(status)))
        return 0
    print(printable(f"{library.root} → {library.index_dir}"))
    print("\n".join(status_lines(status)))
    return 0


def status_lines(status: IndexStatus) -> list[str]:
    attached = f" (+ {status.attachments:,} attachments)" if status.attachments else ""
    lines = [
        f"{status.documents:,} files indexed{attached} · {status.passages:,} passages · {status.entities:,} entities"
    ]
    if status.text_files or not status.complete:
        pending = f"{status.text_files:,} files' entities still to find" if status.text_files else "entities to merge"
        lines.append(f"indexing not finished: {pending} (sleuth index carries on)")
    for count in status.formats:
        extra = f"  (+ {count.attachments:,} attachments)" if count.attachments else ""
        lines.append(f"  {count.format:<9} {count.files:>6,}{extra}")
    if status.failures:
        lines.append(f"failed {len(status.failures):,} (sleuth index --retry-failed reads them again):")
        lines.extend(printable(f"  {failure.path}: {failure.reason}") for failure in status.failures)
    if status.empty:
        shown = ", ".join(printable(path) for path in status.empty[:EMPTY_LISTED])
        more = ", … (--json lists all)" if len(status.empty) > EMPTY_LISTED else ""
        lines.append(f"empty (no text in them) {len(status.empty):,}: {shown}{more}")
    if status.skipped:
        formats = Counter(f.reason.removeprefix("unsupported format ") for f in status.skipped)
        lines.append(
            f"skipped {len(status.skipped):,} files of formats sleuth does not read: "
            + ", ".join(printable(f"{fmt} ×{n}") for fmt, n in formats.most_common())
        )
    return lines


def status_json(status: IndexStatus) -> dict[str, object]:
    return {
        "documents": status.documents,
        "attachments": status.attachments,
        "passages": status.passages,
        "entities": status.entities,
        "entities_pending": status.text_files,
        "complete": status.complete,
        "formats": [{"format": c.format, "files": c.files, "attachments": c.attachments} for c in status.formats],
        "failures": [{"path": f.path, "reason": f.reason} for f in status.failures],
        "empty": list(status.empty),
        "skipped": [{"path": f.path, "reason": f.reason} for f in status.skipped],
    }
