"""Entities: who and what the seed article names, and how short names resolve to full ones."""

from __future__ import annotations

import re

import pytest

from index import Library
from index.ner import RawSpan, clean_span, extract_texts, resolve_document

BOILERPLATE = ("Loading", "Leave A Reply", "Exit mobile version", "newsletter", "originally appeared")


def entity_named(library: Library, name: str):
    matches = [e for e in library.entities() if e.name == name]
    assert len(matches) == 1, f"{name!r} is not one entity: {[e.name for e in library.entities()]}"
    return matches[0]


@pytest.mark.parametrize(
    ("name", "entity_type"),
    [
        ("Wu Shizhong", "PERSON"),
        ("Nigel Inkster", "PERSON"),
        ("Xi Jinping", "PERSON"),
        ("Ministry of State Security", "ORG"),
        ("China", "PLACE"),
        ("Beijing", "PLACE"),
    ],
)
def test_seed_names_its_main_entities(seed_library: Library, name: str, entity_type: str) -> None:
    entity = entity_named(seed_library, name)
    assert entity.type == entity_type
    assert entity.mention_count >= 1 and entity.doc_count == 1


def test_mss_is_an_alias_of_the_ministry_not_an_entity_of_its_own(seed_library: Library) -> None:
    assert "MSS" in entity_named(seed_library, "Ministry of State Security").aliases
    assert not [e for e in seed_library.entities() if e.name == "MSS"]


def test_seed_boilerplate_is_neither_an_entity_nor_a_passage(seed_library: Library, seed_doc_id: str) -> None:
    names = [n for e in seed_library.entities() for n in (e.name, *e.aliases)]
    passages = seed_library.document(seed_doc_id).passages
    assert passages
    for junk in BOILERPLATE:
        assert not [n for n in names if junk.casefold() in n.casefold()], junk
        assert not [p.passage_id for p in passages if junk.casefold() in p.text.casefold()], junk


def test_inkster_search_finds_the_passages_where_he_speaks(seed_library: Library, seed_doc_id: str) -> None:
    quoted = {p.passage_id for p in seed_library.document(seed_doc_id).passages if "Inkster" in p.text}
    assert len(quoted) >= 2
    hits = seed_library.search("Inkster").hits
    assert {h.passage_id for h in hits} == quoted


@pytest.mark.parametrize(("short", "full"), [("Wu", "Wu Shizhong"), ("Inkster", "Nigel Inkster"), ("Xi", "Xi Jinping")])
def test_seed_surnames_resolve_to_the_full_name(seed_library: Library, seed_doc_id: str, short: str, full: str) -> None:
    view = seed_library.document(seed_doc_id)
    short_mentions = [m for _, m in view.mentions if m.text == short]
    assert short_mentions, f"no mention of {short!r}"
    assert {(m.canonical, m.type) for m in short_mentions} == {(full, "PERSON")}
    assert short in entity_named(seed_library, full).aliases


def test_seed_mention_offsets_point_into_their_passage(seed_library: Library, seed_doc_id: str) -> None:
    view = seed_library.document(seed_doc_id)
    assert view.mentions
    for n, mention in view.mentions:
        assert view.passages[n - 1].text[mention.start : mention.end] == mention.text


def spans_in(text: str, *labelled: tuple[str, str]) -> list[RawSpan]:
    spans = []
    for name, label in labelled:
        start = text.index(name)
        spans.append(RawSpan(start, start + len(name), name, label))
    return spans


def test_resolution_of_surnames_and_acronyms_within_a_document() -> None:
    first = "Wu Shizhong ran a bureau of the Ministry of State Security."
    second = "Wu said the MSS had grown."
    mentions = resolve_document(
        [
            spans_in(first, ("Wu Shizhong", "PERSON"), ("Ministry of State Security", "ORG")),
            spans_in(second, ("Wu", "PERSON"), ("MSS", "ORG")),
        ]
    )
    assert [(m.text, m.canonical, m.type) for m in mentions[1]] == [
        ("Wu", "Wu Shizhong", "PERSON"),
        ("MSS", "Ministry of State Security", "ORG"),
    ]


def test_a_surname_shared_by_two_people_is_left_alone() -> None:
    text = "Li Wei met Li Ming. Later, Li said nothing."
    lone = text.rindex("Li")
    spans = [*spans_in(text, ("Li Wei", "PERSON"), ("Li Ming", "PERSON")), RawSpan(lone, lone + 2, "Li", "PERSON")]
    (mentions,) = resolve_document([spans])
    assert [m.canonical for m in mentions] == ["Li Wei", "Li Ming", "Li"]


def test_a_name_takes_the_type_most_of_its_mentions_have() -> None:
    text = "Jordan exports phosphate. Jordan borders Israel. Jordan scored."
    spans = [
        RawSpan(m.start(), m.end(), "Jordan", label)
        for m, label in zip(re.finditer("Jordan", text), ["GPE", "GPE", "PERSON"], strict=True)
    ]
    cleaned = [piece for span in spans for piece in clean_span(text, span)]
    (mentions,) = resolve_document([cleaned])
    assert {m.type for m in mentions} == {"PLACE"}


def test_model_spans_are_trimmed_to_the_name() -> None:
    text = "Officers of the Ministry of State Security's bureau met in Beijing 2013."
    span = RawSpan(12, 44, text[12:44], "ORG")
    assert span.text == "the Ministry of State Security's"
    assert [s.text for s in clean_span(text, span)] == ["Ministry of State Security"]
    year = text.index("2013")
    assert clean_span(text, RawSpan(year, year + 4, "2013", "DATE")) == []


def test_extract_texts_gives_offsets_into_each_text() -> None:
    texts = [
        "Nigel Inkster worked in London for many years before he joined the institute.",
        "Angela Merkel met Emmanuel Macron in Paris on Tuesday to discuss the budget.",
    ]
    results = extract_texts(texts)
    assert len(results) == 2
    for text, mentions in zip(texts, results, strict=True):
        assert mentions
        for mention in mentions:
            assert text[mention.start : mention.end] == mention.text
    found = {(m.text, m.type) for mentions in results for m in mentions}
    assert {("Nigel Inkster", "PERSON"), ("London", "PLACE"), ("Angela Merkel", "PERSON"), ("Paris", "PLACE")} <= found
