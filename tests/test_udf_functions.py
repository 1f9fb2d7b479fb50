"""The PMO worksheet functions, called the way xlwings calls them from Excel.

Arguments go through ``xlwings.conversion.read`` and results through
``xlwings.conversion.write`` with the options the ``@xw.func``/``@xw.arg``
decorators recorded, exactly as ``xlwings.udfs.call_udf`` does.  Those
pipelines end in two engine hooks that xlwings implements with COM on Windows;
:class:`_ComLikeEngine` gives the same answers without COM (an Excel date is
its serial number, an empty cell is "").
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
import xlwings
from xlwings import conversion
from xlwings.main import Engine

from pmo_xl.errors import InputError
from pmo_xl.excel.addin_build import UDF_SOURCE_DIR
from pmo_xl.excel.udf_wrappers import load_udf_module, udf_functions

EXCEL_EPOCH = date(1899, 12, 30)


def serial(value: date | datetime) -> float:
    """Excel's 1900 date system: days since 1899-12-30, time as a fraction."""
    if isinstance(value, datetime):
        delta = value - datetime(1899, 12, 30)
        return delta.days + delta.seconds / 86400
    return float((value - EXCEL_EPOCH).days)


class _ComLikeEngine:
    name = "excel"
    type = "desktop"

    @staticmethod
    def clean_value_data(data, datetime_builder, empty_as, number_builder, err_to_str):
        def clean(value):
            if value in ("", None):
                return empty_as
            if isinstance(value, datetime):
                return datetime_builder(value.year, value.month, value.day, value.hour, value.minute,
                                        value.second, value.microsecond)
            if number_builder is not None and isinstance(value, float):
                return number_builder(value)
            return value
        return [[clean(c) for c in row] for row in data]

    @staticmethod
    def prepare_xl_data_element(value, date_format):
        if isinstance(value, datetime):
            return serial(value)
        if isinstance(value, date):
            return serial(value)
        if value is None or (isinstance(value, float) and value != value):
            return ""
        return value


@pytest.fixture(autouse=True)
def excel_engine(monkeypatch):
    monkeypatch.setitem(xlwings.engines.engines_by_name, "excel", Engine(impl=_ComLikeEngine()))


@pytest.fixture(scope="module")
def udfs():
    return load_udf_module(UDF_SOURCE_DIR / "pmo_udfs.py", "pmo_udfs")


def call_as_excel(module, name, *raw_args):
    """Converts, calls and converts back as ``xlwings.udfs.call_udf`` does.

    The result is what Excel receives: always a 2-D list (a single value is [[value]]).
    """
    function = getattr(module, name)
    meta = function.__xlfunc__
    args = [conversion.read(None, raw, meta["args"][i]["options"]) for i, raw in enumerate(raw_args)]
    args += [info.get("optional") for info in meta["args"][len(raw_args):]]
    return conversion.write(function(*args), None, meta["ret"]["options"])


def test_every_function_is_declared_non_volatile_in_the_pmo_category_with_help(udfs):
    names = sorted(f.__xlfunc__["name"] for f in udf_functions(udfs))
    assert names == ["PMO_CRITICAL_PATH", "PMO_EVM", "PMO_RAG", "PMO_SCHEDULE", "PMO_WORKDAY", "PMO_WORKDAYS"]
    for function in udf_functions(udfs):
        meta = function.__xlfunc__
        assert meta["volatile"] is False
        assert meta["category"] == "PMO"
        assert meta["ret"]["doc"].strip()
        assert all(not arg["doc"].startswith("Positional argument") for arg in meta["args"])


def test_workdays_counts_both_ends_and_skips_moroccan_holidays(udfs):
    # November 2026: 21 weekdays from Mon 2 to Mon 30; Green March (Fri 6) and
    # Independence Day (Wed 18) are holidays.
    assert call_as_excel(udfs, "PMO_WORKDAYS", datetime(2026, 11, 2), datetime(2026, 11, 30)) == [[19]]
    assert call_as_excel(udfs, "PMO_WORKDAYS", datetime(2026, 11, 2), datetime(2026, 11, 30), "aucun") == [[21]]
    assert call_as_excel(udfs, "PMO_WORKDAYS", datetime(2026, 11, 30), datetime(2026, 11, 2)) == [[-19]]
    # Excel may pass a date as its serial number.
    assert call_as_excel(udfs, "PMO_WORKDAYS", serial(date(2026, 11, 2)), serial(date(2026, 11, 6))) == [[4]]


def test_workday_returns_an_excel_date(udfs):
    # Tue 17 + 1 working day: Wed 18 is Independence Day, so Thu 19.
    assert call_as_excel(udfs, "PMO_WORKDAY", datetime(2026, 11, 17), 1.0) == [[serial(date(2026, 11, 19))]]
    # Thu 5 + 1: Fri 6 is Green March, then the weekend: Mon 9.
    assert call_as_excel(udfs, "PMO_WORKDAY", datetime(2026, 11, 5), 1.0) == [[serial(date(2026, 11, 9))]]
    assert call_as_excel(udfs, "PMO_WORKDAY", datetime(2026, 11, 9), -1.0) == [[serial(date(2026, 11, 5))]]
    with pytest.raises(InputError, match="working_days"):
        call_as_excel(udfs, "PMO_WORKDAY", datetime(2026, 11, 9), 1.5)
    with pytest.raises(InputError, match="start_date"):
        call_as_excel(udfs, "PMO_WORKDAY", "pas une date", 1.0)


def test_evm_table_hand_computed(udfs):
    table = call_as_excel(udfs, "PMO_EVM", 100.0, 50.0, 40.0, 50.0)
    values = dict(table[1:])
    assert table[0] == ["Indicateur", "Valeur"]
    # SV = 40-50, CV = 40-50, SPI = 40/50, CPI = 40/50, EAC = 100/0.8,
    # ETC = 125-50, VAC = 100-125, TCPI = (100-40)/(100-50).
    assert values == {"BAC": 100.0, "PV": 50.0, "EV": 40.0, "AC": 50.0, "SV": -10.0, "CV": -10.0,
                      "SPI": 0.8, "CPI": 0.8, "EAC": 125.0, "ETC": 75.0, "VAC": -25.0,
                      "TCPI": pytest.approx(1.2)}
    undefined = dict(call_as_excel(udfs, "PMO_EVM", 100.0, 0.0, 0.0, 0.0)[1:])
    assert undefined["SPI"] == "" and undefined["CPI"] == "" and undefined["EAC"] == ""


PLAN = (
    ("ID", "Nom de la tâche", "Durée (j)", "Prédécesseurs", "Commentaire hors modèle"),
    ("1", "Cadrage", 3.0, None, "x"),
    ("2", "Conception", 2.0, "1", None),
    ("3", "Achats", 1.0, "1", None),
    ("4", "Recette", 2.0, "2;3", None),
)


def test_schedule_spills_early_late_dates_floats_and_critical(udfs):
    table = call_as_excel(udfs, "PMO_SCHEDULE", PLAN, None, datetime(2026, 11, 2))
    assert table[0] == ["ID", "Nom de la tâche", "Début au plus tôt", "Fin au plus tôt", "Début au plus tard",
                        "Fin au plus tard", "Marge totale (j)", "Marge libre (j)", "Critique"]
    at = lambda d, h: serial(datetime(2026, 11, d, h))  # noqa: E731
    # Days are 08-12 / 13-17.  1: Mon 2 - Wed 4.  2: Thu 5, (Fri 6 holiday), Mon 9.
    # 3: Thu 5, may slip to Mon 9: one day of float.  4: Tue 10 - Wed 11.
    assert table[1:] == [
        ["1", "Cadrage", at(2, 8), at(4, 17), at(2, 8), at(4, 17), 0.0, 0.0, True],
        ["2", "Conception", at(5, 8), at(9, 17), at(5, 8), at(9, 17), 0.0, 0.0, True],
        ["3", "Achats", at(5, 8), at(5, 17), at(9, 8), at(9, 17), 1.0, 1.0, False],
        ["4", "Recette", at(10, 8), at(11, 17), at(10, 8), at(11, 17), 0.0, 0.0, True],
    ]


def test_english_headers_and_field_names_are_accepted(udfs):
    plan = (("id", "Task name", "Duration (d)", "Predecessors"), ("A", "Start", 1.0, None), ("B", "End", 1.0, "AFS+1d"))
    table = call_as_excel(udfs, "PMO_SCHEDULE", plan, None, datetime(2026, 11, 2))
    # B waits one working day after A (Mon 2): Tue 3 is the lag, Wed 4 the work.
    assert table[2][2] == serial(datetime(2026, 11, 4, 8))


def test_critical_path_lists_the_chain_in_order(udfs):
    table = call_as_excel(udfs, "PMO_CRITICAL_PATH", PLAN, None, datetime(2026, 11, 2))
    assert table[0] == ["Chemin", "Ordre", "ID", "Nom de la tâche", "Début", "Fin"]
    assert [row[:3] for row in table[1:]] == [[1, 1, "1"], [1, 2, "2"], [1, 3, "4"]]
    assert table[-1][4:] == [serial(datetime(2026, 11, 10, 8)), serial(datetime(2026, 11, 11, 17))]


def test_bad_task_cells_are_located_in_the_range(udfs):
    plan = (("ID", "Nom de la tâche", "Durée (j)"), ("1", "A", "trois"), (None, "B", 2.0))
    with pytest.raises(InputError) as error:
        call_as_excel(udfs, "PMO_SCHEDULE", plan)
    text = str(error.value)
    assert "cell C2" in text and "trois" in text
    assert "cell A3" in text and "required value missing" in text
    assert len(error.value.problems.errors()) == 2


def test_a_single_header_cell_lacks_the_required_columns(udfs):
    with pytest.raises(InputError, match="missing required column.*Nom de la tâche"):
        call_as_excel(udfs, "PMO_SCHEDULE", "ID")


@pytest.mark.parametrize("value, metric, expected", [
    (0.96, "spi", "vert"), (0.95, "CPI", "vert"), (0.92, "cpi", "orange"), (0.85, "SPI(t)", "rouge"),
    (10.0, "milestone_slip_days", "vert"), (14.0, "glissement jalon (j ouvrés)", "orange"),
    (20.5, "milestone_slip_days", "rouge"), (12.0, "forecast_overrun_percent", "rouge"),
    (9.0, "max_risk_score", "vert"), (10.0, "max_risk_score", "orange"), (20.0, "max_risk_score", "rouge"),
    (1.0, "critical_risks", "vert"), (2.0, "critical_risks", "rouge"),
    (None, "spi", ""),
])
def test_rag_uses_the_standard_thresholds(udfs, value, metric, expected):
    assert call_as_excel(udfs, "PMO_RAG", value, metric) == [[expected]]


def test_rag_names_the_known_measures_when_the_metric_is_unknown(udfs):
    with pytest.raises(InputError, match="max_risk_score"):
        call_as_excel(udfs, "PMO_RAG", 1.0, "vitesse")


def test_other_countries_and_unknown_codes(udfs):
    # France: 11 Nov (Armistice) is a holiday, 6 and 18 Nov are not: 21 weekdays - 1.
    assert call_as_excel(udfs, "PMO_WORKDAYS", datetime(2026, 11, 2), datetime(2026, 11, 30), "FR") == [[20]]
    with pytest.raises(InputError, match="unknown holiday country code 'ZZ'"):
        call_as_excel(udfs, "PMO_WORKDAYS", datetime(2026, 11, 2), datetime(2026, 11, 30), "ZZ")
