"""Which country a place name names, from ISO 3166 (pycountry's data, not a table of our own).

A country's names are the ones ISO gives it: its short name, official name and common name
("Korea, Republic of" also as "Republic of Korea", "USSR, Union of Soviet Socialist Republics"
as both), current countries and historic ones (the USSR, Czechoslovakia, Yugoslavia). A name of
two words or more is the country's too when all its words are words of one of the country's
names and of no other country's name, and it is not the name of a region ISO lists inside a country
(ISO 3166-2): "Soviet Union" is the USSR's, "Great Britain" the United Kingdom's; "Northern
Ireland" (a province of the United Kingdom) is not, nor is one word alone ("Ireland", also a word
of the United Kingdom's official name, is Ireland; "Africa" never becomes South Africa).
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from .ner import spelling

_STOPWORDS = frozenset({"of", "the", "and", "&"})
_SPLIT = re.compile(r"[\s\-]+")


def _words(name: str) -> frozenset[str]:
    return frozenset(w for w in _SPLIT.split(spelling(name)) if w and w not in _STOPWORDS)


def iso_names(name: str) -> list[str]:
    """An ISO name as the names it stands for: "Korea, Republic of" → "Republic of Korea";
    "Virgin Islands, British" → "British Virgin Islands"; "USSR, Union of Soviet Socialist
    Republics" → both parts."""
    if "," not in name:
        return [name]
    head, _, tail = (part.strip() for part in name.partition(","))
    words = tail.casefold().split()
    if len(words) == 1 or words[-1] == "of" or words[-2:] == ["of", "the"]:
        return [f"{tail} {head}"]  # a qualifier or a title put after the name
    return [head, tail]  # two names of one country


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, frozenset[tuple[str, str]]], frozenset[str]]:
    """(folded name → country code, word → the (code, name) of the countries' names holding it,
    folded region names)."""
    import pycountry  # imported when entities are merged: its data takes a moment to load

    names: dict[str, set[str]] = defaultdict(set)
    countries = [(c.alpha_2, c) for c in pycountry.countries]
    countries += [(getattr(c, "alpha_4", c.alpha_2), c) for c in pycountry.historic_countries]
    for code, country in countries:
        for field in ("name", "official_name", "common_name"):
            value = getattr(country, field, None)
            for name in iso_names(value) if value else ():
                names[spelling(name)].add(code)
    by_name = {name: next(iter(codes)) for name, codes in names.items() if len(codes) == 1}
    holders: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for name, codes in names.items():
        for word in _words(name):
            holders[word].update((code, name) for code in codes)
    regions = frozenset(spelling(s.name) for s in pycountry.subdivisions)
    return by_name, {word: frozenset(held) for word, held in holders.items()}, regions


def country_of(name: str) -> str | None:
    """The ISO code of the country ``name`` names, or None (see the module's rules)."""
    by_name, holders, regions = _tables()
    folded = spelling(name)
    if folded in by_name:
        return by_name[folded]
    words = _words(name)
    if len(words) < 2 or folded in regions:
        return None
    codes = {code for code, _name in frozenset.intersection(*(holders.get(word, frozenset()) for word in words))}
    return next(iter(codes)) if len(codes) == 1 else None
