"""What the ``sleuth`` command prints, made safe for a terminal: JSON lines whose strings carry
no raw control or bidi characters (escaped instead, so the data is unchanged)."""

from __future__ import annotations

import json

from index.printable import UNSAFE_CHARACTERS


def json_line(record: object) -> str:
    """``record`` as one JSON line. ``json.dumps`` escapes C0 controls but writes C1 controls,
    DEL and bidi overrides raw: they are escaped too (``\\u009b``), which any JSON parser reads back
    as the same string."""
    return UNSAFE_CHARACTERS.sub(lambda match: f"\\u{ord(match.group()):04x}", json.dumps(record, ensure_ascii=False))
