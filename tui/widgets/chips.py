"""The filters in force, as chips beside the search bar: entity narrows and ``in:`` folders."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from ..text import safe_text


class FilterChips(Static):
    """``with Wu Shizhong ✕  in:reports ✕  X: remove``; hidden when no filter applies."""

    DEFAULT_CSS = """
    FilterChips { display: none; width: auto; max-width: 50%; height: 3; padding: 1 1 0 1;
                  text-wrap: nowrap; text-overflow: ellipsis; }
    FilterChips.-shown { display: block; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.chips: tuple[str, ...] = ()

    def show_filters(self, entities: Sequence[str], folders: Sequence[str]) -> None:
        """The names of the entities the results are narrowed to, and the folders of ``in:`` terms."""
        self.chips = (*(f"with {name}" for name in entities), *(f"in:{folder}" for folder in folders))
        line = Text(no_wrap=True, overflow="ellipsis")
        for chip in self.chips:
            line.append_text(safe_text(f" {chip} ✕ ", style="bold reverse"))
            line.append(" ")
        line.append("X: remove", style="dim")
        self.update(line)
        self.set_class(bool(self.chips), "-shown")
