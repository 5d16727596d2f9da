"""Entity extraction quality on CoNLL-2003: sleuth's extractor against plain spaCy small.

Both systems are scored by the shared ``conll_eval.py`` (exact-match spans, conlleval-style)
through the JSON-lines extractor protocol, one after the other on the same data:

- ``sleuth``: ``sleuth extract --json``, the extractor the indexer uses (index/ner.py);
- ``spacy_plain``: ``bench/ner/spacy_plain.py``, the same model package with its full
  pipeline and no clean-up or resolution.

sleuth emits PERSON/ORG/PLACE only, so the headline is the F1 over PER+ORG+LOC (CoNLL MISC is
never predicted). Throughput is characters of article text per second of extractor wall time,
with and without the process start-up (model load), which is timed on a one-line input.

    python bench/ner/run.py
    python bench/ner/run.py --eval-dir /path/to/eval --work-dir /tmp/ner-bench
    python bench/ner/run.py --data /path/to/eng.testb --out /tmp/testb.json

Predictions and per-error TSVs (they quote the CoNLL text, which must stay out of the
repository) go to --work-dir, a temporary folder by default; bench/ner/errors.py reads them.
A missing eval folder or data file is skipped with a message (exit status 0).
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from common import environment  # noqa: E402

TYPES = ("PER", "ORG", "LOC")
PROBE = json.dumps({"id": "probe", "text": "Angela Merkel met officials of Siemens in Berlin."}) + "\n"


def _git_status(*paths: str) -> str:
    try:
        return subprocess.run(
            ["git", "status", "--porcelain", "--", *paths], cwd=HERE, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def sleuth_command() -> str:
    beside = Path(sys.executable).with_name("sleuth")
    if beside.exists():
        return f"{shlex.quote(str(beside))} extract --json"
    if found := shutil.which("sleuth"):
        return f"{shlex.quote(found)} extract --json"
    return f"{shlex.quote(sys.executable)} -m tui.cli extract --json"


def systems() -> dict[str, str]:
    return {
        "sleuth": sleuth_command(),
        "spacy_plain": f"{shlex.quote(sys.executable)} {shlex.quote(str(HERE / 'spacy_plain.py'))}",
    }


def startup_seconds(command: str) -> float:
    """Wall time of the extractor on one short line: interpreter start, imports, model load."""
    began = time.perf_counter()
    subprocess.run(command, shell=True, input=PROBE.encode(), stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - began


def evaluate(name: str, command: str, args: argparse.Namespace, work: Path) -> tuple[dict[str, object], str]:
    metrics_path = work / f"metrics_{name}.json"
    argv = [
        sys.executable,
        str(args.eval_dir / "conll_eval.py"),
        "--data", str(args.data),
        "--extractor", command,
        "--title", f"{args.data.name} — {name}",
        "--json", str(metrics_path),
        "--save-pred", str(work / f"pred_{name}.jsonl"),
        "--errors", str(work / f"errors_{name}.tsv"),
    ]  # fmt: skip
    if args.limit:
        argv += ["--limit", str(args.limit)]
    print(f"\n== {name}: {command}", file=sys.stderr, flush=True)
    subprocess.run(argv, check=True)
    metrics = json.loads(metrics_path.read_text())
    startup = startup_seconds(command)
    return summarise(metrics, startup), shlex.join(argv)


def summarise(metrics: dict, startup: float) -> dict[str, object]:
    def pick(m: dict) -> dict[str, float]:
        return {
            "P": round(m["P"] * 100, 2),
            "R": round(m["R"] * 100, 2),
            "F1": round(m["F1"] * 100, 2),
            "tp": m["tp"],
            "pred": m["pred"],
            "gold": m["gold"],
        }

    chars = metrics["data"]["chars"]
    wall = metrics["extractor_wall_s"]
    return {
        "per_type": {t: pick(metrics["per_type"][t]) for t in TYPES},
        "overall_per_org_loc": pick(metrics["overall_no_misc"]),
        "prose_sentences_per_org_loc": pick(metrics["prose_sentences"]["overall_no_misc"]),
        "errors_all_types": metrics["errors"],
        "prediction_stats": metrics["stats"],
        "wall_s": round(wall, 2),
        "startup_s": round(startup, 2),
        "chars_per_s_incl_startup": round(chars / wall),
        "chars_per_s": round(chars / max(wall - startup, 1e-9)),
    }


def table(results: dict) -> str:
    rows = ["| system | PER P/R/F1 | ORG P/R/F1 | LOC P/R/F1 | **F1 PER+ORG+LOC** | chars/s (excl. / incl. start-up) |"]
    rows.append("|---|---|---|---|---|---|")
    for name, r in results["systems"].items():
        cells = [f"{m['P']:.1f} / {m['R']:.1f} / {m['F1']:.1f}" for m in (r["per_type"][t] for t in TYPES)]
        o = r["overall_per_org_loc"]
        speed = f"{r['chars_per_s'] / 1000:.1f} k / {r['chars_per_s_incl_startup'] / 1000:.1f} k"
        rows.append(f"| {name} | {' | '.join(cells)} | **{o['F1']:.1f}** (P {o['P']:.1f}, R {o['R']:.1f}) | {speed} |")
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-dir", type=Path, default=Path("/work/shared/eval"), help="folder with conll_eval.py")
    parser.add_argument("--data", type=Path, help="CoNLL file (default: EVAL_DIR/conll2003/eng.testa)")
    parser.add_argument("--work-dir", type=Path, help="where predictions and error TSVs go (default: a temp dir)")
    parser.add_argument("--out", type=Path, default=HERE / "results.json", help="metrics JSON to write")
    parser.add_argument("--limit", type=int, help="only the first N articles (a quick check; not for results)")
    parser.add_argument("--only", choices=sorted(systems()), action="append", help="run only this system")
    args = parser.parse_args()

    args.data = args.data or args.eval_dir / "conll2003" / "eng.testa"
    if not (args.eval_dir / "conll_eval.py").is_file() or not args.data.is_file():
        print(f"skipped: no conll_eval.py in {args.eval_dir} or no data file {args.data}")
        return 0
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="sleuth-ner-bench-"))
    work.mkdir(parents=True, exist_ok=True)

    results: dict[str, object] = {
        **environment(),
        # the extractor's own files: engine_dirty covers all of index/, often for unrelated work
        "extractor_dirty": bool(_git_status("index/ner.py", "tui/cli.py")),
        "data": str(args.data),
        "limit": args.limit,
        "headline": "exact-span F1 over PER+ORG+LOC (sleuth predicts no MISC)",
        "commands": {},
        "systems": {},
    }
    for name, command in systems().items():
        if args.only and name not in args.only:
            continue
        results["systems"][name], results["commands"][name] = evaluate(name, command, args, work)

    args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    print()
    print(table(results))
    print(f"\nmetrics: {args.out}\npredictions and error TSVs: {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
