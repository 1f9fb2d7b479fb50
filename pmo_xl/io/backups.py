"""Backups of the master workbook: one atomic copy before each rewrite, a bounded number kept.

Before the master is rewritten, its previous bytes are written to
``sauvegardes/<name>_<YYYYmmdd-HHMMSS-ffffff>.xlsx`` beside it, atomically and
with the master's permission bits, so that a backup is either complete or
absent.  After each backup only the :data:`BACKUPS_KEPT` most recent backups
of that master are kept; older ones are deleted.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from .atomic import atomic_write_bytes
from .io_errors import write_error

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
