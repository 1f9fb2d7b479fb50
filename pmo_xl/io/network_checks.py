"""The checks of a plan's network that scheduling needs, made at validation with their locations.

``pmo-xl validate`` passing must mean that ``pmo-xl schedule`` can run, so
validation looks at what only the scheduler refused before: a cycle of
links (reported with the ids of its tasks and the cells of their
predecessors), a calendar without any working time, a link to a project
that is not in the portfolio being validated.
"""

from __future__ import annotations

from pmo_xl.errors import Location, Problem
from pmo_xl.model import ProjectData


def cycles(data: ProjectData) -> list[list[str]]:
    """The cycles of the project's own links, each as the task ids in link order (one per strongly
    connected group of tasks, starting from its first task in plan order)."""
    own = data.project.code
    successors: dict[str, list[str]] = {task.id: [] for task in data.tasks}
    for task in data.tasks:
        for link in task.predecessors:
            if (link.predecessor_project in (None, own)) and link.predecessor_id in successors:
                successors[link.predecessor_id].append(task.id)
    found, state = [], {}  # state: 1 on the current path, 2 done
    for start in successors:
        if start in state:
            continue
        path, stack = [], [(start, iter(successors[start]))]
        state[start] = 1
        path.append(start)
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                state[node] = 2
            elif state.get(child) == 1:
                found.append(path[path.index(child):])
            elif child not in state:
                state[child] = 1
                path.append(child)
                stack.append((child, iter(successors[child])))
    return found


def cycle_problems(data: ProjectData, predecessor_cells: dict[str, Location]) -> list[Problem]:
    """One error per cycle, located at the predecessors cell of its first task, naming every task and cell."""
    problems = []
    for cycle in cycles(data):
        steps = [f"{task_id} ({predecessor_cells[task_id].cell})" if task_id in predecessor_cells
                 and predecessor_cells[task_id].cell else task_id for task_id in cycle + cycle[:1]]
        where = predecessor_cells.get(cycle[0], Location(file=data.source))
        problems.append(Problem("dependency cycle", where, found=" -> ".join(steps),
                                expected="links without a loop", code="cycle"))
    return problems


def calendar_problems(data: ProjectData, calendar_sheet: str | None) -> list[Problem]:
    """An error for each calendar of the project with no working day at all (no working week, no exception
    that works)."""
    problems = []
    for name, spec in data.calendars.items():
        if spec.union or spec.intersection or spec.base:
            continue
        works = any(spec.week.get(day) for day in range(7)) or any(e.periods for e in spec.exceptions)
        if not works:
            problems.append(Problem("calendar without any working time", Location(file=data.source,
                                    sheet=calendar_sheet, column=name), found=name,
                                    expected="at least one working day with hours", code="no_working_time"))
    return problems


def unknown_project_problems(data: ProjectData, known_codes: set[str],
                             predecessor_cells: dict[str, Location]) -> list[Problem]:
    """An error for each link of a task to a project that is not among ``known_codes``."""
    problems = []
    for task in data.tasks:
        for link in task.predecessors:
            project = link.predecessor_project
            if project and project != data.project.code and project not in known_codes:
                problems.append(Problem("link to a project outside the portfolio",
                                        predecessor_cells.get(task.id, Location(file=data.source)),
                                        found=f"{project}:{link.predecessor_id}",
                                        expected="a project code of the validated workbooks", code="unknown_project"))
    return problems
