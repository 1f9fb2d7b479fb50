"""Deviation alerts with proposed corrective actions.

An alert is raised for every RAG dimension rated amber or red by the engine,
for every overdue action, for stale workbook data, for a self-assessed RAG
more optimistic than the computed one, for a dependent project impacted by a
supplier's slip and for over-allocated resources.

Schedule, cost, scope, risk and overdue actions carry the corrective actions
the engine computed from the project's plan (:mod:`pmo_xl.engine.deviations`):
one row per dimension with every amber or red measure in ``message``, the
actions best first (one per line) in ``corrective_action``, what drives the
deviation in ``cause``, the working days recovered by the best schedule
what-if in ``days_recovered`` and the tasks concerned in ``action_tasks``.
The other alerts, and a dimension the engine could not explain (its deviations
were not computed, or the project alone is on track while the portfolio
schedule makes it late through another project), take a corrective action
from a fixed catalogue (:data:`CORRECTIVE_ACTIONS`).  Over-allocation gives
one alert per resource (its number of over-allocated months and its peak
month).  Numbers inside texts are written the French way ("0,75").
"""

from __future__ import annotations

import math

import pandas as pd

from pmo_xl.engine.deviations import DeviationAlert
from pmo_xl.engine.rag import DIMENSION_LABELS, DimensionRag, Measure
from pmo_xl.model import Rag

from .project_results import ProjectResult
from pmo_xl.model.portfolio import TABLES_BY_KEY, conform

#: The catalogue's corrective action of each measure or alert kind: (French, English).
CORRECTIVE_ACTIONS = {
    "spi": ("Revoir le planning avec l'équipe : re-séquencer, paralléliser ou renforcer les tâches critiques.",
            "Review the plan with the team: re-sequence, run in parallel or reinforce the critical tasks."),
    "spi_t": ("Analyser le chemin critique et arbitrer le périmètre ou la date de fin en COPROJ.",
              "Analyse the critical path and have the project committee decide between scope and finish date."),
    "milestone_slip_days": ("Présenter un plan de rattrapage du jalon et, si nécessaire, une demande de "
                            "re-planification en COPIL.",
                            "Present a recovery plan for the milestone and, if needed, a re-plan request to the "
                            "steering committee."),
    "cpi": ("Analyser les écarts de coûts par lot, renégocier les prestations externes, geler les dépenses non "
            "critiques.",
            "Analyse the cost variances by work package, renegotiate external services, freeze non-critical "
            "spending."),
    "budget_variance_percent": ("Réconcilier le réel avec le prévisionnel et corriger l'atterrissage ; alerter le "
                                "contrôle de gestion.",
                                "Reconcile actuals with the forecast and correct the outturn; alert financial "
                                "control."),
    "forecast_overrun_percent": ("Préparer une demande de budget complémentaire ou une réduction de périmètre pour "
                                 "le COPIL.",
                                 "Prepare a request for additional budget or a scope reduction for the steering "
                                 "committee."),
    "scope_items": ("Traiter les problèmes majeurs et faire arbitrer les demandes de changement en attente.",
                    "Resolve the major issues and have the pending change requests decided."),
    "max_risk_score": ("Renforcer le plan de réponse du risque principal et nommer un responsable de l'action.",
                       "Strengthen the response plan of the main risk and name an owner for the action."),
    "critical_risks": ("Escalader les risques critiques au COPIL avec un plan de réponse daté.",
                       "Escalate the critical risks to the steering committee with a dated response plan."),
    "stale": ("Demander au chef de projet la mise à jour du classeur avant le prochain comité.",
              "Ask the project manager to update the workbook before the next committee."),
    "declaration": ("Aligner la météo déclarée sur les indicateurs ou justifier l'écart en comité.",
                    "Align the declared status with the indicators or justify the difference in committee."),
    "dependency": ("Coordonner les chefs de projet concernés et re-planifier les tâches dépendantes.",
                   "Coordinate the project managers concerned and re-plan the dependent tasks."),
    "over_allocation": ("Lisser la charge : décaler des tâches non critiques ou renforcer l'équipe.",
                        "Level the load: move non-critical tasks or reinforce the team."),
}
#: Labels of the alert dimensions that are not RAG dimensions: (French, English).
OTHER_DIMENSIONS = {"data": ("Données", "Data"), "dependencies": ("Dépendances", "Dependencies"),
                    "resources": ("Ressources", "Resources"), "actions": ("Actions", "Actions")}


def corrective_action(code: str, lang: str = "fr") -> str | None:
    """The catalogue's corrective action for ``code`` in ``lang``; None when it has none."""
    pair = CORRECTIVE_ACTIONS.get(code)
    return None if pair is None else pair[_index(lang)]


def _index(lang: str) -> int:
    return 0 if lang == "fr" else 1

_SEVERITY = {Rag.RED: "red", Rag.AMBER: "amber"}
_RANK = {Rag.GREEN: 0, Rag.AMBER: 1, Rag.RED: 2}
_ENGINE_DIMENSIONS = ("schedule", "cost", "scope", "risk")


def _threshold_value(band: str) -> float:
    text = band.replace("≥", "").replace("≤", "").replace("<", "").replace(">", "").replace("%", "").strip()
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return math.nan


def alerts_table(results: list[ProjectResult], overview: pd.DataFrame, dependencies: pd.DataFrame,
                 resources: pd.DataFrame, stale_after_days: int, lang: str = "fr") -> pd.DataFrame:
    """The alerts of the portfolio, worst first, worded in ``lang`` (the master's language)."""
    at = _index(lang)
    rows = []
    for result in results:
        if result.rag is None:
            continue
        engine = {a.dimension: a for a in result.deviations or [] if a.dimension in _ENGINE_DIMENSIONS}
        for name, dimension in result.rag.dimensions.items():
            if name in engine and dimension.rag in _SEVERITY:
                rows.append(_engine_row(result.code, name, dimension, engine[name], lang))
                continue
            for measure in dimension.measures:
                if measure.rag not in _SEVERITY:
                    continue
                rows.append({
                    "project_code": result.code,
                    "dimension": DIMENSION_LABELS[name][at],
                    "severity": _SEVERITY[measure.rag],
                    "indicator": measure.name,
                    "value": measure.value,
                    "threshold": _threshold_value(measure.red if measure.rag is Rag.RED else measure.green),
                    "message": _measure_text(measure, lang),
                    "corrective_action": corrective_action(measure.name, lang),
                })
        for alert in result.deviations or []:
            if alert.dimension == "actions":
                rows.append(_action_row(result.code, alert, lang))
        for disagreement in result.rag.disagreements:
            if disagreement.direction != "optimistic":
                continue
            rows.append({
                "project_code": result.code,
                "dimension": DIMENSION_LABELS.get(disagreement.dimension, (disagreement.dimension,) * 2)[at],
                "severity": "amber",
                "indicator": "declaration",
                "value": math.nan,
                "threshold": math.nan,
                "message": disagreement.describe(lang),
                "corrective_action": corrective_action("declaration", lang),
            })
    for rec in overview.itertuples(index=False):
        if rec.stale:
            rows.append({
                "project_code": rec.project_code, "dimension": OTHER_DIMENSIONS["data"][at], "severity": "amber",
                "indicator": "stale", "value": rec.data_age_days, "threshold": float(stale_after_days),
                "message": _stale_text(rec.data_age_days, lang),
                "corrective_action": corrective_action("stale", lang),
            })
    for rec in dependencies.itertuples(index=False):
        if rec.impacted:
            rows.append({
                "project_code": rec.project_code, "dimension": OTHER_DIMENSIONS["dependencies"][at],
                "severity": "amber", "indicator": "dependency", "value": rec.task_start_slip_days, "threshold": 0.0,
                "message": (f"la tâche {rec.task_id} attend {rec.on_project}:{rec.on_task_id} "
                            f"qui glisse de {_show(rec.on_task_slip_days)} j" if lang == "fr" else
                            f"task {rec.task_id} waits for {rec.on_project}:{rec.on_task_id}, which slips by "
                            f"{_show(rec.on_task_slip_days, lang)} working days"),
                "corrective_action": corrective_action("dependency", lang),
            })
    over = resources[resources["over_allocated"].fillna(False).astype(bool)] if not resources.empty else resources
    for code, group in (over.groupby("resource_code", sort=True) if not over.empty else []):
        peak = group.loc[group["load_percent"].idxmax()]
        projects = sorted({p for text in group["projects"].dropna() for p in str(text).split(", ")})
        rows.append({
            "project_code": ", ".join(projects), "dimension": OTHER_DIMENSIONS["resources"][at],
            "severity": "amber", "indicator": "over_allocation", "value": peak["load_percent"], "threshold": 1.0,
            "message": (f"{peak['resource_name'] or code} surallouée sur {len(group)} mois "
                        f"(pic {peak['load_percent']:.0%} en {pd.Timestamp(peak['month']):%m/%Y})" if lang == "fr" else
                        f"{peak['resource_name'] or code} over-allocated in {len(group)} "
                        f"month{'s' if len(group) > 1 else ''} (peak {peak['load_percent']:.0%} in "
                        f"{pd.Timestamp(peak['month']):%Y-%m})"),
            "corrective_action": corrective_action("over_allocation", lang),
        })
    frame = pd.DataFrame(rows)
    if not frame.empty:
        order = {"red": 0, "amber": 1}
        frame = frame.assign(_o=frame["severity"].map(order)).sort_values(["_o", "project_code"], kind="stable")
    return conform(TABLES_BY_KEY["alerts"], frame)


def _stale_text(age_days, lang: str) -> str:
    if pd.isna(age_days):
        return ("données périmées : classeur sans date d'état" if lang == "fr"
                else "stale data: the workbook has no status date")
    days = int(age_days)
    if lang == "fr":
        return (f"données périmées : date d'état du classeur antérieure de {days} jour{'s' if days > 1 else ''} "
                f"à celle du portefeuille")
    return f"stale data: the workbook's status date is {days} day{'s' if days != 1 else ''} before the portfolio's"


def _measure_text(measure: Measure, lang: str = "fr") -> str:
    """'SPI = 0,82 (rouge : vert si ≥ 0,95)', or 'SPI = 0.82 (red: green if ≥ 0.95)'."""
    if lang == "fr":
        return (f"{measure.label()} = {_show(measure.value)} "
                f"({'rouge' if measure.rag is Rag.RED else 'orange'} : vert si {measure.green.replace('.', ',')})")
    return (f"{measure.label('en')} = {_show(measure.value, 'en')} "
            f"({'red' if measure.rag is Rag.RED else 'amber'}: green if {measure.green.replace(',', '.')})")


def _engine_row(project_code: str, name: str, dimension: DimensionRag, alert: DeviationAlert,
                lang: str = "fr") -> dict:
    """One alert row of a dimension explained by the engine: its amber/red measures, cause and actions."""
    flagged = [m for m in dimension.measures if m.rag in _SEVERITY]
    worst = next((m for m in flagged if m.name == alert.measure and m.rag is dimension.rag), None) \
        or max(flagged, key=lambda m: _RANK[m.rag])
    recovered = [a.days_recovered for a in alert.actions if a.days_recovered is not None]
    task_ids = list(dict.fromkeys(t for a in alert.actions for t in a.task_ids))
    return {
        "project_code": project_code,
        "dimension": DIMENSION_LABELS[name][_index(lang)],
        "severity": _SEVERITY[dimension.rag],
        "indicator": worst.name,
        "value": worst.value,
        "threshold": _threshold_value(worst.red if worst.rag is Rag.RED else worst.green),
        "message": (" ; " if lang == "fr" else "; ").join(_measure_text(m, lang) for m in flagged),
        "corrective_action": "\n".join(a.text for a in alert.actions) or None,
        "cause": alert.cause or None,
        "days_recovered": max(recovered) if recovered else math.nan,
        "action_tasks": ", ".join(task_ids) or None,
    }


def _action_row(project_code: str, alert: DeviationAlert, lang: str = "fr") -> dict:
    """One alert row of an overdue action escalated to the next committee."""
    days = int(alert.value) if alert.value is not None else None
    if days is None:
        message = alert.cause
    elif lang == "fr":
        message = f"{alert.items[0]} en retard de {days} jour{'s' if days > 1 else ''}"
    else:
        message = f"{alert.items[0]} overdue by {days} day{'s' if days != 1 else ''}"
    return {
        "project_code": project_code,
        "dimension": OTHER_DIMENSIONS["actions"][_index(lang)],
        "severity": _SEVERITY[alert.severity],
        "indicator": alert.measure,
        "value": alert.value,
        "threshold": 0.0,
        "message": message,
        "corrective_action": "\n".join(a.text for a in alert.actions) or None,
        "cause": alert.cause or None,
        "days_recovered": math.nan,
        "action_tasks": None,
    }


def _show(value, lang: str = "fr") -> str:
    """A measured value as text: two decimals at most, decimal comma in French, 'n/d' ('n/a') when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/d" if lang == "fr" else "n/a"
    if isinstance(value, float):
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") if lang == "fr" else text
    return str(value)
