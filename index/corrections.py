"""The reader's corrections to entities, laid over what the index found.

Corrections are kept with the reader's data (``userdata.py``), never in the index: after every
re-index they are applied again, in the order they were made, to the entities the index holds.
Entity keys are identities: a renamed or retyped entity keeps its key, so a later correction
still finds it; a merged entity's key leads to the entity it joined.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from .entities import unique_names
from .models import ENTITY_TYPES, Correction, Entity

ACTIONS = ("merge", "rename", "retype", "hide")


class CorrectionError(ValueError):
    """A correction that cannot be made (the message says why, in one line)."""


@dataclass
class EntityView:
    """The entities as the reader sees them, after their corrections."""

    entities: tuple[Entity, ...]
    """Visible entities, most mentioned first."""
    key_map: dict[str, str]
    """Every per-document key → the key of the entity it now belongs to."""
    members: dict[str, list[str]]
    """Entity key → the per-document keys it gathers."""
    sources: dict[str, list[str]]
    """Entity key → the index entities merged into it (itself first); only entities with merges."""
    hidden_entities: tuple[Entity, ...] = ()
    redirect: dict[str, str] = field(default_factory=dict)
    """Merged entity key → the key of the entity it joined."""
    applied: dict[str, list[Correction]] = field(default_factory=dict)
    stale: tuple[Correction, ...] = ()
    """Corrections naming an entity the index no longer has: kept, but without effect."""

    @property
    def hidden(self) -> frozenset[str]:
        return frozenset(e.key for e in self.hidden_entities)

    def resolve(self, key: str) -> str:
        """The key an index entity's key now leads to (itself unless merged)."""
        return _follow(self.redirect, key)


def _follow(redirect: Mapping[str, str], key: str) -> str:
    while key in redirect:
        key = redirect[key]
    return key


def apply(entities: Iterable[Entity], key_map: Mapping[str, str], corrections: Sequence[Correction]) -> EntityView:
    """Lay ``corrections`` over the index's entities and alias map."""
    records = {e.key: e for e in entities}
    sources: dict[str, list[str]] = {}
    redirect: dict[str, str] = {}
    hidden: set[str] = set()
    applied: dict[str, list[Correction]] = {}
    stale = []
    for correction in corrections:
        key = _follow(redirect, correction.key)
        if key not in records:
            stale.append(correction)
            continue
        entity = records[key]
        if correction.action == "merge":
            target = _follow(redirect, correction.value)
            if target not in records or target == key:
                stale.append(correction)
                continue
            records[target] = _merged(records[target], entity)
            redirect[key] = target
            sources[target] = sources.get(target, [target]) + sources.pop(key, [key])
            applied.setdefault(target, []).extend([*applied.pop(key, []), correction])
            del records[key]
            if key in hidden:
                hidden.discard(key)
            continue
        if correction.action == "rename":
            records[key] = _renamed(entity, correction.value)
        elif correction.action == "retype":
            records[key] = replace(entity, type=correction.value)
        elif correction.action == "hide":
            hidden.add(key)
        applied.setdefault(key, []).append(correction)

    final_map = {m: _follow(redirect, target) for m, target in key_map.items()} if redirect else dict(key_map)
    members: dict[str, list[str]] = {}
    for member, target in final_map.items():
        members.setdefault(target, []).append(member)
    visible = sorted(
        (e for k, e in records.items() if k not in hidden), key=lambda e: (-e.mention_count, e.name.casefold())
    )
    hidden_entities = tuple(records[k] for k in hidden)
    return EntityView(tuple(visible), final_map, members, sources, hidden_entities, redirect, applied, tuple(stale))


def check(action: str, value: str) -> str:
    """The value of a correction, checked and normalised; raises CorrectionError."""
    if action not in ACTIONS:
        raise CorrectionError(f"unknown correction {action!r}; use one of {', '.join(ACTIONS)}")
    value = " ".join(value.split())
    if action == "retype":
        value = value.upper()
        if value not in ENTITY_TYPES:
            raise CorrectionError(f"unknown type {value!r}; use one of {', '.join(ENTITY_TYPES)}")
    if action in ("rename", "merge") and not value:
        raise CorrectionError(f"{action} needs a {'name' if action == 'rename' else 'target entity'}")
    return value


def _merged(target: Entity, source: Entity) -> Entity:
    names = [*target.aliases, source.name, *source.aliases]
    return replace(
        target,
        aliases=unique_names(names, exclude=target.name),
        mention_count=target.mention_count + source.mention_count,
        doc_count=target.doc_count + source.doc_count,
        passage_count=target.passage_count + source.passage_count,
    )


def _renamed(entity: Entity, name: str) -> Entity:
    return replace(entity, name=name, aliases=unique_names([entity.name, *entity.aliases], exclude=name))
