"""Our schedule of real P6 plans against the dates, floats and critical flags P6 stored in them.

The match rates asserted here are the ones measured when the comparison was
written (see ``benchmarks/results/xer_match.md`` and docs/scheduling.md,
"Primavera P6: match rate and differences"): a lower rate is a regression, a
higher one should raise the floor.
"""

from __future__ import annotations

import sys
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import pytest

from reference_files import find_schedule, schedule_path  # noqa: E402
BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
if str(BENCHMARKS) not in sys.path:
    sys.path.insert(0, str(BENCHMARKS))


from xer_match_report import FIELDS, XerComparison, compare_with_p6, rate_table  # noqa: E402

# Match rate (%) measured per file and field; the test fails below these.
MEASURED_RATES = {
    "xer_p6_takt_building_25a.xer": {
        "early_start": 100.0, "early_finish": 100.0, "late_start": 100.0, "late_finish": 100.0,
        "total_float": 100.0, "free_float": 100.0, "critical": 100.0, "overall": 100.0},
    "xer_p6_house_198a.xer": {
        "early_start": 100.0, "early_finish": 100.0, "late_start": 100.0, "late_finish": 100.0,
        "total_float": 100.0, "free_float": 100.0, "critical": 100.0, "overall": 100.0},
    "xer_p6cloud_summary_23a.xer": {
        "early_start": 100.0, "early_finish": 100.0, "late_start": 100.0, "late_finish": 100.0,
        "total_float": 100.0, "free_float": 100.0, "critical": 100.0, "overall": 100.0},
    "xer_p6_hs2_sp10_3994a.xer": {
        "early_start": 96.3, "early_finish": 96.5, "late_start": 99.8, "late_finish": 99.1,
        "total_float": 94.5, "free_float": 92.0, "critical": 99.8, "overall": 96.9},
}
# Activities compared per file: all but completed, level-of-effort and WBS-summary ones.
COMPARABLE_ACTIVITIES = {
    "xer_p6_takt_building_25a.xer": 25,
    "xer_p6_house_198a.xer": 198,
    "xer_p6cloud_summary_23a.xer": 23,
    "xer_p6_hs2_sp10_3994a.xer": 3994 - 523 - 3,
}
# PROJECT.scd_end_date, the finish P6 computed, and whether we reproduce it.
P6_FINISH = {
    "xer_p6_takt_building_25a.xer": (datetime(2022, 2, 21, 17, 0), True),
    "xer_p6_house_198a.xer": (datetime(2015, 2, 19, 12, 0), True),
    "xer_p6cloud_summary_23a.xer": (datetime(2026, 5, 18, 13, 48), True),
}


@lru_cache(maxsize=None)
def comparison(name: str) -> XerComparison:
    return compare_with_p6(schedule_path(name))


@pytest.mark.parametrize("name", list(MEASURED_RATES))
def test_match_rate_does_not_fall(name):
    result = comparison(name)
    assert len(result.activities) == COMPARABLE_ACTIVITIES[name]
    rates = result.rates
    for field in FIELDS + ["overall"]:
        assert 100 * rates[field] >= MEASURED_RATES[name][field], (
            f"{name}: {field} matches {100 * rates[field]:.1f} % of activities, "
            f"{MEASURED_RATES[name][field]} % measured before")


@pytest.mark.parametrize("name", list(P6_FINISH))
def test_project_finish_against_p6(name):
    expected, reproduced = P6_FINISH[name]
    result = comparison(name)
    assert result.p6_project_finish == expected
    assert (result.project_finish == expected) is reproduced


def test_takt_critical_set_is_p6_driving_path():
    # The takt plan has a single critical chain: P6's longest path (driving_path_flag) is its
    # critical set, 9 activities, and ours is the same set.
    result = comparison("xer_p6_takt_building_25a.xer")
    ours = set(result.activities.loc[result.activities["critical_ours"], "code"])
    from pmo_xl.io.xer import read_xer_results

    p6 = read_xer_results(schedule_path("xer_p6_takt_building_25a.xer"))
    assert len(ours) == 9
    assert ours == set(p6.loc[p6["driving_path"], "code"])


def test_house_sf_links_and_holidays_reproduced_to_the_minute():
    # 20 start-to-finish links, a Sunday-Thursday-plus-Saturday week and 79 exceptions: every
    # early and late date equal to P6's in working time, so the float differences are nil.
    result = comparison("xer_p6_house_198a.xer").activities
    for field in ("early_start", "early_finish", "late_start", "late_finish", "total_float", "free_float"):
        differences = result[f"{field}_diff_hours"].dropna()
        assert (differences.abs() < 1 / 60 + 1e-9).all(), field


def test_print_match_table(capsys):
    names = [n for n in MEASURED_RATES if find_schedule(n) is not None]
    table = rate_table([comparison(n) for n in names])
    assert list(table["file"]) == names
    with capsys.disabled():
        print("\nMatch rate with Primavera P6 (% of comparable activities)")
        print(table.to_string(index=False))
