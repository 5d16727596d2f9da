"""PDF with pypdfium2 (PDFium): one section per page, so passages know their page.

Chosen by measurement (``bench/pdf_libraries.py``): on the 619-page DA-619p.pdf PDFium reads
~40× the pages per second of pypdf and pdfminer.six, with the same words. PDFium gives lines,
not paragraphs: a paragraph ends at a line that ends a sentence well short of the page's full
line width, before a list item, and around short heading lines. Running headers and footers (the
same first or last line on most pages, page numbers aside) are dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ..dates import iso_date
from .base import Extracted, ReadContext, UnreadableFile

_SENTENCE_END = (".", "!", "?", ":", '"', "”", "’", ")", ";")
_BULLET = re.compile(r"^(?:[•◦▪‣●○■□–—*-]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s")
_PDF_DATE = re.compile(r"^D?:?(\d{4})(\d{2})?(\d{2})?")
_JUNK_TITLE = re.compile(
    r"^(?:untitled.*|.*\.(?:docx?|pdf|jpe?g|png|tiff?|indd|pptx?|xlsx?|html?)|microsoft word.*)$", re.I
)


def read_pdf(data: bytes, context: ReadContext) -> Extracted:
    import pypdfium2 as pdfium  # imported here: only PDFs pay for it

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise UnreadableFile(_open_failure(str(error))) from error
    try:
        count = len(document)
        context.check_pages(count)
        pages = []
        damaged = 0
        for index in range(count):
            context.check_time()
            try:
                pages.append(_page_text(document, index))
            except pdfium.PdfiumError:  # a damaged page: the others are still read, numbers kept
                pages.append("")
                damaged += 1
        metadata = document.get_metadata_dict(skip_empty=True)
    finally:
        document.close()
    if count and damaged == count:
        raise UnreadableFile(f"broken PDF (none of its {count} pages can be loaded)")
    if not any(page.strip() for page in pages):
        pages_word = "its page" if count == 1 else f"its {count} pages"
        raise UnreadableFile(f"no text in {pages_word} (scanned images? sleuth does not do OCR)")
    pages = drop_running_lines(pages)
    title = " ".join(metadata.get("Title", "").split())
    return Extracted(
        "pdf",
        tuple(pages),
        paged=True,
        title="" if _JUNK_TITLE.match(title) else title,
        author=" ".join(metadata.get("Author", "").split()),
        date=pdf_date(metadata.get("CreationDate", "")),
    )


def _open_failure(message: str) -> str:
    if "password" in message.lower():
        return "password-protected PDF: it cannot be opened without its password"
    if "security" in message.lower():
        return "encrypted PDF with an unsupported security handler"
    detail = message.split("(PDFium:", 1)[-1].strip(" ).") if "PDFium:" in message else message
    return f"broken PDF ({detail.lower() or 'cannot be parsed'})"


def _page_text(document: Any, index: int) -> str:
    page = document[index]
    try:
        textpage = page.get_textpage()
        try:
            raw = textpage.get_text_bounded()
        finally:
            textpage.close()
    finally:
        page.close()
    return lines_to_paragraphs(raw)


def lines_to_paragraphs(raw: str) -> str:
    """A page's lines as paragraphs separated by blank lines (see the module docstring)."""
    raw = raw.replace("\x02", "-")  # PDFium's code for a hyphen glyph
    lines = [" ".join(line.split()) for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return ""
    lengths = sorted(len(line) for line in lines)
    full = lengths[int(0.8 * (len(lengths) - 1))]
    paragraphs: list[list[str]] = [[]]
    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else ""
        current = paragraphs[-1]
        if current and (_BULLET.match(line) or (_is_short(current[-1], full) and _starts_block(line))):
            paragraphs.append(current := [])
        if current and current[-1].endswith("-") and current[-1][-2:-1].isalpha() and line[:1].islower():
            current[-1] = current[-1][:-1] + line  # hyphenated at the line end
        else:
            current.append(line)
        ends_paragraph = line.endswith(_SENTENCE_END) and len(line) < 0.85 * full
        if following and ends_paragraph and _starts_block(following):
            paragraphs.append([])
    return "\n\n".join(" ".join(p) for p in paragraphs if p)


def _is_short(line: str, full: int) -> bool:
    """A line well short of the full width that does not end a sentence: a heading or a label."""
    return len(line) < 0.6 * full and not line.endswith((",", "-"))


def _starts_block(line: str) -> bool:
    return line[:1].isupper() or line[:1].isdigit() or bool(_BULLET.match(line)) or line[:1] in "“\"‘'(["


def drop_running_lines(pages: list[str]) -> list[str]:
    """Pages without their running header and footer: a first or last paragraph (digits aside)
    repeated on at least half the pages, three at least."""
    if len(pages) < 3:
        return pages
    split = [page.split("\n\n") for page in pages]
    ends = Counter(
        _shape(paragraph) for paragraphs in split for paragraph in {paragraphs[0], paragraphs[-1]} if paragraph
    )
    threshold = max(3, len(pages) // 2)
    running = {shape for shape, count in ends.items() if count >= threshold}
    if not running:
        return pages
    cleaned = []
    for paragraphs in split:
        keep = list(paragraphs)
        if keep and _shape(keep[0]) in running:
            keep = keep[1:]
        if keep and _shape(keep[-1]) in running:
            keep = keep[:-1]
        cleaned.append("\n\n".join(keep))
    return cleaned


def _shape(paragraph: str) -> str:
    return re.sub(r"\d+", "#", paragraph.casefold())


def pdf_date(value: str) -> str:
    """A PDF date string (``D:20230525051224Z00'00'``) as ISO ``YYYY-MM-DD``; "" when not one."""
    found = _PDF_DATE.match(value.strip())
    if not found or not found.group(3):
        return iso_date(value) if value else ""
    year, month, day = found.groups()
    return iso_date(f"{year}-{month}-{day}")
