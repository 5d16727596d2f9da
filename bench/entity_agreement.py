"""One entity per real thing? sleuth's corpus entities against the Reuters-21578 metadata.

Each Reuters article carries hand-assigned ``places``, ``people`` and ``orgs`` codes
(``usa``, ``james-baker``, ``ec``): a document-level weak gold. For each code given to at least
``--min-articles`` indexed articles it reports

* **share**: the share of the code's articles in which sleuth names *the same entity*, the one
  entity (among those carrying one of the code's names) that the most of them name. When U.S.,
  US and United States are three entities, this is the share of the largest alone;
* **any**: the share in which sleuth names the thing under any entity (the bound for share:
  recall of the extractor, whatever the merging);
* **split**: how many sleuth entities carry one of the code's names in its articles (1 is
  one entity per thing); **split≥3**: those named in three articles or more (junk aside);
* **purity**: of the articles naming the main entity, the share carrying the code (a check
  against merging too much: "Baker" folded into the wrong Baker lowers it; the codes are
  incomplete, so it stays below 1 even when sleuth is right).

A code's names: its words ("west-germany" → "west germany"); a person's surname alone as well
("james-baker" → "baker", and any person ending in "Reagan" for "reagan"), and for a few codes
the names news uses for them (``NAMES``, below: written from general knowledge, not from
sleuth's output). An entity carries a name when its name or an alias, case and dots aside
("U.S." = "us"), is one of them.

    python bench/entity_agreement.py --corpus /work/shared/data/reuters21578/articles \\
        --index-dir INDEX [--out bench/results/entity_agreement.json]

Skips (exit status 0) when the metadata or the index is missing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
from common import environment  # noqa: E402

from index import Library, generations, store  # noqa: E402
from index.models import entity_key  # noqa: E402

KINDS = {"people": "PERSON", "orgs": "ORG", "places": "PLACE"}
NAMES = {
    "usa": ("united states", "us", "usa", "america", "united states of america"),
    "uk": ("britain", "united kingdom", "uk", "great britain"),
    "ussr": ("soviet union", "ussr"),
    "uae": ("united arab emirates", "uae"),
    "ec": ("european community", "european communities", "european economic community", "eec", "ec"),
    "imf": ("international monetary fund", "imf"),
    "opec": ("organization of petroleum exporting countries", "opec"),
    "worldbank": ("world bank",),
    "gatt": ("general agreement on tariffs and trade", "gatt"),
    "ico-coffee": ("international coffee organization", "international coffee organisation", "ico"),
    "oecd": ("organisation for economic co-operation and development", "oecd"),
    "icco": ("international cocoa organization", "international cocoa organisation", "icco"),
    "adb-asia": ("asian development bank", "adb"),
    "adb-africa": ("african development bank", "afdb"),
    "itc": ("international tin council", "itc"),
    "un": ("united nations", "un"),
}


def fold(name: str) -> str:
    """Case, dots and spacing aside: "U.S." → "us", "West  Germany" → "west germany"."""
    return " ".join(name.replace(".", "").replace("-", " ").casefold().split())


def code_names(kind: str, code: str) -> tuple[frozenset[str], str, str]:
    """(names, surname, given names) of a metadata code; surname and given names for people only."""
    words = code.split("-")
    names = {fold(" ".join(words)), *NAMES.get(code, ())}
    if kind != "people":
        return frozenset(names), "", ""
    return frozenset(names), words[-1], " ".join(words[:-1])


def carries(entity_names: list[str], entity_type: str, names: frozenset[str], surname: str, given: str) -> bool:
    """True when an entity (its name and aliases, folded) carries one of a code's names."""
    for name in entity_names:
        if name in names:
            return True
        if surname and entity_type == "PERSON":
            words = name.split()
            if words and words[-1] == surname and (not given or len(words) == 1):
                return True  # "reagan": Ronald Reagan, Reagan; "james-baker": Baker, not Howard Baker
    return False


def load_gold(metadata: Path, indexed: set[str]) -> dict[str, dict[str, set[str]]]:
    """kind → code → doc ids (of indexed articles) carrying it."""
    gold: dict[str, dict[str, set[str]]] = {kind: defaultdict(set) for kind in KINDS}
    for line in metadata.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        doc_id = Path(record["file"]).name
        if doc_id not in indexed:
            continue
        for kind in KINDS:
            for code in record[kind]:
                gold[kind][code].add(doc_id)
    return gold


def named_by_document(library: Library) -> dict[str, set[str]]:
    """doc id → the corpus entity keys sleuth names in it."""
    named: dict[str, set[str]] = {}
    folder = generations.current(library.index_dir)
    assert folder is not None, "checked by main"
    mentions = store.open_or_create(folder, "mentions")
    with mentions.searcher() as searcher:
        for fields in searcher.all_stored_fields():
            named[fields["doc_id"]] = {
                library.corpus_key(entity_key(entity_type, canonical))
                for _n, _s, _e, _surface, entity_type, canonical in fields["mentions"]
            }
    return named


def measure(library: Library, metadata: Path, min_articles: int) -> dict[str, object]:
    named = named_by_document(library)
    gold = load_gold(metadata, set(named))
    entities = {e.key: e for e in library.entities()}
    folded = {key: [fold(n) for n in (e.name, *e.aliases)] for key, e in entities.items()}
    documents_of: dict[str, set[str]] = defaultdict(set)
    for doc_id, keys in named.items():
        for key in keys:
            documents_of[key].add(doc_id)
    codes_of: dict[str, set[str]] = defaultdict(set)
    for codes in gold.values():
        for code, docs in codes.items():
            for doc_id in docs:
                codes_of[doc_id].add(code)
    report: dict[str, object] = {}
    for kind, codes in gold.items():
        rows = []
        for code, articles in sorted(codes.items(), key=lambda kv: -len(kv[1])):
            if len(articles) < min_articles:
                continue
            names, surname, given = code_names(kind, code)
            carriers = {k for k in entities if carries(folded[k], entities[k].type, names, surname, given)}
            hits = Counter({k: len(documents_of[k] & articles) for k in carriers})
            hits = Counter({k: c for k, c in hits.items() if c})
            main, main_hits = hits.most_common(1)[0] if hits else ("", 0)
            any_hits = sum(1 for a in articles if named.get(a, set()) & carriers)
            main_docs = documents_of.get(main, set())
            rows.append(
                {
                    "code": code,
                    "articles": len(articles),
                    "share": round(main_hits / len(articles), 4),
                    "any": round(any_hits / len(articles), 4),
                    "split": len(hits),
                    "split_3": sum(1 for c in hits.values() if c >= 3),
                    "purity": round(sum(1 for d in main_docs if code in codes_of[d]) / len(main_docs), 4)
                    if main_docs
                    else 0.0,
                    "main": entities[main].name if main else "",
                    "entities": [[entities[k].name, entities[k].type, c] for k, c in hits.most_common(8)],
                }
            )
        total = sum(r["articles"] for r in rows)
        report[kind] = {
            "codes": len(rows),
            "share_micro": round(sum(r["share"] * r["articles"] for r in rows) / total, 4) if total else 0.0,
            "any_micro": round(sum(r["any"] * r["articles"] for r in rows) / total, 4) if total else 0.0,
            "share_macro": round(statistics.fmean(r["share"] for r in rows), 4) if rows else 0.0,
            "split_mean": round(statistics.fmean(r["split"] for r in rows), 2) if rows else 0.0,
            "split_3_mean": round(statistics.fmean(r["split_3"] for r in rows), 2) if rows else 0.0,
            "one_entity_codes": sum(1 for r in rows if r["split_3"] <= 1),
            "rows": rows,
        }
    return report


def print_report(report: dict[str, object], top: int) -> None:
    print("| codes | n | share (micro) | any (micro) | share (macro) | split | split≥3 | one entity (split≥3 ≤ 1) |")
    print("|---|---|---|---|---|---|---|---|")
    for kind in KINDS:
        r = report[kind]
        print(
            f"| {kind} | {r['codes']} | {r['share_micro']:.3f} | {r['any_micro']:.3f} | {r['share_macro']:.3f} | "
            f"{r['split_mean']:.2f} | {r['split_3_mean']:.2f} | {r['one_entity_codes']} of {r['codes']} |"
        )
    for kind in KINDS:
        print(f"\n{kind}: code (articles) share / any / split / split≥3 / purity — main entity; the entities")
        for row in report[kind]["rows"][:top]:
            named = ", ".join(f"{n} ({t[0]}) {c}" for n, t, c in row["entities"][:5])
            print(
                f"  {row['code']} ({row['articles']}) {row['share']:.3f} / {row['any']:.3f} / {row['split']} / "
                f"{row['split_3']} / {row['purity']:.2f} — {row['main']}; {named}"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=Path("/work/shared/data/reuters21578/articles"))
    parser.add_argument("--metadata", type=Path, help="default: CORPUS/../metadata.jsonl")
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--min-articles", type=int, default=10, help="codes given to fewer articles are left out")
    parser.add_argument("--top", type=int, default=12, help="codes listed per kind")
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    args = parser.parse_args()
    metadata = args.metadata or args.corpus.parent / "metadata.jsonl"
    library = Library(args.corpus, args.index_dir) if args.corpus.is_dir() else None
    if not metadata.is_file() or library is None or not library.is_built():
        print(f"skipped: no {metadata}, corpus folder or index of the current schema at {args.index_dir}")
        return 0
    report = measure(library, metadata, args.min_articles)
    print_report(report, args.top)
    if args.out:
        args.out.write_text(json.dumps({**environment(), "index_dir": str(args.index_dir), **report}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
