"""The scheduling options a project's own card asks for.

A workbook imported from Primavera P6 keeps P6's rules on its card
(scheduling profile, lag calendar, critical float limit), so that
scheduling the workbook gives the dates P6 gives the original file.
"""

from __future__ import annotations

from pmo_xl.engine.cpm import ScheduleOptions
from pmo_xl.model.domain import Project
from pmo_xl.model.enums import LagCalendar, SchedulingProfile


def primavera_options(lag_calendar: str, critical_float_days: float) -> ScheduleOptions:
    """Primavera P6's rules, as ``pmo-xl schedule`` applies them to an .xer file."""
    return ScheduleOptions(honor_constraints=False, free_float_capped=False, free_float_on_own_calendar=True,
                           late_dates_at_work_stop=True, alap_uses_free_float=True,
                           lag_calendar=lag_calendar, critical_slack_limit_days=critical_float_days)


def options_for_project(project: Project) -> ScheduleOptions:
    """The options of the card's scheduling profile, lag calendar and critical float limit."""
    lag_calendar = (project.lag_calendar or LagCalendar.SUCCESSOR).value
    if project.scheduling_profile is SchedulingProfile.PRIMAVERA_P6:
        return primavera_options(lag_calendar, project.critical_float_days)
    return ScheduleOptions(lag_calendar=lag_calendar, critical_slack_limit_days=project.critical_float_days)
