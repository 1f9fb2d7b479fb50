"""The controlled lists of the standard workbook, taken from the master's referential.

The PMO keeps the spellings every project must use (programmes, business
lines, owners, risk categories) in the ``tblReferentiel`` table of the
master's Config sheet: one column per list.  Templates are generated with
these lists as dropdowns, and ``pmo-xl template refresh-lists`` puts the
current lists into existing workbooks.  The other controlled columns (phase,
method, RAG, status, budget category) draw on the model's closed
vocabularies and need no referential.
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


def _column_values(sheet, ref: str) -> dict[str, list[str]]:
    """The non-blank values under each header of the table range ``ref``, by folded header."""
    rows = list(sheet[ref])
    headers = [fold_label(str(cell.value or "")) for cell in rows[0]]
    values: dict[str, list[str]] = {header: [] for header in headers}
    for row in rows[1:]:
        for header, cell in zip(headers, row):
            text = str(cell.value).strip() if cell.value is not None else ""
            if text and text not in values[header]:
                values[header].append(text)
    return values


def read_referential(master_path: str | os.PathLike) -> tuple[ControlledLists, ProblemList]:
    """The controlled lists of the master workbook, and what prevented reading them.

    A master without the referential table gives the default lists and a
    warning; a list column left out of the table keeps its default.
    """
    import openpyxl

    path = Path(master_path)
    problems = ProblemList()
    lists = ControlledLists()
    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except (OSError, ValueError, KeyError) as exc:
        problems.append(Problem("unreadable master workbook", Location(file=str(path)), str(exc)[:200],
                                "an .xlsx workbook Excel can open", code="corrupt"))
        return lists, problems
    for sheet in book.worksheets:
        if REFERENTIAL_TABLE in sheet.tables:
            found = _column_values(sheet, sheet.tables[REFERENTIAL_TABLE].ref)
            for key, header_fr, header_en in REFERENTIAL_COLUMNS:
                for header in (fold_label(header_fr), fold_label(header_en)):
                    if header in found:
                        setattr(lists, key, found[header])
                        lists.given += (key,)
                        break
            return lists, problems
    problems.append(Problem("no referential table in the master workbook",
                            Location(file=str(path), sheet=REFERENTIAL_SHEET), None,
                            f"a table {REFERENTIAL_TABLE}", severity=Severity.WARNING, code="missing_table"))
    return lists, problems
