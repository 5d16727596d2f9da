"""A first build of a corpus as a new user meets it: time to the first searchable results, to all
text searchable, to entities done; peak memory of the whole process tree; and, in the same run,
the peers that bound it: a plain Whoosh passage build of the same text, and spaCy's NER alone on
the same passages.

Each run builds a fresh index with ``Library.update()`` (the default ``jobs``: NER in worker
processes) and watches its progress: the first commit of text is checked with a search from
another ``Library`` (the way a second process or the app would see it). Memory is the largest
sum of VmRSS over this process and its children, sampled every 0.2 s. Runs and peers are
interleaved; medians and same-run ratios are printed and written to JSON with the machine's load.

    python bench/staged_build.py --corpus /work/shared/data/reuters21578/articles --runs 3
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import RESULTS, environment

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from index import Library, Progress
from index.documents import load_file
from index.passages import split_passages
from index.readers import UnreadableFile
from index.scan import scan_corpus


def tree_rss_mb() -> float:
    """VmRSS of this process and all its descendants, in MB."""
    pids, seen, total = [os.getpid()], set(), 0
    while pids:
        pid = pids.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS"))
            for task in Path(f"/proc/{pid}/task").iterdir():
                pids.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, StopIteration, ValueError):
            continue
    return total / 1024


class Sampler(threading.Thread):
    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0.0
        self.running = True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, tree_rss_mb())
            time.sleep(0.2)


def staged_build(corpus: Path, probe: str) -> dict[str, object]:
    index_dir = Path(tempfile.mkdtemp(prefix="sleuth-staged-"))
    marks: dict[str, float] = {}
    first_hits = 0
    began = time.perf_counter()

    def progress(p: Progress) -> None:
        nonlocal first_hits
        now = time.perf_counter() - began
        if p.stage == "text" and p.committed and p.done and "first_results" not in marks:
            marks["first_results"] = now
            first_hits = Library(corpus, index_dir).search(probe, limit=5, facets=False).total
            marks["first_results_checked"] = time.perf_counter() - began
        if p.stage == "text" and p.committed and p.total and p.done == p.total:
            marks["all_text"] = now
        if p.stage == "entities" and p.committed and p.total and p.done == p.total:
            marks["entities_tagged"] = now  # every document's mentions committed; the last merge follows
        if p.stage == "merge" and p.committed:
            marks["entities"] = now  # the last merge's commit: the entities pane is complete

    sampler = Sampler()
    sampler.start()
    cpu = time.process_time()
    report = Library(corpus, index_dir).update(progress=progress)
    marks["complete"] = time.perf_counter() - began
    sampler.running = False
    stats = Library(corpus, index_dir).stats()
    return {
        **marks,
        "first_results_hits": first_hits,
        "main_cpu_seconds": time.process_time() - cpu,
        "peak_rss_mb": sampler.peak,
        "documents": stats.documents,
        "passages": stats.passages,
        "entity_count": stats.entities,
        "failed": len(report.failed),
        "timings": report.timings,
    }


def read_passages(corpus: Path) -> list[list[str]]:
    texts = []
    for source in scan_corpus(corpus)[0]:
        try:
            document = load_file(source.path, source.doc_id).document
        except (UnreadableFile, OSError):  # left out, as sleuth leaves them out
            continue
        texts.append([p.text for p in split_passages(document)])
    return texts


def plain_whoosh(corpus: Path) -> dict[str, float]:
    """Read and split the same files, then a plain Whoosh passage index: id + stemmed stored text."""
    from whoosh import index as whoosh_index
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, TEXT, Schema

    began, cpu = time.perf_counter(), time.process_time()
    texts = read_passages(corpus)
    folder = tempfile.mkdtemp(prefix="sleuth-plain-")
    ix = whoosh_index.create_in(
        folder, Schema(id=ID(stored=True, unique=True), text=TEXT(StemmingAnalyzer(), stored=True))
    )
    writer = ix.writer(limitmb=256)
    for d, passages in enumerate(texts):
        for n, text in enumerate(passages):
            writer.add_document(id=f"{d}#{n}", text=text)
    writer.commit()
    return {"seconds": time.perf_counter() - began, "cpu_seconds": time.process_time() - cpu}


def ner_alone(texts: list[list[str]]) -> dict[str, float]:
    """spaCy's NER alone (the pipeline sleuth loads) over the same passages, in this one process."""
    from index import ner

    nlp = ner.load_model()
    flat = [text for passages in texts for text in passages]
    began, cpu = time.perf_counter(), time.process_time()
    for _doc in nlp.pipe(flat, batch_size=256):
        pass
    return {"seconds": time.perf_counter() - began, "cpu_seconds": time.process_time() - cpu}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("/work/shared/data/reuters21578/articles"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--probe", default="oil", help="the query checked at the first commit")
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--out", type=Path, default=RESULTS / "staged_build.json")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"skipped: corpus folder not found: {args.corpus}")
        return 0
    env = environment()
    runs, plains, ners = [], [], []
    texts = None
    for n in range(1, args.runs + 1):
        load = os.getloadavg()
        run = staged_build(args.corpus, args.probe)
        run["loadavg_before"] = load
        runs.append(run)
        print(f"run {n}: " + json.dumps({k: v for k, v in run.items() if k != "timings"}), flush=True)
        if not args.no_peers:
            plains.append(plain_whoosh(args.corpus))
            texts = texts or read_passages(args.corpus)
            ners.append(ner_alone(texts))
            print(f"  plain Whoosh {plains[-1]}  NER alone {ners[-1]}", flush=True)

    def median(key: str, rows: list[dict[str, object]]) -> float:
        return statistics.median(float(r[key]) for r in rows if key in r)  # type: ignore[arg-type]

    summary = {
        "first_results": median("first_results", runs),
        "all_text": median("all_text", runs),
        "entities": median("entities", runs),
        "complete": median("complete", runs),
        "peak_rss_mb": max(float(r["peak_rss_mb"]) for r in runs),  # type: ignore[arg-type]
    }
    if plains:
        summary["plain_whoosh"] = median("seconds", plains)  # type: ignore[arg-type]
        summary["ner_alone"] = median("seconds", ners)  # type: ignore[arg-type]
        summary["all_text_over_plain"] = summary["all_text"] / summary["plain_whoosh"]
        summary["entities_over_ner_alone"] = summary["entities"] / summary["ner_alone"]
    print("\n" + json.dumps(summary, indent=2))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                **env,
                "command": " ".join([Path(sys.executable).name, *sys.argv]),
                "corpus": str(args.corpus),
                "runs": runs,
                "plain": plains,
                "ner": ners,
                "summary": summary,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
