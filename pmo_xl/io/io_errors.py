"""Operating-system errors on files as clear, located messages.

A full disk, a missing permission or a file held open by Excel are normal
events for a batch; they become an :class:`~pmo_xl.errors.OutputError` (or
:class:`~pmo_xl.errors.InputError`) naming the file and saying what
happened, never a traceback.
"""

from __future__ import annotations

import errno
import os

from pmo_xl.errors import InputError, Location, OutputError

#: Windows error numbers of a file opened by another program (sharing and lock violations).
_WINDOWS_LOCKED = {32, 33}


def os_error_reason(exc: OSError) -> str:
    """What went wrong, in a few words: disk full, permission denied, file locked, or the system's text."""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "disk full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied"
    if getattr(exc, "winerror", None) in _WINDOWS_LOCKED or exc.errno in (errno.EBUSY, errno.ETXTBSY):
        return "file locked by another program (open in Excel?)"
    if exc.errno == errno.ENOENT:
        return "folder or file not found"
    return exc.strerror or str(exc)


def write_error(exc: OSError, path: str | os.PathLike) -> OutputError:
    """The :class:`OutputError` for ``exc`` raised while writing ``path``."""
    return OutputError(f"the file could not be written: {os_error_reason(exc)}", Location(file=str(path)))


def read_error(exc: OSError, path: str | os.PathLike) -> InputError:
    """The :class:`InputError` for ``exc`` raised while reading ``path``."""
    return InputError(f"the file could not be read: {os_error_reason(exc)}", Location(file=str(path)))
