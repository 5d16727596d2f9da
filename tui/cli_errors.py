"""How the ``sleuth`` command fails: one line on stderr, never a traceback, and an exit status
that says what kind of failure it was (the README's "Exit status" table)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import NoReturn

from index import CorpusError, NotFound, UserDataError, printable
from index.corrections import CorrectionError
from index.ner import ModelMissing
from index.store import IndexBusy, IndexDamaged

EXIT_OK = 0
EXIT_ERROR = 1
"""The request cannot be answered: no such document, passage, entity or correction; a bad input line."""
EXIT_USAGE = 2
"""An unknown command or option, a missing or malformed argument."""
EXIT_UNUSABLE = 3
"""The corpus or the index folder cannot be used: missing, not a folder, unreadable, unwritable, full."""
EXIT_BUSY = 4
"""Another sleuth process is updating this corpus's index."""
EXIT_SETUP = 5
"""sleuth's installation is incomplete (the spaCy model is missing)."""
EXIT_INTERNAL = 70
"""A bug in sleuth: the line names the error; ``SLEUTH_DEBUG=1`` shows the traceback."""
EXIT_INTERRUPTED = 130
"""Stopped by ctrl+c."""

DEBUG_VARIABLE = "SLEUTH_DEBUG"


def fail(message: str, code: int = EXIT_ERROR) -> int:
    """Say ``message`` on stderr in one line (it may quote file names: they are made printable)."""
    print(f"sleuth: {printable(message)}", file=sys.stderr)
    return code


class Parser(argparse.ArgumentParser):
    """argparse, with its mistakes in one line (usage is for ``--help``)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"sleuth: {printable(message)} (see: {self.prog} --help)\n")


def run_command(command: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run one command; whatever goes wrong ends in one line and its exit status."""
    for stream in (sys.stdout, sys.stderr):
        # A terminal that cannot show a character gets a "?", not a UnicodeEncodeError.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    try:
        return command(args)
    except (NotFound, CorrectionError) as error:
        return fail(str(error), EXIT_ERROR)
    except (CorpusError, IndexDamaged, UserDataError) as error:
        return fail(str(error), EXIT_UNUSABLE)
    except IndexBusy as error:
        return fail(str(error), EXIT_BUSY)
    except ModelMissing as error:
        return fail(str(error), EXIT_SETUP)
    except KeyboardInterrupt:
        return fail("interrupted", EXIT_INTERRUPTED)
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (| head): nothing more to say
        return EXIT_OK
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        return fail(f"{where}{error.strerror or error}", EXIT_UNUSABLE)
    except Exception as error:
        if os.environ.get(DEBUG_VARIABLE):
            raise
        # The last resort: a bug still ends in one line that says what to report.
        what = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        return fail(f"internal error ({what}); run again with {DEBUG_VARIABLE}=1 for the traceback", EXIT_INTERNAL)
