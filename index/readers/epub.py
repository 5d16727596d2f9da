"""EPUB e-books: chapters in the spine's reading order, one section each; title, author and date
from the package metadata. The archive is read with the standard library, the chapters as HTML."""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ElementTree
from urllib.parse import unquote

from ..dates import iso_date
from .base import Extracted, LimitExceeded, ReadContext, UnreadableFile
from .zipped import open_zip, read_member

_CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"
_OPF = "{http://www.idpf.org/2007/opf}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_CHAPTER_TYPES = ("application/xhtml+xml", "text/html", "application/x-dtbook+xml")


def read_epub(data: bytes, context: ReadContext) -> Extracted:
    from .html import html_blocks  # imported here: only e-books pay for lxml

    archive = open_zip(data, context, "EPUB")
    try:
        container = ElementTree.fromstring(read_member(archive, "META-INF/container.xml", context))
        rootfile = container.find(f".//{_CONTAINER}rootfile")
        if rootfile is None or not rootfile.get("full-path"):
            raise UnreadableFile("EPUB without a package file (META-INF/container.xml names none)")
        package_path = str(rootfile.get("full-path"))
        package = ElementTree.fromstring(read_member(archive, package_path, context))
    except ElementTree.ParseError as error:
        raise UnreadableFile(f"damaged EPUB package ({error})") from error
    folder = posixpath.dirname(package_path)
    manifest = {
        item.get("id"): (
            posixpath.normpath(posixpath.join(folder, unquote(item.get("href", "")))),
            item.get("media-type", ""),
        )
        for item in package.iter(f"{_OPF}item")
    }
    chapters = []
    for itemref in package.iter(f"{_OPF}itemref"):
        context.check_time()
        href, media_type = manifest.get(itemref.get("idref"), ("", ""))
        if not href or media_type not in _CHAPTER_TYPES:
            continue
        try:
            markup = read_member(archive, href, context)
        except LimitExceeded:
            raise
        except UnreadableFile:
            continue  # a chapter missing or damaged in the archive: the others are still read
        if not markup.strip():
            continue
        if text := "\n\n".join(html_blocks(markup)):
            chapters.append(text)
    if not chapters:
        raise UnreadableFile("EPUB without readable chapters")
    metadata = package.find(f"{_OPF}metadata")

    def first(tag: str) -> str:
        element = metadata.find(f"{_DC}{tag}") if metadata is not None else None
        return " ".join((element.text or "").split()) if element is not None else ""

    return Extracted(
        "epub", tuple(chapters), title=first("title"), author=first("creator"), date=iso_date(first("date"))
    )
