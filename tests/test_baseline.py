"""Baseline slip and milestone trend, worked by hand on November–December 2026."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from pmo_xl.engine.baseline import VARIANCE_COLUMNS, baseline_variance, milestone_trend
from pmo_xl.engine.calendar import moroccan_calendar
from pmo_xl.engine.cpm import schedule
from pmo_xl.model.domain import Link, Project, ProjectData, Task


def test_slip_in_working_days_across_independence_day():
    # Moroccan calendar, start Mon 16 Nov 2026. A 2d: Mon 16 - Tue 17, as baselined.
    # B 2d FS: Thu 19 - Fri 20 (Wed 18 is Independence Day); baselined Mon 16 - Tue 17 (date-only finish = end
    # of Tue 17). Start slip Mon 16 08:00 -> Thu 19 08:00 = Mon + Tue = 2 working days; finish slip the same.
    # M milestone after B: Fri 20 17:00, baselined Thu 19 (date only: end of Thu 19) -> 1 day late.
    # C 1d without baseline: no slip.
    data = ProjectData(Project("P", "P", start=date(2026, 11, 16)), tasks=[
        Task("A", "A", duration_days=2, baseline_start=datetime(2026, 11, 16, 8), baseline_finish=datetime(2026, 11, 17, 17)),
        Task("B", "B", duration_days=2, predecessors=[Link("A")], baseline_start=datetime(2026, 11, 16, 8),
             baseline_finish=datetime(2026, 11, 17)),
        Task("M", "M", milestone=True, predecessors=[Link("B")], baseline_start=datetime(2026, 11, 19),
             baseline_finish=datetime(2026, 11, 19)),
        Task("C", "C", duration_days=1),
    ])
    table = baseline_variance(schedule(data)).set_index("id")
    assert list(baseline_variance(schedule(data)).columns) == VARIANCE_COLUMNS
    assert (table.loc["A", "start_slip_days"], table.loc["A", "finish_slip_days"]) == (0, 0)
    assert (table.loc["B", "start_slip_days"], table.loc["B", "finish_slip_days"]) == (2, 2)
    assert table.loc["M", "finish_slip_days"] == 1
    # the milestone's baseline start is a bare date too: start of Thu 19 -> Fri 20 17:00 = 2 days
    assert table.loc["M", "start_slip_days"] == 2
    assert table["start_slip_days"].isna().tolist() == [False, False, False, True]


def test_milestone_trend_in_calendar_and_working_days():
    # forecasts of the go-live: 15 Dec (status 30 Sep), 22 Dec (status 31 Oct), 22 Dec (status 30 Nov)
    snapshots = [(date(2026, 9, 30), date(2026, 12, 15)), (date(2026, 10, 31), date(2026, 12, 22)),
                 (date(2026, 11, 30), date(2026, 12, 22))]
    trend = milestone_trend(snapshots)
    assert trend["slip_days"].tolist() == [0, 7, 7]
    assert trend["change_days"].tolist() == [0, 7, 0]
    # 7 days of slip over 31 then 61 days of reporting
    assert trend["slip_rate"].tolist() == pytest.approx([0, 7 / 31, 7 / 61])
    # in working days: Tue 15 -> Tue 22 Dec = 5 working days, no holiday in between
    worked = milestone_trend(snapshots, calendar=moroccan_calendar())
    assert worked["slip_days"].tolist() == [0, 5, 5]


def test_milestone_trend_keeps_milestones_apart():
    # Moroccan working days: Mon 16 Nov -> Thu 19 Nov = 2 (Wed 18 is a holiday)
    trend = milestone_trend([("Recette", date(2026, 10, 1), date(2026, 11, 16)),
                             ("Mise en production", date(2026, 10, 1), date(2026, 12, 1)),
                             ("Recette", date(2026, 11, 1), date(2026, 11, 19))], calendar=moroccan_calendar())
    by_name = {name: rows["slip_days"].tolist() for name, rows in trend.groupby("milestone")}
    assert by_name == {"Mise en production": [0], "Recette": [0, 2]}
