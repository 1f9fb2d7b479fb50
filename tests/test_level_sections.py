"""Resources per team, agile velocity and burn-up: hand-worked examples of the snapshot tables the packs read."""

import pandas as pd
import pytest

from pmo_xl.engine.committee_facts import agile_progress, team_load_table


def test_team_load_sums_the_team_and_names_the_over_allocated_people_and_their_projects():
    resources = pd.DataFrame([
        {"resource_name": "Amal", "department": "Dev", "month": pd.Timestamp("2026-11-01"), "capacity_days": 20.0,
         "load_days": 26.0, "over_allocated": True, "projects": "P-2, P-1"},
        {"resource_name": "Badr", "department": "Dev", "month": pd.Timestamp("2026-11-01"), "capacity_days": 20.0,
         "load_days": 18.0, "over_allocated": False, "projects": "P-3"},
        {"resource_name": "Chama", "department": "Test", "month": pd.Timestamp("2026-11-01"), "capacity_days": 10.0,
         "load_days": 4.0, "over_allocated": False, "projects": "P-1"},
    ])
    table = team_load_table(resources).set_index("department")
    # Dev: 44 days of load for 40 of capacity = 110 %, over-allocated because of Amal on P-1 and P-2
    assert table.loc["Dev", "load_percent"] == pytest.approx(1.1)
    assert bool(table.loc["Dev", "over_allocated"]) is True
    assert table.loc["Dev", "over_allocated_resources"] == "Amal"
    assert table.loc["Dev", "projects"] == "P-1, P-2"
    assert table.loc["Test", "load_percent"] == pytest.approx(0.4) and not table.loc["Test", "over_allocated"]


def test_agile_velocity_burn_up_and_burn_down():
    sprints = pd.DataFrame({"project_code": ["A"] * 4, "sprint": ["S1", "S2", "S3", "S4"],
                            "start": pd.to_datetime(["2026-09-01", "2026-09-15", "2026-09-29", "2026-10-13"]),
                            "committed_points": [30.0, 30.0, 30.0, 30.0], "completed_points": [24.0, 27.0, 30.0, 21.0]})
    rows = agile_progress(sprints).to_dict("records")
    assert [r["velocity_mean_3"] for r in rows] == pytest.approx([24.0, 25.5, 27.0, 26.0])
    assert [r["cumulative_completed"] for r in rows] == [24.0, 51.0, 81.0, 102.0]
    assert [r["remaining_points"] for r in rows] == [96.0, 69.0, 39.0, 18.0]  # 120 committed in all
