"""The passage viewer on long documents: where it opens, what n/N do, the header, resizing, margins."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_tui import screen_lines, settle

from index import Library
from tui.app import SleuthApp, make_app
from tui.widgets.passage_viewer import PassageViewer

PARAGRAPHS = 240
FERRY_EVERY = 20


def long_text() -> str:
    paragraphs = []
    for i in range(1, PARAGRAPHS + 1):
        words = f"Paragraph {i} of the harbour minutes records what the council decided that week."
        if i % FERRY_EVERY == 0:
            words += " The ferry was late again."
        paragraphs.append(words)
    return "Harbour minutes\n\n" + "\n\n".join(paragraphs) + "\n"


@pytest.fixture
def long_app(tmp_path: Path) -> SleuthApp:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "minutes.txt").write_text(long_text())
    return make_app(Library(corpus, tmp_path / "index", user_data=tmp_path / "user.sqlite"))


def header_paragraph(viewer: PassageViewer) -> int:
    """The paragraph number the viewer's header names (``¶n of N``)."""
    found = re.search(r"¶(\d+) of (\d+)", str(viewer.border_title))
    assert found, viewer.border_title
    return int(found.group(1))


async def open_first_result(app: SleuthApp, pilot, query: str) -> PassageViewer:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press(*query, "enter", "enter")
    await settle(pilot)
    viewer = app.query_one(PassageViewer)
    assert app.focused is viewer and viewer.document is not None
    return viewer


async def test_the_passage_opens_at_the_top_and_the_header_names_it(long_app: SleuthApp) -> None:
    async with long_app.run_test(size=(120, 36)) as pilot:
        viewer = await open_first_result(long_app, pilot, "ferry")
        n = viewer.current
        assert n % FERRY_EVERY == 0  # a passage with the word
        assert header_paragraph(viewer) == n
        top = screen_lines(viewer)[0]
        assert top.startswith("▌") and f"¶{n} " in top and f"Paragraph {n} " in top


async def test_n_goes_to_the_next_hit_after_the_position_in_view(long_app: SleuthApp) -> None:
    async with long_app.run_test(size=(120, 36)) as pilot:
        viewer = await open_first_result(long_app, pilot, "ferry")
        await pilot.press("g")  # the top of the document
        assert viewer.current == 1 and header_paragraph(viewer) == 1
        await pilot.press("n")
        assert viewer.current == FERRY_EVERY
        await pilot.press("n")
        assert viewer.current == 2 * FERRY_EVERY
        for _ in range(8):
            await pilot.press("pagedown")
        await pilot.pause()
        in_view = viewer.current
        assert in_view > 2 * FERRY_EVERY + 10  # the reader has moved on by scrolling…
        assert header_paragraph(viewer) == in_view  # …and the header follows
        await pilot.press("n")
        assert viewer.current == (in_view // FERRY_EVERY + 1) * FERRY_EVERY
        await pilot.press("N")
        assert viewer.current == (in_view // FERRY_EVERY) * FERRY_EVERY
        await pilot.press("G")  # the end
        await pilot.pause()
        assert viewer.current == PARAGRAPHS
        await pilot.press("N")
        assert viewer.current == PARAGRAPHS - FERRY_EVERY
        await pilot.press("n", "n")  # the last hit, then no later one in this, the only document
        assert viewer.current == PARAGRAPHS


async def test_a_resize_keeps_the_passage_in_view(long_app: SleuthApp) -> None:
    async with long_app.run_test(size=(120, 36)) as pilot:
        viewer = await open_first_result(long_app, pilot, "ferry")
        for _ in range(5):
            await pilot.press("n")
        n = viewer.current
        for size in ((80, 24), (200, 60), (120, 36)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
            assert viewer.current == n
            top = screen_lines(viewer)[0]
            assert f"¶{n} " in top, (size, top)
            assert all(len(line) <= viewer.scrollable_content_region.width for line in screen_lines(viewer))


async def test_margin_marks_are_drawn_beside_their_passages(long_app: SleuthApp) -> None:
    async with long_app.run_test(size=(120, 36)) as pilot:
        viewer = await open_first_result(long_app, pilot, "ferry")
        n = viewer.current
        viewer.set_margin_marks({n: "●", n + 1: ("✎", "bold yellow")})
        await pilot.pause()
        lines = screen_lines(viewer)
        first = next(line for line in lines if f"¶{n} " in line)
        second = next(line for line in lines if f"¶{n + 1} " in line)
        assert first[1] == "●" and second[1] == "✎"
        assert all(line[1] == " " for line in lines if f"¶{n + 2} " in line)


async def test_long_lines_wrap_inside_the_viewer(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    wide = " ".join(["verylongwordwithoutanybreaks" * 4] + ["ferry"] + ["词语"] * 80)
    (corpus / "wide.txt").write_text(f"Wide\n\n{wide}\n")
    app = make_app(Library(corpus, tmp_path / "index", user_data=tmp_path / "user.sqlite"))
    async with app.run_test(size=(80, 24)) as pilot:
        viewer = await open_first_result(app, pilot, "ferry")
        from rich.cells import cell_len

        lines = [line for line in screen_lines(viewer) if line.strip()]
        assert all(cell_len(line) <= viewer.scrollable_content_region.width for line in lines)
        shown = "".join(line[3:].strip() for line in lines)
        assert "verylongwordwithoutanybreaks" * 4 in shown and "词语词语" in shown.replace(" ", "")


async def test_the_header_names_the_page_of_a_paged_document(long_app: SleuthApp) -> None:
    from index import DocumentView, Passage
    from tui.reading import prepare

    text = "First page words.\n\nSecond page words."
    passages = (Passage("report.pdf", 1, 0, 17, text[:17], page=1), Passage("report.pdf", 2, 19, 37, text[19:], page=2))
    document = DocumentView("report.pdf", "Report", text, passages)
    async with long_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        viewer = long_app.query_one(PassageViewer)
        viewer.show(prepare(document, (), None, {}, viewer.text_width), 2)
        await pilot.pause()
        assert "¶2 of 2 · p. 2" in str(viewer.border_title)
