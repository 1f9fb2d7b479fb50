"""The PMO add-in (pmo_xl.xlam) built from text.

Inputs, all text: the VBA modules of ``pmo_xl/excel/vba/*.bas``, the VBA
module and Mac dictionary class shipped with the installed xlwings
(``xlwings_custom_addin.bas``, ``addin/Dictionary.cls``), the UDF wrappers
xlwings generates from ``udfs/pmo_udfs.py``, and the ribbon spec of
:mod:`pmo_xl.excel.ribbon_ui`.  Output: one .xlam, identical for identical
inputs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import xlwings

from pmo_xl.errors import Location, OutputError
from pmo_xl.excel.ovba import (
    WORKBOOK_BASE,
    WORKSHEET_BASE,
    ModuleKind,
    VbaModule,
    build_vba_project,
    document_module,
    module_from_export,
)
from pmo_xl.excel.ribbon_ui import customui_xml
from pmo_xl.excel.udf_wrappers import (
    UDF_HELP_MODULE,
    generate_udf_help_module,
    generate_udf_wrapper_module,
)
from pmo_xl.excel.xlam import SHEET_CODE_NAME, WORKBOOK_CODE_NAME, build_xlam

ADDIN_FILE_NAME = "pmo_xl.xlam"
VBA_PROJECT_NAME = "PmoXl"
# xlwings' custom add-in module reads its settings from the sheet "<name>.conf".
XLWINGS_PROJECT_NAME = "pmo_xl"
CONFIG_SHEET_NAME = f"{XLWINGS_PROJECT_NAME}.conf"
UDF_PYTHON_MODULE = "pmo_udfs"

VBA_SOURCE_DIR = Path(__file__).resolve().parent / "vba"
UDF_SOURCE_DIR = Path(__file__).resolve().parents[2] / "udfs"
XLWINGS_DIR = Path(xlwings.__file__).resolve().parent
XLWINGS_ADDIN_MODULE = XLWINGS_DIR / "xlwings_custom_addin.bas"
XLWINGS_DICTIONARY_CLASS = XLWINGS_DIR / "addin" / "Dictionary.cls"

_PROJECT_NAME_LINE = re.compile(r'^(Public Const PROJECT_NAME As String = )"[^"]*"', re.MULTILINE)

THIS_WORKBOOK_CODE = f"""Option Explicit

Private Sub Workbook_Open()
    {UDF_HELP_MODULE}.RegisterPmoFunctions
End Sub
"""


@dataclass(frozen=True)
class AddinSettings:
    """What the add-in's xlwings configuration sheet says.

    ``python_path`` is where Python finds the UDF module; ``interpreter_win``
    and ``interpreter_mac`` the Python executables Excel starts (empty: the
    xlwings default, the ``python`` found on the PATH).
    """

    python_path: str = str(UDF_SOURCE_DIR)
    interpreter_win: str = ""
    interpreter_mac: str = ""

    def rows(self) -> list[tuple[str, str]]:
        rows = [("UDF Modules", UDF_PYTHON_MODULE), ("PYTHONPATH", self.python_path)]
        if self.interpreter_win:
            rows.append(("Interpreter_Win", self.interpreter_win))
        if self.interpreter_mac:
            rows.append(("Interpreter_Mac", self.interpreter_mac))
        return rows


def _read_text(path: Path, encoding: str = "utf-8") -> str:
    try:
        return path.read_text(encoding=encoding)
    except FileNotFoundError as exc:
        raise OutputError("file needed to build the add-in is missing",
                          Location(file=str(path))) from exc


def xlwings_module() -> VbaModule:
    """The installed xlwings' VBA module for custom add-ins, named for this add-in."""
    text = _read_text(XLWINGS_ADDIN_MODULE)
    renamed, count = _PROJECT_NAME_LINE.subn(rf'\1"{XLWINGS_PROJECT_NAME}"', text)
    if count != 1:
        raise OutputError(
            "xlwings VBA module has no single PROJECT_NAME constant",
            Location(file=str(XLWINGS_ADDIN_MODULE)),
        )
    return module_from_export(renamed)


def xlwings_dictionary_class() -> VbaModule:
    """The dictionary class xlwings uses on macOS instead of Scripting.Dictionary."""
    return module_from_export(_read_text(XLWINGS_DICTIONARY_CLASS), ModuleKind.CLASS)


def repository_modules(source_dir: Path = VBA_SOURCE_DIR) -> list[VbaModule]:
    """The VBA modules kept as text in the repository, by file name."""
    return [module_from_export(_read_text(path, "cp1252"))
            for path in sorted(source_dir.glob("*.bas"))]


def addin_modules(udf_source_dir: Path = UDF_SOURCE_DIR) -> list[VbaModule]:
    """Every module of the add-in's VBA project, in project order."""
    udf_path = udf_source_dir / f"{UDF_PYTHON_MODULE}.py"
    wrappers = generate_udf_wrapper_module(udf_path, UDF_PYTHON_MODULE, ADDIN_FILE_NAME)
    help_module = generate_udf_help_module(udf_path, UDF_PYTHON_MODULE)
    return [
        document_module(WORKBOOK_CODE_NAME, WORKBOOK_BASE, THIS_WORKBOOK_CODE),
        document_module(SHEET_CODE_NAME, WORKSHEET_BASE),
        xlwings_module(),
        xlwings_dictionary_class(),
        *repository_modules(),
        module_from_export(wrappers),
        module_from_export(help_module),
    ]


def build_addin_bytes(settings: AddinSettings | None = None, lang: str = "fr",
                      udf_source_dir: Path = UDF_SOURCE_DIR) -> bytes:
    """The bytes of pmo_xl.xlam with ribbon labels in ``lang``."""
    settings = settings or AddinSettings(python_path=str(udf_source_dir))
    vba_project = build_vba_project(addin_modules(udf_source_dir), VBA_PROJECT_NAME)
    return build_xlam(vba_project, customui_xml(lang), CONFIG_SHEET_NAME, settings.rows(),
                      title="PMO")


def build_addin(out_dir: Path, settings: AddinSettings | None = None, lang: str = "fr") -> Path:
    """Writes pmo_xl.xlam into ``out_dir`` (created if needed) and returns its path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / ADDIN_FILE_NAME
    data = build_addin_bytes(settings, lang)
    temporary = target.with_suffix(".xlam.tmp")
    try:
        temporary.write_bytes(data)
        temporary.replace(target)
    except OSError as exc:
        raise OutputError(f"cannot write the add-in: {exc}", Location(file=str(target))) from exc
    return target
