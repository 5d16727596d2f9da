"""Facet counts stay true when the index under them is replaced: a rebuild's readers never take
the cached postings of the readers before them."""

from __future__ import annotations

import gc
from pathlib import Path

import whoosh.index

from index import Library
from index.facets import reader_key
from index.generations import current


def story(mayor: str, n: int) -> str:
    return f"Report {n}\n\nMayor {mayor} of Riverton opened the ferry terminal on Tuesday.\n"


def test_counts_after_a_rebuild_are_the_new_corpus_counts(make_corpus, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus = make_corpus({f"r{n}.txt": story("Ellen Marsh", n) for n in range(6)})
    library = Library(corpus, tmp_path / "index")
    for round_ in range(4):  # several rebuilds: each one's commits are numbered from 1 again
        library.update(rebuild=True, jobs=0)
        counts = {f.name: f.count for f in library.search("ferry").entities}
        marsh = sum("Ellen Marsh" in (corpus / f"r{n}.txt").read_text() for n in range(6))
        assert counts.get("Ellen Marsh", 0) == marsh, (round_, counts)
        (corpus / f"r{round_}.txt").write_text(story("Tom Reed", round_))
        gc.collect()


def test_a_new_reader_never_gets_a_freed_readers_key(make_corpus, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus = make_corpus({"r0.txt": story("Ellen Marsh", 0)})
    library = Library(corpus, tmp_path / "index")
    library.update(jobs=0)
    seen: set[tuple[int, int]] = set()
    for _ in range(20):  # CPython gives a freed object's address to the next one of its size
        folder = current(tmp_path / "index")
        assert folder is not None
        with whoosh.index.open_dir(str(folder / "passages")).reader() as reader:
            key = reader_key(reader)
        assert key not in seen
        seen.add(key)
        del reader
        gc.collect()
