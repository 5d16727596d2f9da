"""Entity card latency on an existing index: ``Library.entity_card`` for the 20 most mentioned
entities and 30 others at random, beside a peer in the same run: narrowing the results to the
entity (``Library.search("", within=(key,))``, what choosing it in the entities pane does); plus
``sleuth entity NAME --json`` from a fresh process.

    python bench/entity_cards.py --corpus DIR --index-dir DIR [--runs 5] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
from pathlib import Path

from common import REPO, RESULTS, environment, timed_ms

from index import Library


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=RESULTS / "entity_cards.json")
    args = parser.parse_args()
    args.corpus, args.index_dir = args.corpus.resolve(), args.index_dir.resolve()
    library = Library(args.corpus, args.index_dir, user_data=Path("/tmp/bench-entity-cards.sqlite"))
    if not library.is_built():
        print(f"no current index at {args.index_dir}; build it first (bench/README.md)")
        return 0
    entities = library.entities()
    top = list(entities[:20])
    sample = random.Random(7).sample(list(entities[20:]), min(30, max(0, len(entities) - 20)))
    results: dict[str, object] = {"environment": environment(), "corpus": str(args.corpus)}
    for label, group in (("top20", top), ("random30", sample)):
        card_ms, search_ms, sizes = [], [], []
        for entity in group:
            library.entity_card(entity.key)  # warm-up
            for _ in range(args.runs):
                card_ms.append(timed_ms(lambda e=entity: library.entity_card(e.key)))
                search_ms.append(
                    timed_ms(lambda e=entity: library.search("", limit=500, within=(e.key,), facets=False))
                )
            card = library.entity_card(entity.key)
            sizes.append([len(card.mentions), len(card.descriptors), len(card.quotes)])
        results[label] = {
            "card_ms_p50": round(statistics.median(card_ms), 1),
            "card_ms_p95": round(percentile(card_ms, 0.95), 1),
            "mention_search_ms_p50": round(statistics.median(search_ms), 1),
            "mention_search_ms_p95": round(percentile(search_ms, 0.95), 1),
            "ratio_p50": round(statistics.median(card_ms) / statistics.median(search_ms), 2),
            "median_mentions_descriptors_quotes": [statistics.median(s[i] for s in sizes) for i in range(3)],
        }
    name = top[0].name if top else "China"
    command = [sys.executable, "-m", "tui.cli", "entity", name, "--json", "--corpus", str(args.corpus)]
    command += ["--index-dir", str(args.index_dir)]
    walls = [
        timed_ms(lambda: subprocess.run(command, cwd=REPO, capture_output=True, check=True)) for _ in range(args.runs)
    ]
    results["cli_entity_json_ms_p50"] = {"name": name, "ms": round(statistics.median(walls), 1)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
