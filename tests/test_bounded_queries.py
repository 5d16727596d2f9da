"""No query can freeze sleuth: patterns stand for a bounded number of words, a search stops when
its time is up or its asker has gone, and the total it gives is exact or says "at least"."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from index import Library, bounds
from tui.app import make_app
from tui.widgets.results_list import ResultsList

WORDS = ["ant", "anvil", "anchor", "angle", "annex", "answer", "antler", "anthem"]


@pytest.fixture(scope="module")
def words_library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    """Passages where "ant" is the most frequent an- word, then "anvil", and so on; one passage
    names both oil and prices, two only oil, one only prices."""
    corpus = tmp_path_factory.mktemp("bounded") / "corpus"
    corpus.mkdir()
    for rank, word in enumerate(WORDS):
        for copy in range(len(WORDS) - rank):
            (corpus / f"{word}-{copy}.txt").write_text(f"The {word} was seen near the quay on day {copy}.\n")
    (corpus / "oil-1.txt").write_text("Oil prices rose again.\n")
    (corpus / "oil-2.txt").write_text("Oil was found off the coast.\n")
    (corpus / "oil-3.txt").write_text("The oil tanker docked.\n")
    (corpus / "prices.txt").write_text("Bread prices fell in March.\n")
    library = Library(corpus, tmp_path_factory.mktemp("bounded-index"))
    library.update()
    return library


def doc_words(library: Library, query: str) -> set[str]:
    return {hit.doc_id.split("-")[0] for hit in library.search(query, limit=100, facets=False).hits}


def test_a_pattern_past_the_limit_stands_for_its_most_frequent_words(
    words_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert doc_words(words_library, "an*") == set(WORDS)  # within the limit: every word
    monkeypatch.setattr(bounds, "MAX_EXPANSION", 3)
    result = words_library.search("an*", limit=100, facets=False)
    assert {hit.doc_id.split("-")[0] for hit in result.hits} == {"ant", "anvil", "anchor"}
    assert "an* matches 8 words: searched the 3 most frequent" in result.notice
    assert result.total == 8 + 7 + 6 and result.total_exact


@pytest.mark.parametrize("query", ["{an TO anz}", "[ant TO anvil]", "*n*", "anvl~2", "an?ex"])
def test_every_pattern_form_is_bounded(words_library: Library, monkeypatch: pytest.MonkeyPatch, query: str) -> None:
    unbounded = words_library.search(query, limit=100, facets=False)
    monkeypatch.setattr(bounds, "MAX_EXPANSION", 1)
    bounded = words_library.search(query, limit=100, facets=False)
    assert 0 < bounded.total <= unbounded.total
    assert len(bounded.terms) == 1  # the words highlighted are the one searched
    if bounded.total < unbounded.total:
        assert "searched the 1 most frequent" in bounded.notice


@pytest.mark.parametrize("query", ["*", "text:*", "title:*"])
def test_a_bare_star_is_every_passage(words_library: Library, query: str) -> None:
    result = words_library.search(query, limit=5, facets=False)
    assert (result.total, result.total_exact, len(result.hits), result.notice) == (40, True, 5, "")


def test_totals_count_each_passage_once(words_library: Library) -> None:
    """Whoosh's estimate adds the words' document counts: oil (3) + prices (2) = 5, for 4 passages."""
    result = words_library.search("oil prices", limit=2, facets=False)
    assert (result.total, result.total_exact, len(result.hits)) == (4, True, 2)
    filtered = words_library.search("oil prices path:oil-1.txt", limit=2, facets=False)
    assert filtered.total == 1  # the passages the filter leaves out are not counted


def test_a_search_out_of_time_answers_with_what_it_found(
    words_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bounds, "SEARCH_SECONDS", 0.0)
    monkeypatch.setattr(bounds, "CHECK_EVERY", 1)
    result = words_library.search("quay", limit=100, facets=False)
    assert not result.total_exact
    assert result.total_label == f"at least {result.total}"
    assert "stopped after 0 s" in result.notice


def test_a_cancelled_search_stops(words_library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bounds, "CHECK_EVERY", 1)
    full = words_library.search("quay", limit=100, facets=False)
    cancelled = words_library.search("quay", limit=100, facets=False, cancelled=lambda: True)
    assert full.total_exact and full.total == 36
    assert not cancelled.total_exact and cancelled.total < full.total


async def test_a_newer_keystroke_stops_the_running_search(tmp_path: Path) -> None:
    """The app's search worker hands its cancellation to the Library: the abandoned search stops
    as soon as the reader types on, and the next one is answered."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ferry.txt").write_text("The harbour ferry sails at noon. The quay is busy.\n")
    library = Library(corpus, tmp_path / "index", user_data=tmp_path / "user.sqlite")
    library.update()
    saw_cancel = threading.Event()
    real_search = library.search

    def slow_search(query: str, **kwargs):  # type: ignore[no-untyped-def]
        cancelled = kwargs.get("cancelled")
        if query == "harbour":  # a search that would run long: it waits until told to stop
            for _ in range(500):
                if cancelled is not None and cancelled():
                    saw_cancel.set()
                    break
                threading.Event().wait(0.01)
        return real_search(query, **kwargs)

    library.search = slow_search  # type: ignore[method-assign]
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.press(*"harbour")
        await pilot.pause(0.3)  # the search has started
        await pilot.press("backspace", *"s quay")
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert saw_cancel.is_set()
        assert app.query_one(ResultsList).option_count == 1
        assert "quay" in str(app.query_one(ResultsList).get_option_at_index(0).prompt)
