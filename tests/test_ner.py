"""Entities: who and what the seed article names, and how short names resolve to full ones."""

from __future__ import annotations

import re

import pytest

import seeds
from index import Library
from index.ner import RawSpan, clean_span, extract_texts, is_name, mentions_from_spans, resolve_document

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


SEED_ORG_EVIDENCE = [
    ("Natto Thoughts", "Natto Thoughts, a company that advises"),
    ("Crowd Strike", "Crowd Strike and other cybersecurity firms"),
]


def seed_paragraph(containing: str) -> str:
    (article,) = sorted(seeds.path().glob("*.txt"))
    (paragraph,) = [p for p in article.read_text(encoding="utf-8").split("\n") if containing in p]
    return paragraph


@pytest.mark.parametrize(("name", "evidence"), SEED_ORG_EVIDENCE)
def test_seed_names_described_as_companies_are_orgs_in_extraction(name: str, evidence: str) -> None:
    text = seed_paragraph(evidence)
    (mentions,) = extract_texts([text])
    assert {m.type for m in mentions if m.text == name} == {"ORG"}


@pytest.mark.parametrize(("name", "evidence"), SEED_ORG_EVIDENCE)
def test_seed_names_described_as_companies_are_orgs_in_the_index(
    seed_library: Library, name: str, evidence: str
) -> None:
    assert evidence in seed_paragraph(evidence)
    assert entity_named(seed_library, name).type == "ORG"


def labelled(text: str, name: str, label: str) -> list[RawSpan]:
    """Every occurrence of ``name`` in ``text`` as a model span with ``label`` (the model's guess)."""
    return [RawSpan(m.start(), m.end(), name, label) for m in re.finditer(re.escape(name), text)]


@pytest.mark.parametrize(
    ("text", "name", "model_label", "expected"),
    [
        ("Vexel Partners, a small consulting firm in Leeds, won the contract.", "Vexel Partners", "PERSON", "ORG"),
        ("Orrin Vale, the country's biggest lender, cut rates.", "Orrin Vale", "PERSON", "ORG"),
        ("Audits by Harlow Mint and other regional banks found nothing.", "Harlow Mint", "PERSON", "ORG"),
        ("The essay was read by the news weekly Kestrel on Sunday.", "Kestrel", "PERSON", "ORG"),
        ("“We are ready,” said Corvin Ashdale, a senior analyst at the bank.", "Corvin Ashdale", "ORG", "PERSON"),
        ("Tamsin Oakry, spokeswoman for the ministry, declined to comment.", "Tamsin Oakry", "PLACE", "PERSON"),
        ("Ships left Tavrin, a port city on the northern coast, at dawn.", "Tavrin", "PERSON", "PLACE"),
        ("Rebels held the mountain town of Marlowby for a week.", "Marlowby", "ORG", "PLACE"),
        ("Shares in Brannock Copper Ltd rose.", "Brannock Copper Ltd", "PERSON", "ORG"),
    ],
)
def test_the_texts_own_description_decides_the_type(text: str, name: str, model_label: str, expected: str) -> None:
    (mentions,) = resolve_document([labelled(text, name, model_label)], [text])
    assert [(m.text, m.type) for m in mentions] == [(name, expected)]


def test_a_list_head_types_every_name_of_the_list() -> None:
    text = "Keltbrook, Harlow Mint and other lenders were fined."
    spans = [*labelled(text, "Keltbrook", "PLACE"), *labelled(text, "Harlow Mint", "PERSON")]
    (mentions,) = resolve_document([spans], [text])
    assert [(m.text, m.type) for m in mentions] == [("Keltbrook", "ORG"), ("Harlow Mint", "ORG")]


def test_evidence_in_one_passage_types_the_name_in_the_whole_document() -> None:
    texts = [
        "Vexel Partners won the contract.",
        "Vexel Partners, a consultancy, was founded in 2001.",
        "Vexel Partners",
    ]
    spans = [labelled(text, "Vexel Partners", "PERSON") for text in texts]
    resolved = resolve_document(spans, texts)
    assert [m.type for mentions in resolved for m in mentions] == ["ORG", "ORG", "ORG"]


@pytest.mark.parametrize(
    ("text", "name", "model_label"),
    [
        ("Jordan, who scored twice, left early.", "Jordan", "PERSON"),  # no noun says what Jordan is
        ("Troops entered Tavrin, the ministry said.", "Tavrin", "PLACE"),  # the subject of a quote
        ("Prices rose in Tavrin, analysts said.", "Tavrin", "PLACE"),  # a plural is not an apposition
        ("Sales of Orrin Vale, a former minister, fell.", "Orrin Vale", "ORG"),  # describes whoever sells
        ("The talks in Tavrin, the Harbour Council's home, ended.", "Tavrin", "PLACE"),  # a proper noun
        ("Orrin Vale, a bank robber, was caught.", "Orrin Vale", "PERSON"),  # the head is the last noun
        ("Settlers returned to the West Bank.", "West Bank", "PLACE"),  # "bank" inside a name says little
    ],
)
def test_without_evidence_the_models_type_stands(text: str, name: str, model_label: str) -> None:
    (mentions,) = resolve_document([labelled(text, name, model_label)], [text])
    assert [(m.text, m.type) for m in mentions] == [(name, model_label)]


@pytest.mark.parametrize("junk", ["A", "J.", "1996", "12,000", "---", "The", "Loading", "Advertisement", "’s"])
def test_junk_is_never_a_name(junk: str) -> None:
    text = f"{junk} is here."
    assert not is_name(junk)
    assert clean_span(text, RawSpan(0, len(junk), junk, "ORG")) == []


@pytest.mark.parametrize(
    ("span_text", "name"),
    [("the Natto Thoughts", "Natto Thoughts"), ("An Garda", "Garda"), ("Inkster’s", "Inkster"), ("GCHQ's", "GCHQ")],
)
def test_articles_and_possessives_are_not_part_of_names(span_text: str, name: str) -> None:
    text = f"They met {span_text} team."
    start = text.index(span_text)
    assert [s.text for s in clean_span(text, RawSpan(start, start + len(span_text), span_text, "ORG"))] == [name]


def test_extracted_names_have_no_article_possessive_or_junk() -> None:
    text = "The Guardian’s editor met the BBC’s reporter. A. Loading 1996. Then Angela Merkel’s aide left."
    (mentions,) = extract_texts([text])
    assert mentions
    for m in mentions:
        assert is_name(m.text), m.text
        assert not re.match(r"(?i)(?:the|a|an)\s", m.text) and not re.search(r"['’]s?$", m.text), m.text


def test_labels_of_indented_figure_rows_are_not_names() -> None:
    text = (
        "CHICAGO, Feb 26 - Oper shr loss two cts\n"
        "    Revs 291.8 mln vs 151.1 mln\n"
        "    Avg shrs 51.7 mln vs 43.4 mln\n"
        "    Reagan said the budget was fine.\n"
    )
    names = {m.text for m in extract_texts([text])[0]}
    assert "Reagan" in names
    assert not {"Revs", "Avg"} & names
    cleaned = "Revs 291.8 mln vs 151.1 mln\n\nNet 1,545,160 vs 2,188,933"  # as paragraphs, unindented
    assert not {m.text for m in extract_texts([cleaned])[0]} & {"Revs", "Net"}
    scores = extract_texts(["Oldham 3 Ipswich 1"])[0]  # a line of scores names its teams
    assert "Oldham" in {m.text for m in scores}
    # the same shape without the indented line of figures is left to the model
    spans = clean_span("Revs Smith said 3 things", RawSpan(0, 10, "Revs Smith", "PERSON"))
    assert [s.text for s in spans] == ["Revs Smith"]


@pytest.mark.parametrize(
    "text, name",
    [
        ("GRAIN PRICES FALL\n\nWASHINGTON, March 2 - The Treasury said it would act.", "WASHINGTON"),
        ("UNIT SOLD\n\nPORTLAND, Ore., Feb 26 - Red Lion Inns said it sold a unit.", "PORTLAND"),
        ("BRUSSELS 1996-08-22", "BRUSSELS"),
    ],
)
def test_the_place_of_a_news_dateline_is_a_place(text: str, name: str) -> None:
    types = {m.text: m.type for m in extract_texts([text])[0]}
    assert types.get(name) == "PLACE"


def test_a_name_before_a_date_in_prose_is_not_a_dateline() -> None:
    (mentions,) = extract_texts(["Ronald Reagan, March 3 was a busy day for the President."])
    assert {m.text: m.type for m in mentions}.get("Ronald Reagan") == "PERSON"


@pytest.mark.parametrize("amount", ["U.S. Dlrs", "Canadian Dollars", "Swiss Francs"])
def test_a_currency_is_not_a_name(amount: str) -> None:
    assert not is_name(amount)
    assert is_name("Marks and Spencer") and is_name("Deutsche Bank")


def spans_at(text: str, *named: tuple[str, str]) -> list[RawSpan]:
    """Model spans for the first occurrence of each (surface, label) in ``text``."""
    found = []
    for surface, label in named:
        start = text.index(surface)
        found.append(RawSpan(start, start + len(surface), surface, label))
    return found


def test_a_headline_span_is_cut_to_the_name_the_document_gives_it() -> None:
    text = "UGANDA PULLS OUT OF COFFEE MARKET\n\nKampala - Uganda has stopped offering coffee, said Ann Lee."
    spans = spans_at(text, ("UGANDA PULLS", "PERSON"), ("Uganda", "GPE"), ("Ann Lee", "PERSON"))
    (mentions,) = mentions_from_spans([[text]], [spans])[0]
    assert ("UGANDA", "PLACE") in [(m.text, m.type) for m in mentions]
    assert "UGANDA PULLS" not in [m.text for m in mentions]


def test_a_headline_name_the_text_never_repeats_stays_whole() -> None:
    text = "NEW YORK SAYS YES\n\nThe city council voted on Monday, said Ann Lee."
    spans = spans_at(text, ("NEW YORK", "GPE"), ("Ann Lee", "PERSON"))
    (mentions,) = mentions_from_spans([[text]], [spans])[0]
    assert [(m.text, m.type) for m in mentions] == [("NEW YORK", "PLACE"), ("Ann Lee", "PERSON")]


def test_a_short_form_of_a_company_named_in_full_is_the_company() -> None:
    text = "Fairchild Industries said on Monday it would sell a unit. Fairchild shares rose."
    spans = spans_at(text, ("Fairchild Industries", "ORG"), ("Fairchild", "PERSON"))
    spans[1] = RawSpan(text.rindex("Fairchild"), text.rindex("Fairchild") + 9, "Fairchild", "PERSON")
    (mentions,) = mentions_from_spans([[text]], [spans])[0]
    assert [(m.text, m.type, m.canonical) for m in mentions] == [
        ("Fairchild Industries", "ORG", "Fairchild Industries"),
        ("Fairchild", "ORG", "Fairchild Industries"),
    ]


def test_a_surname_stays_the_person_s_though_a_company_bears_it() -> None:
    text = "John Fairchild runs Fairchild Industries. Fairchild said profits rose."
    spans = spans_at(text, ("John Fairchild", "PERSON"), ("Fairchild Industries", "ORG"))
    spans.append(RawSpan(text.rindex("Fairchild"), text.rindex("Fairchild") + 9, "Fairchild", "PERSON"))
    (mentions,) = mentions_from_spans([[text]], [spans])[0]
    assert (mentions[-1].text, mentions[-1].canonical) == ("Fairchild", "John Fairchild")
