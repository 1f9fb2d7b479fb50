"""``pmo-xl minutes import``: a meeting's filled minutes back into the master's registers."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from pmo_xl.cli import COMMANDS_PANEL, app, output, print_problems
from pmo_xl.errors import PmoError

minutes_app = typer.Typer(name="minutes", help="Comptes rendus de comité : import dans les registres du classeur maître.",
                          no_args_is_help=True)
app.add_typer(minutes_app, name="minutes", rich_help_panel=COMMANDS_PANEL)

from pmo_xl.reports.minutes_changes import WORDS, change_records  # noqa: E402



def _print_changes(result, records: list[dict], lang: str) -> None:
    from rich.table import Table

    words = WORDS[lang]
    table = Table(title=words["title"].format(meeting=result.meeting_id))
    for header in words["headers"]:
        table.add_column(header)
    for r in records:
        table.add_row(words["decision" if r["register"] == "decision" else "action"], r["ref"],
                      words["created"] if r["created"] else words["updated"], r["title"], r["detail"],
                      str(r["row"] or ""))
    output.out().print(table)


def _summary(result, records: list[dict], master: Path, lang: str) -> str:
    words = WORDS[lang]
    if result.dry_run:
        return words["dry"]
    if result.blocked:
        return words["blocked"]
    if not result.applied:
        return words["none"].format(meeting=result.meeting_id)
    return words["applied"].format(count=len(records), master=master, backup=result.backup_path)


@minutes_app.command("import", help="Reporte les décisions et actions d'un compte rendu rempli dans les registres "
                                    "tblGouvDecisions et tblGouvActions du classeur maître.")
def minutes_import_command(
    minutes: Path = typer.Argument(..., help="Compte rendu rempli (.docx) écrit depuis le modèle du dossier.",
                                   exists=True, dir_okay=False),
    master: Path = typer.Option(..., "--master", "-m", help="Classeur maître du portefeuille.", exists=True,
                                dir_okay=False),
    dry_run: bool = typer.Option(False, "--dry-run", help="Liste les modifications sans rien écrire."),
    accept_partial: bool = typer.Option(False, "--accept-partial",
                                        help="Importe les lignes correctes même si d'autres sont en erreur."),
    as_json: bool = typer.Option(False, "--json", help="Résultat en JSON sur la sortie standard."),
    lang: str = typer.Option("fr", "--lang", help="Langue des messages : fr ou en."),
) -> None:
    """Import a filled minutes document into the master's decision and action registers."""
    from pmo_xl.service.minutes_import import import_minutes

    lang = lang if lang in WORDS else "fr"
    try:
        result = import_minutes(master, minutes, dry_run=dry_run, accept_partial=accept_partial)
    except PmoError as error:
        output.err().print(str(error))
        print_problems(output.err(), list(error.problems) or [], lang=lang)
        raise typer.Exit(2)
    records = change_records(result, lang)
    if as_json:
        typer.echo(json.dumps({
            "meeting": result.meeting_id, "changes": records, "applied": result.applied,
            "dry_run": result.dry_run, "blocked": result.blocked,
            "backup": str(result.backup_path) if result.backup_path else None,
            "problems": [p.to_dict() for p in result.problems]}, ensure_ascii=False, indent=2))
    else:
        _print_changes(result, records, lang)
        output.out().print(_summary(result, records, master, lang))
    if result.problems:
        print_problems(output.err(), list(result.problems), lang=lang)
    if result.blocked:
        raise typer.Exit(1)
