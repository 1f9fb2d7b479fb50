"""``pmo-xl schedule``: compute the critical path of a project workbook, MSPDI, MPP or XER file.

Contract relied on by other tools::

    pmo-xl schedule FILE [--status-date YYYY-MM-DD] [--out OUT.csv]

``OUT.csv`` has exactly the header
``id,name,early_start,early_finish,late_start,late_finish,total_float_days,free_float_days,critical``,
one row per task (leaf and summary), dates ``YYYY-MM-DDTHH:MM``, floats in
working days rounded to 4 places, ``critical`` ``true``/``false``.  Without
``--out`` a table and the critical path are printed.  Exit code 1 when the
input cannot be read or scheduled, with the located problems printed.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Optional

import typer
from pmo_xl.cli import output
from rich.table import Table

from pmo_xl.cli import COMMANDS_PANEL, app, print_problems
from pmo_xl.errors import PmoError, ProblemList


def load_project(path: Path):
    """The ProjectData of ``path`` (.xlsx workbook, MSPDI .xml, MS Project .mpp, P6 .xer) and the problems found
    reading it."""
    suffix = path.suffix.lower()
    if suffix == ".xml":
        from pmo_xl.io.mspdi import read_mspdi

        return read_mspdi(path), ProblemList()
    if suffix == ".xer":
        try:
            from pmo_xl.io.xer import read_xer
        except ImportError:
            raise PmoError("reading Primavera .xer files is not available in this installation") from None
        problems = ProblemList()
        data = read_xer(path, problems=problems)
        return data, problems
    if suffix == ".mpp":
        from pmo_xl.io.mpp import read_mpp

        return read_mpp(path), ProblemList()
    if suffix in (".xlsx", ".xlsm"):
        from pmo_xl.io.workbook_reader import read_project_workbook

        outcome = read_project_workbook(path)
        return outcome.data, ProblemList(outcome.problems or [])
    raise PmoError(f"unsupported file type '{path.suffix}' (expected .xlsx, .xml, .mpp or .xer)")


def schedule_options(path: Path):
    """The scheduling options suited to the tool that made ``path``.

    A Primavera P6 plan (.xer) is scheduled the way P6 does it: its Start On /
    Finish On constraints delay the early dates and advance the late dates
    without overriding the logic (``honor_constraints`` off), an ALAP
    activity does not delay its successors, free float is not capped by
    total float and is counted on the activity's own calendar, a late date
    at a break of the calendar reaches predecessors on other calendars where
    work stops, an ALAP activity's early dates use up its free float, lags
    count on the calendar the file names (predecessor or successor) and the
    critical threshold is the project's.  Other files follow MS Project's
    defaults.
    """
    from pmo_xl.engine.cpm import ScheduleOptions

    if path.suffix.lower() != ".xer":
        return ScheduleOptions()
    from pmo_xl.io.xer import read_p6_settings

    settings = read_p6_settings(path)
    return ScheduleOptions(honor_constraints=False, free_float_capped=False, free_float_on_own_calendar=True,
                           late_dates_at_work_stop=True, alap_uses_free_float=True,
                           lag_calendar=settings["lag_calendar"] or "successor",
                           critical_slack_limit_days=settings["critical_float_hours"] / 8.0)


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
    from pmo_xl.engine.cpm import schedule

    console = output.out()
    err = output.err()
    status: date | None = None
    if status_date:
        try:
            status = datetime.strptime(status_date, "%Y-%m-%d").date()
        except ValueError:
            err.print(f"[red]--status-date: '{status_date}' n'est pas une date YYYY-MM-DD[/red]")
            raise typer.Exit(1)
    if not file.exists():
        err.print(f"[red]{file}: fichier introuvable[/red]")
        raise typer.Exit(1)
    if write_back:
        from pmo_xl.cli.write_back_cmd import run_write_back

        raise typer.Exit(run_write_back(file, status, as_json))
    try:
        data, problems = load_project(file)
    except PmoError as exc:
        err.print(f"[red]{exc}[/red]")
        if exc.problems:
            print_problems(err, exc.problems)
        raise typer.Exit(1)
    if data is None:
        print_problems(err, problems)
        raise typer.Exit(1)
    if status is None and data.project.status_date is not None:
        status = data.project.status_date
    try:
        if file.suffix.lower() in (".xlsx", ".xlsm"):
            from pmo_xl.service.scheduling_profile import options_for_project

            options = options_for_project(data.project)
        else:
            options = schedule_options(file)
        result = schedule(data, status_date=status, options=options)
    except PmoError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1)
    warnings = list(problems) + list(result.problems)
    if warnings:
        print_problems(err, warnings)
    if out is not None:
        result.write_csv(out)
        console.print(f"{len(result.tasks)} tâches planifiées -> {out}")
        return
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
    console.print(f"Fin du projet : {result.project_finish[data.project.code]:%Y-%m-%d %H:%M}")
