"""The master workbook template: Config and Gouvernance tables, validations, managed sheets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from pmo_xl.engine.rag import RagThresholds
from pmo_xl.io.master.config import read_master_inputs
from pmo_xl.io.master.reader import read_snapshot
from pmo_xl.io.master.template import build_master_template, write_master_template
from pmo_xl.model.portfolio import TABLES

CHECKED_IN = Path(__file__).resolve().parents[1] / "workbooks" / "portefeuille_maitre.xlsx"


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return write_master_template(tmp_path_factory.mktemp("tpl") / "maitre.xlsx")


def test_checked_in_template_is_the_generated_one():
    assert CHECKED_IN.read_bytes() == build_master_template()


def test_template_sheets_and_tables(template):
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames[:3] == ["Lisez-moi", "Config", "Gouvernance"]
    assert set(wb["Config"].tables) == {"tblParametres", "tblTaux", "tblSeuilsRAG", "tblJoursFeries",
                                        "tblComites", "tblKPI", "tblMembres", "tblPortesDefinition",
                                        "tblReferentiel"}
    assert set(wb["Gouvernance"].tables) == {"tblGouvActions", "tblGouvDecisions", "tblGouvHistorique",
                                             "tblGouvReunions"}
    assert set(wb["Portes"].tables) == {"tblPortes"} and set(wb["Changements"].tables) == {"tblChangements"}
    for spec in TABLES:
        ws = wb[spec.sheet]
        assert spec.table_name in ws.tables
        assert [c.value for c in ws[1]][: len(spec.headers)] == spec.headers
        assert ws.freeze_panes == "A2"


def test_template_validations(template):
    wb = openpyxl.load_workbook(template)
    config = wb["Config"]
    lists = [dv.formula1 for dv in config.data_validations.dataValidation if dv.type == "list"]
    assert '"ajouter,retirer"' in lists
    assert '"COPIL,COPROJ,comité technique"' in lists
    gov_lists = [dv.formula1 for dv in wb["Gouvernance"].data_validations.dataValidation if dv.type == "list"]
    assert '"ouvert,en cours,clos,annulé"' in gov_lists
    assert any(dv.type == "date" for dv in config.data_validations.dataValidation)


def test_template_config_reads_back_as_defaults(template):
    inputs = read_master_inputs(template)
    config = inputs.config
    assert not inputs.problems
    assert config.reporting_currency == "MAD"
    assert config.rates.rate("EUR") == pytest.approx(10.80)
    assert config.rates.rate("USD") == pytest.approx(9.95)
    assert config.rag_thresholds == RagThresholds()
    assert config.projects_folder == template.parent / "projets"
    assert config.status_date is None
    assert config.kpis["action_closure_rate"].target == pytest.approx(0.8)
    assert [d.committee.value for d in config.committee_definitions] == ["COPIL", "COPROJ", "TECH"]
    assert config.escalation_after_days == 30
    assert config.language == "fr"
    assert [g.code for g in config.gate_definitions if g.cycle == "classique"] == ["G0", "G1", "G2", "G3", "G4", "G5"]
    assert inputs.governance_actions == [] and inputs.governance_decisions == []


def test_committee_calendar_rules(template):
    from pmo_xl.engine.calendar import moroccan_calendar
    from pmo_xl.engine.governance.committees import next_meeting

    definitions = read_master_inputs(template).config.committee_definitions
    working = moroccan_calendar().is_working_day
    first = {d.committee.value: next_meeting(d, date(2026, 12, 1), working).day for d in definitions}
    # December 2026: first Monday 7th, second Tuesday 8th, first Thursday 3rd (the every-other-week series starts then)
    assert first == {"COPROJ": date(2026, 12, 7), "COPIL": date(2026, 12, 8), "TECH": date(2026, 12, 3)}


def test_empty_template_reads_back_as_an_empty_snapshot(template):
    snapshot = read_snapshot(template)
    assert snapshot.status_date is None
    assert snapshot.overview.empty and snapshot.actions.empty
    assert list(snapshot.overview.columns) == TABLES[1].keys


def test_bad_config_cells_are_located(tmp_path):
    path = tmp_path / "m.xlsx"
    path.write_bytes(build_master_template())
    wb = openpyxl.load_workbook(path)
    config = wb["Config"]
    assert config["F4"].value == "EUR"
    config["H4"] = "dix"  # rate of EUR
    config["N4"] = "31/02/2027"  # holiday date that does not exist
    config["O4"] = "ajouter"
    wb.save(path)
    inputs = read_master_inputs(path)
    located = {(p.location.sheet, p.location.cell): p for p in inputs.problems}
    rate = located[("Config", "H4")]
    assert rate.message == "invalid exchange rate" and rate.found == "dix"
    assert ("Config", "N4") in located
    assert "EUR" not in inputs.config.rates.rates
    assert inputs.config.rates.rate("USD") == pytest.approx(9.95)


def test_master_language_parameter(tmp_path):
    path = tmp_path / "m.xlsx"
    path.write_bytes(build_master_template())
    wb = openpyxl.load_workbook(path)
    config = wb["Config"]
    row = next(r for r in range(4, 40) if config.cell(r, 1).value == "language")
    config.cell(row, 3).value = "EN"
    wb.save(path)
    assert read_master_inputs(path).config.language == "en"
    config.cell(row, 3).value = "arabe"
    wb.save(path)
    inputs = read_master_inputs(path)
    assert inputs.config.language == "fr"
    problem = next(p for p in inputs.problems if p.location.cell == f"C{row}")
    assert problem.message == "invalid value for parameter 'language'" and problem.expected == "fr or en"


def test_cli_consolidate_without_master_exits_2(tmp_path):
    from typer.testing import CliRunner

    from pmo_xl.cli import app

    outcome = CliRunner().invoke(app, ["consolidate", "--master", str(tmp_path / "absent.xlsx")])
    assert outcome.exit_code == 2
    assert "master workbook not found" in outcome.output
