"""Indexing from the app: a child process the app never waits for, and what the reader sees of it.

The index worker runs ``Library.update(in_child=True)`` (the run ``sleuth index`` makes, in a
process of its own) and posts each step. Nothing is modal: the search bar answers from the first
commit, the status line shows the stage, the count, the rate and the time left, and after each
commit the counts, the entities and (while the reader is in the search bar) the results are read
again. Quitting closes the child's stdin: it stops at its next document, and the next start
carries on from its last commit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from index import CorpusStats, Progress

from .messages import IndexCommitted, IndexFinished, IndexProgressed, IndexRunEnded

if TYPE_CHECKING:
    from textual.app import App

    from index import CorpusWatch, Entity, Library

    from .widgets.search_bar import SearchBar
    from .widgets.status_line import StatusLine

    class _Base(App[None]):
        """What the mixin uses of SleuthApp."""

        library: Library
        corpus_entities: tuple[Entity, ...]
        narrowed: dict[str, str]

        @property
        def status(self) -> StatusLine: ...

        @property
        def search_bar(self) -> SearchBar: ...

        def show_corpus_entities(self) -> None: ...

        def start_search(self, query: str) -> None: ...
else:
    _Base = object

STAGES = {
    "scan": ("looking for files", ""),
    "text": ("indexing text", "files"),
    "entities": ("finding entities", "documents"),
    "merge": ("merging entities", ""),
}


def describe(progress: Progress) -> str:
    """``indexing text 1,234/19,043 files · 210/s · 1:23 left`` (or what the stage is doing)."""
    if progress.stage not in STAGES:
        return progress.current  # "waiting": another process is updating this index
    name, unit = STAGES[progress.stage]
    if progress.stage == "merge":
        return f"{name}: {progress.current}" if progress.current else f"{name}…"
    if not progress.total:
        return f"{name}…"
    parts = [f"{name} {progress.done:,}/{progress.total:,}" + (f" {unit}" if unit else "")]
    if progress.rate and unit:
        parts.append(f"{progress.rate:,.0f}/s")
    if progress.eta_seconds is not None and unit:
        minutes, seconds = divmod(int(progress.eta_seconds + 0.5), 60)
        parts.append(f"{minutes}:{seconds:02d} left")
    return " · ".join(parts)


def entity_scope(scope: str, stats: CorpusStats | None) -> str:
    """The entities pane's scope, saying when entities are still being found."""
    if stats is None or not stats.entities_pending:
        return scope
    found = max(0, stats.documents - stats.entities_pending)
    return f"{scope} · still extracting: {found * 100 // max(1, stats.documents)}%"


class IndexingFlow(_Base):
    """The app's indexing: a mixin of SleuthApp, so that it lives in a file of its own. After the
    first run it watches the corpus folder and runs again when files change (one run at a time:
    a change during a run makes one more run after it)."""

    _indexing = False
    _again = False
    _watch: CorpusWatch | None = None

    def start_indexing(self, opening: bool = True) -> None:
        if self._indexing:
            self._again = True
            return
        self._indexing, self._again = True, False
        self.index_corpus(opening)

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def index_corpus(self, opening: bool = True) -> None:
        """Open the index if there is one, then build or update it in a child process."""
        library = self.library
        try:
            opened = library.is_built()
            if opened and opening:
                self.post_message(IndexFinished(None, library.stats(), library.entities()))

            def progressed(progress: Progress) -> None:
                self.post_message(IndexProgressed(progress))

            report = library.update(progress=progressed, in_child=True)
            if report.stopped:
                return  # the app is closing
            changed = report.added or report.updated or report.removed or report.repaired
            if changed or not opened:
                self.post_message(IndexFinished(report, library.stats(), library.entities()))
            else:
                self.post_message(IndexCommitted(library.stats(), library.entities(), done=True))
        finally:
            self.post_message(IndexRunEnded())

    def on_index_run_ended(self, _message: IndexRunEnded) -> None:
        self._indexing = False
        if self._watch is None and self.is_running:
            self._watch = self.library.watch(self._files_changed)
        if self._again:
            self.start_indexing(opening=False)

    def _files_changed(self) -> None:
        """Called in the watcher's thread when files of the corpus changed."""
        try:
            self.call_from_thread(self.start_indexing, False)
        except RuntimeError:  # the app has closed meanwhile: nothing to update
            return

    def stop_indexing(self) -> None:
        """The app is closing: stop watching, and ask the indexing process to stop."""
        if self._watch is not None:
            self._watch.stop()
            self._watch = None
        self.library.stop_update()

    @work(thread=True, exclusive=True, group="index-commit", exit_on_error=False)
    def reload_after_commit(self) -> None:
        """A commit made more searchable: read the counts and entities again."""
        if self.library.is_built():
            self.post_message(IndexCommitted(self.library.stats(), self.library.entities()))

    def on_index_progressed(self, message: IndexProgressed) -> None:
        self.status.indexing = describe(message.progress)
        if message.progress.committed:
            self.reload_after_commit()

    def on_index_committed(self, message: IndexCommitted) -> None:
        self.status.set_stats(message.stats)
        self.corpus_entities = message.entities
        if message.done:  # a run that found nothing to change: nothing new to show
            self.status.indexing = ""
            return
        query = self.search_bar.value.strip()
        if not query and not self.narrowed:
            self.show_corpus_entities()
        elif self.focused is self.search_bar:  # the reader waits on the query: more may match now
            self.start_search(query)
