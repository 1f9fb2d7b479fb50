"""The one entry point for plan files: :func:`read_plan` reads a project workbook (.xlsx/.xlsm), an MS Project
XML file (MSPDI, .xml), an MS Project file (.mpp) or a Primavera P6 export (.xer) with the reader of its kind.

It returns a :class:`PlanReadResult`: the project as model objects, the problems found, the scheduling profile
the tool that made the file implies (Primavera P6's for an .xer file with the project's own settings, MS
Project's otherwise) and, when the file holds them, the results that tool computed and stored (MS Project's
or P6's early and late dates, floats and critical flags), to compare with ours.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pmo_xl.engine.cpm.options import ScheduleOptions
from pmo_xl.errors import InputError, Location, ProblemList
from pmo_xl.model.domain import ProjectData

WORKBOOK, MSPDI, MPP, XER = "workbook", "mspdi", "mpp", "xer"
"""The kinds of plan file."""
PLAN_KINDS = {".xlsx": WORKBOOK, ".xlsm": WORKBOOK, ".xml": MSPDI, ".mpp": MPP, ".xer": XER}
"""The kind of plan file each file name extension means."""
MS_PROJECT, PRIMAVERA_P6 = "ms_project", "primavera_p6"
"""The scheduling profiles."""


@dataclass
class PlanReadResult:
    """What reading one plan file gave.

    ``kind``: :data:`WORKBOOK`, :data:`MSPDI`, :data:`MPP` or :data:`XER`; ``data``: the project (``None`` when
    the file's content was rejected, the reasons being in ``problems``); ``profile``: :data:`MS_PROJECT` or
    :data:`PRIMAVERA_P6`, and ``options`` the :class:`ScheduleOptions` of that profile for this file;
    ``stored_results``: the schedule the tool stored in the file (columns of
    :func:`pmo_xl.io.mspdi.read_mspdi_with_results` for MSPDI and mpp files, of
    :func:`pmo_xl.io.xer.read_xer_results` for XER files), ``None`` for a workbook or when not asked for.
    """

    path: Path
    kind: str
    data: ProjectData | None
    problems: ProblemList = field(default_factory=ProblemList)
    profile: str = MS_PROJECT
    options: ScheduleOptions = field(default_factory=ScheduleOptions.ms_project)
    stored_results: pd.DataFrame | None = None

    @property
    def status_date(self):
        """The status date the file gives its project (``None`` for none or when the data was rejected)."""
        return self.data.project.status_date if self.data is not None else None

    @property
    def ok(self) -> bool:
        """True when the project is usable and no problem is an error (warnings allowed)."""
        return self.data is not None and not self.problems.has_errors


def plan_kind(path: str | Path) -> str:
    """The kind of plan file ``path`` is, from its extension; an unknown one raises :class:`InputError`."""
    path = Path(path)
    kind = PLAN_KINDS.get(path.suffix.lower())
    if kind is None:
        raise InputError(f"unsupported file type '{path.suffix}' (expected .xlsx, .xml, .mpp or .xer)",
                         Location(file=str(path)))
    return kind


def read_plan(path: str | Path, *, project: str | None = None, stored_results: bool = True) -> PlanReadResult:
    """Read the plan file at ``path`` with the reader of its kind (see the module docstring).

    ``project``: the project to take from an XER file holding several (short name or ``proj_id``; the only
    one when omitted).  ``stored_results``: also read the results the tool stored (free for MSPDI and mpp
    files, a second reading of an XER file).  A file that cannot be read at all (absent, of an unknown type,
    not well-formed) raises a located :class:`pmo_xl.errors.InputError`; a workbook whose content is rejected
    comes back with ``data`` ``None`` and its problems.
    """
    path = Path(path)
    kind = plan_kind(path)
    if kind == WORKBOOK:
        return _read_workbook(path)
    if kind == XER:
        return _read_xer(path, project, stored_results)
    if kind == MSPDI:
        from pmo_xl.io.mspdi import read_mspdi_with_results as read_with_results
    else:
        from pmo_xl.io.mpp import read_mpp_with_results as read_with_results
    data, results = read_with_results(path)
    return PlanReadResult(path=path, kind=kind, data=data, stored_results=results if stored_results else None)


def scheduling_profile(path: str | Path) -> ScheduleOptions:
    """The scheduling options suited to the tool that made ``path``.

    A Primavera P6 plan (.xer) is scheduled the way P6 does it (:meth:`ScheduleOptions.primavera_p6`), with
    lags on the calendar the file names and the project's critical-float threshold; other files follow
    MS Project's defaults (:meth:`ScheduleOptions.ms_project`).
    """
    if plan_kind(path) != XER:
        return ScheduleOptions.ms_project()
    from pmo_xl.io.xer import read_p6_settings

    settings = read_p6_settings(path)
    return ScheduleOptions.primavera_p6(lag_calendar=settings["lag_calendar"],
                                        critical_float_hours=settings["critical_float_hours"])


def _read_workbook(path: Path) -> PlanReadResult:
    from pmo_xl.io.workbook_reader import read_project_workbook

    outcome = read_project_workbook(path)
    result = PlanReadResult(path=path, kind=WORKBOOK, data=outcome.data, problems=ProblemList(outcome.problems or []))
    if outcome.data is not None:
        result.options = ScheduleOptions.for_project(outcome.data.project)
        if result.options.honor_constraints is False:
            result.profile = PRIMAVERA_P6
    return result


def _read_xer(path: Path, project: str | None, stored_results: bool) -> PlanReadResult:
    try:
        from pmo_xl.io.xer import read_xer, read_xer_results
    except ImportError:
        raise InputError("reading Primavera .xer files is not available in this installation",
                         Location(file=str(path))) from None
    problems = ProblemList()
    data = read_xer(path, project=project, problems=problems)
    return PlanReadResult(path=path, kind=XER, data=data, problems=problems, profile=PRIMAVERA_P6,
                          options=scheduling_profile(path),
                          stored_results=read_xer_results(path, project=project) if stored_results else None)
