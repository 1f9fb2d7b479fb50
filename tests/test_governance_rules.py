"""Pure governance rules: stage gates from the register, change control, overdue and escalation."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd

from pmo_xl.engine.governance.change_control import approved_since, change_control_check
from pmo_xl.engine.governance.followup import days_overdue, is_escalated
from pmo_xl.engine.governance.gates import condition_actions, gate_checks
from pmo_xl.model import ItemStatus, Methodology, Phase
from pmo_xl.model.domain import Project, ProjectData, Task
from pmo_xl.model.governance import ChangeDecision, ChangeRequest, GateDecision, GateDefinition, GateRecord
from pmo_xl.engine.portfolio.compliance import GovernanceCompliance, compliance_table

STATUS = date(2026, 10, 30)
CLASSIC = [GateDefinition("classique", "G0", "Opportunité", "initialisation"),
           GateDefinition("classique", "G1", "Cadrage", "cadrage"),
           GateDefinition("classique", "G2", "Conception", "conception"),
           GateDefinition("classique", "G3", "Réalisation", "réalisation"),
           GateDefinition("classique", "G4", "Mise en production", "déploiement")]
AGILE = [GateDefinition("agile", "R1", "Release 1"), GateDefinition("agile", "R2", "Release 2")]


def test_a_project_in_build_must_have_passed_g0_to_g3():
    records = [GateRecord("P1", "G0", decision=GateDecision.GO),
               GateRecord("P1", "G1", decision=GateDecision.GO_WITH_CONDITIONS, evidence_expected="Charte; Budget",
                          evidence_received="charte ; budget"),
               GateRecord("P1", "G2", decision=GateDecision.GO, evidence_expected="Dossier d'architecture"),
               GateRecord("OTHER", "G3", decision=GateDecision.GO)]
    checks = {c.gate: c for c in gate_checks("P1", Methodology.CLASSIC, Phase.BUILD, False, CLASSIC, records, STATUS)}
    assert {g: c.status for g, c in checks.items()} == {"G0": "ok", "G1": "ok", "G2": "missing", "G3": "missing",
                                                         "G4": "n/a"}
    assert checks["G2"].evidence_missing == ("Dossier d'architecture",)
    assert checks["G3"].reason == "no_record"  # the other project's G3 does not count


def test_agile_release_gates_apply_once_planned_and_no_go_is_missing():
    records = [GateRecord("AG", "R1", planned=date(2026, 9, 1), decision=GateDecision.GO),
               GateRecord("AG", "R2", planned=date(2026, 10, 15), decision=GateDecision.NO_GO)]
    checks = gate_checks("AG", Methodology.AGILE, Phase.BUILD, True, CLASSIC + AGILE, records, STATUS)
    assert [(c.gate, c.status, c.reason) for c in checks] == [("R1", "ok", None), ("R2", "missing", "decision")]
    later = [GateRecord("AG", "R2", planned=date(2026, 12, 1))]
    assert [c.status for c in gate_checks("AG", Methodology.AGILE, Phase.BUILD, True, AGILE, later, STATUS)] == [
        "n/a", "n/a"]


def test_a_conditional_go_opens_an_action_closed_by_the_evidence():
    open_one = GateRecord("P1", "G3", actual=date(2026, 10, 1), decision=GateDecision.GO_WITH_CONDITIONS,
                          conditions="Recruter un architecte", conditions_owner="Omar Tazi",
                          conditions_due=date(2026, 10, 20), evidence_expected="Contrat", committee="COPIL")
    done = GateRecord("P2", "G2", decision=GateDecision.GO_WITH_CONDITIONS, conditions="Valider le budget",
                      evidence_expected="PV", evidence_received="PV")
    plain = GateRecord("P3", "G2", decision=GateDecision.GO, conditions="rien")
    actions = condition_actions([open_one, done, plain])
    assert [(a.id, a.status, a.owner, a.due_date) for a in actions] == [
        ("PORTE-P1-G3", ItemStatus.OPEN, "Omar Tazi", date(2026, 10, 20)),
        ("PORTE-P2-G2", ItemStatus.CLOSED, None, None)]


def test_change_control_flags_a_rebaseline_without_an_approved_request():
    new_finish = date(2027, 3, 31)
    pending = ChangeRequest("CR-1", "P1", "Décaler la mise en production", new_baseline_finish=new_finish)
    approved = ChangeRequest("CR-2", "P2", "Ajout d'un lot", decision=ChangeDecision.APPROVED,
                             decided_on=date(2026, 10, 20), new_baseline_finish=new_finish)
    # P1 applied the new baseline asked by a request still pending
    flagged = change_control_check("P1", new_finish, None, [pending, approved])
    assert (flagged.status, flagged.rebaselined, flagged.pending_requests) == ("missing", True, ("CR-1",))
    # P2's new baseline is covered
    covered = change_control_check("P2", new_finish, date(2027, 1, 31), [pending, approved])
    assert (covered.status, covered.covering_request) == ("ok", "CR-2")
    # P3 moved its baseline since the last consolidation, with no request at all
    assert change_control_check("P3", date(2027, 2, 1), date(2027, 1, 15), []).status == "missing"
    assert change_control_check("P4", date(2027, 2, 1), date(2027, 2, 1), []).status == "n/a"
    assert [r.ref for r in approved_since([pending, approved], date(2026, 10, 13))] == ["CR-2"]
    assert approved_since([approved], date(2026, 10, 20)) == []


def test_overdue_and_escalation_counted_in_calendar_days():
    assert days_overdue(date(2026, 9, 29), STATUS, done=False) == 31
    assert math.isnan(days_overdue(date(2026, 9, 29), STATUS, done=True))
    assert math.isnan(days_overdue(STATUS, STATUS, done=False))  # due today is not late
    assert is_escalated(31, 30) and not is_escalated(30, 30) and not is_escalated(math.nan, 30)


def test_compliance_reads_the_register_not_task_names():
    tasks = [Task("1", "Recette utilisateur", duration_days=1, percent_complete=100)]
    project = Project("P1", "Projet", methodology=Methodology.CLASSIC, phase=Phase.DEPLOYMENT, approved_budget=1.0,
                      baseline_finish=date(2027, 3, 31))
    context = GovernanceCompliance(CLASSIC, [GateRecord("P1", "G4", decision=GateDecision.POSTPONED)],
                                   [ChangeRequest("CR-1", "P1", "Décalage", new_baseline_finish=date(2027, 3, 31))])
    table, scores, _ = compliance_table([ProjectData(project, tasks=tasks)], STATUS, 14, context)
    rows = table.set_index("check_code")
    assert rows.loc["gate_G4", "status"] == "missing" and rows.loc["gate_G4", "detail"] == "décision : reporté"
    assert rows.loc["rebaseline_approved", "status"] == "missing"
    assert "CR-1" in rows.loc["rebaseline_approved", "detail"]
    assert not any(code.startswith(("acceptance", "security", "closure")) for code in rows.index)
    assert isinstance(table, pd.DataFrame) and scores["P1"] < 1


GOVERNANCE_MODULES = ["io/governance_registers.py", "io/minutes.py", "service/minutes_import.py",
                      "service/invitations.py"]


def _governance_texts(path) -> set[str]:
    """English problem texts and expected texts of a governance module (as the calls give them)."""
    import ast

    positions = {"Problem": 0, "_structure_error": 1, "problem": 2}
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            index = positions.get(name)
            if index is not None and len(node.args) > index and isinstance(node.args[index], ast.Constant):
                found.add(node.args[index].value)
            for keyword in node.keywords:
                if keyword.arg == "expected" and isinstance(keyword.value, ast.Constant) and keyword.value.value:
                    found.add(keyword.value.value)
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "problem" and len(node.args) > 4:
            last = node.args[4]
            if isinstance(last, ast.Constant) and isinstance(last.value, str):
                found.add(last.value)
    return {text for text in found if isinstance(text, str) and text not in (", ", " | ")}


def test_every_governance_problem_has_a_french_text():
    from pathlib import Path

    from pmo_xl.i18n import MESSAGES_FR
    from pmo_xl.service.minutes_import import ISSUE_MESSAGES

    root = Path(__file__).resolve().parents[1] / "pmo_xl"
    texts = set().union(*(_governance_texts(root / module) for module in GOVERNANCE_MODULES))
    texts |= {text for pair in ISSUE_MESSAGES.values() for text in pair if text}
    assert sorted(t for t in texts if t not in MESSAGES_FR) == []
