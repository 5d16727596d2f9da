"""Tagging beside the indexer: a broken second process never loses a batch."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool

from index import ner
from index.tagging import Tagged, Tagger


def test_a_batch_whose_process_died_is_tagged_inline() -> None:
    texts = [["Ada Lovelace wrote about the Analytical Engine in London."]]
    broken: Future[Tagged] = Future()
    broken.set_exception(BrokenProcessPool("the worker was killed"))
    with Tagger(documents_to_tag=0) as tagger:
        mentions = tagger.result(broken, texts)
    assert mentions == ner.extract(texts)
    assert {m.canonical for m in mentions[0][0]} >= {"Ada Lovelace", "London"}


NO_FILE_STDERR = """
import sys
from index.tagging import Tagger

class NoFile:  # what Textual puts in sys.stderr: fileno() is -1
    def fileno(self): return -1
    def write(self, text): return len(text)
    def flush(self): pass

sys.stderr = NoFile()
texts = [["Ada Lovelace wrote about the Analytical Engine in London."]]
with Tagger(documents_to_tag=10_000) as tagger:
    mentions = tagger.result(tagger.submit(texts), texts)
print(sorted({m.canonical for m in mentions[0][0]}))
"""


def test_a_process_that_cannot_start_leaves_tagging_inline() -> None:
    """In a fresh interpreter whose sys.stderr is no file, multiprocessing cannot start the process."""
    done = subprocess.run([sys.executable, "-c", NO_FILE_STDERR], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "'Ada Lovelace'" in done.stdout and "'London'" in done.stdout
