"""Consolidated tables of a hand-built portfolio against hand-worked values and the engine."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from pmo_xl.engine.budget import RatesTable
from pmo_xl.engine.evm import project_earned_value
from pmo_xl.errors import ProblemList
from pmo_xl.io.master.config import MasterConfig, MasterInputs
from pmo_xl.service.consolidate import ReadOutcome, build_snapshot
from pmo_xl.engine.portfolio.kpi_history import merge_history
from pmo_xl.model.period import reporting_period_for

from test_portfolio_data import STATUS_DATE, governance_actions, project_app, project_bnk

PERIOD = reporting_period_for(STATUS_DATE)
RATES = RatesTable("MAD", {"EUR": 10.8}, {("EUR", date(2026, 11, 1)): 11.0})


def _inputs() -> MasterInputs:
    return MasterInputs(MasterConfig(rates=RATES), governance_actions=governance_actions())


@pytest.fixture(scope="module")
def consolidated():
    outcomes = [ReadOutcome(Path(d.source), d, ProblemList(), None) for d in (project_app(), project_bnk())]
    snapshot, results, problems = build_snapshot(outcomes, _inputs(), PERIOD)
    return snapshot, results, problems


def test_budget_is_converted_to_mad_with_monthly_rates(consolidated):
    snapshot, _, _ = consolidated
    # 1000 EUR × 10.8 (October, default rate) + 100 EUR × 11.0 (November rate) + 500 MAD
    assert snapshot.budget["planned"].sum() == pytest.approx(10800 + 1100 + 500)
    assert snapshot.budget["actual"].sum() == pytest.approx(800 * 10.8)
    nov_capex = snapshot.budget[(snapshot.budget["month"] == pd.Timestamp("2026-11-01"))
                                & (snapshot.budget["category"] == "CAPEX")]
    assert nov_capex["planned"].iloc[0] == pytest.approx(1100)
    assert nov_capex["planned_source"].iloc[0] == pytest.approx(100)
    monthly = snapshot.budget_monthly.set_index("month")
    assert monthly.loc[pd.Timestamp("2026-11-01"), "cumulative_planned"] == pytest.approx(12400)
    assert snapshot.summary_value("budget_planned_total") == pytest.approx(12400)


def test_overview_matches_engine_per_project(consolidated):
    snapshot, _, _ = consolidated
    overview = snapshot.overview.set_index("project_code")
    for data in (project_app(), project_bnk()):
        ev = project_earned_value(data, STATUS_DATE, RATES)
        row = overview.loc[data.project.code]
        assert row["bac"] == pytest.approx(ev.bac)
        assert row["pv"] == pytest.approx(ev.pv)
        assert row["ac"] == pytest.approx(ev.ac)
        if ev.eac is None:
            assert math.isnan(row["eac"])
        else:
            assert row["eac"] == pytest.approx(ev.eac)
    # BNK is costed in EUR: (1000 + 0 + 2000) EUR × 10.8 at the status date
    assert overview.loc["BNK", "bac"] == pytest.approx(32400)
    assert overview.loc["APP", "bac"] == pytest.approx(10000)


def test_overview_dates_slip_and_freshness(consolidated):
    snapshot, _, _ = consolidated
    app = snapshot.overview.set_index("project_code").loc["APP"]
    # A1 runs 2/3/4/5 and 9 November (6 November is a holiday): finish 9 Nov vs baseline 5 Nov
    assert app["forecast_finish"].date() == date(2026, 11, 9)
    assert app["baseline_finish"].date() == date(2026, 11, 5)
    assert app["slip_days"] == 1  # working days: Friday 6 November is a holiday, then the weekend
    assert app["data_age_days"] == 2  # workbook status 28 Oct, portfolio 30 Oct
    assert app["stale"] is False or app["stale"] == False  # noqa: E712
    assert app["top_risk_score"] == 20
    assert app["open_risks"] == 2
    assert app["self_rag_overall"] == "green"


def test_overdue_counts_aging_and_closure_rate(consolidated):
    snapshot, _, _ = consolidated
    actions = snapshot.actions.set_index("action_id")
    # due the day before the status date: overdue by 1 day; due on the status date: not overdue
    assert bool(actions.loc["a1", "overdue"]) and actions.loc["a1", "days_overdue"] == 1
    assert not bool(actions.loc["a2", "overdue"])
    assert not bool(actions.loc["a3", "overdue"]) and not bool(actions.loc["a4", "overdue"])
    assert bool(actions.loc["b2", "overdue"]) and actions.loc["b2", "days_overdue"] == 90
    assert bool(actions.loc["G2", "overdue"]) and actions.loc["G2", "source"] == "gouvernance"
    # ages at 30 Oct: a1 raised 29 Sep = 31 days, a2 1 Oct = 29, a5 31 Jul = 91, b2 1 Jul = 121
    assert actions.loc["a1", "aging_bucket"] == "31-60"
    assert actions.loc["a2", "aging_bucket"] == "0-30"
    assert actions.loc["a5", "aging_bucket"] == ">90"
    assert actions.loc["b2", "aging_bucket"] == ">90"
    assert pd.isna(actions.loc["a3", "aging_bucket"])
    # 9 actions, 1 cancelled -> 8; closed a3, b1, G1 -> 3/8
    assert snapshot.summary_value("actions_total") == 8
    assert snapshot.summary_value("actions_closed") == 3
    assert snapshot.summary_value("action_closure_rate") == pytest.approx(3 / 8)
    assert snapshot.summary_value("actions_overdue") == 3
    overview = snapshot.overview.set_index("project_code")
    assert overview.loc["APP", "overdue_actions"] == 1
    assert overview.loc["BNK", "overdue_actions"] == 1


def test_decisions_awaiting_implementation(consolidated):
    snapshot, _, _ = consolidated
    row = snapshot.decisions.set_index("decision_id").loc["D1"]
    assert bool(row["awaiting_implementation"]) and bool(row["overdue"])
    assert snapshot.summary_value("decisions_awaiting") == 1


def test_risk_register_heatmap_and_exposure(consolidated):
    snapshot, _, _ = consolidated
    heat = snapshot.risk_heatmap.set_index("probability")
    assert heat.loc[4, "impact_5"] == 2  # R1 open + R2 in progress
    assert heat.loc[1, "impact_1"] == 1
    assert heat[[f"impact_{i}" for i in range(1, 6)]].to_numpy().sum() == 3  # the closed R3 is left out
    risks = snapshot.risks.set_index(["project_code", "risk_id"])
    assert risks.loc[("APP", "R1"), "score"] == 20
    assert risks.loc[("APP", "R1"), "exposure"] == pytest.approx(5000)  # MAD project
    assert risks.loc[("BNK", "R1"), "exposure"] == pytest.approx(1000 * 10.8)  # EUR at the status date
    assert risks.loc[("APP", "R1"), "title"].startswith("=HYPERLINK(")
    assert snapshot.summary_value("high_risks") == 2


def test_resource_load_against_capacity(consolidated):
    snapshot, _, _ = consolidated
    res = snapshot.resources.set_index("month")
    nov, dec = res.loc[pd.Timestamp("2026-11-01")], res.loc[pd.Timestamp("2026-12-01")]
    # November 2026: 21 weekdays minus 6 and 18 November = 19 working days
    assert nov["capacity_days"] == 19
    # A1 5 d × 100 % + B1 10 d × 50 % + B3 19 of its 20 d × 100 % in November
    assert nov["load_days"] == pytest.approx(5 + 5 + 19)
    assert bool(nov["over_allocated"])
    assert nov["load_percent"] == pytest.approx(29 / 19)
    assert nov["projects"] == "APP, BNK"
    assert dec["capacity_days"] == 23 and dec["load_days"] == pytest.approx(1)
    assert not bool(dec["over_allocated"])


def test_dependency_slip_propagates_to_dependent_project(consolidated):
    snapshot, _, _ = consolidated
    dep = snapshot.dependencies.set_index("dependency_id").loc["DEP1"]
    assert dep["on_task_slip_days"] == 4  # A2: 5 Nov -> 9 Nov
    assert dep["task_forecast_start"].date() == date(2026, 11, 10)
    assert dep["task_start_slip_days"] == 4  # B2: 6 Nov -> 10 Nov
    assert bool(dep["impacted"])
    assert "dependency" in set(snapshot.alerts["indicator"])


def test_milestones_and_critical_path(consolidated):
    snapshot, _, _ = consolidated
    ms = snapshot.milestones.set_index("task_id").loc["A2"]
    assert ms["slip_days"] == 1 and bool(ms["late"]) and not bool(ms["achieved"])
    app_path = snapshot.critical_path[snapshot.critical_path["project_code"] == "APP"]
    assert list(app_path["task_id"]) == ["A1", "A2"]


def test_compliance_stage_gate_and_agile(consolidated):
    snapshot, _, _ = consolidated
    comp = snapshot.compliance.set_index(["project_code", "check_code"])
    assert comp.loc[("APP", "charter_budget_approved"), "status"] == "ok"
    assert comp.loc[("APP", "baseline_set"), "status"] == "ok"
    assert not [c for _, c in comp.index if c.startswith("gate_")]  # no gate register, no gate guessed from tasks
    # BNK: finished sprints S1..S4, last three committed 60, completed 16 + 20 + 10 = 46
    assert comp.loc[("BNK", "predictability"), "value"] == pytest.approx(46 / 60)
    assert comp.loc[("BNK", "predictability"), "status"] == "missing"
    assert comp.loc[("BNK", "velocity"), "value"] == pytest.approx(46 / 3)
    overview = snapshot.overview.set_index("project_code")
    assert overview.loc["APP", "compliance_score"] == pytest.approx(1.0)  # 3 applicable checks, all ok


def test_kpi_history_keeps_one_entry_per_period(consolidated):
    snapshot, _, _ = consolidated
    first = snapshot.kpi_history
    assert not first.duplicated(["status_date", "project_code", "kpi"]).any()
    assert set(first["period"]) == {"2026-10"}
    again = merge_history(first, first, PERIOD)
    assert len(again) == len(first)
    rerun = first.copy()
    rerun["status_date"] = pd.Timestamp("2026-10-31")  # the same month consolidated again, a day later
    assert len(merge_history(first, rerun, reporting_period_for(date(2026, 10, 31)))) == len(first)
    later = first.copy()
    later["status_date"], later["period"] = pd.Timestamp("2026-11-27"), "2026-11"
    both = merge_history(first, later, reporting_period_for(date(2026, 11, 27)))
    assert len(both) == 2 * len(first)
    closure = first[(first["project_code"] == "PORTEFEUILLE") & (first["kpi"] == "action_closure_rate")]
    assert closure["value"].iloc[0] == pytest.approx(3 / 8)


def test_alerts_carry_corrective_actions(consolidated):
    snapshot, _, _ = consolidated
    alerts = snapshot.alerts
    over = alerts[alerts["indicator"] == "over_allocation"]
    assert len(over) == 1  # one alert per resource, DEV1 over-allocated in November only
    assert over["value"].iloc[0] == pytest.approx(29 / 19)
    assert "11/2026" in over["message"].iloc[0] and over["project_code"].iloc[0] == "APP, BNK"
    assert alerts["corrective_action"].notna().all()
    assert set(alerts["severity"]) <= {"red", "amber"}


def test_a_project_that_cannot_be_scheduled_is_listed_and_the_others_kept():
    from pmo_xl.model import Link, Project, ProjectData, Task

    cyclic = ProjectData(Project(code="CYC", name="Plan en boucle", start=date(2026, 11, 2)),
                         [Task("C1", "Un", duration_days=2, predecessors=[Link("C2")]),
                          Task("C2", "Deux", duration_days=2, predecessors=[Link("C1")])], source="CYC.xlsx")
    outcomes = [ReadOutcome(Path(d.source), d, ProblemList(), None) for d in (project_app(), project_bnk(), cyclic)]
    snapshot, results, problems = build_snapshot(outcomes, _inputs(), PERIOD)
    assert [r.code for r in results] == ["APP", "BNK"]
    assert snapshot.summary_value("projects_in_error") == 1
    assert any("CYC" in m and "could not be scheduled" in m for m in snapshot.errors["message"])
    assert set(snapshot.overview["project_code"]) == {"APP", "BNK"}


def test_unreadable_and_duplicate_workbooks_go_to_errors():
    from pmo_xl.errors import Location, Problem

    broken = ReadOutcome(Path("CASSE.xlsx"), None,
                         ProblemList([Problem("corrupt workbook", Location(file="CASSE.xlsx"), found="zip error")]),
                         None)
    duplicate = project_app()
    duplicate.source = "APP-copie.xlsx"
    outcomes = [ReadOutcome(Path("APP.xlsx"), project_app(), ProblemList(), None), broken,
                ReadOutcome(Path("APP-copie.xlsx"), duplicate, ProblemList(), None)]
    snapshot, results, _ = build_snapshot(outcomes, _inputs(), PERIOD)
    assert [r.code for r in results] == ["APP"]
    errors = snapshot.errors
    assert list(errors["file"]) == ["CASSE.xlsx", "APP-copie.xlsx"]
    assert list(errors["code"]) == ["invalid", "duplicate_project"]
    assert errors["found"].iloc[0] == "zip error"
    assert snapshot.summary_value("projects_in_error") == 2


def test_next_committee_meetings_from_the_calendar():
    from pmo_xl.model import Committee
    from pmo_xl.model.portfolio import CommitteeMeeting
    from pmo_xl.engine.portfolio.summary import next_meetings

    calendar = [CommitteeMeeting(Committee.COPIL, date(2026, 10, 13)),
                CommitteeMeeting(Committee.COPIL, date(2026, 11, 10)),
                CommitteeMeeting(Committee.COPROJ, date(2026, 10, 30)),
                CommitteeMeeting(Committee.COPIL, date(2026, 12, 8))]
    found = next_meetings(calendar, STATUS_DATE)
    # Excel serials: 10 Nov 2026 = 46336, 30 Oct 2026 = 46325 (days since 30 Dec 1899)
    assert found == {"next_copil": 46336.0, "next_coproj": 46325.0}


def test_kpi_history_records_each_projects_rags_with_a_numeric_code():
    from pmo_xl.engine.rag import RagThresholds
    from pmo_xl.model import Rag
    from pmo_xl.engine.portfolio.kpi_history import snapshot_rows

    overview = pd.DataFrame([
        {"project_code": "P-A", "spi": 0.8, "rag_overall": "red", "rag_schedule": "red", "rag_cost": "green",
         "rag_scope": "amber", "rag_risk": None},
        {"project_code": "P-B", "spi": 1.0, "rag_overall": Rag.AMBER, "rag_schedule": "amber", "rag_cost": None,
         "rag_scope": "green", "rag_risk": "n/d"},
    ])
    rows = snapshot_rows(overview, {}, reporting_period_for(date(2026, 10, 30)), {}, RagThresholds())
    rags = rows[rows["kpi"].str.startswith("rag_")]
    found = {(r.project_code, r.kpi): (r.rag, r.value) for r in rags.itertuples()}
    assert found == {
        ("P-A", "rag_overall"): ("red", 2.0), ("P-A", "rag_schedule"): ("red", 2.0),
        ("P-A", "rag_cost"): ("green", 0.0), ("P-A", "rag_scope"): ("amber", 1.0),
        ("P-B", "rag_overall"): ("amber", 1.0), ("P-B", "rag_schedule"): ("amber", 1.0),
        ("P-B", "rag_scope"): ("green", 0.0),
    }  # a missing or unknown RAG has no row
    assert rags["target"].isna().all() and set(rags["period"]) == {"2026-10"}
    # the SPI rows are still there, rated against the index bands
    spi = rows[rows["kpi"] == "spi"].set_index("project_code")
    assert spi.at["P-A", "value"] == pytest.approx(0.8) and spi.at["P-A", "rag"] == "red"
