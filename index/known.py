"""What the Library knows about entities at one moment: the index's entities with the reader's
corrections laid over them, and the look-ups derived from them.

One object, replaced whole when the index or the corrections change, so that a search or a card
never mixes two versions (worker threads read it while a correction is being made).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import cards
from .corrections import EntityView
from .models import Entity


@dataclass
class KnownEntities:
    """The corrected entities and their look-ups; the name look-ups are built on first use."""

    view: EntityView
    index_names: dict[str, str]
    """Every index entity's own name, hidden and merged ones too (to describe corrections)."""
    names: dict[str, tuple[str, str]] = field(init=False)
    """Visible entity key → (name, type)."""
    _name_index: cards.NameIndex | None = None
    _by_type_and_name: dict[tuple[str, str], list[str]] | None = None

    def __post_init__(self) -> None:
        self.names = {e.key: (e.name, e.type) for e in self.view.entities}

    @property
    def entities(self) -> tuple[Entity, ...]:
        return self.view.entities

    def name_index(self) -> cards.NameIndex:
        """Names and aliases folded for look-up (a tenth of a second to build on Reuters)."""
        if self._name_index is None:
            self._name_index = cards.NameIndex(self.view.entities)
        return self._name_index

    def members_named(self, entity_type: str, name: str) -> list[str]:
        """The per-document keys of the entities of ``entity_type`` one of whose names is ``name``
        (``org:MSS`` finds the passages that only say "Ministry of State Security")."""
        if self._by_type_and_name is None:
            by_name: dict[tuple[str, str], list[str]] = {}
            for folded, entities in self.name_index().by_name.items():
                for entity in entities:
                    members = self.view.members.get(entity.key, [entity.key])
                    by_name.setdefault((entity.type, folded), []).extend(members)
            self._by_type_and_name = by_name
        return self._by_type_and_name.get((entity_type, cards.fold(name)), [])
