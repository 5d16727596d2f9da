"""sleuth's engine: reading, cleaning, passages, entities, the Whoosh index and queries.

Headless by design: nothing here imports textual or rich. ``Library`` is the facade.
"""

from .library import CorpusError, Library, NotFound
from .models import (
    ENTITY_TYPES,
    CorpusStats,
    DocumentView,
    Entity,
    EntityCount,
    FileFailure,
    FolderCount,
    Highlight,
    Hit,
    IndexReport,
    Mention,
    Passage,
    Progress,
    SearchResult,
)

__all__ = [
    "ENTITY_TYPES",
    "CorpusError",
    "CorpusStats",
    "DocumentView",
    "Entity",
    "EntityCount",
    "FileFailure",
    "FolderCount",
    "Highlight",
    "Hit",
    "IndexReport",
    "Library",
    "Mention",
    "NotFound",
    "Passage",
    "Progress",
    "SearchResult",
]
