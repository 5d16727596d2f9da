"""The entity card: who or what an entity is, what the text says about it, and where it is named.

Every descriptor, quote and mention is a jump target into the viewer; every co-mentioned entity
opens its own card. Corrections (rename, type, merge, hide, undo) are made here and kept with the
reader's data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState, get_current_worker

from index import ENTITY_TYPES, EntityCard, Highlight, Library, MentionRef, Statement

from ..text import highlighted, safe_text
from ..wording import plural, said
from .prompt import ChoiceScreen, PromptScreen

if TYPE_CHECKING:
    from ..app import SleuthApp

TYPE_WORDS = {"PERSON": "person", "ORG": "organisation", "PLACE": "place"}


class EntityCardScreen(Screen[None]):
    """One entity's card; escape goes back to where it was opened from."""

    DEFAULT_CSS = """
    EntityCardScreen { layout: vertical; }
    EntityCardScreen #card-head { padding: 0 1; height: auto; border: round $accent; }
    EntityCardScreen OptionList { height: 1fr; border: round $panel; }
    EntityCardScreen OptionList:focus { border: round $accent; }
    """
    BINDINGS = [
        Binding(
            "escape,backspace,alt+left", "back", "Back", id="card.back", tooltip="back to the card or place before"
        ),
        Binding(
            "alt+right", "forward", "Forward", show=False, id="card.forward", tooltip="forward again after going back"
        ),
        Binding("r", "rename", "Rename", id="card.rename"),
        Binding("t", "retype", "Type", id="card.retype"),
        Binding("g", "merge", "Merge into…", id="card.merge"),
        Binding("h", "hide", "Hide", id="card.hide"),
        Binding("u", "undo", "Undo correction", id="card.undo"),
        Binding("j", "cursor_down", "Down", show=False, id="card.down"),
        Binding("k", "cursor_up", "Up", show=False, id="card.up"),
    ]

    def __init__(self, library: Library, name: str) -> None:
        super().__init__()
        self.library = library
        self.wanted = name
        self.card: EntityCard | None = None
        self._targets: dict[str, tuple[str, int, int, int] | str] = {}
        self._listed = 0
        """Passages whose mentions the card lists so far (more page in on demand)."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("loading…", style="dim"), id="card-head")
            yield OptionList(id="card-lines")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.load(self.wanted)

    @property
    def sleuth(self) -> SleuthApp:
        return self.app  # type: ignore[return-value]

    # -- loading ------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="card", exit_on_error=False)
    def load(self, name: str) -> None:
        card = self.library.entity_card(name)
        if not get_current_worker().is_cancelled:  # a newer load (another entity chosen) wins
            self.app.call_from_thread(self._show_if_open, card)

    def _show_if_open(self, card: EntityCard) -> None:
        if self.is_attached:  # the card may have been closed while it loaded
            self.show_card(card)

    def show_card(self, card: EntityCard) -> None:
        self.card = card
        self.wanted = card.entity.key
        self.query_one("#card-head", Static).update(self._head(card))
        self._targets = {}
        options: list[Option | None] = []
        self._section(options, "Described as", card.descriptors, quoted=False)
        self._section(options, "Quotes", card.quotes, quoted=True)
        if card.co_mentions:
            options.append(Option(Text("Named with", style="bold underline"), disabled=True))
            for entity in card.co_mentions:
                option_id = f"c{len(self._targets)}"
                self._targets[option_id] = entity.key
                kind = f"  {TYPE_WORDS[entity.type]} ×{entity.count}"
                line = Text.assemble("  ", safe_text(entity.name), (kind, "dim"))
                options.append(Option(line, id=option_id))
        if card.mentions:
            title = f"Mentions ({card.entity.mention_count})"
            options.append(Option(Text(title, style="bold underline"), disabled=True))
            options.extend(self._mention_options(card.mentions))
        self._listed = card.listed_passages
        if card.listed_passages < card.naming_passages:
            options.append(self._more_option(card))
        lines = self.query_one(OptionList)
        lines.set_options(options)
        lines.border_title = "enter: open in the viewer, or the entity's own card"
        first = next((i for i, o in enumerate(options) if o is not None and not o.disabled), None)
        if first is not None:
            lines.highlighted = first

    def _mention_options(self, mentions: tuple[MentionRef, ...]) -> list[Option | None]:
        options: list[Option | None] = []
        for mention in mentions:
            option_id = f"m{len(self._targets)}"
            self._targets[option_id] = (mention.doc_id, mention.n, mention.start, mention.end)
            body = highlighted(mention.context, [Highlight(mention.context_start, mention.context_end)])
            options.append(
                Option(Text.assemble(safe_text(f"  {mention.passage_id}  ", style="dim"), body), id=option_id)
            )
        return options

    def _more_option(self, card: EntityCard) -> Option:
        left = card.naming_passages - self._listed
        return Option(
            Text(f"  … {plural(left, 'more passage')} naming it: enter to list them", style="italic"), id="more"
        )

    @work(thread=True, exclusive=True, group="card-mentions", exit_on_error=False)
    def load_more(self, card: EntityCard, start: int) -> None:
        mentions = self.library.entity_mentions(card.entity.key, start, card.listed_passages)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._append_mentions, card, start, mentions)

    def _append_mentions(self, card: EntityCard, start: int, mentions: tuple[MentionRef, ...]) -> None:
        if not self.is_attached or self.card is not card or start != self._listed:
            return  # another entity is shown now, or this page is already in
        lines = self.query_one(OptionList)
        more = lines.get_option_index("more")
        lines.remove_option("more")
        self._listed = min(card.naming_passages, start + card.listed_passages)  # pages as long as the first
        added = [o for o in self._mention_options(mentions) if o is not None]
        if self._listed < card.naming_passages:
            added.append(self._more_option(card))
        lines.add_options(added)
        lines.highlighted = more

    def _head(self, card: EntityCard) -> Text:
        entity = card.entity
        head = Text.assemble(safe_text(entity.name, style="bold"), f"  · {TYPE_WORDS.get(entity.type, entity.type)}")
        if entity.aliases:
            head.append("  · also: ")
            head.append_text(safe_text(", ".join(entity.aliases)))
        counts = [plural(entity.mention_count, "mention"), plural(entity.passage_count, "passage")]
        head.append(f"\n{counts[0]} in {counts[1]} of {plural(entity.doc_count, 'document')}", style="dim")
        if card.namesakes:
            others = ", ".join(f"{e.name} ({TYPE_WORDS.get(e.type, e.type)})" for e in card.namesakes[:5])
            head.append("\nsame name: ", style="dim")
            head.append_text(safe_text(others + "  (g: merge into another entity)", style="dim"))
        for correction in card.corrections:
            head.append_text(safe_text(f"\nyour correction: {self.library.describe(correction)}", style="italic"))
        return head

    def _section(self, options: list[Option | None], title: str, found: tuple[Statement, ...], quoted: bool) -> None:
        if not found:
            return
        options.append(Option(Text(title, style="bold underline"), disabled=True))
        for statement in found:
            option_id = f"s{len(self._targets)}"
            self._targets[option_id] = (statement.doc_id, statement.n, statement.start, statement.end)
            text = " ".join(statement.text.split())
            shown = safe_text(said(text, statement.reported) if quoted else text)
            again = f" ×{statement.repeats}" if statement.repeats > 1 else ""
            where = f"  ¶{statement.n} {statement.doc_id}{again}"
            options.append(Option(Text.assemble("  ", shown, safe_text(where, style="dim")), id=option_id))

    # -- jumping ------------------------------------------------------------------------------
    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == "more" and self.card is not None:
            self.load_more(self.card, self._listed)
            return
        target = self._targets.get(event.option.id or "")
        if isinstance(target, str):
            self.query_one("#card-head", Static).update(Text("loading…", style="dim"))
            self.sleuth.open_card(target)  # the trail keeps this card: back returns to it
        elif target is not None:
            doc_id, n, start, end = target
            self.sleuth.go_to_passage(doc_id, n, mark=(n, start, end))

    def action_back(self) -> None:
        """Back to the card or place before this one (the app keeps the trail)."""
        self.sleuth.action_go_back()

    def action_forward(self) -> None:
        self.sleuth.action_go_forward()

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    # -- corrections --------------------------------------------------------------------------
    def action_rename(self) -> None:
        if self.card is not None:
            name = self.card.entity.name
            self.app.push_screen(PromptScreen(f"Rename {name} to:", name), self._rename)

    def _rename(self, name: str | None) -> None:
        if name and self.card is not None and name != self.card.entity.name:
            self.correct("rename", name)

    def action_retype(self) -> None:
        if self.card is not None:
            choices = [(t, TYPE_WORDS[t]) for t in ENTITY_TYPES if t != self.card.entity.type]
            self.app.push_screen(ChoiceScreen(f"{self.card.entity.name} is a:", choices), self._retype)

    def _retype(self, entity_type: str | None) -> None:
        if entity_type:
            self.correct("retype", entity_type)

    def action_merge(self) -> None:
        if self.card is not None:
            question = f"Merge {self.card.entity.name} into (name of the entity it is):"
            self.app.push_screen(PromptScreen(question, placeholder="e.g. Ministry of State Security"), self._merge)

    def _merge(self, target: str | None) -> None:
        if target:
            self.correct("merge", target)

    def action_hide(self) -> None:
        self.correct("hide", "")

    @work(thread=True, exclusive=True, group="card", exit_on_error=False)
    def correct(self, action: str, value: str) -> None:
        if self.card is None:
            return
        correction = self.library.correct(action, self.card.entity.key, value)
        self.app.call_from_thread(self.corrected, self.library.describe(correction))
        if action == "hide":
            self.app.call_from_thread(self.dismiss)
        else:
            self.app.call_from_thread(self.load, correction.value if action == "merge" else correction.key)

    def action_undo(self) -> None:
        """Take back the latest correction that shaped this entity."""
        if self.card is not None and self.card.corrections:
            self.undo(self.card.corrections[-1].id)
        else:
            self.app.notify("No correction shaped this entity (command palette: undo the last one).", title="sleuth")

    @work(thread=True, exclusive=True, group="card", exit_on_error=False)
    def undo(self, correction_id: int) -> None:
        undone = self.library.undo_correction(correction_id)
        if undone is not None:
            self.app.call_from_thread(self.corrected, f"undone: {self.library.describe(undone)}")
            self.app.call_from_thread(self.load, undone.key)

    def corrected(self, what: str) -> None:
        self.app.notify(what + " (u: undo)", title="sleuth", markup=False)
        self.sleuth.entities_changed()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            self.app.notify(str(event.worker.error), title="sleuth", severity="error", markup=False)
            if self.card is None:
                self.dismiss()
            else:
                self.show_card(self.card)  # not "loading…" forever
