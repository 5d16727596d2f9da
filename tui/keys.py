"""Keys from one source: every binding has an id and a description; the help screen lists them,
and the reader remaps them in ``keymap.toml`` in the config folder.

``keymap.toml`` maps binding ids (as the help screen shows them) to keys::

    [keys]
    "app.next_hit" = "ctrl+j"
    "app.quit" = "ctrl+c,q"

A file that cannot be read, or names an unknown binding, gets a one-line notice and the
default keys.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from textual.binding import Binding, BindingType

KEYMAP_FILE = "keymap.toml"


def keymap_file() -> Path:
    """``$SLEUTH_HOME/keymap.toml``, else the per-user config folder's."""
    home = os.environ.get("SLEUTH_HOME")
    if home:
        return Path(home).expanduser() / KEYMAP_FILE
    from platformdirs import user_config_path

    return user_config_path("sleuth", appauthor=False) / KEYMAP_FILE


def bindings_of(owner: type) -> list[Binding]:
    """The bindings a class declares (not those it inherits), as Binding objects."""
    declared: Iterable[BindingType] = owner.__dict__.get("BINDINGS", [])
    return [binding for binding in declared if isinstance(binding, Binding)]


def load_keymap(path: Path, known_ids: Iterable[str]) -> tuple[dict[str, str], str]:
    """The reader's keymap and a notice ("" when all is well); a bad file gives ({}, notice)."""
    if not path.exists():
        return {}, ""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        return {}, f"{path.name}: cannot be read ({error}); using the default keys"
    except tomllib.TOMLDecodeError as error:
        return {}, f"{path.name}: {error}; using the default keys"
    table = data.get("keys", data)
    known = set(known_ids)
    keymap: dict[str, str] = {}
    for binding_id, keys in table.items():
        if binding_id not in known:
            return {}, f"{path.name}: no key has the id {binding_id!r} (see the help screen); using the default keys"
        if not isinstance(keys, str) or not keys.strip():
            return {}, f'{path.name}: {binding_id} must be keys in quotes, like "ctrl+n"; using the default keys'
        keymap[binding_id] = ",".join(key.strip() for key in keys.split(",") if key.strip())
    return keymap, ""


@dataclass(frozen=True)
class KeyGroup:
    """The keys of one place (the search bar, the viewer…) for the help screen."""

    title: str
    owners: Sequence[type]

    def bindings(self) -> list[Binding]:
        return [binding for owner in self.owners for binding in bindings_of(owner) if binding.id]


def key_groups() -> list[KeyGroup]:
    """Every place with keys of its own, in the order the help screen lists them."""
    from .app import SleuthApp
    from .screens.entity_card import EntityCardScreen
    from .screens.help import HelpScreen
    from .screens.note_editor import NoteEditor
    from .screens.notes import NotesScreen
    from .screens.prompt import ChoiceScreen, PromptScreen
    from .widgets.entity_table import EntityTable
    from .widgets.find_bar import FindBar
    from .widgets.passage_viewer import PassageViewer
    from .widgets.results_list import ResultsList
    from .widgets.search_bar import SearchBar

    return [
        KeyGroup("Everywhere", [SleuthApp]),
        KeyGroup("Search bar", [SearchBar]),
        KeyGroup("Results", [ResultsList]),
        KeyGroup("Entities", [EntityTable]),
        KeyGroup("Viewer", [PassageViewer]),
        KeyGroup("Find in the document (ctrl+f)", [FindBar]),
        KeyGroup("Entity card", [EntityCardScreen]),
        KeyGroup("Notes", [NotesScreen, NoteEditor]),
        KeyGroup("Dialogs and this help", [PromptScreen, ChoiceScreen, HelpScreen]),
    ]


def binding_ids() -> list[str]:
    """The ids of every binding the help screen lists (what ``keymap.toml`` may remap)."""
    return [binding.id for group in key_groups() for binding in group.bindings() if binding.id]
