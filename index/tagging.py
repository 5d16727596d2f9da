"""Running NER beside the indexer: inline for small jobs, in worker processes for large ones.

Tagging is most of an index build. Worker processes (``jobs`` of them, the model loaded once in
each) tag batches of documents while this process reads and writes; a batch is bounded in
characters, so memory is too. A worker that dies has its batch tagged again here; a document
the model fails on (spaCy's limits) is reported as failed and the rest of its batch is tagged.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from . import ner
from .models import Mention

DocumentTags = list[list[Mention]] | str
"""A document's mentions, per passage; or, when the model failed on it, why (one line)."""

MAX_RESTARTS = 3
"""Workers replaced after dying (killed for memory, say) before the rest is tagged inline."""
BACKGROUND_MIN_DOCUMENTS = 300
"""Below this many documents to tag, starting a process (and loading the model in it) costs
more than the overlap saves."""


def default_jobs() -> int:
    """NER processes for this machine: one per core, less the one that reads and writes."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, cores - 1)


def tag_documents(texts: Sequence[Sequence[str]]) -> list[DocumentTags]:
    """Mentions of each document's passages; a document the model fails on gets its reason."""
    try:
        return [_said(tags) for tags in ner.extract(texts)]
    except ner.ModelMissing:
        raise
    except Exception:  # some document fails: tag them one by one so only it is lost
        return [_tag_one(document) for document in texts]


def _said(tags: list[list[Mention]]) -> DocumentTags:
    """A document ``ner.extract`` could not tag (``Untagged``) becomes the reason, said in the summary."""
    return f"entities not found: {tags.reason}" if isinstance(tags, ner.Untagged) else tags


def _tag_one(document: Sequence[str]) -> DocumentTags:
    try:
        return _said(ner.extract([document])[0])
    except ner.ModelMissing:
        raise
    except Exception as error:  # reported for this document; the run goes on
        first_line = (str(error).splitlines() or [""])[0][:200]
        return f"entities not extracted: {type(error).__name__}: {first_line}"


def _serve(tasks: Any, results: Any, worker: int) -> None:
    """A worker process: tag each batch it takes, until told to stop (None) or its parent dies."""
    ner.load_model()
    while True:
        task = tasks.get()
        if task is None:
            return
        ticket, texts = task
        results.put(("start", ticket, worker))
        results.put(("done", ticket, tag_documents(texts)))


@dataclass(eq=False)
class Ticket:
    """One submitted batch: its texts until it is tagged, then its result."""

    number: int
    texts: list[list[str]]
    result: list[DocumentTags] | None = None
    worker: int = -1
    payload: Any = field(default=None, repr=False)
    """Whatever the submitter wants back with the result (its documents)."""


class Tagger:
    """Submit batches of documents' passage texts; collect their mentions as they are done."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._tickets: dict[int, Ticket] = {}
        self._next = 0
        self._processes: list[Any] = []
        self._restarts = 0
        if jobs > 0:
            self._start(jobs)

    def _start(self, jobs: int) -> None:
        """Spawned processes ("spawn": the caller may be a threaded app, where forking is unsafe)."""
        try:
            self._context = multiprocessing.get_context("spawn")
            self._tasks = self._context.Queue()
            self._results = self._context.Queue()
            self._processes = [self._spawn(worker) for worker in range(jobs)]
        except (OSError, ValueError):
            # The system refused, or the caller's sys.stderr is no file (multiprocessing hands its
            # descriptor to a helper process; Textual's answers -1): tag here instead.
            self.close(now=True)
            self.jobs = 0

    def _spawn(self, worker: int) -> Any:
        process = self._context.Process(target=_serve, args=(self._tasks, self._results, worker), daemon=True)
        process.start()
        return process

    @property
    def in_background(self) -> bool:
        return bool(self._processes)

    @property
    def in_flight(self) -> int:
        return sum(1 for t in self._tickets.values() if t.result is None)

    def submit(self, texts: Sequence[Sequence[str]], payload: Any = None) -> Ticket:
        """Queue a batch (inline: tag it now)."""
        ticket = Ticket(self._next, [list(t) for t in texts], payload=payload)
        self._next += 1
        if not self.in_background:
            ticket.result = tag_documents(ticket.texts) if ticket.texts else []
            return ticket
        self._tickets[ticket.number] = ticket
        self._tasks.put((ticket.number, ticket.texts))
        return ticket

    def collect(self, timeout: float = 0.0) -> list[Ticket]:
        """The batches finished since the last call, waiting up to ``timeout`` seconds for one."""
        if not self.in_background:
            return []
        block = timeout > 0
        while True:
            try:
                kind, number, value = self._results.get(timeout=timeout) if block else self._results.get_nowait()
            except queue.Empty:
                break
            block = False  # then take whatever else has arrived, without waiting
            ticket = self._tickets.get(number)
            if ticket is not None and kind == "start":
                ticket.worker = value
            elif ticket is not None:
                ticket.result = value
        self._retag_lost()
        finished = [t for t in self._tickets.values() if t.result is not None]
        for ticket in finished:
            del self._tickets[ticket.number]
        return finished

    def _retag_lost(self) -> None:
        """A worker that died is replaced (a few times) and its batch tagged here; when workers
        keep dying, every batch left is tagged here."""
        for worker, process in enumerate(self._processes):
            if process.is_alive():
                continue
            for ticket in self._tickets.values():
                if ticket.result is None and ticket.worker == worker:
                    ticket.result = tag_documents(ticket.texts)
            if self._restarts < MAX_RESTARTS:
                self._restarts += 1
                self._processes[worker] = self._spawn(worker)
            else:
                for ticket in self._tickets.values():
                    if ticket.result is None:
                        ticket.result = tag_documents(ticket.texts)
                self.close(now=True)
                return

    def close(self, now: bool = False) -> None:
        """Stop the workers: at once (``now``: their batches are dropped), or once they are idle."""
        for process in self._processes:
            if now:
                process.terminate()
            else:
                self._tasks.put(None)
        for process in self._processes:
            process.join(timeout=None if not now else 2)
            if process.is_alive():
                process.kill()
        for channel in ("_tasks", "_results"):
            q = getattr(self, channel, None)
            if q is not None:
                q.cancel_join_thread()
                q.close()
        self._processes = []
        self._tickets.clear()

    def __enter__(self) -> Tagger:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_rest: object) -> None:
        self.close(now=kind is not None)
