"""The command line's two consoles: results on stdout, problems and progress on stderr.

Every command prints through :func:`out` and :func:`err`.  On a terminal they
use its width; anywhere else (a scheduler's log, a pipe, a test) they use a
fixed width and never fold a message, so what a command prints does not
depend on ``COLUMNS`` or on the length of a path in it.
"""

from __future__ import annotations

import sys

from rich.console import Console

#: Width of tables when the output is not a terminal.
FIXED_WIDTH = 200


def _console(stream_is_stderr: bool) -> Console:
    stream = sys.stderr if stream_is_stderr else sys.stdout
    interactive = bool(getattr(stream, "isatty", lambda: False)())
    if interactive:
        return Console(stderr=stream_is_stderr)
    return Console(stderr=stream_is_stderr, width=FIXED_WIDTH, soft_wrap=True, no_color=True,
                   force_terminal=False, highlight=False)


def out() -> Console:
    """The console for a command's results (stdout)."""
    return _console(False)


def err() -> Console:
    """The console for problems, warnings and progress (stderr)."""
    return _console(True)


def is_interactive() -> bool:
    """Whether stderr is a terminal, where progress bars are shown."""
    return bool(getattr(sys.stderr, "isatty", lambda: False)())
