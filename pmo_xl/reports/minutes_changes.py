"""The changes a minutes import makes to the master's registers, as rows of text for a person to check."""

from __future__ import annotations

WORDS = {
    "fr": {"created": "créée", "updated": "mise à jour", "action": "action", "decision": "décision",
           "title": "Modifications du compte rendu {meeting}", "headers": ("Registre", "Réf.", "Modification",
                                                                            "Intitulé", "Détail", "Ligne"),
           "none": "Aucune modification : les registres sont déjà à jour ({meeting}).",
           "dry": "Simulation (--dry-run) : rien n'a été écrit.",
           "blocked": "Des lignes sont en erreur : rien n'a été importé. Corrigez-les ou relancez avec --accept-partial.",
           "applied": "{count} modification(s) importée(s) dans {master}. Sauvegarde : {backup}",
           "meeting": "Réunion enregistrée : {meeting}", "fields": {"status": "statut", "due_date": "échéance",
                                                                     "owner": "responsable", "closed_on": "close le",
                                                                     "decided_on": "décidée le"}},
    "en": {"created": "created", "updated": "updated", "action": "action", "decision": "decision",
           "title": "Changes of the minutes {meeting}", "headers": ("Register", "Ref.", "Change", "Title",
                                                                    "Detail", "Row"),
           "none": "No change: the registers are already up to date ({meeting}).",
           "dry": "Dry run (--dry-run): nothing was written.",
           "blocked": "Some rows are wrong: nothing was imported. Fix them or run again with --accept-partial.",
           "applied": "{count} change(s) imported into {master}. Backup: {backup}",
           "meeting": "Meeting recorded: {meeting}", "fields": {"status": "status", "due_date": "due date",
                                                                "owner": "owner", "closed_on": "closed on",
                                                                "decided_on": "decided on"}},
}


def _value_text(value, lang: str) -> str:
    from datetime import date

    from pmo_xl.model import label

    if value is None:
        return "–"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}" if lang == "fr" else value.isoformat()
    if hasattr(value, "value"):
        return label(value, lang)
    return str(value)


def change_records(result, lang: str) -> list[dict]:
    """The planned changes as plain records (what ``--json`` prints and the table shows)."""
    words = WORDS[lang]
    records = []
    for change in result.plan.changes:
        details = [f"{words['fields'].get(f.field, f.field)}: {_value_text(f.old, lang)} → {_value_text(f.new, lang)}"
                   for f in change.fields]
        records.append({"register": change.kind.value, "ref": change.ref, "created": change.created,
                        "title": change.title, "row": change.location.row, "table": change.location.sheet,
                        "fields": {f.field: _value_text(f.new, "en") for f in change.fields},
                        "detail": "; ".join(details)})
    return records
