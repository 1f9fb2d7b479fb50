"""Reader of MS Project XML files (MSPDI, namespace ``http://schemas.microsoft.com/project``).

``read_mspdi(path) -> ProjectData`` turns a file saved by MS Project into the
neutral model: tasks (outline, durations incl. elapsed units, constraints,
progress, baseline 0), links (type codes 0=FF, 1=FS, 2=SF, 3=SS; lags in
tenths of a minute, percentage lags for LagFormat 19/20/51/52, elapsed lags),
calendars (working week, exceptions, base calendars), work resources (code =
UID, name, calendar, maximum units as capacity) and assignments (task,
resource, units), so that a task works on its resources' calendars as in
MS Project.

``read_mspdi_with_results(path) -> (ProjectData, DataFrame)`` also returns
the results MS Project computed and stored in the file (one row per task:
``uid``, ``early_start`` … ``late_finish``, ``total_slack_minutes``,
``free_slack_minutes``, ``critical`` and the flags that say whether a row is
comparable), so that the engine can be checked against MS Project.

Rows left out of the model: task UID 0 (the project summary task), blank rows
(``IsNull`` = 1) and inactive tasks (``Active`` = 0).  A manually scheduled
task (``Manual`` = 1) is kept with a "must start on" constraint at its stored
start.  The XML is parsed with ``defusedxml``; anything unusable raises an
:class:`pmo_xl.errors.InputError` located in the file.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path

import pandas as pd
from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from xml.etree.ElementTree import ParseError

from pmo_xl.errors import InputError, Location, Problem
from pmo_xl.io.safe_read import file_problem
from pmo_xl.model.domain import (
    Assignment,
    CalendarException,
    CalendarSpec,
    Link,
    Project,
    ProjectData,
    Resource,
    Task,
    WorkingPeriod,
)
from pmo_xl.model.enums import ConstraintType, LinkType

NS = "{http://schemas.microsoft.com/project}"
LINK_TYPES = {0: LinkType.FF, 1: LinkType.FS, 2: LinkType.SF, 3: LinkType.SS}
CONSTRAINT_TYPES = {
    0: ConstraintType.ASAP, 1: ConstraintType.ALAP, 2: ConstraintType.MSO, 3: ConstraintType.MFO,
    4: ConstraintType.SNET, 5: ConstraintType.SNLT, 6: ConstraintType.FNET, 7: ConstraintType.FNLT,
}
# DurationFormat / LagFormat codes of elapsed units (em, eh, ed, ew, emo, e% and their "?" forms)
ELAPSED_FORMATS = {4, 6, 8, 10, 12, 20, 36, 38, 40, 42, 44, 52}
PERCENT_FORMATS = {19, 20, 51, 52}
_ISO_DURATION = re.compile(r"^-?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$")


def read_mspdi(path) -> ProjectData:
    """The project of an MSPDI file, as model objects."""
    return read_mspdi_with_results(path)[0]


def parse_duration_minutes(text: str, location: Location) -> float:
    """Minutes of an ISO 8601 duration as MS Project writes it (``PT40H0M0S``)."""
    m = _ISO_DURATION.match(text.strip())
    if not m or text.strip() in ("P", "PT", "-P"):
        raise InputError("unreadable duration", location)
    years, months, days, hours, minutes, seconds = (float(g) if g else 0.0 for g in m.groups())
    if years or months:
        raise InputError(f"duration '{text}' uses years or months, which MS Project does not write", location)
    total = days * 1440 + hours * 60 + minutes + seconds / 60.0
    return -total if text.strip().startswith("-") else total


class _Reader:
    def __init__(self, path: Path):
        self.path = path
        self.file = str(path)

    def loc(self, column: str | None = None) -> Location:
        return Location(file=self.file, column=column)

    def text(self, el, tag: str) -> str | None:
        child = el.find(NS + tag)
        if child is None or child.text is None:
            return None
        value = child.text.strip()
        return value or None

    def integer(self, el, tag: str, where: str, default: int | None = None) -> int | None:
        value = self.text(el, tag)
        if value is None:
            return default
        try:
            return int(float(value))
        except ValueError:
            raise InputError(f"{where}: {tag} is not a number", self.loc(f"{where}/{tag}")) from None

    def number(self, el, tag: str, where: str, default: float | None = None) -> float | None:
        value = self.text(el, tag)
        if value is None:
            return default
        try:
            return float(value)
        except ValueError:
            raise InputError(f"{where}: {tag} is not a number", self.loc(f"{where}/{tag}")) from None

    def when(self, el, tag: str, where: str) -> datetime | None:
        value = self.text(el, tag)
        if value is None:
            return None
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            raise InputError(f"{where}: {tag} is not a date and time (YYYY-MM-DDTHH:MM:SS)",
                             self.loc(f"{where}/{tag}")) from None

    def clock(self, text: str | None, where: str) -> int:
        if text is None:
            raise InputError(f"{where}: working time without hours", self.loc(where))
        try:
            t = time.fromisoformat(text)
        except ValueError:
            raise InputError(f"{where}: '{text}' is not a time of day", self.loc(where)) from None
        return t.hour * 60 + t.minute

    def periods(self, el, where: str) -> list[WorkingPeriod]:
        out = []
        times = el.find(NS + "WorkingTimes")
        if times is None:
            return out
        for wt in times.findall(NS + "WorkingTime"):
            start = self.clock(self.text(wt, "FromTime"), where + "/FromTime")
            end = self.clock(self.text(wt, "ToTime"), where + "/ToTime")
            if end == 0:
                end = 24 * 60
            if end > start:
                out.append(WorkingPeriod(start, end))
        return out


def _open_elements(path: Path) -> str:
    """The elements still open where the XML of ``path`` stops parsing, outermost first
    (``Project/Tasks/Task/Name``), without namespaces; '' when none could be read."""
    stack: list[str] = []
    try:
        for event, element in SafeET.iterparse(str(path), events=("start", "end")):
            if event == "start":
                stack.append(element.tag.rsplit("}", 1)[-1])
            else:
                stack.pop()
                element.clear()
    except (ParseError, DefusedXmlException, OSError):
        pass
    return "/".join(stack)


def read_mspdi_with_results(path) -> tuple[ProjectData, pd.DataFrame]:
    """The project of an MSPDI file and the results MS Project stored in it."""
    path = Path(path)
    reader = _Reader(path)
    refused = file_problem(path)
    if refused is not None:
        raise InputError(refused.message, refused.location, [refused])
    try:
        root = SafeET.parse(str(path)).getroot()
    except FileNotFoundError:
        raise InputError("file not found", Location(file=str(path))) from None
    except ParseError as exc:
        line, col = getattr(exc, "position", (None, None))
        where = Location(file=str(path), row=line)
        problem = Problem("not well-formed XML (truncated or damaged file)",
                          Location(file=str(path), row=line, column=_open_elements(path) or None),
                          found=f"line {line}, column {col}", expected="a complete MS Project XML file",
                          code="bad_xml")
        raise InputError(f"not well-formed XML at line {line}, column {col}", where, [problem]) from None
    except DefusedXmlException as exc:
        raise InputError(f"unsafe XML refused ({type(exc).__name__})", Location(file=str(path))) from None
    if root.tag != NS + "Project":
        raise InputError(f"not an MS Project XML file (root element {root.tag!r}, expected {NS + 'Project'!r})",
                         Location(file=str(path)))

    minutes_per_day = reader.integer(root, "MinutesPerDay", "Project", 480) or 480
    calendars, by_uid = _read_calendars(reader, root)
    project_cal_uid = reader.integer(root, "CalendarUID", "Project", None)
    project_calendar = by_uid.get(project_cal_uid, "Standard") if project_cal_uid is not None else "Standard"
    if project_calendar not in calendars:
        # MS Project's own default: Monday-Friday 08:00-12:00 / 13:00-17:00, no public holidays
        calendars[project_calendar] = CalendarSpec(name=project_calendar, holiday_country=None)
    start = reader.when(root, "StartDate", "Project")
    status = reader.when(root, "StatusDate", "Project")
    title = reader.text(root, "Title") or reader.text(root, "Name") or path.stem
    project = Project(
        code=path.stem,
        name=title,
        start=start,  # a datetime (a date with the time MS Project starts at)
        status_date=status.date() if status else None,
        calendar=project_calendar,
        minutes_per_day=minutes_per_day,
    )
    data = ProjectData(project=project, calendars=calendars, source=str(path))

    tasks_el = root.find(NS + "Tasks")
    rows = []
    kept: set[str] = set()
    pending_links: list[tuple[Task, list]] = []
    for t_el in (tasks_el.findall(NS + "Task") if tasks_el is not None else []):
        uid = reader.integer(t_el, "UID", "Task", None)
        if uid is None:
            raise InputError("a task has no UID", reader.loc("Task/UID"))
        where = f"Task UID {uid}"
        is_null = reader.integer(t_el, "IsNull", where, 0) == 1
        active = reader.integer(t_el, "Active", where, 1) != 0
        manual = reader.integer(t_el, "Manual", where, 0) == 1
        summary = reader.integer(t_el, "Summary", where, 0) == 1
        recurring = reader.integer(t_el, "Recurring", where, 0) == 1
        milestone = reader.integer(t_el, "Milestone", where, 0) == 1
        fmt = reader.integer(t_el, "DurationFormat", where, 7) or 7
        elapsed = fmt in ELAPSED_FORMATS
        duration_text = reader.text(t_el, "Duration")
        minutes = parse_duration_minutes(duration_text, reader.loc(where + "/Duration")) if duration_text else 0.0
        rows.append({
            "uid": str(uid),
            "name": reader.text(t_el, "Name") or "",
            "summary": summary,
            "milestone": milestone,
            "is_null": is_null,
            "active": active,
            "manual": manual,
            "recurring": recurring,
            "elapsed": elapsed,
            "start": reader.when(t_el, "Start", where),
            "finish": reader.when(t_el, "Finish", where),
            "early_start": reader.when(t_el, "EarlyStart", where),
            "early_finish": reader.when(t_el, "EarlyFinish", where),
            "late_start": reader.when(t_el, "LateStart", where),
            "late_finish": reader.when(t_el, "LateFinish", where),
            "total_slack_minutes": (reader.number(t_el, "TotalSlack", where, 0.0) or 0.0) / 10.0,
            "free_slack_minutes": (reader.number(t_el, "FreeSlack", where, 0.0) or 0.0) / 10.0,
            "critical": reader.integer(t_el, "Critical", where, 0) == 1,
        })
        if uid == 0 or is_null or not active:
            continue
        ct_code = reader.integer(t_el, "ConstraintType", where, 0) or 0
        if ct_code not in CONSTRAINT_TYPES:
            raise InputError(f"{where}: unknown ConstraintType {ct_code} (expected 0-7)",
                             reader.loc(where + "/ConstraintType"))
        cal_uid = reader.integer(t_el, "CalendarUID", where, -1)
        if cal_uid not in (-1, None) and cal_uid not in by_uid:
            raise InputError(f"{where}: CalendarUID {cal_uid} names no calendar of the file",
                             reader.loc(where + "/CalendarUID"))
        task = Task(
            id=str(uid),
            name=reader.text(t_el, "Name") or "",
            wbs=reader.text(t_el, "WBS"),
            outline_level=reader.integer(t_el, "OutlineLevel", where, 1) or 1,
            duration_days=minutes / (1440.0 if elapsed else minutes_per_day),
            duration_elapsed=elapsed,
            milestone=milestone,
            summary=summary,
            constraint_type=CONSTRAINT_TYPES[ct_code],
            constraint_date=reader.when(t_el, "ConstraintDate", where) if ct_code > 1 else None,
            deadline=reader.when(t_el, "Deadline", where),
            calendar=by_uid.get(cal_uid) if cal_uid not in (-1, None) else None,
            actual_start=reader.when(t_el, "ActualStart", where),
            actual_finish=reader.when(t_el, "ActualFinish", where),
            percent_complete=reader.number(t_el, "PercentComplete", where, 0.0) or 0.0,
            source_start=reader.when(t_el, "Start", where),
            source_finish=reader.when(t_el, "Finish", where),
            notes=reader.text(t_el, "Notes"),
            ignore_resource_calendars=reader.integer(t_el, "IgnoreResourceCalendar", where, 0) == 1,
        )
        if manual and task.source_start is not None and not summary:
            task.constraint_type = ConstraintType.MSO
            task.constraint_date = task.source_start
        for b_el in t_el.findall(NS + "Baseline"):
            if reader.integer(b_el, "Number", where + "/Baseline", 0) == 0:
                task.baseline_start = reader.when(b_el, "Start", where + "/Baseline")
                task.baseline_finish = reader.when(b_el, "Finish", where + "/Baseline")
                b_dur = reader.text(b_el, "Duration")
                if b_dur:
                    task.baseline_duration_days = parse_duration_minutes(
                        b_dur, reader.loc(where + "/Baseline/Duration")) / (1440.0 if elapsed else minutes_per_day)
        pending_links.append((task, t_el.findall(NS + "PredecessorLink")))
        data.tasks.append(task)
        kept.add(task.id)

    for task, link_els in pending_links:
        where = f"Task UID {task.id}"
        for l_el in link_els:
            pred_uid = reader.integer(l_el, "PredecessorUID", where + "/PredecessorLink", None)
            if pred_uid is None:
                raise InputError(f"{where}: a predecessor link has no PredecessorUID",
                                 reader.loc(where + "/PredecessorLink"))
            if reader.integer(l_el, "CrossProject", where, 0) == 1:
                task.predecessors.append(Link(predecessor_id=str(pred_uid),
                                              predecessor_project=reader.text(l_el, "CrossProjectName")))
                continue
            if str(pred_uid) not in kept:
                continue  # link from a blank or inactive row: MS Project ignores it too
            type_code = reader.integer(l_el, "Type", where + "/PredecessorLink", 1)
            if type_code not in LINK_TYPES:
                raise InputError(f"{where}: unknown link Type {type_code} (expected 0=FF, 1=FS, 2=SF, 3=SS)",
                                 reader.loc(where + "/PredecessorLink/Type"))
            raw_lag = reader.number(l_el, "LinkLag", where + "/PredecessorLink", 0.0) or 0.0
            lag_format = reader.integer(l_el, "LagFormat", where + "/PredecessorLink", 7) or 7
            link = Link(predecessor_id=str(pred_uid), type=LINK_TYPES[type_code])
            if lag_format in PERCENT_FORMATS:
                link.lag_percent = raw_lag
            elif lag_format in ELAPSED_FORMATS:
                link.lag_elapsed = True
                link.lag_days = raw_lag / 10.0 / 1440.0
            else:
                link.lag_days = raw_lag / 10.0 / minutes_per_day
            task.predecessors.append(link)

    _read_resources(reader, root, data, by_uid)
    results = pd.DataFrame(rows)
    return data, results


def _read_resources(reader: _Reader, root, data: ProjectData, calendar_names: dict[int, str]) -> None:
    """The work resources of the file and the assignments of the tasks kept, into ``data``.

    Resource UID 0 (MS Project's placeholder), blank resources and material or cost resources are
    left out; an assignment to none of the resources read (the "unassigned" UID -65535 among them)
    is left out too.  A resource whose CalendarUID names no calendar of the file works on the
    project calendar.
    """
    resources_el = root.find(NS + "Resources")
    codes: set[str] = set()
    for r_el in (resources_el.findall(NS + "Resource") if resources_el is not None else []):
        uid = reader.integer(r_el, "UID", "Resource", None)
        if uid is None:
            raise InputError("a resource has no UID", reader.loc("Resource/UID"))
        where = f"Resource UID {uid}"
        if uid == 0 or reader.integer(r_el, "IsNull", where, 0) == 1 or reader.integer(r_el, "Type", where, 1) != 1:
            continue
        max_units = reader.number(r_el, "MaxUnits", where, 1.0)
        data.resources.append(Resource(
            code=str(uid),
            name=reader.text(r_el, "Name") or f"Resource {uid}",
            capacity_percent=100.0 * max_units if max_units is not None else 100.0,
            calendar=calendar_names.get(reader.integer(r_el, "CalendarUID", where, -1)),
        ))
        codes.add(str(uid))
    assignments_el = root.find(NS + "Assignments")
    task_of = {task.id: task for task in data.tasks}
    for a_el in (assignments_el.findall(NS + "Assignment") if assignments_el is not None else []):
        where = "Assignment UID " + (reader.text(a_el, "UID") or "?")
        resource = str(reader.integer(a_el, "ResourceUID", where, -65535))
        task_uid = reader.text(a_el, "TaskUID")
        if resource not in codes or task_uid is None:
            continue
        task = task_of.get(task_uid.strip())
        if task is None:  # an assignment of the project summary, a blank or an inactive task
            continue
        units = reader.number(a_el, "Units", where, 1.0)
        task.resources.append(Assignment(resource, 1.0 if units is None else units))


def _read_calendars(reader: _Reader, root) -> tuple[dict[str, CalendarSpec], dict[int, str]]:
    """Calendars by name (weeks resolved through base calendars) and the name of each calendar UID."""
    cals_el = root.find(NS + "Calendars")
    raw: dict[int, dict] = {}
    names: dict[int, str] = {}
    for c_el in (cals_el.findall(NS + "Calendar") if cals_el is not None else []):
        uid = reader.integer(c_el, "UID", "Calendar", None)
        if uid is None:
            raise InputError("a calendar has no UID", reader.loc("Calendar/UID"))
        where = f"Calendar UID {uid}"
        name = reader.text(c_el, "Name") or f"Calendar {uid}"
        if name in names.values():
            name = f"{name} ({uid})"
        names[uid] = name
        week: dict[int, list[WorkingPeriod]] = {}
        exceptions: list[CalendarException] = []
        wd_el = c_el.find(NS + "WeekDays")
        for day_el in (wd_el.findall(NS + "WeekDay") if wd_el is not None else []):
            day_type = reader.integer(day_el, "DayType", where + "/WeekDay", None)
            working = reader.integer(day_el, "DayWorking", where + "/WeekDay", 0) == 1
            periods = reader.periods(day_el, where + "/WeekDay") if working else []
            if day_type is None:
                raise InputError(f"{where}: a WeekDay has no DayType", reader.loc(where + "/WeekDay/DayType"))
            if day_type == 0:  # exception in the pre-2007 layout
                tp = day_el.find(NS + "TimePeriod")
                if tp is None:
                    continue
                first = reader.when(tp, "FromDate", where + "/TimePeriod")
                last = reader.when(tp, "ToDate", where + "/TimePeriod")
                if first is None or last is None:
                    raise InputError(f"{where}: exception without dates", reader.loc(where + "/TimePeriod"))
                exceptions.append(CalendarException(first.date(), _last_day(last), periods))
            elif 1 <= day_type <= 7:
                week[(day_type + 5) % 7] = periods  # DayType 1 = Sunday
            else:
                raise InputError(f"{where}: DayType {day_type} is not 0-7", reader.loc(where + "/WeekDay/DayType"))
        ex_el = c_el.find(NS + "Exceptions")
        for e_el in (ex_el.findall(NS + "Exception") if ex_el is not None else []):
            tp = e_el.find(NS + "TimePeriod")
            if tp is None:
                continue
            first = reader.when(tp, "FromDate", where + "/Exception")
            last = reader.when(tp, "ToDate", where + "/Exception")
            if first is None or last is None:
                raise InputError(f"{where}: exception without dates", reader.loc(where + "/Exception/TimePeriod"))
            working = reader.integer(e_el, "DayWorking", where + "/Exception", 0) == 1
            periods = reader.periods(e_el, where + "/Exception") if working else []
            exceptions.append(CalendarException(first.date(), _last_day(last), periods,
                                                name=reader.text(e_el, "Name")))
        base_uid = reader.integer(c_el, "BaseCalendarUID", where, -1)
        raw[uid] = {"week": week, "exceptions": exceptions, "base": base_uid}

    specs: dict[str, CalendarSpec] = {}

    def resolved_week(uid: int, seen: frozenset = frozenset()) -> dict[int, list[WorkingPeriod]]:
        entry = raw[uid]
        base = entry["base"]
        if base in raw and base not in seen and base != uid:
            week = dict(resolved_week(base, seen | {uid}))
        elif not entry["week"]:
            week = dict(CalendarSpec().week)  # a base calendar without days: MS Project's standard week
        else:
            week = {}
        week.update(entry["week"])
        return week

    for uid, entry in raw.items():
        base = entry["base"]
        specs[names[uid]] = CalendarSpec(
            name=names[uid],
            week=resolved_week(uid),
            holiday_country=None,
            exceptions=list(entry["exceptions"]),
            base=names.get(base) if base in raw and base != uid else None,
        )
    return specs, names


def _last_day(value: datetime) -> date:
    """Last day an exception covers: MS Project writes ToDate as 23:59 of that day (or midnight after it)."""
    if value.time() == time(0):
        return (value - pd.Timedelta(days=1)).date() if isinstance(value, datetime) else value
    return value.date()
