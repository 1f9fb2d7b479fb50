"""Consolidation assesses each project's schedule quality once; the master, the stored snapshot and
``pmo-xl check --master`` show it without assessing again.

The two projects are the plan of ``test_deviations`` (calendar Monday–Friday 08:00–12:00, 13:00–17:00, no
public holiday; 2026-03-02, the status date, is a Monday and the first day of both projects):

    A(5) → B → C(10) → D(5) → M, and A → E(20) → M, baselined with B = 10 days (finish Friday 10 April).

P-OK keeps B = 10 days; P-LATE has B re-estimated at 22 days and E starting 2 days after A (lag + 2 days).
Nothing is started, no task has a resource or a cost.  Worked out by hand, with DCMA's thresholds:

    check               P-LATE                            P-OK
    1 logic             A (no predecessor), M (no         same, 2 / 6: fail
                        successor): 2 / 6 = 33,3 %: fail
    2 leads             0 of the 6 links: pass            pass
    3 lags              E's link, 1 / 6 = 16,7 % > 5 %:   0 / 6: pass
                        fail
    4 relationship      6 FS of 6 = 100 %: pass           pass
    5 hard constraints  0 / 6: pass                       pass
    6 high float        E's float 42 − 27 = 15 ≤ 44:      E's 30 − 25 = 5: pass
                        pass
    7 negative float    0: pass                           pass
    8 high duration     5 tasks (M is a milestone), none  pass
                        over 44 days: pass
    9 invalid dates     0: pass                           pass
    10 resources        no resource nor cost anywhere:    n/a
                        not applicable
    11 missed tasks     no baseline finish due by 2 March: n/a
    12 critical path    A + 600 days moves the finish by   pass
                        600: pass
    13 CPLI             path 42 days, float to the         30 / 30 = 1: pass
                        baseline −12: 30 / 42 = 0,71: fail
    14 BEI              nothing due: not applicable        n/a

P-LATE: 8 checks pass out of 11 applicable; P-OK: 10 out of 11.

The schedule risk (1,000 draws, seed fixed): without three-point estimates every duration d is triangular
(0,9 d, d, 1,3 d), mean 1,0667 d, variance 0,13 d² / 18.  P-OK's critical path A-B-C-D (5 + 10 + 10 + 5 days)
then lasts 32,0 days on average with a standard deviation of √(250 × 0,13 / 18) = 1,34 days (A → E, 26,7 days
at most 32,5, seldom decides): it meets the baseline (30 days) with a probability of about Φ(−2,0 / 1,34) =
0,068, and its P50 is about day 32, Tuesday 14 April 17:00.  The tolerances (± 0,03, ± half a day) are several
sampling standard deviations (0,008 for the probability, 0,05 day for the median) plus the error of the normal
approximation of a sum of four skewed draws.  P-LATE's path lasts at least 0,9 × 42 = 37,8 days: probability 0.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from pmo_xl.cli import app
from pmo_xl.io.master.reader import read_snapshot
from pmo_xl.io.master.template import write_master_template
from pmo_xl.io.snapshot_store import read_stored_snapshot
from pmo_xl.io.workbook_writer import write_project_workbook
from pmo_xl.model import Link
from pmo_xl.model.period import reporting_period_for
from pmo_xl.service.consolidate import consolidate

from test_deviations import five_task_plan
from test_hostile_workbooks import set_parameter

STATUS_DATE = date(2026, 3, 2)
LATE_FAILS = ("logic", "lags", "cpli")
NOT_APPLICABLE = ("resources", "missed_tasks", "bei")


def _portfolio(folder: Path) -> Path:
    projects = folder / "projets"
    projects.mkdir(parents=True)
    late = five_task_plan(b_days=22)
    late.project.code, late.project.name = "P-LATE", "Cœur bancaire"
    late.task("E").predecessors = [Link("A", lag_days=2)]
    on_time = five_task_plan(b_days=10)
    on_time.project.code, on_time.project.name = "P-OK", "Portail clients"
    write_project_workbook(late, projects / "P-LATE.xlsx")
    write_project_workbook(on_time, projects / "P-OK.xlsx")
    return write_master_template(folder / "maitre.xlsx")


@pytest.fixture(scope="module")
def consolidated(tmp_path_factory):
    root = tmp_path_factory.mktemp("quality")
    master = _portfolio(root)
    snapshot = consolidate(master, root / "projets", reporting_period_for(STATUS_DATE), keep_backup=False)
    return master, snapshot


def _checks(snapshot, code: str) -> dict:
    rows = snapshot.schedule_quality[snapshot.schedule_quality["project_code"] == code]
    return {r["check_code"]: r for r in rows.to_dict("records")}


def test_the_snapshot_holds_the_fourteen_checks_of_each_project_as_worked_out(consolidated):
    _, snapshot = consolidated
    late = _checks(snapshot, "P-LATE")
    assert list(late) == ["logic", "leads", "lags", "relationship_types", "hard_constraints", "high_float",
                          "negative_float", "high_duration", "invalid_dates", "resources", "missed_tasks",
                          "critical_path_test", "cpli", "bei"]
    assert [r["number"] for r in late.values()] == list(range(1, 15))
    assert (late["logic"]["count"], late["logic"]["denominator"], late["logic"]["task_ids"]) == (2, 6, "A, M")
    assert late["logic"]["ratio_text"] == "33,3 %" and late["logic"]["threshold_text"] == "≤ 5 %"
    assert (late["lags"]["count"], late["lags"]["denominator"], late["lags"]["task_ids"]) == (1, 6, "E")
    assert (late["relationship_types"]["count"], late["relationship_types"]["ratio"]) == (6, 1.0)
    assert (late["high_duration"]["count"], late["high_duration"]["denominator"]) == (0, 5)
    assert (late["cpli"]["count"], late["cpli"]["denominator"]) == (30, 42)
    assert late["cpli"]["ratio"] == pytest.approx(30 / 42) and late["cpli"]["ratio_text"] == "0,71"
    assert {code for code, r in late.items() if r["passed"] is False} == set(LATE_FAILS)
    assert {code for code, r in late.items() if r["passed"] is None} == set(NOT_APPLICABLE)
    assert late["resources"]["outcome"] == "sans objet" and pd.isna(late["resources"]["task_ids"])
    assert late["lags"]["outcome"] == "non conforme" and late["leads"]["outcome"] == "conforme"
    on_time = _checks(snapshot, "P-OK")
    assert {code for code, r in on_time.items() if r["passed"] is False} == {"logic"}
    assert (on_time["cpli"]["count"], on_time["cpli"]["denominator"]) == (30, 30)


def test_the_heat_map_has_one_row_per_project_with_its_figure(consolidated):
    _, snapshot = consolidated
    heat = snapshot.schedule_quality_map.set_index("project_code")
    assert list(heat.index) == ["P-LATE", "P-OK"]
    assert (heat.at["P-LATE", "checks_passed"], heat.at["P-LATE", "checks_applicable"]) == (8, 11)
    assert heat.at["P-LATE", "schedule_quality"] == pytest.approx(8 / 11)
    assert heat.at["P-OK", "schedule_quality"] == pytest.approx(10 / 11)
    assert heat.at["P-LATE", "project_name"] == "Cœur bancaire"
    assert heat.at["P-LATE", "dcma_lags"] == "non conforme" and heat.at["P-OK", "dcma_lags"] == "conforme"
    assert heat.at["P-OK", "dcma_bei"] == "sans objet"


def test_the_master_sheets_show_the_heat_map_coloured_and_read_back(consolidated):
    master, snapshot = consolidated
    book = openpyxl.load_workbook(master)
    sheet = book["Carte qualité planning"]
    header = [c.value for c in sheet[1]]
    assert header[:5] == ["Code projet", "Projet", "Qualité du planning", "Contrôles conformes",
                          "Contrôles applicables"]
    assert header[5] == "1 Logique" and header[-1] == "14 BEI" and len(header) == 19
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["P-LATE"][2] == pytest.approx(8 / 11) and rows["P-LATE"][3] == 8
    assert rows["P-LATE"][header.index("3 Décalages")] == "non conforme"
    assert rows["P-OK"][header.index("13 CPLI")] == "conforme"
    rules = [(str(cf.sqref), rule.formula) for cf in sheet.conditional_formatting for rule in cf.rules]
    logic_rules = [formula for area, formula in rules if area.startswith("F2")]
    assert ['"conforme"'] in logic_rules and ['"non conforme"'] in logic_rules and ['"sans objet"'] in logic_rules
    detail = book["Qualité du planning"]
    assert detail.max_row == 1 + 2 * 14
    read = read_snapshot(master)
    assert read.schedule_quality["check_code"].tolist() == snapshot.schedule_quality["check_code"].tolist()
    assert read.schedule_quality["passed"].tolist() == snapshot.schedule_quality["passed"].tolist()
    assert read.schedule_quality_map["checks_passed"].tolist() == [8, 10]


def test_the_stored_snapshot_keeps_the_schedule_quality(consolidated):
    _, snapshot = consolidated
    stored = read_stored_snapshot(snapshot.run.snapshot_folder)
    assert stored.schedule_quality["count"].tolist() == snapshot.schedule_quality["count"].tolist()
    assert stored.schedule_quality["passed"].tolist() == snapshot.schedule_quality["passed"].tolist()
    assert stored.schedule_quality_map["schedule_quality"].tolist() == pytest.approx([8 / 11, 10 / 11])


def test_the_schedule_risk_of_each_project_is_in_the_snapshot_and_the_master(consolidated):
    from datetime import datetime

    master, snapshot = consolidated
    risk = snapshot.schedule_risk.set_index("project_code")
    assert list(risk.index) == ["P-LATE", "P-OK"] and set(risk["iterations"]) == {1000}
    assert risk.at["P-OK", "probability_on_baseline"] == pytest.approx(0.068, abs=0.03)
    assert risk.at["P-LATE", "probability_on_baseline"] == 0
    assert risk.at["P-OK", "baseline_finish"] == pd.Timestamp(2026, 4, 10, 17)
    assert risk.at["P-OK", "deterministic_finish"] == pd.Timestamp(2026, 4, 10, 17)
    assert datetime(2026, 4, 14, 13) <= risk.at["P-OK", "finish_p50"] <= datetime(2026, 4, 15, 12)
    assert risk.at["P-OK", "finish_p10"] <= risk.at["P-OK", "finish_p50"] <= risk.at["P-OK", "finish_p80"] \
        <= risk.at["P-OK", "finish_p90"]
    assert risk.at["P-LATE", "finish_p10"] >= pd.Timestamp(2026, 4, 24)  # 37,8 working days at least
    sheet = openpyxl.load_workbook(master)["Risque planning"]
    assert [c.value for c in sheet[1]][9] == "Probabilité de tenir la fin référence"
    assert sheet["J3"].value == pytest.approx(risk.at["P-OK", "probability_on_baseline"])
    assert len(sheet._charts) == 1 and sheet._charts[0].tagname == "barChart"
    assert read_snapshot(master).schedule_risk["finish_p50"].tolist() == snapshot.schedule_risk["finish_p50"].tolist()


def test_check_master_prints_the_portfolio_from_the_master_without_assessing(consolidated, monkeypatch):
    master, _ = consolidated
    import pmo_xl.engine.dcma as dcma

    monkeypatch.setattr(dcma, "assess_schedule", lambda *a, **k: pytest.fail("the master is not read"))
    runner = CliRunner()
    shown = runner.invoke(app, ["check", "--master", str(master)], terminal_width=200)
    assert shown.exit_code == 0, shown.output
    late_line = next(line for line in shown.output.splitlines() if "P-LATE" in line)
    assert "8/11" in late_line and "73 %" in late_line
    assert "Décalages positifs" in late_line and "Indice de longueur du chemin critique (CPLI)" in late_line
    english = runner.invoke(app, ["check", "--master", str(master), "--project", "P-LATE", "--lang", "en"],
                            terminal_width=200)
    lags = next(line for line in english.output.splitlines() if " Lags " in line)
    assert "16.7 %" in lags and "≤ 5 %" in lags and "fail" in lags
    document = json.loads(runner.invoke(app, ["check", "--master", str(master), "--json"]).output)
    assert document["status_date"] == "2026-03-02"
    late = next(p for p in document["projects"] if p["project"] == "P-LATE")
    assert (late["passed"], late["applicable"]) == (8, 11)
    assert [c["code"] for c in late["checks"] if c["passed"] is False] == list(LATE_FAILS)
    assert late["checks"][0]["task_ids"] == ["A", "M"]


def test_the_portfolio_figures_are_those_of_check_on_the_workbook(consolidated):
    master, _ = consolidated
    runner = CliRunner()
    alone = json.loads(runner.invoke(app, ["check", str(master.parent / "projets" / "P-LATE.xlsx"), "--json",
                                           "--status-date", "2026-03-02"]).output)
    stored = json.loads(runner.invoke(app, ["check", "--master", str(master), "--project", "P-LATE",
                                            "--json"]).output)["projects"][0]
    assert [(c["count"], c["denominator"], c["passed"]) for c in alone["checks"]] == \
           [(c["count"], c["denominator"], c["passed"]) for c in stored["checks"]]


def test_risk_master_prints_the_stored_analysis_least_likely_first(consolidated):
    master, snapshot = consolidated
    runner = CliRunner()
    shown = runner.invoke(app, ["risk", "--master", str(master)], terminal_width=200)
    assert shown.exit_code == 0, shown.output
    lines = [line for line in shown.output.splitlines() if "P-" in line]
    assert "P-LATE" in lines[0] and "10/04/2026" in lines[0] and "0 %" in lines[0]
    document = json.loads(runner.invoke(app, ["risk", "--master", str(master), "--json"]).output)
    rows = {p["project"]: p for p in document["projects"]}
    assert rows["P-OK"]["iterations"] == 1000 and rows["P-OK"]["baseline_finish"] == "2026-04-10T17:00"
    stored = snapshot.schedule_risk.set_index("project_code")
    assert rows["P-OK"]["probability_on_baseline"] == pytest.approx(stored.at["P-OK", "probability_on_baseline"])
    assert rows["P-OK"]["p50"] == stored.at["P-OK", "finish_p50"].isoformat(timespec="minutes")


def test_check_wants_a_plan_or_a_master_and_a_master_that_exists(tmp_path):
    runner = CliRunner()
    assert runner.invoke(app, ["check"]).exit_code == 2
    missing = runner.invoke(app, ["check", "--master", str(tmp_path / "absent.xlsx")])
    assert missing.exit_code == 2 and "classeur maître introuvable" in missing.output
    assert runner.invoke(app, ["risk"]).exit_code == 2
    assert runner.invoke(app, ["risk", "--master", str(tmp_path / "absent.xlsx")]).exit_code == 2


def test_config_thresholds_set_the_checks_and_a_bad_one_is_located(tmp_path):
    master = _portfolio(tmp_path)
    set_parameter(master, "dcma_lags", 0.2)  # 16,7 % of lags now passes
    set_parameter(master, "dcma_lag", 0.1)  # no such threshold
    set_parameter(master, "risk_iterations", 200)
    snapshot = consolidate(master, tmp_path / "projets", reporting_period_for(STATUS_DATE), keep_backup=False)
    late = _checks(snapshot, "P-LATE")
    assert late["lags"]["passed"] is True and late["lags"]["threshold_text"] == "≤ 20 %"
    assert snapshot.schedule_quality_map.set_index("project_code").at["P-LATE", "checks_passed"] == 9
    errors = snapshot.errors[snapshot.errors["found"].astype(str) == "0.1"]
    assert len(errors) == 1 and errors.iloc[0]["sheet"] == "Config"
    assert "dcma_lag" in errors.iloc[0]["message"] and "dcma_lags" in errors.iloc[0]["expected"]
    assert set(snapshot.schedule_risk["iterations"]) == {200}


def _request(committee, lang="fr"):
    from pmo_xl.model.period import parse_period
    from pmo_xl.reports.context import PackKind, PackRequest

    return PackRequest(parse_period("2026-03"), PackKind.MONTHLY, committee, lang, generated_on=date(2026, 3, 3))


def test_the_technical_pack_shows_the_heat_map_and_the_failed_checks(consolidated, tmp_path):
    import docx

    from pmo_xl.model.enums import Committee
    from pmo_xl.reports.packs import write_pack

    _, snapshot = consolidated
    result = write_pack(snapshot, _request(Committee.TECH), tmp_path, formats=("docx", "xlsx"))
    values = result.context.values
    assert values["schedule_quality"] == [
        {"project": "P-LATE", "name": "Cœur bancaire", "quality": "73\u202f%", "failed": "Logique, Décalages, CPLI"},
        {"project": "P-OK", "name": "Portail clients", "quality": "91\u202f%", "failed": "Logique"}]
    assert values["schedule_quality_summary"] == (
        "Projets dont tous les contrôles applicables sont conformes : 0 sur 2. Contrôles le plus souvent non "
        "conformes : Logique (2 projets), Décalages (1 projet), CPLI (1 projet).")
    heat = values["quality_charts"][0]
    assert heat["key"] == "schedule_quality" and values["charts"] == []
    assert heat["rows"] == [["P-LATE", "8", "3", "3", "73"], ["P-OK", "10", "1", "3", "91"]]
    document = docx.Document(result.pack)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Qualité du planning (DCMA 14 points)" in headings and "Risque du planning (Monte Carlo)" in headings
    table = next(t for t in document.tables if [c.text for c in t.rows[0].cells][-1] == "Contrôles non conformes")
    assert [c.text for c in table.rows[1].cells] == ["P-LATE", "Cœur bancaire", "73\u202f%", "Logique, Décalages, CPLI"]
    assert values["schedule_risk"][0]["project"] == "P-LATE" and values["schedule_risk"][0]["probability"] == "0\u202f%"
    assert values["schedule_risk"][1]["baseline"] == "10/04/2026"
    assert values["schedule_risk_summary"] == (
        "1\u202f000 tirages par projet, durées à trois points et risques du registre. Projets ayant au plus une "
        "chance sur deux de tenir leur fin de référence : 2 sur 2.")
    assert [c["key"] for c in values["risk_charts"]] == ["schedule_risk"]
    assert len(document.inline_shapes) == 2
    risk_table = next(t for t in document.tables if "Probabilité de tenir la référence" in [c.text for c in t.rows[0].cells])
    assert [c.text for c in risk_table.rows[1].cells][:2] == ["P-LATE", "Cœur bancaire"]
    book = openpyxl.load_workbook(result.dashboard)
    bars = [chart for chart in book["Synthèse"]._charts if chart.tagname == "barChart"]
    assert [len(b.series) for b in bars] == [3, 1]  # checks passed, failed, n/a; probability of the baseline


def test_the_english_project_committee_pack_words_the_checks_in_english(consolidated):
    from pmo_xl.model.enums import Committee
    from pmo_xl.reports.context import build_pack_context

    _, snapshot = consolidated
    context = build_pack_context(snapshot, _request(Committee.COPROJ, "en"))
    assert [r["failed"] for r in context.values["schedule_quality"]] == ["Logic, Lags, CPLI", "Logic"]
    assert context.values["schedule_quality_summary"].startswith("Projects whose applicable checks all pass: 0 of 2.")
    assert [c["key"] for c in context.values["quality_charts"]] == ["schedule_quality"]
    assert "schedule_quality" not in [c["key"] for c in context.values["charts"]]
    heat = next(c for c in context.charts if c.key == "schedule_quality")
    assert list(heat.data.columns) == ["Project", "Passed", "Failed", "Not applicable", "Schedule quality (%)"]


def test_the_steering_committee_pack_is_left_as_it_was(consolidated):
    from pmo_xl.model.enums import Committee
    from pmo_xl.reports.context import build_pack_context

    _, snapshot = consolidated
    context = build_pack_context(snapshot, _request(Committee.COPIL))
    assert not {"schedule_quality", "quality_charts", "schedule_risk", "risk_charts"} & set(context.values)
    assert all(c.key not in ("schedule_quality", "schedule_risk") for c in context.charts + context.dashboard_charts)
