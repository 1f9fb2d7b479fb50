"""Reading Primavera P6 XER files: tables, calendars, activities, links, located errors."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from pmo_xl.engine.cpm import ScheduleOptions, schedule
from pmo_xl.errors import InputError, ProblemList
from pmo_xl.io.xer import (
    calendar_hours_per_day,
    parse_calendar_data,
    parse_xer,
    read_p6_settings,
    read_xer,
    read_xer_all,
    read_xer_results,
)
from pmo_xl.model.domain import WorkingPeriod
from pmo_xl.model.enums import ConstraintType, LinkType

from reference_files import find_schedule, schedule_path  # noqa: E402

SEP = "\x7f\x7f"
# Monday-Friday 08:00-12:00 and 13:00-17:00; Saturday 09:00-13:00; 2026-01-01 off;
# 2026-01-03 (a Saturday) worked 10:00-12:00.  Serial 46023 = 2026-01-01.
CALENDAR_DATA = (
    "(0||CalendarData()(" + SEP
    + "  (0||DaysOfWeek()(" + SEP
    + "    (0||1()())" + SEP
    + "".join(
        f"    (0||{day}()({SEP}      (0||0(s|08:00|f|12:00)()){SEP}      (0||1(s|13:00|f|17:00)())))" + SEP
        for day in range(2, 7)
    )
    + "    (0||7()(" + SEP + "      (0||0(s|09:00|f|13:00)())))))" + SEP
    + "  (0||VIEW(ShowTotal|Y)())" + SEP
    + "  (0||Exceptions()(" + SEP
    + "    (0||0(d|46023)())" + SEP
    + "    (0||1(d|46025)(" + SEP + "      (0||0(s|10:00|f|12:00)())))))))"
)

PROJECT_FIELDS = ["proj_id", "proj_short_name", "clndr_id", "last_recalc_date", "plan_start_date",
                  "critical_drtn_hr_cnt", "name_sep_char"]
TASK_FIELDS = ["task_id", "proj_id", "wbs_id", "clndr_id", "task_type", "status_code", "task_code",
               "task_name", "total_float_hr_cnt", "free_float_hr_cnt", "remain_drtn_hr_cnt",
               "target_drtn_hr_cnt", "cstr_date", "act_start_date", "act_end_date", "late_start_date",
               "late_end_date", "early_start_date", "early_end_date", "restart_date", "reend_date",
               "rem_late_start_date", "rem_late_end_date", "cstr_type", "cstr_date2", "cstr_type2",
               "driving_path_flag"]


def task_row(task_id, code, name, *, task_type="TT_Task", status="TK_NotStart", target="16",
             remain=None, cstr_type="", cstr_date="", act_start="", act_end="", early_start="",
             early_end="", total_float="", free_float="", proj_id="1", cstr_type2="", cstr_date2=""):
    values = {
        "task_id": task_id, "proj_id": proj_id, "wbs_id": "11", "clndr_id": "7", "task_type": task_type,
        "status_code": status, "task_code": code, "task_name": name,
        "total_float_hr_cnt": total_float, "free_float_hr_cnt": free_float,
        "remain_drtn_hr_cnt": target if remain is None else remain, "target_drtn_hr_cnt": target,
        "cstr_date": cstr_date, "act_start_date": act_start, "act_end_date": act_end,
        "early_start_date": early_start, "early_end_date": early_end, "cstr_type": cstr_type,
        "cstr_type2": cstr_type2, "cstr_date2": cstr_date2, "driving_path_flag": "N",
    }
    return [values.get(f, "") for f in TASK_FIELDS]


def xer_text(tables: dict[str, tuple[list[str], list[list[str]]]]) -> str:
    lines = ["ERMHDR\t8.2\t2026-01-05\tProject\tadmin\tadmin\tdbx\tProject Management\tEP"]
    for name, (fields, rows) in tables.items():
        lines.append(f"%T\t{name}")
        lines.append("%F\t" + "\t".join(fields))
        lines.extend("%R\t" + "\t".join(row) for row in rows)
    lines.append("%E")
    return "\r\n".join(lines) + "\r\n"


def standard_tables(tasks=None, links=None, projects=None):
    return {
        "PROJECT": (PROJECT_FIELDS, projects or [["1", "DEMO", "7", "2026-01-05 00:00", "2026-01-05 00:00", "0", "."]]),
        "CALENDAR": (["clndr_id", "clndr_name", "base_clndr_id", "clndr_type", "day_hr_cnt", "clndr_data"],
                     [["7", "Semaine 5j", "", "CA_Base", "8", CALENDAR_DATA]]),
        "PROJWBS": (["wbs_id", "proj_id", "proj_node_flag", "wbs_short_name", "wbs_name", "parent_wbs_id"],
                    [["10", "1", "Y", "DEMO", "Projet démo", ""], ["11", "1", "N", "LOT1", "Lot 1", "10"]]),
        "TASK": (TASK_FIELDS, tasks if tasks is not None else [
            task_row("100", "A1000", "Étude", early_start="2026-01-05 08:00", early_end="2026-01-06 17:00",
                     total_float="0", free_float="0"),
            task_row("101", "A1010", "Développement", target="20", cstr_type="CS_MSOA",
                     cstr_date="2026-01-07 08:00", total_float="12", free_float="4"),
            task_row("102", "A1020", "Mise en production", task_type="TT_FinMile", target="0"),
        ]),
        "TASKPRED": (["task_pred_id", "task_id", "pred_task_id", "proj_id", "pred_proj_id", "pred_type",
                      "lag_hr_cnt"],
                     links if links is not None else [
                         ["1", "101", "100", "1", "1", "PR_FS", "-4"],
                         ["2", "102", "101", "1", "1", "PR_FF", "12"],
                     ]),
    }


def write(tmp_path, text: str, encoding: str = "utf-8", name: str = "plan.xer") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


# ---------------------------------------------------------------- calendars


def test_calendar_data_gives_week_hours_and_exceptions():
    spec = parse_calendar_data(CALENDAR_DATA, "Semaine 5j")
    assert spec.holiday_country is None
    # P6 day 2 (Monday) is ISO 0; day 7 (Saturday) is ISO 5; day 1 (Sunday) does not work.
    assert spec.week[0] == [WorkingPeriod(480, 720), WorkingPeriod(780, 1020)]
    assert spec.week[4] == [WorkingPeriod(480, 720), WorkingPeriod(780, 1020)]
    assert spec.week[5] == [WorkingPeriod(540, 780)]
    assert 6 not in spec.week
    assert [(e.start, e.finish, e.periods) for e in spec.exceptions] == [
        (date(2026, 1, 1), date(2026, 1, 1), []),
        (date(2026, 1, 3), date(2026, 1, 3), [WorkingPeriod(600, 720)]),
    ]
    # Five 8 h days and one 4 h day: the usual day is 8 h.
    assert calendar_hours_per_day(spec) == 8.0


def test_calendar_serial_dates_match_the_readme_example():
    text = "(0||CalendarData()((0||DaysOfWeek()((0||2()((0||0(s|08:00|f|16:00)())))))(0||Exceptions()((0||0(d|44557)())))))"
    spec = parse_calendar_data(text)
    assert spec.exceptions[0].start == date(2021, 12, 27)
    assert spec.week == {0: [WorkingPeriod(480, 960)]}


def test_calendar_midnight_end_means_end_of_day():
    text = "(0||CalendarData()((0||DaysOfWeek()((0||2()((0||0(s|18:00|f|00:00)())))))))"
    assert parse_calendar_data(text).week[0] == [WorkingPeriod(18 * 60, 24 * 60)]


def test_unreadable_calendar_is_located(tmp_path):
    tables = standard_tables()
    tables["CALENDAR"][1][0][5] = "(0||CalendarData()((0||DaysOfWeek()((0||2()((0||0(s|08:00"
    path = write(tmp_path, xer_text(tables))
    with pytest.raises(InputError) as caught:
        read_xer(path)
    assert caught.value.location.sheet == "CALENDAR"
    assert caught.value.location.row == 7  # header, %T PROJECT, %F, %R, %T CALENDAR, %F, then the row
    assert caught.value.location.column == "clndr_data"


# ---------------------------------------------------------------- activities and links


def test_activities_links_and_project_card(tmp_path):
    path = write(tmp_path, xer_text(standard_tables()))
    data = read_xer(path)
    assert data.project.code == "DEMO"
    assert data.project.name == "Projet démo"
    assert data.project.status_date == date(2026, 1, 5)
    assert data.project.calendar == "Semaine 5j"
    assert list(data.calendars) == ["Semaine 5j"]
    study, build, go_live = data.tasks
    assert study.id == "100" and study.name == "A1000 – Étude"
    assert study.wbs == "LOT1" and study.outline_level == 1
    assert study.duration_days == 2.0  # 16 h / 8 h
    assert build.duration_days == 2.5  # 20 h / 8 h
    assert build.constraint_type is ConstraintType.SNET
    assert build.constraint_date == datetime(2026, 1, 7, 8, 0)
    assert build.predecessors[0].predecessor_id == "100"
    assert build.predecessors[0].type is LinkType.FS
    assert build.predecessors[0].lag_days == -0.5  # -4 h
    assert go_live.milestone and go_live.duration_days == 0.0
    assert go_live.predecessors[0].type is LinkType.FF
    assert go_live.predecessors[0].lag_days == 1.5  # 12 h
    assert study.source_start == datetime(2026, 1, 5, 8) and study.source_finish == datetime(2026, 1, 6, 17)


def test_encoding_cp1252_and_utf8_give_the_same_names(tmp_path):
    text = xer_text(standard_tables())
    utf8 = read_xer(write(tmp_path, text, "utf-8", "u.xer"))
    cp1252 = read_xer(write(tmp_path, text, "cp1252", "w.xer"))
    assert [t.name for t in utf8.tasks] == [t.name for t in cp1252.tasks]
    assert utf8.tasks[1].name == "A1010 – Développement"
    assert parse_xer(tmp_path / "w.xer").encoding == "cp1252"
    assert parse_xer(tmp_path / "u.xer").encoding == "utf-8"


def test_progress_gives_actual_dates_and_remaining_duration(tmp_path):
    tasks = [
        task_row("100", "A1000", "Fait", status="TK_Complete", target="16", remain="0",
                 act_start="2026-01-05 08:00", act_end="2026-01-06 17:00"),
        task_row("101", "A1010", "En cours", status="TK_Active", target="40", remain="10",
                 act_start="2026-01-07 08:00", act_end=""),
        task_row("102", "A1020", "Rien ne reste", status="TK_Active", target="8", remain="0",
                 act_start="2026-01-08 08:00"),
        task_row("103", "A1030", "Démarrée plus tard", status="TK_Active", target="24", remain="20",
                 act_start="2026-01-12 08:00"),
    ]
    projects = [["1", "DEMO", "7", "2026-01-09 00:00", "2026-01-05 00:00", "0", "."]]
    problems = ProblemList()
    data = read_xer(write(tmp_path, xer_text(standard_tables(tasks=tasks, links=[], projects=projects))),
                    problems=problems)
    done, running, nothing_left, future = data.tasks
    assert done.percent_complete == 100.0
    assert done.actual_finish == datetime(2026, 1, 6, 17)
    assert running.actual_start == datetime(2026, 1, 7, 8) and running.actual_finish is None
    # Actual duration to the data date (Wed 7th and Thu 8th, 8 h each) + 10 h remaining = 26 h.
    assert running.duration_days == 26 / 8
    assert running.percent_complete == pytest.approx(100 * 16 / 26)
    # 8 h done on Thu 8th, nothing remains, not finished: in progress just under 100 %.
    assert nothing_left.duration_days == 1.0
    assert 99.999 < nothing_left.percent_complete < 100.0
    # Started after the data date: nothing done by the data date, 20 h remain; a located warning.
    assert future.duration_days == 2.5 and future.percent_complete == 0.0
    assert [(p.code, p.location.row, p.location.column) for p in problems] == [
        ("actual_after_data_date", 17, "act_start_date")]  # TASK rows are lines 14-17


def test_expected_finish_makes_remaining_work_of_a_late_start_run_from_the_data_date(tmp_path):
    # Both started on Mon 12 after the data date Fri 9, 20 h remaining.  With "use expected finish dates"
    # the one with an expected finish resumes at the data date, as P6 runs it; the other keeps its start.
    fields = TASK_FIELDS + ["expect_end_date"]
    later = task_row("103", "A1030", "Démarrée plus tard", status="TK_Active", target="24", remain="20",
                     act_start="2026-01-12 08:00") + [""]
    expected = task_row("104", "A1040", "Fin attendue", status="TK_Active", target="24", remain="20",
                        act_start="2026-01-12 08:00") + ["2026-01-13 17:00"]
    projects = [["1", "DEMO", "7", "2026-01-09 00:00", "2026-01-05 00:00", "0", "."]]
    tables = standard_tables(tasks=[later, expected], links=[], projects=projects)
    tables["TASK"] = (fields, tables["TASK"][1])
    with_option = dict(tables, SCHEDOPTIONS=(["schedoptions_id", "proj_id", "sched_use_expect_end_flag"],
                                             [["1", "1", "Y"]]))
    data = read_xer(write(tmp_path, xer_text(with_option), name="y.xer"))
    assert [t.resume for t in data.tasks] == [None, datetime(2026, 1, 9)]
    result = schedule(data, status_date=datetime(2026, 1, 9), options=ScheduleOptions(honor_constraints=False))
    finish = result.tasks.set_index("id")["early_finish"]
    # 20 h from Fri 9 08:00: Fri 8 h, Sat 09-13 4 h, Mon 8 h -> Mon 12 17:00; from Mon 12: Tue 13 + Wed 14 4 h
    assert finish["104"] == datetime(2026, 1, 12, 17) and finish["103"] == datetime(2026, 1, 14, 12)
    without = dict(tables, SCHEDOPTIONS=(["schedoptions_id", "proj_id", "sched_use_expect_end_flag"],
                                         [["1", "1", "N"]]))
    assert [t.resume for t in read_xer(write(tmp_path, xer_text(without), name="n.xer")).tasks] == [None, None]


def test_constraint_mapping_and_secondary_deadline(tmp_path):
    codes = ["CS_MSO", "CS_MSOB", "CS_MEO", "CS_MEOA", "CS_MEOB", "CS_ALAP", "CS_MANDSTART"]
    tasks = [task_row(str(200 + i), f"C{i}", code, cstr_type=code,
                      cstr_date="" if code == "CS_ALAP" else "2026-02-02 08:00")
             for i, code in enumerate(codes)]
    tasks.append(task_row("300", "D", "deadline", cstr_type="CS_MSOA", cstr_date="2026-01-12 08:00",
                          cstr_type2="CS_MEOB", cstr_date2="2026-03-02 17:00"))
    data = read_xer(write(tmp_path, xer_text(standard_tables(tasks=tasks, links=[]))))
    kinds = [t.constraint_type for t in data.tasks]
    assert kinds == [ConstraintType.MSO, ConstraintType.SNLT, ConstraintType.MFO, ConstraintType.FNET,
                     ConstraintType.FNLT, ConstraintType.ALAP, ConstraintType.MSO, ConstraintType.SNET]
    assert data.tasks[5].constraint_date is None
    assert data.tasks[-1].deadline == datetime(2026, 3, 2, 17)


def test_level_of_effort_never_drives(tmp_path):
    tasks = [
        task_row("100", "A", "Début"),
        task_row("101", "LOE", "Pilotage", task_type="TT_LOE", target="80"),
        task_row("102", "B", "Suite"),
    ]
    links = [["1", "101", "100", "1", "1", "PR_SS", "0"], ["2", "102", "101", "1", "1", "PR_FS", "0"],
             ["3", "102", "100", "1", "1", "PR_FS", "0"]]
    data = read_xer(write(tmp_path, xer_text(standard_tables(tasks=tasks, links=links))))
    start, effort, after = data.tasks
    assert [l.predecessor_id for l in effort.predecessors] == ["100"]
    assert [l.predecessor_id for l in after.predecessors] == ["100"]
    assert "level of effort" in effort.notes


def test_several_projects_need_a_name(tmp_path):
    projects = [["1", "DEMO", "7", "2026-01-05 00:00", "2026-01-05 00:00", "0", "."],
                ["2", "AUTRE", "7", "2026-02-02 00:00", "2026-02-02 00:00", "0", "."]]
    tasks = [task_row("100", "A", "Un"), task_row("200", "B", "Deux", proj_id="2")]
    links = [["1", "200", "100", "2", "1", "PR_FS", "8"]]
    path = write(tmp_path, xer_text(standard_tables(tasks=tasks, links=links, projects=projects)))
    with pytest.raises(InputError) as caught:
        read_xer(path)
    assert "DEMO, AUTRE" in caught.value.problems[0].found
    other = read_xer(path, "AUTRE")
    assert [t.id for t in other.tasks] == ["200"]
    link = other.tasks[0].predecessors[0]
    assert (link.predecessor_id, link.predecessor_project, link.lag_days) == ("100", "DEMO", 1.0)
    assert [d.project.code for d in read_xer_all(path)] == ["DEMO", "AUTRE"]
    assert read_xer(path, "2").project.status_date == date(2026, 2, 2)


def test_link_to_unknown_activity_is_a_warning(tmp_path):
    links = [["1", "101", "999", "1", "1", "PR_FS", "0"]]
    problems = ProblemList()
    data = read_xer(write(tmp_path, xer_text(standard_tables(links=links))), problems=problems)
    assert data.tasks[1].predecessors == []
    assert [(p.code, p.found, p.location.sheet, p.location.row) for p in problems] == [
        ("unknown_predecessor", "999", "TASKPRED", 19)]


# ---------------------------------------------------------------- located errors


def test_not_an_xer_file(tmp_path):
    path = write(tmp_path, "task_id;name\n1;foo\n", name="plan.csv")
    with pytest.raises(InputError) as caught:
        read_xer(path)
    problem = caught.value.problems[0]
    assert problem.code == "not_xer" and problem.found == "task_id;name"
    assert caught.value.location.file == str(path) and caught.value.location.row == 1


def test_missing_table(tmp_path):
    tables = standard_tables()
    del tables["TASK"]
    with pytest.raises(InputError) as caught:
        read_xer(write(tmp_path, xer_text(tables)))
    assert caught.value.location.sheet == "TASK"
    assert caught.value.problems[0].code == "missing_table"


def test_bad_date_is_located_on_its_line_and_column(tmp_path):
    tasks = [task_row("100", "A1000", "Étude"),
             task_row("101", "A1010", "Dév", early_start="2026-13-45 08:00")]
    with pytest.raises(InputError) as caught:
        read_xer(write(tmp_path, xer_text(standard_tables(tasks=tasks))))
    location = caught.value.location
    # line 1 header; PROJECT 2-4; CALENDAR 5-7; PROJWBS 8-11; TASK %T 12, %F 13, rows 14 and 15
    assert (location.sheet, location.row, location.column) == ("TASK", 15, "early_start_date")
    assert caught.value.problems[0].found == "2026-13-45 08:00"


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError) as caught:
        read_xer(tmp_path / "absent.xer")
    assert caught.value.location.file == str(tmp_path / "absent.xer")


# ---------------------------------------------------------------- P6's results


def test_results_frame_converts_float_with_the_activity_calendar(tmp_path):
    frame = read_xer_results(write(tmp_path, xer_text(standard_tables())))
    row = frame.set_index("id").loc["101"]
    assert row["code"] == "A1010"
    assert row["total_float_hours"] == 12.0 and row["total_float_days"] == 1.5
    assert row["free_float_days"] == 0.5
    assert not row["critical"]
    assert frame.set_index("id").loc["100", "critical"]


# ---------------------------------------------------------------- real P6 files


def test_takt_file_counts_and_christmas_shutdown():
    data = read_xer(schedule_path("xer_p6_takt_building_25a.xer"))
    assert len(data.tasks) == 25
    assert sum(len(t.predecessors) for t in data.tasks) == 40
    calendar = data.calendars["Standard 5 Day Workweek"]
    assert [e.start for e in calendar.exceptions] == [date(2021, 12, d) for d in range(27, 32)]
    assert data.project.status_date == date(2021, 11, 30)
    studs = data.task("37896")
    assert studs.name == "A1010 – Studs" and studs.duration_days == 5.0


def test_hs2_file_counts_match_the_readme():
    path = schedule_path("xer_p6_hs2_sp10_3994a.xer")
    data = read_xer(path)
    assert len(data.tasks) == 3994
    assert data.project.status_date == date(2017, 9, 16)
    kinds = [t.constraint_type for t in data.tasks]
    assert kinds.count(ConstraintType.MFO) == 786
    assert kinds.count(ConstraintType.ALAP) == 381
    assert kinds.count(ConstraintType.SNET) == 256
    assert kinds.count(ConstraintType.MSO) == 4
    assert sum(t.milestone for t in data.tasks) == 1037 + 319
    assert sum(t.actual_finish is not None for t in data.tasks) == 523
    # 5966 relationships, of which those leaving the 3 level-of-effort activities are left out.
    xer = parse_xer(path)
    loe = {row["task_id"] for _, row in xer.table("TASK").records() if row["task_type"] == "TT_LOE"}
    from_loe = sum(1 for _, row in xer.table("TASKPRED").records() if row["pred_task_id"] in loe)
    assert sum(len(t.predecessors) for t in data.tasks) == 5966 - from_loe
    results = read_xer_results(path)
    assert (results["total_float_hours"] < 0).sum() == 919


def test_unknown_calendar_of_an_activity_is_located(tmp_path):
    tasks = [task_row("100", "A1000", "Étude")]
    tasks[0][TASK_FIELDS.index("clndr_id")] = "99"
    with pytest.raises(InputError) as caught:
        read_xer(write(tmp_path, xer_text(standard_tables(tasks=tasks, links=[]))))
    location = caught.value.location
    assert (location.sheet, location.row, location.column) == ("TASK", 14, "clndr_id")
    assert caught.value.problems[0].found == "99"


def test_calendar_without_data_takes_its_base_calendar(tmp_path):
    tables = standard_tables()
    tables["CALENDAR"][1].append(["8", "Ressource", "7", "CA_Rsrc", "8", ""])
    tasks = [task_row("100", "A1000", "Étude")]
    tasks[0][TASK_FIELDS.index("clndr_id")] = "8"
    tables["TASK"] = (TASK_FIELDS, tasks)
    tables["TASKPRED"] = (tables["TASKPRED"][0], [])
    data = read_xer(write(tmp_path, xer_text(tables)))
    derived = data.calendars["Ressource"]
    assert derived.base == "Semaine 5j"
    assert data.calendars["Semaine 5j"] is not derived  # the base calendar comes along
    assert derived.week == parse_calendar_data(CALENDAR_DATA).week
    assert [e.start for e in derived.exceptions] == [date(2026, 1, 1), date(2026, 1, 3)]


def test_missing_field_is_located(tmp_path):
    tables = standard_tables()
    fields, rows = tables["TASKPRED"]
    index = fields.index("pred_type")
    tables["TASKPRED"] = (fields[:index] + fields[index + 1:], [r[:index] + r[index + 1:] for r in rows])
    with pytest.raises(InputError) as caught:
        read_xer(write(tmp_path, xer_text(tables)))
    assert (caught.value.location.sheet, caught.value.location.column) == ("TASKPRED", "pred_type")


def test_p6_settings_give_the_lag_calendar_and_the_critical_threshold(tmp_path):
    projects = [["1", "DEMO", "7", "2026-01-05 00:00", "2026-01-05 00:00", "16", "."]]
    plain = read_p6_settings(write(tmp_path, xer_text(standard_tables(projects=projects)), name="a.xer"))
    assert plain == {"critical_float_hours": 16.0, "lag_calendar": None}
    for setting, expected in (("rcal_Predecessor", "predecessor"), ("rcal_Successor", "successor"),
                              ("rcal_24Hour", None)):
        tables = dict(standard_tables(), SCHEDOPTIONS=(
            ["schedoptions_id", "proj_id", "sched_calendar_on_relationship_lag"], [["1", "1", setting]]))
        path = write(tmp_path, xer_text(tables), name=f"{setting}.xer")
        assert read_p6_settings(path) == {"critical_float_hours": 0.0, "lag_calendar": expected}
    from pmo_xl.cli.schedule_cmd import schedule_options

    options = schedule_options(write(tmp_path, xer_text(standard_tables(projects=projects)), name="b.xer"))
    assert options.critical_slack_limit_days == 2.0 and options.lag_calendar == "successor"
    assert not options.honor_constraints and options.alap_uses_free_float and options.late_dates_at_work_stop
