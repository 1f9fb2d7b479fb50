"""The columnar input of the critical-path engine: ``schedule_table(PlanTable.from_frames(...))``.

The same plan given as objects (``schedule``) and as two tables (tasks, links)
must give the same schedule, frame for frame: generated networks of 2,000
tasks with and without public holidays, progress, constraints and summary
tasks, and two MSPDI files saved by MS Project.  Bad table input is reported
at its row.
"""

from __future__ import annotations

import copy
import sys
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pmo_xl.engine.cpm import schedule, schedule_table
from pmo_xl.engine.plan_table import PlanTable
from pmo_xl.errors import CycleError, ScheduleError
from pmo_xl.model.domain import CalendarSpec, Link, Project, ProjectData, Task
from pmo_xl.model.enums import ConstraintType, LinkType

from reference_files import find_schedule, schedule_path  # noqa: E402

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"  # network_gen lives there
if str(BENCHMARKS) not in sys.path:
    sys.path.insert(0, str(BENCHMARKS))

from network_gen import generate_network  # noqa: E402


def plan_frames(projects: list[ProjectData]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The tasks and links of ``projects`` as two tables, as a workbook or a tool export holds them."""
    task_rows, link_rows = [], []
    # the calendar of each task's resources, as the object reader works it out (a column of the table)
    resource_calendars = iter(PlanTable.from_projects(projects).resource_calendar.tolist())
    for pdata in projects:
        for t in pdata.tasks:
            task_rows.append({
                "project": pdata.project.code, "id": t.id, "name": t.name, "wbs": t.wbs,
                "outline_level": t.outline_level, "duration_days": t.duration_days,
                "duration_elapsed": t.duration_elapsed, "milestone": t.milestone, "calendar": t.calendar,
                "constraint_type": None if t.constraint_type is ConstraintType.ASAP else t.constraint_type.value,
                "constraint_date": t.constraint_date, "actual_start": t.actual_start,
                "actual_finish": t.actual_finish, "percent_complete": t.percent_complete,
                "baseline_start": t.baseline_start, "baseline_finish": t.baseline_finish,
                "source_start": t.source_start, "resource_calendar": next(resource_calendars),
            })
            for link in t.predecessors:
                link_rows.append({
                    "successor_project": pdata.project.code, "successor_id": t.id,
                    "predecessor_project": link.predecessor_project, "predecessor_id": link.predecessor_id,
                    "type": LinkType(link.type).value, "lag_days": link.lag_days, "lag_percent": link.lag_percent,
                    "lag_elapsed": link.lag_elapsed,
                })
    tasks = pd.DataFrame(task_rows)
    for column in ("constraint_date", "actual_start", "actual_finish", "baseline_start", "baseline_finish",
                   "source_start"):
        tasks[column] = pd.to_datetime(tasks[column])
    links = pd.DataFrame(link_rows, columns=["successor_project", "successor_id", "predecessor_project",
                                             "predecessor_id", "type", "lag_days", "lag_percent", "lag_elapsed"])
    return tasks, links


def table_of(projects: list[ProjectData]) -> PlanTable:
    tasks, links = plan_frames(projects)
    calendars = {}
    for pdata in projects:
        calendars.update(pdata.calendars)
    # calendars joining several resources' calendars are given with the project's calendars
    joined = PlanTable.from_projects(projects).derived_calendars
    return PlanTable.from_frames(tasks, links, calendars=calendars,
                                 projects=[ProjectData(project=p.project, calendars={**p.calendars, **extra},
                                                       dependencies=p.dependencies, source=p.source)
                                           for p, extra in zip(projects, joined)])


def assert_same_schedule(projects: list[ProjectData], status_date=None) -> None:
    from_objects = schedule(projects, status_date=status_date)
    from_tables = schedule_table(table_of(projects), status_date=status_date)
    pd.testing.assert_frame_equal(from_tables.tasks, from_objects.tasks)
    assert from_tables.critical_paths == from_objects.critical_paths
    assert from_tables.project_finish == from_objects.project_finish
    assert list(from_tables.problems) == list(from_objects.problems)
    assert from_tables.status_date == from_objects.status_date


def with_progress_and_constraints(data: ProjectData) -> ProjectData:
    """The plan with done, started, ALAP, MSO, FNLT and unset-date constraints sprinkled over it."""
    data = copy.deepcopy(data)
    start = datetime.combine(data.project.start, datetime.min.time())
    for k, task in enumerate(data.tasks):
        if task.milestone:
            continue
        if k < 40 and k % 3 == 0:
            task.actual_start = datetime(start.year, start.month, start.day, 8, 0)
            task.actual_finish = datetime(start.year, start.month, start.day + 1, 17, 0) if k % 2 else None
            task.percent_complete = 100.0 if k % 2 else 40.0
        elif k % 97 == 5:
            task.constraint_type = ConstraintType.ALAP
            task.constraint_date = None
        elif k % 131 == 7:
            task.constraint_type = ConstraintType.MSO
            task.constraint_date = datetime(2027, 3, 1, 8, 0)
        elif k % 151 == 9:
            task.constraint_type = ConstraintType.FNLT
            task.constraint_date = datetime(2027, 6, 30)
        elif k % 173 == 11:
            task.constraint_type = ConstraintType.SNLT
            task.constraint_date = None  # reported: constraint without a date
        if k % 89 == 3:
            task.baseline_start = datetime(2027, 1, 4, 8, 0)
            task.baseline_finish = datetime(2027, 1, 8, 17, 0)
    return data


def with_summaries(data: ProjectData) -> ProjectData:
    """The plan with a summary task over each stream (streams one level down) and links to and from summaries."""
    data = copy.deepcopy(data)
    tasks: list[Task] = []
    summaries: list[Task] = []
    for task in data.tasks:
        parts = (task.wbs or "").split(".")
        if len(parts) == 3 and parts[2] == "1":
            summary = Task(id=f"S{parts[0]}.{parts[1]}", name=f"Flux {parts[0]}.{parts[1]}", wbs=f"{parts[0]}.{parts[1]}",
                           outline_level=1)
            summaries.append(summary)
            tasks.append(summary)
        task.outline_level = 2 if len(parts) == 3 else 1
        tasks.append(task)
    data.tasks = tasks
    # a summary waits for an earlier summary (FS), another starts with one (SS + 2 days)
    summaries[5].predecessors.append(Link(summaries[1].id))
    summaries[9].predecessors.append(Link(summaries[4].id, type=LinkType.SS, lag_days=2.0))
    return data


@pytest.fixture(scope="module")
def network() -> ProjectData:
    return generate_network(2000, seed=3)


@pytest.fixture(scope="module")
def network_with_holidays() -> ProjectData:
    return generate_network(2000, seed=4, calendar=CalendarSpec(name="Standard", holiday_country="MA"))


def test_generated_network_from_tables_equals_objects(network):
    assert len(network.tasks) == 2000
    assert_same_schedule([network])


def test_generated_network_with_moroccan_holidays_from_tables_equals_objects(network_with_holidays):
    assert_same_schedule([network_with_holidays])


def test_progress_and_constraints_from_tables_equal_objects(network):
    data = with_progress_and_constraints(network)
    assert_same_schedule([data], status_date=date(2027, 2, 1))
    result = schedule_table(table_of([data]), status_date=date(2027, 2, 1))
    tasks = result.tasks.set_index("id")
    assert set(tasks["progress"]) == {"not_started", "in_progress", "complete"}
    assert tasks.loc[data.tasks[3].id, "progress"] == "complete"  # k = 3: actual finish, 100 %
    assert tasks.loc[data.tasks[6].id, "progress"] == "in_progress"  # k = 6: actual start, 40 %
    assert [p.code for p in result.problems].count("constraint_without_date") == len(
        [t for t in data.tasks if t.constraint_type is ConstraintType.SNLT])


def test_summaries_from_tables_equal_objects(network):
    data = with_summaries(network)
    assert_same_schedule([data])
    result = schedule_table(table_of([data]))
    first_summary = result.tasks.set_index("id").loc["S1.1"]
    stream = result.tasks[result.tasks["wbs"].str.match(r"^1\.1\.\d+$")]
    assert bool(first_summary["summary"])
    assert first_summary["early_start"] == stream["early_start"].min()
    assert first_summary["early_finish"] == stream["early_finish"].max()


def test_two_linked_projects_from_tables_equal_objects():
    first = generate_network(300, seed=5, code="ALPHA")
    second = generate_network(300, seed=6, code="BETA")
    second.tasks[0].predecessors.append(Link(first.tasks[-1].id, predecessor_project="ALPHA"))
    assert_same_schedule([first, second])
    result = schedule([first, second])
    beta_first = result.tasks[(result.tasks["project"] == "BETA") & (result.tasks["id"] == second.tasks[0].id)]
    assert beta_first["driving_predecessors"].iloc[0] == f"ALPHA:{first.tasks[-1].id}"


@pytest.mark.parametrize("name", ["mspdi_mpxj_relations_5t.xml", "mspdi_msp2016_software_dev_86t.xml"])
def test_mspdi_files_from_tables_equal_objects(name):
    from pmo_xl.io.mspdi import read_mspdi

    data = read_mspdi(schedule_path(name))
    assert_same_schedule([data])
    if name.startswith("mspdi_mpxj_relations"):
        result = schedule_table(table_of([data]))
        assert result.critical_paths[data.project.code] == [["1", "2", "3", "4"]]
        assert result.tasks.set_index("id").loc["5", "total_float_days"] == 1.0


def small_plan() -> tuple[pd.DataFrame, pd.DataFrame]:
    tasks = pd.DataFrame({"id": ["A", "B", "C", "D"], "name": ["Cadrage", "Conception", "Réalisation", "Recette"],
                          "duration_days": [2.0, 3.0, 5.0, 1.0]})
    links = pd.DataFrame({"successor_id": ["B", "C", "D"], "predecessor_id": ["A", "B", "C"],
                          "type": ["FS", "FS", "FS"], "lag_days": [0.0, 0.0, 0.0]})
    return tasks, links


def test_small_table_plan_by_hand():
    tasks, links = small_plan()
    project = Project(code="P1", name="Plan", start=date(2027, 1, 4), calendar="Standard")
    calendars = {"Standard": CalendarSpec(name="Standard", holiday_country=None)}
    result = schedule_table(PlanTable.from_frames(tasks, links, calendars=calendars, projects=[project]))
    frame = result.tasks.set_index("id")
    # Monday 4 Jan 2027 08:00; 2 + 3 + 5 + 1 = 11 working days end on Monday 18 Jan 17:00
    assert frame.loc["A", "early_start"] == pd.Timestamp("2027-01-04 08:00")
    assert frame.loc["B", "early_start"] == pd.Timestamp("2027-01-06 08:00")
    assert frame.loc["D", "early_finish"] == pd.Timestamp("2027-01-18 17:00")
    assert result.critical_paths["P1"] == [["A", "B", "C", "D"]]
    assert frame["driving_predecessors"].tolist() == ["", "A", "B", "C"]


def test_unknown_predecessor_in_table_is_located_at_its_row():
    tasks, links = small_plan()
    links.loc[1, "predecessor_id"] = "Z9"  # row 3 of the links sheet (row 1 holds the headers)
    project = Project(code="P1", name="Plan", start=date(2027, 1, 4))
    table = PlanTable.from_frames(tasks, links, projects=[project], source="plan.xlsx", links_sheet="Liens")
    result = schedule_table(table)
    problems = [p for p in result.problems if p.code == "unknown_predecessor"]
    assert len(problems) == 1
    problem = problems[0]
    assert problem.found == "Z9"
    assert (problem.location.file, problem.location.sheet, problem.location.row, problem.location.column) == (
        "plan.xlsx", "Liens", 3, "predecessor_id")
    assert "'C'" in problem.message
    # the link is left out: C starts with the project (Monday 4 Jan) and works 5 days to Friday 8 Jan; D
    # follows on Tuesday 12 Jan, since the default calendar keeps Morocco's 11 January holiday
    frame = result.tasks.set_index("id")
    assert frame.loc["C", "early_start"] == pd.Timestamp("2027-01-04 08:00")
    assert frame.loc["C", "early_finish"] == pd.Timestamp("2027-01-08 17:00")
    assert frame.loc["D", "early_start"] == pd.Timestamp("2027-01-12 08:00")


def test_cycle_in_table_raises_cycle_error_naming_its_tasks():
    tasks, links = small_plan()
    links = pd.concat([links, pd.DataFrame({"successor_id": ["B"], "predecessor_id": ["D"], "type": ["FS"],
                                            "lag_days": [0.0]})], ignore_index=True)
    project = Project(code="P1", name="Plan", start=date(2027, 1, 4))
    with pytest.raises(CycleError) as caught:
        schedule_table(PlanTable.from_frames(tasks, links, projects=[project], source="plan.xlsx"))
    assert sorted(caught.value.tasks) == ["B", "C", "D"]
    assert caught.value.location.file == "plan.xlsx"


def test_unknown_successor_and_link_type_are_located_and_left_out():
    tasks, links = small_plan()
    links.loc[0, "successor_id"] = "X"
    links.loc[2, "type"] = "XX"
    table = PlanTable.from_frames(tasks, links, projects=[Project(code="P1", name="Plan", start=date(2027, 1, 4))],
                                  links_sheet="Liens")
    assert table.link_count == 1
    by_code = {p.code: p for p in table.problems}
    assert by_code["unknown_successor"].location.row == 2 and by_code["unknown_successor"].found == "X"
    assert by_code["unknown_link_type"].location.row == 4 and by_code["unknown_link_type"].found == "XX"


def test_duplicate_task_id_in_table_raises_at_its_row():
    tasks, links = small_plan()
    tasks.loc[3, "id"] = "B"
    with pytest.raises(ScheduleError) as caught:
        PlanTable.from_frames(tasks, links, source="plan.xlsx", tasks_sheet="Tâches")
    assert caught.value.location.row == 5 and caught.value.location.sheet == "Tâches"


def test_duration_that_is_not_a_number_is_located_and_read_as_none():
    tasks = pd.DataFrame({"id": ["A", "B"], "duration_days": ["3", "trois"]})
    table = PlanTable.from_frames(tasks, None, projects=[Project(code="P1", name="Plan", start=date(2027, 1, 4))],
                                  source="plan.xlsx", tasks_sheet="Tâches")
    assert [(p.code, p.location.row, p.location.column, p.found) for p in table.problems] == [
        ("invalid_duration", 3, "duration_days", "trois")]
    result = schedule_table(table)
    frame = result.tasks.set_index("id")
    assert frame.loc["A", "early_finish"] == pd.Timestamp("2027-01-06 17:00")  # 3 days from Monday 4 Jan
    assert frame.loc["B", "duration_days"] == 0.0
    assert frame.loc["B", "early_start"] == pd.Timestamp("2027-01-04 08:00")
    assert result.problems[0].code == "invalid_duration"


def test_numeric_ids_from_a_worksheet_read_as_text():
    tasks = pd.DataFrame({"id": [1.0, 2.0], "duration_days": [1.0, 1.0]})
    links = pd.DataFrame({"successor_id": [2.0], "predecessor_id": [1.0]})
    table = PlanTable.from_frames(tasks, links, projects=[Project(code="P1", name="Plan", start=date(2027, 1, 4))])
    assert table.id.tolist() == ["1", "2"]
    assert table.link_predecessor.tolist() == [0]
    result = schedule_table(table)
    assert result.tasks["early_start"].tolist() == [pd.Timestamp("2027-01-04 08:00"), pd.Timestamp("2027-01-05 08:00")]


def test_from_projects_columns_match_the_objects(network):
    table = PlanTable.from_projects(network)
    assert table.task_count == 2000
    assert table.link_count == sum(len(t.predecessors) for t in network.tasks)
    k = 0
    for i, task in enumerate(network.tasks):
        for link in task.predecessors:
            assert table.link_successor[k] == i
            assert table.id[table.link_predecessor[k]] == link.predecessor_id
            assert table.predecessor_ids()[k] == link.predecessor_id
            k += 1
    assert np.array_equal(table.duration_days, [t.duration_days for t in network.tasks])


def test_constraint_types_written_as_text_and_unknown_ones():
    tasks = pd.DataFrame({"id": ["A", "B", "C"], "duration_days": [2.0, 2.0, 2.0],
                          "constraint_type": [" snet", "ZZZ", None],
                          "constraint_date": pd.to_datetime(["2027-01-06 08:00", "2027-01-06 08:00", None])})
    table = PlanTable.from_frames(tasks, None, projects=[Project(code="P1", name="Plan", start=date(2027, 1, 4))],
                                  tasks_sheet="Tâches")
    assert table.constraint_type.tolist() == [ConstraintType.SNET, None, None]
    assert [(p.code, p.location.row, p.found) for p in table.problems] == [("unknown_constraint_type", 3, "ZZZ")]
    frame = schedule_table(table).tasks.set_index("id")
    assert frame.loc["A", "early_start"] == pd.Timestamp("2027-01-06 08:00")  # start no earlier than Wednesday
    assert frame.loc["B", "early_start"] == pd.Timestamp("2027-01-04 08:00")  # unknown type: as soon as possible
