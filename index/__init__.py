"""sleuth's engine: reading, cleaning, passages, entities, the Whoosh index and queries.

Headless by design: nothing here imports textual or rich. ``Library`` is the facade.
"""

from .anchoring import ANCHOR_STATES
from .citation import Citation, format_citation, one_line
from .documents import LoadedFile, load_file
from .drafts import Draft
from .errors import CorpusError, NotFound
from .library import Library
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
    FormatCount,
    Highlight,
    Hit,
    IndexReport,
    IndexStatus,
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
from .readers import Limits, UnreadableFile
from .store import IndexBusy, IndexDamaged
from .userdata import SavedSearch, UserDataError
from .watching import CorpusWatch

__all__ = [
    "ANCHOR_STATES",
    "ENTITY_TYPES",
    "EXPORT_FORMATS",
    "NOTE_KINDS",
    "REVIEW_MARKS",
    "Citation",
    "CorpusError",
    "CorpusStats",
    "CorpusWatch",
    "Correction",
    "Document",
    "DocumentView",
    "Draft",
    "Entity",
    "EntityCard",
    "EntityCount",
    "FileFailure",
    "FolderCount",
    "FormatCount",
    "Highlight",
    "Hit",
    "IndexBusy",
    "IndexDamaged",
    "IndexReport",
    "IndexStatus",
    "Library",
    "Limits",
    "LoadedFile",
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
    "UnreadableFile",
    "UserDataError",
    "anchor_warning",
    "format_citation",
    "load_file",
    "note_record",
    "notes_from_json",
    "one_line",
    "printable",
    "render_notes",
    "review_record",
]
