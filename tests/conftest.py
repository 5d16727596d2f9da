"""Engine fixtures: the seed index built once per session, and tiny generated corpora."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import index.indexer
import seeds
from index import Library
from index.documents import LoadedFile

CorpusFactory = Callable[[dict[str, str | bytes]], Path]


@pytest.fixture(scope="session", autouse=True)
def isolated_user_data(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """No test reads or writes the real per-user data folder: SLEUTH_HOME points to a temp dir."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SLEUTH_HOME", str(tmp_path_factory.mktemp("sleuth-home")))
        yield


@pytest.fixture(scope="session")
def seed_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The index of the bundled seeds, built once (NER on the seed costs about a second)."""
    index_dir = tmp_path_factory.mktemp("seed-index")
    report = Library(seeds.path(), index_dir).update()
    assert report.added and not report.failed
    return index_dir


@pytest.fixture(scope="session")
def seed_library(seed_index_dir: Path) -> Library:
    """A Library on the seed index; tests only read from it."""
    return Library(seeds.path(), seed_index_dir)


@pytest.fixture(scope="session")
def seed_doc_id() -> str:
    """The doc id of the bundled seed article (its file name)."""
    (article,) = sorted(seeds.path().glob("*.txt"))
    return article.name


@pytest.fixture
def make_corpus(tmp_path: Path) -> CorpusFactory:
    """Write ``{relative path: text or bytes}`` into a fresh corpus folder and return the folder."""
    root = tmp_path / "corpus"

    def make(files: dict[str, str | bytes]) -> Path:
        root.mkdir(exist_ok=True)
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return make


@pytest.fixture
def corpus_index_dir(tmp_path: Path) -> Path:
    """Where a test's small corpus keeps its index (never the user's data dir)."""
    return tmp_path / "index"


@pytest.fixture
def sleuth_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary SLEUTH_HOME of the test's own (user data and indexes of the CLI)."""
    home = tmp_path / "sleuth-home"
    monkeypatch.setenv("SLEUTH_HOME", str(home))
    return home


@pytest.fixture
def sleuth(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, sleuth_home: Path):  # type: ignore[no-untyped-def]
    """Run ``sleuth ARGS`` in-process with optional stdin; return (status, stdout, stderr)."""
    from tui.cli import main

    def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        status = main(list(argv))
        out, err = capsys.readouterr()
        return status, out, err

    return run


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The doc ids the indexer reads from disk, in order."""
    seen: list[str] = []
    real = index.indexer.load_file

    def counting(path: Path, doc_id: str) -> LoadedFile:
        seen.append(doc_id)
        return real(path, doc_id)

    monkeypatch.setattr(index.indexer, "load_file", counting)
    return seen
