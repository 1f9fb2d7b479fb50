"""The controlled lists of the standard workbook, taken from the master's referential.

The PMO keeps the spellings every project must use (programmes, business
lines, owners, risk categories) in the ``tblReferentiel`` table of the
master's Config sheet: one column per list, written by the master template.
Templates are generated (``pmo-xl template project --master``) and upgraded
(``pmo-xl template upgrade --master``) with these lists as dropdowns, and
``pmo-xl template refresh-lists`` puts the current lists into existing
workbooks.  A column left empty gives no list: the workbook keeps its own
(the default risk categories in a new one).  The other controlled columns
(phase, method, RAG, status, budget category) draw on the model's closed
vocabularies, which the engine's rules are written for (the stage-gate order
of the phases, the gates, the weather bands): a column of the table for one
of them, or any other column, is reported on its header and not used.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from pmo_xl.errors import Location, Problem, ProblemList, Severity
from pmo_xl.model.schemas import fold_label

REFERENTIAL_TABLE = "tblReferentiel"
REFERENTIAL_SHEET = "Config"

#: The lists of the referential: key, French header, English header.
REFERENTIAL_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("programmes", "Programme", "Programme"),
    ("business_lines", "Métier", "Business line"),
    ("owners", "Responsable", "Owner"),
    ("risk_categories", "Catégorie de risque", "Risk category"),
)

#: Risk categories offered when the master gives none.
DEFAULT_RISK_CATEGORIES = ("planning", "budget", "fournisseur", "technique", "ressources", "réglementaire",
                           "sécurité", "métier")
#: The same categories, offered by an English workbook.
DEFAULT_RISK_CATEGORIES_EN = ("schedule", "budget", "vendor", "technical", "resources", "regulatory", "security",
                              "business")


@dataclass
class ControlledLists:
    """The values each controlled free-text column of the workbook accepts."""

    programmes: list[str] = field(default_factory=list)
    business_lines: list[str] = field(default_factory=list)
    owners: list[str] = field(default_factory=list)
    risk_categories: list[str] = field(default_factory=lambda: list(DEFAULT_RISK_CATEGORIES))
    given: tuple[str, ...] = ()  # the lists the master's referential gives (the others are defaults)

    def values(self, key: str) -> list[str]:
        return list(getattr(self, key))


def default_lists(lang: str = "fr") -> ControlledLists:
    """The lists a workbook in ``lang`` offers when no master gives its referential."""
    return ControlledLists(risk_categories=list(DEFAULT_RISK_CATEGORIES_EN if lang == "en" else DEFAULT_RISK_CATEGORIES))


#: Which list each controlled free-text column draws on: (table key, field) -> list key.
CONTROLLED_FIELDS: dict[tuple[str, str], str] = {
    ("project", "programme"): "programmes",
    ("project", "business_line"): "business_lines",
    ("project", "project_manager"): "owners",
    ("project", "sponsor"): "owners",
    ("risks", "owner"): "owners",
    ("risks", "category"): "risk_categories",
    ("issues", "owner"): "owners",
    ("actions", "owner"): "owners",
    ("decisions", "owner"): "owners",
}


def referential_rows(lists: ControlledLists | None = None) -> list[tuple]:
    """The rows of a ``tblReferentiel`` table holding ``lists`` (the defaults when ``None``), one column per
    list in the order of :data:`REFERENTIAL_COLUMNS`."""
    from itertools import zip_longest

    lists = lists or ControlledLists()
    return list(zip_longest(*(lists.values(key) for key, _, _ in REFERENTIAL_COLUMNS)))


def _column_values(sheet, ref: str) -> dict[str, tuple[object, list[str]]]:
    """Per folded header of the table range ``ref``: its header cell and the non-blank values under it."""
    rows = list(sheet[ref])
    columns = {fold_label(str(cell.value or "")): (cell, []) for cell in rows[0]}
    for row in rows[1:]:
        for (_, values), cell in zip(columns.values(), row):
            text = str(cell.value).strip() if cell.value is not None else ""
            if text and text not in values:
                values.append(text)
    return columns


def _lists_from_table(sheet, ref: str, path: Path, problems: ProblemList) -> ControlledLists:
    """The lists the table gives; an empty column gives none, a column of no list is a located warning."""
    lists = ControlledLists()
    keys = {fold_label(header): key for key, *headers in REFERENTIAL_COLUMNS for header in headers}
    for folded, (cell, values) in _column_values(sheet, ref).items():
        key = keys.get(folded)
        if key is None:
            problems.append(Problem(
                "column of the referential that no workbook list uses (phases, methods, statuses and RAG follow the "
                "method's fixed vocabulary)",
                Location(file=str(path), sheet=sheet.title, cell=cell.coordinate, column=str(cell.value or "")),
                str(cell.value or ""), "headers: " + ", ".join(fr for _, fr, _ in REFERENTIAL_COLUMNS),
                severity=Severity.WARNING, code="unknown_column"))
        elif values and key not in lists.given:
            setattr(lists, key, values)
            lists.given += (key,)
    return lists


def read_referential(master_path: str | os.PathLike) -> tuple[ControlledLists, ProblemList]:
    """The controlled lists of the master workbook, and what prevented reading them.

    A master without the referential table gives the default lists and a
    warning; a list column left out of the table, or empty, keeps its default.
    """
    import openpyxl

    path = Path(master_path)
    problems = ProblemList()
    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except (OSError, ValueError, KeyError) as exc:
        problems.append(Problem("unreadable master workbook", Location(file=str(path)), str(exc)[:200],
                                "an .xlsx workbook Excel can open", code="corrupt"))
        return ControlledLists(), problems
    for sheet in book.worksheets:
        if REFERENTIAL_TABLE in sheet.tables:
            return _lists_from_table(sheet, sheet.tables[REFERENTIAL_TABLE].ref, path, problems), problems
    problems.append(Problem("no referential table in the master workbook",
                            Location(file=str(path), sheet=REFERENTIAL_SHEET), None,
                            f"a table {REFERENTIAL_TABLE}", severity=Severity.WARNING, code="missing_table"))
    return ControlledLists(), problems
