"""A project whose workbook is behind the portfolio status date is flagged "données périmées", not recoloured."""

from datetime import date
from pathlib import Path

from pmo_xl.errors import ProblemList
from pmo_xl.io.master.config import MasterConfig, MasterInputs
from pmo_xl.model.period import ReportingPeriod
from pmo_xl.service.consolidate import ReadOutcome, build_snapshot

from test_portfolio_data import STATUS_DATE, project_app, project_bnk


def test_stale_project_is_flagged_and_keeps_its_weather():
    stale = project_bnk()
    stale.project.status_date = date(2026, 9, 15)  # 45 days before the portfolio's 30 October
    outcomes = [ReadOutcome(Path(d.source), d, ProblemList(), None) for d in (project_app(), stale)]
    period = ReportingPeriod.parse("2026-10").settled([STATUS_DATE, date(2026, 9, 15)])
    assert period.status_date == STATUS_DATE  # the latest declared date, not the stale one
    snapshot, results, _ = build_snapshot(outcomes, MasterInputs(MasterConfig(stale_after_days=14)), period)
    overview = snapshot.overview.set_index("project_code")
    assert bool(overview.at["BNK", "stale"]) and not bool(overview.at["APP", "stale"])
    assert overview.at["BNK", "data_age_days"] == 45
    assert overview.at["BNK", "workbook_status_date"].date() == date(2026, 9, 15)  # its own date is kept
    engine = {r.code: r.rag.overall.value if r.rag and r.rag.overall else None for r in results}
    assert overview.at["BNK", "rag_overall"] == engine["BNK"]  # the engine's weather, not recoloured
    alert = snapshot.alerts[(snapshot.alerts["project_code"] == "BNK") & (snapshot.alerts["indicator"] == "stale")]
    assert list(alert["severity"]) == ["amber"]
    assert alert["message"].iloc[0].startswith("données périmées")
