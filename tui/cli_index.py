"""``sleuth index``: build or update an index, with live progress, a clean stop and a summary.

ctrl+c stops at the next document: what was committed is kept and the next run carries on (a
second ctrl+c quits at once; that is safe too, the last commit stays usable).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

from index import IndexReport, Library, Progress, printable

from .cli_errors import EXIT_INTERRUPTED, EXIT_USAGE, fail

FAILURES_LISTED = 5
"""Per reason, the summary names this many failed files; --verbose names them all."""

STAGES = {
    "text": ("text", "files"),
    "entities": ("entities", "documents"),
    "merge": ("merging", ""),
    "waiting": ("waiting", ""),
}
"""Progress stage → (what the bar is called, what it counts)."""


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    index = commands.add_parser("index", parents=[common], help="build or update the index of a folder")
    index.add_argument("dir", nargs="?", type=Path, help="the corpus folder (default: --corpus or the seeds)")
    index.add_argument("--rebuild", action="store_true", help="re-read every file from scratch")
    index.add_argument("--verbose", action="store_true", help="name every file that failed")
    index.add_argument(
        "--retry-failed", action="store_true", help="read again the files that failed before, even if unchanged"
    )
    index.add_argument(
        "--jobs", type=int, metavar="N", help="processes finding entities (default: one per core but one; 0: none)"
    )
    index.add_argument("--watch", action="store_true", help="then keep the index current as files change (ctrl+c ends)")


@contextmanager
def stop_on_ctrl_c(stop: threading.Event) -> Iterator[None]:
    """The first ctrl+c asks the update to stop at the next document; a second one interrupts."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def asked(_signum: int, _frame: FrameType | None) -> None:
        print("\nsleuth: stopping at the next document (ctrl+c again to quit at once)…", file=sys.stderr)
        stop.set()
        signal.signal(signal.SIGINT, signal.default_int_handler)

    previous = signal.signal(signal.SIGINT, asked)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def run_index(
    library: Library, rebuild: bool, quiet: bool = False, jobs: int | None = None, retry_failed: bool = False
) -> IndexReport:
    """Update ``library``'s index; a progress display on a terminal (``quiet``: gone once done)."""
    stop = threading.Event()
    options = {"rebuild": rebuild, "stop": stop, "jobs": jobs, "retry_failed": retry_failed}
    with stop_on_ctrl_c(stop):
        if not sys.stderr.isatty():
            return library.update(**options)  # type: ignore[arg-type]
        with _ProgressDisplay(transient=quiet) as display:
            return library.update(progress=display.show, **options)  # type: ignore[arg-type]


class _ProgressDisplay:
    """One bar per stage, each with its count, rate and time left, and the file at hand."""

    def __init__(self, transient: bool) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Bar

        self.bar = Bar(
            TextColumn("{task.description:<9}"),
            BarColumn(bar_width=30),
            MofNCompleteColumn(),
            TextColumn("{task.fields[unit]:<9}"),
            TextColumn("{task.fields[speed]:>8}"),
            TextColumn("{task.fields[left]:>11}"),
            TimeElapsedColumn(),
            TextColumn("[dim]{task.fields[current]}", markup=True),
            console=Console(stderr=True),
            transient=transient,
        )
        self.tasks: dict[str, Any] = {}

    def __enter__(self) -> _ProgressDisplay:
        self.bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.__exit__(*exc)  # type: ignore[arg-type]

    def show(self, progress: Progress) -> None:
        from rich.markup import escape

        if progress.stage not in STAGES:
            return
        name, unit = STAGES[progress.stage]
        if progress.stage not in self.tasks:
            self.tasks[progress.stage] = self.bar.add_task(name, total=None, unit="", speed="", left="", current="")
        task = self.tasks[progress.stage]
        counted = bool(unit)  # merging has steps, not a count worth showing: its bar pulses
        self.bar.update(
            task,
            completed=progress.done if counted else 0,
            total=(progress.total or None) if counted else None,
            unit=unit,
            speed=f"{progress.rate:,.0f}/s" if progress.rate else "",
            left=f"{_duration(progress.eta_seconds)} left" if progress.eta_seconds is not None else "",
            current=escape(printable(progress.current)[-50:]),
        )


def _duration(seconds: float) -> str:
    minutes, second = divmod(int(seconds + 0.5), 60)
    return f"{minutes // 60}:{minutes % 60:02d}:{second:02d}" if minutes >= 60 else f"{minutes}:{second:02d}"


def summarise(report: IndexReport, verbose: bool = False) -> list[str]:
    """The index summary a person reads: counts, then every failure with its reason."""
    empty = f" · empty {len(report.empty)}" if report.empty else ""
    copies = f" · duplicates {len(report.duplicates)}" if report.duplicates else ""
    lines = [
        f"added {len(report.added)} · updated {len(report.updated)} · removed {len(report.removed)} · "
        f"unchanged {report.unchanged} · failed {len(report.failed)}{empty}{copies} · {report.seconds:.1f} s"
    ]
    if report.timings and (report.added or report.updated):
        lines.append("  time: " + ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in report.timings.items()))
    if report.repaired:
        lines.append(f"  repaired: {printable(report.repaired)}")
    by_reason: dict[str, list[str]] = {}
    for failure in report.failed:
        by_reason.setdefault(failure.reason, []).append(printable(failure.path))
    for reason, paths in sorted(by_reason.items(), key=lambda item: -len(item[1])):
        if verbose or len(paths) <= FAILURES_LISTED:
            lines.extend(f"  failed {path}: {printable(reason)}" for path in paths)
        else:
            shown = ", ".join(paths[:FAILURES_LISTED])
            lines.append(f"  failed {len(paths):,} × {printable(reason)}: {shown}, … (--verbose lists all)")
    if report.empty:
        shown = ", ".join(printable(p) for p in report.empty[: len(report.empty) if verbose else FAILURES_LISTED])
        more = ", …" if len(report.empty) > FAILURES_LISTED and not verbose else ""
        lines.append(f"  empty (no text in them) {len(report.empty):,}: {shown}{more}")
    if report.duplicates:
        pairs = report.duplicates if verbose else report.duplicates[:FAILURES_LISTED]
        more = ", …" if len(pairs) < len(report.duplicates) else ""
        said = ", ".join(printable(f"{copy} (= {original})") for copy, original in pairs)
        lines.append(f"  duplicates, indexed once {len(report.duplicates):,}: {said}{more}")
    if report.skipped:
        formats = Counter(f.reason.removeprefix("unsupported format ") for f in report.skipped)
        lines.append(
            f"  skipped {len(report.skipped)} files of formats sleuth does not read: "
            + ", ".join(f"{printable(fmt)} ×{count}" for fmt, count in formats.most_common())
        )
    if report.stopped:
        left = [f"{report.text_pending:,} files to read"] if report.text_pending else []
        left += [f"{report.entities_pending:,} documents' entities to find"] if report.entities_pending else []
        lines.append(
            f"stopped: what was indexed is kept and searchable ({', '.join(left) or 'nothing'} left); "
            "run sleuth index again to carry on"
        )
    return lines


def cmd_index(library: Library, args: argparse.Namespace) -> int:
    if args.jobs is not None and args.jobs < 0:
        return fail("--jobs must be 0 or more", EXIT_USAGE)
    library.make_index_dir()  # an index folder that cannot be made is the one line said, alone
    report = run_index(library, rebuild=args.rebuild, jobs=args.jobs, retry_failed=args.retry_failed)
    print(printable(f"{library.root} → {library.index_dir}"))
    print("\n".join(summarise(report, verbose=args.verbose)))
    if report.stopped:
        return EXIT_INTERRUPTED
    if args.watch:
        print(printable(f"watching {library.root} for changes (ctrl+c ends)…"), flush=True)
        try:
            watch_and_update(library, threading.Event(), jobs=args.jobs)
        except KeyboardInterrupt:
            print("stopped watching", file=sys.stderr)
    return 0


def watch_and_update(library: Library, stop: threading.Event, jobs: int | None = None) -> None:
    """Update the index each time files change, one line per update, until ``stop`` is set."""
    changed = threading.Event()
    watch = library.watch(changed.set)
    try:
        while not stop.is_set():
            if not changed.wait(timeout=0.5):
                continue
            changed.clear()
            report = run_index(library, rebuild=False, quiet=True, jobs=jobs)
            when = time.strftime("%H:%M:%S")
            print(f"{when} " + summarise(report)[0], flush=True)
            for line in summarise(report)[1:]:
                print(line, flush=True)
            if report.stopped:
                return
    finally:
        watch.stop()
