"""The app's reading and moving about: opening documents, hit to hit across the results, finding
text, entity cards, back and forward, reading positions, opening a document outside sleuth.

A mixin of ``SleuthApp`` (its message handlers are found by name). Every Library call runs in
a worker that posts one message.
"""

from __future__ import annotations

import subprocess
import time

from textual import work
from textual.app import SuspendNotSupported
from textual.worker import get_current_worker

from index.userdata import ReadingSession

from .messages import DocumentLoaded, PassageChosen, SessionLoaded, TermsMarked
from .outside import system_command, terminal_command
from .reading import Reading, mark_terms, prepare
from .screens.entity_card import EntityCardScreen
from .screens.prompt import ChoiceScreen, PromptScreen
from .searching import SearchingMixin
from .trail import Place, Trail
from .widgets.entity_table import FOLDER, EntityTable
from .widgets.find_bar import FindBar
from .widgets.passage_viewer import PassageViewer
from .widgets.results_list import ResultsList

POSITION_SAVE_SECONDS = 0.5
"""Scrolling pauses shorter than this do not write the reading position."""


class NavigatingMixin(SearchingMixin):
    """Documents, hits, cards and the trail back through them."""

    trail: Trail
    last_read: tuple[str, int, int] | None
    """(doc_id, n, offset) where the reader last left the open document, when elsewhere."""
    restoring: ReadingSession | None
    """The session to resume once the index is open and its query searched."""
    initial_query: str

    @property
    def viewer(self) -> PassageViewer:
        return self.query_one(PassageViewer)

    # -- opening documents --------------------------------------------------------------------
    def on_passage_chosen(self, message: PassageChosen) -> None:
        self.remember_query(self.search_bar.value)
        self.go_to_passage(message.doc_id, message.n)

    def go_to_passage(self, doc_id: str, n: int, mark: tuple[int, int, int] | None = None, hit: int = 0) -> None:
        """Open ``doc_id`` at passage ``n`` (``hit``: at its first (1) or last (-1) hit instead),
        recording where the reader was."""
        self.trail.leave(self.here())
        self.update_bindings()  # there may be a place to go back to now
        self.pop_cards()
        viewer = self.viewer
        if viewer.document is not None and viewer.document.doc_id == doc_id and mark is None and not hit:
            viewer.go_to(n)
            viewer.focus()
            return
        self.open_document(doc_id, n, mark=mark, hit=hit)

    def current_terms(self) -> tuple[str, ...]:
        result = self.last_result
        return result.terms if result is not None and result.hits else ()

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def open_document(
        self, doc_id: str, n: int, offset: int = 0, mark: tuple[int, int, int] | None = None, hit: int = 0
    ) -> None:
        """Read ``doc_id`` and prepare it for the viewer (styles, hits, lines); ``mark`` is
        (n, start, end) of words to point out; ``hit`` 1 or -1 opens at the first or last hit."""
        terms = self.current_terms()
        document = self.library.document(doc_id)
        keys = {m.entity_key: self.library.corpus_key(m.entity_key) for _, m in document.mentions}
        reading = prepare(document, terms, mark, keys, self.viewer.text_width)
        if hit and reading.hits:
            n, offset = (reading.hits[0] if hit > 0 else reading.hits[-1]), 0
        left = self.library.user.position(doc_id)  # read before this visit saves a new one
        last_read = left if left is not None and left[0] != n else None
        if not get_current_worker().is_cancelled:
            self.post_message(DocumentLoaded(reading, n, offset, last_read))

    def document_shown(self, reading: Reading) -> None:
        """A document is in the viewer (the app reads its margin marks)."""

    def on_document_loaded(self, message: DocumentLoaded) -> None:
        viewer = self.viewer
        self.last_read = (message.reading.document.doc_id, *message.last_read) if message.last_read else None
        viewer.show(message.reading, message.n, message.offset)
        self.document_shown(message.reading)
        self.query_one(FindBar).action_close() if self.query_one(FindBar).has_class("-open") else None
        viewer.focus()
        self.update_bindings()

    def remark_viewer(self) -> None:
        """The query changed: mark its words in the open document (or none when it has none)."""
        reading = self.viewer.reading
        if reading is not None and reading.terms != self.current_terms():
            self.mark_viewer_terms(self.current_terms())

    @work(thread=True, exclusive=True, group="mark", exit_on_error=False)
    def mark_viewer_terms(self, terms: tuple[str, ...]) -> None:
        reading = self.viewer.reading
        if reading is not None:
            spans, hits = mark_terms(reading.document, terms)
            self.post_message(TermsMarked(reading.document.doc_id, terms, spans, hits))

    def on_terms_marked(self, message: TermsMarked) -> None:
        viewer = self.viewer
        if viewer.document is not None and viewer.document.doc_id == message.doc_id:
            viewer.set_terms(message.terms, message.spans, message.hits)

    # -- hit to hit, document to document ----------------------------------------------------
    def result_documents(self) -> list[tuple[str, int]]:
        """(doc_id, best passage) of the results' documents, in the order listed."""
        result = self.last_result
        seen: dict[str, int] = {}
        for hit in self.query_one(ResultsList).hits or (result.hits if result else ()):
            seen.setdefault(hit.doc_id, hit.n)
        return list(seen.items())

    def action_next_hit(self) -> None:
        self._step_hit(1)

    def action_previous_hit(self) -> None:
        self._step_hit(-1)

    def _step_hit(self, direction: int) -> None:
        """n/N: the find bar's matches while a find is on, else the query's hits after the
        passage in view, carrying on into the next or previous document of the results."""
        viewer = self.viewer
        if viewer.find_text:
            if not viewer.next_match(direction):
                self.bell()
            return
        if viewer.document is None:
            documents = self.result_documents()
            if documents:
                self.go_to_passage(documents[0][0], documents[0][1], hit=1 if direction > 0 else -1)
            else:
                self.bell()
            return
        if not viewer.next_hit(direction):
            self._next_document(direction, hit=direction)

    def action_next_document(self, direction: int) -> None:
        """]/[: the next or previous document of the results, at its best passage."""
        self._next_document(direction, hit=0)

    def _next_document(self, direction: int, hit: int) -> None:
        documents = self.result_documents()
        viewer = self.viewer
        ids = [doc_id for doc_id, _ in documents]
        current = viewer.document.doc_id if viewer.document else None
        start = 0 if direction > 0 else len(ids) - 1
        index = ids.index(current) + direction if current in ids else start
        if not documents or not 0 <= index < len(ids):
            self.bell()
            self.notify("No further document in the results.", title="sleuth", timeout=2)
            return
        doc_id, best = documents[index]
        self.go_to_passage(doc_id, best, hit=hit)
        self.query_one(ResultsList).highlight_document(doc_id)

    # -- finding text in the document -----------------------------------------------------------
    def action_find(self) -> None:
        if self.viewer.document is None:
            self.notify("Open a document first (enter on a result).", title="sleuth", timeout=3)
            return
        self.query_one(FindBar).open()

    def on_input_changed(self, event: FindBar.Changed) -> None:
        if isinstance(event.input, FindBar):
            count = self.viewer.find(event.value)
            if count:
                self.viewer.next_match(1)

    def on_input_submitted(self, event: FindBar.Submitted) -> None:
        if isinstance(event.input, FindBar):
            self.viewer.focus()

    def on_find_bar_step(self, message: FindBar.Step) -> None:
        if not self.viewer.next_match(message.direction):
            self.bell()

    def on_find_bar_closed(self, _message: FindBar.Closed) -> None:
        self.viewer.find("")
        self.viewer.focus()

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
        """Open the card of the entity ``name`` (a key, name or alias), recording where the reader was."""
        self.trail.leave(self.here())
        self.update_bindings()
        self._show_card(name)

    def _show_card(self, name: str) -> None:
        if isinstance(self.screen, EntityCardScreen):
            self.screen.load(name)
        else:
            self.push_screen(EntityCardScreen(self.library, name))

    def pop_cards(self) -> None:
        while isinstance(self.screen, EntityCardScreen):
            self.pop_screen()

    # -- back and forward ---------------------------------------------------------------------
    def here(self) -> Place | None:
        """Where the reader is: the card on screen, else the position in the open document."""
        if isinstance(self.screen, EntityCardScreen):
            return Place(card=self.screen.wanted)
        viewer = self.viewer
        if viewer.document is None or not viewer.current:
            return None
        n, offset = viewer.position()
        return Place(doc_id=viewer.document.doc_id, n=n, offset=offset)

    def action_go_back(self) -> None:
        place = self.trail.back(self.here())
        self.update_bindings()  # the last place behind may be gone
        if place is None:
            if isinstance(self.screen, EntityCardScreen):
                self.pop_cards()  # a card opened with nothing before it: back to the panes
            else:
                self.bell()
            return
        self._show_place(place)

    def action_go_forward(self) -> None:
        place = self.trail.forward(self.here())
        self.update_bindings()
        if place is None:
            self.bell()
        else:
            self._show_place(place)

    def _show_place(self, place: Place) -> None:
        if place.card:
            self._show_card(place.card)
            return
        self.pop_cards()
        viewer = self.viewer
        if viewer.document is not None and viewer.document.doc_id == place.doc_id:
            viewer.go_to(place.n, place.offset)
            viewer.focus()
        else:
            self.open_document(place.doc_id, place.n, place.offset)

    def action_escape(self) -> None:
        """One step back: out of a find, out of a card or to the last place, else towards the search bar."""
        viewer = self.viewer
        if viewer.find_text:
            self.query_one(FindBar).action_close()
        elif isinstance(self.screen, EntityCardScreen) or self.trail.behind:
            self.action_go_back()
        elif self.focused is viewer:
            self.query_one(ResultsList).focus()
        else:
            self.search_bar.focus()

    # -- reading positions and the session ------------------------------------------------------
    def action_last_read(self) -> None:
        """': to where the reader last left the open document (on an earlier visit or run);
        back returns to where they were."""
        last_read, viewer = self.last_read, self.viewer
        if last_read is None or viewer.document is None or viewer.document.doc_id != last_read[0]:
            self.bell()
            return
        self.trail.leave(self.here())
        self.last_read = None  # there now: the key goes from the footer
        self.update_bindings()
        viewer.go_to(last_read[1], last_read[2])
        viewer.focus()

    def on_session_loaded(self, message: SessionLoaded) -> None:
        """Resume where the reader left: the query (unless one was given), the document, the line."""
        session = message.session
        if session is None or self.initial_query:
            return
        self.restoring = session if session.doc_id else None
        if session.query and not self.search_bar.value:
            self.search_bar.value = session.query
            self.search_bar.cursor_position = len(session.query)

    def resume_document(self) -> None:
        """Open the document of the session being resumed, at its line (once, after its search)."""
        session, self.restoring = self.restoring, None
        if session is not None:
            self.open_document(session.doc_id, session.n, session.offset)

    def current_session(self) -> ReadingSession:
        viewer = self.viewer
        if viewer.document is None:
            return ReadingSession(self.search_bar.value.strip())
        n, offset = viewer.position()
        return ReadingSession(self.search_bar.value.strip(), viewer.document.doc_id, n, offset)

    def save_session(self) -> None:
        self.write_session(self.current_session())

    @work(thread=True, group="session", exit_on_error=False)
    def write_session(self, session: ReadingSession, then_exit: bool = False) -> None:
        """Keep the session (and the open document's position); with ``then_exit``, quit after."""
        try:
            if session.doc_id:
                self.library.user.save_position(session.doc_id, session.n, session.offset)
            self.library.user.save_session(session)
        finally:
            if then_exit:
                self.call_from_thread(self.exit)

    async def action_quit(self) -> None:
        """Quit, keeping the query, the open document and the line in view for the next start."""
        self.write_session(self.current_session(), then_exit=True)

    def on_passage_viewer_passage_in_view(self, message: PassageViewer.PassageInView) -> None:
        self.save_position(message.doc_id)

    @work(thread=True, exclusive=True, group="position", exit_on_error=False)
    def save_position(self, doc_id: str) -> None:
        """Keep where the reader is in ``doc_id`` (after a pause in scrolling), and the session."""
        worker = get_current_worker()
        time.sleep(POSITION_SAVE_SECONDS)
        if not worker.is_cancelled:
            self.call_from_thread(self.save_session)

    # -- outside sleuth -----------------------------------------------------------------------
    def action_open_outside(self) -> None:
        """The open document (or the highlighted result's) in $PAGER/$EDITOR, else the system viewer."""
        viewer = self.viewer
        doc_id = viewer.document.doc_id if viewer.document else ""
        if not doc_id:
            passage_id = self.query_one(ResultsList).highlighted_passage_id()
            doc_id = passage_id.rpartition("#")[0]
        if not doc_id:
            self.bell()
            return
        path = self.library.root / doc_id
        command = terminal_command(path)
        if command is not None:
            try:
                with self.suspend():
                    subprocess.run(command, check=False)
            except SuspendNotSupported:  # no terminal to hand over (a test): run it anyway
                subprocess.run(command, check=False, capture_output=True)
            except OSError as error:
                self.notify(f"cannot run {command[0]}: {error.strerror}", title="sleuth", severity="error")
            return
        opener = system_command(path)
        if opener is None:
            self.notify("Set $PAGER or $EDITOR to open documents (no system viewer here).", title="sleuth")
            return
        subprocess.Popen(opener, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        self.notify(f"Opened {doc_id} in the system viewer.", title="sleuth", markup=False)

    # -- the focused pane, full screen ------------------------------------------------------------
    def action_maximize_pane(self) -> None:
        screen = self.screen
        if screen.maximized is not None:
            screen.minimize()
        elif self.focused is not None and not screen.maximize(self.focused):
            self.bell()
