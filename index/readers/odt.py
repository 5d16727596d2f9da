"""OpenDocument text (ODT): headings, paragraphs, lists and tables from ``content.xml``; title,
author and date from ``meta.xml``. The archive is read with the standard library."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

from .base import Extracted, LimitExceeded, ReadContext, UnreadableFile
from .zipped import open_zip, read_member

_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
_SKIPPED = {_TEXT + "note-citation", _TEXT + "tracked-changes", _OFFICE + "annotation"}


def read_odt(data: bytes, context: ReadContext) -> Extracted:
    archive = open_zip(data, context, "ODT")
    try:
        content = ElementTree.fromstring(read_member(archive, "content.xml", context))
    except ElementTree.ParseError as error:
        raise UnreadableFile(f"damaged ODT content ({error})") from error
    blocks: list[str] = []
    try:
        for body in content.iter(_OFFICE + "text"):
            _blocks(body, blocks)
    except RecursionError as error:
        raise UnreadableFile("ODT content nested too deeply") from error
    title = author = date = ""
    if "meta.xml" in archive.namelist():
        try:
            meta = ElementTree.fromstring(read_member(archive, "meta.xml", context))
        except LimitExceeded:
            raise
        except (ElementTree.ParseError, UnreadableFile):
            meta = None  # the text is still worth having without its metadata
        if meta is not None:
            title = _first(meta, _DC + "title")
            author = _first(meta, _DC + "creator") or _first(meta, _META + "initial-creator")
            date = (_first(meta, _META + "creation-date") or _first(meta, _DC + "date"))[:10]
    return Extracted("odt", ("\n\n".join(blocks),), title=title, author=author, date=date)


def _first(root: ElementTree.Element, tag: str) -> str:
    element = root.find(f".//{tag}")
    return " ".join((element.text or "").split()) if element is not None else ""


def _blocks(element: ElementTree.Element, out: list[str]) -> None:
    """Append the paragraphs under ``element`` in document order; a table row is one line."""
    for child in element:
        if child.tag in (_TEXT + "p", _TEXT + "h"):
            if text := " ".join(inline_text(child).split()):
                out.append(text)
        elif child.tag == _TABLE + "table-row":
            cells = [" ".join(inline_text(cell).split()) for cell in child.iter(_TABLE + "table-cell")]
            if row := " | ".join(cell for cell in cells if cell):
                out.append(row)
        elif child.tag not in _SKIPPED:
            _blocks(child, out)


def inline_text(element: ElementTree.Element) -> str:
    """The text of a paragraph, with ``text:s`` spaces, tabs and line breaks as what they stand for."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == _TEXT + "s":
            parts.append(" " * int(child.get(_TEXT + "c", "1") or 1))
        elif child.tag in (_TEXT + "tab", _TEXT + "line-break"):
            parts.append(" ")
        elif child.tag not in _SKIPPED:
            parts.append(inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)
