"""``in:FOLDER`` terms of a query, added and removed as the reader chooses folders in the app."""

from __future__ import annotations

import re

from index.query import filter_terms


def folder_filters(query: str) -> tuple[str, ...]:
    """The folders the query's ``in:`` terms name, as the index spells them (``reports/2024``)."""
    return tuple(value for kind, value, _ in filter_terms(query) if kind == "in" and value)


def _without_folders(query: str) -> str:
    spans = [span for kind, _, span in filter_terms(query) if kind == "in"]
    for start, end in reversed(spans):
        query = query[:start] + " " + query[end:]
    return " ".join(query.split())


def _term(folder: str) -> str:
    return f'in:"{folder}"' if re.search(r"\s", folder) else f"in:{folder}"


def toggle_folder(query: str, folder: str) -> str:
    """Narrow ``query`` to ``folder`` (replacing an ``in:`` of a folder above it); if it is already
    narrowed to ``folder``, widen it back to the folder above (or to everything)."""
    current = folder_filters(query)
    rest = _without_folders(query)
    if folder in current:
        parent = folder.rpartition("/")[0]
        kept = [f for f in current if f != folder] + ([parent] if parent else [])
    else:
        kept = [f for f in current if not folder.startswith(f + "/")] + [folder]
    return " ".join([rest, *(_term(f) for f in dict.fromkeys(kept))]).strip()


def remove_folder(query: str, folder: str) -> str:
    """``query`` without its ``in:FOLDER`` term (the other folders kept)."""
    kept = [f for f in folder_filters(query) if f != folder]
    return " ".join([_without_folders(query), *(_term(f) for f in kept)]).strip()
