"""HTML and saved web pages: the article's main text with trafilatura, its title, author and date.

trafilatura drops navigation, share buttons, newsletter boxes, related links and comments; each
block it keeps (paragraph, heading, list item, table row) becomes a paragraph of its own, so a
heading starts the passage it heads. Pages it finds no article in (a bare table, a few lines, a
tree too deep for it) fall back to every visible block element.
"""

from __future__ import annotations

import html
import re
from typing import Any

from ..dates import html_date, text_date
from .base import Extracted, ReadContext, UnreadableFile
from .text import decode_bytes, decode_text

_INVISIBLE = ("script", "style", "noscript", "template", "head", "nav", "header", "footer", "aside", "form")
_BLOCKS = frozenset("p h1 h2 h3 h4 h5 h6 li blockquote pre td th dd dt figcaption caption".split())
_DATE_PARAMETERS = {"extensive_search": False, "original_date": True}
"""Dates from the page's markup only: a date guessed from its free text is often another date."""


def read_html(data: bytes, context: ReadContext) -> Extracted:
    import trafilatura  # imported here: only HTML files pay for it
    from trafilatura.utils import load_html

    markup = decode_text(data)
    tree = load_html(markup)
    if tree is None:  # trafilatura wants a whole page; a fragment ("<h3>…</h3>") is read as one
        return _fragment(markup)
    metas = [dict(meta.attrib) for meta in tree.iter("meta")]
    times = [dict(time.attrib) for time in tree.iter("time")]
    page_title = _page_title(tree)
    extracted: Any = trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params=_DATE_PARAMETERS,
    )
    blocks = [line.strip() for line in (extracted.text or "").splitlines()] if extracted is not None else []
    blocks = [block for block in blocks if block]
    if not blocks:
        blocks = visible_blocks(load_html(markup)) or markup_text(markup)
    text = "\n\n".join(blocks)
    if not text.strip():
        raise UnreadableFile("no visible text in the page")
    title = (extracted.title if extracted is not None else "") or page_title
    author = (extracted.author if extracted is not None else "") or ""
    date = html_date(metas, times) or text_date(text)
    return Extracted("html", (text,), title=title or "", author=author, date=date, web=True)


def _fragment(markup: str) -> Extracted:
    blocks = html_blocks(markup)
    if not blocks:
        raise UnreadableFile("no visible text in the page")
    text = "\n\n".join(blocks)
    return Extracted("html", (text,), date=text_date(text), web=True)


def html_blocks(markup: str | bytes) -> list[str]:
    """The visible blocks of a piece of HTML that is not a whole page (an e-mail's HTML body, an
    EPUB chapter, a fragment); [] when it has none (only a comment, only whitespace)."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        return visible_blocks(lxml_html.fromstring(markup)) or markup_text(_as_text(markup))
    except (etree.ParserError, ValueError):  # "Document is empty", or a str with an encoding declaration
        return markup_text(_as_text(markup))


def _as_text(markup: str | bytes) -> str:
    return markup if isinstance(markup, str) else decode_bytes(markup)


def _page_title(tree: Any) -> str:
    title = tree.find(".//title")
    return " ".join("".join(title.itertext()).split()) if title is not None else ""


def visible_blocks(tree: Any) -> list[str]:
    """The text of every innermost block element, or the whole visible text when there are none.

    Walks the tree without recursion: a page nested 20,000 elements deep is still read.
    """
    if tree is None:
        return []
    doomed = [element for element in tree.iter(*_INVISIBLE)]
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()
    blocks = []
    for element in tree.iter(*_BLOCKS):
        if any(child.tag in _BLOCKS for child in element.iterdescendants()):
            continue  # its inner blocks are visited on their own
        text = " ".join("".join(element.itertext()).split())
        if text:
            blocks.append(text)
    if blocks:
        return blocks
    whole = "".join(tree.itertext())
    return [line.strip() for line in whole.splitlines() if line.strip()]


_HIDDEN_MARKUP = re.compile(r"<(script|style|noscript|template|head)\b.*?</\1\s*>", re.I | re.S)
_BLOCK_TAG = re.compile(r"</?(?:p|div|br|h[1-6]|li|tr|td|th|dd|dt|blockquote|pre|section|article|table)\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"<[^>]*>")


def markup_text(markup: str) -> list[str]:
    """The text between the tags, a block element a line: for pages nested deeper than the HTML
    parser goes (libxml2 stops at 256 levels and drops what is below)."""
    text = _ANY_TAG.sub("", _BLOCK_TAG.sub("\n", _HIDDEN_MARKUP.sub(" ", markup)))
    return [line for line in (" ".join(raw.split()) for raw in html.unescape(text).splitlines()) if line]
