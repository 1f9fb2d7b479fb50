"""What consolidation reads from the master workbook before writing it.

:func:`read_master_inputs` reads the PMO's sheets of the master — the
*Config* tables (parameters, exchange rates, RAG thresholds, holiday
overrides, committee calendar, KPI targets), the *Gouvernance* tables
(portfolio-level actions and decisions, their history, imported meetings),
the *Portes* and *Changements* registers (see
:mod:`pmo_xl.io.governance_registers`).  Bad cells are reported as
located problems and the row is skipped; the defaults of the template apply
to what is missing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from pathlib import Path

from pmo_xl.engine.budget import RatesTable
from pmo_xl.engine.dcma import CONFIG_PREFIX as DCMA_PREFIX, DcmaThresholds, with_parameter as dcma_with_parameter
from pmo_xl.engine.portfolio.integrity import DEFAULT_QUALITY_THRESHOLD
from pmo_xl.engine.portfolio.schedule_risk import CONSOLIDATION_RISK_OPTIONS, with_parameter as risk_with_parameter
from pmo_xl.engine.risk import RiskOptions
from pmo_xl.engine.rag import RagThresholds
from pmo_xl.errors import ConfigError, InputError, Location, Problem, ProblemList, Severity
from pmo_xl.io.safe_read import LIMIT_PARAMETERS, ReadLimits, limits_with
from pmo_xl.model import Action, Committee, Decision
from pmo_xl.model.governance import CommitteeDefinition, GateDefinition, GovernanceRegisters

from pmo_xl.model.period import EXPECTED_FORMS, Period, parse_period
from pmo_xl.model.portfolio import CommitteeMeeting, KpiDefinition

from .language import find_sheet, french_text, french_value
from .template import (
    CONFIG_SHEET,
    HEADER_ROW,
    HOLIDAYS,
    KPIS,
    PARAMETERS,
    RAG_THRESHOLDS,
    RATES,
    ConfigTable,
)


@dataclass
class MasterConfig:
    """The settings of the master workbook's Config sheet."""

    projects_folder: Path | None = None
    period: Period | None = None
    status_date: date | None = None
    reporting_currency: str = "MAD"
    rates: RatesTable = field(default_factory=RatesTable.default)
    rag_thresholds: RagThresholds = field(default_factory=RagThresholds)
    holiday_overrides: dict[date, bool] = field(default_factory=dict)
    holiday_labels: dict[date, str] = field(default_factory=dict)
    committees: list[CommitteeMeeting] = field(default_factory=list)
    committee_definitions: list[CommitteeDefinition] = field(default_factory=list)  # recurrence and members
    gate_definitions: list[GateDefinition] = field(default_factory=list)  # the gates of each life cycle
    kpis: dict[str, KpiDefinition] = field(default_factory=dict)
    stale_after_days: int = 14
    data_quality_threshold: float = DEFAULT_QUALITY_THRESHOLD
    over_allocation_threshold: float = 1.0
    escalation_after_days: int = 30
    read_limits: ReadLimits = field(default_factory=ReadLimits)
    fiscal_year_start_month: int = 1  # 1 = the fiscal year is the calendar year
    language: str = "fr"  # the master's own language (fr or en): its sheets, headers, labels and alert texts
    dcma_thresholds: DcmaThresholds = field(default_factory=DcmaThresholds)  # parameters dcma_<threshold>
    risk_options: RiskOptions = CONSOLIDATION_RISK_OPTIONS  # parameters risk_iterations, risk_seed

    def kpi_target(self, code: str) -> float | None:
        kpi = self.kpis.get(code)
        return None if kpi is None else kpi.target


@dataclass
class MasterInputs:
    """Everything consolidation takes from the master itself."""

    config: MasterConfig
    governance_actions: list[Action] = field(default_factory=list)
    governance_decisions: list[Decision] = field(default_factory=list)
    problems: ProblemList = field(default_factory=ProblemList)
    registers: GovernanceRegisters = field(default_factory=GovernanceRegisters)  # Gouvernance, Portes, Changements
    previous_baselines: dict = field(default_factory=dict)  # project code -> baseline finish last consolidated


class _TableRows:
    """Rows of one Excel Table of the master, keyed by header, with their cell addresses."""

    def __init__(self, wb, table: ConfigTable, path: str, problems: ProblemList):
        self.path, self.table, self.problems = path, table, problems
        self.rows: list[tuple[int, dict, dict]] = []
        sheet = find_sheet(wb.sheetnames, table.sheet)
        if sheet is None:
            return
        self.sheet = sheet
        ws = wb[sheet]
        found = ws.tables.get(table.name)
        if found is None:
            problems.append(Problem(f"table '{table.name}' not found", Location(path, sheet),
                                    expected=f"the Excel table {table.name} of the template",
                                    severity=Severity.WARNING, code="missing_table"))
            return
        from openpyxl.utils.cell import get_column_letter, range_boundaries

        min_col, min_row, max_col, max_row = range_boundaries(found.ref)
        header_cells = [ws.cell(min_row, c).value for c in range(min_col, max_col + 1)]
        # an English master's headers and enumerated values read as the French ones
        headers = [french_text(str(h).strip()) if h is not None else "" for h in header_cells]
        for r in range(min_row + 1, max_row + 1):
            values, cells = {}, {}
            for offset, header in enumerate(headers):
                c = min_col + offset
                values[header] = french_value(ws.cell(r, c).value)
                cells[header] = f"{get_column_letter(c)}{r}"
            if any(v is not None and str(v).strip() != "" for v in values.values()):
                self.rows.append((r, values, cells))

    def problem(self, cells: dict, header: str, message: str, found, expected: str) -> None:
        self.problems.append(Problem(message, Location(self.path, getattr(self, "sheet", self.table.sheet),
                                                       cells.get(header),
                                                       column=header),
                                     found=None if found is None else str(found), expected=expected,
                                     code="invalid_config"))


def _as_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.strip():
        for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.strptime(value.strip(), fmt).date()
            except ValueError:
                continue
        raise ValueError(value)
    if value is None or value == "":
        return None
    raise ValueError(value)


def _as_float(value) -> float:
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        return float(value)
    return float(str(value).strip().replace(",", ".").replace("\u00a0", "").replace(" ", ""))


def _text(value) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _read_parameters(rows: _TableRows, config: MasterConfig, master_dir: Path) -> None:
    for _, values, cells in rows.rows:
        key = _text(values.get("Clé"))
        value = values.get("Valeur")
        if key is None or value is None or str(value).strip() == "":
            continue
        try:
            if key == "projects_folder":
                folder = Path(str(value).strip())
                config.projects_folder = folder if folder.is_absolute() else master_dir / folder
            elif key == "status_date":
                config.status_date = _as_date(value)
            elif key == "period":
                config.period = parse_period(str(value).strip())
            elif key == "reporting_currency":
                code = str(value).strip().upper()
                if len(code) != 3 or not code.isalpha():
                    raise ValueError(value)
                config.reporting_currency = code
            elif key == "stale_after_days":
                config.stale_after_days = int(_as_float(value))
            elif key == "data_quality_threshold":
                config.data_quality_threshold = _as_float(value)
            elif key == "over_allocation_threshold":
                config.over_allocation_threshold = _as_float(value)
            elif key == "escalation_after_days":
                config.escalation_after_days = int(_as_float(value))
            elif key.startswith(DCMA_PREFIX):
                config.dcma_thresholds = dcma_with_parameter(config.dcma_thresholds, key, value)
            elif key in ("risk_iterations", "risk_seed"):
                config.risk_options = risk_with_parameter(config.risk_options, key, value)
            elif key in LIMIT_PARAMETERS:
                config.read_limits = limits_with(config.read_limits, key, value)
            elif key == "language":
                code = str(value).strip().lower()
                if code not in ("fr", "en"):
                    raise ValueError(value)
                config.language = code
            elif key == "fiscal_year_start_month":
                month = int(_as_float(value))
                if not 1 <= month <= 12:
                    raise ValueError(value)
                config.fiscal_year_start_month = month
        except (TypeError, ValueError, InputError):
            rows.problem(cells, "Valeur", f"invalid value for parameter '{key}'", value,
                         {"status_date": "a date", "period": EXPECTED_FORMS, "reporting_currency": "an ISO 4217 code such as MAD",
                          "projects_folder": "a folder path",
                          "fiscal_year_start_month": "a month number from 1 to 12",
                          "language": "fr or en",
                          "risk_iterations": "a whole number, 1 or more",
                          "risk_seed": "a whole number, 0 or more"}.get(key, _expected_number(key)))


def _expected_number(key: str) -> str:
    if key.startswith(DCMA_PREFIX):
        names = ", ".join(DCMA_PREFIX + f.name for f in fields(DcmaThresholds))
        return f"a number, for a DCMA threshold named {names}"
    return "a number"


def _read_rates(rows: _TableRows, config: MasterConfig) -> None:
    table = RatesTable("MAD", {})
    for _, values, cells in rows.rows:
        code = (_text(values.get("Devise")) or "").upper()
        if len(code) != 3 or not code.isalpha():
            rows.problem(cells, "Devise", "invalid currency code", values.get("Devise"), "ISO 4217 code such as EUR")
            continue
        try:
            rate = _as_float(values.get("Taux"))
            if rate <= 0:
                raise ValueError
        except (TypeError, ValueError):
            rows.problem(cells, "Taux", "invalid exchange rate", values.get("Taux"), "a positive number")
            continue
        try:
            month = _as_date(values.get("Mois"))
        except ValueError:
            rows.problem(cells, "Mois", "invalid month", values.get("Mois"), "a date in the month")
            continue
        if month is None:
            table.rates[code] = rate
        else:
            table.monthly[(code, date(month.year, month.month, 1))] = rate
    # Rates in the table are towards the reporting currency of the Config sheet.
    table.reporting_currency = config.reporting_currency
    table.rates.pop(config.reporting_currency, None)
    config.rates = table


def _read_thresholds(rows: _TableRows, config: MasterConfig) -> None:
    known = {f.name: f for f in fields(RagThresholds)}
    values_by_key = {}
    for _, values, cells in rows.rows:
        key = _text(values.get("Clé"))
        raw = values.get("Valeur")
        if key not in known or key == "weights":
            if key is not None:
                rows.problem(cells, "Clé", "unknown RAG threshold", key, ", ".join(k for k in known if k != "weights"))
            continue
        try:
            if key == "overall_rule":
                text = str(raw).strip().lower()
                if text not in ("worst", "weighted"):
                    raise ValueError(raw)
                values_by_key[key] = text
            elif known[key].type in ("int", int):
                values_by_key[key] = int(_as_float(raw))
            else:
                values_by_key[key] = _as_float(raw)
        except (TypeError, ValueError):
            rows.problem(cells, "Valeur", f"invalid value for threshold '{key}'", raw,
                         "worst or weighted" if key == "overall_rule" else "a number")
    config.rag_thresholds = RagThresholds(**values_by_key)


def _read_holidays(rows: _TableRows, config: MasterConfig) -> None:
    for _, values, cells in rows.rows:
        try:
            day = _as_date(values.get("Date"))
        except ValueError:
            day = None
        if day is None:
            rows.problem(cells, "Date", "invalid holiday date", values.get("Date"), "a date")
            continue
        operation = (_text(values.get("Opération")) or "").lower()
        if operation not in ("ajouter", "retirer", "add", "remove"):
            rows.problem(cells, "Opération", "invalid holiday operation", values.get("Opération"),
                         "ajouter or retirer")
            continue
        config.holiday_overrides[day] = operation in ("ajouter", "add")
        label_text = _text(values.get("Libellé"))
        if label_text:
            config.holiday_labels[day] = label_text




def _bound(rows: _TableRows, cells: dict, header: str, raw, code: str) -> float | None:
    if raw is None or str(raw).strip() == "":
        return None
    try:
        return _as_float(raw)
    except ValueError:
        rows.problem(cells, header, f"invalid bound for KPI '{code}'", raw, "a number")
        return None


def _read_kpis(rows: _TableRows, config: MasterConfig) -> None:
    """The KPI catalogue; masters made before the catalogue have a single ``Cible`` column (the green bound)."""
    for _, values, cells in rows.rows:
        code = _text(values.get("Code"))
        if code is None:
            continue
        green_header = "Vert si" if "Vert si" in values else "Cible"
        green = _bound(rows, cells, green_header, values.get(green_header), code)
        amber = _bound(rows, cells, "Orange si", values.get("Orange si"), code)
        direction = (_text(values.get("Sens")) or "min").lower()
        if direction not in ("min", "max"):
            rows.problem(cells, "Sens", f"invalid direction for KPI '{code}'", direction, "min or max")
            direction = "min"
        active_text = (_text(values.get("Actif")) or "oui").lower()
        if active_text not in ("oui", "non", "yes", "no"):
            rows.problem(cells, "Actif", f"invalid switch for KPI '{code}'", active_text, "oui or non")
            active_text = "oui"
        scope = (_text(values.get("Portée")) or "projet").lower()
        config.kpis[code] = KpiDefinition(code, _text(values.get("KPI")) or code, green, direction,
                                          _text(values.get("Unité")), _text(values.get("KPI (EN)")),
                                          _text(values.get("Définition")), amber, scope,
                                          active_text in ("oui", "yes"))






def read_master_inputs(master_path: str | os.PathLike, master_dir: str | os.PathLike | None = None) -> MasterInputs:
    """Read the Config and Gouvernance tables of the master.

    A relative folder of Config is taken from ``master_dir``, by default the folder of ``master_path``
    (the ribbon reads a copy of the open workbook saved elsewhere, and gives the workbook's own folder).
    """
    from openpyxl import load_workbook

    from pmo_xl.io.governance_registers import read_governance_config, read_previous_baselines, read_registers

    path = Path(master_path)
    if not path.exists():
        raise ConfigError("master workbook not found; create it with 'pmo-xl template master'",
                          Location(file=str(path)))
    try:
        wb = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise ConfigError(f"cannot open the master workbook: {exc}", Location(file=str(path))) from exc
    problems = ProblemList()
    try:
        if CONFIG_SHEET not in wb.sheetnames:
            raise ConfigError("the master workbook has no Config sheet",
                              Location(file=str(path), sheet=CONFIG_SHEET),
                              [Problem("sheet missing", Location(str(path), CONFIG_SHEET),
                                       expected="the Config sheet of the template")])
        config = MasterConfig()
        name = str(path)
        _read_parameters(_TableRows(wb, PARAMETERS, name, problems), config,
                         Path(master_dir) if master_dir is not None else path.parent)
        _read_rates(_TableRows(wb, RATES, name, problems), config)
        _read_thresholds(_TableRows(wb, RAG_THRESHOLDS, name, problems), config)
        _read_holidays(_TableRows(wb, HOLIDAYS, name, problems), config)
        _read_kpis(_TableRows(wb, KPIS, name, problems), config)
        config.committee_definitions, config.gate_definitions = read_governance_config(wb, name, problems)
        registers = read_registers(wb, name, problems)
        baselines = read_previous_baselines(wb)
    finally:
        wb.close()
    return MasterInputs(config, registers.actions, registers.decisions, problems, registers, baselines)


__all__ = ["MasterConfig", "MasterInputs", "read_master_inputs",
           "HEADER_ROW"]
