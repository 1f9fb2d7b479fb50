"""What-ifs scheduled side by side give what each gives scheduled alone; calendars are laid out once."""

from __future__ import annotations

import dataclasses
from datetime import date

from pmo_xl.engine.calendar import WorkingCalendar
from pmo_xl.engine.cpm import schedule
from pmo_xl.engine.whatif import compare, compare_many, crash, fast_track
from pmo_xl.model import CalendarSpec

from test_deviations import five_task_plan

STATUS_DATE = date(2026, 3, 2)


def test_what_ifs_scheduled_together_recover_what_each_recovers_alone():
    plan = five_task_plan()
    # a link written with the project's own code must stay inside each variant
    plan.task("D").predecessors = [dataclasses.replace(link, predecessor_project=plan.project.code)
                                   for link in plan.task("D").predecessors]
    original = schedule([plan], status_date=STATUS_DATE)
    variants = [fast_track(plan, "B", "C"), fast_track(plan, "C", "D"), crash(plan, "B", 0.2), crash(plan, "C", 0.5)]
    together = compare_many(original, plan, variants, STATUS_DATE)
    alone = [compare(original, plan, variant, STATUS_DATE) for variant in variants]
    assert [(w.finish_after, w.days_recovered) for w in together] == [(w.finish_after, w.days_recovered)
                                                                      for w in alone]
    assert [w.plan for w in together] == variants
    assert all(w.days_recovered > 0 for w in together)
    assert [link.predecessor_project for link in plan.task("D").predecessors] == ["P1"]  # the plan is untouched
    assert compare_many(original, plan, [], STATUS_DATE) == []


def test_a_fixed_range_calendar_is_laid_out_once_per_content():
    first = WorkingCalendar.from_spec(CalendarSpec(name="Siège"), first_year=2026, last_year=2030, fixed_range=True)
    same = WorkingCalendar.from_spec(CalendarSpec(name="Siège"), first_year=2026, last_year=2030, fixed_range=True)
    other_years = WorkingCalendar.from_spec(CalendarSpec(name="Siège"), first_year=2025, last_year=2030,
                                            fixed_range=True)
    other_days = WorkingCalendar.from_spec(CalendarSpec(name="Siège", holiday_overrides={date(2026, 3, 3): True}),
                                           first_year=2026, last_year=2030, fixed_range=True)
    growing = WorkingCalendar.from_spec(CalendarSpec(name="Siège"), first_year=2026, last_year=2030)
    assert same is first
    assert other_years is not first and other_days is not first and growing is not first
    # 3 March 2026 is a Tuesday: a working day, unless the override makes it a holiday
    assert first.is_working_day(date(2026, 3, 3)) and not other_days.is_working_day(date(2026, 3, 3))
