"""One consolidation at a time per master workbook, and the leftovers of killed runs cleaned.

:func:`master_lock` holds an exclusive operating-system lock on a small
file beside the master (``.~<name>.lock``) for the whole run.  A second run
on the same master waits for it, saying so through ``on_wait``, and gives
up with a :class:`MasterLockedError` after ``wait_seconds``.  The lock is
the kernel's: it is released when the process ends, even by ``SIGKILL``, so
a killed run never leaves the master locked.

:func:`clean_stale_temp_files` removes, under that lock, the temporary
files an interrupted write left beside the master and in its backup folder.
"""

from __future__ import annotations

import os
import sys
import time
import zipfile
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterator

from pmo_xl.errors import Location, PmoError

from .atomic import TEMP_PREFIX
from .backups import BACKUP_FOLDER, backups_of
from .io_errors import write_error

#: Seconds a second consolidation of the same master waits for the first by default.
DEFAULT_WAIT_SECONDS = 600.0
_POLL_SECONDS = 0.2


class MasterLockedError(PmoError):
    """Another run holds the master workbook's lock and did not release it in time."""


def lock_path(master: Path) -> Path:
    """The lock file of ``master``: hidden, beside it."""
    return master.parent / f".~{master.name}.lock"


def _try_lock(descriptor: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    import fcntl

    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def _unlock(descriptor: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(descriptor, 0, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(descriptor, fcntl.LOCK_UN)


def _holder(path: Path) -> str:
    """Who holds the lock, as the holder wrote it (process id and start time), or ''."""
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip()[:200]
    except OSError:
        return ""


@contextmanager
def master_lock(master: str | os.PathLike, wait_seconds: float = DEFAULT_WAIT_SECONDS,
                on_wait: Callable[[str], None] | None = None) -> Iterator[Path]:
    """Hold the exclusive lock of ``master`` for the ``with`` block (yields the lock file's path).

    When another run holds it, ``on_wait(holder)`` is called once and the
    lock is tried again every 0.2 s for ``wait_seconds``; then
    :class:`MasterLockedError` is raised, naming the master.
    """
    master = Path(master)
    path = lock_path(master)
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise write_error(exc, path) from exc
    try:
        if not _try_lock(descriptor):
            if on_wait is not None:
                on_wait(_holder(path))
            deadline = time.monotonic() + wait_seconds
            while not _try_lock(descriptor):
                if time.monotonic() >= deadline:
                    raise MasterLockedError("another consolidation of this master is running",
                                            Location(file=str(master)))
                time.sleep(_POLL_SECONDS)
        os.ftruncate(descriptor, 0)
        os.write(descriptor, f"pid {os.getpid()} since {datetime.now():%Y-%m-%d %H:%M:%S}".encode())
        try:
            yield path
        finally:
            _unlock(descriptor)
    finally:
        os.close(descriptor)


def clean_stale_temp_files(master: str | os.PathLike) -> list[Path]:
    """Remove what interrupted writes of ``master`` left: temporary files beside it and in its backup
    folder, and backups that are not complete archives; returns the files removed.

    Call it only while holding :func:`master_lock`: then no write of these
    files is in progress.
    """
    master = Path(master)
    stem, suffix = master.stem, master.suffix
    temporary_prefixes = (f"{TEMP_PREFIX}{stem}-", f"{TEMP_PREFIX}{stem}_")
    stale = [path for folder in (master.parent, master.parent / BACKUP_FOLDER) if folder.is_dir()
             for path in folder.iterdir()
             if (path.name.startswith(temporary_prefixes) and path.name.endswith(suffix))
             or (path.name.startswith(f".{stem}-") and path.name.endswith(suffix + ".tmp"))]
    stale += [path for path in backups_of(master) if not zipfile.is_zipfile(path)]
    removed = []
    for path in stale:
        try:
            if path.is_file():
                path.unlink()
                removed.append(path)
        except OSError:
            pass
    return removed
