"""One place per country across documents, by the names ISO 3166 gives it, as `sleuth entity` shows it."""

from __future__ import annotations

import json

import pytest

ARTICLES = {
    "grain.txt": "MOSCOW, March 3 - The Soviet Union bought more wheat this week, traders said.\n\n"
    "The Soviet Union is the largest buyer of wheat, and the Soviet Union pays in dollars.\n",
    "exports.txt": "CHICAGO, March 4 - Exports of corn to the USSR rose in February.\n\n"
    "Grain sales to the USSR and to the Soviet Union's allies were higher, dealers said.\n",
    "london.txt": "LONDON, March 5 - The government of Great Britain will cut taxes this year.\n\n"
    "The United Kingdom had a trade surplus, and the United Kingdom expects growth.\n",
    "dublin.txt": "DUBLIN, March 6 - Ireland cut interest rates on Friday.\n\n"
    "The central bank of Ireland said Ireland had lower inflation than the United Kingdom.\n",
}


@pytest.fixture
def card(sleuth, make_corpus):  # type: ignore[no-untyped-def]
    corpus = make_corpus(ARTICLES)
    assert sleuth("index", str(corpus))[0] == 0

    def open_card(name: str) -> dict:
        status, out, _ = sleuth("entity", name, "--json", "--corpus", str(corpus))
        assert status == 0
        return json.loads(out)

    return open_card


def test_ussr_and_soviet_union_open_one_card(card) -> None:  # type: ignore[no-untyped-def]
    soviet = card("Soviet Union")
    assert soviet["type"] == "PLACE"
    assert card("USSR")["key"] == soviet["key"]
    assert {m["path"] for m in soviet["mentions"]} == {"grain.txt", "exports.txt"}


def test_great_britain_opens_the_united_kingdom_and_ireland_stays_its_own_place(card) -> None:  # type: ignore[no-untyped-def]
    kingdom = card("United Kingdom")
    assert card("Great Britain")["key"] == kingdom["key"]
    ireland = card("Ireland")
    assert ireland["key"] != kingdom["key"] and ireland["name"] == "Ireland"
    assert {m["path"] for m in ireland["mentions"]} == {"dublin.txt"}
