"""The exception-first COPIL pack: what the chair reads first, then the projects that need the committee.

:func:`copil_sections` adds to a pack context, from the snapshot only:

* ``weather``: projects by overall RAG now and at the last committee, with
  an arrow (the previous period of the KPI history);
* ``messages``: the 3–5 key PMO messages, each a sentence built from counts;
* ``decisions_today``: the decision requests addressed to the committee,
  by deadline, with their recommendation;
* ``top_risks``: the highest P×I open risks of the portfolio;
* ``exceptions``: red then amber projects, worst first, one page each (the
  project manager's narrative, KPIs with trend, milestones, budget, risks,
  overdue actions, decision requests with their case);
* ``green_projects``: the other projects as one table;
* ``finance``: CAPEX/OPEX per fiscal year against the approved envelope;
* ``toc``: the table of contents with page numbers (every section is one
  page, each content list being capped so that it fits).
"""

from __future__ import annotations

from datetime import date
from typing import Callable

import numpy as np
import pandas as pd

from pmo_xl.engine.finance import fiscal_year_totals
from pmo_xl.model.enums import Committee, Rag, label, parse_enum
from pmo_xl.model.portfolio import PortfolioSnapshot
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

TOP_RISKS = 3
DECISIONS_ON_PAGE_ONE = 5
PROJECT_RISKS = 3
PROJECT_ACTIONS = 3
PROJECT_MILESTONES = 5
NARRATIVE_LINES = 4
NARRATIVE_LINE_CHARACTERS = 110
GREEN_TABLE_ROWS = 30
ANNEX_ROWS = 28
TO_COMPLETE = {"fr": "à compléter", "en": "to be completed"}

from pmo_xl.reports.context import RAG_FILLS, RAG_ORDER, data_problem_text  # noqa: E402  (one palette and order for every pack)

#: The weather rows of page 1; "incomplet" is a weather of its own, never counted as green.
WEATHER_RAGS = (Rag.RED, Rag.INCOMPLETE, Rag.AMBER, Rag.GREEN)
#: Projects that get a page of their own: red, incomplete data, amber.
EXCEPTION_RAGS = (Rag.RED, Rag.INCOMPLETE, Rag.AMBER)


def _t(lang: str, fr: str, en: str) -> str:
    return fr if lang == "fr" else en


def _rag(value: object) -> Rag | None:
    return None if is_missing(value) else parse_enum(Rag, value)


def severity_rank(record: dict) -> tuple:
    """Worst first: red before amber, then lower CPI×SPI, then the larger slip."""
    rag = _rag(record.get("rag_overall"))
    order = RAG_ORDER.get(rag, RAG_ORDER[None])
    spi = record.get("spi") if not is_missing(record.get("spi")) else 1.0
    cpi = record.get("cpi") if not is_missing(record.get("cpi")) else 1.0
    slip = record.get("slip_days") if not is_missing(record.get("slip_days")) else 0.0
    return order, float(spi) * float(cpi), -float(slip), str(record.get("project_code"))


def arrow(now: float | None, before: float | None) -> str:
    """``↑``, ``↓`` or ``→`` from ``before`` to ``now`` (``–`` when there is no earlier value)."""
    if now is None or before is None or is_missing(now) or is_missing(before):
        return MISSING
    if abs(float(now) - float(before)) < 1e-9:
        return "→"
    return "↑" if float(now) > float(before) else "↓"


# ---------------------------------------------------------------------------
# the last committee, from the KPI history


def previous_period_code(history: pd.DataFrame, current: str) -> str | None:
    """The latest period of the KPI history before ``current`` (None for a first committee)."""
    if history.empty:
        return None
    earlier = sorted(p for p in history["period"].dropna().astype(str).unique() if p < current)
    return earlier[-1] if earlier else None


def previous_values(history: pd.DataFrame, period_code: str | None) -> dict[tuple[str, str], object]:
    """``(project_code, kpi) -> value`` at ``period_code``; RAG KPIs give their RAG code."""
    if period_code is None or history.empty:
        return {}
    rows = history[history["period"].astype(str) == period_code]
    values = {}
    for record in rows.to_dict("records"):
        key = (str(record["project_code"]), str(record["kpi"]))
        values[key] = record["rag"] if str(record["kpi"]).startswith("rag") else record["value"]
    return values


# ---------------------------------------------------------------------------
# page 1


def weather_rows(scope: pd.DataFrame, before: dict, lang: str) -> list[dict]:
    """Counts by overall RAG now and at the last committee, worst first."""
    now = [_rag(v) for v in scope["rag_overall"]]
    earlier = [_rag(before.get((str(code), "rag_overall"))) for code in scope["project_code"]]
    have_earlier = any(r is not None for r in earlier)
    rows = []
    for rag in WEATHER_RAGS:
        count, previous = now.count(rag), (earlier.count(rag) if have_earlier else None)
        rows.append({"rag": label(rag, lang), "fill": RAG_FILLS[rag], "count": format_number(count, lang),
                     "previous": format_number(previous, lang) if previous is not None else MISSING,
                     "arrow": arrow(count, previous)})
    return rows


def key_messages(scope: pd.DataFrame, snapshot: PortfolioSnapshot, requests: pd.DataFrame, lang: str,
                 fiscal_year: str | None, finance_totals: pd.DataFrame) -> list[str]:
    """The 3–5 sentences the PMO puts before the committee, each from the snapshot's figures."""
    currency = snapshot.reporting_currency
    rags = [_rag(v) for v in scope["rag_overall"]]
    red, amber = rags.count(Rag.RED), rags.count(Rag.AMBER)
    messages = [_t(lang,
                   f"{count_text(red, 'projet au rouge', 'projets au rouge', lang)} et "
                   f"{count_text(amber, 'projet à l’orange', 'projets à l’orange', lang)} sur "
                   f"{count_text(len(scope), 'projet suivi', 'projets suivis', lang)}.",
                   f"{count_text(red, 'project is red', 'projects are red', lang)} and "
                   f"{count_text(amber, 'is amber', 'are amber', lang)} out of "
                   f"{count_text(len(scope), 'project followed', 'projects followed', lang)}.")]
    if fiscal_year is not None:
        year = finance_totals[finance_totals["fiscal_year"] == fiscal_year]
        approved, landing = float(year["approved"].sum()), float(year["estimate_at_completion"].sum())
        messages.append(_t(lang,
                           f"Exercice {fiscal_year} : atterrissage {format_amount(landing, currency, lang)} pour une "
                           f"enveloppe approuvée de {format_amount(approved, currency, lang)} "
                           f"(écart {format_amount(approved - landing, currency, lang)}).",
                           f"Fiscal year {fiscal_year}: landing at {format_amount(landing, currency, lang)} against an "
                           f"approved envelope of {format_amount(approved, currency, lang)} "
                           f"(variance {format_amount(approved - landing, currency, lang)})."))
    late = int(snapshot.milestones["late"].map(lambda v: bool(v) and not is_missing(v)).sum()) \
        if not snapshot.milestones.empty else 0
    messages.append(_t(lang, f"{count_text(late, 'jalon en retard', 'jalons en retard', lang)} à la date d’état.",
                       f"{count_text(late, 'milestone is late', 'milestones are late', lang)} at the status date."))
    incomplete = int((requests["missing_options"].fillna(False).astype(bool)
                      | requests["missing_impact"].fillna(False).astype(bool)).sum()) if not requests.empty else 0
    messages.append(_t(lang,
                       f"{count_text(len(requests), 'décision demandée', 'décisions demandées', lang)} à ce comité, "
                       f"dont {count_text(incomplete, 'dossier à compléter', 'dossiers à compléter', lang)}.",
                       f"{count_text(len(requests), 'decision is requested', 'decisions are requested', lang)} from "
                       f"this committee, {count_text(incomplete, 'case', 'cases', lang)} to be completed."))
    from pmo_xl.reports.followup_context import overdue_records

    overdue = overdue_records(snapshot, None)
    escalated = sum(1 for r in overdue if bool(r["escalated"]))
    messages.append(_t(lang,
                       f"{count_text(len(overdue), 'décision ou action en retard', 'décisions et actions en retard', lang)}"
                       f", dont {count_text(escalated, 'escaladée', 'escaladées', lang)} à ce comité.",
                       f"{count_text(len(overdue), 'decision or action is overdue', 'decisions and actions are overdue', lang)}"
                       f", {escalated} of them escalated to this committee."))
    return messages[:5]


def _requests_from_decisions(decisions: pd.DataFrame) -> pd.DataFrame:
    """Decision requests from the decision log alone (a snapshot kept before requests carried their case)."""
    if decisions.empty:
        return pd.DataFrame(columns=["project_code", "decision_id", "title", "committee", "owner", "due_date",
                                     "missing_options", "missing_impact"])
    from pmo_xl.model.enums import DecisionStatus

    proposed = decisions[decisions["status"].map(lambda v: not is_missing(v)
                                                 and parse_enum(DecisionStatus, v) is DecisionStatus.PROPOSED)]
    return proposed.assign(missing_options=True, missing_impact=True)[
        ["project_code", "decision_id", "title", "committee", "owner", "due_date", "missing_options", "missing_impact"]]


def committee_requests(snapshot: PortfolioSnapshot, codes: set[str], committee: Committee) -> pd.DataFrame:
    """The decision requests of the projects in scope addressed to ``committee`` (or to no committee)."""
    requests = snapshot.decision_requests
    if requests.empty:
        requests = _requests_from_decisions(snapshot.decisions)
    if requests.empty:
        return requests
    in_scope = requests[requests["project_code"].astype(str).isin(codes)]
    wanted = in_scope["committee"].map(lambda v: is_missing(v) or not str(v).strip()
                                       or parse_enum(Committee, v) is committee)
    return in_scope.loc[wanted.astype(bool)].sort_values(["due_date", "project_code"], kind="stable")


def decision_case(record: dict, lang: str, currency: str) -> dict:
    """A decision request as the committee sees it; missing parts read "à compléter"."""
    todo = TO_COMPLETE[lang]

    def text(value: object) -> str:
        return todo if is_missing(value) or not str(value).strip() else str(value).strip()

    cost = record.get("cost_impact")
    days = record.get("schedule_impact_days")
    return {"project": format_text(record["project_code"]), "id": format_text(record["decision_id"]),
            "title": format_text(record["title"]), "owner": format_text(record["owner"]),
            "due_date": format_date(record["due_date"], lang), "context": text(record.get("context")),
            "options": text(record.get("options")), "recommendation": text(record.get("recommendation")),
            "cost": todo if is_missing(cost) else format_amount(cost, currency, lang),
            "schedule": todo if is_missing(days) else count_text(int(round(float(days))), _t(lang, "jour ouvré", "working day"),
                                                                  _t(lang, "jours ouvrés", "working days"), lang),
            "scope": text(record.get("scope_impact")),
            "incomplete": bool(record.get("missing_options")) or bool(record.get("missing_impact")),
            "case_missing": todo if all(is_missing(record.get(k)) or not str(record.get(k)).strip()
                                        for k in ("context", "options", "recommendation")) else ""}


def open_risks_worst_first(risks: pd.DataFrame) -> pd.DataFrame:
    """The open risks, highest P×I score first (then by project code)."""
    if risks.empty:
        return risks
    closed = risks["status"].astype(str).str.lower().isin(("fermé", "clos", "closed", "annulé", "cancelled"))
    return risks[~closed].sort_values(["score", "project_code"], ascending=[False, True], kind="stable")


def top_risk_rows(risks: pd.DataFrame, codes: set[str], lang: str, limit: int) -> list[dict]:
    """The open risks of the projects ``codes`` with the highest P×I score, worst first."""
    if risks.empty:
        return []
    ordered = open_risks_worst_first(risks[risks["project_code"].astype(str).isin(codes)])
    return risk_rows(ordered.head(limit).to_dict("records"), lang)


def risk_rows(records: list[dict], lang: str) -> list[dict]:
    """Risk records (already ordered) as table rows."""
    return [{"project": format_text(r["project_code"]), "title": format_text(r["title"]),
             "score": format_number(r["score"], lang), "owner": format_text(r["owner"]),
             "response": format_text(r["response"]),
             "fill": RAG_FILLS[Rag.RED] if (r["score"] or 0) >= 15 else RAG_FILLS[Rag.AMBER] if (r["score"] or 0) >= 8
             else RAG_FILLS[Rag.GREEN]}
            for r in records]


# ---------------------------------------------------------------------------
# one page per red or amber project


def narrative_lines(text: object) -> list[str]:
    """A narrative field as at most :data:`NARRATIVE_LINES` lines, bullets removed."""
    if is_missing(text) or not str(text).strip():
        return []
    lines = [line.strip().lstrip("-•* ").strip() for line in str(text).splitlines() if line.strip()]
    return [line if len(line) <= NARRATIVE_LINE_CHARACTERS else line[:NARRATIVE_LINE_CHARACTERS - 1] + "…"
            for line in lines[:NARRATIVE_LINES]]


def kpi_trend_rows(record: dict, before: dict, lang: str, shown: Callable[[str], bool]) -> list[dict]:
    """SPI, CPI, progress and slip now, at the last committee, and the trend arrow; only the KPIs ``shown``."""
    code = str(record["project_code"])
    rows = []
    for kpi, label_fr, label_en, formatter in (
            ("spi", "SPI (délais)", "SPI (schedule)", lambda v: format_ratio(v, lang)),
            ("cpi", "CPI (coûts)", "CPI (cost)", lambda v: format_ratio(v, lang)),
            ("percent_complete", "Avancement", "Progress", lambda v: format_percent(v, lang)),
            ("slip_days", "Glissement (jours ouvrés)", "Slip (working days)", lambda v: format_number(v, lang))):
        if not shown(kpi):
            continue
        now, previous = record.get(kpi), before.get((code, kpi))
        rows.append({"kpi": _t(lang, label_fr, label_en), "now": formatter(now),
                     "previous": formatter(previous) if not is_missing(previous) else MISSING,
                     "trend": arrow(now, previous)})
    return rows


def milestone_rows(records: list[dict], status_date: date, lang: str) -> list[dict]:
    """Milestones due and not achieved, slipped, then the next ones, at most :data:`PROJECT_MILESTONES`."""
    def day(value):
        return None if is_missing(value) else pd.Timestamp(value).date()

    due, slipped, upcoming = [], [], []
    for record in records:
        if day(record["actual_finish"]):
            continue
        baseline, forecast = day(record["baseline_finish"]), day(record["forecast_finish"])
        slip = record["slip_days"] if not is_missing(record["slip_days"]) else 0
        if baseline and baseline <= status_date:
            due.append((record, _t(lang, "échu, non atteint", "due, not achieved")))
        elif slip > 0:
            slipped.append((record, _t(lang, "glissé", "slipped")))
        elif forecast and forecast > status_date:
            upcoming.append((record, _t(lang, "prochain", "next")))
    upcoming.sort(key=lambda pair: day(pair[0]["forecast_finish"]))
    chosen = (due + slipped + upcoming)[:PROJECT_MILESTONES]
    return [{"name": format_text(r["milestone_name"]), "state": state,
             "baseline": format_date(r["baseline_finish"], lang), "forecast": format_date(r["forecast_finish"], lang),
             "slip": format_number(r["slip_days"], lang)} for r, state in chosen]


def exception_page(record: dict, snapshot: PortfolioSnapshot, tables: dict, before: dict, lang: str) -> dict:
    """The one-pager of a red or amber project."""
    code, currency = str(record["project_code"]), snapshot.reporting_currency
    narrative = tables["narratives"].get(code, [{}])[0]
    bac, ac = record["bac"], record["ac"]
    risks = risk_rows(tables["risks"].get(code, [])[:PROJECT_RISKS], lang)
    actions = [a for a in tables["actions"].get(code, []) if bool(a.get("overdue")) and not is_missing(a.get("overdue"))]
    actions.sort(key=lambda a: -(a["days_overdue"] or 0))
    requests = [decision_case(d, lang, currency) for d in tables["requests"].get(code, [])]
    problem = data_problem_text(record, lang)
    warnings = [problem] if problem else []
    incomplete = sum(1 for r in requests if r["incomplete"])
    if incomplete:
        warnings.append(_t(lang, f"{count_text(incomplete, 'demande de décision incomplète', 'demandes de décision incomplètes', lang)}"
                                 " : problème de données du projet.",
                           f"{count_text(incomplete, 'incomplete decision request', 'incomplete decision requests', lang)}"
                           ": a data problem of the project."))
    rag_fill = RAG_FILLS[_rag(record["rag_overall"])]
    return {
        "code": code, "name": format_text(record["project_name"]), "manager": format_text(record["project_manager"]),
        "sponsor": format_text(record["sponsor"]), "phase": _phase_label(record["phase"], lang),
        "rag": [{"overall": _rag_text(record["rag_overall"], lang), "overall_fill": rag_fill,
                 "schedule": _rag_text(record["rag_schedule"], lang), "schedule_fill": RAG_FILLS[_rag(record["rag_schedule"])],
                 "cost": _rag_text(record["rag_cost"], lang), "cost_fill": RAG_FILLS[_rag(record["rag_cost"])],
                 "scope": _rag_text(record["rag_scope"], lang), "scope_fill": RAG_FILLS[_rag(record["rag_scope"])],
                 "risk": _rag_text(record["rag_risk"], lang), "risk_fill": RAG_FILLS[_rag(record["rag_risk"])]}],
        "warnings": warnings,
        "achievements": narrative_lines(narrative.get("achievements")) or [TO_COMPLETE[lang]],
        "next_steps": narrative_lines(narrative.get("next_steps")) or [TO_COMPLETE[lang]],
        "help_needed": format_text(narrative.get("help_needed")) if narrative.get("help_needed") else TO_COMPLETE[lang],
        "kpis": kpi_trend_rows(record, before, lang, snapshot.kpi_shown),
        "milestones": milestone_rows(tables["milestones"].get(code, []), snapshot.status_date, lang),
        "budget": {"bac": format_amount(bac, currency, lang), "ac": format_amount(ac, currency, lang),
                    "eac": format_amount(record["eac"], currency, lang), "vac": format_amount(record["vac"], currency, lang),
                    "consumed": format_percent(ac / bac if not is_missing(bac) and bac and not is_missing(ac) else None, lang)},
        "risks": risks,
        "actions": [{"id": format_text(a["action_id"]), "title": format_text(a["title"]), "owner": format_text(a["owner"]),
                     "due_date": format_date(a["due_date"], lang), "late": format_number(a["days_overdue"], lang)}
                    for a in actions[:PROJECT_ACTIONS]],
        "decisions": requests,
    }


def _phase_label(value: object, lang: str) -> str:
    from pmo_xl.model.enums import Phase

    member = None if is_missing(value) else parse_enum(Phase, value)
    return label(member, lang) if member else format_text(value)


def _rag_text(value: object, lang: str) -> str:
    rag = _rag(value)
    return label(rag, lang) if rag else MISSING


def _grouped(frame: pd.DataFrame) -> dict[str, list[dict]]:
    from pmo_xl.reports.context import _by_project

    return _by_project(frame)


# ---------------------------------------------------------------------------
# finance annex


def finance_rows(totals: pd.DataFrame, lang: str, currency: str) -> list[dict]:
    """Portfolio CAPEX/OPEX per fiscal year, with a total line per year."""
    rows = []
    for year, group in totals.groupby("fiscal_year", sort=True):
        for record in group.to_dict("records") + [dict(group.sum(numeric_only=True), category=_t(lang, "Total", "Total"))]:
            rows.append({"year": str(year), "category": str(record["category"]),
                         "approved": format_amount(record["approved"], currency, lang),
                         "actual": format_amount(record["actual_to_date"], currency, lang),
                         "to_complete": format_amount(record["forecast_to_complete"], currency, lang),
                         "landing": format_amount(record["estimate_at_completion"], currency, lang),
                         "variance": format_amount(record["variance"], currency, lang),
                         "fill": RAG_FILLS[Rag.RED] if (record["variance"] or 0) < 0 else RAG_FILLS[None]})
    return rows


def current_fiscal_year(finance: pd.DataFrame, status_date: date) -> str | None:
    """The fiscal year of the status date, when the finance table has it."""
    if finance.empty:
        return None
    years = sorted(finance["fiscal_year"].astype(str).unique())
    calendar = str(status_date.year)
    matching = [y for y in years if y == calendar or y.startswith(calendar + "-")
                or y.startswith(f"{status_date.year - 1}-")]
    return matching[0] if matching else years[-1]


def green_rows(records: list[dict], lang: str, currency: str) -> list[dict]:
    """The projects without alert as table rows; ``data`` marks those whose data the integrity gate found incomplete."""
    return [{"code": format_text(r["project_code"]), "name": format_text(r["project_name"]),
             "data": _t(lang, "⚠ incomplètes", "⚠ incomplete") if data_problem_text(r, lang) else "",
             "manager": format_text(r["project_manager"]), "spi": format_ratio(r["spi"], lang),
             "cpi": format_ratio(r["cpi"], lang), "progress": format_percent(r["percent_complete"], lang),
             "finish": format_date(r["forecast_finish"], lang), "bac": format_amount(r["bac"], currency, lang)}
            for r in records]


# ---------------------------------------------------------------------------
# the whole set


def copil_sections(snapshot: PortfolioSnapshot, scope: pd.DataFrame, period_code: str, committee: Committee,
                   lang: str) -> dict:
    """The exception-first sections of a COPIL pack (see the module docstring)."""
    currency = snapshot.reporting_currency
    codes = set(scope["project_code"].astype(str))
    previous = previous_period_code(snapshot.kpi_history, period_code)
    before = previous_values(snapshot.kpi_history, previous)
    records = sorted(scope.to_dict("records"), key=severity_rank)
    exceptions = [r for r in records if _rag(r["rag_overall"]) in EXCEPTION_RAGS]
    others = [r for r in records if _rag(r["rag_overall"]) not in EXCEPTION_RAGS]
    requests = committee_requests(snapshot, codes, committee)
    finance = snapshot.finance[snapshot.finance["project_code"].astype(str).isin(codes)] \
        if not snapshot.finance.empty else snapshot.finance
    totals = fiscal_year_totals(finance)
    year = current_fiscal_year(finance, snapshot.status_date)
    tables = {"narratives": _grouped(snapshot.narratives), "milestones": _grouped(snapshot.milestones),
              "actions": _grouped(snapshot.actions), "requests": _grouped(requests),
              "risks": _grouped(open_risks_worst_first(snapshot.risks))}
    return {
        "previous_period": previous or MISSING,
        "weather": weather_rows(scope, before, lang),
        "messages": key_messages(scope, snapshot, requests, lang, year, totals),
        "decisions_today": [decision_case(d, lang, currency) for d in requests.head(DECISIONS_ON_PAGE_ONE).to_dict("records")],
        "decisions_all": [decision_case(d, lang, currency) for d in requests.to_dict("records")],
        "decisions_more": _t(lang, f"… et {count_text(len(requests) - DECISIONS_ON_PAGE_ONE, 'autre demande', 'autres demandes', lang)}, "
                                   "dans les fiches projets.",
                             f"… and {count_text(len(requests) - DECISIONS_ON_PAGE_ONE, 'other request', 'other requests', lang)}, "
                             "in the project pages.") if len(requests) > DECISIONS_ON_PAGE_ONE else "",
        "top_risks": top_risk_rows(snapshot.risks, codes, lang, TOP_RISKS),
        "exceptions": [exception_page(r, snapshot, tables, before, lang) for r in exceptions],
        "green_projects": green_rows(others[:GREEN_TABLE_ROWS], lang, currency),
        "green_intro": _t(lang, f"{count_text(len(others), 'projet', 'projets', lang)} sans alerte, par ordre de sévérité.",
                          f"{count_text(len(others), 'project', 'projects', lang)} without alert, by severity."),
        "finance_year": year or MISSING,
        "finance": finance_rows(totals, lang, currency),
        "finance_projects": _finance_by_project(finance, year, lang, currency),
    }


def _finance_by_project(finance: pd.DataFrame, year: str | None, lang: str, currency: str) -> list[dict]:
    if finance.empty or year is None:
        return []
    current = finance[finance["fiscal_year"].astype(str) == year]
    by_project = current.groupby("project_code", as_index=False, sort=True)[
        ["approved", "actual_to_date", "forecast_to_complete", "estimate_at_completion", "variance"]].sum(min_count=1)
    by_project = by_project.sort_values("variance", kind="stable").head(ANNEX_ROWS)
    return [{"code": str(r["project_code"]), "approved": format_amount(r["approved"], currency, lang),
             "actual": format_amount(r["actual_to_date"], currency, lang),
             "to_complete": format_amount(r["forecast_to_complete"], currency, lang),
             "landing": format_amount(r["estimate_at_completion"], currency, lang),
             "variance": format_amount(r["variance"], currency, lang),
             "fill": RAG_FILLS[Rag.RED] if (r["variance"] if not np.isnan(r["variance"]) else 0) < 0 else RAG_FILLS[None]}
            for r in by_project.to_dict("records")]
