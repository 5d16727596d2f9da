"""The ``sleuth`` command: parses arguments, calls the Library, prints results or opens the app.

Every user mistake ends in one line on stderr and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from index import ENTITY_TYPES, Library, SearchResult, printable
from index.models import DocumentHit

from . import cli_entities, cli_index, cli_notes, cli_status, cli_text
from .cli_errors import EXIT_INTERNAL, EXIT_USAGE, Parser, fail, run_command
from .cli_output import json_line


class StderrLine(logging.Handler):
    """The engine's warnings (a damaged user-data file set aside) as one ``sleuth:`` line on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        fail(record.getMessage())


logging.getLogger("sleuth").addHandler(StderrLine(logging.WARNING))


def build_parser() -> argparse.ArgumentParser:
    common = Parser(add_help=False)
    common.add_argument(
        "--corpus", type=Path, default=argparse.SUPPRESS, help="folder of documents (default: bundled seeds)"
    )
    common.add_argument(
        "--index-dir",
        type=Path,
        default=argparse.SUPPRESS,
        help="where the index lives (default: per-user data dir, or $SLEUTH_HOME)",
    )
    parser = Parser(
        prog="sleuth",
        description="Offline research assistant: search a folder of documents, see who and what is named in it.",
        parents=[common],
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    cli_index.add_parser(commands, common)

    search = commands.add_parser("search", parents=[common], help="ranked passages for a query")
    search.add_argument("query", nargs="?", help='words, "phrases", AND/OR/NOT, prefix*, word~')
    search.add_argument("--limit", type=int, default=10, help="how many passages (default 10)")
    search.add_argument("--json", action="store_true", help="one JSON object per line")
    search.add_argument("--batch", metavar="FILE", help='JSON lines {"id","text"} from FILE (\'-\' for stdin)')
    search.add_argument(
        "--docs", action="store_true", help="group passages under their documents (with --batch: hits are documents)"
    )
    search.add_argument("--like", metavar="DOC_ID#N", help="passages like this one (more like this)")
    search.add_argument(
        "--facets", action="store_true", help="then passages per folder and entity (with --json: one last line)"
    )

    entities = commands.add_parser("entities", parents=[common], help="the entities named in the corpus")
    entities.add_argument(
        "--type", choices=[t.lower() for t in ENTITY_TYPES] + list(ENTITY_TYPES), help="only this type"
    )
    entities.add_argument("--limit", type=int, default=0, help="at most this many (default: all)")
    entities.add_argument("--json", action="store_true", help="one JSON object per line")

    cli_entities.add_parsers(commands, common)
    cli_text.add_parser(commands, common)
    cli_status.add_parser(commands, common)
    cli_notes.add_parsers(commands, common)

    show = commands.add_parser("show", parents=[common], help="print a document or one passage")
    show.add_argument("target", metavar="DOC_ID[#N]")

    extract = commands.add_parser("extract", parents=[common], help="entities of JSON-lines texts on stdin")
    extract.add_argument("--json", action="store_true", required=True, help="JSON lines in and out")
    return parser


def open_library(args: argparse.Namespace, corpus: Path | None = None) -> Library:
    import seeds

    folder = corpus or getattr(args, "corpus", None) or seeds.path()
    return Library(folder, getattr(args, "index_dir", None))


def ensure_index(library: Library) -> None:
    """Build the index first when there is none (progress on a terminal)."""
    if not library.is_built():
        library.make_index_dir()  # an index folder that cannot be made is the one line said, alone
        print(f"sleuth: indexing {printable(str(library.root))} (first use)…", file=sys.stderr)
        if cli_index.run_index(library, rebuild=False, quiet=True).stopped:
            raise KeyboardInterrupt  # stopped with ctrl+c: the search is not run


def cmd_index(args: argparse.Namespace) -> int:
    return cli_index.cmd_index(open_library(args, corpus=args.dir), args)


def hit_json(hit: object) -> dict[str, object]:
    from index import Hit

    assert isinstance(hit, Hit)
    return {
        "path": hit.doc_id,
        "passage": hit.n,
        "passage_id": hit.passage_id,
        "score": round(hit.score, 4),
        "title": hit.title,
        "date": hit.date,
        "page": hit.page or None,
        "snippet": hit.snippet,
        "highlights": [[h.start, h.end] for h in hit.snippet_highlights],
        "start": hit.start,
        "end": hit.end,
    }


def cmd_search(args: argparse.Namespace) -> int:
    if args.limit < 1:
        return fail("--limit must be at least 1", EXIT_USAGE)
    if args.batch is None and not args.query and not args.like:
        return fail("search needs a QUERY (or --batch FILE, or --like DOC_ID#N)", EXIT_USAGE)
    library = open_library(args)
    ensure_index(library)
    if args.batch is not None:
        return _search_batch(library, args)
    if args.docs:
        return _search_documents(library, args)
    if args.like:
        result = library.more_like(args.like, limit=args.limit)
    else:
        result = library.search(args.query, limit=args.limit, facets=args.facets)
    _tell(result)
    if args.json:
        for hit in result.hits:
            print(json_line(hit_json(hit)))
        if args.facets:
            print(json_line(facets_json(result)))
        return 0
    print(f"{result.total_label} passages · {result.took_ms:.0f} ms")
    for hit in result.hits:
        dated = f"  {hit.date}" if hit.date else ""
        paged = f", p. {hit.page}" if hit.page else ""
        print("\n" + printable(f"{hit.passage_id}{paged}  {hit.title}{dated}  ({hit.score:.2f})"))
        print(f"  {_mark(hit.snippet, hit.snippet_highlights)}")
    if args.facets:
        print("\nfolders: " + ", ".join(printable(f"{f.folder or '.'}/ {f.count}") for f in result.folders))
        for entity_type in ENTITY_TYPES:
            named = [printable(f"{e.name} {e.count}") for e in result.entities if e.type == entity_type]
            if named:
                print(f"{entity_type.lower()}: " + ", ".join(named))
    return 0


def _tell(result: SearchResult) -> None:
    """The notice and the "did you mean" of a search, on stderr (stdout stays data)."""
    if result.notice:
        print(f"sleuth: {printable(result.notice)}", file=sys.stderr)
    if result.suggestion:
        print(f"sleuth: did you mean: {printable(result.suggestion)}", file=sys.stderr)


def facets_json(result: SearchResult) -> dict[str, object]:
    """The summary line of ``--json --facets``: passages per folder and per entity."""
    return {
        "facets": {
            "folders": [{"folder": f.folder, "count": f.count} for f in result.folders],
            "entities": [{"name": e.name, "type": e.type, "count": e.count} for e in result.entities],
        }
    }


def _search_documents(library: Library, args: argparse.Namespace) -> int:
    result, documents = library.search_by_document(args.query, args.limit)
    _tell(result)
    if args.json:
        for document in documents:
            print(json_line(document_json(document)))
        return 0
    print(f"{len(documents)} documents")
    for document in documents:
        numbers = ", ".join(f"¶{hit.n}" for hit in document.passages)
        dated = f"  {document.date}" if document.date else ""
        print("\n" + printable(f"{document.doc_id}  {document.title}{dated}  ({document.score:.2f})  {numbers}"))
        best = document.passages[0]
        print(f"  {_mark(best.snippet, best.snippet_highlights)}")
    return 0


def document_json(document: DocumentHit) -> dict[str, object]:
    return {
        "path": document.doc_id,
        "title": document.title,
        "date": document.date,
        "score": round(document.score, 4),
        "passages": [hit_json(hit) for hit in document.passages],
    }


def _mark(text: str, spans: Sequence[object]) -> str:
    """Snippet with matches in bold when printing to a terminal, plain otherwise; its own text
    never carries an escape sequence, only the bold added here."""
    if not sys.stdout.isatty():
        return printable(text)
    out, last = [], 0
    for span in spans:
        start, end = span.start, span.end  # type: ignore[attr-defined]
        out += [printable(text[last:start]), "\x1b[1m", printable(text[start:end]), "\x1b[0m"]
        last = end
    out.append(printable(text[last:]))
    return "".join(out)


def _search_batch(library: Library, args: argparse.Namespace) -> int:
    try:
        source = sys.stdin if args.batch == "-" else open(args.batch, encoding="utf-8")  # noqa: SIM115
    except OSError as error:
        return fail(f"cannot read {args.batch}: {error.strerror}")
    with source:
        for number, line in enumerate(source, start=1):
            if not line.strip():
                continue
            try:
                request = json.loads(line)
                query_id, text = request["id"], request["text"]
            except (ValueError, KeyError, TypeError):
                return fail(f'{args.batch} line {number}: expected a JSON object with "id" and "text"')
            # With --docs the hits are documents (path, title, date, score, passages), best first.
            if args.docs:
                result, documents = library.search_by_document(str(text), args.limit)
                hits = [document_json(d) for d in documents]
            else:
                result = library.search(str(text), limit=args.limit, facets=False)
                hits = [hit_json(hit) for hit in result.hits]
            print(json_line({"id": query_id, "hits": hits, "took_ms": round(result.took_ms, 2)}))
    return 0


def cmd_entities(args: argparse.Namespace) -> int:
    library = open_library(args)
    ensure_index(library)
    entities = library.entities(args.type)
    if args.limit > 0:
        entities = entities[: args.limit]
    for entity in entities:
        if args.json:
            record = {
                "name": entity.name,
                "type": entity.type,
                "aliases": list(entity.aliases),
                "mentions": entity.mention_count,
                "documents": entity.doc_count,
                "passages": entity.passage_count,
            }
            print(json_line(record))
        else:
            aliases = f"  (also: {', '.join(entity.aliases)})" if entity.aliases else ""
            print(printable(f"{entity.type:<7} {entity.mention_count:>6}  {entity.name}{aliases}"))
    return 0


def cmd_entity(args: argparse.Namespace) -> int:
    library = open_library(args)
    ensure_index(library)
    return cli_entities.cmd_entity(library, args)


def cmd_correct(args: argparse.Namespace) -> int:
    library = open_library(args)
    ensure_index(library)
    return cli_entities.cmd_correct(library, args)


def cmd_show(args: argparse.Namespace) -> int:
    library = open_library(args)
    ensure_index(library)
    if "#" in args.target:
        passage = library.passage(args.target)
        print(printable(passage.text, multiline=True))
    else:
        document = library.document(args.target)
        print(printable(document.title))
        if document.also_at:
            print(
                printable(f"also at: {', '.join(p for p in (document.doc_id, *document.also_at) if p != args.target)}")
            )
        print()
        print(printable(document.text, multiline=True))
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from index import ner

    requests: list[tuple[object, str]] = []
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            requests.append((request["id"], str(request["text"])))
        except (ValueError, KeyError, TypeError):
            return fail(f'stdin line {number}: expected a JSON object with "id" and "text"')
    chunk = 256  # the model tags texts in batches; one call per text would be several times slower
    for begin in range(0, len(requests), chunk):
        part = requests[begin : begin + chunk]
        for (text_id, _text), mentions in zip(part, ner.extract_texts([t for _, t in part]), strict=True):
            entities = [{"start": m.start, "end": m.end, "label": m.type, "text": m.text} for m in mentions]
            print(json_line({"id": text_id, "entities": entities}), flush=True)
    return 0


def cmd_app(args: argparse.Namespace) -> int:
    from .app import make_app

    library = open_library(args)
    app = make_app(library)
    app.run()
    return EXIT_INTERNAL if app.return_code else 0  # Textual sets 1 when the app crashed


COMMANDS = {
    None: cmd_app,
    "index": cmd_index,
    "search": cmd_search,
    "entities": cmd_entities,
    "entity": cmd_entity,
    "correct": cmd_correct,
    "show": cmd_show,
    "extract": cmd_extract,
    "text": cli_text.cmd_text,
    "status": lambda args: cli_status.cmd_status(open_library(args), args),
    "notes": lambda args: cli_notes.cmd_notes(open_library(args), args),
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return run_command(COMMANDS[args.command], args)


if __name__ == "__main__":
    sys.exit(main())
