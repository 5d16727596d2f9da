"""sleuth's engine: reading, cleaning, passages, entities, the Whoosh index and queries.

Headless by design: nothing here imports textual or rich. ``Library`` is the facade.
"""

from .documents import LoadedFile, load_file
from .library import CorpusError, Library, NotFound
from .models import (
    ENTITY_TYPES,
    CorpusStats,
    Correction,
    Document,
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
from .printable import printable
from .readers import Limits, UnreadableFile

__all__ = [
    "ENTITY_TYPES",
    "CorpusError",
    "CorpusStats",
    "Correction",
    "Document",
    "DocumentView",
    "Entity",
    "EntityCard",
    "EntityCount",
    "FileFailure",
    "FolderCount",
    "Highlight",
    "Hit",
    "IndexReport",
    "Library",
    "Limits",
    "LoadedFile",
    "Mention",
    "MentionRef",
    "NotFound",
    "Passage",
    "Progress",
    "SearchResult",
    "Statement",
    "UnreadableFile",
    "load_file",
    "printable",
]
