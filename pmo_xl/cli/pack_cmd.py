"""``pmo-xl pack``: a committee pack of one consolidated period, from the snapshot its consolidation stored,
and ``pmo-xl template packs``: the Word templates of the packs."""

from __future__ import annotations

from datetime import date
from enum import Enum
from pathlib import Path

import typer
from pmo_xl.cli import output

from pmo_xl.cli import COMMANDS_PANEL, app, print_problems
from pmo_xl.cli.template_cmd import template_app
from pmo_xl.errors import PmoError


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


@app.command("pack", rich_help_panel=COMMANDS_PANEL, help="Écrit le dossier Word, le modèle de compte rendu et le tableau de bord Excel "
                                "d'une période, à partir de l'instantané enregistré par sa consolidation.")
def pack_command(
    master: Path = typer.Option(..., "--master", "-m", help="Classeur maître du portefeuille ; l'instantané de la période est lu "
                                "dans instantanes/<période>/ à côté de lui.",
                                exists=True, dir_okay=False),
    period: str = typer.Option(..., "--period", help="Période : AAAA-MM, AAAA-Wss (semaine ISO) ou AAAA-Qn."),
    kind: KindOption = typer.Option(KindOption.monthly, "--kind", help="Flash hebdomadaire (weekly), dossier mensuel (monthly) ou revue trimestrielle (quarterly)."),
    committee: CommitteeOption = typer.Option(CommitteeOption.COPIL, "--committee", help="Comité destinataire du dossier."),
    out: Path = typer.Option(..., "--out", "-o", help="Répertoire où écrire le dossier de comité.", file_okay=False),
    project: str | None = typer.Option(None, "--project", help="Code projet ou programme (par défaut : tout le portefeuille)."),
    lang: LanguageOption = typer.Option(LanguageOption.fr, "--lang", help="Langue du dossier : fr ou en."),
    pdf: bool = typer.Option(False, "--pdf", help="Écrit aussi des copies PDF avec LibreOffice (sans interface)."),
    templates: Path | None = typer.Option(None, "--templates", help="Dossier de modèles Word remis en forme.",
                                          file_okay=False),
    previous: Path | None = typer.Option(None, "--previous", help="Classeur maître de la situation précédente "
                                         "(par exemple sa sauvegarde) : le flash hebdomadaire montre ce qui a changé depuis.",
                                         exists=True, dir_okay=False),
    formats: str = typer.Option("docx,pptx,xlsx", "--format", help="Sorties à écrire, séparées par des virgules : "
                                "docx (dossier Word et compte rendu), pptx (présentation du COPIL), xlsx (tableau de bord)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Sans barre de progression : seulement le résumé."),
) -> None:
    """Write the Word pack, the minutes template, the COPIL deck and the Excel dashboard of a period."""
    from pmo_xl.model.enums import Committee
    from pmo_xl.model.period import parse_period
    from pmo_xl.reports.context import PackKind, PackRequest
    from pmo_xl.reports.packs import parse_formats
    from pmo_xl.service.pack import write_period_pack

    console = output.out()
    try:
        request = PackRequest(parse_period(period), PackKind(kind.value), Committee(committee.value), lang.value,
                              project=project, generated_on=date.today())
        with output.progress_bar(quiet, lang.value) as on_progress:
            result = write_period_pack(master, request, out, pdf=pdf, templates_dir=templates,
                                       formats=parse_formats(formats), previous_master=previous,
                                       on_progress=on_progress)
    except PmoError as error:
        console.print(f"[red]{error}[/red]")
        if error.problems:
            print_problems(console, list(error.problems), "Problèmes")
        raise typer.Exit(1)
    for path in result.files:
        console.print(f"written: {path}")
    for name, pages in result.pdf_pages.items():
        console.print(f"{name}: {pages} pages")
    if result.problems:
        print_problems(console, list(result.problems), "Avertissements")
    if any(p.is_error for p in result.problems):
        raise typer.Exit(1)


@template_app.command("packs", rich_help_panel=COMMANDS_PANEL, help="Écrit les modèles Word des dossiers de comité (français et anglais) "
                                     "et le modèle PowerPoint du COPIL, à remettre en forme.")
def template_packs(
    out: Path = typer.Option(..., "--out", "-o", help="Dossier où écrire les modèles Word.", file_okay=False),
) -> None:
    """Write the Word templates of the committee packs (French and English) for restyling in Word."""
    from pmo_xl.reports.deck_template import write_deck_template
    from pmo_xl.reports.templates_build import write_templates

    console = output.out()
    try:
        written = write_templates(out)
        written.append(write_deck_template(out))
    except PmoError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(1)
    except OSError as error:
        console.print(f"[red]cannot write the templates to {out}: {error}[/red]")
        raise typer.Exit(1)
    for path in written:
        console.print(f"written: {path}")
