"""Over-long inputs of issue 12: ``sleuth index`` on one generated file each, in a fresh process.

* a 1.5 MB server log without blank lines (one paragraph, no sentence ends): it aborted the run
  with spaCy's E088 before passages were bounded;
* a 900,000-character line of words: it cost 103 s and 2.97 GB;
* 50,000 tiny paragraphs (``Item N noted.``).

For each: wall seconds, CPU seconds of the process, its peak RSS (``os.wait4``; NER runs inline
for one document), the exit status and summary line, and whether a line from the middle of the
file is found by ``sleuth search``.

    python bench/long_inputs.py --out bench/results/long_inputs.json
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import RESULTS, environment

SLEUTH = Path(sys.executable).with_name("sleuth")


def server_log(size: int) -> tuple[str, str]:
    lines, i = [], 0
    while sum(map(len, lines)) < size:
        lines.append(
            f"2024-03-0{i % 9 + 1} 12:{i % 60:02d}:07 INFO [worker-{i % 16}] request id={i} user=u{i % 300} "
            f"path=/api/v1/items/{i} status=200 took={i % 97}ms\n"
        )
        i += 1
    return "".join(lines), f'"request id={i // 2}"'


def one_line(size: int) -> tuple[str, str]:
    words = "harbour ferry tide quay berth cargo vessel pilot anchor crane".split()
    rng = random.Random(7)
    text = " ".join(rng.choice(words) for _ in range(size // 5))[: size - 30]
    middle = len(text) // 2
    return text[:middle] + " zeppelin " + text[middle:] + "\n", "zeppelin"


def tiny_paragraphs(count: int) -> tuple[str, str]:
    return "\n\n".join(f"Item {i} noted." for i in range(count)) + "\n", f'"item {count // 2}"'


INPUTS = {
    "log_1_5_mb_no_blank_lines": lambda: server_log(1_500_000),
    "line_900000_chars": lambda: one_line(900_000),
    "paragraphs_50000_tiny": lambda: tiny_paragraphs(50_000),
}


def run(argv: list[str], env: dict[str, str]) -> tuple[int, str, float, float, int]:
    """(status, stdout, wall s, CPU s, peak RSS MB) of one process."""
    began = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True)
    assert process.stdout is not None
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    cpu = usage.ru_utime + usage.ru_stime
    return os.waitstatus_to_exitcode(status), out, time.perf_counter() - began, cpu, usage.ru_maxrss // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=RESULTS / "long_inputs.json")
    args = parser.parse_args()
    record: dict[str, object] = {"environment": environment(), "command": " ".join(sys.argv)}
    rows = {}
    for name, make in INPUTS.items():
        with tempfile.TemporaryDirectory(prefix="sleuth-long-") as work:
            corpus, index = Path(work, "corpus"), Path(work, "index")
            corpus.mkdir()
            text, probe = make()
            (corpus / f"{name}.txt").write_text(text)
            env = {**os.environ, "SLEUTH_HOME": str(Path(work, "home"))}
            status, out, wall, cpu, rss = run([str(SLEUTH), "--index-dir", str(index), "index", str(corpus)], env)
            search = subprocess.run(
                [str(SLEUTH), "--corpus", str(corpus), "--index-dir", str(index), "search", probe, "--json"],
                capture_output=True,
                text=True,
                env=env,
            )
            hits = [json.loads(line) for line in search.stdout.splitlines()]
            rows[name] = {
                "file_chars": len(text),
                "status": status,
                "summary": out.strip().splitlines()[1:3] if status == 0 else out.strip().splitlines()[-3:],
                "wall_s": round(wall, 1),
                "cpu_s": round(cpu, 1),
                "peak_rss_mb": rss,
                "probe": probe,
                "probe_found": [h["passage_id"] for h in hits[:3]],
            }
            print(name, json.dumps(rows[name]), flush=True)
    record["inputs"] = rows
    args.out.write_text(json.dumps(record, indent=2) + "\n")


if __name__ == "__main__":
    main()
