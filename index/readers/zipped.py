"""Zip-based formats (DOCX, ODT, EPUB): open the archive only within the decompressed-size limit."""

from __future__ import annotations

import io
import zipfile
import zlib

from .base import LimitExceeded, ReadContext, UnreadableFile

_MB = 1024 * 1024


def open_zip(data: bytes, context: ReadContext, kind: str) -> zipfile.ZipFile:
    """The archive in ``data``; UnreadableFile when it is not one, LimitExceeded when it would
    unpack to more than the limit (a zip bomb)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise UnreadableFile(f"not a valid {kind} file (a {kind} is a zip archive: {error})") from error
    unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > context.limits.max_unzipped_bytes:
        raise LimitExceeded(
            f"unpacks to {unpacked / _MB:.0f} MB, over the limit of {context.limits.max_unzipped_bytes / _MB:.0f} MB"
        )
    return archive


def read_member(archive: zipfile.ZipFile, name: str, context: ReadContext) -> bytes:
    """One member's bytes, never more than the decompressed-size limit whatever its header says."""
    limit = context.limits.max_unzipped_bytes
    try:
        with archive.open(name) as member:
            data = member.read(limit + 1)
    except KeyError as error:
        raise UnreadableFile(f"{name} is missing from the archive") from error
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, OSError, ValueError, EOFError) as error:
        raise UnreadableFile(f"damaged archive member {name}: {error}") from error
    if len(data) > limit:
        raise LimitExceeded(f"{name} unpacks to more than {limit / _MB:.0f} MB (limit)")
    return data
