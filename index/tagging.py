"""Running NER beside the indexer: inline for small jobs, in a second process for large ones.

Tagging is most of an index build (about three quarters on Reuters-21578). In a second process
the model tags batch *n + 1* while this one reads files and writes batch *n* to Whoosh, so on a
machine with two or more cores the build takes about as long as tagging alone.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType

from . import ner
from .models import Mention

Tagged = list[list[list[Mention]]]
"""Mentions per passage per document, as ``ner.extract`` returns them."""

BACKGROUND_MIN_DOCUMENTS = 300
"""Below this many documents to tag, starting a process (and loading the model in it) costs
more than the overlap saves."""


def _start_pool() -> ProcessPoolExecutor | None:
    """A pool of one spawned NER process; None when it cannot start, and tagging stays inline.

    It cannot start when the system refuses (descriptors, memory), or under a caller whose
    ``sys.stderr`` is not a file (multiprocessing hands its descriptor to a helper process):
    Textual's capture answers ``fileno()`` with -1 ("bad value(s) in fds_to_keep").
    """
    try:
        # "spawn": the caller may be a threaded app, where forking is unsafe.
        return ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=ner.load_model
        )
    except (OSError, ValueError):
        return None


class Tagger:
    """Submit batches of documents' passage texts; get their mentions back as futures."""

    def __init__(self, documents_to_tag: int) -> None:
        self._pool: ProcessPoolExecutor | None = None
        if documents_to_tag >= BACKGROUND_MIN_DOCUMENTS and (multiprocessing.cpu_count() or 1) > 1:
            self._pool = _start_pool()

    def result(self, future: Future[Tagged], texts: Sequence[Sequence[str]]) -> Tagged:
        """The mentions of a submitted batch; tagged here if the second process died.

        A spawned process imports the caller's main module again: a script that calls
        ``Library.update`` without an ``if __name__ == "__main__":`` guard breaks the pool, and
        its batches are then tagged inline rather than lost.
        """
        try:
            return future.result()
        except BrokenProcessPool:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None
            return ner.extract(texts) if texts else []

    def submit(self, texts: Sequence[Sequence[str]]) -> Future[Tagged]:
        if self._pool is not None:
            try:
                return self._pool.submit(ner.extract, [list(t) for t in texts])
            except (OSError, ValueError):  # the process could not be started: see _start_pool
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None
        future: Future[Tagged] = Future()
        future.set_result(ner.extract(texts) if texts else [])
        return future

    def __enter__(self) -> Tagger:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=kind is None, cancel_futures=True)
