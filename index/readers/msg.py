"""Outlook ``.msg`` messages with extract-msg: the same document shape as an ``.eml``."""

from __future__ import annotations

from typing import Any

from .base import Attachment, Extracted, ReadContext, UnreadableFile
from .mail import HEADERS


def read_msg(data: bytes, context: ReadContext) -> Extracted:
    import extract_msg  # imported here: only Outlook files pay for it
    from extract_msg.exceptions import ExMsgBaseException

    try:
        message = extract_msg.openMsg(data)
    except (ExMsgBaseException, OSError, ValueError, KeyError) as error:
        raise UnreadableFile(f"not a readable Outlook message ({error})") from error
    try:
        return _extracted(message, context)
    except (ExMsgBaseException, ValueError, KeyError) as error:
        raise UnreadableFile(f"damaged Outlook message ({error})") from error
    finally:
        message.close()


def _extracted(message: Any, context: ReadContext) -> Extracted:
    sent = getattr(message, "date", None)
    values = {
        "From": _clean(getattr(message, "sender", "")),
        "To": _clean(getattr(message, "to", "")),
        "Cc": _clean(getattr(message, "cc", "")),
        "Date": sent.isoformat(" ", "minutes") if sent else "",
        "Subject": _clean(getattr(message, "subject", "")),
    }
    body = getattr(message, "body", "") or ""
    if not body.strip() and (markup := getattr(message, "htmlBody", None)):
        from .html import html_blocks

        body = "\n\n".join(html_blocks(markup))
    attachments: list[Attachment] = []
    for attachment in getattr(message, "attachments", []):
        context.check_time()
        data = getattr(attachment, "data", None)
        name = getattr(attachment, "longFilename", None) or getattr(attachment, "shortFilename", None)
        if isinstance(data, bytes):
            attachments.append(Attachment(name or f"attachment-{len(attachments) + 1}", data))
        elif data is not None and hasattr(data, "exportBytes"):  # a message attached to the message
            attachments.append(Attachment(f"{name or 'message'}.msg", data.exportBytes()))
    head = "\n\n".join(f"{name}: {value}" for name, value in values.items() if value)
    if not head and not body.strip():
        raise UnreadableFile("empty Outlook message")
    return Extracted(
        "msg",
        (head, body),
        title=values["Subject"],
        author=values["From"],
        date=sent.date().isoformat() if sent else "",
        fields=tuple((name, values[name]) for name in HEADERS if values[name] and name not in ("Subject", "Date")),
        attachments=tuple(attachments),
    )


def _clean(value: object) -> str:
    return " ".join(str(value or "").split())
