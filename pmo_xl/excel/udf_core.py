"""What the PMO worksheet functions do, as pure Python over plain values.

Excel hands a UDF numbers, text, dates and 2-D ranges (lists of rows); these
functions turn them into model objects, call the engine, and give back a
value or a 2-D list whose first row is a header.  ``udfs/pmo_udfs.py`` only
declares the functions to Excel and delegates here.  Bad input raises
:class:`pmo_xl.errors.InputError` naming the argument, the row and the column.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache

import numpy as np
import pandas as pd

from pmo_xl.engine.calendar import WorkingCalendar
from pmo_xl.engine.cpm import schedule
from pmo_xl.engine.evm import EAC_METHODS, earned_value_metrics
from pmo_xl.engine.rag import MEASURE_LABELS, MEASURE_RULES, RagThresholds, rate_measure
from pmo_xl.errors import InputError, Location, PmoError, ProblemList
from pmo_xl.io.values import is_blank, parse_date, parse_number
from pmo_xl.io.workbook_reader import TableReader
from pmo_xl.model.domain import CalendarSpec, Project, ProjectData, Task
from pmo_xl.model.enums import label
from pmo_xl.model.schemas import TASKS, fold_label

DEFAULT_HOLIDAY_COUNTRY = "MA"
NO_HOLIDAYS = {"", "AUCUN", "NONE", "-"}


def bad_argument(argument: str, message: str) -> InputError:
    """The error for a bad value of the function argument ``argument``."""
    return InputError(f"argument '{argument}': {message}")


def to_date(value: object, argument: str) -> date:
    """A date from what Excel passes: a date, a datetime, a serial number or a text date."""
    if isinstance(value, (list, tuple)):
        raise bad_argument(argument, "one date expected, not a range")
    try:
        return parse_date(value)
    except ValueError as exc:
        raise bad_argument(argument, f"not a date: {exc}") from exc


def to_number(value: object, argument: str) -> float:
    """A number from what Excel passes (number or numeric text)."""
    try:
        return parse_number(value)
    except ValueError as exc:
        raise bad_argument(argument, f"not a number: {exc}") from exc


@lru_cache(maxsize=16)
def _calendar_for_country(country: str | None) -> WorkingCalendar:
    spec = CalendarSpec(name=f"Lun-Ven {country or 'sans jours fériés'}", holiday_country=country)
    return WorkingCalendar.from_spec(spec)


def working_calendar(holiday_country: object = None) -> WorkingCalendar:
    """Monday–Friday with the public holidays of a country code (Morocco when empty).

    ``"aucun"``/``"none"`` gives no holidays; an unknown code raises.
    """
    if is_blank(holiday_country):
        return _calendar_for_country(DEFAULT_HOLIDAY_COUNTRY)
    code = str(holiday_country).strip().upper()
    if code in NO_HOLIDAYS:
        return _calendar_for_country(None)
    try:
        return _calendar_for_country(code)
    except (NotImplementedError, KeyError, ValueError) as exc:
        raise bad_argument("holiday_country", f"unknown holiday country code {code!r}") from exc


def workdays(start_date: object, end_date: object, holiday_country: object = None) -> int:
    """Working days from ``start_date`` to ``end_date``, both counted (Excel's NETWORKDAYS rule).

    Negative when ``end_date`` is before ``start_date``.
    """
    first = to_date(start_date, "start_date")
    last = to_date(end_date, "end_date")
    cal = working_calendar(holiday_country)
    if last >= first:
        return int(cal.working_days_between(first, last + timedelta(days=1)))
    return -int(cal.working_days_between(last, first + timedelta(days=1)))


def workday(start_date: object, working_days: object, holiday_country: object = None) -> date:
    """The working day ``working_days`` working days after ``start_date`` (Excel's WORKDAY rule)."""
    first = to_date(start_date, "start_date")
    count = to_number(working_days, "working_days")
    if count != int(count):
        raise bad_argument("working_days", f"whole number of days expected, found {count}")
    return working_calendar(holiday_country).add_working_days(first, int(count))


EVM_ROWS: tuple[tuple[str, str], ...] = (
    ("BAC", "bac"), ("PV", "pv"), ("EV", "ev"), ("AC", "ac"),
    ("SV", "sv"), ("CV", "cv"), ("SPI", "spi"), ("CPI", "cpi"),
    ("EAC", "eac"), ("ETC", "etc"), ("VAC", "vac"), ("TCPI", "tcpi_bac"),
)
EVM_HEADER = ["Indicateur", "Valeur"]


def evm_table(bac: object, pv: object, ev: object, ac: object,
              eac_method: object = None) -> list[list]:
    """Earned-value indicators as a two-column table (indicator, value).

    An undefined ratio (denominator zero) is an empty cell.
    """
    method = "cpi" if is_blank(eac_method) else str(eac_method).strip().lower()
    if method not in EAC_METHODS:
        raise bad_argument("eac_method", f"unknown EAC method {method!r}, expected one of {', '.join(EAC_METHODS)}")
    # The indicators do not depend on the status date or currency the engine records.
    figures = earned_value_metrics(
        "", date.today(), "", bac=to_number(bac, "bac"), pv=to_number(pv, "pv"),
        ev=to_number(ev, "ev"), ac=to_number(ac, "ac"), eac_method=method,
    )
    return [EVM_HEADER] + [[label, getattr(figures, attribute)] for label, attribute in EVM_ROWS]


def as_datetime(value: date | datetime | None) -> datetime | None:
    """A date widened to a datetime at midnight, for Excel cells."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day)


# --------------------------------------------------------------------------- plans

UDF_PROJECT_CODE = "PLAN"


def tasks_from_table(table: object, function: str, lang: str = "fr") -> list[Task]:
    """Tasks from a 2-D range whose first row holds the task table's headers.

    Headers are those of the project workbook's task sheet, in French or
    English, or the field names (``id``, ``name``, ``duration_days``,
    ``predecessors`` …); unknown columns are ignored.  Every bad cell is
    reported at once, located in the range (A1 = its top-left cell).
    """
    rows = _rows(table, "tasks")
    problems = ProblemList()
    reader = TableReader(f"{function}(tasks)", None, TASKS, lang, problems)
    records = reader.read_rows(rows)
    errors = problems.errors()
    if errors:
        shown = "; ".join(str(p) for p in errors[:5])
        more = f" and {len(errors) - 5} more" if len(errors) > 5 else ""
        raise InputError(f"{len(errors)} bad value(s) in the tasks range: {shown}{more}",
                         Location(file=f"{function}(tasks)"), problems)
    tasks = [Task(**record.values) for record in records]
    if not tasks:
        raise bad_argument("tasks", "no task found under the header row")
    return tasks


def _rows(table: object, argument: str) -> list[list]:
    if not isinstance(table, (list, tuple)) or not table or not isinstance(table[0], (list, tuple)):
        raise bad_argument(argument, "a range of several rows with a header row expected")
    return [list(row) for row in table]


def _plan(tasks: list[Task], status_date: object, project_start: object) -> ProjectData:
    start = None if is_blank(project_start) else to_date(project_start, "project_start")
    status = None if is_blank(status_date) else to_date(status_date, "status_date")
    project = Project(code=UDF_PROJECT_CODE, name=UDF_PROJECT_CODE, start=start, status_date=status)
    return ProjectData(project=project, tasks=tasks)


def _cell(value):
    """A schedule value as Excel takes it: datetimes plain, NaT and NaN empty."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, (np.floating, float)):
        return None if np.isnan(value) else float(value)
    return value


SCHEDULE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("id", "ID", "ID"),
    ("name", "Nom de la tâche", "Task name"),
    ("early_start", "Début au plus tôt", "Early start"),
    ("early_finish", "Fin au plus tôt", "Early finish"),
    ("late_start", "Début au plus tard", "Late start"),
    ("late_finish", "Fin au plus tard", "Late finish"),
    ("total_float_days", "Marge totale (j)", "Total float (d)"),
    ("free_float_days", "Marge libre (j)", "Free float (d)"),
    ("critical", "Critique", "Critical"),
)


def _scheduled(table: object, status_date: object, project_start: object, function: str):
    data = _plan(tasks_from_table(table, function), status_date, project_start)
    status = data.project.status_date
    try:
        return schedule(data, status_date=status)
    except PmoError:
        raise
    except ValueError as exc:
        raise InputError(f"{function}: the plan cannot be scheduled: {exc}") from exc


def schedule_table(table: object, status_date: object = None, project_start: object = None,
                   lang: str = "fr") -> list[list]:
    """Early and late dates, floats (working days) and criticality of every task.

    The plan starts at ``project_start`` when given, otherwise at the earliest
    date found in the tasks or the status date.
    """
    result = _scheduled(table, status_date, project_start, "PMO_SCHEDULE")
    header = [fr if lang == "fr" else en for _, fr, en in SCHEDULE_COLUMNS]
    body = [[_cell(getattr(record, column)) for column, _, _ in SCHEDULE_COLUMNS]
            for record in result.tasks.itertuples(index=False)]
    return [header] + body


CRITICAL_PATH_HEADER = {
    "fr": ["Chemin", "Ordre", "ID", "Nom de la tâche", "Début", "Fin"],
    "en": ["Path", "Order", "ID", "Task name", "Start", "Finish"],
}


def critical_path_table(table: object, status_date: object = None, project_start: object = None,
                        lang: str = "fr") -> list[list]:
    """The critical chains of the plan, one row per task in time order, numbered by chain."""
    result = _scheduled(table, status_date, project_start, "PMO_CRITICAL_PATH")
    by_id = {record.id: record for record in result.tasks.itertuples(index=False)}
    rows = [CRITICAL_PATH_HEADER[lang]]
    for path_number, path in enumerate(result.critical_paths.get(UDF_PROJECT_CODE, []), start=1):
        for order, task_id in enumerate(path, start=1):
            record = by_id[task_id]
            rows.append([path_number, order, task_id, record.name, _cell(record.start), _cell(record.finish)])
    return rows


# --------------------------------------------------------------------------- RAG

def _metric_key(metric: object) -> str:
    key = fold_label(str(metric or ""))
    for name in MEASURE_RULES:
        labels = MEASURE_LABELS.get(name, (name, name))
        if key in {fold_label(name), fold_label(labels[0]), fold_label(labels[1])}:
            return name
    raise bad_argument("metric", f"unknown measure {metric!r}, expected one of {', '.join(MEASURE_RULES)}")


def rag(value: object, metric: object, lang: str = "fr") -> str:
    """The RAG label ("vert", "orange", "rouge") of a measured value, with the default thresholds.

    The rule is the engine's (:func:`pmo_xl.engine.rag.rate_measure`), the one consolidation applies.

    An empty value is not rated (empty text).
    """
    name = _metric_key(metric)
    if is_blank(value):
        return ""
    rating = rate_measure(name, to_number(value, "value"), RagThresholds())
    return "" if rating is None else label(rating, lang)
