"""The column schemas of the standard project workbook, defined once.

A :class:`TableSchema` says how one table of the model appears in Excel: its
sheet name and Excel Table name in French and English, and for every column
(:class:`ColumnSpec`) the model field it holds, its labels, its value kind,
whether it is required, the enum it draws its values from, its width, number
format and help text.  The template writer, the workbook reader, the master
workbook and the Excel UDFs all read these schemas; nothing else lists
columns.

The project card is a key/value table (one row per field, columns
*Champ* / *Valeur* / *Aide*): a card holds one record of some twenty fields,
which reads and prints as a form top to bottom, whereas a one-row table would
run across some twenty columns off the screen.  Its fields are described by
the same :class:`ColumnSpec` records as the columns of the other tables.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum

from .domain import CalendarException, CalendarSpec, WorkingPeriod
from .enums import (
    BudgetCategory,
    Committee,
    ConstraintType,
    CostNature,
    DecisionStatus,
    EvMethod,
    ItemStatus,
    LagCalendar,
    LinkType,
    Methodology,
    Phase,
    Rag,
    ResourceType,
    SchedulingProfile,
)


class ValueKind(str, Enum):
    """What a column holds, which decides how it is written, validated and read."""

    TEXT = "text"
    INT = "int"
    FLOAT = "float"
    PERCENT = "percent"  # 0..100 points in the model; an Excel percentage in the cell (0.5 shown 50 %)
    DATE = "date"  # read as datetime.date
    DATETIME = "datetime"  # a date read as datetime.datetime (task dates)
    MONTH = "month"  # a date normalised to the first day of its month
    ENUM = "enum"
    MONEY = "money"
    PREDECESSORS = "predecessors"  # MS Project syntax "12FS+2d; 14SS"
    ASSIGNMENTS = "assignments"  # MS Project syntax "DEV1[50%]; PM"
    BOOL = "bool"
    CURRENCY = "currency"  # ISO 4217 code
    HOURS = "hours"  # working periods of a day "08:00-12:00; 13:00-17:00"
    PERIOD = "period"  # a reporting period "2026-11" or "2026-W47"
    WEEKDAYS = "weekdays"  # days of the week "lun-ven; sam" or "Mon-Fri; Sat" (ISO weekdays 0..6)
    COUNTRY = "country"  # a country code of the ``holidays`` package, or "aucun" (none)


class CalendarEntryKind(str, Enum):
    """What a row of the calendar table sets or changes in a working calendar."""

    WORKING_WEEK = "working_week"  # working hours of some days of every week
    HOLIDAY_COUNTRY = "holiday_country"  # the country whose public holidays are non-working
    BASE_CALENDAR = "base_calendar"  # the calendar whose exceptions this one inherits
    EXCEPTION = "exception"  # a date range non-working or with other hours
    HOLIDAY_ADDED = "holiday_added"  # one more public holiday
    HOLIDAY_REMOVED = "holiday_removed"  # an expected public holiday that is worked


CALENDAR_ENTRY_LABELS: dict[CalendarEntryKind, tuple[str, str]] = {
    CalendarEntryKind.WORKING_WEEK: ("semaine de travail", "working week"),
    CalendarEntryKind.HOLIDAY_COUNTRY: ("jours fériés du pays", "holiday country"),
    CalendarEntryKind.BASE_CALENDAR: ("calendrier de base", "base calendar"),
    CalendarEntryKind.EXCEPTION: ("exception", "exception"),
    CalendarEntryKind.HOLIDAY_ADDED: ("férié ajouté", "holiday added"),
    CalendarEntryKind.HOLIDAY_REMOVED: ("férié travaillé", "holiday worked"),
}

#: Kinds of calendar rows that apply to dates (their start date is required).
DATED_CALENDAR_ENTRIES = frozenset({
    CalendarEntryKind.EXCEPTION, CalendarEntryKind.HOLIDAY_ADDED, CalendarEntryKind.HOLIDAY_REMOVED})

#: The value of the holiday country column meaning "no public holidays".
NO_HOLIDAY_COUNTRY = "none"

#: Its labels in the workbook, French and English.
NO_HOLIDAY_COUNTRY_LABELS = ("aucun", "none")

#: Names and abbreviations of the ISO weekdays (0 = Monday), French then English.
WEEKDAY_NAMES: dict[int, tuple[str, str, str, str]] = {
    0: ("lundi", "lun", "monday", "mon"),
    1: ("mardi", "mar", "tuesday", "tue"),
    2: ("mercredi", "mer", "wednesday", "wed"),
    3: ("jeudi", "jeu", "thursday", "thu"),
    4: ("vendredi", "ven", "friday", "fri"),
    5: ("samedi", "sam", "saturday", "sat"),
    6: ("dimanche", "dim", "sunday", "sun"),
}

#: Link type codes of French MS Project (fin-début, début-début, fin-fin, début-fin).
FRENCH_LINK_CODES: dict[str, LinkType] = {
    "FD": LinkType.FS, "DD": LinkType.SS, "FF": LinkType.FF, "DF": LinkType.SF,
}

FRENCH_LINK_CODE_OF: dict[LinkType, str] = {t: code for code, t in FRENCH_LINK_CODES.items()}

BOOL_LABELS: dict[bool, tuple[str, str]] = {True: ("oui", "yes"), False: ("non", "no")}

# Number formats shared by the writer and the master workbook.
DATE_FORMAT = "dd/mm/yyyy"
MONTH_FORMAT = "mmm yyyy"
MONEY_FORMAT = "#,##0.00"
FLOAT_FORMAT = "0.##"
INT_FORMAT = "0"
PERCENT_FORMAT = "0 %"


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a standard table (or one field of the project card)."""

    field: str  # attribute of the model dataclass; a pseudo field for derived columns
    label_fr: str
    label_en: str
    kind: ValueKind = ValueKind.TEXT
    required: bool = False
    enum: type[Enum] | None = None
    minimum: float | None = None
    maximum: float | None = None
    width: float = 14
    number_format: str | None = None
    help_fr: str = ""
    help_en: str = ""
    computed: bool = False  # filled by a tool (MS Project, the engine), not typed by the PM
    formula: str | None = None  # Excel formula of a derived column, with {field} for that field's cell

    def label(self, lang: str = "fr") -> str:
        return self.label_fr if lang == "fr" else self.label_en

    def help(self, lang: str = "fr") -> str:
        return self.help_fr if lang == "fr" else self.help_en

    @property
    def format(self) -> str | None:
        """The Excel number format of the column's cells."""
        if self.number_format:
            return self.number_format
        return {
            ValueKind.DATE: DATE_FORMAT,
            ValueKind.DATETIME: DATE_FORMAT,
            ValueKind.MONTH: MONTH_FORMAT,
            ValueKind.MONEY: MONEY_FORMAT,
            ValueKind.FLOAT: FLOAT_FORMAT,
            ValueKind.INT: INT_FORMAT,
            ValueKind.PERCENT: PERCENT_FORMAT,
        }.get(self.kind)


@dataclass(frozen=True)
class TableSchema:
    """One table of the model as it appears in the standard workbook."""

    key: str  # stable identifier: "tasks", "risks", …
    sheet_fr: str
    sheet_en: str
    table_fr: str  # Excel Table (ListObject) name
    table_en: str
    columns: tuple[ColumnSpec, ...]
    description_fr: str = ""
    description_en: str = ""
    key_value: bool = False  # the project card: one row per field
    required_sheet: bool = True
    unique_field: str | None = None  # field whose values must be unique

    def sheet(self, lang: str = "fr") -> str:
        return self.sheet_fr if lang == "fr" else self.sheet_en

    def table(self, lang: str = "fr") -> str:
        return self.table_fr if lang == "fr" else self.table_en

    def description(self, lang: str = "fr") -> str:
        return self.description_fr if lang == "fr" else self.description_en

    def column(self, field_name: str) -> ColumnSpec:
        for column in self.columns:
            if column.field == field_name:
                return column
        raise KeyError(field_name)

    def headers(self, lang: str = "fr") -> list[str]:
        return [c.label(lang) for c in self.columns]


def fold_label(text: str) -> str:
    """A header or label reduced for tolerant matching: no case, accents or extra spaces."""
    text = unicodedata.normalize("NFKD", str(text).strip().lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("œ", "oe").replace("\u00a0", " ").replace("_", " ")
    return " ".join(text.split())


C = ColumnSpec
K = ValueKind

PROJECT_CARD = TableSchema(
    key="project",
    sheet_fr="Projet",
    sheet_en="Project",
    table_fr="tblProjet",
    table_en="tblProject",
    key_value=True,
    description_fr="Fiche d'identité du projet : une ligne par information.",
    description_en="Project card: one row per item.",
    columns=(
        C("code", "Code projet", "Project code", required=True,
          help_fr="Code court unique du projet (ex. CBM), utilisé dans les liens inter-projets.",
          help_en="Short unique project code (e.g. CBM), used by inter-project links."),
        C("name", "Nom du projet", "Project name", required=True),
        C("programme", "Programme", "Programme"),
        C("sponsor", "Sponsor", "Sponsor"),
        C("project_manager", "Chef de projet", "Project manager"),
        C("business_line", "Métier", "Business line"),
        C("methodology", "Méthodologie", "Methodology", K.ENUM, enum=Methodology),
        C("phase", "Phase", "Phase", K.ENUM, enum=Phase),
        C("priority", "Priorité (1-5)", "Priority (1-5)", K.INT, minimum=1, maximum=5,
          help_fr="1 = la plus haute.", help_en="1 = highest."),
        C("status_date", "Date d'état", "Status date", K.DATE,
          help_fr="Date à laquelle l'avancement est arrêté.", help_en="Date progress is measured at."),
        C("currency", "Devise", "Currency", K.CURRENCY,
          help_fr="Code ISO 4217 (MAD, EUR, USD…).", help_en="ISO 4217 code (MAD, EUR, USD…)."),
        C("approved_budget", "Budget approuvé", "Approved budget", K.MONEY, minimum=0),
        C("baseline_start", "Début de référence", "Baseline start", K.DATE),
        C("baseline_finish", "Fin de référence", "Baseline finish", K.DATE),
        C("start", "Début du projet", "Project start", K.DATE,
          help_fr="Les premières tâches commencent à cette date.", help_en="First tasks start on this date."),
        C("calendar", "Calendrier", "Calendar",
          help_fr="Nom du calendrier du projet (feuille Calendrier).",
          help_en="Name of the project calendar (Calendar sheet)."),
        C("minutes_per_day", "Minutes par jour", "Minutes per day", K.INT, minimum=1, maximum=1440,
          help_fr="480 = journée de 8 h.", help_en="480 = 8-hour day."),
        C("ev_method", "Méthode de valeur acquise", "Earned value method", K.ENUM, enum=EvMethod),
        C("description", "Description", "Description", width=60),
        C("scheduling_profile", "Profil de planification", "Scheduling profile", K.ENUM, enum=SchedulingProfile,
          help_fr="Règles de calcul du planning : celles de MS Project ou de Primavera P6 (plan importé de P6).",
          help_en="Scheduling rules: MS Project's or Primavera P6's (a plan imported from P6)."),
        C("lag_calendar", "Calendrier des décalages", "Lag calendar", K.ENUM, enum=LagCalendar,
          help_fr="Calendrier sur lequel un décalage se compte : celui du successeur (MS Project) "
                  "ou du prédécesseur (P6).",
          help_en="Calendar a lag counts on: the successor's (MS Project) or the predecessor's (P6)."),
        C("critical_float_days", "Seuil critique (j)", "Critical float limit (d)", K.FLOAT,
          help_fr="Une tâche est critique quand sa marge totale est au plus ce nombre de jours (0 par défaut).",
          help_en="A task is critical when its total float is at most this many days (0 by default)."),
    ),
)

TASKS = TableSchema(
    key="tasks",
    sheet_fr="Tâches",
    sheet_en="Tasks",
    table_fr="tblTaches",
    table_en="tblTasks",
    unique_field="id",
    description_fr="Planning : une ligne par tâche, jalon ou tâche récapitulative.",
    description_en="Plan: one row per task, milestone or summary task.",
    columns=(
        C("id", "ID", "ID", required=True, width=8,
          help_fr="Identifiant unique de la tâche (numéro MS Project).", help_en="Unique task id (MS Project number)."),
        C("wbs", "WBS", "WBS", width=10),
        C("outline_level", "Niveau", "Outline level", K.INT, minimum=1, maximum=20, width=8),
        C("name", "Nom de la tâche", "Task name", required=True, width=40),
        C("duration_days", "Durée (j)", "Duration (d)", K.FLOAT, minimum=0, width=10,
          help_fr="Durée en jours ouvrés.", help_en="Duration in working days."),
        C("duration_elapsed", "Durée calendaire", "Elapsed duration", K.BOOL, width=10,
          help_fr="oui = jours calendaires.", help_en="yes = calendar days."),
        C("milestone", "Jalon", "Milestone", K.BOOL, width=8),
        C("summary", "Récapitulative", "Summary", K.BOOL, width=10),
        C("predecessors", "Prédécesseurs", "Predecessors", K.PREDECESSORS, width=22,
          help_fr="Ex. 12FD+2j; 14DD; 15FF-1j; 7; 3FD+50%; CBM:45FD",
          help_en="E.g. 12FS+2d; 14SS; 15FF-1d; 7; 3FS+50%; CBM:45FS"),
        C("constraint_type", "Type de contrainte", "Constraint type", K.ENUM, enum=ConstraintType, width=12),
        C("constraint_date", "Date de contrainte", "Constraint date", K.DATETIME, width=12),
        C("deadline", "Échéance", "Deadline", K.DATETIME, width=12),
        C("calendar", "Calendrier", "Calendar", width=12),
        C("baseline_start", "Début planifié", "Baseline start", K.DATETIME, width=12),
        C("baseline_finish", "Fin planifiée", "Baseline finish", K.DATETIME, width=12),
        C("baseline_duration_days", "Durée planifiée (j)", "Baseline duration (d)", K.FLOAT, minimum=0, width=10),
        C("actual_start", "Début réel", "Actual start", K.DATETIME, width=12),
        C("actual_finish", "Fin réelle", "Actual finish", K.DATETIME, width=12),
        C("percent_complete", "% achevé", "% complete", K.PERCENT, minimum=0, maximum=100, width=10),
        C("resources", "Ressources", "Resources", K.ASSIGNMENTS, width=20,
          help_fr="Codes ressources, ex. DEV1[50%]; PM", help_en="Resource codes, e.g. DEV1[50%]; PM"),
        C("cost", "Coût", "Cost", K.MONEY, minimum=0,
          help_fr="Coût prévu de la tâche (budget à terminaison).", help_en="Planned cost (budget at completion)."),
        C("actual_cost", "Coût réel", "Actual cost", K.MONEY, minimum=0,
          help_fr="Coût engagé à la date d'état.", help_en="Actual cost to the status date."),
        C("ev_weight", "Poids VA", "EV weight", K.FLOAT, minimum=0, width=10),
        C("notes", "Notes", "Notes", width=30),
        C("ignore_resource_calendars", "Ignorer calendriers ressources", "Ignore resource calendars", K.BOOL,
          width=12, help_fr="oui = la tâche suit son seul calendrier, pas ceux de ses ressources.",
          help_en="yes = the task keeps its own calendar, not its resources'."),
        C("resume", "Reprise", "Resume", K.DATETIME, width=12,
          help_fr="Tâche commencée suspendue : date où reprend le reste à faire.",
          help_en="Started task on hold: when its remaining work resumes."),
        C("source_start", "Début calculé", "Computed start", K.DATETIME, width=12, computed=True,
          help_fr="Rempli par l'outil de planification.", help_en="Filled by the scheduling tool."),
        C("source_finish", "Fin calculée", "Computed finish", K.DATETIME, width=12, computed=True,
          help_fr="Rempli par l'outil de planification.", help_en="Filled by the scheduling tool."),
        C("duration_optimistic_days", "Durée optimiste (j)", "Optimistic duration (d)", K.FLOAT, minimum=0, width=10,
          help_fr="Analyse de risque : durée la plus courte ; la durée est la plus probable.",
          help_en="Risk analysis: shortest duration; the duration is the most likely one."),
        C("duration_pessimistic_days", "Durée pessimiste (j)", "Pessimistic duration (d)", K.FLOAT, minimum=0,
          width=10, help_fr="Analyse de risque : durée la plus longue.", help_en="Risk analysis: longest duration."),
        C("crash_forbidden", "Compression interdite", "No crashing", K.BOOL, width=10,
          help_fr="oui = la durée ne peut pas être réduite (hypercare…).",
          help_en="yes = the duration cannot be shortened (hypercare…)."),
        C("overlap_forbidden", "Chevauchement interdit", "No overlap", K.BOOL, width=10,
          help_fr="oui = ses prédécesseurs doivent être finis (signature, mise en production, jalon de passage).",
          help_en="yes = its predecessors must be finished (sign-off, go-live, gate)."),
    ),
)

RESOURCES = TableSchema(
    key="resources",
    sheet_fr="Ressources",
    sheet_en="Resources",
    table_fr="tblRessources",
    table_en="tblResources",
    unique_field="code",
    description_fr="Personnes et rôles affectés au projet.",
    description_en="People and roles assigned to the project.",
    columns=(
        C("code", "Code ressource", "Resource code", required=True, width=12),
        C("name", "Nom", "Name", required=True, width=24),
        C("role", "Rôle", "Role", width=18),
        C("type", "Type", "Type", K.ENUM, enum=ResourceType, width=10),
        C("department", "Direction", "Department", width=16),
        C("daily_rate", "TJM", "Daily rate", K.MONEY, minimum=0),
        C("currency", "Devise", "Currency", K.CURRENCY, width=8),
        C("capacity_percent", "Capacité (%)", "Capacity (%)", K.PERCENT, minimum=0, maximum=100, width=10),
        C("calendar", "Calendrier", "Calendar", width=12),
    ),
)

BUDGET = TableSchema(
    key="budget",
    sheet_fr="Budget",
    sheet_en="Budget",
    table_fr="tblBudget",
    table_en="tblBudget",
    description_fr="Budget mensuel : prévu, réel et reste à faire par catégorie.",
    description_en="Monthly budget: planned, actual and forecast per category.",
    columns=(
        C("month", "Mois", "Month", K.MONTH, required=True, width=12),
        C("category", "Catégorie", "Category", K.ENUM, required=True, enum=BudgetCategory, width=10),
        C("planned", "Prévu", "Planned", K.MONEY),
        C("actual", "Réel", "Actual", K.MONEY),
        C("forecast", "Prévision", "Forecast", K.MONEY),
        C("currency", "Devise", "Currency", K.CURRENCY, width=8),
        C("nature", "Nature", "Nature", K.ENUM, enum=CostNature, width=10),
        C("label", "Libellé", "Label", width=30),
    ),
)

RISKS = TableSchema(
    key="risks",
    sheet_fr="Risques",
    sheet_en="Risks",
    table_fr="tblRisques",
    table_en="tblRisks",
    unique_field="id",
    description_fr="Registre des risques.",
    description_en="Risk register.",
    columns=(
        C("id", "ID risque", "Risk ID", required=True, width=10),
        C("title", "Intitulé", "Title", required=True, width=40),
        C("probability", "Probabilité (1-5)", "Probability (1-5)", K.INT, required=True, minimum=1, maximum=5, width=12),
        C("impact", "Impact (1-5)", "Impact (1-5)", K.INT, required=True, minimum=1, maximum=5, width=12),
        C("owner", "Responsable", "Owner", width=18),
        C("status", "Statut", "Status", K.ENUM, enum=ItemStatus, width=12),
        C("category", "Catégorie", "Category", width=14),
        C("response", "Réponse", "Response", width=30),
        C("due_date", "Échéance", "Due date", K.DATE, width=12),
        C("exposure", "Exposition", "Exposure", K.MONEY, minimum=0),
        C("likelihood_percent", "Probabilité (%)", "Likelihood (%)", K.PERCENT, minimum=0, maximum=100, width=10,
          help_fr="Analyse de risque : chance de survenue ; à défaut, déduite de la probabilité 1-5.",
          help_en="Risk analysis: chance of occurring; else taken from the 1-5 probability."),
        C("delay_days", "Retard si survenance (j)", "Delay if it occurs (d)", K.FLOAT, minimum=0, width=10),
        C("cost_impact", "Surcoût si survenance", "Cost if it occurs", K.MONEY, minimum=0),
        C("task_ids", "Tâches touchées", "Tasks affected", width=16,
          help_fr="Identifiants des tâches allongées, ex. 12; 15", help_en="Ids of the tasks it lengthens, e.g. 12; 15"),
    ),
)

ISSUES = TableSchema(
    key="issues",
    sheet_fr="Problèmes",
    sheet_en="Issues",
    table_fr="tblProblemes",
    table_en="tblIssues",
    unique_field="id",
    description_fr="Problèmes avérés à résoudre.",
    description_en="Issues to resolve.",
    columns=(
        C("id", "ID problème", "Issue ID", required=True, width=10),
        C("title", "Intitulé", "Title", required=True, width=40),
        C("severity", "Gravité (1-5)", "Severity (1-5)", K.INT, required=True, minimum=1, maximum=5, width=12),
        C("owner", "Responsable", "Owner", width=18),
        C("status", "Statut", "Status", K.ENUM, enum=ItemStatus, width=12),
        C("raised_on", "Date d'ouverture", "Raised on", K.DATE, width=12),
        C("due_date", "Échéance", "Due date", K.DATE, width=12),
        C("resolution", "Résolution", "Resolution", width=30),
    ),
)

ACTIONS = TableSchema(
    key="actions",
    sheet_fr="Actions",
    sheet_en="Actions",
    table_fr="tblActions",
    table_en="tblActions",
    unique_field="id",
    description_fr="Plan d'actions.",
    description_en="Action log.",
    columns=(
        C("id", "ID action", "Action ID", required=True, width=10),
        C("title", "Intitulé", "Title", required=True, width=40),
        C("owner", "Responsable", "Owner", width=18),
        C("due_date", "Échéance", "Due date", K.DATE, width=12),
        C("status", "Statut", "Status", K.ENUM, enum=ItemStatus, width=12),
        C("committee", "Comité", "Committee", K.ENUM, enum=Committee, width=16),
        C("raised_on", "Date d'ouverture", "Raised on", K.DATE, width=12),
        C("closed_on", "Date de clôture", "Closed on", K.DATE, width=12),
        C("decision_id", "ID décision", "Decision ID", width=10),
    ),
)

DECISIONS = TableSchema(
    key="decisions",
    sheet_fr="Décisions",
    sheet_en="Decisions",
    table_fr="tblDecisions",
    table_en="tblDecisions",
    unique_field="id",
    description_fr="Journal des décisions.",
    description_en="Decision log.",
    columns=(
        C("id", "ID décision", "Decision ID", required=True, width=10),
        C("title", "Intitulé", "Title", required=True, width=40),
        C("committee", "Comité", "Committee", K.ENUM, enum=Committee, width=16),
        C("decided_on", "Date de décision", "Decided on", K.DATE, width=12),
        C("status", "Statut", "Status", K.ENUM, enum=DecisionStatus, width=14),
        C("owner", "Responsable", "Owner", width=18),
        C("due_date", "Échéance", "Due date", K.DATE, width=12),
        C("impact", "Impact", "Impact", width=30),
        C("context", "Contexte", "Context", width=40,
          help_fr="Pourquoi la décision est demandée.", help_en="Why the decision is requested."),
        C("options", "Options", "Options", width=40,
          help_fr="Les options envisagées, une par ligne.", help_en="The options considered, one per line."),
        C("recommendation", "Recommandation", "Recommendation", width=30),
        C("cost_impact", "Impact coût", "Cost impact", K.MONEY, width=14),
        C("schedule_impact_days", "Impact délai (j)", "Schedule impact (d)", K.FLOAT, width=12),
        C("scope_impact", "Impact périmètre", "Scope impact", width=30),
    ),
)

DEPENDENCIES = TableSchema(
    key="dependencies",
    sheet_fr="Dépendances",
    sheet_en="Dependencies",
    table_fr="tblDependances",
    table_en="tblDependencies",
    unique_field="id",
    description_fr="Ce que le projet attend d'autres projets.",
    description_en="What the project needs from other projects.",
    columns=(
        C("id", "ID dépendance", "Dependency ID", required=True, width=10),
        C("task_id", "ID tâche", "Task ID", required=True, width=10,
          help_fr="Tâche de ce projet qui attend.", help_en="Task of this project that waits."),
        C("on_project", "Projet fournisseur", "On project", required=True, width=12),
        C("on_task_id", "ID tâche fournisseur", "On task ID", required=True, width=12),
        C("type", "Type de lien", "Link type", K.ENUM, enum=LinkType, width=10),
        C("lag_days", "Décalage (j)", "Lag (d)", K.FLOAT, width=10),
        C("description", "Description", "Description", width=40),
    ),
)

SPRINTS = TableSchema(
    key="sprints",
    sheet_fr="Sprints",
    sheet_en="Sprints",
    table_fr="tblSprints",
    table_en="tblSprints",
    unique_field="name",
    description_fr="Sprints des projets agiles ou hybrides.",
    description_en="Sprints of agile or hybrid projects.",
    columns=(
        C("name", "Sprint", "Sprint", required=True, width=12),
        C("start", "Début", "Start", K.DATE, required=True, width=12),
        C("finish", "Fin", "Finish", K.DATE, required=True, width=12),
        C("committed_points", "Points engagés", "Committed points", K.FLOAT, minimum=0, width=12),
        C("completed_points", "Points réalisés", "Completed points", K.FLOAT, minimum=0, width=12),
        C("goal", "Objectif", "Goal", width=40),
    ),
)

STATUS_REPORTS = TableSchema(
    key="status_reports",
    sheet_fr="Météo",
    sheet_en="Status",
    table_fr="tblMeteo",
    table_en="tblStatus",
    unique_field="period",
    description_fr="Déclaration du chef de projet pour chaque période.",
    description_en="The project manager's statement for each period.",
    columns=(
        C("period", "Période", "Period", K.PERIOD, required=True, width=10,
          help_fr="Ex. 2026-11 ou 2026-W47.", help_en="E.g. 2026-11 or 2026-W47."),
        C("status_date", "Date d'état", "Status date", K.DATE, width=12),
        C("overall", "Météo globale", "Overall", K.ENUM, enum=Rag, width=10),
        C("schedule", "Délais", "Schedule", K.ENUM, enum=Rag, width=10),
        C("cost", "Coûts", "Cost", K.ENUM, enum=Rag, width=10),
        C("scope", "Périmètre", "Scope", K.ENUM, enum=Rag, width=10),
        C("risk", "Risques", "Risk", K.ENUM, enum=Rag, width=10),
        C("achievements", "Réalisations", "Achievements", width=40),
        C("next_steps", "Prochaines étapes", "Next steps", width=40),
        C("help_needed", "Points d'attention", "Help needed", width=40),
        C("weather_comment", "Commentaire météo", "Weather comment", width=40,
          help_fr="Pourquoi cette météo, en une ou deux phrases, pour le comité.",
          help_en="Why this status, in a sentence or two, for the committee."),
        C("escalation_needed", "Escalade requise", "Escalation needed", K.BOOL, width=10,
          help_fr="oui = le comité doit arbitrer (voir Points d'attention).",
          help_en="yes = the committee must arbitrate (see Help needed)."),
    ),
)

CALENDAR = TableSchema(
    key="calendar",
    sheet_fr="Calendrier",
    sheet_en="Calendar",
    table_fr="tblCalendrier",
    table_en="tblCalendar",
    description_fr=("Calendriers de travail : semaine de travail (jours et horaires), pays des jours fériés, "
                    "exceptions (jours chômés, horaires particuliers), jours fériés ajoutés ou travaillés. "
                    "Sans ligne « semaine de travail », un calendrier travaille du lundi au vendredi "
                    "08:00-12:00; 13:00-17:00 ; sans ligne « jours fériés du pays », il suit les jours fériés du Maroc."),
    description_en=("Working calendars: working week (days and hours), holiday country, exceptions "
                    "(non-working days, special hours), holidays added or worked. Without a 'working week' row "
                    "a calendar works Monday to Friday 08:00-12:00; 13:00-17:00; without a 'holiday country' row "
                    "it follows Moroccan public holidays."),
    columns=(
        C("calendar", "Calendrier", "Calendar", required=True, width=14),
        C("kind", "Type", "Kind", K.ENUM, required=True, enum=CalendarEntryKind, width=20),
        C("weekdays", "Jours", "Days", K.WEEKDAYS, width=16,
          help_fr="Semaine de travail : jours concernés, ex. lun-ven ; sam ; dim-jeu. "
                  "Exception : vide = tous les jours de la période ; sinon seulement ces jours "
                  "(ex. horaires de Ramadan lun-ven), les fériés restant chômés.",
          help_en="Working week: the days it sets, e.g. Mon-Fri; Sat; Sun-Thu. "
                  "Exception: empty = every day of the range; else only those days "
                  "(e.g. Ramadan hours Mon-Fri), public holidays staying off."),
        C("start", "Début", "Start", K.DATE, width=12,
          help_fr="Exception ou férié : premier jour.", help_en="Exception or holiday: first day."),
        C("finish", "Fin", "Finish", K.DATE, width=12,
          help_fr="Vide = même jour que le début.", help_en="Empty = same day as start."),
        C("periods", "Horaires", "Hours", K.HOURS, width=22,
          help_fr=("Vide = chômé ; ex. 08:00-12:00; 13:00-17:00. Une exception avec horaires "
                   "s'applique à chaque jour de la période, week-end compris."),
          help_en=("Empty = non-working; e.g. 08:00-12:00; 13:00-17:00. An exception with hours "
                   "applies to every day of its range, weekends included.")),
        C("country", "Pays des fériés", "Holiday country", K.COUNTRY, width=14,
          help_fr="Jours fériés du pays : code pays ISO (MA, FR…) ou aucun.",
          help_en="Holiday country: ISO country code (MA, FR…) or none."),
        C("base", "Calendrier de base", "Base calendar", width=16,
          help_fr="Calendrier de base : nom du calendrier dont les exceptions s'appliquent aussi.",
          help_en="Base calendar: name of the calendar whose exceptions apply too."),
        C("name", "Libellé", "Label", width=30),
    ),
)

_COMPUTED_HELP = ("Calculé par « pmo-xl schedule --write-back » (ou « Calculer le planning ») : ne pas saisir.",
                  "Computed by 'pmo-xl schedule --write-back' (or 'Compute the plan'): do not type.")


def _result(field_name: str, label_fr: str, label_en: str, kind: ValueKind = ValueKind.DATETIME,
            width: float = 12) -> ColumnSpec:
    return ColumnSpec(field_name, label_fr, label_en, kind, width=width, computed=True,
                      help_fr=_COMPUTED_HELP[0], help_en=_COMPUTED_HELP[1])


#: The computed area of the task sheet: columns after the input columns that the write-back fills
#: from the schedule and the earned value at the status date.  They are not read into the model.
TASK_RESULTS: tuple[ColumnSpec, ...] = (
    _result("early_start", "Début au plus tôt", "Early start"),
    _result("early_finish", "Fin au plus tôt", "Early finish"),
    _result("late_start", "Début au plus tard", "Late start"),
    _result("late_finish", "Fin au plus tard", "Late finish"),
    _result("total_float_days", "Marge totale (j)", "Total float (d)", ValueKind.FLOAT, 10),
    _result("free_float_days", "Marge libre (j)", "Free float (d)", ValueKind.FLOAT, 10),
    _result("critical", "Critique", "Critical", ValueKind.BOOL, 9),
    _result("finish_slip_days", "Glissement fin (j)", "Finish slip (d)", ValueKind.FLOAT, 10),
    _result("planned_value", "Valeur planifiée (VP)", "Planned value (PV)", ValueKind.MONEY, 14),
    _result("earned_value", "Valeur acquise (VA)", "Earned value (EV)", ValueKind.MONEY, 14),
    _result("schedule_variance", "Écart de délai (ED)", "Schedule variance (SV)", ValueKind.MONEY, 14),
    _result("cost_variance", "Écart de coût (EC)", "Cost variance (CV)", ValueKind.MONEY, 14),
    _result("spi", "SPI", "SPI", ValueKind.FLOAT, 8),
    _result("cpi", "CPI", "CPI", ValueKind.FLOAT, 8),
)

#: Bands of a risk's score P×I: (lowest score of the band, French label, English label), highest first.
RISK_BANDS: tuple[tuple[int, str, str], ...] = ((15, "élevé", "high"), (8, "moyen", "medium"), (1, "faible", "low"))

#: Formula columns after the risk register's input columns: the score P×I and its band.
RISK_SCORES: tuple[ColumnSpec, ...] = (
    ColumnSpec("score", "Score (P×I)", "Score (P×I)", ValueKind.INT, width=11, computed=True,
               formula='=IF(AND(ISNUMBER({probability}),ISNUMBER({impact})),{probability}*{impact},"")',
               help_fr="Probabilité × impact, de 1 à 25.", help_en="Probability × impact, 1 to 25."),
    ColumnSpec("band", "Niveau", "Band", width=10, computed=True,
               formula='=IF({score}="","",IF({score}>=15,"{high}",IF({score}>=8,"{medium}","{low}")))',
               help_fr="élevé à partir de 15, moyen à partir de 8, sinon faible.",
               help_en="high from 15, medium from 8, low below."),
)

#: The row of the project card after its fields that records the version of the workbook.
TEMPLATE_VERSION_ROW = ColumnSpec(
    "template_version", "Version du modèle", "Template version", computed=True,
    help_fr="Version du classeur standard ; « pmo-xl template upgrade » met un ancien classeur à jour.",
    help_en="Version of the standard workbook; 'pmo-xl template upgrade' brings an older one up to date.")

#: Columns (rows of the card) a table shows after its input columns, by table key; they are not read
#: into the model.
DERIVED_COLUMNS: dict[str, tuple[ColumnSpec, ...]] = {
    "project": (TEMPLATE_VERSION_ROW,), "tasks": TASK_RESULTS, "risks": RISK_SCORES}

#: Version of the standard project workbook this code writes, and the one before it.
TEMPLATE_VERSION = "2"
PREVIOUS_TEMPLATE_VERSION = "1"

#: What the first cell of an example row starts with; the reader skips such rows.
EXAMPLE_MARKERS = ("exemple", "example")



def is_example_cell(value: object) -> bool:
    """Whether a first cell marks an example row of the template ("Exemple 1", "Example R1")."""
    return isinstance(value, str) and fold_label(value).startswith(EXAMPLE_MARKERS)


#: Every table of the standard project workbook, in sheet order.
ALL_TABLES: tuple[TableSchema, ...] = (
    PROJECT_CARD, TASKS, RESOURCES, BUDGET, RISKS, ISSUES, ACTIONS, DECISIONS,
    DEPENDENCIES, SPRINTS, STATUS_REPORTS, CALENDAR,
)

TABLES_BY_KEY: dict[str, TableSchema] = {t.key: t for t in ALL_TABLES}

KEY_VALUE_HEADERS = {"fr": ("Champ", "Valeur", "Aide"), "en": ("Field", "Value", "Help")}
INSTRUCTIONS_SHEET = {"fr": "Mode d'emploi", "en": "How to"}
#: Names the instructions sheet had before template version 2.
PREVIOUS_INSTRUCTIONS_SHEET = {"fr": "Instructions", "en": "Instructions"}
GANTT_SHEET = {"fr": "Gantt", "en": "Gantt"}
IMPORT_NOTES_SHEET = {"fr": "Import", "en": "Import"}
LISTS_SHEET = {"fr": "Listes", "en": "Lists"}

del C, K


def enum_label(member: Enum, lang: str = "fr") -> str:
    """The user-facing label of a member of any enum used by the schemas."""
    from .enums import label

    if isinstance(member, LinkType):
        return FRENCH_LINK_CODE_OF[member] if lang == "fr" else member.value
    if isinstance(member, CalendarEntryKind):
        pair = CALENDAR_ENTRY_LABELS[member]
        return pair[0] if lang == "fr" else pair[1]
    return label(member, lang)


def enum_choices(enum_cls: type[Enum], lang: str = "fr") -> list[str]:
    """The labels a dropdown of ``enum_cls`` offers in ``lang`` (tool-only weathers left out)."""
    from .enums import offered_members

    return [enum_label(m, lang) for m in offered_members(enum_cls)]


def parse_enum_value(enum_cls: type[Enum], value: object) -> Enum | None:
    """The member of ``enum_cls`` named by a code or a FR/EN label, or ``None``."""
    from .enums import parse_enum

    if enum_cls is CalendarEntryKind:
        if value is None:
            return None
        key = fold_label(str(value))
        for member, pair in CALENDAR_ENTRY_LABELS.items():
            if key in {fold_label(member.value), fold_label(member.name), *(fold_label(p) for p in pair)}:
                return member
        return None
    if enum_cls is LinkType and value is not None:
        french = FRENCH_LINK_CODES.get(fold_label(str(value)).upper())
        if french is not None:
            return french
    return parse_enum(enum_cls, value)


def find_table(sheet_name: str) -> TableSchema | None:
    """The schema whose FR or EN sheet name matches ``sheet_name`` tolerantly."""
    key = fold_label(sheet_name)
    for table in ALL_TABLES:
        if key in (fold_label(table.sheet_fr), fold_label(table.sheet_en)):
            return table
    return None


@dataclass
class CalendarRow:
    """One row of the calendar table: one setting or one exception of a calendar.

    Which fields a row uses depends on its kind: ``weekdays`` and ``periods``
    for a working week, ``country`` for the holiday country (an ISO code or
    :data:`NO_HOLIDAY_COUNTRY`), ``base`` for the base calendar, ``start``,
    ``finish``, ``periods`` and ``name`` for an exception, ``start`` and
    ``finish`` for a holiday override.
    """

    calendar: str
    kind: CalendarEntryKind
    start: date | None = None
    finish: date | None = None
    periods: list[WorkingPeriod] = field(default_factory=list)
    name: str | None = None
    weekdays: list[int] = field(default_factory=list)
    country: str | None = None
    base: str | None = None


def _week_rows(name: str, week: dict[int, list[WorkingPeriod]]) -> list[CalendarRow]:
    """One working-week row per set of days sharing the same hours, in weekday order.

    A week without any day is written as every day without hours, so that it
    is not read back as the default week.
    """
    if not week:
        return [CalendarRow(name, CalendarEntryKind.WORKING_WEEK, weekdays=list(range(7)))]
    groups: dict[tuple[tuple[int, int], ...], list[int]] = {}
    for day in sorted(week):
        key = tuple((p.start_minute, p.end_minute) for p in week[day])
        groups.setdefault(key, []).append(day)
    return [CalendarRow(name, CalendarEntryKind.WORKING_WEEK, weekdays=days,
                        periods=[WorkingPeriod(start, end) for start, end in key])
            for key, days in groups.items()]


def calendar_rows(calendars: dict[str, CalendarSpec]) -> list[CalendarRow]:
    """The rows of the calendar table that describe ``calendars`` completely.

    Every calendar gets its working week and its holiday country, so that a
    calendar without exceptions still appears; then its base calendar, its
    exceptions and its holiday overrides.
    """
    rows: list[CalendarRow] = []
    for name, spec in calendars.items():
        rows.extend(_week_rows(name, spec.week))
        rows.append(CalendarRow(name, CalendarEntryKind.HOLIDAY_COUNTRY,
                                country=spec.holiday_country or NO_HOLIDAY_COUNTRY))
        if spec.base:
            rows.append(CalendarRow(name, CalendarEntryKind.BASE_CALENDAR, base=spec.base))
        for exception in spec.exceptions:
            rows.append(CalendarRow(name, CalendarEntryKind.EXCEPTION, exception.start, exception.finish,
                                    list(exception.periods), exception.name,
                                    weekdays=list(exception.weekdays or [])))
        for day, is_holiday in sorted(spec.holiday_overrides.items()):
            kind = CalendarEntryKind.HOLIDAY_ADDED if is_holiday else CalendarEntryKind.HOLIDAY_REMOVED
            rows.append(CalendarRow(name, kind, day, day))
    return rows


def build_calendars(rows: list[CalendarRow]) -> dict[str, CalendarSpec]:
    """The calendars described by rows of the calendar table (the inverse of :func:`calendar_rows`).

    A calendar without working-week rows keeps the standard week (Monday to
    Friday, 08:00-12:00 and 13:00-17:00); with some, it works exactly the days
    they list.  Without a holiday-country row it follows Moroccan holidays.
    Rows of the other kinds add its base calendar, exceptions and holiday
    overrides.
    """
    calendars: dict[str, CalendarSpec] = {}
    own_week: set[str] = set()
    for row in rows:
        spec = calendars.setdefault(row.calendar, CalendarSpec(name=row.calendar))
        if row.kind is CalendarEntryKind.WORKING_WEEK:
            if row.calendar not in own_week:
                own_week.add(row.calendar)
                spec.week = {}
            for day in row.weekdays:
                spec.week[day] = list(row.periods)
        elif row.kind is CalendarEntryKind.HOLIDAY_COUNTRY:
            spec.holiday_country = None if row.country == NO_HOLIDAY_COUNTRY else row.country
        elif row.kind is CalendarEntryKind.BASE_CALENDAR:
            spec.base = row.base
        elif row.kind is CalendarEntryKind.EXCEPTION:
            spec.exceptions.append(CalendarException(row.start, row.finish or row.start, list(row.periods), row.name,
                                                     weekdays=list(row.weekdays) or None))
        else:
            day, finish = row.start, row.finish or row.start
            while day <= finish:
                spec.holiday_overrides[day] = row.kind is CalendarEntryKind.HOLIDAY_ADDED
                day += timedelta(days=1)
    return calendars
