"""Deterministic random project networks shaped like real IT plans, for benchmarks and tests.

A generated plan is a sequence of *phases* (cadrage, conception, réalisation,
recette, déploiement, …).  Each phase runs several *streams* in parallel; a
stream is a chain of tasks.  Every stream of a phase starts after the previous
phase's gate milestone and ends into its own phase's gate milestone.  On top of
the chains, cross-links hand over from a task of one stream to a later step
of another stream of the same phase, until the plan has about
``links_per_task`` links per task.

Every link goes from a task created earlier to a task created later, so the
network is acyclic by construction.  Link types follow the mix of real plans
(FS 85 %, SS 8 %, FF 5 %, SF 2 %); about one link in ten carries a lag of a
few whole working days, some of them negative (leads).  A few tasks carry a
"start no earlier than" constraint and a few gates a "finish no later than"
one.  Durations are whole working days, so a day-granularity scheduler gives
exactly the same dates as a minute-granularity one on a calendar of equal
working days.

The same ``seed`` and arguments always give the same plan.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import numpy as np

from pmo_xl.model.domain import CalendarSpec, Link, Project, ProjectData, Task
from pmo_xl.model.enums import ConstraintType, LinkType

LINK_TYPE_SHARES: dict[LinkType, float] = {
    LinkType.FS: 0.85,
    LinkType.SS: 0.08,
    LinkType.FF: 0.05,
    LinkType.SF: 0.02,
}
"""Share of each link type among generated links."""

PHASE_NAMES = ["Cadrage", "Conception", "Réalisation", "Recette", "Déploiement", "Clôture"]

LAG_SHARE = 0.10  # share of links with a lag
LAG_CHOICES = np.array([-3, -2, -1, 1, 2, 3, 5, 10])  # working days
START_CONSTRAINT_SHARE = 0.005  # share of tasks "start no earlier than"
FINISH_CONSTRAINT_SHARE = 0.25  # share of gates "finish no later than"
CROSS_LINK_WINDOW = 400  # a cross-link reaches at most this many tasks back


def _next_working_day(day: date, calendar: CalendarSpec) -> date:
    while not calendar.week.get(day.weekday()):
        day += timedelta(days=1)
    return day


def _add_weekdays(day: date, count: int, calendar: CalendarSpec) -> date:
    """``day`` moved forward by ``count`` working weekdays of ``calendar`` (holidays ignored)."""
    day = _next_working_day(day, calendar)
    for _ in range(count):
        day = _next_working_day(day + timedelta(days=1), calendar)
    return day


def _day_bounds(calendar: CalendarSpec, day: date) -> tuple[time, time]:
    periods = calendar.week[day.weekday()]
    start = min(p.start_minute for p in periods)
    end = max(p.end_minute for p in periods)
    end_time = time(23, 59) if end >= 24 * 60 else time(end // 60, end % 60)
    return time(start // 60, start % 60), end_time


def generate_network(
    task_count: int,
    seed: int = 0,
    *,
    links_per_task: float = 1.5,
    phase_count: int | None = None,
    start: date = date(2027, 1, 4),
    calendar: CalendarSpec | None = None,
    code: str = "GEN",
) -> ProjectData:
    """A plan of exactly ``task_count`` tasks (gates included) and about ``links_per_task`` links each.

    ``calendar`` is the project calendar (a 5-day 8 h week without public
    holidays when omitted).  Constraint dates fall on working weekdays of that
    calendar, at the start of the working day for a start constraint and at its
    end for a finish constraint.
    """
    if task_count < 2:
        raise ValueError("a generated network needs at least 2 tasks")
    rng = np.random.default_rng(seed)
    calendar = calendar or CalendarSpec(name="Standard", holiday_country=None)
    start = _next_working_day(start, calendar)
    if phase_count is None:
        phase_count = int(min(len(PHASE_NAMES) * 2, max(1, round(task_count ** (1 / 3) / 2))))
    phase_count = max(1, min(phase_count, task_count // 2))

    # Split the tasks over phases; each phase keeps one task for its gate.
    phase_sizes = np.full(phase_count, task_count // phase_count)
    phase_sizes[: task_count % phase_count] += 1

    link_types = list(LINK_TYPE_SHARES)
    link_type_p = np.array([LINK_TYPE_SHARES[t] for t in link_types])

    tasks: list[Task] = []
    stream_of: list[int] = []  # stream number of each task (-1 for gates)
    position_of: list[int] = []  # rank of each task in its stream
    phase_of: list[int] = []
    previous_gate: Task | None = None
    stream_number = 0
    elapsed_estimate = 0  # working days: a rough length of the plan so far

    def new_id() -> str:
        return f"T{len(tasks) + 1:06d}"

    # Random draws made in bulk, consumed in order: same seed, same plan.
    draw_size = int(task_count * (links_per_task + 1)) + 16
    kind_draws = rng.choice(len(link_types), size=draw_size, p=link_type_p).tolist()
    lag_draws = np.where(rng.random(draw_size) < LAG_SHARE,
                         rng.choice(LAG_CHOICES, size=draw_size), 0).tolist()
    duration_draws = rng.choice([1, 2, 3, 5, 5, 8, 10, 10, 15, 20], size=task_count).tolist()
    constraint_draws = (rng.random(task_count) < START_CONSTRAINT_SHARE).tolist()
    link_counter = [0]

    def random_link(predecessor_id: str) -> Link:
        index = link_counter[0] % draw_size
        link_counter[0] += 1
        return Link(predecessor_id=predecessor_id, type=link_types[kind_draws[index]],
                    lag_days=float(lag_draws[index]))

    for phase in range(phase_count):
        budget = int(phase_sizes[phase]) - 1  # tasks of this phase besides its gate
        phase_name = PHASE_NAMES[phase % len(PHASE_NAMES)]
        if phase >= len(PHASE_NAMES):
            phase_name += f" {phase // len(PHASE_NAMES) + 1}"
        stream_ends: list[Task] = []
        longest_stream_days = 0
        stream_in_phase = 0
        while budget > 0:
            length = int(min(budget, rng.integers(5, 31)))
            budget -= length
            stream_in_phase += 1
            stream_days = 0
            previous: Task | None = None
            for position in range(length):
                duration = int(duration_draws[len(tasks)])
                task = Task(
                    id=new_id(),
                    name=f"{phase_name} – flux {stream_in_phase} – tâche {position + 1}",
                    wbs=f"{phase + 1}.{stream_in_phase}.{position + 1}",
                    outline_level=1,
                    duration_days=float(duration),
                    calendar=calendar.name,
                )
                if previous is not None:
                    task.predecessors.append(random_link(previous.id))
                elif previous_gate is not None:
                    task.predecessors.append(Link(previous_gate.id))
                if constraint_draws[len(tasks)]:
                    offset = elapsed_estimate + int(rng.integers(0, 40))
                    day = _add_weekdays(start, offset, calendar)
                    task.constraint_type = ConstraintType.SNET
                    task.constraint_date = datetime.combine(day, _day_bounds(calendar, day)[0])
                stream_days += duration
                tasks.append(task)
                stream_of.append(stream_number)
                position_of.append(position)
                phase_of.append(phase)
                previous = task
            stream_number += 1
            longest_stream_days = max(longest_stream_days, stream_days)
            if previous is not None:
                stream_ends.append(previous)
        gate = Task(
            id=new_id(),
            name=f"Jalon : fin {phase_name.lower()}",
            wbs=f"{phase + 1}.0",
            outline_level=1,
            milestone=True,
            calendar=calendar.name,
        )
        gate.predecessors = [Link(end.id) for end in stream_ends]
        if previous_gate is not None and not stream_ends:
            gate.predecessors.append(Link(previous_gate.id))
        elapsed_estimate += longest_stream_days
        if phase > 0 and rng.random() < FINISH_CONSTRAINT_SHARE:
            day = _add_weekdays(start, int(elapsed_estimate * 1.5), calendar)
            gate.constraint_type = ConstraintType.FNLT
            gate.constraint_date = datetime.combine(day, _day_bounds(calendar, day)[1])
        tasks.append(gate)
        stream_of.append(-1)
        position_of.append(-1)
        phase_of.append(phase)
        previous_gate = gate

    # Cross-links between streams until the plan has the wanted number of links.
    wanted = int(round(links_per_task * task_count))
    link_count = sum(len(t.predecessors) for t in tasks)
    candidates = [i for i, s in enumerate(stream_of) if s >= 0]
    attempts = 0
    existing = {(l.predecessor_id, t.id) for t in tasks for l in t.predecessors}
    while link_count < wanted and attempts < 20 * task_count and len(candidates) > 1:
        attempts += 1
        successor_index = candidates[int(rng.integers(1, len(candidates)))]
        low = max(0, successor_index - CROSS_LINK_WINDOW)
        predecessor_index = int(rng.integers(low, successor_index))
        if stream_of[predecessor_index] < 0 or stream_of[predecessor_index] == stream_of[successor_index]:
            continue
        if phase_of[successor_index] != phase_of[predecessor_index]:
            continue
        if position_of[predecessor_index] >= position_of[successor_index]:
            continue  # hand-overs go from an earlier step of one stream to a later step of another
        successor, predecessor = tasks[successor_index], tasks[predecessor_index]
        if (predecessor.id, successor.id) in existing:
            continue
        existing.add((predecessor.id, successor.id))
        successor.predecessors.append(random_link(predecessor.id))
        link_count += 1

    project = Project(
        code=code,
        name=f"Plan généré ({task_count} tâches, graine {seed})",
        start=start,
        calendar=calendar.name,
        minutes_per_day=480,
    )
    return ProjectData(project=project, tasks=tasks, calendars={calendar.name: calendar},
                       source=f"generate_network({task_count}, seed={seed})")
