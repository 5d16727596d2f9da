"""Properties that hold for any input (hypothesis): any query answers, with at most a one-line
notice; passages are exact slices of their document's text; readers never crash on random bytes;
no test can open a network socket."""

from __future__ import annotations

import socket
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_socket import SocketBlockedError

from index import Library
from index.passages import load_document, split_passages
from index.readers import UnreadableFile
from index.readers.registry import SUPPORTED_SUFFIXES

QUERY_ALPHABET = st.characters(codec="utf-8", exclude_categories=["Cs"])
QUERY_PIECES = st.sampled_from(
    [
        '"',
        "(",
        ")",
        "*",
        "?",
        "~",
        "^",
        "[",
        "]",
        "{",
        "}",
        ":",
        "-",
        "+",
        " AND ",
        " OR ",
        " NOT ",
        " TO ",
        "in:",
        "date:",
        "person:",
        "title:",
        "\\",
        "\x1b[2J",
        "\u202e",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.text(QUERY_ALPHABET, max_size=8), QUERY_PIECES), max_size=8).map("".join))
def test_any_query_gives_results_or_a_one_line_notice(seed_library: Library, query: str) -> None:
    result = seed_library.search(query, limit=10)
    assert result.total >= len(result.hits)
    assert "\n" not in result.notice and "\n" not in result.suggestion
    for hit in result.hits:
        assert seed_library.passage(hit.passage_id).text


@settings(max_examples=120, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=3000))
def test_passages_are_exact_slices_of_their_document(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "any.txt")
        path.write_text(text, encoding="utf-8")
        try:
            document = load_document(path, "any.txt")
        except UnreadableFile:
            return
        first = split_passages(document)
        for passage in first:
            assert document.text[passage.start : passage.end] == passage.text
        assert [(p.start, p.end) for p in split_passages(document)] == [(p.start, p.end) for p in first]


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=4096), st.sampled_from(sorted(SUPPORTED_SUFFIXES)))
def test_readers_on_random_bytes_read_or_say_why(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, f"random{suffix}")
        path.write_bytes(data)
        try:
            document = load_document(path, path.name)
        except UnreadableFile as error:
            assert str(error).strip()
            return
        for passage in split_passages(document):
            assert document.text[passage.start : passage.end] == passage.text


def test_the_suite_cannot_open_a_network_socket() -> None:
    with pytest.raises(SocketBlockedError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    left, right = socket.socketpair()  # Unix sockets stay (asyncio and multiprocessing need them)
    left.close()
    right.close()
