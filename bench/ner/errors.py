"""Error analysis of saved extractor output on CoNLL-2003: every false positive and false
negative over PER/ORG/LOC, sorted into causes, with counts, examples and the oracle gain.

Each gold name that was not found exactly (a false negative) gets one cause, by the first rule
that applies: found with the wrong type; found with wrong boundaries (and why: a leading
"the", a trailing number, a merged neighbour, a stripped possessive...); or missed altogether
(and where: a dateline, an ALL-CAPS headline or table, a name the extractor found elsewhere
in the same article, a surname of a person it named in full, a results table or list, running
text). A predicted span that is not a gold name (a false positive) shares the cause of the gold
name it overlaps; otherwise it is sorted by what it overlaps (a MISC name) or where it is.

"oracle ΔF1" is how much the PER+ORG+LOC F1 would rise if every error of that cause were
fixed and nothing else changed: an upper bound for any fix aimed at it.

    python bench/ner/errors.py --pred /tmp/ner-bench/pred_sleuth.jsonl
    python bench/ner/errors.py --pred PRED.jsonl --examples 5 --context   # local reading only

Examples quote the CoNLL text: print them, never commit them.
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

KEEP = ("PER", "ORG", "LOC")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
SEPARATORS = frozenset({"(", ")", "-", "--", ",", ":", ";", "/", "&", "and", "v", "vs", "AT", "at", "beat"})


def load_conll_eval(eval_dir: Path):
    spec = importlib.util.spec_from_file_location("conll_eval", eval_dir / "conll_eval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sentence_kind(tokens: list[str], is_prose) -> str:
    """dateline | caps (headline or table with no lower-case word) | prose | list."""
    if DATE.fullmatch(tokens[-1]) and len(tokens) <= 8:
        return "dateline"
    words = [t for t in tokens if any(c.isalpha() for c in t)]
    if words and not any(any(c.islower() for c in w) for w in words) and any(len(w) >= 3 for w in words):
        return "caps"
    return "prose" if is_prose(tokens) else "list"


@dataclass
class Doc:
    article: object
    gold: set = field(default_factory=set)  # (start, end, type) over PER/ORG/LOC
    misc: set = field(default_factory=set)
    pred: set = field(default_factory=set)
    kinds: list = field(default_factory=list)  # per sentence
    sentence_starts: set = field(default_factory=set)  # token indices

    def text(self, s: int, e: int) -> str:
        return " ".join(self.article.tokens[s:e])

    def kind_at(self, i: int) -> str:
        return self.kinds[self.article.sent_of[i]]


def overlaps(a: tuple, b: tuple) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def boundary_cause(doc: Doc, g: tuple, p: tuple) -> str:
    """Why predicted span p overlaps gold span g but does not match it."""
    tok = doc.article.tokens
    if doc.article.sent_of[p[0]] != doc.article.sent_of[p[1] - 1]:
        return "boundary: span runs over a line break"
    left_extra, right_extra = tok[p[0] : g[0]], tok[g[1] : p[1]]
    left_missing, right_missing = tok[g[0] : p[0]], tok[p[1] : g[1]]
    extra = left_extra + right_extra
    if any(t in SEPARATORS for t in extra) or any(o != g and overlaps(o, p) for o in doc.gold | doc.misc):
        return "boundary: merged with a neighbouring name or across ( - ,"
    if [t.lower() for t in left_extra] == ["the"] and not right_extra:
        return "boundary: leading 'the' kept"
    if extra and all(any(c.isdigit() for c in t) or t in {"+", "-"} for t in extra):
        return "boundary: number, score or date kept at an edge"
    if right_extra == ["'s"]:
        return "boundary: trailing possessive kept"
    if right_missing and right_missing[-1] in {"'s", "'", "."} and not left_missing:
        return "boundary: possessive or period that belongs to the name cut"
    if extra and not left_missing and not right_missing:
        return "boundary: extra word(s) (title, nationality, month, 'province'...)"
    if left_missing and not right_missing and not extra:
        return "boundary: first word(s) cut (given name, initial)"
    if (left_missing or right_missing) and not extra:
        return "boundary: name truncated (inner or leading part only)"
    return "boundary: shifted"


def classify(doc: Doc) -> tuple[list[tuple[str, tuple]], list[tuple[str, tuple]]]:
    """(cause, gold span) for each false negative; (cause, pred span, shares a gold name's cause)
    for each false positive."""
    tok = doc.article.tokens
    fns, fps = [], []
    fn_cause: dict[tuple, str] = {}
    predicted_strings = collections.defaultdict(set)
    for p in doc.pred:
        predicted_strings[doc.text(p[0], p[1])].add(p[2])
    full_person_last = {tok[p[1] - 1] for p in doc.pred if p[2] == "PER" and p[1] - p[0] >= 2}
    for g in sorted(doc.gold - doc.pred):
        same = [p for p in doc.pred if p[:2] == g[:2]]
        over = sorted((p for p in doc.pred if overlaps(p, g)), key=lambda p: -(min(p[1], g[1]) - max(p[0], g[0])))
        name = doc.text(g[0], g[1])
        kind = doc.kind_at(g[0])
        if kind in {"caps", "dateline"}:
            # whatever went wrong, the model saw no lower case: one cause, one remedy (re-casing)
            what = "wrong type" if same else "wrong boundaries" if over else "missed"
            where = "dateline" if kind == "dateline" else "headline or table line"
            cause = f"ALL-CAPS {where}: {what}"
        elif same:
            cause = f"type: {g[2]} typed as {same[0][2]}"
        elif over:
            cause = boundary_cause(doc, g, over[0])
        elif name in predicted_strings:
            cause = "missed: same name found elsewhere in the article"
        elif g[2] == "PER" and g[1] - g[0] == 1 and name in full_person_last:
            cause = "missed: surname of a person named in full"
        elif kind == "list":
            cause = f"missed: results table or list ({g[2]})"
        else:
            cause = f"missed: running text ({g[2]})"
        fn_cause[g] = cause
        fns.append((cause, g))
    for p in sorted(doc.pred - doc.gold):
        paired = [g for g in fn_cause if overlaps(g, p)]
        kind = doc.kind_at(p[0])
        if paired:
            cause = fn_cause[paired[0]]
        elif any(overlaps(m, p) for m in doc.misc):
            cause = "spurious: a MISC name (nationality, event, league...) typed PER/ORG/LOC"
        elif any(overlaps(g, p) for g in doc.gold):
            cause = "spurious: extra span overlapping a correctly found name"
        elif kind in {"caps", "dateline"}:
            cause = "ALL-CAPS headline or table line: spurious"
        elif p[1] - p[0] == 1 and p[0] in doc.sentence_starts:
            cause = "spurious: capitalised common word at line start"
        elif kind == "list":
            cause = "spurious: other, in a results table or list"
        else:
            cause = "spurious: other, in running text"
        fps.append((cause, p, bool(paired)))
    return fns, fps


def load(eval_dir: Path, data: Path, pred_path: Path) -> list[Doc]:
    ce = load_conll_eval(eval_dir)
    preds = ce.load_preds(str(pred_path))
    docs = []
    for i, sents in enumerate(ce.read_conll(str(data))):
        a = ce.Article(i, sents)
        if a.id not in preds:
            continue
        doc = Doc(a)
        for s, e, t in a.gold:
            (doc.gold if t in KEEP else doc.misc).add((s, e, t))
        for ent in preds[a.id]:
            label = ce.map_label(ent.get("label", ""))
            span, _ = a.char_to_tokens(int(ent["start"]), int(ent["end"]))
            if label in KEEP and span is not None:
                doc.pred.add((span[0], span[1], label))
        doc.kinds = [sentence_kind([tok for tok, _ in sent], ce.is_prose) for sent in sents]
        doc.sentence_starts = {i for i in range(len(a.tokens)) if i == 0 or a.sent_of[i] != a.sent_of[i - 1]}
        docs.append(doc)
    return docs


SPORTS_HEADLINE = re.compile(
    r"(SOCCER|CRICKET|TENNIS|GOLF|BASEBALL|BASKETBALL|RUGBY|ATHLETICS|CYCLING|MOTOR|BOXING|SQUASH|HORSE"
    r"|YACHTING|ROWING|SWIMMING|RACING|ICE HOCKEY|HOCKEY|NFL|NHL|NBA|AUSTRALIAN RULES|BADMINTON|JUDO|SKIING)\b"
)
"""CoNLL's sports articles open with a headline like "SOCCER - ...": analysis only, not a product rule."""


def by_article_kind(docs: list[Doc]) -> dict[str, dict[str, float]]:
    """F1 per type for sports articles (results tables, teams named after places) and the rest."""
    out: dict[str, dict[str, float]] = {}
    for kind in ("sports", "other"):
        chosen = [d for d in docs if (SPORTS_HEADLINE.match(d.article.text) is not None) == (kind == "sports")]
        row: dict[str, float] = {"articles": len(chosen)}
        for types in (*[(t,) for t in KEEP], KEEP):
            gold = sum(1 for d in chosen for g in d.gold if g[2] in types)
            pred = sum(1 for d in chosen for p in d.pred if p[2] in types)
            tp = sum(1 for d in chosen for g in d.gold & d.pred if g[2] in types)
            row["+".join(types) + " gold"] = gold
            row["+".join(types) + " F1"] = round(f1(tp, pred, gold) * 100, 2)
        out[kind] = row
    return out


def f1(tp: int, n_pred: int, n_gold: int) -> float:
    return 2 * tp / (n_pred + n_gold) if n_pred + n_gold else 0.0


def context(doc: Doc, span: tuple, width: int = 6) -> str:
    """The span in [[ ]] with up to ``width`` tokens either side, within its line."""
    a, (s, e) = doc.article, span[:2]
    lo = max(s - width, 0)
    while a.sent_of[lo] != a.sent_of[s]:
        lo += 1
    hi = min(e + width, len(a.tokens))
    while a.sent_of[hi - 1] != a.sent_of[e - 1]:
        hi -= 1
    return " ".join([*a.tokens[lo:s], "[[", *a.tokens[s:e], "]]", *a.tokens[e:hi]])


def analyse(docs: list[Doc]) -> dict[str, object]:
    n_gold = sum(len(d.gold) for d in docs)
    n_pred = sum(len(d.pred) for d in docs)
    tp = sum(len(d.gold & d.pred) for d in docs)
    base = f1(tp, n_pred, n_gold)
    causes: dict[str, dict] = collections.defaultdict(lambda: {"fn": 0, "fp": 0, "fixed_fn": 0, "examples": []})
    for d in docs:
        fns, fps = classify(d)
        for cause, g in fns:
            c = causes[cause]
            c["fn"] += 1
            over = [p for p in d.pred if overlaps(p, g) and p not in d.gold]
            pred_text = f"{d.text(over[0][0], over[0][1])}/{over[0][2]}" if over else ""
            c["examples"].append((d, g, f"{d.text(g[0], g[1])}/{g[2]}", pred_text))
        for cause, p, paired in fps:
            c = causes[cause]
            c["fp"] += 1
            if not paired:
                c["examples"].append((d, p, "", f"{d.text(p[0], p[1])}/{p[2]}"))
    groups: dict[str, dict] = collections.defaultdict(lambda: {"fn": 0, "fp": 0})
    for cause, c in causes.items():
        groups[cause.split(":")[0]]["fn"] += c["fn"]
        groups[cause.split(":")[0]]["fp"] += c["fp"]
    for c in [*causes.values(), *groups.values()]:
        # fixing a cause: its false negatives become true positives, its false positives go
        fixed_tp = tp + c["fn"]
        fixed_pred = n_pred - c["fp"] + c["fn"]
        c["oracle_gain"] = (f1(fixed_tp, fixed_pred, n_gold) - base) * 100
    return {
        "base_f1": base * 100,
        "tp": tp,
        "pred": n_pred,
        "gold": n_gold,
        "causes": dict(causes),
        "groups": dict(groups),
    }


def pick(examples: list, n: int) -> list:
    """n examples spread over the data (not the first n, which cluster in one article)."""
    if len(examples) <= n:
        return examples
    step = len(examples) / n
    return [examples[int(i * step)] for i in range(n)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-dir", type=Path, default=Path("/work/shared/eval"))
    parser.add_argument("--data", type=Path, help="CoNLL file (default: EVAL_DIR/conll2003/eng.testa)")
    parser.add_argument("--pred", type=Path, required=True, help="saved extractor output (run.py --work-dir)")
    parser.add_argument("--examples", type=int, default=3)
    parser.add_argument("--context", action="store_true", help="print each example with its sentence context")
    parser.add_argument("--json", type=Path, help="write counts and oracle gains (no examples) here")
    args = parser.parse_args()
    args.data = args.data or args.eval_dir / "conll2003" / "eng.testa"
    if not (args.eval_dir / "conll_eval.py").is_file() or not args.data.is_file() or not args.pred.is_file():
        print(f"skipped: need {args.eval_dir}/conll_eval.py, {args.data} and {args.pred}")
        return 0

    docs = load(args.eval_dir, args.data, args.pred)
    result = analyse(docs)
    causes = result["causes"]
    fn_total = sum(c["fn"] for c in causes.values())
    fp_total = sum(c["fp"] for c in causes.values())
    print(
        f"PER+ORG+LOC: F1 {result['base_f1']:.2f}, tp {result['tp']}, pred {result['pred']}, gold {result['gold']}; "
        f"{fn_total} false negatives, {fp_total} false positives"
    )
    print()
    print("| cause | FN | FP | oracle ΔF1 | examples (gold → predicted) |")
    print("|---|---|---|---|---|")
    for cause, c in sorted(causes.items(), key=lambda kv: -kv[1]["oracle_gain"]):
        shown = "; ".join(f"{g or '—'} → {p or '—'}" for _, _, g, p in pick(c["examples"], args.examples))
        print(f"| {cause} | {c['fn']} | {c['fp']} | +{c['oracle_gain']:.2f} | {shown} |")
    print()
    print("| group | FN | FP | oracle ΔF1 |")
    print("|---|---|---|---|")
    for group, c in sorted(result["groups"].items(), key=lambda kv: -kv[1]["oracle_gain"]):
        print(f"| {group} | {c['fn']} | {c['fp']} | +{c['oracle_gain']:.2f} |")
    kinds = by_article_kind(docs)
    print()
    print("| articles | n | gold PER+ORG+LOC | F1 PER | F1 ORG | F1 LOC | F1 PER+ORG+LOC |")
    print("|---|---|---|---|---|---|---|")
    for kind, r in kinds.items():
        print(
            f"| {kind} | {r['articles']} | {r['PER+ORG+LOC gold']} | {r['PER F1']:.1f} | {r['ORG F1']:.1f} | "
            f"{r['LOC F1']:.1f} | {r['PER+ORG+LOC F1']:.1f} |"
        )
    if args.context:
        for cause, c in sorted(causes.items()):
            print(f"\n## {cause}")
            for d, span, g, p in pick(c["examples"], args.examples):
                print(f"  {g or '—'} → {p or '—'}    {context(d, span)}")
    if args.json:
        slim = {k: {"fn": c["fn"], "fp": c["fp"], "oracle_gain": round(c["oracle_gain"], 2)} for k, c in causes.items()}
        head = {k: result[k] for k in ("base_f1", "tp", "pred", "gold")}
        out = {**head, "groups": result["groups"], "causes": slim, "by_article_kind": kinds}
        args.json.write_text(json.dumps(out, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
