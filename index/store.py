"""The on-disk index: four Whoosh indexes in one folder, and where that folder lives.

* ``passages``: one Whoosh document per passage, searched by queries.
* ``documents``: one per file, the manifest for incremental updates and the text for reading.
* ``entities``: one per entity across the corpus, rebuilt after every update.
* ``profiles``: per entity, its descriptors, quotes and co-mentions (read one at a time).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import NamedTuple

from whoosh import index as whoosh_index
from whoosh.analysis import StandardAnalyzer, StemmingAnalyzer
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.index import Index

SCHEMA_VERSION = 9
"""Bumped when a schema or the meaning of a stored field changes: the index is then rebuilt."""

TEXT_ANALYZER = StemmingAnalyzer()
NAME_ANALYZER = StandardAnalyzer(stoplist=None)
"""Entity names are matched word by word, unstemmed: ``person:inkster`` finds "Nigel Inkster"."""


def passage_schema() -> Schema:
    return Schema(
        passage_id=ID(stored=True, unique=True),
        doc_id=ID(stored=True, sortable=True),
        n=NUMERIC(stored=True),
        title=TEXT(stored=True, analyzer=TEXT_ANALYZER),
        text=TEXT(stored=True, analyzer=TEXT_ANALYZER, spelling=True),
        start=STORED(),
        end=STORED(),
        entities=KEYWORD(stored=True, commas=True, scorable=False),
        person=TEXT(analyzer=NAME_ANALYZER),
        org=TEXT(analyzer=NAME_ANALYZER),
        place=TEXT(analyzer=NAME_ANALYZER),
        date=DATETIME(stored=True),  # the document's date, absent when unknown (for date: filters)
        page=STORED(),  # the page the passage starts on (paged formats), absent when unpaged
        author=TEXT(analyzer=NAME_ANALYZER),  # the document's author or sender, for author: queries
    )


def document_schema() -> Schema:
    return Schema(
        doc_id=ID(stored=True, unique=True, sortable=True),  # a column: ranking reads it per hit
        title=STORED(),
        text=TEXT(stored=True, analyzer=TEXT_ANALYZER),  # searched for document evidence in ranking
        format=STORED(),
        content_hash=STORED(),
        size=STORED(),
        mtime=STORED(),
        passages=STORED(),  # [[start, end], ...] of the document's passages, in order
        mentions=STORED(),  # [[passage n, start, end, surface, type, canonical], ...]
        facts=STORED(),  # [[kind, passage n, entity key, start, end, text], ...]: descriptors, quotes
        date=STORED(),  # ISO YYYY-MM-DD, "" when unknown
        author=STORED(),
        pages=STORED(),  # [start offset of each page] for paged formats, [] otherwise
        parent=STORED(),  # an attachment's message doc id, "" otherwise
        fields=STORED(),  # [[name, value], ...]: an e-mail's From, To, Cc…
    )


def entity_schema() -> Schema:
    return Schema(
        key=ID(stored=True, unique=True),
        name=TEXT(stored=True),
        type=ID(stored=True),
        aliases=STORED(),
        # the per-document entity keys this entity merges (an acronym and its expansion)
        members=KEYWORD(stored=True, commas=True, scorable=False),
        mention_count=NUMERIC(stored=True, sortable=True),
        doc_count=STORED(),
        passage_count=STORED(),
    )


def profile_schema() -> Schema:
    """What the text says about each entity; apart from ``entities``, which is read whole at start."""
    return Schema(
        key=ID(stored=True, unique=True),
        descriptors=STORED(),  # [[doc_id, passage n, start, end, text], ...]
        quotes=STORED(),  # the same shape
        co_mentions=STORED(),  # [[entity key, passages naming both], ...]
    )


SCHEMAS = {
    "passages": passage_schema,
    "documents": document_schema,
    "entities": entity_schema,
    "profiles": profile_schema,
}


def default_index_dir(corpus: Path) -> Path:
    """Where a corpus's index lives: ``$SLEUTH_HOME`` or the user data dir, one folder per corpus."""
    home = os.environ.get("SLEUTH_HOME")
    if home:
        base = Path(home).expanduser()
    else:
        from platformdirs import user_data_path

        base = user_data_path("sleuth", appauthor=False)
    resolved = corpus.resolve()
    digest = hashlib.blake2b(str(resolved).encode(), digest_size=4).hexdigest()
    return base / "indexes" / f"{resolved.name or 'root'}-{digest}"


def open_or_create(index_dir: Path, name: str, recreate: bool = False) -> Index:
    """Open one of the indexes, creating it (empty) when missing or ``recreate``."""
    path = index_dir / name
    if not recreate and whoosh_index.exists_in(str(path)):
        return whoosh_index.open_dir(str(path))
    path.mkdir(parents=True, exist_ok=True)
    return whoosh_index.create_in(str(path), SCHEMAS[name]())


def exists(index_dir: Path) -> bool:
    """True when all the indexes are present and of the current schema version."""
    version_file = index_dir / "VERSION"
    if not version_file.exists() or version_file.read_text().strip() != str(SCHEMA_VERSION):
        return False
    return all(whoosh_index.exists_in(str(index_dir / name)) for name in SCHEMAS)


def write_version(index_dir: Path) -> None:
    (index_dir / "VERSION").write_text(f"{SCHEMA_VERSION}\n")


class IndexBusy(RuntimeError):
    """Another sleuth process is writing this index."""


class ManifestEntry(NamedTuple):
    """What an indexed file looked like: enough to tell, without reading it, that it is unchanged."""

    size: int
    mtime: float
    content_hash: str
    failure: str = ""
    """Why the file could not be indexed, when it could not: it is not re-read until it changes."""


def read_manifest(index_dir: Path, documents: Index) -> dict[str, ManifestEntry]:
    """The indexed files; from ``manifest.json``, else (slowly) from the documents index."""
    try:
        raw = json.loads((index_dir / "manifest.json").read_text(encoding="utf-8"))
        return {doc_id: ManifestEntry(*entry) for doc_id, entry in raw.items()}
    except (OSError, ValueError, TypeError):
        with documents.searcher() as searcher:
            return {
                f["doc_id"]: ManifestEntry(f["size"], f["mtime"], f["content_hash"])
                for f in searcher.all_stored_fields()
                if not f.get("parent")  # attachments have no file of their own
            }


def write_manifest(index_dir: Path, manifest: dict[str, ManifestEntry]) -> None:
    """Replace ``manifest.json`` atomically (derived data: losing it only costs a slow scan)."""
    temporary = index_dir / "manifest.json.tmp"
    temporary.write_text(json.dumps({k: list(v) for k, v in manifest.items()}), encoding="utf-8")
    os.replace(temporary, index_dir / "manifest.json")
