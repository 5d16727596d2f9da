"""Damaged files of the formats sleuth reads: each is read as far as it can be, or named with its
reason, and never stops the rest of a run."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

from docmakers import make_docx, make_epub, make_odt, make_pdf

from index import Library, load_file


def damage_member(archive: Path, member: str) -> Path:
    """Overwrite the middle of ``member``'s compressed data, so inflating it fails (zlib's error)."""
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as opened:
        offset = opened.getinfo(member).header_offset
    name_length, extra_length = struct.unpack("<HH", data[offset + 26 : offset + 30])
    start = offset + 30 + name_length + extra_length
    data[start + 10 : start + 60] = b"\xff" * 50
    archive.write_bytes(bytes(data))
    return archive


def email(html_body: str, cc: str = "Press <press@harbour.example>") -> bytes:
    return (
        "From: Renée Dubois <renee@harbour.example>\nTo: council@harbour.example\n"
        f"Cc: {cc}\nSubject: Quay repairs\nContent-Type: text/html; charset=utf-8\n\n{html_body}\n"
    ).encode()


def test_a_pdf_page_that_cannot_be_loaded_leaves_the_other_pages(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "report.pdf", [["The quay was repaired in May."], ["The ferry sails at noon."]])
    path.write_bytes(path.read_bytes().replace(b"/Count 2", b"/Count 3"))  # names a page not there
    document = load_file(path, "report.pdf").document
    assert "quay was repaired" in document.text and "ferry sails" in document.text
    assert len(document.pages) == 3


def test_an_email_whose_html_body_is_only_a_comment_is_read_with_its_headers(tmp_path: Path) -> None:
    path = tmp_path / "mail.eml"
    path.write_bytes(email("<!-- nothing here -->"))
    document = load_file(path, "mail.eml").document
    assert document.title == "Quay repairs" and "From: Renée Dubois" in document.text


def test_a_malformed_address_header_is_kept_as_written(tmp_path: Path) -> None:
    path = tmp_path / "mail.eml"
    path.write_bytes(email("<p>The quay reopens.</p>", cc="Press: text/html; x"))
    document = load_file(path, "mail.eml").document
    assert ("Cc", "Press: text/html; x") in document.fields and "The quay reopens." in document.text


def test_a_damaged_metadata_part_leaves_an_odt_its_text(tmp_path: Path) -> None:
    path = damage_member(make_odt(tmp_path / "works.odt"), "meta.xml")
    assert "ferry terminal" in load_file(path, "works.odt").document.text


def test_an_epub_chapter_that_cannot_be_unpacked_leaves_the_other_chapters(tmp_path: Path) -> None:
    path = make_epub(tmp_path / "book.epub", [("One", "The lake froze in " + "winter " * 40), ("Two", "Spring came.")])
    damage_member(path, "OEBPS/text/ch0.xhtml")
    document = load_file(path, "book.epub").document
    assert "Spring came." in document.text and "froze" not in document.text


def test_damaged_files_are_named_and_the_rest_is_indexed(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "notes.txt").write_text("The harbour master inspected the lighthouse.\n")
    damage_member(make_docx(root / "works.docx"), "word/document.xml")
    damage_member(make_odt(root / "plan.odt"), "content.xml")
    (root / "comment.eml").write_bytes(email("<!-- nothing here -->"))
    library = Library(root, tmp_path / "index")
    report = library.update()
    failed = {failure.path: failure.reason for failure in report.failed}
    assert set(failed) == {"works.docx", "plan.odt"}
    assert all("damaged" in reason for reason in failed.values())
    assert set(report.added) == {"notes.txt", "comment.eml"}
    assert {hit.doc_id for hit in library.search("lighthouse").hits} == {"notes.txt"}
