"""Small documents of every format sleuth reads, written by the tests themselves."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path


def make_pdf(
    path: Path,
    pages: list[list[str]],
    title: str = "",
    author: str = "",
    created: datetime | None = None,
    user_password: str | None = None,
    owner_password: str | None = None,
) -> Path:
    """A PDF with one page per item of ``pages``, each a list of paragraphs."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    if title:
        pdf.set_title(title)
    if author:
        pdf.set_author(author)
    if created:
        pdf.set_creation_date(created)
    if owner_password or user_password:
        pdf.set_encryption(owner_password=owner_password or "owner", user_password=user_password)
    for paragraphs in pages:
        pdf.add_page()
        for paragraph in paragraphs:
            pdf.multi_cell(0, 6, paragraph)
            pdf.ln(6)
    pdf.output(str(path))
    return path


def make_docx(path: Path, title: str = "", author: str = "", created: datetime | None = None) -> Path:
    """A Word file with a heading, two paragraphs and a table."""
    import docx

    document = docx.Document()
    document.add_heading("Harbour works", level=1)
    document.add_paragraph("The council approved the ferry terminal on Tuesday.")
    document.add_paragraph("Work starts in spring and ends in 2027.")
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, [("Pier", "Cost"), ("North", "48 million")], strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    properties = document.core_properties
    properties.title = title
    properties.author = author
    if created:
        properties.created = created
    document.save(str(path))
    return path


def zip_file(path: Path, members: dict[str, str | bytes], first: tuple[str, str] | None = None) -> Path:
    """A zip with ``first`` stored uncompressed at its start (ODF and EPUB want their mimetype so)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        if first:
            archive.writestr(first[0], first[1], compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            archive.writestr(name, data)
    return path


_ODF = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"'
)


def make_odt(path: Path) -> Path:
    content = f"""<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODF}><office:body><office:text>
    <text:h text:outline-level="1">Harbour works</text:h>
    <text:p>The council approved<text:s text:c="2"/>the ferry terminal on Tuesday.</text:p>
    <text:list><text:list-item><text:p>Work starts in spring.</text:p></text:list-item></text:list>
    <table:table><table:table-row><table:table-cell><text:p>Pier</text:p></table:table-cell>
    <table:table-cell><text:p>North</text:p></table:table-cell></table:table-row></table:table>
    </office:text></office:body></office:document-content>"""
    meta = f"""<?xml version="1.0" encoding="UTF-8"?><office:document-meta {_ODF}><office:meta>
    <dc:title>Harbour report</dc:title><meta:initial-creator>Renée Dubois</meta:initial-creator>
    <meta:creation-date>2023-06-12T10:00:00</meta:creation-date></office:meta></office:document-meta>"""
    return zip_file(
        path,
        {"content.xml": content, "meta.xml": meta},
        first=("mimetype", "application/vnd.oasis.opendocument.text"),
    )


def make_epub(path: Path, chapters: list[tuple[str, str]]) -> Path:
    """An EPUB whose spine lists the chapters in the given order (the manifest lists them reversed)."""
    items = "".join(
        f'<item id="c{i}" href="text/ch{i}.xhtml" media-type="application/xhtml+xml"/>'
        for i in reversed(range(len(chapters)))
    )
    spine = "".join(f'<itemref idref="c{i}"/>' for i in range(len(chapters)))
    package = f"""<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">
    <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Winter on the Lake</dc:title>
    <dc:creator>E. F. Benson</dc:creator><dc:date>1912-01-05</dc:date></metadata>
    <manifest>{items}</manifest><spine>{spine}</spine></package>"""
    container = """<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"
    version="1.0"><rootfiles><rootfile full-path="OEBPS/content.opf"/></rootfiles></container>"""
    members: dict[str, str | bytes] = {"META-INF/container.xml": container, "OEBPS/content.opf": package}
    for i, (heading, body) in enumerate(chapters):
        members[f"OEBPS/text/ch{i}.xhtml"] = (
            f'<html xmlns="http://www.w3.org/1999/xhtml"><body><h1>{heading}</h1><p>{body}</p></body></html>'
        )
    return zip_file(path, members, first=("mimetype", "application/epub+zip"))


def make_eml(path: Path, attachments: dict[str, bytes] | None = None, html: bool = False) -> Path:
    message = EmailMessage()
    message["From"] = "Renée Dubois <renee@harbour.example>"
    message["To"] = "Council <council@harbour.example>"
    message["Cc"] = "Press <press@harbour.example>"
    message["Date"] = "Tue, 05 Mar 2024 09:30:00 +0100"
    message["Subject"] = "Ferry terminal budget"
    body = "The ferry terminal budget is attached. Fishermen want a quay of their own."
    if html:
        message.set_content(f"<html><body><p>{body}</p></body></html>", subtype="html")
    else:
        message.set_content(body)
    for name, data in (attachments or {}).items():
        maintype, subtype = ("application", "pdf") if name.endswith(".pdf") else ("application", "octet-stream")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    path.write_bytes(bytes(message))
    return path


def pdf_bytes(tmp: Path, text: str) -> bytes:
    return make_pdf(tmp / "_attachment.pdf", [[text]]).read_bytes()


def zip_bomb(path: Path, inner_name: str, size: int) -> Path:
    """A small zip that unpacks to ``size`` bytes of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(inner_name, b"\0" * size)
    path.write_bytes(buffer.getvalue())
    return path


__all__ = ["UTC", "make_docx", "make_eml", "make_epub", "make_odt", "make_pdf", "pdf_bytes", "zip_bomb", "zip_file"]
