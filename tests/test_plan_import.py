"""``pmo-xl template project --from PLAN``: a plan imported into the standard workbook schedules as the original.

Acceptance: for every MSPDI, XER and .mpp reference file, import -> validate (no error) -> schedule gives the
early and late dates and the floats of scheduling the original file, task by task.  What the workbook does not
hold is on the Import sheet; bad files get a located note or a located refusal, never a traceback.
"""

from __future__ import annotations

from pmo_xl.engine.cpm import ScheduleOptions

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from pmo_xl.cli import app
from pmo_xl.io.plan import read_plan, scheduling_profile as schedule_options
from pmo_xl.engine.cpm import schedule
from pmo_xl.errors import InputError
from pmo_xl.io.workbook_reader import read_project_workbook
from pmo_xl.model.enums import LagCalendar, SchedulingProfile
from pmo_xl.service.plan_import import import_plan
from reference_files import schedule_path

REFERENCE_PLANS = [
    "mspdi_mpxj_relations_5t.xml", "mspdi_mpxj_sample_19t.xml", "mspdi_mpxj_durations_10t.xml",
    "mspdi_msp2016_software_dev_86t.xml", "xer_p6_takt_building_25a.xer", "xer_p6_house_198a.xer",
    "xer_p6cloud_summary_23a.xer",
    "xer_p6_hs2_sp10_3994a.xer", "mpp_msp2010_homemove_171t.mpp", "mpp_msp2010_training_76t.mpp",
]


def scheduled_rows(result) -> dict[str, dict]:
    return {row["id"]: row for row in result.to_csv_rows()}


@pytest.mark.parametrize("name", REFERENCE_PLANS)
def test_the_imported_workbook_validates_and_schedules_as_the_original(tmp_path, name):
    source = schedule_path(name)
    report = import_plan(source, tmp_path / "importe.xlsx")
    read = read_project_workbook(report.workbook)
    assert [str(p) for p in read.problems if p.is_error] == []
    original = read_plan(source, stored_results=False).data
    assert ScheduleOptions.for_project(read.data.project) == schedule_options(source)
    expected = schedule(original, status_date=original.project.status_date, options=schedule_options(source))
    # the workbook is scheduled as `pmo-xl schedule` schedules a workbook: with the rules of its card
    actual = schedule(read.data, status_date=read.data.project.status_date,
                      options=ScheduleOptions.for_project(read.data.project))
    expected_rows, actual_rows = scheduled_rows(expected), scheduled_rows(actual)
    assert expected_rows.keys() == actual_rows.keys()
    fields = ("early_start", "early_finish", "late_start", "late_finish", "total_float_days", "free_float_days",
              "critical")
    mismatches = [(task_id, f, expected_rows[task_id][f], actual_rows[task_id][f])
                  for task_id in expected_rows for f in fields
                  if expected_rows[task_id][f] != actual_rows[task_id][f]]
    assert mismatches == []


@pytest.mark.parametrize("name, data_date, late_starts", [
    # the activities (task_id; task_code 340, A1050, A1360) whose act_start_date in the TASK table is after
    # the project's last_recalc_date
    ("xer_p6_house_198a.xer", "03/08/2013", {"106254": "23/02/2014 12:00"}),
    ("xer_p6cloud_summary_23a.xer", "24/03/2025", {"4540645": "31/03/2025 10:30", "4540656": "31/03/2025 08:30"}),
])
def test_an_actual_start_after_the_data_date_is_kept_and_flagged_on_its_cell(tmp_path, name, data_date,
                                                                            late_starts):
    report = import_plan(schedule_path(name), tmp_path / "importe.xlsx")
    read = read_project_workbook(report.workbook)
    assert set(late_starts) <= {task.id for task in read.data.tasks}
    sheet = openpyxl.load_workbook(report.workbook)["Tâches"]
    headers = {cell.value: cell.column_letter for cell in sheet[1]}
    rows = {str(row[0].value): row[0].row for row in sheet.iter_rows(min_row=2) if row[0].value is not None}
    flagged = {p.location.cell: p for p in read.problems if p.code == "after_status_date"}
    assert set(flagged) == {f"{headers['Début réel']}{rows[task_id]}" for task_id in late_starts}
    for task_id, found in late_starts.items():
        problem = flagged[f"{headers['Début réel']}{rows[task_id]}"]
        assert not problem.is_error and problem.location.sheet == "Tâches"
        assert (problem.message, problem.found) == ("actual start after status date", found)
        assert problem.expected == f"on or before the status date {data_date}"
    result = CliRunner().invoke(app, ["validate", str(report.workbook)])
    assert result.exit_code == 0, result.output
    assert "début réel après la date d'état" in result.output


def test_cli_imports_then_schedules_the_workbook_as_the_plan(tmp_path):
    source = schedule_path("mspdi_mpxj_relations_5t.xml")
    out = tmp_path / "projet.xlsx"
    result = CliRunner().invoke(app, ["template", "project", "--from", str(source), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["tasks"] == 5 and report["errors"] == 0
    from_plan = CliRunner().invoke(app, ["schedule", str(source), "--out", str(tmp_path / "a.csv")])
    from_book = CliRunner().invoke(app, ["schedule", str(out), "--out", str(tmp_path / "b.csv")])
    assert from_plan.exit_code == 0 and from_book.exit_code == 0, from_book.output
    assert (tmp_path / "a.csv").read_text() == (tmp_path / "b.csv").read_text()


def test_a_p6_plan_keeps_p6_rules_on_the_card(tmp_path):
    report = import_plan(schedule_path("xer_p6_hs2_sp10_3994a.xer"), tmp_path / "p6.xlsx", "en")
    project = read_project_workbook(report.workbook).data.project
    assert project.scheduling_profile is SchedulingProfile.PRIMAVERA_P6
    assert project.lag_calendar is LagCalendar.PREDECESSOR and project.critical_float_days == 0
    card = openpyxl.load_workbook(report.workbook)["Project"]
    values = {card.cell(row, 1).value: card.cell(row, 2).value for row in range(2, 30)}
    assert values["Scheduling profile"] == "Primavera P6" and values["Lag calendar"] == "predecessor"


def notes_sheet(path) -> list[tuple]:
    sheet = openpyxl.load_workbook(path)["Import"]
    return [tuple(cell.value for cell in row[:5]) for row in sheet.iter_rows(min_row=4) if row[0].value]


def test_the_import_sheet_lists_what_the_workbook_does_not_hold(tmp_path):
    report = import_plan(schedule_path("mspdi_mpxj_sample_19t.xml"), tmp_path / "sample.xlsx")
    rows = notes_sheet(report.workbook)
    recurring = [row for row in rows if row[1].startswith("tâche périodique")]
    assert [row[2] for row in recurring] == ["Task / UID 6", "Task / UID 7", "Task / UID 8"]
    assert any(row[1].startswith("données réparties dans le temps") and row[3] == "162" for row in rows)
    xer = import_plan(schedule_path("xer_p6_hs2_sp10_3994a.xer"), tmp_path / "hs2.xlsx")
    codes = {note.code for note in xer.notes}
    assert {"p6_resources", "p6_assignments", "p6_non_driving"} <= codes
    assert len(notes_sheet(xer.workbook)) == len(xer.notes)


def test_a_plan_with_nothing_left_out_says_so(tmp_path):
    report = import_plan(schedule_path("mpp_msp2010_training_76t.mpp"), tmp_path / "training.xlsx")
    assert report.notes == []
    sheet = openpyxl.load_workbook(report.workbook)["Import"]
    assert sheet["B4"].value == "Rien : tout le plan est dans le classeur."


def _mspdi_variant(tmp_path, name: str, old: str, new: str, count: int = 1) -> Path:
    text = schedule_path("mspdi_mpxj_relations_5t.xml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


def test_a_truncated_mspdi_file_is_refused_with_a_located_error(tmp_path):
    content = schedule_path("mspdi_mpxj_relations_5t.xml").read_bytes()
    truncated = tmp_path / "cut.xml"
    truncated.write_bytes(content[: len(content) // 3])
    result = CliRunner().invoke(app, ["template", "project", "--from", str(truncated), "--out",
                                      str(tmp_path / "x.xlsx")])
    assert result.exit_code == 1 and (result.exception is None or isinstance(result.exception, SystemExit))
    assert "cut.xml" in result.stderr
    with pytest.raises(InputError) as caught:
        import_plan(truncated, tmp_path / "x.xlsx")
    assert caught.value.location.file == str(truncated) and caught.value.location.row is not None
    assert not (tmp_path / "x.xlsx").exists()


def test_a_truncated_xer_file_is_refused_at_the_line_where_it_stops(tmp_path):
    lines = schedule_path("xer_p6_takt_building_25a.xer").read_bytes().splitlines(keepends=True)
    truncated = tmp_path / "cut.xer"
    truncated.write_bytes(b"".join(lines[: len(lines) - 5]))
    with pytest.raises(InputError, match="truncated XER file") as refused:
        import_plan(truncated, tmp_path / "x.xlsx")
    assert refused.value.location.row == len(lines) - 5
    assert not (tmp_path / "x.xlsx").exists()


def test_a_cycle_is_a_located_note(tmp_path):
    text = schedule_path("mspdi_mpxj_relations_5t.xml").read_text(encoding="utf-8")
    first_task = text.index("<UID>1</UID>", text.index("<Tasks>"))
    insert_at = text.index("</Task>", first_task)
    link = "<PredecessorLink><PredecessorUID>2</PredecessorUID><Type>1</Type></PredecessorLink>"
    path = tmp_path / "cycle.xml"
    path.write_text(text[:insert_at] + link + text[insert_at:], encoding="utf-8")
    report = import_plan(path, tmp_path / "cycle.xlsx")
    cycles = [note for note in report.notes if note.code == "cycle"]
    assert len(cycles) == 1 and "1" in cycles[0].found.split(" -> ") and "2" in cycles[0].found.split(" -> ")


def test_a_dangling_link_and_a_missing_calendar_are_located(tmp_path):
    dangling = _mspdi_variant(tmp_path, "dangling.xml", "<PredecessorUID>1</PredecessorUID>",
                              "<PredecessorUID>999</PredecessorUID>")
    report = import_plan(dangling, tmp_path / "dangling.xlsx")
    notes = [note for note in report.notes if note.code == "dangling_link"]
    assert [(n.location.cell, n.found) for n in notes] == [("UID 2", "PredecessorUID 999")]
    no_calendar = _mspdi_variant(tmp_path, "nocal.xml", "<CalendarUID>-1</CalendarUID>",
                                 "<CalendarUID>77</CalendarUID>", count=-1)
    with pytest.raises(InputError) as caught:
        import_plan(no_calendar, tmp_path / "nocal.xlsx")
    assert caught.value.location.file == str(no_calendar) and "77" in caught.value.message


def test_an_xer_link_to_a_missing_activity_is_a_located_note(tmp_path):
    lines = schedule_path("xer_p6_takt_building_25a.xer").read_text(encoding="utf-8").splitlines()
    start = lines.index(next(line for line in lines if line.startswith("%T\tTASKPRED")))
    fields = lines[start + 1].split("\t")
    row = lines[start + 2].split("\t")
    row[fields.index("pred_task_id")] = "424242"
    lines[start + 2] = "\t".join(row)
    path = tmp_path / "dangling.xer"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_plan(path, tmp_path / "dangling.xlsx")
    notes = [note for note in report.notes if note.code == "reader_problem"]
    assert notes and notes[0].location.file == str(path) and notes[0].location.row == start + 3
