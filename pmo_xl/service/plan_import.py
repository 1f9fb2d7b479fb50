"""Importing an MS Project or Primavera P6 plan into a new standard project workbook.

``import_plan(source, out)`` reads the plan with the readers of
:mod:`pmo_xl.io` (MSPDI, .mpp, XER), sets the card's scheduling profile to
the rules of the tool that made it, and writes the workbook with an
"Import" sheet listing, located in the source file, everything the workbook
does not hold as the plan had it: constructs the readers leave out (inactive
tasks, material resources, other baselines, P6 resources, activity codes…),
the readers' own warnings, any value the workbook would not give back as it
was written (found by reading the new workbook back), and dependency
cycles.  A file that cannot be read is refused with a located error.
"""

from __future__ import annotations

from pmo_xl.engine.cpm import ScheduleOptions

import dataclasses
import math
import os
from datetime import date, datetime
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import ElementTree as SafeET

from pmo_xl.errors import InputError, Location, Problem, ProblemList, ScheduleError
from pmo_xl.io.import_notes_sheet import ImportNote, write_import_notes
from pmo_xl.io.workbook_reader import read_project_workbook
from pmo_xl.io.workbook_writer import write_project_workbook
from pmo_xl.model.domain import ProjectData
from pmo_xl.model.enums import LagCalendar, SchedulingProfile

MSPDI_NS = "{http://schemas.microsoft.com/project}"
PLAN_SUFFIXES = (".xml", ".mpp", ".xer")

#: XER tables the model has no place for: table -> note code.
XER_TABLES_LEFT_OUT = {
    "RSRC": "p6_resources", "TASKRSRC": "p6_assignments", "TASKACTV": "p6_activity_codes",
    "UDFVALUE": "p6_user_fields", "PROJCOST": "p6_expenses", "TASKPROC": "p6_steps", "TASKMEMO": "p6_notebooks",
}


@dataclass
class ImportReport:
    """What an import wrote: the workbook, its notes, and what validating it found."""

    source: Path
    workbook: Path
    data: ProjectData
    notes: list[ImportNote] = field(default_factory=list)
    validation: ProblemList = field(default_factory=ProblemList)

    @property
    def tasks(self) -> int:
        return len(self.data.tasks)


def read_source_plan(path: Path) -> tuple[ProjectData, ProblemList]:
    """The plan of an MSPDI, .mpp or XER file with the reader's warnings; a located error when unusable."""
    suffix = path.suffix.lower()
    problems = ProblemList()
    if not path.is_file():
        raise InputError("file not found", Location(file=str(path)))
    if suffix == ".xml":
        from pmo_xl.io.mspdi import read_mspdi

        return read_mspdi(path), problems
    if suffix == ".mpp":
        from pmo_xl.io.mpp import read_mpp

        return read_mpp(path), problems
    if suffix == ".xer":
        from pmo_xl.io.xer import read_xer

        return read_xer(path, problems=problems), problems
    where = Location(file=str(path))
    raise InputError("unsupported plan file", where,
                     [Problem("unsupported plan file", where, path.suffix, "an .xml, .mpp or .xer file",
                              code="unsupported")])


def _with_scheduling_profile(data: ProjectData, path: Path) -> ProjectData:
    """The plan with the card's scheduling rules of the tool that made it."""
    if path.suffix.lower() != ".xer":
        project = dataclasses.replace(data.project, scheduling_profile=SchedulingProfile.MS_PROJECT,
                                      lag_calendar=LagCalendar.SUCCESSOR, critical_float_days=0.0)
        return dataclasses.replace(data, project=project)
    from pmo_xl.io.xer import read_p6_settings

    settings = read_p6_settings(path)
    project = dataclasses.replace(
        data.project, scheduling_profile=SchedulingProfile.PRIMAVERA_P6,
        lag_calendar=LagCalendar(settings["lag_calendar"] or "successor"),
        critical_float_days=settings["critical_float_hours"] / 8.0)
    return dataclasses.replace(data, project=project)


def _mspdi_notes(path: Path) -> list[ImportNote]:
    """What the MSPDI reader leaves out or changes, found in the file itself."""
    root = SafeET.parse(str(path)).getroot()
    notes: list[ImportNote] = []
    file = str(path)

    def flag(element, name: str, default: str = "0") -> str:
        child = element.find(MSPDI_NS + name)
        return (child.text or default).strip() if child is not None else default

    notes += _mspdi_link_notes(root, file, flag)
    baselines: dict[str, int] = {}
    for task in root.iter(MSPDI_NS + "Task"):
        uid, name = flag(task, "UID", "?"), flag(task, "Name", "")
        where = Location(file=file, sheet="Task", cell=f"UID {uid}")
        if uid == "0" or flag(task, "IsNull") == "1":
            continue
        if flag(task, "Active", "1") == "0":
            notes.append(ImportNote("inactive_task", where, name))
        if flag(task, "Manual") == "1":
            notes.append(ImportNote("manual_task", where, name))
        if flag(task, "Recurring") == "1":
            notes.append(ImportNote("recurring_task", where, name))
        for baseline in task.findall(MSPDI_NS + "Baseline"):
            number = flag(baseline, "Number", "0")
            if number != "0":
                baselines[number] = baselines.get(number, 0) + 1
    for number, count in sorted(baselines.items()):
        notes.append(ImportNote("other_baselines", Location(file=file, sheet="Task/Baseline", cell=f"Number {number}"),
                                f"{count}"))
    for resource in root.iter(MSPDI_NS + "Resource"):
        if flag(resource, "UID", "0") != "0" and flag(resource, "IsNull") != "1" and flag(resource, "Type", "1") != "1":
            notes.append(ImportNote("non_work_resource",
                                    Location(file=file, sheet="Resource", cell=f"UID {flag(resource, 'UID')}"),
                                    flag(resource, "Name", "")))
    for element, code in (("TimephasedData", "timephased_data"), ("ExtendedAttribute", "custom_fields")):
        count = sum(1 for _ in root.iter(MSPDI_NS + element))
        if count:
            notes.append(ImportNote(code, Location(file=file, sheet=element), f"{count}"))
    return notes


def _mspdi_link_notes(root, file: str, flag) -> list[ImportNote]:
    """Links the reader leaves out: to a task the file does not have, or to a blank or inactive one."""
    tasks = list(root.iter(MSPDI_NS + "Task"))
    every_uid = {flag(task, "UID", "?") for task in tasks}
    kept = {flag(task, "UID", "?") for task in tasks
            if flag(task, "UID", "?") != "0" and flag(task, "IsNull") != "1" and flag(task, "Active", "1") != "0"}
    notes: list[ImportNote] = []
    for task in tasks:
        uid = flag(task, "UID", "?")
        if uid not in kept:
            continue
        for link in task.findall(MSPDI_NS + "PredecessorLink"):
            predecessor = flag(link, "PredecessorUID", "?")
            if predecessor in kept:
                continue
            code = "dangling_link" if predecessor not in every_uid else "link_to_left_out_task"
            notes.append(ImportNote(code, Location(file=file, sheet="Task/PredecessorLink", cell=f"UID {uid}"),
                                    f"PredecessorUID {predecessor}"))
    return notes


def _xer_notes(path: Path, data: ProjectData) -> list[ImportNote]:
    """The XER tables and activity kinds the model has no place for."""
    from pmo_xl.io.xer import parse_xer

    xer = parse_xer(path)
    notes = _xer_end_notes(path)
    notes += [ImportNote(code, Location(file=str(path), sheet=table), f"{len(xer.tables[table])}")
             for table, code in XER_TABLES_LEFT_OUT.items() if table in xer.tables and len(xer.tables[table])]
    for task in data.tasks:
        if task.notes and "(P6 TT_" in task.notes:
            notes.append(ImportNote("p6_non_driving", Location(file=str(path), sheet="TASK", cell=task.id),
                                    task.name))
    return notes


def _xer_end_notes(path: Path) -> list[ImportNote]:
    """A note when the file does not end with P6's ``%E`` line (a file cut short)."""
    lines = path.read_bytes().rstrip().splitlines()
    if lines and lines[-1].strip() == b"%E":
        return []
    last = lines[-1].decode("utf-8", errors="replace")[:60] if lines else ""
    return [ImportNote("truncated_file", Location(file=str(path), row=len(lines)), last)]


def _reader_notes(problems: ProblemList) -> list[ImportNote]:
    return [ImportNote("reader_problem", problem.location, problem.found, problem.message) for problem in problems]


def _same_value(expected, actual) -> bool:
    """Equal values, a float to 12 significant digits, a date and time equal to a date on the same day."""
    if isinstance(expected, float) and isinstance(actual, float):
        return math.isclose(expected, actual, rel_tol=1e-12, abs_tol=1e-12)
    if isinstance(expected, datetime) and type(actual) is date:
        return expected.date() == actual
    return expected == actual


def _keyed(items: list) -> dict | None:
    """Items with an ``id`` by their id (tasks, risks…); ``None`` for other lists."""
    if items and all(hasattr(item, "id") for item in items):
        return {item.id: item for item in items}
    return None


def _differences(expected, actual, path: str) -> list[str]:
    """Every model path where the workbook read back differs from the plan (list items with an id by id)."""
    if dataclasses.is_dataclass(expected) and type(expected) is type(actual):
        found: list[str] = []
        for item in dataclasses.fields(expected):
            if not item.compare:  # where the data was read from, not the data
                continue
            found += _differences(getattr(expected, item.name), getattr(actual, item.name), f"{path}.{item.name}")
        return found
    if isinstance(expected, list) and isinstance(actual, list):
        by_id, actual_by_id = _keyed(expected), _keyed(actual)
        if by_id is not None and (actual_by_id is not None or not actual):
            actual_by_id = actual_by_id or {}
            found = [f"{path}[{key}]: not in the workbook" for key in by_id if key not in actual_by_id]
            for key in by_id.keys() & actual_by_id.keys():
                found += _differences(by_id[key], actual_by_id[key], f"{path}[{key}]")
            return found
        found = [f"{path}: {len(expected)} → {len(actual)}"] if len(expected) != len(actual) else []
        for index, (left, right) in enumerate(zip(expected, actual)):
            found += _differences(left, right, f"{path}[{index}]")
        return found
    if isinstance(expected, dict) and isinstance(actual, dict):
        found = [f"{path}: {sorted(map(str, expected))} → {sorted(map(str, actual))}"] \
            if expected.keys() != actual.keys() else []
        for key in expected.keys() & actual.keys():
            found += _differences(expected[key], actual[key], f"{path}[{key}]")
        return found
    return [] if _same_value(expected, actual) else [f"{path}: {expected!r} → {actual!r}"]


def _round_trip_notes(data: ProjectData, workbook: Path, source: Path) -> tuple[list[ImportNote], ProblemList]:
    """Notes for what the new workbook does not give back, and its validation problems."""
    outcome = read_project_workbook(workbook)
    notes = [ImportNote("workbook_problem", problem.location, problem.found, problem.message)
             for problem in outcome.problems]
    if outcome.data is not None:
        expected = dataclasses.replace(data, source=outcome.data.source)
        for difference in _differences(expected, outcome.data, "plan"):
            notes.append(ImportNote("changed_in_workbook", Location(file=str(source)), difference))
    return notes, ProblemList(outcome.problems)


def _cycle_notes(data: ProjectData, source: Path) -> list[ImportNote]:
    from pmo_xl.engine.cpm import schedule

    try:
        schedule(data, status_date=data.project.status_date, options=ScheduleOptions.for_project(data.project))
    except ScheduleError as error:
        return [ImportNote("cycle", error.location if error.location.file else Location(file=str(source)),
                           " -> ".join(getattr(error, "tasks", [])) or None, error.message)]
    return []


def import_plan(source: str | os.PathLike, out: str | os.PathLike, lang: str = "fr") -> ImportReport:
    """Write the plan of ``source`` as a new standard workbook ``out`` with its Import notes sheet."""
    source, out = Path(source), Path(out)
    data, problems = read_source_plan(source)
    data = _with_scheduling_profile(data, source)
    notes = _reader_notes(problems)
    if source.suffix.lower() == ".xml":
        notes += _mspdi_notes(source)
    elif source.suffix.lower() == ".xer":
        notes += _xer_notes(source, data)
    notes += _cycle_notes(data, source)
    _write_with_notes(data, out, lang, notes)
    round_trip, validation = _round_trip_notes(data, out, source)
    if round_trip:  # written again, so that the Import sheet lists them too
        notes += round_trip
        _write_with_notes(data, out, lang, notes)
    return ImportReport(source, out, data, notes, validation)


def _write_with_notes(data: ProjectData, out: Path, lang: str, notes: list[ImportNote]) -> None:
    write_project_workbook(data, out, lang,
                           extra_sheets=lambda book, formats: write_import_notes(book, formats, notes, lang))
