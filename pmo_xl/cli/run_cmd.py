"""``pmo-xl run``: one scheduled reporting cycle, consolidation then packs, for cron or Task Scheduler."""

from __future__ import annotations

from pathlib import Path

import typer
from pmo_xl.cli import output
from rich.table import Table

from pmo_xl.cli import COMMANDS_PANEL, app, parse_period_options
from pmo_xl.cli.pack_cmd import CommitteeOption, LanguageOption, print_problems


@app.command("run", rich_help_panel=COMMANDS_PANEL, help="Exécute un cycle de restitution planifié : consolide le portefeuille puis "
                               "écrit les dossiers de comité de la période ; code de sortie 1 seulement sur "
                               "une erreur bloquante.")
def run_command(
    master: Path = typer.Option(..., "--master", "-m", help="Classeur maître du portefeuille.", exists=True, dir_okay=False),
    period: str = typer.Option(..., "--period", help="Période : AAAA-MM, AAAA-Wss (semaine ISO) ou AAAA-Qn."),
    projects: Path | None = typer.Option(None, "--projects", "-p", help="Dossier des classeurs projet "
                                         "(par défaut : celui de la feuille Config).", file_okay=False),
    out: Path | None = typer.Option(None, "--out", "-o", help="Répertoire de sortie des dossiers de comité (par "
                                    "défaut : packs/<période> à côté du classeur maître).", file_okay=False),
    committee: list[CommitteeOption] | None = typer.Option(None, "--committee", help="Comité dont écrire le dossier "
                                                           "(à répéter ; par défaut : COPIL et TECH en mensuel, COPIL sinon)."),
    coproj: list[str] | None = typer.Option(None, "--coproj", help="Code projet ou programme dont écrire "
                                            "le dossier de comité projet (à répéter ; cycles mensuels)."),
    lang: list[LanguageOption] | None = typer.Option(None, "--lang", help="Langue des dossiers : fr ou en (à répéter ; par défaut : fr)."),
    pdf: bool = typer.Option(False, "--pdf", help="Écrit aussi des copies PDF avec LibreOffice (sans interface)."),
    status_date: str | None = typer.Option(None, "--status-date", "-d", help="Date d'état AAAA-MM-JJ (par défaut : "
                                           "le dernier jour de la période, ou la dernière date d'état des classeurs "
                                           "si elle est antérieure)."),
    templates: Path | None = typer.Option(None, "--templates", help="Dossier de modèles Word remis en forme.",
                                          file_okay=False),
    log: Path | None = typer.Option(None, "--log", help="Fichier journal (par défaut : dans le répertoire de sortie).", dir_okay=False),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Sans barre de progression : seulement le résumé."),
) -> None:
    """Consolidate the portfolio, then write the period's packs; exit code 1 only on a fatal error."""
    from pmo_xl.model.enums import Committee
    from pmo_xl.reports.batch import run_cycle

    console = output.out()
    reporting_period = parse_period_options(period, status_date)
    with output.progress_bar(quiet) as on_progress:
        result = run_cycle(master, reporting_period, projects, out,
                           committees=[Committee(c.value) for c in committee] if committee else None,
                           languages=[l.value for l in lang] if lang else ("fr",), pdf=pdf,
                           coproj_scopes=coproj or (), templates_dir=templates, log_path=log,
                           on_progress=on_progress)
    summary = Table(title=f"pmo-xl run {reporting_period.code}")
    summary.add_column("Étape")
    summary.add_column("Résultat")
    summary.add_row("Date de situation", f"{result.status_date:%Y-%m-%d}" if result.status_date else "–")
    summary.add_row("Projets consolidés", str(len(result.consolidated)))
    summary.add_row("Classeurs non consolidés", str(len(result.failed_workbooks)))
    summary.add_row("Dossiers écrits", str(len(result.packs)))
    summary.add_row("Fichiers écrits", str(sum(len(p.files) for p in result.packs)))
    summary.add_row("Durée", f"{result.seconds:.1f} s")
    summary.add_row("Journal", str(result.log_path))
    console.print(summary)
    errors = [p for p in result.problems if p.is_error]
    if errors:
        print_problems(console, errors, "Problèmes (détail dans le journal)")
    if result.fatal:
        console.print("[red]cycle failed[/red]")
    raise typer.Exit(result.exit_code)
