"""What each part of sleuth's Whoosh writes costs, against a plain Whoosh passage index of the same text.

Reads the first ``--limit`` documents of a corpus once (documents and passages as the indexer
makes them), tags them once (cached in ``--cache``), then writes them in several ways into fresh
folders and records the CPU seconds of this process for each (``time.process_time``: on a shared
machine, wall time measures the neighbours). Variants run interleaved, ``--repeats`` times; the
medians and the ratio to the plain peer of the same run are printed and written to JSON.

    python bench/write_costs.py --corpus /work/shared/data/reuters21578/articles --limit 3000
"""

from __future__ import annotations

import argparse
import json
import pickle
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from common import RESULTS, environment

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from whoosh import index as whoosh_index
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from index import store
from index.models import Document, Mention, Passage
from index.passages import load_document, split_passages
from index.scan import scan_corpus
from index.writers import words_of

Loaded = list[tuple[Document, list[Passage], list[list[Mention]]]]


def load(corpus: Path, limit: int, cache: Path) -> tuple[Loaded, float]:
    files = scan_corpus(corpus)[0][:limit]
    began = time.process_time()
    docs = []
    for source in files:
        try:
            document = load_document(source.path, source.doc_id)
        except Exception:  # a benchmark: unreadable files are simply left out
            continue
        passages = split_passages(document)
        if passages:
            docs.append((document, passages))
    read_seconds = time.process_time() - began
    key = cache / f"mentions-{corpus.name}-{limit}.pickle"
    if key.exists():
        mentions = pickle.loads(key.read_bytes())
    else:
        from index import ner

        print(f"tagging {len(docs)} documents once (cached in {key})…", flush=True)
        mentions = ner.extract([[p.text for p in passages] for _, passages in docs])
        key.parent.mkdir(parents=True, exist_ok=True)
        key.write_bytes(pickle.dumps(mentions))
    return [(d, p, m) for (d, p), m in zip(docs, mentions, strict=True)], read_seconds


def plain_schema() -> Schema:
    return Schema(passage_id=ID(stored=True, unique=True), text=TEXT(analyzer=StemmingAnalyzer(), stored=True))


def passage_fields(document: Document, passage: Passage, mentions: list[Mention] | None) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "passage_id": passage.passage_id,
        "doc_id": document.doc_id,
        "n": passage.n,
        "title": document.title,
        "text": passage.text,
        "start": passage.start,
        "end": passage.end,
    }
    if document.date:
        fields["date"] = datetime.fromisoformat(document.date)
    if mentions is not None:
        fields.update(entity_fields(mentions))
    return fields


def entity_fields(mentions: list[Mention]) -> dict[str, str]:
    names: dict[str, set[str]] = {"PERSON": set(), "ORG": set(), "PLACE": set()}
    for mention in mentions:
        names[mention.type].update((mention.canonical, mention.text))
    return {
        "entities": ",".join(sorted({m.entity_key for m in mentions})),
        "person": " | ".join(sorted(names["PERSON"])),
        "org": " | ".join(sorted(names["ORG"])),
        "place": " | ".join(sorted(names["PLACE"])),
    }


def schema_7_passages(spelling: bool = True) -> Schema:
    """The passage schema before staging (schema 7): spelling on ``text``, ``n`` a NUMERIC."""
    schema = store.passage_schema()
    schema.remove("text")
    schema.add("text", TEXT(stored=True, analyzer=store.TEXT_ANALYZER, spelling=spelling))
    schema.remove("n")
    schema.add("n", NUMERIC(stored=True))
    return schema


def schema_7_documents() -> Schema:
    """The documents schema of schema 7: the whole text analysed (for ranking), mentions and facts."""
    schema = store.document_schema()
    schema.remove("text")
    schema.add("text", TEXT(stored=True, analyzer=store.TEXT_ANALYZER))
    schema.add("mentions", STORED())
    schema.add("facts", STORED())
    return schema


def write(path: Path, schema: Schema, rows: Callable[[], Any], limitmb: int = 256, commit_every: int = 0) -> None:
    ix = whoosh_index.create_in(str(path), schema)
    writer = ix.writer(limitmb=limitmb)
    for count, fields in enumerate(rows(), start=1):
        writer.add_document(**fields)
        if commit_every and count % commit_every == 0:
            writer.commit()
            writer = ix.writer(limitmb=limitmb)
    writer.commit()


def variants(docs: Loaded) -> dict[str, Callable[[Path], None]]:
    def plain_rows() -> Any:
        for _d, passages, _m in docs:
            for p in passages:
                yield {"passage_id": p.passage_id, "text": p.text}

    def passage_rows(with_entities: bool) -> Callable[[], Any]:
        def rows() -> Any:
            for d, passages, mentions in docs:
                for p, m in zip(passages, mentions, strict=True):
                    yield passage_fields(d, p, m if with_entities else None)

        return rows

    def document_rows(stored_only: bool) -> Callable[[], Any]:
        def rows() -> Any:
            for d, passages, _m in docs:
                yield {
                    "doc_id": d.doc_id,
                    "title": d.title,
                    "text": d.text,
                    "format": d.format,
                    "content_hash": d.content_hash,
                    "size": d.size,
                    "mtime": d.mtime,
                    "passages": [[p.start, p.end] for p in passages],
                    "date": d.date,
                }

        return rows

    passages_per_batch = 400 * sum(len(p) for _d, p, _m in docs) // max(1, len(docs))

    def rewrite_with_entities(path: Path) -> None:
        """Stage 2 the simple way: the text-only passages, then every document deleted and written again."""
        write(path, store.passage_schema(), passage_rows(False))
        ix = whoosh_index.open_dir(str(path))
        writer = ix.writer(limitmb=256)
        for d, passages, mentions in docs:
            writer.delete_by_term("doc_id", d.doc_id)
            for p, m in zip(passages, mentions, strict=True):
                writer.add_document(**passage_fields(d, p, m))
        writer.commit()

    def rewrite_batched(path: Path) -> None:
        """Stage 2 with one searcher per batch for the deletions, no spelling field."""
        schema = store.passage_schema()
        write(path, schema, passage_rows(False))
        ix = whoosh_index.open_dir(str(path))
        for begin in range(0, len(docs), 400):
            batch = docs[begin : begin + 400]
            writer = ix.writer(limitmb=256)
            with ix.searcher() as searcher:
                for d, _p, _m in batch:
                    for docnum in searcher.document_numbers(doc_id=d.doc_id):
                        writer.delete_document(docnum)
            for d, passages, mentions in batch:
                for p, m in zip(passages, mentions, strict=True):
                    writer.add_document(**passage_fields(d, p, m))
            writer.commit()

    def evidence(path: Path) -> None:
        schema = Schema(doc_id=ID(unique=True, sortable=True), text=TEXT(analyzer=store.TEXT_ANALYZER))
        write(path, schema, lambda: ({"doc_id": d.doc_id, "text": d.text} for d, _p, _m in docs))

    def entity_fields_apart(path: Path) -> None:
        """Stage 2 the other way: entity fields in an index of their own, keyed by passage."""
        schema = Schema(
            passage_id=ID(stored=True, unique=True),
            entities=KEYWORD(stored=True, commas=True, scorable=False),
            person=TEXT(analyzer=store.NAME_ANALYZER),
            org=TEXT(analyzer=store.NAME_ANALYZER),
            place=TEXT(analyzer=store.NAME_ANALYZER),
            n=NUMERIC(stored=True),
        )

        def rows() -> Any:
            for _d, passages, mentions in docs:
                for p, m in zip(passages, mentions, strict=True):
                    yield {"passage_id": p.passage_id, "n": p.n, **entity_fields(m)}

        write(path, schema, rows)

    def words_index(path: Path) -> None:
        """The words as a Whoosh index: each commit's new distinct words in one document."""
        ix = whoosh_index.create_in(str(path), Schema(word=KEYWORD(lowercase=True, scorable=False)))
        known: set[str] = set()
        for begin in range(0, len(docs), 400):
            fresh = set().union(*(words_of(d.text) for d, _p, _m in docs[begin : begin + 400])) - known
            writer = ix.writer()
            writer.add_document(word=" ".join(sorted(fresh)))
            writer.commit()
            known |= fresh

    def words_file(path: Path) -> None:
        """The words as sleuth keeps them: one sorted file, written again at each commit with new words."""
        known: set[str] = set()
        for begin in range(0, len(docs), 400):
            fresh = set().union(*(words_of(d.text) for d, _p, _m in docs[begin : begin + 400])) - known
            if fresh:
                known |= fresh
                store.write_words(path, known)

    schema_9 = store.passage_schema
    return {
        "plain whoosh passages": lambda path: write(path, plain_schema(), plain_rows),
        "schema 7: passages with entities (one pass)": lambda path: write(
            path, schema_7_passages(), passage_rows(True)
        ),
        "schema 7: passages, text only": lambda path: write(path, schema_7_passages(), passage_rows(False)),
        "schema 7, no spelling: passages, text only": lambda path: write(
            path, schema_7_passages(spelling=False), passage_rows(False)
        ),
        "schema 9 (stage 1): passages, text only": lambda path: write(path, schema_9(), passage_rows(False)),
        "schema 9: passages, text only, limitmb 64": lambda path: write(
            path, schema_9(), passage_rows(False), limitmb=64
        ),
        "schema 9: passages, text only, commit per 400 docs": lambda path: write(
            path, schema_9(), passage_rows(False), commit_every=passages_per_batch
        ),
        "schema 7: documents (text analysed)": lambda path: write(path, schema_7_documents(), document_rows(False)),
        "schema 9: documents (stored only)": lambda path: write(path, store.document_schema(), document_rows(True)),
        "words as a Whoosh index": words_index,
        "schema 9: words file": words_file,
        "stage 2, delete_by_term per file (incl. stage 1)": rewrite_with_entities,
        "stage 2, one searcher per batch of deletions (incl. stage 1)": rewrite_batched,
        "stage 2 alternative: entity fields in an index apart": entity_fields_apart,
        "stage 2: document evidence index": evidence,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("/work/shared/data/reuters21578/articles"))
    parser.add_argument("--limit", type=int, default=3000, help="documents (files) to take, in doc id order")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", help="run only the variants whose name contains this")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "sleuth-bench-cache")
    parser.add_argument("--out", type=Path, default=RESULTS / "write_costs.json")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"skipped: corpus folder not found: {args.corpus}")
        return 0
    env = environment()
    docs, read_seconds = load(args.corpus, args.limit, args.cache)
    passages = sum(len(p) for _d, p, _m in docs)
    print(f"{len(docs)} documents, {passages} passages; read+clean+split {read_seconds:.1f} CPU s", flush=True)
    chosen = {k: v for k, v in variants(docs).items() if not args.only or args.only in k or k.startswith("plain")}
    cpu: dict[str, list[float]] = {name: [] for name in chosen}
    wall: dict[str, list[float]] = {name: [] for name in chosen}
    for repeat in range(args.repeats):
        for name, run in chosen.items():
            folder = Path(tempfile.mkdtemp(prefix="sleuth-write-"))
            began, began_wall = time.process_time(), time.perf_counter()
            run(folder)
            cpu[name].append(time.process_time() - began)
            wall[name].append(time.perf_counter() - began_wall)
            shutil.rmtree(folder)
            print(f"  repeat {repeat + 1}: {name:<45} {cpu[name][-1]:7.2f} CPU s", flush=True)
    plain = statistics.median(cpu["plain whoosh passages"])
    print(f"\n| variant | CPU s (median of {args.repeats}) | × plain Whoosh |\n|---|---|---|")
    for name in chosen:
        median = statistics.median(cpu[name])
        print(f"| {name} | {median:.2f} | {median / plain:.2f} |")
    result = {
        **env,
        "corpus": str(args.corpus),
        "documents": len(docs),
        "passages": passages,
        "read_cpu_seconds": read_seconds,
        "cpu_seconds": cpu,
        "wall_seconds": wall,
        "median_cpu_seconds": {name: statistics.median(v) for name, v in cpu.items()},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
