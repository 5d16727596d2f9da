"""Updating an index in a child process, for a caller that must stay responsive (the app).

The child runs the same update as ``sleuth index`` (``indexer.update_index``) with its standard
streams as pipes, so it never shares the caller's terminal, stderr or interpreter lock: an app
that captures ``sys.stderr`` (Textual's ``fileno()`` is -1) cannot hand it to multiprocessing,
and the NER processes' warnings must not land on its screen. The child writes one JSON line per
event on stdout (progress, then the report or an error); closing its stdin asks it to stop.

    python -m index.background CORPUS INDEX_DIR [--rebuild]
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import select
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
"""The child reports progress at most this often (and at every change of stage and commit)."""
READ_POLL_SECONDS = 0.2
"""How long the parent waits for a line before looking whether it was asked to stop."""


class UpdateFailed(RuntimeError):
    """The child process could not update the index (the message says why, in one line)."""


class ChildUpdate:
    """One update running in a child process: read its events, or ask it to stop."""

    def __init__(self, corpus: Path, index_dir: Path, rebuild: bool = False, jobs: int | None = None) -> None:
        command = [sys.executable, "-m", "index.background", str(corpus), str(index_dir)]
        if rebuild:
            command.append("--rebuild")
        if jobs is not None:
            command.append(f"--jobs={jobs}")
        # A file, not a pipe: nobody has to drain it. Closed when run() ends.
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115
        self._process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._errors,
            start_new_session=True,  # a ctrl+c meant for the caller's terminal is the caller's to pass on
        )
        self._stopping = threading.Event()

    def run(self, progress: Callable[[Progress], None]) -> IndexReport:
        """Forward the child's progress until it ends; its report, or UpdateFailed.

        After ``stop`` it returns within a fraction of a second with a stopped report, without
        waiting for the child, which stops at its next document on its own: a caller quitting
        never waits for a commit.
        """
        report: IndexReport | None = None
        error = ""
        assert self._process.stdout is not None
        stream = self._process.stdout.fileno()
        pending = b""
        while not self._stopping.is_set():
            if not select.select([stream], [], [], READ_POLL_SECONDS)[0]:
                continue
            chunk = os.read(stream, 1 << 16)
            if not chunk:
                break
            *lines, pending = (pending + chunk).split(b"\n")
            for line in lines:
                try:
                    event = json.loads(line)
                except ValueError:
                    continue  # not one of ours (a library printing to stdout)
                if event.get("event") == "progress":
                    del event["event"]
                    progress(Progress(**event))
                elif event.get("event") == "report":
                    report = report_from_json(event["report"])
                elif event.get("event") == "error":
                    error = str(event["message"])
        if self._stopping.is_set() and report is None:
            return IndexReport(stopped=True)
        code = self._process.wait()
        last_error = self._last_error_line()
        self._errors.close()
        if report is not None:
            return report
        raise UpdateFailed(error or last_error or f"the indexing process ended with status {code}")

    def stop(self) -> None:
        """Ask the child to stop (it keeps what it has committed); returns at once."""
        self._stopping.set()
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
    fields = dict(raw)
    for name in ("failed", "skipped"):
        fields[name] = tuple(FileFailure(**failure) for failure in raw[name])
    for name in ("added", "updated", "removed", "empty"):
        fields[name] = tuple(raw[name])
    return IndexReport(**fields)


class _Reporter:
    """Writes the child's events as JSON lines, progress no more often than it is worth reading.
    When the parent has gone (the pipe is broken), the update is asked to stop."""

    def __init__(self, out: IO[str], stop: threading.Event) -> None:
        self.out, self.stop = out, stop
        self.last_stage = ""
        self.last_time = 0.0

    def emit(self, event: dict[str, Any]) -> None:
        if self.out.closed:
            return
        try:
            self.out.write(json.dumps(event, ensure_ascii=False) + "\n")
            self.out.flush()
        except OSError:  # the parent went away: nobody to tell, so stop at the next document
            self.stop.set()
            with contextlib.suppress(OSError):
                self.out.close()

    def progress(self, progress: Progress) -> None:
        now = time.monotonic()
        recent = progress.stage == self.last_stage and now - self.last_time < PROGRESS_INTERVAL_SECONDS
        if recent and not progress.committed:
            return
        self.last_stage, self.last_time = progress.stage, now
        self.emit({"event": "progress", **dataclasses.asdict(progress)})


def _stop_when_stdin_closes(stop: threading.Event) -> None:
    """The parent closed our stdin (or went away): the update stops at its next document."""
    sys.stdin.read()
    stop.set()


def main(argv: list[str]) -> int:
    from .indexer import update_index
    from .ner import ModelMissing
    from .store import IndexBusy, IndexDamaged

    corpus, index_dir = Path(argv[0]), Path(argv[1])
    jobs = next((int(a.split("=", 1)[1]) for a in argv[2:] if a.startswith("--jobs=")), None)
    stop = threading.Event()
    reporter = _Reporter(sys.stdout, stop)
    threading.Thread(target=_stop_when_stdin_closes, args=(stop,), daemon=True).start()
    try:
        report = update_index(
            corpus,
            index_dir,
            progress=reporter.progress,
            rebuild="--rebuild" in argv[2:],
            stop=stop,
            jobs=jobs,
            wait=True,
        )
    except (IndexBusy, IndexDamaged, ModelMissing) as error:
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
