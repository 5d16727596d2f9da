"""The ``sleuth`` command: its JSON contract, its summaries and its one-line errors."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from query_forms import QUERY_FORMS

from index import Library

ENTITY_LABELS = {"PERSON", "ORG", "PLACE"}


@pytest.fixture(autouse=True)
def own_home(sleuth_home: Path) -> Path:
    """Every CLI test writes its user data under a temporary SLEUTH_HOME (conftest's)."""
    return sleuth_home


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_search_json_lines(sleuth, seed_index_dir: Path, seed_library: Library) -> None:
    status, out, _ = sleuth("--index-dir", str(seed_index_dir), "search", "Wu Shizhong", "--json")
    assert status == 0
    hits = json_lines(out)
    assert hits
    for hit in hits:
        assert {"path", "passage", "score", "title", "snippet"} <= set(hit)
        passage = seed_library.passage(f"{hit['path']}#{hit['passage']}")
        assert "Wu" in passage.text
        assert hit["title"] == seed_library.document(hit["path"]).title
        assert re.search(r"\bWu\b|Shizhong", hit["snippet"])
    scores = [hit["score"] for hit in hits]
    assert scores == sorted(scores, reverse=True)


def test_search_limit(sleuth, seed_index_dir: Path) -> None:
    _, out, _ = sleuth("--index-dir", str(seed_index_dir), "search", "security", "--json", "--limit", "3")
    assert len(json_lines(out)) == 3


def test_entities_json_has_names_types_and_counts(sleuth, seed_index_dir: Path, seed_library: Library) -> None:
    status, out, _ = sleuth("--index-dir", str(seed_index_dir), "entities", "--json")
    assert status == 0
    records = {(r["name"], r["type"]): r for r in json_lines(out)}
    assert len(records) == len(seed_library.entities())
    for entity in seed_library.entities():
        record = records[(entity.name, entity.type)]
        assert (record["mentions"], record["documents"]) == (entity.mention_count, entity.doc_count)
    assert "MSS" in records[("Ministry of State Security", "ORG")]["aliases"]
    assert records[("Wu Shizhong", "PERSON")]["mentions"] >= 2


def test_entities_of_one_type(sleuth, seed_index_dir: Path) -> None:
    status, out, _ = sleuth("--index-dir", str(seed_index_dir), "entities", "--type", "person")
    assert status == 0
    lines = out.splitlines()
    assert lines and all(line.split()[0] == "PERSON" for line in lines)
    assert any(line.endswith("Wu Shizhong  (also: Wu)") for line in lines)
    assert not any("Ministry of State Security" in line for line in lines)


def test_show_passage_and_document(sleuth, seed_index_dir: Path, seed_library: Library, seed_doc_id: str) -> None:
    passage = seed_library.passage(f"{seed_doc_id}#3")
    status, out, _ = sleuth("--index-dir", str(seed_index_dir), "show", f"{seed_doc_id}#3")
    assert status == 0
    assert out == passage.text + "\n"
    status, out, _ = sleuth("--index-dir", str(seed_index_dir), "show", seed_doc_id)
    view = seed_library.document(seed_doc_id)
    assert status == 0
    assert out == f"{view.title}\n\n{view.text}\n"


def summary_counts(out: str) -> dict[str, int]:
    (line,) = [line for line in out.splitlines() if line.startswith("added ")]
    return {name: int(count) for name, count in re.findall(r"(\w+) (\d+)", line)}


def test_index_prints_a_summary_with_failures(sleuth, make_corpus, sleuth_home: Path) -> None:
    corpus = make_corpus(
        {
            "ferry.txt": "The council approved the ferry terminal on Tuesday after a long debate.\n",
            "frost.txt": "A late frost destroyed apple blossoms across the valley in April.\n",
            "photo.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10,
        }
    )
    status, out, _ = sleuth("index", str(corpus))
    assert status == 0
    assert summary_counts(out) == {"added": 2, "updated": 0, "removed": 0, "unchanged": 0, "failed": 1}
    assert re.search(r"failed photo\.txt: .*binary", out)
    assert any(sleuth_home.rglob("manifest.json"))  # the index went to SLEUTH_HOME

    (corpus / "frost.txt").unlink()
    status, out, _ = sleuth("index", str(corpus))
    assert summary_counts(out) == {"added": 0, "updated": 0, "removed": 1, "unchanged": 1, "failed": 1}


def test_search_on_a_new_corpus_indexes_it_first(sleuth, make_corpus, sleuth_home: Path) -> None:
    corpus = make_corpus({"ferry.txt": "The council approved the ferry terminal on Tuesday after a long debate.\n"})
    status, out, err = sleuth("--corpus", str(corpus), "search", "ferry", "--json")
    assert status == 0
    assert "first use" in err
    assert [hit["path"] for hit in json_lines(out)] == ["ferry.txt"]
    assert any(sleuth_home.rglob("manifest.json"))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--corpus", "{missing}", "search", "ferry"], "not found"),
        (["--index-dir", "{seed}", "show", "nope.txt"], "nope.txt"),
        (["--index-dir", "{seed}", "show", "{doc}#999"], "999"),
        (["--index-dir", "{seed}", "search"], "QUERY"),
        (["--index-dir", "{seed}", "search", "ferry", "--limit", "0"], "--limit"),
        (["--index-dir", "{seed}", "search", "--batch", "{missing}"], "cannot read"),
    ],
)
def test_mistakes_give_one_line_on_stderr(
    sleuth, tmp_path: Path, seed_index_dir: Path, seed_doc_id: str, argv: list[str], message: str
) -> None:
    values = {"missing": str(tmp_path / "missing"), "seed": str(seed_index_dir), "doc": seed_doc_id}
    status, out, err = sleuth(*(arg.format(**values) for arg in argv))
    assert status != 0
    assert out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith("sleuth: ") and message in err
    assert "Traceback" not in err


def test_extract_json_lines(sleuth) -> None:
    texts = {
        "a": "Nigel Inkster, a former MI6 officer, spoke in London on Monday.",
        "b": "Nothing named here at all.",
        "c": "Xi Jinping visited Beijing and met officials of the Ministry of State Security.",
    }
    stdin = "".join(json.dumps({"id": key, "text": text}) + "\n" for key, text in texts.items())
    status, out, _ = sleuth("extract", "--json", stdin=stdin + "\n")
    assert status == 0
    records = json_lines(out)
    assert [r["id"] for r in records] == list(texts)
    found = set()
    for record in records:
        text = texts[record["id"]]
        for entity in record["entities"]:
            assert set(entity) == {"start", "end", "label", "text"}
            assert text[entity["start"] : entity["end"]] == entity["text"]
            assert entity["label"] in ENTITY_LABELS
            found.add((entity["text"], entity["label"]))
    assert {
        ("Nigel Inkster", "PERSON"),
        ("London", "PLACE"),
        ("Beijing", "PLACE"),
        ("Ministry of State Security", "ORG"),
    } <= found


def test_extract_rejects_a_line_that_is_not_a_request(sleuth) -> None:
    status, out, err = sleuth("extract", "--json", stdin='{"id": 1, "text": "Paris."}\nnot json\n')
    assert status != 0 and out == ""
    assert err.startswith("sleuth: ") and "line 2" in err and len(err.splitlines()) == 1


def test_batch_search_matches_single_searches(sleuth, seed_index_dir: Path) -> None:
    queries = {"q1": "Inkster", "q2": "Wu Shizhong", "q3": "zeppelin"}
    stdin = "".join(json.dumps({"id": key, "text": text}) + "\n" for key, text in queries.items())
    status, out, _ = sleuth("--index-dir", str(seed_index_dir), "search", "--batch", "-", "--json", stdin=stdin)
    assert status == 0
    records = json_lines(out)
    assert [r["id"] for r in records] == list(queries)
    for record in records:
        assert set(record) == {"id", "hits", "took_ms"}
        assert record["took_ms"] >= 0
        _, single, _ = sleuth("--index-dir", str(seed_index_dir), "search", queries[record["id"]], "--json")
        ranked = [(h["path"], h["passage"]) for h in json_lines(single)]
        assert [(h["path"], h["passage"]) for h in record["hits"]] == ranked
    assert records[0]["hits"] and records[2]["hits"] == []


def run_module(*argv: str, cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    """``python -m tui.cli ARGS`` in a fresh process, as a script would run sleuth."""
    env = {**os.environ, "SLEUTH_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", *argv], capture_output=True, text=True, cwd=cwd, env=env, timeout=60
    )


def test_subprocess_search_json(tmp_path: Path, sleuth_home: Path, seed_index_dir: Path, seed_doc_id: str) -> None:
    done = run_module(
        "--index-dir", str(seed_index_dir), "search", "Wu Shizhong", "--json", cwd=tmp_path, home=sleuth_home
    )
    assert done.returncode == 0, done.stderr
    hits = json_lines(done.stdout)
    assert hits and {hit["path"] for hit in hits} == {seed_doc_id}
    assert not sleuth_home.exists()  # an explicit --index-dir writes nothing to user data


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["--corpus", "{missing}", "entities"], id="missing-corpus"),
        pytest.param(["--index-dir", "{seed}", "search", "end:2019"], id="field-like-query"),
    ],
)
def test_subprocess_errors_are_one_line_without_traceback(
    tmp_path: Path, sleuth_home: Path, seed_index_dir: Path, argv: list[str]
) -> None:
    values = {"missing": str(tmp_path / "missing"), "seed": str(seed_index_dir)}
    done = run_module(*(arg.format(**values) for arg in argv), cwd=tmp_path, home=sleuth_home)
    assert "Traceback" not in done.stderr
    if done.returncode != 0:
        assert len(done.stderr.splitlines()) == 1 and done.stderr.startswith("sleuth: ")


def test_search_suggests_a_close_spelling_on_stderr(sleuth, seed_index_dir: Path) -> None:
    status, out, err = sleuth("--index-dir", str(seed_index_dir), "search", "Inkstre")
    assert status == 0
    assert "0 passages" in out
    assert err.strip() == "sleuth: did you mean: Inkster"


def test_search_docs_groups_passages_by_document(sleuth, seed_index_dir: Path, seed_doc_id: str) -> None:
    status, out, _ = sleuth("--index-dir", str(seed_index_dir), "search", "Wu Shizhong", "--docs", "--json")
    assert status == 0
    (document,) = json_lines(out)
    assert document["path"] == seed_doc_id
    assert len(document["passages"]) >= 2
    assert all("Wu" in p["snippet"] for p in document["passages"])


def test_search_like_lists_other_passages(sleuth, seed_index_dir: Path, seed_doc_id: str) -> None:
    status, out, _ = sleuth("--index-dir", str(seed_index_dir), "search", "--like", f"{seed_doc_id}#15", "--json")
    assert status == 0
    ids = [hit["passage_id"] for hit in json_lines(out)]
    assert ids and f"{seed_doc_id}#15" not in ids


def test_entity_card_json(sleuth, seed_index_dir: Path) -> None:
    status, out, _ = sleuth("entity", "inkstr", "--json", "--index-dir", str(seed_index_dir))
    assert status == 0
    card = json.loads(out)
    assert card["name"] == "Nigel Inkster" and card["type"] == "PERSON" and card["aliases"] == ["Inkster"]
    assert card["mention_count"] == len(card["mentions"]) == 2
    assert {"descriptors", "quotes", "co_mentions", "passage_count", "doc_count"} <= set(card)
    assert any("senior adviser" in d["text"] for d in card["descriptors"])
    assert all({"text", "passage_id", "path", "passage", "start", "end"} <= set(q) for q in card["quotes"])
    mention = card["mentions"][0]
    status, passage, _ = sleuth("show", mention["passage_id"], "--index-dir", str(seed_index_dir))
    assert passage[mention["start"] : mention["end"]] == mention["text"]


def test_entity_card_shows_quotes_as_the_text_gave_them(sleuth, make_corpus) -> None:
    corpus = make_corpus(
        {
            "a.txt": "“We will never sell the company at any price,” said Dana Scully on Monday.\n\n"
            "Dana Scully said that profits would rise sharply next year.\n"
        }
    )
    assert sleuth("index", str(corpus))[0] == 0
    status, out, _ = sleuth("entity", "Dana Scully", "--corpus", str(corpus))
    assert status == 0
    quotes = out.split("Quotes\n", 1)[1]
    assert "  “We will never sell the company at any price”" in quotes
    assert "  said that profits would rise sharply next year  (a.txt#2)" in quotes
    assert "“profits" not in out  # never in quotation marks it did not have
    status, out, _ = sleuth("entity", "Dana Scully", "--json", "--corpus", str(corpus))
    by_text = {q["text"]: q["reported"] for q in json.loads(out)["quotes"]}
    assert by_text == {
        "We will never sell the company at any price": False,
        "profits would rise sharply next year": True,
    }


def test_entity_card_lists_every_mention_past_the_first_page(sleuth, make_corpus, monkeypatch) -> None:
    import index.library
    import tui.cli_entities

    monkeypatch.setattr(index.library, "CARD_MENTIONS", 2)
    monkeypatch.setattr(tui.cli_entities, "MENTION_PAGE", 3)
    monkeypatch.setattr(tui.cli_entities, "CARD_LINES", 3)
    corpus = make_corpus({"a.txt": "\n\n".join(f"Dana Scully called on day {day}." for day in range(7))})
    assert sleuth("index", str(corpus))[0] == 0
    _, out, _ = sleuth("entity", "Dana Scully", "--json", "--corpus", str(corpus))
    card = json.loads(out)
    assert card["mention_count"] == len(card["mentions"]) == 7
    assert [m["passage"] for m in card["mentions"]] == list(range(1, 8))
    _, out, _ = sleuth("entity", "Dana Scully", "--corpus", str(corpus))
    assert "  … 4 more (--all)" in out.split("Mentions\n", 1)[1]  # 7 mentions, 3 printed
    _, out, _ = sleuth("entity", "Dana Scully", "--all", "--corpus", str(corpus))
    assert out.split("Mentions\n", 1)[1].count("a.txt#") == 7


def test_entity_card_text_and_unknown_name(sleuth, seed_index_dir: Path) -> None:
    status, out, _ = sleuth("entity", "chen", "--index-dir", str(seed_index_dir))
    assert status == 0
    assert out.startswith("Chen Yixin  (PERSON)")
    assert "Described as\n  the current minister" in out
    assert "Burns (PERSON)" in out
    status, out, err = sleuth("entity", "Zebedee", "--index-dir", str(seed_index_dir))
    assert status == 1 and not out
    assert err.count("\n") == 1 and "no entity named 'Zebedee'" in err


def test_corrections_from_the_command_line_survive_rebuild(sleuth, make_corpus, sleuth_home: Path) -> None:
    corpus = make_corpus({"a.txt": "Dana Scully met Fox Mulder in Boston on Monday.\n\nScully said nothing.\n"})
    assert sleuth("index", str(corpus))[0] == 0
    status, _, err = sleuth("correct", "rename", "Muldr", "Fox W. Mulder", "--corpus", str(corpus))
    assert status == 1 and "did you mean Fox Mulder?" in err  # a correction names its entity exactly
    status, out, _ = sleuth("correct", "rename", "fox mulder", "Fox W. Mulder", "--corpus", str(corpus))
    assert status == 0 and "rename Fox Mulder to Fox W. Mulder" in out
    assert sleuth("correct", "hide", "Boston", "--corpus", str(corpus))[0] == 0
    assert sleuth("index", str(corpus), "--rebuild")[0] == 0
    _, out, _ = sleuth("entities", "--json", "--corpus", str(corpus))
    names = [e["name"] for e in json_lines(out)]
    assert "Fox W. Mulder" in names and "Boston" not in names
    _, out, _ = sleuth("correct", "list", "--corpus", str(corpus))
    assert "rename Fox Mulder to Fox W. Mulder" in out and "hide Boston" in out
    status, out, _ = sleuth("correct", "undo", "--corpus", str(corpus))
    assert status == 0 and "undone: hide Boston" in out
    _, out, _ = sleuth("entities", "--corpus", str(corpus))
    assert "Boston" in out
    status, _, err = sleuth("correct", "retype", "Scully", "ORG", "--corpus", str(corpus))
    assert status == 0
    status, _, err = sleuth("correct", "undo", "99", "--corpus", str(corpus))
    assert status == 1 and "no correction 99" in err


@pytest.mark.parametrize("query", sorted(QUERY_FORMS))
def test_every_query_form_finds_passages_that_match_it(
    sleuth, seed_index_dir: Path, seed_library: Library, query: str
) -> None:
    status, out, err = sleuth("--index-dir", str(seed_index_dir), "search", query, "--json", "--limit", "100")
    assert status == 0 and err == ""
    hits = json_lines(out)
    assert hits
    for hit in hits:
        assert QUERY_FORMS[query](seed_library.passage(hit["passage_id"]).text), hit["passage_id"]


def test_a_syntax_error_is_said_on_stderr_and_json_stays_clean(sleuth, seed_index_dir: Path) -> None:
    status, out, err = sleuth("--index-dir", str(seed_index_dir), "search", '"state security', "--json")
    assert status == 0
    assert err == 'sleuth: a quote (") is not closed: searched as plain words\n'
    hits = json_lines(out)  # every stdout line is a hit
    _, plain, _ = sleuth("--index-dir", str(seed_index_dir), "search", "state security", "--json")
    assert [h["passage_id"] for h in hits] == [h["passage_id"] for h in json_lines(plain)]


@pytest.fixture
def dated_folders(make_corpus) -> Path:  # type: ignore[no-untyped-def]
    return make_corpus(
        {
            "reports/2024/harbour.md": "---\ndate: 2024-03-05\n---\n\nThe ferry terminal opened.\n",
            "reports/2023/budget.txt": "Budget\nDate: 12 June 2023\n\nThe ferry budget was cut.\n",
            "notes/undated.txt": "Ferry notes without a date.\n",
        }
    )


def test_date_filter_and_date_field(sleuth, dated_folders: Path) -> None:
    status, out, _ = sleuth("--corpus", str(dated_folders), "search", "ferry date:2023..2024", "--json")
    assert status == 0
    dates = {hit["path"]: hit["date"] for hit in json_lines(out)}
    assert dates == {"reports/2024/harbour.md": "2024-03-05", "reports/2023/budget.txt": "2023-06-12"}
    _, out, _ = sleuth("--corpus", str(dated_folders), "search", "ferry", "--json")
    assert {hit["path"]: hit["date"] for hit in json_lines(out)}["notes/undated.txt"] == ""
    _, out, _ = sleuth("--corpus", str(dated_folders), "search", "ferry date:2024")
    assert "reports/2024/harbour.md#1  Harbour" not in out  # the front matter's first line is not a title
    assert re.search(r"reports/2024/harbour\.md#1 .* 2024-03-05 ", out)


def test_in_and_path_limit_the_cli_results(sleuth, dated_folders: Path) -> None:
    _, out, _ = sleuth("--corpus", str(dated_folders), "search", "ferry in:reports", "--json")
    assert {hit["path"] for hit in json_lines(out)} == {"reports/2024/harbour.md", "reports/2023/budget.txt"}
    _, out, _ = sleuth("--corpus", str(dated_folders), "search", "ferry path:notes/undated.txt", "--json")
    assert {hit["path"] for hit in json_lines(out)} == {"notes/undated.txt"}


def test_facets_count_folders_in_text_and_in_a_last_json_line(sleuth, dated_folders: Path) -> None:
    status, out, _ = sleuth("--corpus", str(dated_folders), "search", "ferry", "--json", "--facets")
    assert status == 0
    *hits, summary = json_lines(out)
    assert len(hits) == 3 and all("path" in hit for hit in hits)
    assert summary["facets"]["folders"] == [{"folder": "reports", "count": 2}, {"folder": "notes", "count": 1}]
    _, out, _ = sleuth("--corpus", str(dated_folders), "search", "ferry in:reports", "--facets")
    assert "folders: reports/2023/ 1, reports/2024/ 1" in out
    _, out, _ = sleuth("--corpus", str(dated_folders), "search", "ferry", "--json")
    assert all("facets" not in line for line in json_lines(out))  # only when asked


def test_facets_count_every_passage_found_not_only_the_limit(sleuth, dated_folders: Path) -> None:
    _, out, _ = sleuth("--corpus", str(dated_folders), "search", "ferry", "--json", "--facets", "--limit", "1")
    *hits, summary = json_lines(out)
    assert len(hits) == 1
    assert summary["facets"]["folders"] == [{"folder": "reports", "count": 2}, {"folder": "notes", "count": 1}]


def test_batch_reads_queries_from_a_file(sleuth, seed_index_dir: Path, tmp_path: Path) -> None:
    batch = tmp_path / "queries.jsonl"
    batch.write_text('{"id": 7, "text": "person:inkster"}\n\n{"id": "x", "text": "\\"state security"}\n')
    status, out, err = sleuth("--index-dir", str(seed_index_dir), "search", "--batch", str(batch), "--json")
    assert status == 0 and err == ""
    first, second = json_lines(out)
    assert first["id"] == 7 and first["hits"] and all("Inkster" in h["snippet"] for h in first["hits"])
    assert second["id"] == "x" and second["hits"]


def test_batch_docs_lists_documents_per_query(sleuth, dated_folders: Path) -> None:
    stdin = '{"id": "q", "text": "ferry"}\n{"id": "r", "text": "ferry in:reports"}\n'
    status, out, _ = sleuth("--corpus", str(dated_folders), "search", "--batch", "-", "--docs", "--json", stdin=stdin)
    assert status == 0
    first, second = json_lines(out)
    assert set(first) == {"id", "hits", "took_ms"}
    assert {d["path"] for d in first["hits"]} == {
        "reports/2024/harbour.md",
        "reports/2023/budget.txt",
        "notes/undated.txt",
    }
    assert all(d["passages"] and d["passages"][0]["path"] == d["path"] for d in first["hits"])
    assert {d["path"] for d in second["hits"]} == {"reports/2024/harbour.md", "reports/2023/budget.txt"}
