"""Conditional formats of the master's managed tables, built from the RAG thresholds of Config.

Every colour of a managed sheet that says green, amber or red follows the
same :class:`~pmo_xl.engine.rag.RagThresholds` as the engine's RAG, so a
threshold the PMO changes in the Config sheet changes the colours at the next
consolidation:

* performance indices (SPI, CPI, SPI(t)): red below ``index_amber``, amber
  below ``index_green``, green from ``index_green``; an empty cell (an index
  that cannot be computed) is not coloured;
* P×I risk scores: red from ``risk_red_score``, amber from
  ``risk_amber_score``, green below;
* milestone slips in working days: green up to ``slip_green_days``, amber up
  to ``slip_amber_days``, red beyond;
* the risk heat map: each cell by the band of its own P×I score
  (probability × impact), whatever the number of risks it counts;
* the schedule-quality heat map and its detail: each DCMA check's outcome,
  green when it passes, red when it fails, grey when it does not apply.

The rules are formula rules over the top-left cell of their range, so Excel
and LibreOffice move them with the rows, and an empty cell matches none.
"""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from pmo_xl.engine.rag import RagThresholds
from pmo_xl.model import Rag
from pmo_xl.texts.schedule_quality import outcome_label

INDEX_KEYS = ("spi", "cpi", "spi_t")
SCORE_KEYS = ("score", "top_risk_score")
SLIP_TABLES = ("milestones",)
HEATMAP_TABLE = "risk_heatmap"
HEATMAP_IMPACT_COLUMNS = (1, 5)  # columns B..F hold impacts 1..5; column A the probability
QUALITY_TABLES = ("schedule_quality", "schedule_quality_map")
#: The colour of each DCMA outcome (pass, fail, not applicable).
OUTCOME_RAGS = ((True, Rag.GREEN), (False, Rag.RED), (None, Rag.NOT_PROVIDED))


def is_outcome_column(table_key: str, column_key: str) -> bool:
    """Whether the column holds DCMA outcome labels (conforme, non conforme, sans objet)."""
    return table_key in QUALITY_TABLES and (column_key == "outcome" or column_key.startswith("dcma_"))


def add_outcome_rules(ws, area: tuple[int, int, int, int], formats: dict, lang: str = "fr") -> None:
    """Colour the DCMA outcome labels of ``area``: pass green, fail red, not applicable grey."""
    for passed, rag in OUTCOME_RAGS:
        ws.conditional_format(*area, {"type": "cell", "criteria": "==", "value": f'"{outcome_label(passed, lang)}"',
                                      "format": formats[rag]})


def _number(value: float) -> str:
    return f"{value:g}"


def index_rules(cell: str, thresholds: RagThresholds) -> list[tuple[Rag, str]]:
    """The formulas that colour a performance index in ``cell``, worst band first."""
    number = f"ISNUMBER({cell})"
    amber, green = _number(thresholds.index_amber), _number(thresholds.index_green)
    return [(Rag.RED, f"AND({number},{cell}<{amber})"),
            (Rag.AMBER, f"AND({number},{cell}<{green})"),
            (Rag.GREEN, f"AND({number},{cell}>={green})")]


def score_rules(score: str, guard: str, thresholds: RagThresholds) -> list[tuple[Rag, str]]:
    """The formulas that colour a P×I ``score`` expression (``guard`` tests that it exists), worst band first."""
    amber, red = _number(thresholds.risk_amber_score), _number(thresholds.risk_red_score)
    return [(Rag.RED, f"AND({guard},{score}>={red})"),
            (Rag.AMBER, f"AND({guard},{score}>={amber})"),
            (Rag.GREEN, f"AND({guard},{score}<{amber})")]


def slip_rules(cell: str, thresholds: RagThresholds) -> list[tuple[Rag, str]]:
    """The formulas that colour a slip in working days in ``cell``, worst band first."""
    number = f"ISNUMBER({cell})"
    green, amber = _number(thresholds.slip_green_days), _number(thresholds.slip_amber_days)
    return [(Rag.RED, f"AND({number},{cell}>{amber})"),
            (Rag.AMBER, f"AND({number},{cell}>{green})"),
            (Rag.GREEN, f"AND({number},{cell}<={green})")]


def heatmap_score(first_row: int, first_col: int) -> tuple[str, str]:
    """The P×I score of the heat-map cell at (``first_row``, ``first_col``), and its guard.

    The probability is in column A of the row, the impact is the column's
    distance from column A.
    """
    probability = xl_rowcol_to_cell(first_row, 0, col_abs=True)
    here = xl_rowcol_to_cell(first_row, first_col)
    impact = f"(COLUMN({here})-COLUMN({probability}))"
    return f"{probability}*{impact}", f"ISNUMBER({probability})"


def column_rules(table_key: str, column_key: str, first_row: int, column: int,
                 thresholds: RagThresholds) -> list[tuple[Rag, str]]:
    """The RAG rules of one column of a managed table (none when its colours do not depend on thresholds)."""
    cell = xl_rowcol_to_cell(first_row, column)
    if column_key in INDEX_KEYS:
        return index_rules(cell, thresholds)
    if column_key in SCORE_KEYS:
        return score_rules(cell, f"ISNUMBER({cell})", thresholds)
    if column_key == "slip_days" and table_key in SLIP_TABLES:
        return slip_rules(cell, thresholds)
    return []


def add_rag_rules(ws, area: tuple[int, int, int, int], rules: list[tuple[Rag, str]], formats: dict) -> None:
    """Add ``rules`` to ``area`` (first row, first col, last row, last col) of ``ws``, first rule first.

    ``formats`` maps each RAG to its XlsxWriter format.  The bands of a rule
    list overlap (a red value is also below the amber bound): the earlier
    rule has the higher priority, and its colour wins in Excel as in
    LibreOffice (which applies the first rule that holds).
    """
    for rag, formula in rules:
        ws.conditional_format(*area, {"type": "formula", "criteria": "=" + formula, "format": formats[rag]})


def add_heatmap_rules(ws, last_row: int, thresholds: RagThresholds, formats: dict) -> None:
    """Colour the heat-map grid (rows 1..``last_row``, impact columns) by the P×I band of each cell."""
    first_col, last_col = HEATMAP_IMPACT_COLUMNS
    score, guard = heatmap_score(1, first_col)
    add_rag_rules(ws, (1, first_col, last_row, last_col), score_rules(score, guard, thresholds), formats)
