"""Ranking signals chosen by cross-validation on the SciFact train claims, with plain BM25 beside.

The 809 train claims are cut into ``--folds`` folds (a fixed hash of the claim id, so the folds
never change). Signals are tried one after another, each on top of those already kept. For a
signal and each fold, its setting (off, or one of a few values) is chosen on the *other* folds,
then scored on the held-out fold against the signal switched off; the signal is kept only when
it gains on every held-out fold, and then takes the setting most folds chose. Nothing is ever
chosen on the whole set at once.

In every fold's table two peers are scored on the same claims: plain BM25 (k1 0.9, b 0.4, one
document per abstract, title and text in one field: the textbook baseline sleuth must not fall
below) and Whoosh's default BM25F (k1 1.2, b 0.75) on the same one-field documents.

    python bench/ranking/cv.py [--eval-dir /work/shared/eval] [--work /tmp/sleuth-scifact]

WORK must hold ``files/`` and ``index/`` (sleuth's index of them) and ``whoosh-peer/``, as
``bench/ranking/run.py`` leaves them. sleuth is run in-process through ``index.search.rank``,
the ranking ``sleuth search --batch`` uses (without snippets), with the signals' constants set
per configuration; scores are rounded to 4 decimals and hits ordered as ``scifact_eval.py``
orders them, so the figures match the command-line runs. Writes ``bench/ranking/cv.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.util
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
sys.path.insert(0, str(HERE.parent))
from common import environment  # noqa: E402
from whoosh import index as whoosh_index  # noqa: E402
from whoosh.qparser import OrGroup, QueryParser  # noqa: E402
from whoosh.scoring import BM25F  # noqa: E402

from index import generations, ranking, search, store  # noqa: E402

LIMIT = 100
PLAIN_BM25 = "plain BM25 (k1 0.9, b 0.4)"
Config = tuple[tuple[str, Any], ...]
"""(constant name, value) pairs set on index.ranking / index.search for one run."""

OFF: dict[str, float] = {
    "DOCUMENT_WEIGHT": 0.0,
    "PASSAGE_WEIGHT": 1.0,
    "DOCUMENT_K1": 1.2,
    "DOCUMENT_B": 0.75,
    "TITLE_WEIGHT": 0.0,
    "PROXIMITY_WEIGHT": 0.0,
    "FEEDBACK_TERMS": 0,
}
"""Every signal off; document evidence, when a step turns it on, added to the passage's own
score (PASSAGE_WEIGHT 1) from a documents index scored like the passages (k1 1.2, b 0.75)."""
BEFORE: dict[str, float] = {**OFF, "DOCUMENT_WEIGHT": 1.0}
"""The ranking up to 2026-12-01: passage score plus document score, both at k1 1.2, b 0.75."""
DOCUMENTS_FIRST = [
    {"PASSAGE_WEIGHT": a, "DOCUMENT_K1": k1, "DOCUMENT_B": b}
    for k1, b in ((1.2, 0.75), (0.9, 0.4))
    for a in (1.0, 0.5, 0.25, 0.0)
]
"""``--documents-first``: the passage's share beside its document's score (1: BEFORE; 0: documents
ranked by their own score alone, best passage first) with the documents index at Whoosh's k1/b or
plain BM25's."""
SIGNALS: list[tuple[str, list[dict[str, Any]]]] = [
    ("document evidence", [{"DOCUMENT_WEIGHT": 0.0}, *({"DOCUMENT_WEIGHT": w} for w in (0.5, 1.0, 2.0))]),
    ("BM25 k1/b", [{"BM25_K1": 1.2, "BM25_B": 0.75}, {"BM25_K1": 0.9, "BM25_B": 0.4}]),
    ("title (BM25F)", [{"TITLE_WEIGHT": 0.0}, *({"TITLE_WEIGHT": w} for w in (0.5, 1.0, 2.0))]),
    ("proximity", [{"PROXIMITY_WEIGHT": 0.0}, *({"PROXIMITY_WEIGHT": w} for w in (0.5, 1.0, 2.0))]),
    (
        "document BM25 k1/b",
        [{"DOCUMENT_K1": 1.2, "DOCUMENT_B": 0.75}, *({"DOCUMENT_K1": k1, "DOCUMENT_B": 0.4} for k1 in (0.9, 1.2))],
    ),
    (
        "feedback (RM3-style)",
        [{"FEEDBACK_TERMS": 0}, *({"FEEDBACK_TERMS": n, "FEEDBACK_WEIGHT": w} for n in (10, 20) for w in (0.3, 0.6))],
    ),
]


def load_module(path: Path) -> Any:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextlib.contextmanager
def configured(config: Config) -> Iterator[None]:
    modules = [m for m in (ranking, search)]
    saved = []
    for name, value in config:
        module = next(m for m in modules if hasattr(m, name))
        saved.append((module, name, getattr(module, name)))
        setattr(module, name, value)
    try:
        yield
    finally:
        for module, name, value in reversed(saved):
            setattr(module, name, value)


def folds_of(ids: list[str], k: int) -> dict[str, int]:
    """Claim id → fold: ids ordered by a hash, dealt round-robin (equal folds, never reshuffled)."""
    ordered = sorted(ids, key=lambda q: hashlib.blake2b(q.encode(), digest_size=8).hexdigest())
    return {q: i % k for i, q in enumerate(ordered)}


class Bench:
    def __init__(self, eval_dir: Path, work: Path) -> None:
        data = eval_dir / "scifact"
        self.ev = load_module(eval_dir / "scifact_eval.py")
        self.qrels = self.ev.load_qrels(str(data / "qrels" / "train.tsv"))
        self.queries = {}
        for line in (data / "queries.jsonl").read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record["_id"] in self.qrels:
                self.queries[record["_id"]] = record["text"]
        self.work = work
        self.cache_file = work / "cv-cache.json"
        """Per-query figures of every configuration run, kept across runs (configurations are
        deterministic; delete the file after an engine change)."""
        self.cache: dict[str, dict[str, dict[str, float]]] = (
            json.loads(self.cache_file.read_text(encoding="utf-8")) if self.cache_file.exists() else {}
        )
        self.seconds: dict[str, float] = {}

    def remember(self, key: str, per_query: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
        self.cache[key] = per_query
        self.cache_file.write_text(json.dumps(self.cache), encoding="utf-8")
        return per_query

    def metrics(self, run: dict[str, list[str]]) -> dict[str, dict[str, float]]:
        _, per_query = self.ev.evaluate(run, self.qrels)
        return {q: {"ndcg@10": m["ndcg@10"], "recall@100": m["recall@100"]} for q, m in per_query.items()}

    def sleuth(self, config: Config) -> dict[str, dict[str, float]]:
        key = json.dumps(config)
        if key in self.cache:
            return self.cache[key]
        began = time.perf_counter()
        with configured(config):
            folder = generations.current(self.work / "index")
            assert folder is not None, f"no index in {self.work / 'index'}"
            passages = store.open_or_create(folder, "passages")
            documents = store.open_or_create(folder, "evidence")
            run = {}
            with (
                passages.searcher(weighting=ranking.weighting()) as s,
                documents.searcher(weighting=ranking.weighting("evidence")) as d,
            ):
                doc_ids = s.reader().column_reader("doc_id")
                for qid, text in self.queries.items():
                    ranked = search.rank(s, text, LIMIT, documents=d).ranked[:LIMIT]
                    hits = [{"path": doc_ids[n], "score": round(score, 4)} for score, n in ranked]
                    run[qid] = self.ev.normalise_run({"hits": hits}, qid)
        self.seconds[key] = time.perf_counter() - began
        print(f"  {dict(config)}: {self.seconds[key]:.0f} s", file=sys.stderr, flush=True)
        return self.remember(key, self.metrics(run))

    def peer(self, k1: float, b: float) -> dict[str, dict[str, float]]:
        key = f"peer {k1} {b}"
        if key not in self.cache:
            ix = whoosh_index.open_dir(str(self.work / "whoosh-peer"))
            parser = QueryParser("text", ix.schema, group=OrGroup)
            run = {}
            with ix.searcher(weighting=BM25F(K1=k1, B=b)) as s:
                for qid, text in self.queries.items():
                    found = s.search(parser.parse(text), limit=LIMIT)
                    hits = [{"path": hit["path"], "score": round(float(hit.score or 0), 4)} for hit in found]
                    run[qid] = self.ev.normalise_run({"hits": hits}, qid)
            self.remember(key, self.metrics(run))
        return self.cache[key]


def mean(per_query: dict[str, dict[str, float]], ids: list[str], metric: str = "ndcg@10") -> float:
    return statistics.fmean(per_query[q][metric] for q in ids)


def freeze(settings: dict[str, Any]) -> Config:
    """A configuration as a cache key; None (the constant's default) is left out."""
    return tuple(sorted((name, value) for name, value in settings.items() if value is not None))


def majority(per_fold: list[dict[str, Any]], settings: list[dict[str, Any]]) -> dict[str, Any]:
    """The setting most folds chose; a tie goes to the one listed first."""
    votes = Counter(json.dumps(p["chosen"]) for p in per_fold)
    order = [json.dumps(x) for x in settings]
    chosen: dict[str, Any] = json.loads(max(votes, key=lambda s: (votes[s], -order.index(s))))
    return chosen


def select(
    bench: Bench,
    folds: dict[str, int],
    k: int,
    signals: list[tuple[str, list[dict[str, Any]]]],
    start: dict[str, Any],
) -> dict[str, object]:
    """Forward selection of ``signals`` from ``start`` by k-fold cross-validation; the report of every step."""
    kept: dict[str, Any] = dict(start)
    steps = []
    fold_ids = {f: [q for q, g in folds.items() if g == f] for f in range(k)}
    for name, settings in signals:
        off = freeze({**kept, **settings[0]})
        runs = {json.dumps(s): bench.sleuth(freeze({**kept, **s})) for s in settings}
        per_fold = []
        for f in range(k):
            train = [q for q, g in folds.items() if g != f]
            chosen = max(settings, key=lambda s: (round(mean(runs[json.dumps(s)], train), 6), -settings.index(s)))
            held = fold_ids[f]
            per_fold.append(
                {
                    "fold": f,
                    "chosen": chosen,
                    "off": round(mean(bench.sleuth(off), held), 4),
                    "with": round(mean(runs[json.dumps(chosen)], held), 4),
                }
            )
        gains = [p["with"] - p["off"] for p in per_fold]
        winner = majority(per_fold, settings)
        keep = all(g > 0 for g in gains) and winner != settings[0]
        if keep:
            kept.update(winner)
        steps.append({"signal": name, "folds": per_fold, "kept": keep, "setting": winner if keep else settings[0]})
        print(f"{name}: gains {[round(g, 4) for g in gains]} → {'kept ' + str(winner) if keep else 'dropped'}")
    return {"steps": steps, "final": kept}


def select_floor(bench: Bench, folds: dict[str, int], k: int, settings: list[dict[str, Any]]) -> dict[str, object]:
    """For each held-out fold, the setting whose *worst* training fold is furthest above plain BM25
    (ties: the best mean over the training folds), scored on the held-out fold.

    The issue's bar is a floor (never below plain BM25 on queries not tuned on), so the setting is
    chosen for its worst fold, not its mean: a mean can hide two folds lost to gains on three.
    """
    plain = bench.peer(0.9, 0.4)
    runs = {json.dumps(s): bench.sleuth(freeze({**BEFORE, **s})) for s in settings}
    fold_ids = {f: [q for q, g in folds.items() if g == f] for f in range(k)}

    def margin(key: str, fold: int) -> float:
        return round(mean(runs[key], fold_ids[fold]) - mean(plain, fold_ids[fold]), 4)

    per_fold = []
    for f in range(k):
        training = [g for g in range(k) if g != f]
        train_ids = [q for q, g in folds.items() if g != f]
        chosen = max(
            settings,
            key=lambda s: (
                min(margin(json.dumps(s), g) for g in training),
                round(mean(runs[json.dumps(s)], train_ids), 6),
            ),
        )
        key = json.dumps(chosen)
        per_fold.append(
            {
                "fold": f,
                "chosen": chosen,
                "worst_training_margin": min(margin(key, g) for g in training),
                "held_out": round(mean(runs[key], fold_ids[f]), 4),
                "held_out_minus_plain_bm25": margin(key, f),
            }
        )
        print(f"fold {f}: chose {chosen}, held out {per_fold[-1]['held_out']} ({margin(key, f):+.4f} vs plain BM25)")
    winner = majority(per_fold, settings)
    grid = [{"setting": st, "margins": [margin(json.dumps(st), g) for g in range(k)]} for st in settings]
    return {"rule": "floor", "folds": per_fold, "grid": grid, "final": {**BEFORE, **winner}}


def fold_table(bench: Bench, folds: dict[str, int], k: int, configs: dict[str, Config]) -> list[dict[str, object]]:
    rows = []
    runs = {name: bench.sleuth(c) for name, c in configs.items()}
    runs[PLAIN_BM25] = bench.peer(0.9, 0.4)
    runs["Whoosh BM25F default (k1 1.2, b 0.75)"] = bench.peer(1.2, 0.75)
    for f in [*range(k), None]:
        ids = [q for q, g in folds.items() if f is None or g == f]
        for name, per_query in runs.items():
            rows.append(
                {
                    "fold": "all" if f is None else f,
                    "queries": len(ids),
                    "ranker": name,
                    "ndcg@10": round(mean(per_query, ids), 4),
                    "recall@100": round(mean(per_query, ids, "recall@100"), 4),
                }
            )
    return rows


def verdict(table: list[dict[str, Any]], rule: str = "every fold") -> dict[str, object]:
    """Whether the chosen configuration replaces today's, and the folds where sleuth trails plain BM25.

    Forward selection keeps a signal that gains over *off* on every fold, but its vote may settle
    on another setting than today's: the chosen configuration is adopted only when it also gains
    over today's on every held-out fold (a change is kept only if it helps on every fold). Under
    the "floor" rule (``select_floor``) it is adopted when it trails plain BM25 on fewer folds,
    and by less at its worst, than today's.
    """
    by_fold: dict[object, dict[str, float]] = {}
    for row in table:
        by_fold.setdefault(row["fold"], {})[row["ranker"]] = row["ndcg@10"]
    folds = [f for f in by_fold if f != "all"]
    gains = {f: round(by_fold[f]["sleuth chosen"] - by_fold[f]["sleuth before"], 4) for f in folds}
    if rule == "floor":

        def trails(name: str) -> tuple[int, float]:
            margins = [by_fold[f][name] - by_fold[f][PLAIN_BM25] for f in folds]
            return sum(m < 0 for m in margins), -min(margins)

        adopt = trails("sleuth chosen") < trails("sleuth before")
    else:
        adopt = all(g > 0 for g in gains.values())
    shipped = "sleuth chosen" if adopt else "sleuth before"
    below = {
        f: round(by_fold[f][shipped] - by_fold[f][PLAIN_BM25], 4)
        for f in folds
        if by_fold[f][shipped] < by_fold[f][PLAIN_BM25]
    }
    return {
        "rule": rule,
        "chosen_minus_before": gains,
        "adopt_chosen": adopt,
        "shipped": shipped,
        "below_plain_bm25": below,
    }


def print_report(table: list[dict[str, Any]], judged: dict[str, object]) -> None:
    print("\n| fold | queries | ranker | nDCG@10 | Recall@100 |\n|---|---|---|---|---|")
    for row in table:
        print(
            f"| {row['fold']} | {row['queries']} | {row['ranker']} | {row['ndcg@10']:.4f} | {row['recall@100']:.4f} |"
        )
    print(f"\nchosen − before per fold: {judged['chosen_minus_before']}")
    print(f"adopt the chosen configuration: {judged['adopt_chosen']} (ships: {judged['shipped']})")
    print(f"folds where it trails plain BM25 (nDCG@10 difference): {judged['below_plain_bm25'] or 'none'}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval-dir", type=Path, default=Path("/work/shared/eval"))
    ap.add_argument("--work", type=Path, default=Path("/tmp/sleuth-scifact"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--out", type=Path, default=HERE / "cv.json")
    ap.add_argument("--signals", nargs="*", help="only these signals (names as in SIGNALS), in that list's order")
    ap.add_argument("--from-today", action="store_true", help="select on top of today's settings, not all off")
    ap.add_argument(
        "--documents-first",
        action="store_true",
        help="choose the passage's share and the documents' k1/b (DOCUMENTS_FIRST) against BEFORE by the floor rule",
    )
    ap.add_argument("--report", type=Path, help="only print the table and verdict of a recorded cv.json")
    args = ap.parse_args()
    if args.report:
        recorded = json.loads(args.report.read_text(encoding="utf-8"))
        print_report(recorded["table"], verdict(recorded["table"], recorded.get("rule", "every fold")))
        return 0
    needed = [args.eval_dir / "scifact_eval.py", args.work / "index", args.work / "whoosh-peer"]
    if not all(p.exists() for p in needed):
        print(f"skipped: need {', '.join(map(str, needed))} (run bench/ranking/run.py first)")
        return 0
    bench = Bench(args.eval_dir, args.work)
    folds = folds_of(sorted(bench.queries), args.folds)
    shipped = {
        **OFF,
        "DOCUMENT_WEIGHT": search.DOCUMENT_WEIGHT,
        "PASSAGE_WEIGHT": search.PASSAGE_WEIGHT,
        "DOCUMENT_K1": ranking.DOCUMENT_K1,
        "DOCUMENT_B": ranking.DOCUMENT_B,
    }
    if args.documents_first:
        selection = select_floor(bench, folds, args.folds, DOCUMENTS_FIRST)
        before = freeze(BEFORE)
    else:
        signals = [(name, settings) for name, settings in SIGNALS if not args.signals or name in args.signals]
        selection = select(bench, folds, args.folds, signals, shipped if args.from_today else OFF)
        before = freeze(shipped)
    chosen = freeze(selection["final"])  # type: ignore[arg-type]
    table = fold_table(bench, folds, args.folds, {"sleuth before": before, "sleuth chosen": chosen})
    judged = verdict(table, "floor" if args.documents_first else "every fold")
    print_report(table, judged)
    args.out.write_text(
        json.dumps({**environment(), "folds": args.folds, **selection, "table": table, **judged}, indent=1) + "\n",
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
