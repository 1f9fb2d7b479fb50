"""A small consolidated portfolio written by hand, used by the pack tests.

Four projects of a bank's IT subsidiary at status date 27/11/2026; the values
are chosen so that the pack's numbers can be worked out by hand (see the
comments next to the tests that use them).
"""

from datetime import date

import numpy as np
import pandas as pd

from pmo_xl.engine.portfolio.governance import owner_followup_table
from pmo_xl.model.portfolio import TABLES_BY_KEY, PortfolioSnapshot, conform

T = pd.Timestamp
NAT = pd.NaT
NAN = np.nan


def _frame(key: str, rows: list[dict]) -> pd.DataFrame:
    return conform(TABLES_BY_KEY[key], pd.DataFrame(rows))


def sample_snapshot() -> PortfolioSnapshot:
    overview = _frame("overview", [
        dict(project_code="P-CORE", project_name="Refonte du core banking", programme="Transformation digitale",
             business_line="Banque de détail", phase="build", methodology="classic", project_manager="Salma Bennani",
             sponsor="Karim El Idrissi", priority=1, baseline_start=T("2026-03-02"), baseline_finish=T("2027-03-31"),
             forecast_start=T("2026-03-02"), forecast_finish=T("2027-04-28"), slip_days=20, percent_complete=0.43,
             bac=12_500_000, pv=6_000_000, ev=5_400_000, ac=6_510_000, spi=0.9, cpi=5_400_000 / 6_510_000,
             eac=15_069_444, vac=-2_569_444, rag_schedule="amber", rag_cost="red", rag_scope="green", rag_risk="red",
             rag_overall="red", self_rag_overall="amber", top_risk="Indisponibilité des experts core banking",
             top_risk_score=20, open_risks=2, overdue_actions=1, compliance_score=0.9, data_quality_score=0.85,
             workbook_status_date=T("2026-11-27"), data_age_days=0, stale=False, source_file="P-CORE.xlsx"),
        dict(project_code="P-MOB", project_name="Application mobile retail", programme="Transformation digitale",
             phase="test", methodology="agile", project_manager="Youssef Alaoui", sponsor="Nadia Tazi", priority=2,
             baseline_finish=T("2026-12-15"), forecast_finish=T("2026-12-18"), slip_days=3, percent_complete=0.74,
             bac=3_200_000, pv=2_400_000, ev=2_352_000, ac=2_240_000, spi=0.98, cpi=1.05, eac=3_047_619,
             vac=152_381, rag_schedule="amber", rag_cost="green", rag_scope="green", rag_risk="green",
             rag_overall="amber", self_rag_overall="green", open_risks=1, overdue_actions=0, compliance_score=1.0,
             data_quality_score=1.0, workbook_status_date=T("2026-11-26"), data_age_days=1, stale=False,
             source_file="P-MOB.xlsx"),
        dict(project_code="P-AML", project_name="Conformité LAB-FT & filtrage", programme="Conformité",
             phase="design", methodology="classic", project_manager="Hicham Berrada", sponsor="Leila Chraibi",
             priority=1, baseline_finish=T("2027-06-30"), forecast_finish=T("2027-06-30"), slip_days=0,
             percent_complete=0.28, bac=1_850_000, pv=500_000, ev=520_000, ac=480_000, spi=1.04, cpi=1.0833,
             eac=1_707_692, vac=142_308, rag_schedule="green", rag_cost="green", rag_scope="green",
             rag_risk="amber", rag_overall="green", self_rag_overall="green", open_risks=1, overdue_actions=0,
             compliance_score=1.0, data_quality_score=1.0, workbook_status_date=T("2026-11-25"), data_age_days=2,
             stale=False, source_file="P-AML.xlsx"),
        dict(project_code="P-DWH", project_name="Entrepôt de données risques", programme=None, phase="framing",
             methodology="hybrid", project_manager="Imane Fassi", sponsor="Karim El Idrissi", priority=3,
             baseline_finish=T("2027-09-30"), forecast_finish=T("2027-10-15"), slip_days=11, percent_complete=0.08,
             bac=950_000, pv=100_000, ev=80_000, ac=90_000, spi=0.8, cpi=80_000 / 90_000, eac=1_068_750,
             vac=-118_750, rag_schedule="amber", rag_cost="amber", rag_scope="green", rag_risk="green",
             rag_overall="amber", self_rag_overall="green", open_risks=0, overdue_actions=0, compliance_score=0.8,
             data_quality_score=1.0, workbook_status_date=T("2026-11-20"), data_age_days=7, stale=False,
             source_file="P-DWH.xlsx"),
    ])
    milestones = _frame("milestones", [
        dict(project_code="P-CORE", task_id="M1", milestone_name="Validation de l'architecture cible",
             baseline_finish=T("2026-09-15"), forecast_finish=T("2026-09-15"), actual_finish=T("2026-09-15"),
             slip_days=0, achieved=True, late=False),
        dict(project_code="P-CORE", task_id="M2", milestone_name="Fin des développements lot 1",
             baseline_finish=T("2026-11-10"), forecast_finish=T("2026-12-08"), actual_finish=NAT, slip_days=20,
             achieved=False, late=True),
        dict(project_code="P-MOB", task_id="M3", milestone_name="Démarrage de la recette utilisateur",
             baseline_finish=T("2026-11-05"), forecast_finish=T("2026-11-04"), actual_finish=T("2026-11-04"),
             slip_days=0, achieved=True, late=False),
        dict(project_code="P-MOB", task_id="M4", milestone_name="Mise en production",
             baseline_finish=T("2026-12-15"), forecast_finish=T("2026-12-18"), actual_finish=NAT, slip_days=3,
             achieved=False, late=False),
        dict(project_code="P-AML", task_id="M5", milestone_name="Dossier de conception validé",
             baseline_finish=T("2026-11-20"), forecast_finish=T("2026-11-24"), actual_finish=T("2026-11-24"),
             slip_days=2, achieved=True, late=True),
        dict(project_code="P-DWH", task_id="M6", milestone_name="Note de cadrage validée",
             baseline_finish=T("2026-12-01"), forecast_finish=T("2026-12-01"), actual_finish=NAT, slip_days=0,
             achieved=False, late=False),
    ])
    critical_path = _frame("critical_path", [
        dict(project_code="P-CORE", sequence=1, task_id="T10", task_name="Développement lot 1",
             start=T("2026-09-01"), finish=T("2026-12-08"), total_float_days=0, milestone=False),
        dict(project_code="P-CORE", sequence=2, task_id="T11", task_name="Tests d'intégration lot 1",
             start=T("2026-12-09"), finish=T("2027-01-20"), total_float_days=0, milestone=False),
        dict(project_code="P-CORE", sequence=3, task_id="M7", task_name="Mise en production lot 1",
             start=T("2027-01-21"), finish=T("2027-01-21"), total_float_days=0, milestone=True),
        dict(project_code="P-MOB", sequence=1, task_id="T20", task_name="Recette utilisateur",
             start=T("2026-11-04"), finish=T("2026-12-11"), total_float_days=0, milestone=False),
    ])
    dependencies = _frame("dependencies", [
        dict(dependency_id="DEP-1", project_code="P-MOB", task_id="T20", task_name="Recette utilisateur",
             on_project="P-CORE", on_task_id="M2", on_task_name="Fin des développements lot 1", type="FS",
             lag_days=0, on_task_baseline_finish=T("2026-11-10"), on_task_forecast_finish=T("2026-12-08"),
             on_task_slip_days=20, task_baseline_start=T("2026-11-04"), task_forecast_start=T("2026-12-09"),
             task_start_slip_days=24, project_slip_days=3, impacted=True),
    ])
    budget_rows = []
    for month, core_actual, mob_actual in ((T("2026-09-01"), 1_100_000, 380_000), (T("2026-10-01"), 1_200_000, 390_000),
                                           (T("2026-11-01"), 1_300_000, 410_000), (T("2026-12-01"), NAN, NAN)):
        budget_rows.append(dict(programme="Transformation digitale", project_code="P-CORE", month=month, category="CAPEX",
                                nature="external", currency="MAD", rate=1.0, planned=1_000_000, actual=core_actual,
                                forecast=1_000_000 if np.isnan(core_actual) else core_actual))
        budget_rows.append(dict(programme="Transformation digitale", project_code="P-MOB", month=month, category="OPEX",
                                nature="internal", currency="MAD", rate=1.0, planned=400_000, actual=mob_actual,
                                forecast=400_000 if np.isnan(mob_actual) else mob_actual))
    budget = _frame("budget", budget_rows)
    monthly = budget.groupby("month")[["planned", "actual", "forecast"]].sum(min_count=1).reset_index()
    monthly["cumulative_planned"] = monthly["planned"].cumsum()
    monthly["cumulative_actual"] = monthly["actual"].cumsum()
    monthly["cumulative_forecast"] = monthly["forecast"].cumsum()
    budget_monthly = _frame("budget_monthly", monthly.to_dict("records"))
    risks = _frame("risks", [
        dict(project_code="P-CORE", risk_id="R1", title="Indisponibilité des experts core banking", probability=4,
             impact=5, score=20, exposure=1_500_000, owner="Salma Bennani", status="open", category="Technique",
             response="Renfort par un prestataire spécialisé", due_date=T("2026-12-15")),
        dict(project_code="P-CORE", risk_id="R2", title="Retard de livraison des licences", probability=3, impact=3,
             score=9, owner="Achats", status="in_progress", category="Achats", response="Relance fournisseur"),
        dict(project_code="P-CORE", risk_id="R3", title="Gel réglementaire de fin d'année", probability=2, impact=4,
             score=8, owner="Salma Bennani", status="closed", category="Réglementaire"),
        dict(project_code="P-MOB", risk_id="R4", title="Rejet de l'application par les stores", probability=2,
             impact=3, score=6, owner="Youssef Alaoui", status="open", category="Technique",
             response="Revue de conformité des stores"),
        dict(project_code="P-AML", risk_id="R5", title="Évolution de la circulaire de Bank Al-Maghrib",
             probability=3, impact=4, score=12, owner="Leila Chraibi", status="open", category="Réglementaire",
             response="Veille réglementaire mensuelle"),
    ])
    open_cells = {(4, 5): 1, (3, 3): 1, (2, 3): 1, (3, 4): 1}
    heatmap = _frame("risk_heatmap", [
        {"probability": p, **{f"impact_{i}": open_cells.get((p, i), 0) for i in range(1, 6)}} for p in range(5, 0, -1)])
    issues = _frame("issues", [
        dict(project_code="P-CORE", issue_id="I1", title="Environnement de recette instable", severity=4,
             owner="Production IT", status="open", raised_on=T("2026-11-02"), due_date=T("2026-12-04"),
             overdue=False, age_days=25),
    ])
    actions = _frame("actions", [
        dict(source="P-CORE.xlsx", project_code="P-CORE", action_id="A1", title="Valider le plan de renfort",
             owner="Karim El Idrissi", committee="COPIL", raised_on=T("2026-10-28"), due_date=T("2026-11-15"),
             status="open", overdue=True, days_overdue=12, aging_bucket="0-30"),
        dict(source="P-MOB.xlsx", project_code="P-MOB", action_id="A2",
             title="Préparer le dossier de mise en production", owner="Youssef Alaoui", committee="COPROJ",
             raised_on=T("2026-11-10"), due_date=T("2026-12-10"), status="in_progress", overdue=False, days_overdue=0),
        dict(source="P-AML.xlsx", project_code="P-AML", action_id="A3",
             title="Mettre à jour la matrice de conformité", owner="Hicham Berrada", committee="COPROJ",
             raised_on=T("2026-10-01"), due_date=T("2026-10-31"), status="closed", closed_on=T("2026-10-30"),
             overdue=False, days_overdue=0),
        dict(source="master", project_code=None, action_id="G1", title="=Consolider les fiches projets & annexes",
             owner="PMO", committee="COPIL", raised_on=T("2026-10-28"), due_date=T("2026-11-20"), status="open",
             overdue=True, days_overdue=7, aging_bucket="0-30"),
    ])
    decisions = _frame("decisions", [
        dict(source="P-CORE.xlsx", project_code="P-CORE", decision_id="D1",
             title="Arbitrer le recours à un prestataire pour le lot 2", committee="COPIL", status="proposed",
             owner="Karim El Idrissi", due_date=T("2026-12-15"), awaiting_implementation=False, overdue=False),
        dict(source="P-MOB.xlsx", project_code="P-MOB", decision_id="D2",
             title="Valider la date de mise en production", committee="COPROJ", status="proposed",
             owner="Nadia Tazi", due_date=T("2026-12-05"), awaiting_implementation=False, overdue=False),
        dict(source="P-AML.xlsx", project_code="P-AML", decision_id="D3", title="Choix de la solution de filtrage",
             committee="TECH", decided_on=T("2026-10-20"), status="approved", owner="Hicham Berrada",
             due_date=T("2027-01-31"), awaiting_implementation=True, overdue=False),
        dict(source="P-CORE.xlsx", project_code="P-CORE", decision_id="D4", title="Report du lot 3 au T2 2027",
             committee="COPIL", decided_on=T("2026-10-28"), status="approved", owner="Karim El Idrissi",
             awaiting_implementation=False, overdue=False),
    ])
    alerts = _frame("alerts", [
        dict(project_code="P-CORE", dimension="cost", severity="red", indicator="CPI", value=0.83, threshold=0.9,
             message="CPI de 0,83 sous le seuil de 0,90",
             corrective_action="Revoir le plan de charge et renégocier le lot 2"),
        dict(project_code="P-CORE", dimension="schedule", severity="amber", indicator="slip_days", value=20,
             threshold=10, message="Glissement de 20 j du jalon « Fin des développements lot 1 »",
             corrective_action=("Chevaucher « Recette lot 1 » (T12) avec « Développement lot 1 » (T11) : "
                                "gain 9 j ouvrés, fin prévue le 26/11/2026\n"
                                "Compresser « Développement lot 1 » (T11) de 20 % : gain 3,6 j ouvrés"),
             cause="Tâches critiques en retard qui les pilotent : T11 (+20 j ouvrés)", days_recovered=9.0,
             action_tasks="T11, T12"),
        dict(project_code="P-DWH", dimension="schedule", severity="amber", indicator="SPI", value=0.8,
             threshold=0.9, message="SPI de 0,80 sous le seuil de 0,90",
             corrective_action="Replanifier le cadrage avec le métier"),
    ])
    errors = _frame("errors", [
        dict(file="projets/P-CRM.xlsx", sheet="Budget", cell="D12", row=12, column="Prévu", severity="error",
             code="not_a_number", message="montant non numérique", found="12 000 MAD", expected="a number"),
    ])
    history_rows = []
    for period, status_date, rags in (("2026-09", T("2026-09-30"), {"P-CORE": "amber", "P-MOB": "green", "P-AML": "green", "P-DWH": "green"}),
                                      ("2026-10", T("2026-10-30"), {"P-CORE": "red", "P-MOB": "amber", "P-AML": "green", "P-DWH": "green"})):
        for code, rag in rags.items():
            history_rows.append(dict(status_date=status_date, period=period, project_code=code, kpi="rag_overall",
                                     value=NAN, target=NAN, rag=rag))
            history_rows.append(dict(status_date=status_date, period=period, project_code=code, kpi="spi",
                                     value=0.95, target=1.0, rag="green"))
            history_rows.append(dict(status_date=status_date, period=period, project_code=code, kpi="cpi",
                                     value=0.9 if code == "P-CORE" else 1.0, target=1.0, rag="green"))
    kpi_history = _frame("kpi_history", history_rows)
    return PortfolioSnapshot(status_date=date(2026, 11, 27), reporting_currency="MAD", overview=overview,
                             milestones=milestones, critical_path=critical_path, dependencies=dependencies,
                             budget=budget, budget_monthly=budget_monthly, risks=risks, risk_heatmap=heatmap,
                             issues=issues, actions=actions, decisions=decisions, alerts=alerts, errors=errors,
                             kpi_history=kpi_history, owner_followup=owner_followup_table(actions, decisions))
