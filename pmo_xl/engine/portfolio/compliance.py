"""Methodology compliance and data quality of each project.

Classic (and hybrid) projects are checked against the stage gate of their
phase; each required item applies from the phase shown on and stays required
after it:

============================  ==========================  =======================================
check                         required from phase          satisfied when
============================  ==========================  =======================================
``charter_budget_approved``   framing                      the card has an approved budget > 0
``baseline_set``              design                       every leaf task has baseline start and finish
``risks_identified``          framing                      the risk register is not empty
============================  ==========================  =======================================

The stage gates themselves (``gate_G0`` … ``gate_G5``, agile release gates
``gate_R1`` …) come from the master's gate register, never from task names:
see :mod:`pmo_xl.engine.governance.gates`.  ``rebaseline_approved`` checks
that a re-baseline is covered by an approved change request
(:mod:`pmo_xl.engine.governance.change_control`).

Agile (and hybrid projects with sprints) are checked on their finished
sprints (finish ≤ status date): ``velocity`` (at least three finished
sprints; value = mean completed points of the last three), ``predictability``
(completed / committed points of the last three, target ≥ 0.8) and
``burndown`` (in the sprint running at the status date, remaining points ≤
the ideal straight line + 10 % of the commitment).

The compliance score = checks satisfied / checks applicable.  The data
quality score is the share of the eight rules of :func:`data_quality_checks`
a workbook satisfies (see docs/portfolio.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from pmo_xl.engine.governance.change_control import change_control_check
from pmo_xl.engine.governance.gates import GateCheck, gate_checks
from pmo_xl.model import Methodology, Phase, ProjectData, label
from pmo_xl.model.governance import GATE_DECISION_LABELS

from .common import as_date, is_open
from pmo_xl.model.portfolio import TABLES_BY_KEY, conform

PHASE_ORDER = list(Phase)
PREDICTABILITY_TARGET = 0.8
BURNDOWN_TOLERANCE = 0.10

STAGE_GATE = (
    ("charter_budget_approved", "Charte et budget approuvés", Phase.FRAMING),
    ("baseline_set", "Planning de référence posé", Phase.DESIGN),
    ("risks_identified", "Risques identifiés", Phase.FRAMING),
)
GATE_REASONS = {"not_required": "pas encore exigée à cette phase", "no_record": "porte absente du registre",
                "not_decided": "décision non enregistrée"}


@dataclass
class GovernanceCompliance:
    """What the master's registers give compliance: gate definitions and register, change log, last baselines."""

    gate_definitions: list = field(default_factory=list)
    gates: list = field(default_factory=list)
    change_requests: list = field(default_factory=list)
    previous_baselines: dict = field(default_factory=dict)  # project code -> baseline finish last consolidated


def _leaves(data: ProjectData):
    return [t for t in data.tasks if not t.summary]


def _stage_gate_rows(data: ProjectData) -> list[dict]:
    phase_index = PHASE_ORDER.index(data.project.phase)
    rows = []
    for code, text, from_phase in STAGE_GATE:
        applicable = phase_index >= PHASE_ORDER.index(from_phase)
        detail = None
        if not applicable:
            status = "n/a"
            detail = f"exigé à partir de la phase {label(from_phase)}"
        else:
            if code == "charter_budget_approved":
                ok = bool(data.project.approved_budget and data.project.approved_budget > 0)
                detail = None if ok else "budget approuvé absent de la fiche projet"
            elif code == "baseline_set":
                missing = [t.id for t in _leaves(data) if t.baseline_start is None or t.baseline_finish is None]
                ok = bool(_leaves(data)) and not missing
                detail = None if ok else f"{len(missing)} tâche(s) sans référence"
            else:
                ok = bool(data.risks)
                detail = None if ok else "registre des risques vide"
            status = "ok" if ok else "missing"
        rows.append({"check_code": code, "check_label": text, "status": status, "value": math.nan,
                     "target": math.nan, "detail": detail})
    return rows


def _gate_detail(check: GateCheck) -> str | None:
    if check.reason == "decision":
        return "décision : " + GATE_DECISION_LABELS[check.decision][0]
    if check.reason == "evidence_missing":
        return "preuves manquantes : " + "; ".join(check.evidence_missing)
    if check.reason in GATE_REASONS:
        return GATE_REASONS[check.reason]
    return GATE_DECISION_LABELS[check.decision][0] if check.decision else None


def _gate_rows(data: ProjectData, governance: GovernanceCompliance, status_date: date) -> list[dict]:
    project = data.project
    checks = gate_checks(project.code, project.methodology, project.phase, bool(data.sprints),
                         governance.gate_definitions, governance.gates, status_date)
    return [{"check_code": f"gate_{c.gate}", "check_label": f"Porte {c.gate} : {c.label}", "status": c.status,
             "value": math.nan, "target": math.nan, "detail": _gate_detail(c)} for c in checks]


def baseline_finish_of(data: ProjectData) -> date | None:
    """The project's baseline finish: the card's, else the latest baseline finish of its tasks."""
    if data.project.baseline_finish:
        return as_date(data.project.baseline_finish)
    finishes = [as_date(t.baseline_finish) for t in data.tasks if t.baseline_finish is not None]
    return max(finishes) if finishes else None


def _change_control_row(data: ProjectData, governance: GovernanceCompliance) -> dict:
    code = data.project.code
    check = change_control_check(code, baseline_finish_of(data), governance.previous_baselines.get(code),
                                 governance.change_requests)
    if check.status == "missing":
        finish = f"{check.baseline_finish:%d/%m/%Y}" if check.baseline_finish else "?"
        pending = f" (demande non approuvée : {', '.join(check.pending_requests)})" if check.pending_requests else ""
        detail = f"nouvelle référence au {finish} sans demande de changement approuvée{pending}"
    elif check.covering_request:
        detail = f"couverte par {check.covering_request}"
    else:
        detail = None
    return {"check_code": "rebaseline_approved", "check_label": "Re-planification couverte par une demande "
            "de changement approuvée", "status": check.status, "value": math.nan, "target": math.nan,
            "detail": detail}


def _agile_rows(data: ProjectData, status_date: date) -> list[dict]:
    finished = sorted((s for s in data.sprints if as_date(s.finish) <= status_date), key=lambda s: s.finish)
    last = finished[-3:]
    rows = []
    velocity = sum(s.completed_points for s in last) / len(last) if last else math.nan
    rows.append({"check_code": "velocity", "check_label": "Vélocité mesurée sur trois sprints",
                 "status": "ok" if len(finished) >= 3 else "missing", "value": velocity,
                 "target": math.nan, "detail": f"{len(finished)} sprint(s) terminé(s)"})
    committed = sum(s.committed_points for s in last)
    predictability = sum(s.completed_points for s in last) / committed if committed else math.nan
    rows.append({"check_code": "predictability", "check_label": "Prévisibilité (réalisé / engagé)",
                 "status": "missing" if math.isnan(predictability) or predictability < PREDICTABILITY_TARGET else "ok",
                 "value": predictability, "target": PREDICTABILITY_TARGET,
                 "detail": None if committed else "aucun engagement de sprint"})
    current = [s for s in data.sprints if as_date(s.start) <= status_date < as_date(s.finish)]
    if current:
        sprint = current[0]
        length = (as_date(sprint.finish) - as_date(sprint.start)).days or 1
        elapsed = (status_date - as_date(sprint.start)).days / length
        ideal_remaining = sprint.committed_points * (1 - elapsed)
        remaining = sprint.committed_points - sprint.completed_points
        ok = remaining <= ideal_remaining + BURNDOWN_TOLERANCE * sprint.committed_points
        rows.append({"check_code": "burndown", "check_label": "Burndown du sprint en cours",
                     "status": "ok" if ok else "missing", "value": remaining, "target": ideal_remaining,
                     "detail": sprint.name})
    else:
        rows.append({"check_code": "burndown", "check_label": "Burndown du sprint en cours", "status": "n/a",
                     "value": math.nan, "target": math.nan, "detail": "aucun sprint en cours"})
    return rows


def data_quality_checks(data: ProjectData, status_date: date, stale_after_days: int) -> dict[str, bool]:
    """The eight data-quality rules of a project workbook and whether each holds."""
    leaves = _leaves(data)
    work = [t for t in leaves if not t.milestone]
    status = as_date(data.project.status_date)
    past_budget = [b for b in data.budget if as_date(b.month) <= status_date]
    open_risks = [r for r in data.risks if is_open(r.status)]
    open_actions = [a for a in data.actions if is_open(a.status)]
    return {
        "fresh_status_date": status is not None and (status_date - status).days <= stale_after_days,
        "baseline_complete": bool(leaves) and all(t.baseline_start and t.baseline_finish for t in leaves),
        "progress_consistent": all((t.percent_complete <= 0 or t.actual_start is not None)
                                   and (t.percent_complete < 100 or t.actual_finish is not None) for t in leaves),
        "work_assigned": bool(work) and all(t.resources for t in work),
        "actuals_recorded": not past_budget or any(b.actual for b in past_budget),
        "risks_owned": all(r.owner and r.response for r in open_risks),
        "actions_owned": all(a.owner and a.due_date for a in open_actions),
        "status_report_current": any(s.status_date is not None and 0 <= (status_date - as_date(s.status_date)).days
                                     <= stale_after_days for s in data.status_reports),
    }


def compliance_table(projects: list[ProjectData], status_date: date, stale_after_days: int,
                     governance: GovernanceCompliance | None = None
                     ) -> tuple[pd.DataFrame, dict[str, float], dict[str, float]]:
    """The compliance table, the compliance score and the data-quality score by project."""
    governance = governance or GovernanceCompliance()
    rows, compliance_scores, quality_scores = [], {}, {}
    for data in projects:
        project = data.project
        checks: list[dict] = []
        if project.methodology in (Methodology.CLASSIC, Methodology.HYBRID):
            checks.extend(_stage_gate_rows(data))
        if project.methodology is Methodology.AGILE or (project.methodology is Methodology.HYBRID and data.sprints):
            checks.extend(_agile_rows(data, status_date))
        checks.extend(_gate_rows(data, governance, status_date))
        checks.append(_change_control_row(data, governance))
        quality = data_quality_checks(data, status_date, stale_after_days)
        quality_score = sum(quality.values()) / len(quality)
        failed = [k for k, ok in quality.items() if not ok]
        checks.append({"check_code": "data_quality", "check_label": "Qualité des données du classeur",
                       "status": "ok" if not failed else "missing", "value": quality_score, "target": 1.0,
                       "detail": ", ".join(failed) or None})
        applicable = [c for c in checks if c["status"] != "n/a" and c["check_code"] != "data_quality"]
        compliance_scores[project.code] = (sum(c["status"] == "ok" for c in applicable) / len(applicable)
                                           if applicable else math.nan)
        quality_scores[project.code] = quality_score
        for check in checks:
            rows.append({"project_code": project.code, "methodology": label(project.methodology),
                         "phase": label(project.phase), **check})
    return conform(TABLES_BY_KEY["compliance"], pd.DataFrame(rows)), compliance_scores, quality_scores
