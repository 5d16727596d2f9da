"""Merge an existing index's entities again with the current merge rules, in place.

The cheapest way to measure a change to ``index/merging.py`` or ``index/entities.py`` on a big
corpus: the per-document mentions (NER's output) are read back from the current generation's
``mentions`` index and only the corpus entities and profiles are written again (~1 minute on
Reuters where a build takes ~11); the manifest then records the new index files, so the index
opens as sound. Work on a copy of an index, not on one you need as it is.

    python bench/remerge.py --index-dir INDEX
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from index import generations, store  # noqa: E402
from index.entity_merger import EntityMerger  # noqa: E402


def remerge(index_dir: Path) -> tuple[int, float]:
    """(entities written, seconds) for the current generation of ``index_dir``."""
    began = time.perf_counter()
    with generations.WriterLock(index_dir):
        folder = generations.current(index_dir)
        if folder is None:
            raise SystemExit(f"no current index at {index_dir}")
        manifest = store.read_manifest(folder)
        merger = EntityMerger()
        merger.load(store.open_existing(folder, "mentions"), manifest.files)
        indexes: dict[str, object] = {}
        count = merger.write(folder, indexes, lambda done, total, what: None)  # type: ignore[arg-type]
        manifest.record = generations.record(folder, manifest.record)
        store.write_manifest(folder, manifest)
    return count, time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index-dir", type=Path, required=True)
    args = parser.parse_args()
    count, seconds = remerge(args.index_dir)
    print(f"{count:,} entities merged again in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
