"""One hostile workbook costs one located problem; every other project of the folder is consolidated.

The corpus is made by :mod:`hostile_corpus` from valid workbooks: the last
cell of Excel filled in, a declared used range of the whole sheet, a zip
bomb, a named pipe called ``.xlsx``, an Excel error value and a formula
never calculated in a duration cell, a workbook whose reader aborts or
hangs.  Each case checks the exit code, the problem with its location, and
that the good projects are still in the master.
"""

from __future__ import annotations

import copy
import os
import resource
import shutil
import sys
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from pmo_xl.cli import app
from pmo_xl.io.workbook_reader import read_project_workbook
from pmo_xl.io.workbook_writer import write_project_workbook
from pmo_xl.io.master.template import write_master_template
from pmo_xl.io.master.reader import read_snapshot

import hostile_corpus as corpus
from test_portfolio_data import project_app, project_bnk

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="named pipes and rlimits are POSIX")


def _renamed(data, code: str):
    clone = copy.deepcopy(data)
    clone.project.code, clone.project.name = code, f"Projet {code}"
    return clone


def set_parameter(master: Path, key: str, value) -> None:
    """Add the parameter ``key`` = ``value`` to the Config sheet's parameter table, as a PMO analyst would."""
    book = openpyxl.load_workbook(master)
    sheet = book["Config"]
    table = sheet.tables["tblParametres"]
    first, last = table.ref.split(":")
    last_row = int("".join(ch for ch in last if ch.isdigit()))
    sheet.cell(last_row + 1, 1, key)
    sheet.cell(last_row + 1, 3, value)
    table.ref = f"{first}:{''.join(ch for ch in last if ch.isalpha())}{last_row + 1}"
    book.save(master)


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    """A valid workbook of a project FAR that the hostile copies start from."""
    folder = tmp_path_factory.mktemp("source")
    return write_project_workbook(_renamed(project_app(), "SRC"), folder / "SRC.xlsx")


def _copy_as(source: Path, code: str, folder: Path) -> Path:
    """``source`` rewritten under project code ``code`` (the card's code cell), in ``folder``."""
    book = openpyxl.load_workbook(source)
    sheet = book["Projet"]
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == "SRC":
                cell.value = code
    target = folder / f"{code}-source.xlsx"
    book.save(target)
    return target


@pytest.fixture(scope="module")
def hostile_portfolio(tmp_path_factory, source) -> dict:
    """A master and a folder with the two good projects and one workbook of each hostile kind."""
    root = tmp_path_factory.mktemp("hostile")
    master = write_master_template(root / "portefeuille_maitre.xlsx")
    projects = root / "projets"
    projects.mkdir()
    work = root / "work"
    work.mkdir()
    for data in (project_app(), project_bnk()):
        write_project_workbook(data, projects / f"{data.project.code}.xlsx")
    duration = corpus.cell_of(source, "Tâches", "Durée (j)", row_offset=2)
    corpus.with_far_value(_copy_as(source, "FAR", work), projects / "FAR.xlsx")
    corpus.with_declared_dimension(_copy_as(source, "DIM", work), projects / "DIM.xlsx")
    corpus.zip_bomb(_copy_as(source, "BOMB", work), projects / "BOMB.xlsx", inflated_mb=32)
    corpus.with_cell(_copy_as(source, "ERR", work), projects / "ERR.xlsx", "Tâches", duration,
                     corpus.error_value_cell(duration))
    corpus.with_cell(_copy_as(source, "CALC", work), projects / "CALC.xlsx", "Tâches", duration,
                     corpus.uncalculated_cell(duration))
    os.mkfifo(projects / "PIPE.xlsx")
    runner = CliRunner()
    outcome = runner.invoke(app, ["consolidate", "--master", str(master), "--status-date", "2026-10-30",
                                  "--workers", "2"])
    return {"master": master, "outcome": outcome, "duration": duration, "snapshot": read_snapshot(master)}


def _errors_of(snapshot, file_name: str):
    errors = snapshot.errors
    return errors[errors["file"].map(lambda f: Path(f).name if isinstance(f, str) else "") == file_name]


def test_the_good_projects_are_consolidated_beside_the_hostile_ones(hostile_portfolio):
    assert hostile_portfolio["outcome"].exit_code == 1, hostile_portfolio["outcome"].output
    codes = set(hostile_portfolio["snapshot"].overview["project_code"])
    assert {"APP", "BNK"} <= codes
    # the workbooks whose bad cells were left out are consolidated too
    assert {"FAR", "DIM", "ERR", "CALC"} <= codes
    assert not {"BOMB", "PIPE"} & codes


def test_a_value_in_the_last_cell_of_excel_is_one_located_problem(hostile_portfolio):
    rows = _errors_of(hostile_portfolio["snapshot"], "FAR.xlsx")
    assert list(rows["code"]) == ["beyond_read_area"]
    assert list(rows["sheet"]) == ["Tâches"] and list(rows["cell"]) == ["XFD1048576"]


def test_a_declared_used_range_of_the_whole_sheet_is_ignored(hostile_portfolio):
    assert _errors_of(hostile_portfolio["snapshot"], "DIM.xlsx").empty


def test_a_zip_bomb_is_refused_before_inflating(hostile_portfolio):
    rows = _errors_of(hostile_portfolio["snapshot"], "BOMB.xlsx")
    assert list(rows["code"]) == ["archive_limit"]
    assert "image1.bin" in rows["found"].iloc[0]


def test_a_named_pipe_called_xlsx_does_not_hang(hostile_portfolio):
    rows = _errors_of(hostile_portfolio["snapshot"], "PIPE.xlsx")
    assert list(rows["code"]) == ["special_file"]


@pytest.mark.parametrize("file_name, code", [("ERR.xlsx", "excel_error"), ("CALC.xlsx", "uncalculated_formula")])
def test_error_values_and_uncalculated_formulas_are_errors_on_their_cell(hostile_portfolio, file_name, code):
    rows = _errors_of(hostile_portfolio["snapshot"], file_name)
    assert list(rows["code"]) == [code]
    assert list(rows["cell"]) == [hostile_portfolio["duration"]] and list(rows["sheet"]) == ["Tâches"]


def test_the_error_value_is_what_was_found(tmp_path, source):
    duration = corpus.cell_of(source, "Tâches", "Durée (j)")
    damaged = corpus.with_cell(source, tmp_path / "E.xlsx", "Tâches", duration,
                               corpus.error_value_cell(duration, "#DIV/0!"))
    result = read_project_workbook(damaged)
    problem = next(p for p in result.problems if p.code == "excel_error")
    assert (problem.found, problem.location.cell) == ("#DIV/0!", duration)
    # the task is left out rather than read as a 0-day task
    good = read_project_workbook(source).data
    assert len(result.data.tasks) == len(good.tasks) - 1


def test_validate_reports_a_zip_bomb_and_a_named_pipe(tmp_path, source):
    bomb = corpus.zip_bomb(source, tmp_path / "bomb.xlsx", inflated_mb=32)
    pipe = tmp_path / "pipe.xlsx"
    os.mkfifo(pipe)
    outcome = CliRunner().invoke(app, ["validate", "--json", str(bomb), str(pipe)])
    assert outcome.exit_code == 1
    import json

    files = {Path(f["path"]).name: [p["code"] for p in f["problems"]] for f in json.loads(outcome.stdout)["files"]}
    assert files == {"bomb.xlsx": ["archive_limit"], "pipe.xlsx": ["special_file"]}


def test_archive_limits_come_from_config(tmp_path, source):
    master = write_master_template(tmp_path / "maitre.xlsx")
    projects = tmp_path / "projets"
    projects.mkdir()
    shutil.copy(source, projects / "SRC.xlsx")
    set_parameter(master, "read_max_entries", 3)
    outcome = CliRunner().invoke(app, ["consolidate", "--master", str(master), "--status-date", "2026-10-30"])
    assert outcome.exit_code == 1
    errors = read_snapshot(master).errors
    assert list(errors["code"]) == ["archive_limit"]
    assert errors["expected"].iloc[0].startswith("3")


_PEAK_OF_ONE_CONSOLIDATION = """
import resource, sys
from pmo_xl.cli import main
sys.argv = ["pmo-xl", "consolidate", "--master", sys.argv[1], "--status-date", "2026-10-30", "--workers", "2"]
try:
    main()
except SystemExit:
    pass
print(max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
          resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
"""


def test_the_hostile_reads_stay_under_a_memory_cap(hostile_portfolio):
    """The whole hostile consolidation, run alone in a fresh process with its workers, stays under the read
    ceiling: each worker may map ``read_memory_mb`` (2 GB by default) more than it maps at start, so no process
    of the run holds more than that ceiling plus a worker's start (under 512 MB).

    A fresh process is measured, not this test worker, whose children also
    include the LibreOffice conversions of other tests.
    """
    import subprocess

    from pmo_xl.io.safe_read import ReadLimits

    done = subprocess.run([sys.executable, "-c", _PEAK_OF_ONE_CONSOLIDATION, str(hostile_portfolio["master"])],
                          capture_output=True, text=True, timeout=600, check=True)
    peak_kb = int(done.stdout.strip().splitlines()[-1])
    assert 10 * 1024 < peak_kb < (ReadLimits().memory_mb + 512) * 1024


def test_a_workbook_that_cannot_be_opened_is_one_problem_naming_the_reason(tmp_path, source, monkeypatch):
    import errno

    path = tmp_path / "locked.xlsx"
    shutil.copy(source, path)
    real_open = Path.open

    def locked(self, *args, **kwargs):
        if self == path:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", locked)
    [problem] = read_project_workbook(path).problems
    assert (problem.code, problem.found, problem.location.file) == ("unreadable_file", "permission denied", str(path))
