"""A hostile corpus (tests/hostile.py): ``sleuth index`` exits 0, every good file is searchable,
every bad one is listed with its reason, memory stays bounded, nothing is written into the corpus,
no network connection is opened, and nothing raw reaches the terminal."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hostile import HostileCorpus, make_hostile_corpus, snapshot

from index import Library
from index.printable import UNSAFE_CHARACTERS

PEAK_RSS_MB = 1024
"""sleuth index on the hostile corpus stays under this (spaCy's model is about 150 MB of it)."""

# The process under test refuses any connection that is not a Unix socket, and any name look-up,
# and logs every attempt. (A library may bind ::1 port 0 to learn whether IPv6 exists: no traffic.)
AUDITED_SLEUTH = textwrap.dedent(
    """
    import socket, sys
    log = open(sys.argv[1], "a")
    def audit(event, args):
        if event in ("socket.connect", "socket.sendto", "socket.getaddrinfo"):
            if event == "socket.getaddrinfo" or args[0].family != socket.AF_UNIX:
                log.write(f"{event} {args[1:]!r}\\n"); log.flush()
                raise OSError("network refused by the test")
    sys.addaudithook(audit)
    from tui.cli import main
    sys.exit(main(sys.argv[2:]))
    """
)


class Run:
    def __init__(self, corpus: HostileCorpus, index_dir: Path, network_log: Path) -> None:
        self.corpus, self.index_dir, self.network_log = corpus, index_dir, network_log
        self.peak_rss_mb = 0

    def sleuth(self, *argv: str) -> subprocess.CompletedProcess[str]:
        """``sleuth --corpus HOSTILE --index-dir … ARGS`` in a process of its own, audited."""
        env = {**os.environ, "SLEUTH_MAX_UNZIPPED_MB": "16"}
        command = [sys.executable, "-c", AUDITED_SLEUTH, str(self.network_log)]
        command += ["--corpus", str(self.corpus.root), "--index-dir", str(self.index_dir), *argv]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        out, err = process.communicate(timeout=600)
        return subprocess.CompletedProcess(command, process.returncode, out, err)


@pytest.fixture(scope="module")
def hostile(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Run, dict[str, tuple[object, ...]], subprocess.CompletedProcess[str]]:  # type: ignore[no-untyped-def]
    work = tmp_path_factory.mktemp("hostile")
    corpus = make_hostile_corpus(work / "corpus", work / "outside")
    before = snapshot(corpus.root)
    run = Run(corpus, work / "index", work / "network.log")
    env = {**os.environ, "SLEUTH_MAX_UNZIPPED_MB": "16"}
    command = [sys.executable, "-c", AUDITED_SLEUTH, str(run.network_log), "index", str(corpus.root)]
    command += ["--index-dir", str(run.index_dir), "--verbose"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    out, err = process.communicate(timeout=600)
    run.peak_rss_mb = _children_peak_rss_mb()  # the largest child so far: this one, which loads spaCy
    return run, before, subprocess.CompletedProcess(command, process.returncode, out, err)


def _children_peak_rss_mb() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024


def failed_lines(out: str) -> dict[str, str]:
    return dict(re.findall(r"^  failed (.+?): (.+)$", out, re.M))


def empty_files(out: str) -> set[str]:
    """The files the summary says are empty (said apart: an empty file is not a failure)."""
    found = re.search(r"^  empty \(no text in them\) [\d,]+: (.+)$", out, re.M)
    return set(found.group(1).split(", ")) if found else set()


def test_index_exits_0_and_names_every_bad_file_with_its_reason(hostile) -> None:  # type: ignore[no-untyped-def]
    run, _, index = hostile
    assert index.returncode == 0, index.stderr
    assert "Traceback" not in index.stderr
    failed = failed_lines(index.stdout)
    empty = empty_files(index.stdout)
    assert set(failed) | empty == run.corpus.bad and {"empty.txt", "blank.md"} <= empty
    assert all(reason.strip() for reason in failed.values())
    assert failed["escape.txt"] == "a link out of the corpus: not read"
    assert "over the limit" in failed["bomb.docx"]


def test_every_good_file_is_searchable(hostile) -> None:  # type: ignore[no-untyped-def]
    run, _, _ = hostile
    library = Library(run.corpus.root, run.index_dir)
    for doc_id, word in run.corpus.good.items():
        found = {hit.doc_id for hit in library.search(word, facets=False).hits}
        indexed = library.document(doc_id)  # a file with the same bytes as another is indexed once, as it
        assert indexed.doc_id in found and (indexed.doc_id == doc_id or doc_id in indexed.also_at), (doc_id, word)
    assert not library.search("yacht", facets=False).hits  # the file a link pointed to, outside


def test_memory_stays_bounded(hostile) -> None:  # type: ignore[no-untyped-def]
    run, _, index = hostile
    assert index.returncode == 0
    assert 0 < run.peak_rss_mb < PEAK_RSS_MB


def test_nothing_is_written_into_the_corpus_and_no_socket_is_opened(hostile) -> None:  # type: ignore[no-untyped-def]
    run, before, _ = hostile
    for argv in (["search", "harbour"], ["search", "{a TO}"], ["entities"], ["show", "escapes.txt"], ["index"]):
        done = run.sleuth(*argv)
        assert done.returncode == 0, (argv, done.stderr)
        assert "Traceback" not in done.stderr
    assert snapshot(run.corpus.root) == before
    assert not run.network_log.exists() or run.network_log.read_text() == ""


def test_names_and_text_reach_the_terminal_clean(hostile) -> None:  # type: ignore[no-untyped-def]
    run, _, index = hostile
    assert UNSAFE_CHARACTERS.findall(index.stdout + index.stderr) == []
    for argv in (["search", "schooner"], ["search", "dredger"], ["show", "escapes.txt"]):
        done = run.sleuth(*argv)
        assert UNSAFE_CHARACTERS.findall(done.stdout + done.stderr) == [], argv
    shown = run.sleuth("show", "escapes.txt").stdout
    assert "[bold]markup[/bold]" in shown  # markup is text, shown as typed
