"""Updating in a child process, as the app does: the same report as in-process, failures in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from index import CorpusError, Library

STORY = "Mayor Ellen Marsh of Riverton opened the new ferry terminal on Tuesday.\n"


def test_a_child_update_reports_what_an_update_in_process_does(make_corpus, tmp_path: Path) -> None:
    corpus = make_corpus({"ferry.txt": STORY, "empty.txt": ""})
    seen: list[str] = []
    report = Library(corpus, tmp_path / "index").update(progress=lambda p: seen.append(p.stage), in_child=True)
    assert report.added == ("ferry.txt",)
    assert report.empty == ("empty.txt",) and report.failed == ()
    assert "text" in seen
    library = Library(corpus, tmp_path / "index")
    assert [hit.doc_id for hit in library.search("ferry").hits] == ["ferry.txt"]
    assert library.update().unchanged == 1


def test_a_child_that_cannot_write_fails_in_one_line(make_corpus, tmp_path: Path) -> None:
    corpus = make_corpus({"ferry.txt": STORY})
    not_a_folder = tmp_path / "index"
    not_a_folder.write_text("a file where the index should go")
    with pytest.raises(CorpusError) as failure:
        Library(corpus, not_a_folder).update(in_child=True)
    message = str(failure.value)
    assert "\n" not in message and str(not_a_folder) in message
