"""Building and incrementally updating a corpus's index.

Unchanged files (same size and modification time as when indexed) are not read again; a file
whose bytes hash the same as before is not re-indexed either. Files that vanished are removed.
A file that cannot be read is reported and skipped; it never stops the rest.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from whoosh.index import Index, LockError
from whoosh.query import Prefix
from whoosh.writing import IndexWriter

from . import store
from .documents import load_file
from .entities import aggregate, profiles
from .facts import extract_facts
from .models import Document, FileFailure, IndexReport, Mention, Passage, Progress
from .ner import Untagged
from .passages import split_passages
from .readers import SUPPORTED_SUFFIXES, UnreadableFile
from .store import IndexBusy
from .tagging import Tagged, Tagger

ProgressCallback = Callable[[Progress], None]
"""Called with each step of an update (the Library re-declares it so as not to import this module)."""

BATCH_DOCUMENTS = 400
"""Documents read, tagged and written per batch: bounds memory on large corpora."""


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
    # os.walk with plain strings: about five times faster than Path.rglob on 20,000 files.
    inside = os.path.realpath(root) + os.sep
    for folder, subfolders, names in os.walk(root):
        relative_folder = os.path.relpath(folder, root)
        prefix = "" if relative_folder == "." else relative_folder.replace(os.sep, "/") + "/"
        # os.walk does not follow links to folders (a loop, or a way out of the corpus): say so.
        linked = [d for d in subfolders if not _is_hidden(d) and os.path.islink(os.path.join(folder, d))]
        failures.extend(FileFailure(prefix + d, "a link to a folder: not followed") for d in linked)
        subfolders[:] = [d for d in subfolders if not _is_hidden(d) and d not in linked]
        for name in names:
            if _is_hidden(name):
                continue
            doc_id = prefix + name
            suffix = os.path.splitext(name)[1].lower()
            if suffix not in SUPPORTED_SUFFIXES:
                skipped.append(FileFailure(doc_id, f"unsupported format {suffix or '(no extension)'}"))
                continue
            path = os.path.join(folder, name)
            try:
                stat = os.stat(path)
            except OSError as error:
                failures.append(FileFailure(doc_id, error.strerror or str(error)))
                continue
            if not os.path.isfile(path):
                continue
            if os.path.islink(path) and not os.path.realpath(path).startswith(inside):
                failures.append(FileFailure(doc_id, "a link out of the corpus: not read"))
                continue
            files.append(_SourceFile(doc_id, Path(path), stat.st_size, stat.st_mtime))
    files.sort(key=lambda f: f.doc_id)
    skipped.sort(key=lambda f: f.path)
    return files, failures, skipped


def _batches(items: list[_SourceFile], size: int) -> Iterator[list[_SourceFile]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def update_index(
    root: Path,
    index_dir: Path,
    progress: ProgressCallback | None = None,
    rebuild: bool = False,
    retry_failed: bool = False,
) -> IndexReport:
    """Bring the index in ``index_dir`` up to date with the files under ``root``; ``retry_failed``
    re-reads the files that failed before even when they have not changed."""
    began = time.perf_counter()
    rebuild = rebuild or not store.exists(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    run = _Run(index_dir, rebuild, progress or (lambda _p: None))
    run.retry_failed = retry_failed
    run.notify(Progress("scan", 0, 0, str(root)))
    files, run.failures, skipped = scan_corpus(root)
    candidates, removed = run.plan(files)
    if candidates or removed:
        run.apply(candidates, removed)
    elif run.manifest_changed:
        store.write_manifest(index_dir, run.manifest)
    if run.changed or rebuild:
        run.notify(Progress("entities", len(candidates), len(candidates), "merging entities"))
        tick = time.perf_counter()
        rebuild_entities(index_dir, run.documents_ix)
        run.timings["entities"] = time.perf_counter() - tick
    if rebuild and not run.changed:
        store.write_manifest(index_dir, run.manifest)
    store.write_version(index_dir)
    return IndexReport(
        added=tuple(run.added),
        updated=tuple(run.updated),
        removed=tuple(removed),
        unchanged=run.unchanged,
        failed=tuple(run.failures),
        skipped=tuple(skipped),
        seconds=time.perf_counter() - began,
        timings=run.timings,
    )


Loaded = list[tuple[Document, list[Passage]]]


class _Run:
    """The state of one update: the manifest, the two writers, and what happened to each file."""

    def __init__(self, index_dir: Path, rebuild: bool, notify: ProgressCallback) -> None:
        self.notify = notify
        self.passages_ix = store.open_or_create(index_dir, "passages", recreate=rebuild)
        self.documents_ix = store.open_or_create(index_dir, "documents", recreate=rebuild)
        self.index_dir = index_dir
        self.manifest = {} if rebuild else store.read_manifest(index_dir, self.documents_ix)
        self.manifest_changed = False
        self.failures: list[FileFailure] = []
        self.retry_failed = False
        self.added: list[str] = []
        self.updated: list[str] = []
        self.unchanged = 0
        self.forgotten = 0
        self.changed = False
        self.timings = {"read": 0.0, "ner": 0.0, "write": 0.0, "entities": 0.0}

    def plan(self, files: list[_SourceFile]) -> tuple[list[_SourceFile], list[str]]:
        """Files to read (new or changed size/mtime) and doc ids to remove; known failures re-reported."""
        on_disk = {f.doc_id for f in files}
        removed = sorted(k for k, entry in self.manifest.items() if not entry.failure and k not in on_disk)
        for doc_id in [k for k, entry in self.manifest.items() if entry.failure and k not in on_disk]:
            del self.manifest[doc_id]
            self.manifest_changed = True
        candidates = []
        for source in files:
            entry = self.manifest.get(source.doc_id)
            if (
                entry is None
                or (entry.size, entry.mtime) != (source.size, source.mtime)
                or (entry.failure and self.retry_failed)
            ):
                candidates.append(source)
            elif entry.failure:  # the same unreadable file: reported again, not re-read
                self.failures.append(FileFailure(source.doc_id, entry.failure))
            else:
                self.unchanged += 1
        return candidates, removed

    def apply(self, candidates: list[_SourceFile], removed: list[str]) -> None:
        """Read, tag and write the candidates, remove the removed, and commit."""
        try:
            self.passage_writer = self.passages_ix.writer(limitmb=256)
            self.document_writer = self.documents_ix.writer(limitmb=128)
        except LockError as error:
            raise IndexBusy("the index is being updated by another sleuth process; try again when it ends") from error
        try:
            for doc_id in removed:
                self._forget(doc_id)
            self._read_tag_write(candidates)
            self.changed = bool(self.added or self.updated or removed or self.forgotten)
            self.notify(Progress("write", len(candidates), len(candidates), "committing"))
            tick = time.perf_counter()
            if self.changed:
                self.passage_writer.commit()
                self.document_writer.commit()
            else:  # only new modification times or new failures: the index itself stays as it is
                self.passage_writer.cancel()
                self.document_writer.cancel()
            store.write_manifest(self.index_dir, self.manifest)
            self.timings["write"] += time.perf_counter() - tick
        except BaseException:
            self.passage_writer.cancel()
            self.document_writer.cancel()
            raise

    def _read_tag_write(self, candidates: list[_SourceFile]) -> None:
        """Batches flow read → tag → write; the tagger works on one batch while the next is read
        and the previous one written."""
        done = 0
        pending: tuple[Loaded, Future[Tagged]] | None = None
        with Tagger(len(candidates)) as tagger:
            for batch in _batches(candidates, BATCH_DOCUMENTS):
                tick = time.perf_counter()
                loaded = []
                for source in batch:
                    self.notify(Progress("read", done, len(candidates), source.doc_id))
                    done += 1
                    loaded.extend(self._load(source))
                self.timings["read"] += time.perf_counter() - tick
                texts = [[p.text for p in passages] for _, passages in loaded]
                tick = time.perf_counter()
                submitted = (loaded, tagger.submit(texts))
                self.timings["ner"] += time.perf_counter() - tick  # inline tagging happens here
                if pending is not None:
                    self._write(tagger, *pending, done, len(candidates))
                pending = submitted
            if pending is not None:
                self._write(tagger, *pending, done, len(candidates))

    def _load(self, source: _SourceFile) -> Loaded:
        """The file's documents (its own, then its attachments') with their passages when it must
        be (re)indexed; [] when not."""
        try:
            loaded = load_file(source.path, source.doc_id)
        except (UnreadableFile, OSError, ValueError, RecursionError) as error:
            self._fail(source, str(error))
            return []
        document = loaded.document
        previous = self.manifest.get(source.doc_id)
        was_indexed = previous is not None and not previous.failure
        if previous is not None and was_indexed and previous.content_hash == document.content_hash:
            self.manifest[source.doc_id] = store.ManifestEntry(document.size, document.mtime, document.content_hash)
            self.unchanged += 1
            return []
        passages = split_passages(document)
        if not passages:
            self._fail(source, "no text left after cleaning")
            return []
        (self.updated if was_indexed else self.added).append(source.doc_id)
        if was_indexed:  # the old attachments go; the message's current ones are written below
            self._forget_attachments(source.doc_id)
        self.failures.extend(loaded.failures)
        result = [(document, passages)]
        result.extend((a, p) for a in loaded.attachments if (p := split_passages(a)))
        return result

    def _write(self, tagger: Tagger, loaded: Loaded, tagged: Future[Tagged], done: int, total: int) -> None:
        self.notify(Progress("ner", done, total, f"{len(loaded)} documents"))
        tick = time.perf_counter()
        mentions_by_doc = tagger.result(tagged, [[p.text for p in passages] for _, passages in loaded])
        self.timings["ner"] += time.perf_counter() - tick
        tick = time.perf_counter()
        for (document, passages), mentions in zip(loaded, mentions_by_doc, strict=True):
            if isinstance(mentions, Untagged):  # its text is indexed; the summary says why it has no entities
                self.failures.append(FileFailure(document.doc_id, f"entities not found: {mentions.reason}"))
            self.passage_writer.delete_by_term("doc_id", document.doc_id)
            stored_mentions: list[list[object]] = []
            for passage, passage_mentions in zip(passages, mentions, strict=True):
                _write_passage(self.passage_writer, document, passage, passage_mentions)
                stored_mentions.extend(
                    [passage.n, m.start, m.end, m.text, m.type, m.canonical] for m in passage_mentions
                )
            spans = [[p.start, p.end] for p in passages]
            facts = [list(f) for f in extract_facts([(p.n, p.text) for p in passages], mentions)]
            _write_document(self.document_writer, document, spans, stored_mentions, facts)
            if not document.parent:  # attachments live and go with their message's entry
                self.manifest[document.doc_id] = store.ManifestEntry(
                    document.size, document.mtime, document.content_hash
                )
        self.timings["write"] += time.perf_counter() - tick

    def _fail(self, source: _SourceFile, reason: str) -> None:
        """Record an unreadable file; if it had been indexed, its old text leaves the index."""
        self.failures.append(FileFailure(source.doc_id, reason))
        previous = self.manifest.get(source.doc_id)
        if previous is not None and not previous.failure:
            self._forget(source.doc_id)
            self.forgotten += 1
        self.manifest[source.doc_id] = store.ManifestEntry(source.size, source.mtime, "", reason)

    def _forget(self, doc_id: str) -> None:
        self.passage_writer.delete_by_term("doc_id", doc_id)
        self.document_writer.delete_by_term("doc_id", doc_id)
        self._forget_attachments(doc_id)
        self.manifest.pop(doc_id, None)

    def _forget_attachments(self, doc_id: str) -> None:
        """A file's attachments (``doc_id/NAME``: no file on disk can have such an id) leave the index."""
        self.passage_writer.delete_by_query(Prefix("doc_id", doc_id + "/"))
        self.document_writer.delete_by_query(Prefix("doc_id", doc_id + "/"))


def _write_passage(writer: IndexWriter, document: Document, passage: Passage, mentions: list[Mention]) -> None:
    names: dict[str, set[str]] = {"PERSON": set(), "ORG": set(), "PLACE": set()}
    for mention in mentions:
        names[mention.type].update((mention.canonical, mention.text))
    dated = {"date": datetime.fromisoformat(document.date)} if document.date else {}
    paged = {"page": passage.page} if passage.page else {}
    writer.add_document(
        **dated,
        **paged,
        author=document.author,
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
    writer: IndexWriter,
    document: Document,
    passages: list[list[int]],
    mentions: list[list[object]],
    facts: list[list[object]],
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
        facts=facts,
        date=document.date,
        author=document.author,
        pages=list(document.pages),
        parent=document.parent,
        fields=[list(pair) for pair in document.fields],
    )


def rebuild_entities(index_dir: Path, documents_ix: Index) -> None:
    """Recompute every corpus entity from the mentions stored with the documents."""
    with documents_ix.searcher() as searcher:
        stored = [(f["doc_id"], f["mentions"], f.get("facts") or []) for f in searcher.all_stored_fields()]
    entities, key_map = aggregate((doc_id, mentions) for doc_id, mentions, _ in stored)
    said = profiles(stored, key_map)
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
    profiles_ix = store.open_or_create(index_dir, "profiles", recreate=True)
    writer = profiles_ix.writer(limitmb=128)
    for entity in entities:
        profile = said.get(entity.key)
        if profile is not None:
            writer.add_document(
                key=entity.key,
                descriptors=profile.descriptors,
                quotes=profile.quotes,
                co_mentions=profile.co_mentions,
            )
    writer.commit()
