"""File names, titles and every string from a file reach the terminal without escape sequences,
control characters or bidi overrides: in the CLI's human and JSON output and in the app."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from index import Library, printable
from index.printable import UNSAFE_CHARACTERS
from tui.app import make_app
from tui.cli import main
from tui.widgets.passage_viewer import PassageViewer
from tui.widgets.results_list import ResultsList

OSC52 = "\x1b]52;c;aGFja2Vk\x07"
"""Sets the terminal's clipboard to "hacked"."""
HOSTILE_NAME = f"harbour{OSC52}\x1b]0;pwned\x07\x1b[2J\x1bc\x9b31m\u202etxt.exe\nfake line.txt"
"""A file name that sets the clipboard and the window title, clears and resets the screen, and
reverses the rest of the line: every one a legal Linux file name character."""


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (f"a{OSC52}b", "ab"),
        ("x\x1b[2J\x1b[Hy", "xy"),
        ("reset\x1bc", "reset"),
        ("evil\u202etxt.exe", "eviltxt.exe"),
        ("\u2066isolated\u2069 \u200fmarks", "isolated marks"),
        ("8-bit \x9b31mCSI \x9d0;t\x9c", "8-bit 31mCSI 0;t"),
        ("two\nlines\tand tab", "two lines and tab"),
        ("bell\x07 nul\x00 del\x7f", "bell nul del"),
        ("\x1b]0;unterminated title", "0;unterminated title"),
        ("Zürich 東京 — “quoted” ☃", "Zürich 東京 — “quoted” ☃"),
    ],
)
def test_printable_removes_what_a_terminal_would_obey(raw: str, shown: str) -> None:
    assert printable(raw) == shown


def test_printable_keeps_the_lines_of_a_text() -> None:
    assert printable("one\r\ntwo\rthree\n\tfour\x1b[1m", multiline=True) == "one\ntwo\nthree\n\tfour"


@pytest.fixture(scope="module")
def hostile_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = tmp_path_factory.mktemp("hostile-names") / "corpus"
    files: dict[str, str | bytes] = {
        HOSTILE_NAME: "The harbour ferry of Ada Lovelace sails from London every Tuesday.\n",
        f"photo{OSC52}.txt": b"\x00\x01binary\x00",
        f"notes/{OSC52}\u202e.md": "---\ntitle: Harbour \x1b]0;x\x07notes\n---\nThe harbour master met Ada Lovelace.\n",
    }
    for name, content in files.items():
        path = corpus / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return corpus


@pytest.fixture(scope="module")
def hostile_index(hostile_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    index_dir = tmp_path_factory.mktemp("hostile-names-index")
    Library(hostile_corpus, index_dir).update()
    return index_dir


@pytest.fixture
def sleuth(hostile_corpus: Path, hostile_index: Path, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """``sleuth --corpus HOSTILE --index-dir … ARGS`` in-process: (status, stdout, stderr)."""

    def run(*argv: str) -> tuple[int, str, str]:
        status = main(["--corpus", str(hostile_corpus), "--index-dir", str(hostile_index), *argv])
        out, err = capsys.readouterr()
        return status, out, err

    return run


def test_index_summary_names_a_failed_file_printably(hostile_corpus: Path, tmp_path: Path, sleuth) -> None:  # type: ignore[no-untyped-def]
    status, out, err = sleuth("index", "--rebuild", "--verbose")
    assert status == 0
    assert "failed photo.txt: binary content" in out
    assert UNSAFE_CHARACTERS.findall(out + err) == []


@pytest.mark.parametrize(
    "argv",
    [
        ["search", "harbour"],
        ["search", "harbour", "--docs"],
        ["search", "harbour", "--facets"],
        ["entities"],
        ["entity", "Ada Lovelace"],
        ["show", HOSTILE_NAME],
        ["show", f"{HOSTILE_NAME}#1"],
        ["show", "nothing\x1b]52;c;eA==\x07here"],  # an error quoting what was asked
        ["search", "harbour\x1b[2J (unclosed"],  # a notice quoting the query
    ],
)
def test_cli_output_carries_no_escape_from_file_names(sleuth, argv: list[str]) -> None:  # type: ignore[no-untyped-def]
    _, out, err = sleuth(*argv)
    assert out or err
    assert UNSAFE_CHARACTERS.findall(out) == [] and UNSAFE_CHARACTERS.findall(err) == []


def test_search_bytes_on_a_terminal_carry_no_escape(hostile_corpus: Path, hostile_index: Path, tmp_path: Path) -> None:
    """The bytes a terminal receives from ``sleuth search``, in a process of its own."""
    argv = ["--corpus", str(hostile_corpus), "--index-dir", str(hostile_index), "search", "harbour"]
    env = {**os.environ, "SLEUTH_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "tui.cli", *argv], capture_output=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert b"harbour" in done.stdout and b"]52;" not in done.stdout
    for unsafe in (b"\x1b", b"\x07", b"\xc2\x9b", b"\xe2\x80\xae"):  # ESC, BEL, C1 CSI, U+202E
        assert unsafe not in done.stdout + done.stderr


def test_json_output_escapes_controls_and_keeps_the_name(sleuth) -> None:  # type: ignore[no-untyped-def]
    status, out, _ = sleuth("search", "ferry", "--json")
    assert status == 0
    assert UNSAFE_CHARACTERS.findall(out) == []
    (hit,) = [json.loads(line) for line in out.splitlines()]
    assert hit["path"] == HOSTILE_NAME  # the data is intact: a script can pass it back to sleuth
    status, out, _ = sleuth("show", hit["passage_id"])
    assert status == 0 and "harbour ferry" in out


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def test_app_shows_file_names_without_escapes(hostile_corpus: Path, hostile_index: Path, tmp_path: Path) -> None:
    app = make_app(Library(hostile_corpus, hostile_index, user_data=tmp_path / "user.sqlite"))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press(*"ferry")
        await settle(pilot)
        assert app.query_one(ResultsList).option_count == 1
        await pilot.press("enter", "enter")
        await settle(pilot)
        viewer = app.query_one(PassageViewer)
        assert viewer.document is not None and viewer.document.doc_id == HOSTILE_NAME
        app.notify(f"could not read {HOSTILE_NAME}")  # as a failure naming the file is shown
        await pilot.pause()
        screen = app.export_screenshot()
        assert "harbour" in screen and "ferry" in screen
        assert UNSAFE_CHARACTERS.findall(screen) == []
