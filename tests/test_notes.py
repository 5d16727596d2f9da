"""Bookmarks, notes and review marks: kept, anchored to their text, and never dropped."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from docmakers import make_pdf

from index import Citation, Library, format_citation

PARAGRAPHS = [
    "The council met on Monday to discuss the harbour budget for next year.",
    "Councillor Reyes said the ferry terminal would cost twice the first estimate.",
    "Residents asked why the tender had not been published before the vote.",
    "The mayor promised a full account of the contracts by the end of March.",
]


def write(corpus: Path, paragraphs: list[str], name: str = "council.txt") -> None:
    (corpus / name).write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


@pytest.fixture
def council(make_corpus, tmp_path: Path) -> Library:  # type: ignore[no-untyped-def]
    corpus = make_corpus({"council.txt": "\n\n".join(PARAGRAPHS) + "\n", "other.txt": "A second story about frost.\n"})
    library = Library(corpus, tmp_path / "index", user_data=tmp_path / "user.sqlite")
    library.update()
    return library


def reopened(library: Library) -> Library:
    """The same corpus, index and user data, as a new process would open them."""
    return Library(library.root, library.index_dir, user_data=library.user.path)


def test_bookmarks_and_notes_are_kept_newest_first_with_tags(council: Library) -> None:
    book = council.notebook
    assert book.toggle_bookmark("council.txt#2") is not None
    note = book.annotate("council.txt#3", "Ask the clerk for the tender file.\n#budget #Tender follow-up")
    assert note is not None and note.tags == ("budget", "tender")
    book.toggle_bookmark("other.txt#1")
    notes = reopened(council).notebook.notes()
    assert [(n.kind, n.passage_id) for n in notes] == [
        ("bookmark", "other.txt#1"),
        ("note", "council.txt#3"),
        ("bookmark", "council.txt#2"),
    ]
    assert notes[1].text == "Ask the clerk for the tender file.\n#budget #Tender follow-up"
    assert notes[2].quote == PARAGRAPHS[1]


def test_b_again_removes_the_bookmark_and_delete_can_be_undone(council: Library) -> None:
    book = council.notebook
    bookmark = book.toggle_bookmark("council.txt#2")
    assert bookmark is not None
    assert book.toggle_bookmark("council.txt#2") is None
    assert book.notes() == ()
    note = book.annotate("council.txt#1", "Budget meeting.")
    assert note is not None
    assert book.delete(note.uid)
    assert book.notes() == ()
    assert book.restore(note.uid)
    assert [n.text for n in book.notes()] == ["Budget meeting."]


def test_annotating_again_edits_the_note_and_empty_text_deletes_it(council: Library) -> None:
    book = council.notebook
    first = book.annotate("council.txt#2", "Twice the estimate.")
    second = book.annotate("council.txt#2", "Twice the estimate: check the 2019 figure.")
    assert first is not None and second is not None and second.uid == first.uid
    assert book.note_on("council.txt#2") == second
    assert [n.text for n in book.notes()] == ["Twice the estimate: check the 2019 figure."]
    assert book.annotate("council.txt#2", "  \n") is None
    assert book.notes() == ()


def test_two_windows_editing_one_note_keep_both_versions(council: Library) -> None:
    """Each window saves what its reader wrote: the second save does not overwrite the first."""
    first = council.notebook.annotate("council.txt#2", "Twice the estimate.")
    assert first is not None
    left, right = council.notebook, reopened(council).notebook  # two sleuth windows, one file
    opened = right.note_on("council.txt#2")
    assert opened is not None and opened.updated_at == first.updated_at
    left.annotate("council.txt#2", "Twice the estimate. Ask Reyes.", first.updated_at)
    right.annotate("council.txt#2", "Twice the estimate. Ask the mayor.", opened.updated_at)
    texts = sorted(note.text for note in reopened(council).notebook.notes_on("council.txt#2"))
    assert texts == ["Twice the estimate. Ask Reyes.", "Twice the estimate. Ask the mayor."]
    right.annotate("council.txt#2", "", opened.updated_at)  # emptied in a stale editor: deletes nothing
    assert len(reopened(council).notebook.notes_on("council.txt#2")) == 2
    newest = right.note_on("council.txt#2")
    assert newest is not None
    right.annotate("council.txt#2", "Ask the mayor by Friday.", newest.updated_at)  # up to date: edits it
    assert sorted(n.text for n in left.notes_on("council.txt#2")) == [
        "Ask the mayor by Friday.",
        "Twice the estimate. Ask Reyes.",
    ]


def test_an_edit_of_a_note_another_window_deleted_is_kept(council: Library) -> None:
    note = council.notebook.annotate("council.txt#3", "Tender file?")
    assert note is not None
    reopened(council).notebook.delete(note.uid)
    kept = council.notebook.edit(note.uid, "Tender file? Ask the clerk.", note.updated_at)
    assert kept is not None and kept.uid != note.uid
    assert [n.text for n in reopened(council).notebook.notes()] == ["Tender file? Ask the clerk."]


def test_a_citation_has_title_passage_date_and_quote(make_corpus, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus = make_corpus({"memo.txt": "Date: 2024-03-05\n\nThe ferry budget doubled after the audit.\n"})
    library = Library(corpus, tmp_path / "index", user_data=tmp_path / "user.sqlite")
    library.update()
    passage_id = next(p.passage_id for p in library.document("memo.txt").passages if "ferry" in p.text)
    citation = library.notebook.citation(passage_id)
    text = format_citation(citation)
    assert text.startswith("“") and "The ferry budget doubled after the audit." in text
    assert f"{passage_id}" in text and "5 March 2024" in text
    assert citation.title in text


def test_notes_and_marks_survive_a_rebuild(council: Library) -> None:
    council.notebook.toggle_bookmark("council.txt#2")
    council.notebook.mark_result("ferry terminal", "council.txt#2", "relevant")
    council.update(rebuild=True)
    again = reopened(council)
    assert [(n.passage_id, n.anchor) for n in again.notebook.notes()] == [("council.txt#2", "ok")]
    assert again.notebook.review_marks("ferry  terminal") == {"council.txt#2": "relevant"}


def test_review_marks_are_per_query_and_the_same_key_again_clears(council: Library) -> None:
    book = council.notebook
    assert book.mark_result("ferry", "council.txt#2", "relevant") == "relevant"
    assert book.mark_result("ferry", "council.txt#3", "irrelevant") == "irrelevant"
    assert book.mark_result("ferry", "council.txt#3", "seen") == "seen"
    assert book.mark_result("tender", "council.txt#3", "relevant") == "relevant"
    assert book.review_marks("ferry") == {"council.txt#2": "relevant", "council.txt#3": "seen"}
    assert book.mark_result("ferry", "council.txt#2", "relevant") == ""
    assert book.review_marks("ferry") == {"council.txt#3": "seen"}
    assert book.review_marks("tender") == {"council.txt#3": "relevant"}
    with pytest.raises(ValueError):
        book.mark_result("ferry", "council.txt#1", "maybe")


# -- re-anchoring: the note follows its words -------------------------------------------------
def edited(council: Library, paragraphs: list[str]) -> Library:
    write(council.root, paragraphs)
    council.update()
    return reopened(council)


@pytest.fixture
def noted(council: Library) -> Library:
    """A note and a review mark on passage 2 ("…ferry terminal would cost twice…")."""
    council.notebook.annotate("council.txt#2", "Cost doubled #budget")
    council.notebook.mark_result("ferry", "council.txt#2", "relevant")
    return council


def test_an_edit_above_moves_the_note_down_with_its_quote(noted: Library) -> None:
    library = edited(noted, ["A new first paragraph was added by the editor today.", *PARAGRAPHS])
    (note,) = library.notebook.notes()
    assert (note.passage_id, note.anchor) == ("council.txt#3", "ok")
    assert library.passage(note.passage_id).text == PARAGRAPHS[1]
    assert library.notebook.review_marks("ferry") == {"council.txt#3": "relevant"}
    assert reopened(library).notebook.notes()[0].passage_id == "council.txt#3"  # kept where it went


def test_an_edit_after_the_passage_leaves_the_note_where_it_is(noted: Library) -> None:
    library = edited(noted, [*PARAGRAPHS[:3], "The mayor made no promise at all.", "A last line was added too."])
    (note,) = library.notebook.notes()
    assert (note.passage_id, note.anchor) == ("council.txt#2", "ok")


def test_an_edit_inside_the_passage_keeps_the_note_on_it_marked_moved(noted: Library) -> None:
    changed = PARAGRAPHS[1].replace("twice", "three times")
    library = edited(noted, [PARAGRAPHS[0], changed, *PARAGRAPHS[2:]])
    (note,) = library.notebook.notes()
    assert (note.passage_id, note.anchor) == ("council.txt#2", "moved")
    assert note.quote == PARAGRAPHS[1]  # what the reader noted, as it was
    assert note.text == "Cost doubled #budget"


def test_a_passage_split_or_joined_still_holds_the_quote(noted: Library) -> None:
    joined = PARAGRAPHS[1] + " She called it a scandal."
    library = edited(noted, ["Breaking news from the harbour today.", PARAGRAPHS[0], joined, *PARAGRAPHS[2:]])
    (note,) = library.notebook.notes()
    assert (note.passage_id, note.anchor) == ("council.txt#3", "ok")


def test_a_quote_that_is_gone_keeps_the_note_marked_gone(noted: Library) -> None:
    library = edited(noted, [PARAGRAPHS[0], "Nothing about boats remains in this paragraph now.", *PARAGRAPHS[2:]])
    (note,) = library.notebook.notes()
    assert note.anchor == "gone" and note.quote == PARAGRAPHS[1] and note.text == "Cost doubled #budget"


def test_a_deleted_document_keeps_its_notes_gone_and_they_return_with_it(noted: Library) -> None:
    (noted.root / "council.txt").unlink()
    noted.update()
    library = reopened(noted)
    (note,) = library.notebook.notes()
    assert (note.passage_id, note.anchor) == ("council.txt#2", "gone")
    assert note.title and note.quote == PARAGRAPHS[1]
    assert library.notebook.reviews()[0].anchor == "gone"
    write(noted.root, PARAGRAPHS)
    library.update()
    assert [(n.passage_id, n.anchor) for n in library.notebook.notes()] == [("council.txt#2", "ok")]


def test_a_citation_names_the_page_when_known_and_is_one_safe_line() -> None:
    citation = Citation("Annual report\x1b]52;c;aGk=\x07", "reports/2024.pdf#7", "Costs rose\n by 12%.", 12, "2024-03")
    assert format_citation(citation) == "“Costs rose by 12%.” (Annual report, reports/2024.pdf#7, p. 12, March 2024)"


def test_a_document_missing_from_the_index_but_not_the_folder_is_not_gone(noted: Library, tmp_path: Path) -> None:
    """While a rebuild has not reached it (or it failed to read), a document's notes stay as they were."""
    half_built = Library(noted.root, tmp_path / "half-built", user_data=noted.user.path)
    (noted.root / "council.txt").rename(tmp_path / "council.txt")
    half_built.update()  # an index without council.txt…
    (tmp_path / "council.txt").rename(noted.root / "council.txt")  # …which is in the folder all the same
    (note,) = half_built.notebook.notes()
    assert (note.passage_id, note.anchor) == ("council.txt#2", "ok")
    assert half_built.notebook.reviews()[0].anchor == "ok"


def test_a_note_on_a_pdf_cites_its_page_and_date(make_corpus, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus = make_corpus({})
    pages = [
        ["The council approved the ferry terminal on Tuesday."],
        ["Fishermen opposed the breakwater, saying it would cut them off from the moorings."],
    ]
    make_pdf(corpus / "report.pdf", pages, title="Harbour report", created=datetime(2023, 5, 16, tzinfo=UTC))
    library = Library(corpus, tmp_path / "index", user_data=tmp_path / "user.sqlite")
    library.update()
    passage = next(p for p in library.document("report.pdf").passages if "Fishermen" in p.text)
    note = library.notebook.annotate(passage.passage_id, "Quote the fishermen #harbour")
    assert note is not None and note.page == 2
    cited = format_citation(note.citation)
    assert cited.endswith(f"(Harbour report, {passage.passage_id}, p. 2, 16 May 2023)")
