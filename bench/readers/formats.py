"""Every file of a folder through sleuth's readers (no indexing): files read and failed per format
with the reasons, attachments, and seconds per format (median of --runs runs).

    .venv/bin/python bench/readers/formats.py --runs 3
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import RESULTS, environment

from index import UnreadableFile, load_file
from index.readers import SUPPORTED_SUFFIXES

DATA = Path("/work/shared/data/formats/unstructured-example-docs")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=RESULTS / "readers_formats.json")
    args = parser.parse_args()
    if not args.data.is_dir():
        print(f"{args.data} is missing: nothing to measure")
        return 0
    paths = sorted(p for p in args.data.rglob("*") if p.is_file() and not p.name.startswith("."))
    unsupported: dict[str, int] = defaultdict(int)
    files = []
    for path in paths:
        suffix = path.suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            unsupported[suffix or "(none)"] += 1
            continue
        seconds = []
        record: dict[str, object] = {"file": str(path.relative_to(args.data)), "suffix": suffix}
        for _ in range(args.runs):
            began = time.perf_counter()
            try:
                loaded = load_file(path, path.name)
            except UnreadableFile as error:
                record.update(ok=False, reason=str(error))
            else:
                document = loaded.document
                record.update(
                    ok=True,
                    format=document.format,
                    chars=len(document.text),
                    pages=len(document.pages),
                    dated=bool(document.date),
                    authored=bool(document.author),
                    attachments=len(loaded.attachments),
                    attachments_not_read=[[f.path, f.reason] for f in (*loaded.failures, *loaded.skipped)],
                )
            seconds.append(time.perf_counter() - began)
        record["seconds"] = round(statistics.median(seconds), 4)
        files.append(record)
    by_suffix: dict[str, dict[str, object]] = {}
    for suffix in sorted({str(f["suffix"]) for f in files}):
        mine = [f for f in files if f["suffix"] == suffix]
        failed = [f for f in mine if not f["ok"]]
        by_suffix[suffix] = {
            "files": len(mine),
            "read": len(mine) - len(failed),
            "failed": len(failed),
            "seconds": round(sum(float(f["seconds"]) for f in mine), 3),  # type: ignore[arg-type]
            "slowest": max(mine, key=lambda f: float(f["seconds"]))["file"],  # type: ignore[arg-type]
            "pages": sum(int(f.get("pages", 0)) for f in mine),  # type: ignore[call-overload]
            "dated": sum(bool(f.get("dated")) for f in mine),
            "attachments": sum(int(f.get("attachments", 0)) for f in mine),  # type: ignore[call-overload]
            "failures": {str(f["file"]): f["reason"] for f in failed},
        }
    result = {
        "environment": environment(),
        "data": str(args.data),
        "runs": args.runs,
        "by_suffix": by_suffix,
        "unsupported": dict(sorted(unsupported.items())),
        "files": files,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    for suffix, row in by_suffix.items():
        print(f"{suffix:8} {row['read']:>3}/{row['files']:<3} read  {row['seconds']:>7} s  failed: {row['failures']}")
    print("not read (formats sleuth does not read):", dict(unsupported))
    return 0


if __name__ == "__main__":
    sys.exit(main())
