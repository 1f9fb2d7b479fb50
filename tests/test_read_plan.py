"""``pmo_xl.io.read_plan``: one entry point for workbooks, MSPDI, mpp and XER files, with the scheduling
profile each source implies and the results its tool stored, checked against the files read independently."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from xml.etree import ElementTree

import pandas as pd
import pytest

from pmo_xl.engine.cpm import ScheduleOptions
from pmo_xl.errors import InputError
from pmo_xl.io import PlanReadResult, read_plan
from pmo_xl.io.plan import MPP, MS_PROJECT, MSPDI, PRIMAVERA_P6, WORKBOOK, XER
from pmo_xl.io.workbook_writer import write_project_workbook
from pmo_xl.model.domain import Link, Project, ProjectData, Task

from reference_files import schedule_path

NS = "{http://schemas.microsoft.com/project}"


def _xer_rows(path, table: str) -> list[dict[str, str]]:
    """The rows of one table of an XER file, read as the tab-separated text it is (%T, %F, %R lines)."""
    rows, fields, current = [], [], None
    for line in path.read_text(encoding="cp1252", errors="replace").splitlines():
        parts = line.split("\t")
        if parts[0] == "%T":
            current = parts[1]
        elif parts[0] == "%F" and current == table:
            fields = parts[1:]
        elif parts[0] == "%R" and current == table:
            rows.append(dict(zip(fields, parts[1:])))
    return rows


def test_mspdi_gives_the_plan_the_ms_project_profile_and_the_stored_results():
    path = schedule_path("mspdi_mpxj_relations_5t.xml")
    plan = read_plan(path)
    assert isinstance(plan, PlanReadResult)
    assert (plan.kind, plan.profile, plan.ok) == (MSPDI, MS_PROJECT, True)
    assert plan.options == ScheduleOptions.ms_project()
    tasks = {t.find(NS + "UID").text: t for t in ElementTree.parse(path).getroot().iter(NS + "Task")}
    stored = plan.stored_results.set_index("uid")
    for uid in ("1", "3", "5"):
        expected = datetime.fromisoformat(tasks[uid].find(NS + "EarlyStart").text)
        assert stored.loc[uid, "early_start"] == pd.Timestamp(expected)
        assert stored.loc[uid, "late_finish"] == pd.Timestamp(datetime.fromisoformat(tasks[uid].find(NS + "LateFinish").text))
    assert {t.id for t in plan.data.tasks} == {uid for uid in tasks if uid != "0"}
    assert read_plan(path, stored_results=False).stored_results is None


def test_xer_gives_the_p6_profile_with_the_project_settings_and_p6_results():
    path = schedule_path("xer_p6_hs2_sp10_3994a.xer")
    plan = read_plan(path)
    assert (plan.kind, plan.profile) == (XER, PRIMAVERA_P6)
    project = _xer_rows(path, "PROJECT")[0]
    options = [row for row in _xer_rows(path, "SCHEDOPTIONS") if row["proj_id"] == project["proj_id"]][0]
    assert options["sched_calendar_on_relationship_lag"] == "rcal_Predecessor"
    critical_hours = float(project["critical_drtn_hr_cnt"] or 0)
    assert plan.options == ScheduleOptions.primavera_p6(lag_calendar="predecessor", critical_float_hours=critical_hours)
    assert plan.options.honor_constraints is False and plan.options.free_float_capped is False
    raw = {row["task_id"]: row for row in _xer_rows(path, "TASK")}
    stored = plan.stored_results.set_index("id")
    assert len(stored) == len(raw)
    first = next(iter(raw.values()))
    assert stored.loc[first["task_id"], "early_start"] == pd.Timestamp(first["early_start_date"])
    assert stored.loc[first["task_id"], "total_float_hours"] == float(first["total_float_hr_cnt"])


def test_mpp_gives_the_plan_and_ms_project_results():
    path = schedule_path("mpp_msp2010_training_76t.mpp")
    plan = read_plan(path)
    assert (plan.kind, plan.profile, plan.data.source) == (MPP, MS_PROJECT, str(path))
    assert plan.stored_results is not None
    leaf_rows = plan.stored_results[plan.stored_results["uid"] != "0"]
    assert set(leaf_rows["uid"]) >= {t.id for t in plan.data.tasks}


def test_workbook_gives_the_plan_its_status_date_and_no_stored_results(tmp_path):
    tasks = [Task("1", "Cadrage", duration_days=3), Task("2", "Recette", duration_days=2, predecessors=[Link("1")])]
    project = Project(code="ALPHA", name="Projet Alpha", start=date(2026, 11, 2), status_date=date(2026, 11, 4))
    book = tmp_path / "ALPHA.xlsx"
    write_project_workbook(ProjectData(project, tasks=tasks), book)
    plan = read_plan(book)
    assert (plan.kind, plan.profile, plan.stored_results) == (WORKBOOK, MS_PROJECT, None)
    assert plan.ok and plan.status_date == date(2026, 11, 4)
    assert [(t.id, t.duration_days, [link.predecessor_id for link in t.predecessors]) for t in plan.data.tasks] == [
        ("1", 3, []), ("2", 2, ["1"])]


def test_a_rejected_workbook_comes_back_without_data_and_with_its_problem(tmp_path):
    plan = read_plan(tmp_path / "absent.xlsx")
    assert plan.data is None and not plan.ok and plan.status_date is None
    assert [p.code for p in plan.problems] == ["file_not_found"]


def test_unreadable_files_raise_located_input_errors(tmp_path):
    other = tmp_path / "plan.csv"
    other.write_text("id;name\n", encoding="utf-8")
    with pytest.raises(InputError) as unsupported:
        read_plan(other)
    assert unsupported.value.location.file == str(other) and "'.csv'" in unsupported.value.message
    broken = tmp_path / "broken.xml"
    shutil.copy(schedule_path("mspdi_mpxj_relations_5t.xml"), broken)
    broken.write_text(broken.read_text(encoding="utf-8")[:500], encoding="utf-8")
    with pytest.raises(InputError) as malformed:
        read_plan(broken)
    assert malformed.value.location.file == str(broken) and "not well-formed XML" in malformed.value.message
