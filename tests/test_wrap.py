"""Wrapping by offsets and finding a query's words in a whole document, both used by the viewer."""

from __future__ import annotations

import random

import pytest
from rich.cells import cell_len

from index import Library
from index.highlight import term_spans as fast_term_spans
from index.search import term_spans
from index.store import TEXT_ANALYZER
from tui.wrap import wrap

SAMPLES = [
    "The ferry left early, and the council said “nothing” — again.",
    "word " * 40,
    "a\n\nb\nc",
    "supercalifragilisticexpialidocious is long",
    "中文字符测试，中文字符测试。日本語のテキストも。",
    "Crème brûlée and naïve café façades; ĳ ligatures.",
    "emoji 🙂🙂 in a sentence 🙂 that wraps",
    "",
]


@pytest.mark.parametrize("text", SAMPLES)
@pytest.mark.parametrize("width", [1, 5, 12, 40])
def test_lines_fit_and_keep_every_word(text: str, width: int) -> None:
    lines = wrap(text, width, max(1, width - 4))
    assert lines and lines[0][0] == 0
    for number, (start, end) in enumerate(lines):
        room = max(1, width - 4) if number == 0 else width
        wide = cell_len(text[start:end])
        assert wide <= room or end - start == 1, (text[start:end], room)
    kept = "".join(text[start:end] for start, end in lines)
    assert kept.replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")


def test_a_newline_ends_a_line_and_a_break_drops_its_spaces() -> None:
    text = "one two three\nfour"
    assert [text[s:e] for s, e in wrap(text, 8)] == ["one two", "three", "four"]


def test_a_document_is_highlighted_like_passage_by_passage(seed_library: Library, seed_doc_id: str) -> None:
    text = seed_library.document(seed_doc_id).text
    stems = sorted({token.text for token in TEXT_ANALYZER(text)})
    for stem in stems:
        assert fast_term_spans(text, (stem,)) == term_spans(text, (stem,)), stem
    rng = random.Random(3)
    for _ in range(20):
        chosen = tuple(rng.sample(stems, 3))
        assert fast_term_spans(text, chosen) == term_spans(text, chosen)


def test_words_inside_other_tokens_are_not_highlighted() -> None:
    text = "x.ferry referry Ferry's FERRIES ferry. U.S. u.s"
    for terms in [("ferri",), ("u.",), ("s",)]:
        assert fast_term_spans(text, terms) == term_spans(text, terms)
