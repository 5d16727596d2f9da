"""The on-disk index: its Whoosh indexes, where their folder lives, and the manifest.

One generation (see ``generations``) holds these Whoosh indexes:

* ``passages``: one Whoosh document per passage, searched by queries. Written with its text first
  (stage 1) and written again with its entity fields once the entities are found (stage 2).
* ``documents``: one per file: its text, passage offsets and metadata, for reading (stored only).
* ``mentions``: one per file: its entity mentions and the facts about them (stage 2).
* ``evidence``: one per file: its whole text analysed, the document evidence of ranking (stage 2).
* ``words/words.txt``: the words of the text as written (not stemmed), for "did you mean".
* ``entities``: one per entity across the corpus, rebuilt as stage 2 goes on.
* ``profiles``: per entity, its descriptors, quotes and co-mentions (read one at a time).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, NamedTuple

from whoosh import index as whoosh_index
from whoosh.analysis import StandardAnalyzer, StemmingAnalyzer
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.index import Index

SCHEMA_VERSION = 10
"""Bumped when a schema or the meaning of a stored field changes: the index is then rebuilt."""

TEXT_ANALYZER = StemmingAnalyzer()
NAME_ANALYZER = StandardAnalyzer(stoplist=None)
"""Entity names are matched word by word, unstemmed: ``person:inkster`` finds "Nigel Inkster"."""


def passage_schema() -> Schema:
    # No spelling=True on text: it indexed every word a second time, unstemmed (40% of the
    # passage writes); "did you mean" reads the words file instead. ``n`` sorts by path.
    return Schema(
        passage_id=ID(stored=True, unique=True),
        doc_id=ID(stored=True, sortable=True),
        n=NUMERIC(stored=True, sortable=True),
        title=TEXT(stored=True, analyzer=TEXT_ANALYZER),
        text=TEXT(stored=True, analyzer=TEXT_ANALYZER),
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
        doc_id=ID(stored=True, unique=True, sortable=True),
        title=STORED(),
        text=STORED(),
        format=STORED(),
        content_hash=STORED(),
        size=STORED(),
        mtime=STORED(),
        passages=STORED(),  # [[start, end], ...] of the document's passages, in order
        date=STORED(),  # ISO YYYY-MM-DD, "" when unknown
        author=STORED(),
        pages=STORED(),  # [start offset of each page] for paged formats, [] otherwise
        parent=STORED(),  # an attachment's message doc id, "" otherwise
        fields=STORED(),  # [[name, value], ...]: an e-mail's From, To, Cc…
    )


def mention_schema() -> Schema:
    return Schema(
        doc_id=ID(stored=True, unique=True, sortable=True),
        mentions=STORED(),  # [[passage n, start, end, surface, type, canonical], ...]
        facts=STORED(),  # [[kind, passage n, entity key, start, end, text], ...]: descriptors, quotes
    )


def evidence_schema() -> Schema:
    """A document's whole text, searched for document evidence in ranking (same field names as
    passages: ``doc_id`` a column, ``text`` analysed alike)."""
    return Schema(doc_id=ID(unique=True, sortable=True), text=TEXT(analyzer=TEXT_ANALYZER))


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
    "mentions": mention_schema,
    "evidence": evidence_schema,
    "entities": entity_schema,
    "profiles": profile_schema,
}
PER_FILE = ("documents", "mentions", "evidence", "passages")
"""The indexes holding a file's Whoosh documents (by ``doc_id``), in the order a batch commits
them: a passage found always has its document."""


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


def open_or_create(folder: Path, name: str) -> Index:
    """Open one of the indexes of a generation folder, creating it (empty) when missing."""
    path = folder / name
    if whoosh_index.exists_in(str(path)):
        return whoosh_index.open_dir(str(path))
    path.mkdir(parents=True, exist_ok=True)
    return whoosh_index.create_in(str(path), SCHEMAS[name]())


def live_doc_ids(index: Index) -> set[str]:
    """The ``doc_id`` of every document the index holds now (its column; deleted ones left out)."""
    found: set[str] = set()
    if index.is_empty():
        return found
    with index.reader() as reader:
        for leaf, _offset in reader.leaf_readers():
            column = leaf.column_reader("doc_id")
            found.update(column[n] for n in leaf.all_doc_ids())  # deleted ones left out
    return found


def open_existing(folder: Path, name: str) -> Index | None:
    """One of the indexes of a generation folder, or None when it has not been written yet."""
    path = folder / name
    return whoosh_index.open_dir(str(path)) if whoosh_index.exists_in(str(path)) else None


class IndexBusy(RuntimeError):
    """Another sleuth process is writing this index."""


class IndexDamaged(RuntimeError):
    """An index file, the manifest or VERSION cannot be read as written (the message says which)."""


class ManifestEntry(NamedTuple):
    """What an indexed file looked like: enough to tell, without reading it, that it is unchanged."""

    size: int
    mtime: float
    content_hash: str
    failure: str = ""
    """Why the file could not be indexed, when it could not: it is not re-read until it changes."""
    stage: str = ""
    """How far the file is indexed: "text" (searchable), "entities" (its entities found too)."""
    same_as: str = ""
    """For a file with the same bytes as one already indexed: that file's doc id (it is indexed once)."""


TEXT_DONE = "text"
ENTITIES_DONE = "entities"


class Manifest:
    """A generation's own account of itself: each file indexed, each index file committed.

    Written after every commit (atomically), so it never claims more than the indexes hold; a
    file a crash left half-committed is named in ``pending.json`` until the manifest has it.
    """

    def __init__(
        self,
        files: dict[str, ManifestEntry] | None = None,
        record: dict[str, list[Any]] | None = None,
        complete: bool = False,
    ) -> None:
        self.files = files or {}
        self.record = record or {}
        """Index files as committed: path relative to the generation → [size, blake2b hex]."""
        self.complete = complete
        """Every stage has run on every file and the entities were merged from all of them."""

    def to_json(self) -> str:
        return json.dumps(
            {
                "version": SCHEMA_VERSION,
                "complete": self.complete,
                "files": {k: list(v) for k, v in self.files.items()},
                "record": self.record,
            }
        )

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        raw = json.loads(text)
        if not isinstance(raw, dict) or raw.get("version") != SCHEMA_VERSION:
            raise ValueError("not a manifest of this version")
        files = {str(k): ManifestEntry(*v) for k, v in raw["files"].items()}
        return cls(files, dict(raw["record"]), bool(raw["complete"]))


def read_manifest(folder: Path) -> Manifest:
    """The manifest of a generation; IndexDamaged when it is missing or garbled."""
    path = folder / "manifest.json"
    try:
        return Manifest.from_json(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError) as error:
        raise IndexDamaged(f"{path} cannot be read ({_reason(error)})") from error


def write_manifest(folder: Path, manifest: Manifest) -> None:
    """Replace ``manifest.json`` atomically: a crash leaves the old one or the new one."""
    _replace(folder / "manifest.json", manifest.to_json())


WORDS = "words/words.txt"
"""The words of a generation's text, lower-cased and sorted, one a line. A plain file, not a
Whoosh index: Whoosh wrote a posting list per word, which cost 0.40× a plain passage index."""


def read_words(folder: Path) -> list[str]:
    try:
        return (folder / WORDS).read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return []


def write_words(folder: Path, words: set[str]) -> None:
    (folder / WORDS).parent.mkdir(exist_ok=True)
    _replace(folder / WORDS, "\n".join(sorted(words)))


def read_version(folder: Path) -> str:
    try:
        return (folder / "VERSION").read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def write_version(folder: Path) -> None:
    _replace(folder / "VERSION", f"{SCHEMA_VERSION}\n")


def _replace(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
