"""``pmo-xl check``: the DCMA 14-point schedule assessment of a project workbook, MSPDI, MPP or XER file,
or of the whole portfolio as its last consolidation stored it in the master.

    pmo-xl check FILE [--status-date YYYY-MM-DD] [--json] [--lang fr|en]
    pmo-xl check --master MASTER [--project CODE] [--json] [--lang fr|en]

With ``--master`` nothing is scheduled: the heat map (one row per project,
its schedule quality and the checks that fail) or, with ``--project``, the
fourteen checks of one project are read from the master's Qualité du
planning tables; ``--json`` prints ``master``, ``status_date`` and
``projects``, each with ``project``, ``name``, ``quality``, ``passed``,
``applicable`` and its ``checks``.

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
from typing import Callable, Optional, TypeVar

import typer
from rich.table import Table

from pmo_xl.cli import COMMANDS_PANEL, app, output, parse_date_option, print_problems
from pmo_xl.errors import CycleError, InputError, PmoError

T = TypeVar("T")

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


def require_plan_or_master(file: Path | None, master: Path | None, lang: str) -> None:
    """A usage error unless exactly one of a plan ``file`` and ``--master`` is given."""
    if (file is None) == (master is None):
        both = file is not None
        raise typer.BadParameter(("un planning FILE ou --master MASTER, pas les deux" if both
                                  else "un planning FILE ou --master MASTER") if lang == "fr" else
                                 ("a plan FILE or --master MASTER, not both" if both else "a plan FILE or --master MASTER"))


def computed_on_plan(compute: Callable[[], T], lang: str, as_json: bool) -> T:
    """``compute()`` on a read plan; a dependency cycle, bad inputs (located problems) or any other refusal
    is printed and exits 1."""
    try:
        return compute()
    except CycleError as error:
        refuse_cycle(error, lang, as_json)
    except InputError as error:
        print_problems(output.err(), error.problems, lang=lang)
        raise typer.Exit(1)
    except PmoError as error:
        output.err().print(str(error))
        raise typer.Exit(1)


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
                  "marges, durées, dates, ressources, tâches manquées, test du chemin critique, CPLI et BEI ; avec --master, "
                  "celle de tout le portefeuille, lue dans le classeur maître consolidé.")
def check_command(
    file: Optional[Path] = typer.Argument(None, help="Classeur projet (.xlsx), fichier MS Project (.xml ou .mpp) ou Primavera P6 (.xer)."),
    master: Optional[Path] = typer.Option(None, "--master", "-m", dir_okay=False,
                                          help="Classeur maître consolidé : la qualité du planning de tout le portefeuille."),
    project: Optional[str] = typer.Option(None, "--project", help="Avec --master : les 14 contrôles d'un projet."),
    status_date: Optional[str] = typer.Option(None, "--status-date", help="Date d'état AAAA-MM-JJ (par défaut : celle du fichier)."),
    as_json: bool = typer.Option(False, "--json", help="Écrit un objet JSON au lieu du tableau."),
    lang: str = typer.Option("fr", "--lang", help="Langue du tableau : fr ou en."),
) -> None:
    """The DCMA 14-point assessment of a plan, or the portfolio's as consolidated in a master."""
    from pmo_xl.engine.dcma import assess_schedule

    lang = "en" if lang.lower().startswith("en") else "fr"
    require_plan_or_master(file, master, lang)
    if master is not None:
        show_portfolio_quality(master, project, as_json, lang)
        return
    day = parse_date_option(status_date)
    plan = load_plan(file, lang, as_json)
    data, problems = plan.data, plan.problems
    assessment = computed_on_plan(lambda: assess_schedule(data, status_date=day, options=plan.options), lang, as_json)
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


def show_portfolio_quality(master: Path, project: str | None, as_json: bool, lang: str) -> None:
    """Print the schedule quality the master's last consolidation stored: the heat map, or one project's checks."""
    from pmo_xl.service.schedule_quality import portfolio_quality

    if not master.is_file():
        output.err().print(f"{master}: " + ("classeur maître introuvable" if lang == "fr" else "master workbook not found"))
        raise typer.Exit(2)
    try:
        quality = portfolio_quality(master)
    except PmoError as error:
        output.err().print(str(error))
        raise typer.Exit(1)
    if quality.projects.empty:
        output.err().print("Aucune qualité du planning dans ce classeur maître : consolidez-le à nouveau."
                           if lang == "fr" else "No schedule quality in this master workbook: consolidate it again.")
        raise typer.Exit(1)
    if project is not None and project not in set(quality.projects["project_code"].astype(str)):
        output.err().print(f"{project} : " + ("projet absent de la dernière consolidation" if lang == "fr"
                                               else "project not in the last consolidation"))
        raise typer.Exit(1)
    if as_json:
        document = quality.to_dict()
        if project is not None:
            document["projects"] = [p for p in document["projects"] if p["project"] == project]
        typer.echo(json.dumps(document, ensure_ascii=False))
        return
    table = portfolio_table(quality, lang) if project is None else stored_checks_table(quality, project, lang)
    output.out().print(table)


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def _day_text(day, lang: str) -> str:
    return "" if day is None else (f"{day:%d/%m/%Y}" if lang == "fr" else day.isoformat())


def portfolio_table(quality, lang: str) -> Table:
    """One row per project: its schedule quality (checks passed out of applicable) and the checks that fail."""
    import pandas as pd

    from pmo_xl.texts.schedule_quality import QUALITY_LABEL, check_label

    fr = lang == "fr"
    title = f"DCMA 14 — {QUALITY_LABEL[0 if fr else 1]}" + (
        f" ({'date d’état' if fr else 'status date'} {_day_text(quality.status_date, lang)})" if quality.status_date else "")
    table = Table(title=title)
    for header in (("Projet", "Nom", "Conformes", "Qualité", "Contrôles non conformes") if fr
                   else ("Project", "Name", "Passed", "Quality", "Failed checks")):
        table.add_column(header)
    for row in quality.projects.to_dict("records"):
        code = str(row["project_code"])
        failed = quality.project_checks(code)
        failed = failed[failed["passed"].map(lambda v: v is False)]
        share = row["schedule_quality"]
        table.add_row(code, _text(row["project_name"]), f"{int(row['checks_passed'])}/{int(row['checks_applicable'])}",
                      "" if pd.isna(share) else f"{share * 100:.0f} %",
                      ", ".join(check_label(c, lang) for c in failed["check_code"]) or ("aucun" if fr else "none"))
    return table


def stored_checks_table(quality, project: str, lang: str) -> Table:
    """The fourteen checks of ``project`` as the snapshot holds them."""
    import pandas as pd

    from pmo_xl.engine.dcma import COMPARISONS
    from pmo_xl.texts.schedule_quality import check_label, outcome_label, ratio_text, threshold_text

    row = quality.projects[quality.projects["project_code"].astype(str) == project].iloc[0]
    table = Table(title=f"DCMA 14 — {project} {_text(row['project_name'])}".rstrip()
                  + f" — {int(row['checks_passed'])}/{int(row['checks_applicable'])}")
    for header in (("N°", "Contrôle", "Nombre", "Sur", "Ratio", "Seuil", "Résultat", "Tâches en cause") if lang == "fr"
                   else ("No.", "Check", "Count", "Out of", "Ratio", "Threshold", "Outcome", "Tasks at fault")):
        table.add_column(header)
    for check in quality.project_checks(project).to_dict("records"):
        code, ratio = check["check_code"], None if pd.isna(check["ratio"]) else float(check["ratio"])
        comparison = COMPARISONS[code]
        table.add_row(f"{int(check['number'])}", check_label(code, lang), f"{check['count']:g}", f"{check['denominator']:g}",
                      ratio_text(code, ratio, lang), threshold_text(code, comparison, float(check["threshold"]), lang),
                      outcome_label(check["passed"], lang), _text(check["task_ids"]))
    return table
