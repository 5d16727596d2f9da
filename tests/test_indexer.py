"""Building and incrementally updating an index: only what changed is read again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import index.entity_merger
import index.indexer
from index import Library, NotFound

FERRY = (
    "The council approved the ferry terminal on Tuesday after four years of argument.\n\n"
    "Mayor Ellen Marsh said building would start in the spring and the ferry would run by 2027.\n"
)
ORCHARD = (
    "A late frost destroyed apple blossoms across the Tarn valley in April.\n\n"
    "Farmers asked the agriculture ministry for emergency aid before the summer.\n"
)
PORT = "# Port notes\n\nCargo volumes at the northern port rose again in March, the harbour authority said.\n"
FILES = {"ferry.txt": FERRY, "orchard.txt": ORCHARD, "notes/port.md": PORT}


@pytest.fixture
def corpus(make_corpus) -> Path:
    return make_corpus({**FILES, ".draft.txt": "A hidden draft that is not a document of the corpus."})


@pytest.fixture
def library(corpus: Path, corpus_index_dir: Path) -> Library:
    library = Library(corpus, corpus_index_dir)
    library.update()
    return library


def bump_mtime(path: Path, seconds: float = 10.0) -> None:
    stat = path.stat()
    os.utime(path, (stat.st_atime, stat.st_mtime + seconds))


def docs_found(library: Library, query: str) -> set[str]:
    return {hit.doc_id for hit in library.search(query).hits}


def test_first_build_adds_every_document(corpus: Path, corpus_index_dir: Path, reads: list[str]) -> None:
    library = Library(corpus, corpus_index_dir)
    assert not library.is_built()
    report = library.update()
    assert sorted(report.added) == sorted(FILES)
    assert (report.updated, report.removed, report.failed, report.unchanged) == ((), (), (), 0)
    assert sorted(reads) == sorted(FILES)
    assert library.is_built() and library.stats().documents == len(FILES)
    assert docs_found(library, "frost") == {"orchard.txt"}
    assert docs_found(library, "cargo") == {"notes/port.md"}


def test_update_with_nothing_changed_reads_nothing(library: Library, reads: list[str]) -> None:
    report = library.update()
    assert (report.added, report.updated, report.removed, report.failed) == ((), (), (), ())
    assert report.unchanged == len(FILES)
    assert reads == []


def test_modified_file_is_updated_and_searched_by_its_new_text(
    library: Library, corpus: Path, reads: list[str]
) -> None:
    orchard_before = library.document("orchard.txt").passages
    ferry = corpus / "ferry.txt"
    ferry.write_text("The council approved the hovercraft terminal on Tuesday.\n", encoding="utf-8")
    bump_mtime(ferry)
    report = library.update()
    assert report.updated == ("ferry.txt",)
    assert (report.added, report.removed) == ((), ())
    assert report.unchanged == len(FILES) - 1
    assert reads == ["ferry.txt"]
    assert docs_found(library, "hovercraft") == {"ferry.txt"}
    assert docs_found(library, "ferry") == set()
    assert len(library.document("ferry.txt").passages) == 1
    with pytest.raises(NotFound):
        library.passage("ferry.txt#2")
    assert library.document("orchard.txt").passages == orchard_before


def test_deleted_file_is_removed_with_its_passages_and_entities(library: Library, corpus: Path) -> None:
    assert "Ellen Marsh" in {e.name for e in library.entities("PERSON")}
    (corpus / "ferry.txt").unlink()
    report = library.update()
    assert report.removed == ("ferry.txt",)
    assert report.unchanged == len(FILES) - 1
    assert docs_found(library, "ferry terminal Marsh") == set()
    assert "Ellen Marsh" not in {e.name for e in library.entities()}
    assert library.stats().documents == len(FILES) - 1
    with pytest.raises(NotFound):
        library.document("ferry.txt")


def test_file_that_becomes_unreadable_is_reported_and_its_old_text_leaves_the_index(
    library: Library, corpus: Path
) -> None:
    assert "ferry.txt" in docs_found(library, "ferry terminal")
    (corpus / "ferry.txt").write_bytes(b"")
    bump_mtime(corpus / "ferry.txt")
    report = library.update()
    assert report.empty == ("ferry.txt",) and report.failed == ()
    assert "ferry.txt" not in docs_found(library, "ferry terminal")
    with pytest.raises(NotFound):
        library.document("ferry.txt")


def test_touched_but_unchanged_file_is_not_reindexed(library: Library, corpus: Path, reads: list[str]) -> None:
    ids_before = [p.passage_id for p in library.document("orchard.txt").passages]
    bump_mtime(corpus / "orchard.txt")
    report = library.update()
    assert (report.added, report.updated, report.removed) == ((), (), ())
    assert report.unchanged == len(FILES)
    assert [p.passage_id for p in library.document("orchard.txt").passages] == ids_before
    reads.clear()
    assert library.update().unchanged == len(FILES)
    assert reads == []  # the new modification time was remembered


def test_bad_files_are_reported_and_the_rest_indexed(make_corpus, corpus_index_dir: Path) -> None:
    corpus = make_corpus(
        {
            **FILES,
            "photo.txt": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" * 50,
            "blank.md": b"",
            "scan.pdf": b"%PDF-1.7",
        }
    )
    library = Library(corpus, corpus_index_dir)
    report = library.update()
    reasons = {failure.path: failure.reason for failure in report.failed}
    assert set(reasons) == {"photo.txt", "scan.pdf"}
    assert "binary" in reasons["photo.txt"] and reasons["scan.pdf"].startswith("broken PDF")
    assert report.empty == ("blank.md",)  # said apart: an empty file is not a failure
    assert sorted(report.added) == sorted(FILES)
    assert docs_found(library, "frost") == {"orchard.txt"}


def test_unchanged_bad_files_are_reported_again_without_being_reread(
    make_corpus, corpus_index_dir: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = make_corpus({**FILES, "blank.md": b""})
    library = Library(corpus, corpus_index_dir)
    library.update()
    reads.clear()
    merges: list[Path] = []
    monkeypatch.setattr(index.entity_merger.EntityMerger, "write", lambda _self, folder, *_args: merges.append(folder))
    report = library.update()
    assert report.empty == ("blank.md",) and report.failed == ()
    assert report.unchanged == len(FILES)
    assert reads == []  # neither the good files nor the known-bad one were opened
    assert merges == []  # nothing changed, so entities were not merged again

    (corpus / "blank.md").write_text("Henri Vidal grows apples near Albi, in the Tarn valley.\n")
    bump_mtime(corpus / "blank.md")
    report = library.update()
    assert report.added == ("blank.md",) and report.failed == report.empty == ()
    assert "blank.md" in docs_found(library, "apples Albi")


def test_rebuild_reads_every_file_again(library: Library, reads: list[str]) -> None:
    ids_before = {p.passage_id for doc in FILES for p in library.document(doc).passages}
    report = library.update(rebuild=True)
    assert sorted(reads) == sorted(FILES)
    assert sorted(report.added) == sorted(FILES)
    assert {p.passage_id for doc in FILES for p in library.document(doc).passages} == ids_before
    assert library.stats().passages == len(ids_before)  # no duplicates left behind


def test_progress_reports_each_file_read(corpus: Path, corpus_index_dir: Path) -> None:
    seen = []
    Library(corpus, corpus_index_dir).update(progress=seen.append)
    assert sorted(p.current for p in seen if p.stage == "text" and p.current) == sorted(FILES)
    assert {p.total for p in seen if p.stage == "text"} == {len(FILES)}


@pytest.mark.parametrize("files", [{}, {"scan.pdf": b"%PDF-1.7", "photo.jpg": b"\xff\xd8"}], ids=["empty", "no-text"])
def test_folder_without_readable_documents_can_be_indexed_and_searched(
    make_corpus, corpus_index_dir: Path, files: dict[str, bytes]
) -> None:
    library = Library(make_corpus(files), corpus_index_dir)
    report = library.update()
    assert report.added == ()
    assert library.is_built()
    assert library.search("anything").hits == ()
    assert library.entities() == ()


def test_rebuild_after_every_file_is_deleted_leaves_no_entities(library: Library, corpus: Path) -> None:
    for name in FILES:
        (corpus / name).unlink()
    library.update(rebuild=True)
    assert library.search("ferry frost cargo").hits == ()
    assert library.entities() == ()


def test_tagging_in_a_background_process_gives_the_same_index(
    make_corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = make_corpus(FILES)
    inline = Library(corpus, tmp_path / "inline")
    inline.update()
    monkeypatch.setattr(index.indexer, "BACKGROUND_MIN_DOCUMENTS", 1)
    monkeypatch.setattr(index.indexer, "TAG_BATCH_DOCUMENTS", 1)  # several batches in flight
    background = Library(corpus, tmp_path / "background")
    report = background.update()
    assert sorted(report.added) == sorted(FILES)
    assert background.entities() == inline.entities()
    for doc_id in FILES:
        assert background.document(doc_id) == inline.document(doc_id)
