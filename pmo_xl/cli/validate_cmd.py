"""``pmo-xl validate``: check project workbooks and list every problem found."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from pmo_xl.cli import app
from pmo_xl.io.validation import FileReport, expand_paths, validate_file

STATUS_STYLES = {"ok": "green", "warnings": "yellow", "errors": "red"}


def problems_table(reports: list[FileReport]) -> Table:
    """A rich table with one line per problem of every report."""
    table = Table(title="Problems", show_lines=False)
    for header in ("File", "Sheet", "Cell", "Severity", "Message", "Found", "Expected"):
        table.add_column(header, overflow="fold")
    for report in reports:
        for problem in report.problems:
            location = problem.location
            cell = location.cell or (f"row {location.row}" if location.row else "")
            if not location.cell and location.column:
                cell = f"{cell} '{location.column}'".strip()
            severity = problem.severity.value
            table.add_row(report.path.name, location.sheet or "", cell,
                          f"[{'red' if problem.is_error else 'yellow'}]{severity}[/]",
                          problem.message, problem.found or "", problem.expected or "")
    return table


def summary_table(reports: list[FileReport]) -> Table:
    """A rich table with one line per file: project, status, error and warning counts."""
    table = Table(title="Summary")
    for header in ("File", "Project", "Status", "Errors", "Warnings"):
        table.add_column(header)
    for report in reports:
        style = STATUS_STYLES[report.status]
        table.add_row(str(report.path), report.project_code or "", f"[{style}]{report.status}[/]",
                      str(report.error_count), str(report.warning_count))
    return table


@app.command("validate")
def validate(
    paths: list[Path] = typer.Argument(..., help="Workbooks or folders of workbooks (*.xlsx)."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON document instead of tables."),
) -> None:
    """Validate project workbooks; exit code 1 when any error is found."""
    files = expand_paths(paths)
    reports: list[FileReport] = []
    console = Console()
    show_progress = not as_json and any(path.is_dir() for path in paths) and files
    if show_progress:
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("Validating", total=len(files))
            for file in files:
                reports.append(validate_file(file))
                progress.advance(task)
    else:
        reports = [validate_file(file) for file in files]
    if as_json:
        document = {"files": [report.to_dict() for report in reports],
                    "ok": all(report.ok for report in reports)}
        typer.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        if any(report.problems for report in reports):
            console.print(problems_table(reports))
        console.print(summary_table(reports))
        if not files:
            console.print("No workbook found.")
    if any(not report.ok for report in reports):
        raise typer.Exit(1)
