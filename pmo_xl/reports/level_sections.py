"""The sections COPROJ and TECH packs share: resources, methodology compliance, schedule quality and risk,
agile progress.

Every figure is read from the snapshot (``team_load``, ``resources``,
``compliance``, ``schedule_quality``, ``schedule_risk``, ``sprints``); this module only chooses
the rows in scope and writes them in the pack's language.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from pmo_xl.model.enums import Methodology, parse_enum
from pmo_xl.model.portfolio import PortfolioSnapshot
from pmo_xl.reports.charts import month_label
from pmo_xl.reports.formatting import MISSING, format_date, format_number, format_percent, format_text, is_missing
from pmo_xl.reports.snapshot_words import check_en, detail_en

OVER_FILL = "FFC7CE"
PLAIN_FILL = "FFFFFF"
WINDOW_MONTHS = 3
SPRINTS_SHOWN = 6
OVER_ALLOCATIONS_SHOWN = 20


def _t(lang: str, fr: str, en: str) -> str:
    return fr if lang == "fr" else en


def window_months(period_end: date, count: int = WINDOW_MONTHS) -> list[pd.Timestamp]:
    """The month of ``period_end`` and the ``count - 1`` following ones (first days)."""
    first = pd.Timestamp(period_end.year, period_end.month, 1)
    return [first + pd.DateOffset(months=i) for i in range(count)]


def _mentions(text: object, codes: set[str]) -> bool:
    return not is_missing(text) and any(part.strip() in codes for part in str(text).split(","))


def team_rows(snapshot: PortfolioSnapshot, codes: set[str], period_end: date, whole: bool, lang: str) -> list[dict]:
    teams = snapshot.team_load
    if teams.empty:
        return []
    months = window_months(period_end)
    shown = teams[pd.to_datetime(teams["month"]).isin(months)]
    if not whole:
        resources = snapshot.resources
        involved = set(resources.loc[resources["projects"].map(lambda t: _mentions(t, codes)), "department"].dropna())
        shown = shown[shown["department"].isin(involved)]
    return [{"team": format_text(r["department"]), "month": month_label(pd.Timestamp(r["month"]).date(), lang),
             "capacity": format_number(r["capacity_days"], lang, 1), "load": format_number(r["load_days"], lang, 1),
             "percent": format_percent(r["load_percent"], lang), "fill": OVER_FILL if r["over_allocated"] else PLAIN_FILL,
             "projects": format_text(r["projects"])} for r in shown.to_dict("records")]


def over_allocation_rows(snapshot: PortfolioSnapshot, codes: set[str], period_end: date, lang: str) -> list[dict]:
    resources = snapshot.resources
    if resources.empty:
        return []
    months = window_months(period_end)
    over = resources[resources["over_allocated"].fillna(False).astype(bool)
                     & pd.to_datetime(resources["month"]).isin(months)
                     & resources["projects"].map(lambda t: _mentions(t, codes))]
    over = over.sort_values(["month", "load_percent"], ascending=[True, False], kind="stable")
    return [{"resource": format_text(r["resource_name"]), "team": format_text(r["department"]),
             "month": month_label(pd.Timestamp(r["month"]).date(), lang), "percent": format_percent(r["load_percent"], lang),
             "projects": format_text(r["projects"])} for r in over.head(OVER_ALLOCATIONS_SHOWN).to_dict("records")]


def compliance_rows(snapshot: PortfolioSnapshot, codes: set[str], lang: str) -> list[dict]:
    checks = snapshot.compliance
    if checks.empty:
        return []
    missing = checks[(checks["status"].astype(str) == "missing") & checks["project_code"].astype(str).isin(codes)]
    english = lang != "fr"
    return [{"project": format_text(r["project_code"]), "methodology": _methodology_label(r["methodology"], lang),
             "check": format_text(check_en(r["check_code"], r["check_label"]) if english else r["check_label"]),
             "detail": format_text(detail_en(r["detail"]) if english else r["detail"])}
            for r in missing.to_dict("records")]


def _methodology_label(value: object, lang: str) -> str:
    from pmo_xl.model.enums import label

    member = None if is_missing(value) else parse_enum(Methodology, value)
    return label(member, lang) if member else format_text(value)


def compliance_summary(snapshot: PortfolioSnapshot, codes: set[str], lang: str) -> str:
    from pmo_xl.reports.formatting import count_text

    checks = snapshot.compliance
    scoped = checks[checks["project_code"].astype(str).isin(codes)] if not checks.empty else checks
    applicable = scoped[scoped["status"].astype(str) != "n/a"] if not scoped.empty else scoped
    met = int((applicable["status"].astype(str) == "ok").sum()) if not applicable.empty else 0
    return _t(lang, f"{count_text(met, 'point de contrôle respecté', 'points de contrôle respectés', lang)} sur "
                    f"{count_text(len(applicable), 'applicable', 'applicables', lang)} (jalons de phase du cycle en V, "
                    "cérémonies et artefacts agiles).",
              f"{count_text(met, 'check', 'checks', lang)} met out of {len(applicable)} applicable "
              "(stage gates of the classic cycle, agile ceremonies and artefacts).")


#: The key of the schedule-quality heat map among a pack's charts, and how many projects it draws at most.
QUALITY_CHART = "schedule_quality"
RISK_CHART = "schedule_risk"
HEATMAP_PROJECTS = 40


def _quality_outcomes(snapshot: PortfolioSnapshot, codes: set[str]) -> dict[str, list[bool | None]]:
    """Each project's fourteen outcomes (True pass, False fail, None not applicable), in DCMA order."""
    checks = snapshot.schedule_quality
    if checks.empty:
        return {}
    scoped = checks[checks["project_code"].astype(str).isin(codes)].sort_values(["project_code", "number"], kind="stable")
    return {str(code): [None if is_missing(v) else bool(v) for v in group["passed"]]
            for code, group in scoped.groupby("project_code", sort=True)}


def _quality_order(snapshot: PortfolioSnapshot, codes: set[str]) -> list[dict]:
    """The heat-map rows in scope, lowest schedule quality first."""
    heat = snapshot.schedule_quality_map
    rows = [r for r in heat.to_dict("records") if str(r["project_code"]) in codes] if not heat.empty else []
    return sorted(rows, key=lambda r: (2.0 if is_missing(r["schedule_quality"]) else r["schedule_quality"],
                                       str(r["project_code"])))


def schedule_quality_rows(snapshot: PortfolioSnapshot, codes: set[str], lang: str) -> list[dict]:
    """One row per project in scope, lowest schedule quality first: its figure and the checks that fail."""
    from pmo_xl.engine.dcma import CHECK_CODES
    from pmo_xl.texts.schedule_quality import check_short_label

    outcomes = _quality_outcomes(snapshot, codes)
    rows = []
    for r in _quality_order(snapshot, codes):
        code = str(r["project_code"])
        failed = [check_short_label(c, lang) for c, o in zip(CHECK_CODES, outcomes.get(code, [])) if o is False]
        rows.append({"project": code, "name": format_text(r["project_name"]),
                     "quality": format_percent(r["schedule_quality"], lang),
                     "failed": ", ".join(failed) or _t(lang, "aucun", "none")})
    return rows


def schedule_quality_summary(snapshot: PortfolioSnapshot, codes: set[str], lang: str) -> str:
    """How many projects pass every applicable check, and the checks that fail most often."""
    from collections import Counter

    from pmo_xl.engine.dcma import CHECK_CODES
    from pmo_xl.reports.formatting import count_text
    from pmo_xl.texts.schedule_quality import check_short_label

    outcomes = _quality_outcomes(snapshot, codes)
    if not outcomes:
        return _t(lang, "Aucun planning évalué dans le périmètre.", "No plan assessed in scope.")
    clean = sum(1 for row in outcomes.values() if False not in row)
    failures = Counter(c for row in outcomes.values() for c, o in zip(CHECK_CODES, row) if o is False)
    worst = ", ".join(f"{check_short_label(c, lang)} ({count_text(n, _t(lang, 'projet', 'project'), _t(lang, 'projets', 'projects'), lang)})"
                      for c, n in failures.most_common(3))
    text = _t(lang, f"Projets dont tous les contrôles applicables sont conformes : {clean} sur {len(outcomes)}.",
              f"Projects whose applicable checks all pass: {clean} of {len(outcomes)}.")
    if worst:
        text += _t(lang, f" Contrôles le plus souvent non conformes : {worst}.", f" Checks failed most often: {worst}.")
    return text


def quality_heatmap_chart(snapshot: PortfolioSnapshot, codes: set[str], lang: str):
    """The heat map of the projects in scope × the fourteen checks (the lowest-quality ones when there are many)."""
    from pmo_xl.engine.dcma import CHECK_CODES
    from pmo_xl.reports.charts import schedule_quality_heatmap
    from pmo_xl.texts.schedule_quality import check_short_label

    outcomes = _quality_outcomes(snapshot, codes)
    ordered = [str(r["project_code"]) for r in _quality_order(snapshot, codes) if str(r["project_code"]) in outcomes]
    if not ordered:
        return None
    shown = ordered[:HEATMAP_PROJECTS]
    return schedule_quality_heatmap(shown, [outcomes[c] for c in shown], [check_short_label(c, lang) for c in CHECK_CODES],
                                    lang, left_out=len(ordered) - len(shown))


def _risk_order(snapshot: PortfolioSnapshot, codes: set[str]) -> list[dict]:
    """The schedule-risk rows in scope, least likely to meet the baseline finish first."""
    risk = snapshot.schedule_risk
    rows = [r for r in risk.to_dict("records") if str(r["project_code"]) in codes] if not risk.empty else []
    return sorted(rows, key=lambda r: (2.0 if is_missing(r["probability_on_baseline"]) else r["probability_on_baseline"],
                                       str(r["project_code"])))


def schedule_risk_rows(snapshot: PortfolioSnapshot, codes: set[str], lang: str) -> list[dict]:
    """One row per project in scope, least likely first: baseline finish, P50 and P80 finish, probability."""
    return [{"project": str(r["project_code"]), "name": format_text(r["project_name"]),
             "baseline": format_date(r["baseline_finish"], lang), "p50": format_date(r["finish_p50"], lang),
             "p80": format_date(r["finish_p80"], lang), "probability": format_percent(r["probability_on_baseline"], lang)}
            for r in _risk_order(snapshot, codes)]


def schedule_risk_summary(snapshot: PortfolioSnapshot, codes: set[str], lang: str) -> str:
    """How the analysis ran and how many projects have an even chance or less of meeting their baseline finish."""
    from pmo_xl.reports.formatting import count_text

    rows = _risk_order(snapshot, codes)
    if not rows:
        return _t(lang, "Aucun planning analysé dans le périmètre.", "No plan analysed in scope.")
    iterations = format_number(rows[0]["iterations"], lang)
    unlikely = sum(1 for r in rows if not is_missing(r["probability_on_baseline"]) and r["probability_on_baseline"] <= 0.5)
    return _t(lang, f"{iterations} tirages par projet, durées à trois points et risques du registre. Projets ayant au "
                    f"plus une chance sur deux de tenir leur fin de référence : {unlikely} sur {len(rows)}.",
              f"{iterations} draws per project, three-point durations and the register's risks. Projects with at most "
              f"an even chance of meeting their baseline finish: {unlikely} of {len(rows)}.")


def schedule_risk_chart(snapshot: PortfolioSnapshot, codes: set[str], lang: str):
    """The probability of meeting the baseline finish of the projects in scope (the least likely when many)."""
    from pmo_xl.reports.charts import schedule_risk_bars

    rows = _risk_order(snapshot, codes)[:HEATMAP_PROJECTS]
    if not rows:
        return None
    return schedule_risk_bars([str(r["project_code"]) for r in rows],
                              [None if is_missing(r["probability_on_baseline"]) else r["probability_on_baseline"] for r in rows],
                              [format_date(r["finish_p50"], lang) for r in rows],
                              [format_date(r["finish_p80"], lang) for r in rows], lang)


#: The pack's own list of each chart that its section places (the others stay in ``charts``).
SECTION_CHARTS = {QUALITY_CHART: "quality_charts", RISK_CHART: "risk_charts"}


def split_quality_charts(values: dict) -> None:
    """Move the schedule-quality heat map and the schedule-risk chart from the pack's ``charts`` to the lists
    their sections place (``quality_charts``, ``risk_charts``)."""
    charts = values.get("charts", [])
    for key, name in SECTION_CHARTS.items():
        values[name] = [c for c in charts if c["key"] == key]
    values["charts"] = [c for c in charts if c["key"] not in SECTION_CHARTS]


def agile_rows(snapshot: PortfolioSnapshot, scope: pd.DataFrame, lang: str) -> list[dict]:
    sprints = snapshot.sprints
    if sprints.empty:
        return []
    agile = {str(r["project_code"]) for r in scope.to_dict("records")
             if not is_missing(r["methodology"]) and parse_enum(Methodology, r["methodology"]) is not Methodology.CLASSIC}
    rows = []
    for code, group in sprints[sprints["project_code"].astype(str).isin(agile)].groupby("project_code", sort=True):
        for r in group.sort_values("start").tail(SPRINTS_SHOWN).to_dict("records"):
            rows.append({"project": str(code), "sprint": format_text(r["sprint"]), "finish": format_date(r["finish"], lang),
                         "committed": format_number(r["committed_points"], lang),
                         "completed": format_number(r["completed_points"], lang),
                         "velocity": format_number(r["velocity_mean_3"], lang, 1),
                         "burnup": format_number(r["cumulative_completed"], lang),
                         "remaining": format_number(r["remaining_points"], lang)})
    return rows


def level_sections(snapshot: PortfolioSnapshot, scope: pd.DataFrame, period_end: date, whole: bool, lang: str) -> dict:
    """The ``resources``, ``over_allocations``, ``compliance``, ``schedule_quality``, ``schedule_risk`` and
    ``agile`` sections of a COPROJ or TECH pack."""
    codes = set(scope["project_code"].astype(str))
    return {"team_load": team_rows(snapshot, codes, period_end, whole, lang),
            "over_allocations": over_allocation_rows(snapshot, codes, period_end, lang),
            "compliance_gaps": compliance_rows(snapshot, codes, lang),
            "compliance_summary": compliance_summary(snapshot, codes, lang),
            "schedule_quality": schedule_quality_rows(snapshot, codes, lang),
            "schedule_quality_summary": schedule_quality_summary(snapshot, codes, lang),
            "schedule_risk": schedule_risk_rows(snapshot, codes, lang),
            "schedule_risk_summary": schedule_risk_summary(snapshot, codes, lang),
            "agile": agile_rows(snapshot, scope, lang)}
