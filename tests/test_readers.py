"""Format readers: any common encoding decodes to the right text; HTML gives its visible text."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from index.readers import UnreadableFile, read_file

SENTENCE = "The café on the quay reopened on Monday, said Renée Dubois, who has run it since 1998."


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(SENTENCE.encode("utf-8"), id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + SENTENCE.encode("utf-8"), id="utf-8-bom"),
        pytest.param(SENTENCE.encode("utf-16"), id="utf-16-bom"),
        pytest.param(codecs.BOM_UTF16_BE + SENTENCE.encode("utf-16-be"), id="utf-16-be-bom"),
    ],
)
def test_unicode_encodings_decode_to_the_same_text(tmp_path: Path, data: bytes) -> None:
    text, title, fmt, _ = read_file(write(tmp_path, "note.txt", data))
    assert text == SENTENCE  # no BOM character, no mojibake
    assert (title, fmt) == ("", "text")


def test_cp1252_bytes_decode_to_accented_letters(tmp_path: Path) -> None:
    body = (SENTENCE + " Customers queued for the “croissant du jour” before dawn. ") * 3
    text, _, _, _ = read_file(write(tmp_path, "legacy.txt", body.encode("cp1252")))
    assert "café" in text
    assert "Renée" in text
    assert "“croissant du jour”" in text
    assert "\ufffd" not in text


def test_html_gives_title_and_paragraphs_without_script_or_style(tmp_path: Path) -> None:
    markup = """<!doctype html><html><head><title> Ferry terminal approved </title>
    <style>p { color: red; } .secret-css-rule {}</style>
    <script>var trackingPixel = "should-not-appear";</script></head>
    <body><p>The council approved the ferry terminal on Tuesday.</p>
    <p>Work starts in <b>spring</b> and ends in 2027.</p></body></html>"""
    text, title, fmt, _ = read_file(write(tmp_path, "page.html", markup.encode()))
    assert title == "Ferry terminal approved"
    assert fmt == "html"
    assert text.split("\n\n") == [
        "The council approved the ferry terminal on Tuesday.",
        "Work starts in spring and ends in 2027.",
    ]
    assert "trackingPixel" not in text and "secret-css-rule" not in text


def test_markdown_is_read_as_markdown(tmp_path: Path) -> None:
    _, _, fmt, _ = read_file(write(tmp_path, "notes.md", b"# Notes\n\nSome text here."))
    assert fmt == "markdown"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b" \n\n\t \n", "empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00" * 20, "binary"),
        ("report.pdf", b"%PDF-1.7 some text", "broken PDF"),
        ("table.csv", b"a,b\n1,2\n", "unsupported format .csv"),
        ("README", b"a file without an extension", "unsupported"),
    ],
)
def test_unreadable_files_raise_with_a_reason(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    with pytest.raises(UnreadableFile, match=reason):
        read_file(write(tmp_path, name, data))
