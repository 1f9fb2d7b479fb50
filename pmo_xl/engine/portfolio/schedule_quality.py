"""The schedule quality of the portfolio: each project's DCMA 14-point assessment as snapshot tables.

:func:`project_quality` assesses one project on its own schedule (the one
its corrective actions are computed on, so no second scheduling pass), next
to the reading of its workbook.  :func:`schedule_quality_table` lays the
assessments out one row per project and check, :func:`schedule_quality_map_table`
one row per project with one outcome per check: the heat map of the master
and the packs.  The words are the French labels of
:mod:`pmo_xl.texts.schedule_quality`; the packs write theirs from ``passed``.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from pmo_xl.engine.cpm import ScheduleResult
from pmo_xl.engine.dcma import CONFIG_PREFIX, DcmaThresholds, ScheduleAssessment, assess_schedule, schedule_quality
from pmo_xl.errors import Location, PmoError, Problem, ProblemList, Severity
from pmo_xl.model import ProjectData
from pmo_xl.model.portfolio import TABLES_BY_KEY, conform
from pmo_xl.texts.schedule_quality import check_label, outcome_label, ratio_text, threshold_text

from .common import as_date

#: How many task ids at fault a row lists; the others are counted ("(+12)").
TASK_IDS_LISTED = 30


def project_quality(data: ProjectData, status_date: date, thresholds: DcmaThresholds | None = None,
                    schedule_result: ScheduleResult | None = None) -> tuple[ScheduleAssessment | None, ProblemList]:
    """The DCMA assessment of ``data`` at ``status_date`` on ``schedule_result`` (``data`` scheduled alone).

    A plan that cannot be assessed (a cycle, a scheduling error) gives ``None`` and a located warning.
    """
    problems = ProblemList()
    try:
        return assess_schedule(data, schedule_result, as_date(status_date), thresholds), problems
    except Exception as exc:  # one project's plan must not stop the portfolio
        message = exc.message if isinstance(exc, PmoError) else f"{type(exc).__name__}: {exc}"
        problems.append(Problem(f"schedule quality not assessed: {message}", Location(file=data.source),
                                severity=Severity.WARNING, code="engine"))
        return None, problems


def listed_ids(task_ids: tuple[str, ...], limit: int = TASK_IDS_LISTED) -> str:
    """The task ids at fault as one cell: the first ``limit``, comma-separated, then how many more."""
    shown = ", ".join(task_ids[:limit])
    more = len(task_ids) - limit
    return shown + (f" (+{more})" if more > 0 else "")


def schedule_quality_table(assessments: list[ScheduleAssessment]) -> pd.DataFrame:
    """One row per project and check, in DCMA order (see ``schedule_quality`` in :mod:`pmo_xl.model.portfolio`).

    A check that does not apply lists no task: nothing is at fault.
    """
    rows = [{"project_code": assessment.project, "number": check.number, "check_code": check.code,
             "check_label": check_label(check.code), "count": check.count, "denominator": check.denominator,
             "ratio": check.ratio, "ratio_text": ratio_text(check.code, check.ratio),
             "threshold": check.threshold, "threshold_text": threshold_text(check.code, check.comparison, check.threshold),
             "passed": check.passed, "outcome": outcome_label(check.passed),
             "task_ids": listed_ids(check.task_ids) if check.applicable else None}
            for assessment in assessments for check in assessment.checks]
    return conform(TABLES_BY_KEY["schedule_quality"], pd.DataFrame(rows))


def schedule_quality_map_table(assessments: list[ScheduleAssessment], names: dict[str, str]) -> pd.DataFrame:
    """One row per project: its schedule quality and the outcome label of each of the fourteen checks."""
    rows = []
    for assessment in assessments:
        row = {"project_code": assessment.project, "project_name": names.get(assessment.project),
               "schedule_quality": schedule_quality(assessment), "checks_passed": assessment.passed_count,
               "checks_applicable": assessment.applicable_count}
        row.update({CONFIG_PREFIX + check.code: outcome_label(check.passed) for check in assessment.checks})
        rows.append(row)
    return conform(TABLES_BY_KEY["schedule_quality_map"], pd.DataFrame(rows))


__all__ = ["TASK_IDS_LISTED", "listed_ids", "project_quality", "schedule_quality_map_table",
           "schedule_quality_table"]
