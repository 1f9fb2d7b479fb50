"""Atomic file output: write a temporary file next to the target, then rename.

A reader of the target never sees a half-written file, and a failed write
leaves the previous file untouched.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from pmo_xl.errors import Location, OutputError


def _mode_for(target: Path) -> int:
    """The permission bits the output gets: the existing file's, else the usual ones for a new file."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextmanager
def atomic_path(target: str | os.PathLike) -> Iterator[Path]:
    """A temporary path in ``target``'s folder that replaces ``target`` on success.

    Write the whole output to the yielded path inside the ``with`` block; when
    the block ends without an exception the file is moved onto ``target`` with
    :func:`os.replace`, otherwise it is deleted.
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError("output folder does not exist", Location(file=str(target)))
    handle, temp_name = tempfile.mkstemp(dir=folder, prefix=".~" + target.stem + "-", suffix=target.suffix)
    os.close(handle)
    temp_path = Path(temp_name)
    try:
        yield temp_path
        os.chmod(temp_path, _mode_for(target))
        os.replace(temp_path, target)
    except BaseException:
        temp_path.unlink(missing_ok=True)
        raise


def atomic_write_bytes(target: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``target`` atomically and return the target path."""
    with atomic_path(target) as temp_path:
        temp_path.write_bytes(data)
    return Path(target)
