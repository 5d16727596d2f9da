"""Each reader on documents the tests write: its text, page offsets, metadata, a broken file and a
file over a limit."""

from __future__ import annotations

import codecs
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from docmakers import UTC, make_docx, make_eml, make_epub, make_odt, make_pdf, pdf_bytes, zip_bomb, zip_file

from index import Limits, UnreadableFile, load_file
from index.documents import load_document
from index.passages import split_passages
from index.readers.base import LimitExceeded, ReadContext
from index.readers.msg import _extracted
from index.readers.pdf import lines_to_paragraphs

PAGES = [
    ["Harbour report", "The council approved the ferry terminal on Tuesday after a long campaign."],
    ["Fishermen opposed the breakwater, saying it would cut them off from their moorings."],
    ["The terminal will cost 48 million euros, most of it from the regional budget."],
]


def test_pdf_pages_are_kept_and_passages_know_their_page(tmp_path: Path) -> None:
    created = datetime(2023, 5, 16, 9, 0, tzinfo=UTC)
    path = make_pdf(tmp_path / "report.pdf", PAGES, title="Harbour report", author="Renée Dubois", created=created)
    document = load_document(path, "report.pdf")
    assert (document.format, document.title, document.author, document.date) == (
        "pdf",
        "Harbour report",
        "Renée Dubois",
        "2023-05-16",
    )
    assert len(document.pages) == 3 and document.pages[0] == 0
    for number, start in enumerate(document.pages, start=1):
        assert document.text[start:].startswith(PAGES[number - 1][0][:20])
    fishermen = next(p for p in split_passages(document) if "Fishermen" in p.text)
    assert fishermen.page == 2


def test_pdf_with_a_user_password_is_reported_as_such(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "secret.pdf", PAGES, user_password="s3cret", owner_password="owner")
    with pytest.raises(UnreadableFile, match="password-protected"):
        load_document(path, "secret.pdf")


def test_pdf_encrypted_with_only_an_owner_password_is_read(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "locked.pdf", PAGES, owner_password="owner")
    assert "breakwater" in load_document(path, "locked.pdf").text


def test_a_truncated_pdf_is_reported_as_broken(tmp_path: Path) -> None:
    data = make_pdf(tmp_path / "whole.pdf", PAGES).read_bytes()
    (tmp_path / "broken.pdf").write_bytes(data[:200])
    with pytest.raises(UnreadableFile, match="broken PDF"):
        load_document(tmp_path / "broken.pdf", "broken.pdf")


@pytest.mark.parametrize(("pages", "said"), [(1, "no text in its page"), (2, "no text in its 2 pages")])
def test_a_pdf_without_text_says_so_and_that_sleuth_does_no_ocr(tmp_path: Path, pages: int, said: str) -> None:
    path = make_pdf(tmp_path / "scan.pdf", [[]] * pages)
    with pytest.raises(UnreadableFile, match=rf"^{said} \(scanned images\? sleuth does not do OCR\)$"):
        load_document(path, "scan.pdf")


def test_a_pdf_over_the_page_limit_is_not_read(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "long.pdf", PAGES)
    with pytest.raises(LimitExceeded, match="3 pages, over the limit of 2"):
        load_file(path, "long.pdf", Limits(max_pages=2))


def test_a_file_over_the_size_limit_is_not_opened(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("ferry " * 300_000)
    with pytest.raises(LimitExceeded, match="over the size limit of 1 MB"):
        load_file(path, "big.txt", Limits(max_bytes=1024 * 1024))


def test_a_reader_over_the_time_limit_stops(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "slow.pdf", PAGES)
    with pytest.raises(LimitExceeded, match="took longer than"):
        load_file(path, "slow.pdf", Limits(max_seconds=-1))


def test_pdf_lines_become_paragraphs() -> None:
    raw = (
        "Opposition from fishermen\r\n"
        "Fishermen had opposed the plan, saying the new breakwater would cut them off from the\r\n"
        "best moorings. The council promised them a dedicated quay on the east side of the har\x02\r\n"
        "bour, which they accepted.\r\n"
        "Dubois said the plan had changed twice since the first public meeting in the spring.\r\n"
        "• a quay for the fishing fleet\r\n"
    )
    assert lines_to_paragraphs(raw).split("\n\n") == [
        "Opposition from fishermen",
        "Fishermen had opposed the plan, saying the new breakwater would cut them off from the best moorings. "
        "The council promised them a dedicated quay on the east side of the harbour, which they accepted.",
        "Dubois said the plan had changed twice since the first public meeting in the spring.",
        "• a quay for the fishing fleet",
    ]


def test_docx_gives_headings_paragraphs_tables_and_properties(tmp_path: Path) -> None:
    created = datetime(2023, 6, 12, 10, 0)
    path = make_docx(tmp_path / "works.docx", title="Harbour works", author="Renée Dubois", created=created)
    document = load_document(path, "works.docx")
    assert document.text.split("\n\n") == [
        "Harbour works",
        "The council approved the ferry terminal on Tuesday.",
        "Work starts in spring and ends in 2027.",
        "Pier | Cost",
        "North | 48 million",
    ]
    assert (document.title, document.author, document.date, document.format) == (
        "Harbour works",
        "Renée Dubois",
        "2023-06-12",
        "docx",
    )


def test_a_doc_that_is_really_a_docx_is_read_and_a_word_97_file_is_named(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "works.doc")
    assert "ferry terminal" in load_document(path, "works.doc").text
    legacy = tmp_path / "old.doc"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + b"\0" * 600)
    with pytest.raises(UnreadableFile, match="Word 97-2003"):
        load_document(legacy, "old.doc")


@pytest.mark.parametrize("name", ["notzip.docx", "notzip.odt", "notzip.epub"])
def test_a_zip_format_that_is_not_a_zip_is_reported(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text("plain words, not an archive")
    with pytest.raises(UnreadableFile, match="not a valid"):
        load_document(tmp_path / name, name)


@pytest.mark.parametrize("name", ["bomb.docx", "bomb.odt", "bomb.epub"])
def test_a_zip_bomb_is_over_the_decompressed_limit(tmp_path: Path, name: str) -> None:
    path = zip_bomb(tmp_path / name, "word/document.xml" if name.endswith("docx") else "content.xml", 3 * 1024 * 1024)
    with pytest.raises(LimitExceeded, match="unpacks to 3 MB, over the limit of 1 MB"):
        load_file(path, name, Limits(max_unzipped_bytes=1024 * 1024))


def test_odt_gives_headings_lists_tables_and_metadata(tmp_path: Path) -> None:
    document = load_document(make_odt(tmp_path / "works.odt"), "works.odt")
    assert document.text.split("\n\n") == [
        "Harbour works",
        "The council approved the ferry terminal on Tuesday.",
        "Work starts in spring.",
        "Pier | North",
    ]
    assert (document.title, document.author, document.date) == ("Harbour report", "Renée Dubois", "2023-06-12")


def test_odt_with_damaged_content_is_reported(tmp_path: Path) -> None:
    path = zip_file(tmp_path / "bad.odt", {"content.xml": "<office:document-content"})
    with pytest.raises(UnreadableFile, match="damaged ODT"):
        load_document(path, "bad.odt")


def test_epub_chapters_come_in_reading_order(tmp_path: Path) -> None:
    chapters = [("The Lake", "Ice came early to the lake."), ("The Rink", "Skaters filled the rink by noon.")]
    document = load_document(make_epub(tmp_path / "winter.epub", chapters), "winter.epub")
    assert document.text.split("\n\n") == [
        "The Lake",
        "Ice came early to the lake.",
        "The Rink",
        "Skaters filled the rink by noon.",
    ]
    assert (document.title, document.author, document.date) == ("Winter on the Lake", "E. F. Benson", "1912-01-05")


def test_epub_without_a_package_is_reported(tmp_path: Path) -> None:
    path = zip_file(tmp_path / "bare.epub", {"chapter.xhtml": "<p>x</p>"}, first=("mimetype", "application/epub+zip"))
    with pytest.raises(UnreadableFile, match=r"container\.xml"):
        load_document(path, "bare.epub")


def test_rtf_gives_paragraphs_and_info(tmp_path: Path) -> None:
    path = tmp_path / "memo.rtf"
    path.write_bytes(
        rb"{\rtf1\ansi\ansicpg1252{\info{\title Harbour memo}{\author Ren\'e9e Dubois}"
        rb"{\creatim\yr2022\mo3\dy4}}\pard Caf\'e9 on the quay reopened.\par Ferry fares froze.\par}"
    )
    document = load_document(path, "memo.rtf")
    assert document.text.split("\n\n") == ["Café on the quay reopened.", "Ferry fares froze."]
    assert (document.title, document.date, document.format) == ("Harbour memo", "2022-03-04", "rtf")


def test_an_rtf_that_is_not_rtf_is_reported(tmp_path: Path) -> None:
    (tmp_path / "fake.rtf").write_text("just words")
    with pytest.raises(UnreadableFile, match="not an RTF"):
        load_document(tmp_path / "fake.rtf", "fake.rtf")


def test_email_headers_are_metadata_and_attachments_documents(tmp_path: Path) -> None:
    attachments = {
        "budget.pdf": pdf_bytes(tmp_path, "The terminal budget is 48 million euros."),
        "photo.png": b"\x89PNG\r\n\x1a\n" + b"\0" * 64,
        "broken.pdf": b"%PDF-1.4 truncated",
    }
    loaded = load_file(make_eml(tmp_path / "mail.eml", attachments), "mail.eml")
    message = loaded.document
    assert (message.title, message.date, message.format) == ("Ferry terminal budget", "2024-03-05", "email")
    assert message.author == "Renée Dubois <renee@harbour.example>"
    assert dict(message.fields)["Cc"] == "Press <press@harbour.example>"
    assert "Fishermen want a quay" in message.text and "To: Council" in message.text
    (budget,) = loaded.attachments
    assert (budget.doc_id, budget.parent, budget.format, budget.pages) == (
        "mail.eml/budget.pdf",
        "mail.eml",
        "pdf",
        (0,),
    )
    assert "48 million euros" in budget.text
    assert [(f.path, f.reason.split(" (")[0]) for f in loaded.failures] == [("mail.eml/broken.pdf", "broken PDF")]
    assert [f.path for f in loaded.skipped] == ["mail.eml/photo.png"]


def test_an_html_only_email_gives_its_visible_text(tmp_path: Path) -> None:
    document = load_document(make_eml(tmp_path / "html.eml", html=True), "html.eml")
    assert "Fishermen want a quay of their own." in document.text and "<p>" not in document.text


def test_an_empty_email_is_reported(tmp_path: Path) -> None:
    (tmp_path / "empty.eml").write_text("   \n\n   \n")
    with pytest.raises(UnreadableFile, match="empty"):
        load_document(tmp_path / "empty.eml", "empty.eml")


def test_an_mbox_gives_one_document_per_message(tmp_path: Path) -> None:
    one = make_eml(tmp_path / "one.eml").read_bytes()
    archive = tmp_path / "box.mbox"
    archive.write_bytes(b"From renee@harbour.example Tue Mar  5 09:30:00 2024\n" + one + b"\n" * 2)
    archive.write_bytes(archive.read_bytes() + b"From press@harbour.example Wed Mar  6 10:00:00 2024\n" + one)
    loaded = load_file(archive, "box.mbox")
    assert [d.doc_id for d in loaded.attachments] == ["box.mbox/0001.eml", "box.mbox/0002.eml"]
    assert all(d.title == "Ferry terminal budget" for d in loaded.attachments)
    assert loaded.document.text.count("Ferry terminal budget") == 2


def test_an_outlook_message_maps_like_an_email() -> None:
    fake = SimpleNamespace(
        sender="Renée Dubois <renee@harbour.example>",
        to="Council <council@harbour.example>",
        cc="",
        date=datetime(2024, 3, 5, 9, 30, tzinfo=UTC),
        subject="Ferry terminal budget",
        body="The budget is attached.",
        attachments=[SimpleNamespace(longFilename="budget.txt", shortFilename="BUDGET~1.TXT", data=b"48 million")],
    )
    extracted = _extracted(fake, ReadContext("mail.msg"))
    assert (extracted.title, extracted.author, extracted.date) == (
        "Ferry terminal budget",
        "Renée Dubois <renee@harbour.example>",
        "2024-03-05",
    )
    assert dict(extracted.fields)["To"] == "Council <council@harbour.example>"
    assert [(a.name, a.data) for a in extracted.attachments] == [("budget.txt", b"48 million")]


def test_a_msg_that_is_not_an_outlook_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / "mail.msg").write_text("From: someone\n\nnot an Outlook file")
    with pytest.raises(UnreadableFile, match="Outlook"):
        load_document(tmp_path / "mail.msg", "mail.msg")


SENTENCE = "The café on the quay reopened on Monday, said Renée Dubois, who has run it since 1998."


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(SENTENCE.encode("utf-16-le"), id="utf-16-le"),
        pytest.param(SENTENCE.encode("utf-16-be"), id="utf-16-be"),
        pytest.param(SENTENCE.encode("utf-32-le"), id="utf-32-le"),
        pytest.param(SENTENCE.encode("utf-32-be"), id="utf-32-be"),
        pytest.param(SENTENCE.encode("utf-32"), id="utf-32-bom"),
        pytest.param(codecs.BOM_UTF16_LE + SENTENCE.encode("utf-16-le"), id="utf-16-le-bom"),
    ],
)
def test_utf16_and_utf32_with_or_without_bom_decode(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "note.txt").write_bytes(data)
    assert load_document(tmp_path / "note.txt", "note.txt").text == SENTENCE


def test_non_utf8_markdown_keeps_its_text(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_bytes("## können\n\nkönnen\n\näöüß\n".encode("latin-1"))
    document = load_document(tmp_path / "notes.md", "notes.md")
    assert document.text.split("\n\n") == ["können", "können", "äöüß"]
    assert document.title == "können"


def test_rst_and_org_lose_their_markup_lines_and_keep_their_metadata(tmp_path: Path) -> None:
    (tmp_path / "guide.rst").write_text(
        ".. _top:\n\n=============\nHarbour guide\n=============\n\n:author: Renée Dubois\n:date: 2024-03-05\n\n"
        "Ferries leave hourly.\n\nTimetable\n---------\n\nThe first boat is at six.\n"
    )
    rst = load_document(tmp_path / "guide.rst", "guide.rst")
    assert rst.text.split("\n\n") == [
        "Harbour guide",
        "Ferries leave hourly.",
        "Timetable",
        "The first boat is at six.",
    ]
    assert (rst.title, rst.author, rst.date, rst.format) == ("Harbour guide", "Renée Dubois", "2024-03-05", "rst")
    (tmp_path / "notes.org").write_text(
        "#+TITLE: Harbour notes\n#+AUTHOR: Renée Dubois\n#+DATE: 2024-03-05\n\n* TODO Ferries :work:\n"
        "Ferries leave hourly.\n#+BEGIN_SRC sh\necho boat\n#+END_SRC\n"
    )
    org = load_document(tmp_path / "notes.org", "notes.org")
    assert org.text.split("\n\n") == ["Ferries", "Ferries leave hourly. echo boat"]
    assert (org.title, org.author, org.date) == ("Harbour notes", "Renée Dubois", "2024-03-05")


def test_an_html_fragment_without_a_page_around_it_is_read(tmp_path: Path) -> None:
    (tmp_path / "part.html").write_text('<h3 class="t">Jahresabschluss zum Geschäftsjahr 2020</h3>', encoding="utf-8")
    assert load_document(tmp_path / "part.html", "part.html").text == "Jahresabschluss zum Geschäftsjahr 2020"


def test_a_deeply_nested_page_is_still_read(tmp_path: Path) -> None:
    deep = "<html><body>" + "<div>" * 20_000 + "<p>The ferry crews went on strike.</p>" + "</div>" * 20_000
    (tmp_path / "deep.html").write_text(deep + "</body></html>", encoding="utf-8")
    assert "ferry crews went on strike" in load_document(tmp_path / "deep.html", "deep.html").text
