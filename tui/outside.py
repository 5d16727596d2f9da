"""Opening a document outside sleuth: in ``$PAGER`` or ``$EDITOR`` (in the terminal), else the
system's viewer for its type."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path


def terminal_command(path: Path) -> list[str] | None:
    """``$PAGER FILE`` or ``$EDITOR FILE`` when either is set, else None."""
    for variable in ("PAGER", "EDITOR"):
        command = os.environ.get(variable, "").strip()
        if command:
            return [*shlex.split(command), str(path)]
    return None


def system_command(path: Path) -> list[str] | None:
    """The desktop's opener for ``path`` (``xdg-open``, ``open``), or None when there is none
    (a server reached over SSH usually has none)."""
    opener = "open" if sys.platform == "darwin" else "xdg-open"
    found = shutil.which(opener)
    return [found, str(path)] if found else None
