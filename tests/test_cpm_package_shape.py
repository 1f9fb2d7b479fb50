"""The scheduler package stays readable: no function in ``pmo_xl/engine/cpm/`` is longer than 100 lines or
takes more than 8 parameters, and the public names stay importable from ``pmo_xl.engine.cpm``."""

from __future__ import annotations

import ast
from pathlib import Path

import pmo_xl.engine.cpm as cpm

PACKAGE = Path(cpm.__file__).resolve().parent
MAX_LINES = 100
MAX_PARAMETERS = 8


def _functions():
    for path in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                yield path.name, node


def _parameter_count(node: ast.FunctionDef) -> int:
    args = node.args
    named = args.posonlyargs + args.args + args.kwonlyargs
    count = len(named) + (args.vararg is not None) + (args.kwarg is not None)
    if named and named[0].arg in ("self", "cls"):
        count -= 1
    return count


def test_the_package_has_its_modules():
    names = {path.stem for path in PACKAGE.glob("*.py")}
    assert {"options", "network", "links", "calendars", "constraints", "progress", "state", "forward",
            "backward", "floats", "summaries", "schedule"} <= names


def test_no_function_is_longer_than_100_lines():
    too_long = [f"{module}:{node.name} ({node.end_lineno - node.lineno + 1} lines)"
                for module, node in _functions() if node.end_lineno - node.lineno + 1 > MAX_LINES]
    assert too_long == []


def test_no_function_takes_more_than_8_parameters():
    too_many = [f"{module}:{node.name} ({_parameter_count(node)} parameters)"
                for module, node in _functions() if _parameter_count(node) > MAX_PARAMETERS]
    assert too_many == []


def test_the_old_pass_functions_are_gone():
    names = {node.name for _, node in _functions()}
    assert "_run_passes" not in names and "_schedule_once" not in names


def test_the_checks_see_the_functions():
    # the walk finds nested functions and methods too: the checks above cannot pass on an empty walk
    found = {(module, node.name) for module, node in _functions()}
    assert ("forward.py", "forward_pass") in found
    assert ("state.py", "place_early") in found
    assert len(found) > 40


def test_public_names_are_importable_from_the_package():
    from pmo_xl.engine.cpm import (  # noqa: F401
        CSV_HEADER, DRIVING_SEPARATOR, ScheduleOptions, ScheduleResult, driving_ids, schedule, schedule_table,
    )
    assert set(cpm.__all__) == {"CSV_HEADER", "DRIVING_SEPARATOR", "ScheduleOptions", "ScheduleResult",
                                "driving_ids", "schedule", "schedule_table"}


def test_profiles_are_data():
    ms = cpm.ScheduleOptions.ms_project()
    assert ms == cpm.ScheduleOptions()
    p6 = cpm.ScheduleOptions.primavera_p6(lag_calendar="predecessor", critical_float_hours=16.0)
    assert (p6.honor_constraints, p6.free_float_capped, p6.free_float_on_own_calendar) == (False, False, True)
    assert (p6.late_dates_at_work_stop, p6.alap_uses_free_float, p6.alap_successors_follow) == (True, True, False)
    assert p6.lag_calendar == "predecessor" and p6.critical_slack_limit_days == 2.0
    assert cpm.ScheduleOptions.primavera_p6().lag_calendar == "successor"
