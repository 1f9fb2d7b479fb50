"""The data of a committee pack, taken from a :class:`PortfolioSnapshot`.

:func:`build_pack_context` turns the snapshot's tables into the plain
dictionaries and lists the Word templates expect (``meta``, ``kpis``,
``portfolio``, ``projects``, ``charts``…).  Every value is already written as
text in the pack's language (``1 234 567 MAD`` / ``1,234,567 MAD``), so the
template only places it.  Charts are :class:`~pmo_xl.reports.charts.Chart`
objects; the Word writer turns their PNG into an image.

The KPI history (``kpi_history``) is read as follows: rows whose ``kpi`` is
one of :data:`OVERALL_RAG_KPIS` (consolidation writes ``rag_overall``) give
each project's overall RAG at that period; rows whose ``kpi`` is ``spi`` or
``cpi`` give the indices, and the RAG of a period recorded before overall
RAGs were (the worse of the SPI and CPI RAGs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import Enum

import numpy as np
import pandas as pd

from pmo_xl.errors import InputError, Location, Problem
from pmo_xl.i18n import english
from pmo_xl.model.enums import Committee, DecisionStatus, ItemStatus, Phase, Rag, label, parse_enum
from pmo_xl.engine.portfolio.figures import budget_to_date, milestones_due_on_time, portfolio_spi_cpi
from pmo_xl.model.portfolio import PortfolioSnapshot
from pmo_xl.engine.portfolio_changes import milestone_trend_table
from pmo_xl.reports import charts as chart_module
from pmo_xl.reports.followup_context import followup_values
from pmo_xl.reports.minutes_context import apply_committee_members, apply_minutes_values, next_meeting_day
from pmo_xl.reports.formatting import (
    MISSING,
    count_text,
    format_amount,
    format_date,
    format_number,
    format_percent,
    format_ratio,
    format_text,
    is_missing,
)
from pmo_xl.model.period import Period, PeriodKind


class PackKind(str, Enum):
    """How often a pack is issued."""

    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"


OVERALL_RAG_KPIS = ("rag_overall", "overall_rag", "rag", "overall", "meteo", "météo")
RAG_FILLS = {Rag.GREEN: "C6EFCE", Rag.AMBER: "FFEB9C", Rag.RED: "FFC7CE", Rag.INCOMPLETE: "D9D9D9",
             Rag.NOT_PROVIDED: "D9D9D9", None: "FFFFFF"}
RAG_ORDER = {Rag.RED: 0, Rag.INCOMPLETE: 1, Rag.AMBER: 2, Rag.GREEN: 3, Rag.NOT_PROVIDED: 4, None: 5}
CLOSED_STATUSES = (ItemStatus.CLOSED, ItemStatus.CANCELLED)
KEY_MILESTONES_PER_PROJECT = 6
CRITICAL_PATH_EXCERPT = 5
TOP_RISKS_PER_PROJECT = 4
TOP_ALERTS_PER_PROJECT = 4
TREND_MONTHS = 6


@dataclass
class PackRequest:
    """What pack to build: period, kind, committee, scope and language."""

    period: Period
    kind: PackKind = PackKind.MONTHLY
    committee: Committee = Committee.COPIL
    lang: str = "fr"
    project: str | None = None  # a project code or a programme name
    generated_on: date | None = None
    organisation: str | None = None


@dataclass
class PackContext:
    """The context of one pack: the values for the template and the charts drawn."""

    values: dict
    charts: list[chart_module.Chart] = field(default_factory=list)
    project_codes: list[str] = field(default_factory=list)
    #: the charts of the Excel dashboard, where the full detail goes (the Word pack's when empty)
    dashboard_charts: list[chart_module.Chart] = field(default_factory=list)


# ---------------------------------------------------------------------------
# small conversions


def rag_of(value: object) -> Rag | None:
    if is_missing(value):
        return None
    return parse_enum(Rag, value)


def rag_text(value: object, lang: str) -> str:
    rag = rag_of(value)
    return label(rag, lang) if rag else MISSING


def count_rags(values) -> tuple[int, int, int]:
    """How many of ``values`` are green, amber and red (other values are not counted)."""
    rags = [rag_of(v) for v in values]
    return rags.count(Rag.GREEN), rags.count(Rag.AMBER), rags.count(Rag.RED)


def rag_fill(value: object) -> str:
    return RAG_FILLS[rag_of(value)]


def status_text(value: object, enum_cls: type[Enum], lang: str) -> str:
    if is_missing(value):
        return MISSING
    member = parse_enum(enum_cls, value)
    return label(member, lang) if member else str(value)


def is_closed(value: object) -> bool:
    return parse_enum(ItemStatus, value) in CLOSED_STATUSES if not is_missing(value) else False


def is_proposed(value: object) -> bool:
    return (not is_missing(value)) and parse_enum(DecisionStatus, value) is DecisionStatus.PROPOSED


def truthy(value: object) -> bool:
    if is_missing(value):
        return False
    if isinstance(value, str):
        return value.strip().lower() in ("true", "vrai", "oui", "yes", "1")
    return bool(value)


def _day(value: object) -> date | None:
    if is_missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None


def _delay_fill(days: object, red_from: float = 10.0) -> str:
    if is_missing(days) or float(days) <= 0:
        return RAG_FILLS[None]
    return RAG_FILLS[Rag.RED] if float(days) > red_from else RAG_FILLS[Rag.AMBER]


def _score_fill(score: object) -> str:
    if is_missing(score):
        return RAG_FILLS[None]
    score = float(score)
    return RAG_FILLS[Rag.RED] if score >= 15 else RAG_FILLS[Rag.AMBER] if score >= 8 else RAG_FILLS[Rag.GREEN]


def _t(lang: str, fr: str, en: str) -> str:
    return fr if lang == "fr" else en


def _by_project(frame: pd.DataFrame) -> dict[str, list[dict]]:
    """The rows of ``frame`` as records, grouped by project code in their order (one pass over the records)."""
    if frame.empty or "project_code" not in frame.columns:
        return {}
    grouped: dict[str, list[dict]] = {}
    for record in frame.to_dict("records"):
        code = record["project_code"]
        if code is None or code != code:  # no project (NaN)
            continue
        grouped.setdefault(str(code), []).append(record)
    return grouped


# ---------------------------------------------------------------------------
# scope


def select_scope(snapshot: PortfolioSnapshot, project: str | None) -> pd.DataFrame:
    """The overview rows in scope: every project, or one project code or programme."""
    overview = snapshot.overview
    if not project:
        return overview.sort_values("project_code", kind="stable").reset_index(drop=True)
    wanted = project.strip().casefold()
    codes = overview["project_code"].astype(str).str.casefold()
    programmes = overview["programme"].fillna("").astype(str).str.casefold()
    selected = overview[(codes == wanted) | (programmes == wanted)]
    if selected.empty:
        known = ", ".join(sorted(overview["project_code"].astype(str))[:20])
        problem = Problem("no project or programme with this code in the consolidated portfolio",
                          Location(), found=project, expected=f"a project code or programme ({known}…)")
        raise InputError(f"unknown project or programme {project!r}", problems=[problem])
    return selected.sort_values("project_code", kind="stable").reset_index(drop=True)


def _restrict(frame: pd.DataFrame, codes: set[str]) -> pd.DataFrame:
    if frame.empty or "project_code" not in frame.columns:
        return frame
    return frame[frame["project_code"].astype(str).isin(codes)]


# ---------------------------------------------------------------------------
# sections


def _kpi_tiles(scope: pd.DataFrame, snapshot: PortfolioSnapshot, request: PackRequest, codes: set[str]) -> list[dict]:
    lang, currency, period = request.lang, snapshot.reporting_currency, request.period
    green, amber, red = count_rags(scope["rag_overall"])
    worst = Rag.RED if red else Rag.AMBER if amber else Rag.GREEN if green else None
    spi, cpi = portfolio_spi_cpi(scope)
    status_date = snapshot.status_date or period.end
    consumed, planned = budget_to_date(_restrict(snapshot.budget, codes), status_date)
    due, on_time = milestones_due_on_time(_restrict(snapshot.milestones, codes), period.start, status_date)
    actions = _restrict(snapshot.actions, codes) if request.project else snapshot.actions
    open_actions = actions[~actions["status"].map(is_closed)] if not actions.empty else actions
    overdue = int(open_actions["overdue"].map(truthy).sum()) if not open_actions.empty else 0

    def index_fill(value: float) -> str:
        if np.isnan(value):
            return RAG_FILLS[None]
        return RAG_FILLS[Rag.GREEN] if value >= 0.95 else RAG_FILLS[Rag.AMBER] if value >= 0.85 else RAG_FILLS[Rag.RED]

    consumption = consumed / planned if planned else float("nan")
    tiles = [
        {"key": "projects", "value": format_number(len(scope), lang),
         "label": _t(lang, "Projets", "Projects"),
         "detail": _t(lang, f"{green} vert · {amber} orange · {red} rouge", f"{green} green · {amber} amber · {red} red"),
         "fill": RAG_FILLS[worst]},
        {"key": "spi", "value": format_ratio(spi, lang), "label": _t(lang, "SPI portefeuille", "Portfolio SPI"),
         "detail": "ΣEV / ΣPV", "fill": index_fill(spi)},
        {"key": "cpi", "value": format_ratio(cpi, lang), "label": _t(lang, "CPI portefeuille", "Portfolio CPI"),
         "detail": "ΣEV / ΣAC", "fill": index_fill(cpi)},
        {"key": "budget", "value": format_percent(consumption, lang),
         "label": _t(lang, "Budget consommé (réel / prévu à la date d'état)",
                     "Budget consumed (actual / planned to the status date)"),
         "detail": f"{format_amount(consumed, currency, lang)} / {format_amount(planned, currency, lang)}",
         "fill": RAG_FILLS[None] if np.isnan(consumption) else
         RAG_FILLS[Rag.GREEN] if consumption <= 1.05 else RAG_FILLS[Rag.AMBER] if consumption <= 1.15 else RAG_FILLS[Rag.RED]},
        {"key": "milestones", "value": f"{on_time} / {due}",
         "label": _t(lang, "Jalons tenus à l'heure", "Milestones hit on time"),
         "detail": _t(lang, f"échus en {period.label('fr')} au plus tard le {format_date(status_date, 'fr')}",
                      f"due in {period.label('en')} by {format_date(status_date, 'en')}"),
         "fill": RAG_FILLS[None] if due == 0 else index_fill(on_time / due)},
        {"key": "overdue_actions", "value": format_number(overdue, lang),
         "label": _t(lang, "Actions en retard", "Overdue actions"),
         "detail": _t(lang, f"sur {len(open_actions)} ouvertes", f"of {len(open_actions)} open"),
         "fill": RAG_FILLS[Rag.GREEN] if overdue == 0 else RAG_FILLS[Rag.AMBER] if overdue <= 5 else RAG_FILLS[Rag.RED]},
    ]
    return [tile for tile in tiles if snapshot.kpi_shown(TILE_KPIS.get(tile["key"], tile["key"]))]


#: The KPI of the catalogue (Config tblKPI) each tile shows, when its key is not the KPI's code.
TILE_KPIS = {"budget": "budget_consumed_rate", "milestones": "milestones_on_time"}


def _portfolio_rows(scope: pd.DataFrame, lang: str, currency: str) -> list[dict]:
    rows = []
    for record in scope.to_dict("records"):
        rows.append({
            "code": format_text(record["project_code"]), "name": format_text(record["project_name"]),
            "manager": format_text(record["project_manager"]), "phase": _phase_text(record["phase"], lang),
            "overall": rag_text(record["rag_overall"], lang), "overall_fill": rag_fill(record["rag_overall"]),
            "schedule": rag_text(record["rag_schedule"], lang), "schedule_fill": rag_fill(record["rag_schedule"]),
            "cost": rag_text(record["rag_cost"], lang), "cost_fill": rag_fill(record["rag_cost"]),
            "spi": format_ratio(record["spi"], lang), "cpi": format_ratio(record["cpi"], lang),
            "bac": format_amount(record["bac"], currency, lang), "ac": format_amount(record["ac"], currency, lang),
            "percent_complete": format_percent(record["percent_complete"], lang),
            "slip_days": format_number(record["slip_days"], lang),
        })
    return rows


def _phase_text(value: object, lang: str) -> str:
    if is_missing(value):
        return MISSING
    member = parse_enum(Phase, value)
    return label(member, lang) if member else str(value)


def _milestone_row(record: dict, lang: str, project: str | None = None) -> dict:
    return {"project": project or format_text(record.get("project_code")),
            "name": format_text(record["milestone_name"]), "baseline": format_date(record["baseline_finish"], lang),
            "forecast": format_date(record["forecast_finish"], lang), "actual": format_date(record["actual_finish"], lang),
            "slip": format_number(record["slip_days"], lang), "fill": _delay_fill(record["slip_days"])}


def _key_milestones(records: list[dict], period: Period, detailed: bool) -> list[dict]:
    def sort_key(record):
        when = _day(record["forecast_finish"]) or _day(record["baseline_finish"]) or date.max
        return when

    ordered = sorted(records, key=sort_key)
    if detailed:
        return ordered
    achieved_recently = [r for r in ordered if _day(r["actual_finish"]) and _day(r["actual_finish"]) >= period.start
                         and _day(r["actual_finish"]) <= period.end]
    upcoming = [r for r in ordered if not _day(r["actual_finish"])]
    return (achieved_recently + upcoming)[:KEY_MILESTONES_PER_PROJECT]


def _critical_path_rows(records: list[dict], period: Period, lang: str, detailed: bool) -> list[dict]:
    ordered = sorted(records, key=lambda r: (r["sequence"] if not is_missing(r["sequence"]) else 1e9))
    if not detailed:
        remaining = [r for r in ordered if (_day(r["finish"]) or date.max) >= period.start]
        ordered = remaining[:CRITICAL_PATH_EXCERPT]
    return [{"sequence": format_number(r["sequence"], lang), "name": format_text(r["task_name"]),
             "start": format_date(r["start"], lang), "finish": format_date(r["finish"], lang),
             "total_float": format_number(r["total_float_days"], lang, 1)} for r in ordered]


def _risk_rows(records: list[dict], lang: str, limit: int | None, project: str | None = None) -> list[dict]:
    open_risks = [r for r in records if not is_closed(r["status"])]
    open_risks.sort(key=lambda r: (-(r["score"] if not is_missing(r["score"]) else 0), str(r["risk_id"])))
    if limit:
        open_risks = open_risks[:limit]
    return [{"project": project or format_text(r["project_code"]), "id": format_text(r["risk_id"]),
             "title": format_text(r["title"]), "probability": format_number(r["probability"], lang),
             "impact": format_number(r["impact"], lang), "score": format_number(r["score"], lang),
             "fill": _score_fill(r["score"]), "owner": format_text(r["owner"]), "response": format_text(r["response"]),
             "category": format_text(r["category"])} for r in open_risks]


DIMENSION_LABELS = (("schedule", "délais", "schedule"), ("cost", "coûts", "cost"), ("scope", "périmètre", "scope"),
                    ("risk", "risques", "risks"), ("quality", "qualité", "quality"),
                    ("resources", "ressources", "resources"), ("budget", "budget", "budget"),
                    ("data", "données", "data"), ("compliance", "conformité", "compliance"),
                    ("scope", "périmètre et qualité", "scope and quality"), ("actions", "actions", "actions"),
                    ("dependency", "dépendances", "dependencies"))


def _fold(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text.strip().lower()) if not unicodedata.combining(c))


def dimension_text(value: object, lang: str) -> str:
    """User-facing name of an alert dimension, given as a code or a label ("schedule", "Délais")."""
    text = format_text(value)
    key = _fold(text)
    for code, french, english in DIMENSION_LABELS:
        if key in (code, _fold(french), _fold(english)):
            return french if lang == "fr" else english
    return text


def _alert_rows(records: list[dict], lang: str) -> list[dict]:
    """Alert rows worst first; ``corrective_action`` is the best proposed action (the first line of
    the alert's actions), ``days_recovered`` the working days it recovers when it is a schedule what-if."""
    ordered = sorted(records, key=lambda r: RAG_ORDER[rag_of(r["severity"])])
    return [{"project": format_text(r["project_code"]), "dimension": dimension_text(r["dimension"], lang),
             "severity": rag_text(r["severity"], lang), "fill": rag_fill(r["severity"]),
             "message": format_text(r["message"]), "corrective_action": best_action_text(r["corrective_action"]),
             "cause": format_text(r.get("cause")), "days_recovered": days_text(r.get("days_recovered"), lang),
             "action_tasks": format_text(r.get("action_tasks"))}
            for r in ordered]


def best_action_text(value: object) -> str:
    """The first (best) of the corrective actions of an alert, written one per line."""
    if is_missing(value):
        return MISSING
    lines = [line.strip() for line in str(value).splitlines() if line.strip()]
    return lines[0] if lines else MISSING


def days_text(value: object, lang: str) -> str:
    """A number of working days: whole days without decimals, else one decimal ("3,6")."""
    if is_missing(value):
        return MISSING
    number = float(value)
    return format_number(number, lang, 0 if number == round(number) else 1)


def _decision_row(record: dict, lang: str) -> dict:
    return {"project": format_text(record["project_code"]), "id": format_text(record["decision_id"]),
            "title": format_text(record["title"]), "owner": format_text(record["owner"]),
            "due_date": format_date(record["due_date"], lang), "decided_on": format_date(record["decided_on"], lang),
            "status": status_text(record["status"], DecisionStatus, lang),
            "committee": status_text(record["committee"], Committee, lang), "outcome": ""}


def _action_row(record: dict, lang: str) -> dict:
    return {"project": format_text(record["project_code"]), "id": format_text(record["action_id"]),
            "title": format_text(record["title"]), "owner": format_text(record["owner"]),
            "due_date": format_date(record["due_date"], lang), "status": status_text(record["status"], ItemStatus, lang),
            "days_overdue": format_number(record["days_overdue"], lang) if truthy(record["overdue"]) else MISSING,
            "fill": _delay_fill(record["days_overdue"] if truthy(record["overdue"]) else None, 30),
            "new_status": ""}


def _committee_matches(value: object, committee: Committee) -> bool:
    return is_missing(value) or str(value).strip() == "" or parse_enum(Committee, value) is committee


def _project_pages(scope: pd.DataFrame, snapshot: PortfolioSnapshot, request: PackRequest, detailed: bool) -> list[dict]:
    lang, currency, period = request.lang, snapshot.reporting_currency, request.period
    milestones = _by_project(snapshot.milestones)
    critical = _by_project(snapshot.critical_path)
    risks = _by_project(snapshot.risks)
    alerts = _by_project(snapshot.alerts)
    decisions = _by_project(snapshot.decisions)
    issues = _by_project(snapshot.issues) if detailed else {}
    actions = _by_project(snapshot.actions) if detailed else {}
    dependencies = _by_project(snapshot.dependencies) if detailed else {}
    budget = _by_project(snapshot.budget) if detailed else {}
    pages = []
    for record in scope.to_dict("records"):
        code = str(record["project_code"])
        bac, ac = record["bac"], record["ac"]
        page = {
            "code": code, "name": format_text(record["project_name"]),
            "programme": format_text(record["programme"]), "sponsor": format_text(record["sponsor"]),
            "manager": format_text(record["project_manager"]), "phase": _phase_text(record["phase"], lang),
            "percent_complete": format_percent(record["percent_complete"], lang),
            "finish_text": f"{format_date(record['baseline_finish'], lang)} / {format_date(record['forecast_finish'], lang)}"
                           f" ({_t(lang, 'glissement', 'slip')} {format_number(record['slip_days'], lang)}"
                           f"{_t(lang, ' j', ' d')})",
            "rag": [{key: rag_text(record[column], lang) for key, column in _RAG_COLUMNS}
                    | {key + "_fill": rag_fill(record[column]) for key, column in _RAG_COLUMNS}],
            "milestones": [_milestone_row(m, lang, code) for m in _key_milestones(milestones.get(code, []), period, detailed)],
            "critical_path": _critical_path_rows(critical.get(code, []), period, lang, detailed),
            "budget": [{"bac": format_amount(bac, currency, lang), "pv": format_amount(record["pv"], currency, lang),
                        "ev": format_amount(record["ev"], currency, lang), "ac": format_amount(ac, currency, lang),
                        "eac": format_amount(record["eac"], currency, lang), "vac": format_amount(record["vac"], currency, lang),
                        "consumed": format_percent(ac / bac if not is_missing(bac) and bac and not is_missing(ac) else None, lang)}],
            "risks": _risk_rows(risks.get(code, []), lang, None if detailed else TOP_RISKS_PER_PROJECT, code),
            "decisions_requested": [_decision_row(d, lang) for d in decisions.get(code, []) if is_proposed(d["status"])],
            "data_warning": data_problem_text(record, lang),
        }
        project_alerts = _alert_rows(alerts.get(code, []), lang)
        shown = project_alerts if detailed else project_alerts[:TOP_ALERTS_PER_PROJECT]
        page["alerts"] = shown
        hidden = len(project_alerts) - len(shown)
        page["alerts_note"] = (_t(lang, f"{len(project_alerts)} alerte(s), les {len(shown)} plus graves ci-dessous ; "
                                        f"liste complète dans le tableau de bord Excel.",
                                  f"{len(project_alerts)} alert(s), the {len(shown)} most severe below; "
                                  f"full list in the Excel dashboard.") if hidden
                               else "")
        if detailed:
            page["issues"] = [{"id": format_text(i["issue_id"]), "title": format_text(i["title"]),
                               "severity": format_number(i["severity"], lang), "owner": format_text(i["owner"]),
                               "due_date": format_date(i["due_date"], lang),
                               "status": status_text(i["status"], ItemStatus, lang)}
                              for i in issues.get(code, []) if not is_closed(i["status"])]
            page["actions"] = [_action_row(a, lang) for a in actions.get(code, []) if not is_closed(a["status"])]
            page["dependencies"] = [_dependency_row(d, lang) for d in dependencies.get(code, [])]
            page["budget_months"] = _budget_months(budget.get(code, []), lang, currency)
        pages.append(page)
    return pages


_RAG_COLUMNS = (("overall", "rag_overall"), ("schedule", "rag_schedule"), ("cost", "rag_cost"),
                ("scope", "rag_scope"), ("risk", "rag_risk"), ("self", "self_rag_overall"))


def _dependency_row(record: dict, lang: str) -> dict:
    return {"id": format_text(record["dependency_id"]), "project": format_text(record["project_code"]),
            "task": f"{format_text(record['task_id'])} {format_text(record['task_name'])}",
            "on_project": format_text(record["on_project"]),
            "on_task": f"{format_text(record['on_task_id'])} {format_text(record['on_task_name'])}",
            "on": f"{format_text(record['on_project'])} / {format_text(record['on_task_name'])}",
            "type": format_text(record["type"]), "on_forecast": format_date(record["on_task_forecast_finish"], lang),
            "on_slip": format_number(record["on_task_slip_days"], lang),
            "induced_slip": format_number(record["task_start_slip_days"], lang),
            "fill": _delay_fill(record["task_start_slip_days"])}


def _budget_months(records: list[dict], lang: str, currency: str) -> list[dict]:
    if not records:
        return []
    frame = pd.DataFrame(records)
    monthly = frame.groupby(pd.to_datetime(frame["month"]))[["planned", "actual", "forecast"]].sum(min_count=1)
    return [{"month": chart_module.month_label(month.date(), lang),
             "planned": format_amount(row["planned"], currency, lang),
             "actual": format_amount(row["actual"], currency, lang),
             "forecast": format_amount(row["forecast"], currency, lang)} for month, row in monthly.iterrows()]


def _error_rows(errors: pd.DataFrame, lang: str) -> list[dict]:
    def worded(value):
        return format_text(value if lang == "fr" or is_missing(value) else english(str(value)))

    rows = []
    for record in errors.to_dict("records"):
        location = Location(sheet=None if is_missing(record["sheet"]) else str(record["sheet"]),
                            cell=None if is_missing(record["cell"]) else str(record["cell"]),
                            row=None if is_missing(record["row"]) else int(record["row"]),
                            column=None if is_missing(record["column"]) else str(record["column"]))
        rows.append({"file": format_text(record["file"]), "location": str(location) or MISSING,
                     "message": worded(record["message"]), "found": format_text(record["found"]),
                     "expected": worded(record["expected"]),
                     "severity": _t(lang, {"error": "erreur", "warning": "avertissement"}.get(
                         str(record["severity"]).lower(), format_text(record["severity"])), format_text(record["severity"]))})
    return rows


def _count(value: object) -> int:
    return 0 if is_missing(value) else int(value)


def _sheet_name(french: str, lang: str) -> str:
    """A project workbook's sheet, named by the snapshot in French, in ``lang``."""
    from pmo_xl.model.schemas import TABLES_BY_KEY

    names = {spec.sheet_fr: spec.sheet(lang) for spec in TABLES_BY_KEY.values()}
    return names.get(french, french)


def data_problem_text(record: dict, lang: str) -> str:
    """What the integrity gate found in a project's workbook, as one warning; "" when its data is whole.

    The rejected rows, the missing sheets and the errors located in the workbook (the Erreurs rows of
    its file), with the data quality when below 100 %.
    """
    quality, rejected = record.get("data_quality_score"), _count(record.get("rejected_rows"))
    sheets = [] if is_missing(record.get("missing_sheets")) else [
        _sheet_name(name.strip(), lang) for name in str(record["missing_sheets"]).split(",") if name.strip()]
    errors = _count(record.get("problem_count"))
    parts = []
    if not is_missing(quality) and float(quality) < 1:
        share = float(quality) * 100
        parts.append(_t(lang, "qualité ", "quality ")  # 98.5 % never reads as a rounded 99 % or 100 %
                     + format_percent(quality, lang, 0 if abs(share - round(share)) < 1e-9 else 1))
    if rejected:
        parts.append(count_text(rejected, _t(lang, "ligne rejetée", "rejected row"),
                                _t(lang, "lignes rejetées", "rejected rows"), lang))
    if sheets:
        parts.append(_t(lang, ("feuille " if len(sheets) == 1 else "feuilles ") + ", ".join(sheets)
                        + (" absente" if len(sheets) == 1 else " absentes"),
                        ("sheet " if len(sheets) == 1 else "sheets ") + ", ".join(sheets) + " missing"))
    if errors:
        parts.append(count_text(errors, _t(lang, "erreur", "error"), _t(lang, "erreurs", "errors"), lang))
    if not parts:
        return ""
    return _t(lang, "Données incomplètes : " + ", ".join(parts) + " (voir l’annexe des erreurs).",
              "Incomplete data: " + ", ".join(parts) + " (see the errors appendix).")


def _quality(scope: pd.DataFrame, snapshot: PortfolioSnapshot, lang: str) -> dict:
    errors = snapshot.errors
    files_in_error = errors["file"].dropna().nunique() if not errors.empty else 0
    error_count = int((errors["severity"].astype(str).str.lower() == "error").sum()) if not errors.empty else 0
    weak = scope[(scope["data_quality_score"].fillna(0) < 1) | scope["stale"].map(truthy)]
    summary = _t(lang,
                 f"{count_text(len(scope), 'projet consolidé', 'projets consolidés', lang)} ; "
                 f"{count_text(files_in_error, 'classeur non consolidé ou en anomalie', 'classeurs non consolidés ou en anomalie', lang)} "
                 f"({count_text(error_count, 'erreur localisée', 'erreurs localisées', lang)}) ; "
                 f"{count_text(len(weak), 'projet', 'projets', lang)} avec une qualité des données à améliorer.",
                 f"{count_text(len(scope), 'project', 'projects', lang)} consolidated; "
                 f"{count_text(files_in_error, 'workbook', 'workbooks', lang)} not consolidated or with problems "
                 f"({count_text(error_count, 'located error', 'located errors', lang)}); "
                 f"{count_text(len(weak), 'project', 'projects', lang)} whose data quality needs work.")
    projects = [{"code": format_text(r["project_code"]), "name": format_text(r["project_name"]),
                 "data_quality": format_percent(r["data_quality_score"], lang),
                 "compliance": format_percent(r["compliance_score"], lang),
                 "status_date": format_date(r["workbook_status_date"], lang),
                 "data_age": format_number(r["data_age_days"], lang)} for r in weak.to_dict("records")]
    return {"summary": summary, "errors": _error_rows(errors, lang), "projects": projects,
            "files_in_error": files_in_error, "error_count": error_count}


# ---------------------------------------------------------------------------
# charts


def _worst(rags) -> Rag | None:
    present = [r for r in (rag_of(v) for v in rags) if r is not None]
    return min(present, key=lambda r: RAG_ORDER[r]) if present else None


def history_rag_counts(snapshot: PortfolioSnapshot, codes: set[str], scope: pd.DataFrame,
                       period: Period) -> tuple[pd.DataFrame, bool]:
    """Projects by overall RAG at each period of the KPI history, and whether some periods are derived.

    A period whose history records an overall RAG (a ``kpi`` of
    :data:`OVERALL_RAG_KPIS`, which consolidation writes as ``rag_overall``)
    counts those RAGs; a period without one (a history kept before overall
    RAGs were recorded) takes each project's RAG as the worse of its SPI and
    CPI RAGs, and the second value returned is then True.  For each project
    the latest status date of the period counts.  The current period comes
    from the overview (overall RAG) when the history lacks it.
    """
    history = _restrict(snapshot.kpi_history, codes)
    kpi = history["kpi"].astype(str).str.strip().str.lower() if not history.empty else pd.Series(dtype=object)
    overall = history[kpi.isin(OVERALL_RAG_KPIS)] if not history.empty else history
    indices = history[kpi.isin(("spi", "cpi"))] if not history.empty else history
    overall_periods = set(overall["period"].astype(str)) if not overall.empty else set()
    derived_part = indices[~indices["period"].astype(str).isin(overall_periods)] if not indices.empty else indices
    derived = not derived_part.empty
    rows = []
    for source in (overall, derived_part):
        for period_code, group in (source.groupby("period", sort=True) if not source.empty else []):
            latest_date = group.groupby("project_code")["status_date"].transform("max")
            latest = group[group["status_date"] == latest_date]
            per_project = latest.groupby("project_code")["rag"].agg(_worst)
            green, amber, red = count_rags(per_project)
            rows.append({"period": str(period_code), "green": green, "amber": amber, "red": red})
    if not any(row["period"] == period.code for row in rows):
        green, amber, red = count_rags(scope["rag_overall"])
        rows.append({"period": period.code, "green": green, "amber": amber, "red": red})
    return pd.DataFrame(rows).sort_values("period").reset_index(drop=True), derived


def _history_index_means(snapshot: PortfolioSnapshot, codes: set[str]) -> pd.DataFrame:
    history = _restrict(snapshot.kpi_history, codes)
    if history.empty:
        return pd.DataFrame(columns=["period", "spi", "cpi", "projects"])
    kpi = history["kpi"].astype(str).str.strip().str.lower()
    frames = []
    for name in ("spi", "cpi"):
        part = history[kpi == name].groupby("period")["value"].mean().rename(name)
        frames.append(part)
    projects = history.groupby("period")["project_code"].nunique().rename("projects")
    return pd.concat(frames + [projects], axis=1).reset_index().rename(columns={"index": "period"})


def milestone_counts_by_month(milestones: pd.DataFrame, months: list[date], status_date: date) -> pd.DataFrame:
    """For each month: milestones due by baseline, achieved by their baseline date, and late.

    A milestone is *late* when it was achieved after its baseline date, or is
    not achieved and its baseline date is before ``status_date``.
    """
    rows = []
    baseline = pd.to_datetime(milestones["baseline_finish"]).dt.normalize() if not milestones.empty else pd.Series(dtype="datetime64[ns]")
    actual = pd.to_datetime(milestones["actual_finish"]).dt.normalize() if not milestones.empty else pd.Series(dtype="datetime64[ns]")
    for month in months:
        start = pd.Timestamp(month)
        end = start + pd.offsets.MonthEnd(0)
        due = (baseline >= start) & (baseline <= end)
        on_time = due & actual.notna() & (actual <= baseline)
        late = due & ((actual.notna() & (actual > baseline)) | (actual.isna() & (baseline < pd.Timestamp(status_date))))
        rows.append({"month": month, "due": int(due.sum()), "on_time": int(on_time.sum()), "late": int(late.sum())})
    return pd.DataFrame(rows)


def _trend_months(period: Period) -> list[date]:
    """The :data:`TREND_MONTHS` months ending with the period's last month."""
    months = []
    first = date(period.end.year, period.end.month, 1)
    for _ in range(TREND_MONTHS):
        months.insert(0, first)
        first = (first - timedelta(days=1)).replace(day=1)
    return months


def _s_curve(snapshot: PortfolioSnapshot, codes: set[str], whole_portfolio: bool, lang: str) -> chart_module.Chart | None:
    if whole_portfolio and not snapshot.budget_monthly.empty:
        monthly = snapshot.budget_monthly.sort_values("month")
        months = pd.to_datetime(monthly["month"])
        planned, actual, forecast = monthly["planned"], monthly["actual"], monthly["forecast"]
    else:
        budget = _restrict(snapshot.budget, codes)
        if budget.empty:
            return None
        grouped = budget.groupby(pd.to_datetime(budget["month"]))[["planned", "actual", "forecast"]].sum(min_count=1)
        months = pd.Series(grouped.index)
        planned, actual, forecast = grouped["planned"], grouped["actual"], grouped["forecast"]
    status = pd.Timestamp(snapshot.status_date) if snapshot.status_date else None
    actual_values = [None if (is_missing(a) or (status is not None and m > status)) else float(a)
                     for m, a in zip(months, actual)]
    return chart_module.budget_s_curve([m.date() for m in months], planned.fillna(0).tolist(), actual_values,
                                       forecast.fillna(0).tolist(), snapshot.reporting_currency, lang)


def _heatmap_counts(snapshot: PortfolioSnapshot, codes: set[str], whole_portfolio: bool) -> np.ndarray:
    counts = np.zeros((5, 5), dtype=int)
    if whole_portfolio and not snapshot.risk_heatmap.empty:
        for record in snapshot.risk_heatmap.to_dict("records"):
            probability = int(record["probability"])
            for impact in range(1, 6):
                value = record[f"impact_{impact}"]
                counts[probability - 1, impact - 1] = 0 if is_missing(value) else int(value)
        return counts
    risks = _restrict(snapshot.risks, codes)
    for record in risks.to_dict("records"):
        if is_closed(record["status"]) or is_missing(record["probability"]) or is_missing(record["impact"]):
            continue
        probability, impact = int(record["probability"]), int(record["impact"])
        if 1 <= probability <= 5 and 1 <= impact <= 5:
            counts[probability - 1, impact - 1] += 1
    return counts


def build_charts(snapshot: PortfolioSnapshot, scope: pd.DataFrame, request: PackRequest,
                 which: tuple[str, ...]) -> list[chart_module.Chart]:
    """The charts named in ``which`` for the projects in ``scope``."""
    lang, period = request.lang, request.period
    codes = set(scope["project_code"].astype(str))
    whole = request.project is None
    drawn: list[chart_module.Chart] = []
    for key in which:
        if key == "budget_s_curve":
            chart = _s_curve(snapshot, codes, whole, lang)
        elif key == "spi_cpi_scatter":
            valid = scope[scope["spi"].notna() & scope["cpi"].notna()]
            rags = valid["rag_overall"].tolist() if "rag_overall" in valid.columns else None
            chart = chart_module.spi_cpi_scatter(valid["project_code"].astype(str).tolist(), valid["spi"].tolist(),
                                                 valid["cpi"].tolist(), lang, rags) if not valid.empty else None
        elif key == "rag_trend":
            counts, derived = history_rag_counts(snapshot, codes, scope, period)
            chart = chart_module.rag_trend(counts["period"].tolist(), counts["green"].tolist(),
                                           counts["amber"].tolist(), counts["red"].tolist(), lang,
                                           derived_from_indices=derived)
        elif key == "milestone_trend":
            months = _trend_months(period)
            counts = milestone_counts_by_month(_restrict(snapshot.milestones, codes), months,
                                               snapshot.status_date or period.end)
            chart = chart_module.milestone_trend([chart_module.month_label(m, lang) for m in months],
                                                 counts["due"].tolist(), counts["on_time"].tolist(),
                                                 counts["late"].tolist(), lang)
        elif key == "risk_heatmap":
            chart = chart_module.risk_heatmap(_heatmap_counts(snapshot, codes, whole), lang)
        elif key == "schedule_quality":
            from pmo_xl.reports.level_sections import quality_heatmap_chart

            chart = quality_heatmap_chart(snapshot, codes, lang)
        elif key == "schedule_risk":
            from pmo_xl.reports.level_sections import schedule_risk_chart

            chart = schedule_risk_chart(snapshot, codes, lang)
        else:
            raise KeyError(key)
        if chart is not None:
            drawn.append(chart)
    return drawn


# ---------------------------------------------------------------------------
# the context


PACK_TITLES = {
    ("copil_monthly", "fr"): "Comité de pilotage – dossier mensuel",
    ("copil_monthly", "en"): "Steering committee – monthly pack",
    ("coproj", "fr"): "Comité projet – dossier",
    ("coproj", "en"): "Project committee – pack",
    ("tech", "fr"): "Comité technique – dossier",
    ("tech", "en"): "Technical committee – pack",
    ("weekly_flash", "fr"): "Flash hebdomadaire du portefeuille",
    ("weekly_flash", "en"): "Weekly portfolio flash report",
    ("quarterly_review", "fr"): "Revue trimestrielle de gestion du portefeuille",
    ("quarterly_review", "en"): "Quarterly portfolio management review",
    ("minutes", "fr"): "Compte rendu de comité",
    ("minutes", "en"): "Committee minutes",
}

CHARTS_BY_TEMPLATE = {
    "copil_monthly": ("budget_s_curve", "risk_heatmap"),
    "copil_dashboard": ("budget_s_curve", "spi_cpi_scatter", "rag_trend", "milestone_trend", "risk_heatmap"),
    "coproj": ("budget_s_curve", "milestone_trend", "risk_heatmap", "schedule_quality", "schedule_risk"),
    "tech": ("schedule_quality", "schedule_risk"),
    "quarterly_review": ("rag_trend", "milestone_trend", "budget_s_curve", "spi_cpi_scatter", "risk_heatmap"),
}

TEMPLATE_BY_REQUEST = {
    (PackKind.MONTHLY, Committee.COPIL): "copil_monthly",
    (PackKind.MONTHLY, Committee.COPROJ): "coproj",
    (PackKind.MONTHLY, Committee.TECH): "tech",
}


def template_for(request: PackRequest) -> str:
    """The template a request is written with: weekly → flash, quarterly → review, monthly → by committee."""
    if request.kind is PackKind.WEEKLY:
        return "weekly_flash"
    if request.kind is PackKind.QUARTERLY:
        return "quarterly_review"
    return TEMPLATE_BY_REQUEST[(request.kind, request.committee)]


def _agenda(template: str, lang: str) -> list[dict]:
    items = {
        "copil_monthly": [("Ouverture et validation du compte rendu précédent", "Opening and approval of previous minutes", "PMO", 5),
                          ("Synthèse du portefeuille", "Portfolio summary", "PMO", 15),
                          ("Projets en alerte", "Projects on alert", _t(lang, "Chefs de projet", "Project managers"), 30),
                          ("Décisions à prendre", "Decisions to take", "Sponsors", 20),
                          ("Suivi des décisions et actions", "Follow-up of decisions and actions", "PMO", 10),
                          ("Points divers", "Any other business", MISSING, 5)],
        "coproj": [("Validation du compte rendu précédent", "Approval of previous minutes", _t(lang, "Chef de projet", "Project manager"), 5),
                   ("Avancement, jalons et chemin critique", "Progress, milestones and critical path", _t(lang, "Chef de projet", "Project manager"), 20),
                   ("Budget et ressources", "Budget and resources", _t(lang, "Chef de projet", "Project manager"), 10),
                   ("Risques, problèmes et alertes", "Risks, issues and alerts", _t(lang, "Chef de projet", "Project manager"), 15),
                   ("Décisions et actions", "Decisions and actions", "Sponsor", 10)],
        "tech": [("Dépendances inter-projets", "Inter-project dependencies", _t(lang, "Architectes", "Architects"), 20),
                 ("Chemins critiques", "Critical paths", _t(lang, "Chefs de projet", "Project managers"), 20),
                 ("Risques techniques", "Technical risks", _t(lang, "Architectes", "Architects"), 15),
                 ("Décisions techniques ouvertes", "Open technical decisions", _t(lang, "Comité d'architecture", "Architecture board"), 15)],
    }
    chosen = items.get(template, items["copil_monthly"])
    return [{"number": str(i), "item": _t(lang, fr, en), "owner": owner,
             "duration": f"{minutes} min", "notes": ""} for i, (fr, en, owner, minutes) in enumerate(chosen, 1)]


def _attendees(scope: pd.DataFrame, template: str, lang: str) -> list[dict]:
    people: dict[str, str] = {}
    role_columns = (("sponsor", _t(lang, "Sponsor", "Sponsor")),)
    if template in ("coproj", "tech") or len(scope) <= 10:
        role_columns += (("project_manager", _t(lang, "Chef de projet", "Project manager")),)
    for record in scope.to_dict("records"):
        for column, role in role_columns:
            name = record[column]
            if not is_missing(name) and str(name).strip():
                people.setdefault(str(name).strip(), role)
    rows = [{"name": "PMO", "role": _t(lang, "Secrétariat du comité", "Committee secretary"), "present": ""}]
    rows += [{"name": name, "role": role, "present": ""} for name, role in sorted(people.items())]
    return rows


def _summary_text(scope: pd.DataFrame, snapshot: PortfolioSnapshot, request: PackRequest, quality: dict) -> str:
    lang = request.lang
    green, amber, red = count_rags(scope["rag_overall"])
    spi, cpi = portfolio_spi_cpi(scope)
    status = format_date(snapshot.status_date or request.period.end, lang)
    red_alerts = _restrict(snapshot.alerts, set(scope["project_code"].astype(str)))
    red_alerts = count_rags(red_alerts["severity"])[2]
    eac, bac = float(scope["eac"].sum()), float(scope["bac"].sum())
    currency = snapshot.reporting_currency
    if lang == "fr":
        return (f"Au {status}, le périmètre compte {len(scope)} projet(s) : {green} au vert, {amber} à l'orange, "
                f"{red} au rouge. SPI {format_ratio(spi, lang)}, CPI {format_ratio(cpi, lang)} ; budget total "
                f"{format_amount(bac, currency, lang)}, estimation à terminaison {format_amount(eac, currency, lang)}. "
                f"{red_alerts} alerte(s) rouge(s). {quality['files_in_error']} classeur(s) non consolidé(s) ou en anomalie.")
    return (f"At {status}, the scope holds {len(scope)} project(s): {green} green, {amber} amber, {red} red. "
            f"SPI {format_ratio(spi, lang)}, CPI {format_ratio(cpi, lang)}; total budget "
            f"{format_amount(bac, currency, lang)}, estimate at completion {format_amount(eac, currency, lang)}. "
            f"{red_alerts} red alert(s). {quality['files_in_error']} workbook(s) not consolidated or with problems.")


def build_pack_context(snapshot: PortfolioSnapshot, request: PackRequest, template: str | None = None,
                       previous: PortfolioSnapshot | None = None,
                       quarter_snapshots: list[PortfolioSnapshot] | None = None) -> PackContext:
    """Everything the template ``template`` (default: the request's) needs, from ``snapshot``.

    ``previous`` is the snapshot of the previous run; the weekly flash shows what changed since.
    ``quarter_snapshots`` are the earlier snapshots of the quarter; the quarterly review draws the
    milestone trend analysis over them.
    """
    template = template or template_for(request)
    lang, period, currency = request.lang, request.period, snapshot.reporting_currency
    scope = select_scope(snapshot, request.project)
    codes = set(scope["project_code"].astype(str))
    quality = _quality(scope, snapshot, lang)
    committee_label = label(request.committee, lang)
    committee_label = committee_label[:1].upper() + committee_label[1:]
    status_date = snapshot.status_date or period.end
    scope_text = (_t(lang, "portefeuille complet", "whole portfolio") if not request.project
                  else f"{request.project} ({len(scope)} {_t(lang, 'projet(s)', 'project(s)')})")
    next_meeting = (next_meeting_day(snapshot, request.committee, request.project)
                    or period.end + timedelta(days=7 if period.kind is PeriodKind.WEEK else 30))
    meta = {
        "organisation": request.organisation or _t(lang, "Bureau des projets (PMO)", "Project Management Office"),
        "title": PACK_TITLES[(template, lang)] if template != "minutes" else PACK_TITLES[("minutes", lang)],
        "committee": committee_label, "period_label": period.label(lang), "period_long": period.long_label(lang),
        "period_code": period.code, "status_date": format_date(status_date, lang),
        "generated_on": format_date(request.generated_on or date.today(), lang), "scope": scope_text,
        "meeting_date": "", "place": "", "chair": "", "secretary": "PMO",
        "next_meeting": format_date(next_meeting, lang),
    }
    values: dict = {"meta": meta, "quality": quality, "agenda": _agenda(template, lang)}
    scoped_decisions = _restrict(snapshot.decisions, codes) if request.project else snapshot.decisions
    scoped_actions = _restrict(snapshot.actions, codes) if request.project else snapshot.actions
    decisions_records = scoped_decisions.to_dict("records")
    values["decisions_to_take"] = [_decision_row(d, lang) for d in decisions_records
                                   if is_proposed(d["status"]) and _committee_matches(d["committee"], request.committee)]
    previous_start = period.previous().start
    values["previous_decisions"] = [
        _decision_row(d, lang) for d in sorted(decisions_records, key=lambda d: _day(d["decided_on"]) or date.min)
        if not is_proposed(d["status"]) and (truthy(d["awaiting_implementation"]) or
                                             (_day(d["decided_on"]) and previous_start <= _day(d["decided_on"]) <= period.end))]
    open_actions = [a for a in scoped_actions.to_dict("records") if not is_closed(a["status"])]
    followed = [a for a in open_actions if truthy(a["overdue"]) or
                (not is_missing(a["committee"]) and parse_enum(Committee, a["committee"]) is request.committee)]
    followed.sort(key=lambda a: (-(a["days_overdue"] if not is_missing(a["days_overdue"]) else 0), str(a["action_id"])))
    values["open_actions"] = [_action_row(a, lang) for a in followed]
    overdue_count = sum(1 for a in open_actions if truthy(a["overdue"]))
    values["actions_summary"] = _t(
        lang, f"{count_text(len(open_actions), 'action ouverte', 'actions ouvertes', lang)}, dont "
              f"{count_text(overdue_count, 'en retard', 'en retard', lang)} ; sont listées les actions en retard "
              "et celles du comité.",
        f"{count_text(len(open_actions), 'open action', 'open actions', lang)}, {overdue_count} overdue; "
        "overdue actions and this committee's are listed.")
    values["attendees"] = _attendees(scope, template, lang)
    if template == "coproj":
        apply_committee_members(values, snapshot, request.committee, request.project, lang)
    if template == "minutes":
        apply_minutes_values(values, snapshot, request.committee, request.project, lang, codes)
        return PackContext(values, [], sorted(codes))

    values["kpis"] = _kpi_tiles(scope, snapshot, request, codes)
    values["summary_text"] = _summary_text(scope, snapshot, request, quality)
    values["portfolio"] = _portfolio_rows(scope, lang, currency)
    charts = build_charts(snapshot, scope, request, CHARTS_BY_TEMPLATE.get(template, ()))
    values["charts"] = [{"number": str(i), "caption": c.caption, "title": c.title, "key": c.key,
                         "columns": [str(col) for col in c.data.columns], "rows": c.data_rows(lang)}
                        for i, c in enumerate(charts, 1)]
    if template in ("copil_monthly", "coproj"):
        values.update(followup_values(snapshot, request.committee, request.project, codes, lang))
    if template == "copil_monthly":
        values.update(copil_values(snapshot, scope, request, values))
    if template in ("coproj", "tech"):
        from pmo_xl.reports.level_sections import level_sections, split_quality_charts

        values.update(level_sections(snapshot, scope, period.end, request.project is None, lang))
        split_quality_charts(values)
    if template in ("copil_monthly", "coproj", "tech"):
        values["projects"] = _project_pages(scope, snapshot, request, detailed=(template == "coproj"))
        values["projects_intro"] = _t(lang, f"{len(scope)} fiche(s) projet, par code.",
                                      f"{len(scope)} project page(s), by code.")
    if template == "tech":
        dependencies = _restrict(snapshot.dependencies, codes)
        rows = [_dependency_row(d, lang) for d in dependencies.to_dict("records")]
        impacted = int(dependencies["impacted"].map(truthy).sum()) if not dependencies.empty else 0
        values["dependencies"] = rows
        values["dependencies_summary"] = _t(lang, f"{len(rows)} dépendance(s) inter-projets, dont {impacted} impactée(s) par un glissement.",
                                            f"{len(rows)} inter-project dependencies, {impacted} impacted by a slip.")
        risks = _restrict(snapshot.risks, codes)
        values["technical_risks"] = [r for r in _risk_rows(risks.to_dict("records"), lang, None)
                                     if r["category"].strip().lower() in ("technique", "technical", "tech", "it",
                                                                          "technologique", "architecture", "sécurité", "security")]
        values["technical_decisions"] = [_decision_row(d, lang) for d in decisions_records
                                         if not is_missing(d["committee"]) and parse_enum(Committee, d["committee"]) is Committee.TECH
                                         and d["status"] is not None and parse_enum(DecisionStatus, d["status"])
                                         in (DecisionStatus.PROPOSED, DecisionStatus.APPROVED)]
    if template == "weekly_flash":
        alerts = _by_project(_restrict(snapshot.alerts, codes))
        flagged = []
        for record in scope.to_dict("records"):
            rag = rag_of(record["rag_overall"])
            if rag in (Rag.RED, Rag.AMBER):
                first = _alert_rows(alerts.get(str(record["project_code"]), []), lang)[:1]
                flagged.append({"code": str(record["project_code"]), "name": format_text(record["project_name"]),
                                "overall": rag_text(rag, lang), "overall_fill": rag_fill(rag),
                                "spi": format_ratio(record["spi"], lang), "cpi": format_ratio(record["cpi"], lang),
                                "finding": first[0]["message"] if first else MISSING,
                                "corrective_action": first[0]["corrective_action"] if first else MISSING,
                                "order": RAG_ORDER[rag]})
        flagged.sort(key=lambda r: (r["order"], r["code"]))
        values["alert_projects"] = flagged
        window_end = period.end + (period.end - period.start) + timedelta(days=1)
        milestones = _restrict(snapshot.milestones, codes)
        window = []
        for record in milestones.to_dict("records"):
            when = [d for d in (_day(record["baseline_finish"]), _day(record["forecast_finish"]), _day(record["actual_finish"])) if d]
            if any(period.start <= d <= window_end for d in when):
                window.append(record)
        window.sort(key=lambda r: (_day(r["forecast_finish"]) or date.max, str(r["project_code"])))
        values["period_milestones"] = [_milestone_row(m, lang) for m in window]
        values["overdue_actions"] = [_action_row(a, lang) for a in followed if truthy(a["overdue"])]
        values.update(flash_changes(previous, snapshot, codes, lang))
    if template == "quarterly_review":
        counts, _ = history_rag_counts(snapshot, codes, scope, period)
        means = _history_index_means(snapshot, codes)
        merged = counts.merge(means, on="period", how="left") if not means.empty else counts.assign(spi=np.nan, cpi=np.nan, projects=np.nan)
        current = merged["period"] == period.code
        if current.any() and merged.loc[current, "spi"].isna().all():
            # the period being reported is not in the history yet: its averages come from the overview
            merged.loc[current, "spi"] = scope["spi"].mean()
            merged.loc[current, "cpi"] = scope["cpi"].mean()
            merged.loc[current, "projects"] = len(scope)
        values["kpi_trend"] = [{"period": str(r["period"]),
                                "projects": format_number(r["projects"] if not is_missing(r["projects"]) else r["green"] + r["amber"] + r["red"], lang),
                                "green": format_number(r["green"], lang), "amber": format_number(r["amber"], lang),
                                "red": format_number(r["red"], lang), "spi": format_ratio(r["spi"], lang),
                                "cpi": format_ratio(r["cpi"], lang)} for r in merged.to_dict("records")]
        history = [s for s in (quarter_snapshots or []) if s.status_date and period.start <= s.status_date <= period.end]
        trend_table = milestone_trend_table(history + [snapshot])
        if not trend_table.empty:
            trend_table = trend_table[trend_table["project_code"].astype(str).isin(codes)]
            mta = chart_module.milestone_trend_analysis(trend_table, lang)
            charts.append(mta)
            values["charts"].append({"number": str(len(charts)), "caption": mta.caption, "title": mta.title,
                                     "key": mta.key, "columns": [str(c) for c in mta.data.columns],
                                     "rows": mta.data_rows(lang)})
        values["quarter_statuses"] = str(len({s.status_date for s in history + [snapshot]}))
        values["quarter_decisions"] = [_decision_row(d, lang) for d in decisions_records
                                       if _day(d["decided_on"]) and period.start <= _day(d["decided_on"]) <= period.end]
    dashboard_charts = [c for c in charts if c.key != "milestone_trend_analysis"]  # its data table is in the pack
    if template == "copil_monthly":  # the dashboard's five charts, the pack's two taken from them
        drawn = {c.key: c for c in charts}
        dashboard_charts = [drawn.get(key) or next(iter(build_charts(snapshot, scope, request, (key,))), None)
                            for key in CHARTS_BY_TEMPLATE["copil_dashboard"]]
        dashboard_charts = [c for c in dashboard_charts if c is not None]
    return PackContext(values, charts, sorted(codes), dashboard_charts)


COPIL_FOLLOW_UP_ROWS = 12
COPIL_ERROR_ROWS = 12  # errors first, then warnings; the master's Erreurs sheet lists them all


def label_of_error(lang: str) -> str:
    """How the severity of an error reads in a pack's error table."""
    from pmo_xl.i18n import SEVERITY_LABELS

    return SEVERITY_LABELS.get(lang, SEVERITY_LABELS["en"])["error"]


def copil_values(snapshot: PortfolioSnapshot, scope: pd.DataFrame, request: PackRequest, values: dict) -> dict:
    """The exception-first COPIL sections (see :mod:`pmo_xl.reports.copil`) and their capped annexes."""
    from pmo_xl.reports.copil import copil_sections

    lang = request.lang
    sections = copil_sections(snapshot, scope, request.period.code, request.committee, lang)
    awaiting = [d for d in values["previous_decisions"] if d["status"] != MISSING][:COPIL_FOLLOW_UP_ROWS]
    errors = sorted(values["quality"]["errors"], key=lambda row: row.get("severity") != label_of_error(lang))
    hidden = len(errors) - COPIL_ERROR_ROWS
    more = ""
    if hidden > 0:
        from pmo_xl.reports.formatting import count_text

        more = _t(lang, f"… et {count_text(hidden, 'autre', 'autres', lang)} : liste complète dans la feuille "
                        "Erreurs du classeur maître.",
                  f"… and {count_text(hidden, 'other', 'others', lang)}: full list in the master workbook's Errors sheet.")
    return {"copil": sections,
            "follow_up_decisions": awaiting,
            "quality_errors": errors[:COPIL_ERROR_ROWS], "quality_more": more}


def flash_changes(previous: PortfolioSnapshot | None, current: PortfolioSnapshot, codes: set[str], lang: str) -> dict:
    """The weekly flash's "what changed" sections, from the previous snapshot to this one."""
    from pmo_xl.engine.portfolio_changes import snapshot_changes
    from pmo_xl.reports.formatting import count_text

    if previous is None:
        return {"changes_intro": _t(lang, "Premier flash : aucune situation précédente à comparer.",
                                    "First flash: no previous status to compare with."),
                "rag_changes": [], "milestone_changes": [], "risk_changes": [], "decisions_taken": []}
    changes = snapshot_changes(previous, current)

    def scoped(frame: pd.DataFrame) -> list[dict]:
        return frame[frame["project_code"].astype(str).isin(codes)].to_dict("records") if not frame.empty else []

    rag_rows = [{"code": str(r["project_code"]), "name": format_text(r["project_name"]),
                 "before": rag_text(r["before"], lang), "after": rag_text(r["after"], lang), "fill": rag_fill(r["after"]),
                 "note": _t(lang, "nouveau rouge", "new red") if r["new_red"] else ""} for r in scoped(changes.rag_changes)]
    milestones = [{"project": str(r["project_code"]), "name": format_text(r["milestone_name"]),
                   "change": _t(lang, "glissé de ", "slipped by ") + count_text(r["days_later"], _t(lang, "jour", "day"),
                                                                                _t(lang, "jours", "days"), lang),
                   "before": format_date(r["forecast_finish_before"], lang), "now": format_date(r["forecast_finish"], lang)}
                  for r in scoped(changes.milestones_slipped)]
    milestones += [{"project": str(r["project_code"]), "name": format_text(r["milestone_name"]),
                    "change": _t(lang, "atteint", "achieved"), "before": MISSING, "now": format_date(r["actual_finish"], lang)}
                   for r in scoped(changes.milestones_achieved)]
    risks = [{"project": str(r["project_code"]), "title": format_text(r["title"]), "score": format_number(r["score"], lang),
              "change": change} for frame, change in ((changes.critical_risks_new, _t(lang, "nouveau risque critique", "new critical risk")),
                                                      (changes.critical_risks_closed, _t(lang, "clos ou abaissé", "closed or lowered")))
             for r in scoped(frame)]
    decisions = [{"project": str(r["project_code"]), "id": format_text(r["decision_id"]), "title": format_text(r["title"]),
                  "status": status_text(r["status"], DecisionStatus, lang)} for r in scoped(changes.decisions_taken)]
    intro = _t(lang, f"Depuis la situation du {format_date(previous.status_date, lang)} : "
                     f"{count_text(len(rag_rows), 'changement de météo', 'changements de météo', lang)}, "
                     f"{count_text(len(milestones), 'jalon modifié', 'jalons modifiés', lang)}.",
               f"Since the status of {format_date(previous.status_date, lang)}: "
               f"{count_text(len(rag_rows), 'RAG change', 'RAG changes', lang)}, "
               f"{count_text(len(milestones), 'milestone changed', 'milestones changed', lang)}.")
    return {"changes_intro": intro, "rag_changes": rag_rows, "milestone_changes": milestones, "risk_changes": risks,
            "decisions_taken": decisions}
