"""E-mail: ``.eml`` messages and ``.mbox`` archives with the standard library.

A message's From, To, Cc, Date and Subject are its metadata and its first paragraph; its body is
the plain-text part, else the HTML part's visible text. Attachments (and forwarded messages) are
handed back as attachments, which the loader reads as documents of their own. An mbox's messages
are its attachments (``0001.eml``…), and its own text lists them.
"""

from __future__ import annotations

import email
import email.errors
import email.policy
import re
from email.message import Message
from email.utils import parsedate_to_datetime

from ..dates import iso_date
from .base import Attachment, Extracted, ReadContext, UnreadableFile
from .text import bomless_unicode, decode_bytes

HEADERS = ("From", "To", "Cc", "Date", "Subject")
_ENCRYPTED = ("application/pkcs7-mime", "application/x-pkcs7-mime", "multipart/encrypted")
_MBOX_SEPARATOR = re.compile(rb"(?:\A|\r?\n)From [^\r\n]*\r?\n")


def read_eml(data: bytes, context: ReadContext) -> Extracted:
    return message_extracted(parse_message(data), context)


def parse_message(data: bytes) -> Message:
    """A message from its bytes; UTF-16/32 files (some tools save mail so) are decoded first."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (b"\x00" in data[:4096] and bomless_unicode(data)):
        return email.message_from_string(decode_bytes(data), policy=email.policy.default)
    return email.message_from_bytes(data, policy=email.policy.default)


def header(message: Message, name: str) -> str:
    """A header's decoded value, "" when absent or beyond repair."""
    try:
        value = message.get(name)
    # AttributeError: the standard library's address parser on some malformed lists ("Cc: a: b")
    except (ValueError, IndexError, TypeError, AttributeError, email.errors.HeaderParseError):
        # the header as it stands in the file, not parsed by the policy
        value = next((raw for key, raw in message.raw_items() if key.lower() == name.lower()), "")
    return " ".join(str(value or "").split())


def message_date(value: str) -> str:
    """An RFC 2822 (or ISO 8601) date header as ISO ``YYYY-MM-DD``; "" when it is not a date."""
    if not value:
        return ""
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (ValueError, TypeError, IndexError):
        return iso_date(value)


def message_extracted(message: Message, context: ReadContext, format: str = "email") -> Extracted:
    values = {name: header(message, name) for name in HEADERS}
    plain: list[str] = []
    html: list[str] = []
    attachments: list[Attachment] = []
    encrypted = _collect(message, plain, html, attachments, context)
    body = "\n\n".join(part for part in plain if part.strip())
    if not body.strip() and html:
        from .html import html_blocks

        body = "\n\n".join("\n\n".join(html_blocks(markup)) for markup in html if markup.strip())
    if encrypted and not body.strip():
        body = "(The body of this message is encrypted: sleuth cannot read it.)"
    head = "\n\n".join(f"{name}: {value}" for name, value in values.items() if value)
    if not head and not body.strip():
        raise UnreadableFile("empty e-mail (no headers, no body)")
    return Extracted(
        format,
        (head, body),
        title=values["Subject"],
        author=values["From"],
        date=message_date(values["Date"]),
        fields=tuple((name, value) for name, value in values.items() if value and name not in ("Subject", "Date")),
        attachments=tuple(attachments),
    )


def _collect(
    part: Message, plain: list[str], html: list[str], attachments: list[Attachment], context: ReadContext
) -> bool:
    """Sort the parts under ``part`` into plain bodies, HTML bodies and attachments; True when encrypted."""
    context.check_time()
    content_type = part.get_content_type()
    if content_type in _ENCRYPTED:
        return True
    if content_type == "message/rfc822":
        inner = part.get_payload()
        message = inner[0] if isinstance(inner, list) and inner else None
        if isinstance(message, Message):
            name = header(message, "Subject") or f"message-{len(attachments) + 1}"
            attachments.append(Attachment(f"{name}.eml", message.as_bytes()))
        return False
    if part.is_multipart():
        encrypted = False
        for child in part.get_payload():
            if isinstance(child, Message):
                encrypted = _collect(child, plain, html, attachments, context) or encrypted
        return encrypted
    filename = part.get_filename()
    disposition = part.get_content_disposition()
    payload = part.get_payload(decode=True)
    data = payload if isinstance(payload, bytes) else b""
    if disposition == "attachment" or (filename and content_type not in ("text/plain", "text/html")):
        attachments.append(Attachment(filename or f"attachment-{len(attachments) + 1}", data))
    elif content_type == "text/plain":
        plain.append(_decode_part(part, data))
    elif content_type == "text/html":
        html.append(_decode_part(part, data))
    return False


def _decode_part(part: Message, data: bytes) -> str:
    charset = part.get_content_charset()
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown charset label: detection below does better
    return decode_bytes(data)


def read_mbox(data: bytes, context: ReadContext) -> Extracted:
    """An mbox archive: each message becomes an attachment ``NNNN.eml``; the text lists them."""
    chunks = [chunk for chunk in _MBOX_SEPARATOR.split(data) if chunk.strip()]
    if not data.startswith(b"From ") or not chunks:
        raise UnreadableFile("not an mbox archive (it does not start with a 'From ' line)")
    attachments = []
    lines = []
    for number, chunk in enumerate(chunks, start=1):
        context.check_time()
        raw = re.sub(rb"(?m)^>(>*From )", rb"\1", chunk)
        name = f"{number:04d}.eml"
        attachments.append(Attachment(name, raw))
        message = parse_message(raw)
        parts = [header(message, "Date"), header(message, "From"), header(message, "Subject")]
        lines.append(f"{name} · " + " · ".join(part for part in parts if part))
    return Extracted("mbox", ("\n\n".join(lines),), title=f"{len(chunks)} messages", attachments=tuple(attachments))
