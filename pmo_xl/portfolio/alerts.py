"""Deviation alerts with a proposed corrective action.

An alert is raised for every RAG measure rated amber or red by the engine,
for stale workbook data, for a self-assessed RAG more optimistic than the
computed one, for a dependent project impacted by a supplier's slip and for
over-allocated resources.  Each alert carries the measured value,
the threshold it crossed and a corrective action proposed from a fixed
catalogue (:data:`CORRECTIVE_ACTIONS`).  Over-allocation gives one alert per
resource (its number of over-allocated months and its peak month).
"""

from __future__ import annotations

import math

import pandas as pd

from pmo_xl.engine.rag import DIMENSION_LABELS
from pmo_xl.model import Rag

from .project_results import ProjectResult
from .snapshot import TABLES_BY_KEY, conform

CORRECTIVE_ACTIONS = {
    "spi": "Revoir le planning avec l'équipe : re-séquencer, paralléliser ou renforcer les tâches critiques.",
    "spi_t": "Analyser le chemin critique et arbitrer le périmètre ou la date de fin en COPROJ.",
    "milestone_slip_days": "Présenter un plan de rattrapage du jalon et, si nécessaire, une demande de re-planification en COPIL.",
    "cpi": "Analyser les écarts de coûts par lot, renégocier les prestations externes, geler les dépenses non critiques.",
    "budget_variance_percent": "Réconcilier le réel avec le prévisionnel et corriger l'atterrissage ; alerter le contrôle de gestion.",
    "forecast_overrun_percent": "Préparer une demande de budget complémentaire ou une réduction de périmètre pour le COPIL.",
    "scope_items": "Traiter les problèmes majeurs et faire arbitrer les demandes de changement en attente.",
    "max_risk_score": "Renforcer le plan de réponse du risque principal et nommer un responsable de l'action.",
    "critical_risks": "Escalader les risques critiques au COPIL avec un plan de réponse daté.",
    "stale": "Demander au chef de projet la mise à jour du classeur avant le prochain comité.",
    "declaration": "Aligner la météo déclarée sur les indicateurs ou justifier l'écart en comité.",
    "dependency": "Coordonner les chefs de projet concernés et re-planifier les tâches dépendantes.",
    "over_allocation": "Lisser la charge : décaler des tâches non critiques ou renforcer l'équipe.",
}

_SEVERITY = {Rag.RED: "red", Rag.AMBER: "amber"}


def _threshold_value(band: str) -> float:
    text = band.replace("≥", "").replace("≤", "").replace("<", "").replace(">", "").replace("%", "").strip()
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return math.nan


def alerts_table(results: list[ProjectResult], overview: pd.DataFrame, dependencies: pd.DataFrame,
                 resources: pd.DataFrame, stale_after_days: int) -> pd.DataFrame:
    rows = []
    for result in results:
        if result.rag is None:
            continue
        for name, dimension in result.rag.dimensions.items():
            for measure in dimension.measures:
                if measure.rag not in _SEVERITY:
                    continue
                rows.append({
                    "project_code": result.code,
                    "dimension": DIMENSION_LABELS[name][0],
                    "severity": _SEVERITY[measure.rag],
                    "indicator": measure.name,
                    "value": measure.value,
                    "threshold": _threshold_value(measure.red if measure.rag is Rag.RED else measure.green),
                    "message": f"{measure.label()} = {_show(measure.value)} "
                               f"({'rouge' if measure.rag is Rag.RED else 'orange'} : vert si {measure.green})",
                    "corrective_action": CORRECTIVE_ACTIONS.get(measure.name),
                })
        for disagreement in result.rag.disagreements:
            if disagreement.direction != "optimistic":
                continue
            rows.append({
                "project_code": result.code,
                "dimension": DIMENSION_LABELS.get(disagreement.dimension, (disagreement.dimension,))[0],
                "severity": "amber",
                "indicator": "declaration",
                "value": math.nan,
                "threshold": math.nan,
                "message": disagreement.describe("fr"),
                "corrective_action": CORRECTIVE_ACTIONS["declaration"],
            })
    for rec in overview.itertuples(index=False):
        if rec.stale:
            rows.append({
                "project_code": rec.project_code, "dimension": "Données", "severity": "amber",
                "indicator": "stale", "value": rec.data_age_days, "threshold": float(stale_after_days),
                "message": ("classeur sans date d'état" if pd.isna(rec.data_age_days)
                            else f"données vieilles de {int(rec.data_age_days)} jours"),
                "corrective_action": CORRECTIVE_ACTIONS["stale"],
            })
    for rec in dependencies.itertuples(index=False):
        if rec.impacted:
            rows.append({
                "project_code": rec.project_code, "dimension": "Dépendances", "severity": "amber",
                "indicator": "dependency", "value": rec.task_start_slip_days, "threshold": 0.0,
                "message": (f"la tâche {rec.task_id} attend {rec.on_project}:{rec.on_task_id} "
                            f"qui glisse de {_show(rec.on_task_slip_days)} j"),
                "corrective_action": CORRECTIVE_ACTIONS["dependency"],
            })
    over = resources[resources["over_allocated"].fillna(False).astype(bool)] if not resources.empty else resources
    for code, group in (over.groupby("resource_code", sort=True) if not over.empty else []):
        peak = group.loc[group["load_percent"].idxmax()]
        projects = sorted({p for text in group["projects"].dropna() for p in str(text).split(", ")})
        rows.append({
            "project_code": ", ".join(projects), "dimension": "Ressources", "severity": "amber",
            "indicator": "over_allocation", "value": peak["load_percent"], "threshold": 1.0,
            "message": (f"{peak['resource_name'] or code} surallouée sur {len(group)} mois "
                        f"(pic {peak['load_percent']:.0%} en {pd.Timestamp(peak['month']):%m/%Y})"),
            "corrective_action": CORRECTIVE_ACTIONS["over_allocation"],
        })
    frame = pd.DataFrame(rows)
    if not frame.empty:
        order = {"red": 0, "amber": 1}
        frame = frame.assign(_o=frame["severity"].map(order)).sort_values(["_o", "project_code"], kind="stable")
    return conform(TABLES_BY_KEY["alerts"], frame)


def _show(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/d"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)
