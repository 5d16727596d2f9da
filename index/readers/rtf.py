"""Rich Text Format with striprtf; title, author and date from the ``\\info`` group."""

from __future__ import annotations

import re

from ..dates import iso_date
from .base import Extracted, ReadContext, UnreadableFile

_CODEPAGE = re.compile(rb"\\ansicpg(\d+)")


def read_rtf(data: bytes, context: ReadContext) -> Extracted:
    from striprtf.striprtf import rtf_to_text  # imported here: only RTF files pay for it

    if not data.lstrip().startswith(b"{\\rtf"):
        raise UnreadableFile("not an RTF file (it does not start with {\\rtf)")
    codepage = _CODEPAGE.search(data[:4096])
    encoding = f"cp{codepage.group(1).decode()}" if codepage else "cp1252"
    source = data.decode("latin-1")
    try:
        text: str = rtf_to_text(source, encoding=encoding, errors="replace")  # type: ignore[no-untyped-call]
    except (LookupError, ValueError, IndexError, RecursionError) as error:
        raise UnreadableFile(f"damaged RTF ({error})") from error
    return Extracted(
        "rtf",
        (text.replace("\n", "\n\n"),),  # each \par ends a paragraph
        title=_info(source, "title"),
        author=_info(source, "author"),
        date=_created(source),
    )


def _info(source: str, name: str) -> str:
    found = re.search(r"\{\\" + name + r"\s+([^{}\\]*)\}", source[:20000])
    return " ".join(found.group(1).split()) if found else ""


def _created(source: str) -> str:
    found = re.search(r"\\creatim\\yr(\d{4})\\mo(\d{1,2})\\dy(\d{1,2})", source[:20000])
    return iso_date(f"{found.group(1)}-{int(found.group(2)):02d}-{int(found.group(3)):02d}") if found else ""
