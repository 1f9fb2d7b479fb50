"""The vocabulary of portfolio governance: committees, their members and registers.

A :class:`CommitteeDefinition` is one recurring committee (COPIL, a COPROJ of a
programme or project, the technical committee) with its recurrence text, chair,
quorum and members.  The registers the PMO keeps in the master workbook are
:class:`GovernanceRegisters`: committee decisions and actions (the domain's
:class:`~pmo_xl.model.domain.Action` and :class:`~pmo_xl.model.domain.Decision`),
the history of their status changes, the meetings whose minutes were imported,
the stage-gate register and the change-request log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from enum import Enum

from .domain import Action, Decision
from .enums import Committee


class RegisterKind(str, Enum):
    """Which register an item belongs to."""

    ACTION = "action"
    DECISION = "decision"


class GateDecision(str, Enum):
    """What a committee decided at a stage gate."""

    GO = "go"
    GO_WITH_CONDITIONS = "go_with_conditions"
    NO_GO = "no_go"
    POSTPONED = "postponed"


class ChangeDecision(str, Enum):
    """What a committee decided on a change request."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


GATE_DECISION_LABELS = {
    GateDecision.GO: ("go", "go"),
    GateDecision.GO_WITH_CONDITIONS: ("go sous conditions", "go with conditions"),
    GateDecision.NO_GO: ("no-go", "no-go"),
    GateDecision.POSTPONED: ("reporté", "postponed"),
}
CHANGE_DECISION_LABELS = {
    ChangeDecision.PENDING: ("en attente", "pending"),
    ChangeDecision.APPROVED: ("approuvée", "approved"),
    ChangeDecision.REJECTED: ("rejetée", "rejected"),
}


@dataclass(frozen=True)
class Member:
    """A member of a committee: name, e-mail, role and the language they read."""

    name: str
    email: str | None = None
    role: str | None = None
    lang: str = "fr"


@dataclass(frozen=True)
class CommitteeDefinition:
    """One recurring committee of the Config sheet.

    ``scope`` is empty for a portfolio committee, a programme name or a
    project code for a COPROJ; ``recurrence`` is the text the PMO typed
    ("2e mardi du mois", "every other Thursday").
    """

    committee: Committee
    scope: str | None
    recurrence: str
    start_time: time
    end_time: time
    first_day: date | None = None
    last_day: date | None = None
    place: str | None = None
    chair: str | None = None
    quorum: int | None = None
    organiser_email: str | None = None
    members: tuple[Member, ...] = ()

    @property
    def key(self) -> str:
        """``COPIL`` or ``COPROJ/<scope>``: how the committee is named in files and references."""
        return self.committee.value + (f"/{self.scope}" if self.scope else "")


@dataclass(frozen=True)
class StatusChange:
    """One change of status or due date of a register item, with the meeting that made it."""

    ref: str
    kind: RegisterKind
    day: date
    old_status: str | None
    new_status: str | None
    old_due: date | None = None
    new_due: date | None = None
    meeting: str | None = None


@dataclass(frozen=True)
class MeetingRecord:
    """A meeting whose minutes were imported: committee, date, attendees and the file read."""

    meeting_id: str
    committee: str
    day: date
    attendees: tuple[str, ...] = ()
    present: tuple[str, ...] = ()
    quorum_reached: bool | None = None
    source_file: str | None = None


@dataclass(frozen=True)
class GateRecord:
    """One row of the stage-gate register: one project at one gate."""

    project: str
    gate: str
    planned: date | None = None
    actual: date | None = None
    decision: GateDecision | None = None
    conditions: str | None = None
    conditions_owner: str | None = None
    conditions_due: date | None = None
    evidence_expected: str | None = None
    evidence_received: str | None = None
    committee: str | None = None


@dataclass(frozen=True)
class GateDefinition:
    """A gate of a life cycle (Config): its code, label and the phase it opens."""

    cycle: str  # "classique" (classic) or "agile"
    code: str
    label: str
    opens_phase: str | None = None


@dataclass(frozen=True)
class ChangeRequest:
    """One entry of the change-request log."""

    ref: str
    project: str
    request: str
    requester: str | None = None
    submitted_on: date | None = None
    cost_impact: float | None = None
    delay_days: float | None = None
    scope_impact: str | None = None
    decision: ChangeDecision = ChangeDecision.PENDING
    committee: str | None = None
    decided_on: date | None = None
    new_baseline_finish: date | None = None


@dataclass
class GovernanceRegisters:
    """Everything the master's governance sheets hold."""

    actions: list[Action] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    history: list[StatusChange] = field(default_factory=list)
    meetings: list[MeetingRecord] = field(default_factory=list)
    gates: list[GateRecord] = field(default_factory=list)
    change_requests: list[ChangeRequest] = field(default_factory=list)
