"""``pmo-xl pack``: a committee pack of one period from a consolidated master workbook,
and ``pmo-xl template packs``: the Word templates of the packs."""

from __future__ import annotations

from datetime import date
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from pmo_xl.i18n import problem_expected, problem_message
from pmo_xl.cli import app
from pmo_xl.cli.template_cmd import template_app
from pmo_xl.errors import PmoError, Problem


class KindOption(str, Enum):
    weekly = "weekly"
    monthly = "monthly"
    quarterly = "quarterly"


class CommitteeOption(str, Enum):
    COPIL = "COPIL"
    COPROJ = "COPROJ"
    TECH = "TECH"


class LanguageOption(str, Enum):
    fr = "fr"
    en = "en"


def print_problems(console: Console, problems: list[Problem], title: str) -> None:
    """The problems as a table: where (file, sheet, cell or row), what, found and expected."""
    table = Table(title=title)
    for header in ("Fichier", "Feuille", "Cellule/ligne", "Message", "Trouvé", "Attendu"):
        table.add_column(header)
    for problem in problems:
        location = problem.location
        where = location.cell or (str(location.row) if location.row is not None else "")
        table.add_row(location.file or "", location.sheet or "", where, problem_message(problem), problem.found or "",
                      problem_expected(problem))
    console.print(table)


@app.command("pack")
def pack_command(
    master: Path = typer.Option(..., "--master", "-m", help="Consolidated master portfolio workbook.",
                                exists=True, dir_okay=False),
    period: str = typer.Option(..., "--period", help="Period: YYYY-MM, YYYY-Www (ISO week) or YYYY-Qn."),
    kind: KindOption = typer.Option(KindOption.monthly, "--kind", help="weekly flash, monthly pack or quarterly review."),
    committee: CommitteeOption = typer.Option(CommitteeOption.COPIL, "--committee", help="Committee the pack is for."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder to write the pack into.", file_okay=False),
    project: str | None = typer.Option(None, "--project", help="Project code or programme (default: whole portfolio)."),
    lang: LanguageOption = typer.Option(LanguageOption.fr, "--lang", help="Language of the pack."),
    pdf: bool = typer.Option(False, "--pdf", help="Also write PDF copies with LibreOffice headless."),
    templates: Path | None = typer.Option(None, "--templates", help="Folder of restyled Word templates.",
                                          file_okay=False),
) -> None:
    """Write the Word pack, the minutes template and the Excel dashboard of a period."""
    from pmo_xl.model.enums import Committee
    from pmo_xl.portfolio.snapshot import read_snapshot
    from pmo_xl.reports.context import PackKind, PackRequest
    from pmo_xl.reports.packs import write_pack
    from pmo_xl.reports.periods import parse_period

    console = Console()
    try:
        request = PackRequest(parse_period(period), PackKind(kind.value), Committee(committee.value), lang.value,
                              project=project, generated_on=date.today())
        snapshot = read_snapshot(master)
        result = write_pack(snapshot, request, out, pdf=pdf, templates_dir=templates)
    except PmoError as error:
        console.print(f"[red]{error}[/red]")
        if error.problems:
            print_problems(console, list(error.problems), "Problèmes")
        raise typer.Exit(1)
    for path in result.files:
        console.print(f"written: {path}")
    if result.problems:
        print_problems(console, list(result.problems), "Avertissements")


@template_app.command("packs")
def template_packs(
    out: Path = typer.Option(..., "--out", "-o", help="Folder to write the Word templates into.", file_okay=False),
) -> None:
    """Write the Word templates of the committee packs (French and English) for restyling in Word."""
    from pmo_xl.reports.templates_build import write_templates

    console = Console()
    try:
        written = write_templates(out)
    except PmoError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(1)
    except OSError as error:
        console.print(f"[red]cannot write the templates to {out}: {error}[/red]")
        raise typer.Exit(1)
    for path in written:
        console.print(f"written: {path}")
