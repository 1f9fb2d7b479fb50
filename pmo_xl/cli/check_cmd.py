"""``pmo-xl check``: the DCMA 14-point schedule assessment of a project workbook, MSPDI, MPP or XER file.

    pmo-xl check FILE [--status-date YYYY-MM-DD] [--json] [--lang fr|en]

``--json`` prints one object: ``project``, ``status_date``, ``critical_path_task``,
``passed``, ``applicable``, ``quality`` (share of the applicable checks that
pass) and ``checks``, a list of fourteen objects with ``number``, ``code``,
``count``, ``denominator``, ``ratio``, ``threshold``, ``comparison``,
``passed`` (``null`` when not applicable) and ``task_ids``.  Exit code 1 when
the file cannot be read or scheduled (a dependency cycle is named by its
tasks: ``{"error": "cycle", "cycle": [...]}`` with ``--json``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from pmo_xl.cli import COMMANDS_PANEL, app, output, parse_date_option, print_problems
from pmo_xl.errors import CycleError, PmoError

_MAX_IDS_SHOWN = 8


def load_plan(path: Path, lang: str, as_json: bool):
    """The plan of ``path`` (:class:`~pmo_xl.io.plan.PlanReadResult`); prints the problems and exits 1 when
    it cannot be read."""
    from pmo_xl.io.plan import read_plan

    err = output.err()
    if not path.is_file():
        err.print(f"{path}: " + ("fichier introuvable" if lang == "fr" else "file not found"))
        raise typer.Exit(1)
    try:
        plan = read_plan(path, stored_results=False)
    except PmoError as exc:
        err.print(str(exc))
        if exc.problems:
            print_problems(err, exc.problems, lang=lang)
        raise typer.Exit(1)
    if not plan.ok:
        print_problems(err, plan.problems, lang=lang)
        raise typer.Exit(1)
    return plan


def refuse_cycle(error: CycleError, lang: str, as_json: bool) -> None:
    """Print the tasks of a dependency cycle and exit 1."""
    if as_json:
        typer.echo(json.dumps({"error": "cycle", "cycle": error.tasks}, ensure_ascii=False))
    chain = " → ".join(error.tasks + error.tasks[:1])
    output.err().print(("Cycle de dépendances entre les tâches " if lang == "fr"
                        else "Dependency cycle between tasks ") + chain)
    raise typer.Exit(1)


@app.command("check", rich_help_panel=COMMANDS_PANEL,
             help="Évalue la qualité d'un planning selon les 14 points de la DCMA : logique, liens, contraintes, "
                  "marges, durées, dates, ressources, tâches manquées, test du chemin critique, CPLI et BEI.")
def check_command(
    file: Path = typer.Argument(..., help="Classeur projet (.xlsx), fichier MS Project (.xml ou .mpp) ou Primavera P6 (.xer)."),
    status_date: Optional[str] = typer.Option(None, "--status-date", help="Date d'état AAAA-MM-JJ (par défaut : celle du fichier)."),
    as_json: bool = typer.Option(False, "--json", help="Écrit un objet JSON au lieu du tableau."),
    lang: str = typer.Option("fr", "--lang", help="Langue du tableau : fr ou en."),
) -> None:
    """The DCMA 14-point assessment of a plan."""
    from pmo_xl.engine.dcma import assess_schedule

    lang = "en" if lang.lower().startswith("en") else "fr"
    day = parse_date_option(status_date)
    plan = load_plan(file, lang, as_json)
    data, problems = plan.data, plan.problems
    try:
        assessment = assess_schedule(data, status_date=day, options=plan.options)
    except CycleError as error:
        refuse_cycle(error, lang, as_json)
    except PmoError as error:
        output.err().print(str(error))
        raise typer.Exit(1)
    if problems:
        print_problems(output.err(), problems, lang=lang)
    if as_json:
        typer.echo(json.dumps(assessment.to_dict(), ensure_ascii=False))
        return
    output.out().print(assessment_table(assessment, data.project.name, lang))


def assessment_table(assessment, project_name: str, lang: str) -> Table:
    """The fourteen checks as a table in ``lang``."""
    from pmo_xl.engine.dcma import schedule_quality
    from pmo_xl.texts.schedule_quality import (
        QUALITY_LABEL, check_label, outcome_label, ratio_text, threshold_text,
    )

    quality = schedule_quality(assessment)
    figure = "" if quality is None else f" — {QUALITY_LABEL[0 if lang == 'fr' else 1]} : " \
        f"{assessment.passed_count}/{assessment.applicable_count}"
    table = Table(title=f"DCMA 14 — {project_name}{figure}")
    headers = (("N°", "Contrôle", "Nombre", "Sur", "Ratio", "Seuil", "Résultat", "Tâches en cause") if lang == "fr"
               else ("No.", "Check", "Count", "Out of", "Ratio", "Threshold", "Outcome", "Tasks at fault"))
    for header in headers:
        table.add_column(header)
    for check in assessment.checks:
        ids = list(check.task_ids[:_MAX_IDS_SHOWN])
        more = len(check.task_ids) - len(ids)
        shown = ", ".join(ids) + (f" (+{more})" if more > 0 else "")
        table.add_row(str(check.number), check_label(check.code, lang), f"{check.count:g}", f"{check.denominator:g}",
                      ratio_text(check.code, check.ratio, lang),
                      threshold_text(check.code, check.comparison, check.threshold, lang),
                      outcome_label(check.passed, lang), shown)
    return table
