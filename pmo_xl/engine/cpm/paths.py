"""Driving predecessors (the links that set each task's early start) and the critical paths (chains of
critical tasks through links with no more slack than the critical limit)."""

from __future__ import annotations

import numpy as np

from pmo_xl.engine.cpm.floats import Floats
from pmo_xl.engine.cpm.network import NONE
from pmo_xl.engine.cpm.options import DRIVING_SEPARATOR
from pmo_xl.engine.cpm.state import PassState

MAX_CRITICAL_PATHS = 50
"""Critical paths listed per project, at most."""


def driving_predecessors(s: PassState, floats: Floats) -> np.ndarray:
    """Per task, the ids of the predecessors whose links have no slack (and set its early start, the task's
    start not being fixed), as text separated by :data:`DRIVING_SEPARATOR` in plan order; "" for none;
    "PROJECT:id" across projects."""
    net, e = s.net, s.edges
    project_of = net.project_of_array
    driving = np.empty(s.n, dtype=object)
    driving.fill("")
    if not e.succ.size:
        return driving
    zero = np.flatnonzero((floats.link_slack == 0) & (s.bounds.fixed_start_w[e.succ] == NONE))
    z_pred, z_succ = e.pred[zero], e.succ[zero]
    # the links of a successor are consecutive in the edge order, in the order the plan lists them
    first = np.flatnonzero(np.concatenate([[True], z_succ[1:] != z_succ[:-1]])) if zero.size else zero
    count = np.diff(np.append(first, zero.size))
    single = first[count == 1]
    # one driver: its id as it is (no new text), taken once from the ids
    driving[z_succ[single]] = net.table.id[z_pred[single]]
    several = count > 1
    if len(net.projects) > 1:
        across = np.flatnonzero(project_of[z_pred] != project_of[z_succ])
        for k in across.tolist():
            driving[z_succ[k]] = net.label(int(z_pred[k]))
    for f, c in zip(first[several].tolist(), count[several].tolist()):
        own = project_of[z_succ[f]]
        driving[z_succ[f]] = DRIVING_SEPARATOR.join(
            net.table.id[j] if project_of[j] == own else net.label(j) for j in z_pred[f:f + c].tolist())
    return driving


def critical_paths(s: PassState, floats: Floats) -> dict[str, list[list[str]]]:
    """Per project code, the chains of critical leaf tasks joined by links within the critical limit, in
    time order, from tasks no such link enters; at most :data:`MAX_CRITICAL_PATHS` per project."""
    net, e, critical = s.net, s.edges, floats.critical
    project_of = net.project_of_array
    crit_edges: dict[int, list[int]] = {}
    crit_in: set[int] = set()
    if e.succ.size:
        tight = np.flatnonzero(floats.link_slack <= floats.limit[e.succ])
        t_pred, t_succ = e.pred[tight], e.succ[tight]
        on_critical = critical[t_pred] & critical[t_succ] & (project_of[t_pred] == project_of[t_succ])
        for a, b in zip(t_pred[on_critical].tolist(), t_succ[on_critical].tolist()):
            crit_edges.setdefault(a, []).append(b)
            crit_in.add(b)
    paths: dict[str, list[list[str]]] = {code: [] for code in net.project_codes}
    chain_start = critical & s.is_leaf
    if crit_in:
        chain_start[np.fromiter(crit_in, dtype=np.int64, count=len(crit_in))] = False
    es_abs = s.es_abs
    starts = np.flatnonzero(chain_start).tolist()
    starts.sort(key=lambda i: (es_abs[i], i))
    for first in starts:
        code = net.project_codes[project_of[first]]
        stack = [(first, [first])]
        while stack and len(paths[code]) < MAX_CRITICAL_PATHS:
            node, path = stack.pop()
            nxt = crit_edges.get(node)
            if not nxt:
                paths[code].append([net.ids[i] for i in path])
                continue
            for b in sorted(nxt, key=lambda j: (es_abs[j], j), reverse=True):
                stack.append((b, path + [b]))
    return paths
