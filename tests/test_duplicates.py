"""Files with the same bytes are indexed once; every path is kept, said and found."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from index import Library
from tui.cli import main

FERRY = "The council approved the ferry terminal.\n\nMayor Ellen Marsh said so on Tuesday.\n"
FROST = "A late frost destroyed the apple blossoms in the Tarn valley.\n"


def touch_later(path: Path) -> None:
    os.utime(path, (time.time() + 10, time.time() + 10))


def found(library: Library, word: str) -> list[str]:
    return [hit.doc_id for hit in library.search(word).hits]


@pytest.fixture
def corpus(make_corpus) -> Path:
    return make_corpus({"a/ferry.txt": FERRY, "b/ferry-copy.txt": FERRY, "frost.txt": FROST})


def test_a_copy_is_indexed_once_and_its_path_kept(corpus: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    library = Library(corpus, tmp_path / "index")
    report = library.update(jobs=0)
    assert sorted(report.added) == ["a/ferry.txt", "frost.txt"]
    assert report.duplicates == (("b/ferry-copy.txt", "a/ferry.txt"),)
    assert found(library, "ferry") == ["a/ferry.txt"] and library.stats().documents == 2
    assert library.document("a/ferry.txt").also_at == ("b/ferry-copy.txt",)
    assert library.document("b/ferry-copy.txt").doc_id == "a/ferry.txt"  # a copy reads as the file indexed
    again = library.update(jobs=0)
    assert again.unchanged == 2 and again.duplicates == report.duplicates and again.added == ()

    status = main(["--corpus", str(corpus), "--index-dir", str(tmp_path / "index"), "index", str(corpus)])
    out = capsys.readouterr().out
    assert status == 0 and "duplicates 1" in out and "b/ferry-copy.txt (= a/ferry.txt)" in out
    main(["--corpus", str(corpus), "--index-dir", str(tmp_path / "index"), "show", "a/ferry.txt"])
    assert "also at: b/ferry-copy.txt" in capsys.readouterr().out


def test_when_the_file_indexed_goes_its_copy_is_indexed(corpus: Path, tmp_path: Path) -> None:
    library = Library(corpus, tmp_path / "index")
    library.update(jobs=0)
    (corpus / "a/ferry.txt").unlink()
    report = library.update(jobs=0)
    assert report.removed == ("a/ferry.txt",) and report.added == ("b/ferry-copy.txt",)
    assert found(library, "ferry") == ["b/ferry-copy.txt"] and report.duplicates == ()


def test_when_the_file_indexed_changes_its_copy_keeps_the_old_text(corpus: Path, tmp_path: Path) -> None:
    library = Library(corpus, tmp_path / "index")
    library.update(jobs=0)
    (corpus / "a/ferry.txt").write_text("The council approved the hovercraft terminal.\n")
    touch_later(corpus / "a/ferry.txt")
    report = library.update(jobs=0)
    assert report.updated == ("a/ferry.txt",) and report.added == ("b/ferry-copy.txt",)
    assert found(library, "hovercraft") == ["a/ferry.txt"] and found(library, "ferry") == ["b/ferry-copy.txt"]
    assert library.document("a/ferry.txt").also_at == ()
