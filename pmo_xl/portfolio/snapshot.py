"""The consolidated portfolio as data: one DataFrame per managed table.

A :class:`PortfolioSnapshot` is what a consolidation produces and what the
committee packs are built from.  Each managed table of the master workbook is
described once here by a :class:`TableSpec` (sheet name, Excel table name and
its columns, each with the DataFrame column key, the French header shown in
Excel and the kind of value).  The master writer writes those tables and
:func:`read_snapshot` reads them back, so both directions share one schema.

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
    workbook_status_date, data_age_days, stale, file_modified, source_file.
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
    0 green, 1 amber, 2 red (see :mod:`pmo_xl.portfolio.kpi_history`).
``committees`` (sheet "Comités") — one row per committee of the Config calendar:
    committee, scope, recurrence, previous_meeting, next_meeting, following_meeting, start_time,
    end_time, place, chair, quorum, members.
``owner_followup`` (sheet "Suivi par responsable") — open decisions and actions by owner:
    owner, register, source, project_code, committee, item_id, title, due_date, status,
    overdue, days_overdue, escalated (overdue by more than the Config
    ``escalation_after_days``).
``changes`` (sheet "Demandes de changement") — the change-request log:
    project_code, change_id, request, requester, submitted_on, cost_impact,
    delay_days, scope_impact, decision, committee, decided_on,
    new_baseline_finish.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from datetime import date, datetime

import pandas as pd


@dataclass(frozen=True)
class ColumnSpec:
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
    columns: tuple[ColumnSpec, ...]
    title: str = ""

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def column(self, key: str) -> ColumnSpec:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)


def _cols(*specs: tuple) -> tuple[ColumnSpec, ...]:
    return tuple(ColumnSpec(*s) for s in specs)


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
        ("slip_days", "Glissement (j)", "number", 10),
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
        ("slip_days", "Glissement (j)", "number", 10),
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
)

TABLES_BY_KEY: dict[str, TableSpec] = {t.key: t for t in TABLES}
MANAGED_SHEETS: tuple[str, ...] = tuple(t.sheet for t in TABLES)


def empty_frame(spec: TableSpec) -> pd.DataFrame:
    """An empty DataFrame with the table's columns."""
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


@dataclass
class PortfolioSnapshot:
    """The consolidated state of the portfolio at one status date.

    One DataFrame per managed table of the master workbook; the columns of
    each are listed in this module's docstring and in :data:`TABLES`.
    Money columns are in ``reporting_currency``.  ``critical_risk_score`` is
    the P×I score from which an open risk counts as critical in the summary
    (the Config RAG threshold; :func:`read_snapshot` leaves the default).
    """

    status_date: date
    reporting_currency: str = "MAD"
    critical_risk_score: int = 15  # P×I from which an open risk is critical (Config RAG thresholds)
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

    def table(self, key: str) -> pd.DataFrame:
        """The DataFrame of the managed table ``key`` (e.g. ``"overview"``)."""
        return getattr(self, key)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every managed table by key, in workbook order."""
        return {spec.key: getattr(self, spec.key) for spec in TABLES}

    def summary_value(self, indicator: str):
        """The value of one indicator of the summary table (None if absent)."""
        rows = self.summary[self.summary["indicator"] == indicator]
        if rows.empty:
            return None
        return rows["value"].iloc[0]


SNAPSHOT_TABLE_FIELDS = tuple(f.name for f in fields(PortfolioSnapshot)
                              if f.name not in ("status_date", "reporting_currency", "critical_risk_score"))


def conform(spec: TableSpec, frame: pd.DataFrame | None) -> pd.DataFrame:
    """``frame`` with exactly the table's columns, in order (missing ones empty).

    Columns of ``frame`` the table does not know are dropped; date columns are
    converted to Timestamps, numeric columns to floats.
    """
    if frame is None or len(frame) == 0:
        return empty_frame(spec)
    out = pd.DataFrame(index=range(len(frame)))
    src = frame.reset_index(drop=True)
    for col in spec.columns:
        if col.key in src.columns:
            values = src[col.key]
        else:
            values = pd.Series([None] * len(src))
        if col.kind in ("date", "datetime"):
            values = pd.to_datetime(values, errors="coerce")
            if getattr(values.dt, "tz", None) is not None:
                values = values.dt.tz_localize(None)
        elif col.kind in ("int", "number", "money", "percent", "ratio"):
            values = pd.to_numeric(values, errors="coerce").astype("float64")
        else:
            values = values.astype("object").where(values.notna(), None)
        out[col.key] = values.to_numpy()
    return out


# ---------------------------------------------------------------------------
# Reading the managed tables back from a master workbook


def _table_cells(ws, ref: str):
    from openpyxl.utils.cell import range_boundaries

    min_col, min_row, max_col, max_row = range_boundaries(ref)
    rows = list(ws.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col,
                             max_col=max_col, values_only=True))
    return rows


def _convert(kind: str, value):
    if value is None or (isinstance(value, str) and value == ""):
        return None
    if kind in ("date", "datetime"):
        if isinstance(value, (datetime, date)):
            return pd.Timestamp(value)
        if isinstance(value, (int, float)):
            from openpyxl.utils.datetime import from_excel

            return pd.Timestamp(from_excel(value))
        return pd.to_datetime(value, errors="coerce")
    if kind in ("int", "number", "money", "percent", "ratio"):
        if isinstance(value, bool):
            return float(value)
        if isinstance(value, (int, float)):
            return float(value)
        if isinstance(value, (datetime, date)):
            from openpyxl.utils.datetime import to_excel

            return float(to_excel(value))
        try:
            return float(value)
        except (TypeError, ValueError):
            return None
    if kind == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)):
            return bool(value)
        return str(value).strip().lower() in ("true", "vrai", "oui", "yes", "1")
    if kind == "rag":
        from pmo_xl.model import Rag, parse_enum

        member = parse_enum(Rag, value)
        return member.value if member is not None else str(value)
    return value if isinstance(value, str) else str(value)


def frame_from_rows(spec: TableSpec, header: list, body: list) -> pd.DataFrame:
    """A DataFrame of ``spec`` from a header row and body rows read from Excel.

    Columns are matched by their French header; unknown headers (columns the
    PMO added to a managed table) are ignored.
    """
    index = {str(h).strip(): i for i, h in enumerate(header) if h is not None}
    data: dict[str, list] = {}
    for col in spec.columns:
        pos = index.get(col.header)
        data[col.key] = [_convert(col.kind, row[pos]) if pos is not None and pos < len(row) else None
                         for row in body]
    return conform(spec, pd.DataFrame(data, columns=spec.keys))


def read_snapshot(master_path: str | os.PathLike) -> PortfolioSnapshot:
    """Read every managed table of a consolidated master workbook.

    Values are the cached results stored in the file (formulas are not
    recalculated).  A managed table missing from the workbook comes back as
    an empty DataFrame.  The status date and reporting currency come from the
    ``status_date`` and ``reporting_currency`` rows of the summary table.
    """
    from openpyxl import load_workbook

    wb = load_workbook(master_path, data_only=True)
    try:
        frames: dict[str, pd.DataFrame] = {}
        for spec in TABLES:
            frame = empty_frame(spec)
            if spec.sheet in wb.sheetnames:
                ws = wb[spec.sheet]
                table = ws.tables.get(spec.table_name)
                if table is not None:
                    rows = _table_cells(ws, table.ref)
                    if rows:
                        header, body = list(rows[0]), [list(r) for r in rows[1:]]
                        body = [r for r in body if any(v is not None for v in r)]
                        frame = frame_from_rows(spec, header, body)
            frames[spec.key] = frame
    finally:
        wb.close()
    summary = frames["summary"]
    status_date = None
    currency = "MAD"
    for _, row in summary.iterrows():
        if row["indicator"] == "status_date" and row["value"] is not None:
            value = row["value"]
            if isinstance(value, (int, float)) and not pd.isna(value):
                from openpyxl.utils.datetime import from_excel

                status_date = from_excel(value).date()
        elif row["indicator"] == "reporting_currency" and row["unit"]:
            currency = str(row["unit"])
    return PortfolioSnapshot(status_date=status_date, reporting_currency=currency, **frames)
