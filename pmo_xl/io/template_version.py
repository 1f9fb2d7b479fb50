"""Which version of the standard template a project workbook was made from.

Since version 2 the project card has a row "Version du modèle" (Template
version); a workbook whose card has no such row is of version 1, the
template before it.
"""

from __future__ import annotations

from typing import Any

from pmo_xl.errors import Location, Problem, Severity
from pmo_xl.model.schemas import PREVIOUS_TEMPLATE_VERSION, TEMPLATE_VERSION, TEMPLATE_VERSION_ROW, fold_label

_LABELS = {fold_label(TEMPLATE_VERSION_ROW.label_fr), fold_label(TEMPLATE_VERSION_ROW.label_en)}


def card_template_version(rows: list[list[Any]]) -> str:
    """The template version written on the card (its rows as values), or the previous version without one."""
    for cells in rows:
        for col, cell in enumerate(cells):
            if isinstance(cell, str) and fold_label(cell) in _LABELS:
                value = cells[col + 1] if col + 1 < len(cells) else None
                if isinstance(value, float) and value.is_integer():
                    value = int(value)
                return str(value).strip() if value not in (None, "") else PREVIOUS_TEMPLATE_VERSION
    return PREVIOUS_TEMPLATE_VERSION


def old_template_problem(version: str, file: str, sheet: str) -> Problem | None:
    """A warning that the workbook should be upgraded, or ``None`` for a current one."""
    if version == TEMPLATE_VERSION:
        return None
    return Problem("workbook of an earlier template version; upgrade it with pmo-xl template upgrade",
                   Location(file=file, sheet=sheet), found=version, expected=TEMPLATE_VERSION,
                   severity=Severity.WARNING, code="old_template")
