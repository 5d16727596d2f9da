"""A damaged index, manifest or VERSION is found and said in one line; a full disk is a failure."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
import whoosh.writing

import index.indexer
from index import Library
from tui.cli import main
from tui.cli_errors import EXIT_UNUSABLE

STORIES = {
    f"r{n}.txt": f"Harbour report {n}\n\nMayor Ellen Marsh spoke about the ferry, serial unit{n}.\n" for n in range(8)
}


@pytest.fixture
def built(make_corpus, tmp_path: Path) -> tuple[Path, Path]:
    corpus = make_corpus(STORIES)
    Library(corpus, tmp_path / "index").update(jobs=0)
    return corpus, tmp_path / "index"


def generation(index_dir: Path) -> Path:
    return index_dir / (index_dir / "CURRENT").read_text().strip()


def sleuth(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def search_units(capsys: pytest.CaptureFixture[str], corpus: Path, index_dir: Path) -> tuple[int, str, str]:
    return sleuth(capsys, "--corpus", str(corpus), "--index-dir", str(index_dir), "search", "unit3", "--json")


def test_a_truncated_table_of_contents_is_said_in_one_line_and_sleuth_index_rebuilds(
    built: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, index_dir = built
    (toc,) = (generation(index_dir) / "passages").glob("_MAIN_*.toc")
    toc.write_bytes(toc.read_bytes()[: toc.stat().st_size // 2])
    status, out, err = search_units(capsys, corpus, index_dir)
    assert status == EXIT_UNUSABLE and out == ""
    assert err.count("\n") == 1 and "damaged" in err and "sleuth index --rebuild" in err

    status, out, err = sleuth(capsys, "--index-dir", str(index_dir), "index", str(corpus))
    assert status == 0 and "repaired: the index was damaged" in out and "added 8" in out
    status, out, _ = search_units(capsys, corpus, index_dir)
    assert status == 0 and '"path": "r3.txt"' in out


def test_garbage_in_a_segment_is_found_by_sleuth_index_which_rebuilds(
    built: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, index_dir = built
    segment = max((generation(index_dir) / "passages").glob("*.seg"), key=lambda p: p.stat().st_size)
    data = bytearray(segment.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = b"\xa5" * 64
    segment.write_bytes(bytes(data))
    status, out, _ = sleuth(capsys, "--index-dir", str(index_dir), "index", str(corpus))
    assert status == 0 and "unchanged 8" not in out
    assert "repaired: the index was damaged" in out and "is not what was written" in out
    status, out, _ = search_units(capsys, corpus, index_dir)
    assert status == 0 and '"path": "r3.txt"' in out


@pytest.mark.parametrize(
    ("name", "garbage", "said"),
    [
        ("manifest.json", b'{"version": 8, "files": {"r1', "manifest.json cannot be read"),
        ("VERSION", b"\x00\x07", "unreadable VERSION"),
    ],
)
def test_a_garbled_manifest_or_version_is_found_and_the_index_rebuilt(
    built: tuple[Path, Path], capsys: pytest.CaptureFixture[str], name: str, garbage: bytes, said: str
) -> None:
    corpus, index_dir = built
    (generation(index_dir) / name).write_bytes(garbage)
    status, out, _ = sleuth(capsys, "--index-dir", str(index_dir), "index", str(corpus))
    assert status == 0 and "repaired:" in out and said in out and "added 8" in out
    status, out, _ = search_units(capsys, corpus, index_dir)
    assert status == 0 and '"path": "r3.txt"' in out


def test_a_full_disk_fails_in_one_line_naming_the_path_and_the_last_commit_answers(
    make_corpus, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = make_corpus(STORIES)
    index_dir = tmp_path / "index"
    monkeypatch.setattr(index.indexer, "FIRST_COMMIT_SECONDS", 0.0)
    monkeypatch.setattr(index.indexer, "COMMIT_SECONDS", 0.0)
    real = whoosh.writing.SegmentWriter.commit
    calls: list[str] = []

    def commit(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(self.indexname)
        if len(calls) == 8:  # the passages of the second batch (documents, mentions, evidence, passages)
            raise OSError(errno.ENOSPC, "No space left on device", str(Path(self.storage.folder) / "MAIN_x.seg"))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(whoosh.writing.SegmentWriter, "commit", commit)
    status, out, err = sleuth(capsys, "--index-dir", str(index_dir), "index", "--jobs", "0", str(corpus))
    assert status == EXIT_UNUSABLE and out == ""
    assert err.count("\n") == 1 and "No space left on device" in err and "passages" in err
    assert "writer is closed" not in err and "Traceback" not in err

    monkeypatch.setattr(whoosh.writing.SegmentWriter, "commit", real)
    library = Library(corpus, index_dir)
    assert {hit.doc_id for hit in library.search("ferry", limit=20).hits} == {"r0.txt"}  # the first commit
    report = library.update(jobs=0)  # and the next run completes
    assert "during a commit" in report.repaired and library.stats().documents == 8
