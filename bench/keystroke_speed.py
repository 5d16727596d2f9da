"""Typing in the search bar: what one keystroke costs, with the footer's keys refreshed only when
what decides them changes (now) against refreshing them on every keystroke (before).

The app runs headless at 120×36 on the seeds in this process. Each run starts a fresh app (the search
bar focused and empty) and waits for it to settle, then types ``TEXT`` (20 characters) one key at a
time with ``pilot.press`` (which waits for the screen to settle after each key) and times the
20 presses; the figure is seconds per keystroke. "before" is the same app with
``update_bindings`` replaced by a plain ``refresh_bindings`` (what every keystroke did before
the change); the two variants alternate run by run in the same process, so the ratio
before / now is measured against a peer on the same machine at the same moment. A bare Textual
``Input`` over a ``Footer`` typed the same way in the same run is the harness's own floor.

    python bench/keystroke_speed.py [--runs 5] [--out bench/results/keystroke_speed.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import environment

TEXT = "ministry of state se"
KEYS = ["space" if char == " " else char for char in TEXT]


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Until no worker runs (the index opened, a search done) and the screen is drawn."""
    while any(worker.is_running for worker in pilot.app.workers):
        await asyncio.sleep(0.01)
    await pilot.pause()


async def type_once(index_dir: Path, user_data: Path, every_key: bool) -> float:
    """Seconds per keystroke for typing ``TEXT`` into the search bar of a fresh app."""
    import seeds
    from index import Library
    from tui.app import SleuthApp, make_app

    app = make_app(Library(seeds.path(), index_dir, user_data=user_data), keymap=user_data.with_suffix(".toml"))
    if every_key:  # before: the footer rebuilt on each keystroke
        app.update_bindings = app.refresh_bindings  # type: ignore[method-assign]
    assert isinstance(app, SleuthApp)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert app.focused is app.search_bar and not app.search_bar.value  # where a fresh app starts
        began = time.perf_counter()
        for key in KEYS:
            await pilot.press(key)
        elapsed = time.perf_counter() - began
        assert app.search_bar.value == TEXT, app.search_bar.value
        await settle(pilot)
    return elapsed / len(KEYS)


async def type_bare() -> float:
    """The harness's own cost: seconds per keystroke into a bare Textual ``Input`` over a ``Footer``."""
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Input

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Input()
            yield Footer()

    app = Bare()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        began = time.perf_counter()
        for key in KEYS:
            await pilot.press(key)
        elapsed = time.perf_counter() - began
        assert app.query_one(Input).value == TEXT
    return elapsed / len(KEYS)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    args = parser.parse_args()

    import seeds
    from index import Library

    work = Path(tempfile.mkdtemp(prefix="sleuth-bench-keys-"))
    index_dir = work / "index"
    Library(seeds.path(), index_dir, user_data=work / "user.sqlite").update()
    environment_record = environment()
    figures: dict[str, list[float]] = {"now": [], "before": [], "bare_input": []}
    for run in range(args.runs):
        for variant in ("before", "now") if run % 2 else ("now", "before"):
            seconds = asyncio.run(type_once(index_dir, work / f"user-{variant}-{run}.sqlite", variant == "before"))
            figures[variant].append(seconds)
        figures["bare_input"].append(asyncio.run(type_bare()))
    now, before = statistics.median(figures["now"]), statistics.median(figures["before"])
    ratios = [b / n for b, n in zip(figures["before"], figures["now"], strict=True)]
    result = {
        **environment_record,
        "text": TEXT,
        "size": "120x36",
        "runs": args.runs,
        "per_key_s": figures,
        "now_median_s": now,
        "before_median_s": before,
        "bare_input_median_s": statistics.median(figures["bare_input"]),
        "ratio_before_over_now_median": statistics.median(ratios),
    }
    print(json.dumps(result, indent=2))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
