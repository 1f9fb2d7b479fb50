"""The Excel dashboard read back with openpyxl: values, formats, text safety and native charts."""

import re
import zipfile
from datetime import date, datetime

import openpyxl
import pytest

from pmo_xl.model.enums import Committee
from pmo_xl.reports.context import PackKind, PackRequest
from pmo_xl.reports.packs import write_pack
from pmo_xl.model.period import parse_period
from test_pack_data import sample_snapshot


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory):
    request = PackRequest(parse_period("2026-11"), PackKind.MONTHLY, Committee.COPIL, "fr",
                          generated_on=date(2026, 11, 27))
    return write_pack(sample_snapshot(), request, tmp_path_factory.mktemp("dash")).dashboard


def _records(sheet) -> list[dict]:
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def test_sheets(dashboard):
    workbook = openpyxl.load_workbook(dashboard)
    assert workbook.sheetnames == ["Synthèse", "Portefeuille", "Données graphiques", "Alertes", "Actions",
                                   "Décisions", "Retards", "Erreurs"]


def test_portfolio_values_are_numbers_with_formats(dashboard):
    workbook = openpyxl.load_workbook(dashboard)
    sheet = workbook["Portefeuille"]
    records = {r["Code projet"]: r for r in _records(sheet)}
    core = records["P-CORE"]
    assert core["BAC"] == 12_500_000 and core["AC"] == 6_510_000
    assert core["SPI"] == pytest.approx(0.9)
    assert core["CPI"] == pytest.approx(5_400_000 / 6_510_000)
    assert core["Météo globale"] == "rouge"
    assert core["Fin prévue"] == datetime(2027, 4, 28)
    header = [c.value for c in sheet[1]]
    bac_cell = sheet.cell(row=2, column=header.index("BAC") + 1)
    assert bac_cell.number_format == '#,##0 "MAD"'
    assert sheet.cell(row=2, column=header.index("SPI") + 1).number_format == "0.00"
    assert "tblPortfolio" in sheet.tables


def test_kpi_tiles_on_summary_sheet(dashboard):
    sheet = openpyxl.load_workbook(dashboard)["Synthèse"]
    tiles = [sheet.cell(row=4, column=1 + 2 * i).value for i in range(6)]
    assert tiles == ["4", "0,93", "0,90", "114\u202f%", "1 / 3", "2"]
    assert sheet.cell(row=5, column=1).value == "Projets"


def test_user_text_starting_with_equals_stays_text(dashboard):
    sheet = openpyxl.load_workbook(dashboard)["Actions"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == "=Consolider les fiches projets & annexes"]
    assert len(cells) == 1 and cells[0].data_type == "s"


def test_errors_sheet_locates_the_problem(dashboard):
    records = _records(openpyxl.load_workbook(dashboard)["Erreurs"])
    assert records == [{"Fichier": "projets/P-CRM.xlsx", "Feuille": "Budget", "Cellule": "D12", "Ligne": 12,
                        "Colonne": "Prévu", "Gravité": "erreur", "Message": "montant non numérique",
                        "Trouvé": "12 000 MAD", "Attendu": "a number"}]


def test_native_charts_point_at_the_chart_data_sheet(dashboard):
    with zipfile.ZipFile(dashboard) as archive:
        charts = sorted(n for n in archive.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        xml = [archive.read(n).decode("utf-8") for n in charts]
    assert len(charts) == 5
    assert all("'Données graphiques'!" in chart for chart in xml)
    sheet = openpyxl.load_workbook(dashboard)["Données graphiques"]
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=1, max_row=8)]
    assert values[0][0] == "Courbe en S du budget"
    assert values[2][:4] == ["Mois", "Prévu cumulé (MAD)", "Réel cumulé (MAD)", "Prévision cumulée (MAD)"]
    assert values[6][:4] == ["déc. 2026", 5_600_000, None, 6_180_000]
    s_curve = xml[0]
    assert "'Données graphiques'!$B$4:$B$7" in s_curve
