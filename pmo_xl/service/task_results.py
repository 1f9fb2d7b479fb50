"""The values of the computed area of the task sheet: schedule, slip and earned value of each task.

Every value is a fact of the engine: dates of the scheduler, the finish slip
in working days of the task's calendar (early finish against baseline
finish, positive when late), and each costed leaf task's earned value at the
status date as the project's earned value would count it for that task alone.
"""

from __future__ import annotations

from pmo_xl.engine.cpm import ScheduleOptions

import math
from dataclasses import replace
from datetime import date, datetime

import pandas as pd

from pmo_xl.engine.cpm import ScheduleResult, schedule
from pmo_xl.engine.evm import project_earned_value
from pmo_xl.model.domain import ProjectData, Task


FLOAT_DIGITS = 2
MONEY_DIGITS = 0
RATIO_DIGITS = 2


def _when(value) -> datetime | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).to_pydatetime().replace(second=0, microsecond=0)


def _number(value, digits: int) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return round(float(value), digits) + 0.0  # no "-0.0"


def _finish_slip_days(result: ScheduleResult, data: ProjectData, task: Task, early_finish) -> float | None:
    if task.baseline_finish is None or early_finish is None:
        return None
    baseline = task.baseline_finish
    if baseline.hour == 0 and baseline.minute == 0:  # a date without a time: the end of that working day
        baseline = result.calendar(data.project.code, task.calendar).previous_working_end(
            baseline.replace(hour=23, minute=59))
    clock = result.calendar(data.project.code, task.calendar)
    return clock.working_minutes_between(baseline, early_finish) / data.project.minutes_per_day


def _earned_value(data: ProjectData, task: Task, result: ScheduleResult, status_date: date | None) -> dict:
    if status_date is None or task.summary or not task.cost:
        return {}
    alone = replace(data, tasks=[task], budget=[])
    figures = project_earned_value(alone, status_date,
                                   clock_for=lambda name: result.calendar(data.project.code, name))
    return {"planned_value": _number(figures.pv, MONEY_DIGITS), "earned_value": _number(figures.ev, MONEY_DIGITS),
            "schedule_variance": _number(figures.sv, MONEY_DIGITS), "cost_variance": _number(figures.cv, MONEY_DIGITS),
            "spi": _number(figures.spi, RATIO_DIGITS), "cpi": _number(figures.cpi, RATIO_DIGITS)}


def task_results(data: ProjectData, status_date: date | None = None) -> tuple[dict[str, dict], ScheduleResult]:
    """Per task id, the value of each field of the computed area (``None`` when undefined); and the schedule."""
    status_date = status_date or data.project.status_date
    result = schedule(data, status_date=status_date, options=ScheduleOptions.for_project(data.project))
    by_id = {task.id: task for task in data.tasks}
    values: dict[str, dict] = {}
    for record in result.tasks.itertuples(index=False):
        task = by_id.get(record.id)
        if task is None:
            continue
        early_finish = _when(record.early_finish)
        row = {
            "early_start": _when(record.early_start), "early_finish": early_finish,
            "late_start": _when(record.late_start), "late_finish": _when(record.late_finish),
            "total_float_days": _number(record.total_float_days, FLOAT_DIGITS),
            "free_float_days": _number(record.free_float_days, FLOAT_DIGITS),
            "critical": bool(record.critical),
            "finish_slip_days": _number(_finish_slip_days(result, data, task, early_finish), FLOAT_DIGITS),
            "planned_value": None, "earned_value": None, "schedule_variance": None, "cost_variance": None,
            "spi": None, "cpi": None,
        }
        row.update(_earned_value(data, task, result, status_date))
        values[task.id] = row
    return values, result
