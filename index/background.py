"""Updating an index in a child process, for a caller that must stay responsive (the app).

The child runs the same update as ``sleuth index`` (``indexer.update_index``) with its standard
streams as pipes, so it never shares the caller's terminal, stderr or interpreter lock: an app
that captures ``sys.stderr`` (Textual's ``fileno()`` is -1) cannot hand it to multiprocessing,
and the NER processes' warnings must not land on its screen. The child writes one JSON line per
event on stdout (progress, then the report or an error); closing its stdin asks it to stop.

    python -m index.background CORPUS INDEX_DIR [--rebuild]
"""

from __future__ import annotations

import _thread
import contextlib
import dataclasses
import json
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from .models import FileFailure, IndexReport, Progress

PROGRESS_INTERVAL_SECONDS = 0.1
"""The child reports progress at most this often (and at every change of stage)."""


class UpdateFailed(RuntimeError):
    """The child process could not update the index (the message says why, in one line)."""


class ChildUpdate:
    """One update running in a child process: read its events, or ask it to stop."""

    def __init__(self, corpus: Path, index_dir: Path, rebuild: bool = False) -> None:
        command = [sys.executable, "-m", "index.background", str(corpus), str(index_dir)]
        if rebuild:
            command.append("--rebuild")
        # A file, not a pipe: nobody has to drain it. Closed when run() ends.
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115
        self._process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._errors,
            text=True,
            encoding="utf-8",
            start_new_session=True,  # a ctrl+c meant for the caller's terminal is the caller's to pass on
        )

    def run(self, progress: Callable[[Progress], None]) -> IndexReport:
        """Forward the child's progress until it ends; its report, or UpdateFailed."""
        report: IndexReport | None = None
        error = ""
        assert self._process.stdout is not None
        for line in self._process.stdout:
            try:
                event = json.loads(line)
            except ValueError:
                continue  # not one of ours (a library printing to stdout)
            if event.get("event") == "progress":
                progress(Progress(event["stage"], event["done"], event["total"], event["current"]))
            elif event.get("event") == "report":
                report = report_from_json(event["report"])
            elif event.get("event") == "error":
                error = str(event["message"])
        code = self._process.wait()
        last_error = self._last_error_line()
        self._errors.close()
        if report is not None:
            return report
        raise UpdateFailed(error or last_error or f"the indexing process ended with status {code}")

    def stop(self) -> None:
        """Ask the child to stop (it keeps what it has committed); returns at once."""
        stdin = self._process.stdin
        if stdin is not None and not stdin.closed:
            with contextlib.suppress(OSError):  # the child has gone already
                stdin.close()

    def _last_error_line(self) -> str:
        self._errors.seek(0)
        lines = [line.strip() for line in self._errors.read().decode("utf-8", "replace").splitlines() if line.strip()]
        return lines[-1] if lines else ""


def report_to_json(report: IndexReport) -> dict[str, Any]:
    return dataclasses.asdict(report)


def report_from_json(raw: dict[str, Any]) -> IndexReport:
    def failures(name: str) -> tuple[FileFailure, ...]:
        return tuple(FileFailure(**failure) for failure in raw[name])

    return IndexReport(
        added=tuple(raw["added"]),
        updated=tuple(raw["updated"]),
        removed=tuple(raw["removed"]),
        unchanged=raw["unchanged"],
        failed=failures("failed"),
        skipped=failures("skipped"),
        seconds=raw["seconds"],
        timings=dict(raw["timings"]),
    )


class _Reporter:
    """Writes the child's events as JSON lines, progress no more often than it is worth reading."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.last_stage = ""
        self.last_time = 0.0

    def emit(self, event: dict[str, Any]) -> None:
        self.out.write(json.dumps(event, ensure_ascii=False) + "\n")
        self.out.flush()

    def progress(self, progress: Progress) -> None:
        now = time.monotonic()
        if progress.stage == self.last_stage and now - self.last_time < PROGRESS_INTERVAL_SECONDS:
            return
        self.last_stage, self.last_time = progress.stage, now
        self.emit({"event": "progress", **dataclasses.asdict(progress)})


def _stop_when_stdin_closes() -> None:
    """The parent closed our stdin (or went away): interrupt the update, which keeps its commits."""
    sys.stdin.read()
    _thread.interrupt_main()


def main(argv: list[str]) -> int:
    from .indexer import update_index
    from .ner import ModelMissing
    from .store import IndexBusy

    corpus, index_dir = Path(argv[0]), Path(argv[1])
    reporter = _Reporter(sys.stdout)
    threading.Thread(target=_stop_when_stdin_closes, daemon=True).start()
    try:
        report = update_index(corpus, index_dir, progress=reporter.progress, rebuild="--rebuild" in argv[2:])
    except KeyboardInterrupt:
        reporter.emit({"event": "error", "message": "indexing stopped; it carries on the next time"})
        return 130
    except (IndexBusy, ModelMissing) as error:
        reporter.emit({"event": "error", "message": str(error)})
        return 1
    except OSError as error:
        where = error.filename or index_dir
        reporter.emit({"event": "error", "message": f"cannot write the index at {where}: {error.strerror or error}"})
        return 1
    reporter.emit({"event": "report", "report": report_to_json(report)})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
