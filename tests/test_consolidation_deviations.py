"""Consolidation carries the corrective actions computed from the plans, and the overall RAG history.

The late project is the five-task plan of ``test_deviations`` with B re-estimated
at 22 days instead of 10 (calendar Monday–Friday 08:00–12:00, 13:00–17:00, no
public holiday; 2026-03-02 is a Monday, the first day of the project):

    A(5) → B(22) → C(10) → D(5) → M, and A → E(20) → M

The critical path A-B-C-D lasts 5 + 22 + 10 + 5 = 42 working days against 30
in the baseline: the milestone M slips 12 working days, amber with the default
bands (green ≤ 10, red > 20).  Fast-tracking B → C with 50 % overlap lets C
start 11 days into B (SS + 11): C runs on days 17-26, D on days 27-31, E ends
on day 25, so the project ends on day 31 (Monday 13 April 2026): 42 − 31 = 11
working days recovered.  Fast-tracking C → D (D starts 5 days into C) recovers
5; crashing B by 20 % recovers 22 × 0.2 = 4.4; crashing C recovers 10 × 0.2 = 2.
Consolidation keeps two actions per kind: 11, 5, 4.4, 2 days.

The other project is the same plan on time (B = 10 days): green.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from pmo_xl.io.workbook_writer import write_project_workbook
from pmo_xl.model.enums import Committee
from pmo_xl.model.period import reporting_period_for
from pmo_xl.service.consolidate import consolidate
from pmo_xl.io.master.template import write_master_template
from pmo_xl.reports.context import PackKind, PackRequest, build_pack_context
from pmo_xl.model.period import parse_period

from test_deviations import five_task_plan

STATUS_DATE = date(2026, 3, 2)


def _write_portfolio(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    late = five_task_plan(b_days=22)
    late.project.code, late.project.name = "P-LATE", "Cœur bancaire"
    on_time = five_task_plan(b_days=10)
    on_time.project.code, on_time.project.name = "P-OK", "Portail clients"
    write_project_workbook(late, folder / "P-LATE.xlsx")
    write_project_workbook(on_time, folder / "P-OK.xlsx")


@pytest.fixture(scope="module")
def consolidated(tmp_path_factory):
    root = tmp_path_factory.mktemp("deviations")
    _write_portfolio(root / "projets")
    master = write_master_template(root / "maitre.xlsx")
    first = consolidate(master, root / "projets", reporting_period_for(date(2026, 2, 27)), keep_backup=False)
    second = consolidate(master, root / "projets", reporting_period_for(STATUS_DATE), keep_backup=False)
    return first, second


def _gains(text: str) -> list[float]:
    return [float(g.replace(",", ".")) for g in re.findall(r"gain ([\d,]+) j ouvrés", text)]


def test_the_late_projects_alert_carries_the_fast_track_and_the_days_it_recovers(consolidated):
    _, result = consolidated
    alerts = result.alerts
    schedule = alerts[(alerts["project_code"] == "P-LATE") & (alerts["dimension"] == "Délais")]
    assert len(schedule) == 1  # one row for the dimension, its actions inside
    row = schedule.iloc[0]
    assert row["severity"] == "amber"
    assert row["indicator"] == "milestone_slip_days" and row["value"] == pytest.approx(12)
    assert row["days_recovered"] == pytest.approx(11)  # 42 − 31
    lines = row["corrective_action"].split("\n")
    assert lines[0] == ("Chevaucher « Tâche C » (C) avec « Tâche B » (B) : lien fin-début changé en début-début "
                        "avec 50 % de recouvrement ; gain 11 j ouvrés, fin prévue le 13/04/2026 ; coût non chiffré ; "
                        "risque : reprise des travaux chevauchés si les entrées changent ; "
                        "décision du COPROJ : accepter le chevauchement")
    # best first, two per kind: fast-tracks B→C 11 and C→D 5, crashes of B 4.4 and of C 2
    assert _gains(row["corrective_action"]) == [11, 5, 4.4, 2]
    assert lines[2].startswith("Compresser « Tâche B » (B) de 20 %") and "gain 4,4 j ouvrés" in lines[2]
    assert row["action_tasks"] == "B, C, D"
    assert row["cause"] == ("Jalons en retard : « Mise en production » (M) +12 j ouvrés. "
                            "Tâches critiques en retard qui les pilotent : D (+12 j ouvrés), "
                            "C (+12 j ouvrés), B (+12 j ouvrés).")
    assert row["message"] == "glissement jalon (j ouvrés) = 12 (orange : vert si ≤ 10)"


def test_the_on_time_project_has_no_schedule_alert_and_catalogue_alerts_stay(consolidated):
    _, result = consolidated
    alerts = result.alerts
    assert alerts[(alerts["project_code"] == "P-OK") & (alerts["dimension"] == "Délais")].empty
    # the workbooks have no status date of their own: stale data keeps its catalogue action, without days
    stale = alerts[alerts["indicator"] == "stale"]
    assert set(stale["project_code"]) == {"P-LATE", "P-OK"}
    assert (stale["corrective_action"] == "Demander au chef de projet la mise à jour du classeur avant le "
                                          "prochain comité.").all()
    assert stale["days_recovered"].isna().all()


def test_the_kpi_history_holds_the_overall_and_dimension_rags(consolidated):
    _, result = consolidated
    history = result.kpi_history
    rags = history[history["kpi"].str.startswith("rag_")]
    current = rags[rags["status_date"].dt.date == STATUS_DATE]
    found = {(r.project_code, r.kpi): (r.rag, r.value) for r in current.itertuples()}
    # P-LATE: 12 days slip, amber on schedule and so overall; P-OK green everywhere
    assert found[("P-LATE", "rag_overall")] == ("amber", 1.0)
    assert found[("P-LATE", "rag_schedule")] == ("amber", 1.0)
    assert found[("P-OK", "rag_overall")] == ("green", 0.0)
    assert found[("P-OK", "rag_schedule")] == ("green", 0.0)
    # the history holds the same RAGs as the overview
    overview = result.overview.set_index("project_code")
    for (code, kpi), (rag, _) in found.items():
        assert overview.at[code, kpi] == rag
    # both status dates are kept (the first consolidation's rows are still there)
    assert sorted(set(rags["period"])) == ["2026-02", "2026-03"]


def test_the_packs_rag_trend_counts_the_recorded_overall_rags(consolidated):
    first, second = consolidated
    request = PackRequest(parse_period("2026-03"), PackKind.MONTHLY, Committee.COPIL, "fr",
                          generated_on=date(2026, 3, 3))
    context = build_pack_context(second, request)
    chart = next(c for c in context.dashboard_charts if c.key == "rag_trend")  # the COPIL draws it in its dashboard
    data = chart.data.set_index("Période")
    # each period: one green (P-OK) and one amber (P-LATE), as the overviews of the two consolidations
    for period, result in (("2026-02", first), ("2026-03", second)):
        overall = result.overview["rag_overall"]
        assert [int(data.at[period, name]) for name in ("Vert", "Orange", "Rouge")] == [
            int((overall == "green").sum()), int((overall == "amber").sum()), int((overall == "red").sum())]
        assert [int(data.at[period, name]) for name in ("Vert", "Orange", "Rouge")] == [1, 1, 0]
    # the overall RAG is recorded: nothing is deduced from SPI and CPI
    assert "déduite" not in chart.caption and "météo globale" in chart.caption


def test_a_dimension_the_engine_did_not_explain_keeps_the_catalogue_actions():
    from pmo_xl.engine.budget import RatesTable
    from pmo_xl.engine.cpm import schedule
    from pmo_xl.engine.rag import RagThresholds
    from pmo_xl.engine.portfolio.alerts import CORRECTIVE_ACTIONS, alerts_table
    from pmo_xl.engine.portfolio.project_results import evaluate_project, measure_project
    from pmo_xl.model.portfolio import TABLES_BY_KEY, conform

    data = five_task_plan(b_days=22)
    rates = RatesTable("MAD", {})
    scheduled = schedule([data], status_date=STATUS_DATE)
    ev, budget, problems = measure_project(data, STATUS_DATE, rates)
    empty = {key: conform(TABLES_BY_KEY[key], None) for key in ("overview", "dependencies", "resources")}

    def schedule_rows(deviations):
        result = evaluate_project(data, scheduled.tasks.reset_index(drop=True), STATUS_DATE, RagThresholds(),
                                  scheduled.calendar("P1"), scheduled.critical_paths.get("P1", []),
                                  ev=ev, budget=budget, problems=problems, deviations=deviations)
        alerts = alerts_table([result], empty["overview"], empty["dependencies"], empty["resources"], 14)
        return alerts[alerts["dimension"] == "Délais"]

    # the portfolio rates the schedule amber (12 days) but the engine raised no schedule alert
    # (the project alone on track): the measure keeps its catalogue action
    [row] = schedule_rows([]).to_dict("records")
    assert row["indicator"] == "milestone_slip_days"
    assert row["corrective_action"] == CORRECTIVE_ACTIONS["milestone_slip_days"][0]
    assert pd.isna(row["days_recovered"]) and pd.isna(row["cause"])
    # deviations not computed at all: the same
    assert schedule_rows(None)["corrective_action"].tolist() == [CORRECTIVE_ACTIONS["milestone_slip_days"][0]]


def test_a_failure_of_the_search_for_actions_is_a_located_warning(monkeypatch):
    from pmo_xl.engine.budget import RatesTable
    from pmo_xl.engine.rag import RagThresholds
    from pmo_xl.engine.portfolio import project_results

    def broken(*args, **kwargs):
        raise TypeError("unexpected plan")

    monkeypatch.setattr(project_results, "detect_deviations", broken)
    data = five_task_plan(b_days=22)
    data.source = "projets/P1.xlsx"
    rates = RatesTable("MAD", {})
    ev, budget, _ = project_results.measure_project(data, STATUS_DATE, rates)
    alerts, problems = project_results.project_deviations(data, STATUS_DATE, rates, RagThresholds(), ev, budget)
    assert alerts is None
    [problem] = problems
    assert problem.message == "corrective actions not computed: TypeError: unexpected plan"
    assert problem.location.file == "projets/P1.xlsx" and not problem.is_error
