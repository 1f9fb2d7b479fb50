"""The command-line contract: exit codes, truncated plan files refused where they break, CSV safe to open."""

from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmo_xl.cli import app
from pmo_xl.cli.output import ExitCode, exit_code_for
from pmo_xl.errors import InputError, MissingToolError, PmoError
from pmo_xl.io.csv_out import safe_csv_text
from pmo_xl.io.mspdi import read_mspdi
from pmo_xl.io.xer import parse_xer
from pmo_xl.io.workbook_reader import read_project_workbook
from pmo_xl.io.workbook_writer import write_project_workbook

from reference_files import schedule_path
from test_portfolio_data import project_app

runner = CliRunner()


def test_the_exit_codes_are_the_documented_ones():
    assert [int(code) for code in ExitCode] == [0, 1, 2, 3, 4]
    assert exit_code_for(InputError("x")) is ExitCode.DATA_PROBLEMS
    assert exit_code_for(MissingToolError("no Java")) is ExitCode.ENVIRONMENT
    assert exit_code_for(KeyError("defect")) is ExitCode.INTERNAL
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for code in ExitCode:
        assert f"| {int(code)} |" in readme


def test_a_truncated_xer_file_is_refused_at_its_last_line(tmp_path):
    lines = schedule_path("xer_p6_hs2_sp10_3994a.xer").read_bytes().splitlines(keepends=True)
    half = tmp_path / "half.xer"
    half.write_bytes(b"".join(lines[: len(lines) // 2]))
    with pytest.raises(InputError) as refused:
        parse_xer(half)
    [problem] = refused.value.problems
    assert (problem.code, problem.location.row) == ("truncated", len(lines) // 2)
    outcome = runner.invoke(app, ["schedule", str(half)])
    assert outcome.exit_code == 1 and "truncated XER file" in outcome.output


def test_an_implausible_activity_duration_is_refused(tmp_path):
    text = schedule_path("xer_p6_hs2_sp10_3994a.xer").read_text(encoding="cp1252", errors="replace")
    lines = text.splitlines()
    fields_line = next(n for n, line in enumerate(lines) if line.startswith("%T\tTASK")) + 1
    fields = lines[fields_line].split("\t")[1:]
    column = fields.index("target_drtn_hr_cnt")
    first_row = fields_line + 1
    cells = lines[first_row].split("\t")
    cells[column + 1] = "1e15"
    lines[first_row] = "\t".join(cells)
    damaged = tmp_path / "huge.xer"
    damaged.write_text("\n".join(lines) + "\n", encoding="cp1252", errors="replace")
    outcome = runner.invoke(app, ["schedule", str(damaged)])
    assert outcome.exit_code == 1
    assert "implausible duration in TASK.target_drtn_hr_cnt" in outcome.output


def test_a_truncated_mspdi_file_is_refused_with_the_open_element(tmp_path):
    text = schedule_path("mspdi_mpxj_relations_5t.xml").read_text(encoding="utf-8")
    cut = text.index("<Tasks>") + text[text.index("<Tasks>"):].index("<Name>") + len("<Name>") + 2
    half = tmp_path / "half.xml"
    half.write_text(text[:cut], encoding="utf-8")
    with pytest.raises(InputError) as refused:
        read_mspdi(half)
    [problem] = refused.value.problems
    assert problem.code == "bad_xml"
    assert problem.location.column == "Project/Tasks/Task/Name"
    assert problem.location.row == text[:cut].count("\n") + 1


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes are POSIX")
@pytest.mark.parametrize("suffix", [".xml", ".xer", ".xlsx"])
def test_schedule_refuses_a_named_pipe(tmp_path, suffix):
    pipe = tmp_path / f"plan{suffix}"
    os.mkfifo(pipe)
    outcome = runner.invoke(app, ["schedule", str(pipe)])
    assert outcome.exit_code == 1
    if suffix == ".xlsx":
        [problem] = read_project_workbook(pipe).problems
    else:
        with pytest.raises(InputError) as refused:
            (read_mspdi if suffix == ".xml" else parse_xer)(pipe)
        [problem] = refused.value.problems
    assert (problem.code, problem.found) == ("special_file", "a named pipe")


@pytest.mark.parametrize("text, written", [
    ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"), ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("@SUM(A1)", "'@SUM(A1)"), ("+33 6", "'+33 6"), ("-2 jours", "'-2 jours"), ("\tTab", "'\tTab"),
    ("\rCR", "'\rCR"), ("Recette", "Recette"), (2.5, 2.5)])
def test_csv_text_is_escaped_against_formulas(text, written):
    assert safe_csv_text(text) == written


def test_schedule_csv_names_cannot_run_as_formulas(tmp_path):
    data = project_app()
    data.tasks[0].name = "=HYPERLINK(\"http://evil\",\"clic\")"
    data.tasks[1].name = "@SUM(1+1)*cmd|' /C calc'!A0"
    workbook = write_project_workbook(data, tmp_path / "APP.xlsx")
    out = tmp_path / "plan.csv"
    outcome = runner.invoke(app, ["schedule", str(workbook), "--out", str(out)])
    assert outcome.exit_code == 0, outcome.output
    with open(out, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["name"] == "'=HYPERLINK(\"http://evil\",\"clic\")"
    assert rows[1]["name"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert all(not row["total_float_days"].startswith("'") for row in rows)


def test_schedule_exits_1_when_it_printed_errors(tmp_path):
    data = project_app()
    workbook = write_project_workbook(data, tmp_path / "APP.xlsx")
    import openpyxl

    book = openpyxl.load_workbook(workbook)
    book["Tâches"]["E2"] = "beaucoup"  # a duration that is not a number: an error on its cell
    book.save(workbook)
    outcome = runner.invoke(app, ["schedule", str(workbook)])
    assert outcome.exit_code == 1
    assert "E2" in outcome.output


def test_internal_errors_exit_4_without_traceback(tmp_path, monkeypatch):
    import pmo_xl.cli as cli

    def defect(*args, **kwargs):
        raise ZeroDivisionError("a defect")

    monkeypatch.setattr(cli, "app", defect)
    with pytest.raises(SystemExit) as stopped:
        cli.main()
    assert stopped.value.code == 4
    assert not isinstance(ZeroDivisionError(), PmoError)
