"""The engine's errors a user can cause: each says what is wrong in one line."""

from __future__ import annotations


class CorpusError(ValueError):
    """The corpus folder or its index cannot be used (the message says why, in one line)."""


class NotFound(KeyError):
    """No such document, passage or entity."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "not found"
