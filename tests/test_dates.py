"""Document dates: found at index time by general rules, filtered with ``date:``."""

from __future__ import annotations

from pathlib import Path

import pytest

from index import Library
from index.readers import read_file
from index.search import NO_DATES

DATED = {
    "front.md": "---\ntitle: Harbour works\ndate: 2024-03-05\n---\n\nThe ferry terminal opened in the north harbour.\n",
    "header.txt": "Ferry budget\nDate: 12 June 2023\n\nThe ferry budget was cut by the council.\n",
    "dateline.txt": "LONDON, November 2, 2021 (Wire) - Ferry tickets went up again, commuters said.\n",
    "meta.html": (
        '<html><head><meta property="article:published_time" content="2019-07-01T08:00:00Z">'
        "<title>Ferry strike</title></head><body><p>Ferry crews went on strike.</p></body></html>"
    ),
    "time.html": (
        '<html><body><p>Posted <time datetime="2020-02-29">Saturday</time>.</p><p>Ferry fares froze.</p></body></html>'
    ),
    "undated.txt": "NEW YORK, March 3 - Ferry notes without a year, as newswire datelines often are.\n",
    "wrapped.txt": "FERRY BONDS\n\nOSLO, March 3 - The ferry company will redeem its bonds\ndue May 1, 1996.\n",
    "byline.txt": "Ferry review\n\nBy Jane Doe | 4 May 2018\n\nThe ferry review found delays.\n",
    "place.txt": "ROCHESTER, N.Y., March 3, 1987 - The ferry line said it would add a boat.\n",
}
EXPECTED = {
    "front.md": "2024-03-05",
    "header.txt": "2023-06-12",
    "dateline.txt": "2021-11-02",
    "meta.html": "2019-07-01",
    "time.html": "2020-02-29",
    "undated.txt": "",
    "wrapped.txt": "",  # a date inside a hard-wrapped sentence is not the document's
    "byline.txt": "2018-05-04",
    "place.txt": "1987-03-03",
}


@pytest.mark.parametrize("name", sorted(DATED))
def test_a_document_date_is_read_from_its_metadata_header_or_dateline(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(DATED[name], encoding="utf-8")
    assert read_file(path).date == EXPECTED[name]


def test_markdown_front_matter_gives_title_and_leaves_the_text(tmp_path: Path) -> None:
    path = tmp_path / "front.md"
    path.write_text(DATED["front.md"], encoding="utf-8")
    text, title, _, _ = read_file(path)
    assert title == "Harbour works"
    assert "date:" not in text and text.strip() == "The ferry terminal opened in the north harbour."


@pytest.fixture(scope="module")
def dated_library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    corpus = tmp_path_factory.mktemp("dated-corpus")
    for name, text in DATED.items():
        (corpus / name).write_text(text, encoding="utf-8")
    library = Library(corpus, tmp_path_factory.mktemp("dated-index"))
    library.update()
    return library


def found(library: Library, query: str) -> set[str]:
    return {hit.doc_id for hit in library.search(query).hits}


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("ferry date:2024", {"front.md"}),
        ("ferry date:2024-03", {"front.md"}),
        ("ferry date:2024-03-05", {"front.md"}),
        ("ferry date:2024-04", set()),
        ("ferry date:2021..2023", {"dateline.txt", "header.txt"}),
        ("ferry date:2023..2021", {"dateline.txt", "header.txt"}),
        ("ferry date:2021..", {"dateline.txt", "header.txt", "front.md"}),
        ("ferry date:..2020", {"meta.html", "time.html", "byline.txt", "place.txt"}),
        ("ferry date:>2021", {"header.txt", "front.md"}),
        ("ferry date:>=2021", {"dateline.txt", "header.txt", "front.md"}),
        ("ferry date:<2020", {"meta.html", "byline.txt", "place.txt"}),
        ("date:2020", {"time.html"}),
    ],
)
def test_date_filter_keeps_documents_dated_in_the_range(dated_library: Library, query: str, names: set[str]) -> None:
    assert found(dated_library, query) == names
    assert {"undated.txt", "wrapped.txt"} <= found(dated_library, "ferry")  # undated: never in a date: filter


def test_hits_and_documents_carry_their_date(dated_library: Library) -> None:
    dates = {hit.doc_id: hit.date for hit in dated_library.search("ferry").hits}
    assert dates == EXPECTED
    assert dated_library.document("header.txt").date == "2023-06-12"
    assert dated_library.search_documents("ferry date:2024")[0].date == "2024-03-05"


@pytest.mark.parametrize("value", ["2024-13", "yesterday", "20x4", "..", "2024..june"])
def test_a_bad_date_is_dropped_with_a_notice(dated_library: Library, value: str) -> None:
    result = dated_library.search(f"ferry date:{value}")
    assert {hit.doc_id for hit in result.hits} == set(DATED)
    assert result.notice.startswith(f"date:{value} is not a date")


def test_a_corpus_without_dates_says_so(seed_library: Library) -> None:
    result = seed_library.search("china date:2024")
    assert result.hits == ()
    assert NO_DATES in result.notice
    assert seed_library.search("china").notice == ""


@pytest.mark.parametrize("value", ["March 2024", "2024-03", "Published: May 2019", "2024"])
def test_a_month_or_year_alone_is_not_a_date(value: str) -> None:
    from index.dates import iso_date

    assert iso_date(value) == ""  # not the 1st of the month, which date:2024-03-01 would then match
