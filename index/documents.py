"""From a file to its Documents: the file's own, and one per readable attachment.

Each section a reader gives (a PDF page, an EPUB chapter, an e-mail body) is cleaned on its own
and the sections are joined with blank lines, so a page's start offset in the text is known.
Web-boilerplate rules apply only to formats that may carry page furniture (plain text, HTML).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from .clean import guess_title, remove_boilerplate, split_paragraphs, strip_control
from .models import Document, FileFailure
from .readers import Extracted, Limits, UnreadableFile, read_bytes, read_path
from .readers.registry import SUPPORTED_SUFFIXES


@dataclass(frozen=True)
class LoadedFile:
    """A file read: its own document, its attachments' documents, and attachments not read."""

    document: Document
    attachments: tuple[Document, ...] = ()
    failures: tuple[FileFailure, ...] = ()
    """Attachments of a readable format that could not be read, with the reason (doc id as path)."""
    skipped: tuple[FileFailure, ...] = ()
    """Attachments of formats sleuth does not read (images, spreadsheets…)."""

    @property
    def documents(self) -> tuple[Document, ...]:
        return (self.document, *self.attachments)


def load_document(path: Path, doc_id: str, limits: Limits | None = None) -> Document:
    """Read, clean and normalise one file (its attachments aside); raises readers.UnreadableFile."""
    return load_file(path, doc_id, limits, attachments=False).document


def load_file(path: Path, doc_id: str, limits: Limits | None = None, attachments: bool = True) -> LoadedFile:
    """Read one file into its Document and (unless ``attachments`` is False) its attachments'
    Documents, with ids ``doc_id/NAME``; raises readers.UnreadableFile for the file itself."""
    limits = limits or Limits.from_environment()
    extracted, data = read_path(path, limits)
    stat = path.stat()
    document = build_document(extracted, doc_id, _hash(data), stat.st_size, stat.st_mtime)
    if not attachments or not extracted.attachments:
        return LoadedFile(document)
    collected = _Attachments(limits, stat.st_mtime)
    collected.add(document, extracted, depth=1)
    return LoadedFile(
        _with_attachments(document, collected.children.get(doc_id, [])),
        tuple(_with_attachments(d, collected.children.get(d.doc_id, [])) for d in collected.documents),
        tuple(collected.failures),
        tuple(collected.skipped),
    )


class _Attachments:
    """Attachments read depth-first (an attachment may carry attachments of its own)."""

    def __init__(self, limits: Limits, mtime: float) -> None:
        self.limits = limits
        self.mtime = mtime
        self.documents: list[Document] = []
        self.children: dict[str, list[str]] = {}
        self.failures: list[FileFailure] = []
        self.skipped: list[FileFailure] = []

    def add(self, parent: Document, extracted: Extracted, depth: int) -> None:
        used: set[str] = set()
        for attachment in extracted.attachments:
            doc_id = f"{parent.doc_id}/{_unique(attachment_name(attachment.name), used)}"
            if PurePosixPath(attachment.name).suffix.lower() not in SUPPORTED_SUFFIXES and not _sniffable(
                attachment.data
            ):
                suffix = PurePosixPath(attachment.name).suffix.lower() or "(no extension)"
                self.skipped.append(FileFailure(doc_id, f"unsupported format {suffix}"))
                continue
            if depth > self.limits.max_attachment_depth:
                self.failures.append(FileFailure(doc_id, "attachment nested too deep (limit)"))
                continue
            try:
                inner = read_bytes(attachment.data, attachment.name, self.limits, depth)
                document = build_document(
                    inner, doc_id, _hash(attachment.data), len(attachment.data), self.mtime, parent=parent.doc_id
                )
            except UnreadableFile as error:
                self.failures.append(FileFailure(doc_id, str(error)))
                continue
            self.documents.append(document)
            self.children.setdefault(parent.doc_id, []).append(doc_id)
            self.add(document, inner, depth + 1)


def _sniffable(data: bytes) -> bool:
    from .readers import sniff

    try:
        return bool(sniff(data))
    except UnreadableFile:
        return False


def _with_attachments(document: Document, children: list[str]) -> Document:
    if not children:
        return document
    fields = (*document.fields, ("Attachments", ", ".join(c.rsplit("/", 1)[-1] for c in children)))
    return replace(document, fields=fields)


def attachment_name(name: str) -> str:
    """An attachment's file name made safe as the last part of a doc id (no folders, no controls)."""
    base = strip_control(name).replace("\\", "/").rsplit("/", 1)[-1].strip()
    base = re.sub(r"[\x00-\x1f#]", "", base)
    return base or "attachment"


def _unique(name: str, used: set[str]) -> str:
    candidate, number = name, 1
    while candidate.casefold() in used:
        number += 1
        stem, dot, suffix = name.rpartition(".")
        candidate = f"{stem} ({number}).{suffix}" if dot and stem else f"{name} ({number})"
    used.add(candidate.casefold())
    return candidate


def _hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def build_document(
    extracted: Extracted, doc_id: str, content_hash: str, size: int, mtime: float, parent: str = ""
) -> Document:
    """The Document of a reader's output: sections cleaned and joined, page starts recorded."""
    chunks: list[str] = []
    pages: list[int] = []
    offset = 0
    first_paragraphs: list[str] = []
    for section in extracted.sections:
        paragraphs = split_paragraphs(strip_control(section))
        if extracted.web:
            # Rules for web pages drop short lines; notes made only of short lines are kept whole.
            paragraphs = remove_boilerplate(paragraphs) or paragraphs
        if extracted.paged:
            pages.append(offset)
        if not paragraphs:
            continue
        first_paragraphs = first_paragraphs or paragraphs
        chunk = "\n\n".join(paragraphs)
        chunks.append(chunk)
        offset += len(chunk) + 2
    text = "\n\n".join(chunks)
    if not text.strip():
        raise UnreadableFile("no text left after cleaning")
    fallback = PurePosixPath(doc_id).stem
    title = _one_line(extracted.title) or guess_title(first_paragraphs, fallback=fallback)
    return Document(
        doc_id=doc_id,
        title=title or fallback,
        text=text,
        format=extracted.format,
        content_hash=content_hash,
        size=size,
        mtime=mtime,
        date=extracted.date,
        author=_one_line(extracted.author),
        pages=tuple(min(start, len(text)) for start in pages),
        parent=parent,
        fields=tuple((name, _one_line(value)) for name, value in extracted.fields),
    )


def _one_line(value: str) -> str:
    return " ".join(strip_control(value).split())
