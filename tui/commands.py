"""Command palette entries: saved searches, entities to narrow to or open the card of, and actions."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from .notes_actions import EXPORT_NAMES
from .text import safe_content

if TYPE_CHECKING:
    from .app import SleuthApp

PALETTE_ENTITIES = 300
"""The most mentioned entities offered in the palette."""


class SleuthCommands(Provider):
    """Run a saved search, narrow to an entity, or do an action, by typing part of its name."""

    def _entries(self) -> list[tuple[str, object, str]]:
        app: SleuthApp = self.app  # type: ignore[assignment]
        entries: list[tuple[str, object, str]] = []
        for saved in app.saved_searches:
            entries.append((f"Saved search: {saved.name}", partial(app.run_query, saved.query), saved.query))
        for entity in app.corpus_entities[:PALETTE_ENTITIES]:
            label = f"{entity.type.lower()}: {entity.name}"
            entries.append((label, partial(app.narrow_to, entity.key, entity.name), "narrow the results to it"))
            card = f"card: {entity.name}"
            entries.append((card, partial(app.open_card, entity.key), f"who or what this {label.split(':')[0]} is"))
        entries.append(("Save this search", app.action_save_search, "keep the query in the search bar"))
        entries.append(("Notes and bookmarks", app.action_notes, "every bookmark and note, newest first"))
        for fmt, name in EXPORT_NAMES.items():
            where = "to a file in the folder sleuth was started in"
            entries.append((f"Export notes as {name}", partial(app.export_notes, fmt), where))
        entries.append(("Copy notes as Markdown", app.copy_notes, "to the clipboard, to paste into a draft"))
        entries.append(("Help", app.action_help, "keys and query syntax"))
        return entries

    async def discover(self) -> Hits:
        for text, command, help_text in self._entries():
            if text.startswith(("Saved search", "Export notes", "Notes")) or text in ("Save this search", "Help"):
                yield DiscoveryHit(safe_content(text), command, text=text, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        app: SleuthApp = self.app  # type: ignore[assignment]
        typed = query.removeprefix("card:").strip()
        if len(typed) >= 2:  # any entity, not only the most mentioned: the Library finds it by name
            text = f"card of {typed}"
            yield Hit(0.01, safe_content(text), partial(app.open_card, typed), text=text, help="look the name up")
        matcher = self.matcher(query)
        for text, command, help_text in self._entries():
            score = matcher.match(text)
            if score > 0:
                # Not matcher.highlight(): it parses its input as markup, and names are document text.
                yield Hit(score, safe_content(text), command, text=text, help=help_text)  # type: ignore[arg-type]
