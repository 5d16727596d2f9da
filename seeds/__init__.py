"""The bundled default corpus: a news article on China's Ministry of State Security.

Read-only package data; ``path()`` is the folder sleuth opens when started without ``--corpus``.
"""

from pathlib import Path


def path() -> Path:
    """The folder holding the bundled seed documents."""
    return Path(__file__).resolve().parent
