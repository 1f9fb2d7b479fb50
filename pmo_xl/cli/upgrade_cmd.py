"""``pmo-xl template upgrade FILE…``: what the command prints around :func:`upgrade_workbook`."""

from __future__ import annotations

import json
from pathlib import Path

from pmo_xl.cli import output, print_problems
from pmo_xl.errors import PmoError
from pmo_xl.i18n import translate


def report_dict(report) -> dict:
    """The upgrade report of one workbook as JSON-ready data."""
    return {
        "file": str(report.path), "old_version": report.old_version, "new_version": report.new_version,
        "upgraded": report.upgraded, "backup": str(report.backup) if report.backup else None,
        "entries": report.entries,
        "moved": [{"sheet": m.sheet, "header": m.header, "from": m.old_column, "to": m.new_column}
                  for m in report.moved],
        "added_columns": [{"sheet": s, "header": h} for s, h in report.added_columns],
        "kept_extra_columns": [{"sheet": s, "header": h} for s, h in report.kept_extra_columns],
        "kept_extra_sheets": report.kept_extra_sheets,
        "formulas_as_values": [{"sheet": s, "cell": c} for s, c in report.formulas_as_values],
    }


def run_upgrade(files: list[Path], as_json: bool, controlled=None) -> int:
    """Upgrade each file (its dropdowns offering the ``controlled`` lists of the master's referential, when
    given), going on after a failure; exit code 1 when any file could not be upgraded."""
    from rich.table import Table

    from pmo_xl.service.template_upgrade import upgrade_workbook

    console, err = output.out(), output.err()
    reports, failed = [], 0
    for file in files:
        try:
            reports.append(upgrade_workbook(file, controlled))
        except PmoError as error:
            failed += 1
            err.print(f"{file}: {translate(error.message)}")
            if error.problems:
                print_problems(err, error.problems)
    if as_json:
        console.print_json(json.dumps({"workbooks": [report_dict(r) for r in reports], "failed": failed}))
        return 1 if failed else 0
    for report in reports:
        if not report.upgraded:
            console.print(f"{report.path} : déjà à la version {report.new_version} du modèle.")
            continue
        console.print(f"{report.path} : version {report.old_version} → {report.new_version}, "
                      f"{report.entries} saisie(s) reprise(s) ; sauvegarde : {report.backup}")
        table = Table(title="Ce qui a changé de place")
        for header in ("Feuille", "Colonne", "Avant", "Après"):
            table.add_column(header)
        for move in report.moved:
            table.add_row(move.sheet, move.header, move.old_column, move.new_column)
        for sheet, header in report.added_columns:
            table.add_row(sheet, header, "", "nouvelle")
        for sheet, header in report.kept_extra_columns:
            table.add_row(sheet, header, "ajoutée par vous", "après le tableau")
        for sheet in report.kept_extra_sheets:
            table.add_row(sheet, "", "feuille ajoutée", "gardée")
        for sheet, cell in report.formulas_as_values:
            table.add_row(sheet, cell, "formule", "valeur")
        console.print(table)
    return 1 if failed else 0
