"""Plain Whoosh as a peer ranker: one document per file, the scifact_eval.py JSON-lines protocol.

The baseline sleuth's ranking is compared with: every file of FILES becomes one Whoosh document
with a single ``TEXT(analyzer=StemmingAnalyzer())`` field holding the whole file (for SciFact:
the title, a blank line, the abstract), searched with ``QueryParser("text", schema,
group=OrGroup)`` and Whoosh's default BM25F, ``limit`` hits per query.

    python bench/ranking/whoosh_peer.py --files DIR --index-dir DIR index
    python bench/ranking/whoosh_peer.py --files DIR --index-dir DIR search --limit 100 < queries.jsonl

``search`` reads ``{"id", "text"}`` lines on stdin and writes ``{"id", "hits": [{"path",
"score"}], "took_ms"}`` lines, the shape of ``sleuth search --batch - --json``; ``path`` is the
file name, which scifact_eval.py maps to the doc id.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import OrGroup, QueryParser


def schema() -> Schema:
    return Schema(path=ID(stored=True, unique=True), text=TEXT(analyzer=StemmingAnalyzer()))


def build(files: Path, index_dir: Path) -> int:
    index_dir.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(index_dir), schema())
    writer = ix.writer(limitmb=256)
    count = 0
    for path in sorted(files.iterdir()):
        if path.is_file():
            writer.add_document(path=path.name, text=path.read_text(encoding="utf-8"))
            count += 1
    writer.commit()
    return count


def search(index_dir: Path, limit: int) -> None:
    ix = whoosh_index.open_dir(str(index_dir))
    parser = QueryParser("text", ix.schema, group=OrGroup)
    with ix.searcher() as searcher:
        for line in sys.stdin:
            if not line.strip():
                continue
            request = json.loads(line)
            began = time.perf_counter()
            results = searcher.search(parser.parse(str(request["text"])), limit=limit)
            hits = [{"path": hit["path"], "score": round(float(hit.score or 0.0), 4)} for hit in results]
            took_ms = (time.perf_counter() - began) * 1000
            print(json.dumps({"id": request["id"], "hits": hits, "took_ms": round(took_ms, 2)}), flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=Path, required=True, help="folder of documents, one per file")
    ap.add_argument("--index-dir", type=Path, required=True, help="where this peer's Whoosh index lives")
    commands = ap.add_subparsers(dest="command", required=True)
    commands.add_parser("index", help="(re)build the index of --files")
    search_cmd = commands.add_parser("search", help="JSON lines {id, text} on stdin, hits out")
    search_cmd.add_argument("--limit", type=int, default=100)
    args = ap.parse_args()
    if args.command == "index":
        began = time.perf_counter()
        count = build(args.files, args.index_dir)
        print(f"{count} documents indexed in {time.perf_counter() - began:.1f} s", file=sys.stderr)
    else:
        search(args.index_dir, args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
