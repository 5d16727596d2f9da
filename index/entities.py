"""One entity across documents: per-document mentions merged into corpus entities with counts."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .facts import DESCRIPTOR, REPORTED
from .merging import Tally, merge_targets
from .models import Entity, entity_key

StoredMention = tuple[int, int, int, str, str, str]
"""(passage n, start, end, surface, type, canonical) as kept in the documents index."""
StoredFact = tuple[str, int, str, int, int, str]
"""(kind, passage n, entity key, start, end, text) as kept in the documents index."""
StatementRow = list[object]
"""[doc_id, passage n, start, end, text] (a descriptor), or [..., text, reported] (a quote;
``reported``: reported speech, not words in quotation marks), as kept with its entity."""

STATEMENTS_KEPT = 200
"""Descriptors (and, separately, quotes) kept per entity; the card shows the first ones."""
CO_MENTIONS_KEPT = 25


@dataclass
class Profile:
    """What the corpus says about one entity: descriptors, quotes, and its co-mentioned entities."""

    descriptors: list[StatementRow] = field(default_factory=list)
    quotes: list[StatementRow] = field(default_factory=list)
    co_mentions: list[list[object]] = field(default_factory=list)
    """[[entity key, passages naming both], ...], most first."""


def aggregate(
    documents: Iterable[tuple[str, list[StoredMention]]],
) -> tuple[list[Entity], dict[str, str]]:
    """Merge the mentions of every document into entities.

    Returns the entities, most mentioned first, and a map from every per-document entity key to
    the key of the entity it belongs to (``index.merging``: one entity per real thing, whatever
    the spelling, acronym or short name a document used).
    """
    tallies: dict[str, Tally] = {}
    for doc_id, mentions in documents:
        for n, _start, _end, surface, entity_type, canonical in mentions:
            key = entity_key(entity_type, canonical)
            tally = tallies.get(key)
            if tally is None:
                tally = tallies[key] = Tally(canonical, entity_type)
            tally.mentions += 1
            tally.docs.add(doc_id)
            tally.passages.add((doc_id, n))
            tally.surfaces[surface] += 1

    key_map = merge_targets(tallies)
    members: dict[str, list[str]] = defaultdict(list)
    for key, target in key_map.items():
        members[target].append(key)
    entities = []
    for target, keys in members.items():
        parts = [tallies[k] for k in keys]
        surfaces: Counter[str] = Counter()
        for part in parts:
            surfaces.update(part.surfaces)
        name = _display_name(tallies[target])
        aliases = tuple(s for s, _ in surfaces.most_common() if s.casefold() != name.casefold())
        entities.append(
            Entity(
                key=target,
                name=name,
                type=tallies[target].type,
                aliases=unique_names(aliases),
                mention_count=sum(p.mentions for p in parts),
                doc_count=len(set().union(*(p.docs for p in parts))),
                passage_count=len(set().union(*(p.passages for p in parts))),
            )
        )
    entities.sort(key=lambda e: (-e.mention_count, e.name.casefold()))
    return entities, key_map


def unique_names(names: Iterable[str], exclude: str = "") -> tuple[str, ...]:
    """``names`` without repeats that differ only in case, and without ``exclude``."""
    seen = {exclude.casefold()} if exclude else set()
    result = []
    for name in names:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            result.append(name)
    return tuple(result)


DISPLAY_CASE_SHARE = 0.2
"""A spelling not in capitals names the entity when at least this share of its mentions use it."""


def _display_name(tally: Tally) -> str:
    """The most frequent spelling of the canonical name, preferring one not in capitals when the
    text uses it often enough ("Tokyo" over a dateline's "TOKYO"), so that acronyms written in
    capitals ("OPEC", now and then "Opec") stay as they are."""
    spellings = [(s, c) for s, c in tally.surfaces.items() if s.casefold() == tally.name.casefold()]
    if not spellings:
        return tally.name
    total = sum(c for _, c in spellings)
    return max(spellings, key=lambda sc: (not sc[0].isupper() and sc[1] >= DISPLAY_CASE_SHARE * total, sc[1]))[0]


def profiles(
    documents: Iterable[tuple[str, list[StoredMention], list[StoredFact]]], key_map: dict[str, str]
) -> dict[str, Profile]:
    """Descriptors, quotes and co-mentions of every entity (by corpus key), from the documents."""
    result: dict[str, Profile] = defaultdict(Profile)
    pairs: dict[str, Counter[str]] = defaultdict(Counter)
    for doc_id, mentions, facts in documents:
        by_passage: dict[int, set[str]] = defaultdict(set)
        for n, _start, _end, _surface, entity_type, canonical in mentions:
            key = entity_key(entity_type, canonical)
            by_passage[n].add(key_map.get(key, key))
        for keys in by_passage.values():
            for key in keys:
                pairs[key].update(keys - {key})
        for kind, n, key, start, end, text in facts:
            profile = result[key_map.get(key, key)]
            if kind == DESCRIPTOR:
                if len(profile.descriptors) < STATEMENTS_KEPT:
                    profile.descriptors.append([doc_id, n, start, end, text])
            elif len(profile.quotes) < STATEMENTS_KEPT:
                profile.quotes.append([doc_id, n, start, end, text, kind == REPORTED])
    for key, counts in pairs.items():
        result[key].co_mentions = [[k, c] for k, c in sorted(counts.items(), key=lambda kc: (-kc[1], kc[0]))][
            :CO_MENTIONS_KEPT
        ]
    return result
