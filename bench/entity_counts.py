"""Do the counts tell the truth? Cards and facets on an existing index, against a count made apart.

For each ``--names`` group (names that should be one thing: ``US``, ``U.S.``, ``United States``)
it prints the card each name opens (``Library.entity_card``: key, name, counts), and whether they
are one. For each ``--query`` (``person:reagan``) it prints the facet count of the query's first
entity over all hits (``Library.search(limit=10)``, what the entities pane and ``--facets``
show) beside the passages that name that entity, counted from the documents index's stored
mentions (each mention's per-document key mapped to its corpus entity): the two must be equal.

    python bench/entity_counts.py --corpus /work/shared/data/reuters21578/articles --index-dir DIR \\
        [--names "US,U.S.,United States" ...] [--query person:reagan ...] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from common import environment

from index import Library, generations, store
from index.models import entity_key


def passages_by_entity(library: Library) -> dict[str, set[tuple[str, int]]]:
    """Corpus entity key → the (doc id, passage number) pairs whose stored mentions name it."""
    naming: dict[str, set[tuple[str, int]]] = defaultdict(set)
    folder = generations.current(library.index_dir)
    assert folder is not None, "checked by main"
    mentions = store.open_or_create(folder, "mentions")
    with mentions.searcher() as searcher:
        for fields in searcher.all_stored_fields():
            for passage, _start, _end, _surface, entity_type, canonical in fields["mentions"]:
                naming[library.corpus_key(entity_key(entity_type, canonical))].add((fields["doc_id"], passage))
    return naming


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--names", nargs="*", default=["US,U.S.,United States", "EC,European Community"])
    parser.add_argument("--query", nargs="*", default=["person:reagan", "org:opec", "place:japan"])
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    library = Library(args.corpus, args.index_dir)
    if not library.is_built():
        print(f"skipped: no index of the current schema at {args.index_dir}")
        return 0
    report: dict[str, list[dict[str, object]]] = {"cards": [], "facets": []}
    for group in args.names:
        cards = []
        for name in group.split(","):
            entity = library.entity_card(name, mention_passages=0).entity
            cards.append({"asked": name, "key": entity.key, "name": entity.name, "passages": entity.passage_count})
            print(f"entity {name!r}: {entity.name} ({entity.type}) key {entity.key}, {entity.passage_count} passages")
        one = len({c["key"] for c in cards}) == 1
        print(f"  one card: {one}")
        report["cards"].append({"names": group, "one_card": one, "cards": cards})
    naming = passages_by_entity(library)
    for query in args.query:
        result = library.search(query, limit=10)
        first = result.entities[0]
        counted = len(naming.get(first.key, set()))
        row = {"query": query, "total": result.total, "entity": first.name, "facet": first.count, "counted": counted}
        print(f"{query}: {result.total} results; facet {first.name} {first.count}; passages naming it {counted}")
        report["facets"].append({**row, "equal": first.count == counted})
    if args.out:
        args.out.write_text(json.dumps({**environment(), "index_dir": str(args.index_dir), **report}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
