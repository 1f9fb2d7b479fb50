"""``pmo-xl addin build|install|uninstall``: the Excel add-in with the PMO ribbon and functions."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer
from pmo_xl.cli import output

from pmo_xl.cli import COMMANDS_PANEL, app
from pmo_xl.errors import PmoError
from pmo_xl.excel.addin_build import ADDIN_FILE_NAME, UDF_SOURCE_DIR, AddinSettings, build_addin
from pmo_xl.excel.addin_install import (
    ExcelNotAvailable,
    install_addin,
    platform_family,
    uninstall_addin,
)

EXIT_ERROR = 1
EXIT_NO_EXCEL = 2

addin_app = typer.Typer(help="Complément Excel (onglet PMO du ruban et fonctions PMO_*) : construction, installation, désinstallation.",
                        no_args_is_help=True)
app.add_typer(addin_app, name="addin", rich_help_panel=COMMANDS_PANEL)




def _default_interpreter(family: str) -> str:
    """The running Python when the build happens on the machine Excel runs on.

    On Windows its ``pythonw.exe`` sibling when there is one, so no console
    window opens at each button.
    """
    if platform_family(sys.platform) != family:
        return ""
    executable = Path(sys.executable)
    windowless = executable.with_name("pythonw.exe")
    if family == "windows" and executable.name.lower() == "python.exe" and windowless.exists():
        return str(windowless)
    return str(executable)


@addin_app.command("build", rich_help_panel=COMMANDS_PANEL, help="Construit pmo_xl.xlam à partir des modules VBA, de la description du "
                                    "ruban et des fonctions PMO_*.")
def build_command(
    out: Path = typer.Option(..., "--out", help="Dossier où écrire pmo_xl.xlam."),
    lang: str = typer.Option("fr", "--lang", help="Langue des libellés du ruban : fr ou en."),
    python_path: str = typer.Option(str(UDF_SOURCE_DIR), "--python-path",
                                    help="Dossier de pmo_udfs.py, tel que le voit le Python lancé par Excel."),
    interpreter_win: str = typer.Option(None, "--interpreter-win", help="python.exe lancé par Excel sous Windows."),
    interpreter_mac: str = typer.Option(None, "--interpreter-mac", help="python lancé par Excel sous macOS."),
) -> None:
    """Build pmo_xl.xlam from the VBA text files, the ribbon spec and the UDFs."""
    if lang not in ("fr", "en"):
        output.out().print(f"[red]--lang must be fr or en, not {lang!r}[/red]")
        raise typer.Exit(EXIT_ERROR)
    settings = AddinSettings(
        python_path=python_path,
        interpreter_win=_default_interpreter("windows") if interpreter_win is None else interpreter_win,
        interpreter_mac=_default_interpreter("macos") if interpreter_mac is None else interpreter_mac,
    )
    try:
        target = build_addin(out, settings, lang)
    except PmoError as exc:
        output.out().print(f"[red]{exc}[/red]")
        raise typer.Exit(EXIT_ERROR) from exc
    output.out().print(f"Add-in written: {target}")


def _excel_missing(exc: ExcelNotAvailable) -> None:
    output.out().print(f"[yellow]{exc}[/yellow]\nNothing was installed or removed.")
    raise typer.Exit(EXIT_NO_EXCEL)


@addin_app.command("install", rich_help_panel=COMMANDS_PANEL, help="Copie le complément dans le dossier de démarrage d'Excel (Windows, macOS).")
def install_command(
    addin: Path = typer.Option(Path("dist") / ADDIN_FILE_NAME, "--addin", help="Le fichier pmo_xl.xlam construit."),
) -> None:
    """Copy the add-in into Excel's start-up folder (Windows, macOS)."""
    try:
        plan = install_addin(addin, sys.platform, Path.home(), dict(os.environ))
    except ExcelNotAvailable as exc:
        _excel_missing(exc)
    except PmoError as exc:
        output.out().print(f"[red]{exc}[/red]")
        raise typer.Exit(EXIT_ERROR) from exc
    for source, target in plan.copies:
        output.out().print(f"Copied {source} -> {target}")
    output.out().print("Restart Excel: the PMO tab appears in the ribbon.")


@addin_app.command("uninstall", rich_help_panel=COMMANDS_PANEL, help="Retire le complément du dossier de démarrage d'Excel.")
def uninstall_command() -> None:
    """Remove the add-in from Excel's start-up folder."""
    try:
        removed = uninstall_addin(ADDIN_FILE_NAME, sys.platform, Path.home(), dict(os.environ))
    except ExcelNotAvailable as exc:
        _excel_missing(exc)
    except PmoError as exc:
        output.out().print(f"[red]{exc}[/red]")
        raise typer.Exit(EXIT_ERROR) from exc
    if not removed:
        output.out().print(f"{ADDIN_FILE_NAME} was not installed; nothing removed.")
    for path in removed:
        output.out().print(f"Removed {path}; restart Excel.")
