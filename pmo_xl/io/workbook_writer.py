"""The standard project workbook, written with XlsxWriter from the schemas.

One sheet per table of :mod:`pmo_xl.model.schemas`, each holding an Excel
Table (ListObject) with a frozen header, dropdowns and number formats, plus
a "Mode d'emploi" sheet in front and a hidden sheet of lists for the long
dropdowns and the controlled lists of the master's referential.  Every sheet
is protected without a password: cells a project manager types are unlocked
with a pale yellow fill; cells a tool fills (computed dates, the computed
area of the task sheet, the risk score) are locked and grey.  The empty
template shows example rows in italics, which the reader skips.

User text is always written with ``write_string``: a name starting with
``=``, ``+``, ``-`` or ``@`` stays text and never becomes a formula.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
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
    DERIVED_COLUMNS,
    RISK_BANDS,
    TEMPLATE_VERSION,
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
from .gantt_sheet import write_gantt_template
from .referential import CONTROLLED_FIELDS, REFERENTIAL_COLUMNS, ControlledLists, default_lists
from .template_examples import example_rows
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
#: Options of the sheet protection: no password; sorting, filtering and resizing stay allowed.
PROTECTION = {"autofilter": True, "sort": True, "format_columns": True, "format_rows": True,
              "select_locked_cells": True, "select_unlocked_cells": True}
#: Rows of the Excel table of an empty template, so that rows typed into a protected sheet are in the table.
TEMPLATE_TABLE_ROWS = 50


def money_format(currency: str | None) -> str:
    """A money format with thousands separators, followed by the currency when one applies to the column."""
    return f'#,##0 "{currency}"' if currency else "#,##0"


def text_width(text: str) -> float:
    """The column width (in Excel's character units) that shows ``text`` on one line, bold in a header."""
    return len(text) * 1.1 + 2


def value_width(column: ColumnSpec) -> float:
    """The width a value of ``column`` needs in its number format: a date, a date and time, a number."""
    if column.kind in (ValueKind.DATE, ValueKind.DATETIME):
        return 12.0
    if column.kind is ValueKind.MONTH:
        return 10.0
    if column.kind is ValueKind.MONEY:
        return 16.0
    return 0.0


def fitted_width(column: ColumnSpec, lang: str) -> float:
    """The width of a table column: its schema width, widened to fit its header (and its filter button)
    and its values."""
    return max(column.width, text_width(column.label(lang)) + 2.5, value_width(column))


@dataclass
class RawContent:
    """Cell values taken over from another workbook as they were (an upgrade), instead of model data.

    ``card``: field -> value of the project card; ``tables``: table key -> rows of field -> value;
    ``extra_columns``: table key -> (headers, rows of values) of columns the schema does not know, written
    after the table; ``extra_sheets``: sheet name -> rows of values of sheets the template does not have.
    """

    card: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    extra_columns: dict[str, tuple[list[str], list[list[Any]]]] = field(default_factory=dict)
    extra_sheets: dict[str, list[list[Any]]] = field(default_factory=dict)


def _table_items(table: TableSchema, data: ProjectData) -> list[Any]:
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

    def __init__(self, book: xlsxwriter.Workbook, currency: str = "MAD"):
        self.book = book
        self.currency = currency
        self._cache: dict[tuple, Any] = {}
        self.title = book.add_format({"bold": True, "font_size": 16, "font_color": "#1F3864"})
        self.heading = book.add_format({"bold": True, "font_size": 12, "font_color": "#1F3864"})
        self.text = book.add_format({"text_wrap": True, "valign": "top"})
        self.code = book.add_format({"font_name": "Consolas", "valign": "top"})
        self.label = book.add_format({"bold": True, "valign": "top", "bg_color": COMPUTED_FILL, "border": 1})
        self.help = book.add_format({"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"})
        self.header = book.add_format({"bold": True, "text_wrap": False, "font_color": "#FFFFFF",
                                       "bg_color": "#1F3864", "border": 1})

    def cell(self, column: ColumnSpec, with_time: bool = False, example: bool = False,
             currency_column: bool = False) -> Any:
        """The format of a cell of ``column``; ``with_time`` shows the time of a date too, ``example``
        is an example row (italics), ``currency_column`` says the table names each row's currency."""
        number_format = DATETIME_FORMAT if with_time else column.format
        if column.kind is ValueKind.MONEY and not column.number_format:
            number_format = money_format(None if currency_column else self.currency)
        key = (number_format, column.computed, example)
        if key not in self._cache:
            spec: dict[str, Any] = {"border": 1, "border_color": "#BFBFBF"}
            if number_format:
                spec["num_format"] = number_format
            if column.computed:
                spec.update(bg_color=COMPUTED_FILL, locked=True, font_color="#595959")
            else:
                spec.update(bg_color=INPUT_FILL, locked=False)
            if example:
                spec.update(italic=True, font_color="#7F7F7F")
            self._cache[key] = self.book.add_format(spec)
        return self._cache[key]


class _Lists:
    """The dropdown lists too long for an inline list, kept on a hidden last sheet.

    Ranges are handed out while the table sheets are written; :meth:`write`
    then adds the sheet after them, so that it comes last in the workbook.
    """

    def __init__(self, lang: str, controlled: ControlledLists | None = None):
        self.name = LISTS_SHEET[lang]
        self.lang = lang
        self.ranges: dict[str, str] = {}
        self.columns: list[tuple[str, list[str]]] = []
        self.controlled = controlled or default_lists(lang)

    def controlled_range(self, list_key: str) -> str:
        """The range of a list of the referential, with room below it for a refresh to grow it."""
        title = next(pair[1 if self.lang == "fr" else 2] for pair in REFERENTIAL_COLUMNS if pair[0] == list_key)
        values = self.controlled.values(list_key)
        reference = self.range_of(list_key, title, values + [""] * (CONTROLLED_LIST_ROWS - len(values)))
        return reference

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
                if value:
                    sheet.write_string(row, column, value)
        sheet.protect("", PROTECTION)
        sheet.hide()


#: Rows kept for each controlled list on the lists sheet (a refresh fills them in place).
CONTROLLED_LIST_ROWS = 200


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


def validation_for(column: ColumnSpec, lang: str, lists: _Lists, table_key: str = "") -> dict | None:
    """The XlsxWriter data validation options of ``column`` of table ``table_key``, or ``None``.

    A column of the master's referential gets its list; a value outside it is refused once the list
    has values, and only warned about while it is empty (a template made without a master).
    """
    options: dict[str, Any]
    kind = column.kind
    list_key = CONTROLLED_FIELDS.get((table_key, column.field))
    if column.computed:
        return None
    if list_key is not None:
        options = {"validate": "list", "source": lists.controlled_range(list_key)}
        if not lists.controlled.values(list_key):
            options["error_type"] = "warning"
    elif kind is ValueKind.ENUM:
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
    if list_key is None and kind not in (ValueKind.ENUM, ValueKind.BOOL, ValueKind.CURRENCY, ValueKind.COUNTRY):
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


def _write_card(book, formats: _Formats, lists: _Lists, project: Project | None, lang: str,
                raw: RawContent | None = None) -> None:
    table = PROJECT_CARD
    sheet = book.add_worksheet(table.sheet(lang))
    headers = KEY_VALUE_HEADERS[lang]
    fields = table.columns + DERIVED_COLUMNS["project"]
    label_width = max(text_width(column.label(lang) + " *") for column in fields)
    sheet.set_column(0, 0, max(30, label_width))
    sheet.set_column(1, 1, 40)
    sheet.set_column(2, 2, 70)
    last_row = len(fields)
    sheet.add_table(0, 0, last_row, 2, {
        "name": table.table(lang), "style": TABLE_STYLE, "autofilter": False,
        "columns": [{"header": header} for header in headers],
    })
    for row, column in enumerate(fields, start=1):
        sheet.write_string(row, 0, column.label(lang) + (" *" if column.required else ""), formats.label)
        if column.field == "template_version":
            value: Any = TEMPLATE_VERSION
        elif raw is not None:
            value = raw.card.get(column.field)
        else:
            value = cell_value(column, getattr(project, column.field), lang) if project else None
        with_time = isinstance(value, datetime) and bool(value.hour or value.minute)
        _write_value(sheet, row, 1, value, formats.cell(column, with_time))
        if column.help(lang):
            sheet.write_string(row, 2, column.help(lang), formats.help)
        else:
            sheet.write_blank(row, 2, None, formats.help)
        validation = validation_for(column, lang, lists, table.key)
        if validation:
            sheet.data_validation(row, 1, row, 1, validation)
    sheet.freeze_panes(1, 0)
    sheet.protect("", PROTECTION)


def _formula(column: ColumnSpec, row: int, letters: dict[str, str], lang: str) -> str:
    """The formula of a derived column on sheet row ``row`` (0-based), its {field} names made cells."""
    names = {field_name: f"{letter}{row + 1}" for field_name, letter in letters.items()}
    index = 1 if lang == "fr" else 2
    names.update(high=RISK_BANDS[0][index], medium=RISK_BANDS[1][index], low=RISK_BANDS[2][index])
    return column.formula.format(**names)


def _write_row(sheet, formats: _Formats, columns, row: int, values: dict[str, Any], letters: dict[str, str],
               lang: str, currency_column: bool, example: bool = False) -> None:
    """One row of a table sheet: the given cell values, and every derived column's formula."""
    for col, column in enumerate(columns):
        if column.formula:
            sheet.write_formula(row, col, _formula(column, row, letters, lang),
                                formats.cell(column, example=example, currency_column=currency_column))
            continue
        value = values.get(column.field)
        value = None if value is None else _plain(value)
        if value is None:  # a styled blank: a value written later (the write-back) takes its format
            sheet.write_blank(row, col, None, formats.cell(column, example=example, currency_column=currency_column))
            continue
        with_time = isinstance(value, datetime) and bool(value.hour or value.minute)
        _write_value(sheet, row, col, value, formats.cell(column, with_time, example, currency_column))


def _write_table(book, formats: _Formats, lists: _Lists, table: TableSchema, items: list[Any] | None,
                 lang: str, raw: RawContent | None = None) -> None:
    """A table sheet: the items' rows (or the raw rows of an upgrade), or for an empty template its example
    rows and empty table rows."""
    sheet = book.add_worksheet(table.sheet(lang))
    columns = table.columns + DERIVED_COLUMNS.get(table.key, ())
    currency_column = any(column.kind is ValueKind.CURRENCY for column in columns)
    letters = {column.field: xlsxwriter.utility.xl_col_to_name(col) for col, column in enumerate(columns)}
    if raw is not None:
        rows = raw.tables.get(table.key, [])
        examples, items = [], rows
    else:
        examples = example_rows(table.key, lang) if items is None else []
        items = items or []
        rows = [{column.field: cell_value(column, getattr(item, column.field, None), lang) for column in columns}
                for item in items]
    last_row = max(len(examples) + len(rows), 1) + (TEMPLATE_TABLE_ROWS if not items else 0)
    last_col = len(columns) - 1
    cell_formats = [formats.cell(column, currency_column=currency_column) for column in columns]
    for col, column in enumerate(columns):
        sheet.set_column(col, col, fitted_width(column, lang), cell_formats[col])
    table_columns = []
    for col, column in enumerate(columns):
        spec = {"header": column.label(lang), "format": cell_formats[col]}
        if column.formula:
            spec["formula"] = _formula(column, 1, letters, lang)
        table_columns.append(spec)
    sheet.add_table(0, 0, last_row, last_col, {"name": table.table(lang), "style": TABLE_STYLE,
                                               "columns": table_columns})
    for row, values in enumerate(examples, start=1):
        _write_row(sheet, formats, columns, row, values, letters, lang, currency_column, example=True)
    for row, values in enumerate(rows, start=len(examples) + 1):
        _write_row(sheet, formats, columns, row, values, letters, lang, currency_column)
    for row in range(len(examples) + len(rows) + 1, last_row + 1):  # empty table rows carry the input styles
        for col, column in enumerate(columns):
            if column.formula:
                sheet.write_formula(row, col, _formula(column, row, letters, lang), cell_formats[col])
            else:
                sheet.write_blank(row, col, None, cell_formats[col])
    spare_last = last_row + SPARE_ROWS
    # ids such as "12" are text on purpose: no green "number stored as text" triangles
    sheet.ignore_errors({"number_stored_as_text": f"A1:{xlsxwriter.utility.xl_col_to_name(last_col)}{spare_last + 1}"})
    for col, column in enumerate(columns):
        validation = validation_for(column, lang, lists, table.key)
        if validation:
            sheet.data_validation(1, col, spare_last, col, validation)
    if raw is not None and table.key in raw.extra_columns:
        _write_extra_columns(sheet, formats, len(columns), *raw.extra_columns[table.key])
    sheet.freeze_panes(1, 2 if table.key == "tasks" else 0)
    sheet.protect("", PROTECTION)


def _write_extra_columns(sheet, formats: _Formats, first_col: int, headers: list[str], rows: list[list[Any]]) -> None:
    """Columns a project manager added, after the table, unlocked, values as they were."""
    unlocked = formats.book.add_format({"locked": False, "bg_color": INPUT_FILL})
    header = formats.book.add_format({"bold": True, "locked": False})
    for offset, text in enumerate(headers):
        sheet.write_string(0, first_col + offset, text, header)
        sheet.set_column(first_col + offset, first_col + offset, max(12, text_width(text)), unlocked)
    for row, values in enumerate(rows, start=1):
        for offset, value in enumerate(values):
            if value is not None:
                _write_value(sheet, row, first_col + offset, _plain(value), unlocked)


def _plain(value: Any) -> Any:
    """A raw cell value in a form :func:`_write_value` writes: dates as datetimes, booleans as numbers."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


INSTRUCTIONS: dict[str, dict[str, Any]] = {
    "fr": {
        "title": "Classeur projet standard — mode d'emploi",
        "intro": [
            "Ce classeur décrit un projet : fiche projet, planning, ressources, budget, risques, "
            "problèmes, actions, décisions, dépendances, sprints, météo et calendrier.",
            "Remplissez les cellules jaunes. Les cellules grises sont calculées par les outils : ne les modifiez pas. "
            "Les feuilles sont protégées sans mot de passe (Révision > Ôter la protection) pour éviter les "
            "saisies par erreur dans les cellules calculées.",
            "Les lignes en italique « Exemple » montrent une saisie type : elles ne sont pas lues, vous pouvez "
            "les laisser ou les effacer.",
            "« pmo-xl schedule CLASSEUR.xlsx --write-back » (ou le bouton « Calculer le planning ») remplit les "
            "colonnes grises de la feuille Tâches (dates au plus tôt et au plus tard, marges, chemin critique, "
            "glissement, valeur acquise) et dessine la feuille Gantt ; une copie de sauvegarde est gardée.",
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
            "Fill the yellow cells. Grey cells are computed by the tools: do not change them. Sheets are "
            "protected without a password (Review > Unprotect Sheet) against typing into computed cells.",
            "Rows in italics marked 'Example' show a typical entry: they are not read; keep or delete them.",
            "'pmo-xl schedule WORKBOOK.xlsx --write-back' (or the 'Compute the plan' button) fills the grey "
            "columns of the Tasks sheet (early and late dates, floats, critical path, slip, earned value) and "
            "draws the Gantt sheet; a backup copy is kept.",
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
    sheet.protect("", PROTECTION)
    sheet.activate()


def _write_book(path: Path, data: ProjectData | None, lang: str, controlled: ControlledLists | None = None,
                extra_sheets=None, raw: RawContent | None = None) -> None:
    """The whole workbook; ``extra_sheets(book, formats)`` adds sheets after the tables (import notes)."""
    book = xlsxwriter.Workbook(str(path), {
        "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
        "in_memory": True,
    })
    book.set_properties({
        "title": (data.project.name if data else None) or INSTRUCTIONS[lang]["title"],
        "subject": data.project.code if data else "",
        "company": "PMO",
    })
    book.set_custom_property("pmo_xl_template_version", TEMPLATE_VERSION)
    formats = _Formats(book, data.project.currency if data else "MAD")
    _write_instructions(book, formats, lang)
    lists = _Lists(lang, controlled)
    # the long lists of the model first, so that their places do not depend on the referential
    lists.range_of("currency", PROJECT_CARD.column("currency").label(lang), currency_choices())
    lists.range_of("country", CALENDAR.column("country").label(lang), holiday_country_choices(lang))
    _write_card(book, formats, lists, data.project if data else None, lang, raw)
    for table in ALL_TABLES:
        if table is PROJECT_CARD:
            continue
        _write_table(book, formats, lists, table, _table_items(table, data) if data else None, lang, raw)
    write_gantt_template(book, lang)
    for name, rows in (raw.extra_sheets.items() if raw is not None else ()):
        extra = book.add_worksheet(name)
        for row, values in enumerate(rows):
            for col, value in enumerate(values):
                if value is not None:
                    _write_value(extra, row, col, _plain(value), None)
    if extra_sheets is not None:
        extra_sheets(book, formats)
    lists.write(book)
    book.close()


def _check_lang(lang: str) -> str:
    if lang not in ("fr", "en"):
        raise ValueError(f"lang must be 'fr' or 'en', not {lang!r}")
    return lang


def write_template(path: str | os.PathLike, lang: str = "fr", controlled: ControlledLists | None = None) -> Path:
    """Write the empty standard project workbook to ``path`` (atomically) and return it.

    ``controlled`` gives the lists of the master's referential (programmes, business lines, owners, risk
    categories); without it the dropdowns of these columns are empty and only warn.
    """
    _check_lang(lang)
    with atomic_path(path) as temp_path:
        _write_book(temp_path, None, lang, controlled)
    return Path(path)


def write_project_workbook(data: ProjectData, path: str | os.PathLike, lang: str = "fr",
                           controlled: ControlledLists | None = None, extra_sheets=None) -> Path:
    """Write ``data`` as a filled standard project workbook to ``path`` (atomically)."""
    _check_lang(lang)
    with atomic_path(path) as temp_path:
        _write_book(temp_path, data, lang, controlled, extra_sheets)
    return Path(path)


def write_upgraded_workbook(raw: RawContent, path: str | os.PathLike, lang: str = "fr", currency: str = "MAD",
                            controlled: ControlledLists | None = None) -> Path:
    """Write the current template filled with cell values taken over from an older workbook (atomically)."""
    _check_lang(lang)
    stand_in = ProjectData(Project(code="", name="", currency=currency))
    with atomic_path(path) as temp_path:
        _write_book(temp_path, stand_in, lang, controlled, raw=raw)
    return Path(path)
