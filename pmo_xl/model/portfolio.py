"""The consolidated portfolio as data: one DataFrame per managed table.

A :class:`PortfolioSnapshot` is what a consolidation produces and what the
committee packs are built from.  Each managed table of the master workbook is
described once here by a :class:`TableSpec` (sheet name, Excel table name and
its columns, each with the DataFrame column key, the French header shown in
Excel and the kind of value).  The master writer writes those tables and
:func:`pmo_xl.io.master.reader.read_snapshot` reads them back, so both directions share one schema.

Column kinds: ``text``, ``int``, ``number`` (plain decimal), ``money`` (amount
in the reporting currency), ``percent`` (0.25 = 25 %), ``ratio`` (SPI, CPI),
``date``, ``datetime``, ``bool``, ``rag`` (``green``/``amber``/``red``).
Dates are ``pandas.Timestamp``; test missing values (NaT, NaN, None) with ``pandas.isna``.

Tables and their columns (DataFrame keys, in order)
---------------------------------------------------
``summary``  (sheet "Synthèse") — one row per portfolio indicator:
    indicator, label, value, unit.  Indicators include ``status_date`` (as an
    Excel date serial in the sheet, a Timestamp here), ``projects``,
    ``projects_in_error``, ``bac_total``, ``eac_total``, ``actions_total``,
    ``actions_closed``, ``action_closure_rate``, ``actions_overdue``, ``rag_green``,
    ``rag_amber``, ``rag_red``; totals are Excel formulas over the other sheets.
``overview`` (sheet "Portefeuille") — one row per project:
    project_code, project_name, programme, business_line, phase, methodology,
    project_manager, sponsor, priority, baseline_start, baseline_finish,
    forecast_start, forecast_finish, slip_days, percent_complete, bac, pv, ev,
    ac, spi, cpi, spi_t, eac, vac, rag_schedule, rag_cost, rag_scope,
    rag_risk, rag_overall, self_rag_overall, top_risk, top_risk_score,
    open_risks, overdue_actions, compliance_score, data_quality_score,
    rejected_rows, missing_sheets, problem_count, workbook_status_date,
    data_age_days, stale, file_modified, source_file.  Slips are in working
    days; the RAG columns hold ``green``/``amber``/``red``, ``incomplete``
    (data below the quality threshold) or ``not_provided`` (register missing).
``milestones`` (sheet "Jalons"):
    project_code, task_id, milestone_name, baseline_finish, forecast_finish,
    actual_finish, slip_days, achieved, late.
``critical_path`` (sheet "Chemin critique") — tasks of each project's critical path in order:
    project_code, sequence, task_id, task_name, start, finish,
    total_float_days, milestone.
``dependencies`` (sheet "Dépendances") — inter-project dependencies:
    dependency_id, project_code, task_id, task_name, on_project, on_task_id,
    on_task_name, type, lag_days, on_task_baseline_finish,
    on_task_forecast_finish, on_task_slip_days, task_baseline_start,
    task_forecast_start, task_start_slip_days, project_slip_days, impacted.
``budget`` (sheet "Budget") — one row per project, month, category and nature:
    programme, project_code, month, category, nature, currency, rate,
    planned, actual, forecast (in the reporting currency), planned_source,
    actual_source, forecast_source (in the line's own currency).
``budget_monthly`` (sheet "Budget mensuel") — the portfolio S-curve:
    month, planned, actual, forecast, cumulative_planned, cumulative_actual,
    cumulative_forecast.
``resources`` (sheet "Ressources") — one row per resource and month:
    resource_code, resource_name, department, month, capacity_days,
    load_days, load_percent, over_allocated, projects.
``risks`` (sheet "Risques"):
    project_code, risk_id, title, probability, impact, score, exposure,
    owner, status, category, response, due_date.
``risk_heatmap`` (sheet "Carte des risques") — counts of open risks, 5 rows
    (probability 5 down to 1): probability, impact_1, impact_2, impact_3,
    impact_4, impact_5.
``issues`` (sheet "Problèmes"):
    project_code, issue_id, title, severity, owner, status, raised_on,
    due_date, overdue, age_days.
``actions`` (sheet "Actions") — project actions and the master's governance actions:
    source, project_code, action_id, title, owner, committee, raised_on,
    due_date, status, closed_on, overdue, days_overdue, aging_bucket,
    decision_id, escalated (overdue beyond the Config ``escalation_after_days``).
    Sources: ``projet`` (a project workbook), ``gouvernance`` (the master's
    register), ``porte`` (the conditions of a conditional go).
``decisions`` (sheet "Décisions"):
    source, project_code, decision_id, title, committee, decided_on, status,
    owner, due_date, awaiting_implementation, overdue, days_overdue, escalated.
``compliance`` (sheet "Conformité") — one row per project and check:
    project_code, methodology, phase, check_code, check_label, status,
    value, target, detail.  ``status`` is ``ok``, ``missing`` or ``n/a``.
``alerts`` (sheet "Alertes"):
    project_code, dimension, severity, indicator, value, threshold, message,
    corrective_action (the proposed actions, best first, one per line),
    cause (what drives the deviation: late critical tasks, forecast lines,
    items), days_recovered (working days recovered by the best schedule
    what-if), action_tasks (ids of the tasks the actions concern).
``errors`` (sheet "Erreurs") — one row per located problem of an unreadable workbook:
    file, sheet, cell, row, column, severity, code, message, found, expected.
``kpi_history`` (sheet "Historique KPI") — one row per status date, project and KPI:
    status_date, period, project_code, kpi, value, target, rag.  The RAGs of
    each project are KPIs too (``rag_overall``, ``rag_schedule``, ``rag_cost``,
    ``rag_scope``, ``rag_risk``): ``rag`` holds the RAG, ``value`` its code
    0 green, 1 amber, 2 red (see :mod:`pmo_xl.engine.portfolio.kpi_history`).
``committees`` (sheet "Comités") — one row per committee of the Config calendar:
    committee, scope, recurrence, previous_meeting, next_meeting, following_meeting, start_time,
    end_time, place, chair, quorum, members, member_emails (one e-mail or none per member, in order).
``owner_followup`` (sheet "Suivi par responsable") — open decisions and actions by owner:
    owner, register, source, project_code, committee, item_id, title, due_date, status,
    overdue, days_overdue, escalated (overdue by more than the Config
    ``escalation_after_days``).
``changes`` (sheet "Demandes de changement") — the change-request log:
    project_code, change_id, request, requester, submitted_on, cost_impact,
    delay_days, scope_impact, decision, committee, decided_on,
    new_baseline_finish.
``schedule_quality`` (sheet "Qualité du planning") — one row per project and DCMA check:
    project_code, number (1–14), check_code, check_label, count, denominator,
    ratio, ratio_text, threshold, threshold_text, passed (empty when the check
    is not applicable), outcome (conforme / non conforme / sans objet),
    task_ids (the tasks at fault, comma-separated).  Computed once by
    consolidation from each project scheduled on its own, the thresholds
    being the Config parameters ``dcma_<name>``.
``schedule_quality_map`` (sheet "Carte qualité planning") — the heat map, one row per project:
    project_code, project_name, schedule_quality (share of the applicable
    checks that pass), checks_passed, checks_applicable and one
    ``dcma_<check code>`` column per check holding its outcome label.
``schedule_risk`` (sheet "Risque planning") — one row per project, its Monte Carlo schedule risk analysis:
    project_code, project_name, iterations, baseline_finish,
    deterministic_finish, finish_p10, finish_p50, finish_p80, finish_p90,
    probability_on_baseline, currency, cost_p50, cost_p80 (in the project's
    currency).  Computed once by consolidation on each project scheduled on
    its own, with the Config parameters ``risk_iterations`` (1,000 by default)
    and ``risk_seed`` (the same figures at every run on the same plans).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import pandas as pd

from pmo_xl.errors import ProblemList

from .enums import Committee
from .period import ReportingPeriod


@dataclass(frozen=True)
class SnapshotColumn:
    """One column of a managed table: DataFrame key, French header, value kind."""

    key: str
    header: str
    kind: str = "text"
    width: float | None = None


@dataclass(frozen=True)
class TableSpec:
    """A managed table of the master workbook: where it lives and its columns."""

    key: str  # attribute of PortfolioSnapshot
    sheet: str
    table_name: str
    columns: tuple[SnapshotColumn, ...]
    title: str = ""

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def column(self, key: str) -> SnapshotColumn:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)


def _cols(*specs: tuple) -> tuple[SnapshotColumn, ...]:
    return tuple(SnapshotColumn(*s) for s in specs)


TABLES: tuple[TableSpec, ...] = (
    TableSpec("summary", "Synthèse", "tblSynthese", _cols(
        ("indicator", "Indicateur", "text", 24),
        ("label", "Libellé", "text", 44),
        ("value", "Valeur", "number", 18),
        ("unit", "Unité", "text", 10),
    ), "Synthèse du portefeuille"),
    TableSpec("overview", "Portefeuille", "tblPortefeuille", _cols(
        ("project_code", "Code projet", "text", 12),
        ("project_name", "Projet", "text", 30),
        ("programme", "Programme", "text", 16),
        ("business_line", "Métier", "text", 14),
        ("phase", "Phase", "text", 13),
        ("methodology", "Méthode", "text", 11),
        ("project_manager", "Chef de projet", "text", 18),
        ("sponsor", "Sponsor", "text", 18),
        ("priority", "Priorité", "int", 8),
        ("baseline_start", "Début référence", "date", 12),
        ("baseline_finish", "Fin référence", "date", 12),
        ("forecast_start", "Début prévu", "date", 12),
        ("forecast_finish", "Fin prévue", "date", 12),
        ("slip_days", "Glissement (j ouvrés)", "number", 10),
        ("percent_complete", "Avancement", "percent", 10),
        ("bac", "BAC", "money", 15),
        ("pv", "PV", "money", 15),
        ("ev", "EV", "money", 15),
        ("ac", "AC", "money", 15),
        ("spi", "SPI", "ratio", 7),
        ("cpi", "CPI", "ratio", 7),
        ("spi_t", "SPI(t)", "ratio", 7),
        ("eac", "EAC", "money", 15),
        ("vac", "VAC", "money", 15),
        ("rag_schedule", "Météo délais", "rag", 9),
        ("rag_cost", "Météo coûts", "rag", 9),
        ("rag_scope", "Météo périmètre", "rag", 9),
        ("rag_risk", "Météo risques", "rag", 9),
        ("rag_overall", "Météo globale", "rag", 9),
        ("self_rag_overall", "Météo déclarée", "rag", 9),
        ("top_risk", "Risque principal", "text", 30),
        ("top_risk_score", "Score risque principal", "int", 8),
        ("open_risks", "Risques ouverts", "int", 8),
        ("overdue_actions", "Actions en retard", "int", 8),
        ("compliance_score", "Conformité méthode", "percent", 10),
        ("data_quality_score", "Qualité des données", "percent", 10),
        ("rejected_rows", "Lignes rejetées", "int", 9),
        ("missing_sheets", "Feuilles manquantes", "text", 16),
        ("problem_count", "Problèmes (erreurs)", "int", 9),
        ("workbook_status_date", "Date d'état du classeur", "date", 12),
        ("data_age_days", "Ancienneté des données (j)", "int", 10),
        ("stale", "Données périmées", "bool", 9),
        ("file_modified", "Fichier modifié le", "datetime", 17),
        ("source_file", "Fichier", "text", 30),
    ), "Vue portefeuille"),
    TableSpec("milestones", "Jalons", "tblJalons", _cols(
        ("project_code", "Code projet", "text", 12),
        ("task_id", "Id tâche", "text", 9),
        ("milestone_name", "Jalon", "text", 34),
        ("baseline_finish", "Date référence", "date", 12),
        ("forecast_finish", "Date prévue", "date", 12),
        ("actual_finish", "Date réelle", "date", 12),
        ("slip_days", "Glissement (j ouvrés)", "number", 10),
        ("achieved", "Atteint", "bool", 8),
        ("late", "En retard", "bool", 8),
    ), "Jalons : référence et prévision"),
    TableSpec("critical_path", "Chemin critique", "tblCheminCritique", _cols(
        ("project_code", "Code projet", "text", 12),
        ("sequence", "Ordre", "int", 7),
        ("task_id", "Id tâche", "text", 9),
        ("task_name", "Tâche", "text", 36),
        ("start", "Début", "date", 12),
        ("finish", "Fin", "date", 12),
        ("total_float_days", "Marge totale (j)", "number", 10),
        ("milestone", "Jalon", "bool", 7),
    ), "Chemin critique par projet"),
    TableSpec("dependencies", "Dépendances", "tblDependances", _cols(
        ("dependency_id", "Id dépendance", "text", 10),
        ("project_code", "Projet dépendant", "text", 12),
        ("task_id", "Tâche dépendante", "text", 10),
        ("task_name", "Libellé tâche dépendante", "text", 28),
        ("on_project", "Projet fournisseur", "text", 12),
        ("on_task_id", "Tâche fournisseur", "text", 10),
        ("on_task_name", "Libellé tâche fournisseur", "text", 28),
        ("type", "Type", "text", 6),
        ("lag_days", "Décalage (j)", "number", 8),
        ("on_task_baseline_finish", "Fin référence fournisseur", "date", 12),
        ("on_task_forecast_finish", "Fin prévue fournisseur", "date", 12),
        ("on_task_slip_days", "Glissement fournisseur (j)", "number", 10),
        ("task_baseline_start", "Début référence dépendant", "date", 12),
        ("task_forecast_start", "Début prévu dépendant", "date", 12),
        ("task_start_slip_days", "Glissement induit (j)", "number", 10),
        ("project_slip_days", "Glissement projet dépendant (j)", "number", 10),
        ("impacted", "Impacté", "bool", 8),
    ), "Dépendances inter-projets et propagation des glissements"),
    TableSpec("budget", "Budget", "tblBudget", _cols(
        ("programme", "Programme", "text", 16),
        ("project_code", "Code projet", "text", 12),
        ("month", "Mois", "date", 11),
        ("category", "Catégorie", "text", 9),
        ("nature", "Nature", "text", 9),
        ("currency", "Devise", "text", 7),
        ("rate", "Taux", "number", 9),
        ("planned", "Prévu", "money", 15),
        ("actual", "Réel", "money", 15),
        ("forecast", "Atterrissage", "money", 15),
        ("planned_source", "Prévu (devise)", "number", 15),
        ("actual_source", "Réel (devise)", "number", 15),
        ("forecast_source", "Atterrissage (devise)", "number", 15),
    ), "Budget consolidé"),
    TableSpec("budget_monthly", "Budget mensuel", "tblBudgetMensuel", _cols(
        ("month", "Mois", "date", 11),
        ("planned", "Prévu", "money", 15),
        ("actual", "Réel", "money", 15),
        ("forecast", "Atterrissage", "money", 15),
        ("cumulative_planned", "Prévu cumulé", "money", 16),
        ("cumulative_actual", "Réel cumulé", "money", 16),
        ("cumulative_forecast", "Atterrissage cumulé", "money", 16),
    ), "Courbe en S du portefeuille"),
    TableSpec("resources", "Ressources", "tblRessources", _cols(
        ("resource_code", "Code ressource", "text", 12),
        ("resource_name", "Ressource", "text", 22),
        ("department", "Département", "text", 16),
        ("month", "Mois", "date", 11),
        ("capacity_days", "Capacité (j)", "number", 10),
        ("load_days", "Charge (j)", "number", 10),
        ("load_percent", "Taux de charge", "percent", 10),
        ("over_allocated", "Surallocation", "bool", 10),
        ("projects", "Projets", "text", 30),
    ), "Capacité et charge des ressources"),
    TableSpec("risks", "Risques", "tblRisques", _cols(
        ("project_code", "Code projet", "text", 12),
        ("risk_id", "Id risque", "text", 9),
        ("title", "Risque", "text", 36),
        ("probability", "Probabilité", "int", 8),
        ("impact", "Impact", "int", 8),
        ("score", "Score P×I", "int", 8),
        ("exposure", "Exposition", "money", 15),
        ("owner", "Responsable", "text", 18),
        ("status", "Statut", "text", 10),
        ("category", "Catégorie", "text", 14),
        ("response", "Réponse", "text", 30),
        ("due_date", "Échéance", "date", 12),
    ), "Registre consolidé des risques"),
    TableSpec("risk_heatmap", "Carte des risques", "tblCarteRisques", _cols(
        ("probability", "Probabilité \\ Impact", "int", 12),
        ("impact_1", "Impact 1", "int", 9),
        ("impact_2", "Impact 2", "int", 9),
        ("impact_3", "Impact 3", "int", 9),
        ("impact_4", "Impact 4", "int", 9),
        ("impact_5", "Impact 5", "int", 9),
    ), "Carte de chaleur des risques ouverts (nombre)"),
    TableSpec("issues", "Problèmes", "tblProblemes", _cols(
        ("project_code", "Code projet", "text", 12),
        ("issue_id", "Id", "text", 9),
        ("title", "Problème", "text", 36),
        ("severity", "Gravité", "int", 8),
        ("owner", "Responsable", "text", 18),
        ("status", "Statut", "text", 10),
        ("raised_on", "Ouvert le", "date", 12),
        ("due_date", "Échéance", "date", 12),
        ("overdue", "En retard", "bool", 9),
        ("age_days", "Âge (j)", "int", 8),
    ), "Problèmes ouverts et clos"),
    TableSpec("actions", "Actions", "tblActions", _cols(
        ("source", "Source", "text", 12),
        ("project_code", "Code projet", "text", 12),
        ("action_id", "Id action", "text", 9),
        ("title", "Action", "text", 36),
        ("owner", "Responsable", "text", 18),
        ("committee", "Comité", "text", 10),
        ("raised_on", "Ouverte le", "date", 12),
        ("due_date", "Échéance", "date", 12),
        ("status", "Statut", "text", 10),
        ("closed_on", "Close le", "date", 12),
        ("overdue", "En retard", "bool", 9),
        ("days_overdue", "Jours de retard", "int", 9),
        ("aging_bucket", "Ancienneté", "text", 10),
        ("decision_id", "Décision liée", "text", 10),
        ("escalated", "Escaladée au COPIL", "bool", 10),
    ), "Actions des projets et de la gouvernance"),
    TableSpec("decisions", "Décisions", "tblDecisions", _cols(
        ("source", "Source", "text", 12),
        ("project_code", "Code projet", "text", 12),
        ("decision_id", "Id décision", "text", 10),
        ("title", "Décision", "text", 36),
        ("committee", "Comité", "text", 10),
        ("decided_on", "Décidée le", "date", 12),
        ("status", "Statut", "text", 12),
        ("owner", "Responsable", "text", 18),
        ("due_date", "Échéance de mise en œuvre", "date", 12),
        ("awaiting_implementation", "En attente de mise en œuvre", "bool", 10),
        ("overdue", "En retard", "bool", 9),
        ("days_overdue", "Jours de retard", "int", 9),
        ("escalated", "Escaladée au COPIL", "bool", 10),
    ), "Décisions des projets et des comités"),
    TableSpec("compliance", "Conformité", "tblConformite", _cols(
        ("project_code", "Code projet", "text", 12),
        ("methodology", "Méthode", "text", 11),
        ("phase", "Phase", "text", 13),
        ("check_code", "Contrôle", "text", 20),
        ("check_label", "Libellé", "text", 40),
        ("status", "Résultat", "text", 9),
        ("value", "Valeur", "number", 10),
        ("target", "Cible", "number", 10),
        ("detail", "Détail", "text", 40),
    ), "Conformité méthodologique et qualité des données"),
    TableSpec("alerts", "Alertes", "tblAlertes", _cols(
        ("project_code", "Code projet", "text", 12),
        ("dimension", "Dimension", "text", 12),
        ("severity", "Gravité", "rag", 9),
        ("indicator", "Indicateur", "text", 14),
        ("value", "Valeur", "number", 12),
        ("threshold", "Seuil", "number", 10),
        ("message", "Constat", "text", 44),
        ("corrective_action", "Action corrective proposée", "text", 50),
        ("cause", "Cause", "text", 44),
        ("days_recovered", "Jours ouvrés gagnés", "number", 10),
        ("action_tasks", "Tâches concernées", "text", 16),
    ), "Alertes de déviation"),
    TableSpec("errors", "Erreurs", "tblErreurs", _cols(
        ("file", "Fichier", "text", 30),
        ("sheet", "Feuille", "text", 14),
        ("cell", "Cellule", "text", 8),
        ("row", "Ligne", "int", 7),
        ("column", "Colonne", "text", 14),
        ("severity", "Gravité", "text", 9),
        ("code", "Code", "text", 14),
        ("message", "Message", "text", 50),
        ("found", "Trouvé", "text", 20),
        ("expected", "Attendu", "text", 20),
    ), "Classeurs non consolidés et erreurs localisées"),
    TableSpec("kpi_history", "Historique KPI", "tblHistoriqueKPI", _cols(
        ("status_date", "Date d'état", "date", 12),
        ("period", "Période", "text", 9),
        ("project_code", "Code projet", "text", 12),
        ("kpi", "KPI", "text", 18),
        ("value", "Valeur", "number", 14),
        ("target", "Cible", "number", 10),
        ("rag", "Météo", "rag", 9),
    ), "Historique des KPI par date d'état"),
    TableSpec("committees", "Comités", "tblComitesCalendrier", _cols(
        ("committee", "Comité", "text", 12),
        ("scope", "Périmètre", "text", 16),
        ("recurrence", "Récurrence", "text", 30),
        ("previous_meeting", "Réunion précédente", "date", 12),
        ("next_meeting", "Prochaine réunion", "date", 12),
        ("following_meeting", "Réunion suivante", "date", 12),
        ("start_time", "Début", "text", 7),
        ("end_time", "Fin", "text", 7),
        ("place", "Lieu", "text", 20),
        ("chair", "Président", "text", 18),
        ("quorum", "Quorum", "int", 8),
        ("members", "Membres", "text", 40),
        ("member_emails", "E-mails des membres", "text", 40),
    ), "Prochaines réunions des comités (jours fériés évités)"),
    TableSpec("owner_followup", "Suivi par responsable", "tblSuiviResponsables", _cols(
        ("owner", "Responsable", "text", 18),
        ("register", "Registre", "text", 10),
        ("source", "Source", "text", 12),
        ("project_code", "Code projet", "text", 12),
        ("committee", "Comité", "text", 12),
        ("item_id", "Réf.", "text", 9),
        ("title", "Intitulé", "text", 40),
        ("due_date", "Échéance", "date", 12),
        ("status", "Statut", "text", 12),
        ("overdue", "En retard", "bool", 9),
        ("days_overdue", "Jours de retard", "int", 9),
        ("escalated", "Escaladée au COPIL", "bool", 10),
    ), "Décisions et actions ouvertes par responsable"),
    TableSpec("changes", "Demandes de changement", "tblSuiviChangements", _cols(
        ("project_code", "Code projet", "text", 12),
        ("change_id", "Réf.", "text", 9),
        ("request", "Demande", "text", 40),
        ("requester", "Demandeur", "text", 18),
        ("submitted_on", "Déposée le", "date", 12),
        ("cost_impact", "Impact coût", "money", 14),
        ("delay_days", "Impact délai (j)", "number", 10),
        ("scope_impact", "Impact périmètre", "text", 30),
        ("decision", "Décision", "text", 12),
        ("committee", "Comité", "text", 12),
        ("decided_on", "Décidée le", "date", 12),
        ("new_baseline_finish", "Nouvelle fin de référence", "date", 12),
    ), "Journal des demandes de changement"),
    TableSpec("finance", "Finances", "tblFinances", _cols(
        ("project_code", "Code projet", "text", 12),
        ("fiscal_year", "Exercice", "text", 10),
        ("category", "Nature", "text", 9),
        ("approved", "Enveloppe approuvée", "money", 16),
        ("planned", "Budget prévu", "money", 16),
        ("actual_to_date", "Réalisé à date", "money", 16),
        ("forecast_to_complete", "Reste à faire prévu", "money", 16),
        ("estimate_at_completion", "Atterrissage", "money", 16),
        ("variance", "Écart à l'enveloppe", "money", 16),
    ), "CAPEX et OPEX par exercice face à l'enveloppe approuvée"),
    TableSpec("narratives", "Récits des chefs de projet", "tblRecits", _cols(
        ("project_code", "Code projet", "text", 12),
        ("period", "Période", "text", 9),
        ("status_date", "Date d'état", "date", 12),
        ("self_rag", "Météo déclarée", "rag", 9),
        ("achievements", "Réalisations", "text", 50),
        ("next_steps", "Prochaines étapes", "text", 50),
        ("help_needed", "Points d'attention", "text", 40),
    ), "Dernier compte rendu de chaque chef de projet"),
    TableSpec("decision_requests", "Demandes de décision", "tblDemandesDecision", _cols(
        ("project_code", "Code projet", "text", 12),
        ("decision_id", "ID décision", "text", 10),
        ("title", "Intitulé", "text", 36),
        ("committee", "Comité", "text", 14),
        ("owner", "Responsable", "text", 18),
        ("due_date", "Échéance", "date", 12),
        ("context", "Contexte", "text", 40),
        ("options", "Options", "text", 40),
        ("recommendation", "Recommandation", "text", 30),
        ("cost_impact", "Impact coût", "money", 14),
        ("schedule_impact_days", "Impact délai (j)", "number", 10),
        ("scope_impact", "Impact périmètre", "text", 30),
        ("missing_options", "Options manquantes", "bool", 9),
        ("missing_impact", "Impact manquant", "bool", 9),
        ("missing_recommendation", "Recommandation manquante", "bool", 9),
    ), "Décisions demandées aux comités, avec leur dossier"),
    TableSpec("sprints", "Sprints", "tblSprints", _cols(
        ("project_code", "Code projet", "text", 12),
        ("sprint", "Sprint", "text", 12),
        ("start", "Début", "date", 12),
        ("finish", "Fin", "date", 12),
        ("committed_points", "Points engagés", "number", 10),
        ("completed_points", "Points réalisés", "number", 10),
        ("goal", "Objectif", "text", 40),
        ("velocity_mean_3", "Vélocité moyenne (3 sprints)", "number", 10),
        ("cumulative_completed", "Points réalisés cumulés", "number", 10),
        ("cumulative_committed", "Points engagés cumulés", "number", 10),
        ("remaining_points", "Points restants", "number", 10),
    ), "Sprints des projets agiles"),
    TableSpec("team_load", "Charge des équipes", "tblChargeEquipes", _cols(
        ("department", "Équipe", "text", 24),
        ("month", "Mois", "date", 12),
        ("capacity_days", "Capacité (j)", "number", 10),
        ("load_days", "Charge (j)", "number", 10),
        ("load_percent", "Charge / capacité", "percent", 10),
        ("over_allocated", "Surallouée", "bool", 9),
        ("over_allocated_resources", "Ressources surallouées", "text", 36),
        ("projects", "Projets concernés", "text", 30),
    ), "Charge et capacité par équipe et par mois"),
    TableSpec("schedule_quality", "Qualité du planning", "tblQualitePlanning", _cols(
        ("project_code", "Code projet", "text", 12),
        ("number", "N°", "int", 5),
        ("check_code", "Code contrôle", "text", 18),
        ("check_label", "Contrôle", "text", 40),
        ("count", "Nombre", "number", 9),
        ("denominator", "Sur", "number", 9),
        ("ratio", "Ratio", "number", 9),
        ("ratio_text", "Ratio affiché", "text", 10),
        ("threshold", "Seuil", "number", 9),
        ("threshold_text", "Seuil affiché", "text", 10),
        ("passed", "Conforme", "bool", 9),
        ("outcome", "Résultat", "text", 13),
        ("task_ids", "Tâches en cause", "text", 30),
    ), "Qualité du planning : les 14 contrôles de la DCMA par projet"),
    TableSpec("schedule_quality_map", "Carte qualité planning", "tblCarteQualite", _cols(
        ("project_code", "Code projet", "text", 12),
        ("project_name", "Projet", "text", 28),
        ("schedule_quality", "Qualité du planning", "percent", 10),
        ("checks_passed", "Contrôles conformes", "int", 9),
        ("checks_applicable", "Contrôles applicables", "int", 9),
        ("dcma_logic", "1 Logique", "text", 12),
        ("dcma_leads", "2 Avances", "text", 12),
        ("dcma_lags", "3 Décalages", "text", 12),
        ("dcma_relationship_types", "4 Types de liens", "text", 12),
        ("dcma_hard_constraints", "5 Contraintes impératives", "text", 12),
        ("dcma_high_float", "6 Marges élevées", "text", 12),
        ("dcma_negative_float", "7 Marges négatives", "text", 12),
        ("dcma_high_duration", "8 Durées élevées", "text", 12),
        ("dcma_invalid_dates", "9 Dates invalides", "text", 12),
        ("dcma_resources", "10 Ressources", "text", 12),
        ("dcma_missed_tasks", "11 Tâches manquées", "text", 12),
        ("dcma_critical_path_test", "12 Test du chemin critique", "text", 12),
        ("dcma_cpli", "13 CPLI", "text", 12),
        ("dcma_bei", "14 BEI", "text", 12),
    ), "Carte de chaleur de la qualité du planning : projets × contrôles DCMA"),
    TableSpec("schedule_risk", "Risque planning", "tblRisquePlanning", _cols(
        ("project_code", "Code projet", "text", 12),
        ("project_name", "Projet", "text", 28),
        ("iterations", "Itérations", "int", 10),
        ("baseline_finish", "Fin référence", "date", 12),
        ("deterministic_finish", "Fin prévue", "date", 12),
        ("finish_p10", "Fin P10", "date", 12),
        ("finish_p50", "Fin P50", "date", 12),
        ("finish_p80", "Fin P80", "date", 12),
        ("finish_p90", "Fin P90", "date", 12),
        ("probability_on_baseline", "Probabilité de tenir la fin référence", "percent", 12),
        ("currency", "Devise", "text", 7),
        ("cost_p50", "Coût P50 (devise du projet)", "number", 15),
        ("cost_p80", "Coût P80 (devise du projet)", "number", 15),
    ), "Analyse de risque du planning (Monte Carlo) par projet"),
)

TABLES_BY_KEY: dict[str, TableSpec] = {t.key: t for t in TABLES}
MANAGED_SHEETS: tuple[str, ...] = tuple(t.sheet for t in TABLES)


def empty_frame(spec: TableSpec) -> pd.DataFrame:
    """An empty DataFrame with the table's columns (a new one at each call)."""
    return _empty_frame_of(spec).copy()


@lru_cache(maxsize=None)
def _empty_frame_of(spec: TableSpec) -> pd.DataFrame:
    return pd.DataFrame({c.key: pd.Series(dtype=_dtype(c.kind)) for c in spec.columns})


def _dtype(kind: str) -> str:
    if kind in ("date", "datetime"):
        return "datetime64[ns]"
    if kind in ("int", "number", "money", "percent", "ratio"):
        return "float64"
    if kind == "bool":
        return "object"
    return "object"


def _frame_factory(key: str):
    return lambda: empty_frame(TABLES_BY_KEY[key])


@dataclass(frozen=True)
class SourceFile:
    """One project workbook a snapshot was made from: where it was, its content hash and what came of it.

    ``status`` is ``consolidated`` or ``rejected`` (unreadable, duplicate
    project code, or a project that could not be scheduled).
    """

    path: str
    sha256: str | None
    modified: datetime | None
    project_code: str | None
    declared_status_date: date | None
    status: str


@dataclass
class ConsolidationRun:
    """How one consolidation went: the master it wrote, the backup kept, the phase timings (seconds)."""

    master_path: Path | None = None
    backup_path: Path | None = None
    snapshot_folder: Path | None = None
    timings: dict[str, float] = field(default_factory=dict)
    sheets: list[str] = field(default_factory=list)  # the managed sheets written


@dataclass
class PortfolioSnapshot:
    """The consolidated state of the portfolio at one status date.

    One DataFrame per managed table of the master workbook; the columns of
    each are listed in this module's docstring and in :data:`TABLES`.
    Money columns are in ``reporting_currency``.  ``critical_risk_score`` is
    the P×I score from which an open risk counts as critical in the summary
    (the Config RAG threshold; reading a master back leaves the default).
    ``period`` is the reporting period consolidated, ``sources`` the project
    workbooks read, ``problems`` every located problem reported,
    ``tool_version`` the version of pmo-xl that made it and ``run`` how the
    consolidation went (None for a snapshot read back from storage).
    """

    status_date: date
    reporting_currency: str = "MAD"
    critical_risk_score: int = 15  # P×I from which an open risk is critical (Config RAG thresholds)
    period: ReportingPeriod | None = None
    sources: tuple[SourceFile, ...] = ()
    problems: ProblemList = field(default_factory=ProblemList)
    tool_version: str | None = None
    run: ConsolidationRun | None = None
    kpi_catalogue: tuple["KpiDefinition", ...] = ()
    rag_thresholds: object | None = None  # the Config's RagThresholds the projects were rated with
    language: str = "fr"  # the master's language (Config parameter language): its sheets, headers and labels
    summary: pd.DataFrame = field(default_factory=_frame_factory("summary"))
    overview: pd.DataFrame = field(default_factory=_frame_factory("overview"))
    milestones: pd.DataFrame = field(default_factory=_frame_factory("milestones"))
    critical_path: pd.DataFrame = field(default_factory=_frame_factory("critical_path"))
    dependencies: pd.DataFrame = field(default_factory=_frame_factory("dependencies"))
    budget: pd.DataFrame = field(default_factory=_frame_factory("budget"))
    budget_monthly: pd.DataFrame = field(default_factory=_frame_factory("budget_monthly"))
    resources: pd.DataFrame = field(default_factory=_frame_factory("resources"))
    risks: pd.DataFrame = field(default_factory=_frame_factory("risks"))
    risk_heatmap: pd.DataFrame = field(default_factory=_frame_factory("risk_heatmap"))
    issues: pd.DataFrame = field(default_factory=_frame_factory("issues"))
    actions: pd.DataFrame = field(default_factory=_frame_factory("actions"))
    decisions: pd.DataFrame = field(default_factory=_frame_factory("decisions"))
    compliance: pd.DataFrame = field(default_factory=_frame_factory("compliance"))
    alerts: pd.DataFrame = field(default_factory=_frame_factory("alerts"))
    errors: pd.DataFrame = field(default_factory=_frame_factory("errors"))
    kpi_history: pd.DataFrame = field(default_factory=_frame_factory("kpi_history"))
    committees: pd.DataFrame = field(default_factory=_frame_factory("committees"))
    owner_followup: pd.DataFrame = field(default_factory=_frame_factory("owner_followup"))
    changes: pd.DataFrame = field(default_factory=_frame_factory("changes"))
    finance: pd.DataFrame = field(default_factory=_frame_factory("finance"))
    narratives: pd.DataFrame = field(default_factory=_frame_factory("narratives"))
    decision_requests: pd.DataFrame = field(default_factory=_frame_factory("decision_requests"))
    sprints: pd.DataFrame = field(default_factory=_frame_factory("sprints"))
    team_load: pd.DataFrame = field(default_factory=_frame_factory("team_load"))
    schedule_quality: pd.DataFrame = field(default_factory=_frame_factory("schedule_quality"))
    schedule_quality_map: pd.DataFrame = field(default_factory=_frame_factory("schedule_quality_map"))
    schedule_risk: pd.DataFrame = field(default_factory=_frame_factory("schedule_risk"))

    @property
    def consolidated(self) -> list[str]:
        """The codes of the projects consolidated, in the order their workbooks were read."""
        return [s.project_code for s in self.sources if s.status == "consolidated"]

    @property
    def failed(self) -> list[Path]:
        """The workbooks read whose project is not in the snapshot (see the errors table)."""
        return [Path(s.path) for s in self.sources if s.status != "consolidated"]

    def table(self, key: str) -> pd.DataFrame:
        """The DataFrame of the managed table ``key`` (e.g. ``"overview"``)."""
        return getattr(self, key)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every managed table by key, in workbook order."""
        return {spec.key: getattr(self, spec.key) for spec in TABLES}

    def kpi_shown(self, code: str) -> bool:
        """False when the KPI catalogue the snapshot was rated with switches ``code`` off (unlisted: shown)."""
        return all(kpi.active for kpi in self.kpi_catalogue if kpi.code == code)

    def summary_value(self, indicator: str):
        """The value of one indicator of the summary table (None if absent)."""
        rows = self.summary[self.summary["indicator"] == indicator]
        if rows.empty:
            return None
        return rows["value"].iloc[0]


SNAPSHOT_METADATA_FIELDS = ("status_date", "reporting_currency", "critical_risk_score", "period", "sources",
                            "problems", "tool_version", "run", "kpi_catalogue", "rag_thresholds")
SNAPSHOT_TABLE_FIELDS = tuple(f.name for f in fields(PortfolioSnapshot) if f.name not in SNAPSHOT_METADATA_FIELDS)


def _conformed_values(kind: str, values: pd.Series):
    """The array of one column of a managed table: Timestamps, floats, or objects with ``None`` for missing."""
    if kind in ("date", "datetime"):
        if values.dtype == "datetime64[ns]":
            return values.to_numpy()
        values = pd.to_datetime(values, errors="coerce")
        if getattr(values.dt, "tz", None) is not None:
            values = values.dt.tz_localize(None)
        return values.to_numpy()
    if kind in ("int", "number", "money", "percent", "ratio"):
        if values.dtype == "float64":
            return values.to_numpy()
        return pd.to_numeric(values, errors="coerce").astype("float64").to_numpy()
    array = values.to_numpy(dtype=object, copy=True)
    array[pd.isna(array)] = None
    return array


def conform(spec: TableSpec, frame: pd.DataFrame | None) -> pd.DataFrame:
    """``frame`` with exactly the table's columns, in order (missing ones empty).

    Columns of ``frame`` the table does not know are dropped; date columns are
    converted to Timestamps, numeric columns to floats.
    """
    if frame is None or len(frame) == 0:
        return empty_frame(spec)
    src = frame.reset_index(drop=True)
    columns: dict[str, object] = {}
    for col in spec.columns:
        if col.key in src.columns:
            values = src[col.key]
        else:
            values = pd.Series([None] * len(src))
        columns[col.key] = _conformed_values(col.kind, values)
    return pd.DataFrame(columns, index=range(len(src)))  # built once: inserting column by column is slow


# ---------------------------------------------------------------------------
# Indicators of the summary sheet and the Config records the portfolio tables use


@dataclass(frozen=True)
class SummaryRow:
    """One indicator of the summary sheet and how Excel recomputes it."""

    indicator: str
    label: str
    unit: str = ""
    kind: str = "number"  # number format of the value cell


SUMMARY_ROWS: tuple[SummaryRow, ...] = (
    SummaryRow("status_date", "Date d'état du portefeuille", "", "date"),
    SummaryRow("reporting_currency", "Devise de reporting", "", "text"),
    SummaryRow("projects", "Projets consolidés", "projets", "int"),
    SummaryRow("projects_in_error", "Classeurs en erreur", "classeurs", "int"),
    SummaryRow("rag_green", "Projets au vert", "projets", "int"),
    SummaryRow("rag_amber", "Projets à l'orange", "projets", "int"),
    SummaryRow("rag_red", "Projets au rouge", "projets", "int"),
    SummaryRow("bac_total", "Budget à terminaison (BAC) total", "money", "money"),
    SummaryRow("eac_total", "Estimation à terminaison (EAC) totale", "money", "money"),
    SummaryRow("vac_total", "Écart à terminaison (VAC) total", "money", "money"),
    SummaryRow("budget_planned_total", "Budget prévu total", "money", "money"),
    SummaryRow("budget_actual_total", "Budget réel total", "money", "money"),
    SummaryRow("budget_forecast_total", "Atterrissage total", "money", "money"),
    SummaryRow("actions_total", "Actions (hors annulées)", "actions", "int"),
    SummaryRow("actions_closed", "Actions closes", "actions", "int"),
    SummaryRow("action_closure_rate", "Taux de clôture des actions", "%", "percent"),
    SummaryRow("actions_overdue", "Actions en retard", "actions", "int"),
    SummaryRow("decisions_awaiting", "Décisions en attente de mise en œuvre", "décisions", "int"),
    SummaryRow("open_risks", "Risques ouverts", "risques", "int"),
    SummaryRow("high_risks", "Risques critiques ouverts (score P×I au seuil critique ou plus)", "risques", "int"),
    SummaryRow("over_allocations", "Surallocations (ressource × mois)", "cas", "int"),
    SummaryRow("red_alerts", "Alertes rouges", "alertes", "int"),
    SummaryRow("next_copil", "Prochain COPIL", "", "date"),
    SummaryRow("next_coproj", "Prochain COPROJ", "", "date"),
    SummaryRow("next_tech", "Prochain comité technique", "", "date"),
    SummaryRow("reporting_period", "Période de restitution", "", "text"),
    SummaryRow("problems", "Problèmes relevés (erreurs)", "problèmes", "int"),
    SummaryRow("rag_incomplete", "Projets aux données incomplètes", "projets", "int"),
    SummaryRow("ac_total", "Coût réel (AC) total", "money", "money"),
    SummaryRow("portfolio_spi", "SPI portefeuille (ΣEV / ΣPV)", "", "ratio"),
    SummaryRow("portfolio_cpi", "CPI portefeuille (ΣEV / ΣAC)", "", "ratio"),
    SummaryRow("budget_actual_to_date", "Budget réel à la date d'état", "money", "money"),
    SummaryRow("budget_planned_to_date", "Budget prévu à la date d'état", "money", "money"),
    SummaryRow("budget_consumed_rate", "Budget consommé (réel / prévu à la date d'état)", "%", "percent"),
    SummaryRow("milestones_due", "Jalons échus sur la période (au plus tard à la date d'état)", "jalons", "int"),
    SummaryRow("milestones_on_time", "Jalons échus tenus à l'heure", "jalons", "int"),
)


@dataclass(frozen=True)
class CommitteeMeeting:
    """One meeting of the committee calendar."""

    committee: Committee
    day: date
    scope: str | None = None
    place: str | None = None


@dataclass(frozen=True)
class KpiDefinition:
    """A KPI of the catalogue (Config tblKPI): what it is, how it is rated, where it applies.

    ``target`` is the green bound and ``amber`` the amber bound: with
    direction ``min`` the KPI is green from ``target``, amber from ``amber``
    and red below; with ``max`` green up to ``target``, amber up to
    ``amber`` and red above.  No ``amber`` bound: green or red.  No bound at
    all on an index or the slip: the bands of the RAG thresholds apply.
    ``active`` False switches the KPI off in every output.
    """

    code: str
    label: str
    target: float | None
    direction: str = "min"  # "min": the target is a floor; "max": a ceiling
    unit: str | None = None
    label_en: str | None = None
    formula: str | None = None
    amber: float | None = None
    scope: str = "projet"
    active: bool = True
