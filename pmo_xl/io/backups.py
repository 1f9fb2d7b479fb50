"""Backups of a workbook, master or project: one atomic copy before each rewrite, a bounded number kept.

Before a workbook is rewritten, its previous bytes are written to
``sauvegardes/<name>_<YYYYmmdd-HHMMSS-ffffff>.xlsx`` beside it, atomically and
with the workbook's permission bits, so that a backup is either complete or
absent.  After each backup only the :data:`BACKUPS_KEPT` most recent backups
of that workbook are kept; older ones are deleted.  The backups of a project
workbook are in a subfolder, so a projects folder never holds a second copy
of a project that consolidation would read as one more workbook.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from .atomic import atomic_write_bytes
from .io_errors import read_error, write_error

BACKUP_FOLDER = "sauvegardes"

#: How many backups of a master are kept (the most recent ones).
BACKUPS_KEPT = 20

_STAMP = r"\d{8}-\d{6}-\d{6}"


def backup_path(master_path: Path, moment: datetime | None = None) -> Path:
    """Where the backup of ``master_path`` taken at ``moment`` goes."""
    moment = moment or datetime.now()
    stamp = moment.strftime("%Y%m%d-%H%M%S-%f")
    return master_path.parent / BACKUP_FOLDER / f"{master_path.stem}_{stamp}{master_path.suffix}"


def backups_of(master_path: Path) -> list[Path]:
    """The backups of ``master_path``, oldest first."""
    folder = master_path.parent / BACKUP_FOLDER
    if not folder.is_dir():
        return []
    pattern = re.compile(re.escape(master_path.stem) + "_" + _STAMP + re.escape(master_path.suffix) + "$")
    return sorted(p for p in folder.iterdir() if pattern.match(p.name))


def write_backup(master_path: Path, content: bytes, mode: int, keep: int = BACKUPS_KEPT) -> Path:
    """Write ``content`` (the master's previous bytes) as a new backup with ``mode``, then prune to ``keep``."""
    backup = backup_path(master_path)
    try:
        backup.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_error(exc, backup.parent) from exc
    atomic_write_bytes(backup, content, mode=mode)
    for old in backups_of(master_path)[:-keep] if keep > 0 else []:
        old.unlink(missing_ok=True)
    return backup


def backup_file(path: Path, content_of: Path | None = None, keep: int = BACKUPS_KEPT) -> Path:
    """Back up the workbook ``path`` before it is changed: its bytes (or those of ``content_of``, the saved
    content of a workbook open in Excel) become a new backup with its permission bits; returns the backup."""
    source = content_of or path
    try:
        content = source.read_bytes()
        mode = (path if path.exists() else source).stat().st_mode & 0o7777
    except OSError as exc:
        raise read_error(exc, source) from exc
    return write_backup(path, content, mode, keep)
