"""Shared fixtures: a rich sample project and LibreOffice availability."""

from __future__ import annotations

import os
import shutil
from datetime import date, datetime

import pytest

from pmo_xl.model.domain import (
    Action,
    Assignment,
    BudgetLine,
    CalendarException,
    CalendarSpec,
    Decision,
    Dependency,
    Issue,
    Link,
    Project,
    ProjectData,
    Resource,
    Risk,
    Sprint,
    StatusReport,
    Task,
    WorkingPeriod,
)
from pmo_xl.model.enums import (
    BudgetCategory,
    Committee,
    ConstraintType,
    CostNature,
    DecisionStatus,
    EvMethod,
    ItemStatus,
    LinkType,
    Methodology,
    Phase,
    Rag,
    ResourceType,
)


def sample_project_data() -> ProjectData:
    """A project using every table, every enum member and every kind of link.

    Status date 20/11/2026; tasks 1–4 are done or started before it, so the
    workbook reads back without any error.  Task 9 has a name starting with
    ``=`` to check that user text is never written as a formula.
    """
    project = Project(
        code="CBX", name="Refonte du core banking", programme="Transformation digitale",
        sponsor="Directeur des opérations", project_manager="Salma Benali", business_line="Retail",
        methodology=Methodology.HYBRID, phase=Phase.BUILD, priority=2, status_date=date(2026, 11, 20),
        currency="MAD", approved_budget=12_500_000.0, baseline_start=date(2026, 1, 5),
        baseline_finish=date(2027, 6, 30), start=date(2026, 1, 5), calendar="Standard",
        minutes_per_day=480, ev_method=EvMethod.WEIGHTED_MILESTONES,
        description="+ migration des comptes ; @ équipe Casablanca",
    )
    tasks = [
        Task("1", "Cadrage", wbs="1", outline_level=1, summary=True, duration_days=20,
             baseline_start=datetime(2026, 1, 5), baseline_finish=datetime(2026, 1, 30),
             baseline_duration_days=20, actual_start=datetime(2026, 1, 5),
             actual_finish=datetime(2026, 1, 30), percent_complete=100.0,
             source_start=datetime(2026, 1, 5, 8, 0), source_finish=datetime(2026, 1, 30, 17, 0)),
        Task("2", "Expression de besoin", wbs="1.1", outline_level=2, duration_days=10,
             actual_start=datetime(2026, 1, 5), actual_finish=datetime(2026, 1, 16), percent_complete=100.0,
             resources=[Assignment("PM1"), Assignment("BA1", 0.5)], cost=85_000.5, calendar="Siège"),
        Task("3", "Validation du besoin", wbs="1.2", outline_level=2, duration_days=0, milestone=True,
             predecessors=[Link("2")], actual_start=datetime(2026, 1, 19),
             actual_finish=datetime(2026, 1, 19), percent_complete=100.0, ev_weight=0.25),
        Task("4", "Conception détaillée", wbs="2", duration_days=30.5,
             predecessors=[Link("3", LinkType.FS, 2.0), Link("2", LinkType.SS, -1.5)],
             constraint_type=ConstraintType.SNET, constraint_date=datetime(2026, 2, 2),
             actual_start=datetime(2026, 2, 2), percent_complete=60.0,
             resources=[Assignment("DEV1", 0.25)], notes="Lot 1"),
        Task("5", "Réalisation", wbs="3", duration_days=40, duration_elapsed=True,
             predecessors=[Link("4", LinkType.FF, 0.0, lag_percent=50.0)],
             constraint_type=ConstraintType.MSO, constraint_date=datetime(2026, 12, 1, 13, 30)),
        Task("6", "Recette", wbs="4", duration_days=15,
             predecessors=[Link("5", LinkType.SF, 3.0, lag_elapsed=True), Link("45", predecessor_project="CBM")],
             constraint_type=ConstraintType.FNLT, constraint_date=datetime(2027, 4, 30),
             deadline=datetime(2027, 5, 15)),
        Task("7", "Bascule", wbs="5", milestone=True, predecessors=[Link("6", LinkType.FS, 0.0, lag_percent=-25.0)],
             constraint_type=ConstraintType.MFO, constraint_date=datetime(2027, 5, 31)),
        Task("8", "Hypercare", duration_days=10, constraint_type=ConstraintType.ALAP,
             predecessors=[Link("7", LinkType.FS, 1.0, predecessor_project=None),
                           Link("12", LinkType.SS, 2.0, predecessor_project="DIG")]),
        Task("9", "=SOMME(A1:A3)", duration_days=1, constraint_type=ConstraintType.SNLT,
             constraint_date=datetime(2027, 6, 1), notes="-1 ne pas calculer"),
        Task("10", "Clôture", duration_days=2, constraint_type=ConstraintType.FNET,
             constraint_date=datetime(2027, 6, 20), predecessors=[Link("9"), Link("8", LinkType.FF)]),
    ]
    resources = [
        Resource("PM1", "Salma Benali", role="Chef de projet", type=ResourceType.INTERNAL,
                 department="DSI", daily_rate=4500.0, currency="MAD", capacity_percent=100.0),
        Resource("BA1", "Youssef Alaoui", role="Business analyst", type=ResourceType.INTERNAL,
                 daily_rate=3200.0, capacity_percent=50.0, calendar="Siège"),
        Resource("DEV1", "Intégrateur SSII", role="Développeur", type=ResourceType.EXTERNAL,
                 department="Prestataire", daily_rate=650.0, currency="EUR", capacity_percent=80.0),
    ]
    budget = [
        BudgetLine(date(2026, 10, 1), BudgetCategory.CAPEX, planned=400_000.0, actual=380_250.75,
                   forecast=0.0, currency="MAD", nature=CostNature.EXTERNAL, label="Licences"),
        BudgetLine(date(2026, 11, 1), BudgetCategory.OPEX, planned=120_000.0, actual=0.0,
                   forecast=125_000.0, currency="MAD", nature=CostNature.INTERNAL),
        BudgetLine(date(2026, 12, 1), BudgetCategory.CAPEX, planned=50_000.0, currency="EUR",
                   nature=CostNature.EXTERNAL, label="Prestations"),
    ]
    risks = [
        Risk("R1", "Retard de l'éditeur", 4, 5, owner="PM1", status=ItemStatus.OPEN, category="Fournisseur",
             response="Pénalités contractuelles", due_date=date(2026, 12, 15), exposure=750_000.0),
        Risk("R2", "Indisponibilité des métiers", 2, 3, status=ItemStatus.IN_PROGRESS),
        Risk("R3", "Charge de migration", 3, 1, status=ItemStatus.CLOSED),
        Risk("R4", "Changement réglementaire", 1, 4, status=ItemStatus.CANCELLED),
    ]
    issues = [
        Issue("I1", "Environnement de recette indisponible", 4, owner="TECH", status=ItemStatus.OPEN,
              raised_on=date(2026, 11, 3), due_date=date(2026, 11, 30), resolution="Escalade infra"),
        Issue("I2", "Données de test incomplètes", 2, status=ItemStatus.CLOSED),
    ]
    actions = [
        Action("A1", "Relancer l'éditeur", owner="PM1", due_date=date(2026, 11, 27), status=ItemStatus.IN_PROGRESS,
               committee=Committee.COPIL, raised_on=date(2026, 11, 10), decision_id="D1"),
        Action("A2", "Planifier la recette", committee=Committee.COPROJ, status=ItemStatus.CLOSED,
               closed_on=date(2026, 11, 18)),
        Action("A3", "Valider l'architecture", committee=Committee.TECH, status=ItemStatus.CANCELLED),
        Action("A4", "Mettre à jour le planning"),
    ]
    decisions = [
        Decision("D1", "Appliquer les pénalités", committee=Committee.COPIL, decided_on=date(2026, 11, 12),
                 status=DecisionStatus.APPROVED, owner="Sponsor", due_date=date(2026, 12, 1), impact="Budget"),
        Decision("D2", "Décaler la bascule", status=DecisionStatus.PROPOSED, committee=Committee.COPROJ),
        Decision("D3", "Externaliser la TMA", status=DecisionStatus.REJECTED, committee=Committee.TECH),
        Decision("D4", "Nouvelle charte", status=DecisionStatus.IMPLEMENTED),
    ]
    dependencies = [
        Dependency("DEP1", "6", "CBM", "45", LinkType.FS, 0.0, "Plateforme de paiement livrée"),
        Dependency("DEP2", "8", "DIG", "12", LinkType.SS, 2.0),
        Dependency("DEP3", "5", "DIG", "14", LinkType.FF, -1.0),
        Dependency("DEP4", "7", "CBM", "50", LinkType.SF, 0.5),
    ]
    sprints = [
        Sprint("S1", date(2026, 10, 5), date(2026, 10, 16), 30.0, 28.0, "MVP comptes"),
        Sprint("S2", date(2026, 10, 19), date(2026, 10, 30), 32.0, 32.0),
    ]
    status_reports = [
        StatusReport("2026-10", date(2026, 10, 30), Rag.GREEN, Rag.AMBER, Rag.GREEN, Rag.GREEN, Rag.RED,
                     "Lot 1 livré", "Recette", "Arbitrage COPIL"),
        StatusReport("2026-W47", date(2026, 11, 20), Rag.AMBER, Rag.RED, Rag.AMBER, Rag.GREEN, Rag.AMBER),
    ]
    calendars = {
        "Standard": CalendarSpec(
            name="Standard",
            exceptions=[CalendarException(date(2026, 12, 24), date(2026, 12, 24),
                                          [WorkingPeriod(8 * 60, 12 * 60)], "Veille de fêtes"),
                        CalendarException(date(2026, 8, 3), date(2026, 8, 14), [], "Fermeture estivale")],
            holiday_overrides={date(2026, 3, 21): True, date(2026, 5, 1): False},
        ),
        "Siège": CalendarSpec(
            name="Siège",
            exceptions=[CalendarException(date(2026, 7, 1), date(2026, 7, 31),
                                          [WorkingPeriod(8 * 60, 15 * 60)], "Horaires d'été")],
        ),
    }
    return ProjectData(project, tasks, resources, budget, risks, issues, actions, decisions, dependencies,
                       sprints, status_reports, calendars)


@pytest.fixture
def soffice() -> str:
    """The LibreOffice executable; the test is skipped when LibreOffice is absent (fails under CI)."""
    executable = shutil.which("soffice") or shutil.which("libreoffice")
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is not installed; .ci/setup --test installs it")
        pytest.skip("LibreOffice (soffice) is not installed")
    return executable


@pytest.fixture
def project_data() -> ProjectData:
    """A fresh :func:`sample_project_data` for each test."""
    return sample_project_data()


# -- the demo, built once per test session ---------------------------------------------
DEMO_FIXTURES = ("demo_run", "demo_en_cli")


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory):
    """The French demo run through :func:`pmo_xl.demo.run.run_demo`: (report, output folder)."""
    from pmo_xl.demo.run import run_demo

    out = tmp_path_factory.mktemp("demo")
    return run_demo(out), out


@pytest.fixture(scope="session")
def demo_en_cli(tmp_path_factory):
    """The English demo run through the command line ``pmo-xl demo DIR --lang en``: (CLI result, folder)."""
    from typer.testing import CliRunner

    from pmo_xl.cli import app

    out = tmp_path_factory.mktemp("demo_en") / "demo"
    return CliRunner().invoke(app, ["demo", str(out), "--lang", "en"]), out


def pytest_collection_modifyitems(config, items):
    """Tests that share a demo run go to one pytest-xdist worker, so the demo is built once."""
    for item in items:
        if any(name in getattr(item, "fixturenames", ()) for name in DEMO_FIXTURES):
            item.add_marker(pytest.mark.xdist_group("demo"))
