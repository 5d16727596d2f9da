"""A hostile corpus, generated: what people point sleuth at (leaked dumps, scraped pages, logs).

``make_hostile_corpus(root, outside)`` writes it and returns which files are good (each with a
word only it contains, to search) and which are bad (each must be listed with a reason).
"""

from __future__ import annotations

import io
import os
import random
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

OSC52 = "\x1b]52;c;aGFja2Vk\x07"


@dataclass
class HostileCorpus:
    root: Path
    good: dict[str, str] = field(default_factory=dict)
    """doc id → a word found only in that file."""
    bad: set[str] = field(default_factory=set)
    """doc ids that must be listed as failed, with a reason."""


def _zip_bomb(unzipped_mb: int) -> bytes:
    """A DOCX whose document part inflates to ``unzipped_mb`` MB of zeros (about 1,000:1)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w") as part:
            chunk = b"0" * (1 << 20)
            for _ in range(unzipped_mb):
                part.write(chunk)
    return buffer.getvalue()


def make_hostile_corpus(root: Path, outside: Path) -> HostileCorpus:
    corpus = HostileCorpus(root)
    root.mkdir(parents=True)
    outside.mkdir(parents=True, exist_ok=True)
    rng = random.Random(12)

    def good(name: str, content: str | bytes, word: str) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        corpus.good[name] = word

    def bad(name: str, content: bytes) -> None:
        (root / name).write_bytes(content)
        corpus.bad.add(name)

    good("latin1.txt", "Caf\xe9 cr\xe8me at the harbour, said the quayside ferryman.\n".encode("latin-1"), "ferryman")
    good("broken-utf8.txt", b"The lighthouse keeper \xff\xfe\xc3 wrote \x80 twice.\n", "lighthouse")
    good("utf16.txt", "The pilot boat left Rotterdam at dawn.\n".encode("utf-16"), "rotterdam")
    good("utf32.txt", "The tugboat crew went on strike in Antwerp.\n".encode("utf-32"), "tugboat")
    good("escapes.txt", f"A terminal escape \x1b[2J{OSC52} and [bold]markup[/bold] in a dredger log.\n", "dredger")
    good("深圳/港口 报告.md", "# Port report\n\nThe container crane in Shenzhen stopped.\n", "container")
    good("café-naïve.txt", "A naïve café owner sold the trawler.\n", "trawler")
    good(f"named{OSC52}\u202etxt.exe.txt", "The schooner sank near the breakwater.\n", "schooner")
    good("deep.html", "<html><body>" + "<div>" * 20_000 + "<p>The catamaran won.</p>" + "</div>" * 20_000, "catamaran")
    good("tiny.txt", "\n\n".join("ok" for _ in range(50_000)) + "\n\nThe gondola docked.\n", "gondola")
    good("one-line.txt", "The dump of the hovercraft follows.\n\n" + "=" * 5_000_000 + "\n", "hovercraft")
    good("link-inside.txt", "The barge sailed.\n", "barge")
    (root / "alias-inside.txt").symlink_to("link-inside.txt")
    corpus.good["alias-inside.txt"] = "barge"

    bad("photo.txt", bytes(rng.randrange(256) for _ in range(4096)) + b"\x00\x00")
    bad("nul.txt", b"Nothing\x00but\x00NULs\x00" * 100)
    bad("empty.txt", b"")
    bad("blank.md", b"   \n\t\n  \r\n")
    bad("not-a-zip.docx", b"This is plain text that claims to be a Word file.\n")
    bad("bomb.docx", _zip_bomb(64))
    (root / "loop-a.txt").symlink_to("loop-b.txt")
    (root / "loop-b.txt").symlink_to("loop-a.txt")
    corpus.bad |= {"loop-a.txt", "loop-b.txt"}
    (root / "dangling.txt").symlink_to("/nonexistent/nowhere.txt")
    corpus.bad.add("dangling.txt")
    (outside / "secret.txt").write_text("The private key of the yacht owner.\n")
    (root / "escape.txt").symlink_to(outside / "secret.txt")
    corpus.bad.add("escape.txt")
    (root / "loop").symlink_to(".")
    (root / "out").symlink_to(outside)
    corpus.bad |= {"loop", "out"}
    return corpus


def snapshot(root: Path) -> dict[str, tuple[object, ...]]:
    """Every entry under ``root`` (links not followed): kind, size, modification time, content."""
    entries: dict[str, tuple[object, ...]] = {}
    for folder, subfolders, names in os.walk(root):
        for name in [*subfolders, *names]:
            path = Path(folder, name)
            stat = path.lstat()
            if path.is_symlink():
                entries[str(path)] = ("link", os.readlink(path), stat.st_mtime_ns)
            elif path.is_dir():
                entries[str(path)] = ("dir", stat.st_mtime_ns)
            else:
                entries[str(path)] = ("file", stat.st_size, stat.st_mtime_ns, path.read_bytes())
    return entries
