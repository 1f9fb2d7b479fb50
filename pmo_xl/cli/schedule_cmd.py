"""``pmo-xl schedule``: compute the critical path of a project workbook, MSPDI, MPP or XER file.

Contract relied on by other tools::

    pmo-xl schedule FILE [--status-date YYYY-MM-DD] [--out OUT.csv]

``OUT.csv`` has exactly the header
``id,name,early_start,early_finish,late_start,late_finish,total_float_days,free_float_days,critical``,
one row per task (leaf and summary), dates ``YYYY-MM-DDTHH:MM``, floats in
working days rounded to 4 places, ``critical`` ``true``/``false``; a text field
(id, name) a spreadsheet would take for a formula starts with ``'``.  Without
``--out`` a table and the critical path are printed.  Exit code 1 when the
input cannot be read or scheduled, when an error was printed or when no task
was scheduled; 2 for a wrong command line; 3 when a program needed is missing
(Java for .mpp); see :class:`~pmo_xl.cli.output.ExitCode`.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Optional

import typer
from pmo_xl.cli import output
from rich.table import Table

from pmo_xl.cli import COMMANDS_PANEL, app, print_problems
from pmo_xl.cli.output import ExitCode, exit_code_for
from pmo_xl.errors import PmoError
from pmo_xl.io.plan import read_plan, scheduling_profile


# the scheduling profile of a plan file, under the name other tools and tests know
schedule_options = scheduling_profile


@app.command("schedule", rich_help_panel=COMMANDS_PANEL, help="Calcule le chemin critique d'un projet : dates au plus tôt et au plus tard, "
                                    "marges totales et libres.")
def schedule_command(
    file: Path = typer.Argument(..., help="Classeur projet (.xlsx), fichier MS Project (.xml ou .mpp) ou Primavera P6 (.xer)."),
    status_date: Optional[str] = typer.Option(None, "--status-date", help="Date d'état AAAA-MM-JJ (par défaut : celle de la fiche projet)."),
    out: Optional[Path] = typer.Option(None, "--out", help="Fichier CSV à écrire (par défaut : tableau à l'écran)."),
    write_back: bool = typer.Option(False, "--write-back", help="Écrit les résultats dans les colonnes calculées "
                                    "et la feuille Gantt du classeur projet (.xlsx), avec une sauvegarde."),
    as_json: bool = typer.Option(False, "--json", help="Avec --write-back : le compte rendu en JSON."),
) -> None:
    """Compute the critical path of a project: early and late dates, total and free float."""
    from pmo_xl.engine.cpm import CSV_HEADER, schedule
    from pmo_xl.io.csv_out import write_csv_rows

    console = output.out()
    err = output.err()
    status: date | None = None
    if status_date:
        try:
            status = datetime.strptime(status_date, "%Y-%m-%d").date()
        except ValueError:
            err.print(f"[red]--status-date: '{status_date}' n'est pas une date YYYY-MM-DD[/red]")
            raise typer.Exit(ExitCode.USAGE)
    if not file.exists():
        err.print(f"[red]{file}: fichier introuvable[/red]")
        raise typer.Exit(ExitCode.DATA_PROBLEMS)
    if write_back:
        from pmo_xl.cli.write_back_cmd import run_write_back

        raise typer.Exit(run_write_back(file, status, as_json))
    try:
        plan = read_plan(file, stored_results=False)
    except PmoError as exc:
        err.print(f"[red]{exc}[/red]")
        if exc.problems:
            print_problems(err, exc.problems)
        raise typer.Exit(exit_code_for(exc))
    data, problems = plan.data, plan.problems
    if data is None:
        print_problems(err, problems)
        raise typer.Exit(ExitCode.DATA_PROBLEMS)
    if status is None:
        status = plan.status_date
    try:
        result = schedule(data, status_date=status, options=plan.options)
    except PmoError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(exit_code_for(exc))
    warnings = list(problems) + list(result.problems)
    if warnings:
        print_problems(err, warnings)
    exit_code = ExitCode.DATA_PROBLEMS if any(p.is_error for p in warnings) or result.tasks.empty else ExitCode.OK
    if out is not None:
        try:
            write_csv_rows(out, CSV_HEADER, result.to_csv_rows(), text_fields=("id", "name"))
        except PmoError as exc:
            err.print(f"[red]{exc}[/red]")
            raise typer.Exit(exit_code_for(exc))
        console.print(f"{len(result.tasks)} tâches planifiées -> {out}")
        raise typer.Exit(exit_code)
    table = Table(title=f"Planning — {data.project.name}")
    for col in ("Id", "Tâche", "Début tôt", "Fin tôt", "Début tard", "Fin tard", "Marge totale (j)",
                "Marge libre (j)", "Critique"):
        table.add_column(col)
    for row in result.to_csv_rows():
        table.add_row(row["id"], row["name"], row["early_start"], row["early_finish"], row["late_start"],
                      row["late_finish"], row["total_float_days"], row["free_float_days"],
                      "oui" if row["critical"] == "true" else "non")
    console.print(table)
    for code, paths in result.critical_paths.items():
        for k, path in enumerate(paths, start=1):
            console.print(f"Chemin critique {k} ({code}) : " + " → ".join(path))
    finish = result.project_finish.get(data.project.code)
    if finish is not None:
        console.print(f"Fin du projet : {finish:%Y-%m-%d %H:%M}")
    raise typer.Exit(exit_code)
