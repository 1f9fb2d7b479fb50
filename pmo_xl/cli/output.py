"""The command line's two consoles: results on stdout, problems and progress on stderr.

Every command prints through :func:`out` and :func:`err`.  On a terminal they
use its width; anywhere else (a scheduler's log, a pipe, a test) they use a
fixed width and never fold a message, so what a command prints does not
depend on ``COLUMNS`` or on the length of a path in it.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from enum import IntEnum
from typing import Iterator

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

from pmo_xl.model.progress import ProgressCallback, ProgressStep

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


#: What a progress bar says of each stage of :mod:`pmo_xl.model.progress`, French then English.
STAGE_LABELS = {"read": ("Lecture des classeurs", "Reading workbooks"),
                "write": ("Écriture du classeur maître", "Writing the master"),
                "pack": ("Dossiers de comité", "Committee packs"),
                "iterations": ("Itérations Monte Carlo", "Monte Carlo iterations"),
                "pdf": ("Conversion en PDF", "PDF conversion")}


@contextmanager
def progress_bar(quiet: bool = False, lang: str = "fr", console: Console | None = None) -> Iterator[ProgressCallback | None]:
    """A callback showing a service's progress as a bar on stderr, one line per stage with the item just
    finished; ``None`` (nothing shown) with ``quiet`` or when stderr is not a terminal, as under a scheduler.

    ``console`` replaces the stderr console (a test gives a terminal console writing to a buffer).
    """
    console = console or (err() if is_interactive() else None)
    if quiet or console is None or not console.is_terminal:
        yield None
        return
    index = 0 if lang == "fr" else 1
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[item]}"), console=console, transient=True) as bar:
        tasks: dict[str, TaskID] = {}

        def show(step: ProgressStep) -> None:
            if step.stage not in tasks:
                label = STAGE_LABELS.get(step.stage, (step.stage, step.stage))[index]
                tasks[step.stage] = bar.add_task(label, total=step.total, item="")
            bar.update(tasks[step.stage], completed=step.done, total=step.total, item=step.item or "")

        yield show


class ExitCode(IntEnum):
    """The exit codes of every ``pmo-xl`` command (documented in the README)."""

    OK = 0  #: done, with at most warnings
    DATA_PROBLEMS = 1  #: done or refused because of problems in the inputs (listed), or a run refused
    USAGE = 2  #: the command line is wrong (unknown option, bad value)
    ENVIRONMENT = 3  #: a program the command needs is missing (LibreOffice, a Java runtime)
    INTERNAL = 4  #: an unexpected internal error (a defect: please report it with the message)


def exit_code_for(error: BaseException) -> ExitCode:
    """The exit code of a command stopped by ``error``."""
    from pmo_xl.errors import MissingToolError, PmoError

    if isinstance(error, MissingToolError):
        return ExitCode.ENVIRONMENT
    if isinstance(error, PmoError):
        return ExitCode.DATA_PROBLEMS
    return ExitCode.INTERNAL
