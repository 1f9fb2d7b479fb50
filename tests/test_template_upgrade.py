"""``pmo-xl template upgrade``: a workbook of the previous template version brought to the current one.

The previous-version workbooks under tests/data/workbooks were written by the template code of version 1
(see the README there); the upgrade must keep every entry.
"""

from __future__ import annotations

import dataclasses
import json
import shutil

import openpyxl
import pytest

from pmo_xl.model.period import reporting_period_for
from typer.testing import CliRunner

from conftest import sample_project_data
from pmo_xl.cli import app
from pmo_xl.io.template_version import card_template_version
from pmo_xl.io.workbook_reader import read_project_workbook
from pmo_xl.model.schemas import PREVIOUS_TEMPLATE_VERSION, TEMPLATE_VERSION
from pmo_xl.service.template_upgrade import upgrade_workbook
from reference_files import VENDORED
from test_workbook_roundtrip import differences

PREVIOUS = VENDORED.parent / "workbooks"


def old_copy(tmp_path, name: str = "projet_v1_fr.xlsx"):
    path = tmp_path / name
    shutil.copy(PREVIOUS / name, path)
    return path


def version_of(path) -> str:
    book = openpyxl.load_workbook(path)
    card = book["Projet"] if "Projet" in book.sheetnames else book["Project"]
    return card_template_version([[c.value for c in row] for row in card.iter_rows()])


def entries(path) -> dict[tuple[str, str, int], object]:
    """Every non-empty cell of the table sheets keyed by (sheet, header, data row), the card by its label."""
    book = openpyxl.load_workbook(path)
    found = {}
    for sheet in book.worksheets:
        if sheet.title in ("Instructions", "Mode d'emploi", "How to", "Listes", "Lists", "Gantt"):
            continue
        if sheet.title in ("Projet", "Project"):
            for row in sheet.iter_rows(min_row=2):
                if row[1].value not in (None, "") and not str(row[0].value).startswith(("Version", "Template")):
                    found[(sheet.title, str(row[0].value), 0)] = row[1].value
            continue
        headers = [c.value for c in sheet[1]]
        for index, row in enumerate(sheet.iter_rows(min_row=2), start=1):
            for header, cell in zip(headers, row):
                if cell.value not in (None, "") and cell.data_type != "f":
                    found[(sheet.title, header, index)] = cell.value
    return found


@pytest.mark.parametrize("name", ["projet_v1_fr.xlsx", "project_v1_en.xlsx"])
def test_upgrade_keeps_every_entry_and_the_model(tmp_path, name):
    path = old_copy(tmp_path, name)
    before = entries(path)
    assert version_of(path) == PREVIOUS_TEMPLATE_VERSION
    report = upgrade_workbook(path)
    assert report.upgraded and report.old_version == "1" and version_of(path) == TEMPLATE_VERSION
    assert report.backup.read_bytes() == (PREVIOUS / name).read_bytes()
    after = entries(path)
    assert {key: after.get(key) for key in before} == before
    result = read_project_workbook(path)
    assert [str(p) for p in result.problems] == []
    assert differences(dataclasses.replace(sample_project_data(), source=str(path)), result.data) == []
    assert ("Tâches" if name.endswith("fr.xlsx") else "Tasks", "Début au plus tôt" if name.endswith("fr.xlsx")
            else "Early start") in report.added_columns


def test_moved_columns_added_columns_and_sheets_and_bad_values_are_kept(tmp_path):
    path = old_copy(tmp_path)
    book = openpyxl.load_workbook(path)
    risks = book["Risques"]
    risks.move_range("B1:B10", cols=20)  # the title column moved far right by the PM
    risks["Z1"] = "Commentaire PMO"
    risks["Z2"] = "à revoir en COPIL"
    tasks = book["Tâches"]
    tasks["E3"] = "trois jours"  # a bad duration stays as typed
    extra = book.create_sheet("Mes notes")
    extra["A1"] = "Réunion du 12/11"
    book.save(path)
    before = entries(path)
    report = upgrade_workbook(path)
    assert [(m.header, m.old_column, m.new_column) for m in report.moved if m.sheet == "Risques"] == [
        ("Intitulé", "V", "B")]
    assert ("Risques", "Commentaire PMO") in report.kept_extra_columns and "Mes notes" in report.kept_extra_sheets
    after = entries(path)
    moved = {key: value for key, value in before.items() if key[0] not in ("Mes notes",)}
    assert {key: after.get(key) for key in moved} == moved
    upgraded = openpyxl.load_workbook(path)
    assert upgraded["Mes notes"]["A1"].value == "Réunion du 12/11"
    problems = read_project_workbook(path).problems
    assert [p.location.cell for p in problems if p.is_error] == ["E3"]


def test_a_current_workbook_is_left_as_it_is(tmp_path):
    path = old_copy(tmp_path)
    upgrade_workbook(path)
    content = path.read_bytes()
    again = upgrade_workbook(path)
    assert not again.upgraded and path.read_bytes() == content


def test_cli_upgrades_several_files_and_goes_on_after_a_failure(tmp_path):
    first, second = old_copy(tmp_path), old_copy(tmp_path, "project_v1_en.xlsx")
    missing = tmp_path / "absent.xlsx"
    result = CliRunner().invoke(app, ["template", "upgrade", str(first), str(missing), str(second), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [w["file"] for w in report["workbooks"]] == [str(first), str(second)] and report["failed"] == 1
    assert all(w["upgraded"] and w["new_version"] == TEMPLATE_VERSION for w in report["workbooks"])


def test_reading_a_previous_version_warns_to_upgrade(tmp_path):
    result = read_project_workbook(old_copy(tmp_path))
    warnings = [p for p in result.problems if p.code == "old_template"]
    assert len(warnings) == 1 and not warnings[0].is_error and warnings[0].found == "1"
    assert result.data is not None and len(result.data.tasks) == 10


def test_consolidation_accepts_the_previous_version_and_names_the_projects_to_upgrade(tmp_path):
    from pmo_xl.io.workbook_writer import write_project_workbook
    from pmo_xl.service.consolidate import consolidate
    from pmo_xl.io.master.template import write_master_template
    from pmo_xl.io.master.reader import read_snapshot
    from test_portfolio_data import STATUS_DATE, project_app  # BNK is in the previous version

    master = write_master_template(tmp_path / "portefeuille_maitre.xlsx")
    projects = tmp_path / "projets"
    projects.mkdir()
    write_project_workbook(project_app(), projects / "APP.xlsx")
    shutil.copy(PREVIOUS / "bnk_v1_fr.xlsx", projects / "BNK.xlsx")
    result = consolidate(master, period=reporting_period_for(STATUS_DATE))
    assert sorted(result.consolidated) == ["APP", "BNK"] and result.failed == []
    errors = read_snapshot(master).errors
    to_upgrade = errors[errors["message"].str.contains("mettez-le à jour avec pmo-xl template upgrade")]
    assert list(to_upgrade["file"].map(lambda f: f.rsplit("/", 1)[-1])) == ["BNK.xlsx"]
