"""``sleuth notes``: list, export to Markdown/CSV/JSON with citations, and import back losslessly."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import markdown_it
import pytest

from index import Library

STORY = (
    "Harbour board backs the ferry budget\n\nDate: 1987-02-26\n\n"
    "The harbour board approved the ferry budget on Thursday after a long debate.\n\n"
    "Board member Ana Ruiz said the terminal would cost twice the first estimate.\n\n"
    "The vote was seven to two, with the port workers' union opposed.\n"
)


@pytest.fixture
def noted(make_corpus, sleuth_home: Path) -> Library:  # type: ignore[no-untyped-def]
    """A corpus with a bookmark, a tagged multi-line note and two review marks."""
    corpus = make_corpus({"harbour.txt": STORY, "frost.txt": "Frost damaged the orange crop in Florida.\n"})
    library = Library(corpus)
    library.update()
    passages = {p.n: p for p in library.document("harbour.txt").passages}
    ruiz = next(p for p in passages.values() if "Ruiz" in p.text)
    library.notebook.toggle_bookmark("frost.txt#1")
    library.notebook.annotate(ruiz.passage_id, "Ruiz: twice the estimate.\nAsk for the 1986 figure. #budget")
    library.notebook.mark_result("ferry budget", ruiz.passage_id, "relevant")
    library.notebook.mark_result("ferry budget", "frost.txt#1", "irrelevant")
    return library


def test_notes_list_shows_notes_newest_first_then_review_marks(sleuth, noted: Library) -> None:
    status, out, _ = sleuth("notes", "list", "--corpus", str(noted.root))
    assert status == 0
    assert out.index("harbour.txt#") < out.index("frost.txt#1")  # the note came after the bookmark
    assert "Ruiz: twice the estimate." in out and "relevant" in out and "irrelevant" in out
    _, out, _ = sleuth("notes", "list", "--json", "--corpus", str(noted.root))
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["kind"] for r in records] == ["note", "bookmark", "review", "review"]
    note = next(r for r in records if r["kind"] == "note")
    assert note["tags"] == ["budget"] and "26 February 1987" in note["citation"]
    _, out, _ = sleuth("notes", "list", "--tag", "#budget", "--corpus", str(noted.root))
    assert "harbour.txt#" in out and "frost.txt#1" not in out


def test_notes_list_shows_every_line_of_a_note_and_a_whole_source(sleuth, make_corpus, sleuth_home: Path) -> None:
    """The tags on a note's second line are listed, and a long quote is cut, never its source."""
    long_story = (
        "Wheat report\n\nDate: 1987-03-02\n\nThe ministry published its report on Monday.\n\n"
        + "The wheat harvest was late this year in every province. " * 8
        + "\n"
    )
    library = Library(make_corpus({"wheat.txt": long_story}))
    library.update()
    library.notebook.annotate("wheat.txt#2", "Late harvest everywhere.\nCheck the 1986 figure. #wheat")
    status, out, _ = sleuth("notes", "list", "--corpus", str(library.root))
    assert status == 0
    assert "    Late harvest everywhere." in out and "    Check the 1986 figure. #wheat" in out
    citation = next(line for line in out.splitlines() if line.startswith("    “"))
    assert citation.endswith("…” (Wheat report, wheat.txt#2, 2 March 1987)")


def test_markdown_export_groups_by_document_and_cites_every_quote(sleuth, noted: Library) -> None:
    status, out, _ = sleuth("notes", "export", "--format", "md", "--corpus", str(noted.root))
    assert status == 0
    assert out.startswith("# Notes on corpus")
    harbour, frost = out.index("\n## Harbour board backs the ferry budget"), out.index("\n## Frost damaged")
    assert harbour < frost  # the document noted last comes first
    quotes = [line for line in out.splitlines() if line.startswith("> ") and not line.startswith("> —")]
    sources = [line for line in out.splitlines() if line.startswith("> — ")]
    assert len(quotes) == len(sources) == 3  # bookmark, note, the relevant result
    assert any("Board member Ana Ruiz said" in q for q in quotes)
    assert any("harbour.txt#" in s and "26 February 1987" in s for s in sources)
    assert "Ask for the 1986 figure. #budget" in out
    assert "### Search: ferry budget" in out and "1 relevant, 1 irrelevant, 0 seen." in out


class RenderedText(HTMLParser):
    """The text a reader sees of rendered HTML, and the tags it used."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags.append(tag)
        self.text.append("\n" if tag == "br" else "")

    def handle_data(self, data: str) -> None:
        data = data.replace("\n", " ")  # a newline in HTML shows as a space; <br> is the line break
        self.text.append(data.lstrip() if self.text and self.text[-1] == "\n" else data)


def test_the_markdown_renders_every_quote_and_note_as_written(sleuth, make_corpus, sleuth_home: Path) -> None:
    """Reuters' ticker tags (<TX>) are not taken for HTML, a year opening a quote is not a list
    number, and the lines of a note stay lines."""
    story = (
        "Texaco results\n\nDate: 1987-03-02\n\n"
        "Texaco Inc <TX> said *first quarter* profits rose [sic] on_time.\n\n"
        "1987. The year the company settled with Pennzoil Co <PZL>.\n"
    )
    library = Library(make_corpus({"texaco.txt": story}))
    library.update()
    tagged, year = (p for p in library.document("texaco.txt").passages if "<" in p.text)
    library.notebook.toggle_bookmark(year.passage_id)
    library.notebook.annotate(tagged.passage_id, "Ask <TX> investor relations.\n# not a heading\n1987. #oil")
    library.notebook.mark_result("tex*", tagged.passage_id, "relevant")
    status, out, _ = sleuth("notes", "export", "--format", "md", "--corpus", str(library.root))
    assert status == 0
    rendered = RenderedText()
    rendered.feed(markdown_it.MarkdownIt("commonmark").render(out))
    seen = "".join(rendered.text)
    assert "Texaco Inc <TX> said *first quarter* profits rose [sic] on_time." in seen
    assert "1987. The year the company settled with Pennzoil Co <PZL>." in seen
    assert "Ask <TX> investor relations.\n# not a heading\n1987. #oil" in seen
    assert "Search: tex*" in seen
    assert "ol" not in rendered.tags and "ul" not in rendered.tags
    assert rendered.tags.count("em") == 1 and rendered.tags.count("strong") == 2  # sleuth's own: *Bookmark*, **Note**
    assert rendered.tags.count("h1") == 1


def test_csv_export_has_a_row_per_note_and_mark(sleuth, noted: Library) -> None:
    _, out, _ = sleuth("notes", "export", "--format", "csv", "--corpus", str(noted.root))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert sorted(r["kind"] for r in rows) == ["bookmark", "note", "review", "review"]
    note = next(r for r in rows if r["kind"] == "note")
    assert note["note"] == "Ruiz: twice the estimate.\nAsk for the 1986 figure. #budget" and note["tags"] == "#budget"
    assert note["citation"].startswith("“Board member Ana Ruiz")


def test_json_export_then_import_elsewhere_loses_nothing(
    sleuth, noted: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exported = tmp_path / "notes.json"
    status, _, err = sleuth("notes", "export", "--format", "json", "-o", str(exported), "--corpus", str(noted.root))
    assert status == 0 and "wrote" in err
    monkeypatch.setenv("SLEUTH_HOME", str(tmp_path / "another-home"))  # another machine, no notes yet
    status, out, _ = sleuth("notes", "import", str(exported), "--corpus", str(noted.root))
    assert status == 0 and "imported 2 bookmarks and notes, 2 review marks" in out
    _, again, _ = sleuth("notes", "export", "--format", "json", "--corpus", str(noted.root))
    before, after = json.loads(exported.read_text(encoding="utf-8")), json.loads(again)
    assert before.pop("exported_at") and after.pop("exported_at")
    assert after == before
    status, out, _ = sleuth("notes", "import", str(exported), "--corpus", str(noted.root))
    assert status == 0 and "imported 0 bookmarks and notes, 0 review marks; 4 already kept" in out
    here = Library(noted.root)  # this home's notes, as imported
    note = next(n for n in here.notebook.notes() if n.kind == "note")
    here.notebook.delete(note.uid)
    status, out, _ = sleuth("notes", "import", str(exported), "--corpus", str(noted.root))
    assert "imported 1 bookmarks and notes" in out  # deleted since the export: brought back
    assert note in here.notebook.notes()


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("{not json", "is not JSON (line 1"),
        ('{"notes": []}', "is not a sleuth notes export"),
        ('{"format": "sleuth-notes", "version": 1, "notes": [{"kind": "note"}]}', "note 1: 'passage_id' is missing"),
        (
            '{"format": "sleuth-notes", "version": 1, "notes": [{"kind": "x", "passage_id": "a#1", "quote": "q"}]}',
            "'kind' is 'x'",
        ),
    ],
)
def test_a_bad_import_file_is_one_line_and_changes_nothing(
    sleuth, noted: Library, tmp_path: Path, content: str, said: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    status, _, err = sleuth("notes", "import", str(bad), "--corpus", str(noted.root))
    assert status == 1 and said in err and err.count("\n") == 1 and "Traceback" not in err
    assert len(noted.notebook.notes()) == 2
    status, _, err = sleuth("notes", "import", str(tmp_path / "missing.json"), "--corpus", str(noted.root))
    assert status == 1 and "cannot read" in err


def test_a_damaged_user_data_file_is_set_aside_with_one_line(sleuth, noted: Library, sleuth_home: Path) -> None:
    path = sleuth_home / "userdata.sqlite"
    noted.user.close()
    path.write_bytes(b"not a database at all" * 200)
    status, _, err = sleuth("notes", "list", "--corpus", str(noted.root))
    assert status == 0
    (line,) = [line for line in err.splitlines() if "damaged" in line]
    assert line.startswith(f"sleuth: {path} was damaged") and "userdata.sqlite.damaged-" in line
    assert list(sleuth_home.glob("userdata.sqlite.damaged-*"))
    status, _, err = sleuth("notes", "list", "--corpus", str(noted.root))
    assert status == 0 and "damaged" not in err  # said once: the new file is fine
