"""``pmo-xl schedule FILE.xlsx --write-back``: what the command prints around :func:`write_back`."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from pmo_xl.cli import output, print_problems
from pmo_xl.errors import PmoError
from pmo_xl.i18n import translate


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _text(value) -> str:
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return "" if value is None else str(value)


def report_dict(report) -> dict:
    """The write-back report as JSON-ready data."""
    return {
        "file": str(report.path), "written": report.written, "changed_cells": report.changed_cells,
        "backup": str(report.backup) if report.backup else None, "tasks": report.tasks,
        "critical_tasks": report.critical_tasks,
        "status_date": report.status_date.isoformat() if isinstance(report.status_date, date) else None,
        "hand_edits": [{"sheet": e.sheet, "cell": e.cell, "found": _text(e.found), "written": _text(e.written)}
                       for e in report.hand_edits],
        "problems": [p.to_dict() for p in report.problems],
    }


def run_write_back(file: Path, status_date: date | None, as_json: bool, lang: str = "fr") -> int:
    """Write the results into ``file``, print what was done; the exit code (0 done, 1 refused)."""
    from rich.table import Table

    from pmo_xl.service.write_back import write_back

    console, err = output.out(), output.err()
    try:
        report = write_back(file, status_date)
    except PmoError as error:
        err.print(f"{file}: {translate(error.message, lang)}")
        if error.problems:
            print_problems(err, error.problems, lang=lang)
        return 1
    if as_json:
        console.print_json(json.dumps(report_dict(report)))
        return 0
    if report.problems:
        print_problems(err, report.problems, lang=lang)
    tasks = _plural(report.tasks, "tâche", "tâches")
    critical = _plural(report.critical_tasks, "tâche critique", "tâches critiques")
    if not report.written:
        console.print(f"{file} : planning à jour, rien à changer ({tasks}, {critical}).")
        return 0
    cells = _plural(report.changed_cells, "cellule calculée mise à jour", "cellules calculées mises à jour")
    console.print(f"{file} : {cells} ({tasks}, {critical}) ; sauvegarde : {report.backup}")
    if report.hand_edits:
        table = Table(title="Saisies manuelles remplacées dans la zone calculée")
        for header in ("Feuille", "Cellule", "Trouvé", "Écrit"):
            table.add_column(header)
        for edit in report.hand_edits:
            table.add_row(edit.sheet, edit.cell, _text(edit.found), _text(edit.written))
        console.print(table)
    return 0
