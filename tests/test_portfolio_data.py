"""A small hand-built portfolio whose consolidated figures are worked out by hand.

Status date 2026-10-30 (Friday).  Project APP (MAD, classic, build) delivers
an API milestone planned 2026-11-05 that slips to 2026-11-09 (the 6 November
holiday of the Moroccan calendar is in the way).  Project BNK (EUR, agile)
waits for that milestone.  Resource DEV1 works on both.  Registers and
actions are chosen so that overdue counts, aging buckets, the closure rate
and the risk heat map are known; see the tests that import this module.
"""

from __future__ import annotations

from datetime import date, datetime

from pmo_xl.model import (
    Action,
    Assignment,
    BudgetCategory,
    Decision,
    DecisionStatus,
    Dependency,
    Issue,
    ItemStatus,
    Link,
    Methodology,
    Phase,
    Project,
    ProjectData,
    Resource,
    Risk,
    Sprint,
    StatusReport,
    Task,
    Rag,
)
from pmo_xl.model.domain import BudgetLine

STATUS_DATE = date(2026, 10, 30)


def project_app() -> ProjectData:
    project = Project(code="APP", name="Application mobile", programme="Digital", sponsor="DG Adjoint",
                      project_manager="Salma B.", methodology=Methodology.CLASSIC, phase=Phase.BUILD,
                      status_date=date(2026, 10, 28), currency="MAD", approved_budget=20000.0,
                      start=date(2026, 11, 2))
    tasks = [
        Task("A1", "Développement API", duration_days=5, resources=[Assignment("DEV1", 1.0)], cost=10000.0,
             baseline_start=datetime(2026, 11, 2, 8), baseline_finish=datetime(2026, 11, 5, 17)),
        Task("A2", "Livraison API", milestone=True, predecessors=[Link("A1")],
             baseline_start=datetime(2026, 11, 5, 17), baseline_finish=datetime(2026, 11, 5, 17)),
    ]
    budget = [
        BudgetLine(date(2026, 10, 1), BudgetCategory.CAPEX, planned=1000.0, actual=800.0, forecast=1000.0,
                   currency="EUR"),
        BudgetLine(date(2026, 11, 1), BudgetCategory.CAPEX, planned=100.0, actual=0.0, forecast=120.0,
                   currency="EUR"),
        BudgetLine(date(2026, 11, 1), BudgetCategory.OPEX, planned=500.0, actual=0.0, forecast=500.0,
                   currency="MAD"),
    ]
    risks = [
        Risk("R1", "=HYPERLINK(\"http://evil.example\",\"cliquez\")", 4, 5, owner="Salma B.",
             response="Plan B", exposure=5000.0),
        Risk("R2", "Retard fournisseur", 4, 5, status=ItemStatus.IN_PROGRESS, owner="Salma B.", response="Relance"),
        Risk("R3", "Risque clos", 2, 3, status=ItemStatus.CLOSED),
    ]
    actions = [
        Action("a1", "Relancer l'éditeur", owner="Salma B.", due_date=date(2026, 10, 29),
               raised_on=date(2026, 9, 29)),
        Action("a2", "Valider la maquette", owner="Salma B.", due_date=date(2026, 10, 30),
               raised_on=date(2026, 10, 1)),
        Action("a3", "Action close", owner="Salma B.", due_date=date(2026, 10, 1), status=ItemStatus.CLOSED,
               closed_on=date(2026, 9, 30)),
        Action("a4", "Action annulée", owner="Salma B.", due_date=date(2026, 10, 1), status=ItemStatus.CANCELLED),
        Action("a5", "Action en cours", owner="Salma B.", status=ItemStatus.IN_PROGRESS,
               raised_on=date(2026, 7, 31)),
    ]
    issues = [Issue("I1", "Anomalie bloquante", 5, owner="QA", raised_on=date(2026, 10, 10),
                    due_date=date(2026, 10, 20))]
    decisions = [Decision("D1", "Choix du framework", status=DecisionStatus.APPROVED, due_date=date(2026, 10, 15))]
    resources = [Resource("DEV1", "Amina Dev", department="DSI")]
    reports = [StatusReport("2026-10", status_date=date(2026, 10, 28), overall=Rag.GREEN)]
    return ProjectData(project, tasks, resources, budget, risks, issues, actions, decisions,
                       status_reports=reports, source="APP.xlsx")


def project_bnk() -> ProjectData:
    project = Project(code="BNK", name="Banque en ligne", programme="Digital", methodology=Methodology.AGILE,
                      phase=Phase.BUILD, status_date=date(2026, 10, 30), currency="EUR",
                      start=date(2026, 11, 2))
    tasks = [
        Task("B1", "Paramétrage", duration_days=10, resources=[Assignment("DEV1", 0.5)], cost=1000.0,
             baseline_start=datetime(2026, 11, 2, 8), baseline_finish=datetime(2026, 11, 13, 17)),
        Task("B2", "Intégration", duration_days=3, cost=0.0,
             baseline_start=datetime(2026, 11, 6, 8), baseline_finish=datetime(2026, 11, 10, 17)),
        Task("B3", "Migration", duration_days=20, resources=[Assignment("DEV1", 1.0)], cost=2000.0,
             baseline_start=datetime(2026, 11, 2, 8), baseline_finish=datetime(2026, 11, 30, 17)),
    ]
    dependencies = [Dependency("DEP1", "B2", "APP", "A2", description="API livrée")]
    risks = [Risk("R1", "Faible", 1, 1, owner="PO", response="Suivi", exposure=1000.0)]
    actions = [
        Action("b1", "Action close", owner="PO", status=ItemStatus.CLOSED, due_date=date(2026, 9, 1)),
        Action("b2", "Action très en retard", owner="PO", due_date=date(2026, 8, 1), raised_on=date(2026, 7, 1)),
    ]
    sprints = [
        Sprint("S1", date(2026, 9, 7), date(2026, 9, 18), 20, 18),
        Sprint("S2", date(2026, 9, 21), date(2026, 10, 2), 20, 16),
        Sprint("S3", date(2026, 10, 5), date(2026, 10, 16), 20, 20),
        Sprint("S4", date(2026, 10, 19), date(2026, 10, 30), 20, 10),
    ]
    resources = [Resource("DEV1", "Amina Dev", department="DSI")]
    return ProjectData(project, tasks, resources, risks=risks, actions=actions, dependencies=dependencies,
                       sprints=sprints, source="BNK.xlsx")


def governance_actions() -> list[Action]:
    return [
        Action("G1", "Arbitrage budgétaire", owner="PMO", status=ItemStatus.CLOSED, due_date=date(2026, 10, 1)),
        Action("G2", "Mettre à jour la feuille de route", owner="PMO", due_date=date(2026, 10, 15),
               raised_on=date(2026, 10, 1)),
    ]


def test_fixture_projects_are_consistent():
    app, bnk = project_app(), project_bnk()
    assert {t.id for t in app.tasks} == {"A1", "A2"}
    assert bnk.dependencies[0].on_project == app.project.code
