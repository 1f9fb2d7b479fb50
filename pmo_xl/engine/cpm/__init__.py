"""Critical path method with MS Project's semantics, on working calendars.

Entry points::

    result = schedule(projects, status_date=None, options=ScheduleOptions())
    result = schedule_table(plan_table, status_date=None, options=None)
    result.tasks            # DataFrame, one row per task (leaf and summary)
    result.critical_paths   # {project code: [[task id, ...], ...]} ordered chains
    result.project_finish   # {project code: datetime}
    result.to_csv_rows()    # rows of the ``pmo-xl schedule --out`` CSV
    result.problems         # ProblemList of located warnings (unknown predecessor …)

How it computes
---------------
Every task works on an *axis*: the working-minute axis of its calendar
(:class:`pmo_xl.engine.calendar.WorkingCalendar`), or the absolute-minute axis
when its duration is elapsed.  Durations and lags become integer minutes on
that axis; the forward and backward passes run level by level over a
topological order of the links held in arrays, each level being a few numpy
operations.  When every task and lag lives on the same axis (the usual case)
the passes never leave the working-minute axis and dates are converted once
at the end; a level whose tasks carry no progress and no fixed date then
costs a handful of numpy calls (gather the predecessors' dates, add the link
offsets, one ``maximum.reduceat`` per level).  The passes read the plan as
columns (:class:`pmo_xl.engine.plan_table.PlanTable`): ``schedule`` builds them
from the objects in one pass over the tasks and one over the links,
``schedule_table`` takes them as they are; both then run the same code.

Where each step lives
---------------------
:mod:`.options` (the options, the two scheduling profiles
``ScheduleOptions.ms_project()`` and ``ScheduleOptions.primavera_p6()``, the
result and its CSV contract), :mod:`.network` (tasks, outline, topological
levels), :mod:`.calendars` (axes), :mod:`.links` (links and lags),
:mod:`.constraints`, :mod:`.progress`, :mod:`.state` (the ``PassState`` the
passes share), :mod:`.forward`, :mod:`.backward`, :mod:`.floats`,
:mod:`.paths` (driving links, critical paths), :mod:`.summaries`,
:mod:`.frame` (the result frame) and :mod:`.schedule` (the entry points and
the order of the steps).

Semantics (those of MS Project)
-------------------------------
* Links FS/SS/FF/SF with lags in working time of the successor's calendar,
  elapsed lags, and percentage lags (a share of the predecessor's duration).
* A link from or to a summary task applies to each leaf task under it; an SS
  or SF link *from* a summary counts from the summary's start, the earliest
  start of its leaves (an FS or FF link from its finish, the latest finish).
* Constraints: SNET/FNET bound the early dates from below; SNLT/FNLT bound the
  late dates from above (and, when ``honor_constraints``, the early dates
  too); MSO/MFO fix the dates when ``honor_constraints`` (otherwise they act
  as SNET/FNET forward and SNLT/FNLT backward); ALAP tasks are scheduled on
  their late dates (``start``/``finish``) and keep their early dates in the
  early columns; their successors are scheduled from those late dates as in
  MS Project (:attr:`ScheduleOptions.alap_successors_follow`; not with
  ``honor_constraints`` off, the P6 way, where an ALAP task moves no successor).
* No task finishes later than its project's finish (the latest early finish
  of the project's tasks) in the late pass, linked or not.
* Total float = min(LS − ES, LF − EF) in working time of the task's calendar
  (elapsed time for elapsed tasks); free float = the smallest slack of the
  task's own outgoing links (not those a summary task above it carries), or
  the project finish − EF without successors of its own, never more than the
  total float (so the total float for a leaf task without successors of its
  own under a linked summary task, as in MS Project).  Critical: total float ≤ the critical-slack limit
  and not complete.
* Progress: a complete task sits on its actual dates; a started task keeps its
  actual start, its done part is ``percent_complete`` % of its duration and,
  with a status date, the remaining part starts no earlier than the status
  date.  Unstarted tasks start no earlier than the status date.
* A project starts at ``Project.start`` (a date, or a datetime for a time of
  day), moved to the next working time of its calendar; without one, at its
  earliest actual start, constraint or baseline date.
* Summary tasks take the earliest start and latest finish of their children;
  their float is min(LS − ES, LF − EF) on those rolled-up dates.
* ``status_date`` applies to every project scheduled; a project's own
  ``Project.status_date`` is not read here (the CLI passes it).
* Links naming a task that is not in the plans, undefined calendars and
  constraints without a date are reported in ``result.problems`` (warnings)
  and left out; duplicate task ids and dependency cycles raise
  :class:`pmo_xl.errors.ScheduleError` / :class:`pmo_xl.errors.CycleError`.

``result.tasks`` columns: project, id, name, wbs, outline_level, summary,
milestone, duration_days, start, finish (scheduled dates: early dates, late
dates for ALAP), early_start, early_finish, late_start, late_finish,
total_float_days, free_float_days (working days of the task's calendar;
elapsed days for elapsed tasks), critical, percent_complete, baseline_start,
baseline_finish, driving_predecessors (the ids of the predecessors whose link
sets the early start, as text separated by ``;`` in plan order, "" when none;
"PROJECT:id" across projects; :func:`driving_ids` splits it), calendar (name to pass to
:meth:`ScheduleResult.calendar`), duration_elapsed, total_float_minutes,
free_float_minutes, progress (not_started / in_progress / complete).
"""

from pmo_xl.engine.cpm.options import (
    CSV_HEADER,
    DRIVING_SEPARATOR,
    ScheduleOptions,
    ScheduleResult,
    driving_ids,
)
from pmo_xl.engine.cpm.schedule import schedule, schedule_table

__all__ = [
    "CSV_HEADER",
    "DRIVING_SEPARATOR",
    "ScheduleOptions",
    "ScheduleResult",
    "driving_ids",
    "schedule",
    "schedule_table",
]
