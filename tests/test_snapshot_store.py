"""Stored snapshots: Parquet per consolidated period, DuckDB queries, history, and bad snapshot folders."""

import hashlib
import json
import shutil
from datetime import date
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from pmo_xl.cli import app
from pmo_xl.io.master.reader import read_snapshot
from pmo_xl.io.master.template import write_master_template
from pmo_xl.io.snapshot_query import query_tables
from pmo_xl.io.snapshot_store import SnapshotError, read_stored_snapshot, snapshots_folder
from pmo_xl.io.workbook_writer import write_project_workbook
from pmo_xl.model.period import ReportingPeriod
from pmo_xl.model.portfolio import TABLES
from pmo_xl.service.consolidate import consolidate
from pmo_xl.service.history import portfolio_history

from test_portfolio_data import project_app, project_bnk


def _portfolio(folder: Path) -> Path:
    master = write_master_template(folder / "portefeuille_maitre.xlsx")
    projects = folder / "projets"
    projects.mkdir()
    for data in (project_app(), project_bnk()):
        write_project_workbook(data, projects / f"{data.project.code}.xlsx")
    return master


@pytest.fixture(scope="module")
def two_periods(tmp_path_factory):
    """One master consolidated for October (twice), then for the ISO week 45."""
    folder = tmp_path_factory.mktemp("store")
    master = _portfolio(folder)
    consolidate(master, period=ReportingPeriod.parse("2026-10", date(2026, 10, 28)), keep_backup=False)
    october = consolidate(master, period=ReportingPeriod.parse("2026-10", date(2026, 10, 30)), keep_backup=False)
    week = consolidate(master, period=ReportingPeriod.parse("2026-W45", date(2026, 11, 6)), keep_backup=False)
    return master, october, week


def test_each_period_is_stored_once_with_its_sources_and_hashes(two_periods):
    master, october, week = two_periods
    root = snapshots_folder(master.parent)
    assert sorted(p.name for p in root.iterdir()) == ["2026-10", "2026-W45"]  # no staging folder left
    manifest = json.loads((root / "2026-10" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["period"] == {"code": "2026-10", "kind": "month", "start": "2026-10-01", "end": "2026-10-31"}
    assert manifest["status_date"] == "2026-10-30"  # the second October run replaced the first
    workbook = master.parent / "projets" / "APP.xlsx"
    source = next(s for s in manifest["sources"] if Path(s["file"]).name == "APP.xlsx")
    assert source["sha256"] == hashlib.sha256(workbook.read_bytes()).hexdigest()
    assert source["status"] == "consolidated" and manifest["tool_version"]
    assert json.loads((root / "2026-W45" / "manifest.json").read_text())["period"]["kind"] == "week"


def test_a_stored_snapshot_reads_back_as_consolidated(two_periods):
    master, october, _ = two_periods
    stored = read_stored_snapshot(snapshots_folder(master.parent) / "2026-10")
    assert stored.period == october.period and stored.status_date == date(2026, 10, 30)
    for spec in TABLES:
        if spec.key == "kpi_history":
            continue
        assert len(stored.table(spec.key)) == len(october.table(spec.key)), spec.key
    pd.testing.assert_series_equal(stored.overview["eac"], october.overview["eac"], check_names=False)
    assert list(stored.overview["rag_overall"]) == list(october.overview["rag_overall"])
    # read with a second engine: DuckDB over the Parquet file gives the same BAC total
    path = snapshots_folder(master.parent) / "2026-10" / "overview.parquet"
    with duckdb.connect() as connection:
        total = connection.execute("SELECT sum(bac) FROM read_parquet(?)", [str(path)]).fetchall()[0][0]
    assert total == pytest.approx(october.overview["bac"].sum())


def test_the_kpi_history_sheet_holds_exactly_the_stored_periods(two_periods):
    master, october, week = two_periods
    history = read_snapshot(master).kpi_history
    assert sorted(set(history["period"])) == ["2026-10", "2026-W45"]
    dates = history.groupby("period")["status_date"].unique()
    assert [d.date() for d in dates["2026-10"]] == [date(2026, 10, 30)]
    assert not history.duplicated(["period", "project_code", "kpi"]).any()


def test_history_command_lists_snapshots_and_trends(two_periods):
    master, october, week = two_periods
    outcome = CliRunner().invoke(app, ["history", "--master", str(master), "--json"])
    assert outcome.exit_code == 0, outcome.output
    document = json.loads(outcome.stdout)
    assert [(s["period"], s["kind"], s["status_date"], s["projects"]) for s in document["snapshots"]] == [
        ("2026-10", "month", "2026-10-30", 2), ("2026-W45", "week", "2026-11-06", 2)]
    assert document["trends"]["bac_total"]["2026-10"] == pytest.approx(october.summary_value("bac_total"))
    assert document["trends"]["bac_total"]["2026-W45"] == pytest.approx(week.summary_value("bac_total"))


def test_one_duckdb_query_combines_two_subsidiaries(two_periods, tmp_path):
    master, october, week = two_periods
    other = tmp_path / "filiale_b"
    other.mkdir()
    other_master = _portfolio(other)
    consolidate(other_master, period=ReportingPeriod.parse("2026-10", date(2026, 10, 30)), keep_backup=False)
    roots = [snapshots_folder(master.parent), snapshots_folder(other)]
    combined = query_tables(roots, "portfolio")
    assert len(combined) == 3  # two periods of the first subsidiary, one of the second
    assert sorted(combined["period"]) == ["2026-10", "2026-10", "2026-W45"]
    by_root = combined.groupby("portfolio_folder")["projects"].sum()
    assert by_root[str(roots[0])] == 4 and by_root[str(roots[1])] == 2
    projects = query_tables(roots, "overview")
    october_rows = projects[projects["period"] == "2026-10"]
    assert sorted(october_rows["project_code"]) == ["APP", "APP", "BNK", "BNK"]


def test_missing_corrupt_and_newer_snapshots_name_the_file(two_periods, tmp_path):
    master, _, _ = two_periods
    copy = tmp_path / "copie"
    shutil.copytree(snapshots_folder(master.parent), copy)
    with pytest.raises(SnapshotError) as missing:
        read_stored_snapshot(copy / "2026-12")
    assert str(copy / "2026-12") in str(missing.value)
    (copy / "2026-10" / "risks.parquet").write_bytes(b"not parquet")
    with pytest.raises(SnapshotError) as corrupt:
        read_stored_snapshot(copy / "2026-10")
    assert str(copy / "2026-10" / "risks.parquet") in str(corrupt.value)
    manifest = copy / "2026-W45" / "manifest.json"
    data = json.loads(manifest.read_text())
    data["format_version"] = 99
    manifest.write_text(json.dumps(data))
    with pytest.raises(SnapshotError) as newer:
        portfolio_history(master, snapshot_root=copy)
    assert str(manifest) in str(newer.value) and "newer" in str(newer.value)
    outcome = CliRunner().invoke(app, ["history", "--master", str(tmp_path / "absent.xlsx")])
    assert outcome.exit_code == 1


def test_a_failed_consolidation_leaves_snapshot_and_master_untouched(tmp_path, monkeypatch):
    master = _portfolio(tmp_path)
    consolidate(master, period=ReportingPeriod.parse("2026-10", date(2026, 10, 30)), keep_backup=False)
    root = snapshots_folder(tmp_path)
    before_master = master.read_bytes()
    before_files = {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    import pmo_xl.service.consolidate as service

    def broken_write(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(service, "write_master", broken_write)
    with pytest.raises(OSError):
        consolidate(master, period=ReportingPeriod.parse("2026-10", date(2026, 10, 31)), keep_backup=False)
    assert master.read_bytes() == before_master
    after_files = {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert after_files == before_files
    assert [p.name for p in root.iterdir()] == ["2026-10"]
    assert openpyxl.load_workbook(master, read_only=True)  # still a workbook
