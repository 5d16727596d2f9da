"""PDF text extraction: pages per second and text quality of pypdfium2, pypdf and pdfminer.six.

For every PDF of the folder, each library extracts every page's text (median seconds of --runs
runs, the three libraries interleaved so machine noise hits them alike). Quality, with no gold
text: the share of word tokens that are known English words (a vocabulary from the Wikipedia
shards, words seen 3+ times), glued tokens (20+ letters), words per page, and agreement (bag of
words F1) with each other library. Failures are recorded with the library's message.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/readers/pdf_libraries.py --runs 3
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import RESULTS, environment

DATA = Path("/work/shared/data/formats/unstructured-example-docs")
WIKIPEDIA = Path("/work/shared/data/wikipedia/text/AA")
WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")


def pdfium_pages(path: Path) -> list[str]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    try:
        texts = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_bounded().replace("\x02", "-"))
            textpage.close()
            page.close()
        return texts
    finally:
        document.close()


def pypdf_pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(path).pages]


def pdfminer_pages(path: Path) -> list[str]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer

    return [
        "".join(element.get_text() for element in page if isinstance(element, LTTextContainer))
        for page in extract_pages(path)
    ]


LIBRARIES: dict[str, Callable[[Path], list[str]]] = {
    "pypdfium2": pdfium_pages,
    "pypdf": pypdf_pages,
    "pdfminer.six": pdfminer_pages,
}


def vocabulary(shards: int = 10) -> set[str]:
    counts: Counter[str] = Counter()
    for shard in sorted(WIKIPEDIA.glob("wiki_*"))[:shards]:
        counts.update(w.lower() for w in WORD.findall(shard.read_text(encoding="utf-8", errors="replace")))
    return {word for word, n in counts.items() if n >= 3}


def quality(text: str, known: set[str]) -> dict[str, float]:
    words = [w.lower() for w in WORD.findall(text)]
    if not words:
        return {"words": 0, "known_word_rate": 0.0, "glued_rate": 0.0}
    return {
        "words": len(words),
        "known_word_rate": round(sum(w in known for w in words) / len(words), 4),
        "glued_rate": round(sum(len(w) >= 20 for w in words) / len(words), 5),
    }


def bag_f1(a: str, b: str) -> float:
    ca, cb = Counter(w.lower() for w in WORD.findall(a)), Counter(w.lower() for w in WORD.findall(b))
    overlap = sum((ca & cb).values())
    total = sum(ca.values()) + sum(cb.values())
    return round(2 * overlap / total, 4) if total else 1.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--budget", type=float, default=30.0, help="no further runs once a file took this long")
    parser.add_argument("--out", type=Path, default=RESULTS / "pdf_libraries.json")
    args = parser.parse_args()
    pdfs = sorted(args.data.rglob("*.pdf"))
    if not pdfs:
        print(f"no PDFs under {args.data}: nothing to measure")
        return 0
    known = vocabulary()
    files = []
    for path in pdfs:
        record: dict[str, object] = {"file": str(path.relative_to(args.data))}
        texts: dict[str, str] = {}
        for name in LIBRARIES:
            seconds = []
            pages: list[str] = []
            error = ""
            for _ in range(args.runs):
                began = time.perf_counter()
                try:
                    pages = LIBRARIES[name](path)
                except Exception as failure:  # a benchmark records every library's failure, whatever its kind
                    error = f"{type(failure).__name__}: {failure}"[:200]
                    break
                seconds.append(time.perf_counter() - began)
                if sum(seconds) > args.budget:
                    break  # a slow library on a long file: one run says enough, and the machine is shared
            if error:
                record[name] = {"error": error}
                continue
            texts[name] = "\n".join(pages)
            median = statistics.median(seconds)
            record[name] = {
                "pages": len(pages),
                "seconds": round(median, 4),
                "pages_per_second": round(len(pages) / median, 1) if median else None,
                "runs": len(seconds),
                **quality(texts[name], known),
            }
        names = sorted(texts)
        record["agreement"] = {f"{a}~{b}": bag_f1(texts[a], texts[b]) for a in names for b in names if a < b}
        files.append(record)
        print(json.dumps(record), flush=True)
    summary = {}
    for name in LIBRARIES:
        ok = [f[name] for f in files if "error" not in f.get(name, {"error": 1})]  # type: ignore[operator]
        pages = sum(r["pages"] for r in ok)
        seconds = sum(r["seconds"] for r in ok)
        words = sum(r["words"] for r in ok)
        summary[name] = {
            "files_read": len(ok),
            "files_failed": len(files) - len(ok),
            "pages": pages,
            "seconds": round(seconds, 2),
            "pages_per_second": round(pages / seconds, 1) if seconds else None,
            "known_word_rate": round(sum(r["known_word_rate"] * r["words"] for r in ok) / words, 4) if words else 0,
        }
    result = {"environment": environment(), "runs": args.runs, "summary": summary, "files": files}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
