"""The passage viewer: a whole document, scrolled to a passage, query terms and entities marked."""

from __future__ import annotations

from collections import defaultdict

from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from index import DocumentView, Library

from ..text import MATCH_STYLE, safe_content, safe_text

ENTITY_STYLES = {"PERSON": "bold underline cyan", "ORG": "underline magenta", "PLACE": "italic green"}
"""Mentions by type, told apart by more than colour: people bold and underlined, organisations
underlined, places in italics."""
MARK_STYLE = "reverse"
"""The words an entity card jumped to."""


class PassageBlock(Static):
    """One passage of the open document; ``text`` is what it shows, styles included."""

    DEFAULT_CSS = """
    PassageBlock { padding: 0 1; margin-bottom: 1; border-left: blank; }
    PassageBlock.-current { border-left: thick $accent; background: $boost; }
    PassageBlock.-hit { border-left: tall $warning 40%; }
    PassageBlock.-current.-hit { border-left: thick $accent; }
    """

    def __init__(self, text: Text, **kwargs: object) -> None:
        super().__init__(text, **kwargs)  # type: ignore[arg-type]
        self.text = text


class PassageViewer(VerticalScroll, can_focus=True):
    """Reads a document; ``n``/``N`` jump between passages that match the query."""

    DEFAULT_CSS = """
    PassageViewer { border: round $panel; height: 1fr; }
    PassageViewer:focus { border: round $accent; }
    PassageViewer > .title { text-style: bold; padding: 0 1 1 1; }
    """
    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False, id="viewer.down"),
        Binding("k", "scroll_up", "Up", show=False, id="viewer.up"),
        Binding("n", "next_hit", "Next hit", id="viewer.next_hit"),
        Binding("N", "previous_hit", "Prev hit", id="viewer.previous_hit"),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.border_title = "Passage viewer"
        self.document: DocumentView | None = None
        self.corpus_keys: dict[str, str] = {}
        self.current = 0
        self.hit_passages: list[int] = []

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(Text("Search with /, then press enter on a result to read it here.", style="dim"), classes="hint")

    async def show_document(
        self,
        document: DocumentView,
        n: int,
        terms: tuple[str, ...],
        mark: tuple[int, int, int] | None = None,
        corpus_keys: dict[str, str] | None = None,
    ) -> None:
        """Show ``document``, mark ``terms``, entity mentions and ``mark`` (n, start, end), and
        scroll to passage ``n``. ``corpus_keys`` maps the document's entity keys to the corpus's."""
        self.document = document
        self.corpus_keys = corpus_keys or {}
        await self.remove_children()
        mentions = defaultdict(list)
        for number, mention in document.mentions:
            mentions[number].append(mention)
        blocks = [Static(safe_text(document.title), classes="title")]
        self.hit_passages = []
        for passage in document.passages:
            body = safe_text(passage.text)
            for mention in mentions[passage.n]:
                body.stylize(ENTITY_STYLES.get(mention.type, "underline"), mention.start, mention.end)
            spans = Library.highlight(passage.text, terms)
            for span in spans:
                body.stylize(MATCH_STYLE, span.start, span.end)
            if mark is not None and mark[0] == passage.n:
                body.stylize(MARK_STYLE, mark[1], mark[2])
            label = Text(f"¶{passage.n}  ", style="dim")
            block = PassageBlock(Text.assemble(label, body), id=f"p{passage.n}")
            if spans:
                block.add_class("-hit")
                self.hit_passages.append(passage.n)
            blocks.append(block)
        await self.mount_all(blocks)
        self.border_title = self._title(n)
        self.call_after_refresh(self.go_to, n)

    def _title(self, n: int) -> Content:
        """``doc_id · date · ¶n of N · p. P`` as plain content: a file name is data, never markup."""
        assert self.document is not None
        dated = f" · {self.document.date}" if self.document.date else ""
        passages = self.document.passages
        page = passages[n - 1].page if 0 < n <= len(passages) else 0
        paged = f" · p. {page}" if page else ""
        return safe_content(f"{self.document.doc_id}{dated} · ¶{n} of {len(passages)}{paged}")

    def go_to(self, n: int) -> None:
        """Make passage ``n`` current and scroll it to the top of the viewer."""
        if self.document is None or not self.document.passages:
            return
        n = max(1, min(n, len(self.document.passages)))
        for block in self.query(PassageBlock):
            block.set_class(block.id == f"p{n}", "-current")
        self.current = n
        self.border_title = self._title(n)
        target = self.query_one(f"#p{n}", PassageBlock)
        self.scroll_to_widget(target, animate=False, top=True)

    def action_next_hit(self) -> None:
        later = [n for n in self.hit_passages if n > self.current]
        if later:
            self.go_to(later[0])
        else:
            self.app.bell()

    def action_previous_hit(self) -> None:
        earlier = [n for n in self.hit_passages if n < self.current]
        if earlier:
            self.go_to(earlier[-1])
        else:
            self.app.bell()

    def current_entity_keys(self) -> list[str]:
        """The corpus keys of the entities named in the current passage, in order of appearance."""
        if self.document is None or not self.current:
            return []
        mentions = sorted((m for n, m in self.document.mentions if n == self.current), key=lambda m: m.start)
        return list(dict.fromkeys(self.corpus_keys.get(m.entity_key, m.entity_key) for m in mentions))

    def current_text(self) -> str:
        """The plain text of the current passage (for tests and copying)."""
        if self.document is None or not self.current:
            return ""
        return self.document.passages[self.current - 1].text
