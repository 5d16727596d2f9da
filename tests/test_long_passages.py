"""No single text stops a run: over-long paragraphs become bounded passages (offsets kept, numbers
stable), NER never sees a text past its limit, and a document NER fails on is named while the
rest is indexed."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from index import Library, ner
from index.models import Document
from index.passages import LONGEST_PASSAGE_CHARS, MAX_PASSAGE_CHARS, load_document, split_passages
from tui.cli import main


def server_log(lines: int) -> str:
    """A server log without blank lines: one paragraph, and no sentence ends to split it at."""
    return "".join(
        f"2024-03-0{i % 9 + 1} 12:{i % 60:02d}:07 INFO [worker-{i % 16}] request id={i} user=u{i % 300} "
        f"path=/api/v1/items/{i} status=200 took={i % 97}ms\n"
        for i in range(lines)
    )


def document(text: str) -> Document:
    return Document("big.txt", "big", text, "text", "hash", len(text), 0.0)


def assert_bounded_slices(doc: Document) -> list[tuple[int, int]]:
    passages = split_passages(doc)
    assert passages
    for passage in passages:
        assert doc.text[passage.start : passage.end] == passage.text
        assert 0 < len(passage.text) <= LONGEST_PASSAGE_CHARS
    assert [p.n for p in passages] == list(range(1, len(passages) + 1))
    spans = [(p.start, p.end) for p in passages]
    assert spans == sorted(spans) and all(a[1] <= b[0] for a, b in pairwise(spans))
    return spans


def test_a_log_without_blank_lines_becomes_bounded_passages(tmp_path: Path) -> None:
    path = tmp_path / "server.log.txt"
    path.write_text(server_log(14_000))  # 1.5 MB
    assert path.stat().st_size > 1_400_000
    doc = load_document(path, "server.log.txt")
    spans = assert_bounded_slices(doc)
    assert len(spans) > 900
    assert spans == assert_bounded_slices(load_document(path, "server.log.txt"))  # doc_id#n stable
    joined = " ".join(doc.text[start:end] for start, end in spans)
    assert "request id=6000 user=u0" in joined  # nothing of the middle is lost


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("QUJD" * 250_000, id="a million characters without a space"),
        pytest.param("\n\n".join(f"Line {i}" for i in range(50_000)), id="50,000 headings in a row"),
        pytest.param("word " * 5000 + "\n\n" + "Heading at the end\n\n", id="trailing heading"),
    ],
)
def test_no_passage_grows_past_the_limit(text: str) -> None:
    spans = assert_bounded_slices(document(text))
    covered = sum(end - start for start, end in spans)
    assert covered >= len(text.strip()) - len(spans) * 3  # only the separators between pieces are left out


def test_a_long_sentence_of_news_stays_whole() -> None:
    sentence = "The ministry said " + ", ".join(f"the port of town {i} would reopen" for i in range(70)) + "."
    assert MAX_PASSAGE_CHARS < len(sentence) < LONGEST_PASSAGE_CHARS
    (passage,) = split_passages(document(sentence))
    assert passage.text == sentence


def test_ner_tags_a_text_in_pieces_with_the_right_offsets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ner, "NER_CHUNK_CHARS", 200)
    filler = "and then nothing at all happened there for a long while " * 8
    text = f"Angela Merkel spoke in Berlin. {filler}Later Emmanuel Macron arrived in Paris. {filler}"
    assert len(text) > 4 * 200
    (mentions,) = ner.extract_texts([text])
    found = {(m.text, m.type) for m in mentions}
    assert {("Angela Merkel", "PERSON"), ("Emmanuel Macron", "PERSON"), ("Paris", "PLACE")} <= found
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_a_document_ner_fails_on_is_named_and_the_rest_is_indexed(
    make_corpus, corpus_index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    real = ner._extract

    def fragile(passages_by_doc):  # type: ignore[no-untyped-def]
        if any("POISON" in text for texts in passages_by_doc for text in texts):
            raise ValueError("[E088] Text of length 1500001 exceeds maximum of 1000000.")
        return real(passages_by_doc)

    monkeypatch.setattr(ner, "_extract", fragile)
    corpus = make_corpus(
        {
            "good.txt": "Angela Merkel met the ferry operators in Hamburg on Monday.\n",
            "bad.txt": "POISON: the ferry timetable for the harbour was printed twice.\n",
        }
    )
    library = Library(corpus, corpus_index_dir)
    report = library.update()
    assert sorted(report.added) == ["bad.txt", "good.txt"]
    assert [(f.path, f.reason) for f in report.failed] == [
        ("bad.txt", "entities not found: ValueError: [E088] Text of length 1500001 exceeds maximum of 1000000.")
    ]
    assert {hit.doc_id for hit in library.search("ferry").hits} == {"bad.txt", "good.txt"}
    assert "Angela Merkel" in {e.name for e in library.entities()}


def test_sleuth_index_takes_a_log_without_blank_lines(
    make_corpus, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    """Issue 12: a 1.5 MB log without blank lines aborted ``sleuth index`` with spaCy's E088. Its
    passages are bounded (above); here a smaller one goes through the whole run, as NER on 1.5 MB
    of log costs half a minute (``bench/long_inputs.py``)."""
    corpus = make_corpus({"server.log.txt": server_log(2_000), "note.txt": "The ferry sails at noon.\n"})
    index = ["--corpus", str(corpus), "--index-dir", str(tmp_path / "index")]
    assert main([*index, "index"]) == 0
    out = capsys.readouterr().out
    assert "added 2" in out and "failed 0" in out
    assert main([*index, "search", '"request id=1500"', "--limit", "1"]) == 0
    found = capsys.readouterr().out
    assert "server.log.txt#" in found and "request id=1500" in found
    assert main([*index, "show", "server.log.txt#140"]) == 0  # one paragraph, in passages of bounded size
    assert len(capsys.readouterr().out) <= LONGEST_PASSAGE_CHARS + 1
