"""Formats through the whole engine: pages, authors and dates in search; attachments as documents;
``sleuth text``; failures named."""

from __future__ import annotations

import io
import json
import sys
from datetime import datetime
from pathlib import Path

import pytest
from docmakers import UTC, make_docx, make_eml, make_pdf, pdf_bytes

from index import Library
from tui.cli import main

NEWS_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Ferry terminal approved | The Harbour Gazette</title><meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2024-03-05T09:00:00Z"></head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article><h1>Ferry terminal approved</h1>
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
<p>The council approved the new ferry terminal on Tuesday after a three-year campaign by residents
of the north harbour.</p>
<h2>Opposition from fishermen</h2>
<p>Fishermen had opposed the plan, saying the new breakwater would cut them off from the best moorings.</p>
<div class="newsletter"><h3>Get the Morning Briefing</h3><p>Sign up for our daily newsletter and never miss a story.</p>
<form><input type="email"><button>Subscribe</button></form></div>
<p>"We listened, and we changed the plan twice," said Renée Dubois, who chairs the harbour committee.</p>
</article></main><footer><p>© 2024 The Harbour Gazette. All rights reserved.</p></footer></body></html>"""

PAGES = [
    ["Harbour report", "The council approved the ferry terminal on Tuesday after a long campaign."],
    ["Fishermen opposed the breakwater, saying it would cut them off from their moorings."],
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("formats-corpus")
    make_pdf(
        root / "report.pdf",
        PAGES,
        title="Harbour report",
        author="Renée Dubois",
        created=datetime(2023, 5, 16, tzinfo=UTC),
    )
    make_docx(root / "works.docx", title="Harbour works", author="Piet Jansen", created=datetime(2022, 1, 10))
    scratch = tmp_path_factory.mktemp("scratch")
    make_eml(root / "mail.eml", {"budget.pdf": pdf_bytes(scratch, "The terminal budget is 48 million euros.")})
    (root / "news.html").write_text(NEWS_PAGE, encoding="utf-8")
    (root / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj garbage")
    (root / "sheet.xlsx").write_bytes(b"PK\x03\x04 not read")
    (root / "blank.txt").write_text("  \n\n")
    return root


@pytest.fixture(scope="module")
def library(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Library:
    library = Library(corpus, tmp_path_factory.mktemp("formats-index"))
    report = library.update()
    assert [(f.path, f.reason.split(" (")[0]) for f in report.failed] == [("broken.pdf", "broken PDF")]
    return library


def test_a_pdf_hit_knows_its_page(library: Library) -> None:
    (hit,) = library.search("breakwater moorings").hits[:1]
    assert (hit.doc_id, hit.page) == ("report.pdf", 2)
    view = library.document("report.pdf")
    assert len(view.pages) == 2 and view.passages[hit.n - 1].page == 2


def test_author_queries_find_documents_by_their_author(library: Library) -> None:
    assert {hit.doc_id for hit in library.search("author:dubois").hits} == {"report.pdf", "mail.eml"}
    assert {hit.doc_id for hit in library.search("author:jansen").hits} == {"works.docx"}
    assert {hit.doc_id for hit in library.search("author:dubois date:2024").hits} == {"mail.eml"}


@pytest.mark.parametrize(
    ("query", "doc_id"),
    [("date:2023-05", "report.pdf"), ("date:2022-01-10", "works.docx"), ("date:2024-03-05", "mail.eml")],
)
def test_date_filters_work_on_pdf_docx_and_email(library: Library, query: str, doc_id: str) -> None:
    assert doc_id in {hit.doc_id for hit in library.search(query).hits}


def test_an_attachment_is_a_document_linked_to_its_message(library: Library) -> None:
    hits = library.search("terminal budget million euros").hits
    assert "mail.eml/budget.pdf" in {hit.doc_id for hit in hits}
    attachment = library.document("mail.eml/budget.pdf")
    assert attachment.parent == "mail.eml" and attachment.format == "pdf"
    assert ("Attachments", "budget.pdf") in library.document("mail.eml").fields


def test_removing_a_message_removes_its_attachments(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    make_eml(root / "mail.eml", {"note.txt": b"The pier reopens in May, the harbour master wrote."})
    library = Library(root, tmp_path / "index")
    library.update()
    assert {h.doc_id for h in library.search("pier reopens").hits} == {"mail.eml/note.txt"}
    (root / "mail.eml").unlink()
    library.update()
    assert library.search("pier reopens").hits == ()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_search_json_gives_the_page(library: Library, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys,
        "--corpus",
        str(library.root),
        "--index-dir",
        str(library.index_dir),
        "search",
        "breakwater moorings",
        "--json",
    )
    hits = [json.loads(line) for line in out.splitlines()]
    assert status == 0 and (hits[0]["path"], hits[0]["page"]) == ("report.pdf", 2)
    assert all(h["page"] is None for h in hits if h["path"].endswith((".html", ".docx")))
    status, out, _ = run(
        capsys, "--corpus", str(library.root), "--index-dir", str(library.index_dir), "search", "breakwater moorings"
    )
    assert "report.pdf#" in out and ", p. 2" in out


def test_sleuth_text_prints_the_article_without_page_furniture(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "text", str(corpus / "news.html"))
    assert status == 0
    assert "Fishermen had opposed the plan" in out and "Opposition from fishermen" in out
    for furniture in ("Home", "Share on Facebook", "newsletter", "Subscribe", "All rights reserved"):
        assert furniture not in out
    assert "author: Jane Doe" in out and "date: 2024-03-05" in out


def test_sleuth_text_json_has_the_pages_and_metadata(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "text", str(corpus / "report.pdf"), "--json")
    record = json.loads(out)
    assert status == 0
    assert {k: record[k] for k in ("title", "author", "date", "format")} == {
        "title": "Harbour report",
        "author": "Renée Dubois",
        "date": "2023-05-16",
        "format": "pdf",
    }
    assert record["pages"][0] == 0 and record["text"][record["pages"][1] :].startswith("Fishermen")


@pytest.mark.parametrize("name", ["broken.pdf", "missing.pdf"])
def test_sleuth_text_on_an_unreadable_file_is_one_line_and_fails(
    corpus: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    status, out, err = run(capsys, "text", str(corpus / name))
    assert status == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and name in err


def test_status_counts_formats_and_names_each_failure(library: Library, capsys: pytest.CaptureFixture[str]) -> None:
    status = library.status()
    counts = {c.format: (c.files, c.attachments) for c in status.formats}
    assert counts == {"pdf": (1, 1), "docx": (1, 0), "email": (1, 0), "html": (1, 0)}
    assert [(f.path, f.reason.split(" (")[0]) for f in status.failures] == [("broken.pdf", "broken PDF")]
    assert status.empty == ("blank.txt",)
    assert [(f.path, f.reason) for f in status.skipped] == [("sheet.xlsx", "unsupported format .xlsx")]
    where = ["--corpus", str(library.root), "--index-dir", str(library.index_dir)]
    code, out, _ = run(capsys, *where, "status", "--json")
    record = json.loads(out)
    assert code == 0 and record["documents"] == 4 and record["attachments"] == 1
    assert [f["path"] for f in record["failures"]] == ["broken.pdf"] and record["empty"] == ["blank.txt"]
    code, out, _ = run(capsys, *where, "status")
    assert "broken.pdf: broken PDF" in out and "pdf" in out and ".xlsx ×1" in out
    assert "empty (no text in them) 1: blank.txt" in out and "blank.txt: empty" not in out  # empty is not failed


def test_retry_failed_reads_again_a_file_over_a_limit_once_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    make_pdf(root / "report.pdf", PAGES)
    library = Library(root, tmp_path / "index")
    monkeypatch.setenv("SLEUTH_MAX_PAGES", "1")
    (failure,) = library.update().failed
    assert (failure.path, failure.reason) == ("report.pdf", "2 pages, over the limit of 1")
    monkeypatch.delenv("SLEUTH_MAX_PAGES")
    assert [f.path for f in library.update().failed] == ["report.pdf"]  # unchanged: not read again
    report = library.update(retry_failed=True)
    assert report.added == ("report.pdf",) and report.failed == ()
    assert {hit.doc_id for hit in library.search("breakwater").hits} == {"report.pdf"}
