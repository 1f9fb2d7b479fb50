"""Deviation alerts with corrective actions computed from the plan.

:func:`detect_deviations` measures a project (earned value, budget position,
schedule), rates it (:mod:`pmo_xl.engine.rag`) and turns every amber or red
dimension and every overdue action into a :class:`DeviationAlert` that says
what was measured against which threshold, why, and what to do:

* schedule: the late milestones and the unfinished critical tasks driving
  them; corrective actions are what-if re-schedules (:mod:`pmo_xl.engine.whatif`)
  fast-tracking a critical finish-to-start link into start-to-start with
  overlap, or crashing a critical task, each with the working days it
  recovers on the project finish, best first;
* cost: the TCPI needed to finish within budget (or the top-up to request
  when the budget is spent or the TCPI is out of reach) and the future budget
  lines whose forecast exceeds the plan;
* scope and risk: the items behind the rating, to treat in committee;
* overdue actions: escalation to the next committee.

Texts are French by default, English with ``lang="en"``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import pandas as pd

from pmo_xl.engine.action_rules import (
    DECISIONS, RISKS, ActionRules, budget_decision_amounts, crash_cost, crash_protected, days_per_money,
    fast_track_cost, link_protected, ranking_key,
)
from pmo_xl.engine.budget import BudgetPosition, RatesTable, budget_position, forecast_overrun_lines
from pmo_xl.engine.cpm import ScheduleOptions, ScheduleResult, driving_ids, schedule
from pmo_xl.engine.evm import EarnedValue, project_earned_value
from pmo_xl.engine.rag import (
    DimensionRag, Measure, RagAssessment, RagThresholds, assess_rag,
)
from pmo_xl.engine.whatif import compare_many, crash, fast_track
from pmo_xl.errors import Problem, ProblemList, ScheduleError
from pmo_xl.texts.corrective_actions import decision_label, risk_label
from pmo_xl.model import Committee, CostNature, DecisionStatus, ItemStatus, LinkType, ProjectData, Rag, label

#: The committee an overdue action escalates to.
NEXT_COMMITTEE = {
    None: Committee.COPROJ,
    Committee.TECH: Committee.COPROJ,
    Committee.COPROJ: Committee.COPIL,
    Committee.COPIL: Committee.COPIL,
}

_OPEN = (ItemStatus.OPEN, ItemStatus.IN_PROGRESS)
_RANK = {Rag.GREEN: 0, Rag.AMBER: 1, Rag.RED: 2}


@dataclass
class DeviationOptions:
    """How corrective actions are searched for.

    ``overlap``: share of the predecessor's duration the successor may overlap
    when a link is fast-tracked; ``crash_fraction``: share of a critical task's
    duration removed when it is crashed; ``max_actions``: actions kept per
    kind; ``max_candidates``: what-ifs tried per kind (when a plan has more
    candidates, those able to recover the most are tried first: a fast-track
    recovers at most what its successor may start earlier, a crash the share
    removed from its task; the search stops once ``max_actions`` actions
    recover at least what the next candidate could); ``tcpi_realistic_max``:
    above this TCPI holding the course is not credible: a budget top-up and a
    re-baseline are proposed instead; ``action_overdue_red_days``: calendar
    days overdue from which an action alert is red; ``rules``: what may not be
    overlapped or crashed, and what actions cost
    (:class:`pmo_xl.engine.action_rules.ActionRules`).
    """

    overlap: float = 0.5
    crash_fraction: float = 0.2
    max_actions: int = 3
    max_candidates: int = 20
    tcpi_realistic_max: float = 1.10
    action_overdue_red_days: int = 15
    rules: ActionRules = field(default_factory=ActionRules)


@dataclass
class CorrectiveAction:
    """A proposed remedy; ``days_recovered`` (working days, computed by re-scheduling) for schedule what-ifs,
    ``amount`` (reporting currency) or ``index`` for cost, ``committee`` for escalations and decisions.

    ``cost`` is what the action itself costs (reporting currency; ``None`` when the plan gives no cost to
    compute it), ``risk`` its main risk and ``decision`` the decision it needs from ``committee`` (codes of
    :data:`pmo_xl.engine.action_rules.RISKS` and :data:`~pmo_xl.engine.action_rules.DECISIONS`).
    """

    kind: str  # fast_track, crash, replan, tcpi, budget_top_up, rebaseline, review_forecast, escalate, committee_review
    text: str
    task_ids: tuple[str, ...] = ()
    days_recovered: float | None = None
    new_finish: datetime | None = None
    amount: float | None = None
    index: float | None = None
    committee: Committee | None = None
    cost: float | None = None
    risk: str | None = None
    decision: str | None = None

    @property
    def days_per_mad(self) -> float | None:
        """Working days recovered per unit of the reporting currency (MAD by default)."""
        return days_per_money(self.days_recovered, self.cost)


@dataclass
class DeviationAlert:
    """One deviation: where, how bad, measured against what, why, and what to do."""

    project: str
    dimension: str  # schedule, cost, scope, risk, actions
    measure: str
    severity: Rag
    value: float | None
    threshold: str
    cause: str
    items: list[str] = field(default_factory=list)  # ids of tasks, lines, risks, actions behind the cause
    actions: list[CorrectiveAction] = field(default_factory=list)


@dataclass
class DeviationReport:
    """Everything measured on a project at a status date and the alerts raised.

    ``schedule`` is ``None`` when the plan could not be scheduled (a cycle, for
    example); the reason is in ``problems`` and the other dimensions are still
    assessed.
    """

    project: str
    status_date: date
    earned_value: EarnedValue
    budget: BudgetPosition | None
    schedule: ScheduleResult | None
    milestone_slips: dict[str, float]
    assessment: RagAssessment
    alerts: list[DeviationAlert]
    problems: ProblemList = field(default_factory=ProblemList)


# --------------------------------------------------------------------------- text

def _num(value: float, lang: str, digits: int = 2) -> str:
    text = f"{value:,.{digits}f}"
    if lang == "fr":
        return text.replace(",", "\u202f").replace(".", ",")
    return text


def _days(value: float, lang: str) -> str:
    text = _num(value, lang, 1).rstrip("0").rstrip(",.") if value != int(value) else f"{int(value)}"
    return f"{text} j ouvrés" if lang == "fr" else f"{text} working days"


def _when(value: datetime, lang: str) -> str:
    return value.strftime("%d/%m/%Y") if lang == "fr" else value.strftime("%Y-%m-%d")


def _threshold_text(measure: Measure, lang: str) -> str:
    if lang == "fr":
        return f"vert {measure.green} ; rouge {measure.red}".replace(".", ",")
    return f"green {measure.green}; red {measure.red}"


def _as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _terms_text(kind: str, cost: float | None, currency: str, lang: str) -> str:
    """What a proposal costs, risks and needs, as the end of its text."""
    decision, committee = DECISIONS[kind]
    if lang == "fr":
        price = f"coût estimé {_num(cost, 'fr', 0)} {currency}" if cost is not None else "coût non chiffré"
        return (f" ; {price} ; risque : {risk_label(RISKS[kind], 'fr')} ; "
                f"décision du {committee.value} : {decision_label(decision, 'fr')}")
    price = f"estimated cost {_num(cost, 'en', 0)} {currency}" if cost is not None else "cost not estimated"
    return (f"; {price}; risk: {risk_label(RISKS[kind], 'en')}; "
            f"decision of the {committee.value}: {decision_label(decision, 'en')}")


def _proposal(kind: str, text: str, cost: float | None, currency: str, lang: str, **values) -> CorrectiveAction:
    """A corrective action of ``kind`` with its cost, risk, decision and committee."""
    decision, committee = DECISIONS[kind]
    return CorrectiveAction(kind, text + _terms_text(kind, cost, currency, lang), cost=cost, risk=RISKS[kind],
                            decision=decision, committee=committee, **values)


def _in_reporting(amount: float | None, data: ProjectData, rates: RatesTable, day: date) -> float | None:
    """``amount`` of the project's currency in the reporting currency (the earned value has already checked
    that the rate exists)."""
    return None if amount is None else rates.convert(amount, data.project.currency, day)


def _finish_instant(value: datetime) -> datetime:
    if value.time() == time(0):
        return datetime.combine(value.date() + timedelta(days=1), time(0))
    return value


# --------------------------------------------------------------------------- schedule

def milestone_slips(data: ProjectData, result: ScheduleResult) -> dict[str, float]:
    """Slip of each milestone with a baseline finish, in working days (positive = late).

    The current finish is the actual finish when there is one, else the
    scheduled finish.  A plan without baselined milestones is measured on its
    last baselined leaf task (the project end).
    """
    frame = result.tasks[result.tasks["project"] == data.project.code].set_index("id")
    calendar = result.calendar(data.project.code)
    minutes_per_day = data.project.minutes_per_day
    leaves = [t for t in data.tasks if not t.summary and t.baseline_finish is not None and t.id in frame.index]
    measured = [t for t in leaves if t.milestone]
    if not measured and leaves:
        measured = [max(leaves, key=lambda t: t.baseline_finish)]
    slips: dict[str, float] = {}
    for task in measured:
        current = task.actual_finish or frame.at[task.id, "finish"].to_pydatetime()
        slip = calendar.working_minutes_between(_finish_instant(task.baseline_finish), _finish_instant(current))
        slips[task.id] = slip / minutes_per_day
    return slips


def _driving_chain(frame: pd.DataFrame, start_ids: list[str]) -> list[str]:
    """Task ids reached backwards through driving predecessors, nearest first."""
    seen: list[str] = []
    queue = list(start_ids)
    while queue:
        current = queue.pop(0)
        if current in seen or current not in frame.index:
            continue
        seen.append(current)
        queue.extend(driving_ids(frame.at[current, "driving_predecessors"]))
    return seen


def _most_promising(candidates: list, bound, focus: set[str], task_of, limit: int) -> list[tuple[object, float]]:
    """The candidates to try, each with the most working days it can recover (``bound``).

    Up to ``limit`` candidates, all of them in their order (with an infinite
    bound) when there are no more; otherwise the highest bounds first, those
    whose task drives a late milestone first among equals, then in their order.
    """
    if len(candidates) <= limit:
        return [(c, math.inf) for c in candidates]
    bounded = [(c, bound(c), index) for index, c in enumerate(candidates)]
    bounded.sort(key=lambda item: (-item[1], task_of(item[0]) not in focus, item[2]))
    return [(c, b) for c, b, _ in bounded[:limit]]


def _cannot_beat(recovered: list[float], bound: float, keep: int) -> bool:
    """Whether ``keep`` of the days ``recovered`` by the actions found each reach ``bound`` (the next cannot be kept)."""
    if len(recovered) < keep:
        return False
    return sorted(recovered, reverse=True)[keep - 1] >= bound


def _what_ifs_in_rounds(queues: list[list[tuple]], keep: int, run) -> list[list]:
    """The what-ifs of each queue of candidates that the search evaluates, scheduled in a few batches.

    Each queue holds (variant maker, bound) pairs, most promising first: the
    search of a queue tries its candidates in turn, and stops at the first
    whose bound (the most days it can recover) cannot beat ``keep`` actions
    already found (a what-if that recovers nothing is not an action).  Every
    queue goes on at once: while fewer than ``keep`` actions are found all
    the next candidates needed are taken together, so ``run`` (a list of
    variants → their what-ifs) schedules each round in one call.  The
    evaluated candidates are the same as one by one.  Returns each queue's
    what-ifs, in its order.
    """
    done: list[list] = [[] for _ in queues]
    position = [0] * len(queues)
    while True:
        batch: list[tuple[int, object]] = []
        for k, queue in enumerate(queues):
            recovered = [w.days_recovered for w in done[k] if w.days_recovered > 0]
            for _ in range(max(keep - len(recovered), 1)):
                if position[k] >= len(queue) or _cannot_beat(recovered, queue[position[k]][1], keep):
                    position[k] = len(queue)
                    break
                batch.append((k, queue[position[k]][0]))
                position[k] += 1
        if not batch:
            return done
        for (k, _), outcome in zip(batch, run([make() for _, make in batch])):
            done[k].append(outcome)


def _crash_bound(task, data: ProjectData, options: DeviationOptions) -> float:
    """The most working days crashing ``task`` can recover: its share of the task's duration."""
    if task.duration_elapsed or task.calendar not in (None, data.project.calendar):
        return math.inf
    return options.crash_fraction * task.duration_days


def _crashable(ordered: list[str], tasks_by_id: dict, rules) -> list[str]:
    """The tasks of ``ordered`` a crash can shorten: not milestones, a positive duration, not protected by ``rules``."""
    return [tid for tid in ordered if not tasks_by_id[tid].milestone and tasks_by_id[tid].duration_days > 0
            and not crash_protected(tasks_by_id[tid], rules)]


def _schedule_actions(data: ProjectData, result: ScheduleResult, focus: list[str], status_date: date,
                      options: DeviationOptions, schedule_options: ScheduleOptions | None,
                      lang: str, rates: RatesTable | None = None) -> list[CorrectiveAction]:
    frame = result.tasks[result.tasks["project"] == data.project.code].set_index("id")
    selected = (frame["critical"].astype(bool) & ~frame["summary"].astype(bool)
                & (frame["progress"].astype(str) != "complete"))
    in_plan_order = [str(tid) for tid in frame.index[selected.to_numpy()]]
    unfinished_critical = set(in_plan_order)
    ordered = [tid for tid in focus if tid in unfinished_critical]
    # then by start, ties in plan order (the same order in every process)
    rest = set(in_plan_order) - set(ordered)
    ordered += sorted((tid for tid in in_plan_order if tid in rest), key=lambda tid: frame.at[tid, "start"])
    names = {t.id: t.name for t in data.tasks}

    tasks_by_id = {t.id: t for t in data.tasks}
    focus_set = set(focus)
    links: list[tuple[str, str]] = []  # (predecessor, successor) critical finish-to-start links, in order
    for successor_id in ordered:
        if str(frame.at[successor_id, "progress"]) != "not_started":
            continue
        for link in tasks_by_id[successor_id].predecessors:
            if (link.type is not LinkType.FS or link.lag_elapsed or link.predecessor_id not in unfinished_critical
                    or link.predecessor_project not in (None, data.project.code)
                    or link_protected(tasks_by_id[link.predecessor_id], tasks_by_id[successor_id], options.rules)):
                continue
            links.append((link.predecessor_id, successor_id))
    calendar = result.calendar(data.project.code)
    minutes_per_day = data.project.minutes_per_day

    def fast_track_bound(pair: tuple[str, str]) -> float:
        # the successor may start at most (span of the predecessor − its non-overlapped share) earlier
        predecessor = tasks_by_id[pair[0]]
        start, finish = frame.at[pair[0], "start"], frame.at[pair[0], "finish"]
        if (predecessor.duration_elapsed or predecessor.calendar not in (None, data.project.calendar)
                or pd.isna(start) or pd.isna(finish)):
            return math.inf
        span = calendar.working_minutes_between(start.to_pydatetime(), finish.to_pydatetime()) / minutes_per_day
        return span - (1.0 - options.overlap) * predecessor.duration_days

    links = _most_promising(links, fast_track_bound, focus_set, lambda pair: pair[1], options.max_candidates)
    crash_ids = _most_promising(_crashable(ordered, tasks_by_id, options.rules), lambda tid: _crash_bound(tasks_by_id[tid], data, options),
                                focus_set, lambda tid: tid, options.max_candidates)
    fast_track_outcomes, crash_outcomes = _what_ifs_in_rounds(
        [[(lambda pair=pair: fast_track(data, pair[0], pair[1], options.overlap), bound) for pair, bound in links],
         [(lambda tid=tid: crash(data, tid, options.crash_fraction), bound) for tid, bound in crash_ids]],
        options.max_actions,
        lambda variants: compare_many(result, data, variants, status_date, schedule_options))

    rates = rates or RatesTable.default()
    currency = rates.reporting_currency
    fast_tracks: list[CorrectiveAction] = []
    for ((predecessor_id, successor_id), _), outcome in zip(links, fast_track_outcomes):
        if outcome.days_recovered <= 0:
            continue
        pred_name, succ_name = names[predecessor_id], names[successor_id]
        overlap = f"{options.overlap * 100:g} %"
        if lang == "fr":
            text = (f"Chevaucher « {succ_name} » ({successor_id}) avec « {pred_name} » ({predecessor_id}) : "
                    f"lien fin-début changé en début-début avec {overlap} de recouvrement ; "
                    f"gain {_days(outcome.days_recovered, lang)}, fin prévue le {_when(outcome.finish_after, lang)}")
        else:
            text = (f"Fast-track '{succ_name}' ({successor_id}) with '{pred_name}' ({predecessor_id}): "
                    f"finish-to-start link turned start-to-start with {overlap} overlap; "
                    f"recovers {_days(outcome.days_recovered, lang)}, forecast finish {_when(outcome.finish_after, lang)}")
        cost = _in_reporting(fast_track_cost(tasks_by_id[successor_id], data, options.overlap, options.rules),
                             data, rates, status_date)
        fast_tracks.append(_proposal("fast_track", text, cost, currency, lang,
                                     task_ids=(predecessor_id, successor_id), days_recovered=outcome.days_recovered,
                                     new_finish=outcome.finish_after))

    crashes: list[CorrectiveAction] = []
    for (task_id, _), outcome in zip(crash_ids, crash_outcomes):
        task = tasks_by_id[task_id]
        if outcome.days_recovered <= 0:
            continue
        share = f"{options.crash_fraction * 100:g} %"
        new_duration = task.duration_days * (1 - options.crash_fraction)
        if lang == "fr":
            text = (f"Compresser « {task.name} » ({task_id}) de {share} (renfort, heures supplémentaires) : "
                    f"{_days(task.duration_days, lang)} → {_days(new_duration, lang)} ; "
                    f"gain {_days(outcome.days_recovered, lang)}, fin prévue le {_when(outcome.finish_after, lang)}")
        else:
            text = (f"Crash '{task.name}' ({task_id}) by {share} (extra staff, overtime): "
                    f"{_days(task.duration_days, lang)} → {_days(new_duration, lang)}; "
                    f"recovers {_days(outcome.days_recovered, lang)}, forecast finish {_when(outcome.finish_after, lang)}")
        cost = _in_reporting(crash_cost(task, data, options.crash_fraction, options.rules), data, rates, status_date)
        crashes.append(_proposal("crash", text, cost, currency, lang, task_ids=(task_id,),
                                 days_recovered=outcome.days_recovered, new_finish=outcome.finish_after))

    def best(actions: list[CorrectiveAction]) -> list[CorrectiveAction]:
        return sorted(actions, key=lambda a: -a.days_recovered)[:options.max_actions]

    # ranked by working days recovered per unit of money; those of unknown cost after, by days recovered
    actions = sorted(best(fast_tracks) + best(crashes), key=lambda a: ranking_key(a.days_recovered, a.cost))
    if not actions:
        paths = len(result.critical_paths.get(data.project.code, []))
        if lang == "fr":
            text = (f"Aucun chevauchement ni compression d'une seule tâche ne fait gagner de temps "
                    f"({paths} chemin(s) critique(s) en parallèle) : replanifier avec le COPROJ "
                    f"(réduction de périmètre, lots, ressources sur plusieurs chemins)")
        else:
            text = (f"No single fast-track or crash recovers time ({paths} parallel critical path(s)): "
                    f"re-plan with the COPROJ (scope reduction, releases, resources on several paths)")
        actions = [CorrectiveAction("replan", text, tuple(ordered), committee=Committee.COPROJ, risk=RISKS["replan"],
                                    decision=DECISIONS["replan"][0])]
    return actions


def _worst_measure(dimension: DimensionRag) -> Measure:
    rated = [m for m in dimension.measures if m.rag is not None]
    return max(rated, key=lambda m: _RANK[m.rag])


def _schedule_alert(data: ProjectData, result: ScheduleResult, slips: dict[str, float], status_date: date,
                    dimension: DimensionRag, thresholds: RagThresholds, options: DeviationOptions,
                    schedule_options: ScheduleOptions | None, lang: str,
                    rates: RatesTable | None = None) -> DeviationAlert:
    frame = result.tasks[result.tasks["project"] == data.project.code].set_index("id")
    measure = _worst_measure(dimension)
    late = sorted((tid for tid, slip in slips.items() if slip > thresholds.slip_green_days),
                  key=lambda tid: -slips[tid]) or sorted((tid for tid, s in slips.items() if s > 0),
                                                         key=lambda tid: -slips[tid])
    calendar = result.calendar(data.project.code)
    drivers: list[tuple[str, float | None]] = []  # unfinished critical tasks driving the late milestones
    for tid in _driving_chain(frame, late):
        if tid in late:
            continue
        row = frame.loc[tid]
        if not bool(row["critical"]) or bool(row["summary"]) or str(row["progress"]) == "complete":
            continue
        baseline_finish = data.task(tid).baseline_finish
        delay = None
        if baseline_finish is not None:
            delay = calendar.working_minutes_between(
                _finish_instant(baseline_finish), _finish_instant(row["finish"].to_pydatetime()),
            ) / data.project.minutes_per_day
        drivers.append((tid, delay))
    # the drivers finishing after their baseline; all drivers when none does
    drivers = [(tid, delay) for tid, delay in drivers if delay is None or delay > 0] or drivers
    late_critical = [tid for tid, _ in drivers]
    names = {t.id: t.name for t in data.tasks}
    milestones_text = ", ".join(
        (f"« {names[tid]} » ({tid}) +{_days(slips[tid], lang)}" if lang == "fr"
         else f"'{names[tid]}' ({tid}) +{_days(slips[tid], lang)}") for tid in late)
    drivers_text = ", ".join(f"{tid} (+{_days(delay, lang)})" if delay else tid for tid, delay in drivers)
    if lang == "fr":
        cause = f"Jalons en retard : {milestones_text}. " if late else ""
        cause += (f"Tâches critiques en retard qui les pilotent : {drivers_text}." if drivers
                  else f"{measure.label('fr')} = {_num(measure.value, 'fr')}.")
    else:
        cause = f"Late milestones: {milestones_text}. " if late else ""
        cause += (f"Late critical tasks driving them: {drivers_text}." if drivers
                  else f"{measure.label('en')} = {_num(measure.value, 'en')}.")
    actions = _schedule_actions(data, result, late_critical, status_date, options, schedule_options, lang, rates)
    return DeviationAlert(data.project.code, "schedule", measure.name, dimension.rag, measure.value,
                          _threshold_text(measure, lang), cause, late + late_critical, actions)


# --------------------------------------------------------------------------- cost

def _cost_alert(data: ProjectData, ev: EarnedValue, rates: RatesTable, status_date: date,
                dimension: DimensionRag, options: DeviationOptions, lang: str) -> DeviationAlert:
    measure = _worst_measure(dimension)
    cur = ev.currency
    if lang == "fr":
        cause = f"{measure.label('fr')} = {_num(measure.value, 'fr')}"
        if ev.eac is not None:
            cause += f" ; EAC {_num(ev.eac, 'fr', 0)} {cur} pour un BAC de {_num(ev.bac, 'fr', 0)} {cur}"
        if ev.cpi is not None:
            cause += f" ; CPI {_num(ev.cpi, 'fr')}"
    else:
        cause = f"{measure.label('en')} = {_num(measure.value, 'en')}"
        if ev.eac is not None:
            cause += f"; EAC {_num(ev.eac, 'en', 0)} {cur} against a BAC of {_num(ev.bac, 'en', 0)} {cur}"
        if ev.cpi is not None:
            cause += f"; CPI {_num(ev.cpi, 'en')}"
    actions = _budget_actions(ev, options, lang)
    lines = forecast_overrun_lines(data.budget, rates, status_date).head(options.max_actions)
    items = []
    for row in lines.itertuples():
        named = (f" « {row.label} »" if lang == "fr" else f" '{row.label}'") if row.label else ""
        what = f"{row.month:%Y-%m} {row.category} {label_nature(row.nature, lang)}{named}"
        items.append(f"{row.month:%Y-%m}/{row.category}/{row.nature}" + (f"/{row.label}" if row.label else ""))
        if lang == "fr":
            text = (f"Revoir la prévision {what} : {_num(row.forecast, 'fr', 0)} {cur} prévus pour "
                    f"{_num(row.planned, 'fr', 0)} {cur} planifiés (+{_num(row.overrun, 'fr', 0)} {cur})")
        else:
            text = (f"Review the forecast {what}: {_num(row.forecast, 'en', 0)} {cur} forecast against "
                    f"{_num(row.planned, 'en', 0)} {cur} planned (+{_num(row.overrun, 'en', 0)} {cur})")
        actions.append(CorrectiveAction("review_forecast", text, amount=float(row.overrun)))
    return DeviationAlert(data.project.code, "cost", measure.name, dimension.rag, measure.value,
                          _threshold_text(measure, lang), cause, items, actions)


def _budget_actions(ev: EarnedValue, options: DeviationOptions, lang: str) -> list[CorrectiveAction]:
    """Hold the course when the TCPI is within reach; otherwise a budget top-up and a re-baseline, with amounts.

    Above :attr:`DeviationOptions.tcpi_realistic_max` (or with the budget spent) holding the course is never
    proposed: the top-up is EAC − BAC (else AC − EV, what brings the TCPI back to 1), the re-baseline sets the
    budget at completion to BAC + that top-up.
    """
    cur = ev.currency
    work_left = ev.bac - ev.ev
    if work_left <= 0:
        return []
    if ev.tcpi_bac is not None and ev.tcpi_bac <= options.tcpi_realistic_max:
        if lang == "fr":
            text = (f"Tenir un TCPI de {_num(ev.tcpi_bac, 'fr')} sur le reste à faire "
                    f"({_num(work_left, 'fr', 0)} {cur} de travail pour {_num(ev.bac - ev.ac, 'fr', 0)} {cur} de budget restant)")
        else:
            text = (f"Hold a TCPI of {_num(ev.tcpi_bac, 'en')} on the remaining work "
                    f"({_num(work_left, 'en', 0)} {cur} of work for {_num(ev.bac - ev.ac, 'en', 0)} {cur} of budget left)")
        return [_proposal("tcpi", text, 0.0, cur, lang, index=ev.tcpi_bac)]
    top_up, new_budget = budget_decision_amounts(ev.bac, ev.ev, ev.ac, ev.eac)
    from_forecast = ev.eac is not None and ev.eac > ev.bac
    limit = options.tcpi_realistic_max
    if lang == "fr":
        reason = ("Budget épuisé" if ev.tcpi_bac is None
                  else f"TCPI de {_num(ev.tcpi_bac, 'fr')} au-delà de {_num(limit, 'fr')}, hors de portée")
        basis = "EAC − BAC" if from_forecast else "AC − EV"
        top_up_text = f"{reason} : demander au COPIL une rallonge de {_num(top_up, 'fr', 0)} {cur} ({basis})"
        rebaseline_text = (f"{reason} : re-baseliner, budget à terminaison porté de {_num(ev.bac, 'fr', 0)} à "
                           f"{_num(new_budget, 'fr', 0)} {cur} avec un planning de référence revu")
    else:
        reason = ("Budget spent" if ev.tcpi_bac is None
                  else f"TCPI of {_num(ev.tcpi_bac, 'en')} above {_num(limit, 'en')}, out of reach")
        basis = "EAC − BAC" if from_forecast else "AC − EV"
        top_up_text = f"{reason}: ask the COPIL for a top-up of {_num(top_up, 'en', 0)} {cur} ({basis})"
        rebaseline_text = (f"{reason}: re-baseline, budget at completion from {_num(ev.bac, 'en', 0)} to "
                           f"{_num(new_budget, 'en', 0)} {cur} with a revised baseline plan")
    return [_proposal("budget_top_up", top_up_text, top_up, cur, lang, amount=top_up, index=ev.tcpi_bac),
            _proposal("rebaseline", rebaseline_text, top_up, cur, lang, amount=new_budget, index=ev.tcpi_bac)]


def label_nature(code: str, lang: str) -> str:
    """The label of a cost nature code ('internal'/'external')."""
    return label(CostNature(code), lang)


# --------------------------------------------------------------------------- scope, risk, actions

def _scope_alert(data: ProjectData, status_date: date, dimension: DimensionRag, thresholds: RagThresholds,
                 lang: str) -> DeviationAlert:
    measure = _worst_measure(dimension)
    issues = [i.id for i in data.issues if i.status in _OPEN and i.severity >= thresholds.high_issue_severity]
    decisions = [d.id for d in data.decisions if d.status is DecisionStatus.PROPOSED and d.due_date is not None
                 and _as_date(d.due_date) < status_date]
    committee = Committee.COPIL if dimension.rag is Rag.RED else Committee.COPROJ
    if lang == "fr":
        cause = (f"{len(issues)} problème(s) ouvert(s) de gravité ≥ {thresholds.high_issue_severity}"
                 f" ({', '.join(issues) or '-'}) et {len(decisions)} décision(s) de changement en retard"
                 f" ({', '.join(decisions) or '-'})")
        text = f"Inscrire à l'ordre du jour du {label(committee, 'fr')} : {', '.join(issues + decisions)}"
    else:
        cause = (f"{len(issues)} open issue(s) of severity ≥ {thresholds.high_issue_severity}"
                 f" ({', '.join(issues) or '-'}) and {len(decisions)} overdue change decision(s)"
                 f" ({', '.join(decisions) or '-'})")
        text = f"Put on the agenda of the {committee.value}: {', '.join(issues + decisions)}"
    return DeviationAlert(data.project.code, "scope", measure.name, dimension.rag, measure.value,
                          _threshold_text(measure, lang), cause, issues + decisions,
                          [CorrectiveAction("committee_review", text, committee=committee)])


def _risk_alert(data: ProjectData, dimension: DimensionRag, thresholds: RagThresholds, lang: str) -> DeviationAlert:
    measure = _worst_measure(dimension)
    open_risks = sorted((r for r in data.risks if r.status in _OPEN), key=lambda r: -r.score)
    serious = [r for r in open_risks if r.score >= thresholds.risk_amber_score]
    ids = [r.id for r in serious]
    committee = Committee.COPIL if dimension.rag is Rag.RED else Committee.COPROJ
    listed = ", ".join(f"{r.id} ({r.probability}×{r.impact}={r.score})" for r in serious)
    if lang == "fr":
        cause = f"Risques ouverts au-dessus du seuil : {listed}"
        text = f"Revoir les plans de réponse et les propriétaires en {label(committee, 'fr')} : {', '.join(ids)}"
    else:
        cause = f"Open risks above threshold: {listed}"
        text = f"Review response plans and owners at the {committee.value}: {', '.join(ids)}"
    return DeviationAlert(data.project.code, "risk", measure.name, dimension.rag, measure.value,
                          _threshold_text(measure, lang), cause, ids,
                          [CorrectiveAction("committee_review", text, committee=committee)])


def overdue_action_alerts(data: ProjectData, status_date: date, options: DeviationOptions | None = None,
                          lang: str = "fr") -> list[DeviationAlert]:
    """One alert per open action past its due date, escalated to the next committee."""
    options = options or DeviationOptions()
    alerts = []
    for action in data.actions:
        if action.status not in _OPEN or action.due_date is None:
            continue
        overdue = (status_date - _as_date(action.due_date)).days
        if overdue <= 0:
            continue
        target = NEXT_COMMITTEE[action.committee]
        severity = Rag.RED if overdue > options.action_overdue_red_days else Rag.AMBER
        owner = action.owner or ("non affecté" if lang == "fr" else "unassigned")
        if lang == "fr":
            cause = (f"Action {action.id} « {action.title} » ({owner}) échue le {action.due_date:%d/%m/%Y}, "
                     f"en retard de {overdue} jour(s)")
            text = (f"Escalader au {label(target, 'fr')}" if target is not action.committee
                    else f"Inscrire en priorité à l'ordre du jour du {label(target, 'fr')}")
            threshold = f"échéance {action.due_date:%d/%m/%Y} ; rouge au-delà de {options.action_overdue_red_days} jours"
        else:
            cause = (f"Action {action.id} '{action.title}' ({owner}) was due {action.due_date:%Y-%m-%d}, "
                     f"{overdue} day(s) overdue")
            text = (f"Escalate to the {target.value}" if target is not action.committee
                    else f"Put first on the agenda of the {target.value}")
            threshold = f"due {action.due_date:%Y-%m-%d}; red beyond {options.action_overdue_red_days} days"
        alerts.append(DeviationAlert(data.project.code, "actions", "days_overdue", severity, float(overdue),
                                     threshold, cause, [action.id],
                                     [CorrectiveAction("escalate", text, committee=target)]))
    return alerts


# --------------------------------------------------------------------------- entry point

def detect_deviations(data: ProjectData, status_date: date | datetime, rates: RatesTable | None = None,
                      thresholds: RagThresholds | None = None, options: DeviationOptions | None = None,
                      schedule_options: ScheduleOptions | None = None, lang: str = "fr",
                      eac_method: str = "cpi", *, earned_value: EarnedValue | None = None,
                      budget: BudgetPosition | None = None,
                      schedule_result: ScheduleResult | None = None) -> DeviationReport:
    """Measure, rate and explain the deviations of ``data`` at ``status_date``.

    The plan is scheduled once as it stands; corrective what-ifs re-schedule
    variants (:mod:`pmo_xl.engine.whatif`), so ``data`` is left unchanged.
    Alerts come worst first.

    A caller that has already measured the project passes what it has:
    ``earned_value`` (of ``data`` at ``status_date`` with ``rates`` and
    ``eac_method``), ``budget`` (the budget position of ``data.budget``) and
    ``schedule_result`` (``data`` scheduled alone at ``status_date`` with
    ``schedule_options``); they are used as given instead of being computed
    again.
    """
    if lang not in ("fr", "en"):
        raise ValueError("lang must be 'fr' or 'en'")
    thresholds = thresholds or RagThresholds()
    options = options or DeviationOptions()
    rates = rates or RatesTable.default()
    day = _as_date(status_date)
    problems = ProblemList()
    result: ScheduleResult | None = schedule_result
    if result is None:
        try:
            result = schedule([data], status_date=day, options=schedule_options)
        except ScheduleError as error:
            problems.append(Problem(f"plan not scheduled, schedule alerts skipped: {error.message}",
                                    error.location, code="schedule_failed"))
    slips = milestone_slips(data, result) if result is not None else {}
    position = budget if budget is not None else (budget_position(data.budget, rates, day) if data.budget else None)
    ev = earned_value if earned_value is not None else project_earned_value(data, day, rates, eac_method=eac_method,
                                                                             budget=position)
    problems.extend(ev.problems)
    assessment = assess_rag(data, day, ev, position, slips, thresholds)

    alerts: list[DeviationAlert] = []
    dims = assessment.dimensions
    if result is not None and dims["schedule"].rag in (Rag.AMBER, Rag.RED):
        alerts.append(_schedule_alert(data, result, slips, day, dims["schedule"], thresholds, options,
                                      schedule_options, lang, rates))
    if dims["cost"].rag in (Rag.AMBER, Rag.RED):
        alerts.append(_cost_alert(data, ev, rates, day, dims["cost"], options, lang))
    if dims["scope"].rag in (Rag.AMBER, Rag.RED):
        alerts.append(_scope_alert(data, day, dims["scope"], thresholds, lang))
    if dims["risk"].rag in (Rag.AMBER, Rag.RED):
        alerts.append(_risk_alert(data, dims["risk"], thresholds, lang))
    alerts.extend(overdue_action_alerts(data, day, options, lang))
    alerts.sort(key=lambda a: -_RANK[a.severity])
    return DeviationReport(data.project.code, day, ev, position, result, slips, assessment, alerts, problems)


__all__ = [
    "CorrectiveAction", "DeviationAlert", "DeviationOptions", "DeviationReport", "NEXT_COMMITTEE",
    "detect_deviations", "milestone_slips", "overdue_action_alerts",
]
