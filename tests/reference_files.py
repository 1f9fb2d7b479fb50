"""Where the tests find the schedules saved by MS Project and Primavera P6.

The files we may redistribute are vendored under ``tests/data/schedules``
(their sources and licences are in the README there).  The others are read
from the workplace's shared reference folder when it is present.  A missing
file skips its test on a developer's machine and fails it under CI (``CI``
set), so a run in CI never passes by skipping the comparison it was meant to
make.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

VENDORED = Path(__file__).resolve().parent / "data" / "schedules"
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "schedules"


def find_schedule(name: str) -> Path | None:
    """The path of reference file ``name``, vendored first, or None when it is nowhere."""
    for folder in (VENDORED, SHARED):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def schedule_path(name: str) -> Path:
    """The path of reference file ``name``; skips the test (fails it under CI) when it is absent."""
    found = find_schedule(name)
    if found is not None:
        return found
    message = f"reference schedule {name} is neither in {VENDORED} nor in {SHARED}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)
