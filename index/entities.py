"""One entity across documents: per-document mentions merged into corpus entities with counts."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .models import Entity, entity_key

StoredMention = tuple[int, int, int, str, str, str]
"""(passage n, start, end, surface, type, canonical) as kept in the documents index."""


@dataclass
class _Tally:
    name: str
    type: str
    mentions: int = 0
    docs: set[str] = field(default_factory=set)
    passages: set[tuple[str, int]] = field(default_factory=set)
    surfaces: Counter[str] = field(default_factory=Counter)


def aggregate(documents: Iterable[tuple[str, list[StoredMention]]]) -> tuple[list[Entity], dict[str, str]]:
    """Merge the mentions of every document into entities.

    Returns the entities, most mentioned first, and a map from every per-document entity key to
    the key of the entity it belongs to. A name that one document resolved as the alias of a
    fuller name ("MSS" → "Ministry of State Security") joins that entity in every document, as
    long as the alias points to only one entity of its type.
    """
    tallies: dict[str, _Tally] = {}
    for doc_id, mentions in documents:
        for n, _start, _end, surface, entity_type, canonical in mentions:
            key = entity_key(entity_type, canonical)
            tally = tallies.get(key)
            if tally is None:
                tally = tallies[key] = _Tally(canonical, entity_type)
            tally.mentions += 1
            tally.docs.add(doc_id)
            tally.passages.add((doc_id, n))
            tally.surfaces[surface] += 1

    alias_owners: dict[str, set[str]] = defaultdict(set)
    for key, tally in tallies.items():
        for surface in tally.surfaces:
            if surface.casefold() != tally.name.casefold():
                alias_owners[entity_key(tally.type, surface)].add(key)
    merged_into = {
        key: next(iter(owners))
        for key, owners in alias_owners.items()
        if len(owners) == 1 and key in tallies and next(iter(owners)) != key
    }

    members: dict[str, list[str]] = defaultdict(list)
    for key in tallies:
        members[merged_into.get(key, key)].append(key)
    entities = []
    key_map = {}
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
                aliases=_unique_folded(aliases),
                mention_count=sum(p.mentions for p in parts),
                doc_count=len(set().union(*(p.docs for p in parts))),
                passage_count=len(set().union(*(p.passages for p in parts))),
            )
        )
        key_map.update({k: target for k in keys})
    entities.sort(key=lambda e: (-e.mention_count, e.name.casefold()))
    return entities, key_map


def _unique_folded(names: tuple[str, ...]) -> tuple[str, ...]:
    seen: set[str] = set()
    result = []
    for name in names:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            result.append(name)
    return tuple(result)


def _display_name(tally: _Tally) -> str:
    """The most frequent spelling of the canonical name, preferring one not in capitals
    ("London" over a dateline's "LONDON"; short acronyms such as "OPEC" stay as they are)."""
    spellings = [(s, c) for s, c in tally.surfaces.items() if s.casefold() == tally.name.casefold()]
    if not spellings:
        return tally.name
    return max(spellings, key=lambda sc: (not sc[0].isupper() or len(sc[0]) <= 5, sc[1]))[0]
