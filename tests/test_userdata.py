"""The reader's data: history and saved searches persist per corpus and survive re-indexing."""

from __future__ import annotations

from pathlib import Path

from index import Library
from index.userdata import HISTORY_KEPT, UserData


def test_history_is_most_recent_first_without_repeats(tmp_path: Path) -> None:
    user = UserData("/corpus", tmp_path / "user.sqlite")
    for query in ["ferry", "harbour", "ferry", "  ", "terminal"]:
        user.record_query(query)
    assert user.history() == ("terminal", "ferry", "harbour")


def test_history_keeps_only_the_most_recent_queries(tmp_path: Path) -> None:
    user = UserData("/corpus", tmp_path / "user.sqlite")
    for i in range(HISTORY_KEPT + 5):
        user.record_query(f"query {i}")
    history = user.history(limit=HISTORY_KEPT + 10)
    assert len(history) == HISTORY_KEPT
    assert history[0] == f"query {HISTORY_KEPT + 4}"


def test_saved_searches_persist_per_corpus_and_can_be_deleted(tmp_path: Path) -> None:
    path = tmp_path / "user.sqlite"
    UserData("/a", path).save_search("ferries", "ferry terminal")
    UserData("/b", path).save_search("frost", "frost damage")
    reopened = UserData("/a", path)
    assert [(s.name, s.query) for s in reopened.saved_searches()] == [("ferries", "ferry terminal")]
    assert reopened.delete_saved_search("ferries")
    assert not reopened.delete_saved_search("ferries")
    assert reopened.saved_searches() == ()
    assert [s.name for s in UserData("/b", path).saved_searches()] == ["frost"]


def test_user_data_survives_a_rebuild_of_the_index(make_corpus, tmp_path: Path) -> None:
    corpus = make_corpus({"a.txt": "The ferry terminal opened in the north harbour.\n"})
    library = Library(corpus, tmp_path / "index")
    library.update()
    library.user.record_query("ferry")
    library.user.save_search("ferries", "ferry terminal")
    library.update(rebuild=True)
    again = Library(corpus, tmp_path / "index")
    assert again.user.history() == ("ferry",)
    assert [s.query for s in again.user.saved_searches()] == ["ferry terminal"]
