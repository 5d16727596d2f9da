"""Bounded queries: the slow query forms of issue 12, sleuth against plain Whoosh, and honest totals.

For each query (ranges, wildcards, prefixes, fuzzy terms, a bare ``*``, and ordinary words as
a control), in the same process on the same index:

* sleuth: ``Library.search(q, limit=100, facets=False)``, median of ``--repeats`` runs: seconds,
  the total it reports (and whether it is exact), and its notice;
* plain Whoosh, the peer: ``QueryParser("text", schema, group=OrGroup)`` (with the fuzzy plugin)
  and ``searcher.search(q, limit=100)``, the unbounded search sleuth did before; run once when it
  takes more than ``--slow`` seconds, else ``--repeats`` times; its ``estimated_length()``, the
  total sleuth used to show;
* the exact count of matching passages, ``len(set(q.docs(searcher)))`` on the query sleuth
  searched, when that takes less than a minute.

Then cancellation, as the app's search-as-you-type does it: a ``{a TO}`` search in a thread,
abandoned after 0.3 s, and the time from the abandonment until the next search (``oil``) has
answered, with and without passing ``cancelled`` to the Library.

    python bench/query_bounds.py --corpus /work/shared/data/reuters21578/articles \\
        --index-dir "$SLEUTH_HOME/indexes/articles-…" --out bench/results/query_bounds_reuters.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from pathlib import Path

from common import RESULTS, environment
from whoosh.qparser import FuzzyTermPlugin, OrGroup, QueryParser

from index import Library
from index.query import parse

QUERIES = ["{a TO}", "[a TO z]", "*a*", "a*", "*", "inkstr~2", "pric*", "oil prices", "oil", "a* b* c* d*"]


def timed(run, repeats: int, slow: float):  # type: ignore[no-untyped-def]
    """Median seconds of ``run()`` and its last result; one run only when the first is slow."""
    seconds, result = [], None
    for _ in range(repeats):
        began = time.perf_counter()
        result = run()
        seconds.append(time.perf_counter() - began)
        if seconds[0] > slow:
            break
    return statistics.median(seconds), result


def measure(library: Library, repeats: int, slow: float) -> list[dict[str, object]]:
    passages = library._index("passages")
    searcher = passages.searcher()
    parser = QueryParser("text", passages.schema, group=OrGroup)
    parser.add_plugin(FuzzyTermPlugin())
    rows = []
    for text in QUERIES:
        ours, result = timed(lambda t=text: library.search(t, limit=100, facets=False), repeats, slow)
        query = parser.parse(text)
        peer, found = timed(lambda q=query: searcher.search(q, limit=100), repeats, slow)
        began = time.perf_counter()
        exact = len(set(parse(text).query.docs(searcher))) if peer < 60 else None
        row = {
            "query": text,
            "sleuth_s": round(ours, 3),
            "whoosh_s": round(peer, 3),
            "ratio": round(ours / peer, 4) if peer else None,
            "sleuth_total": result.total,
            "sleuth_total_exact": result.total_exact,
            "whoosh_estimate": found.estimated_length(),
            "matching_passages": exact,
            "count_s": round(time.perf_counter() - began, 2),
            "notice": result.notice,
        }
        print(json.dumps(row), flush=True)
        rows.append(row)
    return rows


def abandoned_then_next(library: Library, cancel: bool) -> float:
    """Seconds from abandoning a ``{a TO}`` search until the next search (``oil``) has answered."""
    gone = threading.Event()
    first = threading.Thread(
        target=lambda: library.search("{a TO}", limit=100, facets=False, cancelled=gone.is_set if cancel else None)
    )
    first.start()
    time.sleep(0.3)
    gone.set()
    began = time.perf_counter()
    library.search("oil", limit=100, facets=False)  # waits for its turn on the searcher
    seconds = time.perf_counter() - began
    first.join()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--slow", type=float, default=10.0, help="a peer run longer than this is not repeated")
    parser.add_argument("--out", type=Path, default=RESULTS / "query_bounds_reuters.json")
    args = parser.parse_args()
    record: dict[str, object] = {"environment": environment(), "command": " ".join(sys.argv)}
    library = Library(args.corpus, args.index_dir)
    library.search("warm up", limit=10)
    record["queries"] = measure(library, args.repeats, args.slow)
    record["next_search_after_abandoned_s"] = {
        "cancelled": round(statistics.median(abandoned_then_next(library, True) for _ in range(3)), 3),
        "not_cancelled": round(abandoned_then_next(library, False), 3),
    }
    print(json.dumps(record["next_search_after_abandoned_s"]))
    args.out.write_text(json.dumps(record, indent=2) + "\n")


if __name__ == "__main__":
    main()
