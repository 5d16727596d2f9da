"""Leave-one-out: what each rule of sleuth's extractor is worth on two CoNLL splits at once.

A rule stays only if it helps on eng.testa *and* on eng.train (the held-out eng.testb showed the
rules gaining less than on testa: some fitted the dev set). The model runs once per split and
text variant (as is, and with ALL-CAPS lines re-cased); its spans are cached in --work-dir,
and every row re-uses them through ``index.ner.mentions_from_spans``, the indexer's own
post-processing, with one rule switched off.

    python bench/ner/ablation.py [--eval-dir /work/shared/eval] [--work-dir /tmp/ner-ablation]
    python bench/ner/ablation.py --json bench/ner/ablation.json

Rows: ``sleuth`` (everything on), ``- RULE`` (that rule off), ``+ RULE`` (a candidate of
``index.ner.OPTIONAL_RULES`` switched on), ``plain spaCy`` (the model's spans, labels mapped).
Δ is the change in F1 over PER+ORG+LOC: negative for "- RULE" means the rule helps, positive
for "+ RULE" means the candidate would.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.util
import json
import pickle
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
sys.path.insert(0, str(HERE.parent))
from common import environment  # noqa: E402

from index import casing, evidence, ner  # noqa: E402
from index.ner import RawSpan  # noqa: E402

SPLITS = ("eng.testa", "eng.train")
NEVER = re.compile(r"(?!)")


def load_conll_eval(eval_dir: Path) -> Any:
    spec = importlib.util.spec_from_file_location("conll_eval", eval_dir / "conll_eval.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextlib.contextmanager
def patched(module: Any, **attrs: object) -> Iterator[None]:
    saved = {k: getattr(module, k) for k in attrs}
    for k, v in attrs.items():
        setattr(module, k, v)
    try:
        yield
    finally:
        for k, v in saved.items():
            setattr(module, k, v)


def without_separator(name: str) -> Callable[[], contextlib.AbstractContextManager[None]]:
    kept = [pattern for key, pattern in ner.SEPARATORS.items() if key != name]
    return lambda: patched(ner, _PIECE=ner.piece_pattern(kept))


def without_evidence(name: str) -> Callable[[], contextlib.AbstractContextManager[None]]:
    rules = {key: rule for key, rule in evidence.SPAN_RULES.items() if key != name}
    return lambda: patched(evidence, SPAN_RULES=rules)


def ablations() -> dict[str, tuple[str, Callable[[], contextlib.AbstractContextManager[None]]]]:
    """Row name → (model spans to use, the patch that switches the rule off)."""
    nothing = contextlib.nullcontext
    rows: dict[str, tuple[str, Callable[[], contextlib.AbstractContextManager[None]]]] = {
        "sleuth": ("recased", nothing),
        "- recase ALL-CAPS lines": ("as_is", nothing),
        "- strip leading the/a/an": ("recased", lambda: patched(ner, _LEADING_ARTICLE=NEVER)),
        "- strip trailing possessive": ("recased", lambda: patched(ner, _TRAILING_POSSESSIVE=NEVER)),
        "- figure-row labels": ("recased", lambda: patched(ner, _is_row_label=lambda text, start, end: False)),
        "- currency units": ("recased", lambda: patched(ner, _CURRENCY_UNITS=frozenset())),
        "- propagate names": ("recased", lambda: patched(ner, propagate=lambda texts, spans: [list(s) for s in spans])),
        "- surname → full name": ("recased", lambda: patched(ner, person_parts=lambda label_of: {})),
        "- acronym → organisation": ("recased", lambda: patched(ner, acronym_of=lambda name: "")),
        "- all type evidence": ("recased", lambda: patched(evidence, SPAN_RULES={})),
    }
    for name in ner.SEPARATORS:
        rows[f"- split at {name}"] = ("recased", without_separator(name))
    for name in evidence.SPAN_RULES:
        rows[f"- evidence: {name}"] = ("recased", without_evidence(name))
    for name, (source, patch) in extra_rows().items():
        rows[name] = (source, patch)
    return rows


def extra_rows() -> dict[str, tuple[str, Callable[[], contextlib.AbstractContextManager[None]]]]:
    """Rules switched on or off through ``ner.OPTIONAL_RULES`` (candidates being measured)."""
    rows = {}
    for name in getattr(ner, "OPTIONAL_RULES", {}):
        flags = dict(ner.OPTIONAL_RULES)
        flags[name] = not flags[name]
        verb = "-" if ner.OPTIONAL_RULES[name] else "+"
        rows[f"{verb} {name}"] = ("recased", lambda flags=flags: patched(ner, OPTIONAL_RULES=flags))
    return rows


def model_spans(texts: list[str], source: str, cache: Path) -> list[list[RawSpan]]:
    """The model's spans for each text (re-cased first for ``recased``), cached by content."""
    digest = hashlib.sha1(("\0".join(texts) + source).encode()).hexdigest()[:16]
    path = cache / f"spans-{source}-{digest}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    began = time.perf_counter()
    shown = texts if source == "recased" else None
    given = [casing.recase_document([t])[0] for t in texts] if source == "recased" else texts
    spans = ner.raw_spans(given, shown=shown)
    print(f"NER over {len(texts)} texts ({source}): {time.perf_counter() - began:.1f} s", file=sys.stderr)
    path.write_bytes(pickle.dumps(spans))
    return spans


def score(ce: Any, articles: list[Any], spans: list[list[RawSpan]]) -> dict[str, float]:
    mentions = ner.mentions_from_spans([[a.text] for a in articles], spans)
    preds = {
        a.id: [{"start": m.start, "end": m.end, "label": m.type} for m in doc[0]]
        for a, doc in zip(articles, mentions, strict=True)
    }
    res = ce.score(articles, preds)
    out = {t: round(res["per_type"][t]["F1"] * 100, 2) for t in ("PER", "ORG", "LOC")}
    o = res["overall_no_misc"]
    out.update(P=round(o["P"] * 100, 2), R=round(o["R"] * 100, 2), F1=round(o["F1"] * 100, 2))
    return out


def plain(ce: Any, articles: list[Any], spans: list[list[RawSpan]]) -> dict[str, float]:
    preds = {
        a.id: [{"start": s.start, "end": s.end, "label": ner.LABELS[s.label]} for s in doc if s.label in ner.LABELS]
        for a, doc in zip(articles, spans, strict=True)
    }
    res = ce.score(articles, preds)
    o = res["overall_no_misc"]
    return {"F1": round(o["F1"] * 100, 2), "P": round(o["P"] * 100, 2), "R": round(o["R"] * 100, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-dir", type=Path, default=Path("/work/shared/eval"))
    parser.add_argument("--work-dir", type=Path, default=Path("/tmp/ner-ablation"), help="model spans cache")
    parser.add_argument("--json", type=Path, help="write the rows as JSON here")
    parser.add_argument("--only", action="append", help="only rows whose name contains this")
    args = parser.parse_args()
    data = {split: args.eval_dir / "conll2003" / split for split in SPLITS}
    if not (args.eval_dir / "conll_eval.py").is_file() or not all(p.is_file() for p in data.values()):
        print(f"skipped: no conll_eval.py or no {' / '.join(SPLITS)} in {args.eval_dir}")
        return 0
    args.work_dir.mkdir(parents=True, exist_ok=True)
    ce = load_conll_eval(args.eval_dir)
    articles, spans = {}, {}
    for split, path in data.items():
        articles[split] = [ce.Article(i, s) for i, s in enumerate(ce.read_conll(str(path)))]
        texts = [a.text for a in articles[split]]
        spans[split] = {source: model_spans(texts, source, args.work_dir) for source in ("as_is", "recased")}
    rows: dict[str, dict[str, dict[str, float]]] = {}
    for name, (source, patch) in ablations().items():
        if args.only and name != "sleuth" and not any(o in name for o in args.only):
            continue
        with patch():
            rows[name] = {split: score(ce, articles[split], spans[split][source]) for split in SPLITS}
    rows["plain spaCy small (NER only)"] = {
        split: plain(ce, articles[split], spans[split]["as_is"]) for split in SPLITS
    }
    base = rows["sleuth"]
    print(f"| rule switched off (-) or on (+) | {' | '.join(f'{s} F1 (Δ)' for s in SPLITS)} | helps on both? |")
    print("|---|" + "---|" * (len(SPLITS) + 1))
    for name, by_split in rows.items():
        deltas = [by_split[s]["F1"] - base[s]["F1"] for s in SPLITS]
        cells = " | ".join(f"{by_split[s]['F1']:.2f} ({d:+.2f})" for s, d in zip(SPLITS, deltas, strict=True))
        helps = all(d > 0 if name.startswith("+") else d < 0 for d in deltas)  # "+": a candidate switched on
        verdict = "" if name == "sleuth" or name.startswith("plain") else "yes" if helps else "**no**"
        print(f"| {name} | {cells} | {verdict} |")
    if args.json:
        args.json.write_text(json.dumps({**environment(), "rows": rows}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
