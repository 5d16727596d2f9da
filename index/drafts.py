"""Drafts of notes being written: what the reader typed in the note editor and has not saved yet.

The editor keeps its text here every second or so while the reader types, so that a killed
process, a closed terminal or ``ctrl+q`` loses at most the last second of typing; the next time
the reader opens that note the draft comes back. Saving or cancelling the editor closes the draft.

Writes come from worker threads and may land out of order, so each carries the time it was typed
(taken in the editor) and closing carries the time the editor closed: a draft typed before the
close never opens again, however late its write arrives.
"""

from __future__ import annotations

from dataclasses import dataclass

from .userdata import UserData


@dataclass(frozen=True)
class Draft:
    """Unsaved text of the editor ``key`` (``note DOC_ID#N``, or a bookmark's uid) on ``passage_id``."""

    key: str
    passage_id: str
    text: str
    typed_at: float


class Drafts:
    """The open drafts of one corpus, in ``userdata.sqlite``."""

    def __init__(self, user: UserData) -> None:
        self.user = user
        self.corpus = user.corpus

    def keep(self, key: str, passage_id: str, text: str, typed_at: float) -> None:
        """Keep ``text`` as the draft of ``key``, unless a later draft or a close came first."""
        self.user.write(
            lambda db: db.execute(
                "INSERT INTO note_draft VALUES (?, ?, ?, ?, ?, 0) ON CONFLICT (corpus, key) DO UPDATE SET "
                "passage_id = excluded.passage_id, text = excluded.text, typed_at = excluded.typed_at "
                "WHERE excluded.typed_at > note_draft.typed_at AND excluded.typed_at > note_draft.closed_at",
                (self.corpus, key, passage_id, text, typed_at),
            )
        )

    def close(self, key: str, closed_at: float) -> None:
        """The editor of ``key`` was saved or cancelled at ``closed_at``: its draft is done with."""
        self.user.write(
            lambda db: db.execute(
                "INSERT INTO note_draft VALUES (?, ?, '', '', 0, ?) ON CONFLICT (corpus, key) DO UPDATE SET "
                "text = '', closed_at = max(note_draft.closed_at, excluded.closed_at)",
                (self.corpus, key, closed_at),
            )
        )

    def draft(self, key: str) -> Draft | None:
        """The open draft of ``key``, or None."""
        return next(iter(self._open("AND key = ?", (key,))), None)

    def drafts(self) -> tuple[Draft, ...]:
        """Every open draft of the corpus, the most recently typed first."""
        return self._open("", ())

    def _open(self, where: str, parameters: tuple[object, ...]) -> tuple[Draft, ...]:
        rows = self.user.read(
            "SELECT key, passage_id, text, typed_at FROM note_draft WHERE corpus = ? AND typed_at > closed_at "
            f"AND trim(text) != '' {where} ORDER BY typed_at DESC",
            (self.corpus, *parameters),
        )
        return tuple(Draft(str(key), str(pid), str(text), float(str(at))) for key, pid, text, at in rows)
