"""Passages: paragraph-sized, with offsets that cite the document text exactly."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from index.models import Document
from index.passages import MAX_PASSAGE_CHARS, load_document, split_passages

HARBOUR_PARAGRAPHS = [
    "The harbour authority said on Monday that cargo volumes at the northern port rose for the third "
    "month in a row, helped by strong grain exports and a recovery in container traffic.",
    "Officials expect the trend to continue into the winter months as new cranes come into service "
    "at the eastern quay, although storms could delay some shipments.",
    "Shipping analysts cautioned that freight rates remain volatile and that a slowdown in Asian "
    "manufacturing could weigh on volumes later in the year.",
]


def load(tmp_path: Path, text: str, name: str = "doc.txt") -> Document:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_document(path, name)


def newswire(paragraphs: list[str], headline: str) -> str:
    """Hard-wrapped at 68 columns, each new paragraph indented by four spaces, no blank lines."""
    lines = [headline, ""]
    for paragraph in paragraphs:
        first, *rest = textwrap.wrap(paragraph, 68)
        lines += ["    " + first, *rest]
    return "\n".join(lines) + "\n"


def test_offsets_cite_the_document_text_and_ids_count_from_one(tmp_path: Path) -> None:
    document = load(tmp_path, "Harbour report\n\n" + "\n\n".join(HARBOUR_PARAGRAPHS) + "\n")
    passages = split_passages(document)
    assert [p.passage_id for p in passages] == [f"doc.txt#{n}" for n in range(1, len(passages) + 1)]
    for passage in passages:
        assert document.text[passage.start : passage.end] == passage.text
    assert "".join(p.text for p in passages).replace("\n", "") == document.text.replace("\n", "")


def test_heading_joins_the_paragraph_after_it(tmp_path: Path) -> None:
    text = f"{HARBOUR_PARAGRAPHS[0]}\n\nWhat comes next\n\n{HARBOUR_PARAGRAPHS[1]}\n"
    passages = split_passages(load(tmp_path, text))
    assert [p.text for p in passages] == [HARBOUR_PARAGRAPHS[0], f"What comes next\n\n{HARBOUR_PARAGRAPHS[1]}"]


def test_long_paragraph_is_split_at_sentence_ends(tmp_path: Path) -> None:
    sentences = [f"Crane number {i} at the port of Aldmouth lifted {i * 37} containers last week." for i in range(80)]
    paragraph = " ".join(sentences)
    assert len(paragraph) > 3 * MAX_PASSAGE_CHARS
    document = load(tmp_path, f"{HARBOUR_PARAGRAPHS[0]}\n\n{paragraph}\n")
    passages = split_passages(document)
    pieces = passages[1:]
    assert len(pieces) >= 3
    assert " ".join(p.text for p in pieces) == paragraph  # nothing lost, split only at spaces
    for piece in pieces:
        assert len(piece.text) <= MAX_PASSAGE_CHARS
        assert piece.text.startswith("Crane number") and piece.text.endswith("last week.")
        assert document.text[piece.start : piece.end] == piece.text


def test_hard_wrapped_newswire_gives_one_passage_per_paragraph(tmp_path: Path) -> None:
    document = load(tmp_path, newswire(HARBOUR_PARAGRAPHS, "CARGO VOLUMES RISE AGAIN"))
    assert document.title == "Cargo Volumes Rise Again"
    texts = [p.text for p in split_passages(document)]
    assert texts == ["CARGO VOLUMES RISE AGAIN\n\n" + HARBOUR_PARAGRAPHS[0], *HARBOUR_PARAGRAPHS[1:]]


def test_newswire_one_line_paragraphs_stay_separate(tmp_path: Path) -> None:
    # Short quotes are often a single line in newswire: the indent still starts a new paragraph.
    paragraphs = [
        HARBOUR_PARAGRAPHS[0],
        '"We are busy every night now," said harbour master Tomas Lind.',
        '"It has been a good year," he added.',
        HARBOUR_PARAGRAPHS[2],
    ]
    document = load(tmp_path, newswire(paragraphs, "CARGO VOLUMES RISE AGAIN"))
    texts = [p.text for p in split_passages(document)]
    assert texts[1:] == paragraphs[1:]


@pytest.mark.parametrize("markup", ["- ", "* ", "1. "])
def test_list_items_are_separate_paragraphs(tmp_path: Path, markup: str) -> None:
    items = ["Grain exports rose by a third.", "Container traffic recovered fully.", "Two new cranes arrived."]
    intro = "The harbour report lists three findings for the year, in order of importance:"
    document = load(tmp_path, intro + "\n" + "\n".join(markup + item for item in items) + "\n")
    assert [re.sub(r"^\S+ ", "", p) for p in document.text.split("\n\n")[1:]] == items
