"""Index build speed: full rebuilds of a corpus, then no-change incremental updates.

Each run builds a fresh index with ``Library(corpus, dir).update(rebuild=True)`` and records
the wall time, ``IndexReport.timings`` (read / ner / write / entities) and the time no stage
covers ("other": scanning, setup, and any stage the timings miss), the documents and passages
indexed, and the process's peak RSS so far (``ru_maxrss`` is a high-water mark, so it
only grows across runs; NER worker processes, when used, show under ``children``). Run 1 also
pays for loading the spaCy model; later runs in the same process do not.

After the last build, ``update()`` is called ``--noop-runs`` times with nothing changed on disk.

    python bench/index_speed.py --runs 5
    python bench/index_speed.py --corpus /path/to/corpus --runs 1 --index-dir /tmp/bench-idx

A missing corpus is skipped with a message (exit status 0).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import RESULTS, environment

STAGES = ("text", "entities", "merge")


def peak_rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def build_once(corpus: Path, index_dir: Path) -> dict[str, object]:
    from index import Library

    library = Library(corpus, index_dir)
    began = time.perf_counter()
    report = library.update(rebuild=True)
    seconds = time.perf_counter() - began
    stats = library.stats()
    return {
        "seconds": seconds,
        "report_seconds": report.seconds,
        "timings": dict(report.timings),
        # time inside update() that no stage timing covers (scan, setup; a gap shows a missed stage)
        "unattributed": report.seconds - sum(report.timings.values()),
        "documents": stats.documents,
        "passages": stats.passages,
        "entities": stats.entities,
        "failed": len(report.failed),
        "peak_rss_mb": peak_rss_mb(resource.RUSAGE_SELF),
        "peak_rss_children_mb": peak_rss_mb(resource.RUSAGE_CHILDREN),
    }


def noop_updates(corpus: Path, index_dir: Path, runs: int) -> list[float]:
    from index import Library

    times = []
    for _ in range(runs):
        library = Library(corpus, index_dir)
        began = time.perf_counter()
        report = library.update()
        times.append(time.perf_counter() - began)
        assert not (report.added or report.updated or report.removed), "corpus changed during the benchmark"
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="corpus folder (default: the bundled seeds)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--noop-runs", type=int, default=3, help="no-change update() calls after the builds")
    parser.add_argument("--index-dir", type=Path, help="build here and keep it (default: a fresh temp dir per run)")
    parser.add_argument("--out", type=Path, help="result JSON (default: bench/results/index_<corpus>.json)")
    args = parser.parse_args()

    if args.corpus is None:
        import seeds

        args.corpus = seeds.path()
    if not args.corpus.is_dir():
        print(f"skipped: corpus folder not found: {args.corpus}")
        return 0

    env = environment()  # before the run: the commit whose code gets imported
    runs = []
    last_dir = None
    with tempfile.TemporaryDirectory(prefix="sleuth-bench-") as tmp:
        for n in range(1, args.runs + 1):
            index_dir = args.index_dir or Path(tmp) / f"run{n}"
            run = build_once(args.corpus, index_dir)
            runs.append(run)
            last_dir = index_dir
            t = run["timings"]
            print(
                f"run {n}: {run['seconds']:8.2f} s  "
                + "  ".join(f"{s} {t[s]:7.2f}" for s in STAGES)
                + f"  other {run['unattributed']:6.2f}"
                + f"  docs {run['documents']}  passages {run['passages']}  rss {run['peak_rss_mb']:.0f} MB",
                flush=True,
            )
        noop = noop_updates(args.corpus, last_dir, args.noop_runs) if args.noop_runs else []

    median = statistics.median(r["seconds"] for r in runs)
    stage_medians = {s: statistics.median(r["timings"][s] for r in runs) for s in STAGES}
    stage_medians["other"] = statistics.median(r["unattributed"] for r in runs)
    summary = {
        "corpus": str(args.corpus),
        **env,
        "runs": runs,
        "median_seconds": median,
        "median_timings": stage_medians,
        "ner_fraction": stage_medians["ner"] / median if median else 0.0,
        "noop_update_seconds": noop,
        "noop_update_median": statistics.median(noop) if noop else None,
    }
    columns = ["runs", "run 1 s", "median s", *STAGES, "other", "NER share", "docs", "passages", "peak RSS MB"]
    print("\n| " + " | ".join([*columns, "no-change update s"]) + " |")
    print("|" + "---|" * (len(columns) + 1))
    print(
        f"| {len(runs)} | {runs[0]['seconds']:.2f} | {median:.2f} | "
        + " | ".join(f"{stage_medians[s]:.2f}" for s in (*STAGES, "other"))
        + f" | {summary['ner_fraction']:.0%} | {runs[-1]['documents']} | {runs[-1]['passages']}"
        + f" | {max(r['peak_rss_mb'] for r in runs):.0f} | "
        + (f"{summary['noop_update_median']:.3f} |" if noop else "- |")
    )
    out = args.out or RESULTS / f"index_{args.corpus.resolve().name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(summary, indent=2) + "\n")
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
