"""Progress of a long service call, told to an optional callback.

Consolidation reports one ``read`` step per project workbook as it comes back
from its worker, then one ``write`` step for the master; a batch run adds one
``pack`` step per committee pack written; a Monte Carlo
analysis reports its ``iterations`` chunk by chunk, a pack's PDF copies one ``pdf`` step each.  The command line shows them as a
progress bar on a terminal; every other caller passes no callback and pays
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

STAGE_READ = "read"
STAGE_WRITE = "write"
STAGE_PACK = "pack"
STAGE_ITERATIONS = "iterations"
STAGE_PDF = "pdf"


@dataclass(frozen=True)
class ProgressStep:
    """``done`` of ``total`` steps of ``stage`` are finished; ``item`` is the one just finished (a file name)."""

    stage: str
    done: int
    total: int
    item: str | None = None


ProgressCallback = Callable[[ProgressStep], None]


def counter(on_progress: ProgressCallback | None, stage: str, items: list[str]) -> Callable[[int], None] | None:
    """A function to call with the index of each item as it is finished, telling ``on_progress`` how far
    ``stage`` has gone; ``None`` without a callback."""
    if on_progress is None:
        return None
    done = 0

    def finished(index: int) -> None:
        nonlocal done
        done += 1
        on_progress(ProgressStep(stage, done, len(items), items[index]))

    return finished
