"""Building and incrementally updating a corpus's index.

Unchanged files (same size and modification time as when indexed) are not read again; a file
whose bytes hash the same as before is not re-indexed either. Files that vanished are removed.
A file that cannot be read is reported and skipped; it never stops the rest.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from whoosh.index import Index, LockError
from whoosh.writing import IndexWriter

from . import ner, store
from .entities import aggregate
from .models import Document, FileFailure, IndexReport, Mention, Passage, Progress
from .passages import load_document, split_passages
from .readers import SUPPORTED_SUFFIXES, UnreadableFile

ProgressCallback = Callable[[Progress], None]

BATCH_DOCUMENTS = 400
"""Documents read, tagged and written per batch: bounds memory on large corpora."""

NER_PARALLEL_MIN_PASSAGES = 4000
"""Below this many passages in a batch, a second NER process costs more than it saves."""


class IndexBusy(RuntimeError):
    """Another sleuth process is writing this index."""


@dataclass(frozen=True)
class _SourceFile:
    doc_id: str
    path: Path
    size: int
    mtime: float


def _is_hidden(part: str) -> bool:
    """Dot-files and tooling files such as ``__init__.py`` or ``__pycache__`` are not documents."""
    return part.startswith((".", "__"))


def scan_corpus(root: Path) -> tuple[list[_SourceFile], list[FileFailure], list[FileFailure]]:
    """Files under ``root``: (readable files sorted by doc id, unreadable files, other formats)."""
    files: list[_SourceFile] = []
    failures: list[FileFailure] = []
    skipped: list[FileFailure] = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(_is_hidden(part) for part in relative.parts) or path.is_dir():
            continue
        doc_id = relative.as_posix()
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            skipped.append(FileFailure(doc_id, f"unsupported format {path.suffix.lower() or '(no extension)'}"))
            continue
        try:
            stat = path.stat()
        except OSError as error:
            failures.append(FileFailure(doc_id, error.strerror or str(error)))
            continue
        files.append(_SourceFile(doc_id, path, stat.st_size, stat.st_mtime))
    return files, failures, skipped


def _batches(items: list[_SourceFile], size: int) -> Iterator[list[_SourceFile]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def update_index(
    root: Path,
    index_dir: Path,
    progress: ProgressCallback | None = None,
    rebuild: bool = False,
) -> IndexReport:
    """Bring the index in ``index_dir`` up to date with the files under ``root``."""
    began = time.perf_counter()
    notify = progress or (lambda _p: None)
    rebuild = rebuild or not store.exists(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    passages_ix = store.open_or_create(index_dir, "passages", recreate=rebuild)
    documents_ix = store.open_or_create(index_dir, "documents", recreate=rebuild)
    timings = {"read": 0.0, "ner": 0.0, "write": 0.0, "entities": 0.0}

    notify(Progress("scan", 0, 0, str(root)))
    files, failures, skipped = scan_corpus(root)
    manifest = {} if rebuild else store.read_manifest(index_dir, documents_ix)
    on_disk = {f.doc_id for f in files}
    removed = sorted(k for k, entry in manifest.items() if not entry.failure and k not in on_disk)
    vanished_failures = [k for k, entry in manifest.items() if entry.failure and k not in on_disk]
    for doc_id in vanished_failures:
        del manifest[doc_id]
    candidates = []
    for f in files:
        entry = manifest.get(f.doc_id)
        if entry is None or (entry.size, entry.mtime) != (f.size, f.mtime):
            candidates.append(f)
        elif entry.failure:  # still the same unreadable file: reported again, not re-read
            failures.append(FileFailure(f.doc_id, entry.failure))
    unchanged = len(files) - len(candidates) - len(failures)
    if not candidates and not removed:
        if vanished_failures:
            store.write_manifest(index_dir, manifest)
        if rebuild:  # an empty corpus still gets a complete, empty index
            rebuild_entities(index_dir, documents_ix)
            store.write_manifest(index_dir, {})
            store.write_version(index_dir)
        return IndexReport(
            unchanged=unchanged,
            failed=tuple(failures),
            skipped=tuple(skipped),
            seconds=time.perf_counter() - began,
            timings=timings,
        )

    try:
        passage_writer = passages_ix.writer(limitmb=256)
        document_writer = documents_ix.writer(limitmb=128)
    except LockError as error:
        raise IndexBusy("the index is being updated by another sleuth process; try again when it ends") from error

    added: list[str] = []
    updated: list[str] = []
    forgotten = 0
    done = 0
    try:
        for doc_id in removed:
            passage_writer.delete_by_term("doc_id", doc_id)
            document_writer.delete_by_term("doc_id", doc_id)
        for batch in _batches(candidates, BATCH_DOCUMENTS):
            tick = time.perf_counter()
            loaded: list[tuple[Document, list[Passage]]] = []
            for source in batch:
                notify(Progress("read", done, len(candidates), source.doc_id))
                done += 1
                try:
                    document = load_document(source.path, source.doc_id)
                except (UnreadableFile, OSError, ValueError, RecursionError) as error:
                    forgotten += _fail(source, str(error), failures, manifest, passage_writer, document_writer)
                    continue
                previous = manifest.get(source.doc_id)
                if previous is not None and previous.failure:
                    previous = None  # never indexed: this is an addition
                if previous is not None and previous.content_hash == document.content_hash:
                    manifest[source.doc_id] = store.ManifestEntry(document.size, document.mtime, document.content_hash)
                    unchanged += 1
                    continue
                passages = split_passages(document)
                if not passages:
                    reason = "no text left after cleaning"
                    forgotten += _fail(source, reason, failures, manifest, passage_writer, document_writer)
                    continue
                loaded.append((document, passages))
                (updated if previous is not None else added).append(source.doc_id)
            timings["read"] += time.perf_counter() - tick

            tick = time.perf_counter()
            notify(Progress("ner", done, len(candidates), f"{len(loaded)} documents"))
            texts = [[p.text for p in passages] for _, passages in loaded]
            parallel = 2 if sum(len(t) for t in texts) >= NER_PARALLEL_MIN_PASSAGES else 1
            mentions_by_doc = ner.extract(texts, processes=parallel) if texts else []
            timings["ner"] += time.perf_counter() - tick

            tick = time.perf_counter()
            for (document, passages), mentions in zip(loaded, mentions_by_doc, strict=True):
                passage_writer.delete_by_term("doc_id", document.doc_id)
                stored_mentions: list[list[object]] = []
                for passage, passage_mentions in zip(passages, mentions, strict=True):
                    _write_passage(passage_writer, document, passage, passage_mentions)
                    stored_mentions.extend(
                        [passage.n, m.start, m.end, m.text, m.type, m.canonical] for m in passage_mentions
                    )
                spans = [[p.start, p.end] for p in passages]
                _write_document(document_writer, document, spans, stored_mentions)
                manifest[document.doc_id] = store.ManifestEntry(document.size, document.mtime, document.content_hash)
            timings["write"] += time.perf_counter() - tick
        changed = bool(added or updated or removed or forgotten)
        notify(Progress("write", done, len(candidates), "committing"))
        tick = time.perf_counter()
        if changed:
            passage_writer.commit()
            document_writer.commit()
        else:  # only new modification times or new failures: the index itself stays as it is
            passage_writer.cancel()
            document_writer.cancel()
        for doc_id in removed:
            manifest.pop(doc_id, None)
        store.write_manifest(index_dir, manifest)
        timings["write"] += time.perf_counter() - tick
    except BaseException:
        passage_writer.cancel()
        document_writer.cancel()
        raise

    if changed or rebuild:
        notify(Progress("entities", done, len(candidates), "merging entities"))
        tick = time.perf_counter()
        rebuild_entities(index_dir, documents_ix)
        timings["entities"] = time.perf_counter() - tick
    store.write_version(index_dir)
    return IndexReport(
        added=tuple(added),
        updated=tuple(updated),
        removed=tuple(removed),
        unchanged=unchanged,
        failed=tuple(failures),
        skipped=tuple(skipped),
        seconds=time.perf_counter() - began,
        timings=timings,
    )


def _fail(
    source: _SourceFile,
    reason: str,
    failures: list[FileFailure],
    manifest: dict[str, store.ManifestEntry],
    passage_writer: IndexWriter,
    document_writer: IndexWriter,
) -> int:
    """Record an unreadable file; returns 1 when it had been indexed and its old text was removed."""
    failures.append(FileFailure(source.doc_id, reason))
    was_indexed = source.doc_id in manifest and not manifest[source.doc_id].failure
    if was_indexed:  # its old text is no longer what the file says
        _forget(source.doc_id, passage_writer, document_writer, manifest)
    manifest[source.doc_id] = store.ManifestEntry(source.size, source.mtime, "", reason)
    return int(was_indexed)


def _forget(
    doc_id: str, passage_writer: IndexWriter, document_writer: IndexWriter, manifest: dict[str, store.ManifestEntry]
) -> None:
    passage_writer.delete_by_term("doc_id", doc_id)
    document_writer.delete_by_term("doc_id", doc_id)
    manifest.pop(doc_id, None)


def _write_passage(writer: IndexWriter, document: Document, passage: Passage, mentions: list[Mention]) -> None:
    names: dict[str, set[str]] = {"PERSON": set(), "ORG": set(), "PLACE": set()}
    for mention in mentions:
        names[mention.type].update((mention.canonical, mention.text))
    writer.add_document(
        passage_id=passage.passage_id,
        doc_id=document.doc_id,
        n=passage.n,
        title=document.title,
        text=passage.text,
        start=passage.start,
        end=passage.end,
        entities=",".join(sorted({m.entity_key for m in mentions})),
        person=" | ".join(sorted(names["PERSON"])),
        org=" | ".join(sorted(names["ORG"])),
        place=" | ".join(sorted(names["PLACE"])),
    )


def _write_document(
    writer: IndexWriter, document: Document, passages: list[list[int]], mentions: list[list[object]]
) -> None:
    writer.update_document(
        doc_id=document.doc_id,
        title=document.title,
        text=document.text,
        format=document.format,
        content_hash=document.content_hash,
        size=document.size,
        mtime=document.mtime,
        passages=passages,
        mentions=mentions,
    )


def rebuild_entities(index_dir: Path, documents_ix: Index) -> None:
    """Recompute every corpus entity from the mentions stored with the documents."""
    with documents_ix.searcher() as searcher:
        entities, key_map = aggregate((f["doc_id"], f["mentions"]) for f in searcher.all_stored_fields())
    members: dict[str, list[str]] = {}
    for member, target in key_map.items():
        members.setdefault(target, []).append(member)
    entities_ix = store.open_or_create(index_dir, "entities", recreate=True)
    writer = entities_ix.writer(limitmb=128)
    for entity in entities:
        writer.add_document(
            key=entity.key,
            name=entity.name,
            type=entity.type,
            aliases=list(entity.aliases),
            members=",".join(members[entity.key]),
            mention_count=entity.mention_count,
            doc_count=entity.doc_count,
            passage_count=entity.passage_count,
        )
    writer.commit()
