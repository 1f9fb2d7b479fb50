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
``acceptance_test_gate``      deployment                   a task named recette/acceptance/test/UAT is 100 %
``security_test_gate``        deployment                   a task named sécurité/security/pentest/intrusion is 100 %
``closure_report``            closure                      a task named clôture/bilan/closure is 100 %
============================  ==========================  =======================================

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
import re
from datetime import date

import pandas as pd

from pmo_xl.model import Methodology, Phase, ProjectData, label

from .common import as_date, is_open
from pmo_xl.model.portfolio import TABLES_BY_KEY, conform

PHASE_ORDER = list(Phase)
PREDICTABILITY_TARGET = 0.8
BURNDOWN_TOLERANCE = 0.10

_ACCEPTANCE = re.compile(r"recette|acceptance|\buat\b|homologation|test", re.IGNORECASE)
_SECURITY = re.compile(r"s[ée]curit|security|pentest|intrusion", re.IGNORECASE)
_CLOSURE = re.compile(r"cl[oô]ture|bilan|closure|lessons", re.IGNORECASE)

STAGE_GATE = (
    ("charter_budget_approved", "Charte et budget approuvés", Phase.FRAMING),
    ("baseline_set", "Planning de référence posé", Phase.DESIGN),
    ("risks_identified", "Risques identifiés", Phase.FRAMING),
    ("acceptance_test_gate", "Recette validée avant mise en production", Phase.DEPLOYMENT),
    ("security_test_gate", "Tests de sécurité validés avant mise en production", Phase.DEPLOYMENT),
    ("closure_report", "Rapport de clôture", Phase.CLOSURE),
)


def _leaves(data: ProjectData):
    return [t for t in data.tasks if not t.summary]


def _done_task_named(data: ProjectData, pattern: re.Pattern) -> str | None:
    for task in _leaves(data):
        if pattern.search(task.name or "") and (task.percent_complete or 0) >= 100:
            return task.name
    return None


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
            elif code == "risks_identified":
                ok = bool(data.risks)
                detail = None if ok else "registre des risques vide"
            else:
                pattern = {"acceptance_test_gate": _ACCEPTANCE, "security_test_gate": _SECURITY,
                           "closure_report": _CLOSURE}[code]
                found = _done_task_named(data, pattern)
                ok = found is not None
                detail = found if ok else "aucune tâche correspondante achevée"
            status = "ok" if ok else "missing"
        rows.append({"check_code": code, "check_label": text, "status": status, "value": math.nan,
                     "target": math.nan, "detail": detail})
    return rows


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


def compliance_table(projects: list[ProjectData], status_date: date,
                     stale_after_days: int) -> tuple[pd.DataFrame, dict[str, float], dict[str, float]]:
    """The compliance table, the compliance score and the data-quality score by project."""
    rows, compliance_scores, quality_scores = [], {}, {}
    for data in projects:
        project = data.project
        checks: list[dict] = []
        if project.methodology in (Methodology.CLASSIC, Methodology.HYBRID):
            checks.extend(_stage_gate_rows(data))
        if project.methodology is Methodology.AGILE or (project.methodology is Methodology.HYBRID and data.sprints):
            checks.extend(_agile_rows(data, status_date))
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
