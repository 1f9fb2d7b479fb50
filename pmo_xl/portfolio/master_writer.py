"""Safe writing of the managed sheets into the master workbook.

:func:`write_master` rebuilds the managed sheets from a snapshot, transplants
them into the master package (nothing else of the workbook is touched), keeps
the previous master as a timestamped copy in a ``sauvegardes/`` folder beside
it and replaces the master atomically: the new workbook is written to a
temporary file of the same folder, flushed to disk, then renamed over the
master with :func:`os.replace`.  An error at any point before the rename
leaves the previous master as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

from pmo_xl.engine.rag import RagThresholds
from pmo_xl.errors import Location, OutputError

from .package import Package, transplant_sheets
from .sheet_builder import build_managed_workbook
from .snapshot import MANAGED_SHEETS, PortfolioSnapshot

BACKUP_FOLDER = "sauvegardes"


def backup_path(master_path: Path, moment: datetime | None = None) -> Path:
    """Where the backup of ``master_path`` taken at ``moment`` goes."""
    moment = moment or datetime.now()
    stamp = moment.strftime("%Y%m%d-%H%M%S-%f")
    return master_path.parent / BACKUP_FOLDER / f"{master_path.stem}_{stamp}{master_path.suffix}"


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and :func:`os.replace`."""
    path = Path(path)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix + ".tmp",
                                         dir=str(path.parent))
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp_name, path)
    except BaseException:
        try:
            os.unlink(temp_name)
        except FileNotFoundError:
            pass
        raise


def render_master(master_bytes: bytes, snapshot: PortfolioSnapshot, source: str | None = None,
                  thresholds: RagThresholds | None = None) -> bytes:
    """The bytes of the master with its managed sheets rebuilt from ``snapshot``, coloured by ``thresholds``."""
    master = Package.from_bytes(master_bytes, source)
    built = Package.from_bytes(build_managed_workbook(snapshot, thresholds=thresholds))
    transplant_sheets(master, built, list(MANAGED_SHEETS))
    return master.to_bytes()


def write_master(master_path: str | os.PathLike, snapshot: PortfolioSnapshot,
                 keep_backup: bool = True, thresholds: RagThresholds | None = None) -> Path | None:
    """Rewrite the managed sheets of the master at ``master_path`` from ``snapshot``.

    The RAG colours of the sheets follow ``thresholds`` (the Config sheet's).

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
    except OSError as exc:
        raise OutputError(f"cannot read the master workbook: {exc}", Location(file=str(path))) from exc
    new_bytes = render_master(original, snapshot, str(path), thresholds)
    backup = None
    if keep_backup:
        backup = backup_path(path)
        backup.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, backup)
    try:
        atomic_write_bytes(path, new_bytes)
    except OSError as exc:
        raise OutputError(f"cannot write the master workbook (is it open in Excel?): {exc}",
                          Location(file=str(path))) from exc
    return backup
