"""A plan held as columns: the input of the critical-path engine.

A :class:`PlanTable` is the tasks and links of one or several projects, one
numpy array per field, in plan order.  Two readers build it:

* :meth:`PlanTable.from_projects` reads :class:`pmo_xl.model.domain.ProjectData`
  objects in one pass over the tasks and one over the links;
* :meth:`PlanTable.from_frames` reads two tables (tasks and links, as the
  ``PMO_SCHEDULE`` worksheet function, the project workbook or a tool export
  give them) with pandas and numpy operations over whole columns.

:func:`pmo_xl.engine.cpm.schedule_table` schedules a ``PlanTable``;
:func:`pmo_xl.engine.cpm.schedule` is ``schedule_table(PlanTable.from_projects(...))``.

Task columns (length = number of tasks)
---------------------------------------
``project`` (int64, position in ``projects``), ``id`` (str), ``name``, ``wbs``,
``outline_level`` (int64, 1 and more), ``summary`` (bool: the next task of the
same project has a deeper outline level), ``duration_days`` (float64, NaN =
none), ``duration_elapsed`` (bool), ``milestone`` (bool), ``calendar`` (name or
``None`` for the project calendar), ``constraint_type`` (a
:class:`~pmo_xl.model.enums.ConstraintType` or ``None``), ``constraint_date``,
``actual_start``, ``actual_finish``, ``baseline_start``, ``baseline_finish``
(``datetime``/``date`` or ``None``), ``percent_complete`` (float64),
``resume`` (where the remaining work of a started task resumes, or ``None``),
``resource_calendar`` (the calendar the task works on because of its
resources, which wins over ``calendar`` when resource calendars are used;
``None`` when they leave the task on its own or its project's calendar;
``derived_calendars`` holds, per project, the calendars joining several
resource calendars or intersecting them with a task's calendar).

Link columns (length = number of links, grouped by successor in plan order)
---------------------------------------------------------------------------
``link_successor`` (int64 task position), ``link_predecessor`` (int64 task
position, -1 when the id is not a task of the successor's project or the link
names another project: the engine then looks it up across the projects
scheduled together, or reports it), ``link_predecessor_id`` (str; read from the objects on first use of
:meth:`PlanTable.predecessor_ids` when the table came from objects),
``link_predecessor_project`` (project code or ``None``), ``link_type``
(int64: 0 FS, 1 SS, 2 FF, 3 SF), ``link_lag_days`` (float64),
``link_lag_percent`` (float64, NaN = none), ``link_lag_elapsed`` (bool),
``link_row`` (int64, the 1-based row of the link in its source table, -1 when
it came from objects); ``links_sheet`` names the sheet of those rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import chain
from operator import attrgetter
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from pmo_xl.errors import Location, Problem, ProblemList, ScheduleError, Severity
from pmo_xl.model.domain import CalendarSpec, Project, ProjectData, Task
from pmo_xl.model.enums import ConstraintType, LinkType

LINK_TYPE_CODES: dict[LinkType, int] = {LinkType.FS: 0, LinkType.SS: 1, LinkType.FF: 2, LinkType.SF: 3}
"""Integer code of each link type in ``PlanTable.link_type``."""

TASK_COLUMNS = (
    "project", "id", "name", "wbs", "outline_level", "duration_days", "duration_elapsed", "milestone",
    "calendar", "constraint_type", "constraint_date", "actual_start", "actual_finish", "percent_complete",
    "baseline_start", "baseline_finish", "source_start", "resource_calendar", "resume",
)
"""Columns :meth:`PlanTable.from_frames` reads from the tasks table (only ``id`` is required)."""

LINK_COLUMNS = (
    "successor_project", "successor_id", "predecessor_project", "predecessor_id", "type", "lag_days",
    "lag_percent", "lag_elapsed",
)
"""Columns :meth:`PlanTable.from_frames` reads from the links table (``successor_id`` and ``predecessor_id`` required)."""

_FS = LINK_TYPE_CODES[LinkType.FS]
_DATE_TASK_FIELDS = ("constraint_date", "actual_start", "actual_finish", "baseline_start", "baseline_finish",
                     "resume")


@dataclass
class PlanTable:
    """The tasks and links of the projects scheduled together, one array per field (see the module docstring)."""

    projects: list[ProjectData]
    project_start: list[datetime]
    project: np.ndarray
    id: np.ndarray
    name: np.ndarray
    wbs: np.ndarray
    outline_level: np.ndarray
    summary: np.ndarray
    duration_days: np.ndarray
    duration_elapsed: np.ndarray
    milestone: np.ndarray
    calendar: np.ndarray
    constraint_type: np.ndarray
    constraint_date: np.ndarray
    actual_start: np.ndarray
    actual_finish: np.ndarray
    percent_complete: np.ndarray
    baseline_start: np.ndarray
    baseline_finish: np.ndarray
    link_successor: np.ndarray
    link_predecessor: np.ndarray
    link_predecessor_project: np.ndarray
    link_type: np.ndarray
    link_lag_days: np.ndarray
    link_lag_percent: np.ndarray
    link_lag_elapsed: np.ndarray
    link_row: np.ndarray
    problems: ProblemList = field(default_factory=ProblemList)
    links_sheet: str | None = None
    link_predecessor_id: np.ndarray | None = None
    resource_calendar: np.ndarray | None = None
    resume: np.ndarray | None = None
    derived_calendars: list[dict[str, CalendarSpec]] | None = None
    _link_objects: list | None = field(default=None, repr=False, compare=False)
    _id_index: dict[str, dict[str, int]] | None = field(default=None, repr=False, compare=False)

    @property
    def task_count(self) -> int:
        return len(self.id)

    @property
    def link_count(self) -> int:
        return len(self.link_successor)

    @property
    def project_codes(self) -> list[str]:
        return [p.project.code for p in self.projects]

    def predecessor_ids(self) -> np.ndarray:
        """``link_predecessor_id``: the predecessor id of each link as written (read from the objects on first use)."""
        if self.link_predecessor_id is None:
            column = np.empty(self.link_count, dtype=object)
            column[:] = list(map(attrgetter("predecessor_id"), chain.from_iterable(self._link_objects or [])))
            self.link_predecessor_id = column
        return self.link_predecessor_id

    def id_index(self) -> dict[str, dict[str, int]]:
        """Position of each task by project code and task id (built on first use)."""
        if self._id_index is None:
            ids = self.id.tolist()
            bounds = np.searchsorted(self.project, np.arange(len(self.projects) + 1)).tolist()
            self._id_index = {p.project.code: dict(zip(ids[bounds[k]:bounds[k + 1]], range(bounds[k], bounds[k + 1])))
                              for k, p in enumerate(self.projects)}
        return self._id_index

    # ------------------------------------------------------------------ objects
    @classmethod
    def from_projects(cls, projects: ProjectData | Iterable[ProjectData]) -> "PlanTable":
        """The columns of projects given as objects: one pass over the tasks, one over the links.

        Raises :class:`ScheduleError` when a task id appears twice in a project.
        """
        plist = [projects] if isinstance(projects, ProjectData) else list(projects)
        tasks: list[Task] = [t for p in plist for t in p.tasks]
        sizes = [len(p.tasks) for p in plist]
        n = len(tasks)
        project_of = np.repeat(np.arange(len(plist), dtype=np.int64), sizes)
        columns = _task_columns(tasks)
        raw_ids = columns["id"].tolist()
        ids = raw_ids if set(map(type, raw_ids)) <= {str} else [str(i) for i in raw_ids]
        offsets = [int(x) for x in np.cumsum([0] + sizes[:-1])] if sizes else []
        by_project: dict[str, dict[str, int]] = {}
        for pdata, start, size in zip(plist, offsets, sizes):
            own = ids[start:start + size]
            lookup = dict(zip(own, range(start, start + size)))
            if len(lookup) != size:
                seen: set[str] = set()
                duplicate = next(i for i in own if i in seen or seen.add(i))
                raise ScheduleError(f"task id '{duplicate}' appears twice in project '{pdata.project.code}'",
                                    Location(file=pdata.source))
            by_project[pdata.project.code] = lookup
        link_lists = columns["predecessors"].tolist()
        parts = [_link_columns(link_lists[start:start + size], by_project[p.project.code])
                 for p, start, size in zip(plist, offsets, sizes)]
        if len(parts) == 1:
            links = parts[0]
        else:
            links = {name: np.concatenate([part[name] for part in parts]) if parts else np.zeros(0)
                     for name in _LINK_FIELDS}
        m = len(links["type"])
        level = _outline_levels(columns["outline_level"])
        if ids is raw_ids:
            id_column = columns["id"]
        else:
            id_column = np.empty(n, dtype=object)
            id_column[:] = ids
        return cls(
            projects=plist,
            project_start=[_earliest_date(p) for p in plist],
            project=project_of,
            id=id_column,
            name=columns["name"],
            wbs=columns["wbs"],
            outline_level=level,
            summary=_summary_flags(project_of, level),
            duration_days=columns["duration_days"].astype(np.float64),
            duration_elapsed=columns["duration_elapsed"].astype(bool),
            milestone=columns["milestone"].astype(bool),
            calendar=columns["calendar"],
            constraint_type=columns["constraint_type"],
            constraint_date=columns["constraint_date"],
            actual_start=columns["actual_start"],
            actual_finish=columns["actual_finish"],
            percent_complete=columns["percent_complete"].astype(np.float64),
            baseline_start=columns["baseline_start"],
            baseline_finish=columns["baseline_finish"],
            resume=columns["resume"],
            link_successor=np.repeat(np.arange(n, dtype=np.int64), list(map(len, link_lists))) if n
            else np.zeros(0, np.int64),
            link_predecessor=links["predecessor_position"],
            link_predecessor_project=links["predecessor_project"],
            link_type=links["type"],
            link_lag_days=links["lag_days"],
            link_lag_percent=links["lag_percent"],
            link_lag_elapsed=links["lag_elapsed"],
            link_row=np.full(m, -1, dtype=np.int64),
            _link_objects=link_lists,
            _id_index=by_project,
            **_resource_calendars(plist, offsets, n),
        )

    # ------------------------------------------------------------------- frames
    @classmethod
    def from_frames(cls, tasks: pd.DataFrame, links: pd.DataFrame | None = None, *,
                    calendars: Mapping[str, CalendarSpec] | None = None,
                    projects: Iterable[Project | ProjectData] | None = None,
                    source: str | None = None, tasks_sheet: str | None = None,
                    links_sheet: str | None = None) -> "PlanTable":
        """The columns of a plan given as two tables (see :data:`TASK_COLUMNS` and :data:`LINK_COLUMNS`).

        ``tasks`` has one row per task in plan order (a summary before the tasks under it: a task is a
        summary when the next task of its project has a deeper ``outline_level``, as in MS Project).
        Without a ``project`` column every task belongs to the single project of ``projects`` (or one
        project "PLAN"); with one, the tasks are grouped by project in the order of ``projects``,
        keeping their order within a project.  Ids are matched as written; a whole number (12.0 read
        from a worksheet) stands for the id "12".  ``links`` has one row per link;
        ``successor_project`` defaults to the only project.  ``calendars`` are the calendars by name
        (given to every project that has none of its own); ``projects`` the project cards (code,
        calendar name, start, minutes per day), made from the codes of the ``project`` column when
        omitted.  ``source``, ``tasks_sheet`` and ``links_sheet`` name where the tables came from,
        for the location of problems.

        Columns are read whole with pandas and numpy.  Reported in ``problems`` as warnings located
        at their row (row 1 holding the headers): links whose successor is unknown or whose type is
        not FS/SS/FF/SF (left out), unknown constraint types (read as none) and durations that are not
        numbers (read as none).  A predecessor id that is not a task is reported by the engine,
        located at the link's row.  Raises :class:`ScheduleError` for a missing ``id`` column, a task
        without an id, a ``project`` naming none of ``projects``, or a task id that appears twice in
        a project.
        """
        problems = ProblemList()
        tasks = tasks.reset_index(drop=True)
        n = len(tasks)
        if "id" not in tasks.columns:
            raise ScheduleError("the tasks table has no 'id' column", Location(file=source, sheet=tasks_sheet),
                                problems=[Problem("the tasks table has no 'id' column",
                                                  Location(file=source, sheet=tasks_sheet), expected="a column 'id'")])
        plist = _project_list(tasks, projects, calendars, source)
        codes = [p.project.code for p in plist]
        if "project" in tasks.columns:
            project_of = _positions(tasks["project"], codes)
            unknown = np.flatnonzero(project_of < 0)
            if unknown.size:
                row = int(unknown[0])
                raise ScheduleError(
                    f"task row names project '{tasks['project'].iloc[row]}' which is not among the projects given",
                    Location(file=source, sheet=tasks_sheet, row=row + 2, column="project"),
                    problems=[Problem("unknown project", Location(file=source, sheet=tasks_sheet, row=int(r) + 2,
                                                                   column="project"),
                                      found=str(tasks["project"].iloc[int(r)]), expected=", ".join(codes))
                              for r in unknown[:50]])
            project_of = project_of.astype(np.int64)
            if project_of.size and bool((project_of[1:] < project_of[:-1]).any()):
                order = np.argsort(project_of, kind="stable")
                tasks = tasks.iloc[order].reset_index(drop=True)
                project_of = project_of[order]
        else:
            if len(plist) != 1:
                raise ScheduleError("the tasks table has no 'project' column but several projects are given",
                                    Location(file=source, sheet=tasks_sheet))
            project_of = np.zeros(n, dtype=np.int64)
        id_column = _ids(tasks["id"])
        missing_id = (np.flatnonzero(np.equal(id_column, None)) if id_column.tolist().count(None)
                      else np.zeros(0, dtype=np.int64))
        if missing_id.size:
            row = int(missing_id[0])
            raise ScheduleError("a task has no id", Location(file=source, sheet=tasks_sheet, row=row + 2, column="id"))
        keys = (pd.MultiIndex.from_arrays([project_of, id_column]) if len(plist) > 1
                else pd.Index(id_column, dtype=object, copy=False))
        duplicated = np.zeros(0, dtype=np.int64) if keys.is_unique else np.flatnonzero(keys.duplicated())
        if duplicated.size:
            row = int(duplicated[0])
            raise ScheduleError(
                f"task id '{id_column[row]}' appears twice in project '{codes[project_of[row]]}'",
                Location(file=source, sheet=tasks_sheet, row=row + 2, column="id"))

        level = _outline_levels(_numbers(tasks, "outline_level", 1.0))
        columns = {
            "name": _plain(tasks, "name", n) if "name" in tasks.columns else id_column.copy(),
            "wbs": _plain(tasks, "wbs", n),
            "calendar": _optional_labels(tasks, "calendar", n),
            "resource_calendar": _optional_labels(tasks, "resource_calendar", n),
        }
        constraint_type = object_column(n)
        cell_codes, written = (_factorize(tasks["constraint_type"]) if "constraint_type" in tasks.columns
                               else (None, []))
        if len(written):
            known = {ct.value: ct for ct in ConstraintType}
            texts = [(_number_text(v) or "").strip().upper() for v in list(written)]
            lookup = np.array([known.get(text) for text in texts] + [None], dtype=object)
            unknown_code = np.array([bool(text) and text not in known for text in texts] + [False], dtype=bool)
            for r in np.flatnonzero(unknown_code[cell_codes])[:200].tolist():
                problems.append(Problem(
                    f"task '{id_column[r]}' has an unknown constraint type; scheduled as soon as possible",
                    Location(file=source, sheet=tasks_sheet, row=r + 2, column="constraint_type"),
                    found=str(tasks["constraint_type"].iloc[r]), expected=", ".join(known),
                    severity=Severity.WARNING, code="unknown_constraint_type"))
            constraint_type = lookup[cell_codes]
        dates = {name: _date_objects(tasks, name, n) for name in _DATE_TASK_FIELDS + ("source_start",)}
        table_projects = plist
        project_start = []
        for p_idx, pdata in enumerate(table_projects):
            project_start.append(_earliest_date_of_columns(pdata, project_of == p_idx, tasks))

        duration_days = _numbers(tasks, "duration_days", np.nan)
        if "duration_days" in tasks.columns and not pd.api.types.is_numeric_dtype(tasks["duration_days"].dtype):
            unreadable = np.flatnonzero(np.isnan(duration_days) & tasks["duration_days"].notna().to_numpy())
            for r in unreadable[:200].tolist():
                problems.append(Problem(
                    f"task '{id_column[r]}' has a duration that is not a number; scheduled with none",
                    Location(file=source, sheet=tasks_sheet, row=r + 2, column="duration_days"),
                    found=str(tasks["duration_days"].iloc[r]), expected="a number of working days",
                    severity=Severity.WARNING, code="invalid_duration"))
        link_columns = _frame_links(links, plist, codes, keys, problems, source, links_sheet)
        table = cls(
            projects=table_projects,
            project_start=project_start,
            project=project_of,
            id=id_column,
            name=columns["name"],
            wbs=columns["wbs"],
            outline_level=level,
            summary=_summary_flags(project_of, level),
            duration_days=duration_days,
            duration_elapsed=_flags(tasks, "duration_elapsed", n),
            milestone=_flags(tasks, "milestone", n),
            calendar=columns["calendar"],
            resource_calendar=columns["resource_calendar"],
            derived_calendars=[{} for _ in table_projects],
            constraint_type=constraint_type,
            constraint_date=dates["constraint_date"],
            actual_start=dates["actual_start"],
            actual_finish=dates["actual_finish"],
            percent_complete=_numbers(tasks, "percent_complete", 0.0),
            baseline_start=dates["baseline_start"],
            baseline_finish=dates["baseline_finish"],
            resume=dates["resume"],
            problems=problems,
            links_sheet=links_sheet,
            **link_columns,
        )
        return table


# ---------------------------------------------------------------------- objects
_TASK_FIELDS = ("id", "duration_days", "milestone", "name", "wbs", "outline_level", "predecessors", "calendar")
# fields most tasks leave at their default, read again only for the tasks that set one of them
_RARE_TASK_FIELDS = (
    ("duration_elapsed", False), ("constraint_type", ConstraintType.ASAP), ("constraint_date", None),
    ("actual_start", None), ("actual_finish", None), ("percent_complete", 0.0), ("baseline_start", None),
    ("baseline_finish", None), ("resume", None),
)
_LINK_FIELDS = ("predecessor_position", "predecessor_project", "type", "lag_days", "lag_percent",
                "lag_elapsed")


def _task_columns(tasks: list[Task]) -> dict[str, np.ndarray]:
    """The fields the engine reads, one object array per field over all tasks.

    One pass reads the fields every task uses and whether the task sets any of the rarer ones
    (:data:`_RARE_TASK_FIELDS`: a constraint, progress, an elapsed duration, a baseline); only those
    tasks are read again for them, the others get the defaults.
    """
    n = len(tasks)
    asap = ConstraintType.ASAP
    width = len(_TASK_FIELDS) + 1
    values = np.fromiter(chain.from_iterable(
        (t.id, t.duration_days, t.milestone, t.name, t.wbs, t.outline_level, t.predecessors, t.calendar,
         t.constraint_type is not asap or t.constraint_date is not None or t.actual_start is not None
         or t.actual_finish is not None or t.percent_complete or t.duration_elapsed
         or t.baseline_start is not None or t.baseline_finish is not None or t.resume is not None) for t in tasks),
        dtype=object, count=n * width).reshape(n, width)
    columns = {name: values[:, k] for k, name in enumerate(_TASK_FIELDS)}
    rare = np.flatnonzero(values[:, -1].astype(bool))
    chosen = [tasks[i] for i in rare.tolist()]
    for name, default in _RARE_TASK_FIELDS:
        column = np.empty(n, dtype=object)
        column.fill(default)
        if chosen:
            column[rare] = np.fromiter(map(attrgetter(name), chosen), dtype=object, count=len(chosen))
        columns[name] = column
    return columns


def _link_columns(link_lists, position_of: dict) -> dict[str, np.ndarray]:
    """The fields of every link as arrays, links in task order (one pass over the objects for the numbers).

    ``predecessor_position``: position of the predecessor id in ``position_of`` (-1 when absent);
    ``type``: link type code; ``lag_days`` and ``lag_percent`` (NaN when missing); ``lag_elapsed``;
    ``predecessor_id``; ``predecessor_project``.  The pass reads the three fields every link uses and
    whether the link has any of the rare ones (a percentage or elapsed lag, another project, a type
    that is not the FS member); those few links are then read again.
    """
    find = position_of.get
    code = LINK_TYPE_CODES.get
    fs = LinkType.FS
    m = sum(map(len, link_lists))
    links = None
    try:
        values = np.fromiter(chain.from_iterable(
            (find(link.predecessor_id, -1), _FS if link.type is fs else code(link.type, -1), link.lag_days,
             link.lag_percent is not None or link.lag_elapsed or link.predecessor_project is not None)
            for links_of_task in link_lists for link in links_of_task), dtype=np.float64,
            count=m * 4).reshape(m, 4)
    except (TypeError, ValueError):  # a value that is not a number (a missing lag): read each field on its own
        links = list(chain.from_iterable(link_lists))
        values = np.empty((m, 4), dtype=np.float64)
        values[:, 0] = [find(link.predecessor_id, -1) for link in links]
        values[:, 1] = [code(link.type, -1) for link in links]
        values[:, 2] = np.array([link.lag_days for link in links], dtype=object).astype(np.float64)
        values[:, 3] = 1.0
    columns = {
        "predecessor_position": values[:, 0].astype(np.int64),
        "predecessor_project": object_column(m),
        "type": values[:, 1].astype(np.int64),
        "lag_days": values[:, 2].copy(),
        "lag_percent": np.full(m, np.nan),
        "lag_elapsed": np.zeros(m, dtype=bool),
    }
    untyped = np.flatnonzero(columns["type"] < 0)
    rare = np.flatnonzero(values[:, 3] != 0)
    if (untyped.size or rare.size) and links is None:
        links = list(chain.from_iterable(link_lists))
    for k in untyped.tolist():  # a type written as text: "FS", "SS", …
        columns["type"][k] = LINK_TYPE_CODES[LinkType(links[k].type)]
    if rare.size:
        chosen = [links[k] for k in rare.tolist()]
        columns["lag_percent"][rare] = np.array([link.lag_percent for link in chosen], dtype=object).astype(np.float64)
        columns["lag_elapsed"][rare] = [bool(link.lag_elapsed) for link in chosen]
        other = [link.predecessor_project for link in chosen]
        columns["predecessor_project"][rare] = other
        has_other = rare[np.array([p is not None for p in other], dtype=bool)]
        columns["predecessor_position"][has_other] = -1
    return columns


def _resource_calendars(plist: list[ProjectData], offsets: list[int], n: int) -> dict:
    """The calendar each task works on because of its resources (``resource_calendar``), and the joined or
    intersected calendars that needs (``derived_calendars``), as MS Project schedules assignments.

    A resource without a calendar of its own works on the calendar of the task (its project's when
    the task has none).  The resources' calendar is the one they all keep, or the calendars joined
    when they keep several (the task works when any of them works: that is how MS Project measures
    its duration).  A task without a calendar of its own works on it; a task with one works on the
    time common to both, unless it ignores resource calendars.  ``None`` when that comes to the
    task's own (or project) calendar.  Projects whose resources have no calendar are not read task
    by task.
    """
    resource_calendar = object_column(n)
    derived: list[dict[str, CalendarSpec]] = [{} for _ in plist]
    for p_idx, (pdata, start) in enumerate(zip(plist, offsets)):
        calendar_of = {r.code: r.calendar for r in pdata.resources}
        if not any(calendar_of.values()):
            continue
        made = derived[p_idx]

        def derive(kind: str, names: list[str]) -> str:
            name = (" + " if kind == "union" else " ∩ ").join(
                f"({part})" if kind == "intersection" and " + " in part else part for part in names)
            if name in pdata.calendars:
                name += " (resources)"
            made.setdefault(name, CalendarSpec(name=name, **{kind: tuple(names)}))
            return name

        project_calendar = pdata.project.calendar
        for k, task in enumerate(pdata.tasks):
            if not task.resources or (task.calendar and task.ignore_resource_calendars):
                continue
            own = task.calendar or project_calendar
            names = list(dict.fromkeys(calendar_of[a.resource_code] or own
                                       for a in task.resources if a.resource_code in calendar_of))
            if not names or names == [own]:
                continue
            worked = names[0] if len(names) == 1 else derive("union", names)
            resource_calendar[start + k] = derive("intersection", [task.calendar, worked]) if task.calendar else worked
    return {"resource_calendar": resource_calendar, "derived_calendars": derived}


def _earliest_date(pdata: ProjectData) -> datetime:
    """Where the project starts: ``Project.start``, else its earliest known task date, else today."""
    if pdata.project.start is not None:
        s = pdata.project.start
        return s if isinstance(s, datetime) else datetime.combine(s, time())
    candidates: list[datetime] = []
    for t in pdata.tasks:
        for v in (t.actual_start, t.constraint_date, t.baseline_start, t.source_start):
            if v is not None:
                candidates.append(v if isinstance(v, datetime) else datetime.combine(v, time()))
    if pdata.project.status_date is not None:
        candidates.append(datetime.combine(pdata.project.status_date, time()))
    if candidates:
        return min(candidates)
    return datetime.combine(date.today(), time())


# ----------------------------------------------------------------------- shared
def object_column(n: int, value: object = None) -> np.ndarray:
    """An object array of ``n`` times ``value``.

    ``np.full`` with an object dtype costs milliseconds for 100,000 items; an empty object array
    already holds ``None`` and ``fill`` copies one reference per item.
    """
    out = np.empty(n, dtype=object)
    if value is not None:
        out.fill(value)
    return out


def _outline_levels(values: np.ndarray) -> np.ndarray:
    """Outline levels as int64, a missing or non-positive level read as 1."""
    levels = np.asarray(values).astype(np.float64)
    return np.where(np.isnan(levels) | (levels < 1), 1, levels).astype(np.int64)


def _summary_flags(project_of: np.ndarray, level: np.ndarray) -> np.ndarray:
    """A task is a summary when the next task of the same project has a deeper outline level."""
    n = len(level)
    same_project_next = np.zeros(n, dtype=bool)
    if n > 1:
        same_project_next[:-1] = project_of[1:] == project_of[:-1]
    next_level = np.append(level[1:], 0)
    return same_project_next & (next_level > level)


# ----------------------------------------------------------------------- frames
def _missing(values: np.ndarray) -> np.ndarray:
    return pd.isna(values) if values.size else np.zeros(0, dtype=bool)


def _ids(series: pd.Series) -> np.ndarray:
    """Task ids as text, compared as the table writes them; a number (12.0 from a worksheet) as "12".

    Text columns are taken whole; only the cells that are not text are converted one by one.
    """
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        numbers = series.to_numpy(dtype=np.float64, na_value=np.nan)
        out = object_column(len(numbers))
        present = ~np.isnan(numbers)
        whole = present & (numbers == np.floor(numbers))
        out[whole] = numbers[whole].astype(np.int64).astype(str).astype(object)
        fraction = present & ~whole
        out[fraction] = numbers[fraction].astype(str).astype(object)
        return out
    values = series.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(values, skipna=False) == "string":  # text in every cell: taken as it is
        return values
    if pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        values = values.copy()
        values[_missing(values)] = None
        return values
    return np.array([_number_text(v) for v in values.tolist()], dtype=object)


def _factorize(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """``pandas.factorize`` of a column (code -1 for a missing cell), a text column read as its objects.

    Factorizing the objects of a text column directly is about twice as fast as going through
    pandas' string array.
    """
    if isinstance(series.dtype, pd.StringDtype):
        return pd.factorize(series.to_numpy(dtype=object), use_na_sentinel=True)
    return pd.factorize(series, use_na_sentinel=True)


def _labels(series: pd.Series, transform=None) -> np.ndarray:
    """A column of few distinct texts (a type, a calendar, a project code): stripped, ``transform`` applied,
    empty or missing as ``None``; each distinct value is converted once."""
    codes, uniques = _factorize(series)
    converted = []
    for value in list(uniques):
        text = _number_text(value)
        text = text.strip() if text is not None else None
        if text and transform is not None:
            text = transform(text)
        converted.append(text or None)
    lookup = np.empty(len(converted) + 1, dtype=object)
    lookup[:len(converted)] = converted
    lookup[-1] = None
    return lookup[codes]


def _plain(frame: pd.DataFrame, column: str, n: int) -> np.ndarray:
    """A column of free text (a name, a WBS code) as it is, missing cells as ``None``."""
    if column not in frame.columns:
        return object_column(n)
    values = frame[column].to_numpy(dtype=object)
    if pd.api.types.infer_dtype(values, skipna=False) == "string":
        return values
    values = values.copy()
    values[_missing(values)] = None
    return values


def _positions(series: pd.Series, codes: list[str]) -> np.ndarray:
    """Position in ``codes`` of each cell's project code (-1 when it is not one of them)."""
    cell_codes, written = _factorize(series)
    by_code = {code: k for k, code in enumerate(codes)}
    lookup = np.array([by_code.get((_number_text(v) or "").strip(), -1) for v in list(written)] + [-1],
                      dtype=np.int64)
    return lookup[cell_codes]


def _number_text(value) -> object:
    """A cell as text: a whole number (12.0 from a worksheet) as "12", a missing cell as ``None``."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value)


def _optional_labels(frame: pd.DataFrame, column: str, n: int, transform=None) -> np.ndarray:
    if column not in frame.columns:
        return object_column(n)
    return _labels(frame[column], transform)


def _numbers(frame: pd.DataFrame, column: str, default: float) -> np.ndarray:
    if column not in frame.columns:
        return np.full(len(frame), default, dtype=np.float64)
    values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    return np.where(np.isnan(values), default, values) if not np.isnan(default) else values


_TRUE_TEXT = {"1", "true", "vrai", "yes", "oui", "x", "y", "o"}


def _flags(frame: pd.DataFrame, column: str, n: int) -> np.ndarray:
    if column not in frame.columns:
        return np.zeros(n, dtype=bool)
    values = frame[column]
    if values.dtype == bool:
        return values.to_numpy(dtype=bool)
    if pd.api.types.is_numeric_dtype(values.dtype):
        return np.nan_to_num(values.to_numpy(dtype=np.float64, na_value=0.0)) != 0
    text = _labels(values, str.lower)
    return np.isin(text, list(_TRUE_TEXT))


def _date_objects(frame: pd.DataFrame, column: str, n: int) -> np.ndarray:
    """A date column as an object array of ``datetime`` (``None`` when missing)."""
    out = object_column(n)
    if column not in frame.columns:
        return out
    values = pd.to_datetime(frame[column], errors="coerce")
    present = values.notna().to_numpy()
    if present.any():
        out[present] = np.asarray(values[present].dt.to_pydatetime(), dtype=object)
    return out


def _project_list(tasks: pd.DataFrame, projects, calendars, source) -> list[ProjectData]:
    """The projects of a table plan, in the order of ``projects`` or of first appearance in the tasks."""
    calendars = dict(calendars or {})
    if projects is not None:
        plist = []
        for p in projects:
            pdata = p if isinstance(p, ProjectData) else ProjectData(project=p)
            if not pdata.calendars and calendars:
                pdata = ProjectData(project=pdata.project, calendars=dict(calendars),
                                    dependencies=pdata.dependencies, source=pdata.source or source)
            elif pdata.source is None and source is not None:
                pdata = ProjectData(project=pdata.project, calendars=pdata.calendars,
                                    dependencies=pdata.dependencies, source=source)
            plist.append(pdata)
        return plist
    if "project" in tasks.columns:
        codes = [c for c in pd.unique(_labels(tasks["project"])) if c is not None]
    else:
        codes = ["PLAN"]
    default_calendar = next(iter(calendars), "Standard")
    return [ProjectData(project=Project(code=code, name=code, calendar=default_calendar),
                        calendars=dict(calendars), source=source) for code in codes]


def _earliest_date_of_columns(pdata: ProjectData, mine: np.ndarray, tasks: pd.DataFrame) -> datetime:
    """:func:`_earliest_date` over the date columns of a tasks table."""
    if pdata.project.start is not None:
        s = pdata.project.start
        return s if isinstance(s, datetime) else datetime.combine(s, time())
    candidates = []
    for column in ("actual_start", "constraint_date", "baseline_start", "source_start"):
        if column in tasks.columns:
            values = pd.to_datetime(tasks[column], errors="coerce")[mine]
            if values.notna().any():
                candidates.append(values.min().to_pydatetime())
    if pdata.project.status_date is not None:
        candidates.append(datetime.combine(pdata.project.status_date, time()))
    if candidates:
        return min(candidates)
    return datetime.combine(date.today(), time())


def _frame_links(links: pd.DataFrame | None, plist, codes, task_index: pd.Index, problems, source,
                 links_sheet) -> dict[str, np.ndarray]:
    """The link columns of a links table, sorted by successor (plan order kept within a successor).

    ``task_index`` holds the task ids (with their project position when there are several projects).
    """
    if links is None or not len(links):
        return {
            "link_successor": np.zeros(0, np.int64), "link_predecessor": np.zeros(0, np.int64),
            "link_predecessor_id": np.zeros(0, dtype=object), "link_predecessor_project": np.zeros(0, dtype=object),
            "link_type": np.zeros(0, np.int64), "link_lag_days": np.zeros(0), "link_lag_percent": np.zeros(0),
            "link_lag_elapsed": np.zeros(0, dtype=bool), "link_row": np.zeros(0, np.int64),
        }
    links = links.reset_index(drop=True)
    for required in ("successor_id", "predecessor_id"):
        if required not in links.columns:
            raise ScheduleError(f"the links table has no '{required}' column", Location(file=source, sheet=links_sheet))
    m = len(links)
    rows = np.arange(2, m + 2, dtype=np.int64)  # row 1 holds the headers
    successor_id = _ids(links["successor_id"])
    predecessor_id = _ids(links["predecessor_id"])
    if "successor_project" in links.columns:
        successor_project = _positions(links["successor_project"], codes)
    else:
        successor_project = np.zeros(m, dtype=np.int64) if len(codes) == 1 else np.full(m, -1, np.int64)
    predecessor_project = _optional_labels(links, "predecessor_project", m)
    if len(plist) == 1:
        # the id arrays are read in place (no copy): the indexes live only for the look-up
        successor = np.array(task_index.get_indexer(pd.Index(successor_id, dtype=object, copy=False)), dtype=np.int64)
        predecessor = np.array(task_index.get_indexer(pd.Index(predecessor_id, dtype=object, copy=False)),
                               dtype=np.int64)
        successor[successor_project < 0] = -1
    else:
        successor = np.array(task_index.get_indexer(pd.MultiIndex.from_arrays([successor_project, successor_id])),
                             dtype=np.int64)
        predecessor = np.array(task_index.get_indexer(pd.MultiIndex.from_arrays([successor_project, predecessor_id])),
                               dtype=np.int64)
    # a link naming another project is looked up across the projects by the engine
    other = (~np.equal(predecessor_project, None) if "predecessor_project" in links.columns
             else np.zeros(m, dtype=bool))
    if other.any():
        own_code = np.array(codes, dtype=object)[np.maximum(successor_project, 0)]
        other &= predecessor_project != own_code
        predecessor[other] = -1
    else:
        predecessor_project = object_column(m)
    link_type = np.zeros(m, dtype=np.int64)
    if "type" in links.columns:
        type_codes, written = _factorize(links["type"])
        by_text = {t.value: code for t, code in LINK_TYPE_CODES.items()}
        lookup = np.array([by_text.get((_number_text(v) or "").strip().upper() or "FS", -1) for v in list(written)]
                          + [_FS], dtype=np.int64)
        link_type = lookup[type_codes]
        bad = link_type < 0
        link_type[bad] = _FS
        for k in np.flatnonzero(bad)[:200].tolist():
            problems.append(Problem(
                f"link to task '{successor_id[k]}' has an unknown type; link ignored",
                Location(file=source, sheet=links_sheet, row=int(rows[k]), column="type"),
                found=str(links["type"].iloc[k]), expected="FS, SS, FF or SF", severity=Severity.WARNING,
                code="unknown_link_type"))
        successor = np.where(bad, -2, successor)
    unknown_successor = np.flatnonzero(successor == -1)
    for k in unknown_successor[:200].tolist():
        problems.append(Problem(
            "link names a successor that is not a task of the plan; link ignored",
            Location(file=source, sheet=links_sheet, row=int(rows[k]), column="successor_id"),
            found=str(successor_id[k]), expected="a task id of the tasks table", severity=Severity.WARNING,
            code="unknown_successor"))
    keep = successor >= 0
    if bool(keep.all()) and bool((successor[1:] >= successor[:-1]).all()):
        order = slice(None)  # every link kept, already grouped by successor in plan order
    else:
        order = np.flatnonzero(keep)
        order = order[np.argsort(successor[order], kind="stable")]
    lag_days = np.nan_to_num(_numbers(links, "lag_days", 0.0))
    return {
        "link_successor": successor[order].astype(np.int64),
        "link_predecessor": predecessor[order].astype(np.int64),
        "link_predecessor_id": predecessor_id[order],
        "link_predecessor_project": predecessor_project[order],
        "link_type": link_type[order],
        "link_lag_days": lag_days[order],
        "link_lag_percent": _numbers(links, "lag_percent", np.nan)[order],
        "link_lag_elapsed": _flags(links, "lag_elapsed", m)[order],
        "link_row": rows[order],
    }
