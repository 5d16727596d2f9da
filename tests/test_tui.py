"""Pilot tests of the keyboard flows a reader uses, on the seeds and on small generated corpora."""

from __future__ import annotations

from pathlib import Path

import pytest
from query_forms import QUERY_FORMS
from textual.worker import WorkerCancelled

import seeds
from index import Library
from tui.app import SleuthApp, make_app
from tui.screens.help import HelpScreen
from tui.text import MATCH_STYLE
from tui.widgets.entity_table import EntityTable
from tui.widgets.passage_viewer import PassageViewer
from tui.widgets.results_list import ResultsList

SIZE = (120, 36)


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    index_dir = tmp_path_factory.mktemp("tui-seed-index")
    Library(seeds.path(), index_dir).update()
    return index_dir


@pytest.fixture
def app(seed_index: Path, tmp_path: Path) -> SleuthApp:
    """The app on the seeds, with user data (history, saved searches) of its own."""
    return make_app(Library(seeds.path(), seed_index, user_data=tmp_path / "user.sqlite"))


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let workers finish and their messages be handled (a worker a newer one cancelled is done too)."""
    for _ in range(3):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:
            continue
        await pilot.pause()


def option_texts(results: ResultsList) -> list[str]:
    return [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]


def styled_words(viewer: PassageViewer, n: int, style: str) -> list[str]:
    """The words of passage ``n`` the viewer styles with ``style``."""
    assert viewer.reading is not None
    text = viewer.reading.document.passages[n - 1].text
    spans = (*viewer.reading.entity_spans[n - 1], *viewer.reading.term_spans[n - 1])
    return [text[start:end] for start, end, span_style in spans if span_style == style]


def screen_lines(viewer: PassageViewer) -> list[str]:
    """The viewer's lines as drawn on screen."""
    return [viewer.line_text(y) for y in range(viewer.scrollable_content_region.height)]


def reversed_on_screen(viewer: PassageViewer) -> list[str]:
    """The runs of text the viewer draws in reverse video (the query's words), top to bottom."""
    runs = []
    for y in range(viewer.scrollable_content_region.height):
        for segment in viewer.render_line(y):
            if segment.style is not None and segment.style.reverse and segment.text.strip():
                runs.append(segment.text)
    return runs


async def test_query_results_enter_opens_viewer_with_term_highlighted(app: SleuthApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"Inkster")
        await settle(pilot)
        results = app.query_one(ResultsList)
        texts = option_texts(results)
        assert len(texts) == 2
        assert all("Inkster" in text for text in texts)

        await pilot.press("enter")  # from the search bar to the results
        assert app.focused is results
        await pilot.press("enter")  # open the first hit
        await settle(pilot)
        viewer = app.query_one(PassageViewer)
        assert app.focused is viewer
        assert viewer.document is not None and viewer.document.doc_id == "000_b4858781b8b42b3b.txt"
        assert "Inkster" in viewer.current_text()
        assert "Inkster" in styled_words(viewer, viewer.current, MATCH_STYLE)
        top = screen_lines(viewer)[0]
        assert top.startswith("▌") and f"¶{viewer.current}" in top  # the passage is at the top, marked current
        assert "Inkster" in reversed_on_screen(viewer)


async def test_down_and_j_move_between_hits_and_n_jumps_to_next_hit(app: SleuthApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"Wu Shizhong", "enter")
        await settle(pilot)
        results = app.query_one(ResultsList)
        assert results.highlighted == 0
        await pilot.press("j")
        assert results.highlighted == 1
        await pilot.press("k", "down", "enter")
        await settle(pilot)
        viewer = app.query_one(PassageViewer)
        first = viewer.current
        assert "Wu" in viewer.current_text()
        await pilot.press("n")
        assert viewer.current != first
        assert viewer.current in viewer.hit_passages


def entity_names(table: EntityTable) -> list[str]:
    return table.row_names()


async def highlight_entity(pilot, name: str) -> EntityTable:  # type: ignore[no-untyped-def]
    """Go to the entities pane with tab and down to the row named ``name``, as a reader would."""
    app = pilot.app
    table = app.query_one(EntityTable)
    for _ in range(6):
        if app.focused is table:
            break
        await pilot.press("tab")
    assert app.focused is table
    await pilot.press("home")
    names = entity_names(table)
    for _ in range(names.index(name)):
        await pilot.press("down")
    row = table.highlighted_row()
    assert row is not None and entity_names(table)[table.highlighted or 0] == name
    return table


async def test_empty_query_lists_corpus_entities(app: SleuthApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.query_one(EntityTable)
        names = set(entity_names(table))
        assert {"Wu Shizhong", "Nigel Inkster", "Xi Jinping", "Ministry of State Security", "China", "Beijing"} <= names
        assert not {"Loading", "Leave A Reply", "Exit mobile version"} & names
        assert "whole corpus" in str(table.border_title)


async def test_choosing_an_entity_narrows_the_results_and_again_undoes_it(app: SleuthApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"security")
        await settle(pilot)
        results = app.query_one(ResultsList)
        everything = option_texts(results)
        table = await highlight_entity(pilot, "Wu Shizhong")
        await pilot.press("enter")
        await settle(pilot)
        narrowed = option_texts(results)
        assert 0 < len(narrowed) < len(everything)
        # every hit names Wu, under his full name or his alias, and has the query word
        assert app.last_result is not None
        passages = [app.library.passage(hit.passage_id).text for hit in app.last_result.hits]
        assert all("Wu" in text and "security" in text.casefold() for text in passages)
        assert "with Wu Shizhong" in str(results.border_title)
        assert "✓ Wu Shizhong" in entity_names(table)

        await highlight_entity(pilot, "✓ Wu Shizhong")
        await pilot.press("enter")
        await settle(pilot)
        assert option_texts(results) == everything


async def test_m_lists_passages_like_the_highlighted_result(app: SleuthApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"Inkster", "enter")
        await settle(pilot)
        results = app.query_one(ResultsList)
        source = results.highlighted_passage_id()
        await pilot.press("m")
        await settle(pilot)
        assert f"like {source}" in str(results.border_title)
        assert app.last_result is not None and app.last_result.hits
        assert source not in {hit.passage_id for hit in app.last_result.hits}


async def test_help_opens_with_question_mark_and_closes_with_escape(app: SleuthApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab")  # leave the search bar, where ? is typed as text
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_slash_focuses_search_and_q_quits(app: SleuthApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        assert app.focused is not app.search_bar
        await pilot.press("slash")
        assert app.focused is app.search_bar
        await pilot.press("tab", "q")
        assert app.return_code == 0 or not app.is_running


async def test_stale_results_are_dropped(app: SleuthApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"Inkster")
        await settle(pilot)
        old = app.last_result
        assert old is not None
        await pilot.press(*["backspace"] * len("Inkster"), *"Xi Jinping")
        await settle(pilot)
        from tui.messages import SearchFinished

        app.post_message(SearchFinished(old))  # the Inkster search's answer, arriving late
        await settle(pilot)
        assert app.last_result is not None and app.last_result.query == "Xi Jinping"
        assert all("Inkster" not in text for text in option_texts(app.query_one(ResultsList)))


async def test_document_text_is_shown_as_typed_never_as_markup_or_escapes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "tricky.txt").write_text(
        "Markup such as [bold]this[/bold] and [link=x]that[/link] is text in a document.\n\n"
        "A terminal escape \x1b[31mred\x1b[0m and a bell \x07 must never reach the screen.\n"
    )
    app = make_app(Library(corpus, tmp_path / "index"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"markup", "enter", "enter")
        await settle(pilot)
        viewer = app.query_one(PassageViewer)
        shown = "\n".join(screen_lines(viewer))
        assert "[bold]this[/bold]" in shown
        assert "[link=x]that[/link]" in shown
        assert "\x1b" not in shown and "\x07" not in shown
        assert "red" in shown


async def test_t_filters_the_entities_pane_by_type(app: SleuthApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = await highlight_entity(pilot, "China")

        def types() -> set[str]:
            return table.row_types()

        assert types() == {"person", "org", "place"}
        await pilot.press("t")
        assert types() == {"person"}
        assert "people" in str(table.border_title)
        await pilot.press("t")
        assert types() == {"org"}
        await pilot.press("t", "t")
        assert types() == {"person", "org", "place"}


async def test_did_you_mean_is_offered_and_enter_searches_it(app: SleuthApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"Inkstre")
        await settle(pilot)
        results = app.query_one(ResultsList)
        assert any("Did you mean Inkster?" in text for text in option_texts(results))
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert app.search_bar.value == "Inkster"
        assert len(option_texts(results)) == 2


async def test_up_and_down_recall_earlier_queries(app: SleuthApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for query in ("Inkster", "Wu Shizhong"):
            app.search_bar.value = ""
            await pilot.press(*query, "enter")
            await settle(pilot)
            await pilot.press("slash")
        app.search_bar.value = "draft"
        await pilot.press("up")
        assert app.search_bar.value == "Wu Shizhong"
        await pilot.press("up")
        assert app.search_bar.value == "Inkster"
        await pilot.press("down", "down")
        assert app.search_bar.value == "draft"
    assert app.library.user.history()[:2] == ("Wu Shizhong", "Inkster")


async def test_ctrl_s_saves_the_search_and_the_palette_runs_it(app: SleuthApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"Xi Jinping", "ctrl+s")
        await settle(pilot)
        assert [s.query for s in app.library.user.saved_searches()] == ["Xi Jinping"]
        app.search_bar.value = ""
        await settle(pilot)
        await pilot.press("ctrl+p", *"saved search: xi")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert app.search_bar.value == "Xi Jinping"
        assert app.last_result is not None and app.last_result.hits


async def test_d_groups_the_results_by_document(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("The ferry left early.\n\nA second ferry was cancelled.\n\nNo ferry on Sunday.\n")
    (corpus / "b.txt").write_text("Ferry fares rose again this spring.\n")
    app = make_app(Library(corpus, tmp_path / "index", user_data=tmp_path / "user.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"ferry", "enter")
        await settle(pilot)
        results = app.query_one(ResultsList)
        assert len(option_texts(results)) == 4
        await pilot.press("d")
        grouped = option_texts(results)
        assert len(grouped) == 2
        assert any("3 × ¶" in text for text in grouped)
        await pilot.press("enter")
        await settle(pilot)
        assert app.query_one(PassageViewer).document is not None
        await pilot.press("tab", "tab")  # viewer → search bar → results
        assert app.focused is results
        await pilot.press("d")
        assert len(option_texts(results)) == 4


@pytest.mark.parametrize("query", sorted(QUERY_FORMS))
async def test_every_query_form_lists_matching_passages(app: SleuthApp, query: str) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*query)
        await settle(pilot)
        results = app.query_one(ResultsList)
        ids = [results.get_option_at_index(i).id for i in range(results.option_count)]
        ids = [i for i in ids if i and "#" in i]
        assert ids, query
        assert all(QUERY_FORMS[query](app.library.passage(i).text) for i in ids)
        assert "searched as plain words" not in str(app.status.render())


async def test_a_syntax_error_is_said_in_the_status_line(app: SleuthApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"(inkster OR snowden")
        await settle(pilot)
        status = str(app.status.render())
        assert 'a "(" is not closed: searched as plain words' in status
        assert len(option_texts(app.query_one(ResultsList))) >= 1


@pytest.fixture
def folders_app(tmp_path: Path) -> SleuthApp:
    corpus = tmp_path / "corpus"
    files = {
        "reports/2024/harbour.md": "---\ndate: 2024-03-05\n---\n\nThe ferry terminal opened.\n",
        "reports/2023/budget.txt": "Budget\nDate: 12 June 2023\n\nThe ferry budget was cut.\n",
        "notes/undated.txt": "Ferry notes without a date.\n",
    }
    for name, text in files.items():
        (corpus / name).parent.mkdir(parents=True, exist_ok=True)
        (corpus / name).write_text(text)
    return make_app(Library(corpus, tmp_path / "index", user_data=tmp_path / "user.sqlite"))


async def test_date_filter_shows_dated_results(folders_app: SleuthApp) -> None:
    async with folders_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"ferry date:2024")
        await settle(pilot)
        (text,) = option_texts(folders_app.query_one(ResultsList))
        assert "2024-03-05" in text and "terminal" in text
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert "2024-03-05" in str(folders_app.query_one(PassageViewer).border_title)


async def test_choosing_a_folder_narrows_to_it_and_again_widens(folders_app: SleuthApp) -> None:
    async with folders_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"ferry")
        await settle(pilot)
        table = folders_app.query_one(EntityTable)
        names = entity_names(table)
        assert names[:2] == ["reports/", "notes/"]
        await pilot.press("enter", "tab")  # results → entities: the first row is reports/
        assert folders_app.focused is table
        await pilot.press("enter")
        await settle(pilot)
        assert folders_app.search_bar.value == "ferry in:reports"
        assert len(option_texts(folders_app.query_one(ResultsList))) == 2
        assert entity_names(table)[:3] == ["✓ reports/", "reports/2023/", "reports/2024/"]
        await highlight_entity(pilot, "✓ reports/")
        await pilot.press("enter")
        await settle(pilot)
        assert folders_app.search_bar.value == "ferry"
        assert len(option_texts(folders_app.query_one(ResultsList))) == 3
