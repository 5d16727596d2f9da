"""sleuth's engine: reading, cleaning, passages, entities, the Whoosh index and queries.

Headless by design: nothing here imports textual or rich. ``Library`` is the facade.
"""

from .library import Library
from .models import (
    ENTITY_TYPES,
    CorpusStats,
    Correction,
    DocumentView,
    Entity,
    EntityCard,
    EntityCount,
    FileFailure,
    FolderCount,
    Highlight,
    Hit,
    IndexReport,
    Mention,
    MentionRef,
    Passage,
    Progress,
    SearchResult,
    Statement,
)
from .opened import CorpusError, NotFound
from .store import IndexBusy, IndexDamaged

__all__ = [
    "ENTITY_TYPES",
    "CorpusError",
    "CorpusStats",
    "Correction",
    "DocumentView",
    "Entity",
    "EntityCard",
    "EntityCount",
    "FileFailure",
    "FolderCount",
    "Highlight",
    "Hit",
    "IndexBusy",
    "IndexDamaged",
    "IndexReport",
    "Library",
    "Mention",
    "MentionRef",
    "NotFound",
    "Passage",
    "Progress",
    "SearchResult",
    "Statement",
]
