"""The standard project workbook, written with XlsxWriter from the schemas.

One sheet per table of :mod:`pmo_xl.model.schemas`, each holding an Excel
Table (ListObject) with a frozen header, dropdowns and number formats, plus
an instructions sheet in front and a hidden sheet of lists for the long
dropdowns.  Cells a project manager types are unlocked with a pale yellow
fill; cells a tool fills (computed dates) are locked and grey.

User text is always written with ``write_string``: a name starting with
``=``, ``+``, ``-`` or ``@`` stays text and never becomes a formula.
"""

from __future__ import annotations

import math
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter

from pmo_xl.model.domain import Project, ProjectData
from pmo_xl.model.enums import Committee, ItemStatus, LinkType, Rag
from pmo_xl.model.schemas import (
    ALL_TABLES,
    BOOL_LABELS,
    CALENDAR,
    INSTRUCTIONS_SHEET,
    KEY_VALUE_HEADERS,
    LISTS_SHEET,
    NO_HOLIDAY_COUNTRY_LABELS,
    PROJECT_CARD,
    CalendarEntryKind,
    ColumnSpec,
    TableSchema,
    ValueKind,
    calendar_rows,
    enum_choices,
    enum_label,
)

from .atomic import atomic_path
from .predecessors import format_predecessors
from .values import (
    COMMON_CURRENCIES,
    ISO_4217_CURRENCIES,
    format_assignments,
    format_bool,
    format_holiday_country,
    format_hours,
    format_weekdays,
    supported_holiday_countries,
)

#: Rows below the data that still carry the dropdowns and formats.
SPARE_ROWS = 500
TABLE_STYLE = "Table Style Medium 2"
INPUT_FILL = "#FFF9DB"
COMPUTED_FILL = "#E7E6E6"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"


def _table_items(table: TableSchema, data: ProjectData | None) -> list[Any]:
    if data is None:
        return []
    if table is CALENDAR:
        return calendar_rows(data.calendars)
    return list(getattr(data, table.key))


def cell_value(column: ColumnSpec, value: Any, lang: str) -> Any:
    """The value written to Excel for a model value: text, number, date or ``None``."""
    if value is None:
        return None
    kind = column.kind
    if kind is ValueKind.ENUM:
        return enum_label(value, lang)
    if kind is ValueKind.BOOL:
        return format_bool(value, lang)
    if kind is ValueKind.PREDECESSORS:
        return format_predecessors(value, lang) or None
    if kind is ValueKind.ASSIGNMENTS:
        return format_assignments(value, lang) or None
    if kind is ValueKind.HOURS:
        return format_hours(value) or None
    if kind is ValueKind.WEEKDAYS:
        return format_weekdays(value, lang) or None
    if kind is ValueKind.COUNTRY:
        return format_holiday_country(value, lang)
    if kind in (ValueKind.DATE, ValueKind.DATETIME, ValueKind.MONTH):
        return value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
    if kind in (ValueKind.INT, ValueKind.FLOAT, ValueKind.MONEY, ValueKind.PERCENT):
        if math.isnan(value):
            return None
        return float(value) / 100 if kind is ValueKind.PERCENT else float(value)
    return str(value)


class _Formats:
    """The cell formats of one workbook, created once per (kind, role)."""

    def __init__(self, book: xlsxwriter.Workbook):
        self.book = book
        self._cache: dict[tuple, Any] = {}
        self.title = book.add_format({"bold": True, "font_size": 16, "font_color": "#1F3864"})
        self.heading = book.add_format({"bold": True, "font_size": 12, "font_color": "#1F3864"})
        self.text = book.add_format({"text_wrap": True, "valign": "top"})
        self.code = book.add_format({"font_name": "Consolas", "valign": "top"})
        self.label = book.add_format({"bold": True, "valign": "top", "bg_color": COMPUTED_FILL, "border": 1})
        self.help = book.add_format({"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"})

    def cell(self, column: ColumnSpec, with_time: bool = False) -> Any:
        """The format of a cell of ``column``; ``with_time`` shows the time of a date too."""
        number_format = DATETIME_FORMAT if with_time else column.format
        key = (number_format, column.computed)
        if key not in self._cache:
            spec: dict[str, Any] = {"border": 1, "border_color": "#BFBFBF"}
            if number_format:
                spec["num_format"] = number_format
            if column.computed:
                spec.update(bg_color=COMPUTED_FILL, locked=True, font_color="#595959")
            else:
                spec.update(bg_color=INPUT_FILL, locked=False)
            self._cache[key] = self.book.add_format(spec)
        return self._cache[key]


class _Lists:
    """The dropdown lists too long for an inline list, kept on a hidden last sheet.

    Ranges are handed out while the table sheets are written; :meth:`write`
    then adds the sheet after them, so that it comes last in the workbook.
    """

    def __init__(self, lang: str):
        self.name = LISTS_SHEET[lang]
        self.ranges: dict[str, str] = {}
        self.columns: list[tuple[str, list[str]]] = []

    def range_of(self, key: str, title: str, values: list[str]) -> str:
        """The absolute range reference of the list ``key``, registering it on first use."""
        if key not in self.ranges:
            letter = xlsxwriter.utility.xl_col_to_name(len(self.columns))
            self.columns.append((title, values))
            self.ranges[key] = f"='{self.name}'!${letter}$2:${letter}${len(values) + 1}"
        return self.ranges[key]

    def write(self, book: xlsxwriter.Workbook) -> None:
        sheet = book.add_worksheet(self.name)
        for column, (title, values) in enumerate(self.columns):
            sheet.write_string(0, column, title)
            for row, value in enumerate(values, start=1):
                sheet.write_string(row, column, value)
        sheet.hide()


def currency_choices() -> list[str]:
    """Currencies of the dropdown: the usual ones first, then every other ISO 4217 code."""
    rest = sorted(ISO_4217_CURRENCIES.difference(COMMON_CURRENCIES))
    return list(COMMON_CURRENCIES) + rest


#: Holiday countries offered first in dropdowns: Morocco and the countries of the usual vendors.
COMMON_HOLIDAY_COUNTRIES: tuple[str, ...] = ("MA", "FR", "ES", "BE", "DE", "GB", "US", "IN", "TN", "SN")


def holiday_country_choices(lang: str) -> list[str]:
    """Holiday countries of the dropdown: "aucun" (none), the usual ones, then every other two-letter code."""
    two_letter = {code for code in supported_holiday_countries() if len(code) == 2}
    rest = sorted(two_letter.difference(COMMON_HOLIDAY_COUNTRIES))
    return [NO_HOLIDAY_COUNTRY_LABELS[0 if lang == "fr" else 1], *COMMON_HOLIDAY_COUNTRIES, *rest]


def _plain_number(value: float) -> int | float:
    """``1`` rather than ``1.0`` in a validation formula."""
    return int(value) if float(value).is_integer() else value


def validation_for(column: ColumnSpec, lang: str, lists: _Lists) -> dict | None:
    """The XlsxWriter data validation options of ``column``, or ``None``."""
    options: dict[str, Any]
    kind = column.kind
    if kind is ValueKind.ENUM:
        options = {"validate": "list", "source": enum_choices(column.enum, lang)}
    elif kind is ValueKind.BOOL:
        options = {"validate": "list", "source": [pair[0 if lang == "fr" else 1] for pair in BOOL_LABELS.values()]}
    elif kind is ValueKind.CURRENCY:
        options = {"validate": "list", "source": lists.range_of("currency", column.label(lang), currency_choices())}
    elif kind is ValueKind.COUNTRY:
        options = {"validate": "list",
                   "source": lists.range_of("country", column.label(lang), holiday_country_choices(lang))}
    elif kind in (ValueKind.INT, ValueKind.FLOAT, ValueKind.MONEY, ValueKind.PERCENT) and (
            column.minimum is not None or column.maximum is not None):
        validate = "integer" if kind is ValueKind.INT else "decimal"
        scale = 100 if kind is ValueKind.PERCENT else 1  # a percent cell holds a fraction
        minimum = None if column.minimum is None else _plain_number(column.minimum / scale)
        maximum = None if column.maximum is None else _plain_number(column.maximum / scale)
        if minimum is not None and maximum is not None:
            options = {"validate": validate, "criteria": "between", "minimum": minimum, "maximum": maximum}
        elif minimum is not None:
            options = {"validate": validate, "criteria": ">=", "value": minimum}
        else:
            options = {"validate": validate, "criteria": "<=", "value": maximum}
    elif kind in (ValueKind.DATE, ValueKind.DATETIME, ValueKind.MONTH):
        options = {"validate": "date", "criteria": "between",
                   "minimum": date(1990, 1, 1), "maximum": date(2100, 12, 31)}
    else:
        options = {"validate": "any"}
    if kind not in (ValueKind.ENUM, ValueKind.BOOL, ValueKind.CURRENCY, ValueKind.COUNTRY):
        options["error_type"] = "warning"
    title = column.label(lang)[:32]
    message = column.help(lang)[:255]
    if message:
        options.update(input_title=title, input_message=message)
    if options["validate"] == "any" and not message:
        return None
    return options


def _write_value(sheet, row: int, col: int, value: Any, cell_format) -> None:
    if value is None:
        sheet.write_blank(row, col, None, cell_format)
    elif isinstance(value, str):
        sheet.write_string(row, col, value, cell_format)
    elif isinstance(value, datetime):
        sheet.write_datetime(row, col, value, cell_format)
    else:
        sheet.write_number(row, col, value, cell_format)


def _write_card(book, formats: _Formats, lists: _Lists, project: Project | None, lang: str) -> None:
    table = PROJECT_CARD
    sheet = book.add_worksheet(table.sheet(lang))
    headers = KEY_VALUE_HEADERS[lang]
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 40)
    sheet.set_column(2, 2, 70)
    last_row = len(table.columns)
    sheet.add_table(0, 0, last_row, 2, {
        "name": table.table(lang), "style": TABLE_STYLE, "autofilter": False,
        "columns": [{"header": header} for header in headers],
    })
    for row, column in enumerate(table.columns, start=1):
        sheet.write_string(row, 0, column.label(lang) + (" *" if column.required else ""), formats.label)
        value = cell_value(column, getattr(project, column.field), lang) if project else None
        with_time = isinstance(value, datetime) and bool(value.hour or value.minute)
        _write_value(sheet, row, 1, value, formats.cell(column, with_time))
        sheet.write_string(row, 2, column.help(lang), formats.help)
        validation = validation_for(column, lang, lists)
        if validation:
            sheet.data_validation(row, 1, row, 1, validation)
    sheet.freeze_panes(1, 0)


def _write_table(book, formats: _Formats, lists: _Lists, table: TableSchema, items: list[Any], lang: str) -> None:
    sheet = book.add_worksheet(table.sheet(lang))
    columns = table.columns
    last_row = max(len(items), 1)
    last_col = len(columns) - 1
    cell_formats = [formats.cell(column) for column in columns]
    for col, column in enumerate(columns):
        sheet.set_column(col, col, column.width, cell_formats[col])
    sheet.add_table(0, 0, last_row, last_col, {
        "name": table.table(lang), "style": TABLE_STYLE,
        "columns": [{"header": column.label(lang), "format": cell_formats[col]}
                    for col, column in enumerate(columns)],
    })
    for row, item in enumerate(items, start=1):
        for col, column in enumerate(columns):
            value = cell_value(column, getattr(item, column.field), lang)
            if value is None:  # empty cells take the column's input style
                continue
            if isinstance(value, datetime) and (value.hour or value.minute):
                _write_value(sheet, row, col, value, formats.cell(column, with_time=True))
            else:
                _write_value(sheet, row, col, value, cell_formats[col])
    if not items:  # the empty row of a template carries the input styles explicitly
        for col in range(len(columns)):
            sheet.write_blank(1, col, None, cell_formats[col])
    spare_last = last_row + SPARE_ROWS
    # ids such as "12" are text on purpose: no green "number stored as text" triangles
    sheet.ignore_errors({"number_stored_as_text": f"A1:{xlsxwriter.utility.xl_col_to_name(last_col)}{spare_last + 1}"})
    for col, column in enumerate(columns):
        validation = validation_for(column, lang, lists)
        if validation:
            sheet.data_validation(1, col, spare_last, col, validation)
    sheet.freeze_panes(1, 2 if table.key == "tasks" else 0)


INSTRUCTIONS: dict[str, dict[str, Any]] = {
    "fr": {
        "title": "Classeur projet standard — mode d'emploi",
        "intro": [
            "Ce classeur décrit un projet : fiche projet, planning, ressources, budget, risques, "
            "problèmes, actions, décisions, dépendances, sprints, météo et calendrier.",
            "Remplissez les cellules jaunes. Les cellules grises sont calculées par les outils : ne les modifiez pas.",
            "Ne renommez pas les feuilles ni les en-têtes de colonnes ; vous pouvez ajouter des colonnes "
            "ou changer leur ordre. Les champs marqués * sont obligatoires.",
            "Dates au format jj/mm/aaaa ; nombres avec la virgule décimale ; pourcentages de 0 % à 100 % "
            "(tapez 50 ou 50 % dans une cellule de pourcentage).",
            "Les listes déroulantes donnent les valeurs admises (statut, catégorie CAPEX/OPEX, météo, comité…).",
        ],
        "sheets": "Feuilles",
        "predecessors": "Syntaxe des prédécesseurs (comme MS Project)",
        "predecessor_rows": [
            ("7", "fin-début (FD) sur la tâche 7, sans décalage"),
            ("12FD+2j", "fin-début avec 2 jours ouvrés de décalage (12FS+2d accepté)"),
            ("14DD", "début-début (SS accepté)"),
            ("15FF-1j", "fin-fin avec 1 jour d'avance"),
            ("16DF", "début-fin (SF accepté)"),
            ("3FD+50%", "décalage de 50 % de la durée du prédécesseur"),
            ("3FD+2je", "décalage de 2 jours calendaires (écoulés ; 2ed accepté)"),
            ("CBM:45FD", "tâche 45 du projet de code CBM (lien inter-projets)"),
            ("12FD+2j; 14DD", "plusieurs liens séparés par un point-virgule"),
        ],
        "calendar": "Calendriers (feuille Calendrier, une ligne par réglage)",
        "calendar_rows": [
            ((CalendarEntryKind.WORKING_WEEK,),
             "Jours « lun-sam » et Horaires « 08:00-12:00; 13:00-17:00 » : jours et horaires de chaque semaine ; "
             "une ligne par groupe de jours aux mêmes horaires. Sans cette ligne : lundi-vendredi "
             "08:00-12:00; 13:00-17:00."),
            ((CalendarEntryKind.HOLIDAY_COUNTRY,),
             "Pays des fériés « MA », « FR »… ou « aucun ». Sans cette ligne : jours fériés du Maroc."),
            ((CalendarEntryKind.BASE_CALENDAR,),
             "Calendrier de base « Standard » : ses exceptions s'appliquent aussi."),
            ((CalendarEntryKind.EXCEPTION,),
             "Début, Fin et Horaires : période chômée (horaires vides) ou aux horaires donnés, par ex. Ramadan "
             "09:00-15:00 ; s'applique à chaque jour de la période, week-end compris."),
            ((CalendarEntryKind.HOLIDAY_ADDED, CalendarEntryKind.HOLIDAY_REMOVED),
             "Début (et Fin) : jour férié en plus, ou jour férié prévu mais travaillé."),
        ],
        "codes": "Codes",
        "code_titles": {LinkType: "Types de lien", ItemStatus: "Statuts", Rag: "Météo", Committee: "Comités"},
        "constraints": ("Contraintes", "ASAP dès que possible, ALAP le plus tard possible, MSO doit commencer le, "
                        "MFO doit finir le, SNET début au plus tôt le, SNLT début au plus tard le, "
                        "FNET fin au plus tôt le, FNLT fin au plus tard le"),
        "contact_title": "Contact",
        "contact": "Pour toute question : le Bureau des projets (PMO) de la DSI.",
    },
    "en": {
        "title": "Standard project workbook — how to fill it",
        "intro": [
            "This workbook describes one project: card, plan, resources, budget, risks, issues, actions, "
            "decisions, dependencies, sprints, status and calendar.",
            "Fill the yellow cells. Grey cells are computed by the tools: do not change them.",
            "Do not rename sheets or column headers; you may add columns or reorder them. "
            "Fields marked * are required.",
            "Dates as dd/mm/yyyy; percentages from 0% to 100% (type 50 or 50% in a percentage cell).",
            "Dropdowns list the accepted values (status, CAPEX/OPEX category, RAG, committee…).",
        ],
        "sheets": "Sheets",
        "predecessors": "Predecessor syntax (as in MS Project)",
        "predecessor_rows": [
            ("7", "finish-to-start (FS) on task 7, no lag"),
            ("12FS+2d", "finish-to-start with a 2 working-day lag"),
            ("14SS", "start-to-start"),
            ("15FF-1d", "finish-to-finish with a 1-day lead"),
            ("16SF", "start-to-finish"),
            ("3FS+50%", "lag of 50% of the predecessor's duration"),
            ("3FS+2ed", "lag of 2 elapsed (calendar) days"),
            ("CBM:45FS", "task 45 of project CBM (inter-project link)"),
            ("12FS+2d; 14SS", "several links separated by semicolons"),
        ],
        "calendar": "Calendars (Calendar sheet, one row per setting)",
        "calendar_rows": [
            ((CalendarEntryKind.WORKING_WEEK,),
             "Days 'Mon-Sat' and Hours '08:00-12:00; 13:00-17:00': days and hours of every week; one row per "
             "group of days with the same hours. Without it: Monday-Friday 08:00-12:00; 13:00-17:00."),
            ((CalendarEntryKind.HOLIDAY_COUNTRY,),
             "Holiday country 'MA', 'FR'… or 'none'. Without it: Moroccan public holidays."),
            ((CalendarEntryKind.BASE_CALENDAR,),
             "Base calendar 'Standard': its exceptions apply too."),
            ((CalendarEntryKind.EXCEPTION,),
             "Start, Finish and Hours: a non-working range (empty hours) or one with the given hours, e.g. Ramadan "
             "09:00-15:00; applies to every day of the range, weekends included."),
            ((CalendarEntryKind.HOLIDAY_ADDED, CalendarEntryKind.HOLIDAY_REMOVED),
             "Start (and Finish): an extra public holiday, or an expected one that is worked."),
        ],
        "codes": "Codes",
        "code_titles": {LinkType: "Link types", ItemStatus: "Statuses", Rag: "RAG status", Committee: "Committees"},
        "constraints": ("Constraints", "ASAP as soon as possible, ALAP as late as possible, MSO must start on, "
                        "MFO must finish on, SNET start no earlier than, SNLT start no later than, "
                        "FNET finish no earlier than, FNLT finish no later than"),
        "contact_title": "Contact",
        "contact": "Questions: the IT department's Project Management Office (PMO).",
    },
}


def _write_instructions(book, formats: _Formats, lang: str) -> None:
    text = INSTRUCTIONS[lang]
    sheet = book.add_worksheet(INSTRUCTIONS_SHEET[lang])
    sheet.set_column(0, 0, 26)
    sheet.set_column(1, 1, 100)
    sheet.write_string(0, 0, text["title"], formats.title)
    row = 2
    for line in text["intro"]:
        sheet.write_string(row, 0, "•", formats.text)
        sheet.write_string(row, 1, line, formats.text)
        row += 1
    row += 1
    sheet.write_string(row, 0, text["sheets"], formats.heading)
    row += 1
    for table in ALL_TABLES:
        sheet.write_string(row, 0, table.sheet(lang), formats.code)
        sheet.write_string(row, 1, table.description(lang), formats.text)
        row += 1
    row += 1
    sheet.write_string(row, 0, text["predecessors"], formats.heading)
    row += 1
    for example, meaning in text["predecessor_rows"]:
        sheet.write_string(row, 0, example, formats.code)
        sheet.write_string(row, 1, meaning, formats.text)
        row += 1
    row += 1
    sheet.write_string(row, 0, text["calendar"], formats.heading)
    row += 1
    for kinds, meaning in text["calendar_rows"]:
        sheet.write_string(row, 0, " / ".join(enum_label(kind, lang) for kind in kinds), formats.code)
        sheet.write_string(row, 1, meaning, formats.text)
        row += 1
    row += 1
    sheet.write_string(row, 0, text["codes"], formats.heading)
    row += 1
    for enum_cls, title in text["code_titles"].items():
        sheet.write_string(row, 0, title, formats.code)
        sheet.write_string(row, 1, ", ".join(enum_choices(enum_cls, lang)), formats.text)
        row += 1
    sheet.write_string(row, 0, text["constraints"][0], formats.code)
    sheet.write_string(row, 1, text["constraints"][1], formats.text)
    row += 1
    row += 1
    sheet.write_string(row, 0, text["contact_title"], formats.heading)
    sheet.write_string(row + 1, 0, text["contact"], formats.text)
    sheet.activate()


def _write_book(path: Path, data: ProjectData | None, lang: str) -> None:
    book = xlsxwriter.Workbook(str(path), {
        "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
        "in_memory": True,
    })
    book.set_properties({
        "title": (data.project.name if data else None) or INSTRUCTIONS[lang]["title"],
        "subject": data.project.code if data else "",
        "company": "PMO",
    })
    formats = _Formats(book)
    _write_instructions(book, formats, lang)
    lists = _Lists(lang)
    _write_card(book, formats, lists, data.project if data else None, lang)
    for table in ALL_TABLES:
        if table is PROJECT_CARD:
            continue
        _write_table(book, formats, lists, table, _table_items(table, data), lang)
    lists.write(book)
    book.close()


def _check_lang(lang: str) -> str:
    if lang not in ("fr", "en"):
        raise ValueError(f"lang must be 'fr' or 'en', not {lang!r}")
    return lang


def write_template(path: str | os.PathLike, lang: str = "fr") -> Path:
    """Write the empty standard project workbook to ``path`` (atomically) and return it."""
    _check_lang(lang)
    with atomic_path(path) as temp_path:
        _write_book(temp_path, None, lang)
    return Path(path)


def write_project_workbook(data: ProjectData, path: str | os.PathLike, lang: str = "fr") -> Path:
    """Write ``data`` as a filled standard project workbook to ``path`` (atomically)."""
    _check_lang(lang)
    with atomic_path(path) as temp_path:
        _write_book(temp_path, data, lang)
    return Path(path)
