"""Building and updating a corpus's index in two stages, so that it is searchable within seconds.

Stage 1 (text): files are read, cleaned and split, and their passages committed in batches; each
commit makes more documents searchable. Stage 2 (entities): the documents' entities are found in
worker processes (which start on stage 1's documents while it runs), the passages are written
again with their entity fields, and the corpus entities are merged as it goes on. Every commit
follows ``writers``' protocol, so a run may stop, or be killed, at any moment: the next run
carries on from the last commit. Unchanged files (same size and mtime, or the same bytes) are not
indexed again; vanished ones are removed. A file that cannot be read is reported and skipped.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from . import generations, repair, store
from .documents import load_file
from .entity_merger import EntityMerger
from .facts import extract_facts
from .generations import WriterLock
from .models import Document, FileFailure, IndexReport, Passage, Progress
from .passages import split_passages
from .readers import UnreadableFile
from .scan import SourceFile, scan_corpus
from .store import ENTITIES_DONE, TEXT_DONE, ManifestEntry
from .tagging import BACKGROUND_MIN_DOCUMENTS, DocumentTags, Tagger, Ticket, default_jobs
from .writers import owner, stored_document

ProgressCallback = Callable[[Progress], None]
"""Called with each step of an update (the Library re-declares it so as not to import this module)."""

FIRST_COMMIT_SECONDS = 1.0
"""The first documents are committed (searchable) after this much work…"""
COMMIT_SECONDS = 8.0
"""…and then every this many seconds: a stop loses at most that much, and a commit costs little."""
BATCH_DOCUMENTS = 5000
"""At most this many documents per commit (bounds the writers' memory on tiny files)."""
TAG_BATCH_DOCUMENTS = 64
TAG_BATCH_CHARS = 150_000
"""A batch for a NER worker: about a second of tagging, so stopping never waits long."""
TAG_AHEAD_CHARS = 32_000_000
"""Stage 1 hands its documents to the NER workers while it runs, up to this much text held in
memory; the rest is read back from the documents index in stage 2."""
TAG_QUEUE_PER_JOB = 4
"""Batches queued per NER worker in stage 2 (plus one per second a merge of the entities takes)."""


def update_index(
    root: Path,
    index_dir: Path,
    progress: ProgressCallback | None = None,
    rebuild: bool = False,
    stop: threading.Event | None = None,
    jobs: int | None = None,
    wait: bool = False,
    retry_failed: bool = False,
) -> IndexReport:
    """Bring the index in ``index_dir`` up to date with the files under ``root``.

    ``stop``: set it to stop at the next document; what was committed is kept and the next run
    carries on. ``jobs``: NER processes (default: a core less than the machine has; 0 tags
    inline). ``wait``: when another process is writing the index, wait for it instead of
    raising IndexBusy.
    """
    notify = progress or (lambda _p: None)
    lock = WriterLock(index_dir)
    lock.acquire(wait=wait, waiting=lambda message: notify(Progress("waiting", 0, 0, message)))
    try:
        target = repair.choose(index_dir, rebuild)
        run = _Run(root, index_dir, target, notify, stop or threading.Event(), default_jobs() if jobs is None else jobs)
        run.retry_failed = retry_failed
        return run.execute()
    finally:
        lock.release()


class _Meter:
    """Progress of one stage: done of total, rate and time left (the listener decides how often
    to show it)."""

    def __init__(self, notify: ProgressCallback, stage: str, total: int) -> None:
        self.notify, self.stage, self.total = notify, stage, total
        self.began = time.perf_counter()
        self.done = 0

    def tell(self, current: str = "", committed: bool = False) -> None:
        elapsed = time.perf_counter() - self.began
        rate = self.done / elapsed if elapsed > 0 else 0.0
        eta = (self.total - self.done) / rate if rate > 0 and self.done else None
        self.notify(Progress(self.stage, self.done, self.total, current, rate, eta, committed))


class _Run:
    """One update of one generation: what to do, the two stages, and what happened to each file."""

    def __init__(
        self,
        root: Path,
        index_dir: Path,
        target: repair.Target,
        notify: ProgressCallback,
        stop: threading.Event,
        jobs: int,
    ) -> None:
        self.root, self.index_dir, self.target = root, index_dir, target
        self.folder, self.manifest = target.folder, target.manifest
        self.notify, self.stop, self.jobs = notify, stop, jobs
        self.batch = target.batch
        self.failures: list[FileFailure] = []
        self.retry_failed = False
        self.empty: list[str] = []
        self.added: list[str] = []
        self.updated: list[str] = []
        self.removed: list[str] = []
        self.unchanged = 0
        self.replaced: set[str] = set()
        """Files whose Whoosh documents must go before the batch commits (changed, gone, unreadable)."""
        self.changed = False
        self.timings = {"text": 0.0, "entities": 0.0, "merge": 0.0}
        self.last_commit = time.perf_counter()
        self.commits = 0
        self.ahead: list[Ticket] = []
        """Batches handed to the NER workers during stage 1, done or not."""
        self.ahead_chars = 0
        self.stopped = False
        self.parts_left: dict[str, int] = {}
        """Per file in stage 2, its documents whose entities are still to be written."""
        self.unread = 0
        """Files stage 1 did not get to (it was stopped)."""
        self.by_hash: dict[str, str] = {}
        """Content hash → the indexed file with those bytes (copies of it are not indexed again)."""

    # -- the run --------------------------------------------------------------------------------
    def execute(self) -> IndexReport:
        began = time.perf_counter()
        self.notify(Progress("scan", 0, 0, str(self.root)))
        files, self.failures, skipped = scan_corpus(self.root)
        candidates = self._plan(files)
        untagged = sum(1 for e in self.manifest.files.values() if e.stage == TEXT_DONE)
        background = self.jobs > 0 and len(candidates) + untagged >= BACKGROUND_MIN_DOCUMENTS
        tagger = Tagger(self.jobs if background else 0)
        try:
            tick = time.perf_counter()
            self._stage_text(candidates, tagger)
            self.timings["text"] = time.perf_counter() - tick
            if not self.stopped:
                tick = time.perf_counter()
                self._stage_entities(tagger)
                self.timings["entities"] = time.perf_counter() - tick
        finally:
            tagger.close(now=True)  # its queue is done, or dropped: a stop never waits for it
        if not self.stopped and (self.changed or not self.manifest.complete):
            tick = time.perf_counter()
            self._merge(final=True)
            self.timings["merge"] = time.perf_counter() - tick
            self.manifest.complete = True
            self.batch.commit()
        if self.target.switch == "first" or (self.target.switch == "complete" and self.manifest.complete):
            self._make_current()
        entries = list(self.manifest.files.items())
        return IndexReport(
            added=tuple(self.added),
            updated=tuple(self.updated),
            removed=tuple(self.removed),
            unchanged=self.unchanged,
            failed=tuple(self.failures),
            skipped=tuple(skipped),
            seconds=time.perf_counter() - began,
            timings=self.timings,
            empty=tuple(sorted(self.empty)),
            stopped=self.stopped,
            text_pending=self.unread,
            entities_pending=sum(1 for _k, e in entries if e.stage == TEXT_DONE),
            repaired=" · ".join(self.target.repaired),
            duplicates=tuple(sorted((k, e.same_as) for k, e in entries if e.same_as)),
        )

    def _make_current(self) -> None:
        if generations.current(self.index_dir) != self.folder:
            generations.make_current(self.index_dir, self.folder)
        self.target.switch = ""

    def _plan(self, files: list[SourceFile]) -> list[SourceFile]:
        """Files to read (new, or changed size or mtime, or copies of such); vanished files are
        removed now."""
        entries = self.manifest.files
        on_disk = {f.doc_id for f in files}
        gone = sorted(k for k in entries if k not in on_disk)
        for doc_id in gone:
            left = entries.pop(doc_id)
            if not left.failure and not left.same_as:
                self.removed.append(doc_id)
                self._replace(doc_id)
                self.changed = True
        read = {f.doc_id for f in files if _to_read(entries.get(f.doc_id), f, self.retry_failed)}
        # A copy is read again when the file it stood for changed or went: it may be indexed now.
        read |= {k for k, e in entries.items() if e.same_as and (e.same_as in read or e.same_as in gone)}
        self.by_hash = {e.content_hash: k for k, e in entries.items() if e.stage and not e.same_as and k not in read}
        candidates = []
        for source in files:
            known = entries.get(source.doc_id)
            if source.doc_id in read or known is None:
                candidates.append(source)
            elif known.failure:  # the same unreadable file: reported again, not re-read
                self._report_failure(source.doc_id, known.failure)
            elif not known.same_as:
                self.unchanged += 1
        return candidates

    def _report_failure(self, doc_id: str, reason: str) -> None:
        if reason in repair.EMPTY_REASONS:
            self.empty.append(doc_id)
        else:
            self.failures.append(FileFailure(doc_id, reason))

    # -- stage 1: text --------------------------------------------------------------------------
    def _stage_text(self, candidates: list[SourceFile], tagger: Tagger) -> None:
        meter = _Meter(self.notify, "text", len(candidates))
        inline: list[tuple[Document, list[Passage]]] = []
        to_tag: list[tuple[Document, list[Passage]]] = []
        for source in candidates:
            if self.stop.is_set():
                self.stopped = True
                break
            meter.tell(source.doc_id)
            documents = self._load(source)
            meter.done += 1
            for loaded in documents:  # the file's own document, then its attachments'
                self.batch.add_document(*loaded)
                if tagger.in_background:
                    self.batch.add_text_passages(*loaded)
                    to_tag.append(loaded)
                    if _chars(to_tag) >= TAG_BATCH_CHARS or len(to_tag) >= TAG_BATCH_DOCUMENTS:
                        self._tag_ahead(tagger, to_tag)
                        to_tag = []
                else:
                    inline.append(loaded)
            if documents:  # searchable at the commit; its entities come with stage 2 (or inline, below)
                self.manifest.files[source.doc_id] = _entry(documents[0][0], TEXT_DONE)
                self.parts_left[source.doc_id] = len(documents)
            if self._commit_due():
                self._write_inline(tagger, inline)
                inline = []
                self._commit()
                meter.tell(source.doc_id, committed=True)
            tagger.collect()  # results of the batches tagged ahead, kept for stage 2
        self.unread = len(candidates) - meter.done
        if to_tag and not self.stopped:
            self._tag_ahead(tagger, to_tag)
        self._write_inline(tagger, inline)
        self._commit()
        if candidates or self.changed:  # nothing to say when there was nothing to read
            meter.tell("", committed=True)

    def _load(self, source: SourceFile) -> list[tuple[Document, list[Passage]]]:
        """The file's documents (its own, then its attachments') with their passages when it must
        be (re)indexed; [] when not (unchanged bytes, unreadable, empty, or a copy of a file
        indexed: the same bytes are indexed once)."""
        previous = self.manifest.files.get(source.doc_id)
        was_indexed = previous is not None and bool(previous.stage) and not previous.same_as
        try:
            loaded = load_file(source.path, source.doc_id)
            document = loaded.document
            passages = split_passages(document)
        except (UnreadableFile, OSError, ValueError, RecursionError) as error:
            self._fail(source, was_indexed, str(error))
            return []
        if was_indexed and previous is not None and previous.content_hash == document.content_hash:
            self.manifest.files[source.doc_id] = previous._replace(size=document.size, mtime=document.mtime)
            self.unchanged += 1
            return []
        if not passages:
            self._fail(source, was_indexed, "no text left after cleaning")
            return []
        if was_indexed:
            self._replace(source.doc_id)
            self.changed = True
        original = self.by_hash.get(document.content_hash)
        if original is not None and original != source.doc_id:
            self.manifest.files[source.doc_id] = ManifestEntry(
                document.size, document.mtime, document.content_hash, same_as=original
            )
            return []
        self.by_hash[document.content_hash] = source.doc_id
        (self.updated if was_indexed else self.added).append(source.doc_id)
        self.changed = True
        self.failures.extend(loaded.failures)
        return [(document, passages), *((a, p) for a in loaded.attachments if (p := split_passages(a)))]

    def _fail(self, source: SourceFile, was_indexed: bool, reason: str) -> None:
        """Record an unreadable file; if it had been indexed, its old text leaves the index."""
        self._report_failure(source.doc_id, reason)
        if was_indexed:
            self._replace(source.doc_id)
            self.changed = True
        self.manifest.files[source.doc_id] = ManifestEntry(source.size, source.mtime, "", reason)

    def _tag_ahead(self, tagger: Tagger, documents: list[tuple[Document, list[Passage]]]) -> None:
        """Hand documents to the NER workers now, while memory allows; else stage 2 reads them back."""
        chars = _chars(documents)
        if self.ahead_chars + chars <= TAG_AHEAD_CHARS:
            self.ahead_chars += chars
            self.ahead.append(tagger.submit([[p.text for p in ps] for _, ps in documents], payload=documents))

    def _write_inline(self, tagger: Tagger, loaded: list[tuple[Document, list[Passage]]]) -> None:
        """Small runs tag here: each document is written once, with its entities."""
        if not loaded:
            return
        tick = time.perf_counter()
        ticket = tagger.submit([[p.text for p in passages] for _, passages in loaded], payload=loaded)
        self.timings["entities"] += time.perf_counter() - tick
        self._write_tagged(ticket, rewrite=False)

    # -- stage 2: entities ----------------------------------------------------------------------
    def _stage_entities(self, tagger: Tagger) -> None:
        entries = self.manifest.files
        files = {doc_id for doc_id, entry in entries.items() if entry.stage == TEXT_DONE}
        if not files:
            return
        held = store.live_doc_ids(self.batch.indexes["documents"])
        waiting = sorted(doc_id for doc_id in held if owner(doc_id, files) is not None)
        self.parts_left = {file: 0 for file in files}
        for doc_id in waiting:
            self.parts_left[owner(doc_id, files) or doc_id] += 1
        meter = _Meter(self.notify, "entities", len(waiting))
        submitted = {document.doc_id for ticket in self.ahead for document, _ in ticket.payload}
        queue = [doc_id for doc_id in waiting if doc_id not in submitted]
        documents = self.batch.indexes["documents"].searcher()
        try:
            while True:
                for ticket in [t for t in self.ahead if t.result is not None]:
                    self.ahead.remove(ticket)
                    self._write_tagged(ticket, rewrite=True)
                    meter.done += len(ticket.payload)
                    meter.tell(ticket.payload[-1][0].doc_id)
                if self.stop.is_set():
                    self.stopped = True
                    break
                # Enough batches queued to keep the workers busy through a merge of the entities.
                depth = max(1, tagger.jobs) * (TAG_QUEUE_PER_JOB + int(self._merger().last_cost))
                while queue and len(self.ahead) < depth:
                    chunk = _read_back(documents, queue)
                    self.ahead.append(tagger.submit([[p.text for p in ps] for _, ps in chunk], payload=chunk))
                if not self.ahead:
                    break
                tagger.collect(timeout=0.2)
                if self._commit_due():
                    self._commit()
                    meter.tell("", committed=True)
                    self._merge_if_affordable()
        finally:
            documents.close()
        self._commit()
        meter.tell("", committed=True)

    def _write_tagged(self, ticket: Ticket, rewrite: bool) -> None:
        tick = time.perf_counter()
        assert ticket.result is not None
        for (document, passages), tags in zip(ticket.payload, ticket.result, strict=True):
            self._write_entities(document, passages, tags, rewrite)
        self.timings["entities" if rewrite else "text"] += time.perf_counter() - tick

    def _write_entities(self, document: Document, passages: list[Passage], tags: DocumentTags, rewrite: bool) -> None:
        if isinstance(tags, str):  # the model failed on it: its text stays searchable, the failure is said
            self.failures.append(FileFailure(document.doc_id, tags))
            tags = [[] for _ in passages]
        facts = [list(f) for f in extract_facts([(p.n, p.text) for p in passages], tags)]
        stored = self.batch.add_entities(document, passages, tags, facts, rewrite=rewrite)
        file = owner(document.doc_id, self.manifest.files)
        assert file is not None
        self._merger().add(document.doc_id, stored, facts, file)
        self.parts_left[file] = left = self.parts_left.get(file, 1) - 1
        if left <= 0:  # its own document and every attachment: the file is done
            del self.parts_left[file]
            self.manifest.files[file] = self.manifest.files[file]._replace(stage=ENTITIES_DONE)
        self.changed = True

    # -- commits and entities -----------------------------------------------------------------
    def _commit_due(self) -> bool:
        elapsed = time.perf_counter() - self.last_commit
        return elapsed >= (COMMIT_SECONDS if self.commits else FIRST_COMMIT_SECONDS) or (
            self.batch.size >= BATCH_DOCUMENTS
        )

    def _commit(self) -> None:
        self.batch.delete(self.replaced)
        self.replaced.clear()
        if self.changed:
            self.manifest.complete = False
        self.batch.commit()
        self.commits += 1
        self.last_commit = time.perf_counter()
        if self.target.switch == "first":
            self._make_current()  # nothing readable to keep: search the new documents at once

    _entity_merger: EntityMerger | None = None

    def _merger(self) -> EntityMerger:
        """Every document's mentions: those committed, less the files this run replaces, loaded
        once (when first needed); the run adds the new ones."""
        if self._entity_merger is None:
            self._entity_merger = EntityMerger()
            self._entity_merger.load(self.batch.indexes.get("mentions"), self.manifest.files)
            for doc_id in self.replaced:
                self._entity_merger.remove(doc_id)
        return self._entity_merger

    def _replace(self, doc_id: str) -> None:
        """``doc_id``'s Whoosh documents go at the next commit, and its mentions from the merge now."""
        self.replaced.add(doc_id)
        if self._entity_merger is not None:
            self._entity_merger.remove(doc_id)

    _last_merge = 0.0

    def _merge_if_affordable(self) -> None:
        """Merge the entities found so far, when merging costs a fifth of the time since the last."""
        merger = self._merger()
        if time.perf_counter() - self._last_merge >= max(15.0, 5 * merger.last_cost):
            self._merge(final=False)

    def _merge(self, final: bool) -> None:
        meter = _Meter(self.notify, "merge", 0)

        def say(done: int, total: int, what: str) -> None:
            meter.done, meter.total = done, total
            meter.tell(what, committed=done == total and total > 0)

        self._merger().write(self.folder, self.batch.indexes, say)
        self._last_merge = time.perf_counter()
        if not final:
            self.batch.commit()  # the new entity index files in the record


def _to_read(entry: ManifestEntry | None, source: SourceFile, retry_failed: bool) -> bool:
    """A file new, changed (size or mtime), or failed before when failures are retried."""
    if entry is None or (entry.size, entry.mtime) != (source.size, source.mtime):
        return True
    return bool(entry.failure) and retry_failed


def _entry(document: Document, stage: str) -> ManifestEntry:
    return ManifestEntry(document.size, document.mtime, document.content_hash, "", stage)


def _chars(documents: list[tuple[Document, list[Passage]]]) -> int:
    return sum(len(document.text) for document, _ in documents)


def _read_back(documents: object, queue: list[str]) -> list[tuple[Document, list[Passage]]]:
    """The next documents of ``queue`` as the documents index keeps them (taken off the queue)."""
    chunk: list[tuple[Document, list[Passage]]] = []
    chars = 0
    while queue and len(chunk) < TAG_BATCH_DOCUMENTS and chars < TAG_BATCH_CHARS:
        fields = documents.document(doc_id=queue.pop(0))  # type: ignore[attr-defined]
        if fields is not None:
            chunk.append(stored_document(fields))
            chars += len(fields["text"])
    return chunk
