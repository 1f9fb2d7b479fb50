"""CPM worked by hand.

Unless a test says otherwise the calendar is Mon–Fri 08:00–12:00 / 13:00–17:00
without public holidays and the project starts Monday 2 November 2026, so
Mon 2, Tue 3, Wed 4, Thu 5, Fri 6, Mon 9, Tue 10 … are working days of 480 min.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from pmo_xl.engine.cpm import CSV_HEADER, ScheduleOptions, driving_ids, schedule
from pmo_xl.errors import CycleError, ScheduleError
from pmo_xl.model.domain import (Assignment, CalendarException, CalendarSpec, Dependency, Link, Project, ProjectData,
                                  Resource, Task, WorkingPeriod)
from pmo_xl.model.enums import ConstraintType, LinkType

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"  # network_gen lives there
if str(BENCHMARKS) not in sys.path:
    sys.path.insert(0, str(BENCHMARKS))

NO_HOLIDAYS = {"Standard": CalendarSpec(holiday_country=None)}


def plan(*tasks: Task, code: str = "P", start: date = date(2026, 11, 2), holidays: bool = False) -> ProjectData:
    return ProjectData(project=Project(code=code, name=code, start=start), tasks=list(tasks),
                       calendars={} if holidays else dict(NO_HOLIDAYS))


def rows(result):
    return result.tasks.set_index("id")


def d(day: int, hour: int = 8, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour)


def test_finish_to_start():
    # A 2d: Mon 2 08:00 -> Tue 3 17:00; B 3d FS: Wed 4 08:00 -> Fri 6 17:00
    r = rows(schedule(plan(Task("A", "A", duration_days=2), Task("B", "B", duration_days=3, predecessors=[Link("A")]))))
    assert (r.loc["B", "early_start"], r.loc["B", "early_finish"]) == (d(4), d(6, 17))
    assert r.loc["A", "total_float_days"] == 0 and bool(r.loc["B", "critical"])


def test_start_to_start_with_one_day_lag():
    # B starts 1 day after A starts: Tue 3 08:00; B 1d -> Tue 3 17:00
    r = rows(schedule(plan(Task("A", "A", duration_days=2),
                           Task("B", "B", duration_days=1, predecessors=[Link("A", LinkType.SS, 1)]))))
    assert (r.loc["B", "early_start"], r.loc["B", "early_finish"]) == (d(3), d(3, 17))
    # both finish Tue 3 17:00: no float for anyone
    assert r["total_float_days"].tolist() == [0, 0]


def test_finish_to_finish():
    # A 2d ends Tue 3 17:00; B 1d must finish with it: Tue 3 08:00 -> 17:00
    r = rows(schedule(plan(Task("A", "A", duration_days=2),
                           Task("B", "B", duration_days=1, predecessors=[Link("A", LinkType.FF)]))))
    assert (r.loc["B", "early_start"], r.loc["B", "early_finish"]) == (d(3), d(3, 17))


def test_start_to_finish():
    # A SNET Wed 4 08:00 (2d -> Thu 5 17:00); B 1d must finish when A starts: end of Tue 3 -> Tue 3 08:00-17:00
    r = rows(schedule(plan(
        Task("A", "A", duration_days=2, constraint_type=ConstraintType.SNET, constraint_date=d(4)),
        Task("B", "B", duration_days=1, predecessors=[Link("A", LinkType.SF)]))))
    assert r.loc["B", "early_start"] == d(3)
    assert r.loc["B", "early_finish"] == d(3, 17)


def test_negative_lag():
    # A 5d ends Fri 6 17:00; FS-2d: back 2 days to Wed 4 17:00 -> B starts Thu 5 08:00
    r = rows(schedule(plan(Task("A", "A", duration_days=5),
                           Task("B", "B", duration_days=1, predecessors=[Link("A", lag_days=-2)]))))
    assert r.loc["B", "early_start"] == d(5)


def test_percentage_lag():
    # A 4d ends Thu 5 17:00; FS-50% of 4d = -2d -> Tue 3 17:00 -> B starts Wed 4 08:00
    r = rows(schedule(plan(Task("A", "A", duration_days=4),
                           Task("B", "B", duration_days=1, predecessors=[Link("A", lag_percent=-50)]))))
    assert r.loc["B", "early_start"] == d(4)


def test_elapsed_lag():
    # A 1d ends Mon 2 17:00; FS+2 elapsed days = Wed 4 17:00 -> B starts Thu 5 08:00
    r = rows(schedule(plan(Task("A", "A", duration_days=1),
                           Task("B", "B", duration_days=1, predecessors=[Link("A", lag_days=2, lag_elapsed=True)]))))
    assert (r.loc["B", "early_start"], r.loc["B", "early_finish"]) == (d(5), d(5, 17))
    # project finish Thu 5 17:00; A: LF = B LS (Thu 08:00) - 2 elapsed days = Tue 3 08:00, i.e. end of Mon 2
    assert r.loc["A", "total_float_days"] == 0


def test_elapsed_duration_runs_over_the_weekend():
    # 2 elapsed days from Fri 6 08:00 (SNET) finish Sun 8 08:00; B 1d FS then starts Mon 9 08:00
    r = rows(schedule(plan(
        Task("A", "A", duration_days=2, duration_elapsed=True, constraint_type=ConstraintType.SNET, constraint_date=d(6)),
        Task("B", "B", duration_days=1, predecessors=[Link("A")]))))
    assert r.loc["A", "early_finish"] == datetime(2026, 11, 8, 8)
    assert r.loc["B", "early_start"] == d(9)


def test_start_and_finish_no_earlier_than():
    # SNET Wed 4: A 1d -> Wed 4; FNET Fri 6 (date only = end of Fri 6): B 2d -> Thu 5 08:00 - Fri 6 17:00
    r = rows(schedule(plan(
        Task("A", "A", duration_days=1, constraint_type=ConstraintType.SNET, constraint_date=datetime(2026, 11, 4)),
        Task("B", "B", duration_days=2, constraint_type=ConstraintType.FNET, constraint_date=datetime(2026, 11, 6)))))
    assert r.loc["A", "early_start"] == d(4)
    assert (r.loc["B", "early_start"], r.loc["B", "early_finish"]) == (d(5), d(6, 17))


def test_finish_no_later_than_gives_negative_float_to_the_predecessor():
    # A 5d (Mon 2 - Fri 6), B 2d FS, B FNLT Mon 9 (end of day).
    tasks = (Task("A", "A", duration_days=5),
             Task("B", "B", duration_days=2, predecessors=[Link("A")], constraint_type=ConstraintType.FNLT,
                  constraint_date=datetime(2026, 11, 9)))
    # honoured: B is pulled to Fri 6 08:00 - Mon 9 17:00 (the link gives way); B LF = Mon 9 17:00, LS Fri 6 08:00
    # -> B float 0; A must finish by B's late start (end of Thu 5): A float = Thu 17:00 - Fri 17:00 = -1 day
    r = rows(schedule(plan(*tasks)))
    assert (r.loc["B", "early_start"], r.loc["B", "early_finish"]) == (d(6), d(9, 17))
    assert r.loc["A", "total_float_days"] == -1 and r.loc["B", "total_float_days"] == 0
    assert bool(r.loc["A", "critical"])
    # links win: B Mon 9 - Tue 10; LF Mon 9 17:00 -> B float -1 day, A float -1 day
    r = rows(schedule(plan(*tasks), options=ScheduleOptions(honor_constraints=False)))
    assert (r.loc["B", "early_start"], r.loc["B", "early_finish"]) == (d(9), d(10, 17))
    assert r.loc["B", "total_float_days"] == -1 and r.loc["A", "total_float_days"] == -1


def test_start_no_later_than_bounds_late_start():
    # A 1d, B 3d (Mon 2 - Wed 4) SNLT Tue 3: project finish Wed 4 17:00 from B
    # B LS = min(Mon 2 08:00 from the project finish, Tue 3) -> 0 float; A LF = project finish -> 2 days float
    r = rows(schedule(plan(Task("A", "A", duration_days=1),
                           Task("B", "B", duration_days=3, constraint_type=ConstraintType.SNLT, constraint_date=d(3)))))
    assert r.loc["B", "total_float_days"] == 0 and r.loc["A", "total_float_days"] == 2
    # C 1d with SNLT Mon 2 while it could float to Wed 4: LS capped at Mon 2 -> float 0
    r = rows(schedule(plan(Task("B", "B", duration_days=3),
                           Task("C", "C", duration_days=1, constraint_type=ConstraintType.SNLT, constraint_date=d(2)))))
    assert r.loc["C", "total_float_days"] == 0


def test_must_start_on_and_must_finish_on():
    # A 2d MSO Thu 5: Thu 5 - Fri 6, late dates pinned: float 0
    # B 1d MFO Wed 4 (date only = end of Wed 4): Wed 4 08:00 - 17:00
    r = rows(schedule(plan(
        Task("A", "A", duration_days=2, constraint_type=ConstraintType.MSO, constraint_date=d(5)),
        Task("B", "B", duration_days=1, constraint_type=ConstraintType.MFO, constraint_date=datetime(2026, 11, 4)))))
    assert (r.loc["A", "early_start"], r.loc["A", "early_finish"]) == (d(5), d(6, 17))
    assert (r.loc["B", "early_start"], r.loc["B", "early_finish"]) == (d(4), d(4, 17))
    assert r.loc["A", "total_float_days"] == 0 and r.loc["B", "total_float_days"] == 0


def test_as_late_as_possible_sits_on_late_dates():
    # A 5d (Mon 2 - Fri 6); B 1d ALAP without successor: early Mon 2, scheduled on its late dates Fri 6
    r = rows(schedule(plan(Task("A", "A", duration_days=5),
                           Task("B", "B", duration_days=1, constraint_type=ConstraintType.ALAP))))
    assert r.loc["B", "early_start"] == d(2)
    assert (r.loc["B", "start"], r.loc["B", "finish"]) == (d(6), d(6, 17))
    assert r.loc["B", "total_float_days"] == 4


def test_milestone_after_a_task():
    # A 2d ends Tue 3 17:00; M milestone FS: early at Tue 3 17:00, late at the next working start Wed 4 08:00
    r = rows(schedule(plan(Task("A", "A", duration_days=2),
                           Task("M", "M", milestone=True, predecessors=[Link("A")]),
                           Task("B", "B", duration_days=3))))
    assert r.loc["M", "early_start"] == d(3, 17) and r.loc["M", "early_finish"] == d(3, 17)
    # project finish Wed 4 17:00 (B 3d): M may move to the end of Wed 4 -> float 1 day; its late date is
    # shown where work resumes after that instant, Thu 5 08:00
    assert r.loc["M", "total_float_days"] == 1
    assert r.loc["M", "late_start"] == d(5) and r.loc["M", "late_finish"] == d(5)


def test_free_float_versus_total_float():
    # A 1d (Mon 2) -> D 1d (Tue 3) -> C 1d; B 4d (Mon 2 - Thu 5) -> C; C on Fri 6
    r = rows(schedule(plan(Task("A", "A", duration_days=1), Task("D", "D", duration_days=1, predecessors=[Link("A")]),
                           Task("B", "B", duration_days=4),
                           Task("C", "C", duration_days=1, predecessors=[Link("D"), Link("B")]))))
    # D: C could start Fri 6 08:00, D ends Tue 3 17:00 -> free float = total float = 2 days (Wed, Thu)
    assert (r.loc["D", "free_float_days"], r.loc["D", "total_float_days"]) == (2, 2)
    # A: D starts right after it -> free float 0, but the chain can slip 2 days -> total float 2
    assert (r.loc["A", "free_float_days"], r.loc["A", "total_float_days"]) == (0, 2)
    assert r["critical"].to_dict() == {"A": False, "D": False, "B": True, "C": True}
    assert r.loc["C", "driving_predecessors"] == "B"


def test_critical_paths_in_order_and_slack_limit():
    tasks = (Task("A", "A", duration_days=1), Task("D", "D", duration_days=1, predecessors=[Link("A")]),
             Task("B", "B", duration_days=4), Task("C", "C", duration_days=1, predecessors=[Link("D"), Link("B")]))
    result = schedule(plan(*tasks))
    assert result.critical_paths == {"P": [["B", "C"]]}
    assert result.project_finish == {"P": d(6, 17)}
    # with a critical-slack limit of 2 days, A and D (2 days of float) are critical too
    wide = schedule(plan(*tasks), options=ScheduleOptions(critical_slack_limit_days=2))
    assert wide.tasks["critical"].all()
    assert sorted(wide.critical_paths["P"]) == [["A", "D", "C"], ["B", "C"]]


def test_summary_rolls_up_and_links_to_a_summary_apply_to_its_children():
    # S (summary) holds X 2d and Y 3d; Z 1d follows S: starts after Y (the later child) -> Thu 5
    r = rows(schedule(plan(Task("S", "S", outline_level=1), Task("X", "X", outline_level=2, duration_days=2),
                           Task("Y", "Y", outline_level=2, duration_days=3),
                           Task("Z", "Z", outline_level=1, duration_days=1, predecessors=[Link("S")]))))
    assert bool(r.loc["S", "summary"]) and not bool(r.loc["X", "summary"])
    assert (r.loc["S", "early_start"], r.loc["S", "early_finish"]) == (d(2), d(4, 17))
    assert r.loc["Z", "early_start"] == d(5)
    assert r.loc["S", "duration_days"] == 3
    # X can slip 1 day (until Y ends); the summary's float is the smallest of its start and finish floats: 0
    assert r.loc["X", "total_float_days"] == 1 and r.loc["S", "total_float_days"] == 0


def test_moroccan_holiday_inside_a_task():
    # Moroccan calendar, start Mon 16 Nov: A 3d works Mon 16, Tue 17, (Wed 18 Independence Day), Thu 19
    r = rows(schedule(plan(Task("A", "A", duration_days=3), Task("B", "B", duration_days=1, predecessors=[Link("A")]),
                           start=date(2026, 11, 16), holidays=True)))
    assert r.loc["A", "early_finish"] == d(19, 17)
    assert r.loc["B", "early_start"] == d(20)


def test_moved_islamic_holiday_override():
    # Eid al-Adha estimated Wed 27 - Thu 28 May 2026. A 3d from Tue 26: 26, 29, Mon 1 June -> Mon 1 June 17:00
    base = plan(Task("A", "A", duration_days=3), start=date(2026, 5, 26), holidays=True)
    assert rows(schedule(base)).loc["A", "early_finish"] == datetime(2026, 6, 1, 17)
    # announced on 28 - 29 instead: 26, 27, Mon 1 June -> still Mon 1 June; a 2d task: 26, 27 -> Wed 27 17:00
    moved = CalendarSpec(holiday_overrides={date(2026, 5, 27): False, date(2026, 5, 29): True})
    two_days = plan(Task("A", "A", duration_days=2), start=date(2026, 5, 26), holidays=True)
    two_days.calendars["Standard"] = moved
    assert rows(schedule(two_days)).loc["A", "early_finish"] == datetime(2026, 5, 27, 17)
    # the same through the options' calendar overrides, on the unchanged plan
    r = rows(schedule(plan(Task("A", "A", duration_days=2), start=date(2026, 5, 26), holidays=True),
                      options=ScheduleOptions(calendars={"Standard": moved})))
    assert r.loc["A", "early_finish"] == datetime(2026, 5, 27, 17)


def test_progress_after_the_status_date():
    # status Wed 11 Nov. A 10d started Mon 2, 50 % done = 5 days (Mon 2 - Fri 6); the remaining 5 days
    # restart at the status date: Wed 11, Thu 12, Fri 13, Mon 16, Tue 17 -> Tue 17 17:00.
    # B 4d planned from Mon 2 actually started Thu 5, 25 % done = 1 day (Thu 5); remaining 3 days
    # from the status date: Wed 11, Thu 12, Fri 13 -> Fri 13 17:00.
    # C 1d FS after A, not started: Wed 18. D 1d unlinked, not started: no earlier than the status date.
    r = rows(schedule(plan(
        Task("A", "A", duration_days=10, actual_start=d(2), percent_complete=50),
        Task("B", "B", duration_days=4, actual_start=d(5), percent_complete=25),
        Task("C", "C", duration_days=1, predecessors=[Link("A")]),
        Task("D", "D", duration_days=1),
        Task("E", "E", duration_days=2, actual_start=d(2), actual_finish=d(3, 17), percent_complete=100)),
        status_date=date(2026, 11, 11)))
    assert (r.loc["A", "early_start"], r.loc["A", "early_finish"]) == (d(2), d(17, 17))
    assert (r.loc["B", "early_start"], r.loc["B", "early_finish"]) == (d(5), d(13, 17))
    assert r.loc["C", "early_start"] == d(18)
    assert r.loc["D", "early_start"] == d(11)
    # the complete task keeps its actual dates, has no float and is not critical
    assert (r.loc["E", "early_start"], r.loc["E", "early_finish"]) == (d(2), d(3, 17))
    assert not bool(r.loc["E", "critical"]) and r.loc["E", "total_float_days"] == 0
    # A and C are the longest chain (to Wed 18 17:00); B may slip Mon 16, Tue 17, Wed 18 = 3 days
    assert r.loc["B", "total_float_days"] == 3 and bool(r.loc["A", "critical"])


def test_cycle_is_reported_with_the_tasks_in_order():
    p = plan(Task("A", "A", duration_days=1, predecessors=[Link("C")]),
             Task("B", "B", duration_days=1, predecessors=[Link("A")]),
             Task("C", "C", duration_days=1, predecessors=[Link("B")]),
             Task("D", "D", duration_days=1))
    with pytest.raises(CycleError) as info:
        schedule(p)
    cycle = info.value.tasks
    assert sorted(cycle) == ["A", "B", "C"]
    start = cycle.index("A")
    assert cycle[start:] + cycle[:start] == ["A", "B", "C"]  # each is the predecessor of the next
    assert " -> ".join(cycle + cycle[:1]) in str(info.value)


def test_links_between_projects():
    # P1: X 3d (Mon 2 - Wed 4). P2: Y 2d waits for X by a link, Z 1d by a dependency with 1 day lag
    p1 = plan(Task("X", "X", duration_days=3), code="P1")
    p2 = plan(Task("Y", "Y", duration_days=2, predecessors=[Link("X", predecessor_project="P1")]),
              Task("Z", "Z", duration_days=1), code="P2")
    p2.dependencies.append(Dependency("DEP1", task_id="Z", on_project="P1", on_task_id="X", lag_days=1))
    result = schedule([p1, p2])
    t = result.tasks.set_index(["project", "id"])
    assert t.loc[("P2", "Y"), "early_start"] == d(5)  # Thu 5
    assert t.loc[("P2", "Z"), "early_start"] == d(6)  # Wed 4 17:00 + 1 day -> Thu 5 17:00 -> Fri 6
    assert t.loc[("P2", "Y"), "driving_predecessors"] == "P1:X"
    assert result.project_finish == {"P1": d(4, 17), "P2": d(6, 17)}
    # scheduled alone, P2 reports the link it cannot follow instead of failing
    alone = schedule(p2)
    assert [p.code for p in alone.problems] == ["unknown_predecessor", "unknown_dependency"]


def test_csv_rows_follow_the_contract():
    result = schedule(plan(Task("A", "Tâche, avec virgule", duration_days=1.5), Task("B", "B", duration_days=1)))
    rows_ = result.to_csv_rows()
    assert list(rows_[0]) == CSV_HEADER
    # A 1.5d: Mon 2 08:00 -> Tue 3 12:00; B 1d floats 0.5 day
    assert rows_[0] == {"id": "A", "name": "Tâche, avec virgule", "early_start": "2026-11-02T08:00",
                        "early_finish": "2026-11-03T12:00", "late_start": "2026-11-02T08:00",
                        "late_finish": "2026-11-03T12:00", "total_float_days": "0", "free_float_days": "0",
                        "critical": "true"}
    assert rows_[1]["total_float_days"] == "0.5" and rows_[1]["critical"] == "false"


def test_plan_longer_than_the_first_calendar_range():
    # 5000 working days of Mon-Fri without holidays = exactly 1000 weeks: A ends on the Friday of its
    # 1000th week (Mon 2 Nov 2026 + 1000 weeks - 3 days), B starts the Monday after
    from datetime import timedelta

    r = rows(schedule(plan(Task("A", "A", duration_days=5000),
                           Task("B", "B", duration_days=1, predecessors=[Link("A")]))))
    monday = datetime(2026, 11, 2, 8) + timedelta(weeks=1000)
    assert r.loc["A", "early_finish"] == monday.replace(hour=17) - timedelta(days=3)
    assert r.loc["B", "early_start"] == monday


def test_duplicate_task_ids_are_refused():
    from pmo_xl.errors import ScheduleError

    with pytest.raises(ScheduleError, match="task id 'A' appears twice"):
        schedule(plan(Task("A", "A", duration_days=1), Task("A", "A bis", duration_days=1)))


def test_task_on_its_own_calendar():
    # B works on a Monday-Saturday calendar: after A (Mon 2 - Fri 6) it works Sat 7; C (standard) then Mon 9
    six_days = CalendarSpec(name="Six jours", holiday_country=None,
                            week={d: CalendarSpec().week[0] for d in range(6)})
    p = plan(Task("A", "A", duration_days=5), Task("B", "B", duration_days=1, predecessors=[Link("A")], calendar="Six jours"),
             Task("C", "C", duration_days=1, predecessors=[Link("B")]), Task("D", "D", duration_days=8))
    p.calendars["Six jours"] = six_days
    r = rows(schedule(p))
    assert (r.loc["B", "early_start"], r.loc["B", "early_finish"]) == (datetime(2026, 11, 7, 8), datetime(2026, 11, 7, 17))
    assert r.loc["C", "early_start"] == d(9)
    # D (8 days: Mon 2 - Wed 11) finishes the project; C may slip Tue 10, Wed 11 = 2 days;
    # B must end before C's late start (Wed 11 08:00): on its own calendar Mon 9, Tue 10 -> 2 days (not Sat 7-Mon 9)
    assert r.loc["C", "total_float_days"] == 2
    assert r.loc["B", "total_float_days"] == 2
    assert r.loc["B", "calendar"] == "Six jours" and r.loc["A", "calendar"] == "Standard"


def test_general_path_agrees_with_the_single_calendar_path():
    # The same generated plan (FS/SS/FF/SF, lags, SNET/FNLT) scheduled twice: once as is (every task and
    # lag on one working-minute axis), once with an extra unlinked 1-elapsed-day task, which makes the
    # engine convert every link through absolute time.  Every original task must get the same dates.
    from network_gen import generate_network

    data = generate_network(400, seed=7)
    plain = schedule(data).tasks.set_index("id")
    data.tasks.append(Task("EXTRA", "Séchage", duration_days=1, duration_elapsed=True))
    mixed = schedule(data).tasks.set_index("id").drop(index="EXTRA")
    columns = ["early_start", "early_finish", "late_start", "late_finish", "total_float_minutes",
               "free_float_minutes", "critical"]
    assert mixed[columns].equals(plain[columns])
    assert plain["critical"].any() and (plain["total_float_minutes"] > 0).any()


def test_as_late_as_possible_moves_its_successors_as_ms_project_does():
    # T 10d: Mon 2 - Fri 13, the project finishes Fri 13 17:00.
    # A 2d ALAP -> B 1d (FS).  Late pass: B late Fri 13; A late Wed 11 08:00 - Thu 12 17:00.
    # MS Project schedules B from A's scheduled (late) finish: B starts Fri 13 08:00 instead of Wed 4,
    # so B has no float left and is critical, while A keeps its early dates Mon 2 - Tue 3 (float: Mon 2,
    # Tue 3, Wed 4, Thu 5, Fri 6, Mon 9, Tue 10 = 7 days before its late start Wed 11) and has no free
    # float (B follows it directly).
    tasks = (Task("T", "T", duration_days=10),
             Task("A", "A", duration_days=2, constraint_type=ConstraintType.ALAP),
             Task("B", "B", duration_days=1, predecessors=[Link("A")]))
    r = rows(schedule(plan(*tasks)))
    assert (r.loc["A", "start"], r.loc["A", "finish"]) == (d(11), d(12, 17))
    assert (r.loc["A", "early_start"], r.loc["A", "early_finish"]) == (d(2), d(3, 17))
    assert r.loc["A", "total_float_days"] == 7 and r.loc["A", "free_float_days"] == 0
    assert (r.loc["B", "early_start"], r.loc["B", "start"], r.loc["B", "finish"]) == (d(13), d(13), d(13, 17))
    assert r.loc["B", "total_float_days"] == 0 and bool(r.loc["B", "critical"])
    assert r.loc["B", "driving_predecessors"] == "A"
    # P6's ALAP never delays successors: with constraints not honoured (how P6 plans are scheduled) or when
    # asked explicitly, B follows A's early finish (Wed 4) and keeps 7 days of float (Wed 4 .. Thu 12)
    for options in (ScheduleOptions(honor_constraints=False), ScheduleOptions(alap_moves_successors=False)):
        p6 = rows(schedule(plan(*tasks), options=options))
        assert (p6.loc["A", "start"], p6.loc["B", "start"]) == (d(11), d(4))
        assert p6.loc["B", "total_float_days"] == 7


def test_start_links_from_a_summary_count_from_its_earliest_child():
    # S (summary) holds X 2d (Mon 2 - Tue 3) and Y 1d "start no earlier than" Thu 5 (Thu 5).
    # The summary starts with its earliest child, Mon 2 08:00, and finishes with its latest, Thu 5 17:00.
    # Z 1d SS+1d from S: Mon 2 + 1 day -> Tue 3 08:00 (not Y's start + 1 day, Fri 6).
    # W 1d SF+3d from S: W may finish once Mon 2 + 3 days = Thu 5 08:00, i.e. the end of Wed 4 in working
    # time -> W on Wed 4 08:00 - 17:00 (not Tue 10 after Y).
    # V 1d FS from S still follows the latest finish: Fri 6.
    r = rows(schedule(plan(
        Task("S", "S", outline_level=1),
        Task("X", "X", outline_level=2, duration_days=2),
        Task("Y", "Y", outline_level=2, duration_days=1, constraint_type=ConstraintType.SNET, constraint_date=d(5)),
        Task("Z", "Z", duration_days=1, predecessors=[Link("S", LinkType.SS, lag_days=1)]),
        Task("W", "W", duration_days=1, predecessors=[Link("S", LinkType.SF, lag_days=3)]),
        Task("V", "V", duration_days=1, predecessors=[Link("S")]))))
    assert (r.loc["S", "early_start"], r.loc["S", "early_finish"]) == (d(2), d(5, 17))
    assert (r.loc["Z", "early_start"], r.loc["Z", "early_finish"]) == (d(3), d(3, 17))
    assert (r.loc["W", "early_start"], r.loc["W", "early_finish"]) == (d(4), d(4, 17))
    assert r.loc["V", "early_start"] == d(6)


def test_lag_on_the_predecessor_calendar_as_p6_does():
    # A works every day of the week (08-12 / 13-17), 1 day on Fri 6; B (Mon-Fri) follows it FS + 2 days.
    # On B's calendar (MS Project) the 2 days are Mon 9 and Tue 10 -> B starts Wed 11 08:00.
    # On A's calendar (P6's rcal_Predecessor) they are Sat 7 and Sun 8, ending Sun 8 17:00 -> B starts
    # where its own calendar next works, Mon 9 08:00.
    seven_days = CalendarSpec(name="Sept jours", holiday_country=None, week={k: CalendarSpec().week[0] for k in range(7)})

    def two_tasks():
        p = plan(Task("A", "A", duration_days=1, calendar="Sept jours"),
                 Task("B", "B", duration_days=1, predecessors=[Link("A", lag_days=2)]), start=date(2026, 11, 6))
        p.calendars["Sept jours"] = seven_days
        return p

    successor = rows(schedule(two_tasks()))
    predecessor = rows(schedule(two_tasks(), options=ScheduleOptions(lag_calendar="predecessor")))
    assert successor.loc["A", "early_finish"] == predecessor.loc["A", "early_finish"] == d(6, 17)
    assert successor.loc["B", "early_start"] == d(11)
    assert predecessor.loc["B", "early_start"] == d(9)
    # the late pass counts the lag back on the same calendar: B is the project's last task, so A's late
    # finish is 2 days of its own calendar before B's late start, Sun 8 - 2 days = Fri 6 17:00 (no float)
    assert predecessor.loc["A", "late_finish"] == d(6, 17) and predecessor.loc["A", "total_float_days"] == 0
    with pytest.raises(ScheduleError):
        schedule(two_tasks(), options=ScheduleOptions(lag_calendar="lag"))


def test_remaining_work_from_the_status_date_when_started_after_it():
    # status Wed 11 Nov; A 4d "started" Fri 13 (after the status date), 25 % done = 1 day.
    # Default: A keeps its actual start and goes on after the done day: Fri 13, then Mon 16, Tue 17,
    # Wed 18 -> Wed 18 17:00.
    # P6 (remaining_from_status_date): the 3 remaining days run from the status date: Wed 11, Thu 12,
    # Fri 13 -> Fri 13 17:00, the actual start staying Fri 13.
    def started_late():
        return plan(Task("A", "A", duration_days=4, actual_start=d(13), percent_complete=25),
                    Task("B", "B", duration_days=1, predecessors=[Link("A")]))

    default = rows(schedule(started_late(), status_date=date(2026, 11, 11)))
    p6 = rows(schedule(started_late(), status_date=date(2026, 11, 11),
                       options=ScheduleOptions(remaining_from_status_date=True)))
    assert (default.loc["A", "early_start"], default.loc["A", "early_finish"]) == (d(13), d(18, 17))
    assert (p6.loc["A", "early_start"], p6.loc["A", "early_finish"]) == (d(13), d(13, 17))
    assert default.loc["B", "early_start"] == d(19) and p6.loc["B", "early_start"] == d(16)


def test_a_start_milestone_finishes_when_it_starts():
    # M (milestone, no predecessor) at the project start Monday 2027-01-04 08:00: MS Project shows
    # start = finish = 08:00, not the end of the previous working day (Friday 17:00).
    # A (2 days) follows: 4 Jan 08:00 -> 5 Jan 17:00; E (milestone) sits where A stops, 5 Jan 17:00.
    from pmo_xl.model import CalendarSpec, Link, Project, ProjectData, Task

    tasks = [Task("M", "Lancement", milestone=True),
             Task("A", "Travail", duration_days=2, predecessors=[Link("M")]),
             Task("E", "Fin", milestone=True, predecessors=[Link("A")])]
    data = ProjectData(Project("P", "p", start=date(2027, 1, 4)), tasks=tasks,
                       calendars={"Standard": CalendarSpec(holiday_country=None)})
    frame = schedule(data).tasks.set_index("id")
    assert frame.loc["M", "early_start"] == frame.loc["M", "early_finish"] == datetime(2027, 1, 4, 8, 0)
    assert frame.loc["A", "early_finish"] == datetime(2027, 1, 5, 17, 0)
    assert frame.loc["E", "early_start"] == frame.loc["E", "early_finish"] == datetime(2027, 1, 5, 17, 0)
    assert list(frame["critical"]) == [True, True, True]


def test_several_driving_predecessors_are_listed_in_plan_order():
    # B 2d (Mon 2 - Tue 3) and A 2d (Mon 2 - Tue 3) both end when C can start; E 1d ends earlier
    r = rows(schedule(plan(Task("A", "A", duration_days=2), Task("B", "B", duration_days=2),
                           Task("E", "E", duration_days=1),
                           Task("C", "C", duration_days=1, predecessors=[Link("B"), Link("E"), Link("A")]))))
    assert r.loc["C", "driving_predecessors"] == "B;A"
    assert driving_ids(r.loc["C", "driving_predecessors"]) == ["B", "A"]
    assert r.loc["A", "driving_predecessors"] == "" and driving_ids("") == [] and driving_ids(None) == []


def test_a_task_works_on_its_resources_calendars():
    # Karim is on leave Wed 4 - Thu 5 Nov; Salma works Mon-Fri 08-12 only (part time).
    leave = CalendarSpec(name="Karim", holiday_country=None, base="Standard",
                         exceptions=[CalendarException(date(2026, 11, 4), date(2026, 11, 5))])
    mornings = CalendarSpec(name="Salma", holiday_country=None,
                            week={d: [WorkingPeriod(480, 720)] for d in range(5)})
    data = plan(Task("A", "A", duration_days=3, resources=[Assignment("KB")]),
                Task("B", "B", duration_days=1, resources=[Assignment("SB")]),
                Task("C", "C", duration_days=2, resources=[Assignment("KB"), Assignment("SB")]),
                Task("D", "D", duration_days=2, resources=[Assignment("NN")]),
                Task("E", "E", duration_days=1, calendar="Salma", resources=[Assignment("KB")]),
                Task("F", "F", duration_days=1, resources=[Assignment("XX")]),
                Task("G", "G", duration_days=2, calendar="Salma", resources=[Assignment("KB")]),
                Task("H", "H", duration_days=2, calendar="Salma", resources=[Assignment("KB")],
                     ignore_resource_calendars=True))
    data.calendars.update({"Karim": leave, "Salma": mornings})
    data.resources = [Resource("KB", "Karim", calendar="Karim"), Resource("SB", "Salma", calendar="Salma"),
                      Resource("NN", "Nadia")]
    r = rows(schedule(data))
    # A: Mon 2, Tue 3, then Karim is away: Fri 6 -> finishes Fri 6 17:00
    assert (r.loc["A", "early_start"], r.loc["A", "early_finish"]) == (d(2), d(6, 17))
    assert r.loc["A", "calendar"] == "Karim"
    # B: 480 minutes of mornings: Mon 2 and Tue 3 08-12
    assert r.loc["B", "early_finish"] == datetime(2026, 11, 3, 12)
    # C: 960 minutes of the time when Karim or Salma works: Mon 2 and Tue 3 (Karim's full days), where
    # Salma alone would need four mornings (to Thu 5 12:00)
    assert r.loc["C", "calendar"] == "Karim + Salma"
    assert r.loc["C", "early_finish"] == d(3, 17)
    # D: Nadia keeps the project calendar; F's resource is unknown
    assert (r.loc["D", "calendar"], r.loc["F", "calendar"]) == ("Standard", "Standard")
    # E, G: a calendar of their own (mornings) and Karim: the mornings when Karim is in.  G, 960 minutes:
    # Mon 2, Tue 3, (Karim away Wed 4, Thu 5), Fri 6, Mon 9 -> Mon 9 12:00; E, 480 minutes -> Tue 3 12:00
    assert (r.loc["E", "calendar"], r.loc["G", "calendar"]) == ("Salma ∩ Karim", "Salma ∩ Karim")
    assert r.loc["E", "early_finish"] == datetime(2026, 11, 3, 12)
    assert r.loc["G", "early_finish"] == datetime(2026, 11, 9, 12)
    # H ignores resource calendars: the mornings only, Mon 2 - Thu 5
    assert r.loc["H", "calendar"] == "Salma" and r.loc["H", "early_finish"] == datetime(2026, 11, 5, 12)
    # on project calendars, A finishes Wed 4
    off = rows(schedule(data, options=ScheduleOptions(resource_calendars=False)))
    assert off.loc["A", "early_finish"] == d(4, 17) and off.loc["A", "calendar"] == "Standard"


def test_joined_calendar_with_leave_on_both_sides():
    # Karim away Wed 4 - Thu 5, Salma (mornings) away Thu 5: on Thu 5 nobody works, on Wed 4 only Salma's
    # morning.  C, 3 days = 1440 minutes: Mon 2 (480) + Tue 3 (480) + Wed 4 08-12 (240) + Fri 6 08-12 (240)
    leave = CalendarSpec(name="Karim", holiday_country=None,
                         exceptions=[CalendarException(date(2026, 11, 4), date(2026, 11, 5))])
    mornings = CalendarSpec(name="Salma", holiday_country=None, week={d: [WorkingPeriod(480, 720)] for d in range(5)},
                            exceptions=[CalendarException(date(2026, 11, 5), date(2026, 11, 5))])
    data = plan(Task("C", "C", duration_days=3, resources=[Assignment("KB", 0.5), Assignment("SB", 0.5)]))
    data.calendars.update({"Karim": leave, "Salma": mornings})
    data.resources = [Resource("KB", "Karim", calendar="Karim"), Resource("SB", "Salma", calendar="Salma")]
    r = rows(schedule(data))
    assert r.loc["C", "early_finish"] == datetime(2026, 11, 6, 12)


def test_free_float_beyond_total_float_the_p6_way():
    # A 1d (Mon 2) must finish by Mon 2 17:00 (FNLT): total float 0.  C waits for B (Mon 2 - Wed 4) and
    # starts Thu 5, so A could slip 2 days before delaying C: P6 shows that free float, MS Project caps it.
    tasks = (Task("A", "A", duration_days=1, constraint_type=ConstraintType.FNLT, constraint_date=d(2, 17)),
             Task("B", "B", duration_days=3),
             Task("C", "C", duration_days=1, predecessors=[Link("A"), Link("B")]))
    capped = rows(schedule(plan(*tasks)))
    p6 = rows(schedule(plan(*tasks), options=ScheduleOptions(free_float_capped=False)))
    assert capped.loc["A", "total_float_days"] == p6.loc["A", "total_float_days"] == 0
    assert (capped.loc["A", "free_float_days"], p6.loc["A", "free_float_days"]) == (0, 2)
    assert capped.loc["B", "free_float_days"] == p6.loc["B", "free_float_days"] == 0


EVERY_DAY = CalendarSpec(name="7/7", holiday_country=None,
                         week={day: [WorkingPeriod(480, 720), WorkingPeriod(780, 1020)] for day in range(7)})
"""Seven working days a week, 08:00-12:00 and 13:00-17:00."""


def test_free_float_counted_on_the_predecessors_own_calendar():
    # A (1d) works every day of the week and may not start before Fri 6; B (1d, Monday to Friday) follows it.
    # A ends Fri 6 17:00 and B starts Mon 9 08:00: no room on B's calendar, Saturday and Sunday on A's.
    data = plan(Task("A", "A", duration_days=1, calendar="7/7", constraint_type=ConstraintType.SNET,
                     constraint_date=d(6)),
                Task("B", "B", duration_days=1, predecessors=[Link("A")]))
    data.calendars["7/7"] = EVERY_DAY
    ours = rows(schedule(data))
    p6 = rows(schedule(data, options=ScheduleOptions(free_float_on_own_calendar=True)))
    assert ours.loc["B", "early_start"] == d(9)
    assert ours.loc["A", "total_float_days"] == p6.loc["A", "total_float_days"] == 2
    assert (ours.loc["A", "free_float_days"], p6.loc["A", "free_float_days"]) == (0, 2)


def test_late_date_at_a_break_handed_to_another_calendar_the_p6_way():
    # A (1d, 7 days a week, from Fri 6) -> milestone M -> C (1d, not before Mon 9), Monday to Friday.
    # M's late date is Mon 9 08:00, which is also Fri 6 17:00 in working time.  Handed to A as the start of
    # Monday's work, A may finish on Sunday: 2 days of total float.  P6 hands over a date of no duration
    # where work stops, Friday 17:00: A must finish on Friday.  A task's late start (C's) is the start of
    # its work either way.
    data = plan(Task("A", "A", duration_days=1, calendar="7/7", constraint_type=ConstraintType.SNET,
                     constraint_date=d(6)),
                Task("M", "M", milestone=True, predecessors=[Link("A")]),
                Task("C", "C", duration_days=1, predecessors=[Link("M")], constraint_type=ConstraintType.SNET,
                     constraint_date=d(9)),
                Task("D", "D", duration_days=1, calendar="7/7", constraint_type=ConstraintType.SNET,
                     constraint_date=d(6)),
                Task("E", "E", duration_days=1, predecessors=[Link("D")], constraint_type=ConstraintType.SNET,
                     constraint_date=d(9)))
    data.calendars["7/7"] = EVERY_DAY
    resume = rows(schedule(data))
    stop = rows(schedule(data, options=ScheduleOptions(late_dates_at_work_stop=True)))
    assert (resume.loc["A", "late_finish"], resume.loc["A", "total_float_days"]) == (d(8, 17), 2)
    assert (stop.loc["A", "late_finish"], stop.loc["A", "total_float_days"]) == (d(6, 17), 0)
    assert bool(stop.loc["A", "critical"]) and not bool(resume.loc["A", "critical"])
    # D -> E (a task): E's late start Mon 9 08:00 is handed over as such, D may use the weekend in both
    assert resume.loc["D", "total_float_days"] == stop.loc["D", "total_float_days"] == 2


def test_alap_tasks_use_up_their_free_float_the_p6_way():
    # P (Mon 2) -> A1 (ALAP) -> A2 (ALAP) -> C; B 5d (Mon 2 - Fri 6) -> C (Mon 9).  All tasks 1d but B.
    # P6: A2 moves to Fri 6, then A1 to Thu 5 (a chain moves together); P keeps Mon 2 and gains 2 days of
    # free float; C, the successor, keeps its date.
    tasks = (Task("P", "P", duration_days=1),
             Task("A1", "A1", duration_days=1, constraint_type=ConstraintType.ALAP, predecessors=[Link("P")]),
             Task("A2", "A2", duration_days=1, constraint_type=ConstraintType.ALAP, predecessors=[Link("A1")]),
             Task("B", "B", duration_days=5),
             Task("C", "C", duration_days=1, predecessors=[Link("A2"), Link("B")]))
    p6 = rows(schedule(plan(*tasks), options=ScheduleOptions(honor_constraints=False, free_float_capped=False,
                                                             alap_uses_free_float=True)))
    assert (p6.loc["A2", "early_start"], p6.loc["A2", "early_finish"]) == (d(6), d(6, 17))
    assert (p6.loc["A1", "early_start"], p6.loc["A1", "early_finish"]) == (d(5), d(5, 17))
    assert p6.loc["A1", "total_float_days"] == p6.loc["A2", "total_float_days"] == 0
    assert p6.loc["A1", "free_float_days"] == p6.loc["A2", "free_float_days"] == 0
    assert (p6.loc["P", "early_start"], p6.loc["P", "free_float_days"], p6.loc["P", "total_float_days"]) == (d(2), 2, 2)
    assert p6.loc["C", "early_start"] == d(9)
    # MS Project's way: early dates stay (Tue 3, Wed 4), the tasks sit on their late dates
    ms = rows(schedule(plan(*tasks)))
    assert (ms.loc["A1", "early_start"], ms.loc["A1", "start"], ms.loc["A1", "total_float_days"]) == (d(3), d(5), 2)


def test_a_started_task_on_hold_resumes_on_its_resume_date():
    # A 4d started Mon 2, 25 % done (Mon 2); status date Wed 4.  Without a resume date the remaining 3 days
    # run Wed 4 - Fri 6; on hold until Mon 9 they run Mon 9 - Wed 11; a resume date before the status
    # date is the status date.  B (not started) with a resume date: reported, ignored.
    def tasks(resume):
        return (Task("A", "A", duration_days=4, actual_start=d(2), percent_complete=25, resume=resume),
                Task("B", "B", duration_days=1, resume=d(9)),
                Task("C", "C", duration_days=1, predecessors=[Link("A")]))
    plain = schedule(plan(*tasks(None)), status_date=date(2026, 11, 4))
    hold = schedule(plan(*tasks(d(9))), status_date=date(2026, 11, 4))
    early = schedule(plan(*tasks(d(3))), status_date=date(2026, 11, 4))
    assert rows(plain).loc["A", "early_finish"] == d(6, 17)
    assert rows(hold).loc["A", "early_finish"] == d(11, 17)
    assert rows(hold).loc["C", "early_start"] == d(12)
    assert rows(hold).loc["A", "early_start"] == d(2)  # the actual start stays
    assert rows(early).loc["A", "early_finish"] == d(6, 17)
    assert [p.code for p in hold.problems] == ["resume_without_remaining_work"]
    assert "'B'" in hold.problems[0].message and "not started" in hold.problems[0].message
