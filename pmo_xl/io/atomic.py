"""Atomic file output: write a temporary file next to the target, then rename.

A reader of the target never sees a half-written file, a failed write
leaves the previous file untouched and removes the temporary one, and the
written file keeps the permission bits of the file it replaces.  The data is
flushed to disk before the rename, so a crash right after it cannot leave an
empty file.  An operating-system error (disk full, permission, file locked)
becomes an :class:`~pmo_xl.errors.OutputError` naming the target.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from pmo_xl.errors import Location, OutputError

from .io_errors import write_error

#: How the temporary files of an atomic write are named: ``.~<stem>-<random><suffix>`` in the target's folder.
TEMP_PREFIX = ".~"


def _mode_for(target: Path) -> int:
    """The permission bits the output gets: the existing file's, else the usual ones for a new file."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def temp_prefix(target: Path) -> str:
    """The prefix of the temporary files written for ``target``."""
    return TEMP_PREFIX + target.stem + "-"


def _flush_to_disk(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


@contextmanager
def atomic_path(target: str | os.PathLike, mode: int | None = None) -> Iterator[Path]:
    """A temporary path in ``target``'s folder that replaces ``target`` on success.

    Write the whole output to the yielded path inside the ``with`` block; when
    the block ends without an exception the file gets ``mode`` (by default the
    replaced file's permission bits), is flushed to disk and moved onto
    ``target`` with :func:`os.replace`; otherwise it is deleted.
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError("output folder does not exist", Location(file=str(target)))
    try:
        handle, temp_name = tempfile.mkstemp(dir=folder, prefix=temp_prefix(target), suffix=target.suffix)
    except OSError as exc:
        raise write_error(exc, target) from exc
    os.close(handle)
    temp_path = Path(temp_name)
    try:
        yield temp_path
        os.chmod(temp_path, _mode_for(target) if mode is None else mode)
        _flush_to_disk(temp_path)
        os.replace(temp_path, target)
    except OSError as exc:
        temp_path.unlink(missing_ok=True)
        raise write_error(exc, target) from exc
    except BaseException:
        temp_path.unlink(missing_ok=True)
        raise


def atomic_write_bytes(target: str | os.PathLike, data: bytes, mode: int | None = None) -> Path:
    """Write ``data`` to ``target`` atomically and return the target path (see :func:`atomic_path`)."""
    with atomic_path(target, mode) as temp_path:
        with open(temp_path, "wb") as stream:
            stream.write(data)
    return Path(target)
