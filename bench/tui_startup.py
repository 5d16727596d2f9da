"""TUI start-up on an existing index: from a fresh Python process to a usable screen.

Each run starts a new interpreter that imports the app, opens the Library and runs the app
headless (Textual's ``run_test``) until the status line shows the corpus counts and the entities
pane is filled: the moment a person can start typing with results to come. It also records
whether spaCy was imported (it must not be, on an existing index).

    python bench/tui_startup.py --corpus DIR --index-dir DIR [--runs 5]

Without --corpus it uses the bundled seeds (building their index first in a temp folder).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

PROBE = r"""
import asyncio, sys, time
began = time.perf_counter()
from pathlib import Path
from index import Library
from tui.app import make_app

async def main():
    app = make_app(Library(Path(sys.argv[1]), Path(sys.argv[2])))
    async with app.run_test(size=(120, 36)) as pilot:
        while app.status.stats is None or not app.corpus_entities:
            await asyncio.sleep(0.005)
        usable = time.perf_counter() - began
        await app.workers.wait_for_complete()
        settled = time.perf_counter() - began
    print(usable, settled, "spacy" in sys.modules)

asyncio.run(main())
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--index-dir", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    args = parser.parse_args()

    if args.corpus is None:
        import seeds
        from index import Library

        args.corpus = seeds.path()
        args.index_dir = Path(tempfile.mkdtemp(prefix="sleuth-bench-")) / "index"
        Library(args.corpus, args.index_dir).update()
    if not args.corpus.is_dir() or args.index_dir is None or not args.index_dir.is_dir():
        print(f"skipped: corpus or index not found ({args.corpus}, {args.index_dir})")
        return 0

    usable, settled, spacy_loaded = [], [], []
    for _ in range(args.runs):
        out = subprocess.run(
            [sys.executable, "-c", PROBE, str(args.corpus), str(args.index_dir)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        usable.append(float(out[0]))
        settled.append(float(out[1]))
        spacy_loaded.append(out[2] == "True")
    result = {
        "corpus": str(args.corpus),
        "runs": args.runs,
        "usable_s": usable,
        "usable_median_s": statistics.median(usable),
        "settled_s": settled,
        "settled_median_s": statistics.median(settled),
        "spacy_imported": any(spacy_loaded),
    }
    print(
        f"{args.corpus.name}: usable screen {result['usable_median_s']:.2f} s (median of {args.runs}), "
        f"update check done {result['settled_median_s']:.2f} s, spaCy imported: {result['spacy_imported']}"
    )
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
