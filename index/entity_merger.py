"""Writing the corpus entities from every document's mentions (merged by ``aggregate``), as often as stage 2 can afford.

The entities and profiles indexes are replaced whole by one commit each (``mergetype=CLEAR``):
a reader sees the old entities or the new, never an empty or half-written index.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Container
from pathlib import Path
from typing import Any

from whoosh.index import Index
from whoosh.writing import CLEAR

from . import store
from .entities import StoredFact, StoredMention, aggregate, profiles
from .writers import owner

Say = Callable[[int, int, str], None]
"""Told (done, total, what) as merging goes on."""

PROGRESS_EVERY = 5000


class EntityMerger:
    """The mentions and facts of every document of a generation, in memory, to merge from."""

    def __init__(self) -> None:
        self.by_doc: dict[str, tuple[list[StoredMention], list[StoredFact]]] = {}
        self.by_file: dict[str, set[str]] = {}
        """The documents of each file: its own, and its attachments'."""
        self.last_cost = 0.0
        """Seconds the last merge took: stage 2 merges again only when that is a small share."""

    def load(self, mentions: Index | None, files: Container[str]) -> None:
        """The mentions committed so far (documents whose entities are found) of the ``files``."""
        if mentions is None or mentions.is_empty():
            return
        with mentions.searcher() as searcher:
            for fields in searcher.all_stored_fields():
                file = owner(fields["doc_id"], files)
                if file is not None:
                    self.add(fields["doc_id"], fields["mentions"], fields.get("facts") or [], file)

    def add(self, doc_id: str, mentions: list[Any], facts: list[Any], file: str) -> None:
        self.by_doc[doc_id] = (mentions, facts)
        self.by_file.setdefault(file, set()).add(doc_id)

    def remove(self, file: str) -> None:
        """A file's documents (its attachments' too) leave the merge."""
        for doc_id in self.by_file.pop(file, ()):
            self.by_doc.pop(doc_id, None)

    def write(self, folder: Path, indexes: dict[str, Index], say: Say) -> int:
        """Merge and commit the entities and profiles; returns how many entities there are."""
        began = time.perf_counter()
        say(0, 0, f"merging the entities of {len(self.by_doc):,} documents")
        entities, key_map = aggregate((doc_id, m) for doc_id, (m, _f) in self.by_doc.items())
        said = profiles(((doc_id, m, f) for doc_id, (m, f) in self.by_doc.items()), key_map)
        members: dict[str, list[str]] = {}
        for member, target in key_map.items():
            members.setdefault(target, []).append(member)
        total = 2 * len(entities)
        writer = _writer(folder, indexes, "entities")
        for done, entity in enumerate(entities):
            if done % PROGRESS_EVERY == 0:
                say(done, total, f"writing {len(entities):,} entities")
            writer.add_document(
                key=entity.key,
                name=entity.name,
                type=entity.type,
                aliases=list(entity.aliases),
                members=",".join(members[entity.key]),
                mention_count=entity.mention_count,
                doc_count=entity.doc_count,
                passage_count=entity.passage_count,
            )
        say(len(entities), total, f"committing {len(entities):,} entities")
        writer.commit(mergetype=CLEAR)
        writer = _writer(folder, indexes, "profiles")
        for done, entity in enumerate(entities, start=len(entities)):
            if done % PROGRESS_EVERY == 0:
                say(done, total, "writing what the text says about them")
            profile = said.get(entity.key)
            if profile is not None:
                writer.add_document(
                    key=entity.key,
                    descriptors=profile.descriptors,
                    quotes=profile.quotes,
                    co_mentions=profile.co_mentions,
                )
        say(total, total, "committing the entity profiles")
        writer.commit(mergetype=CLEAR)
        self.last_cost = time.perf_counter() - began
        return len(entities)


def _writer(folder: Path, indexes: dict[str, Index], name: str) -> Any:
    if name not in indexes:
        indexes[name] = store.open_or_create(folder, name)
    return indexes[name].writer(limitmb=64)
