"""The app's searching: as you type, page by page, sorted, narrowed to entities and folders.

A mixin of ``SleuthApp`` (its message handlers are found by name). Every Library call runs in
a worker that posts one message; a result whose query, narrowing or sort has changed since is
dropped.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.worker import get_current_worker

from index import Entity, Library, SearchResult

from .folders import folder_filters, remove_folder, toggle_folder
from .indexing import entity_scope
from .messages import EntityChosen, LikeFinished, SearchFinished, SuggestionChosen, UserDataLoaded
from .screens.prompt import ChoiceScreen
from .widgets.chips import FilterChips
from .widgets.entity_table import FOLDER, EntityRow, EntityTable
from .widgets.passage_viewer import PassageViewer
from .widgets.results_list import ResultsList
from .widgets.search_bar import SearchBar
from .widgets.status_line import StatusLine
from .wording import plural

SEARCH_DEBOUNCE_SECONDS = 0.12
"""Typing pauses shorter than this do not start a search."""
PAGE = 100
"""Hits fetched at a time; the next page comes as the reader moves near the end of the list."""
SORTS = ("relevance", "date", "path")
ENTITY_ROWS = 200
FOLDER_ROWS = 12

if TYPE_CHECKING:
    _Base = App[None]
else:
    _Base = object


class SearchingMixin(_Base):
    """Search bar → results and entities; filters shown as chips."""

    library: Library
    corpus_entities: tuple[Entity, ...]
    last_result: SearchResult | None
    searching_again = ""
    """The query enter searched again (the index may have grown), until its result comes."""
    narrowed: dict[str, str]
    """Entity keys (and names) the results are narrowed to, in the order chosen."""
    sort: str

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one("#search", SearchBar)

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    def update_bindings(self) -> None:
        """Refresh the keys offered when what decides them changed (``SleuthApp`` does it)."""

    def remark_viewer(self) -> None:
        """The query changed: the viewer marks its words (``NavigatingMixin`` does it)."""

    def results_shown(self, result: SearchResult) -> None:
        """A query's first page is listed (the app reads its review marks)."""

    def resume_document(self) -> None:
        """The first search is done: reopen the session's document (``NavigatingMixin`` does it)."""

    @work(thread=True, group="user", exit_on_error=False)
    def remember_query(self, query: str) -> None:
        if query.strip():
            self.library.user.record_query(query)
            self.post_message(UserDataLoaded(self.library.user.history(), self.library.user.saved_searches()))

    # -- starting a search --------------------------------------------------------------------
    def run_query(self, query: str) -> None:
        """Put ``query`` in the search bar (which searches it) and go to the results."""
        self.search_bar.value = query
        self.query_one(ResultsList).focus()

    def narrow_to(self, key: str, name: str) -> None:
        """Narrow the results to passages naming the entity ``key``."""
        self.narrowed[key] = name
        self.start_search(self.search_bar.value.strip())

    def start_search(self, query: str) -> None:
        """Search for ``query`` within the narrowing entities; with neither, show the corpus."""
        self.show_chips()
        if not query and not self.narrowed:
            self.workers.cancel_group(self, "search")
            self.last_result = None
            self.query_one(ResultsList).clear_results()
            self.show_corpus_entities()
            self.status.activity = "ready"
            self.remark_viewer()
            self.update_bindings()  # no hits any more: n, N and ] are off unless a document is open
        elif self.library.is_built():
            self.search(query, tuple(self.narrowed), self.sort)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def search(self, query: str, within: tuple[str, ...], sort: str, offset: int = 0) -> None:
        """Search after a short pause in typing (a newer keystroke cancels this worker); a page
        after the first is fetched at once, without facets."""
        worker = get_current_worker()
        if not offset:
            time.sleep(SEARCH_DEBOUNCE_SECONDS)
        if worker.is_cancelled:
            return
        result = self.library.search(
            query,
            limit=PAGE,
            within=within,
            facets=not offset,
            offset=offset,
            sort=sort,
            cancelled=lambda: worker.is_cancelled,  # a newer keystroke stops this search at once
        )
        if not worker.is_cancelled:
            self.post_message(SearchFinished(result, within, offset, sort))

    def on_search_finished(self, message: SearchFinished) -> None:
        result = message.result
        wanted = (self.search_bar.value.strip(), tuple(self.narrowed), self.sort)
        if (result.query, message.within, message.sort) != wanted:
            return  # stale: the user has typed, narrowed or sorted since
        results = self.query_one(ResultsList)
        if message.offset:
            results.add_page(result, message.offset)
            return
        again, self.searching_again = self.searching_again == result.query, ""
        if again and self.last_result is not None and _same_hits(self.last_result, result):
            return  # enter on the query shown, and the index has not changed: nothing moves
        # Library.search counts entities over every passage found (not only the page shown), unless
        # the search stopped early
        scope = f"in all {plural(result.total, 'result')}" if result.total_exact else "in these results"
        self.show_result(result, context=self._narrowing(), scope=scope)
        self.remark_viewer()
        self.resume_document()

    def on_results_list_more_wanted(self, message: ResultsList.MoreWanted) -> None:
        if self.last_result is not None and self.last_result.query.startswith("like:"):
            return
        self.search(self.search_bar.value.strip(), tuple(self.narrowed), self.sort, message.offset)

    def _narrowing(self) -> str:
        return f"with {', '.join(self.narrowed.values())}" if self.narrowed else ""

    def show_result(self, result: SearchResult, context: str, scope: str) -> None:
        self.last_result = result
        results = self.query_one(ResultsList)
        if result.hits:
            results.show_result(result, context, self.sort)
            self.results_shown(result)
        else:
            what = f"{result.query!r}" + (f" {context}" if context else "")
            hint = " (X removes the filter)" if self.narrowed else ""
            results.clear_results(f"No passage matches {what}.{hint}", result.suggestion)
        rows = folder_rows(result) + [EntityRow(e.key, e.name, e.type, e.count) for e in result.entities[:ENTITY_ROWS]]
        narrowed = {*self.narrowed, *(f"{FOLDER}:{folder}" for folder in folder_filters(result.query))}
        scope = entity_scope(scope, self.status.stats)
        self.query_one(EntityTable).show_entities(rows, scope=scope, narrowed=narrowed)
        notes = [result.notice, result.suggestion and "did you mean…?"]
        if context and not result.query.startswith("like:"):
            notes.append(f"still {context} (X removes it)")
        extra = "".join(f" · {note}" for note in notes if note)
        hits = f"{result.total_label} passage{'s' if result.total != 1 else ''}"
        self.status.activity = f"{hits} · {result.took_ms:.0f} ms{extra}"
        self.update_bindings()

    def show_corpus_entities(self) -> None:
        rows = [EntityRow(e.key, e.name, e.type, e.mention_count) for e in self.corpus_entities[:ENTITY_ROWS]]
        self.query_one(EntityTable).show_entities(rows, scope=entity_scope("whole corpus", self.status.stats))

    def show_chips(self) -> None:
        self.query_one(FilterChips).show_filters(
            list(self.narrowed.values()), folder_filters(self.search_bar.value.strip())
        )
        self.update_bindings()

    # -- choosing entities, folders and respellings ---------------------------------------------
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

    # -- filters: removing them, by key ---------------------------------------------------------
    def filters(self) -> list[tuple[str, str]]:
        """(id, label) of every filter in force: ``entity:KEY`` and ``folder:PATH``."""
        entities = [(f"entity:{key}", f"with {name}") for key, name in self.narrowed.items()]
        folders = [(f"folder:{folder}", f"in:{folder}") for folder in folder_filters(self.search_bar.value.strip())]
        return entities + folders

    def action_remove_filter(self) -> None:
        """Remove the one filter in force, or ask which (or all) when there are several."""
        filters = self.filters()
        if len(filters) == 1:
            self.remove_filter(filters[0][0])
        elif filters:
            choices = [("all", "all of them"), *filters]
            self.push_screen(ChoiceScreen("Remove which filter?", choices), self.remove_filter)
        else:
            self.bell()

    def remove_filter(self, chosen: str | None) -> None:
        if not chosen:
            return
        ids = [f for f, _ in self.filters()] if chosen == "all" else [chosen]
        query = self.search_bar.value
        for filter_id in ids:
            kind, _, value = filter_id.partition(":")
            if kind == "entity":
                self.narrowed.pop(value, None)
            else:
                query = remove_folder(query, value)
        if query != self.search_bar.value:
            self.search_bar.value = query  # searches again
        else:
            self.start_search(query.strip())

    # -- sorting and more like this -----------------------------------------------------------------
    def action_sort(self) -> None:
        """Relevance → date → path → relevance."""
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.notify(f"Results by {self.sort}", title="sleuth", timeout=2)
        self.start_search(self.search_bar.value.strip())

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
        self.post_message(LikeFinished(passage_id, self.library.more_like(passage_id, limit=PAGE)))

    def on_like_finished(self, message: LikeFinished) -> None:
        self.show_result(message.result, context=f"like {message.passage_id}", scope="in these results")
        self.query_one(ResultsList).focus()


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


def _same_hits(before: SearchResult, now: SearchResult) -> bool:
    """The same passages, total and entity counts: nothing the reader would see changed."""
    return (
        before.total == now.total
        and [hit.passage_id for hit in before.hits] == [hit.passage_id for hit in now.hits]
        and before.entities == now.entities
    )
