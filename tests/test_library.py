"""The Library facade: where the index lives, what it reports, and its errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from index import CorpusError, Library, NotFound

ARTICLE = "The council approved the ferry terminal on Tuesday.\n\nBuilding starts in the spring.\n"


def test_missing_corpus_folder_is_a_corpus_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="not found"):
        Library(tmp_path / "no-such-folder", tmp_path / "index")


def test_a_file_is_not_a_corpus_folder(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text(ARTICLE)
    with pytest.raises(CorpusError, match="not a folder"):
        Library(note, tmp_path / "index")


def test_searching_before_indexing_says_how_to_index(make_corpus, corpus_index_dir: Path) -> None:
    library = Library(make_corpus({"a.txt": ARTICLE}), corpus_index_dir)
    with pytest.raises(CorpusError, match="sleuth index"):
        library.search("ferry")


def test_unknown_document_and_passages_are_not_found(seed_library: Library, seed_doc_id: str) -> None:
    with pytest.raises(NotFound, match=r"nope\.txt"):
        seed_library.document("nope.txt")
    passages = seed_library.document(seed_doc_id).passages
    for bad in (f"{seed_doc_id}#999", f"{seed_doc_id}#0", f"{seed_doc_id}#x", "nope.txt#1", "no-hash"):
        with pytest.raises(NotFound):
            seed_library.passage(bad)
    assert seed_library.passage(f"{seed_doc_id}#{len(passages)}") == passages[-1]


def test_document_passages_tile_its_text(seed_library: Library, seed_doc_id: str) -> None:
    view = seed_library.document(seed_doc_id)
    assert view.title and view.text
    ends = [(p.start, p.end) for p in view.passages]
    assert ends == sorted(ends)
    for passage in view.passages:
        assert view.text[passage.start : passage.end] == passage.text
        assert seed_library.passage(passage.passage_id) == passage


def test_stats_count_what_was_indexed(seed_library: Library, seed_doc_id: str) -> None:
    stats = seed_library.stats()
    assert stats.documents == 1
    assert stats.passages == len(seed_library.document(seed_doc_id).passages)
    assert stats.entities == len(seed_library.entities())


def test_entities_filter_by_type_in_any_case(seed_library: Library) -> None:
    people = seed_library.entities("person")
    assert people and {e.type for e in people} == {"PERSON"}
    assert people == seed_library.entities("PERSON")
    counts = [e.mention_count for e in seed_library.entities()]
    assert counts == sorted(counts, reverse=True)


def test_default_index_lives_under_sleuth_home_and_the_corpus_is_untouched(
    make_corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("SLEUTH_HOME", str(home))
    corpus = make_corpus({"a.txt": ARTICLE, "sub/b.md": "# Notes\n\nThe spring was dry this year.\n"})
    before = sorted(p.relative_to(corpus) for p in corpus.rglob("*"))
    library = Library(corpus)
    library.update()
    assert library.index_dir.is_relative_to(home)
    assert library.is_built()
    assert sorted(p.relative_to(corpus) for p in corpus.rglob("*")) == before
    assert {h.doc_id for h in library.search("spring").hits} == {"a.txt", "sub/b.md"}


def test_an_entity_is_named_as_the_text_writes_it_not_as_datelines_shout_it() -> None:
    from index.entities import aggregate

    def mentions(surface: str, count: int) -> list[tuple[int, int, int, str, str, str]]:
        return [(1, 0, len(surface), surface, "PLACE", "Tokyo")] * count

    (tokyo,), _ = aggregate([("a.txt", mentions("TOKYO", 6) + mentions("Tokyo", 4))])
    assert tokyo.name == "Tokyo"
    (opec,), _ = aggregate([("b.txt", [(1, 0, 4, s, "ORG", "OPEC") for s in ["OPEC"] * 9 + ["Opec"]])])
    assert opec.name == "OPEC"


def test_an_entity_alone_lists_every_passage_naming_it_in_document_order(seed_library) -> None:  # type: ignore[no-untyped-def]
    wu = seed_library.find_entity("Wu Shizhong")
    hits = seed_library.search("", limit=100, within=(wu.key,)).hits
    assert [h.n for h in hits] == sorted(h.n for h in hits)
    assert len(hits) == wu.passage_count
    assert all("Wu" in seed_library.passage(h.passage_id).text for h in hits)
