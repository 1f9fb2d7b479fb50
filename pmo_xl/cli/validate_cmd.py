"""``pmo-xl validate``: check project workbooks and list every problem found."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from pmo_xl.cli import output
from rich.progress import Progress
from rich.table import Table

from pmo_xl.cli import COMMANDS_PANEL, app
from pmo_xl.i18n import problem_expected, problem_message, severity_label
from pmo_xl.io.validation import FileReport, check_links_between, expand_paths, skipped_reports, validate_files

STATUS_STYLES = {"ok": "green", "warnings": "yellow", "errors": "red"}


HEADERS = {
    "fr": {"problems": "Problèmes", "summary": "Synthèse",
           "problem_columns": ("Fichier", "Feuille", "Cellule", "Gravité", "Message", "Trouvé", "Attendu"),
           "summary_columns": ("Fichier", "Projet", "État", "Erreurs", "Avertissements"),
           "row": "ligne", "none": "Aucun classeur trouvé.", "progress": "Validation",
           "status": {"ok": "ok", "warnings": "avertissements", "errors": "erreurs"}},
    "en": {"problems": "Problems", "summary": "Summary",
           "problem_columns": ("File", "Sheet", "Cell", "Severity", "Message", "Found", "Expected"),
           "summary_columns": ("File", "Project", "Status", "Errors", "Warnings"),
           "row": "row", "none": "No workbook found.", "progress": "Validating",
           "status": {"ok": "ok", "warnings": "warnings", "errors": "errors"}},
}


def problems_table(reports: list[FileReport], lang: str = "fr") -> Table:
    """A rich table with one line per problem of every report."""
    text = HEADERS[lang]
    table = Table(title=text["problems"], show_lines=False)
    for header in text["problem_columns"]:
        table.add_column(header, overflow="fold")
    for report in reports:
        for problem in report.problems:
            location = problem.location
            cell = location.cell or (f"{text['row']} {location.row}" if location.row else "")
            if not location.cell and location.column:
                cell = f"{cell} '{location.column}'".strip()
            severity = severity_label(problem, lang)
            table.add_row(report.path.name, location.sheet or "", cell,
                          f"[{'red' if problem.is_error else 'yellow'}]{severity}[/]",
                          problem_message(problem, lang), problem.found or "", problem_expected(problem, lang))
    return table


def summary_table(reports: list[FileReport], lang: str = "fr") -> Table:
    """A rich table with one line per file: project, status, error and warning counts."""
    text = HEADERS[lang]
    table = Table(title=text["summary"])
    for header in text["summary_columns"]:
        table.add_column(header)
    for report in reports:
        style = STATUS_STYLES[report.status]
        table.add_row(str(report.path), report.project_code or "", f"[{style}]{text['status'][report.status]}[/]",
                      str(report.error_count), str(report.warning_count))
    return table


@app.command("validate", rich_help_panel=COMMANDS_PANEL, help="Contrôle des classeurs projet et liste chaque problème trouvé ; "
                                    "code de sortie 1 si une erreur est trouvée.")
def validate(
    paths: list[Path] = typer.Argument(..., help="Classeurs projet ou dossiers de classeurs (*.xlsx)."),
    as_json: bool = typer.Option(False, "--json", help="Écrit un document JSON au lieu des tableaux."),
    lang: str = typer.Option("fr", "--lang", help="Langue des tableaux : fr ou en."),
) -> None:
    """Validate project workbooks; exit code 1 when any error is found."""
    if lang not in HEADERS:
        raise typer.BadParameter("expected fr or en", param_hint="--lang")  # exit code 2 (usage)
    files = expand_paths(paths)
    reports: list[FileReport] = []
    console = output.out()
    show_progress = not as_json and any(path.is_dir() for path in paths) and files
    if show_progress:
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task(HEADERS[lang]["progress"], total=len(files))
            reports = validate_files(files, on_done=lambda index: progress.advance(task))
    else:
        reports = validate_files(files)
    if any(path.is_dir() for path in paths):
        check_links_between(reports)
    reports += skipped_reports(paths)
    if as_json:
        document = {"files": [report.to_dict() for report in reports],
                    "ok": all(report.ok for report in reports)}
        typer.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        if any(report.problems for report in reports):
            console.print(problems_table(reports, lang))
        console.print(summary_table(reports, lang))
        if not files:
            console.print(HEADERS[lang]["none"])
    if any(not report.ok for report in reports):
        raise typer.Exit(output.ExitCode.DATA_PROBLEMS)
