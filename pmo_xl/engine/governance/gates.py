"""Stage gates from the gate register: which gates a project must have passed, and the follow-up of conditions.

A gate of the Config list applies to a project:

* classic and hybrid projects follow the ``classique`` cycle: a gate is
  required once the project has reached the phase the gate opens (G1 opens
  framing: a project in framing or later must have passed G1); a gate that
  opens no phase is required once its planned date is passed;
* agile projects (and the sprints of hybrid ones) follow the ``agile``
  cycle: a release gate is required once its planned date in the register
  is passed.

A required gate is *passed* when the register records a go or a go with
conditions and every piece of evidence expected was received (evidence
lists are separated by ``;``).  Anything else is *missing*; a gate not
required is *n/a*.

A go with conditions opens a follow-up action (:func:`condition_actions`):
owner and due date of the conditions, closed once all the evidence expected
is received.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pmo_xl.model import Action, Committee, ItemStatus, Methodology, Phase, parse_enum
from pmo_xl.model.governance import GateDecision, GateDefinition, GateRecord
from pmo_xl.model.schemas import fold_label

CLASSIC_CYCLE = "classique"
AGILE_CYCLE = "agile"
PASSING = (GateDecision.GO, GateDecision.GO_WITH_CONDITIONS)
CONDITION_ACTION_PREFIX = "PORTE"


@dataclass(frozen=True)
class GateCheck:
    """The state of one gate of one project: ``ok``, ``missing`` or ``n/a``, and why (codes and values)."""

    gate: str
    label: str
    status: str
    decision: GateDecision | None = None
    evidence_missing: tuple[str, ...] = ()
    reason: str | None = None  # not_required, no_record, not_decided, decision, evidence_missing


def evidence_items(text: str | None) -> list[str]:
    """The pieces of evidence of a register cell (``;``-separated)."""
    return [item.strip() for item in str(text or "").split(";") if item.strip()]


def missing_evidence(record: GateRecord) -> tuple[str, ...]:
    """Evidence expected and not (yet) received."""
    received = {fold_label(item) for item in evidence_items(record.evidence_received)}
    return tuple(item for item in evidence_items(record.evidence_expected) if fold_label(item) not in received)


def _cycles(methodology: Methodology, has_sprints: bool) -> tuple[str, ...]:
    if methodology is Methodology.AGILE:
        return (AGILE_CYCLE,)
    if methodology is Methodology.HYBRID and has_sprints:
        return (CLASSIC_CYCLE, AGILE_CYCLE)
    return (CLASSIC_CYCLE,)


def _required(definition: GateDefinition, record: GateRecord | None, phase: Phase, status_date: date) -> bool:
    opens = parse_enum(Phase, definition.opens_phase) if definition.opens_phase else None
    if opens is not None:
        return list(Phase).index(phase) >= list(Phase).index(opens)
    return record is not None and record.planned is not None and record.planned <= status_date


def _check(definition: GateDefinition, record: GateRecord | None, phase: Phase, status_date: date) -> GateCheck:
    if not _required(definition, record, phase, status_date):
        return GateCheck(definition.code, definition.label, "n/a", reason="not_required")
    if record is None:
        return GateCheck(definition.code, definition.label, "missing", reason="no_record")
    if record.decision is None:
        return GateCheck(definition.code, definition.label, "missing", reason="not_decided")
    if record.decision not in PASSING:
        return GateCheck(definition.code, definition.label, "missing", record.decision, reason="decision")
    lacking = missing_evidence(record)
    if lacking:
        return GateCheck(definition.code, definition.label, "missing", record.decision, lacking, "evidence_missing")
    return GateCheck(definition.code, definition.label, "ok", record.decision)


def gate_checks(project_code: str, methodology: Methodology, phase: Phase, has_sprints: bool,
                definitions: list[GateDefinition], records: list[GateRecord], status_date: date) -> list[GateCheck]:
    """The checks of every gate of the project's cycles, from the register (latest row per gate wins)."""
    own = {fold_label(r.gate): r for r in records if fold_label(r.project) == fold_label(project_code)}
    checks = []
    for cycle in _cycles(methodology, has_sprints):
        for definition in (d for d in definitions if d.cycle == cycle):
            checks.append(_check(definition, own.get(fold_label(definition.code)), phase, status_date))
    return checks


def condition_actions(records: list[GateRecord]) -> list[Action]:
    """One follow-up action per go with conditions: the conditions, their owner and due date."""
    actions = []
    for record in records:
        if record.decision is not GateDecision.GO_WITH_CONDITIONS or not record.conditions:
            continue
        done = bool(evidence_items(record.evidence_expected)) and not missing_evidence(record)
        actions.append(Action(
            f"{CONDITION_ACTION_PREFIX}-{record.project}-{record.gate}", record.conditions,
            owner=record.conditions_owner, due_date=record.conditions_due,
            status=ItemStatus.CLOSED if done else ItemStatus.OPEN,
            committee=parse_enum(Committee, record.committee), raised_on=record.actual, project=record.project,
            origin=f"{record.project} {record.gate}"))
    return actions
