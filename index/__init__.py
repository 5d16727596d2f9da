"""sleuth's engine: reading, cleaning, passages, entities, the Whoosh index and queries.

Headless by design: nothing here imports textual or rich. ``Library`` is the facade.
"""

from .anchoring import ANCHOR_STATES
from .citation import Citation, format_citation, one_line
from .errors import CorpusError, NotFound
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
from .notebook import NotesExport
from .notes import NOTE_KINDS, REVIEW_MARKS, Note, ReviewMark
from .notes_export import (
    EXPORT_FORMATS,
    NotesFileError,
    anchor_warning,
    note_record,
    notes_from_json,
    render_notes,
    review_record,
)
from .printable import printable
from .userdata import SavedSearch, UserDataError

__all__ = [
    "ANCHOR_STATES",
    "ENTITY_TYPES",
    "EXPORT_FORMATS",
    "NOTE_KINDS",
    "REVIEW_MARKS",
    "Citation",
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
    "IndexReport",
    "Library",
    "Mention",
    "MentionRef",
    "NotFound",
    "Note",
    "NotesExport",
    "NotesFileError",
    "Passage",
    "Progress",
    "ReviewMark",
    "SavedSearch",
    "SearchResult",
    "Statement",
    "UserDataError",
    "anchor_warning",
    "format_citation",
    "note_record",
    "notes_from_json",
    "one_line",
    "printable",
    "render_notes",
    "review_record",
]
