"""Entity cards: finding an entity by any of its names, and gathering what the corpus says about it."""

from __future__ import annotations

import difflib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from whoosh.query import Or, Term
from whoosh.searching import Searcher

from .corrections import EntityView
from .models import Entity, EntityCount, Highlight, MentionRef, Statement, entity_key
from .search import snippet

CONTEXT_CHARS = 160
TYPO_CUTOFF = 0.8
"""How alike (difflib ratio) a name must be to count as a small typo of an entity's name."""


def fold(name: str) -> str:
    """A name for matching: accents dropped, case folded, spaces collapsed ("Müller" → "muller")."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("’", "'").casefold().split())


class NameIndex:
    """Every name and alias of the entities, folded, for finding one by what a reader types."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.by_key: dict[str, Entity] = {}
        self.by_name: dict[str, list[Entity]] = {}
        for entity in entities:
            self.by_key[entity.key.casefold()] = entity
            for known in (entity.name, *entity.aliases):
                self.by_name.setdefault(fold(known), []).append(entity)

    def find(self, name: str, exact: bool = False) -> tuple[Entity | None, tuple[str, ...]]:
        """The entity ``name`` (a key, name or alias) names, the most mentioned among equals; with
        ``exact`` nothing else, else also a small typo or the start of each word ("natto"). When
        none: None and the closest names, for "did you mean"."""
        wanted = fold(name)
        if not wanted:
            return None, ()
        if (by_key := self.by_key.get(name.strip().casefold())) is not None:
            return by_key, ()
        if wanted in self.by_name:
            return _best(self.by_name[wanted], wanted), ()
        if exact:
            return None, self._closest(wanted)
        close = difflib.get_close_matches(wanted, list(self.by_name), n=5, cutoff=TYPO_CUTOFF)
        if close and (len(close) == 1 or _ratio(wanted, close[0]) > _ratio(wanted, close[1])):
            return _best(self.by_name[close[0]], close[0]), ()
        words = wanted.split()
        partial = [
            e
            for known, named in self.by_name.items()
            if all(any(part.startswith(w) for part in known.split()) for w in words)
            for e in named
        ]
        if partial:  # "natto" → "Natto Thoughts"
            return max(partial, key=lambda e: e.mention_count), ()
        return None, self._closest(wanted)

    def _closest(self, wanted: str) -> tuple[str, ...]:
        suggestions = difflib.get_close_matches(wanted, list(self.by_name), n=3, cutoff=0.6)
        return tuple(dict.fromkeys(self.by_name[s][0].name for s in suggestions))


def namesakes(index: NameIndex, entity: Entity) -> tuple[Entity, ...]:
    """Other entities known by one of ``entity``'s names: candidates for a merge ("VOLCKER", an
    organisation, beside the person Paul Volcker, alias Volcker)."""
    others = {
        other.key: other
        for known in (entity.name, *entity.aliases)
        for other in index.by_name.get(fold(known), [])
        if other.key != entity.key
    }
    return tuple(sorted(others.values(), key=lambda e: -e.mention_count))


def _best(candidates: list[Entity], folded: str) -> Entity:
    """Among entities sharing a name, the most mentioned ("Volcker": the person, not a headline's
    VOLCKER taken for an organisation), then the one whose own name it is."""
    return max(candidates, key=lambda e: (e.mention_count, fold(e.name) == folded))


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def statements(
    profiles: Searcher, sources: Iterable[str]
) -> tuple[tuple[Statement, ...], tuple[Statement, ...], Counter[str]]:
    """Descriptors, quotes and co-mention counts stored for the index entities ``sources``."""
    descriptors: dict[tuple[str, int, int], Statement] = {}
    quotes: dict[tuple[str, int, int], Statement] = {}
    co_mentions: Counter[str] = Counter()
    for source in sources:
        fields = profiles.document(key=source)
        if fields is None:
            continue
        for rows, kept in ((fields["descriptors"], descriptors), (fields["quotes"], quotes)):
            for doc_id, n, start, end, text, *reported in rows:
                statement = Statement(f"{doc_id}#{n}", doc_id, n, text, start, end, reported=any(reported))
                kept.setdefault((doc_id, n, start), statement)
        co_mentions.update({key: count for key, count in fields["co_mentions"]})
    return _collapsed(descriptors.values(), most_first=True), _collapsed(quotes.values()), co_mentions


def _collapsed(found: Iterable[Statement], most_first: bool = False) -> tuple[Statement, ...]:
    """One statement per wording (its first place, with how many passages repeat it); the most
    repeated first when ``most_first``, else in document order."""
    first: dict[str, Statement] = {}
    repeats: Counter[str] = Counter()
    for statement in found:
        wording = fold(statement.text)
        first.setdefault(wording, statement)
        repeats[wording] += 1
    kept = [replace(statement, repeats=repeats[wording]) for wording, statement in first.items()]
    return tuple(sorted(kept, key=lambda s: -s.repeats) if most_first else kept)


def co_mentioned(
    counts: Counter[str], view: EntityView, names: Mapping[str, tuple[str, str]], own: str, limit: int
) -> tuple[EntityCount, ...]:
    """Co-mention counts by index entity, re-keyed through the reader's merges, hidden ones left out."""
    merged: Counter[str] = Counter()
    for key, count in counts.items():
        target = view.resolve(key)
        if target != own and target in names:  # names: visible entities only
            merged[target] += count
    ranked = sorted(merged.items(), key=lambda kc: (-kc[1], names[kc[0]][0].casefold(), kc[0]))[:limit]
    return tuple(EntityCount(key, *names[key], count) for key, count in ranked)  # ties by name: stable output


def passages_naming(searcher: Searcher, members: Iterable[str]) -> list[int]:
    """Every passage (docnum) naming any of ``members`` (per-document entity keys), in document
    order: by doc id, then docnum, as a document's passages are written in order."""
    doc_ids = searcher.reader().column_reader("doc_id")
    found = searcher.docs_for_query(Or([Term("entities", member) for member in members]))
    return sorted(found, key=lambda docnum: (doc_ids[docnum], docnum))


def stored_passages(searcher: Searcher, docnums: Iterable[int]) -> list[dict[str, Any]]:
    """The stored fields of passages ``docnums``, in that order."""
    return [searcher.stored_fields(docnum) for docnum in docnums]


def mention_refs(
    documents: Searcher, passages: Sequence[dict[str, Any]], members: Iterable[str]
) -> tuple[MentionRef, ...]:
    """Every mention of an entity (its per-document keys ``members``) in ``passages``."""
    wanted = frozenset(members)
    by_number = {(p["doc_id"], p["n"]): p for p in passages}
    refs = []
    for doc_id in dict.fromkeys(p["doc_id"] for p in passages):
        fields = documents.document(doc_id=doc_id)
        if fields is None:
            continue
        for n, start, end, surface, entity_type, canonical in fields["mentions"]:
            passage = by_number.get((doc_id, n))
            if passage is None or entity_key(entity_type, canonical) not in wanted:
                continue
            context, marks = snippet(passage["text"], (Highlight(start, end),), CONTEXT_CHARS)
            mark = marks[0] if marks else Highlight(0, 0)
            refs.append(
                MentionRef(
                    passage["passage_id"],
                    doc_id,
                    n,
                    passage["title"],
                    surface,
                    start,
                    end,
                    context,
                    mark.start,
                    mark.end,
                )
            )
    return tuple(sorted(refs, key=lambda r: (r.doc_id, r.n, r.start)))
