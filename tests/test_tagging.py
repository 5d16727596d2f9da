"""Tagging beside the indexer: a broken second process never loses a batch."""

from __future__ import annotations

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
