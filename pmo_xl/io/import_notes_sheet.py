"""The "Import" sheet of a workbook made from an MS Project or Primavera plan.

One row per note: what the standard workbook could not hold, or held
differently, or a problem the plan has, with where it sits in the source
file.  Notes are codes with details; their words are here, in French and
English.
"""

from __future__ import annotations

from dataclasses import dataclass

from pmo_xl.errors import Location
from pmo_xl.i18n import translate
from pmo_xl.model.schemas import IMPORT_NOTES_SHEET


@dataclass(frozen=True)
class ImportNote:
    """One thing of the source plan the workbook does not hold as it was, located in the source."""

    code: str
    location: Location
    found: str | None = None  # what the source holds
    message: str | None = None  # the reader's own message (code "reader_problem")


NOTE_TEXTS: dict[str, tuple[str, str]] = {
    "inactive_task": ("tâche inactive non importée", "inactive task not imported"),
    "manual_task": ("tâche planifiée manuellement : importée avec une contrainte « doit commencer le » sa date "
                    "de début", "manually scheduled task: imported with a 'must start on' constraint at its start"),
    "recurring_task": ("tâche périodique : ses occurrences sont importées, pas la règle de périodicité",
                       "recurring task: its occurrences are imported, not the recurrence pattern"),
    "non_work_resource": ("ressource matérielle ou de coût non importée", "material or cost resource not imported"),
    "other_baselines": ("plannings de référence 1 à 10 non importés (seul le planning de référence est gardé)",
                        "baselines 1 to 10 not imported (the baseline is kept)"),
    "timephased_data": ("données réparties dans le temps (fractionnements, profils de travail) non importées",
                        "time-phased data (splits, work contours) not imported"),
    "custom_fields": ("champs personnalisés non importés", "custom fields not imported"),
    "p6_resources": ("ressources P6 non importées", "P6 resources not imported"),
    "p6_assignments": ("affectations de ressources P6 non importées", "P6 resource assignments not imported"),
    "p6_activity_codes": ("codes d'activité P6 non importés", "P6 activity codes not imported"),
    "p6_user_fields": ("champs utilisateur P6 non importés", "P6 user-defined fields not imported"),
    "p6_expenses": ("dépenses P6 non importées", "P6 expenses not imported"),
    "p6_steps": ("étapes d'activité P6 non importées", "P6 activity steps not imported"),
    "p6_notebooks": ("blocs-notes P6 non importés", "P6 notebooks not imported"),
    "p6_non_driving": ("activité P6 de niveau d'effort ou récapitulative WBS : importée comme tâche ordinaire "
                       "(ses dates ne sont plus déduites des autres)",
                       "P6 level-of-effort or WBS summary activity: imported as an ordinary task"),
    "truncated_file": ("le fichier s'arrête sans la ligne de fin %E : il est sans doute tronqué, des activités "
                       "ou des liens peuvent manquer",
                       "the file stops without its %E end line: it is probably truncated, activities or links may "
                       "be missing"),
    "dangling_link": ("lien vers une tâche absente du fichier : non importé",
                      "link to a task the file does not have: not imported"),
    "link_to_left_out_task": ("lien vers une tâche vide ou inactive : non importé",
                              "link to a blank or inactive task: not imported"),
    "reader_problem": ("problème du fichier source", "problem of the source file"),
    "changed_in_workbook": ("valeur que le classeur ne garde pas telle quelle", "value the workbook does not keep as it is"),
    "workbook_problem": ("le classeur importé signale un problème", "the imported workbook reports a problem"),
    "cycle": ("boucle de dépendances : le planning ne peut pas être calculé",
              "dependency cycle: the plan cannot be scheduled"),
}

HEADERS = {"fr": ("N°", "Note", "Où dans le fichier source", "Trouvé", "Détail"),
           "en": ("No.", "Note", "Where in the source file", "Found", "Detail")}
TITLES = {"fr": "Ce que l'import n'a pas repris tel quel", "en": "What the import did not take over as it was"}
NOTHING = {"fr": "Rien : tout le plan est dans le classeur.", "en": "Nothing: the whole plan is in the workbook."}


def note_text(note: ImportNote, lang: str) -> str:
    pair = NOTE_TEXTS[note.code]
    return pair[0] if lang == "fr" else pair[1]


def note_where(note: ImportNote) -> str:
    location = note.location
    parts = [part for part in (location.sheet, location.cell, location.column) if part]
    if location.row is not None:
        parts.append(f"{location.row}")
    return " / ".join(parts)


def write_import_notes(book, formats, notes: list[ImportNote], lang: str) -> None:
    """The Import sheet, with one row per note (or a line saying there is none); protected."""
    sheet = book.add_worksheet(IMPORT_NOTES_SHEET[lang])
    sheet.write_string(0, 0, TITLES[lang], formats.title)
    for col, header in enumerate(HEADERS[lang]):
        sheet.write_string(2, col, header, formats.label)
    for col, width in enumerate((6, 60, 32, 30, 60)):
        sheet.set_column(col, col, width, formats.text)
    if not notes:
        sheet.write_string(3, 1, NOTHING[lang], formats.text)
    for row, note in enumerate(notes, start=3):
        sheet.write_number(row, 0, row - 2)
        sheet.write_string(row, 1, note_text(note, lang), formats.text)
        sheet.write_string(row, 2, note_where(note), formats.text)
        if note.found:
            sheet.write_string(row, 3, note.found, formats.text)
        if note.message:
            sheet.write_string(row, 4, translate(note.message, lang), formats.text)
    sheet.freeze_panes(3, 0)
    sheet.protect("", {"autofilter": True, "sort": True, "format_columns": True, "select_locked_cells": True,
                       "select_unlocked_cells": True})
