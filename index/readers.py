"""Format readers: turn a file's bytes into plain text, whatever its encoding.

Each reader returns ``(text, title)``; the title is ``""`` when the format does not carry one.
``read_file`` adds the format and the date the markup states (HTML ``<meta>``/``<time>``), if any.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import NamedTuple

from charset_normalizer import from_bytes

from .dates import FRONT_MATTER, html_date, text_date

SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm"})

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class FileText(NamedTuple):
    """A file read as text: its title and date when the format carries them ("" when not)."""

    text: str
    title: str
    format: str
    date: str = ""


class UnreadableFile(Exception):
    """A file that cannot be turned into text (binary, empty, unknown format)."""


def decode_bytes(data: bytes) -> str:
    """Decode bytes to text: BOM, then strict UTF-8, then charset detection, never failing."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    western = _mostly_ascii_cp1252(data)
    if western is not None:
        return western
    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, errors="replace")
    return data.decode("utf-8", errors="replace")


def _mostly_ascii_cp1252(data: bytes) -> str | None:
    """Mostly-ASCII bytes with a few accents or curly quotes: Windows-1252, the legacy web default.

    Charset detectors guess poorly on such text (a few non-ASCII bytes say little), so it is
    tried first; text where non-ASCII letters are common (Cyrillic, Greek…) is left to detection.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = sum(c.isalpha() for c in text)
    foreign = sum(c.isalpha() and not c.isascii() for c in text)
    return text if letters and foreign <= 0.1 * letters else None


def looks_binary(data: bytes) -> bool:
    """True for data with NUL bytes that no BOM explains (UTF-16 text has NULs too)."""
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return False
    return b"\x00" in data[:8192]


def read_html(markup: str) -> tuple[str, str, str]:
    """Visible text of an HTML page, one block element per paragraph, its title and its date."""
    from bs4 import BeautifulSoup  # imported here: only HTML files pay for it

    soup = BeautifulSoup(markup, "html.parser")
    date = html_date(soup)
    title = ""
    if soup.title and soup.title.string:
        title = soup.title.string.strip()
    for tag in soup(["script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form"]):
        tag.decompose()
    if not title:
        heading = soup.find(["h1", "h2"])
        title = heading.get_text(" ", strip=True) if heading else ""
    blocks = []
    block_tags = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "dd", "dt", "figcaption"]
    for element in soup.find_all(block_tags):
        if element.find(block_tags):
            continue  # its children are visited on their own
        text = element.get_text(" ", strip=True)
        if text:
            blocks.append(text)
    if not blocks:
        body = soup.body or soup
        return body.get_text("\n", strip=True), title, date
    return "\n\n".join(blocks), title, date


def read_file(path: Path) -> FileText:
    """Read ``path`` into its text, title, format and date; raises UnreadableFile with a reason."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnreadableFile(f"unsupported format {suffix or '(no extension)'}")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(error.strerror or str(error)) from error
    if not data.strip():
        raise UnreadableFile("empty file")
    if looks_binary(data):
        raise UnreadableFile("binary content")
    text = decode_bytes(data)
    if suffix in (".html", ".htm"):
        text, title, date = read_html(text)
        return FileText(text, title, "html", date or text_date(text))
    date = text_date(text)
    if suffix in (".md", ".markdown"):
        body, title = split_front_matter(text)
        return FileText(body, title, "markdown", date)
    return FileText(text, "", "text", date)


def split_front_matter(text: str) -> tuple[str, str]:
    """A Markdown text without its YAML front matter, and the ``title:`` that it gives ("" if none)."""
    front = FRONT_MATTER.match(text)
    if not front:
        return text, ""
    title = re.search(r"^title[ \t]*:[ \t]*['\"]?([^'\"\n]*)", front.group(1), re.I | re.M)
    return text[front.end() :], title.group(1).strip() if title else ""
