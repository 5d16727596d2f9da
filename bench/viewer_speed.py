"""The passage viewer on long documents: opening, next hit, scrolling and memory, by document length.

A generated corpus (``long-3000.txt``: 3,000 paragraphs; ``long-300.txt``: 300; ``short-30.txt``:
30; every tenth paragraph names the ferry) is indexed once into ``--work``. The app then runs
headless at 120×36 in this process and, per document, times (median of ``--runs``):

* open: from the result being chosen (``PassageChosen``, what enter on a result posts) to the
  viewer showing the document at that passage, painted;
* next hit: ``n`` pressed in the viewer until the next passage with a hit is current, painted;
* scroll: ``pagedown`` pressed ten times, per press, painted (a 60 Hz terminal refreshes every 16.7 ms);
* memory: what the open document keeps alive (``tracemalloc``, after a collection), beside the
  size of its text.

These go through Textual's test harness, whose waits for the screen to settle cost about the
same for any document (the short one shows how much). ``direct_*`` figures time the viewer's own
work in the same run without those waits: read and prepare the document, show it and draw every
line on screen; ``n`` and a page down with the lines they draw.

The short document is the peer measured in the same run: the ratio long / short says how the
cost grows with document length. Run on the commit before the line-API viewer (6d6975a, its
tree exported to a folder and put first on ``PYTHONPATH``) for the figures before.

    python bench/viewer_speed.py [--work /tmp/bench-viewer] [--runs 5] [--out bench/results/viewer_speed.json]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import environment

DOCUMENTS = {"short-30.txt": 30, "long-300.txt": 300, "long-3000.txt": 3000}
NAMES = ["Ada Lovelace", "Charles Babbage", "the Ministry of Transport", "Harbour Board", "Glasgow", "Oslo"]
WORDS = (
    "the council said on monday that its plans for the new terminal would go ahead despite "
    "objections from residents who fear more traffic noise and rising costs over the coming years"
).split()


def paragraph(rng: random.Random, index: int) -> str:
    sentences = []
    for _ in range(rng.randint(2, 4)):
        words = rng.sample(WORDS, rng.randint(8, 16))
        if rng.random() < 0.5:
            words.insert(rng.randint(0, len(words)), rng.choice(NAMES))
        sentences.append(" ".join(words).capitalize() + ".")
    if index % 10 == 5:
        sentences.append("The ferry was late again.")
    return " ".join(sentences)


def make_corpus(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    rng = random.Random(10)
    for name, count in DOCUMENTS.items():
        title = f"Harbour minutes ({count} paragraphs)"
        body = "\n\n".join(paragraph(rng, i) for i in range(count))
        (root / name).write_text(f"{title}\n\n{body}\n", encoding="utf-8")


async def measure(
    corpus: Path, index_dir: Path, runs: int, only: list[str], pagedowns: int
) -> dict[str, dict[str, object]]:
    from textual.pilot import WaitForScreenTimeout

    from index import Library
    from tui.app import make_app
    from tui.messages import PassageChosen
    from tui.widgets.passage_viewer import PassageViewer

    app = make_app(Library(corpus, index_dir, user_data=index_dir.parent / "user.sqlite"), query="ferry")
    figures: dict[str, dict[str, object]] = {}
    async with app.run_test(size=(120, 36)) as pilot:
        while app.last_result is None or any(worker.is_running for worker in app.workers):
            await asyncio.sleep(0.05)  # the index opened and the query searched
        await pilot.pause()
        viewer = app.query_one(PassageViewer)

        async def painted() -> None:
            """Until the screen is drawn (the old viewer took longer than Pilot waits, 30 s)."""
            while True:
                try:
                    await pilot.pause()
                    return
                except WaitForScreenTimeout:
                    continue

        async def open_at(doc_id: str, n: int) -> float:
            began = time.perf_counter()
            app.post_message(PassageChosen(doc_id, n))
            while viewer.document is None or viewer.document.doc_id != doc_id or viewer.current != n:
                await asyncio.sleep(0)
            await painted()
            return time.perf_counter() - began

        for doc_id, count in DOCUMENTS.items():
            if only and doc_id not in only:
                continue
            other = next(d for d in DOCUMENTS if d != doc_id)
            opens, nexts, scrolls = [], [], []
            for _ in range(runs):
                await open_at(other, 1)
                opens.append(await open_at(doc_id, count // 2 + 6))  # a hit in the middle
                viewer.focus()
                await painted()
                before = viewer.current
                began = time.perf_counter()
                await pilot.press("n")
                while viewer.current == before:
                    await asyncio.sleep(0)
                await painted()
                nexts.append(time.perf_counter() - began)
                began = time.perf_counter()
                for _ in range(pagedowns):
                    await pilot.press("pagedown")
                    await painted()
                scrolls.append((time.perf_counter() - began) / pagedowns)
            direct = await direct_figures(app, viewer, doc_id, count // 2 + 6, runs) if hasattr(viewer, "show") else {}
            await open_at(other, 1)
            gc.collect()
            tracemalloc.start()
            baseline = tracemalloc.get_traced_memory()[0]
            await open_at(doc_id, 1)
            for _ in range(3):
                await pilot.press("pagedown")
            gc.collect()
            kept = tracemalloc.get_traced_memory()[0] - baseline
            tracemalloc.stop()
            text_bytes = len(viewer.document.text.encode("utf-8")) if viewer.document else 0
            figures[doc_id] = {
                "passages": count,
                "open_ms": [round(t * 1000, 1) for t in opens],
                "open_median_ms": round(statistics.median(opens) * 1000, 1),
                "next_hit_ms": [round(t * 1000, 1) for t in nexts],
                "next_hit_median_ms": round(statistics.median(nexts) * 1000, 1),
                "pagedown_ms": [round(t * 1000, 1) for t in scrolls],
                "pagedown_median_ms": round(statistics.median(scrolls) * 1000, 1),
                **direct,
                "memory_kept_kb": round(kept / 1024),
                "text_kb": round(text_bytes / 1024),
            }
            print(doc_id, json.dumps({k: v for k, v in figures[doc_id].items() if not isinstance(v, list)}))
    return figures


async def direct_figures(app, viewer, doc_id: str, n: int, runs: int) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """The viewer's own work, without the test harness's waits: read and prepare the document
    (what the worker does), show it and draw every line on screen; then ``n`` and a page down,
    each with the lines it draws. Medians in ms."""
    from tui.reading import prepare

    height = viewer.scrollable_content_region.height

    def draw() -> None:
        for y in range(height):
            viewer.render_line(y)

    opens, nexts, pages = [], [], []
    for _ in range(runs):
        began = time.perf_counter()
        document = app.library.document(doc_id)
        keys = {m.entity_key: app.library.corpus_key(m.entity_key) for _, m in document.mentions}
        viewer.show(prepare(document, app.current_terms(), None, keys, viewer.text_width), n)
        draw()
        opens.append(time.perf_counter() - began)
        began = time.perf_counter()
        viewer.next_hit(1)
        draw()
        nexts.append(time.perf_counter() - began)
        began = time.perf_counter()
        viewer.scroll_to(y=viewer.scroll_y + height, animate=False, immediate=True, force=True)
        draw()
        pages.append(time.perf_counter() - began)
        await asyncio.sleep(0)
    return {
        "direct_open_median_ms": round(statistics.median(opens) * 1000, 1),
        "direct_next_hit_median_ms": round(statistics.median(nexts) * 1000, 1),
        "direct_pagedown_median_ms": round(statistics.median(pages) * 1000, 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench-viewer"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--only", action="append", default=[], help="measure only this document (repeatable)")
    parser.add_argument("--pagedowns", type=int, default=10)
    args = parser.parse_args()
    corpus, index_dir = args.work / "corpus", args.work / "index"
    if not corpus.is_dir():
        make_corpus(corpus)
    from index import Library

    Library(corpus, index_dir, user_data=args.work / "user.sqlite").update()
    env = environment()
    figures = asyncio.run(measure(corpus, index_dir, args.runs, args.only, args.pagedowns))
    short, long = figures.get("short-30.txt"), figures.get("long-3000.txt")
    ratios = {
        f"{what}_long_over_short": round(float(long[what]) / max(float(short[what]), 0.1), 2)  # type: ignore[arg-type]
        for what in (
            "open_median_ms",
            "next_hit_median_ms",
            "pagedown_median_ms",
            "direct_open_median_ms",
            "direct_next_hit_median_ms",
        )
        if short and long and what in long
    }
    print(json.dumps(ratios))
    if args.out:
        result = {
            **env,
            "runs": args.runs,
            "pagedowns": args.pagedowns,
            "size": [120, 36],
            "documents": figures,
            "ratios": ratios,
        }
        args.out.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
