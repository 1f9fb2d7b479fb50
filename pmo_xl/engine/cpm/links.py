"""The links of a schedule as arrays: the plan's links resolved to task rows, the dependencies between
projects, links on summary tasks carried down to their leaf tasks, and each lag in minutes of its axis."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pmo_xl.engine.calendar import MINUTES_PER_CALENDAR_DAY
from pmo_xl.engine.cpm.calendars import TaskTiming
from pmo_xl.engine.cpm.network import ELAPSED_AXIS, LINK_CODE, SF, SS, Network
from pmo_xl.engine.cpm.options import ScheduleOptions
from pmo_xl.errors import Location, Problem, ProblemList, ScheduleError, Severity
from pmo_xl.model.enums import LinkType


@dataclass
class LinkArrays:
    """One entry per link between leaf tasks, in plan order.

    ``pred``/``succ``: task rows; ``ltype``: FS/SS/FF/SF code; ``lag_days``, ``lag_percent`` (NaN when the lag
    is not a percentage) and ``lag_elapsed`` as the plan gives them; ``start_group``: for the leaf links of an
    SS or SF link from a summary task, the group whose smallest candidate counts (the summary's start), -1
    for other links; ``from_summary``: the link is a summary task's link carried down to a leaf under it on
    the predecessor side (not a successor of the leaf's own).  After :func:`lag_on_axes`, ``lag`` and
    ``lag_axis`` hold each lag in minutes of the axis it counts on.
    """

    pred: np.ndarray
    succ: np.ndarray
    ltype: np.ndarray
    lag_days: np.ndarray
    lag_percent: np.ndarray
    lag_elapsed: np.ndarray
    start_group: np.ndarray
    from_summary: np.ndarray
    lag: np.ndarray | None = None
    lag_axis: np.ndarray | None = None

    def take(self, rows: np.ndarray) -> "LinkArrays":
        """The links at ``rows`` (a mask or indices)."""
        return LinkArrays(self.pred[rows], self.succ[rows], self.ltype[rows], self.lag_days[rows],
                          self.lag_percent[rows], self.lag_elapsed[rows], self.start_group[rows],
                          self.from_summary[rows])

    def extended(self, pred: list[int], succ: list[int], ltype: list[int], lag_days: list[float]) -> "LinkArrays":
        """These links followed by links in working days, without percentage or elapsed lags."""
        k = len(pred)
        return LinkArrays(
            np.concatenate([self.pred, np.array(pred, dtype=np.int64)]),
            np.concatenate([self.succ, np.array(succ, dtype=np.int64)]),
            np.concatenate([self.ltype, np.array(ltype, dtype=np.int64)]),
            np.concatenate([self.lag_days, np.array(lag_days, dtype=np.float64)]),
            np.concatenate([self.lag_percent, np.full(k, np.nan)]),
            np.concatenate([self.lag_elapsed, np.zeros(k, dtype=bool)]),
            np.concatenate([self.start_group, np.full(k, -1, dtype=np.int64)]),
            np.concatenate([self.from_summary, np.zeros(k, dtype=bool)]))


def build_links(net: Network, timing: TaskTiming, options: ScheduleOptions, problems: ProblemList) -> LinkArrays:
    """The plan's links between leaf tasks with their lags on their axes; unknown tasks reported and left out."""
    links = resolved_plan_links(net, problems)
    links = with_dependencies(net, links, problems)
    if links.pred.size and (net.is_summary_array[links.pred].any() or net.is_summary_array[links.succ].any()):
        links = on_leaves(net, links)
    return lag_on_axes(links, timing, options)


def resolved_plan_links(net: Network, problems: ProblemList) -> LinkArrays:
    """The plan table's links, those naming a predecessor by id resolved to its row; unknown ones reported."""
    table = net.table
    succ_all = table.link_successor
    pred_pos = table.link_predecessor.copy()
    unresolved = np.flatnonzero(pred_pos < 0).tolist()
    predecessor_ids = table.predecessor_ids() if unresolved else None
    for k in unresolved:
        pid = predecessor_ids[k]
        pred_project = table.link_predecessor_project[k]
        j = net.find(pred_project or net.project_codes[net.project_of[int(succ_all[k])]], str(pid))
        if j is not None:
            pred_pos[k] = j
            continue
        i = int(succ_all[k])
        pdata = net.projects[net.project_of[i]]
        row = int(table.link_row[k])
        problems.append(Problem(
            f"task '{net.ids[i]}' names a predecessor that is not in the plan; link ignored",
            Location(file=pdata.source, sheet=table.links_sheet, row=row, column="predecessor_id") if row >= 0
            else Location(file=pdata.source),
            found=f"{pred_project}:{pid}" if pred_project else str(pid),
            expected="a task of a project scheduled together" if pred_project else "a task id of the project",
            severity=Severity.WARNING, code="unknown_predecessor"))
    keep = pred_pos >= 0
    return LinkArrays(pred_pos[keep], succ_all[keep], table.link_type[keep],
                      np.nan_to_num(table.link_lag_days)[keep], table.link_lag_percent[keep],
                      table.link_lag_elapsed[keep], np.full(int(keep.sum()), -1, dtype=np.int64),
                      np.zeros(int(keep.sum()), dtype=bool))


def with_dependencies(net: Network, links: LinkArrays, problems: ProblemList) -> LinkArrays:
    """``links`` followed by the projects' dependencies on tasks of other projects scheduled together."""
    extra_pred, extra_succ, extra_type, extra_lag = [], [], [], []
    for pdata in net.projects:
        for dep in pdata.dependencies:
            i = net.find(pdata.project.code, dep.task_id)
            j = net.find(dep.on_project, dep.on_task_id)
            if i is None or j is None:
                problems.append(Problem(
                    f"dependency '{dep.id}' names a task that is not in the plans scheduled together; ignored",
                    Location(file=pdata.source),
                    found=f"{pdata.project.code}:{dep.task_id} <- {dep.on_project}:{dep.on_task_id}",
                    expected="tasks of projects scheduled together", severity=Severity.WARNING,
                    code="unknown_dependency"))
                continue
            extra_pred.append(j)
            extra_succ.append(i)
            extra_type.append(LINK_CODE[LinkType(dep.type)])
            extra_lag.append(dep.lag_days or 0.0)
    return links.extended(extra_pred, extra_succ, extra_type, extra_lag) if extra_pred else links


def on_leaves(net: Network, links: LinkArrays) -> LinkArrays:
    """Links from or to summary tasks carried down to each leaf task under them.

    An SS or SF link from a summary counts from the summary's start, the earliest start of its leaves: its
    leaf links form a group of which the passes keep the smallest candidate (``start_group``).
    """
    rows: list[int] = []
    new_pred: list[int] = []
    new_succ: list[int] = []
    groups: list[int] = []
    start_from = (links.ltype == SS) | (links.ltype == SF)
    is_summary = net.is_summary_array
    group_count = 0
    for k, (a_i, b_i) in enumerate(zip(links.pred.tolist(), links.succ.tolist())):
        grouping = is_summary[a_i] and start_from[k]
        for b in net.leaves_under(b_i):
            group = group_count if grouping else -1
            group_count += grouping
            for a in net.leaves_under(a_i):
                if a != b:
                    rows.append(k)
                    new_pred.append(a)
                    new_succ.append(b)
                    groups.append(group)
    taken = np.array(rows, dtype=np.int64)
    out = links.take(taken)
    out.from_summary = is_summary[links.pred[taken]] if taken.size else np.zeros(0, dtype=bool)
    out.pred, out.succ = np.array(new_pred, dtype=np.int64), np.array(new_succ, dtype=np.int64)
    out.start_group = np.array(groups, dtype=np.int64)
    return out


def lag_on_axes(links: LinkArrays, timing: TaskTiming, options: ScheduleOptions) -> LinkArrays:
    """``links`` with ``lag`` (minutes) and ``lag_axis``: a percentage of the predecessor's duration, elapsed
    minutes, or working minutes of the calendar the options name (the successor's or the predecessor's)."""
    if options.lag_calendar not in ("successor", "predecessor"):
        raise ScheduleError(f"lag calendar '{options.lag_calendar}' is not 'successor' or 'predecessor'")
    pred = links.pred
    lag_owner = pred if options.lag_calendar == "predecessor" else links.succ
    has_percent = ~np.isnan(links.lag_percent)
    in_days = np.where(links.lag_elapsed, links.lag_days * MINUTES_PER_CALENDAR_DAY,
                       links.lag_days * (timing.mpd_project[lag_owner] if lag_owner.size else 0.0))
    lag_minutes = np.where(has_percent,
                           np.nan_to_num(links.lag_percent) / 100.0 * timing.dur_min[pred] if pred.size else 0.0,
                           in_days)
    links.lag = np.rint(lag_minutes).astype(np.int64)
    links.lag_axis = np.where(links.lag_elapsed & ~has_percent, ELAPSED_AXIS,
                              timing.cal_axis[lag_owner] if lag_owner.size else 0).astype(np.int64)
    return links
