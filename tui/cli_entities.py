"""``sleuth entity NAME`` (an entity's card) and ``sleuth correct …`` (the reader's corrections)."""

from __future__ import annotations

import argparse
import dataclasses
import json
from typing import Any

from index import ENTITY_TYPES, Library, NotFound, printable
from index.models import Correction, EntityCard, Statement

from .cli_output import json_line
from .wording import plural, said

CARD_LINES = 10
"""Descriptors, quotes, co-mentions and mentions printed per section (``--all`` prints every one)."""
MENTION_PAGE = 1000
"""Passages whose mentions are read at a time when every mention is printed."""


def add_parsers(commands: Any, common: argparse.ArgumentParser) -> None:
    """The ``entity`` and ``correct`` sub-commands."""
    entity = commands.add_parser("entity", parents=[common], help="one entity's card: who or what it is")
    entity.add_argument("name", metavar="NAME", help="a name or alias (case, accents and small typos aside)")
    entity.add_argument("--json", action="store_true", help="the card as one JSON object")
    entity.add_argument("--all", action="store_true", help=f"every line of each section, not the first {CARD_LINES}")

    correct = commands.add_parser("correct", parents=[common], help="merge, rename, retype or hide an entity")
    actions = correct.add_subparsers(dest="action", metavar="ACTION", required=True)
    merge = actions.add_parser("merge", parents=[common], help="NAME becomes part of the entity INTO")
    merge.add_argument("name", metavar="NAME")
    merge.add_argument("value", metavar="INTO")
    rename = actions.add_parser("rename", parents=[common], help="give NAME a new name (the old one stays an alias)")
    rename.add_argument("name", metavar="NAME")
    rename.add_argument("value", metavar="NEW_NAME")
    retype = actions.add_parser("retype", parents=[common], help="change NAME's type")
    retype.add_argument("name", metavar="NAME")
    retype.add_argument("value", metavar="TYPE", type=str.upper, choices=ENTITY_TYPES)
    hide = actions.add_parser("hide", parents=[common], help="hide a false entity")
    hide.add_argument("name", metavar="NAME")
    undo = actions.add_parser("undo", parents=[common], help="take back the most recent correction (or number ID)")
    undo.add_argument("id", metavar="ID", nargs="?", type=int, help="the number `sleuth correct list` shows")
    listing = actions.add_parser("list", parents=[common], help="the corrections made, oldest first")
    listing.add_argument("--json", action="store_true", help="one JSON object per line")


def cmd_entity(library: Library, args: argparse.Namespace) -> int:
    card = library.entity_card(args.name)
    card = with_mentions(library, card, None if args.json or args.all else CARD_LINES)
    if args.json:
        print(json_line(card_json(library, card)))
        return 0
    shown = None if args.all else CARD_LINES
    entity = card.entity
    print(printable(f"{entity.name}  ({entity.type})"))
    if entity.aliases:
        print(printable(f"also: {', '.join(entity.aliases)}"))
    counts = (plural(entity.mention_count, "mention"), plural(entity.passage_count, "passage"))
    print(f"{counts[0]} in {counts[1]} of {plural(entity.doc_count, 'document')}")
    _section("Described as", [_statement_line(s) for s in card.descriptors], shown)
    _section("Quotes", [_statement_line(s, quoted=True) for s in card.quotes], shown)
    _section("Named with", [f"{e.name} ({e.type}) ×{e.count}" for e in card.co_mentions], shown)
    _section("Mentions", [f"{m.passage_id}  {m.context}" for m in card.mentions], shown, entity.mention_count)
    _section("Your corrections", [library.describe(c) for c in card.corrections], None)
    _section(
        f"Also known by these names (the same? sleuth correct merge KEY {json.dumps(entity.name)})",
        [f"{e.name} ({e.type}, {plural(e.mention_count, 'mention')})  key: {e.key}" for e in card.namesakes],
        shown,
    )
    return 0


def card_json(library: Library, card: EntityCard) -> dict[str, object]:
    """The card as JSON: name, type, aliases, counts, descriptors, quotes, co_mentions, mentions."""
    entity = card.entity
    return {
        "key": entity.key,
        "name": entity.name,
        "type": entity.type,
        "aliases": list(entity.aliases),
        "mention_count": entity.mention_count,
        "passage_count": entity.passage_count,
        "doc_count": entity.doc_count,
        "descriptors": [_statement_json(s) for s in card.descriptors],
        "quotes": [{**_statement_json(s), "reported": s.reported} for s in card.quotes],
        "co_mentions": [{"key": e.key, "name": e.name, "type": e.type, "count": e.count} for e in card.co_mentions],
        "mentions": [
            {
                "passage_id": m.passage_id,
                "path": m.doc_id,
                "passage": m.n,
                "text": m.text,
                "start": m.start,
                "end": m.end,
                "context": m.context,
            }
            for m in card.mentions
        ],
        "corrections": [_correction_json(library, c) for c in card.corrections],
        "namesakes": [
            {"key": e.key, "name": e.name, "type": e.type, "mention_count": e.mention_count} for e in card.namesakes
        ],
    }


def cmd_correct(library: Library, args: argparse.Namespace) -> int:
    if args.action == "list":
        for correction in library.corrections():
            if args.json:
                print(json_line(_correction_json(library, correction)))
            else:
                print(printable(f"{correction.id:>4}  {library.describe(correction)}"))
        return 0
    if args.action == "undo":
        undone = library.undo_correction(args.id)
        if undone is None:
            missing = f"no correction {args.id} (see: sleuth correct list)" if args.id else "no corrections to undo"
            raise NotFound(missing)
        print(printable(f"undone: {library.describe(undone)}"))
        return 0
    correction = library.correct(args.action, args.name, getattr(args, "value", ""))
    print(printable(f"{library.describe(correction)} (undo: sleuth correct undo)"))
    return 0


def with_mentions(library: Library, card: EntityCard, wanted: int | None) -> EntityCard:
    """The card with at least ``wanted`` of its mentions (every one when None), read page by page."""
    mentions, listed = list(card.mentions), card.listed_passages
    while listed < card.naming_passages and (wanted is None or len(mentions) < wanted):
        mentions.extend(library.entity_mentions(card.entity.key, listed, MENTION_PAGE))
        listed += MENTION_PAGE
    return dataclasses.replace(card, mentions=tuple(mentions), listed_passages=min(listed, card.naming_passages))


def _section(title: str, lines: list[str], shown: int | None, total: int = 0) -> None:
    if not lines:
        return
    print(f"\n{printable(title)}")
    for line in lines[:shown]:
        print(f"  {printable(line)}")
    total = max(total, len(lines))
    if shown is not None and total > shown:
        print(f"  … {total - shown} more (--all)")


def _statement_line(statement: Statement, quoted: bool = False) -> str:
    text = said(statement.text, statement.reported) if quoted else " ".join(statement.text.split())
    again = f", and {plural(statement.repeats - 1, 'other passage')}" if statement.repeats > 1 else ""
    return f"{text}  ({statement.passage_id}{again})"


def _statement_json(statement: Statement) -> dict[str, object]:
    return {
        "text": statement.text,
        "passage_id": statement.passage_id,
        "path": statement.doc_id,
        "passage": statement.n,
        "start": statement.start,
        "end": statement.end,
        "repeats": statement.repeats,
    }


def _correction_json(library: Library, correction: Correction) -> dict[str, object]:
    return {
        "id": correction.id,
        "action": correction.action,
        "entity": correction.key,
        "value": correction.value,
        "description": library.describe(correction),
    }
