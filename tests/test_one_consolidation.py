"""One consolidation for every adapter: the ribbon's Consolider and ``pmo-xl consolidate`` give the same snapshot."""

import shutil
from datetime import date

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from pmo_xl.cli import app
from pmo_xl.excel.actions import run_action
from pmo_xl.excel.book_adapter import FileBookAdapter
from pmo_xl.io.master.template import write_master_template
from pmo_xl.io.snapshot_store import read_stored_snapshot, snapshots_folder
from pmo_xl.io.workbook_writer import write_project_workbook
from pmo_xl.model.portfolio import TABLES

from test_portfolio_data import project_app, project_bnk


@pytest.fixture()
def portfolio(tmp_path):
    master = write_master_template(tmp_path / "portefeuille_maitre.xlsx")
    projects = tmp_path / "projets"
    projects.mkdir()
    for data in (project_app(), project_bnk()):
        write_project_workbook(data, projects / f"{data.project.code}.xlsx")
    (projects / "CASSE.xlsx").write_bytes(b"not a workbook")
    return master


def _stored(master, copy_to):
    folder = snapshots_folder(master.parent)
    shutil.copytree(folder, copy_to)
    (period,) = [p for p in copy_to.iterdir()]
    return read_stored_snapshot(period)


def _master_values(master):
    book = openpyxl.load_workbook(master, data_only=True)
    try:
        return {name: [[c for c in row] for row in book[name].iter_rows(values_only=True)]
                for name in book.sheetnames}
    finally:
        book.close()


def test_ribbon_and_command_line_give_identical_snapshots(portfolio, tmp_path):
    outcome = CliRunner().invoke(app, ["consolidate", "--master", str(portfolio)])
    assert outcome.exit_code == 1, outcome.output  # CASSE.xlsx is not a workbook
    from_cli = _stored(portfolio, tmp_path / "cli")
    cli_sheets = _master_values(portfolio)

    book = FileBookAdapter(portfolio)
    ribbon = run_action("consolidate_portfolio", book)
    assert ribbon.ok, ribbon.message
    from_ribbon = _stored(portfolio, tmp_path / "ribbon")

    # the period and status date are settled the same way: the latest date the workbooks declare
    assert from_cli.period == from_ribbon.period
    assert from_cli.status_date == date(2026, 10, 30) and from_cli.period.code == "2026-10"
    assert [(s.path, s.sha256, s.status) for s in from_cli.sources] == \
        [(s.path, s.sha256, s.status) for s in from_ribbon.sources]
    for spec in TABLES:
        pd.testing.assert_frame_equal(from_cli.table(spec.key), from_ribbon.table(spec.key), obj=spec.key)
    assert from_cli.overview["bac"].sum() > 0 and len(from_cli.errors) == 1
    # and the master's managed sheets hold the same values after either
    assert _master_values(portfolio) == cli_sheets
