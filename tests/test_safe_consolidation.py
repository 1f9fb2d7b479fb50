"""Consolidation under kills, parallel runs and failing disks: the master is always the old or the new one.

The kill test forks this test process (everything already imported), lets
the child consolidate a portfolio of one project with one read worker, and
SIGKILLs it at a random moment of each of twenty equal slices of its run.  This process is made the "subreaper" of its descendants, so a read
worker that outlived its parent would become its child and be seen.
"""

from __future__ import annotations

import ctypes
import errno
import multiprocessing
import os
import random
import signal
import stat
import sys
import time
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from pmo_xl.model.period import reporting_period_for
from typer.testing import CliRunner

from pmo_xl.cli import app
from pmo_xl.errors import OutputError
from pmo_xl.io import backups
from pmo_xl.io.backups import backups_of, write_backup
from pmo_xl.io.locking import MasterLockedError, clean_stale_temp_files, lock_path, master_lock
from pmo_xl.io.workbook_writer import write_project_workbook
from pmo_xl.service.consolidate import consolidate
from pmo_xl.io.master.template import write_master_template
from pmo_xl.io.master.reader import read_snapshot

from test_portfolio_data import STATUS_DATE, project_app, project_bnk

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork, subreaper and /proc")

_PR_SET_CHILD_SUBREAPER = 36
_FORK = multiprocessing.get_context("fork")


@pytest.fixture()
def portfolio(tmp_path) -> Path:
    master = write_master_template(tmp_path / "portefeuille_maitre.xlsx")
    projects = tmp_path / "projets"
    projects.mkdir()
    for data in (project_app(), project_bnk()):
        write_project_workbook(data, projects / f"{data.project.code}.xlsx")
    return master


@pytest.fixture()
def subreaper():
    """This process adopts its orphaned descendants while the test runs."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    yield
    libc.prctl(_PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0)


def _consolidate_in_child(master: Path, day: date) -> None:
    consolidate(master, period=reporting_period_for(day), workers=1)


def _children_of(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except (FileNotFoundError, ProcessLookupError):
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry))
    return found


def _reap_zombies() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _run_child(master: Path, day: date):
    child = _FORK.Process(target=_consolidate_in_child, args=(master, day))
    child.start()
    return child


def _status_date(master: Path) -> date | None:
    value = read_snapshot(master).status_date
    return None if value is None else (value.date() if hasattr(value, "date") else value)


def _summary_status_date(master: Path) -> date | None:
    """The status date of the master's summary table (row ``status_date``, column Valeur), read with
    python-calamine, a second reader."""
    rows = CalamineWorkbook.from_path(str(master)).get_sheet_by_name("Synthèse").to_python()
    value = next((row[2] for row in rows if row and row[0] == "status_date"), None)
    return value.date() if isinstance(value, datetime) else value


#: SIGKILLs of the kill test, one in each of as many equal slices of a consolidation's run.
_KILLS = 20


def _kill_points(duration: float, chance: random.Random) -> list[float]:
    """One moment in each of ``_KILLS`` equal slices of a run of ``duration`` seconds, in random order."""
    points = [duration * (k + chance.random()) / _KILLS for k in range(_KILLS)]
    chance.shuffle(points)
    return points


def _killed_while_running(master: Path, day: date, point: float) -> bool:
    """Start a consolidation of ``master`` for ``day`` and SIGKILL it ``point`` seconds in."""
    child = _run_child(master, day)
    time.sleep(point)
    running = child.is_alive()
    try:
        os.kill(child.pid, signal.SIGKILL)
    except ProcessLookupError:  # it had finished
        pass
    child.join()
    return running


def _no_worker_survives(attempt: int) -> None:
    deadline = time.monotonic() + 5
    while _children_of(os.getpid()) and time.monotonic() < deadline:  # orphaned workers would be here
        _reap_zombies()
        time.sleep(0.02)
    _reap_zombies()
    assert _children_of(os.getpid()) == [], f"a read worker outlived its parent (round {attempt})"


def _opens(workbook: Path) -> None:
    """Every part of ``workbook`` is whole (CRC checked) and python-calamine opens it with its sheets."""
    with zipfile.ZipFile(workbook) as archive:
        assert archive.testzip() is None, workbook
    assert "Synthèse" in CalamineWorkbook.from_path(str(workbook)).sheet_names, workbook


def _old_or_new(master: Path, previous: bytes, day: date) -> bytes:
    """The master is the previous one or a complete new one of ``day``, and its newest backup opens."""
    content = master.read_bytes()
    if content != previous:
        _opens(master)
        assert _summary_status_date(master) == day, (master, day)
    saved = backups_of(master)
    assert saved and all(zipfile.is_zipfile(p) for p in saved)
    _opens(saved[-1])
    return content


@pytest.fixture()
def one_project_portfolio(tmp_path) -> Path:
    master = write_master_template(tmp_path / "portefeuille_maitre.xlsx")
    projects = tmp_path / "projets"
    projects.mkdir()
    write_project_workbook(project_app(), projects / "APP.xlsx")
    return master


def test_kill_at_random_points_leaves_the_old_or_the_new_master(one_project_portfolio, subreaper):
    master = one_project_portfolio
    consolidate(master, period=reporting_period_for(STATUS_DATE), workers=1)
    started = time.monotonic()
    timing_run = _run_child(master, STATUS_DATE + timedelta(days=1))
    timing_run.join()
    duration = time.monotonic() - started
    assert timing_run.exitcode == 0
    previous = master.read_bytes()
    killed_while_running = 0
    for attempt, point in enumerate(_kill_points(duration, random.Random(14))):
        day = STATUS_DATE + timedelta(days=2 + attempt)
        killed_while_running += _killed_while_running(master, day, point)
        _no_worker_survives(attempt)
        previous = _old_or_new(master, previous, day)
    assert killed_while_running >= _KILLS // 2  # most kills hit a run in progress
    # a killed write leaves its temporary file; the next run removes it
    leftover = master.parent / ".~portefeuille_maitre-k1ll3d.xlsx"
    leftover.write_bytes(b"half a master")
    truncated = backups.backup_path(master)
    truncated.write_bytes(b"PK\x03\x04 half a backup")
    consolidate(master, period=reporting_period_for(STATUS_DATE + timedelta(days=30)), workers=1)
    assert not leftover.exists() and not truncated.exists()
    assert not [p for p in master.parent.rglob(".~portefeuille_maitre-*")]
    assert _status_date(master) == _summary_status_date(master) == STATUS_DATE + timedelta(days=30)


def test_two_consolidations_of_different_periods_at_once_keep_both_periods(portfolio):
    master = portfolio
    first, second = date(2026, 10, 30), date(2026, 11, 27)
    runs = [_run_child(master, first), _run_child(master, second)]
    for run in runs:
        run.join(timeout=120)
    assert [run.exitcode for run in runs] == [0, 0]
    history = read_snapshot(master).kpi_history
    periods = {value.date() if hasattr(value, "date") else value for value in history["status_date"]}
    assert {first, second} <= periods


def test_a_second_run_waits_then_refuses_clearly(portfolio):
    messages: list[str] = []
    with master_lock(portfolio):
        with pytest.raises(MasterLockedError) as refused:
            consolidate(portfolio, period=reporting_period_for(STATUS_DATE), lock_wait_seconds=0.3, on_lock_wait=messages.append)
    assert refused.value.location.file == str(portfolio)
    assert len(messages) == 1 and f"pid {os.getpid()}" in messages[0]
    outcome_code = _cli_while_locked(portfolio)
    assert outcome_code == 1


def _cli_while_locked(master: Path) -> int:
    with master_lock(master):
        outcome = CliRunner().invoke(app, ["consolidate", "--master", str(master), "--lock-wait", "0"])
    assert "another consolidation of this master is running" in outcome.output
    return outcome.exit_code


def test_the_lock_is_released_when_its_holder_is_killed(portfolio):
    holder = _FORK.Process(target=_hold_lock_forever, args=(portfolio,))
    holder.start()
    deadline = time.monotonic() + 10
    path = lock_path(portfolio)
    while not (path.exists() and path.read_bytes().startswith(b"pid")) and time.monotonic() < deadline:
        time.sleep(0.05)
    with pytest.raises(MasterLockedError):
        with master_lock(portfolio, wait_seconds=0):
            pass
    os.kill(holder.pid, signal.SIGKILL)
    holder.join()
    with master_lock(portfolio, wait_seconds=2):
        pass


def _hold_lock_forever(master: Path) -> None:
    with master_lock(master):
        time.sleep(60)


def test_the_master_and_its_backup_keep_their_file_mode(portfolio):
    os.chmod(portfolio, 0o640)
    result = consolidate(portfolio, period=reporting_period_for(STATUS_DATE))
    assert stat.S_IMODE(os.stat(portfolio).st_mode) == 0o640
    assert stat.S_IMODE(os.stat(result.run.backup_path).st_mode) == 0o640
    os.chmod(portfolio, 0o664)
    consolidate(portfolio, period=reporting_period_for(STATUS_DATE))
    assert stat.S_IMODE(os.stat(portfolio).st_mode) == 0o664


def test_backups_are_bounded(tmp_path):
    master = tmp_path / "m.xlsx"
    master.write_bytes(b"v0")
    for version in range(backups.BACKUPS_KEPT + 5):
        write_backup(master, f"v{version}".encode(), 0o644)
    kept = backups_of(master)
    assert len(kept) == backups.BACKUPS_KEPT
    assert kept[-1].read_bytes() == f"v{backups.BACKUPS_KEPT + 4}".encode()
    assert kept[0].read_bytes() == b"v5"


def test_a_full_disk_while_backing_up_is_a_clear_message_and_leaves_nothing_partial(portfolio, monkeypatch):
    consolidate(portfolio, period=reporting_period_for(STATUS_DATE))
    previous = portfolio.read_bytes()
    saved_before = backups_of(portfolio)
    monkeypatch.setattr("pmo_xl.io.atomic.open", _failing_open, raising=False)
    with pytest.raises(OutputError) as failure:
        consolidate(portfolio, period=reporting_period_for(date(2026, 11, 6)))
    assert "disk full" in failure.value.message
    assert Path(failure.value.location.file).parent.name == backups.BACKUP_FOLDER
    assert portfolio.read_bytes() == previous
    assert backups_of(portfolio) == saved_before
    assert not [p for p in portfolio.parent.rglob(".~*") if p.suffix == ".xlsx"]


class _FullDiskFile:
    """A file object whose every write fails as on a full disk (after creating the file, as a real one does)."""

    def __init__(self, path, mode="r", *args, **kwargs):
        self._handle = open(path, mode, *args, **kwargs)

    def write(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self._handle.close()
        return False


def _failing_open(path, mode="r", *args, **kwargs):
    if "w" in mode:
        return _FullDiskFile(path, mode, *args, **kwargs)
    return open(path, mode, *args, **kwargs)


def test_cli_names_the_file_on_a_permission_error(portfolio, monkeypatch):
    real_replace = os.replace

    def refused(source, target):
        if Path(target) == portfolio:
            raise PermissionError(errno.EACCES, "Permission denied", str(target))
        return real_replace(source, target)

    previous = portfolio.read_bytes()
    monkeypatch.setattr("pmo_xl.io.atomic.os.replace", refused)
    outcome = CliRunner().invoke(app, ["consolidate", "--master", str(portfolio), "--status-date", "2026-10-30"])
    assert outcome.exit_code == 1
    assert "the file could not be written: permission denied" in outcome.output
    assert str(portfolio) in outcome.output
    assert portfolio.read_bytes() == previous


def test_stale_temp_files_are_removed_only_for_this_master(tmp_path):
    master = tmp_path / "m.xlsx"
    master.write_bytes(b"x")
    mine = [tmp_path / ".~m-abc.xlsx", tmp_path / ".m-abc.xlsx.tmp"]
    others = [tmp_path / ".~other-abc.xlsx", tmp_path / "m-notes.xlsx"]
    for path in mine + others:
        path.write_bytes(b"x")
    assert sorted(clean_stale_temp_files(master)) == sorted(mine)
    assert all(p.exists() for p in others)
