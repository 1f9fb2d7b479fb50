"""``pmo-xl template project --from PLAN``: what the command prints around :func:`import_plan`."""

from __future__ import annotations

import json
from pathlib import Path

from pmo_xl.cli import output, print_problems
from pmo_xl.errors import PmoError
from pmo_xl.i18n import translate
from pmo_xl.io.import_notes_sheet import note_text, note_where


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def report_dict(report, lang: str) -> dict:
    """The import report as JSON-ready data."""
    return {
        "source": str(report.source), "workbook": str(report.workbook), "tasks": report.tasks,
        "notes": [{"code": n.code, "note": note_text(n, lang), "where": note_where(n), "found": n.found,
                   "detail": translate(n.message, lang)} for n in report.notes],
        "validation": [p.to_dict() for p in report.validation],
        "errors": len(report.validation.errors()),
    }


def run_import(source: Path, out: Path, lang: str, as_json: bool) -> int:
    """Import ``source`` into ``out``; the exit code: 0 written, 1 refused."""
    from pmo_xl.service.plan_import import import_plan

    console, err = output.out(), output.err()
    try:
        report = import_plan(source, out, lang)
    except PmoError as error:
        err.print(f"{source}: {translate(error.message, lang)}")
        print_problems(err, error.problems or [_as_problem(error)], lang=lang)
        return 1
    if as_json:
        console.print_json(json.dumps(report_dict(report, lang)))
        return 0
    if report.validation:
        print_problems(err, report.validation, lang=lang)
    if lang == "fr":
        console.print(f"{out} : {_plural(report.tasks, 'tâche importée', 'tâches importées')} de {source.name}, "
                      f"{_plural(len(report.notes), 'note', 'notes')} dans la feuille Import.")
    else:
        console.print(f"{out}: {_plural(report.tasks, 'task', 'tasks')} imported from {source.name}, "
                      f"{_plural(len(report.notes), 'note', 'notes')} on the Import sheet.")
    return 0


def _as_problem(error: PmoError):
    from pmo_xl.errors import Problem

    return Problem(error.message, error.location)
