"""Back and forward through the places the reader has been, like a browser's history.

A place is a position in a document or an entity card. Going somewhere new records where the
reader was (and forgets what was ahead); back and forward step through the record.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TRAIL_KEPT = 200
"""Places kept behind the reader."""


@dataclass(frozen=True)
class Place:
    """Where the reader was: passage ``n`` of ``doc_id`` (character ``offset`` of it at the top),
    or the card of entity ``card``."""

    doc_id: str = ""
    n: int = 0
    offset: int = 0
    card: str = ""

    def describe(self) -> str:
        return f"card of {self.card}" if self.card else f"{self.doc_id} ¶{self.n}"


@dataclass
class Trail:
    """Places behind and ahead of the reader."""

    behind: list[Place] = field(default_factory=list)
    ahead: list[Place] = field(default_factory=list)

    def leave(self, here: Place | None) -> None:
        """The reader goes somewhere new from ``here`` (None: from nowhere worth returning to)."""
        if here is not None and (not self.behind or self.behind[-1] != here):
            self.behind.append(here)
            del self.behind[:-TRAIL_KEPT]
        self.ahead.clear()

    def back(self, here: Place | None) -> Place | None:
        """The place before ``here``, or None when there is none."""
        if not self.behind:
            return None
        if here is not None:
            self.ahead.append(here)
        return self.behind.pop()

    def forward(self, here: Place | None) -> Place | None:
        """The place ``back`` left, or None."""
        if not self.ahead:
            return None
        if here is not None:
            self.behind.append(here)
        return self.ahead.pop()
