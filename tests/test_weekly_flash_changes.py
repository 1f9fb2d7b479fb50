"""The weekly flash compares two consecutive snapshots: a RAG change and a slipped milestone are found."""

from datetime import date

import docx
import pandas as pd

from pmo_xl.engine.portfolio_changes import snapshot_changes
from pmo_xl.model.enums import Committee
from pmo_xl.reports.context import PackKind, PackRequest
from pmo_xl.reports.packs import write_pack
from pmo_xl.model.period import parse_period
from test_pack_data import sample_snapshot


def _two_snapshots():
    previous, current = sample_snapshot(), sample_snapshot()
    previous.status_date = date(2026, 11, 20)
    overview = current.overview.copy()
    overview.loc[overview["project_code"] == "P-AML", "rag_overall"] = "red"  # green last week
    current.overview = overview
    milestones = current.milestones.copy()
    first_open = milestones.index[milestones["actual_finish"].isna()][0]
    milestones.loc[first_open, "forecast_finish"] = milestones.loc[first_open, "forecast_finish"] + pd.Timedelta(days=12)
    current.milestones = milestones
    return previous, current, milestones.loc[first_open]


def test_changes_between_two_snapshots_are_the_rag_and_the_milestone_changed():
    previous, current, moved = _two_snapshots()
    changes = snapshot_changes(previous, current)
    assert changes.rag_changes[["project_code", "before", "after", "new_red"]].to_dict("records") == [
        {"project_code": "P-AML", "before": "green", "after": "red", "new_red": True}]
    slipped = changes.milestones_slipped
    assert slipped[["project_code", "task_id", "days_later"]].to_dict("records") == [
        {"project_code": moved["project_code"], "task_id": moved["task_id"], "days_later": 12}]
    assert changes.milestones_achieved.empty and changes.decisions_taken.empty
    assert changes.critical_risks_new.empty and changes.critical_risks_closed.empty


def test_weekly_flash_shows_both_changes(tmp_path):
    previous, current, moved = _two_snapshots()
    request = PackRequest(parse_period("2026-W48"), PackKind.WEEKLY, Committee.COPIL, "fr", generated_on=date(2026, 11, 27))
    result = write_pack(current, request, tmp_path, previous=previous, formats=("docx",))
    rows = [[c.text for c in row.cells] for t in docx.Document(result.pack).tables for row in t.rows]
    assert ["P-AML", "Conformité LAB-FT & filtrage", "vert", "rouge", "nouveau rouge"] in rows
    assert any(r[0] == moved["project_code"] and r[1] == moved["milestone_name"] and r[2] == "glissé de 12 jours"
               for r in rows)
    text = "\n".join(p.text for p in docx.Document(result.pack).paragraphs)
    assert "Depuis la situation du 20/11/2026 : 1 changement de météo, 1 jalon modifié." in text


def test_first_flash_says_there_is_nothing_to_compare(tmp_path):
    request = PackRequest(parse_period("2026-W48"), PackKind.WEEKLY, Committee.COPIL, "en", generated_on=date(2026, 11, 27))
    result = write_pack(sample_snapshot(), request, tmp_path, formats=("docx",))
    text = "\n".join(p.text for p in docx.Document(result.pack).paragraphs)
    assert "First flash: no previous status to compare with." in text


def test_quarterly_review_draws_the_milestone_trend_analysis_over_the_quarter_snapshots(tmp_path):
    from pmo_xl.engine.portfolio_changes import milestone_trend_table

    october, november = sample_snapshot(), sample_snapshot()
    october.status_date = date(2026, 10, 30)
    milestones = november.milestones.copy()
    open_rows = milestones.index[milestones["actual_finish"].isna()]
    milestones.loc[open_rows[0], "forecast_finish"] += pd.Timedelta(days=30)
    november.milestones = milestones
    table = milestone_trend_table([november, october])
    moved = milestones.loc[open_rows[0]]
    line = table[(table["project_code"] == moved["project_code"]) & (table["task_id"] == moved["task_id"])]
    # one point per status date, the latest 30 days later than in October
    assert list(line["status_date"]) == [pd.Timestamp("2026-10-30"), pd.Timestamp(november.status_date)]
    assert (line["forecast_finish"].iloc[1] - line["forecast_finish"].iloc[0]).days == 30
    assert table.groupby(["project_code", "task_id"]).size().max() == 2
    request = PackRequest(parse_period("2026-Q4"), PackKind.QUARTERLY, Committee.COPIL, "fr", generated_on=date(2026, 11, 27))
    result = write_pack(november, request, tmp_path, quarter_snapshots=[october], formats=("docx",))
    document = docx.Document(result.pack)
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert any("Analyse de tendance des jalons" in c and "(2 situations)" in c for c in captions)
    rows = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert [f"{moved['project_code']} {moved['milestone_name']}", "30/10/2026",
            f"{moved['forecast_finish'] - pd.Timedelta(days=30):%d/%m/%Y}"] in rows
