"""The sleuth app: a search bar, results, entities and a passage viewer over one Library.

Every index call runs in a thread worker that calls a plain Library method and posts a message;
workers never touch widgets. Searching lives in ``searching.py``, reading and moving about in
``navigating.py``, the notebook in ``notes_actions.py`` (mixins of this App).

The keyboard model: typing in the search bar types; escape, enter or down leave it for the
results; ``/`` comes back to it from anywhere; F1 (and ``?`` outside a text input) is help; ``q``
quits outside a text input, ctrl+q anywhere. Every binding has an id; ``keymap.toml`` remaps them.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Footer, Input
from textual.worker import Worker, WorkerState

from index import Entity, Library, SearchResult, printable
from index.userdata import ReadingSession, SavedSearch

from .commands import SleuthCommands
from .indexing import IndexingFlow
from .keys import binding_ids, key_groups, keymap_file, load_keymap
from .messages import IndexFinished, SessionLoaded, UserDataLoaded
from .navigating import NavigatingMixin
from .notes_actions import NotesActions
from .reading import Reading
from .screens.entity_card import EntityCardScreen
from .screens.help import HelpScreen
from .trail import Trail
from .widgets.chips import FilterChips
from .widgets.entity_table import EntityTable
from .widgets.find_bar import FindBar
from .widgets.passage_viewer import PassageViewer
from .widgets.results_list import ResultsList
from .widgets.search_bar import SearchBar
from .widgets.status_line import StatusLine


class SleuthApp(NotesActions, NavigatingMixin, IndexingFlow, App[None]):
    """Keyboard-driven search, entities and reading over one corpus."""

    CSS_PATH = "sleuth.tcss"
    COMMANDS = App.COMMANDS | {SleuthCommands}
    TITLE = "sleuth"
    BINDINGS = [
        # First, so the footer keeps it at 80 columns, where the later keys are cut off
        Binding("f1", "help", "Help", priority=True, id="app.help_f1", tooltip="this help, from anywhere"),
        Binding("slash", "focus_search", "Search", id="app.search", tooltip="the search bar, from anywhere"),
        Binding(
            "n",
            "next_hit",
            "Next hit",
            id="app.next_hit",
            tooltip="next passage with the query's words, on into the next document",
        ),
        Binding(
            "N", "previous_hit", "Prev hit", id="app.previous_hit", tooltip="previous passage with the query's words"
        ),
        Binding(
            "right_square_bracket",
            "next_document(1)",
            "Next doc",
            id="app.next_document",
            tooltip="next document of the results",
        ),
        Binding(
            "left_square_bracket",
            "next_document(-1)",
            "Prev doc",
            show=False,
            id="app.previous_document",
            tooltip="previous document of the results",
        ),
        Binding(
            "backspace,alt+left", "go_back", "Back", id="app.back", tooltip="to the last card, document or position"
        ),
        Binding(
            "apostrophe",
            "last_read",
            "Last read",
            id="app.last_read",
            tooltip="where you last left this document, on an earlier visit or run (back returns)",
        ),
        Binding(
            "alt+right", "go_forward", "Forward", show=False, id="app.forward", tooltip="forward again after going back"
        ),
        Binding(
            "escape",
            "escape",
            "Back",
            show=False,
            id="app.escape",
            tooltip="one step back (out of a find, a card, a document), then to the search bar",
        ),
        Binding(
            "ctrl+f",
            "find",
            "Find",
            priority=True,
            id="app.find",
            tooltip="find text in the open document; n/N go through the matches",
        ),
        Binding(
            "X,delete",
            "remove_filter",
            "Remove filter",
            id="app.remove_filter",
            tooltip="remove an entity narrow or folder filter (asks which when there are several)",
        ),
        Binding("s", "sort", "Sort", show=False, id="app.sort", tooltip="results by relevance, date or path"),
        Binding(
            "z", "maximize_pane", "Zoom", show=False, id="app.zoom", tooltip="the focused pane full screen, or back"
        ),
        Binding(
            "o",
            "open_outside",
            "Open outside",
            show=False,
            id="app.open_outside",
            tooltip="the document in $PAGER or $EDITOR, else the system viewer",
        ),
        Binding(
            "m",
            "more_like",
            "More like this",
            show=False,
            id="app.more_like",
            tooltip="passages like the highlighted result or the passage in view",
        ),
        Binding(
            "e",
            "entity_card",
            "Entity card",
            show=False,
            id="app.entity_card",
            tooltip="who or what it is: of the highlighted entity, or one the passage names",
        ),
        Binding("ctrl+n", "notes", "Notes", id="app.notes", tooltip="your bookmarks and notes"),
        Binding("b", "bookmark", "Bookmark", id="app.bookmark", tooltip="the passage here; again: remove"),
        Binding("a", "annotate", "Note", id="app.annotate", tooltip="write a note on the passage here"),
        Binding("y", "copy_citation", "Cite", show=False, id="app.copy_citation", tooltip="copy its citation"),
        Binding(
            "tab", "focus_next", "Next pane", show=False, id="app.next_pane", tooltip="move the focus to the next pane"
        ),
        Binding(
            "shift+tab",
            "focus_previous",
            "Previous pane",
            show=False,
            id="app.previous_pane",
            tooltip="move the focus to the previous pane",
        ),
        Binding("question_mark", "help", "Help", show=False, id="app.help", tooltip="this help (outside a text input)"),
        Binding(
            "q", "quit", "Quit", show=False, id="app.quit", tooltip="quit (outside a text input); the session is kept"
        ),
        Binding("ctrl+q", "quit", "Quit", priority=True, id="app.force_quit", tooltip="quit, from anywhere"),
    ]

    def __init__(self, library: Library, query: str = "", keymap: Path | None = None) -> None:
        super().__init__()
        self.library = library
        self.initial_query = query
        self.keymap_path = keymap or keymap_file()
        self.corpus_entities: tuple[Entity, ...] = ()
        self.last_result: SearchResult | None = None
        self.saved_searches: tuple[SavedSearch, ...] = ()
        self.narrowed: dict[str, str] = {}
        self.sort = "relevance"
        self.trail = Trail()
        self.last_read: tuple[str, int, int] | None = None
        self.binding_state: tuple[bool, ...] = ()
        """What the keys on offer were last decided by (see ``update_bindings``)."""
        self.restoring: ReadingSession | None = None
        """The session to resume once the index is open and its query searched."""
        self.user_keys, self.keymap_notice = load_keymap(self.keymap_path, binding_ids())

    # -- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield StatusLine(id="status")
        with Horizontal(id="search-row"):
            yield SearchBar(placeholder='/ search: words, "a phrase", name*, person:wu …  (↑ history)', id="search")
            yield FilterChips(id="chips")
        with Horizontal(id="panes"):
            with Vertical(id="left"):
                yield ResultsList(id="results")
                yield EntityTable(id="entities")
            with Vertical(id="reader"):
                yield PassageViewer(id="viewer")
                yield FindBar(id="find")
        yield Footer()

    # -- start-up and indexing (tui/indexing.py) -------------------------------------------------
    def on_mount(self) -> None:
        self.set_keymap(self.user_keys)
        if self.keymap_notice:
            self.notify(self.keymap_notice, title="sleuth", severity="warning", timeout=10, markup=False)
        self.search_bar.focus()
        self.load_user_data()
        self.tell_drafts()
        self.status.activity = "opening…" if self.library.is_built() else f"indexing {self.library.name}…"
        self.start_indexing()  # never modal: the search bar answers from the first commit on

    def on_unmount(self) -> None:
        self.stop_indexing()  # the indexing process stops at its next document; nothing waits for it

    def on_index_finished(self, message: IndexFinished) -> None:
        self.status.set_stats(message.stats)
        self.corpus_entities = message.entities
        report = message.report
        if report is not None:
            self.status.indexing = ""
        if report is not None and (report.added or report.updated or report.removed or report.failed):
            self.status.activity = (
                f"indexed: {len(report.added)} added, {len(report.updated)} updated, "
                f"{len(report.removed)} removed, {len(report.failed)} failed"
            )
        else:
            self.status.activity = "ready"
        query = self.search_bar.value.strip() or self.initial_query
        if query and not self.search_bar.value:
            self.search_bar.value = query
        if query:
            self.start_search(query)
        else:
            self.show_corpus_entities()
            self.resume_document()

    # -- the search bar -----------------------------------------------------------------------
    @on(Input.Changed, "#search")
    def query_changed(self, event: Input.Changed) -> None:
        self.start_search(event.value.strip())

    @on(Input.Submitted, "#search")
    def query_submitted(self) -> None:
        """Enter moves to the results, even before a search still running has filled them. On the
        query already shown it searches again: the index may have grown since (indexing goes on,
        or another process re-indexed), and the results and their entities would not say so."""
        query = self.search_bar.value.strip()
        self.remember_query(self.search_bar.value)
        if query and self.last_result is not None and self.last_result.query == query:
            self.searching_again = query  # the same results found again are left as they are
            self.start_search(query)
        self.query_one(ResultsList).focus()

    @on(SearchBar.Leave)
    def search_left(self) -> None:
        self.query_one(ResultsList).focus()

    # -- the reader's data: history, saved searches, the session --------------------------------
    @work(thread=True, exclusive=True, group="user", exit_on_error=False)
    def load_user_data(self) -> None:
        user = self.library.user
        self.post_message(SessionLoaded(user.session()))
        self.post_message(UserDataLoaded(user.history(), user.saved_searches(), user.notice))

    def on_user_data_loaded(self, message: UserDataLoaded) -> None:
        self.search_bar.set_history(message.history)
        self.saved_searches = message.saved
        if message.notice:
            self.notify(message.notice, title="sleuth", severity="warning", timeout=15, markup=False)

    @on(SearchBar.SaveRequested)
    def save_requested(self, event: SearchBar.SaveRequested) -> None:
        self.save_search(event.query)

    def action_save_search(self) -> None:
        if self.search_bar.value.strip():
            self.save_search(self.search_bar.value.strip())
        else:
            self.notify("Type a query first, then save it.", title="sleuth")

    @work(thread=True, group="user", exit_on_error=False)
    def save_search(self, query: str) -> None:
        self.library.user.save_search(query, query)
        self.post_message(UserDataLoaded(self.library.user.history(), self.library.user.saved_searches()))
        self.call_from_thread(self.notify, f"Saved search: {query}", title="sleuth", markup=False)

    # -- entity corrections -------------------------------------------------------------------
    @work(thread=True, group="entities", exit_on_error=False)
    def undo_last_correction(self) -> None:
        """Take back the reader's latest entity correction, whichever entity it shaped."""
        undone = self.library.undo_correction()
        what = f"undone: {self.library.describe(undone)}" if undone else "No entity corrections to undo."
        self.call_from_thread(self.notify, what, title="sleuth", markup=False)
        if undone is not None:
            self.call_from_thread(self.entities_changed)

    @work(thread=True, exclusive=True, group="entities", exit_on_error=False)
    def entities_changed(self) -> None:
        """The reader corrected an entity: reload the entity list and search again."""
        self.post_message(IndexFinished(None, self.library.stats(), self.library.entities()))

    # -- failures -----------------------------------------------------------------------------
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            error = event.worker.error
            self.status.activity = f"error: {error}"
            self.notify(str(error), title="sleuth", severity="error", timeout=8, markup=False)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification, whoever sends it: errors and messages name files, which are data,
        so they are shown without escape sequences or control characters (and, when they quote
        anything, without markup)."""
        super().notify(
            printable(message, multiline=True),
            title=printable(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    # -- actions ------------------------------------------------------------------------------
    MAIN_SCREEN_ACTIONS = frozenset(
        {
            "focus_search", "more_like", "entity_card", "save_search", "notes", "next_hit", "previous_hit",
            "next_document", "find", "remove_filter", "sort", "open_outside", "maximize_pane",
            "bookmark", "annotate", "copy_citation", "last_read",
        }
    )  # fmt: skip
    """Actions on the panes of the main screen: off while a card or dialog covers it."""

    TYPED_IN_INPUTS = frozenset(
        {
            "focus_search", "next_hit", "previous_hit", "next_document", "remove_filter",
            "sort", "maximize_pane", "open_outside", "more_like", "entity_card", "bookmark", "annotate",
            "copy_citation", "last_read",
        }
    )  # fmt: skip
    """Actions on printable keys: in a text input those keys type, so the footer leaves them out
    there. (Help and quit are shown as F1 and ctrl+q, which work everywhere.)"""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.MAIN_SCREEN_ACTIONS and len(self.screen_stack) > 1:
            return False
        in_input = isinstance(self.focused, Input)
        if action in self.TYPED_IN_INPUTS and in_input:
            return False
        viewer = self.query_one(PassageViewer)
        if action in ("next_hit", "previous_hit", "next_document"):
            return viewer.document is not None or bool(self.last_result and self.last_result.hits)
        if action == "remove_filter":
            return bool(self.filters())
        if action in ("find", "open_outside"):
            return viewer.document is not None or action == "open_outside"
        if action == "last_read":
            return self.last_read is not None and viewer.document is not None
        if action == "go_back":
            return bool(self.trail.behind) or isinstance(self.screen, EntityCardScreen)
        return True

    def update_bindings(self) -> None:
        """Refresh the keys on offer, only when what ``check_action`` decides them by has changed:
        the footer is rebuilt on every refresh, which cost each keystroke in the search bar ~0.1 s.
        (Textual itself refreshes them when the focus or the screen changes, the rest of that.)"""
        state = (
            bool(self.filters()),
            bool(self.last_result and self.last_result.hits),
            self.query_one(PassageViewer).document is not None,
            bool(self.trail.behind),
            self.last_read is not None,
        )
        if state != self.binding_state:
            self.binding_state = state
            self.refresh_bindings()

    def results_shown(self, result: SearchResult) -> None:
        self.load_review_marks(result.query)

    def document_shown(self, reading: Reading) -> None:
        self.query_one(PassageViewer).set_margin_marks({})  # the last document's; this one's come from a worker
        self.load_margin(reading.document)

    def action_focus_search(self) -> None:
        self.pop_cards()
        self.search_bar.focus()

    def action_help(self) -> None:
        """Open the help, or close it (F1 reaches here from the help itself: it is a priority key)."""
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
        else:
            self.push_screen(HelpScreen(key_groups(), self.user_keys, self.keymap_path))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "Keys and query syntax", self.action_help)
        yield SystemCommand("Search", "Focus the search bar", self.action_focus_search)
        yield SystemCommand("Undo the last entity correction", "merge, rename, type or hide", self.undo_last_correction)


def make_app(library: Library, query: str = "", keymap: Path | None = None) -> SleuthApp:
    """Build the app for ``library``, optionally starting with ``query`` in the search bar;
    ``keymap`` is the reader's key file (default: ``keymap.toml`` in the config folder)."""
    return SleuthApp(library, query=query, keymap=keymap)
