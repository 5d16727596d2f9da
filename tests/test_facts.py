"""What the text says about entities: descriptors and quotes found around resolved mentions."""

from __future__ import annotations

from index.facts import DESCRIPTOR, QUOTE, REPORTED, Fact, extract_facts
from index.models import Mention


def mention(text: str, name: str, entity_type: str = "PERSON", canonical: str = "", nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(name, start + 1)
    return Mention(start, start + len(name), name, entity_type, canonical or name)


def facts(text: str, *mentions: Mention) -> list[Fact]:
    return extract_facts([(1, text)], [list(mentions)])


def said(found: list[Fact], kind: str) -> list[tuple[str, str]]:
    return [(f.entity_key, f.text) for f in found if f.kind == kind]


def test_apposition_relative_copula_and_role_are_descriptors() -> None:
    text = (
        "Jane Roe, a senior analyst at Acme Research, spoke first. Later John Doe, who was a lawyer in Ohio, "
        "arrived. Roe is the author of two books. They met former navy officer Max Planck."
    )
    found = facts(
        text,
        mention(text, "Jane Roe"),
        mention(text, "Acme Research", "ORG"),
        mention(text, "John Doe"),
        mention(text, "Ohio", "PLACE"),
        mention(text, "Roe", canonical="Jane Roe", nth=1),
        mention(text, "Max Planck"),
    )
    assert said(found, DESCRIPTOR) == [
        ("PERSON:jane roe", "a senior analyst at Acme Research"),
        ("PERSON:john doe", "a lawyer in Ohio"),
        ("PERSON:jane roe", "the author of two books"),
        ("PERSON:max planck", "former navy officer"),
    ]
    for fact in found:
        assert text[fact.start : fact.end] == fact.text


def test_lists_settings_and_subjects_of_saying_are_not_descriptors() -> None:
    text = (
        "In Paris, the talks resumed. Trade between France and Spain, the two largest producers, grew. "
        "Profits rose, Acme Corp, the company said."
    )
    found = facts(
        text,
        mention(text, "Paris", "PLACE"),
        mention(text, "France", "PLACE"),
        mention(text, "Spain", "PLACE"),
        mention(text, "Acme Corp", "ORG"),
    )
    assert said(found, DESCRIPTOR) == []


def test_quotes_credited_after_before_and_by_pronoun() -> None:
    text = (
        "“We will not sell the company at any price,” said Ann Lee. “Our plan has not changed at all.” "
        "Bob Stone said: “The deal is dead and buried now.” Later Carl Diaz spoke to the press. "
        "“Nobody expected it to end this way,” he said."
    )
    found = facts(text, mention(text, "Ann Lee"), mention(text, "Bob Stone"), mention(text, "Carl Diaz"))
    assert said(found, QUOTE) == [
        ("PERSON:ann lee", "We will not sell the company at any price"),
        ("PERSON:ann lee", "Our plan has not changed at all."),
        ("PERSON:bob stone", "The deal is dead and buried now."),
        ("PERSON:carl diaz", "Nobody expected it to end this way"),
    ]
    assert said(found, REPORTED) == []


def test_reported_speech_and_according_to() -> None:
    text = (
        "Ann Lee said that prices would rise in the spring. Exports fell sharply last year, said Bob Stone. "
        "According to Carl Diaz, the merger was never discussed by the board."
    )
    found = facts(text, mention(text, "Ann Lee"), mention(text, "Bob Stone"), mention(text, "Carl Diaz"))
    assert said(found, REPORTED) == [
        ("PERSON:ann lee", "prices would rise in the spring"),
        ("PERSON:bob stone", "Exports fell sharply last year"),
        ("PERSON:carl diaz", "the merger was never discussed by the board"),
    ]
    assert said(found, QUOTE) == []  # none of it was in quotation marks


def test_scare_quotes_negations_and_other_speakers_are_not_quotes() -> None:
    text = (
        "Ann Lee called it a “strategic operation” last week. Bob Stone has not publicly said he agreed. "
        "“The market will recover before the summer,” analysts said. Traders in London said the dollar fell."
    )
    found = facts(text, mention(text, "Ann Lee"), mention(text, "Bob Stone"), mention(text, "London", "PLACE"))
    assert said(found, QUOTE) == []


def test_a_possessive_is_not_the_speaker_of_he_said() -> None:
    text = "In 2013, Wu pointed to Snowden’s disclosures about surveillance. “Technical prowess is the core,” he said."
    found = facts(text, mention(text, "Wu", canonical="Wu Shizhong"), mention(text, "Snowden"))
    assert said(found, QUOTE) == [("PERSON:wu shizhong", "Technical prowess is the core")]


def test_where_and_when_something_was_said_is_not_what_was_said() -> None:
    text = (
        "Ann Lee said in remarks prepared for a luncheon that the deficit must fall. "
        "Bob Stone said in an interview on Tuesday."
    )
    found = facts(text, mention(text, "Ann Lee"), mention(text, "Bob Stone"))
    assert said(found, REPORTED) == [("PERSON:ann lee", "the deficit must fall")]


def test_the_speaker_may_carry_an_apposition_and_what_is_spoken_of_is_no_speaker() -> None:
    text = (
        "Stephen Hanke, chief economist at Friedburg Commodity Management, said OPEC production was lower. "
        "According to Ann Lee, the cartel will meet in June."
    )
    found = facts(
        text,
        mention(text, "Stephen Hanke"),
        mention(text, "Friedburg Commodity Management", "ORG"),
        mention(text, "OPEC", "ORG"),
        mention(text, "Ann Lee"),
    )
    assert said(found, REPORTED) == [
        ("PERSON:stephen hanke", "OPEC production was lower"),
        ("PERSON:ann lee", "the cartel will meet in June"),
    ]
