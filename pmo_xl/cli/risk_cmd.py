"""``pmo-xl risk``: Monte Carlo schedule risk analysis of a project workbook, MSPDI, MPP or XER file.

    pmo-xl risk FILE [--iterations N] [--seed S] [--distribution triangular|pert] [--correlation R]
                     [--status-date YYYY-MM-DD] [--json] [--lang fr|en]
    pmo-xl risk --master MASTER [--json] [--lang fr|en]

With ``--master`` nothing is simulated: each project's row of the master's
Risque planning table (the last consolidation's analysis) is printed, least
likely to meet its baseline finish first; ``--json`` prints ``master``,
``status_date`` and ``projects`` (``project``, ``name``, ``iterations``,
``baseline_finish``, ``deterministic_finish``, ``p10``…``p90``,
``probability_on_baseline``, ``currency``, ``cost_p50``, ``cost_p80``).

``--json`` prints :meth:`pmo_xl.engine.risk.RiskAnalysis.to_dict`: ``finish``
(``p10``, ``p50``, ``p80``, ``p90``), ``probability_on_baseline``,
``milestones``, ``criticality`` (task id → share of iterations), ``tornado``,
``merge_points``, ``cost`` (``deterministic``, ``p50``, ``p80``).  Exit code 1
when the file cannot be read, has a dependency cycle (``{"error": "cycle",
"cycle": [...]}`` with ``--json``) or bad risk inputs (located problems).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from pmo_xl.cli import COMMANDS_PANEL, app, output, parse_date_option, print_problems
from pmo_xl.cli.check_cmd import computed_on_plan, load_plan, require_plan_or_master
from pmo_xl.errors import PmoError

_TORNADO_SHOWN = 10


@app.command("risk", rich_help_panel=COMMANDS_PANEL,
             help="Analyse de risque Monte Carlo du planning : dates P10/P50/P80/P90, probabilité de tenir la date "
                  "de référence, indice de criticité, tornade de sensibilité, biais de convergence, coût P50/P80 ; avec "
                  "--master, celle de tout le portefeuille, lue dans le classeur maître consolidé.")
def risk_command(
    file: Optional[Path] = typer.Argument(None, help="Classeur projet (.xlsx), fichier MS Project (.xml ou .mpp) ou Primavera P6 (.xer)."),
    master: Optional[Path] = typer.Option(None, "--master", "-m", dir_okay=False,
                                          help="Classeur maître consolidé : le risque du planning de tout le portefeuille."),
    iterations: int = typer.Option(1000, "--iterations", min=1, help="Nombre d'itérations."),
    seed: Optional[int] = typer.Option(None, "--seed", help="Graine du tirage : même graine, mêmes résultats."),
    distribution: str = typer.Option("triangular", "--distribution", help="Loi des durées : triangular ou pert."),
    correlation: float = typer.Option(0.0, "--correlation", min=0.0, max=1.0,
                                      help="Corrélation de rang entre les durées d'une même phase (0 à 1)."),
    memory_mb: float = typer.Option(256.0, "--memory-mb", min=1.0, help="Mémoire de travail ; au-delà, par lots."),
    status_date: Optional[str] = typer.Option(None, "--status-date", help="Date d'état AAAA-MM-JJ (par défaut : celle du fichier)."),
    as_json: bool = typer.Option(False, "--json", help="Écrit un objet JSON au lieu des tableaux."),
    lang: str = typer.Option("fr", "--lang", help="Langue des tableaux : fr ou en."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Sans barre de progression : seulement les résultats."),
) -> None:
    """Monte Carlo schedule risk analysis of a plan."""
    from pmo_xl.engine.risk import RiskOptions, analyse_risk
    from pmo_xl.engine.risk.sampling import DISTRIBUTIONS

    lang = "en" if lang.lower().startswith("en") else "fr"
    require_plan_or_master(file, master, lang)
    if master is not None:
        show_portfolio_risk(master, as_json, lang)
        return
    if distribution not in DISTRIBUTIONS:
        output.err().print(f"--distribution: {distribution!r} ∉ {', '.join(DISTRIBUTIONS)}")
        raise typer.Exit(2)
    day = parse_date_option(status_date)
    plan = load_plan(file, lang, as_json)
    data, problems = plan.data, plan.problems
    options = RiskOptions(iterations=iterations, seed=seed, distribution=distribution,
                          rank_correlation=correlation, memory_budget_mb=memory_mb)
    with output.progress_bar(quiet, lang) as on_progress:
        analysis = computed_on_plan(lambda: analyse_risk(data, options, status_date=day, schedule_options=plan.options,
                                                         on_progress=on_progress), lang, as_json)
    if problems:
        print_problems(output.err(), problems, lang=lang)
    if as_json:
        typer.echo(json.dumps(analysis.to_dict(), ensure_ascii=False))
        return
    for table in analysis_tables(analysis, data.project.name, lang):
        output.out().print(table)


def analysis_tables(analysis, project_name: str, lang: str) -> list[Table]:
    """The finish percentiles, milestones, tornado and merge points as tables in ``lang``."""
    from pmo_xl.texts.risk_analysis import date_text, number_text, pick

    finish = Table(title=pick(("Analyse de risque", "Risk analysis"), lang)
                   + f" — {project_name} — {analysis.iterations} " + pick(("itérations", "iterations"), lang))
    finish.add_column(pick(("Jalon", "Milestone"), lang))
    finish.add_column(pick(("Déterministe", "Deterministic"), lang))
    for p in analysis.finish_percentiles:
        finish.add_column(f"P{p}")
    finish.add_row(pick(("Fin du projet", "Project finish"), lang), date_text(analysis.deterministic_finish, lang),
                   *(date_text(v, lang) for v in analysis.finish_percentiles.values()))
    for milestone in analysis.milestones:
        finish.add_row(f"{milestone.name} ({milestone.task_id})", date_text(milestone.deterministic, lang),
                       *(date_text(v, lang) for v in milestone.percentiles.values()))
    tables = [finish]
    summary = Table(title=pick(("Synthèse", "Summary"), lang))
    summary.add_column(pick(("Mesure", "Measure"), lang))
    summary.add_column(pick(("Valeur", "Value"), lang))
    if analysis.probability_on_baseline is not None:
        summary.add_row(pick(("Probabilité de tenir la fin de référence", "Probability of meeting the baseline finish"),
                             lang), number_text(analysis.probability_on_baseline * 100, lang, 1) + " %")
    summary.add_row(pick(("Coût déterministe", "Deterministic cost"), lang),
                    number_text(analysis.deterministic_cost, lang, 0))
    for p, amount in analysis.cost_percentiles.items():
        summary.add_row(pick(("Coût", "Cost"), lang) + f" P{p}", number_text(amount, lang, 0))
    tables.append(summary)
    tornado = Table(title=pick(("Tornade de sensibilité des durées", "Duration sensitivity tornado"), lang))
    for header in (pick(("Tâche", "Task"), lang), pick(("Corrélation avec la fin", "Correlation with the finish"), lang),
                   pick(("Indice de criticité", "Criticality index"), lang)):
        tornado.add_column(header)
    for bar in analysis.tornado[:_TORNADO_SHOWN]:
        tornado.add_row(f"{bar.name} ({bar.task_id})", number_text(bar.correlation, lang, 2),
                        number_text(analysis.criticality.get(bar.task_id, 0.0) * 100, lang, 0) + " %")
    tables.append(tornado)
    if analysis.merge_points:
        merges = Table(title=pick(("Biais de convergence", "Merge bias"), lang))
        for header in (pick(("Point de convergence", "Merge point"), lang), pick(("Chemins", "Paths"), lang),
                       pick(("Début déterministe", "Deterministic start"), lang),
                       pick(("Biais (j ouvrés)", "Bias (working days)"), lang),
                       pick(("Retard moyen (j ouvrés)", "Mean delay (working days)"), lang),
                       pick(("Probabilité de retard", "Probability late"), lang)):
            merges.add_column(header)
        for m in analysis.merge_points:
            merges.add_row(f"{m.name} ({m.task_id})", str(m.paths), date_text(m.deterministic_start, lang),
                           number_text(m.bias_days, lang, 1), number_text(m.mean_delay_days, lang, 1),
                           number_text(m.probability_late * 100, lang, 0) + " %")
        tables.append(merges)
    return tables


def show_portfolio_risk(master: Path, as_json: bool, lang: str) -> None:
    """Print the schedule risk the master's last consolidation stored, one row per project."""
    from pmo_xl.service.schedule_quality import portfolio_risk

    if not master.is_file():
        output.err().print(f"{master}: " + ("classeur maître introuvable" if lang == "fr" else "master workbook not found"))
        raise typer.Exit(2)
    try:
        risk = portfolio_risk(master)
    except PmoError as error:
        output.err().print(str(error))
        raise typer.Exit(1)
    if risk.projects.empty:
        output.err().print("Aucun risque du planning dans ce classeur maître : consolidez-le à nouveau."
                           if lang == "fr" else "No schedule risk in this master workbook: consolidate it again.")
        raise typer.Exit(1)
    if as_json:
        typer.echo(json.dumps(risk.to_dict(), ensure_ascii=False))
        return
    output.out().print(portfolio_risk_table(risk, lang))


def portfolio_risk_table(risk, lang: str) -> Table:
    """One row per project, least likely first: baseline finish, P50, P80, probability of meeting the baseline."""
    fr = lang == "fr"
    table = Table(title="Risque du planning (Monte Carlo)" if fr else "Schedule risk (Monte Carlo)")
    for header in (("Projet", "Nom", "Fin de référence", "Fin P50", "Fin P80", "Probabilité de tenir la référence")
                   if fr else ("Project", "Name", "Baseline finish", "P50 finish", "P80 finish",
                               "Probability of meeting the baseline")):
        table.add_column(header)
    for row in risk.to_dict()["projects"]:
        def day(value):
            return "" if value is None else (f"{value[8:10]}/{value[5:7]}/{value[:4]}" if fr else value[:10])

        probability = row["probability_on_baseline"]
        table.add_row(row["project"], row["name"] or "", day(row["baseline_finish"]), day(row["p50"]), day(row["p80"]),
                      "" if probability is None else f"{probability * 100:.0f} %")
    return table
