"""The ``pmo-xl`` command line: batch and admin entry point.

Each command lives in its own module of this package and registers itself on
:data:`app`; the functions they call are the same the Excel ribbon calls.
"""

from __future__ import annotations

import importlib

import typer

#: Title of the list of commands in the help screens (Typer's default is English).
COMMANDS_PANEL = "Commandes"

app = typer.Typer(
    name="pmo-xl",
    help=("Outils du PMO : valider, planifier, consolider et restituer le portefeuille des classeurs projet.\n\n"
          "Chaque commande a son aide : pmo-xl COMMANDE --help."),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Command modules; each one defines its commands on ``app`` when imported.
COMMAND_MODULES = [
    "pmo_xl.cli.template_cmd",
    "pmo_xl.cli.validate_cmd",
    "pmo_xl.cli.schedule_cmd",
    "pmo_xl.cli.check_cmd",
    "pmo_xl.cli.risk_cmd",
    "pmo_xl.cli.demo_cmd",
    "pmo_xl.cli.evm_cmd",
    "pmo_xl.cli.addin_cmd",
    "pmo_xl.cli.consolidate_cmd",
    "pmo_xl.cli.pack_cmd",
    "pmo_xl.cli.run_cmd",
    "pmo_xl.cli.history_cmd",
    "pmo_xl.cli.minutes_cmd",
    "pmo_xl.cli.invite_cmd",
]


def parse_date_option(text: str | None):
    """A date typed on the command line (YYYY-MM-DD or DD/MM/YYYY); ``None`` stays ``None``."""
    from datetime import datetime

    if text is None:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise typer.BadParameter(f"invalid date {text!r}; expected YYYY-MM-DD or DD/MM/YYYY")


def parse_period_options(period: str | None, status_date: str | None):
    """The :class:`~pmo_xl.model.period.ReportingPeriod` of ``--period`` and ``--status-date``.

    ``--period`` alone leaves the status date to be settled from the
    workbooks; ``--status-date`` alone means the month that contains it;
    neither gives None (the master's Config, then the workbooks, decide).
    """
    from pmo_xl.errors import PmoError
    from pmo_xl.model.period import ReportingPeriod, reporting_period_for

    day = parse_date_option(status_date)
    if period is None:
        return None if day is None else reporting_period_for(day)
    try:
        return ReportingPeriod.parse(period, day)
    except PmoError as error:
        raise typer.BadParameter(str(error), param_hint="--period") from error


PROBLEM_HEADERS = {
    "fr": ("Gravité", "Fichier", "Feuille", "Cellule/ligne", "Message", "Trouvé", "Attendu"),
    "en": ("Severity", "File", "Sheet", "Cell/row", "Message", "Found", "Expected"),
}


def print_problems(console, problems, title: str | None = None, *, lang: str = "fr",
                   file_names_only: bool = False) -> None:
    """The problems as one table, in ``lang``: severity, where (file, sheet, cell or row and column),
    the message, what was found and what was expected.

    With ``file_names_only`` the file column shows the file's name without its folder.
    """
    from pathlib import Path

    from rich.table import Table

    from pmo_xl.i18n import problem_expected, problem_message, severity_label

    lang = lang if lang in PROBLEM_HEADERS else "en"
    table = Table(title=title or ("Problèmes" if lang == "fr" else "Problems"))
    for header in PROBLEM_HEADERS[lang]:
        table.add_column(header)
    row_word = "ligne" if lang == "fr" else "row"
    for problem in problems:
        location = problem.location
        where = location.cell or (f"{row_word} {location.row}" if location.row is not None else "")
        if location.column and not location.cell:
            where = f"{where}, {location.column}" if where else location.column
        file = (Path(location.file).name if file_names_only else location.file) if location.file else ""
        table.add_row(severity_label(problem, lang), file, location.sheet or "", where,
                      problem_message(problem, lang), problem.found or "", problem_expected(problem, lang))
    console.print(table)


def _load_commands() -> None:
    for name in COMMAND_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:  # a command module not present in this build
            if exc.name != name:
                raise


def main() -> None:
    """The ``pmo-xl`` entry point: an unexpected error is one message and exit code 4, never a traceback."""
    import sys

    from pmo_xl.cli.output import ExitCode, err

    _load_commands()
    try:
        app()
    except Exception as exc:  # a defect: said in one line, with the exit code of internal errors
        err().print(f"pmo-xl: internal error ({type(exc).__name__}: {exc})", markup=False)
        sys.exit(int(ExitCode.INTERNAL))


_load_commands()
