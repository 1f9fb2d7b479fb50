"""The schedule risk of the portfolio: each project's Monte Carlo analysis summed up in one snapshot row.

:func:`project_risk_row` runs :func:`pmo_xl.engine.risk.analyse_risk` on one
project, on the schedule of the project alone that its corrective actions and
schedule quality use, next to the reading of its workbook, and keeps what the
portfolio shows: the P10–P90 finish, the probability of meeting the baseline
finish and the cost P50/P80.  The seed is fixed (Config ``risk_seed``), so
the same plans give the same figures at every consolidation.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from pmo_xl.engine.cpm import ScheduleResult
from pmo_xl.engine.risk import RiskOptions, analyse_risk
from pmo_xl.errors import Location, PmoError, Problem, ProblemList, Severity
from pmo_xl.model import ProjectData
from pmo_xl.model.portfolio import TABLES_BY_KEY, conform

from .common import as_date

#: The analysis consolidation runs unless Config says otherwise (``risk_iterations``, ``risk_seed``).
CONSOLIDATION_RISK_OPTIONS = RiskOptions(iterations=1000, seed=19, memory_budget_mb=64.0, key_milestones=0,
                                         tornado_size=0, merge_point_count=0)


def project_risk_row(data: ProjectData, status_date: date, options: RiskOptions | None = None,
                     schedule_result: ScheduleResult | None = None) -> tuple[dict | None, ProblemList]:
    """The ``schedule_risk`` row of ``data`` at ``status_date``; None and a located warning when it cannot run."""
    problems = ProblemList()
    try:
        analysis = analyse_risk(data, options or CONSOLIDATION_RISK_OPTIONS, status_date=as_date(status_date),
                                schedule_result=schedule_result)
    except Exception as exc:  # one project's plan must not stop the portfolio
        message = exc.message if isinstance(exc, PmoError) else f"{type(exc).__name__}: {exc}"
        problems.append(Problem(f"schedule risk not analysed: {message}", Location(file=data.source),
                                severity=Severity.WARNING, code="engine"))
        return None, problems
    row = analysis.summary_row()
    row.update({"project_name": data.project.name, "baseline_finish": analysis.baseline_finish,
                "currency": data.project.currency})
    return row, problems


def schedule_risk_table(rows: list[dict]) -> pd.DataFrame:
    """One row per project analysed (see ``schedule_risk`` in :mod:`pmo_xl.model.portfolio`)."""
    return conform(TABLES_BY_KEY["schedule_risk"], pd.DataFrame(rows))


def with_parameter(options: RiskOptions, key: str, value: object) -> RiskOptions:
    """``options`` with what the Config parameter ``risk_iterations`` or ``risk_seed`` sets (ValueError otherwise)."""
    from dataclasses import replace

    number = float(value)
    if key not in ("risk_iterations", "risk_seed") or number != int(number) or number < (1 if key == "risk_iterations" else 0):
        raise ValueError(value)
    return replace(options, **{key[len("risk_"):]: int(number)})


__all__ = ["CONSOLIDATION_RISK_OPTIONS", "project_risk_row", "schedule_risk_table", "with_parameter"]
