"""Labels of the DCMA 14-point schedule assessment (:mod:`pmo_xl.engine.dcma`), in French and English."""

from __future__ import annotations

#: check code -> (French label, English label)
CHECK_LABELS: dict[str, tuple[str, str]] = {
    "logic": ("Logique (prédécesseur et successeur)", "Logic (predecessor and successor)"),
    "leads": ("Avances (décalages négatifs)", "Leads (negative lags)"),
    "lags": ("Décalages positifs", "Lags"),
    "relationship_types": ("Types de liens (part de FD)", "Relationship types (share of FS)"),
    "hard_constraints": ("Contraintes impératives", "Hard constraints"),
    "high_float": ("Marges élevées (> 44 j)", "High float (> 44 days)"),
    "negative_float": ("Marges négatives", "Negative float"),
    "high_duration": ("Durées élevées (> 44 j)", "High duration (> 44 days)"),
    "invalid_dates": ("Dates invalides", "Invalid dates"),
    "resources": ("Ressources affectées", "Resources"),
    "missed_tasks": ("Tâches manquées", "Missed tasks"),
    "critical_path_test": ("Test du chemin critique", "Critical path test"),
    "cpli": ("Indice de longueur du chemin critique (CPLI)", "Critical path length index (CPLI)"),
    "bei": ("Indice d'exécution de la référence (BEI)", "Baseline execution index (BEI)"),
}

#: check code -> (French, English) short name, for the columns of a heat map
CHECK_SHORT_LABELS: dict[str, tuple[str, str]] = {
    "logic": ("Logique", "Logic"),
    "leads": ("Avances", "Leads"),
    "lags": ("Décalages", "Lags"),
    "relationship_types": ("Types de liens", "Relationship types"),
    "hard_constraints": ("Contraintes impératives", "Hard constraints"),
    "high_float": ("Marges élevées", "High float"),
    "negative_float": ("Marges négatives", "Negative float"),
    "high_duration": ("Durées élevées", "High duration"),
    "invalid_dates": ("Dates invalides", "Invalid dates"),
    "resources": ("Ressources", "Resources"),
    "missed_tasks": ("Tâches manquées", "Missed tasks"),
    "critical_path_test": ("Test du chemin critique", "Critical path test"),
    "cpli": ("CPLI", "CPLI"),
    "bei": ("BEI", "BEI"),
}

OUTCOME_LABELS = {
    True: ("conforme", "pass"),
    False: ("non conforme", "fail"),
    None: ("sans objet", "not applicable"),
}

#: The name of the per-project figure in the portfolio.
QUALITY_LABEL = ("Qualité du planning", "Schedule quality")

COMPARISON_SIGNS = {"at_most_ratio": "≤", "at_most_count": "≤", "at_least_ratio": "≥"}

#: Checks whose value is an index (shown as a number), not a share (shown in %).
INDEX_CHECKS = ("cpli", "bei")


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "fr" else pair[1]


def _number(value: float, lang: str, digits: int) -> str:
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value:.0f}"
    return text.replace(".", ",") if lang == "fr" else text


def check_label(code: str, lang: str = "fr") -> str:
    """The label of check ``code`` in ``lang``."""
    return _pick(CHECK_LABELS[code], lang)


def check_short_label(code: str, lang: str = "fr") -> str:
    """The short name of check ``code`` in ``lang`` ("Logique", "Hard constraints")."""
    return _pick(CHECK_SHORT_LABELS[code], lang)


def outcome_label(passed: bool | None, lang: str = "fr") -> str:
    """"conforme" / "non conforme" / "sans objet" (pass / fail / not applicable)."""
    return _pick(OUTCOME_LABELS[passed], lang)


def value_text(code: str, comparison: str, value: float | None, lang: str = "fr") -> str:
    """A check's ratio or threshold as a user reads it: "5 %", "0", "0,95"; "" for no value."""
    if value is None:
        return ""
    if code in INDEX_CHECKS:
        return _number(value, lang, 2)
    if comparison == "at_most_count":
        return _number(value, lang, 0)
    return _number(value * 100, lang, 1) + " %"


def threshold_text(code: str, comparison: str, threshold: float, lang: str = "fr") -> str:
    """The threshold with its sign: "≤ 5 %", "≤ 0", "≥ 0,95"."""
    return f"{COMPARISON_SIGNS[comparison]} {value_text(code, comparison, threshold, lang)}"


def ratio_text(code: str, ratio: float | None, lang: str = "fr") -> str:
    """A check's ratio: an index for CPLI and BEI ("0,95"), a share otherwise ("4,1 %"); "" for none."""
    if ratio is None:
        return ""
    return _number(ratio, lang, 2) if code in INDEX_CHECKS else _number(ratio * 100, lang, 1) + " %"
