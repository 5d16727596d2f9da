"""The reader's notebook on an existing index: how long notes take to list when every one is
checked against its document (re-anchoring, the first read after opening or an update), beside a
peer in the same run: reading the same documents with ``Library.document`` and nothing else (what
any check must read). Also: listing again (checked), one bookmark written (a transaction), the
review marks of a query of 40 marked results, and a Markdown export.

    python bench/notes_speed.py --corpus DIR --index-dir DIR [--notes 300] [--runs 5] [--out FILE]

Notes go to a temporary user-data file; the reader's own is never touched.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
from pathlib import Path

from common import RESULTS, environment, timed_ms

from index import Library, render_notes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--notes", type=int, default=300, help="bookmarks and notes, each in its own document")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=RESULTS / "notes_reuters.json")
    args = parser.parse_args()
    user_data = Path(tempfile.mkdtemp(prefix="notes-bench-")) / "userdata.sqlite"
    library = Library(args.corpus, args.index_dir, user_data=user_data)
    if not library.is_built():
        print(f"no index at {args.index_dir}: build it first (sleuth index)", file=sys.stderr)
        return 0
    rng = random.Random(11)
    hits = library.search("oil OR trade OR bank OR prices", limit=5000, facets=False).hits
    by_document = list({hit.doc_id: hit for hit in hits}.values())
    chosen = rng.sample(by_document, min(args.notes, len(by_document)))
    writes = []
    for i, hit in enumerate(chosen):
        if i % 2:
            writes.append(timed_ms(lambda hit=hit: library.notebook.toggle_bookmark(hit.passage_id)))
        else:
            writes.append(timed_ms(lambda hit=hit, i=i: library.notebook.annotate(hit.passage_id, f"note {i} #bench")))
    query = "oil prices"
    for i, hit in enumerate(library.search(query, limit=40, facets=False).hits):
        library.notebook.mark_result(query, hit.passage_id, ("relevant", "irrelevant", "seen")[i % 3])

    cold, peer, warm, marks, export = [], [], [], [], []
    for run in range(args.runs):
        reader, checker = (Library(args.corpus, args.index_dir, user_data=user_data) for _ in range(2))
        for turn in (run % 2, 1 - run % 2):  # the peer first in every other run: neither gets the warm cache
            if turn:
                cold.append(timed_ms(checker.notebook.notes))
            else:
                peer.append(timed_ms(lambda reader=reader: [reader.document(hit.doc_id) for hit in chosen]))
        warm.append(timed_ms(checker.notebook.notes))
        fresh = Library(args.corpus, args.index_dir, user_data=user_data)
        marks.append(timed_ms(lambda fresh=fresh: fresh.notebook.review_marks(query)))
        export.append(timed_ms(lambda fresh=fresh: render_notes(fresh.notebook.export(), "md", fresh.name)))
    result = {
        **environment(),
        "corpus": str(args.corpus),
        "notes": len(chosen),
        "runs": args.runs,
        "notes_cold_ms_median": round(statistics.median(cold), 1),
        "peer_read_documents_ms_median": round(statistics.median(peer), 1),
        "ratio_cold_to_peer": round(statistics.median(cold) / statistics.median(peer), 2),
        "notes_checked_ms_median": round(statistics.median(warm), 1),
        "write_one_ms_median": round(statistics.median(writes), 1),
        "review_marks_40_cold_ms_median": round(statistics.median(marks), 1),
        "export_markdown_ms_median": round(statistics.median(export), 1),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
