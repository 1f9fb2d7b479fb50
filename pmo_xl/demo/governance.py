"""The demo portfolio's governance: committees and members, registers, gate register and change log.

Built from the demo projects and the status date, so that the demo shows
every case the follow-up handles: decisions and actions overdue by more
than the escalation threshold, a technical committee whose meeting falls on
a holiday (18 November 2026, Independence Day), a conditional go whose
conditions are late, a gate lacking its evidence, a re-baseline approved by
the COPIL and one applied without an approved change request.
"""

from __future__ import annotations

from datetime import date, timedelta

from pmo_xl.engine.governance.gates import CLASSIC_CYCLE
from pmo_xl.io.governance_sheets import GovernanceSetup
from pmo_xl.model import Action, Committee, Decision, DecisionStatus, ItemStatus, Methodology, Phase, ProjectData
from pmo_xl.model.governance import (
    ChangeDecision,
    ChangeRequest,
    GateDecision,
    GateRecord,
    GovernanceRegisters,
)
from pmo_xl.engine.portfolio.compliance import baseline_finish_of
from pmo_xl.io.master.template import DEFAULT_GATES

ORGANISER = "pmo@filiale-si.ma"
COPIL_MEMBERS = (("Rachid Bennis", "r.bennis@filiale-si.ma", "Président, directeur général adjoint", "fr"),
                 ("Leila Chraibi", "l.chraibi@filiale-si.ma", "DSI", "fr"),
                 ("Jane Smith", "j.smith@filiale-si.ma", "Directrice des risques", "en"),
                 ("Mohamed Alaoui", "m.alaoui@filiale-si.ma", "Chef de projet", "fr"))
TECH_MEMBERS = (("Karim Benali", "k.benali@filiale-si.ma", "Président, architecte en chef", "fr"),
                ("Sara Lahlou", "s.lahlou@filiale-si.ma", "RSSI", "fr"),
                ("Youssef El Amrani", "y.elamrani@filiale-si.ma", "Chef de projet", "fr"))
EVIDENCE = {"G0": "Note d'opportunité", "G1": "Charte projet; Budget approuvé", "G2": "Dossier de conception",
            "G3": "Plan de recette", "G4": "PV de recette; Rapport de tests de sécurité", "G5": "Rapport de clôture"}
PHASE_OF_GATE = {code: phase for cycle, code, _, phase in DEFAULT_GATES if cycle == CLASSIC_CYCLE}
CONDITIONAL_GO = ("PRJ-01", "G3")
EVIDENCE_MISSING = ("PRJ-03", "G1")
POSTPONED = ("PRJ-12", "G3")
APPROVED_REBASELINE, UNAPPROVED_REBASELINE, REJECTED_CHANGE = "PRJ-05", "PRJ-01", "PRJ-09"


def _email(name: str) -> str:
    first, *rest = name.lower().replace("é", "e").split()
    return f"{first[0]}.{''.join(rest).replace('-', '')}@filiale-si.ma"


def committees(start: date, programmes: list[str]) -> list[tuple]:
    """The calendar: COPIL, one COPROJ per programme, the technical committee (its November meeting is a holiday)."""
    rows = [("COPIL", None, "2e mardi du mois, 10:00-12:00", start, None, "Siège, salle du conseil", "Rachid Bennis",
             3, ORGANISER)]
    rows += [("COPROJ", programme, "1er lundi du mois, 09:00-10:30", start, None, "Salle de réunion PMO", None, 2,
              ORGANISER) for programme in programmes]
    rows.append(("comité technique", None, "3e mercredi du mois, 14:00-16:00", start, None, "Salle technique",
                 "Karim Benali", 2, ORGANISER))
    return rows


def members(projects: list[ProjectData]) -> list[tuple]:
    rows = [("COPIL", None, *member) for member in COPIL_MEMBERS]
    rows += [("comité technique", None, *member) for member in TECH_MEMBERS]
    for programme in sorted({p.project.programme for p in projects if p.project.programme}):
        managers = sorted({p.project.project_manager for p in projects
                           if p.project.programme == programme and p.project.project_manager})
        rows += [("COPROJ", programme, name, _email(name), "Chef de projet", "fr") for name in managers]
    return rows


def registers_items(status: date) -> tuple[list[Action], list[Decision]]:
    """Committee actions and decisions: some on time, some overdue, some beyond the escalation threshold."""
    actions = [
        Action("A-001", "Présenter le plan de rattrapage du core banking", owner="Mohamed Alaoui",
               due_date=status - timedelta(days=45), status=ItemStatus.OPEN, committee=Committee.COPIL,
               raised_on=status - timedelta(days=80), project="PRJ-01"),
        Action("A-002", "Chiffrer le renfort de l'équipe de recette", owner="Leila Chraibi",
               due_date=status - timedelta(days=10), status=ItemStatus.IN_PROGRESS, committee=Committee.COPIL,
               raised_on=status - timedelta(days=50)),
        Action("A-003", "Consolider le budget 2027 du portefeuille", owner="Jane Smith",
               due_date=status + timedelta(days=20), status=ItemStatus.OPEN, committee=Committee.COPIL,
               raised_on=status - timedelta(days=17)),
        Action("A-004", "Valider la feuille de route des canaux digitaux", owner="Rachid Bennis",
               due_date=status - timedelta(days=20), status=ItemStatus.CLOSED, committee=Committee.COPIL,
               raised_on=status - timedelta(days=50), closed_on=status - timedelta(days=22)),
        Action("A-005", "Revue d'architecture des flux ISO 20022", owner="Sara Lahlou",
               due_date=status - timedelta(days=35), status=ItemStatus.OPEN, committee=Committee.TECH,
               raised_on=status - timedelta(days=70), project="PRJ-05"),
    ]
    decisions = [
        Decision("D-001", "Recourir à un intégrateur pour la reprise des données", committee=Committee.COPIL,
                 decided_on=status - timedelta(days=80), status=DecisionStatus.APPROVED, owner="Leila Chraibi",
                 due_date=status - timedelta(days=40), project="PRJ-01"),
        Decision("D-002", "Arbitrer la priorité 2027 entre AML et reporting BAM", committee=Committee.COPIL,
                 status=DecisionStatus.PROPOSED, owner="Rachid Bennis", due_date=status + timedelta(days=11)),
        Decision("D-003", "Adopter le socle d'API du groupe", committee=Committee.TECH,
                 decided_on=status - timedelta(days=60), status=DecisionStatus.IMPLEMENTED, owner="Karim Benali",
                 due_date=status - timedelta(days=30)),
    ]
    return actions, decisions


def _phase_index(phase: Phase | str | None) -> int:
    from pmo_xl.model import parse_enum

    member = parse_enum(Phase, phase)
    return list(Phase).index(member) if member is not None else 0


def _classic_gates(data: ProjectData, status: date) -> list[GateRecord]:
    project = data.project
    start = project.start or status - timedelta(days=365)
    reached = [g for g, phase in PHASE_OF_GATE.items() if _phase_index(phase) <= _phase_index(project.phase)]
    step = max((status - start).days // (len(reached) + 1), 1)
    records = []
    for index, gate in enumerate(reached, start=1):
        day = start + timedelta(days=step * index)
        key = (project.code, gate)
        decision = (GateDecision.GO_WITH_CONDITIONS if key == CONDITIONAL_GO else
                    GateDecision.POSTPONED if key == POSTPONED else GateDecision.GO)
        received = EVIDENCE[gate].split(";")[0] if key == EVIDENCE_MISSING else EVIDENCE[gate]
        conditional = key == CONDITIONAL_GO
        records.append(GateRecord(
            project.code, gate, planned=day, actual=None if key == POSTPONED else day, decision=decision,
            conditions="Renforcer l'équipe de recette avant la bascule" if conditional else None,
            conditions_owner=project.project_manager if conditional else None,
            conditions_due=status - timedelta(days=40) if conditional else None,
            evidence_expected=EVIDENCE[gate], evidence_received=None if conditional else received,
            committee="COPIL" if gate in ("G0", "G3", "G5") else "COPROJ"))
    return records


def _release_gates(data: ProjectData, status: date) -> list[GateRecord]:
    code = data.project.code
    return [GateRecord(code, "R1", planned=status - timedelta(days=60), actual=status - timedelta(days=58),
                       decision=GateDecision.GO, evidence_expected="PV de recette de la release",
                       evidence_received="PV de recette de la release", committee="COPROJ"),
            GateRecord(code, "R2", planned=status + timedelta(days=30), evidence_expected="PV de recette de la release",
                       committee="COPROJ")]


def gates(projects: list[ProjectData], status: date) -> list[GateRecord]:
    records = []
    for data in projects:
        if data.project.methodology in (Methodology.CLASSIC, Methodology.HYBRID):
            records += _classic_gates(data, status)
        if data.project.methodology is Methodology.AGILE or data.sprints:
            records += _release_gates(data, status)
    return records


def change_requests(projects: list[ProjectData], status: date) -> list[ChangeRequest]:
    finishes = {d.project.code: baseline_finish_of(d) for d in projects}
    return [
        ChangeRequest("CR-001", APPROVED_REBASELINE, "Ajout du lot SEPA Instant au périmètre", "Directeur des opérations",
                      status - timedelta(days=30), 1_200_000.0, 45, "Lot SEPA Instant", ChangeDecision.APPROVED,
                      "COPIL", status - timedelta(days=10), finishes.get(APPROVED_REBASELINE)),
        ChangeRequest("CR-002", UNAPPROVED_REBASELINE, "Report de la bascule après la clôture annuelle",
                      "Directeur général adjoint", status - timedelta(days=12), 800_000.0, 60, None,
                      ChangeDecision.PENDING, "COPIL", None, finishes.get(UNAPPROVED_REBASELINE)),
        ChangeRequest("CR-003", REJECTED_CHANGE, "Ajout d'un parcours d'ouverture de compte pour les mineurs",
                      "Directeur marketing", status - timedelta(days=40), 350_000.0, 20, "Nouveau parcours",
                      ChangeDecision.REJECTED, "COPROJ", status - timedelta(days=30), None),
    ]


def demo_governance(projects: list[ProjectData], status: date, committee_start: date) -> GovernanceSetup:
    """The demo master's committee calendar, members and registers."""
    programmes = sorted({p.project.programme for p in projects if p.project.programme})
    actions, decisions = registers_items(status)
    registers = GovernanceRegisters(actions, decisions, gates=gates(projects, status),
                                    change_requests=change_requests(projects, status))
    return GovernanceSetup(committees(committee_start, programmes), members(projects), registers)
