"""``pmo-xl invite``: the next meeting's .ics invitation and the owners' .eml reminders, as files."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from pmo_xl.cli import COMMANDS_PANEL, app, output, parse_date_option, print_problems
from pmo_xl.cli.pack_cmd import CommitteeOption
from pmo_xl.errors import PmoError


def _smtp_address(text: str) -> tuple[str, int]:
    host, _, port = text.partition(":")
    if not host or (port and not port.isdigit()):
        raise typer.BadParameter(f"invalid SMTP server {text!r}; expected HOST or HOST:PORT")
    return host, int(port or 25)


@app.command("invite", rich_help_panel=COMMANDS_PANEL,
             help="Écrit l'invitation .ics de la prochaine réunion d'un comité et un rappel .eml par responsable "
                  "(rien n'est envoyé, sauf avec --smtp).")
def invite_command(
    master: Path = typer.Option(..., "--master", "-m", help="Classeur maître du portefeuille, consolidé.",
                                exists=True, dir_okay=False),
    committee: CommitteeOption = typer.Option(..., "--committee", "-c", help="Comité : COPIL, COPROJ ou TECH."),
    out: Path = typer.Option(..., "--out", "-o", help="Répertoire où écrire les fichiers.", file_okay=False),
    scope: str | None = typer.Option(None, "--scope", help="Périmètre du comité (programme ou projet d'un COPROJ)."),
    after: str | None = typer.Option(None, "--after", help="Première réunion à partir de cette date AAAA-MM-JJ "
                                                            "(par défaut : la date d'état)."),
    pack: Path | None = typer.Option(None, "--pack", help="Dossier du comité à lier à l'invitation.", exists=True,
                                     dir_okay=False),
    pack_url: str | None = typer.Option(None, "--pack-url", help="Adresse du dossier (partage, GED) à lier."),
    embed: bool = typer.Option(False, "--embed-pack", help="Joint le dossier dans l'invitation au lieu d'un lien."),
    lang: str = typer.Option("fr", "--lang", help="Langue de l'invitation : fr ou en (les rappels suivent la "
                                                  "langue de chaque responsable)."),
    smtp: str | None = typer.Option(None, "--smtp", help="Remet les rappels à ce serveur SMTP (HOST[:PORT]) ; "
                                                          "désactivé par défaut."),
    starttls: bool = typer.Option(False, "--starttls", help="Avec --smtp : chiffre la connexion (STARTTLS)."),
    as_json: bool = typer.Option(False, "--json", help="Résultat en JSON sur la sortie standard."),
) -> None:
    """Write the next meeting's invitation and one reminder per owner; send nothing unless --smtp is given."""
    from pmo_xl.model import Committee
    from pmo_xl.service.invitations import hand_off_smtp, write_invitations

    try:
        result = write_invitations(master, Committee(committee.value), out, scope=scope,
                                   on_or_after=parse_date_option(after), pack=pack, pack_url=pack_url,
                                   embed_pack=embed, lang=lang if lang in ("fr", "en") else "fr")
    except PmoError as error:
        output.err().print(str(error))
        print_problems(output.err(), list(error.problems), lang=lang)
        raise typer.Exit(2)
    sent = None
    if smtp:
        host, port = _smtp_address(smtp)
        sent = hand_off_smtp(list(result.reminders.values()), host, port, starttls)
    document = {"meeting": result.meeting.meeting_id, "starts": result.meeting.starts.isoformat(),
                "invitation": str(result.invitation),
                "reminders": {owner: str(path) for owner, path in result.reminders.items()}, "sent": sent,
                "problems": [p.to_dict() for p in result.problems]}
    if as_json:
        typer.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        console = output.out()
        console.print(f"{result.meeting.meeting_id} ({result.meeting.starts:%d/%m/%Y %H:%M}) : {result.invitation}")
        for owner, path in result.reminders.items():
            console.print(f"  {owner} : {path}")
    if result.problems:
        print_problems(output.err(), list(result.problems), lang=lang)
