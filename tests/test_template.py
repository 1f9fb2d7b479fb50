"""The standard project workbook template: structure read back by openpyxl and LibreOffice."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import holidays
import openpyxl
import pytest
from typer.testing import CliRunner

from pmo_xl.cli import app
from pmo_xl.io.values import ISO_4217_CURRENCIES
from pmo_xl.io.workbook_writer import write_template
from pmo_xl.model.schemas import ALL_TABLES, DERIVED_COLUMNS

WORKBOOKS = Path(__file__).resolve().parent.parent / "workbooks"
CHECKED_IN = {"fr": WORKBOOKS / "modele_projet_fr.xlsx", "en": WORKBOOKS / "project_template_en.xlsx"}

SHEETS_FR = ["Mode d'emploi", "Projet", "Tâches", "Ressources", "Budget", "Risques", "Problèmes", "Actions",
             "Décisions", "Dépendances", "Sprints", "Météo", "Calendrier", "Gantt", "Listes"]
SHEETS_EN = ["How to", "Project", "Tasks", "Resources", "Budget", "Risks", "Issues", "Actions",
             "Decisions", "Dependencies", "Sprints", "Status", "Calendar", "Gantt", "Lists"]


def workbook_signature(path: Path) -> dict:
    """What a template is made of, as openpyxl reads it: sheets, tables, validations, cells."""
    book = openpyxl.load_workbook(path)
    signature = {}
    for sheet in book.worksheets:
        signature[sheet.title] = {
            "state": sheet.sheet_state,
            "freeze": sheet.freeze_panes,
            "tables": sorted((t.name, t.ref, tuple(c.name for c in t.tableColumns)) for t in sheet.tables.values()),
            "validations": sorted((str(v.sqref), v.type, v.operator, v.formula1, v.formula2, v.prompt)
                                  for v in sheet.data_validations.dataValidation),
            "cells": [(c.coordinate, c.value, c.number_format) for row in sheet.iter_rows() for c in row
                      if c.value is not None],
        }
    return signature


def validations_by_column(sheet) -> dict[str, object]:
    """Each validation keyed by the first cell of its range, e.g. "J2"."""
    return {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}


@pytest.fixture(scope="module")
def template_fr(tmp_path_factory) -> Path:
    return write_template(tmp_path_factory.mktemp("fr") / "modele.xlsx", "fr")


@pytest.fixture(scope="module")
def template_en(tmp_path_factory) -> Path:
    return write_template(tmp_path_factory.mktemp("en") / "template.xlsx", "en")


def test_sheets_in_order_with_lists_hidden(template_fr, template_en):
    fr = openpyxl.load_workbook(template_fr)
    en = openpyxl.load_workbook(template_en)
    assert fr.sheetnames == SHEETS_FR
    assert en.sheetnames == SHEETS_EN
    assert [s.sheet_state for s in fr.worksheets] == ["visible"] * 14 + ["hidden"]


def test_every_table_is_an_excel_table_with_the_schema_headers(template_fr, template_en):
    for path, lang in ((template_fr, "fr"), (template_en, "en")):
        book = openpyxl.load_workbook(path)
        for schema in ALL_TABLES:
            sheet = book[schema.sheet(lang)]
            assert list(sheet.tables) == [schema.table(lang)]
            table = sheet.tables[schema.table(lang)]
            headers = [c.name for c in table.tableColumns]
            if schema.key_value:
                assert headers == (["Champ", "Valeur", "Aide"] if lang == "fr" else ["Field", "Value", "Help"])
            else:
                derived = [column.label(lang) for column in DERIVED_COLUMNS.get(schema.key, ())]
                assert headers == schema.headers(lang) + derived
                assert [c.value for c in sheet[1]] == headers
            assert sheet.freeze_panes == ("C2" if schema.key == "tasks" else "A2")


def test_task_headers_project_managers_know(template_fr):
    sheet = openpyxl.load_workbook(template_fr)["Tâches"]
    # the input columns, then the computed area; two example rows and fifty empty rows
    assert sheet.tables["tblTaches"].ref == "A1:AT53"
    assert [sheet[c].value for c in ("AG1", "AM1", "AT1")] == ["Début au plus tôt", "Critique", "CPI"]
    assert [sheet[c].value for c in ("A1", "D1", "E1", "I1", "Q1", "R1", "S1")] == [
        "ID", "Nom de la tâche", "Durée (j)", "Prédécesseurs", "Début réel", "Fin réelle", "% achevé"]


def test_dropdowns_and_ranges(template_fr):
    book = openpyxl.load_workbook(template_fr)
    tasks = validations_by_column(book["Tâches"])
    assert (tasks["J2"].type, tasks["J2"].formula1) == ("list", '"ASAP,ALAP,MSO,MFO,SNET,SNLT,FNET,FNLT"')
    assert str(tasks["J2"].sqref) == "J2:J553"
    assert tasks["G2"].formula1 == '"oui,non"'
    assert (tasks["S2"].type, tasks["S2"].formula1, tasks["S2"].formula2) == ("decimal", "0", "1")  # 0 % to 100 %
    assert tasks["S2"].operator in (None, "between")  # "between" is the OOXML default
    assert (tasks["E2"].type, tasks["E2"].operator, tasks["E2"].formula1) == ("decimal", "greaterThanOrEqual", "0")
    assert tasks["I2"].prompt == "Ex. 12FD+2j; 14DD; 15FF-1j; 7; 3FD+50%; CBM:45FD"
    assert tasks["Q2"].type == "date"
    risks = validations_by_column(book["Risques"])
    assert (risks["C2"].type, risks["C2"].formula1, risks["C2"].formula2) == ("whole", "1", "5")
    assert (risks["D2"].type, risks["D2"].formula1, risks["D2"].formula2) == ("whole", "1", "5")
    assert risks["F2"].formula1 == '"ouvert,en cours,clos,annulé"'
    assert validations_by_column(book["Budget"])["B2"].formula1 == '"CAPEX,OPEX"'
    assert validations_by_column(book["Météo"])["C2"].formula1 == '"vert,orange,rouge"'
    assert validations_by_column(book["Actions"])["F2"].formula1 == '"COPIL,COPROJ,comité technique"'
    assert validations_by_column(book["Dépendances"])["E2"].formula1 == '"FD,DD,FF,DF"'
    assert validations_by_column(book["Décisions"])["E2"].formula1 == '"à décider,approuvée,rejetée,mise en œuvre"'
    card = validations_by_column(book["Projet"])
    assert book["Projet"]["A8"].value == "Méthodologie" and card["B8"].formula1 == '"cycle en V,agile,hybride"'
    assert book["Projet"]["A9"].value == "Phase" and card["B9"].formula1 == (
        '"initialisation,cadrage,conception,réalisation,recette,déploiement,clôture"')
    assert book["Projet"]["A2"].value == "Code projet *"
    currency_count = len(ISO_4217_CURRENCIES)
    assert card["B12"].formula1 == f"'Listes'!$A$2:$A${currency_count + 1}"
    assert validations_by_column(book["Ressources"])["G2"].formula1 == card["B12"].formula1
    lists = book["Listes"]
    codes = [lists.cell(row, 1).value for row in range(2, currency_count + 2)]
    assert codes[:3] == ["MAD", "EUR", "USD"] and set(codes) == ISO_4217_CURRENCIES


def test_calendar_dropdowns(template_fr, template_en):
    book = openpyxl.load_workbook(template_fr)
    calendar = validations_by_column(book["Calendrier"])
    assert calendar["B2"].formula1 == ('"semaine de travail,jours fériés du pays,calendrier de base,exception,'
                                       'férié ajouté,férié travaillé"')
    assert calendar["C2"].prompt.startswith("Semaine de travail : jours concernés, ex. lun-ven ; sam ; dim-jeu. "
                                            "Exception : vide = tous les jours de la période")
    assert len(calendar["C2"].prompt) <= 255  # Excel's limit for an input message
    # the holiday countries: a list on the hidden sheet, after the currencies; "aucun" first, then Morocco
    countries = [code for code in holidays.list_supported_countries() if len(code) == 2]
    assert calendar["G2"].type == "list"
    column = next(c for c in range(1, 20) if book["Listes"].cell(1, c).value == "Pays des fériés")
    letter = openpyxl.utils.get_column_letter(column)
    assert calendar["G2"].formula1 == f"'Listes'!${letter}$2:${letter}${len(countries) + 2}"
    lists = book["Listes"]
    offered = [lists.cell(row, column).value for row in range(2, len(countries) + 3)]
    assert offered[:3] == ["aucun", "MA", "FR"] and set(offered[1:]) == set(countries)
    english = openpyxl.load_workbook(template_en)["Lists"]
    assert [english.cell(row, column).value for row in (1, 2)] == ["Holiday country", "none"]


def test_input_cells_are_unlocked_and_yellow_computed_cells_locked_and_grey(template_fr):
    tasks = openpyxl.load_workbook(template_fr)["Tâches"]
    name, computed = tasks["D2"], tasks["AA2"]
    assert name.protection.locked is False and name.fill.fgColor.rgb == "FFFFF9DB"
    assert computed.protection.locked is True and computed.fill.fgColor.rgb == "FFE7E6E6"
    assert tasks["Q2"].number_format == "dd/mm/yyyy"
    assert tasks["S2"].number_format == "0 %"
    assert tasks["U2"].number_format == '#,##0 "MAD"'
    # the rows below the table carry the same styles through the column formats
    assert tasks.column_dimensions["D"].width == pytest.approx(40, abs=1)


def test_instructions_explain_syntax_codes_and_contact(template_fr, template_en):
    fr = [c.value for row in openpyxl.load_workbook(template_fr)["Mode d'emploi"].iter_rows() for c in row if c.value]
    en = [c.value for row in openpyxl.load_workbook(template_en)["How to"].iter_rows() for c in row if c.value]
    for example in ("12FD+2j", "14DD", "15FF-1j", "3FD+50%", "3FD+2je", "CBM:45FD"):
        assert example in fr
    for example in ("12FS+2d", "14SS", "15FF-1d", "3FS+50%", "3FS+2ed", "CBM:45FS"):
        assert example in en
    assert "Contact" in fr and any("PMO" in str(v) for v in fr)
    assert "ouvert, en cours, clos, annulé" in fr and "Statuts" in fr
    assert any("SNET début au plus tôt le" in str(v) for v in fr)
    assert "open, in progress, closed, cancelled" in en and "Statuses" in en
    # the calendar section names every kind of calendar row with its labels in the sheet's language
    assert {"semaine de travail", "jours fériés du pays", "calendrier de base", "exception",
            "férié ajouté / férié travaillé"} <= set(fr)
    assert {"working week", "holiday country", "base calendar", "holiday added / holiday worked"} <= set(en)
    assert any("Sans cette ligne : lundi-vendredi 08:00-12:00; 13:00-17:00" in str(v) for v in fr)
    assert any("Without it: Moroccan public holidays" in str(v) for v in en)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_checked_in_template_matches_the_code(tmp_path, lang):
    generated = write_template(tmp_path / "generated.xlsx", lang)
    assert workbook_signature(CHECKED_IN[lang]) == workbook_signature(generated)


def test_cli_writes_the_template(tmp_path, template_en):
    out = tmp_path / "t.xlsx"
    result = CliRunner().invoke(app, ["template", "project", "--out", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert workbook_signature(out) == workbook_signature(template_en)
    result = CliRunner().invoke(app, ["template", "project", "--out", str(tmp_path / "f.xlsx")])
    assert result.exit_code == 0 and openpyxl.load_workbook(tmp_path / "f.xlsx").sheetnames == SHEETS_FR


def test_cli_rejects_an_unknown_language(tmp_path):
    result = CliRunner().invoke(app, ["template", "project", "--out", str(tmp_path / "t.xlsx"), "--lang", "de"])
    assert result.exit_code == 2 and not (tmp_path / "t.xlsx").exists()


def _pdf_page_count(pdf: Path) -> int:
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo:
        output = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", output, re.MULTILINE).group(1))
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))


@pytest.mark.libreoffice
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_template_opens_in_libreoffice(tmp_path, soffice, lang):
    source = CHECKED_IN[lang]
    profile = (tmp_path / "profile").as_uri()
    completed = subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=240)
    pdf = tmp_path / (source.stem + ".pdf")
    assert completed.returncode == 0, completed.stderr
    assert pdf.exists(), completed.stdout + completed.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    assert _pdf_page_count(pdf) >= 1
