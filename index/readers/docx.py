"""Word DOCX with python-docx: paragraphs and headings in order, tables as text (a row a line,
cells separated by " | "), title, author and date from the core properties."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from .base import Extracted, ReadContext, UnreadableFile
from .zipped import open_zip


def read_docx(data: bytes, context: ReadContext) -> Extracted:
    open_zip(data, context, "DOCX")  # the size check comes before python-docx unpacks anything
    import docx  # imported here: only Word files pay for it
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, XMLSyntaxError, zipfile.BadZipFile) as error:
        raise UnreadableFile(f"not a readable Word document ({error})") from error
    blocks: list[str] = []
    for item in document.iter_inner_content():
        context.check_time()
        if hasattr(item, "rows"):
            blocks.extend(table_rows(item))
        elif text := item.text.strip():
            blocks.append(text)
    properties = document.core_properties
    created = properties.created or properties.modified
    return Extracted(
        "docx",
        ("\n\n".join(blocks),),
        title=(properties.title or "").strip(),
        author=(properties.author or "").strip(),
        date=created.date().isoformat() if created else "",
    )


def table_rows(table: Any) -> list[str]:
    """A table as lines of text: its rows, cells joined by " | " (a merged cell once)."""
    rows = []
    try:
        for row in table.rows:
            cells: list[str] = []
            for cell in row.cells:
                text = " ".join(cell.text.split())
                if text and (not cells or cells[-1] != text):
                    cells.append(text)
            if cells:
                rows.append(" | ".join(cells))
    except ValueError:  # python-docx cannot lay out some irregular grids: read the cells' XML
        return _table_xml_rows(table)
    return rows


def _table_xml_rows(table: Any) -> list[str]:
    from docx.oxml.ns import qn

    rows = []
    for row in table._element.iter(qn("w:tr")):
        cells = ["".join(t.text or "" for t in cell.iter(qn("w:t"))) for cell in row.iter(qn("w:tc"))]
        if line := " | ".join(" ".join(c.split()) for c in cells if c.strip()):
            rows.append(line)
    return rows
