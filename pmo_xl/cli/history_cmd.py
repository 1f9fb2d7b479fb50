"""``pmo-xl history``: the snapshots stored beside a master workbook and the portfolio's KPI trends."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from pmo_xl.cli import COMMANDS_PANEL, app, output, print_problems
from pmo_xl.errors import PmoError


@app.command("history", rich_help_panel=COMMANDS_PANEL, help="Liste les instantanés consolidés conservés à côté du "
                                                             "classeur maître et l'évolution des KPI du portefeuille.")
def history_command(
    master: Path = typer.Option(..., "--master", "-m", help="Classeur maître du portefeuille.", dir_okay=False),
    as_json: bool = typer.Option(False, "--json", help="Écrit un document JSON au lieu des tableaux."),
) -> None:
    """List the stored snapshots of the master and the portfolio's KPI values per period."""
    from pmo_xl.service.history import portfolio_history

    try:
        history = portfolio_history(master)
    except PmoError as error:
        console = output.err()
        console.print(str(error))
        if error.problems:
            print_problems(console, list(error.problems), "Problèmes")
        raise typer.Exit(1)
    if as_json:
        typer.echo(json.dumps(history.to_dict(), ensure_ascii=False, indent=2))
        return
    console = output.out()
    table = Table(title=f"Instantanés : {history.folder}")
    for header in ("Période", "Date d'état", "Projets", "Classeurs rejetés", "Version"):
        table.add_column(header)
    for entry in history.to_dict()["snapshots"]:
        table.add_row(entry["period"], entry["status_date"], str(entry["projects"]),
                      str(entry["rejected_workbooks"]), entry["tool_version"] or "–")
    console.print(table)
    periods = [s.period.code for s in history.snapshots]
    trends = Table(title="KPI du portefeuille par période")
    trends.add_column("KPI")
    for code in periods:
        trends.add_column(code, justify="right")
    for kpi, values in sorted(history.trends.items()):
        trends.add_row(history.label(kpi), *[("–" if values.get(code) is None else f"{values[code]:.2f}") for code in periods])
    console.print(trends)
