"""Ranking quality on SciFact: sleuth against plain Whoosh, scored by the shared scifact_eval.py.

    python bench/ranking/run.py [--eval-dir ../shared/eval] [--work /tmp/sleuth-scifact]

1. ``scifact_to_files.py`` writes each abstract as ``WORK/files/<doc id>.txt`` (title, blank
   line, text).
2. ``sleuth --corpus WORK/files --index-dir WORK/index index`` builds sleuth's index (timed;
   this includes spaCy NER over every abstract), and ``whoosh_peer.py index`` builds the peer's.
3. For every qrels split present (``train``; ``test`` too when ``qrels/test.tsv`` exists),
   ``scifact_eval.py --ranker`` scores

   * ``sleuth``: ``sleuth search --batch - --json --limit 100`` (100 *passages*);
   * ``whoosh_peer``: plain Whoosh, one document per abstract, limit 100;
   * ``sleuth_docs``: ``sleuth search --batch - --json --docs --limit 100``, sleuth's document
     view: 100 distinct documents, each ranked by its best passage (the hits are documents).
     scifact_eval.py keeps the first passage of each document anyway, so nDCG@10 and MRR@10
     equal sleuth's; Recall@100 counts 100 documents instead of ~70.

4. From the saved runs: query latency (``took_ms`` of each query, as the engine measures it;
   p50/p95) and how many distinct documents the 100 passages cover.

Writes ``bench/ranking/results.json`` and the results section of ``bench/ranking/README.md``.
Without the eval data it prints why and exits 0.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SLEUTH = Path(sys.executable).with_name("sleuth")
README = HERE / "README.md"
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"


def git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


ENGINE = ("index", "tui", "seeds", "pyproject.toml")


def engine_state() -> dict[str, object]:
    """The commit and any uncommitted engine changes: what the installed (editable) sleuth runs."""
    diff = git("diff", "HEAD", "--", *ENGINE)
    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "engine_dirty": bool(diff),
        "engine_diff_sha1": hashlib.sha1(diff.encode()).hexdigest()[:12] if diff else "",
        "engine_diff_stat": [git("diff", "HEAD", "--stat", "--", *ENGINE).splitlines()[-1].strip()] if diff else [],
    }


def machine() -> dict[str, object]:
    cpu, ram_kb = "", 0
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        cpu = next(line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name"))
        ram_kb = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal"))
    except (OSError, StopIteration):
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gb": round(ram_kb / 2**20, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def run(cmd: list[str]) -> tuple[float, str]:
    """Run ``cmd``, fail loudly on error; return (seconds, stdout + stderr)."""
    print("$", shlex.join(cmd), flush=True)
    began = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - began
    output = (proc.stdout + proc.stderr).strip()
    if proc.returncode:
        sys.exit(f"failed ({proc.returncode}): {shlex.join(cmd)}\n{output}")
    if output:
        print(output, flush=True)
    return seconds, output


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))]


def run_stats(run_file: Path, limit: int) -> dict[str, object]:
    """Latency and duplicate-document figures from a saved ranker output."""
    took, hits, distinct, top10_distinct = [], [], [], []
    for line in run_file.read_text(encoding="utf-8").splitlines():
        obj = json.loads(line)
        took.append(float(obj["took_ms"]))
        docs = [os.path.splitext(os.path.basename(h["path"]))[0] for h in obj["hits"]]
        hits.append(len(docs))
        distinct.append(len(set(docs)))
        top10_distinct.append(len(set(docs[:10])))
    return {
        "queries": len(took),
        "took_ms_p50": round(statistics.median(took), 2),
        "took_ms_p95": round(percentile(took, 95), 2),
        "took_ms_mean": round(statistics.fmean(took), 2),
        "hits_mean": round(statistics.fmean(hits), 1),
        "distinct_docs_mean": round(statistics.fmean(distinct), 1),
        "distinct_docs_min": min(distinct),
        "queries_with_repeated_docs": sum(1 for h, d in zip(hits, distinct, strict=True) if d < h),
        "distinct_docs_in_top10_mean": round(statistics.fmean(top10_distinct), 2),
        # queries cut off at the limit before reaching 100 distinct documents
        "full_with_under_100_docs": sum(1 for h, d in zip(hits, distinct, strict=True) if h >= limit and d < 100),
        "limit": limit,
    }


def table(results: dict[str, object]) -> str:
    rows = [
        "| split | ranker | nDCG@10 | Recall@100 | MRR@10 | R@1000 | took_ms p50 / p95 | distinct docs in hits "
        "| eval wall s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for split, rankers in results["splits"].items():  # type: ignore[union-attr]
        for name, r in rankers.items():
            m, s = r["metrics"], r["run"]
            rows.append(
                f"| {split} ({r['queries']} q) | {name} | {m['ndcg@10']:.4f} | {m['recall@100']:.4f} | "
                f"{m['mrr@10']:.4f} | {m['recall@1000']:.4f} | {s['took_ms_p50']:.1f} / {s['took_ms_p95']:.1f} | "
                f"{s['distinct_docs_mean']:.1f} of {s['hits_mean']:.0f} | {r['wall_s']:.1f} |"
            )
    b = results["index_build"]  # type: ignore[index]
    env = results["machine"]  # type: ignore[index]
    dirty = f" plus uncommitted engine changes ({', '.join(results['engine_diff_stat'])})"  # type: ignore[arg-type]
    lines = [
        f"Recorded {results['date']} on commit `{results['commit']}`"
        + (dirty if results["engine_dirty"] else "")
        + f"; {env['nproc']} × {env['cpu']}, {env['ram_gb']} GB RAM, Python {env['python']}; "
        f"load average {results['load_before']} before, {results['load_after']} after (shared machine).",
        "",
        *rows,
        "",
        f"Index build of {results['documents']} abstracts: sleuth {b['sleuth_s']} s "
        f"(`{b['sleuth_summary']}`), plain Whoosh {b['whoosh_peer_s']} s."
        if b["sleuth_s"] is not None
        else "Indexes reused from an earlier run (--reuse-index): build time not measured.",
        "",
        "`sleuth_docs` is sleuth's document view (`search --batch --docs`): the same ranking of passages, "
        "collapsed to 100 distinct documents, each scored by its best passage.",
        "",
        "Commands:",
        "",
        "```sh",
        *results["commands"],  # type: ignore[misc]
        "```",
    ]
    return "\n".join(lines)


def write_readme(section: str) -> None:
    text = README.read_text(encoding="utf-8")
    head, sep, rest = text.partition(BEGIN)
    _, sep2, tail = rest.partition(END)
    if not (sep and sep2):
        print(f"no {BEGIN} … {END} markers in {README}; results table not written there", file=sys.stderr)
        return
    README.write_text(f"{head}{BEGIN}\n{section}\n{END}{tail}", encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval-dir", type=Path, default=REPO.parent / "shared" / "eval", help="the shared eval folder")
    ap.add_argument("--work", type=Path, default=Path("/tmp/sleuth-scifact"), help="scratch: files, indexes, runs")
    ap.add_argument("--sleuth", default=str(SLEUTH if SLEUTH.exists() else shutil.which("sleuth") or "sleuth"))
    ap.add_argument("--limit", type=int, default=100, help="passages sleuth returns per query (default 100)")
    ap.add_argument("--reuse-index", action="store_true", help="keep WORK's indexes if built (no build time then)")
    ap.add_argument("--out", type=Path, default=HERE / "results.json")
    ap.add_argument("--no-readme", action="store_true", help="do not rewrite README.md's results section")
    ap.add_argument("--readme-only", action="store_true", help="rewrite README.md's results section from --out")
    args = ap.parse_args()
    if args.readme_only:
        write_readme(table(json.loads(args.out.read_text(encoding="utf-8"))))
        return 0

    data = args.eval_dir / "scifact"
    evaluator, converter = args.eval_dir / "scifact_eval.py", args.eval_dir / "scifact_to_files.py"
    needed = [data / "corpus.jsonl", data / "queries.jsonl", evaluator, converter]
    if not all(p.exists() for p in needed):
        missing = ", ".join(str(p) for p in needed if not p.exists())
        print(f"skipped: SciFact eval data not found ({missing}); pass --eval-dir", file=sys.stderr)
        return 0
    splits = sorted(p.stem for p in (data / "qrels").glob("*.tsv"))
    splits.sort(key=lambda s: s != "train")
    work = args.work.resolve()
    if work == REPO or REPO in work.parents:
        sys.exit(f"--work must be outside the repository ({REPO}): no eval data goes into the project")
    work.mkdir(parents=True, exist_ok=True)
    files, sleuth_index, peer_index = work / "files", work / "index", work / "whoosh-peer"
    py, peer = sys.executable, str(HERE / "whoosh_peer.py")

    load_before = load()
    state = engine_state()
    commands: list[str] = []

    def step(cmd: list[str]) -> tuple[float, str]:
        commands.append(shlex.join(cmd))
        return run(cmd)

    sleuth_s = peer_s = None
    sleuth_summary = ""
    reuse = args.reuse_index and sleuth_index.exists() and peer_index.exists() and files.exists()
    if not reuse:
        for folder in (files, sleuth_index, peer_index):
            shutil.rmtree(folder, ignore_errors=True)
        step([py, str(converter), str(data / "corpus.jsonl"), str(files)])
        sleuth_s, out = step([args.sleuth, "--corpus", str(files), "--index-dir", str(sleuth_index), "index"])
        sleuth_summary = " · ".join(line.strip() for line in out.splitlines()[1:])
        peer_s, _ = step([py, peer, "--files", str(files), "--index-dir", str(peer_index), "index"])
    documents = sum(1 for _ in files.iterdir())

    sleuth_cmd = [args.sleuth, "--corpus", str(files), "--index-dir", str(sleuth_index), "search", "--batch", "-"]
    rankers = {
        "sleuth": shlex.join([*sleuth_cmd, "--json", "--limit", str(args.limit)]),
        "whoosh_peer": shlex.join(
            [py, peer, "--files", str(files), "--index-dir", str(peer_index), "search", "--limit", "100"]
        ),
        "sleuth_docs": shlex.join([*sleuth_cmd, "--json", "--docs", "--limit", "100"]),
    }
    results_by_split: dict[str, dict[str, object]] = {}
    for split in splits:
        results_by_split[split] = {}
        for name, ranker in rankers.items():
            run_file, metrics_file = work / f"run_{name}_{split}.jsonl", work / f"metrics_{name}_{split}.json"
            step(
                [py, str(evaluator), "--data", str(data), "--split", split, "--ranker", ranker, "--name", name,
                 "--save-run", str(run_file), "--json", str(metrics_file)]
            )  # fmt: skip
            scored = json.loads(metrics_file.read_text())
            results_by_split[split][name] = {
                "queries": len(scored["per_query"]),
                "metrics": {k: round(v, 4) for k, v in scored["metrics"].items()},
                "wall_s": round(scored["wall_s"], 1),
                "run": run_stats(run_file, 100 if name == "sleuth_docs" else args.limit),
                "ranker": ranker,
            }

    if engine_state() != state:
        # the editable install runs the working tree: a commit or edit mid-run mixes two engines
        sys.exit(f"the engine changed during the run ({state} → {engine_state()}); results not recorded, run again")
    results = {
        "benchmark": "SciFact ranking (BEIR layout, shared scifact_eval.py)",
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        **state,
        "machine": machine(),
        "load_before": load_before,
        "load_after": load(),
        "documents": documents,
        "index_build": {
            "sleuth_s": round(sleuth_s, 1) if sleuth_s is not None else None,
            "sleuth_summary": sleuth_summary,
            "whoosh_peer_s": round(peer_s, 1) if peer_s is not None else None,
        },
        "splits": results_by_split,
        "commands": [c.replace(str(work), "$WORK") for c in commands],
        "work": str(work),
    }
    args.out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    if not args.no_readme and not reuse:
        write_readme(table(results))
        print(f"wrote the results section of {README}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
