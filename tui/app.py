"""The sleuth app: a search bar, results, entities and a passage viewer over one Library.

Every index call runs in a thread worker that calls a plain Library method and posts a message;
workers never touch widgets. A newer keystroke cancels the running search worker, and a result
whose query is no longer in the search bar is dropped.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Footer, Input
from textual.worker import Worker, WorkerState, get_current_worker

from index import Entity, Library, SearchResult, printable
from index.userdata import SavedSearch

from .commands import SleuthCommands
from .folders import folder_filters, toggle_folder
from .indexing import IndexingFlow, entity_scope
from .messages import (
    DocumentLoaded,
    EntityChosen,
    IndexFinished,
    LikeFinished,
    PassageChosen,
    SearchFinished,
    SuggestionChosen,
    UserDataLoaded,
)
from .notes_actions import NotesActions
from .reading import prepare
from .screens.entity_card import EntityCardScreen
from .screens.help import HelpScreen
from .screens.prompt import ChoiceScreen, PromptScreen
from .widgets.entity_table import FOLDER, EntityRow, EntityTable
from .widgets.passage_viewer import PassageViewer
from .widgets.results_list import ResultsList
from .widgets.search_bar import SearchBar
from .widgets.status_line import StatusLine

SEARCH_DEBOUNCE_SECONDS = 0.12
"""Typing pauses shorter than this do not start a search."""

RESULT_LIMIT = 100
ENTITY_ROWS = 200
FOLDER_ROWS = 12


class SleuthApp(NotesActions, IndexingFlow, App[None]):
    """Keyboard-driven search, entities and reading over one corpus."""

    CSS_PATH = "sleuth.tcss"
    COMMANDS = App.COMMANDS | {SleuthCommands}
    TITLE = "sleuth"
    BINDINGS = [
        Binding("slash", "focus_search", "Search", id="app.search"),
        Binding("tab", "focus_next", "Next pane", id="app.next_pane"),
        Binding("shift+tab", "focus_previous", "Previous pane", show=False, id="app.previous_pane"),
        Binding("m", "more_like", "More like this", id="app.more_like"),
        Binding("e", "entity_card", "Entity card", id="app.entity_card"),
        Binding("ctrl+n", "notes", "Notes", id="app.notes"),
        Binding("b", "bookmark", "Bookmark", id="app.bookmark", tooltip="the passage here; again: remove"),
        Binding("a", "annotate", "Note", id="app.annotate", tooltip="write a note on the passage here"),
        Binding("y", "copy_citation", "Cite", show=False, id="app.copy_citation", tooltip="copy its citation"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("escape", "focus_search", "Search bar", show=False, id="app.escape"),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.force_quit"),
    ]

    def __init__(self, library: Library, query: str = "") -> None:
        super().__init__()
        self.library = library
        self.initial_query = query
        self.corpus_entities: tuple[Entity, ...] = ()
        self.last_result: SearchResult | None = None
        self.saved_searches: tuple[SavedSearch, ...] = ()
        self.narrowed: dict[str, str] = {}
        """Entity keys (and names) the results are narrowed to, in the order chosen."""

    # -- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield StatusLine(id="status")
        yield SearchBar(placeholder='/ search: words, "a phrase", name*, person:wu …  (↑ history)', id="search")
        with Horizontal(id="panes"):
            with Vertical(id="left"):
                yield ResultsList(id="results")
                yield EntityTable(id="entities")
            yield PassageViewer(id="viewer")
        yield Footer()

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one("#search", SearchBar)

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    # -- start-up and indexing (tui/indexing.py) -------------------------------------------------
    def on_mount(self) -> None:
        self.search_bar.focus()
        self.load_user_data()
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

    # -- searching ----------------------------------------------------------------------------
    @on(Input.Changed, "#search")
    def query_changed(self, event: Input.Changed) -> None:
        self.start_search(event.value.strip())

    @on(Input.Submitted, "#search")
    def query_submitted(self) -> None:
        """Enter moves to the results, even before a search still running has filled them."""
        self.remember_query(self.search_bar.value)
        self.query_one(ResultsList).focus()

    def run_query(self, query: str) -> None:
        """Put ``query`` in the search bar (which searches it) and go to the results."""
        self.search_bar.value = query
        self.query_one(ResultsList).focus()

    def narrow_to(self, key: str, name: str) -> None:
        """Narrow the results to passages naming the entity ``key``."""
        self.narrowed[key] = name
        self.start_search(self.search_bar.value.strip())

    # -- the reader's data: history and saved searches ------------------------------------------
    @work(thread=True, exclusive=True, group="user", exit_on_error=False)
    def load_user_data(self) -> None:
        user = self.library.user
        self.post_message(UserDataLoaded(user.history(), user.saved_searches(), user.notice))

    @work(thread=True, group="user", exit_on_error=False)
    def remember_query(self, query: str) -> None:
        if query.strip():
            self.library.user.record_query(query)
            self.post_message(UserDataLoaded(self.library.user.history(), self.library.user.saved_searches()))

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

    def start_search(self, query: str) -> None:
        """Search for ``query`` within the narrowing entities; with neither, show the corpus."""
        if not query and not self.narrowed:
            self.workers.cancel_group(self, "search")
            self.last_result = None
            self.query_one(ResultsList).clear_results()
            self.show_corpus_entities()
            self.status.activity = "ready"
        elif self.library.is_built():
            self.search(query, tuple(self.narrowed))

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def search(self, query: str, within: tuple[str, ...]) -> None:
        """Search after a short pause in typing; a newer keystroke cancels this worker."""
        worker = get_current_worker()
        time.sleep(SEARCH_DEBOUNCE_SECONDS)
        if worker.is_cancelled:
            return
        result = self.library.search(
            query, limit=RESULT_LIMIT, within=within, cancelled=lambda: worker.is_cancelled
        )  # a newer keystroke stops this search at once: the next one does not wait behind it
        if not worker.is_cancelled:
            self.post_message(SearchFinished(result, within))

    def on_search_finished(self, message: SearchFinished) -> None:
        result = message.result
        if (result.query, message.within) != (self.search_bar.value.strip(), tuple(self.narrowed)):
            return  # stale: the user has typed or narrowed since
        narrowing = f"with {', '.join(self.narrowed.values())}" if self.narrowed else ""
        self.show_result(result, context=narrowing, scope="in these results")

    def show_result(self, result: SearchResult, context: str, scope: str) -> None:
        self.last_result = result
        results = self.query_one(ResultsList)
        if result.hits:
            results.show_result(result, context)
            self.load_review_marks(result.query)
        else:
            what = f"{result.query!r}" + (f" {context}" if context else "")
            results.clear_results(f"No passage matches {what}.", result.suggestion)
        rows = folder_rows(result) + [EntityRow(e.key, e.name, e.type, e.count) for e in result.entities[:ENTITY_ROWS]]
        narrowed = {*self.narrowed, *(f"{FOLDER}:{folder}" for folder in folder_filters(result.query))}
        scope = entity_scope(scope, self.status.stats)
        self.query_one(EntityTable).show_entities(rows, scope=scope, narrowed=narrowed)
        hits = f"{result.total_label} passage{'s' if result.total != 1 else ''}"
        extra = "".join(f" · {note}" for note in (result.notice, result.suggestion and "did you mean…?") if note)
        self.status.activity = f"{hits} · {result.took_ms:.0f} ms{extra}"

    def show_corpus_entities(self) -> None:
        rows = [EntityRow(e.key, e.name, e.type, e.mention_count) for e in self.corpus_entities[:ENTITY_ROWS]]
        self.query_one(EntityTable).show_entities(rows, scope=entity_scope("whole corpus", self.status.stats))

    def on_entity_chosen(self, message: EntityChosen) -> None:
        """Narrow the results to passages naming the entity (or to the folder); again undoes that."""
        if message.type == FOLDER:
            self.search_bar.value = toggle_folder(self.search_bar.value, message.key.removeprefix(f"{FOLDER}:"))
            return
        if message.key in self.narrowed:
            del self.narrowed[message.key]
        else:
            self.narrowed[message.key] = message.name
        self.start_search(self.search_bar.value.strip())

    def on_suggestion_chosen(self, message: SuggestionChosen) -> None:
        self.search_bar.value = message.query

    def action_more_like(self) -> None:
        """Passages like the highlighted result, or like the passage open in the viewer."""
        viewer = self.query_one(PassageViewer)
        if self.focused is viewer and viewer.document is not None and viewer.current:
            passage_id = f"{viewer.document.doc_id}#{viewer.current}"
        else:
            passage_id = self.query_one(ResultsList).highlighted_passage_id()
        if passage_id:
            self.more_like(passage_id)
        else:
            self.bell()

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def more_like(self, passage_id: str) -> None:
        self.post_message(LikeFinished(passage_id, self.library.more_like(passage_id, limit=RESULT_LIMIT)))

    def on_like_finished(self, message: LikeFinished) -> None:
        self.show_result(message.result, context=f"like {message.passage_id}", scope="in these results")
        self.query_one(ResultsList).focus()

    # -- reading ------------------------------------------------------------------------------
    def on_passage_chosen(self, message: PassageChosen) -> None:
        self.remember_query(self.search_bar.value)
        terms = self.last_result.terms if self.last_result else ()
        self.open_document(message.doc_id, message.n, terms)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def open_document(
        self, doc_id: str, n: int, terms: tuple[str, ...], mark: tuple[int, int, int] | None = None
    ) -> None:
        """Read ``doc_id`` into the viewer at passage ``n``; ``mark`` is (n, start, end) to show."""
        document = self.library.document(doc_id)
        keys = {m.entity_key: self.library.corpus_key(m.entity_key) for _, m in document.mentions}
        reading = prepare(document, terms, mark, keys, self.query_one(PassageViewer).text_width)
        self.post_message(DocumentLoaded(reading, n))

    def on_document_loaded(self, message: DocumentLoaded) -> None:
        viewer = self.query_one(PassageViewer)
        viewer.show(message.reading, message.n)
        viewer.set_margin_marks({})  # the last document's marks; this one's are read in a worker
        viewer.focus()
        self.load_margin(message.reading.document)

    # -- entity cards -------------------------------------------------------------------------
    def action_entity_card(self) -> None:
        """The card of the entity under the cursor: in the entities pane, the highlighted one; in
        the viewer or the results, one of those the passage names (asked when there are several)."""
        focused = self.focused
        if isinstance(focused, EntityTable):
            row = focused.highlighted_row()
            if row is not None and row.type != FOLDER:
                self.open_card(row.key)
            return
        if isinstance(focused, PassageViewer):
            keys = tuple(focused.current_entity_keys())
        elif isinstance(focused, ResultsList):
            keys = focused.highlighted_entity_keys()
        else:
            self.push_screen(PromptScreen("Entity card of (a name or alias):"), self._open_card_named)
            return
        names = {e.key: e for e in self.corpus_entities}
        named = [names[key] for key in dict.fromkeys(keys) if key in names]
        choices = [(entity.key, f"{entity.name}  ({entity.type.lower()})") for entity in named]
        if len(choices) == 1:
            self.open_card(choices[0][0])
        elif choices:
            self.push_screen(ChoiceScreen("Which entity?", choices), self._open_card_named)
        else:
            self.notify("No entity is named here.", title="sleuth")

    def _open_card_named(self, name: str | None) -> None:
        if name:
            self.open_card(name)

    def open_card(self, name: str) -> None:
        """Open the card of the entity ``name`` (a key, name or alias)."""
        self.push_screen(EntityCardScreen(self.library, name))

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
        {"focus_search", "more_like", "entity_card", "save_search", "notes", "bookmark", "annotate", "copy_citation"}
    )
    """Actions on the panes of the main screen: off while a card or dialog covers it."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in self.MAIN_SCREEN_ACTIONS and len(self.screen_stack) > 1)

    def action_focus_search(self) -> None:
        self.search_bar.focus()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "Keys and query syntax", self.action_help)
        yield SystemCommand("Search", "Focus the search bar", self.action_focus_search)
        yield SystemCommand("Undo the last entity correction", "merge, rename, type or hide", self.undo_last_correction)


def folder_rows(result: SearchResult) -> list[EntityRow]:
    """Rows for the folders of the results, when they span several, after the ``in:`` folders
    the query is narrowed to (choosing one of those again widens it)."""
    chosen = folder_filters(result.query)
    rows = [
        EntityRow(
            f"{FOLDER}:{folder}", folder + "/", FOLDER, sum(1 for h in result.hits if h.doc_id.startswith(folder + "/"))
        )
        for folder in chosen
    ]
    if len(result.folders) > 1 or chosen:
        rows += [
            EntityRow(f"{FOLDER}:{f.folder}", f.folder + "/", FOLDER, f.count)
            for f in result.folders[:FOLDER_ROWS]
            if f.folder and f.folder not in chosen
        ]
    return rows


def make_app(library: Library, query: str = "") -> SleuthApp:
    """Build the app for ``library``, optionally starting with ``query`` in the search bar."""
    return SleuthApp(library, query=query)
