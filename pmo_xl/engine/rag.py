"""Variance and RAG: rate a project green/amber/red on four dimensions.

Dimensions and their measures (defaults of :class:`RagThresholds`; see
``docs/kpi_rag.md`` for the full table):

``schedule``
    SPI and SPI(t) (green ≥ 0.95, amber ≥ 0.90, red below) and the largest
    milestone slip in working days (green ≤ 10, amber ≤ 20, red above).
``cost``
    CPI (same index bands), budget variance to date
    (actual − planned) / planned and forecast overrun (EAC − BAC) / BAC, in %
    (green ≤ 5 %, amber ≤ 10 %, red above).
``scope``
    scope and quality: open issues of severity ≥ 4 plus change decisions still
    proposed after their due date (green 0, amber 1–2, red ≥ 3).
``risk``
    the largest probability × impact score of open risks (green < 10, amber
    10–19, red ≥ 20) and the number of critical open risks, score ≥ 15
    (red from 2).

A measure that cannot be computed (an undefined index) is not rated; a
dimension takes the worst of its rated measures and is unrated when none is.
The overall RAG is the worst rated dimension, or with
``overall_rule="weighted"`` the weighted mean of the dimension scores
(green 0, amber 1, red 2) rounded to bands: below 0.5 green, below 1.5 amber,
else red.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Callable, Mapping

from pmo_xl.engine.budget import BudgetPosition
from pmo_xl.engine.evm import EarnedValue
from pmo_xl.model import DecisionStatus, ItemStatus, ProjectData, Rag, StatusReport, label

DIMENSIONS = ("schedule", "cost", "scope", "risk")

DIMENSION_LABELS = {
    "schedule": ("Délais", "Schedule"),
    "cost": ("Coûts", "Cost"),
    "scope": ("Périmètre et qualité", "Scope and quality"),
    "risk": ("Risques", "Risk"),
    "overall": ("Global", "Overall"),
}

MEASURE_LABELS = {
    "spi": ("SPI", "SPI"),
    "spi_t": ("SPI(t)", "SPI(t)"),
    "milestone_slip_days": ("glissement jalon (j ouvrés)", "milestone slip (working days)"),
    "cpi": ("CPI", "CPI"),
    "budget_variance_percent": ("écart budgétaire à date (%)", "budget variance to date (%)"),
    "forecast_overrun_percent": ("dépassement prévu à terminaison (%)", "forecast overrun at completion (%)"),
    "open_high_issues": ("problèmes ouverts de gravité élevée", "open high-severity issues"),
    "overdue_change_decisions": ("décisions de changement en retard", "overdue change decisions"),
    "scope_items": ("points périmètre/qualité", "scope and quality items"),
    "max_risk_score": ("score de risque maximal (P×I)", "highest risk score (P×I)"),
    "critical_risks": ("risques critiques ouverts", "open critical risks"),
}

_SCORE = {Rag.GREEN: 0, Rag.AMBER: 1, Rag.RED: 2}
_OPEN = (ItemStatus.OPEN, ItemStatus.IN_PROGRESS)


@dataclass
class RagThresholds:
    """Where green ends and red starts, for every measure.

    Indices: green when ≥ ``index_green``, amber when ≥ ``index_amber``, red
    below.  Slips (working days) and percentages: green when ≤ the ``*_green``
    value, amber when ≤ the ``*_amber`` value, red above.  Counts: amber from
    ``*_amber_count``, red from ``*_red_count``.
    """

    index_green: float = 0.95
    index_amber: float = 0.90
    slip_green_days: float = 10.0
    slip_amber_days: float = 20.0
    budget_green_percent: float = 5.0
    budget_amber_percent: float = 10.0
    critical_risk_score: int = 15
    risk_amber_score: int = 10
    risk_red_score: int = 20
    risk_red_critical_count: int = 2
    high_issue_severity: int = 4
    scope_amber_count: int = 1
    scope_red_count: int = 3
    overall_rule: str = "worst"  # "worst" or "weighted"
    weights: dict[str, float] = field(default_factory=lambda: {d: 1.0 for d in DIMENSIONS})


def rag_of_index(value: float | None, thresholds: RagThresholds) -> Rag | None:
    """RAG of a performance index (1 = on plan); ``None`` when the index is undefined."""
    if value is None:
        return None
    if value >= thresholds.index_green:
        return Rag.GREEN
    if value >= thresholds.index_amber:
        return Rag.AMBER
    return Rag.RED


def rag_of_excess(value: float | None, green_max: float, amber_max: float) -> Rag | None:
    """RAG of a quantity where more is worse (a slip, an overrun)."""
    if value is None:
        return None
    if value <= green_max:
        return Rag.GREEN
    if value <= amber_max:
        return Rag.AMBER
    return Rag.RED


def rag_of_count(value: int, amber_from: int, red_from: int) -> Rag:
    """RAG of a count of problems."""
    if value >= red_from:
        return Rag.RED
    if value >= amber_from:
        return Rag.AMBER
    return Rag.GREEN


def worst(rags) -> Rag | None:
    """The worst of several RAGs, ignoring ``None``; ``None`` when none is rated."""
    rated = [r for r in rags if r is not None]
    return max(rated, key=_SCORE.__getitem__) if rated else None


@dataclass(frozen=True)
class Measure:
    """One measured value, its rating and the bands it was rated against."""

    name: str
    value: float | None
    rag: Rag | None
    green: str  # the green band, e.g. "≥ 0.95"
    red: str  # the red band, e.g. "< 0.90"

    def label(self, lang: str = "fr") -> str:
        pair = MEASURE_LABELS.get(self.name, (self.name, self.name))
        return pair[0] if lang == "fr" else pair[1]


@dataclass
class DimensionRag:
    """The rating of one dimension and the measures behind it."""

    dimension: str
    rag: Rag | None
    measures: list[Measure]

    def measure(self, name: str) -> Measure:
        for item in self.measures:
            if item.name == name:
                return item
        raise KeyError(name)


@dataclass(frozen=True)
class Disagreement:
    """The project manager's declared RAG differs from the computed one.

    ``direction`` is ``optimistic`` when the declaration is better than the
    figures, ``pessimistic`` when worse.
    """

    dimension: str
    computed: Rag
    declared: Rag
    direction: str

    def describe(self, lang: str = "fr") -> str:
        dim = DIMENSION_LABELS[self.dimension][0 if lang == "fr" else 1]
        if lang == "fr":
            sens = "optimiste" if self.direction == "optimistic" else "pessimiste"
            return (f"{dim} : déclaré {label(self.declared, 'fr')} par le chef de projet, "
                    f"calculé {label(self.computed, 'fr')} (déclaration {sens})")
        return (f"{dim}: declared {label(self.declared, 'en')} by the project manager, "
                f"computed {label(self.computed, 'en')} ({self.direction} declaration)")


@dataclass
class RagAssessment:
    """The RAG of a project at a status date, with the PM's declaration compared."""

    project: str
    status_date: date
    dimensions: dict[str, DimensionRag]
    overall: Rag | None
    declared: StatusReport | None = None
    disagreements: list[Disagreement] = field(default_factory=list)

    def rag(self, dimension: str) -> Rag | None:
        return self.overall if dimension == "overall" else self.dimensions[dimension].rag


def _as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _fmt(value: float) -> str:
    return f"{value:g}"


def _rate_critical_risks(value: float, t: RagThresholds) -> Rag:
    return Rag.RED if value >= t.risk_red_critical_count else Rag.GREEN


#: How each rated measure gets its RAG from its value and the thresholds: the one rule the
#: dimensions below, the consolidation and the ``PMO_RAG`` worksheet function all apply.
MEASURE_RULES: dict[str, Callable[[float, RagThresholds], Rag | None]] = {
    "spi": lambda v, t: rag_of_index(v, t),
    "spi_t": lambda v, t: rag_of_index(v, t),
    "cpi": lambda v, t: rag_of_index(v, t),
    "milestone_slip_days": lambda v, t: rag_of_excess(v, t.slip_green_days, t.slip_amber_days),
    "budget_variance_percent": lambda v, t: rag_of_excess(v, t.budget_green_percent, t.budget_amber_percent),
    "forecast_overrun_percent": lambda v, t: rag_of_excess(v, t.budget_green_percent, t.budget_amber_percent),
    "scope_items": lambda v, t: rag_of_count(int(v), t.scope_amber_count, t.scope_red_count),
    "max_risk_score": lambda v, t: rag_of_count(int(v), t.risk_amber_score, t.risk_red_score),
    "critical_risks": _rate_critical_risks,
}


def rate_measure(name: str, value: float | None, thresholds: RagThresholds) -> Rag | None:
    """The RAG of measure ``name`` (a key of :data:`MEASURE_RULES`) at ``value``; None when not measured."""
    if value is None:
        return None
    return MEASURE_RULES[name](value, thresholds)


def schedule_rag(ev: EarnedValue | None, milestone_slips: Mapping[str, float] | None,
                 thresholds: RagThresholds) -> DimensionRag:
    """Schedule dimension: SPI, SPI(t) and the largest milestone slip."""
    t = thresholds
    green_index, red_index = f"≥ {_fmt(t.index_green)}", f"< {_fmt(t.index_amber)}"
    spi = ev.spi if ev else None
    spi_t = ev.spi_t if ev else None
    slip = max(milestone_slips.values()) if milestone_slips else None
    measures = [
        Measure("spi", spi, rate_measure("spi", spi, t), green_index, red_index),
        Measure("spi_t", spi_t, rate_measure("spi_t", spi_t, t), green_index, red_index),
        Measure("milestone_slip_days", slip, rate_measure("milestone_slip_days", slip, t),
                f"≤ {_fmt(t.slip_green_days)}", f"> {_fmt(t.slip_amber_days)}"),
    ]
    return DimensionRag("schedule", worst(m.rag for m in measures), measures)


def forecast_overrun_percent(ev: EarnedValue | None) -> float | None:
    """(EAC − BAC) / BAC × 100 of an earned-value result; ``None`` when undefined."""
    if ev is None or ev.eac is None or ev.bac == 0:
        return None
    return (ev.eac - ev.bac) / ev.bac * 100.0


def cost_rag(ev: EarnedValue | None, budget: BudgetPosition | None, thresholds: RagThresholds) -> DimensionRag:
    """Cost dimension: CPI, budget variance to date and forecast overrun at completion."""
    t = thresholds
    cpi = ev.cpi if ev else None
    variance = budget.budget_variance_percent if budget else None
    overrun = forecast_overrun_percent(ev)
    if overrun is None and budget is not None:
        overrun = budget.forecast_overrun_percent
    green_pct, red_pct = f"≤ {_fmt(t.budget_green_percent)} %", f"> {_fmt(t.budget_amber_percent)} %"
    measures = [
        Measure("cpi", cpi, rate_measure("cpi", cpi, t), f"≥ {_fmt(t.index_green)}", f"< {_fmt(t.index_amber)}"),
        Measure("budget_variance_percent", variance, rate_measure("budget_variance_percent", variance, t),
                green_pct, red_pct),
        Measure("forecast_overrun_percent", overrun, rate_measure("forecast_overrun_percent", overrun, t),
                green_pct, red_pct),
    ]
    return DimensionRag("cost", worst(m.rag for m in measures), measures)


def scope_rag(data: ProjectData, status_date: date, thresholds: RagThresholds) -> DimensionRag:
    """Scope and quality: open high-severity issues plus overdue proposed change decisions."""
    t = thresholds
    high_issues = sum(1 for i in data.issues if i.status in _OPEN and i.severity >= t.high_issue_severity)
    overdue_decisions = sum(1 for d in data.decisions if d.status is DecisionStatus.PROPOSED
                            and d.due_date is not None and _as_date(d.due_date) < status_date)
    total = high_issues + overdue_decisions
    measures = [
        Measure("open_high_issues", high_issues, None, "", ""),
        Measure("overdue_change_decisions", overdue_decisions, None, "", ""),
        Measure("scope_items", total, rate_measure("scope_items", total, t),
                f"< {t.scope_amber_count}", f"≥ {t.scope_red_count}"),
    ]
    return DimensionRag("scope", measures[-1].rag, measures)


def risk_rag(data: ProjectData, thresholds: RagThresholds) -> DimensionRag:
    """Risk: highest P×I score of open risks and number of critical open risks."""
    t = thresholds
    scores = [r.score for r in data.risks if r.status in _OPEN]
    highest = max(scores) if scores else 0
    critical = sum(1 for s in scores if s >= t.critical_risk_score)
    measures = [
        Measure("max_risk_score", highest, rate_measure("max_risk_score", highest, t),
                f"< {t.risk_amber_score}", f"≥ {t.risk_red_score}"),
        Measure("critical_risks", critical, rate_measure("critical_risks", critical, t),
                f"< {t.risk_red_critical_count}", f"≥ {t.risk_red_critical_count}"),
    ]
    return DimensionRag("risk", worst(m.rag for m in measures), measures)


def overall_rag(dimensions: Mapping[str, DimensionRag], thresholds: RagThresholds) -> Rag | None:
    """Worst rated dimension, or the weighted mean of scores with ``overall_rule='weighted'``."""
    rated = {name: d.rag for name, d in dimensions.items() if d.rag is not None}
    if not rated:
        return None
    if thresholds.overall_rule == "worst":
        return worst(rated.values())
    if thresholds.overall_rule != "weighted":
        raise ValueError(f"overall_rule must be 'worst' or 'weighted', not {thresholds.overall_rule!r}")
    weights = {name: thresholds.weights.get(name, 0.0) for name in rated}
    total_weight = sum(weights.values())
    if total_weight <= 0:
        return worst(rated.values())
    score = sum(weights[name] * _SCORE[rag] for name, rag in rated.items()) / total_weight
    return Rag.GREEN if score < 0.5 else Rag.AMBER if score < 1.5 else Rag.RED


def latest_status_report(data: ProjectData, status_date: date) -> StatusReport | None:
    """The PM's most recent statement dated on or before ``status_date`` (undated ones by period)."""
    candidates = [r for r in data.status_reports
                  if r.status_date is None or _as_date(r.status_date) <= status_date]
    if not candidates:
        return None
    return max(candidates, key=lambda r: (_as_date(r.status_date) if r.status_date else date.min, r.period))


def compare_with_declaration(computed: Mapping[str, Rag | None], declared: StatusReport | None) -> list[Disagreement]:
    """Each dimension (and ``overall``) where the PM declared another RAG than computed."""
    if declared is None:
        return []
    found = []
    for dimension in ("overall",) + DIMENSIONS:
        mine, theirs = computed.get(dimension), getattr(declared, dimension)
        if mine is None or theirs is None or mine is theirs:
            continue
        direction = "optimistic" if _SCORE[theirs] < _SCORE[mine] else "pessimistic"
        found.append(Disagreement(dimension, mine, theirs, direction))
    return found


def assess_rag(data: ProjectData, status_date: date | datetime, ev: EarnedValue | None = None,
               budget: BudgetPosition | None = None, milestone_slips: Mapping[str, float] | None = None,
               thresholds: RagThresholds | None = None) -> RagAssessment:
    """Rate ``data`` at ``status_date`` and compare with the PM's latest status report.

    ``ev`` comes from :func:`pmo_xl.engine.evm.project_earned_value`,
    ``budget`` from :func:`pmo_xl.engine.budget.budget_position`, and
    ``milestone_slips`` maps milestone ids to their slip in working days
    (positive = late; :func:`pmo_xl.engine.deviations.milestone_slips`).
    """
    thresholds = thresholds or RagThresholds()
    day = _as_date(status_date)
    dimensions = {
        "schedule": schedule_rag(ev, milestone_slips, thresholds),
        "cost": cost_rag(ev, budget, thresholds),
        "scope": scope_rag(data, day, thresholds),
        "risk": risk_rag(data, thresholds),
    }
    overall = overall_rag(dimensions, thresholds)
    declared = latest_status_report(data, day)
    computed = {name: d.rag for name, d in dimensions.items()} | {"overall": overall}
    return RagAssessment(data.project.code, day, dimensions, overall, declared,
                         compare_with_declaration(computed, declared))


__all__ = [
    "DIMENSIONS", "DIMENSION_LABELS", "DimensionRag", "Disagreement", "MEASURE_LABELS", "Measure",
    "RagAssessment", "RagThresholds", "assess_rag", "compare_with_declaration", "cost_rag",
    "forecast_overrun_percent", "latest_status_report", "overall_rag", "rag_of_count", "rag_of_excess",
    "rag_of_index", "risk_rag", "schedule_rag", "scope_rag", "worst",
]
