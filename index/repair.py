"""Choosing the generation a run writes into, and putting right what a crash or a bad disk left.

A run updates the current generation; or writes a new one (first build, ``--rebuild``, an index
of an older version or found damaged); or carries on the one an interrupted rebuild left. Before
writing it checks what it was given: VERSION, the manifest, every committed index file against
the size and hash recorded at its commit, and the manifest against what the indexes hold.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from whoosh.index import Index

from . import generations, store, writers
from .generations import WriterLock
from .models import FileFailure, IndexReport
from .opened import from_whoosh
from .scan import scan_corpus
from .store import ENTITIES_DONE, TEXT_DONE, IndexDamaged, Manifest

EMPTY_REASONS = ("empty file", "no text left after cleaning")
"""Reasons for which a file is said to be empty, not failed."""

Switch = str
"""When CURRENT should name the generation written: "" (it already does), "first" (at the first
commit: nothing readable is there to keep), "complete" (only once every stage has run)."""


@dataclass
class Target:
    """The generation a run writes into, opened and checked."""

    folder: Path
    manifest: Manifest
    indexes: dict[str, Index]
    switch: Switch
    repaired: list[str] = field(default_factory=list)
    """What was found wrong and put right, for the report (one line each)."""
    pending: list[str] = field(default_factory=list)
    """Files a batch was committing when its process ended: taken out, to be read again."""

    def __post_init__(self) -> None:
        self.batch = writers.Batch(self.folder, self.manifest, self.indexes)
        """The writers the run writes with."""


def choose(index_dir: Path, rebuild: bool) -> Target:
    """The generation to write into, after checking it; a damaged one is set aside (and said)."""
    now = generations.current(index_dir)
    unfinished = generations.pending(index_dir)
    notes: list[str] = []
    if unfinished is not None:  # an interrupted rebuild, or a first build before its first commit
        try:
            return _checked(unfinished, "complete" if now is not None else "first", notes)
        except IndexDamaged as error:
            notes.append(f"the unfinished rebuild was damaged ({error}): started again")
            generations.discard(unfinished)
    if now is not None and not rebuild:
        version = store.read_version(now)
        if version == str(store.SCHEMA_VERSION):
            try:
                return _checked(now, "", notes)
            except IndexDamaged as error:
                notes.append(f"the index was damaged ({error}): rebuilt")
                return _fresh(index_dir, "first", notes)
        said = f"version {version}" if version.isdigit() else "an unreadable VERSION"
        notes.append(f"the index was made by another version of sleuth ({said}): rebuilt")
        return _fresh(index_dir, "first", notes)
    return _fresh(index_dir, "complete" if now is not None else "first", notes)


def _fresh(index_dir: Path, switch: Switch, notes: list[str]) -> Target:
    folder = generations.create(index_dir)
    store.write_version(folder)
    indexes = {name: store.open_or_create(folder, name) for name in ("documents", "passages")}  # searchable, empty
    manifest = Manifest(record=generations.record(folder, {}))
    store.write_manifest(folder, manifest)
    return Target(folder, manifest, indexes, switch, notes)


def _checked(folder: Path, switch: Switch, notes: list[str]) -> Target:
    """Open ``folder``'s indexes, check them and make them agree with the manifest; IndexDamaged
    says what is wrong."""
    version = store.read_version(folder)
    if version != str(store.SCHEMA_VERSION):
        raise IndexDamaged(f"{folder / 'VERSION'} says {version or 'nothing readable'}")
    manifest = store.read_manifest(folder)
    pending = writers.read_pending(folder)
    generations.remove_writer_leftovers(folder)
    if pending is None:  # the last commit finished: every file must be as it was written
        problem = generations.verify(folder, manifest.record, deep=True)
        if problem:
            raise IndexDamaged(problem)
    indexes: dict[str, Index] = {}
    for name in store.SCHEMAS:
        try:
            index = store.open_existing(folder, name)
        except Exception as error:  # Whoosh raises bare exceptions for unreadable files
            raise IndexDamaged(f"{folder / name} cannot be opened ({type(error).__name__}: {error})") from error
        if index is not None:
            indexes[name] = index
    target = Target(folder, manifest, indexes, switch, notes)
    if pending is not None:
        target.pending = pending
        notes.append(f"the last run ended during a commit: {len(pending)} files read again")
    try:
        _reconcile(target, target.batch)
    except IndexDamaged:
        raise
    except Exception as error:
        if not from_whoosh(error):
            raise
        raise IndexDamaged(f"{folder} cannot be read ({type(error).__name__}: {error})") from error
    return target


def _reconcile(target: Target, batch: writers.Batch) -> None:
    """Make the manifest and the indexes agree, deleting what only one of them has: files a crash
    left in the indexes are taken out, files the indexes lack are read again."""
    files = target.manifest.files
    for doc_id in target.pending:
        files.pop(doc_id, None)
    held = {name: store.live_doc_ids(index) for name, index in target.indexes.items() if name in store.PER_FILE}
    documents = held.get("documents", set())
    passages = held.get("passages", set())
    mentions = held.get("mentions", set())
    indexed = {doc_id for doc_id, entry in files.items() if entry.stage in (TEXT_DONE, ENTITIES_DONE)}
    lost = {doc_id for doc_id in indexed if doc_id not in documents or doc_id not in passages}
    strays = set().union(*held.values()) - (indexed - lost) if held else set()
    batch.delete(strays | lost | set(target.pending))
    for doc_id in lost:
        del files[doc_id]
    untagged = {doc_id for doc_id in indexed - lost if files[doc_id].stage == ENTITIES_DONE and doc_id not in mentions}
    for doc_id in untagged:
        files[doc_id] = files[doc_id]._replace(stage=TEXT_DONE)
    half_tagged = {doc_id for doc_id in indexed - lost if files[doc_id].stage == TEXT_DONE and doc_id in mentions}
    batch.delete(half_tagged, names=("mentions", "evidence"))
    disagreed = (strays | lost | untagged) - set(target.pending)
    if disagreed:
        target.repaired.append(f"the index and its manifest disagreed on {len(disagreed)} files: put right")
        target.manifest.complete = False
    if target.pending or strays or lost or untagged or half_tagged:
        target.manifest.complete = False
        batch.commit()
        writers.clear_pending(target.folder)


def nothing_to_do(root: Path, index_dir: Path) -> IndexReport | None:
    """The report of an update that would change nothing, found without taking the lock or
    opening an index (a scan and the manifest); None when there is something to do (or to check:
    an unfinished run, another process writing, files not as committed)."""
    began = time.perf_counter()
    folder = generations.current(index_dir)
    if folder is None or generations.pending(index_dir) is not None or WriterLock(index_dir).held_elsewhere():
        return None
    try:
        manifest = store.read_manifest(folder)
    except store.IndexDamaged:
        return None
    if (
        not manifest.complete
        or (folder / writers.PENDING).exists()
        or generations.verify(folder, manifest.record, deep=False)
    ):
        return None
    files, failures, skipped = scan_corpus(root)
    if len(files) != len(manifest.files):
        return None
    empty: list[str] = []
    copies: list[tuple[str, str]] = []
    for source in files:
        entry = manifest.files.get(source.doc_id)
        if entry is None or (entry.size, entry.mtime) != (source.size, source.mtime):
            return None
        if entry.failure in EMPTY_REASONS:
            empty.append(source.doc_id)
        elif entry.failure:
            failures.append(FileFailure(source.doc_id, entry.failure))
        elif entry.same_as:
            copies.append((source.doc_id, entry.same_as))
    return IndexReport(
        unchanged=len(files) - len(empty) - len(failures) - len(copies),
        duplicates=tuple(copies),
        failed=tuple(failures),
        skipped=tuple(skipped),
        empty=tuple(empty),
        seconds=time.perf_counter() - began,
    )
