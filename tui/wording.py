"""Plain-words helpers shared by the command line and the app (no Rich: the CLI loads no UI)."""


def plural(number: int, noun: str) -> str:
    """ "1 passage", "2 passages"."""
    return f"{number} {noun}{'' if number == 1 else 's'}"
