"""``pmo-xl template …``: generate the standard workbooks from code.

The commands live on :data:`template_app`, a sub-application mounted on the
main ``app`` as ``template``; other modules add their own templates to it
(``pmo-xl template master``).
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer
from pmo_xl.cli import output

from pmo_xl.cli import COMMANDS_PANEL, app
from pmo_xl.errors import PmoError
from pmo_xl.io.workbook_writer import write_template

template_app = typer.Typer(
    name="template",
    help="Génère les modèles standard : classeur projet, classeur maître du portefeuille, modèles Word des dossiers.",
    no_args_is_help=True,
)
app.add_typer(template_app, name="template", rich_help_panel=COMMANDS_PANEL)


class Language(str, Enum):
    """Language of the labels of a generated workbook."""

    fr = "fr"
    en = "en"


@template_app.command("project", rich_help_panel=COMMANDS_PANEL, help="Écrit le classeur projet standard vide.")
def template_project(
    out: Path = typer.Option(..., "--out", "-o", help="Classeur à écrire (.xlsx).", dir_okay=False),
    lang: Language = typer.Option(Language.fr, "--lang", help="Langue des feuilles et des libellés : fr ou en."),
) -> None:
    """Write the empty standard project workbook."""
    console = output.out()
    try:
        path = write_template(out, lang.value)
    except PmoError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(1)
    console.print(f"Project workbook template written: {path}")
