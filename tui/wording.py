"""Plain-words helpers shared by the command line and the app (no Rich: the CLI loads no UI)."""


def plural(number: int, noun: str) -> str:
    """ "1 passage", "2 passages"."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def said(text: str, reported: bool) -> str:
    """A quote as the text gave it: its own words in quotation marks, reported speech as
    reported ("said that …"), never in quotation marks it did not have."""
    flat = " ".join(text.split())
    return f"said that {flat}" if reported else f"“{flat}”"
