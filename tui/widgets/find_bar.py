"""The find bar under the viewer (ctrl+f): marks text in the open document as you type."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


class FindBar(Input):
    """Type to find in the document; enter goes to the next match, escape closes the bar."""

    DEFAULT_CSS = """
    FindBar { display: none; border: tall $warning 60%; height: 3; }
    FindBar.-open { display: block; }
    FindBar:focus { border: tall $warning; }
    """
    BINDINGS = [
        Binding("escape", "close", "Close find", id="find.close"),
        Binding("down", "next", "Next match", show=False, id="find.next"),
        Binding("up", "previous", "Previous match", show=False, id="find.previous"),
    ]

    @dataclass
    class Closed(Message):
        """The reader closed the find bar (the marks go)."""

    @dataclass
    class Step(Message):
        """Go to the next (1) or previous (-1) match."""

        direction: int

    def __init__(self, **kwargs: object) -> None:
        super().__init__(placeholder="find in this document (enter: next · escape: close)", **kwargs)  # type: ignore[arg-type]
        self.cursor_blink = False

    def open(self) -> None:
        self.add_class("-open")
        self.focus()

    def action_close(self) -> None:
        self.remove_class("-open")
        self.value = ""
        self.post_message(self.Closed())

    def action_next(self) -> None:
        self.post_message(self.Step(1))

    def action_previous(self) -> None:
        self.post_message(self.Step(-1))
