"""The data-integrity gate: a project is never shown better than its data allows.

:func:`data_integrity` measures what a project workbook lost on reading:
the data rows rejected (every row an error problem points at) and the
required sheets missing.  Its :attr:`DataIntegrity.score` — the data-quality
score of the overview — is the share of data rows that are usable times the
share of required sheets present::

    score = usable rows / (usable rows + rejected rows) × present sheets / required sheets

:func:`gated_rags` then applies the gate to a project's weathers:

* a dimension whose register is missing (no Risques sheet: risk; no
  Problèmes sheet: scope) is ``not_provided``, never green;
* below the Config threshold (``data_quality_threshold``) the overall
  weather is ``incomplete`` (grey);
* otherwise, any loss (score below 1) caps the overall weather at amber.

The problem count of a project is the number of error problems located in
its workbook: the same rows the Erreurs table lists for that file.
"""

from __future__ import annotations

from dataclasses import dataclass

from pmo_xl.errors import Problem
from pmo_xl.model import ProjectData, Rag
from pmo_xl.model.schemas import ALL_TABLES

#: The data lists of a project, one per table of the standard workbook that holds rows.
ROW_TABLES = ("tasks", "resources", "budget", "risks", "issues", "actions", "decisions", "dependencies",
              "sprints", "status_reports")
#: The register behind each RAG dimension: when its sheet is missing, the dimension is not provided.
DIMENSION_REGISTERS = {"risk": "risks", "scope": "issues"}
MISSING_SHEET = "missing_sheet"
DEFAULT_QUALITY_THRESHOLD = 0.9


@dataclass(frozen=True)
class DataIntegrity:
    """What one project workbook gave on reading: rows kept and rejected, sheets missing, problems."""

    usable_rows: int
    rejected_rows: int
    required_sheets: int
    missing_sheets: tuple[str, ...]  # table keys of the standard workbook (``risks``, …)
    problem_count: int

    @property
    def score(self) -> float:
        """Share of usable rows × share of required sheets present (1.0: nothing lost)."""
        rows = self.usable_rows + self.rejected_rows
        row_share = self.usable_rows / rows if rows else 1.0
        sheet_share = ((self.required_sheets - len(self.missing_sheets)) / self.required_sheets
                       if self.required_sheets else 1.0)
        return row_share * sheet_share

    def provided(self, table_key: str) -> bool:
        return table_key not in self.missing_sheets


def _sheet_keys() -> dict[str, str]:
    keys = {}
    for table in ALL_TABLES:
        keys[table.sheet_fr] = table.key
        keys[table.sheet_en] = table.key
    return keys


def data_integrity(data: ProjectData, problems: list[Problem]) -> DataIntegrity:
    """The integrity of ``data`` from the error ``problems`` located in its workbook."""
    sheet_keys = _sheet_keys()
    errors = [p for p in problems if p.is_error]
    missing = tuple(sorted({sheet_keys.get(p.location.sheet, str(p.location.sheet)) for p in errors
                            if p.code == MISSING_SHEET}))
    rejected = {(p.location.sheet, p.location.row) for p in errors
                if p.location.row is not None and sheet_keys.get(p.location.sheet) in ROW_TABLES}
    usable = sum(len(getattr(data, key)) for key in ROW_TABLES)
    required = sum(1 for table in ALL_TABLES if table.required_sheet)
    return DataIntegrity(usable, len(rejected), required, missing, len(errors))


def gated_rags(rags: dict[str, str | None], integrity: DataIntegrity,
               threshold: float = DEFAULT_QUALITY_THRESHOLD) -> dict[str, str | None]:
    """``rags`` (dimension → ``green``/``amber``/``red``, and ``overall``) after the integrity gate."""
    gated = dict(rags)
    for dimension, register in DIMENSION_REGISTERS.items():
        if not integrity.provided(register):
            gated[dimension] = Rag.NOT_PROVIDED.value
    score = integrity.score
    if score < threshold:
        gated["overall"] = Rag.INCOMPLETE.value
    elif score < 1.0 and gated.get("overall") in (None, Rag.GREEN.value):
        gated["overall"] = Rag.AMBER.value
    return gated
