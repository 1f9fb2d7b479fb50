"""Generated networks: their shape, and our scheduler cross-checked against a networkx CPM."""

from __future__ import annotations

import sys
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
if str(BENCHMARKS) not in sys.path:
    sys.path.insert(0, str(BENCHMARKS))

from baseline_networkx import WorkingDayAxis, build_graph, schedule_networkx  # noqa: E402

from pmo_xl.engine.calendar import absolute_minutes_array  # noqa: E402
from pmo_xl.engine.cpm import schedule  # noqa: E402
from network_gen import generate_network  # noqa: E402
from pmo_xl.model.domain import CalendarSpec, Link, Project, ProjectData, Task  # noqa: E402
from pmo_xl.model.enums import ConstraintType, LinkType  # noqa: E402


@pytest.fixture(scope="module")
def network() -> ProjectData:
    return generate_network(2000, seed=7)


def test_exact_task_count_and_link_density(network):
    links = [link for task in network.tasks for link in task.predecessors]
    assert len(network.tasks) == 2000
    assert len({task.id for task in network.tasks}) == 2000
    assert 1.45 <= len(links) / len(network.tasks) <= 1.55


def test_acyclic_and_links_point_backwards(network):
    position = {task.id: i for i, task in enumerate(network.tasks)}
    assert all(position[link.predecessor_id] < position[task.id]
               for task in network.tasks for link in task.predecessors)
    assert nx.is_directed_acyclic_graph(build_graph(network))


def test_link_mix_lags_milestones_and_constraints(network):
    links = [link for task in network.tasks for link in task.predecessors]
    shares = {kind: count / len(links) for kind, count in Counter(l.type for l in links).items()}
    assert 0.82 <= shares[LinkType.FS] <= 0.90
    assert 0.05 <= shares[LinkType.SS] <= 0.11
    assert 0.03 <= shares[LinkType.FF] <= 0.07
    assert 0.005 <= shares[LinkType.SF] <= 0.035
    lags = [l.lag_days for l in links if l.lag_days]
    assert any(lag < 0 for lag in lags) and any(lag > 0 for lag in lags)
    assert 0.05 <= len(lags) / len(links) <= 0.15
    assert all(float(lag).is_integer() for lag in lags)
    milestones = [t for t in network.tasks if t.milestone]
    assert 2 <= len(milestones) <= 20
    constrained = Counter(t.constraint_type for t in network.tasks if t.constraint_type is not ConstraintType.ASAP)
    assert constrained[ConstraintType.SNET] >= 3
    assert all(t.duration_days in (1, 2, 3, 5, 8, 10, 15, 20) for t in network.tasks if not t.milestone)


def test_same_seed_same_plan_other_seed_other_plan():
    first, again, other = generate_network(300, seed=3), generate_network(300, seed=3), generate_network(300, seed=4)
    assert first.tasks == again.tasks
    assert first.tasks != other.tasks


def test_baseline_on_a_hand_worked_plan():
    # A(3) -FS+1-> B(2); A -SS+1-> C(4); B -FF-> D(1); C -SF+5-> D; E(1) -FS-> D.  Day numbers from the start.
    tasks = [
        Task("A", "A", duration_days=3),
        Task("B", "B", duration_days=2, predecessors=[Link("A", LinkType.FS, 1)]),
        Task("C", "C", duration_days=4, predecessors=[Link("A", LinkType.SS, 1)]),
        Task("D", "D", duration_days=1, predecessors=[Link("B", LinkType.FF), Link("C", LinkType.SF, 5), Link("E")]),
        Task("E", "E", duration_days=1),
    ]
    data = ProjectData(Project("H", "H", start=date(2027, 1, 4)), tasks,
                       calendars={"Standard": CalendarSpec(holiday_country=None)})
    frame = schedule_networkx(data).set_index("id")
    # ES: A 0; B = 3+1 = 4; C = 0+1 = 1; D = max(EF_B 6 − 1, ES_C 1 + 5 − 1) = 5.  Finish 6.
    assert frame["early_start"].to_dict() == {"A": 0, "B": 4, "C": 1, "D": 5, "E": 0}
    assert frame["early_finish"].to_dict() == {"A": 3, "B": 6, "C": 5, "D": 6, "E": 1}
    # LF: D 6; B ≤ LF_D 6; C ≤ 6 and, by SF, LS_C ≤ LF_D − 5 = 1 → LF_C = 5; A ≤ LS_B − 1 = 3, LS_C − 1 + 3 = 3;
    # E ≤ LS_D 5.
    assert frame["late_finish"].to_dict() == {"A": 3, "B": 6, "C": 5, "D": 6, "E": 5}
    assert frame["total_float_days"].to_dict() == {"A": 0, "B": 0, "C": 0, "D": 0, "E": 4}
    # free float: E's link to D binds only at ES_D 5 − EF_E 1 = 4; every other link binds now
    assert frame["free_float_days"].to_dict() == {"A": 0, "B": 0, "C": 0, "D": 0, "E": 4}
    assert frame["critical"].to_dict() == {"A": True, "B": True, "C": True, "D": True, "E": False}
    # Mon 4 January 2027 is day 0: B works days 4-5 (Fri 8, Mon 11); E day 0 only
    def day(task, column):
        return frame.loc[task, column + "_date"].date().isoformat()

    assert (day("B", "early_start"), day("B", "early_finish")) == ("2027-01-08", "2027-01-11")
    assert (day("E", "early_start"), day("E", "early_finish")) == ("2027-01-04", "2027-01-04")
    assert (day("E", "late_start"), day("E", "late_finish")) == ("2027-01-08", "2027-01-08")


def test_working_day_axis_skips_weekends_and_exceptions():
    from pmo_xl.model.domain import CalendarException

    spec = CalendarSpec(holiday_country=None, exceptions=[CalendarException(date(2027, 1, 6), date(2027, 1, 6))])
    axis = WorkingDayAxis(spec, date(2027, 1, 4))  # a Monday
    # Tue = 1; Wed 6th off; Thu = 2; Fri = 3; next Monday the 11th = 4.
    assert [axis.day_number(date(2027, 1, d)) for d in (5, 7, 8, 11)] == [1, 2, 3, 4]


def _working_days(result, data, column):
    calendar = result.calendar(data.project.code)
    origin = calendar.to_working(absolute_minutes_array([datetime.combine(data.project.start, datetime.min.time())]))[0]
    minutes = calendar.to_working(absolute_minutes_array(result.tasks[column].to_numpy()))
    return (minutes - origin) / data.project.minutes_per_day


def test_our_schedule_equals_networkx_in_working_days(network):
    result = schedule(network)
    baseline = schedule_networkx(network)
    assert list(result.tasks["id"]) == list(baseline["id"])
    np.testing.assert_array_equal(_working_days(result, network, "early_start"), baseline["early_start"].to_numpy())
    np.testing.assert_array_equal(_working_days(result, network, "early_finish"), baseline["early_finish"].to_numpy())
    np.testing.assert_allclose(result.tasks["total_float_days"].to_numpy(), baseline["total_float_days"].to_numpy(),
                               atol=1e-9)
    assert _working_days(result, network, "early_finish").max() == baseline["early_finish"].max()
    np.testing.assert_allclose(result.tasks["free_float_days"].to_numpy(), baseline["free_float_days"].to_numpy(),
                               atol=1e-9)
    assert set(result.tasks.loc[result.tasks["critical"], "id"]) == set(
        baseline.loc[baseline["total_float_days"] <= 0, "id"])
    assert (result.tasks["critical"].to_numpy() == baseline["critical"].to_numpy()).all()
    # the dates of the tasks with work fall on the same calendar days
    worked = (baseline["early_finish"] > baseline["early_start"]).to_numpy()
    for column in ("early_start", "early_finish", "late_start", "late_finish"):
        np.testing.assert_array_equal(result.tasks[column].to_numpy().astype("datetime64[D]")[worked],
                                      baseline[column + "_date"].to_numpy().astype("datetime64[D]")[worked])
    # the plan is a real one: a critical path that is a small part of the tasks
    assert 0 < result.tasks["critical"].sum() < 0.2 * len(network.tasks)


def test_same_equality_with_moroccan_public_holidays():
    # Holidays of the `holidays` package are non-working for both: the engine's calendar and the
    # baseline's numpy business-day calendar must skip the same days.
    plan = generate_network(2000, seed=11, calendar=CalendarSpec(name="Maroc", holiday_country="MA"))
    result = schedule(plan)
    baseline = schedule_networkx(plan)
    np.testing.assert_array_equal(_working_days(result, plan, "early_finish"), baseline["early_finish"].to_numpy())
    np.testing.assert_allclose(result.tasks["total_float_days"].to_numpy(), baseline["total_float_days"].to_numpy(),
                               atol=1e-9)
    # 2027-01-11 (Manifeste de l'Indépendance) is a Monday holiday: no task starts that day.
    assert not (result.tasks["early_start"].dt.date == date(2027, 1, 11)).any()
