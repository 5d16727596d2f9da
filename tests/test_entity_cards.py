"""Entity cards and the reader's corrections, through the Library, on the seeds and small corpora."""

from __future__ import annotations

from pathlib import Path

import pytest

import seeds
from index import Library, NotFound
from index.corrections import CorrectionError


@pytest.fixture
def reader(seed_index_dir: Path, tmp_path: Path) -> Library:
    """The seed index with this test's own user data, so corrections stay in the test."""
    return Library(seeds.path(), seed_index_dir, user_data=tmp_path / "userdata.sqlite")


def test_wu_shizhong_is_one_person_with_alias_and_descriptor(seed_library: Library) -> None:
    card = seed_library.entity_card("Wu Shizhong")
    assert card.entity.type == "PERSON"
    assert "Wu" in card.entity.aliases
    assert any("senior official in Bureau 13" in d.text for d in card.descriptors)
    assert {m.text for m in card.mentions} == {"Wu", "Wu Shizhong"}
    assert len(card.mentions) == card.entity.mention_count


def test_inkster_card_has_his_quotes_and_descriptors(seed_library: Library) -> None:
    card = seed_library.entity_card("inkster")
    assert card.entity.name == "Nigel Inkster"
    assert any(d.text.startswith("a senior adviser for cybersecurity and China") for d in card.descriptors)
    quoted = [q.text for q in card.quotes if not q.reported]
    reported = [q.text for q in card.quotes if q.reported]
    # “If they succeed …,” said Inkster: his words, in quotation marks in the text
    assert any(q.startswith("If they succeed in remaining on these networks undiscovered") for q in quoted)
    # … had been “strategic operations” intended to …, said Nigel Inkster: reported, not quoted
    assert any("strategic operations" in q for q in reported)
    passage = seed_library.passage(card.quotes[0].passage_id)
    assert passage.text[card.quotes[0].start : card.quotes[0].end] == card.quotes[0].text


def test_chen_yixin_co_mentions_include_burns_and_the_ministry(seed_library: Library) -> None:
    card = seed_library.entity_card("Chen Yixin")
    named_with = {e.name for e in card.co_mentions}
    assert {"Burns", "Ministry of State Security"} <= named_with
    assert "the current minister" in [d.text for d in card.descriptors]


def test_mss_and_the_ministry_are_one_org(seed_library: Library) -> None:
    assert seed_library.find_entity("MSS") == seed_library.find_entity("ministry of state security")
    card = seed_library.entity_card("MSS")
    assert card.entity.type == "ORG"
    assert {"MSS", "Ministry of State Security"} <= {m.text for m in card.mentions}


def test_names_match_ignoring_case_accents_typos_and_partial_words(seed_library: Library) -> None:
    with pytest.raises(NotFound):
        seed_library.find_entity("  ")
    assert seed_library.find_entity("nigel inkster").name == "Nigel Inkster"
    assert seed_library.find_entity("Nígel Inkstér").name == "Nigel Inkster"
    assert seed_library.find_entity("Nigel Inkstr").name == "Nigel Inkster"
    assert seed_library.find_entity("schwarck").name == "Edward Schwarck"
    with pytest.raises(NotFound, match="no entity named 'Zebedee'"):
        seed_library.find_entity("Zebedee")


def test_mentions_are_jump_targets_into_their_passages(seed_library: Library) -> None:
    for mention in seed_library.entity_card("Xi Jinping").mentions:
        passage = seed_library.passage(mention.passage_id)
        assert passage.text[mention.start : mention.end] == mention.text
        assert mention.context[mention.context_start : mention.context_end] == mention.text


def test_corrections_merge_rename_retype_hide_and_undo(reader: Library) -> None:
    reader.correct("merge", "Snowden", "Xi Jinping")
    merged = reader.find_entity("Xi Jinping")
    assert {"Edward Snowden", "Snowden", "Xi"} <= set(merged.aliases)
    assert reader.find_entity("Edward Snowden") == merged
    assert merged.doc_count == 1
    assert {m.text for m in reader.entity_card("Xi Jinping").mentions} >= {"Snowden", "Xi"}

    reader.correct("rename", "Burns", "William Burns")
    assert reader.find_entity("Burns").name == "William Burns"
    reader.correct("retype", "Natto Thoughts", "org")
    assert reader.find_entity("Natto Thoughts").type == "ORG"
    assert "Natto Thoughts" in [e.name for e in reader.entities("ORG")]

    reader.correct("hide", "Washington")
    assert "Washington" not in [e.name for e in reader.entities()]
    with pytest.raises(NotFound, match="hidden"):
        reader.find_entity("Washington")
    assert all(e.name != "Washington" for e in reader.search("Washington China").entities)

    assert reader.undo_correction() is not None
    assert reader.find_entity("Washington").name == "Washington"
    first = reader.corrections()[0]
    reader.undo_correction(first.id)
    assert reader.find_entity("Snowden").name == "Edward Snowden"
    assert [c.action for c in reader.corrections()] == ["rename", "retype"]


def test_a_merge_narrows_search_to_both_entities(reader: Library) -> None:
    before = reader.search("", within=(reader.find_entity("Xi Jinping").key,)).hits
    reader.correct("merge", "Edward Snowden", "Xi Jinping")
    after = reader.search("", within=(reader.find_entity("Xi Jinping").key,)).hits
    assert len(after) > len(before)
    assert any("Snowden" in hit.snippet for hit in after)


def test_bad_corrections_are_refused(reader: Library) -> None:
    with pytest.raises(NotFound, match="did you mean"):
        reader.correct("merge", "Wu", "Xi Jinpin")  # a typo is fine for looking up, not for correcting
    with pytest.raises(NotFound):
        reader.correct("hide", "")
    with pytest.raises(CorrectionError, match="unknown type"):
        reader.correct("retype", "Burns", "ANIMAL")
    with pytest.raises(CorrectionError, match="already one entity"):
        reader.correct("merge", "Xi", "Xi Jinping")
    with pytest.raises(NotFound):
        reader.correct("hide", "Nobody Atall")
    assert reader.corrections() == ()


def test_corrections_survive_a_rebuild(make_corpus, corpus_index_dir: Path, tmp_path: Path) -> None:
    text = (
        "Acme Widgets, a company that makes springs, hired Dana Scully. Scully said that the springs were fine.\n\n"
        "Later, Dana Scully met Fox Mulder in Boston.\n"
    )
    corpus = make_corpus({"a.txt": text})
    user_data = tmp_path / "user.sqlite"
    library = Library(corpus, corpus_index_dir, user_data=user_data)
    library.update()
    library.correct("rename", "Fox Mulder", "Fox W. Mulder")
    library.correct("merge", "Boston", "Dana Scully")
    library.update(rebuild=True)
    again = Library(corpus, corpus_index_dir, user_data=user_data)
    scully = again.find_entity("Dana Scully")
    assert "Boston" in scully.aliases
    assert again.find_entity("Mulder").name == "Fox W. Mulder"
    assert [c.action for c in again.corrections()] == ["rename", "merge"]


def test_co_mentions_after_a_merge_count_each_passage_once(reader: Library) -> None:
    reader.correct("merge", "Burns", "Chen Yixin")
    card = reader.entity_card("Chen Yixin")
    counts = {e.name: e.count for e in card.co_mentions}
    passages_with_us = [m for m in card.mentions if "US" in reader.passage(m.passage_id).text]
    assert counts["US"] == len({m.passage_id for m in passages_with_us}) == 1
    assert "Burns" not in counts and "Chen Yixin" not in counts


def test_namesakes_are_offered_for_a_merge() -> None:
    from index.cards import NameIndex, namesakes
    from index.models import Entity

    person = Entity("PERSON:paul volcker", "Paul Volcker", "PERSON", ("Volcker",), 324, 107, 304)
    headline = Entity("ORG:volcker", "VOLCKER", "ORG", (), 10, 10, 10)
    other = Entity("PERSON:paul simon", "Paul Simon", "PERSON", (), 3, 1, 1)
    index = NameIndex([person, headline, other])
    assert index.find("volcker")[0] == person  # the most mentioned of the name
    assert index.find("ORG:volcker")[0] == headline  # a key names exactly one
    assert namesakes(index, person) == (headline,)
    assert namesakes(index, other) == ()


def test_merging_two_co_mentioned_entities_counts_a_shared_passage_once(reader: Library) -> None:
    reader.correct("merge", "London", "China")  # both named in Inkster's passage 2
    counts = {e.name: e.count for e in reader.entity_card("Nigel Inkster").co_mentions}
    assert counts["China"] == 1


def test_a_correction_of_an_entity_no_longer_in_the_index_is_kept_and_said_to_have_no_effect(
    make_corpus, corpus_index_dir: Path, tmp_path: Path
) -> None:
    corpus = make_corpus({"a.txt": "Dana Scully met Fox Mulder in Boston on Monday morning.\n"})
    library = Library(corpus, corpus_index_dir, user_data=tmp_path / "user.sqlite")
    library.update()
    library.correct("hide", "Fox Mulder")
    (corpus / "a.txt").write_text("Dana Scully met the director in Boston on Monday morning.\n")
    library.update()
    (kept,) = library.corrections()
    assert library.describe(kept) == "hide fox mulder (no effect: the index has no such entity now)"


def test_a_card_pages_through_every_mention(make_corpus, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import index.library

    monkeypatch.setattr(index.library, "CARD_MENTIONS", 2)
    corpus = make_corpus(
        {
            f"{name}.txt": "\n\n".join(
                f"Dana Scully met client {name} on day {day}. Scully took notes." for day in range(3)
            )
            for name in ("a", "b")  # not the same bytes: a duplicate would be indexed once
        }
    )
    reader = Library(corpus, tmp_path / "index", user_data=tmp_path / "user.sqlite")
    reader.update()
    card = reader.entity_card("Dana Scully")
    assert (card.listed_passages, card.naming_passages) == (2, 6)
    mentions = list(card.mentions)
    for start in range(card.listed_passages, card.naming_passages, 2):
        mentions.extend(reader.entity_mentions(card.entity.key, start, 2))
    assert len(mentions) == card.entity.mention_count == 12
    assert [(m.doc_id, m.n) for m in mentions] == sorted((m.doc_id, m.n) for m in mentions)
    assert len({(m.doc_id, m.n, m.start) for m in mentions}) == 12
