"""Inputs of the schedule risk analysis: three-point durations, risk events, uncertainty bands.

A :class:`ThreePointEstimate` gives a task's optimistic, most likely and
pessimistic durations (working days).  Tasks without one get a band around
their duration from :data:`DEFAULT_PHASE_BANDS`, chosen by the *phase* of the
task: the name of its top-level summary task matched against the phase
keywords (``Recette`` → test).  A :class:`RiskEvent` of the risk register
occurs with its probability and then lengthens the tasks it is mapped to and
adds its cost.

:func:`estimates_from_plan` and :func:`risk_events_from_register` read them
from the plan and check them: a three-point estimate not in order (min ≤
most likely ≤ max), a probability outside 0–1 or a risk mapped to an unknown
task is a located :class:`~pmo_xl.errors.Problem`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Mapping

from pmo_xl.errors import Location, Problem, ProblemList
from pmo_xl.model import ItemStatus, Phase, ProjectData, Task
from pmo_xl.model.schemas import RISKS, TASKS

#: (optimistic, pessimistic) share of the most likely duration, by phase: a build task of 10 days lasts
#: 9 to 14 days.
DEFAULT_PHASE_BANDS: dict[Phase | None, tuple[float, float]] = {
    Phase.INITIATION: (0.90, 1.20),
    Phase.FRAMING: (0.90, 1.25),
    Phase.DESIGN: (0.90, 1.30),
    Phase.BUILD: (0.90, 1.40),
    Phase.TEST: (0.90, 1.50),
    Phase.DEPLOYMENT: (0.95, 1.30),
    Phase.CLOSURE: (0.95, 1.15),
    None: (0.90, 1.30),
}

#: Words of a top-level summary's name that give its phase (folded: no case, no accents).
PHASE_KEYWORDS: dict[Phase, tuple[str, ...]] = {
    Phase.INITIATION: ("initialisation", "initiation", "demarrage"),
    Phase.FRAMING: ("cadrage", "framing", "sprint 0"),
    Phase.DESIGN: ("conception", "design", "specification"),
    Phase.BUILD: ("realisation", "developpement", "build", "development", "construction", "lot "),
    Phase.TEST: ("recette", "test", "qualification", "acceptance"),
    Phase.DEPLOYMENT: ("deploiement", "mise en production", "deployment", "go-live", "bascule"),
    Phase.CLOSURE: ("cloture", "closure", "hypercare", "bilan"),
}

#: The chance of a risk of the 1–5 probability scale occurring, when the register gives no percentage.
PROBABILITY_SCALE = {1: 0.10, 2: 0.30, 3: 0.50, 4: 0.70, 5: 0.90}


@dataclass(frozen=True)
class ThreePointEstimate:
    """A task's optimistic, most likely and pessimistic durations, in working days."""

    task_id: str
    optimistic: float
    most_likely: float
    pessimistic: float

    @property
    def in_order(self) -> bool:
        return 0 <= self.optimistic <= self.most_likely <= self.pessimistic


@dataclass(frozen=True)
class RiskEvent:
    """A risk that occurs with ``probability`` (0–1) and then adds ``delay_days`` working days to each task of
    ``task_ids`` and ``cost_impact`` to the project's cost."""

    id: str
    probability: float
    task_ids: tuple[str, ...]
    delay_days: float = 0.0
    cost_impact: float = 0.0


def fold(text: str) -> str:
    """``text`` without case or accents, for keyword matching."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def phase_of_name(name: str | None) -> Phase | None:
    """The phase a summary task's name speaks of, or ``None``."""
    folded = fold(name or "")
    for phase, words in PHASE_KEYWORDS.items():
        if any(word in folded for word in words):
            return phase
    return None


def top_summaries(tasks: list[Task]) -> dict[str, Task | None]:
    """For each task id, the top-level summary task it sits under (``None`` for a top-level task)."""
    owner: dict[str, Task | None] = {}
    current: Task | None = None
    for index, task in enumerate(tasks):
        if task.outline_level <= 1:
            following = tasks[index + 1] if index + 1 < len(tasks) else None
            current = task if (task.summary or (following is not None and following.outline_level > 1)) else None
            owner[task.id] = None
        else:
            owner[task.id] = current
    return owner


def _task_location(data: ProjectData, field_name: str) -> Location:
    return Location(file=data.source, sheet=TASKS.sheet_fr, column=TASKS.column(field_name).label_fr)


def estimates_from_plan(data: ProjectData, bands: Mapping[Phase | None, tuple[float, float]] | None = None,
                        problems: ProblemList | None = None) -> dict[str, ThreePointEstimate]:
    """The three-point estimate of every leaf task: its own columns, else its phase's band.

    A task whose estimate is not in order gets an error in ``problems`` and keeps its band instead.
    """
    bands = dict(DEFAULT_PHASE_BANDS if bands is None else bands)
    problems = problems if problems is not None else ProblemList()
    owners = top_summaries(data.tasks)
    estimates = {}
    for task in data.tasks:
        if task.summary:
            continue
        likely = task.duration_days
        owner = owners.get(task.id)
        low, high = bands.get(phase_of_name(owner.name) if owner else None, bands.get(None, (1.0, 1.0)))
        estimate = ThreePointEstimate(task.id, likely * low, likely, likely * high)
        if task.duration_optimistic_days is not None or task.duration_pessimistic_days is not None:
            given = ThreePointEstimate(
                task.id,
                task.duration_optimistic_days if task.duration_optimistic_days is not None else likely,
                likely,
                task.duration_pessimistic_days if task.duration_pessimistic_days is not None else likely)
            if given.in_order:
                estimate = given
            else:
                problems.append(Problem(
                    "three-point estimate not in order", _task_location(data, "duration_optimistic_days"),
                    f"{task.id}: {given.optimistic:g} / {given.most_likely:g} / {given.pessimistic:g}",
                    "optimistic ≤ most likely (the duration) ≤ pessimistic", code="three_point_order"))
        estimates[task.id] = estimate
    return estimates


def _risk_location(data: ProjectData, field_name: str) -> Location:
    return Location(file=data.source, sheet=RISKS.sheet_fr, column=RISKS.column(field_name).label_fr)


def risk_events_from_register(data: ProjectData, problems: ProblemList | None = None) -> list[RiskEvent]:
    """The open risks of the register that lengthen tasks or cost money, as events of the analysis.

    A risk counts when it names tasks or a cost.  Its probability is its likelihood % (else the 1–5 scale of
    :data:`PROBABILITY_SCALE`).  A likelihood outside 0–100 % or a task that is not in the plan is an error in
    ``problems`` and the risk is left out.
    """
    problems = problems if problems is not None else ProblemList()
    known = {t.id for t in data.tasks}
    events = []
    for risk in data.risks:
        if risk.status not in (ItemStatus.OPEN, ItemStatus.IN_PROGRESS):
            continue
        task_ids = tuple(part.strip() for part in (risk.task_ids or "").replace(",", ";").split(";") if part.strip())
        if not task_ids and not risk.cost_impact:
            continue
        if risk.likelihood_percent is not None:
            probability = risk.likelihood_percent / 100.0
        else:
            probability = PROBABILITY_SCALE.get(risk.probability, 0.5)
        event = RiskEvent(risk.id, probability, task_ids, risk.delay_days or 0.0, risk.cost_impact or 0.0)
        found = check_risk_event(event, known, data)
        problems.extend(found)
        if not found:
            events.append(event)
    return events


def check_risk_event(event: RiskEvent, known_task_ids: set[str], data: ProjectData) -> list[Problem]:
    """The problems of one risk event: probability outside 0–1, unknown task, negative impact."""
    found = []
    if not 0.0 <= event.probability <= 1.0:
        found.append(Problem("probability outside 0-1", _risk_location(data, "likelihood_percent"),
                             f"{event.id}: {event.probability:g}", "between 0 and 1 (0 % to 100 %)",
                             code="risk_probability"))
    for task_id in event.task_ids:
        if task_id not in known_task_ids:
            found.append(Problem("unknown task", _risk_location(data, "task_ids"), f"{event.id}: {task_id}",
                                 "the ID of a task of the tasks sheet", code="risk_unknown_task"))
    if event.delay_days < 0 or event.cost_impact < 0:
        found.append(Problem("negative value", _risk_location(data, "delay_days"), event.id, "0 or more",
                             code="risk_negative_impact"))
    return found


def check_estimates(estimates: Mapping[str, ThreePointEstimate], data: ProjectData) -> list[Problem]:
    """The problems of three-point estimates given directly: not in order, or naming an unknown task."""
    known = {t.id for t in data.tasks}
    found = []
    for estimate in estimates.values():
        if estimate.task_id not in known:
            found.append(Problem("unknown task", _task_location(data, "id"), estimate.task_id,
                                 "the ID of a task of the tasks sheet", code="three_point_unknown_task"))
        elif not estimate.in_order:
            found.append(Problem(
                "three-point estimate not in order", _task_location(data, "duration_optimistic_days"),
                f"{estimate.task_id}: {estimate.optimistic:g} / {estimate.most_likely:g} / {estimate.pessimistic:g}",
                "optimistic ≤ most likely ≤ pessimistic", code="three_point_order"))
    return found
