"""Tagging beside the indexer: a dead worker or a document the model fails on never loses a batch."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from index import ner, tagging
from index.tagging import Tagger

ADA = ["Ada Lovelace wrote about the Analytical Engine in London."]


def names(tags: object) -> set[str]:
    assert isinstance(tags, list)
    return {m.canonical for passage in tags for m in passage}


def test_a_batch_whose_worker_died_is_tagged_again() -> None:
    with Tagger(jobs=1) as tagger:
        ticket = tagger.submit([ADA] * 200)
        deadline = time.monotonic() + 60
        while ticket.worker < 0 and time.monotonic() < deadline:  # the worker has taken the batch
            tagger.collect(timeout=0.1)
        tagger._processes[0].kill()  # what the system does to a process that runs out of memory
        while ticket.result is None and time.monotonic() < deadline:
            tagger.collect(timeout=0.1)
    assert ticket.result is not None and len(ticket.result) == 200
    assert names(ticket.result[0]) >= {"Ada Lovelace", "London"}


def test_a_document_the_model_fails_on_is_reported_and_the_rest_tagged(monkeypatch: pytest.MonkeyPatch) -> None:
    real = ner.extract

    def failing(texts):  # type: ignore[no-untyped-def]
        if any("BOOM" in passage for document in texts for passage in document):
            raise ValueError("[E088] Text of length 1000001 exceeds maximum of 1000000.")
        return real(texts)

    monkeypatch.setattr(ner, "extract", failing)
    tagged = tagging.tag_documents([ADA, ["BOOM " * 10], ADA])
    assert names(tagged[0]) >= {"Ada Lovelace"} and names(tagged[2]) >= {"Ada Lovelace"}
    assert isinstance(tagged[1], str) and "E088" in tagged[1] and "\n" not in tagged[1]


NO_FILE_STDERR = """
import sys
from index.tagging import Tagger

class NoFile:  # what Textual puts in sys.stderr: fileno() is -1
    def fileno(self): return -1
    def write(self, text): return len(text)
    def flush(self): pass

sys.stderr = NoFile()
texts = [["Ada Lovelace wrote about the Analytical Engine in London."]]
with Tagger(jobs=1) as tagger:
    ticket = tagger.submit(texts)
    while ticket.result is None:
        tagger.collect(timeout=0.2)
print(sorted({m.canonical for m in ticket.result[0][0]}))
"""


def test_a_process_that_cannot_start_leaves_tagging_inline() -> None:
    """In a fresh interpreter whose sys.stderr is no file, multiprocessing cannot start the process."""
    done = subprocess.run([sys.executable, "-c", NO_FILE_STDERR], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "'Ada Lovelace'" in done.stdout and "'London'" in done.stdout
