"""Words for the risks and decisions of corrective actions (:mod:`pmo_xl.engine.action_rules`), French and English."""

from __future__ import annotations

#: risk code -> (French, English)
RISK_LABELS: dict[str, tuple[str, str]] = {
    "rework": ("reprise des travaux chevauchés si les entrées changent", "rework of the overlapped work if its inputs change"),
    "overtime_quality": ("surcharge de l'équipe et qualité", "team overload and quality"),
    "scope": ("périmètre et engagements", "scope and commitments"),
    "funding": ("financement à trouver", "funding to be found"),
    "credibility": ("crédibilité de la référence", "credibility of the baseline"),
    "efficiency": ("efficience à maintenir", "efficiency to be kept"),
}

#: decision code -> (French, English)
DECISION_LABELS: dict[str, tuple[str, str]] = {
    "approve_overlap": ("accepter le chevauchement", "accept the overlap"),
    "approve_extra_resources": ("accorder le renfort et son coût", "grant the extra staff and its cost"),
    "approve_replan": ("arbitrer la replanification", "decide the re-plan"),
    "approve_budget_top_up": ("accorder la rallonge budgétaire", "grant the budget top-up"),
    "approve_rebaseline": ("approuver la nouvelle référence (budget et planning)", "approve the new baseline (budget and plan)"),
    "confirm_cost_plan": ("valider le plan de maîtrise des coûts", "confirm the cost plan"),
}


def risk_label(code: str, lang: str = "fr") -> str:
    pair = RISK_LABELS[code]
    return pair[0] if lang == "fr" else pair[1]


def decision_label(code: str, lang: str = "fr") -> str:
    pair = DECISION_LABELS[code]
    return pair[0] if lang == "fr" else pair[1]
