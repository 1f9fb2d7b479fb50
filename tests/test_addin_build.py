"""The add-in built from text: package parts, VBA read back by olevba, LibreOffice open."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import olefile
import pytest
from defusedxml import ElementTree
from oletools.olevba import VBA_Parser
from python_calamine import CalamineWorkbook

from pmo_xl.excel.addin_build import (
    ADDIN_FILE_NAME,
    CONFIG_SHEET_NAME,
    UDF_SOURCE_DIR,
    VBA_SOURCE_DIR,
    XLWINGS_ADDIN_MODULE,
    XLWINGS_DICTIONARY_CLASS,
    AddinSettings,
    build_addin,
    build_addin_bytes,
)
from pmo_xl.excel.ribbon_ui import CUSTOMUI_NAMESPACE, ribbon_buttons

SETTINGS = AddinSettings(python_path=r"C:\pmo\udfs", interpreter_win=r"C:\Python311\pythonw.exe")
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


@pytest.fixture(scope="module")
def addin(tmp_path_factory) -> Path:
    return build_addin(tmp_path_factory.mktemp("addin"), SETTINGS, "fr")


@pytest.fixture(scope="module")
def modules(addin) -> dict[str, str]:
    parser = VBA_Parser(str(addin))
    return {name: code for (_, _, name, code) in parser.extract_macros()}


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def test_package_declares_a_macro_enabled_addin_with_vba_and_ribbon(addin):
    with zipfile.ZipFile(addin) as package:
        types = ElementTree.fromstring(package.read("[Content_Types].xml"))
        overrides = {o.get("PartName"): o.get("ContentType") for o in types
                     if o.tag.endswith("Override")}
        assert overrides["/xl/workbook.xml"] == "application/vnd.ms-excel.addin.macroEnabled.main+xml"
        assert overrides["/xl/vbaProject.bin"] == "application/vnd.ms-office.vbaProject"
        root_rels = {r.get("Target"): r.get("Type")
                     for r in ElementTree.fromstring(package.read("_rels/.rels")).iter(RELS)}
        assert root_rels["customUI/customUI14.xml"] == (
            "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility")
        workbook_rels = {r.get("Target"): r.get("Type")
                         for r in ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels")).iter(RELS)}
        assert workbook_rels["vbaProject.bin"] == (
            "http://schemas.microsoft.com/office/2006/relationships/vbaProject")
        workbook = package.read("xl/workbook.xml").decode()
        assert '<workbookPr codeName="ThisWorkbook"/>' in workbook


def test_customui_is_office_2010_and_every_button_calls_the_dispatcher(addin):
    with zipfile.ZipFile(addin) as package:
        root = ElementTree.fromstring(package.read("customUI/customUI14.xml"))
    assert root.tag == f"{{{CUSTOMUI_NAMESPACE}}}customUI"
    tab = root.find(f".//{{{CUSTOMUI_NAMESPACE}}}tab")
    assert tab.get("label") == "PMO"
    buttons = root.findall(f".//{{{CUSTOMUI_NAMESPACE}}}button")
    assert [b.get("id") for b in buttons] == [b.action_id for b in ribbon_buttons()]
    assert {b.get("onAction") for b in buttons} == {"PmoAction"}
    assert all(b.get("imageMso") for b in buttons)
    labels = {b.get("id"): b.get("label") for b in buttons}
    assert labels["consolidate_portfolio"] == "Consolider le portefeuille"
    assert labels["critical_path"] == "Chemin critique"


def test_english_ribbon_labels_come_from_the_spec():
    data = build_addin_bytes(SETTINGS, "en")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = ElementTree.fromstring(package.read("customUI/customUI14.xml"))
    labels = {b.get("id"): b.get("label") for b in root.iter(f"{{{CUSTOMUI_NAMESPACE}}}button")}
    assert labels["consolidate_portfolio"] == "Consolidate portfolio"


def test_vba_project_is_a_clean_compound_file(addin):
    with zipfile.ZipFile(addin) as package:
        data = package.read("xl/vbaProject.bin")
    assert olefile.isOleFile(data=data)
    ole = olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_POTENTIAL)
    assert ole.parsing_issues == []
    assert ["VBA", "dir"] in ole.listdir()
    assert ole.openstream("VBA/_VBA_PROJECT").read()[2:4] == b"\xff\xff"


def test_every_module_olevba_reads_equals_its_text_source(modules):
    assert set(modules) == {
        "ThisWorkbook.cls", "Sheet1.cls", "xlwings.bas", "Dictionary.cls",
        "PmoRibbon.bas", "xlwings_udfs.bas", "PmoFunctionHelp.bas",
    }
    for path in VBA_SOURCE_DIR.glob("*.bas"):
        assert modules[path.name] == _crlf(path.read_text(encoding="cp1252")), path.name
    installed = XLWINGS_ADDIN_MODULE.read_text(encoding="utf-8")
    expected = installed.replace('PROJECT_NAME As String = "myaddin"', 'PROJECT_NAME As String = "pmo_xl"')
    assert expected != installed
    assert modules["xlwings.bas"].rstrip("\r\n") == _crlf(expected).rstrip("\r\n")
    dictionary = XLWINGS_DICTIONARY_CLASS.read_text(encoding="utf-8").split("END\n", 1)[1]
    assert modules["Dictionary.cls"].rstrip("\r\n") == _crlf(dictionary).rstrip("\r\n")


def test_dispatcher_runs_python_dispatch_with_the_control_id(modules):
    ribbon = modules["PmoRibbon.bas"]
    assert "Public Sub PmoAction(control As IRibbonControl)" in ribbon
    assert 'RunPython "import pmo_xl.excel.ribbon; pmo_xl.excel.ribbon.dispatch(\'" & control.Id & "\')"' in ribbon


def test_udf_wrappers_forward_each_function_to_pmo_udfs(modules):
    wrappers = modules["xlwings_udfs.bas"]
    source = (UDF_SOURCE_DIR / "pmo_udfs.py").read_text(encoding="utf-8")
    python_functions = re.findall(r"^def (PMO_\w+)\(", source, re.MULTILINE)
    assert python_functions  # the UDF module defines functions
    for name in python_functions:
        assert re.search(rf"^Function {name}\(", wrappers, re.MULTILINE), name
        assert f'XLPy.CallUDF("pmo_udfs", "{name}", ' in wrappers
        assert f"'!{name}\"" in modules["PmoFunctionHelp.bas"]
    assert "Function PMO_WORKDAYS(start_date, end_date, Optional holiday_country)" in wrappers
    assert "Application.Volatile" not in wrappers
    # Add-ins call with ActiveWorkbook (the user's book), not ThisWorkbook.
    assert "ActiveWorkbook, Application.Caller)" in wrappers
    assert "RegisterPmoFunctions" in modules["ThisWorkbook.cls"]


def test_config_sheet_holds_the_xlwings_settings(addin):
    book = CalamineWorkbook.from_path(str(addin))
    assert book.sheet_names == [CONFIG_SHEET_NAME]
    assert book.get_sheet_by_name(CONFIG_SHEET_NAME).to_python() == [
        ["UDF Modules", "pmo_udfs"],
        ["PYTHONPATH", r"C:\pmo\udfs"],
        ["Interpreter_Win", r"C:\Python311\pythonw.exe"],
    ]


def test_same_sources_give_the_same_bytes():
    assert build_addin_bytes(SETTINGS, "fr") == build_addin_bytes(SETTINGS, "fr")


def _soffice(args: list[str], cwd: Path) -> None:
    subprocess.run(["soffice", "--headless", *args], cwd=cwd, check=True, timeout=180,
                   capture_output=True)


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_opens_the_addin_and_reads_config_and_vba(addin, modules, tmp_path):
    source = tmp_path / ADDIN_FILE_NAME
    shutil.copyfile(addin, source)
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}"
    _soffice([profile, "--infilter=Calc MS Excel 2007 VBA XML", "--convert-to", "csv",
              "--outdir", str(tmp_path / "csv"), source.name], tmp_path)
    rows = (tmp_path / "csv" / "pmo_xl.csv").read_text(encoding="utf-8").splitlines()
    assert rows[:2] == ["UDF Modules,pmo_udfs", "PYTHONPATH,C:\\pmo\\udfs"]
    # LibreOffice imports the VBA project into its own Basic and writes it out again.
    _soffice([profile, "--infilter=Calc MS Excel 2007 VBA XML", "--convert-to",
              "xlsm:Calc MS Excel 2007 VBA XML", "--outdir", str(tmp_path / "xlsm"), source.name], tmp_path)
    reread = {name: code for (_, _, name, code) in VBA_Parser(str(tmp_path / "xlsm" / "pmo_xl.xlsm")).extract_macros()}
    for name, code in modules.items():
        if name == "Dictionary.cls":  # LibreOffice rewrites class headers ("Option ClassModule")
            assert "Dictionary.vba" in reread or name in reread
            continue
        assert reread[name].rstrip("\r\n") == code.rstrip("\r\n"), name


def test_installed_xlwings_addin_module_is_the_one_xlwings_puts_in_its_own_addin():
    # xlwings ships its custom add-in module twice: as text and inside
    # quickstart_addin.xlam (saved by Excel).  olevba reads the latter.
    shipped_addin = XLWINGS_ADDIN_MODULE.parent / "quickstart_addin.xlam"
    extracted = {name: code for (_, _, name, code) in VBA_Parser(str(shipped_addin)).extract_macros()}
    def lines(text: str) -> list[str]:
        return text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n").split("\n")

    assert lines(extracted["xlwings.bas"]) == lines(XLWINGS_ADDIN_MODULE.read_text(encoding="utf-8"))
