"""``pmo-xl pack`` reads the period's stored snapshot: the same figures as the packs of the consolidation."""

from datetime import date
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from pmo_xl.cli import app
from pmo_xl.io.master.template import write_master_template
from pmo_xl.io.snapshot_store import SnapshotError, previous_stored_snapshot, snapshots_folder
from pmo_xl.io.workbook_writer import write_project_workbook
from pmo_xl.model.enums import Committee
from pmo_xl.model.period import ReportingPeriod, parse_period
from pmo_xl.reports.context import PackKind, PackRequest
from pmo_xl.reports.packs import write_pack
from pmo_xl.service.consolidate import consolidate
from pmo_xl.service.pack import write_period_pack

from test_portfolio_data import project_app, project_bnk

ISSUED = date(2026, 11, 2)


@pytest.fixture(scope="module")
def consolidated(tmp_path_factory):
    """A master consolidated for September, then October; the October snapshot as the consolidation made it."""
    folder = tmp_path_factory.mktemp("pack_store")
    master = write_master_template(folder / "portefeuille_maitre.xlsx")
    projects = folder / "projets"
    projects.mkdir()
    for data in (project_app(), project_bnk()):
        write_project_workbook(data, projects / f"{data.project.code}.xlsx")
    consolidate(master, period=ReportingPeriod.parse("2026-09", date(2026, 9, 30)), keep_backup=False)
    october = consolidate(master, period=ReportingPeriod.parse("2026-10", date(2026, 10, 30)), keep_backup=False)
    return master, october


def _texts(path: Path) -> list[str]:
    document = docx.Document(path)
    return [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]


@pytest.mark.parametrize("committee", [Committee.COPIL, Committee.COPROJ])
def test_a_pack_from_the_stored_snapshot_equals_the_pack_of_the_consolidation(consolidated, tmp_path, committee):
    master, october = consolidated
    at_consolidation = PackRequest(october.period, PackKind.MONTHLY, committee, "fr", generated_on=ISSUED)
    previous = previous_stored_snapshot(snapshots_folder(master.parent), october.period)
    made = write_pack(october, at_consolidation, tmp_path / "cycle", formats=("docx", "xlsx"), previous=previous)
    later = PackRequest(parse_period("2026-10"), PackKind.MONTHLY, committee, "fr", generated_on=ISSUED)
    stored = write_period_pack(master, later, tmp_path / "pack", formats=("docx", "xlsx"))
    assert stored.context.values == made.context.values
    assert _texts(stored.pack) == _texts(made.pack)
    # the status date is the consolidation's (30 October), not the period's end
    assert stored.context.values["meta"]["status_date"] == "30/10/2026"


def test_the_copil_compares_with_the_previous_stored_period(consolidated, tmp_path):
    master, _ = consolidated
    request = PackRequest(parse_period("2026-10"), PackKind.MONTHLY, Committee.COPIL, "fr", generated_on=ISSUED)
    result = write_period_pack(master, request, tmp_path, formats=("docx",))
    assert result.context.values["copil"]["previous_period"] == "2026-09"


def test_a_period_never_consolidated_names_the_missing_snapshot_folder(consolidated, tmp_path):
    master, _ = consolidated
    missing = snapshots_folder(master.parent) / "2026-12"
    request = PackRequest(parse_period("2026-12"), PackKind.MONTHLY, Committee.COPIL, "fr")
    with pytest.raises(SnapshotError) as error:
        write_period_pack(master, request, tmp_path)
    assert str(missing) in str(error.value) and "pmo-xl consolidate" in str(error.value)
    outcome = CliRunner().invoke(app, ["pack", "--master", str(master), "--period", "2026-12", "--out",
                                       str(tmp_path / "out")], terminal_width=400)
    assert outcome.exit_code == 1
    assert "2026-12" in outcome.output and "instantanes" in outcome.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_damaged_snapshot_table_names_the_file(tmp_path):
    master = write_master_template(tmp_path / "portefeuille_maitre.xlsx")
    projects = tmp_path / "projets"
    projects.mkdir()
    write_project_workbook(project_app(), projects / "APP.xlsx")
    consolidate(master, period=ReportingPeriod.parse("2026-10", date(2026, 10, 30)), keep_backup=False)
    damaged = snapshots_folder(tmp_path) / "2026-10" / "overview.parquet"
    damaged.write_bytes(b"not parquet")
    outcome = CliRunner().invoke(app, ["pack", "--master", str(master), "--period", "2026-10", "--out",
                                       str(tmp_path / "out")], terminal_width=400)
    assert outcome.exit_code == 1
    assert "overview.parquet" in outcome.output and "unreadable" in outcome.output
