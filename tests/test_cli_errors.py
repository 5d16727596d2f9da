"""Every mistake and failure of the ``sleuth`` command is one line on stderr, never a traceback,
with the exit status the README's table documents."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

import seeds
from index import Library
from index.store import IndexBusy
from tui import cli_errors
from tui.cli import main

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.fixture
def sleuth(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """``sleuth ARGS`` in-process: (status, stdout, stderr); a usage error exits through SystemExit."""

    def run(*argv: str) -> tuple[int, str, str]:
        try:
            status = main(list(argv))
        except SystemExit as done:
            status = int(done.code or 0)
        out, err = capsys.readouterr()
        return status, out, err

    return run


@pytest.fixture(scope="module")
def ferry(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A one-file corpus and its index."""
    corpus = tmp_path_factory.mktemp("ferry") / "corpus"
    corpus.mkdir()
    (corpus / "ferry.txt").write_text("The council approved the ferry terminal on Tuesday.\n")
    index_dir = tmp_path_factory.mktemp("ferry-index")
    Library(corpus, index_dir).update()
    return corpus, index_dir


def one_line_error(err: str) -> str:
    assert len(err.splitlines()) == 1, err
    assert err.startswith("sleuth: ") and "Traceback" not in err
    return err


@pytest.mark.parametrize(
    ("argv", "status", "message"),
    [
        (["--index-dir", "{file}", "search", "ferry"], cli_errors.EXIT_UNUSABLE, "is a file, not a folder"),
        (["--index-dir", "{file}/index", "index"], cli_errors.EXIT_UNUSABLE, "Not a directory"),
        (["--index-dir", "{file}/index", "search", "ferry"], cli_errors.EXIT_UNUSABLE, "Not a directory"),
        (["--index-dir", "{long}", "index"], cli_errors.EXIT_UNUSABLE, "File name too long"),
        (["--index-dir", "{corpus}/index", "index", "{corpus}"], cli_errors.EXIT_UNUSABLE, "inside the corpus"),
        (["--corpus", "{missing}", "search", "ferry"], cli_errors.EXIT_UNUSABLE, "not found"),
        (["--corpus", "{file}", "entities"], cli_errors.EXIT_UNUSABLE, "not a folder"),
        (["index", "{missing}"], cli_errors.EXIT_UNUSABLE, "not found"),
        (["--bogus"], cli_errors.EXIT_USAGE, "unrecognized arguments: --bogus"),
        (["frobnicate"], cli_errors.EXIT_USAGE, "invalid choice: 'frobnicate'"),
        (["search", "ferry", "--limit", "many"], cli_errors.EXIT_USAGE, "invalid int value: 'many'"),
        (["search", "ferry", "--limit", "0"], cli_errors.EXIT_USAGE, "--limit must be at least 1"),
        (["entities", "--type", "animal"], cli_errors.EXIT_USAGE, "invalid choice: 'animal'"),
        (["correct"], cli_errors.EXIT_USAGE, "required: ACTION"),
        (["--corpus", "{corpus}", "--index-dir", "{index}", "show", "nope.txt"], cli_errors.EXIT_ERROR, "no document"),
        (["--corpus", "{corpus}", "--index-dir", "{index}", "show", "ferry.txt#9"], cli_errors.EXIT_ERROR, "not 9"),
        (["--corpus", "{corpus}", "--index-dir", "{index}", "entity", "Nobody"], cli_errors.EXIT_ERROR, "no entity"),
        (["--corpus", "{corpus}", "--index-dir", "{index}", "correct", "undo"], cli_errors.EXIT_ERROR, "no correction"),
    ],
)
def test_each_mistake_is_one_line_with_its_documented_status(
    sleuth, ferry: tuple[Path, Path], tmp_path: Path, argv: list[str], status: int, message: str
) -> None:  # type: ignore[no-untyped-def]
    corpus, index_dir = ferry
    before = sorted(p.name for p in corpus.rglob("*"))
    (tmp_path / "a-file").write_text("not a folder\n")
    values = {
        "file": str(tmp_path / "a-file"),
        "missing": str(tmp_path / "missing"),
        "corpus": str(corpus),
        "index": str(index_dir),
        "long": str(tmp_path / ("x" * 300)),
    }
    got, out, err = sleuth(*(arg.format(**values) for arg in argv))
    assert (got, out) == (status, "")
    assert message in one_line_error(err)
    assert sorted(p.name for p in corpus.rglob("*")) == before  # nothing was written into the corpus


def test_another_process_indexing_is_its_own_status(sleuth, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    def busy(self: Library, **_: object) -> None:
        raise IndexBusy("the index is being updated by another sleuth process; try again when it ends")

    monkeypatch.setattr(Library, "update", busy)
    status, _, err = sleuth("--index-dir", str(tmp_path / "index"), "index", str(seeds.path()))
    assert status == cli_errors.EXIT_BUSY and "another sleuth process" in one_line_error(err)


@pytest.mark.parametrize(
    ("error", "status", "message"),
    [
        (OSError(28, "No space left on device", "/data/index/_MAIN_1.toc"), cli_errors.EXIT_UNUSABLE, "No space left"),
        (
            RuntimeError("unexpected\nstate"),
            cli_errors.EXIT_INTERNAL,
            "internal error (RuntimeError: unexpected state)",
        ),
    ],
)
def test_an_unforeseen_failure_is_still_one_line(
    sleuth, monkeypatch: pytest.MonkeyPatch, seed_index_dir: Path, error: Exception, status: int, message: str
) -> None:  # type: ignore[no-untyped-def]
    def broken(*_: object, **__: object) -> None:
        raise error

    monkeypatch.setattr(Library, "search", broken)
    got, out, err = sleuth("--index-dir", str(seed_index_dir), "search", "Inkster")
    assert (got, out) == (status, "")
    assert message in one_line_error(err)


def test_the_app_crashing_is_not_a_success(sleuth, monkeypatch: pytest.MonkeyPatch, seed_index_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """Textual prints its own crash report; the exit status must say it failed (was 0)."""
    from textual.app import App

    from tui.app import SleuthApp

    def broken(*_: object) -> None:
        raise RuntimeError("a bug in a pane")

    monkeypatch.setattr(App, "run", functools.partialmethod(App.run, headless=True))
    monkeypatch.setattr(SleuthApp, "compose", broken)
    got, _, _ = sleuth("--index-dir", str(seed_index_dir))
    assert got == cli_errors.EXIT_INTERNAL


def test_sleuth_debug_shows_the_traceback(sleuth, monkeypatch: pytest.MonkeyPatch, seed_index_dir: Path) -> None:  # type: ignore[no-untyped-def]
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(Library, "search", broken)
    monkeypatch.setenv(cli_errors.DEBUG_VARIABLE, "1")
    with pytest.raises(RuntimeError, match="a bug"):
        main(["--index-dir", str(seed_index_dir), "search", "Inkster"])


def test_the_readme_documents_every_exit_status() -> None:
    documented = {int(code) for code in re.findall(r"^\| `(\d+)` \|", README.read_text(), re.M)}
    defined = {value for name, value in vars(cli_errors).items() if name.startswith("EXIT_")}
    assert documented == defined
