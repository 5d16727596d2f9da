"""``in:FOLDER`` terms of a query, added and removed as the reader chooses folders in the app."""

from __future__ import annotations

import re

_IN = re.compile(r"(?:^|(?<=\s))in:(\"[^\"]*\"|[^\s\"]+)")


def _folder(value: str) -> str:
    return value.strip('"').strip().lstrip("./").strip("/")


def folder_filters(query: str) -> tuple[str, ...]:
    """The folders the query's ``in:`` terms name, as the index spells them (``reports/2024``)."""
    return tuple(folder for m in _IN.finditer(query) if (folder := _folder(m.group(1))))


def _term(folder: str) -> str:
    return f'in:"{folder}"' if re.search(r"\s", folder) else f"in:{folder}"


def toggle_folder(query: str, folder: str) -> str:
    """Narrow ``query`` to ``folder`` (replacing an ``in:`` of a folder above it); if it is already
    narrowed to ``folder``, widen it back to the folder above (or to everything)."""
    current = folder_filters(query)
    rest = " ".join(_IN.sub(" ", query).split())
    if folder in current:
        parent = folder.rpartition("/")[0]
        kept = [f for f in current if f != folder] + ([parent] if parent else [])
    else:
        kept = [f for f in current if not folder.startswith(f + "/")] + [folder]
    return " ".join([rest, *(_term(f) for f in dict.fromkeys(kept))]).strip()
