"""Plain text in any common encoding, and the light markup formats read as text: Markdown,
reStructuredText and Org (markup lines out, title/author/date from their headers).

Decoding: a BOM; UTF-16/32 without a BOM (told by where the zero bytes fall); strict UTF-8;
mostly-ASCII Windows-1252; else charset detection. Bad bytes never stop a file.
"""

from __future__ import annotations

import codecs
import re

from ..dates import FRONT_MATTER, iso_date, text_date
from .base import Extracted, ReadContext, UnreadableFile

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def bomless_unicode(data: bytes) -> str | None:
    """The UTF-16/32 encoding of BOM-less ``data``, from where its zero bytes fall; None if not one.

    Latin-script text in UTF-16 has a zero in every other byte; in UTF-32, three of every four.
    """
    sample = data[:8192]
    size = len(sample)
    if size < 4:
        return None
    lanes = [sample[i::4].count(0) / (size / 4) for i in range(4)]
    candidates = []
    if len(data) % 4 == 0:
        if min(lanes[1:]) > 0.9 and lanes[0] < 0.5:
            candidates.append("utf-32-le")
        if min(lanes[:3]) > 0.9 and lanes[3] < 0.5:
            candidates.append("utf-32-be")
    even = (lanes[0] + lanes[2]) / 2
    odd = (lanes[1] + lanes[3]) / 2
    if len(data) % 2 == 0:
        if odd > 0.3 and even < 0.05:
            candidates.append("utf-16-le")
        if even > 0.3 and odd < 0.05:
            candidates.append("utf-16-be")
    return next((encoding for encoding in candidates if _reads_as_text(sample[: size - size % 4], encoding)), None)


def _reads_as_text(sample: bytes, encoding: str) -> bool:
    """True when ``sample`` decodes to text with hardly any control characters (binary data does not)."""
    try:
        text = sample.decode(encoding)
    except UnicodeDecodeError:
        return False
    printable = sum(char.isprintable() or char in "\n\r\t" for char in text)
    return printable >= 0.97 * len(text)


def looks_binary(data: bytes) -> bool:
    """True for data with NUL bytes that no BOM or UTF-16/32 layout explains."""
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return False
    return b"\x00" in data[:8192] and bomless_unicode(data) is None


def decode_bytes(data: bytes) -> str:
    """Decode bytes to text: BOM, BOM-less UTF-16/32, strict UTF-8, cp1252, detection; never failing."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if b"\x00" in data[:8192] and (wide := bomless_unicode(data)):
        return data.decode(wide, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    western = _mostly_ascii_cp1252(data)
    if western is not None:
        return western
    from charset_normalizer import from_bytes  # imported here: most files are UTF-8

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


def decode_text(data: bytes) -> str:
    """``data`` as text, or UnreadableFile when it is empty or binary."""
    if not data.strip():
        raise UnreadableFile("empty file")
    if looks_binary(data):
        raise UnreadableFile("binary content, not text")
    text = decode_bytes(data)
    if not text.strip():
        raise UnreadableFile("empty file")
    return text


def read_text(data: bytes, context: ReadContext) -> Extracted:
    text = decode_text(data)
    return Extracted("text", (text,), date=text_date(text), web=True)


def split_front_matter(text: str) -> tuple[str, str]:
    """A Markdown text without its YAML front matter, and the ``title:`` that it gives ("" if none)."""
    front = FRONT_MATTER.match(text)
    if not front:
        return text, ""
    title = re.search(r"^title[ \t]*:[ \t]*['\"]?([^'\"\n]*)", front.group(1), re.I | re.M)
    return text[front.end() :], title.group(1).strip() if title else ""


_FRONT_AUTHOR = re.compile(r"^authors?[ \t]*:[ \t]*['\"]?([^'\"\n]+)", re.I | re.M)
_ATX_HEADING = re.compile(r"^[ ]{0,3}#{1,6}[ \t]+(.*?)[ \t#]*$", re.M)
_SETEXT_RULE = re.compile(r"^[ ]{0,3}(?:=+|-+)[ \t]*$", re.M)


def read_markdown(data: bytes, context: ReadContext) -> Extracted:
    """Markdown as text: front matter out (its title, author and date kept), heading marks out."""
    text = decode_text(data)
    date = text_date(text)
    front = FRONT_MATTER.match(text)
    author = ""
    if front and (found := _FRONT_AUTHOR.search(front.group(1))):
        author = found.group(1).strip()
    body, title = split_front_matter(text)
    if not title and (heading := _ATX_HEADING.search(body)):
        title = heading.group(1)
    body = _SETEXT_RULE.sub("", _ATX_HEADING.sub(lambda m: "\n" + m.group(1) + "\n", body))
    return Extracted("markdown", (body,), title=title.strip(), author=author, date=date, web=True)


_RST_ADORNMENT = re.compile(r"^([=\-`:'\"~^_*+#<>.])\1{2,}[ \t]*$")
_RST_DIRECTIVE_LINE = re.compile(r"^\.\.\s+(?:_[^:]*:|\|[^|]*\|\s+\w+::|(?:include|image|figure|raw|contents)::)")
_RST_FIELD = re.compile(r"^:(author|authors|date|title):\s*(.+)$", re.I)


def read_rst(data: bytes, context: ReadContext) -> Extracted:
    """reStructuredText as text: section adornments and link targets out; the first section title,
    and ``:author:``/``:date:`` fields, as metadata."""
    lines = decode_text(data).splitlines()
    fields: dict[str, str] = {}
    kept: list[str] = []
    title = ""
    for i, line in enumerate(lines):
        if _RST_ADORNMENT.match(line):
            before = lines[i - 1].strip() if i else ""
            if not title and before and not _RST_ADORNMENT.match(before):
                title = before
            kept.append("")  # a section title stands apart from what follows
            continue
        if _RST_DIRECTIVE_LINE.match(line):
            continue
        if field := _RST_FIELD.match(line.strip()):
            fields.setdefault(field.group(1).lower().rstrip("s"), field.group(2).strip())
            continue
        kept.append(line)
    text = "\n".join(kept)
    date = iso_date(fields["date"]) if "date" in fields else text_date(text)
    return Extracted("rst", (text,), title=fields.get("title", title), author=fields.get("author", ""), date=date)


_ORG_KEYWORD = re.compile(r"^#\+(\w+)(?::\s*(.*)|\s.*)?$")
_ORG_HEADING = re.compile(r"^\*+\s+(?:(?:TODO|DONE)\s+)?(.*?)(?:\s+:[\w:@]+:)?\s*$")


def read_org(data: bytes, context: ReadContext) -> Extracted:
    """Org mode as text: ``#+TITLE:``, ``#+AUTHOR:``, ``#+DATE:`` as metadata, other ``#+`` lines
    and heading stars out."""
    keywords: dict[str, str] = {}
    kept: list[str] = []
    for line in decode_text(data).splitlines():
        if keyword := _ORG_KEYWORD.match(line.strip()):
            keywords.setdefault(keyword.group(1).lower(), (keyword.group(2) or "").strip())
            continue
        if heading := _ORG_HEADING.match(line):
            kept.extend(["", heading.group(1), ""])
            continue
        kept.append(line)
    text = "\n".join(kept)
    date = iso_date(keywords.get("date", "")) or text_date(text)
    return Extracted("org", (text,), title=keywords.get("title", ""), author=keywords.get("author", ""), date=date)
