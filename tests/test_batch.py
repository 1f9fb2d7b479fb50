"""The scheduled cycle end to end: real project workbooks, consolidation, packs, log and exit code."""

from datetime import date

import docx
import openpyxl
import pytest
from typer.testing import CliRunner

from pmo_xl.cli import app
from pmo_xl.model.enums import Committee
from pmo_xl.reports.batch import run_cycle
from pmo_xl.model.period import ReportingPeriod


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory):
    """A master workbook and four demo project workbooks, one of them not a workbook at all."""
    from pmo_xl.demo.portfolio import build_demo_portfolio
    from pmo_xl.io.workbook_writer import write_project_workbook
    from pmo_xl.io.master.template import write_master_template

    folder = tmp_path_factory.mktemp("cycle")
    projects = folder / "projets"
    projects.mkdir()
    chosen = build_demo_portfolio()[:3]
    for data in chosen:
        write_project_workbook(data, projects / f"{data.project.code}.xlsx")
    (projects / "PRJ-99_casse.xlsx").write_bytes(b"this is not a zip archive")
    master = write_master_template(folder / "portefeuille.xlsx")
    return folder, master, projects, sorted(d.project.code for d in chosen)


def _texts(path) -> list[str]:
    document = docx.Document(path)
    return [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]


def test_cycle_consolidates_then_writes_packs_and_reports_the_bad_workbook(portfolio, tmp_path):
    folder, master, projects, codes = portfolio
    result = run_cycle(master, ReportingPeriod.parse("2026-11", date(2026, 11, 25)), projects, tmp_path / "packs",
                       log_path=tmp_path / "cycle.log")
    assert not result.fatal and result.exit_code == 0
    assert sorted(result.consolidated) == codes
    assert [p.name for p in result.failed_workbooks] == ["PRJ-99_casse.xlsx"]
    assert [(p.pack.name) for p in result.packs] == ["COPIL_monthly_2026-11_fr.docx", "TECH_monthly_2026-11_fr.docx"]
    copil = _texts(result.packs[0].pack)
    assert any("PRJ-99_casse.xlsx" in text for text in copil)  # listed in the annex, not fatal
    for code in codes:
        assert any(text.startswith(f"{code} – ") for text in copil)
    # the pack's portfolio table carries the consolidated values of the master workbook
    sheet = openpyxl.load_workbook(result.packs[0].dashboard)["Portefeuille"]
    codes_in_dashboard = sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert codes_in_dashboard == codes
    log = (tmp_path / "cycle.log").read_text(encoding="utf-8")
    assert "consolidated 3 project(s)" in log
    assert "PRJ-99_casse.xlsx" in log
    assert "pack COPIL monthly fr written" in log and "cycle 2026-11 done" in log


def test_missing_master_is_fatal_and_logged(tmp_path):
    result = run_cycle(tmp_path / "absent.xlsx", ReportingPeriod.parse("2026-W48"), tmp_path, tmp_path / "packs",
                       log_path=tmp_path / "cycle.log")
    assert result.fatal and result.exit_code == 1
    assert result.packs == []
    assert "consolidation failed" in (tmp_path / "cycle.log").read_text(encoding="utf-8")


def test_run_command_exit_codes_and_summary(portfolio, tmp_path):
    folder, master, projects, codes = portfolio
    runner = CliRunner()
    outcome = runner.invoke(app, ["run", "--master", str(master), "--period", "2026-W48", "--projects", str(projects),
                                  "--out", str(tmp_path / "weekly"), "--status-date", "2026-11-27", "--lang", "en"])
    assert outcome.exit_code == 0, outcome.output
    assert "Projets consolidés" in outcome.output and "│ 3 " in outcome.output
    assert (tmp_path / "weekly" / "COPIL_weekly_2026-W48_en.docx").exists()
    bad = runner.invoke(app, ["run", "--master", str(master), "--period", "2026-13", "--projects", str(projects)])
    assert bad.exit_code == 2 and "2026-13" in bad.output  # a usage error


def test_pack_command_reads_the_stored_snapshot_of_the_period(portfolio, tmp_path):
    folder, master, projects, codes = portfolio
    run_cycle(master, ReportingPeriod.parse("2026-11", date(2026, 11, 25)), projects, tmp_path / "first",
              committees=[Committee.TECH])
    runner = CliRunner()
    outcome = runner.invoke(app, ["pack", "--master", str(master), "--period", "2026-11", "--kind", "monthly",
                                  "--committee", "COPROJ", "--project", codes[0], "--out", str(tmp_path / "coproj")])
    assert outcome.exit_code == 0, outcome.output
    pack = tmp_path / "coproj" / f"COPROJ_monthly_2026-11_{codes[0]}_fr.docx"
    assert pack.exists()
    assert any(text.startswith(f"{codes[0]} – ") for text in _texts(pack))
    unknown = runner.invoke(app, ["pack", "--master", str(master), "--period", "2026-11", "--project", "NOPE",
                                  "--out", str(tmp_path / "x")])
    assert unknown.exit_code == 1 and "NOPE" in unknown.output


def test_template_packs_command_writes_the_templates(tmp_path):
    outcome = CliRunner().invoke(app, ["template", "packs", "--out", str(tmp_path)])
    assert outcome.exit_code == 0, outcome.output
    assert len(list(tmp_path.glob("*.docx"))) == 12


def test_an_unexpected_failure_is_fatal_logged_with_its_traceback(portfolio, tmp_path, monkeypatch):
    import pmo_xl.service.consolidate as consolidation

    folder, master, projects, codes = portfolio

    def broken(*args, **kwargs):
        raise TypeError("unsupported operand type(s) for -: 'NaTType' and 'datetime.date'")

    monkeypatch.setattr(consolidation, "consolidate", broken)
    result = run_cycle(master, ReportingPeriod.parse("2026-11"), projects, tmp_path / "packs", log_path=tmp_path / "cycle.log")
    assert result.fatal and result.exit_code == 1 and result.packs == []
    assert "TypeError" in result.problems[0].message
    log = (tmp_path / "cycle.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "cycle 2026-11 FAILED" in log
