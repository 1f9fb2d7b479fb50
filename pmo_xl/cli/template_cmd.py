"""``pmo-xl template …``: generate the standard workbooks from code.

The commands live on :data:`template_app`, a sub-application mounted on the
main ``app`` as ``template``; other modules add their own templates to it
(``pmo-xl template master``).
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

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


def _controlled_lists(master: Path | None, err):
    """The referential of the master workbook, its warnings printed; ``None`` without a master."""
    if master is None:
        return None
    from pmo_xl.cli import print_problems
    from pmo_xl.io.referential import read_referential

    lists, problems = read_referential(master)
    if problems:
        print_problems(err, problems)
    return lists


@template_app.command("project", rich_help_panel=COMMANDS_PANEL,
                      help="Écrit le classeur projet standard, vide ou repris d'un plan MS Project ou Primavera P6.")
def template_project(
    out: Path = typer.Option(..., "--out", "-o", help="Classeur à écrire (.xlsx).", dir_okay=False),
    lang: Language = typer.Option(Language.fr, "--lang", help="Langue des feuilles et des libellés : fr ou en."),
    source: Optional[Path] = typer.Option(None, "--from", help="Plan à importer : MS Project (.xml ou .mpp) "
                                          "ou Primavera P6 (.xer).", dir_okay=False),
    master: Optional[Path] = typer.Option(None, "--master", help="Classeur maître dont le référentiel (Config) "
                                          "donne les listes déroulantes.", dir_okay=False),
    as_json: bool = typer.Option(False, "--json", help="Avec --from : le compte rendu de l'import en JSON."),
) -> None:
    """Write the standard project workbook, empty or imported from a plan."""
    console, err = output.out(), output.err()
    if source is not None:
        from pmo_xl.cli.import_cmd import run_import

        raise typer.Exit(run_import(source, out, lang.value, as_json))
    try:
        path = write_template(out, lang.value, _controlled_lists(master, err))
    except PmoError as error:
        err.print(f"[red]{error}[/red]")
        raise typer.Exit(1)
    console.print(("Modèle de classeur projet écrit : " if lang.value == "fr" else
                   "Project workbook template written: ") + str(path))


@template_app.command("upgrade", rich_help_panel=COMMANDS_PANEL,
                      help="Met des classeurs projet d'une version antérieure au modèle actuel, sans perdre de saisie "
                           "(copie de sauvegarde dans le dossier « sauvegardes » à côté de chacun).")
def template_upgrade(
    files: list[Path] = typer.Argument(..., help="Classeurs projet (.xlsx) à mettre à jour.", dir_okay=False),
    master: Optional[Path] = typer.Option(None, "--master", help="Classeur maître dont le référentiel (Config) "
                                          "donne les listes déroulantes.", dir_okay=False),
    as_json: bool = typer.Option(False, "--json", help="Le compte rendu en JSON."),
) -> None:
    """Upgrade project workbooks to the current template."""
    from pmo_xl.cli.upgrade_cmd import run_upgrade

    raise typer.Exit(run_upgrade(files, as_json, _controlled_lists(master, output.err())))


@template_app.command("refresh-lists", rich_help_panel=COMMANDS_PANEL,
                      help="Met à jour les listes déroulantes (programmes, métiers, responsables, catégories de "
                           "risque) de classeurs projet existants depuis le référentiel du classeur maître.")
def template_refresh_lists(
    files: list[Path] = typer.Argument(..., help="Classeurs projet (.xlsx).", dir_okay=False),
    master: Path = typer.Option(..., "--master", help="Classeur maître (table tblReferentiel de Config).",
                                dir_okay=False),
) -> None:
    """Refresh the controlled lists of project workbooks from the master's referential."""
    from pmo_xl.cli import print_problems
    from pmo_xl.io.referential_refresh import refresh_workbook_lists

    console, err = output.out(), output.err()
    lists = _controlled_lists(master, err)
    failed = 0
    for file in files:
        try:
            changes, backup = refresh_workbook_lists(file, lists)
        except PmoError as error:
            failed += 1
            err.print(f"{file}: {error.message}")
            if error.problems:
                print_problems(err, error.problems)
            continue
        counts = ", ".join(f"{title} : {len(new)}" for title, (_, new) in changes.items())
        console.print(f"{file} : listes mises à jour ({counts}) ; sauvegarde : {backup}")
    raise typer.Exit(1 if failed else 0)
