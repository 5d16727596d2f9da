"""What every benchmark result records: when, on which machine, and on which commit."""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def environment() -> dict[str, object]:
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        cpu = next(line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name"))
        ram_kb = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal"))
    except (OSError, StopIteration):
        cpu, ram_kb = "", 0
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": _git("rev-parse", "--short", "HEAD"),
        "engine_dirty": bool(_git("status", "--porcelain", "--", "index")),
        "python": platform.python_version(),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gb": round(ram_kb / 2**20, 1),
        "loadavg": os.getloadavg(),  # other work on this shared machine, when the run began
    }


def timed_ms(call: Callable[[], object]) -> float:
    """Wall milliseconds of one ``call()``."""
    began = time.perf_counter()
    call()
    return (time.perf_counter() - began) * 1000
