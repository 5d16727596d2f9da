"""Which reader reads a file: by its extension, corrected by its content (a ``.doc`` that is really
a DOCX, a PDF saved as ``.txt``). Reader modules are imported only when their format appears."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from .base import Extracted, LimitExceeded, Limits, ReadContext, UnreadableFile

Reader = Callable[[bytes, ReadContext], Extracted]

READERS: dict[str, tuple[str, str]] = {
    "text": ("text", "read_text"),
    "markdown": ("text", "read_markdown"),
    "rst": ("text", "read_rst"),
    "org": ("text", "read_org"),
    "html": ("html", "read_html"),
    "pdf": ("pdf", "read_pdf"),
    "docx": ("docx", "read_docx"),
    "odt": ("odt", "read_odt"),
    "rtf": ("rtf", "read_rtf"),
    "epub": ("epub", "read_epub"),
    "email": ("mail", "read_eml"),
    "mbox": ("mail", "read_mbox"),
    "msg": ("msg", "read_msg"),
}
"""Format → (module of this package, function)."""

FORMATS_BY_SUFFIX = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".rst": "rst",
    ".org": "org",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    ".doc": "docx",  # read when it is really a DOCX; a Word 97-2003 file is named as such
    ".odt": "odt",
    ".rtf": "rtf",
    ".epub": "epub",
    ".eml": "email",
    ".mbox": "mbox",
    ".msg": "msg",
}
SUPPORTED_SUFFIXES = frozenset(FORMATS_BY_SUFFIX)

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BINARY_FORMATS = frozenset({"pdf", "docx", "odt", "epub", "rtf", "msg"})
_MB = 1024 * 1024


def sniff(data: bytes) -> str:
    """The format the content shows ("" when it shows none of the binary formats sleuth reads).

    Raises UnreadableFile for containers sleuth recognises but does not read (Word 97-2003…).
    """
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"PK\x03\x04"):
        if b"mimetypeapplication/epub+zip" in head:
            return "epub"
        if b"mimetypeapplication/vnd.oasis.opendocument.text" in head:
            return "odt"
        if b"word/" in data[:65536] or b"word/document.xml" in data[-65536:]:
            return "docx"
        return ""
    if head.startswith(_OLE):
        if "__substg1.0_".encode("utf-16-le") in data or b"__substg1.0_" in data:
            return "msg"
        if "WordDocument".encode("utf-16-le") in data:
            raise UnreadableFile("a Word 97-2003 document (.doc): sleuth reads .docx; save it as .docx")
        raise UnreadableFile("a legacy Office (OLE) file that sleuth does not read")
    return ""


def format_for(name: str, data: bytes) -> str:
    """The format to read ``data`` as: the content's when it shows a binary format, else the extension's."""
    suffix = Path(name).suffix.lower()
    by_suffix = FORMATS_BY_SUFFIX.get(suffix, "")
    sniffed = sniff(data)
    if sniffed:
        return sniffed
    if not by_suffix:
        raise UnreadableFile(f"unsupported format {suffix or '(no extension)'}")
    return by_suffix


def reader(fmt: str) -> Reader:
    module_name, function = READERS[fmt]
    module = importlib.import_module(f"{__package__}.{module_name}")
    found: Reader = getattr(module, function)
    return found


def read_bytes(data: bytes, name: str, limits: Limits | None = None, depth: int = 0) -> Extracted:
    """Read a file's bytes (``name`` gives its extension); UnreadableFile with the reason if not."""
    context = ReadContext(name, limits or Limits.from_environment(), depth)
    if len(data) > context.limits.max_bytes:
        raise LimitExceeded(_size_over(len(data), context.limits))
    fmt = format_for(name, data)
    if not data.strip():
        raise UnreadableFile("empty file")
    read = reader(fmt)
    try:
        return read(data, context)
    except UnreadableFile:
        raise
    except RecursionError as error:
        raise UnreadableFile(f"{fmt} content nested too deeply to read") from error
    except MemoryError as error:
        raise LimitExceeded(f"{fmt} content too large to read in memory") from error
    except Exception as error:
        # The format libraries (PDFium, zlib, lxml, email, python-docx, extract-msg) raise errors of
        # every type on damaged input; one damaged file is reported and must not stop a run.
        raise UnreadableFile(f"damaged {fmt} file ({type(error).__name__}: {error})") from error


def read_path(path: Path, limits: Limits | None = None) -> tuple[Extracted, bytes]:
    """Read a file; its Extracted and its bytes (for the content hash)."""
    limits = limits or Limits.from_environment()
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise LimitExceeded(_size_over(size, limits))
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(error.strerror or str(error)) from error
    return read_bytes(data, path.name, limits), data


def _size_over(size: int, limits: Limits) -> str:
    return f"{size / _MB:.1f} MB, over the size limit of {limits.max_bytes / _MB:g} MB"
