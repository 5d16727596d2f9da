"""Watching a corpus folder for files added, changed or removed (watchdog: inotify on Linux).

Events are gathered until the folder has been quiet for ``QUIET_SECONDS`` (a copy of a thousand
files is one update, not a thousand), then the callback runs once, in the watcher's thread.
Hidden files and folders (as the indexer skips them) are ignored.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

QUIET_SECONDS = 1.0
IGNORED = frozenset({"opened", "closed_no_write"})


class CorpusWatch:
    """A running watch of one folder; ``stop`` ends it."""

    def __init__(self, root: Path, changed: Callable[[], None], quiet: float = QUIET_SECONDS) -> None:
        from watchdog.events import FileSystemEvent, FileSystemEventHandler
        from watchdog.observers import Observer

        self.root = root
        self._changed = changed
        self._quiet = quiet
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        watch = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: FileSystemEvent) -> None:
                if event.event_type in IGNORED or (event.is_directory and event.event_type == "modified"):
                    return  # reading a file, or a folder's own time: nothing to index
                paths = [str(event.src_path), str(getattr(event, "dest_path", "") or "")]
                if all(not path or watch._hidden(path) for path in paths):
                    return
                watch._soon()

        self._observer = Observer()
        self._observer.schedule(Handler(), str(root), recursive=True)
        self._observer.daemon = True
        self._observer.start()

    def _hidden(self, path: str) -> bool:
        try:
            parts = Path(path).relative_to(self.root).parts
        except ValueError:
            return True
        return any(part.startswith((".", "__")) for part in parts)

    def _soon(self) -> None:
        """Run the callback once the folder has been quiet for a while."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self._quiet, self._changed)
            self._timer.daemon = True
            self._timer.start()

    def stop(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
        self._observer.stop()
        self._observer.join(timeout=5)
