"""Writing one generation's indexes, a batch at a time, so that a crash never leaves a half-commit.

A batch commits in four steps: ``pending.json`` names the files the batch touches; each Whoosh
index commits (documents first, passages last, so a passage found always has its document);
the manifest records the batch and the index files now committed; ``pending.json`` goes. A run
that finds ``pending.json`` takes the files it names out of every index and reads them again.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Container, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from whoosh.index import Index, LockError
from whoosh.query import Or, Prefix, Term
from whoosh.writing import IndexingError, IndexWriter

from . import generations, store
from .models import Document, Mention, Passage
from .store import IndexBusy, Manifest

WRITER_LIMIT_MB = {"passages": 256, "evidence": 128}
"""Memory per writer before it spills sorted postings to disk (less is slower: 64 MB cost 30%
more CPU than 256 on Reuters passages, bench/write_costs.py)."""
PENDING = "pending.json"


class IndexWriteFailed(OSError):
    """Writing the index failed (a full disk, permissions): the message names the path."""


class Batch:
    """The writers of one generation for one batch; ``commit`` follows the protocol above."""

    def __init__(self, folder: Path, manifest: Manifest, indexes: dict[str, Index]) -> None:
        self.folder = folder
        self.manifest = manifest
        self.indexes = indexes
        self._writers: dict[str, IndexWriter] = {}
        self.touched: set[str] = set()
        self.words: set[str] = set()
        self.size = 0
        """Documents written in this batch."""
        self.known_words: set[str] | None = None
        """The words of the words file (read at the first commit that needs them)."""

    def writer(self, name: str) -> IndexWriter:
        writer = self._writers.get(name)
        if writer is None:
            if name not in self.indexes:
                self.indexes[name] = store.open_or_create(self.folder, name)
            try:
                writer = self.indexes[name].writer(limitmb=WRITER_LIMIT_MB.get(name, 64))
            except LockError as error:
                raise IndexBusy("another process is writing this index; try again when it ends") from error
            self._writers[name] = writer
        return writer

    def delete(self, doc_ids: Iterable[str], names: Sequence[str] = store.PER_FILE) -> None:
        """Take these files' Whoosh documents (their attachments' too) out of ``names``, with one
        searcher per index (not one per file, as ``delete_by_term`` would)."""
        wanted = sorted(set(doc_ids))
        if not wanted:
            return
        self.touched.update(wanted)
        for name in names:
            index = self.indexes.get(name)
            if index is None or index.is_empty():
                continue
            writer = self.writer(name)
            with writer.searcher() as searcher:
                for doc_id in wanted:
                    # A file's attachments (``mail.eml/report.pdf``) go with it: no file on disk
                    # can have such an id, as ``mail.eml`` is no folder.
                    for docnum in searcher.docs_for_query(Or([Term("doc_id", doc_id), Prefix("doc_id", doc_id + "/")])):
                        writer.delete_document(docnum)

    def add_document(self, document: Document, passages: Sequence[Passage]) -> None:
        """The document for reading (text, passage offsets, metadata) and its words for spelling."""
        self.touched.add(document.doc_id)
        self.writer("documents").add_document(**document_fields(document, passages))
        self.words.update(words_of(document.text))
        self.size += 1

    def add_text_passages(self, document: Document, passages: Sequence[Passage]) -> None:
        """Stage 1: the passages' text, searchable at the commit; their entity fields come later."""
        passage_writer = self.writer("passages")
        for passage in passages:
            passage_writer.add_document(**passage_fields(document, passage, None))

    def add_entities(
        self,
        document: Document,
        passages: Sequence[Passage],
        mentions: Sequence[Sequence[Mention]],
        facts: list[list[object]],
        rewrite: bool,
    ) -> list[list[Any]]:
        """Stage 2: the passages again with their entity fields (``rewrite``: replacing the text-only
        ones), the mentions and facts, and the document's evidence text; returns the mentions as
        stored."""
        self.touched.add(document.doc_id)
        if rewrite:
            self.delete([document.doc_id], names=("passages",))
        passage_writer = self.writer("passages")
        for passage, found in zip(passages, mentions, strict=True):
            passage_writer.add_document(**passage_fields(document, passage, found))
        stored = [
            [p.n, m.start, m.end, m.text, m.type, m.canonical]
            for p, found in zip(passages, mentions, strict=True)
            for m in found
        ]
        self.writer("mentions").add_document(doc_id=document.doc_id, mentions=stored, facts=facts)
        self.writer("evidence").add_document(doc_id=document.doc_id, text=document.text)
        self.size += 1
        return stored

    def commit(self) -> None:
        """Commit every writer of the batch, then the manifest; see the module's protocol."""
        if not self._writers:
            self.manifest.record = generations.record(self.folder, self.manifest.record)
            store.write_manifest(self.folder, self.manifest)
            return
        pending = self.folder / PENDING
        try:
            _write_json(pending, sorted(self.touched))
            order = [n for n in store.PER_FILE if n in self._writers]
            while order:
                writer = self._writers[order[0]]
                try:
                    writer.commit()
                except BaseException:
                    with contextlib.suppress(IndexingError):  # "This writer is closed": it got that far
                        writer.cancel()
                    raise
                finally:
                    del self._writers[order.pop(0)]
            self._write_words()
            self.manifest.record = generations.record(self.folder, self.manifest.record)
            store.write_manifest(self.folder, self.manifest)
            pending.unlink()
        except OSError as error:
            self.cancel()  # only the writers not yet committed: a committed one must not be touched again
            message = f"cannot write the index at {error.filename or self.folder}: {error.strerror or error}"
            raise IndexWriteFailed(error.errno or 0, message) from error
        finally:
            self._writers.clear()
            self.touched.clear()
            self.words.clear()
            self.size = 0

    def _write_words(self) -> None:
        """The words file, when the batch brought new words (derived data: it may run ahead of
        the index, never behind it)."""
        if self.known_words is None:
            self.known_words = set(store.read_words(self.folder))
        if not self.words <= self.known_words:
            self.known_words |= self.words
            store.write_words(self.folder, self.known_words)

    def cancel(self) -> None:
        """Drop what the batch wrote and has not committed (its files are unreferenced)."""
        for writer in self._writers.values():
            writer.cancel()
        self._writers.clear()


def read_pending(folder: Path) -> list[str] | None:
    """The files a batch was committing when its process ended, or None when none was."""
    try:
        raw = json.loads((folder / PENDING).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return []  # garbled: nothing to name, but the manifest may be behind the indexes
    return [str(doc_id) for doc_id in raw] if isinstance(raw, list) else []


def clear_pending(folder: Path) -> None:
    (folder / PENDING).unlink(missing_ok=True)


def _write_json(path: Path, value: Any) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(value), encoding="utf-8")
    os.replace(temporary, path)


_WORD = re.compile(r"\w+(?:\.?\w+)*")
"""Whoosh's default tokenizer pattern: the words "did you mean" may suggest."""


def words_of(text: str) -> set[str]:
    """The words of ``text`` as Whoosh's tokenizer finds them, lower-cased, not stemmed."""
    return set(_WORD.findall(text.lower()))


def document_fields(document: Document, passages: Sequence[Passage]) -> dict[str, Any]:
    return {
        "doc_id": document.doc_id,
        "title": document.title,
        "text": document.text,
        "format": document.format,
        "content_hash": document.content_hash,
        "size": document.size,
        "mtime": document.mtime,
        "passages": [[p.start, p.end] for p in passages],
        "date": document.date,
        "author": document.author,
        "pages": list(document.pages),
        "parent": document.parent,
        "fields": [list(pair) for pair in document.fields],
    }


def passage_fields(document: Document, passage: Passage, mentions: Sequence[Mention] | None) -> dict[str, Any]:
    """A passage's Whoosh fields; without ``mentions`` (stage 1), no entity fields."""
    fields: dict[str, Any] = {
        "passage_id": passage.passage_id,
        "doc_id": document.doc_id,
        "n": passage.n,
        "title": document.title,
        "text": passage.text,
        "start": passage.start,
        "end": passage.end,
    }
    if document.date:
        fields["date"] = datetime.fromisoformat(document.date)
    if passage.page:
        fields["page"] = passage.page
    if document.author:
        fields["author"] = document.author
    if mentions:
        names: dict[str, set[str]] = {"PERSON": set(), "ORG": set(), "PLACE": set()}
        for mention in mentions:
            names[mention.type].update((mention.canonical, mention.text))
        fields["entities"] = ",".join(sorted({m.entity_key for m in mentions}))
        fields["person"] = " | ".join(sorted(names["PERSON"]))
        fields["org"] = " | ".join(sorted(names["ORG"]))
        fields["place"] = " | ".join(sorted(names["PLACE"]))
    return fields


def owner(doc_id: str, files: Container[str]) -> str | None:
    """The file a document comes from: itself, or for an attachment (``mail.eml/report.pdf``,
    ``mail.eml/inner.eml/x.pdf``) the shortest prefix that is a file; None when no file is known."""
    start = 0
    while (slash := doc_id.find("/", start)) != -1:
        if doc_id[:slash] in files:
            return doc_id[:slash]
        start = slash + 1
    return doc_id if doc_id in files else None


def stored_document(fields: dict[str, Any]) -> tuple[Document, list[Passage]]:
    """A document and its passages as the documents index keeps them (stage 2 reads them back)."""
    document = Document(
        doc_id=fields["doc_id"],
        title=fields["title"],
        text=fields["text"],
        format=fields["format"],
        content_hash=fields["content_hash"],
        size=fields["size"],
        mtime=fields["mtime"],
        date=fields.get("date") or "",
        author=fields.get("author") or "",
        pages=tuple(fields.get("pages") or ()),
        parent=fields.get("parent") or "",
        fields=tuple(tuple(pair) for pair in fields.get("fields") or ()),
    )
    text = document.text
    passages = [
        Passage(document.doc_id, n, start, end, text[start:end], document.page_at(start))
        for n, (start, end) in enumerate(fields["passages"], start=1)
    ]
    return document, passages
