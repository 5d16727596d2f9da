"""Format readers: a file's bytes → an ``Extracted`` (raw text in sections, metadata, attachments).

One module per format (``text``, ``html``, ``pdf``, ``docx``, ``odt``, ``rtf``, ``epub``, ``mail``,
``msg``), chosen by ``registry`` from the extension and the content; each imports its library
only when its format appears. ``index.documents`` turns an ``Extracted`` into ``Document``s.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from .base import Attachment, Extracted, LimitExceeded, Limits, ReadContext, UnreadableFile
from .registry import FORMATS_BY_SUFFIX, SUPPORTED_SUFFIXES, read_bytes, read_path, sniff
from .text import decode_bytes, looks_binary, split_front_matter

__all__ = [
    "FORMATS_BY_SUFFIX",
    "SUPPORTED_SUFFIXES",
    "Attachment",
    "Extracted",
    "FileText",
    "LimitExceeded",
    "Limits",
    "ReadContext",
    "UnreadableFile",
    "decode_bytes",
    "looks_binary",
    "read_bytes",
    "read_file",
    "read_path",
    "sniff",
    "split_front_matter",
]


class FileText(NamedTuple):
    """A file read as text: its title and date when the format carries them ("" when not)."""

    text: str
    title: str
    format: str
    date: str = ""


def read_file(path: Path) -> FileText:
    """Read ``path`` into its raw text, title, format and date; raises UnreadableFile with a reason."""
    extracted, _ = read_path(path)
    return FileText(extracted.text, extracted.title, extracted.format, extracted.date)
