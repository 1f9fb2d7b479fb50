"""The template helps a project manager: protection, controlled lists, examples, widths, formats, formulas."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from pmo_xl.io.referential import ControlledLists, read_referential
from pmo_xl.io.workbook_reader import read_project_workbook
from pmo_xl.io.workbook_writer import write_template
from pmo_xl.model.schemas import ALL_TABLES, DERIVED_COLUMNS, TEMPLATE_VERSION, ValueKind

LISTS = ControlledLists(programmes=["Transformation digitale", "Conformité"], business_lines=["Retail", "Corporate"],
                        owners=["Salma Benali", "Youssef Alaoui"], risk_categories=["fournisseur", "technique"])


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return write_template(tmp_path_factory.mktemp("helps") / "modele.xlsx", "fr", LISTS)


@pytest.fixture(scope="module")
def book(template):
    return openpyxl.load_workbook(template)


def columns_of(sheet) -> dict[str, int]:
    return {cell.value: cell.column for cell in sheet[1] if cell.value}


def test_every_sheet_is_protected_without_password_input_cells_unlocked(book):
    for sheet in book.worksheets:
        assert sheet.protection.sheet, sheet.title
        assert not sheet.protection.password, sheet.title
    tasks = book["Tâches"]
    headers = columns_of(tasks)
    assert tasks.cell(3, headers["Nom de la tâche"]).protection.locked is False
    for label in ("Début au plus tôt", "Marge totale (j)", "Critique", "Valeur acquise (VA)", "Fin calculée"):
        cell = tasks.cell(3, headers[label])
        assert cell.protection.locked is True and cell.fill.fgColor.rgb == "FFE7E6E6", label
    card = book["Projet"]
    version_row = next(row for row in range(1, 40) if card.cell(row, 1).value == "Version du modèle")
    assert card.cell(version_row, 2).value == TEMPLATE_VERSION and card.cell(version_row, 2).protection.locked
    assert card.cell(2, 2).protection.locked is False


def _list_values(book, formula: str) -> list[str]:
    sheet_name, cells = formula.split("!")
    sheet = book[sheet_name.strip("'=")]
    return [c[0].value for c in sheet[cells.replace("$", "")] if c[0].value]


def test_controlled_lists_come_from_the_referential(book):
    card = book["Projet"]
    rows = {card.cell(row, 1).value: row for row in range(2, 40)}
    by_cell = {str(v.sqref): v for v in card.data_validations.dataValidation}
    for label, expected in (("Programme", LISTS.programmes), ("Métier", LISTS.business_lines),
                            ("Chef de projet", LISTS.owners), ("Phase", None), ("Méthodologie", None)):
        validation = by_cell[f"B{rows[label]}"]
        assert validation.type == "list", label
        if expected is not None:
            assert _list_values(book, validation.formula1) == expected
            assert validation.errorStyle in (None, "stop")
    for sheet_name, header, expected in (("Risques", "Responsable", LISTS.owners),
                                         ("Risques", "Catégorie", LISTS.risk_categories),
                                         ("Actions", "Responsable", LISTS.owners)):
        sheet = book[sheet_name]
        letter = openpyxl.utils.get_column_letter(columns_of(sheet)[header])
        validation = next(v for v in sheet.data_validations.dataValidation if str(v.sqref).startswith(f"{letter}2:"))
        assert _list_values(book, validation.formula1) == expected
    status = book["Météo"]
    letters = {h: openpyxl.utils.get_column_letter(c) for h, c in columns_of(status).items()}
    rag = [v for v in status.data_validations.dataValidation if str(v.sqref).startswith(letters["Météo globale"])]
    assert rag[0].formula1 == '"vert,orange,rouge"'


def test_example_rows_are_italic_and_ignored_by_the_reader(template, book):
    tasks = book["Tâches"]
    assert tasks["A2"].value == "Exemple 1" and tasks["A2"].font.italic
    assert tasks["D3"].value == "Validation des spécifications" and tasks["D3"].font.italic
    assert not tasks["A4"].font.italic
    result = read_project_workbook(template)
    assert result.data.tasks == [] and result.data.risks == [] and result.data.status_reports == []
    # the only errors are the card's required fields, left empty in a template
    assert {p.code for p in result.problems if p.is_error} == {"required"}


def shown_width(text: str) -> float:
    """An estimate of the width a bold header needs in Excel's character units, with its filter button."""
    return len(text) * 1.15 + 3


def column_width(sheet, index: int) -> float:
    """The width of column ``index`` (1-based); openpyxl keys a group of equal columns by its first one."""
    for dimension in sheet.column_dimensions.values():
        if dimension.min is not None and dimension.min <= index <= dimension.max:
            return dimension.width
    return 8.43  # Excel's default


def test_header_and_date_cells_are_wide_enough(book):
    """Every header fits its column, and so does every date written as dd/mm/yyyy (10 characters)."""
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible" or sheet.title in ("Mode d'emploi", "Projet"):
            continue
        header_row = 3 if sheet.title == "Gantt" else 1
        for cell in sheet[header_row][:7 if sheet.title == "Gantt" else None]:
            if cell.value is None:
                continue
            width = column_width(sheet, cell.column)
            assert width >= shown_width(str(cell.value)), (sheet.title, cell.value, width)
            for row in sheet.iter_rows(min_row=2, max_row=4, min_col=cell.column, max_col=cell.column):
                if row[0].number_format.startswith("dd/mm/yyyy"):
                    shown = 16 if "hh" in row[0].number_format else 10
                    assert width >= shown + 1, (sheet.title, cell.value, width)
    card = book["Projet"]
    longest = max(len(str(card.cell(row, 1).value or "")) for row in range(1, 40))
    assert column_width(card, 1) >= longest * 1.1


def test_real_number_formats(book):
    tasks = book["Tâches"]
    headers = columns_of(tasks)
    assert tasks.cell(4, headers["% achevé"]).number_format == "0 %"
    assert tasks.cell(4, headers["Coût"]).number_format == '#,##0 "MAD"'
    assert tasks.cell(4, headers["Valeur planifiée (VP)"]).number_format == '#,##0 "MAD"'
    assert tasks.cell(4, headers["Début réel"]).number_format == "dd/mm/yyyy"
    budget = book["Budget"]  # a table with a currency column shows plain amounts
    assert budget.cell(3, columns_of(budget)["Prévu"]).number_format == "#,##0"


def test_the_risk_register_computes_the_score_and_its_band(book):
    risks = book["Risques"]
    headers = columns_of(risks)
    score, band = headers["Score (P×I)"], headers["Niveau"]
    assert risks.cell(5, score).value == '=IF(AND(ISNUMBER(C5),ISNUMBER(D5)),C5*D5,"")'
    score_cell = f"{openpyxl.utils.get_column_letter(score)}5"
    assert risks.cell(5, band).value == (f'=IF({score_cell}="","",IF({score_cell}>=15,"élevé",'
                                          f'IF({score_cell}>=8,"moyen","faible")))')


def test_status_sheet_has_the_narrative_fields(book):
    headers = columns_of(book["Météo"])
    assert {"Réalisations", "Prochaines étapes", "Points d'attention", "Commentaire météo",
            "Escalade requise"} <= set(headers)


def test_every_derived_column_is_computed():
    for columns in DERIVED_COLUMNS.values():
        assert all(column.computed for column in columns)
    for table in ALL_TABLES:
        assert [c.field for c in table.columns].count("id") <= 1


def test_referential_is_read_from_the_master_config(tmp_path):
    import xlsxwriter

    path = tmp_path / "maitre.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Config")
    rows = [("Transformation digitale", "Retail", "Salma Benali"), ("Conformité", "Corporate", None)]
    sheet.add_table(0, 30, 2, 32, {"name": "tblReferentiel", "data": rows,
                                    "columns": [{"header": h} for h in ("Programme", "Métier", "Responsable")]})
    book.close()
    lists, problems = read_referential(path)
    assert problems == []
    assert lists.programmes == ["Transformation digitale", "Conformité"]
    assert lists.business_lines == ["Retail", "Corporate"] and lists.owners == ["Salma Benali"]
    assert lists.given == ("programmes", "business_lines", "owners")
    assert lists.risk_categories[0] == "planning"  # not in the table: the default list


def test_a_master_without_referential_gives_a_located_warning(tmp_path):
    import xlsxwriter

    path = tmp_path / "maitre.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Config")
    book.close()
    lists, problems = read_referential(path)
    assert lists.programmes == [] and [p.code for p in problems] == ["missing_table"]
    assert not problems[0].is_error and problems[0].location.file == str(path)


def test_cells_of_the_status_sheet_read_back_into_the_model(tmp_path):
    from conftest import sample_project_data
    from pmo_xl.io.workbook_writer import write_project_workbook
    from pmo_xl.model.domain import StatusReport

    data = sample_project_data()
    data.status_reports.append(StatusReport("2026-12", weather_comment="Fournisseur en retard",
                                            escalation_needed=True, help_needed="Arbitrage du lot 2"))
    path = write_project_workbook(data, tmp_path / "p.xlsx", "fr")
    read = read_project_workbook(path).data.status_reports[-1]
    assert (read.weather_comment, read.escalation_needed, read.help_needed) == (
        "Fournisseur en retard", True, "Arbitrage du lot 2")
    assert ValueKind.BOOL


def _master_with_referential(path, programmes):
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Config")
    sheet.add_table(0, 30, len(programmes), 30, {"name": "tblReferentiel", "data": [[p] for p in programmes],
                                                 "columns": [{"header": "Programme"}]})
    book.close()
    return path


def test_lists_of_an_existing_workbook_are_refreshed_from_the_master(tmp_path):
    from typer.testing import CliRunner

    from pmo_xl.cli import app

    workbook = write_template(tmp_path / "projet.xlsx", "fr", LISTS)
    master = _master_with_referential(tmp_path / "maitre.xlsx", ["Conformité", "Data", "Paiements"])
    book = openpyxl.load_workbook(workbook)
    book["Projet"]["B3"] = "Mon projet"
    book.save(workbook)
    result = CliRunner().invoke(app, ["template", "refresh-lists", str(workbook), "--master", str(master)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(workbook)
    card = book["Projet"]
    rows = {card.cell(row, 1).value: row for row in range(2, 40)}
    validation = next(v for v in card.data_validations.dataValidation if str(v.sqref) == f"B{rows['Programme']}")
    assert _list_values(book, validation.formula1) == ["Conformité", "Data", "Paiements"]
    assert _list_values(book, next(v for v in card.data_validations.dataValidation
                                   if str(v.sqref) == f"B{rows['Métier']}").formula1) == LISTS.business_lines
    assert card["B3"].value == "Mon projet"
    assert len(list(tmp_path.glob("sauvegardes/projet_*.xlsx"))) == 1


def _edit_master_referential(master, columns: dict[str, list[str]]):
    """Make ``columns`` ({header: values}) the lists of the master's tblReferentiel, adding the headers it
    lacks."""
    from openpyxl.utils.cell import get_column_letter, range_boundaries

    book = openpyxl.load_workbook(master)
    config = book["Config"]
    table = config.tables["tblReferentiel"]
    min_col, min_row, max_col, max_row = range_boundaries(table.ref)
    headers = {config.cell(min_row, c).value: c for c in range(min_col, max_col + 1)}
    for header, values in columns.items():
        if header not in headers:
            max_col += 1
            headers[header] = max_col
            config.cell(min_row, max_col, header)
            table._initialise_columns()
        for row in range(min_row + 1, max(max_row, min_row + len(values)) + 1):
            config.cell(row, headers[header]).value = None
        for offset, value in enumerate(values, start=1):
            config.cell(min_row + offset, headers[header], value)
        max_row = max(max_row, min_row + len(values))
    table.ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}"
    table.tableColumns = []
    table._initialise_columns()
    book.save(master)
    return master


def _card_list(book, label: str):
    card = book["Projet"]
    rows = {card.cell(row, 1).value: row for row in range(2, 40)}
    validation = next(v for v in card.data_validations.dataValidation if str(v.sqref) == f"B{rows[label]}")
    return validation.formula1 if validation.formula1.startswith('"') else _list_values(book, validation.formula1)


def test_a_new_project_from_the_ribbon_takes_the_masters_lists(tmp_path):
    from pmo_xl.excel.actions import run_action
    from pmo_xl.excel.book_adapter import FileBookAdapter
    from pmo_xl.io.master.template import write_master_template

    master = write_master_template(tmp_path / "portefeuille_maitre.xlsx")
    _edit_master_referential(master, {"Programme": ["Transformation digitale", "Conformité"]})
    (tmp_path / "projets").mkdir()
    outcome = run_action("new_project", FileBookAdapter(master, answers=["NEO"]))
    assert outcome.ok, outcome.message
    created = openpyxl.load_workbook(tmp_path / "projets" / "NEO.xlsx")
    assert _card_list(created, "Programme") == ["Transformation digitale", "Conformité"]


def test_the_master_template_holds_the_referential_with_the_default_risk_categories():
    from pmo_xl.io.master.template import build_master_template

    import io

    config = openpyxl.load_workbook(io.BytesIO(build_master_template()))["Config"]
    table = config.tables["tblReferentiel"]
    rows = [[cell.value for cell in row] for row in config[table.ref]]
    assert rows[0] == ["Programme", "Métier", "Responsable", "Catégorie de risque"]
    assert [row[3] for row in rows[1:]] == ["planning", "budget", "fournisseur", "technique", "ressources",
                                            "réglementaire", "sécurité", "métier"]
    assert all(row[:3] == [None, None, None] for row in rows[1:])  # the PMO's own lists: to fill in


def test_a_project_template_takes_the_lists_edited_in_the_master(tmp_path):
    from typer.testing import CliRunner

    from pmo_xl.cli import app
    from pmo_xl.io.master.template import write_master_template

    master = write_master_template(tmp_path / "portefeuille_maitre.xlsx")
    _edit_master_referential(master, {"Programme": ["Paiements instantanés"], "Responsable": ["Salma Benali"],
                                      "Catégorie de risque": ["cyber", "fournisseur"], "Phase": ["pilote"]})
    out = tmp_path / "projet.xlsx"
    result = CliRunner().invoke(app, ["template", "project", "--out", str(out), "--master", str(master)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert _card_list(book, "Programme") == ["Paiements instantanés"]
    assert _card_list(book, "Chef de projet") == ["Salma Benali"]
    risks = book["Risques"]
    letter = openpyxl.utils.get_column_letter(columns_of(risks)["Catégorie"])
    validation = next(v for v in risks.data_validations.dataValidation if str(v.sqref).startswith(f"{letter}2:"))
    assert _list_values(book, validation.formula1) == ["cyber", "fournisseur"]
    # a phase is one of the method's stage-gate phases, whatever the referential says: its column is reported
    assert _card_list(book, "Phase") == '"initialisation,cadrage,conception,réalisation,recette,déploiement,clôture"'
    lists, problems = read_referential(master)
    [problem] = problems
    assert (problem.code, problem.found, problem.location.sheet, problem.location.cell) == (
        "unknown_column", "Phase", "Config", "BD3")
    assert not problem.is_error and "colonne du référentiel" in result.stderr and "BD3" in result.stderr


def test_an_upgrade_takes_the_lists_of_the_master(tmp_path):
    import shutil

    from typer.testing import CliRunner

    from pmo_xl.cli import app
    from pmo_xl.io.master.template import write_master_template

    master = write_master_template(tmp_path / "portefeuille_maitre.xlsx")
    _edit_master_referential(master, {"Programme": ["Conformité", "Data"], "Métier": ["Retail"]})
    old = Path(__file__).resolve().parent / "data" / "workbooks" / "projet_v1_fr.xlsx"
    workbook = tmp_path / "projet.xlsx"
    shutil.copy(old, workbook)
    result = CliRunner().invoke(app, ["template", "upgrade", str(workbook), "--master", str(master)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(workbook)
    assert _card_list(book, "Programme") == ["Conformité", "Data"] and _card_list(book, "Métier") == ["Retail"]
    assert (tmp_path / "sauvegardes").is_dir()
