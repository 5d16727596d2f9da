"""The engine stays headless, and reading an existing index never pays for loading spaCy."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

HEAVY = ("textual", "rich", "spacy", "thinc")

REPORT_HEAVY_MODULES = f"""
loaded = sorted({{m.split(".")[0] for m in sys.modules}} & set({HEAVY!r}))
print("loaded:" + ",".join(loaded))
"""


def run_python(code: str, *args: str) -> list[str]:
    """Run ``code`` in a fresh interpreter; return the heavy top-level modules it had loaded."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code) + REPORT_HEAVY_MODULES, *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (line,) = [line for line in done.stdout.splitlines() if line.startswith("loaded:")]
    return [name for name in line.removeprefix("loaded:").split(",") if name]


def test_importing_the_engine_loads_no_ui_and_no_model() -> None:
    assert run_python("import sys\nimport index\n") == []


def test_using_a_built_index_loads_no_ui_and_no_model(seed_index_dir: Path) -> None:
    code = """
    import sys
    from pathlib import Path
    import seeds
    from index import Library

    library = Library(seeds.path(), Path(sys.argv[1]))
    result = library.search("Wu Shizhong")
    assert result.hits, "no hits"
    hit = result.hits[0]
    assert library.passage(hit.passage_id).text
    assert library.document(hit.doc_id).mentions
    assert library.entities("person")
    assert library.stats().documents == 1
    """
    assert run_python(code, str(seed_index_dir)) == []


def test_cli_search_loads_no_ui_and_no_model(seed_index_dir: Path) -> None:
    code = """
    import sys
    from tui.cli import main

    assert main(["--index-dir", sys.argv[1], "search", "Inkster", "--json"]) == 0
    assert main(["--index-dir", sys.argv[1], "entities"]) == 0
    """
    assert run_python(code, str(seed_index_dir)) == []
