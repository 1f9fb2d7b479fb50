"""Primavera P6 XER files: projects, activities, links and calendars as model objects.

An XER file is tab-separated text made of tables: a ``%T`` line names a table,
a ``%F`` line lists its fields and each ``%R`` line is a row; ``%E`` ends the
file.  P6 writes it in the Windows code page (cp1252) or, in recent versions,
UTF-8; :func:`parse_xer` detects which.

Mapping to the model (one :class:`~pmo_xl.model.domain.ProjectData` per
``PROJECT`` row):

* ``Task.id`` is the activity's ``task_id`` (the database key: stable and
  unique in the file); ``Task.name`` is ``"<task_code> – <task_name>"`` so that
  the activity code planners know stays visible in every output.
* ``Task.wbs`` is the WBS path of short names joined by the project's
  separator (``PROJECT.name_sep_char``, "." by default), without the project
  node.  Every activity has ``outline_level`` 1: P6 activities are all leaves
  (WBS nodes are not activities), and a deeper outline level would make the
  previous activity a summary task.
* Durations and lags are P6 hours converted to model days with
  ``Project.minutes_per_day`` (480: one day is 8 working hours).  The engine
  turns days back into working minutes and walks the activity's own calendar,
  so an activity of 10 h on a 7.5 h/day calendar keeps its 10 working hours.
* ``TT_Mile`` (start milestone) and ``TT_FinMile`` (finish milestone) become
  milestones of zero duration.  ``TT_LOE`` (level of effort) and ``TT_WBS``
  (WBS summary) take their dates from other activities in P6 and never drive
  one: they are kept as tasks with their remaining duration, their incoming
  links only, and a note saying what they are.
* Constraints (``cstr_type``) map as :data:`CONSTRAINT_TYPES` shows.  A
  secondary constraint (``cstr_type2``) that bounds the finish from above
  becomes ``Task.deadline``; any other secondary constraint is reported as a
  warning and left out.
* Progress: ``TK_Complete`` activities carry their actual dates and 100 %;
  a ``TK_Active`` activity carries its actual start and, as P6 counts it, a
  duration equal to its actual duration (working time of its calendar from the
  actual start to the data date) plus ``remain_drtn_hr_cnt``; its per cent
  complete is the actual part of that duration, so the engine places the
  remaining duration from the data date like P6 does.  It stays just under
  100 % when nothing remains, since it is not finished.  An actual start
  after the data date is kept (and reported); with "use expected finish
  dates" (``SCHEDOPTIONS.sched_use_expect_end_flag``) and an expected finish
  (``expect_end_date``), the remaining work resumes at the data date all the
  same (``Task.resume``), as P6 schedules it.
* ``PROJECT.last_recalc_date`` (the data date) is ``Project.status_date``.
* Calendars: ``CALENDAR.clndr_data`` gives the working periods of each
  weekday and dated exceptions (non-working days, or days with other hours);
  P6 calendars carry their own holidays, so ``holiday_country`` is ``None``.
* P6's computed dates are kept on ``Task.source_start``/``source_finish``;
  :func:`read_xer_results` returns all of P6's results as a DataFrame.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Iterator

import pandas as pd

from pmo_xl.errors import InputError, Location, Problem, ProblemList, Severity
from pmo_xl.io.plausibility import MAX_ACTIVITY_HOURS
from pmo_xl.io.safe_read import file_problem
from pmo_xl.model.domain import (
    CalendarException,
    CalendarSpec,
    Link,
    Project,
    ProjectData,
    Task,
    WorkingPeriod,
)
from pmo_xl.model.enums import ConstraintType, LinkType

MINUTES_PER_DAY = 480
"""Working minutes in one model day for XER projects (P6 hours ÷ 8)."""

SERIAL_DATE_ORIGIN = date(1899, 12, 30)
"""Day 0 of the serial dates written in ``clndr_data`` exceptions."""

LINK_TYPES: dict[str, LinkType] = {
    "PR_FS": LinkType.FS,
    "PR_SS": LinkType.SS,
    "PR_FF": LinkType.FF,
    "PR_SF": LinkType.SF,
}

CONSTRAINT_TYPES: dict[str, ConstraintType] = {
    "CS_MSO": ConstraintType.MSO,  # Start On: moves early start later and late start earlier
    "CS_MSOA": ConstraintType.SNET,  # Start On or After: early dates only
    "CS_MSOB": ConstraintType.SNLT,  # Start On or Before: late dates only
    "CS_MEO": ConstraintType.MFO,  # Finish On: moves early finish later and late finish earlier
    "CS_MEOA": ConstraintType.FNET,  # Finish On or After: early dates only
    "CS_MEOB": ConstraintType.FNLT,  # Finish On or Before: late dates only
    "CS_MANDSTART": ConstraintType.MSO,  # Mandatory Start: overrides logic
    "CS_MANDFIN": ConstraintType.MFO,  # Mandatory Finish: overrides logic
    "CS_ALAP": ConstraintType.ALAP,  # As Late As Possible
}
"""P6 constraint codes and the model constraint closest to each."""

TASK_TYPES = {"TT_Task", "TT_Rsrc", "TT_Mile", "TT_FinMile", "TT_LOE", "TT_WBS"}
MILESTONE_TYPES = {"TT_Mile", "TT_FinMile"}
NON_DRIVING_TYPES = {"TT_LOE", "TT_WBS"}
STATUS_CODES = {"TK_NotStart", "TK_Active", "TK_Complete"}

REQUIRED_TABLES = ("PROJECT", "TASK", "CALENDAR")
REQUIRED_FIELDS = {
    "PROJECT": ("proj_id", "proj_short_name"),
    "TASK": ("task_id", "proj_id", "clndr_id"),
    "CALENDAR": ("clndr_id", "clndr_data"),
    "TASKPRED": ("task_id", "pred_task_id", "pred_type"),
}

ACTIVE_PERCENT_CEILING = 100.0 * (1 - 1e-9)
"""Highest per cent complete of a started, unfinished activity: 100 % would make it complete."""

_DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}( \d{1,2}:\d{2}(:\d{2})?)?$")


# --------------------------------------------------------------------------
# Tables


@dataclass
class XerTable:
    """One ``%T`` table of an XER file: its fields and rows with their line numbers."""

    name: str
    fields: list[str]
    rows: list[list[str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # 1-based line of each row

    def records(self) -> Iterator[tuple[int, dict[str, str]]]:
        """Each row as (line number, {field: text}); missing trailing cells are ''."""
        width = len(self.fields)
        for line, cells in zip(self.lines, self.rows):
            if len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            yield line, dict(zip(self.fields, cells))

    def __len__(self) -> int:
        return len(self.rows)


@dataclass
class XerFile:
    """The tables of one XER file, by name, with the file's name for error locations."""

    path: str
    encoding: str
    tables: dict[str, XerTable]

    def table(self, name: str) -> XerTable:
        """The table ``name``; a located :class:`InputError` if the file has none."""
        try:
            return self.tables[name]
        except KeyError:
            raise InputError(
                f"XER file has no {name} table",
                Location(file=self.path, sheet=name),
                [Problem(f"missing table {name}", Location(file=self.path, sheet=name),
                         found=", ".join(sorted(self.tables)) or "no table",
                         expected=f"a %T {name} table", code="missing_table")],
            ) from None

    def optional_table(self, name: str) -> XerTable | None:
        return self.tables.get(name)


def _decode(raw: bytes) -> tuple[str, str]:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


def parse_xer(path: str | Path) -> XerFile:
    """The tables of the XER file at ``path``.

    Raises a located :class:`InputError` when the file is missing, is not an
    XER file (its first line must start with ``ERMHDR``), or has a row before
    any ``%F`` field line.
    """
    path = Path(path)
    name = str(path)
    refused = file_problem(path)
    if refused is not None and refused.code != "file_not_found":
        raise InputError(refused.message, refused.location, [refused])
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read XER file: {exc.strerror or exc}", Location(file=name)) from None
    text, encoding = _decode(raw)
    lines = text.splitlines()
    first = lines[0] if lines else ""
    if not first.startswith("ERMHDR"):
        found = first[:40] if first.strip() else "an empty first line"
        raise InputError(
            "not a Primavera P6 XER file",
            Location(file=name, row=1),
            [Problem("not a Primavera P6 XER file", Location(file=name, row=1),
                     found=found, expected="a first line starting with ERMHDR", code="not_xer")],
        )
    tables: dict[str, XerTable] = {}
    current: XerTable | None = None
    for number, line in enumerate(lines[1:], start=2):
        if not line:
            continue
        marker, _, rest = line.partition("\t")
        if marker == "%T":
            current = XerTable(rest.strip(), [])
            tables[current.name] = current
        elif marker == "%F":
            if current is None:
                raise InputError("field line before any table", Location(file=name, row=number))
            current.fields = rest.split("\t")
        elif marker == "%R":
            if current is None or not current.fields:
                raise InputError(
                    "row before the field line of its table",
                    Location(file=name, sheet=current.name if current else None, row=number),
                )
            current.rows.append(rest.split("\t"))
            current.lines.append(number)
        elif marker == "%E":
            break
    else:
        _refuse_truncated(name, lines)
    return XerFile(name, encoding, tables)


def _refuse_truncated(name: str, lines: list[str]) -> None:
    """Refuse an XER file that stops before its ``%E`` end line: it was cut (a copy or a download stopped)."""
    last = len(lines)
    while last > 1 and not lines[last - 1].strip():
        last -= 1
    where = Location(file=name, row=last)
    problem = Problem("truncated XER file: no end line %E", where, found=lines[last - 1][:60] if lines else "",
                      expected="the whole file, ending with a %E line", code="truncated")
    raise InputError(problem.message, where, [problem])


# --------------------------------------------------------------------------
# Field values


def _location(xer: XerFile, table: str, line: int, column: str | None = None) -> Location:
    return Location(file=xer.path, sheet=table, row=line, column=column)


def parse_xer_date(text: str, xer: XerFile, table: str, line: int, column: str) -> datetime | None:
    """A ``YYYY-MM-DD HH:MM`` cell as a datetime; ``None`` if blank; located error if malformed."""
    text = text.strip()
    if not text:
        return None
    if _DATE_PATTERN.match(text):
        try:
            return datetime.fromisoformat(text if " " in text else text + " 00:00")
        except ValueError:
            pass
    location = _location(xer, table, line, column)
    raise InputError(
        f"bad date in {table}.{column}",
        location,
        [Problem(f"bad date in {table}.{column}", location, found=text,
                 expected="a date as YYYY-MM-DD HH:MM", code="bad_date")],
    )


def parse_xer_number(text: str, xer: XerFile, table: str, line: int, column: str,
                     default: float | None = 0.0) -> float | None:
    """A numeric cell as a float; ``default`` if blank; located error if not a number."""
    text = text.strip()
    if not text:
        return default
    try:
        number = float(text)
        if not math.isfinite(number):
            raise ValueError(text)
        return number
    except ValueError:
        location = _location(xer, table, line, column)
        raise InputError(
            f"bad number in {table}.{column}",
            location,
            [Problem(f"bad number in {table}.{column}", location, found=text,
                     expected="a number", code="bad_number")],
        ) from None


# --------------------------------------------------------------------------
# Calendars


@dataclass
class _Node:
    name: str
    attributes: list[str]
    children: list["_Node"]

    def child(self, name: str) -> "_Node | None":
        for node in self.children:
            if node.name == name:
                return node
        return None


class _CalendarDataParser:
    """Recursive-descent reader of P6's ``(0||name(attrs)(children))`` notation."""

    def __init__(self, text: str):
        self.text = text
        self.position = 0

    def _skip_blank(self) -> None:
        text, position = self.text, self.position
        while position < len(text) and (text[position].isspace() or text[position] == "\x7f"):
            position += 1
        self.position = position

    def _expect(self, char: str) -> None:
        self._skip_blank()
        if self.position >= len(self.text) or self.text[self.position] != char:
            found = self.text[self.position:self.position + 20] or "end of text"
            raise ValueError(f"expected {char!r} at character {self.position}, found {found!r}")
        self.position += 1

    def _until(self, stop: str) -> str:
        end = self.text.find(stop, self.position)
        if end < 0:
            raise ValueError(f"unterminated item at character {self.position}")
        value = self.text[self.position:end]
        self.position = end
        return value

    def node(self) -> _Node:
        self._expect("(")
        self._until("||")
        self.position += 2
        name = self._until("(")
        self.position += 1
        attributes = self._until(")")
        self.position += 1
        self._expect("(")
        children: list[_Node] = []
        while True:
            self._skip_blank()
            if self.position >= len(self.text):
                raise ValueError("unterminated calendar data")
            if self.text[self.position] == ")":
                self.position += 1
                break
            children.append(self.node())
        self._expect(")")
        return _Node(name.strip(), attributes.split("|") if attributes else [], children)


def _attribute(node: _Node, key: str) -> str | None:
    items = node.attributes
    for index in range(0, len(items) - 1, 2):
        if items[index] == key:
            return items[index + 1]
    return None


def _minutes(text: str) -> int:
    hours, _, minutes = text.strip().partition(":")
    value = int(hours) * 60 + int(minutes or 0)
    if not 0 <= value <= 24 * 60:
        raise ValueError(f"time out of range: {text!r}")
    return value


def _periods(node: _Node) -> list[WorkingPeriod]:
    periods: list[WorkingPeriod] = []
    for child in node.children:
        start, finish = _attribute(child, "s"), _attribute(child, "f")
        if start is None or finish is None:
            raise ValueError(f"working period without s|…|f|… in {child.attributes!r}")
        start_minute, end_minute = _minutes(start), _minutes(finish)
        if end_minute == 0:
            end_minute = 24 * 60
        if end_minute <= start_minute:
            raise ValueError(f"working period ends before it starts: {start}–{finish}")
        periods.append(WorkingPeriod(start_minute, end_minute))
    periods.sort(key=lambda p: p.start_minute)
    return periods


def p6_weekday_to_iso(p6_day: int) -> int:
    """P6 weekday (1 = Sunday … 7 = Saturday) as ISO weekday index (0 = Monday … 6 = Sunday)."""
    return (p6_day + 5) % 7


def parse_calendar_data(text: str, name: str = "Standard") -> CalendarSpec:
    """A :class:`CalendarSpec` from the text of ``CALENDAR.clndr_data``.

    Raises :class:`ValueError` saying what is wrong when the text cannot be read.
    """
    root = _CalendarDataParser(text).node()
    spec = CalendarSpec(name=name, week={}, holiday_country=None)
    days = root.child("DaysOfWeek")
    if days is not None:
        for day in days.children:
            p6_day = int(day.name)
            if not 1 <= p6_day <= 7:
                raise ValueError(f"weekday {day.name!r} outside 1..7")
            periods = _periods(day)
            if periods:
                spec.week[p6_weekday_to_iso(p6_day)] = periods
    for section in ("Exceptions", "HolidayExceptions"):
        exceptions = root.child(section)
        if exceptions is None:
            continue
        for exception in exceptions.children:
            serial = _attribute(exception, "d")
            if serial is None:
                raise ValueError(f"exception without d|… date in {exception.attributes!r}")
            day = SERIAL_DATE_ORIGIN + timedelta(days=int(serial))
            spec.exceptions.append(CalendarException(day, day, _periods(exception)))
    return spec


def calendar_hours_per_day(spec: CalendarSpec) -> float:
    """The working hours of a usual working day of ``spec`` (the most frequent weekday total).

    This is the factor that turns P6 hours on this calendar into working days;
    8.0 when the week has no working day.
    """
    totals = [
        sum(p.end_minute - p.start_minute for p in periods) / 60
        for periods in spec.week.values()
        if periods
    ]
    if not totals:
        return 8.0
    counts = Counter(totals)
    return max(counts, key=lambda hours: (counts[hours], hours))


def working_minutes_between(spec: CalendarSpec, start: datetime, end: datetime) -> int:
    """Working minutes of ``spec`` (week and its own exceptions) from ``start`` to ``end``; 0 if ``end`` ≤ ``start``."""
    if end <= start:
        return 0
    exceptions: dict[date, list[WorkingPeriod]] = {}
    for exception in spec.exceptions:
        day = exception.start
        while day <= exception.finish:
            exceptions[day] = exception.periods
            day += timedelta(days=1)
    total = 0
    day = start.date()
    while day <= end.date():
        periods = exceptions[day] if day in exceptions else spec.week.get(day.weekday(), [])
        midnight = datetime.combine(day, datetime.min.time())
        low = max(0, int((start - midnight).total_seconds() // 60))
        high = min(24 * 60, int((end - midnight).total_seconds() // 60))
        for period in periods:
            total += max(0, min(period.end_minute, high) - max(period.start_minute, low))
        day += timedelta(days=1)
    return total


# --------------------------------------------------------------------------
# Projects


@dataclass
class _CalendarInfo:
    spec: CalendarSpec
    hours_per_day: float


class _XerReader:
    """Turns the tables of one XER file into model objects."""

    def __init__(self, xer: XerFile, problems: ProblemList):
        self.xer = xer
        self.problems = problems
        for name in REQUIRED_TABLES:
            xer.table(name)
        for name, fields in REQUIRED_FIELDS.items():
            table = xer.optional_table(name)
            missing = [f for f in fields if table is not None and f not in table.fields]
            if missing:
                where = Location(file=xer.path, sheet=name, column=missing[0])
                raise InputError(f"table {name} has no field {', '.join(missing)}", where,
                                 [Problem(f"missing field in table {name}", where,
                                          found=", ".join(table.fields), expected=", ".join(fields),
                                          code="missing_field")])
        self.projects = [record for record in xer.table("PROJECT").records()]
        if not self.projects:
            raise InputError("XER file has no project row", Location(file=xer.path, sheet="PROJECT"))
        self.tasks = xer.table("TASK")
        self.calendar_rows = {row["clndr_id"]: (line, row) for line, row in xer.table("CALENDAR").records()}
        self._calendars: dict[str, _CalendarInfo] = {}
        self._calendar_names: dict[str, str] = {}
        self._name_calendars()
        self.wbs_rows = {}
        wbs_table = xer.optional_table("PROJWBS")
        if wbs_table is not None:
            self.wbs_rows = {row["wbs_id"]: row for _, row in wbs_table.records()}
        self.short_names = {row["proj_id"]: row["proj_short_name"] for _, row in self.projects}
        self.data_date: datetime | None = None

    def _name_calendars(self) -> None:
        counts = Counter(row["clndr_name"].strip() for _, row in self.calendar_rows.values())
        for clndr_id, (_, row) in self.calendar_rows.items():
            name = row["clndr_name"].strip() or f"Calendar {clndr_id}"
            if counts[row["clndr_name"].strip()] > 1 or not row["clndr_name"].strip():
                name = f"{name} [{clndr_id}]"
            self._calendar_names[clndr_id] = name

    def calendar(self, clndr_id: str, wanted_at: Location, stack: tuple[str, ...] = ()) -> _CalendarInfo:
        """The calendar ``clndr_id``, parsed once; located error if missing or unreadable."""
        if clndr_id in self._calendars:
            return self._calendars[clndr_id]
        if clndr_id not in self.calendar_rows:
            raise InputError(
                f"unknown calendar {clndr_id!r}",
                wanted_at,
                [Problem("unknown calendar", wanted_at, found=clndr_id,
                         expected="a clndr_id of the CALENDAR table", code="unknown_calendar")],
            )
        line, row = self.calendar_rows[clndr_id]
        name = self._calendar_names[clndr_id]
        where = _location(self.xer, "CALENDAR", line, "clndr_data")
        data = row.get("clndr_data", "")
        base_id = row.get("base_clndr_id", "").strip()
        try:
            if data.strip():
                spec = parse_calendar_data(data, name)
            elif base_id and base_id not in stack:
                base = self.calendar(base_id, where, stack + (clndr_id,))
                spec = CalendarSpec(name=name, week=dict(base.spec.week), holiday_country=None,
                                    exceptions=list(base.spec.exceptions))
            else:
                raise ValueError("empty calendar data")
        except ValueError as exc:
            raise InputError(
                f"cannot read calendar {name!r}: {exc}",
                where,
                [Problem("unreadable calendar data", where, found=data[:60] or "blank",
                         expected="P6 calendar data (0||CalendarData()(…))", code="bad_calendar")],
            ) from None
        if base_id and base_id in self._calendar_names:
            spec.base = self._calendar_names[base_id]
        info = _CalendarInfo(spec, calendar_hours_per_day(spec))
        self._calendars[clndr_id] = info
        return info

    def add_calendar(self, data: ProjectData, clndr_id: str, info: _CalendarInfo) -> None:
        """Put the calendar and the calendars it derives from into ``data.calendars``."""
        seen: set[str] = set()
        while info.spec.name not in data.calendars and clndr_id not in seen:
            seen.add(clndr_id)
            data.calendars[info.spec.name] = info.spec
            base_id = self.calendar_rows[clndr_id][1].get("base_clndr_id", "").strip()
            if not base_id or base_id not in self.calendar_rows:
                break
            where = _location(self.xer, "CALENDAR", self.calendar_rows[clndr_id][0], "base_clndr_id")
            clndr_id, info = base_id, self.calendar(base_id, where)

    def select_project(self, project: str | None) -> tuple[int, dict[str, str]]:
        if project is None:
            if len(self.projects) == 1:
                return self.projects[0]
            codes = ", ".join(row["proj_short_name"] for _, row in self.projects)
            raise InputError(
                "XER file holds several projects: name the one to read",
                Location(file=self.xer.path, sheet="PROJECT"),
                [Problem("several projects", Location(file=self.xer.path, sheet="PROJECT"),
                         found=codes, expected="project= one of these short names or proj_id",
                         code="ambiguous_project")],
            )
        for line, row in self.projects:
            if project in (row["proj_short_name"], row["proj_id"]):
                return line, row
        codes = ", ".join(row["proj_short_name"] for _, row in self.projects)
        raise InputError(
            f"no project {project!r} in XER file",
            Location(file=self.xer.path, sheet="PROJECT"),
            [Problem("unknown project", Location(file=self.xer.path, sheet="PROJECT"),
                     found=project, expected=f"one of {codes}", code="unknown_project")],
        )

    def wbs_path(self, wbs_id: str, separator: str) -> list[str]:
        parts: list[str] = []
        seen: set[str] = set()
        while wbs_id and wbs_id in self.wbs_rows and wbs_id not in seen:
            seen.add(wbs_id)
            row = self.wbs_rows[wbs_id]
            if row.get("proj_node_flag") == "Y":
                break
            parts.append(row.get("wbs_short_name", "").strip())
            wbs_id = row.get("parent_wbs_id", "")
        return list(reversed(parts))

    def project_name(self, proj_id: str, short_name: str) -> str:
        for row in self.wbs_rows.values():
            if row.get("proj_id") == proj_id and row.get("proj_node_flag") == "Y":
                return row.get("wbs_name", "").strip() or short_name
        return short_name

    def read(self, project_line: int, project_row: dict[str, str]) -> ProjectData:
        xer = self.xer
        proj_id = project_row["proj_id"]
        short_name = project_row.get("proj_short_name", "").strip() or proj_id
        status = parse_xer_date(project_row.get("last_recalc_date", ""), xer, "PROJECT",
                                project_line, "last_recalc_date")
        self.data_date = status
        # "use expected finish dates": an activity's expected finish sets its remaining work
        options = xer.optional_table("SCHEDOPTIONS")
        self.use_expected_finish = any(
            row.get("proj_id") == proj_id and row.get("sched_use_expect_end_flag", "").strip() == "Y"
            for _, row in (options.records() if options is not None else ()))
        start = parse_xer_date(project_row.get("plan_start_date", ""), xer, "PROJECT",
                               project_line, "plan_start_date")
        default_calendar_id = project_row.get("clndr_id", "").strip()
        model_project = Project(
            code=short_name,
            name=self.project_name(proj_id, short_name),
            status_date=status.date() if status else None,
            start=start.date() if start else None,
            minutes_per_day=MINUTES_PER_DAY,
        )
        data = ProjectData(project=model_project, source=xer.path)
        if default_calendar_id:
            info = self.calendar(default_calendar_id,
                                 _location(xer, "PROJECT", project_line, "clndr_id"))
            model_project.calendar = info.spec.name
            self.add_calendar(data, default_calendar_id, info)
        separator = project_row.get("name_sep_char", "").strip() or "."

        tasks_by_id: dict[str, Task] = {}
        task_types: dict[str, str] = {}
        task_calendars: dict[str, _CalendarInfo] = {}
        for line, row in self.tasks.records():
            if row.get("proj_id") != proj_id:
                continue
            task = self._task(line, row, separator, data, task_calendars)
            if task.id in tasks_by_id:
                where = _location(xer, "TASK", line, "task_id")
                raise InputError("duplicate task_id", where,
                                 [Problem("duplicate task_id", where, found=task.id,
                                          expected="a task_id used once", code="duplicate_id")])
            tasks_by_id[task.id] = task
            task_types[task.id] = row.get("task_type", "")
            data.tasks.append(task)

        links = xer.optional_table("TASKPRED")
        if links is not None:
            self._links(links, proj_id, tasks_by_id, task_types, task_calendars)
        return data

    def _task(self, line: int, row: dict[str, str], separator: str, data: ProjectData,
              task_calendars: dict[str, _CalendarInfo]) -> Task:
        xer = self.xer

        def date_of(column: str) -> datetime | None:
            return parse_xer_date(row.get(column, ""), xer, "TASK", line, column)

        def hours_of(column: str) -> float:
            hours = parse_xer_number(row.get(column, ""), xer, "TASK", line, column) or 0.0
            if abs(hours) > MAX_ACTIVITY_HOURS:
                where = _location(xer, "TASK", line, column)
                raise InputError(f"implausible duration in TASK.{column}", where,
                                 [Problem("implausible value", where, found=row.get(column, ""),
                                          expected=f"a number of {MAX_ACTIVITY_HOURS:g} or less in size",
                                          code="implausible")])
            return hours

        task_id = row.get("task_id", "").strip()
        if not task_id:
            where = _location(xer, "TASK", line, "task_id")
            raise InputError("activity without task_id", where,
                             [Problem("blank task_id", where, found="", expected="an activity key",
                                      code="missing_id")])
        task_type = row.get("task_type", "").strip() or "TT_Task"
        if task_type not in TASK_TYPES:
            self.problems.append(Problem(
                "unknown activity type, read as a task", _location(xer, "TASK", line, "task_type"),
                found=task_type, expected=", ".join(sorted(TASK_TYPES)),
                severity=Severity.WARNING, code="unknown_task_type"))
        status_code = row.get("status_code", "").strip() or "TK_NotStart"
        if status_code not in STATUS_CODES:
            where = _location(xer, "TASK", line, "status_code")
            raise InputError("unknown activity status", where,
                             [Problem("unknown activity status", where, found=status_code,
                                      expected=", ".join(sorted(STATUS_CODES)), code="bad_status")])
        clndr_id = row.get("clndr_id", "").strip()
        info = self.calendar(clndr_id, _location(xer, "TASK", line, "clndr_id"))
        self.add_calendar(data, clndr_id, info)
        task_calendars[task_id] = info

        code = row.get("task_code", "").strip()
        title = row.get("task_name", "").strip()
        name = f"{code} – {title}" if code and title else (code or title or task_id)
        wbs = self.wbs_path(row.get("wbs_id", ""), separator)

        target_hours = hours_of("target_drtn_hr_cnt")
        remaining_hours = hours_of("remain_drtn_hr_cnt")
        milestone = task_type in MILESTONE_TYPES
        task = Task(
            id=task_id,
            name=name,
            wbs=separator.join(wbs) if wbs else None,
            outline_level=1,
            duration_days=0.0 if milestone else target_hours * 60 / MINUTES_PER_DAY,
            milestone=milestone,
            calendar=info.spec.name,
            actual_start=date_of("act_start_date"),
            actual_finish=date_of("act_end_date"),
        )
        if status_code == "TK_Complete":
            task.percent_complete = 100.0
        elif status_code == "TK_Active":
            if task.actual_start is None:
                where = _location(xer, "TASK", line, "act_start_date")
                raise InputError("started activity without actual start", where,
                                 [Problem("started activity without actual start", where, found="",
                                          expected="act_start_date of a TK_Active activity",
                                          code="missing_actual_start")])
            task.actual_finish = None
            # P6 schedules the remaining duration from the data date: the done part is the
            # working time from the actual start to the data date (P6's actual duration).
            done_minutes = 0
            if self.data_date is not None and task.actual_start > self.data_date:
                self.problems.append(Problem(
                    "actual start after the data date", _location(xer, "TASK", line, "act_start_date"),
                    found=f"{task.actual_start:%Y-%m-%d %H:%M}",
                    expected=f"a date on or before the data date {self.data_date:%Y-%m-%d %H:%M}",
                    severity=Severity.WARNING, code="actual_after_data_date"))
            if self.data_date is not None and task.actual_start < self.data_date:
                done_minutes = working_minutes_between(info.spec, task.actual_start, self.data_date)
            elif (self.data_date is not None and self.use_expected_finish
                  and row.get("expect_end_date", "").strip()):
                # P6 runs the remaining duration, set by the expected finish, from the data date, even
                # when the actual start came later
                task.resume = self.data_date
            total_minutes = done_minutes + remaining_hours * 60
            if total_minutes > 0:
                task.duration_days = total_minutes / MINUTES_PER_DAY
                task.percent_complete = min(100.0 * done_minutes / total_minutes, ACTIVE_PERCENT_CEILING)
        else:
            task.actual_start = task.actual_finish = None
            if not milestone and remaining_hours != target_hours:
                task.duration_days = remaining_hours * 60 / MINUTES_PER_DAY
        if task_type in NON_DRIVING_TYPES:
            hours = remaining_hours if status_code != "TK_Complete" else target_hours
            task.duration_days = hours * 60 / MINUTES_PER_DAY
            task.notes = ("level of effort activity (P6 TT_LOE)" if task_type == "TT_LOE"
                          else "WBS summary activity (P6 TT_WBS)")

        constraint = row.get("cstr_type", "").strip()
        if constraint:
            task.constraint_type, task.constraint_date = self._constraint(
                line, constraint, row.get("cstr_date", ""), "cstr_type", "cstr_date")
        secondary = row.get("cstr_type2", "").strip()
        if secondary:
            kind, when = self._constraint(line, secondary, row.get("cstr_date2", ""),
                                          "cstr_type2", "cstr_date2")
            if kind in (ConstraintType.FNLT, ConstraintType.MFO) and task.deadline is None:
                task.deadline = when
            else:
                self.problems.append(Problem(
                    "secondary constraint left out", _location(xer, "TASK", line, "cstr_type2"),
                    found=secondary, expected="CS_MEOB or CS_MEO as secondary constraint",
                    severity=Severity.WARNING, code="secondary_constraint"))

        early_start, early_finish = date_of("early_start_date"), date_of("early_end_date")
        task.source_start = task.actual_start or early_start
        task.source_finish = task.actual_finish or early_finish
        return task

    def _constraint(self, line: int, code: str, date_text: str, type_column: str,
                    date_column: str) -> tuple[ConstraintType, datetime | None]:
        xer = self.xer
        kind = CONSTRAINT_TYPES.get(code)
        if kind is None:
            where = _location(xer, "TASK", line, type_column)
            raise InputError("unknown constraint type", where,
                             [Problem("unknown constraint type", where, found=code,
                                      expected=", ".join(CONSTRAINT_TYPES), code="bad_constraint")])
        when = parse_xer_date(date_text, xer, "TASK", line, date_column)
        if kind is not ConstraintType.ALAP and when is None:
            where = _location(xer, "TASK", line, date_column)
            raise InputError("constraint without date", where,
                             [Problem("constraint without date", where, found="",
                                      expected=f"a date for {code}", code="missing_constraint_date")])
        return kind, (None if kind is ConstraintType.ALAP else when)

    def _links(self, table: XerTable, proj_id: str, tasks_by_id: dict[str, Task],
               task_types: dict[str, str], task_calendars: dict[str, _CalendarInfo]) -> None:
        xer = self.xer
        all_task_projects = None
        for line, row in table.records():
            successor_id = row.get("task_id", "").strip()
            successor = tasks_by_id.get(successor_id)
            if successor is None:
                continue
            predecessor_id = row.get("pred_task_id", "").strip()
            kind = LINK_TYPES.get(row.get("pred_type", "").strip())
            if kind is None:
                where = _location(xer, "TASKPRED", line, "pred_type")
                raise InputError("unknown relationship type", where,
                                 [Problem("unknown relationship type", where,
                                          found=row.get("pred_type", ""),
                                          expected="PR_FS, PR_SS, PR_FF or PR_SF", code="bad_link_type")])
            lag_hours = parse_xer_number(row.get("lag_hr_cnt", ""), xer, "TASKPRED", line, "lag_hr_cnt") or 0.0
            predecessor_project = None
            if predecessor_id not in tasks_by_id:
                if all_task_projects is None:
                    all_task_projects = {r.get("task_id", ""): r.get("proj_id", "")
                                         for _, r in self.tasks.records()}
                other = all_task_projects.get(predecessor_id) or row.get("pred_proj_id", "").strip()
                if other and other != proj_id and other in self.short_names:
                    predecessor_project = self.short_names[other]
                else:
                    self.problems.append(Problem(
                        "relationship to an activity not in the file left out",
                        _location(xer, "TASKPRED", line, "pred_task_id"),
                        found=predecessor_id, expected="a task_id of the TASK table",
                        severity=Severity.WARNING, code="unknown_predecessor"))
                    continue
            elif task_types.get(predecessor_id) in NON_DRIVING_TYPES:
                continue  # a level of effort or WBS summary never drives its successors
            successor.predecessors.append(Link(
                predecessor_id=predecessor_id,
                type=kind,
                lag_days=lag_hours * 60 / MINUTES_PER_DAY,
                predecessor_project=predecessor_project,
            ))


def read_xer_all(path: str | Path, problems: ProblemList | None = None) -> list[ProjectData]:
    """Every project of the XER file at ``path``, in file order.

    Warnings (a relationship to an activity absent from the file, a secondary
    constraint left out) are appended to ``problems`` when given; anything that
    makes the file unusable raises a located :class:`InputError`.
    """
    xer = parse_xer(path)
    reader = _XerReader(xer, problems if problems is not None else ProblemList())
    return [reader.read(line, row) for line, row in reader.projects]


def read_xer(path: str | Path, project: str | None = None,
             problems: ProblemList | None = None) -> ProjectData:
    """The project ``project`` (short name or ``proj_id``) of the XER file at ``path``.

    ``project`` may be omitted when the file holds a single project.
    """
    xer = parse_xer(path)
    reader = _XerReader(xer, problems if problems is not None else ProblemList())
    line, row = reader.select_project(project)
    return reader.read(line, row)


RESULT_COLUMNS = [
    "project", "id", "code", "name", "task_type", "status", "calendar", "hours_per_day",
    "early_start", "early_finish", "late_start", "late_finish",
    "remaining_early_start", "remaining_early_finish", "remaining_late_start", "remaining_late_finish",
    "actual_start", "actual_finish",
    "total_float_hours", "free_float_hours", "total_float_days", "free_float_days",
    "critical", "driving_path",
]


def read_xer_results(path: str | Path, project: str | None = None) -> pd.DataFrame:
    """P6's computed schedule of the activities of the XER file at ``path``, one row each.

    Columns (:data:`RESULT_COLUMNS`): ``project`` (short name), ``id``
    (``task_id``), ``code``, ``name``, ``task_type``, ``status``, ``calendar``
    and its ``hours_per_day``; the early and late dates P6 stored, the
    remaining early/late dates of progressed activities, actual dates;
    ``total_float_hours``/``free_float_hours`` as P6 wrote them (hours of the
    activity's calendar, NaN on completed activities) and the same in days of
    that calendar; ``critical`` (total float ≤ the project's
    ``critical_drtn_hr_cnt``) and ``driving_path`` (``driving_path_flag`` = Y).
    When ``project`` is given only that project's activities are returned.
    """
    xer = parse_xer(path)
    reader = _XerReader(xer, ProblemList())
    selected = None
    thresholds: dict[str, float] = {}
    for line, row in reader.projects:
        thresholds[row["proj_id"]] = parse_xer_number(
            row.get("critical_drtn_hr_cnt", ""), xer, "PROJECT", line, "critical_drtn_hr_cnt") or 0.0
    if project is not None:
        selected = reader.select_project(project)[1]["proj_id"]
    records = []
    date_columns = {
        "early_start": "early_start_date", "early_finish": "early_end_date",
        "late_start": "late_start_date", "late_finish": "late_end_date",
        "remaining_early_start": "restart_date", "remaining_early_finish": "reend_date",
        "remaining_late_start": "rem_late_start_date", "remaining_late_finish": "rem_late_end_date",
        "actual_start": "act_start_date", "actual_finish": "act_end_date",
    }
    for line, row in reader.tasks.records():
        proj_id = row.get("proj_id", "")
        if selected is not None and proj_id != selected:
            continue
        info = reader.calendar(row.get("clndr_id", "").strip(), _location(xer, "TASK", line, "clndr_id"))
        record = {
            "project": reader.short_names.get(proj_id, proj_id),
            "id": row.get("task_id", "").strip(),
            "code": row.get("task_code", "").strip(),
            "name": row.get("task_name", "").strip(),
            "task_type": row.get("task_type", "").strip(),
            "status": row.get("status_code", "").strip(),
            "calendar": info.spec.name,
            "hours_per_day": info.hours_per_day,
        }
        for column, source in date_columns.items():
            record[column] = parse_xer_date(row.get(source, ""), xer, "TASK", line, source)
        total = parse_xer_number(row.get("total_float_hr_cnt", ""), xer, "TASK", line,
                                 "total_float_hr_cnt", default=None)
        free = parse_xer_number(row.get("free_float_hr_cnt", ""), xer, "TASK", line,
                                "free_float_hr_cnt", default=None)
        record["total_float_hours"] = float("nan") if total is None else total
        record["free_float_hours"] = float("nan") if free is None else free
        record["total_float_days"] = record["total_float_hours"] / info.hours_per_day
        record["free_float_days"] = record["free_float_hours"] / info.hours_per_day
        record["critical"] = total is not None and total <= thresholds.get(proj_id, 0.0)
        record["driving_path"] = row.get("driving_path_flag", "").strip() == "Y"
        records.append(record)
    frame = pd.DataFrame.from_records(records, columns=RESULT_COLUMNS)
    for column in date_columns:
        frame[column] = pd.to_datetime(frame[column])
    return frame


def read_p6_settings(path: str | Path) -> dict[str, object]:
    """The P6 scheduling settings of the first project of the XER file at ``path``.

    ``critical_float_hours``: activities are critical at or below this total float
    (``PROJECT.critical_drtn_hr_cnt``); ``lag_calendar``: the calendar lags count on,
    ``"predecessor"`` or ``"successor"`` (``SCHEDOPTIONS.sched_calendar_on_relationship_lag``;
    ``None`` for the 24-hour or project calendar, which the engine does not offer).
    """
    xer = parse_xer(path)
    line, project = next(iter(xer.table("PROJECT").records()))
    hours = parse_xer_number(project.get("critical_drtn_hr_cnt", ""), xer, "PROJECT", line, "critical_drtn_hr_cnt")
    options = xer.optional_table("SCHEDOPTIONS")
    rows = [row for _, row in options.records() if row.get("proj_id") == project.get("proj_id")] if options else []
    lag = rows[0].get("sched_calendar_on_relationship_lag", "").strip() if rows else ""
    return {"critical_float_hours": hours or 0.0,
            "lag_calendar": {"rcal_Predecessor": "predecessor", "rcal_Successor": "successor"}.get(lag)}


def read_schedule_options(path: str | Path) -> pd.DataFrame:
    """The ``SCHEDOPTIONS`` table of the XER file at ``path`` (one row per project), as text."""
    xer = parse_xer(path)
    table = xer.optional_table("SCHEDOPTIONS")
    if table is None:
        return pd.DataFrame()
    return pd.DataFrame([row for _, row in table.records()])
