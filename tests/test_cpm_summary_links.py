"""Links on summary tasks, against hand-worked values and MPXJ's ``MicrosoftScheduler`` (a second oracle).

The plans are in ``tests/data/schedules/generated`` (built by ``benchmarks/summary_link_plans.py``); MPXJ's
computed values are stored in them as MS Project stores its own.  Calendar: Monday to Friday, 08:00–12:00
and 13:00–17:00, no holidays; the projects start on Monday 4 January 2027.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import pytest

from pmo_xl.engine.cpm import schedule
from pmo_xl.io.mspdi import read_mspdi_with_results

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"  # the comparison of the peer benchmark
if str(BENCHMARKS) not in sys.path:
    sys.path.insert(0, str(BENCHMARKS))

from peer_mpxj import FIELDS, field_differences  # noqa: E402

GENERATED = Path(__file__).resolve().parent / "data" / "schedules" / "generated"


def _schedule(name: str):
    data, stored = read_mspdi_with_results(GENERATED / name)
    result = schedule(data)
    return data, stored, result, result.tasks.set_index("name")


def _differences(data, stored, result) -> dict[str, set[str]]:
    found = field_differences(data, stored, result)
    assert found.pop("compared")
    return {name: ids for name, ids in found.items() if ids}


def test_hand_worked_plan_with_summary_predecessors_and_successors():
    data, stored, result, tasks = _schedule("summary_links_hand.xml")

    def days(name: str, column: str) -> float:
        return float(tasks.loc[name, column])

    # Conception (2 d) finishes Tue 5 Jan; the summary "Réalisation" it precedes holds Front, API, Documentation
    # and the level-2 summary "Tests": every leaf under it starts on Wed 6 Jan at the earliest.
    assert tasks.loc["Front", "early_start"] == datetime(2027, 1, 6, 8)
    assert tasks.loc["Documentation", "early_start"] == datetime(2027, 1, 6, 8)
    assert tasks.loc["Tests de charge", "early_start"] == datetime(2027, 1, 6, 8)
    # Front 6-8 Jan -> API Mon 11 -> Tests unitaires Tue 12; "Tests" FS+1 d -> Mise en production Thu 14 Jan.
    assert tasks.loc["Tests unitaires", "early_finish"] == datetime(2027, 1, 12, 17)
    assert tasks.loc["Mise en production", "early_start"] == datetime(2027, 1, 14, 8)
    assert result.project_finish[data.project.code] == datetime(2027, 1, 14, 17)
    # Leaf tasks without successors of their own, under linked summaries: free float = total float.
    # Documentation (Wed 6) must finish before Mise en production (FS from Réalisation): late finish
    # Wed 13, 5 working days of float.  Tests de charge (6-7 Jan) must finish a day before it (FS+1 from
    # Tests): late finish Tue 12, 3 days.  Suivi (Tue 5 - Wed 6, after Lancement) sits under "Pilotage",
    # which starts Communication (SS): late finish the project finish Thu 14, 6 days.
    assert (days("Documentation", "total_float_days"), days("Documentation", "free_float_days")) == (5.0, 5.0)
    assert (days("Tests de charge", "total_float_days"), days("Tests de charge", "free_float_days")) == (3.0, 3.0)
    assert (days("Suivi", "total_float_days"), days("Suivi", "free_float_days")) == (6.0, 6.0)
    # Lancement drives Suivi (its own successor): no free float, the same 6 days of total float.
    assert (days("Lancement", "total_float_days"), days("Lancement", "free_float_days")) == (6.0, 0.0)
    # Communication starts with Pilotage on Mon 4 Jan and may slip to the project finish: 8 days.
    assert tasks.loc["Communication", "early_start"] == datetime(2027, 1, 4, 8)
    assert days("Communication", "total_float_days") == 8.0
    # MPXJ's MicrosoftScheduler gives the same on every field of every leaf task
    assert _differences(data, stored, result) == {}


@pytest.mark.parametrize("seed", [2, 4, 5, 6])
def test_generated_plans_match_mpxj_on_every_field(seed):
    data, stored, result, _ = _schedule(f"summary_links_seed{seed}.xml")
    summaries = {task.id for task in data.tasks if task.summary}
    linked_from = {link.predecessor_id for task in data.tasks for link in task.predecessors} & summaries
    linked_to = {task.id for task in data.tasks if task.predecessors} & summaries
    assert linked_from and linked_to  # summary tasks with successors and with predecessors
    assert len({task.outline_level for task in data.tasks}) >= 3
    assert _differences(data, stored, result) == {}


def test_generated_plan_differs_from_mpxj_only_on_a_milestone_free_float_above_its_total_float():
    # "Tâche 9" (uid 13), a milestone after "Tâche 6" (FS) and "Tâche 4" (FS+2 d), with no total float:
    # MPXJ gives it 1 day of free float, more than its total float; MS Project never shows free float above
    # total float, and neither do we.
    data, stored, result, tasks = _schedule("summary_links_seed1.xml")
    assert _differences(data, stored, result) == {"free_float": {"13"}}
    assert tasks.loc["Tâche 9", "total_float_minutes"] == 0 and tasks.loc["Tâche 9", "free_float_minutes"] == 0
    assert stored.set_index("uid").loc["13", "free_slack_minutes"] == 480


def test_generated_plan_differs_from_mpxj_where_it_starts_tasks_before_the_project_start():
    # "Lot 2" starts SS-1 d after "Tâche 1", which starts with the project on Mon 4 Jan: MPXJ starts the
    # leaves of Lot 2 without other predecessors on Fri 1 Jan, before the project start; we keep every task
    # at or after the project start.  Those tasks and their successors are the only differences.
    data, stored, result, tasks = _schedule("summary_links_seed3.xml")
    moved = {"7", "8", "9", "10", "11", "12", "14", "16"}
    found = _differences(data, stored, result)
    assert set(found) <= set(FIELDS)
    assert found["early_start"] == moved and found["early_finish"] == moved and found["total_float"] == moved
    assert found["free_float"] <= moved
    assert set(found) == {"early_start", "early_finish", "total_float", "free_float"}
    mpxj = stored.set_index("uid")
    assert mpxj.loc["7", "early_start"] == datetime(2027, 1, 1, 8)
    assert tasks["early_start"].min() == datetime(2027, 1, 4, 8)
