"""One entity per real thing across documents: spellings, acronyms, aliases and surnames."""

from __future__ import annotations

from index.entities import aggregate
from index.models import Entity

Mention = tuple[int, int, int, str, str, str]


def named(surface: str, entity_type: str, canonical: str = "", times: int = 1) -> list[Mention]:
    """``times`` mentions of ``surface`` in passage 1, resolved to ``canonical`` (itself by default)."""
    return [(1, 0, len(surface), surface, entity_type, canonical or surface)] * times


def entities_of(*documents: list[Mention]) -> dict[str, Entity]:
    entities, _ = aggregate((f"{i}.txt", mentions) for i, mentions in enumerate(documents))
    return {e.name: e for e in entities}


def test_dotted_and_undotted_acronyms_and_their_expansion_are_one_entity() -> None:
    found = entities_of(
        named("U.S.", "PLACE", times=3) + named("United States", "PLACE"),
        named("United States", "PLACE") + named("U.S.", "PLACE"),
        named("US", "PLACE") + named("U.S.", "PLACE", times=2),
        named("U.S.", "PLACE", times=4),
    )
    assert list(found) == ["United States"]
    united = found["United States"]
    assert set(united.aliases) == {"U.S.", "US"}
    assert united.mention_count == 13 and united.doc_count == 4


def test_an_acronym_named_beside_its_expansion_once_only_stays_apart() -> None:
    found = entities_of(named("EC", "ORG") + named("European Community", "ORG"), named("EC", "ORG", times=5))
    assert set(found) == {"EC", "European Community"}


def test_an_acronym_joins_the_expansion_most_documents_pair_it_with() -> None:
    found = entities_of(
        *[named("EC", "ORG") + named("European Community", "ORG") for _ in range(3)],
        named("EC", "ORG") + named("European Commission", "ORG"),
        named("EC", "ORG", times=6),
    )
    assert found["European Community"].mention_count == 3 + 10  # every EC: the pairing is corpus-wide
    assert "EC" in found["European Community"].aliases and "EC" not in found
    assert found["European Commission"].mention_count == 1


def test_a_surname_alone_joins_the_one_full_name_most_mentions_give_it() -> None:
    found = entities_of(
        named("James Baker", "PERSON", times=8),
        named("Howard Baker", "PERSON", times=2),
        named("Baker", "PERSON", times=3),
        named("Volcker", "PERSON", times=2),
    )
    assert found["James Baker"].mention_count == 11 and "Baker" in found["James Baker"].aliases
    assert found["Howard Baker"].mention_count == 2
    assert "Volcker" in found  # no full name to join


def test_a_surname_shared_evenly_by_two_people_stays_apart() -> None:
    found = entities_of(
        named("James Baker", "PERSON", times=5), named("Howard Baker", "PERSON", times=4), named("Baker", "PERSON")
    )
    assert set(found) == {"James Baker", "Howard Baker", "Baker"}


def test_one_name_typed_two_ways_takes_the_type_most_mentions_give_it() -> None:
    found = entities_of(named("Fairchild", "ORG", times=5), named("Fairchild", "PERSON"), named("FAIRCHILD", "ORG"))
    assert list(found) == ["Fairchild"]
    assert found["Fairchild"].type == "ORG" and found["Fairchild"].mention_count == 7


def test_a_city_stays_a_city_when_one_document_calls_a_person_by_its_name() -> None:
    found = entities_of(
        named("Washington", "PLACE", times=20),
        named("George Washington", "PERSON") + named("Washington", "PERSON", "George Washington"),
    )
    assert found["Washington"].type == "PLACE" and found["Washington"].mention_count == 20
    assert found["George Washington"].mention_count == 2


def test_a_name_split_evenly_between_two_types_stays_two_entities() -> None:
    entities, _ = aggregate([("a.txt", named("Jordan", "PLACE", times=3) + named("Jordan", "PERSON", times=3))])
    assert sorted(e.type for e in entities) == ["PERSON", "PLACE"]


def test_long_names_spelt_almost_alike_are_one_and_take_their_acronym() -> None:
    found = entities_of(
        named("Organisation of Petroleum Exporting Countries", "ORG") + named("OPEC", "ORG", times=2),
        named("Organization of Petroleum Exporting Countries", "ORG") + named("OPEC", "ORG"),
        named("Internatinal Coffee Organization", "ORG"),
        named("International Coffee Organization", "ORG", times=3),
        named("International Cocoa Organization", "ORG", times=2),
    )
    assert set(found) == {
        "Organisation of Petroleum Exporting Countries",
        "International Coffee Organization",
        "International Cocoa Organization",
    }
    assert found["Organisation of Petroleum Exporting Countries"].mention_count == 5
    assert found["International Coffee Organization"].mention_count == 4


def test_a_headline_surname_typed_otherwise_joins_the_person_the_documents_resolve_it_to() -> None:
    found = entities_of(
        *[named("Paul Volcker", "PERSON") + named("Volcker", "PERSON", "Paul Volcker", times=2) for _ in range(3)],
        named("VOLCKER", "ORG", times=2),
    )
    assert list(found) == ["Paul Volcker"] and found["Paul Volcker"].mention_count == 11


def test_one_document_s_short_form_does_not_swallow_a_name_used_on_its_own_in_many() -> None:
    found = entities_of(
        named("Senate Appropriations Committee", "ORG") + named("Senate", "ORG", "Senate Appropriations Committee"),
        named("U.S. Senate", "ORG", times=2),
        named("Senate Finance Committee", "ORG", times=2),
        *[named("Senate", "ORG", times=2) for _ in range(5)],
    )
    assert found["Senate"].mention_count == 10
    assert found["Senate Appropriations Committee"].mention_count == 2  # its own and its document's "Senate"


def test_one_document_s_short_form_folds_when_the_name_is_the_longer_one_s_alone() -> None:
    found = entities_of(
        named("Sanwa Bank Ltd", "ORG") + named("Sanwa", "ORG", "Sanwa Bank Ltd"),
        named("Nippon Telegraph and Telephone", "ORG") + named("NTT", "ORG", "Nippon Telegraph and Telephone"),
        *[named("Sanwa", "ORG") + named("NTT", "ORG") for _ in range(4)],
    )
    assert set(found) == {"Sanwa Bank Ltd", "Nippon Telegraph and Telephone"}
    assert found["Sanwa Bank Ltd"].mention_count == 2 + 4


def test_a_name_and_its_form_with_a_final_s_are_one_when_one_has_nearly_all_the_mentions() -> None:
    found = entities_of(
        named("Reuters", "ORG", times=20),
        named("Reuter", "ORG", times=2),
        named("Time", "ORG", times=3),
        named("Times", "ORG", times=2),  # two magazines: neither has nearly all the mentions
        named("Peter", "PERSON"),
        named("Peters", "PERSON", times=20),  # people are left alone
    )
    assert found["Reuters"].mention_count == 22 and "Reuter" in found["Reuters"].aliases
    assert {"Time", "Times", "Peter", "Peters"} <= set(found)


def test_places_iso_names_as_one_country_are_one_place_and_no_other_is_folded_in() -> None:
    found = entities_of(
        named("Soviet Union", "PLACE", times=5),
        named("USSR", "PLACE", times=2),
        named("United Kingdom", "PLACE", times=4) + named("Great Britain", "PLACE"),
        named("Ireland", "PLACE", times=3) + named("Northern Ireland", "PLACE", times=2),
        named("Africa", "PLACE", times=3) + named("South Africa", "PLACE"),
        named("Kingdom of Norway", "PLACE") + named("Norway", "PLACE", times=2),
    )
    assert found["Soviet Union"].mention_count == 7 and "USSR" in found["Soviet Union"].aliases
    assert found["United Kingdom"].mention_count == 5
    assert found["Norway"].mention_count == 3
    for apart in ("Ireland", "Northern Ireland", "Africa", "South Africa"):
        assert found[apart].aliases == ()
