"""Safe writing of the managed sheets into the master workbook.

:func:`write_master` rebuilds the managed sheets from a snapshot, transplants
them into the master package (nothing else of the workbook is touched), keeps
the previous master as a timestamped copy in a ``sauvegardes/`` folder beside
it (written atomically, at most :data:`~pmo_xl.io.backups.BACKUPS_KEPT` kept)
and replaces the master atomically with :mod:`pmo_xl.io.atomic`: the new
workbook is written to a temporary file of the same folder, flushed to disk,
then renamed over the master.  An error at any point before the rename
leaves the previous master as it was; master and backup keep the master's
permission bits.
"""

from __future__ import annotations

import os
from pathlib import Path

from pmo_xl.errors import Location, OutputError
from pmo_xl.io.atomic import atomic_write_bytes
from pmo_xl.io.backups import BACKUP_FOLDER, BACKUPS_KEPT, backup_path, write_backup  # noqa: F401 (importers')
from pmo_xl.io.io_errors import read_error

from pmo_xl.model.portfolio import MANAGED_SHEETS, PortfolioSnapshot

from .language import managed_sheets
from .package import Package, transplant_sheets
from .sheets import build_managed_workbook


def render_master(master_bytes: bytes, snapshot: PortfolioSnapshot, source: str | None = None,
                  sheets: list[str] | None = None) -> bytes:
    """The bytes of the master with its managed sheets (or only ``sheets``) rebuilt from ``snapshot``.

    ``sheets`` are French sheet names; the master's sheets are named in the snapshot's language.
    """
    master = Package.from_bytes(master_bytes, source)
    built = Package.from_bytes(build_managed_workbook(snapshot))
    transplant_sheets(master, built, managed_sheets(snapshot.language, list(sheets or MANAGED_SHEETS)))
    return master.to_bytes()


def write_master(master_path: str | os.PathLike, snapshot: PortfolioSnapshot,
                 keep_backup: bool = True, sheets: list[str] | None = None) -> Path | None:
    """Rewrite the managed sheets (or only ``sheets``) of the master at ``master_path`` from ``snapshot``.

    The one writer of a master workbook file: consolidation and the ribbon
    on a saved workbook both write through it.
    Returns the path of the backup of the previous master (None when
    ``keep_backup`` is False).  Raises :class:`OutputError` when the master
    does not exist or cannot be written; the previous master is then intact.
    """
    path = Path(master_path)
    if not path.exists():
        raise OutputError("master workbook not found; create it with 'pmo-xl template master'",
                          Location(file=str(path)))
    try:
        original = path.read_bytes()
        mode = path.stat().st_mode & 0o7777
    except OSError as exc:
        raise read_error(exc, path) from exc
    new_bytes = render_master(original, snapshot, str(path), sheets)
    backup = write_backup(path, original, mode) if keep_backup else None
    atomic_write_bytes(path, new_bytes, mode=mode)
    return backup
