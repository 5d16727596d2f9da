"""Search: ranking by how many query words a passage has, snippets, facets and query syntax."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from index import Library, NotFound
from index.search import SNIPPET_CHARS


@pytest.fixture(scope="module")
def ferry_library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    corpus = tmp_path_factory.mktemp("ferry-corpus")
    (corpus / "full.txt").write_text("The harbour council approved the new ferry terminal budget on Tuesday.\n")
    (corpus / "partial.txt").write_text("The ferry to the islands was late again this morning, passengers said.\n")
    (corpus / "other.txt").write_text("Apple growers counted their losses after the frost in April.\n")
    library = Library(corpus, tmp_path_factory.mktemp("ferry-index"))
    library.update()
    return library


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def passages_matching(library: Library, doc_id: str, pattern: str) -> set[str]:
    return {p.passage_id for p in library.document(doc_id).passages if re.search(pattern, p.text, re.IGNORECASE)}


def test_passage_with_more_query_words_ranks_first(ferry_library: Library) -> None:
    # "zeppelin" is in no document: a sentence query still finds what it can (OR, not AND).
    result = ferry_library.search("did the harbour council approve a ferry terminal budget for the zeppelin")
    ranked = [hit.doc_id for hit in result.hits]
    assert ranked == ["full.txt", "partial.txt"]
    assert result.hits[0].score > result.hits[1].score


def test_limit_caps_the_hits_but_not_the_total(seed_library: Library) -> None:
    result = seed_library.search("security", limit=2)
    assert len(result.hits) == 2
    assert result.total > 2


def test_snippets_come_from_the_passage_and_highlight_query_words(seed_library: Library) -> None:
    query = "Wu Shizhong hacking campaigns"
    result = seed_library.search(query)
    assert result.hits
    query_words = words(query)
    for hit in result.hits:
        passage = seed_library.passage(hit.passage_id)
        assert hit.snippet.strip("…") in passage.text.replace("\n", " ")
        assert len(hit.snippet) <= SNIPPET_CHARS + 2
        if any(word in words(passage.text) for word in query_words):
            assert hit.snippet_highlights, hit.passage_id
        for mark in hit.snippet_highlights:
            marked = hit.snippet[mark.start : mark.end].casefold()
            assert re.fullmatch(r"\w+", marked), marked
            assert any(marked[:4] == word[:4] for word in query_words), marked


def test_viewer_highlights_the_query_terms_in_a_passage(seed_library: Library) -> None:
    result = seed_library.search("campaigns")
    passage = seed_library.passage(result.hits[0].passage_id)
    marked = {passage.text[h.start : h.end].casefold() for h in Library.highlight(passage.text, result.terms)}
    assert marked and marked <= {"campaign", "campaigns"}


def test_facets_count_the_entities_of_the_hits(seed_library: Library) -> None:
    result = seed_library.search("Wu Shizhong")
    facets = {(f.name, f.type): f.count for f in result.entities}
    hits_naming_wu = [h for h in result.hits if re.search(r"\bWu\b", seed_library.passage(h.passage_id).text)]
    assert facets[("Wu Shizhong", "PERSON")] == len(hits_naming_wu) > 0
    assert Counter({f.key: f.count for f in result.entities}) == Counter(k for h in result.hits for k in h.entity_keys)
    known = {e.key: (e.name, e.type) for e in seed_library.entities()}
    for facet in result.entities:
        assert known[facet.key] == (facet.name, facet.type)


def test_prefix_query_finds_every_form_of_the_word(seed_library: Library, seed_doc_id: str) -> None:
    hits = {h.passage_id for h in seed_library.search("secur*", limit=100).hits}
    assert hits == passages_matching(seed_library, seed_doc_id, r"\bsecur\w*")


def test_quoted_phrase_needs_the_words_together(seed_library: Library, seed_doc_id: str) -> None:
    phrase = {h.passage_id for h in seed_library.search('"state security"', limit=100).hits}
    loose = {h.passage_id for h in seed_library.search("state security", limit=100).hits}
    assert phrase == passages_matching(seed_library, seed_doc_id, r"\bstate security\b")
    assert phrase < loose


@pytest.mark.parametrize(
    "query",
    ["???", "!!! ...", '"', "(", ")", "AND", "OR NOT", "[a TO", '"unclosed phrase', "title:(", "a:b:c", "~", "^", "\\"],
)
def test_punctuation_and_broken_syntax_do_not_raise(seed_library: Library, query: str) -> None:
    result = seed_library.search(query)
    assert result.query == query
    assert len(result.hits) <= 50


@pytest.mark.parametrize("query", ["end:2019", "start:1983", "Start:hacking"])
def test_words_before_a_colon_that_name_internal_fields_do_not_raise(seed_library: Library, query: str) -> None:
    # "start" and "end" are stored-only fields of the passages index; a user cannot know that.
    result = seed_library.search(query)
    assert result.query == query


def test_a_word_of_the_document_title_finds_only_the_passages_with_it(seed_library: Library, seed_doc_id: str) -> None:
    title_word = re.findall(r"[A-Z]\w{5,}", seed_library.document(seed_doc_id).title)[0]
    hits = {h.passage_id for h in seed_library.search(title_word, limit=100).hits}
    assert hits == passages_matching(seed_library, seed_doc_id, rf"\b{title_word}\b")


@pytest.mark.parametrize("query", ["china NOT military", "china -military"])
def test_excluded_word_removes_passages(seed_library: Library, seed_doc_id: str, query: str) -> None:
    hits = {h.passage_id for h in seed_library.search(query, limit=100).hits}
    with_china = passages_matching(seed_library, seed_doc_id, r"\bchina\b")
    with_military = passages_matching(seed_library, seed_doc_id, r"\bmilitar")
    assert with_china & with_military  # the exclusion has something to remove
    assert hits == with_china - with_military


def test_hyphenated_word_is_not_an_exclusion(seed_library: Library, seed_doc_id: str) -> None:
    hits = {h.passage_id for h in seed_library.search("far-flung", limit=100).hits}
    assert hits == passages_matching(seed_library, seed_doc_id, r"\bfar-flung\b")


def test_entity_field_finds_passages_naming_the_person(seed_library: Library, seed_doc_id: str) -> None:
    view = seed_library.document(seed_doc_id)
    naming = {f"{seed_doc_id}#{n}" for n, m in view.mentions if m.canonical == "Nigel Inkster"}
    assert naming
    assert {h.passage_id for h in seed_library.search("person:inkster", limit=100).hits} == naming


@pytest.fixture(scope="module")
def folders_library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    corpus = tmp_path_factory.mktemp("folders-corpus")
    (corpus / "reports").mkdir()
    (corpus / "notes").mkdir()
    (corpus / "reports" / "harbour.txt").write_text("The ferry terminal opened in the north harbour.\n")
    (corpus / "notes" / "ferry.txt").write_text("Ferry tickets went up again, commuters said.\n")
    library = Library(corpus, tmp_path_factory.mktemp("folders-index"))
    library.update()
    return library


@pytest.mark.parametrize("form", ["in:reports", "in:reports/", "path:reports/harbour.txt", "in:./reports"])
def test_in_and_path_restrict_results_to_a_folder_or_file(folders_library: Library, form: str) -> None:
    assert {h.doc_id for h in folders_library.search("ferry").hits} == {"reports/harbour.txt", "notes/ferry.txt"}
    assert {h.doc_id for h in folders_library.search(f"ferry {form}").hits} == {"reports/harbour.txt"}


def test_in_alone_lists_the_passages_of_the_folder(folders_library: Library) -> None:
    assert {h.doc_id for h in folders_library.search("in:notes").hits} == {"notes/ferry.txt"}


@pytest.mark.parametrize(
    ("typed", "meant"), [("Inkstre", "Inkster"), ("Shizhnog", "Shizhong"), ("hackng talnt", "hacking talent")]
)
def test_a_misspelt_query_that_finds_little_gets_a_close_spelling(
    seed_library: Library, typed: str, meant: str
) -> None:
    result = seed_library.search(typed)
    assert result.total < 3
    assert result.suggestion == meant
    assert seed_library.search(result.suggestion).total >= 1


def test_a_query_that_finds_plenty_gets_no_suggestion(seed_library: Library) -> None:
    assert seed_library.search("Inkster security").suggestion == ""


def test_documents_view_groups_passages_under_their_document(folders_library: Library) -> None:
    documents = folders_library.search_documents("ferry harbour")
    assert [d.doc_id for d in documents] == ["reports/harbour.txt", "notes/ferry.txt"]
    for document in documents:
        assert document.passages and all(hit.doc_id == document.doc_id for hit in document.passages)
        assert document.score == max(hit.score for hit in document.passages)


def test_more_like_this_finds_passages_sharing_distinctive_words(tmp_path_factory: pytest.TempPathFactory) -> None:
    corpus = tmp_path_factory.mktemp("like-corpus")
    (corpus / "a.txt").write_text("Glaciers in the Alps retreated sharply as summer meltwater swelled alpine rivers.\n")
    (corpus / "b.txt").write_text("Alpine glaciers lost ice again; meltwater from the glaciers flooded two valleys.\n")
    (corpus / "c.txt").write_text("The central bank kept interest rates unchanged and said inflation was easing.\n")
    library = Library(corpus, tmp_path_factory.mktemp("like-index"))
    library.update()
    result = library.more_like("a.txt#1")
    assert [hit.passage_id for hit in result.hits] == ["b.txt#1"]
    with pytest.raises(NotFound):
        library.more_like("a.txt#9")


def test_proximity_finds_words_within_the_given_distance(seed_library: Library, seed_doc_id: str) -> None:
    assert seed_library.search('"ministry security"').total == 0  # never side by side
    near = {hit.passage_id for hit in seed_library.search('"ministry security"~3').hits}
    assert near
    assert near <= passages_matching(seed_library, seed_doc_id, r"ministry of state security")


def test_a_passage_whose_document_is_about_the_query_ranks_first(tmp_path_factory: pytest.TempPathFactory) -> None:
    corpus = tmp_path_factory.mktemp("evidence-corpus")
    same = "The council debated the ferry budget on Tuesday."
    (corpus / "zz-about.txt").write_text(f"{same}\n\nHarbour costs rose, and the ferry terminal budget grew.\n")
    (corpus / "aa-aside.txt").write_text(f"{same}\n\nApples grew well in the valley this year.\n")
    library = Library(corpus, tmp_path_factory.mktemp("evidence-index"))
    library.update()
    first_passages = [h.doc_id for h in library.search("council ferry budget harbour").hits if h.n == 1]
    assert first_passages == ["zz-about.txt", "aa-aside.txt"]  # a tie without document evidence


@pytest.mark.parametrize(
    ("query", "problem", "words"),
    [
        ('"state security', "quote", "state security"),
        ("(china OR hacking", '"("', "china hacking"),
        ("china OR hacking)", '")"', "china hacking"),
        ("china AND", '"AND"', "china"),
        ("OR china", '"OR"', "china"),
        ("china AND OR hacking", '"AND"', "china hacking"),
        ("china NOT", '"NOT"', "china"),
        ("title: china", '"title:"', "china"),
        ("person:", '"person:"', ""),
        ('"china"~x', '"~"', "china x"),
        ("china^x", '"^"', "china x"),
        ("china ()", "parentheses", "china"),
    ],
)
def test_a_query_with_a_syntax_error_is_searched_as_plain_words(
    seed_library: Library, query: str, problem: str, words: str
) -> None:
    result = seed_library.search(query, limit=100)
    assert problem in result.notice and result.notice.endswith("searched as plain words")
    assert "\n" not in result.notice
    expected = seed_library.search(words, limit=100) if words else None
    assert {h.passage_id for h in result.hits} == ({h.passage_id for h in expected.hits} if expected else set())


@pytest.mark.parametrize(
    "query",
    ['"state security"', "(china OR hacking) AND cyber", "NOT china", "inkster~", '"ministry security"~3', "china^2"],
)
def test_a_well_formed_query_has_no_notice(seed_library: Library, query: str) -> None:
    result = seed_library.search(query)
    assert result.notice == ""
    assert result.hits


def test_parentheses_group_alternatives_under_and(seed_library: Library, seed_doc_id: str) -> None:
    hits = {h.passage_id for h in seed_library.search("(inkster OR wu) AND hacking", limit=100).hits}
    expected = passages_matching(seed_library, seed_doc_id, r"\b(inkster|wu)\b") & passages_matching(
        seed_library, seed_doc_id, r"\bhack"
    )
    assert expected and hits == expected


def test_fuzzy_word_finds_a_close_spelling(seed_library: Library, seed_doc_id: str) -> None:
    hits = {h.passage_id for h in seed_library.search("inkstr~", limit=100).hits}
    assert hits == passages_matching(seed_library, seed_doc_id, r"\binkster\b")


def test_org_filter_matches_every_alias_of_the_entity(seed_library: Library, seed_doc_id: str) -> None:
    hits = {h.passage_id for h in seed_library.search("org:MSS", limit=100).hits}
    spelt_out = passages_matching(seed_library, seed_doc_id, r"Ministry of State Security")
    only_spelt_out = spelt_out - passages_matching(seed_library, seed_doc_id, r"\bMSS\b")
    assert only_spelt_out and only_spelt_out <= hits


@pytest.fixture(scope="module")
def nested_library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    corpus = tmp_path_factory.mktemp("nested-corpus")
    files = {
        "reports/2023/budget.txt": "The ferry budget was cut.",
        "reports/2024/harbour.txt": "The ferry terminal opened.\n\nFerry crews cheered.",
        "reports/summary.txt": "A ferry summary for the year.",
        "reports-old/ferry.txt": "An old ferry report.",
        "loose.txt": "A loose ferry note.",
    }
    for name, text in files.items():
        (corpus / name).parent.mkdir(parents=True, exist_ok=True)
        (corpus / name).write_text(text + "\n")
    library = Library(corpus, tmp_path_factory.mktemp("nested-index"))
    library.update()
    return library


def test_folder_facets_count_passages_by_top_level_folder(nested_library: Library) -> None:
    result = nested_library.search("ferry")
    assert {(f.folder, f.count) for f in result.folders} == {("reports", 4), ("reports-old", 1), ("", 1)}
    assert [f.count for f in result.folders] == sorted((f.count for f in result.folders), reverse=True)


def test_folder_facets_under_in_count_the_next_level(nested_library: Library) -> None:
    result = nested_library.search("ferry in:reports")
    assert {h.doc_id for h in result.hits} == {
        "reports/2023/budget.txt",
        "reports/2024/harbour.txt",
        "reports/summary.txt",
    }  # not reports-old/
    assert {(f.folder, f.count) for f in result.folders} == {("reports/2024", 2), ("reports/2023", 1), ("reports", 1)}
    narrowed = nested_library.search("ferry in:reports/2024")
    assert {h.doc_id for h in narrowed.hits} == {"reports/2024/harbour.txt"}


def test_folder_and_entity_counts_cover_every_passage_found_not_only_the_page(nested_library: Library) -> None:
    result = nested_library.search("ferry", limit=2)
    assert len(result.hits) == 2 and result.total == 6
    assert {(f.folder, f.count) for f in result.folders} == {("reports", 4), ("reports-old", 1), ("", 1)}
    narrowed = nested_library.search("ferry in:reports", limit=1)
    assert narrowed.total == 4
    assert {(f.folder, f.count) for f in narrowed.folders} == {("reports/2024", 2), ("reports/2023", 1), ("reports", 1)}


def test_an_entity_s_count_is_every_passage_naming_it(make_corpus, corpus_index_dir) -> None:  # type: ignore[no-untyped-def]
    corpus = make_corpus(
        {
            "a.txt": "\n\n".join(f"Dana Scully flew to Boston on day {day}." for day in range(4)),
            "b.txt": "Scully said nothing.\n\nFox Mulder met Dana Scully in Boston.\n\nMulder left.",
        }
    )
    library = Library(corpus, corpus_index_dir)
    library.update()
    scully = library.find_entity("Dana Scully")
    for query in (
        "person:scully",
        "scully",
        "boston",
        '"dana scully"',
        "bost*",
        "boston person:scully",
        "mulder OR day",
    ):
        result = library.search(query, limit=2)
        counts = {e.name: e.count for e in result.entities}
        everything = library.search(query, limit=100)
        assert counts["Dana Scully"] == sum(scully.key in h.entity_keys for h in everything.hits), query
        assert result.total == len(everything.hits), query
    assert library.search("person:scully", limit=1).entities[0].count == scully.passage_count == 6


def test_counts_leave_out_passages_of_a_removed_document(make_corpus, corpus_index_dir) -> None:  # type: ignore[no-untyped-def]
    corpus = make_corpus(
        {
            name: "\n\n".join(f"Dana Scully flew to Boston on day {day} of {trip}." for day in range(3))
            for name, trip in (("a.txt", "March"), ("b.txt", "May"))  # not the same bytes: not duplicates
        }
    )
    library = Library(corpus, corpus_index_dir)
    library.update()
    assert library.search("person:scully", limit=1).entities[0].count == 6
    (corpus / "b.txt").unlink()
    library.update()
    result = library.search("person:scully", limit=1)
    assert result.total == 3 and result.entities[0].count == 3
    assert library.search("boston", limit=1).total == 3
    phrase = library.search('"dana scully"', limit=1)  # counted from what the search went through
    assert phrase.total == 3 and phrase.entities[0].count == 3


def test_a_long_document_cannot_fill_the_results_of_a_sentence_query(make_corpus, corpus_index_dir) -> None:  # type: ignore[no-untyped-def]
    from index import Library

    long_report = "\n\n".join(f"The harbour ferry budget was cut again in year {n}." for n in range(12))
    corpus = make_corpus({"long.txt": long_report, "short.txt": "Ferry budget cuts hit the harbour town."})
    library = Library(corpus, corpus_index_dir)
    library.update()
    hits = library.search("harbour ferry budget cut", limit=5).hits
    assert {h.doc_id for h in hits[:2]} == {"long.txt", "short.txt"}
    assert len(library.search("harbour ferry budget cut", limit=50).hits) == 13  # nothing is dropped


def test_a_sentence_query_ranks_the_document_about_it_before_one_dense_passage(make_corpus, corpus_index_dir) -> None:  # type: ignore[no-untyped-def]
    from index import Library

    about = "The harbour ferry ran late again.\n\nThe ferry budget was cut.\n\nHarbour budget talks resume."
    aside = "\n\n".join(
        ["Harbour ferry budget, briefly."] + [f"Apples and pears grew in orchard {n} this year." for n in range(15)]
    )
    corpus = make_corpus({"about.txt": about, "aside.txt": aside})
    library = Library(corpus, corpus_index_dir)
    library.update()
    hits = library.search("harbour ferry budget", limit=10).hits
    assert [h.doc_id for h in hits] == ["about.txt", "aside.txt", "about.txt", "about.txt"]
    assert "Harbour ferry budget" in hits[1].snippet  # the one passage naming all three words comes second


def test_a_field_term_keeps_its_field_beside_a_syntax_error(seed_library: Library) -> None:
    broken = seed_library.search("org:mss (rise", limit=100)
    assert "searched as plain words" in broken.notice
    by_field = {h.passage_id for h in seed_library.search("org:mss", limit=100).hits}
    found = {h.passage_id for h in broken.hits}
    assert by_field <= found  # the passages that only say "the Ministry of State Security" too
    assert any("MSS" not in seed_library.passage(p).text for p in by_field)
