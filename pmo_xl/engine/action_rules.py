"""What makes a corrective action one a PMO would sign: what may not be touched, what it costs, who decides.

* **Protected links** may not be overlapped (fast-tracked): a link into or
  out of a task flagged ``overlap_forbidden`` (the workbook's "Chevauchement
  interdit" column), of a milestone (gates, go-live) when
  :attr:`ActionRules.protect_milestone_links`, or of a task whose name holds
  one of :attr:`ActionRules.protected_keywords` (sign-off, go-live,
  regulatory, gate …): acceptance tests may not overlap the business sign-off
  they lead to.
* **Protected tasks** may not be crashed: ``crash_forbidden`` ("Compression
  interdite"), milestones, or a name holding one of
  :attr:`ActionRules.no_crash_keywords` (hypercare, warranty …).
* **Cost** of a proposal, in the project's currency: a crash pays the share
  of the task's cost it compresses again (``crash_cost_premium``: overtime,
  extra staff, coordination); a fast-track risks reworking the overlapped
  share of the successor (``fast_track_rework_share`` of it).  A task's cost
  is its planned cost, else its resources' daily rates × units × duration;
  unknown when neither is given.
* **Decision**: each kind of proposal needs one decision from one committee
  (:data:`DECISIONS`), and carries its main risk (:data:`RISKS`).
* **Ranking**: by working days recovered per unit of money; proposals of
  unknown cost come after, by days recovered.

Keywords are matched as whole words, without case or accents.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Mapping

from pmo_xl.model import Committee, ProjectData, Task

#: kind of proposal -> (decision code, committee that takes it)
DECISIONS: dict[str, tuple[str, Committee]] = {
    "fast_track": ("approve_overlap", Committee.COPROJ),
    "crash": ("approve_extra_resources", Committee.COPROJ),
    "replan": ("approve_replan", Committee.COPROJ),
    "budget_top_up": ("approve_budget_top_up", Committee.COPIL),
    "rebaseline": ("approve_rebaseline", Committee.COPIL),
    "tcpi": ("confirm_cost_plan", Committee.COPROJ),
}

#: kind of proposal -> its main risk
RISKS: dict[str, str] = {
    "fast_track": "rework",
    "crash": "overtime_quality",
    "replan": "scope",
    "budget_top_up": "funding",
    "rebaseline": "credibility",
    "tcpi": "efficiency",
}

DEFAULT_PROTECTED_KEYWORDS = (
    "sign-off", "signoff", "signature", "signé", "signée", "pv", "go-live", "go live", "mise en production",
    "mep", "réglementaire", "regulatory", "homologation", "jalon", "gate", "approbation", "approval",
    "bank al-maghrib", "bam", "validation métier", "business sign-off",
)
DEFAULT_NO_CRASH_KEYWORDS = (
    "hypercare", "support renforcé", "garantie", "warranty", "période d'observation", "stabilisation",
    "observation period",
)


def fold(text: str) -> str:
    """``text`` without case or accents."""
    decomposed = unicodedata.normalize("NFKD", (text or "").lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _pattern(keywords: tuple[str, ...]) -> re.Pattern[str] | None:
    words = [re.escape(fold(k)) for k in keywords if k.strip()]
    if not words:
        return None
    return re.compile(r"(?<![\w])(" + "|".join(sorted(words, key=len, reverse=True)) + r")(?![\w])")


@dataclass(frozen=True)
class ActionRules:
    """The PMO's rules for corrective actions (Config in the master; these defaults otherwise)."""

    protected_keywords: tuple[str, ...] = DEFAULT_PROTECTED_KEYWORDS
    no_crash_keywords: tuple[str, ...] = DEFAULT_NO_CRASH_KEYWORDS
    protect_milestone_links: bool = True
    crash_cost_premium: float = 1.0
    fast_track_rework_share: float = 0.25

    def names_protected(self, name: str | None) -> bool:
        pattern = _pattern(self.protected_keywords)
        return bool(pattern and pattern.search(fold(name or "")))

    def names_no_crash(self, name: str | None) -> bool:
        pattern = _pattern(self.no_crash_keywords)
        return bool(pattern and pattern.search(fold(name or "")))


def _keywords(value) -> tuple[str, ...]:
    return tuple(part.strip() for part in str(value).replace(",", ";").split(";") if part.strip())


def rules_from_parameters(parameters: Mapping[str, object], base: ActionRules | None = None) -> ActionRules:
    """The rules the master's Config parameters set over ``base`` (the defaults):

    ``protected_keywords`` and ``no_crash_keywords`` (words separated by ``;``, replacing the defaults),
    ``protect_milestone_links`` (oui/non), ``crash_cost_premium`` and ``fast_track_rework_share`` (numbers).
    Other parameters are ignored; a value that does not fit raises ``ValueError``.
    """
    base = base or ActionRules()
    changes: dict[str, object] = {}
    for key in ("protected_keywords", "no_crash_keywords"):
        if key in parameters:
            changes[key] = _keywords(parameters[key])
    for key in ("crash_cost_premium", "fast_track_rework_share"):
        if key in parameters:
            changes[key] = float(parameters[key])
    if "protect_milestone_links" in parameters:
        text = fold(str(parameters["protect_milestone_links"])).strip()
        if text not in ("oui", "non", "yes", "no", "true", "false", "1", "0"):
            raise ValueError(parameters["protect_milestone_links"])
        changes["protect_milestone_links"] = text in ("oui", "yes", "true", "1")
    return replace(base, **changes)


def task_protected(task: Task, rules: ActionRules) -> bool:
    """Whether no link into or out of ``task`` may be overlapped."""
    return (task.overlap_forbidden or (rules.protect_milestone_links and task.milestone)
            or rules.names_protected(task.name))


def link_protected(predecessor: Task, successor: Task, rules: ActionRules) -> bool:
    """Whether the link ``predecessor`` → ``successor`` may not be overlapped."""
    return task_protected(predecessor, rules) or task_protected(successor, rules)


def crash_protected(task: Task, rules: ActionRules) -> bool:
    """Whether ``task`` may not be shortened."""
    return task.crash_forbidden or task.milestone or rules.names_no_crash(task.name)


def task_cost(task: Task, data: ProjectData) -> float | None:
    """The planned cost of ``task`` in the project currency: its own, else its resources' rates; None if unknown."""
    if task.cost is not None:
        return float(task.cost)
    rates = {r.code: r.daily_rate for r in data.resources}
    parts = [rates.get(a.resource_code) for a in task.resources]
    if not parts or any(rate is None for rate in parts):
        return None
    return float(sum(rate * a.units for rate, a in zip(parts, task.resources)) * task.duration_days)


def crash_cost(task: Task, data: ProjectData, fraction: float, rules: ActionRules) -> float | None:
    """What shortening ``task`` by ``fraction`` costs: that share of its cost, paid again × the premium."""
    cost = task_cost(task, data)
    return None if cost is None else cost * fraction * rules.crash_cost_premium


def fast_track_cost(successor: Task, data: ProjectData, overlap: float, rules: ActionRules) -> float | None:
    """The expected rework of overlapping ``successor``: the overlapped share of its cost × the rework share."""
    cost = task_cost(successor, data)
    return None if cost is None else cost * overlap * rules.fast_track_rework_share


def days_per_money(days: float | None, cost: float | None) -> float | None:
    """Working days recovered per unit of money (infinite for a free action); None when either is unknown."""
    if days is None or cost is None:
        return None
    return math.inf if cost <= 0 else days / cost


def ranking_key(days: float | None, cost: float | None) -> tuple:
    """Sort key: days per unit of money, highest first; unknown costs after, by days recovered."""
    ratio = days_per_money(days, cost)
    return (ratio is None, -(ratio if ratio is not None else 0.0), -(days or 0.0))


def budget_decision_amounts(bac: float, ev: float, ac: float, eac: float | None) -> tuple[float, float]:
    """(top-up, re-baselined budget) when the TCPI is out of reach.

    The top-up is EAC − BAC when the estimate at completion exceeds the budget, else the work left beyond the
    budget left, (BAC − EV) − (BAC − AC) = AC − EV, which brings the TCPI back to 1; the re-baselined budget
    is BAC plus that top-up.
    """
    top_up = eac - bac if eac is not None and eac > bac else max(ac - ev, 0.0)
    return top_up, bac + top_up


__all__ = ["ActionRules", "DECISIONS", "RISKS", "budget_decision_amounts", "crash_cost", "crash_protected",
           "days_per_money", "fast_track_cost", "link_protected", "ranking_key", "rules_from_parameters", "task_cost",
           "task_protected"]
