"""Search latency: sleuth's Library.search against plain Whoosh on the same passages index.

Five query classes (short words, "phrases", prefix*, filters, long sentences) are run ``--repeats`` times
each, after one untimed warm-up pass, through

* sleuth: ``Library.search(q, limit=10)`` (parse, search, snippets, highlights, entity facet);
  Filters are entity fields (``org:opec``, alone or with words), ``date:`` and ``path:``/``in:``;
* plain Whoosh: ``QueryParser("text", schema, group=OrGroup).parse(q)`` then
  ``searcher.search(q, limit=10)`` on one reused searcher, hit numbers only (no stored fields,
  no highlighting),

interleaved query by query so machine noise hits both alike; p50/p95 in ms per class.

Then, in fresh processes (median of ``--cli-runs``): the wall time of
``sleuth search "oil prices" --json``, its heaviest imports (``python -X importtime``; spaCy and
textual must not be among them), and the cold start ``Library(...)`` + first search.

The index is built once (``bench/index_speed.py --index-dir``) and reused:

    python bench/search_speed.py --corpus /path/to/reuters --index-dir /tmp/bench-reuters-index
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import RESULTS, environment

SLEUTH = Path(sys.executable).with_name("sleuth")

# fmt: off
QUERIES = {
    "short": [
        "cocoa", "coffee", "sugar", "wheat", "gold", "crude oil", "oil prices", "Federal Reserve",
        "interest rates", "interest rates cut", "trade deficit", "money supply", "Bundesbank",
        "OPEC", "dollar", "yen", "inflation", "takeover bid", "merger", "dividend",
        "quarterly earnings", "net loss", "IBM", "General Motors", "Chrysler", "Texaco",
        "Japan tariffs", "grain exports", "stock split", "Brazil debt",
    ],
    "phrase": [
        '"oil prices"', '"interest rates"', '"trade deficit"', '"money supply"', '"crude oil"',
        '"Federal Reserve"', '"stock split"', '"net profit"', '"central bank"', '"world bank"',
    ],
    "prefix": [
        "coc*", "petrol*", "bank*", "export*", "inflat*", "acqui*", "dividend*", "ship*", "tarif*", "sugar*",
    ],
    "filters": [
        "org:opec", "place:japan", "person:volcker", 'org:"federal reserve"', "place:brazil", "person:baker",
        "oil org:opec", "coffee place:brazil", "oil date:1987", "wheat date:1986", "stock split path:00009.txt",
        "dollar in:reports",
    ],
    "long": [
        "Why did the Federal Reserve raise interest rates this week?",
        "Which companies announced a takeover bid for a rival oil producer?",
        "How much cocoa did Brazil export during the last season?",
        "What did OPEC ministers decide about crude oil production quotas?",
        "Japan and the United States are arguing over semiconductor trade and tariffs",
        "The Bundesbank left its discount rate unchanged despite pressure from Washington",
        "Farmers expect the wheat harvest to be smaller because of the drought",
        "Which banks reported losses on their loans to Latin American countries?",
        "The dollar fell sharply against the yen after the trade figures were released",
        "How did the stock market react to the merger of the two airlines?",
        "Sugar prices rose after the European Community cut its export subsidies",
        "What is the outlook for the money supply and inflation in West Germany?",
        "The company said first quarter net profit rose on higher sales",
        "Brazil suspended interest payments on its foreign debt to commercial banks",
        "Gold prices climbed as investors worried about the weakening dollar",
        "Shareholders approved the stock split and raised the quarterly dividend",
        "The Agriculture Department estimated corn and soybean stocks at record levels",
        "Coffee producers failed to agree on new export quotas at the London talks",
        "Chrysler agreed to buy American Motors from Renault",
        "Analysts say the trade deficit will narrow as the weaker dollar helps exports",
    ],
}
# fmt: on


def percentiles(values: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(values, n=20, method="inclusive")
    return {"p50": statistics.median(values), "p95": cuts[18], "n": len(values)}


def in_process(corpus: Path, index_dir: Path, repeats: int) -> dict[str, dict[str, dict[str, float]]]:
    from whoosh import index as whoosh_index
    from whoosh.qparser import OrGroup, QueryParser

    from index import Library, generations  # generations: the current generation folder

    library = Library(corpus, index_dir)
    ix = whoosh_index.open_dir(str((generations.current(index_dir) or index_dir) / "passages"))
    parser = QueryParser("text", ix.schema, group=OrGroup)
    results: dict[str, dict[str, dict[str, float]]] = {}
    with ix.searcher() as searcher:

        def plain(q: str) -> int:
            # Not list(results): list() asks len(results), which counts every match (slow).
            return len([hit.docnum for hit in searcher.search(parser.parse(q), limit=10)])

        def sleuth(q: str) -> int:
            return len(library.search(q, limit=10).hits)

        for queries in QUERIES.values():  # warm-up: caches, entity list, lazy imports
            for q in queries:
                sleuth(q), plain(q)
        for name, queries in QUERIES.items():
            times: dict[str, list[float]] = {"sleuth": [], "whoosh": []}
            for _ in range(repeats):
                for q in queries:
                    for engine, run in (("sleuth", sleuth), ("whoosh", plain)):
                        began = time.perf_counter()
                        run(q)
                        times[engine].append((time.perf_counter() - began) * 1000)
            results[name] = {engine: percentiles(values) for engine, values in times.items()}
    return results


def cli_wall(corpus: Path, index_dir: Path, runs: int) -> list[float]:
    command = [str(SLEUTH), "search", "oil prices", "--json", "--corpus", str(corpus), "--index-dir", str(index_dir)]
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - began)
    return times


def import_profile(corpus: Path, index_dir: Path, top: int = 20) -> dict[str, object]:
    """Cumulative import times (ms) of the CLI search; whether spaCy or textual got imported."""
    argv = ["search", "oil prices", "--json", "--corpus", str(corpus), "--index-dir", str(index_dir)]
    code = f"from tui.cli import main; main({argv!r})"
    stderr = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], check=True, capture_output=True, text=True
    ).stderr
    rows = []
    for line in stderr.splitlines():
        if m := re.match(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)", line):
            rows.append((int(m[2]) / 1000, len(m[3]) // 2, m[4]))
    modules = {name for _, _, name in rows}
    return {
        "total_ms": sum(ms for ms, depth, _ in rows if depth == 0),
        "top": [
            {"module": name, "depth": depth, "cumulative_ms": round(ms, 1)}
            for ms, depth, name in sorted(rows, reverse=True)[:top]
        ],
        "spacy_imported": any(n == "spacy" or n.startswith("spacy.") for n in modules),
        "textual_imported": any(n == "textual" or n.startswith("textual.") for n in modules),
    }


COLD = """
import json, sys, time
t0 = time.perf_counter()
from index import Library
t1 = time.perf_counter()
library = Library(sys.argv[1], sys.argv[2])
result = library.search("oil prices", limit=10)
t2 = time.perf_counter()
library.search("interest rates", limit=10)
t3 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "construct_and_first_search": t2 - t1, "second_search": t3 - t2}))
"""


def cold_start(corpus: Path, index_dir: Path, runs: int) -> list[dict[str, float]]:
    command = [sys.executable, "-c", COLD, str(corpus), str(index_dir)]
    return [json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout) for _ in range(runs)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="the indexed corpus folder")
    parser.add_argument("--index-dir", type=Path, required=True, help="its existing index")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--cli-runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=RESULTS / "search_reuters.json")
    args = parser.parse_args()
    from index import Library

    # An index of an older schema would be rebuilt by the CLI run below: minutes, not a search.
    if not args.corpus.is_dir() or not Library(args.corpus, args.index_dir).is_built():
        print(f"skipped: no corpus at {args.corpus} or no current index at {args.index_dir} (see index_speed.py)")
        return 0

    env = environment()  # before the run: the commit whose code gets imported
    classes = in_process(args.corpus, args.index_dir, args.repeats)
    print("| class | queries | sleuth p50 ms | sleuth p95 ms | whoosh p50 ms | whoosh p95 ms | ratio p50 |")
    print("|---|---|---|---|---|---|---|")
    for name, r in classes.items():
        s, w = r["sleuth"], r["whoosh"]
        r["ratio_p50"] = s["p50"] / w["p50"]
        cells = [name, len(QUERIES[name]), *(f"{x:.1f}" for x in (s["p50"], s["p95"], w["p50"], w["p95"]))]
        print("| " + " | ".join(map(str, cells)) + f" | {r['ratio_p50']:.1f}x |")

    cli = cli_wall(args.corpus, args.index_dir, args.cli_runs)
    imports = import_profile(args.corpus, args.index_dir)
    cold = cold_start(args.corpus, args.index_dir, args.cli_runs)
    cold_median = {k: statistics.median(c[k] for c in cold) for k in cold[0]}
    runs = ", ".join(f"{t:.2f}" for t in cli)
    print(f'\nCLI `sleuth search "oil prices" --json`: median {statistics.median(cli):.2f} s  (runs {runs})')
    print(f"imports: {imports['total_ms']:.0f} ms; spacy imported: {imports['spacy_imported']}", end="")
    print(f"; textual imported: {imports['textual_imported']}")
    for row in imports["top"]:
        print(f"  {row['cumulative_ms']:8.1f} ms  {'  ' * row['depth']}{row['module']}")
    print("cold start (median): " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in cold_median.items()))

    summary = {
        "corpus": str(args.corpus),
        "index_dir": str(args.index_dir),
        **env,
        "repeats": args.repeats,
        "queries": QUERIES,
        "classes": classes,
        "cli_wall_seconds": cli,
        "cli_wall_median": statistics.median(cli),
        "cli_imports": imports,
        "cold_start": cold,
        "cold_start_median": cold_median,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2) + "\n")
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
