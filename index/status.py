"""What an index holds, for ``sleuth status``: documents per format, attachments, failures with
their reasons, empty files (said apart: they are not failures), and the files of formats sleuth
does not read."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from whoosh.index import Index

from . import store
from .models import FileFailure, FormatCount, IndexStatus
from .repair import EMPTY_REASONS


def index_status(root: Path, folder: Path, documents: Index, passages: Index, entities: int) -> IndexStatus:
    """The status of the index of ``root`` (its generation ``folder``): read from the index and its
    manifest, plus a scan of the folder (names and sizes only) for the files of formats sleuth
    does not read."""
    from .scan import scan_corpus  # the scan only: nothing is read or tagged

    files: Counter[str] = Counter()
    attachments: Counter[str] = Counter()
    with documents.searcher() as searcher:
        for fields in searcher.all_stored_fields():
            (attachments if fields.get("parent") else files)[str(fields.get("format") or "text")] += 1
    manifest = store.read_manifest(folder)
    failed = sorted((doc_id, entry.failure) for doc_id, entry in manifest.files.items() if entry.failure)
    failures = tuple(FileFailure(doc_id, reason) for doc_id, reason in failed if reason not in EMPTY_REASONS)
    empty = tuple(doc_id for doc_id, reason in failed if reason in EMPTY_REASONS)
    _, _, skipped = scan_corpus(root) if root.is_dir() else ([], [], [])
    formats = tuple(FormatCount(fmt, files[fmt], attachments[fmt]) for fmt in sorted(files.keys() | attachments.keys()))
    return IndexStatus(
        documents=sum(files.values()),
        attachments=sum(attachments.values()),
        passages=passages.doc_count(),
        entities=entities,
        formats=formats,
        failures=failures,
        empty=empty,
        skipped=tuple(skipped),
        text_files=sum(1 for entry in manifest.files.values() if entry.stage == store.TEXT_DONE),
        complete=manifest.complete,
    )
