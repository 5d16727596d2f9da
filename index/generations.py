"""Generations of a corpus's index, one folder each, and the lock of the one process writing.

    INDEX_DIR/CURRENT   the name of the generation readers open ("g0003")
    INDEX_DIR/g0003/    VERSION, manifest.json, passages/, documents/, …
    INDEX_DIR/g0004/    a rebuild under way: it becomes CURRENT only once complete
    INDEX_DIR/LOCK      held (flock) by the process writing, with its pid inside

A rebuild never deletes what readers use: it writes a new generation beside the current one and
points CURRENT at it once complete (as Elasticsearch swaps an alias); the old one is removed then,
and a reader that still has it open keeps reading it (POSIX keeps unlinked files readable).
Updates write into the current generation, one Whoosh commit at a time.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .store import IndexBusy

_GENERATION = re.compile(r"^g(\d{4,})$")
_LEGACY = ("passages", "documents", "entities", "profiles", "VERSION", "manifest.json", "manifest.json.tmp")
"""What an index folder held before generations (schema 7 and earlier): removed once a generation
is current, never before."""
_WHOOSH_LOCKS = re.compile(r".*_(WRITELOCK|READLOCK)$")
HASH_CHUNK = 1 << 20


def current(index_dir: Path) -> Path | None:
    """The generation readers open, or None when there is none yet."""
    try:
        name = (index_dir / "CURRENT").read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    folder = index_dir / name
    return folder if _GENERATION.match(name) and folder.is_dir() else None


def _number(folder: Path) -> int:
    match = _GENERATION.match(folder.name)
    return int(match.group(1)) if match else -1


def all_generations(index_dir: Path) -> list[Path]:
    """Every generation folder, oldest first."""
    if not index_dir.is_dir():
        return []
    return sorted((p for p in index_dir.iterdir() if _GENERATION.match(p.name) and p.is_dir()), key=_number)


def pending(index_dir: Path) -> Path | None:
    """A generation newer than the current one: a rebuild that has not finished."""
    now = current(index_dir)
    newer = [g for g in all_generations(index_dir) if now is None or _number(g) > _number(now)]
    return newer[-1] if newer else None


def create(index_dir: Path) -> Path:
    """A new, empty generation after every existing one."""
    last = max((_number(g) for g in all_generations(index_dir)), default=0)
    folder = index_dir / f"g{last + 1:04d}"
    folder.mkdir(parents=True)
    return folder


def make_current(index_dir: Path, folder: Path) -> None:
    """Point readers at ``folder`` (one atomic rename), then remove the generations before it."""
    temporary = index_dir / "CURRENT.tmp"
    temporary.write_text(folder.name + "\n", encoding="utf-8")
    os.replace(temporary, index_dir / "CURRENT")
    for older in all_generations(index_dir):
        if _number(older) < _number(folder):
            shutil.rmtree(older, ignore_errors=True)
    for name in _LEGACY:
        path = index_dir / name
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        elif path.exists():
            path.unlink()


def discard(folder: Path) -> None:
    if _GENERATION.match(folder.name):
        shutil.rmtree(folder, ignore_errors=True)


# -- what a generation's indexes committed ---------------------------------------------------------
def _index_files(folder: Path) -> Iterator[tuple[str, Path]]:
    """The Whoosh files of a generation (not locks, not writers' temporary folders)."""
    for index in sorted(p for p in folder.iterdir() if p.is_dir()):
        for path in sorted(index.iterdir()):
            if path.is_file() and not _WHOOSH_LOCKS.match(path.name):
                yield f"{index.name}/{path.name}", path


def _digest(path: Path) -> str:
    digest = hashlib.blake2b(digest_size=16)
    with path.open("rb") as stream:
        while chunk := stream.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def record(folder: Path, previous: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """Size and hash of every index file now; Whoosh never rewrites a file, so only new ones are read."""
    files: dict[str, list[Any]] = {}
    for name, path in _index_files(folder):
        size = path.stat().st_size
        known = previous.get(name)
        files[name] = known if known is not None and known[0] == size else [size, _digest(path)]
    return files


def verify(folder: Path, recorded: dict[str, list[Any]], deep: bool) -> str:
    """What is wrong with the committed index files ("" when nothing): missing, truncated, or
    (``deep``: every byte read) changed."""
    for name, (size, digest) in recorded.items():
        path = folder / name
        try:
            actual = path.stat().st_size
        except OSError:
            return f"{path} is missing"
        if actual != size:
            return f"{path} has {actual:,} bytes where {size:,} were written"
        if deep and _digest(path) != digest:
            return f"{path} is not what was written"
    return ""


def remove_writer_leftovers(folder: Path) -> int:
    """Delete the temporary folders of writers that were killed (a killed build left 600 MB).
    Segment files no commit refers to are Whoosh's to delete, at its next commit."""
    removed = 0
    for index in (p for p in folder.iterdir() if p.is_dir()):
        for path in index.iterdir():
            if path.is_dir() and path.name.endswith(".tmp"):
                shutil.rmtree(path, ignore_errors=True)
                removed += 1
    return removed


# -- the writer's lock -----------------------------------------------------------------------------
class WriterLock:
    """Held by the one process writing an index folder; the system releases it when that process
    ends in any way (kill -9 included), so a lock is never stale."""

    def __init__(self, index_dir: Path) -> None:
        self.path = index_dir / "LOCK"
        self._fd: int | None = None

    def acquire(self, wait: bool = False, waiting: Callable[[str], None] | None = None) -> None:
        """Take the lock; IndexBusy at once when another process holds it, unless ``wait``."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as error:
                if error.errno not in (errno.EAGAIN, errno.EACCES):
                    os.close(fd)
                    raise
            holder = self.holder()
            message = f"the index is being updated by another sleuth process{f' (pid {holder})' if holder else ''}"
            if not wait:
                os.close(fd)
                raise IndexBusy(f"{message}; try again when it ends")
            if waiting is not None and not told:
                waiting(f"{message}: waiting for it to finish")
                told = True
            time.sleep(0.5)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd

    def held_elsewhere(self) -> bool:
        """True when another process holds the lock now (a test: it is not taken)."""
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except OSError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            return True
        finally:
            os.close(fd)
        return False

    def holder(self) -> int | None:
        with contextlib.suppress(OSError, ValueError):
            return int(self.path.read_text().strip())
        return None

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, 0)
            os.close(self._fd)  # closing drops the flock
            self._fd = None

    def __enter__(self) -> WriterLock:
        if self._fd is None:
            self.acquire()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()
