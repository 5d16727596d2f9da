"""What each clean-up step of sleuth's extractor is worth on CoNLL, and what candidate steps would add.

A measurement aid for the error analysis in README.md, not product code. The model runs once
per text variant (as is, and with ALL-CAPS lines re-cased); every variant below re-uses those
spans, so a row costs milliseconds. Each article is one document, as in ``sleuth extract``.

Rows:
- ``raw``: the model's spans with labels mapped (= plain spaCy, NER-only pipeline);
- ``clean``: + index.ner.clean_span (line-break split, edge trims); ``sleuth``: + per-document
  resolution: exactly what ``sleuth extract`` does today;
- ``sleuth - X``: sleuth with one of its existing steps switched off (what that step is worth);
- ``sleuth + X``: sleuth with a candidate step added (an estimate of what is left):
  ``recase`` ALL-CAPS lines re-cased from the casing the same document uses before NER;
  ``split-numbers`` spans split at standalone numbers, scores and dates ("Oldham 3 Ipswich",
  "D. Blenkiron 4-43", "64 Bob Estes"); ``split-punct`` spans split at "(" ")" "," ";" ":" and
  spaced dashes ("Fredericks ( Namibia"); ``propagate`` every other occurrence of a name the
  document already has (and of the surname of a person it names in full) tagged the same way;
  ``prose-vote`` each name typed by the model's votes in running text before those of
  headlines and tables.

    python bench/ner/experiments.py                          # eng.testa
    python bench/ner/experiments.py --data /path/to/eng.train  # a larger check: not tuned on

Run eng.train as well: a step that only helps eng.testa is tuned to it.
"""

from __future__ import annotations

import argparse
import bisect
import collections
import contextlib
import importlib.util
import json
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
from index import ner  # noqa: E402
from index.ner import RawSpan  # noqa: E402

KEEP = ("PER", "ORG", "LOC")
NEVER = re.compile(r"(?!)")
FUNCTION_WORDS = frozenset(
    {"a", "an", "the", "of", "in", "on", "at", "to", "for", "by", "with", "from", "and", "or", "but", "as"}
    | {"into", "over", "after", "before", "v", "vs", "is", "are", "was", "were", "be"}
)


def load_conll_eval(eval_dir: Path):
    spec = importlib.util.spec_from_file_location("conll_eval", eval_dir / "conll_eval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------- candidate: re-casing ALL-CAPS lines
def is_caps_line(line: str) -> bool:
    return not any(c.islower() for c in line) and re.search(r"[^\W\d_]{3}", line) is not None


def recase(text: str) -> str:
    """ALL-CAPS lines re-cased word by word, length kept: the form the document's other lines use
    for the word (not at a line start), else lower case for function words, else Title case."""
    lines = text.split("\n")
    seen: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for line in lines:
        if is_caps_line(line):
            continue
        for m in re.finditer(r"[^\W\d_]+", line):
            if m.start() > 0:
                seen[m.group().lower()][m.group()] += 1

    def word(m: re.Match[str]) -> str:
        w = m.group()
        if len(w) < 2:
            return w
        if forms := seen.get(w.lower()):
            new = forms.most_common(1)[0][0]
        elif w.lower() in FUNCTION_WORDS:
            new = w.lower()
        else:
            new = w[0] + w[1:].lower()
        return new if len(new) == len(w) else w

    return "\n".join(re.sub(r"[^\W\d_]+", word, line) if is_caps_line(line) else line for line in lines)


# ---------------------------------------------------------------- candidate: splitting spans
SPLIT_NUMBERS = re.compile(r"(?:^|\s)[-+(]?\d[\d.,:/-]*\)?(?=\s|$)")
SPLIT_PUNCT = re.compile(r"\s*[(),;:]\s*|\s+[-–—]{1,2}\s+")


def split_span(text: str, span: RawSpan, pattern: re.Pattern[str]) -> list[RawSpan]:
    pieces, begin = [], 0
    for m in [*pattern.finditer(span.text), None]:
        end = m.start() if m else len(span.text)
        if end > begin:
            s, e = span.start + begin, span.start + end
            pieces.append(RawSpan(s, e, text[s:e], span.label))
        if m:
            begin = m.end()
    return pieces


# ---------------------------------------------------------------- candidate: document-level propagation
def propagate(text: str, spans: list[RawSpan]) -> list[RawSpan]:
    """Tag every other occurrence of the document's names (and of full names' surnames)."""
    label_of: dict[str, str] = {}
    for name, votes in _votes(spans).items():
        label_of[name] = votes.most_common(1)[0][0]
    surnames = collections.defaultdict(set)
    for name, label in label_of.items():
        if label == "PERSON" and len(name.split()) >= 2:
            surnames[name.split()[-1]].add(name)
    for surname, people in surnames.items():
        if len(people) == 1 and surname not in label_of:
            label_of[surname] = "PERSON"
    lowered = {m.group() for m in re.finditer(r"\b[a-z]\w*", text)}
    taken = [(s.start, s.end) for s in spans]
    added = []
    for name, label in label_of.items():
        if len(name) < 3 or name.lower() in lowered:  # a common word: "Such", "Knight" as a verb...
            continue
        for m in re.finditer(rf"(?<![\w'’-]){re.escape(name)}(?![\w'’-])", text):
            if not any(m.start() < e and s < m.end() for s, e in taken):
                added.append(RawSpan(m.start(), m.end(), name, label))
                taken.append((m.start(), m.end()))
    return sorted([*spans, *added], key=lambda s: s.start)


def is_prose_line(line: str) -> bool:
    """A line that reads like a sentence: not a headline, dateline, byline or table row."""
    words = line.split()
    lower = sum(1 for w in words if w[:1].islower())
    digits = sum(1 for w in words if any(c.isdigit() for c in w))
    return len(words) >= 6 and lower >= 3 and digits / len(words) < 0.25


def prose_vote(text: str, spans: list[RawSpan]) -> list[RawSpan]:
    """Each name gets the type the model gave it most often in running text, where it had context;
    the votes of headlines, tables and lists count only when running text has none."""
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    prose = [is_prose_line(line) for line in text.split("\n")]
    votes: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for span in spans:
        line = bisect.bisect_right(line_starts, span.start) - 1
        votes[span.text][span.label] += 1000 if prose[line] else 1
    return [RawSpan(s.start, s.end, s.text, votes[s.text].most_common(1)[0][0]) for s in spans]


def _votes(spans: list[RawSpan]) -> dict[str, collections.Counter[str]]:
    votes: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for span in spans:
        votes[span.text][span.label] += 1
    return votes


# ---------------------------------------------------------------- the pipeline, with switches
@contextlib.contextmanager
def patched(**attrs: object) -> Iterator[None]:
    saved = {k: getattr(ner, k) for k in attrs}
    for k, v in attrs.items():
        setattr(ner, k, v)
    try:
        yield
    finally:
        for k, v in saved.items():
            setattr(ner, k, v)


class _NoLineSplit:
    """Stands in for ``re`` inside index.ner so that clean_span keeps spans across line breaks."""

    def __getattr__(self, name: str) -> object:
        return getattr(re, name)

    @staticmethod
    def finditer(pattern: str, string: str) -> Iterator[re.Match[str]]:
        return re.finditer(r"[\s\S]+" if pattern == r"[^\n]+" else pattern, string)


def pipeline(
    text: str,
    raw: list[RawSpan],
    *,
    clean: bool = True,
    resolve: bool = True,
    pre: list[re.Pattern[str]] = (),
    post: Callable[[str, list[RawSpan]], list[RawSpan]] | None = None,
) -> list[tuple[int, int, str]]:
    spans = raw
    for pattern in pre:
        spans = [piece for span in spans for piece in split_span(text, span, pattern)]
    if not clean:
        return [(s.start, s.end, ner.LABELS[s.label]) for s in spans if s.label in ner.LABELS]
    spans = [piece for span in spans for piece in ner.clean_span(text, span)]
    if post:
        spans = post(text, spans)
    if not resolve:
        return [(s.start, s.end, s.label) for s in spans]
    return [(m.start, m.end, m.type) for m in ner.resolve_document([spans])[0]]


def variants() -> dict[str, tuple[str, dict, dict]]:
    """name -> (which model output, patches to index.ner, pipeline options)."""
    return {
        "raw (plain spaCy, NER only)": ("as_is", {}, {"clean": False}),
        "clean (no resolution)": ("as_is", {}, {"resolve": False}),
        "sleuth (today)": ("as_is", {}, {}),
        "sleuth - strip leading the/a/an": ("as_is", {"_LEADING_ARTICLE": NEVER}, {}),
        "sleuth - strip trailing possessive": ("as_is", {"_TRAILING_POSSESSIVE": NEVER}, {}),
        "sleuth - split at line breaks": ("as_is", {"re": _NoLineSplit()}, {}),
        "sleuth - document resolution": ("as_is", {}, {"resolve": False}),
        "sleuth + recase": ("recased", {}, {}),
        "sleuth + split-numbers": ("as_is", {}, {"pre": [SPLIT_NUMBERS]}),
        "sleuth + split-punct": ("as_is", {}, {"pre": [SPLIT_PUNCT]}),
        "sleuth + propagate": ("as_is", {}, {"post": propagate}),
        "sleuth + prose-vote": ("as_is", {}, {"post": prose_vote}),
        "sleuth + recase, split-numbers, split-punct, propagate": (
            "recased",
            {},
            {"pre": [SPLIT_NUMBERS, SPLIT_PUNCT], "post": propagate},
        ),
    }


def score(ce, articles: list, preds: dict[str, list]) -> dict[str, float]:
    res = ce.score(articles, preds)
    out = {t: round(res["per_type"][t]["F1"] * 100, 2) for t in KEEP}
    o = res["overall_no_misc"]
    out.update(P=round(o["P"] * 100, 2), R=round(o["R"] * 100, 2), F1=round(o["F1"] * 100, 2))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-dir", type=Path, default=Path("/work/shared/eval"))
    parser.add_argument("--data", type=Path, help="CoNLL file (default: EVAL_DIR/conll2003/eng.testa)")
    parser.add_argument("--json", type=Path, help="write the rows as JSON here")
    args = parser.parse_args()
    args.data = args.data or args.eval_dir / "conll2003" / "eng.testa"
    if not (args.eval_dir / "conll_eval.py").is_file() or not args.data.is_file():
        print(f"skipped: no conll_eval.py in {args.eval_dir} or no data file {args.data}")
        return 0

    ce = load_conll_eval(args.eval_dir)
    articles = [ce.Article(i, s) for i, s in enumerate(ce.read_conll(str(args.data)))]
    texts = {"as_is": [a.text for a in articles]}
    texts["recased"] = [recase(t) for t in texts["as_is"]]
    assert all(len(a) == len(b) for a, b in zip(texts["as_is"], texts["recased"], strict=True))
    raw = {}
    for name, batch in texts.items():
        began = time.perf_counter()
        raw[name] = ner.raw_spans(batch)
        print(f"NER over {len(batch)} {name} texts: {time.perf_counter() - began:.1f} s", file=sys.stderr)

    rows = {}
    print(f"{args.data.name}: {len(articles)} articles\n")
    print("| variant | F1 PER+ORG+LOC | Δ vs sleuth | P | R | PER | ORG | LOC |")
    print("|---|---|---|---|---|---|---|---|")
    for name, (source, patches, options) in variants().items():
        with patched(**patches):
            preds = {
                a.id: [{"start": s, "end": e, "label": label} for s, e, label in pipeline(a.text, spans, **options)]
                for a, spans in zip(articles, raw[source], strict=True)
            }
        rows[name] = score(ce, articles, preds)
    base = rows["sleuth (today)"]["F1"]
    for name, r in rows.items():
        print(
            f"| {name} | {r['F1']:.2f} | {r['F1'] - base:+.2f} | {r['P']:.1f} | {r['R']:.1f} | "
            f"{r['PER']:.1f} | {r['ORG']:.1f} | {r['LOC']:.1f} |"
        )
    if args.json:
        args.json.write_text(json.dumps({"data": str(args.data), "rows": rows}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
