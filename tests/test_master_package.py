"""Package-level rewriting of the managed sheets: what must change and what must not."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import openpyxl
import pandas as pd
import pytest

from pmo_xl.io.master.template import build_master_template
from pmo_xl.io.master.writer import render_master, write_master
from pmo_xl.io.master.package import Package
from pmo_xl.model.portfolio import MANAGED_SHEETS, PortfolioSnapshot
from pmo_xl.io.master.reader import read_snapshot


def _snapshot(n: int) -> PortfolioSnapshot:
    snap = PortfolioSnapshot(status_date=date(2026, 10, 30))
    snap.overview = pd.DataFrame({
        "project_code": [f"P{i}" for i in range(n)],
        "project_name": [f"Projet {i}" for i in range(n)],
        "bac": [1000.0 * (i + 1) for i in range(n)],
        "rag_overall": ["red" if i % 2 else "green" for i in range(n)],
        "stale": [False] * n,
    })
    from pmo_xl.model.portfolio import TABLES_BY_KEY, conform

    snap.overview = conform(TABLES_BY_KEY["overview"], snap.overview)
    return snap


def test_managed_sheet_deleted_by_the_user_is_appended_again(tmp_path):
    path = tmp_path / "m.xlsx"
    path.write_bytes(build_master_template())
    wb = openpyxl.load_workbook(path)
    del wb["Jalons"]
    wb.save(path)
    write_master(path, _snapshot(3), keep_backup=False)
    names = openpyxl.load_workbook(path).sheetnames
    assert names[-1] == "Jalons"
    assert [n for n in names if n in MANAGED_SHEETS and n != "Jalons"] == [n for n in MANAGED_SHEETS if n != "Jalons"]


def test_unknown_parts_and_other_sheets_are_kept_byte_for_byte(tmp_path):
    master = Package.from_bytes(build_master_template())
    master.parts["customXml/item1.xml"] = b"<?xml version='1.0'?><root>PMO</root>"
    before = dict(master.parts)
    after = Package.from_bytes(render_master(master.to_bytes(), _snapshot(4)))
    sheets = after.sheets()
    managed_parts = {sheets[name] for name in MANAGED_SHEETS}
    allowed_to_change = {"xl/workbook.xml", "xl/styles.xml", "[Content_Types].xml",
                         "xl/_rels/workbook.xml.rels"}
    for name, data in before.items():
        if name in managed_parts or name in allowed_to_change or name.startswith(("xl/tables/", "xl/drawings/",
                                                                                  "xl/charts/")) \
                or name.startswith("xl/worksheets/_rels/"):
            continue
        assert after.parts.get(name) == data, name
    # Config and Gouvernance tables and their sheets are untouched
    for name in ("Config", "Gouvernance"):
        assert after.parts[sheets[name]] == before[Package.from_bytes(build_master_template()).sheets()[name]]


def test_table_ids_are_unique_and_rows_grow_and_shrink(tmp_path):
    path = tmp_path / "m.xlsx"
    path.write_bytes(build_master_template())
    for n in (5, 2, 7):
        write_master(path, _snapshot(n), keep_backup=False)
        snap = read_snapshot(path)
        assert list(snap.overview["project_code"]) == [f"P{i}" for i in range(n)]
        assert list(snap.overview["rag_overall"]) == ["red" if i % 2 else "green" for i in range(n)]
    pkg = Package.open(path)
    import re

    ids = [re.search(rb'<table [^>]*\bid="(\d+)"', pkg.parts[name]).group(1)
           for name in pkg.parts if name.startswith("xl/tables/")]
    # PMO tables: 9 in Config, 4 in Gouvernance, 1 in Portes, 1 in Changements
    assert len(ids) == len(set(ids)) == 15 + len(MANAGED_SHEETS)
    wb = openpyxl.load_workbook(path)
    assert wb["Portefeuille"].tables["tblPortefeuille"].ref.endswith("8")  # header + 7 rows


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_master_saved_by_libreoffice_is_consolidated_in_place(tmp_path):
    """A master saved by another application (shared strings, its own styles) takes the managed sheets."""
    source = tmp_path / "src" / "maitre.xlsx"
    source.parent.mkdir()
    source.write_bytes(build_master_template())
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--calc",
                    "--convert-to", "xlsx", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=240)
    saved = tmp_path / "maitre.xlsx"
    config_before = openpyxl.load_workbook(saved)["Config"]["C4"].value
    write_master(saved, _snapshot(3), keep_backup=False)
    snap = read_snapshot(saved)
    assert list(snap.overview["bac"]) == [1000.0, 2000.0, 3000.0]
    wb = openpyxl.load_workbook(saved)
    assert wb["Config"]["C4"].value == config_before == "projets"
    assert wb["Config"].tables.keys() >= {"tblParametres", "tblTaux"}


def test_renamed_managed_sheet_keeps_its_data_under_another_table_name(tmp_path):
    path = tmp_path / "m.xlsx"
    path.write_bytes(build_master_template())
    write_master(path, _snapshot(2), keep_backup=False)
    wb = openpyxl.load_workbook(path)
    wb["Portefeuille"].title = "Portefeuille avant"
    wb.save(path)
    write_master(path, _snapshot(3), keep_backup=False)
    wb = openpyxl.load_workbook(path)
    assert set(wb["Portefeuille avant"].tables) == {"tblPortefeuille_ancien"}
    assert set(wb["Portefeuille"].tables) == {"tblPortefeuille"}
    assert wb["Portefeuille avant"]["A3"].value == "P1"  # the PMO's old copy is kept as it was
    assert list(read_snapshot(path).overview["project_code"]) == ["P0", "P1", "P2"]
