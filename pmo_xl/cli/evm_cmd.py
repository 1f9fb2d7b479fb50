"""``pmo-xl evm``: earned value of one project workbook at a status date."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import typer
from pmo_xl.cli import output
from rich.table import Table

from pmo_xl.cli import COMMANDS_PANEL, app, print_problems
from pmo_xl.engine.budget import RatesTable
from pmo_xl.engine.evm import EAC_METHODS, EarnedValue, project_earned_value
from pmo_xl.errors import PmoError

# (attribute, French label, English label, kind)
ROWS = [
    ("bac", "Budget à terminaison (BAC)", "Budget at completion (BAC)", "money"),
    ("pv", "Valeur planifiée (PV)", "Planned value (PV)", "money"),
    ("ev", "Valeur acquise (EV)", "Earned value (EV)", "money"),
    ("ac", "Coût réel (AC)", "Actual cost (AC)", "money"),
    ("sv", "Écart de délai (SV)", "Schedule variance (SV)", "money"),
    ("cv", "Écart de coût (CV)", "Cost variance (CV)", "money"),
    ("spi", "SPI", "SPI", "index"),
    ("cpi", "CPI", "CPI", "index"),
    ("eac", "Estimation à terminaison (EAC)", "Estimate at completion (EAC)", "money"),
    ("eac_remaining_at_budget", "EAC = AC + (BAC − EV)", "EAC = AC + (BAC − EV)", "money"),
    ("eac_cpi_spi", "EAC = AC + (BAC − EV)/(CPI×SPI)", "EAC = AC + (BAC − EV)/(CPI×SPI)", "money"),
    ("eac_bottom_up", "EAC ascendante (AC + prévisions)", "Bottom-up EAC (AC + forecast)", "money"),
    ("etc", "Reste à faire (ETC)", "Estimate to complete (ETC)", "money"),
    ("vac", "Écart à terminaison (VAC)", "Variance at completion (VAC)", "money"),
    ("tcpi_bac", "TCPI (BAC)", "TCPI (BAC)", "index"),
    ("tcpi_eac", "TCPI (EAC)", "TCPI (EAC)", "index"),
    ("pd_days", "Durée planifiée (j ouvrés)", "Planned duration (working days)", "days"),
    ("at_days", "Temps écoulé AT (j ouvrés)", "Actual time AT (working days)", "days"),
    ("es_days", "Durée acquise ES (j ouvrés)", "Earned schedule ES (working days)", "days"),
    ("spi_t", "SPI(t)", "SPI(t)", "index"),
    ("sv_t_days", "SV(t) (j ouvrés)", "SV(t) (working days)", "days"),
    ("forecast_finish", "Fin prévue", "Forecast finish", "date"),
]

UNDEFINED = {"fr": "n.d.", "en": "n/a"}


def _format(value, kind: str, lang: str) -> str:
    if value is None:
        return UNDEFINED[lang]
    if kind == "money":
        text = f"{value:,.0f}"
        return text.replace(",", "\u202f") if lang == "fr" else text
    if kind == "index":
        text = f"{value:.2f}"
    elif kind == "days":
        text = f"{value:.1f}"
    else:
        return value.strftime("%d/%m/%Y %H:%M") if lang == "fr" else value.strftime("%Y-%m-%d %H:%M")
    return text.replace(".", ",") if lang == "fr" else text


def metrics_json(result: EarnedValue) -> dict:
    """The JSON object ``pmo-xl evm --json`` prints."""
    return result.to_dict()


@app.command("evm", rich_help_panel=COMMANDS_PANEL, help="Calcule la valeur acquise (EVM) et la durée acquise d'un classeur projet "
                               "à une date d'état.")
def evm_command(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="Classeur projet (.xlsx)."),
    status_date: datetime = typer.Option(None, "--status-date", formats=["%Y-%m-%d"],
                                         help="Date d'état AAAA-MM-JJ (par défaut : celle de la fiche projet)."),
    as_json: bool = typer.Option(False, "--json", help="Écrit un objet JSON au lieu des tableaux."),
    currency: str = typer.Option("MAD", "--currency", help="Devise des montants restitués (code ISO 4217)."),
    rates: Path = typer.Option(None, "--rates", exists=True, dir_okay=False,
                               help="Fichier CSV des taux de change : colonnes currency, rate et, au besoin, month."),
    eac_method: str = typer.Option("cpi", "--eac", help="Méthode de l'estimation à terminaison (EAC) : " + ", ".join(EAC_METHODS) + "."),
    lang: str = typer.Option("fr", "--lang", help="Langue des tableaux : fr ou en."),
) -> None:
    """Earned value (EVM) and earned schedule of a project workbook at a status date."""
    from pmo_xl.io.workbook_reader import read_project_workbook

    err = output.err()
    lang = "en" if lang.lower().startswith("en") else "fr"
    if eac_method not in EAC_METHODS:
        err.print(f"--eac: {eac_method!r} ∉ {', '.join(EAC_METHODS)}")
        raise typer.Exit(2)
    try:
        outcome = read_project_workbook(file)
        problems = list(outcome.problems or [])
        if outcome.data is None or any(p.is_error for p in problems):
            print_problems(err, problems, lang=lang)
            raise typer.Exit(1)
        data = outcome.data
        day = status_date.date() if status_date else data.project.status_date
        if day is None:
            err.print("Date d'état absente: --status-date AAAA-MM-JJ" if lang == "fr"
                      else "No status date: pass --status-date YYYY-MM-DD")
            raise typer.Exit(2)
        table = RatesTable.from_csv(rates, currency) if rates else RatesTable.default(currency)
        result = project_earned_value(data, day, table, eac_method=eac_method)
    except PmoError as error:
        err.print(str(error))
        if error.problems:
            print_problems(err, list(error.problems), lang=lang)
        raise typer.Exit(1)
    if problems:
        print_problems(err, problems, lang=lang)
    if as_json:
        typer.echo(json.dumps(metrics_json(result), ensure_ascii=False))
        return
    out = output.out()
    title = (f"{data.project.code} — {data.project.name} — "
             + (f"au {day:%d/%m/%Y}" if lang == "fr" else f"at {day:%Y-%m-%d}"))
    table_out = Table(title=title)
    table_out.add_column("Indicateur" if lang == "fr" else "Measure")
    table_out.add_column(f"Valeur ({result.currency})" if lang == "fr" else f"Value ({result.currency})",
                         justify="right")
    for attribute, label_fr, label_en, kind in ROWS:
        table_out.add_row(label_fr if lang == "fr" else label_en,
                          _format(getattr(result, attribute), kind, lang))
    out.print(table_out)
    if result.problems:
        print_problems(err, list(result.problems), lang=lang)
