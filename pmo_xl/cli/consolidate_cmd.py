"""``pmo-xl consolidate`` and ``pmo-xl template master``: the master portfolio workbook."""

from __future__ import annotations

from pathlib import Path

import typer
from pmo_xl.cli import output

from pmo_xl.cli import COMMANDS_PANEL, app, parse_period_options, print_problems
from pmo_xl.cli.template_cmd import Language, template_app
from pmo_xl.errors import PmoError
from pmo_xl.io.locking import DEFAULT_WAIT_SECONDS
from rich.markup import escape


@template_app.command("master", rich_help_panel=COMMANDS_PANEL, help="Écrit le classeur maître du portefeuille vide (feuilles Config, "
                                      "Gouvernance et feuilles gérées par l'outil).")
def template_master(
    out: Path = typer.Option(..., "--out", "-o", help="Classeur maître à écrire (.xlsx).", dir_okay=False),
    lang: Language = typer.Option(Language.fr, "--lang", help="Langue du classeur maître (feuilles, en-têtes, "
                                  "libellés et alertes) : fr ou en."),
) -> None:
    """Write the empty master portfolio workbook (Config, Gouvernance and managed sheets)."""
    from pmo_xl.io.master.template import write_master_template

    console = output.out()
    try:
        path = write_master_template(out, language=lang.value)
    except PmoError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(1)
    console.print(f"Master workbook template written: {path}")


@app.command("consolidate", rich_help_panel=COMMANDS_PANEL, help="Consolide tous les classeurs projet dans les feuilles gérées du "
                                       "classeur maître.")
def consolidate_command(
    master: Path = typer.Option(..., "--master", "-m", help="Classeur maître du portefeuille à mettre à jour.",
                                dir_okay=False),
    projects: Path | None = typer.Option(None, "--projects", "-p", help="Dossier des classeurs projet "
                                         "(par défaut : celui de la feuille Config).", file_okay=False),
    period: str | None = typer.Option(None, "--period", help="Période : AAAA-MM, AAAA-Wss (semaine ISO) ou AAAA-Qn "
                                      "(par défaut : celle de la feuille Config, sinon le mois de la date d'état)."),
    status_date: str | None = typer.Option(None, "--status-date", "-d",
                                           help="Date d'état du portefeuille AAAA-MM-JJ (par défaut : celle de la feuille Config, "
                                                "sinon la fin de la période ou la dernière date d'état des classeurs "
                                                "si elle est antérieure)."),
    workers: int | None = typer.Option(None, "--workers", help="Nombre de processus de lecture des classeurs (par défaut : nombre de cœurs)."),
    lock_wait: float = typer.Option(DEFAULT_WAIT_SECONDS, "--lock-wait", min=0,
                                    help="Secondes d'attente si une autre consolidation du même classeur maître "
                                         "est en cours (0 : refuser tout de suite)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Sans barre de progression : seulement le résumé."),
) -> None:
    """Consolidate every project workbook into the managed sheets of the master workbook."""
    from pmo_xl.service.consolidate import consolidate

    console = output.out()
    problems_console = output.err()

    def say_waiting(holder: str) -> None:
        problems_console.print(f"Another consolidation of {master} is running ({holder or 'unknown process'}); "
                               f"waiting up to {lock_wait:g} s", markup=False)

    if not master.is_file():  # a master that does not exist is a wrong command line
        problems_console.print(f"{master}: master workbook not found; create it with 'pmo-xl template master'",
                               markup=False)
        raise typer.Exit(output.ExitCode.USAGE)
    try:
        with output.progress_bar(quiet) as on_progress:
            snapshot = consolidate(master, projects, parse_period_options(period, status_date), workers=workers,
                                   lock_wait_seconds=lock_wait, on_lock_wait=say_waiting, on_progress=on_progress)
    except PmoError as error:
        problems_console.print(f"[red]{escape(str(error))}[/red]")
        if error.problems:
            print_problems(problems_console, list(error.problems), "Problèmes", file_names_only=True)
        raise typer.Exit(output.exit_code_for(error))
    console.print(f"{len(snapshot.consolidated)} project(s) consolidated into {snapshot.run.master_path} "
                  f"for {snapshot.period.code} at {snapshot.status_date:%Y-%m-%d}")
    if snapshot.run.backup_path:
        console.print(f"Previous master kept as {snapshot.run.backup_path}")
    if snapshot.failed:
        print_problems(problems_console, [p for p in snapshot.problems if p.is_error],
                       f"{len(snapshot.failed)} workbook(s) not consolidated", file_names_only=True)
        raise typer.Exit(output.ExitCode.DATA_PROBLEMS)
