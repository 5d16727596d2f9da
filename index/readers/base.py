"""What every reader returns, the limits it works within, and the ways a file fails.

A reader turns a file's bytes into an ``Extracted``: raw text in sections (a PDF's pages, an
EPUB's chapters, an e-mail's body), the metadata the format carries, and any attachments. Cleaning
and page offsets are the loader's work (``index.documents``), the same for every format.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field


class UnreadableFile(Exception):
    """A file that cannot be turned into text; the message is the reason, for the user."""


class LimitExceeded(UnreadableFile):
    """A file over one of the configured limits (size, time, pages, decompressed size)."""


_MB = 1024 * 1024


def _env_number(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    try:
        return float(raw) if raw else default
    except ValueError:
        return default


@dataclass(frozen=True)
class Limits:
    """Per-file limits, so one pathological file cannot hang a run or exhaust memory.

    Each can be set in the environment: ``SLEUTH_MAX_FILE_MB``, ``SLEUTH_MAX_SECONDS``,
    ``SLEUTH_MAX_PAGES``, ``SLEUTH_MAX_UNZIPPED_MB``.
    """

    max_bytes: int = 200 * _MB
    max_seconds: float = 120.0
    max_pages: int = 5000
    max_unzipped_bytes: int = 500 * _MB
    max_attachment_depth: int = 3
    """Attachments of attachments are read this deep (a message forwarded inside a message…)."""

    @classmethod
    def from_environment(cls) -> Limits:
        default = cls()
        return cls(
            max_bytes=int(_env_number("SLEUTH_MAX_FILE_MB", default.max_bytes / _MB) * _MB),
            max_seconds=_env_number("SLEUTH_MAX_SECONDS", default.max_seconds),
            max_pages=int(_env_number("SLEUTH_MAX_PAGES", default.max_pages)),
            max_unzipped_bytes=int(_env_number("SLEUTH_MAX_UNZIPPED_MB", default.max_unzipped_bytes / _MB) * _MB),
        )


@dataclass
class ReadContext:
    """One file being read: its name (for messages and sniffing), the limits and the clock."""

    name: str
    limits: Limits = field(default_factory=Limits)
    depth: int = 0
    started: float = field(default_factory=time.monotonic)

    def check_time(self) -> None:
        """Raise LimitExceeded once the file has taken longer than allowed (checked between pages/parts)."""
        if time.monotonic() - self.started > self.limits.max_seconds:
            raise LimitExceeded(f"took longer than {self.limits.max_seconds:g} s to read (limit)")

    def check_pages(self, pages: int) -> None:
        if pages > self.limits.max_pages:
            raise LimitExceeded(f"{pages} pages, over the limit of {self.limits.max_pages}")


@dataclass(frozen=True)
class Attachment:
    """A file inside another (an e-mail attachment): its file name and bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Extracted:
    """A file's raw text and metadata, as its reader found them.

    ``sections`` are pieces of text the loader cleans one by one: a PDF's pages (``paged``), an
    EPUB's chapters, an e-mail's header block and body. ``web`` asks for the web-boilerplate rules.
    """

    format: str
    sections: tuple[str, ...]
    paged: bool = False
    title: str = ""
    author: str = ""
    date: str = ""
    """ISO ``YYYY-MM-DD``, "" when the file does not say."""
    fields: tuple[tuple[str, str], ...] = ()
    """Further metadata the format names (an e-mail's From, To, Cc)."""
    attachments: tuple[Attachment, ...] = ()
    web: bool = False
    """True for formats whose text may carry page furniture (plain text, HTML)."""

    @property
    def text(self) -> str:
        return "\n\n".join(self.sections)
