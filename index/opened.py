"""The current generation of an index, as one reading process sees it.

Whoosh indexes and kept-open searchers, by generation folder: when a rebuild points CURRENT at a
new generation, the next call opens that one (a searcher of the old one keeps reading it until
closed). A commit by another process is picked up by opening a new searcher. Opening can race a
writer's clean-up of files it has just replaced: it is tried again once. Whatever Whoosh cannot
read becomes one line naming the index and ``sleuth index --rebuild``.
"""

from __future__ import annotations

import functools
import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import whoosh
from whoosh.index import Index
from whoosh.searching import Searcher

from . import generations, store
from .errors import CorpusError, NotFound
from .ranking import weighting

_WHOOSH = str(Path(str(whoosh.__file__)).resolve().parent)


def from_whoosh(error: BaseException) -> bool:
    """True when ``error`` was raised inside Whoosh (reading a file it could not make sense of)."""
    trace = error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename.startswith(_WHOOSH):
            return True
        trace = trace.tb_next
    return False


F = TypeVar("F", bound=Callable[..., Any])
RETRY_SECONDS = 0.05


def reads_index(method: F) -> F:
    """A Library method that reads the index: what Whoosh cannot read is said in one line."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        for attempt in range(2):
            try:
                return method(self, *args, **kwargs)
            except (CorpusError, NotFound):
                raise
            except Exception as error:
                if not from_whoosh(error) and not isinstance(error, EOFError | OSError):
                    raise
                if attempt:  # a second failure is damage
                    what = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}".rstrip(": ")
                    raise CorpusError(
                        f"the index of {self.name} at {self.index_dir} is damaged ({what[:160]}); "
                        "run: sleuth index --rebuild"
                    ) from error
                # Most likely a writer replaced what we were opening (a rebuild removes the
                # generation it replaced): once more, on what is current now.
                self._open.forget()
                time.sleep(RETRY_SECONDS)
        raise AssertionError("unreachable: the second attempt returns or raises")

    return wrapper  # type: ignore[return-value]


class OpenGeneration:
    """Indexes and searchers of an index folder's current generation, reopened when it changes."""

    def __init__(self, index_dir: Path, corpus_name: str, corpus_root: Path) -> None:
        self.index_dir = index_dir
        self.corpus_name, self.corpus_root = corpus_name, corpus_root
        self.lock = threading.Lock()
        self._indexes: dict[tuple[Path, str], Index] = {}
        self._searchers: dict[str, tuple[Path, Searcher]] = {}
        self._summary: tuple[tuple[Path, int], tuple[int, dict[str, tuple[str, ...]]]] | None = None

    def folder(self) -> Path | None:
        """The current generation if it is of this version, else None."""
        folder = generations.current(self.index_dir)
        if folder is None or store.read_version(folder) != str(store.SCHEMA_VERSION):
            return None
        return folder if (folder / "passages").is_dir() else None

    def _folder_or_fail(self) -> Path:
        folder = self.folder()
        if folder is None:
            raise CorpusError(f"{self.corpus_name} has no index yet; run: sleuth index {self.corpus_root}")
        return folder

    def index(self, name: str, required: bool = True) -> Index | None:
        """One index of the current generation; None when not written yet (and not ``required``)."""
        return self._generation_index(name, required)[1]

    def _generation_index(self, name: str, required: bool) -> tuple[Path, Index | None]:
        """The current generation and its index ``name``. A rebuild can make another generation
        current, and remove this one, between our reading CURRENT and opening: then it is the new
        one that is opened."""
        folder = self._folder_or_fail()
        while True:
            with self.lock:
                key = (folder, name)
                if key in self._indexes:
                    return folder, self._indexes[key]
                index = _retry(functools.partial(store.open_existing, folder, name))
                if index is not None:
                    self._indexes = {k: v for k, v in self._indexes.items() if k[0] == folder}
                    self._indexes[key] = index
                    return folder, index
            now = self.folder()
            if now is None or now == folder:
                break
            folder = now
        if required:
            raise CorpusError(f"{self.corpus_name} has no index yet; run: sleuth index {self.corpus_root}")
        return folder, None

    def searcher(self, name: str, required: bool = True) -> Searcher | None:
        """The kept-open searcher of ``name``, refreshed when it changed; call with the search lock held."""
        folder, index = self._generation_index(name, required)
        kept = self._searchers.get(name)
        if index is None:
            return None
        if kept is not None and kept[0] == folder and kept[1].up_to_date():
            return kept[1]
        # Not Searcher.refresh(): whoosh-reloaded 2.7.5 reuses the old reader's segments there,
        # keeping documents a commit deleted or merged away (duplicated hits, stale documents).
        if kept is not None:
            kept[1].close()
        searcher = _retry(lambda: index.searcher(weighting=weighting(name)))
        self._searchers[name] = (folder, searcher)
        return searcher

    def version_of(self, name: str) -> tuple[Path | None, int]:
        """Which commit of index ``name`` readers would see now (to know when a cache is stale)."""
        index = self.index(name, required=False)
        folder = self.folder()
        return folder, (index.latest_generation() if index is not None else -1)

    def pending_entities(self) -> int:
        """Documents whose entities are still to be found, from the manifest."""
        return self._manifest_summary()[0]

    def copies_of(self, doc_id: str) -> tuple[str, ...]:
        """The files with the same bytes as ``doc_id``, indexed once as it."""
        return self._manifest_summary()[1].get(doc_id, ())

    def original_of(self, doc_id: str) -> str | None:
        """The file indexed for ``doc_id`` when that is a copy of it, else None."""
        return next((k for k, copies in self._manifest_summary()[1].items() if doc_id in copies), None)

    def _manifest_summary(self) -> tuple[int, dict[str, tuple[str, ...]]]:
        """(files whose entities are still to be found, copies per file indexed), read from the
        manifest again only when it changed."""
        folder = self.folder()
        if folder is None:
            return 0, {}
        path = folder / "manifest.json"
        try:
            mtime = path.stat().st_mtime_ns
            if self._summary is not None and self._summary[0] == (folder, mtime):
                return self._summary[1]
            files = json.loads(path.read_text(encoding="utf-8"))["files"]
        except (OSError, ValueError, KeyError, TypeError):
            return 0, {}
        entries = [store.ManifestEntry(*entry) for entry in files.values()]
        copies: dict[str, list[str]] = {}
        for doc_id, entry in zip(files, entries, strict=True):
            if entry.same_as:
                copies.setdefault(entry.same_as, []).append(doc_id)
        summary = (
            sum(1 for e in entries if e.stage == store.TEXT_DONE),
            {k: tuple(sorted(v)) for k, v in copies.items()},
        )
        self._summary = ((folder, mtime), summary)
        return summary

    def forget(self) -> None:
        """Drop what is open (a search elsewhere keeps its own reference): open afresh next time."""
        with self.lock:
            self._searchers.clear()
            self._indexes.clear()

    def close(self) -> None:
        with self.lock:
            for _folder, searcher in self._searchers.values():
                searcher.close()
            self._searchers.clear()
            self._indexes.clear()


T = TypeVar("T")


def _retry(open_it: Callable[[], T]) -> T:
    """Open once more if a writer removed a file between our reading its list and opening it."""
    try:
        return open_it()
    except FileNotFoundError:
        return open_it()
