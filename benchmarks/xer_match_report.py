"""How closely our scheduler reproduces Primavera P6 on real XER files.

For each XER file the plan is read with :func:`pmo_xl.io.xer.read_xer`,
scheduled with :func:`pmo_xl.engine.cpm.schedule` at the file's data date,
and compared activity by activity with the results P6 stored in the file
(:func:`pmo_xl.io.xer.read_xer_results`).

Comparable activities: every activity except completed ones (P6 stores no
float for them) and level-of-effort / WBS-summary activities (their dates come
from other activities).  For a started activity P6's early and late *start*
are the remaining start (the data date), not the actual start, so only its
finishes, floats and criticality are compared.

A date matches when it is the same instant in **working time** of the
activity's calendar (17:00 and the next day's 08:00 are the same working
minute; P6 writes finish milestones at one and start milestones at the
other).  A float matches within 0.1 h (P6 rounds hours).  Critical is
total float ≤ the project's ``critical_drtn_hr_cnt`` on both sides.

Usage::

    python benchmarks/xer_match_report.py [FOLDER]   # writes benchmarks/results/xer_match.md
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pmo_xl.engine.calendar import absolute_minutes_array  # noqa: E402
from pmo_xl.io.plan import scheduling_profile  # noqa: E402
from pmo_xl.engine.cpm import ScheduleOptions, schedule  # noqa: E402
from pmo_xl.io.xer import parse_xer, parse_xer_date, read_xer, read_xer_results  # noqa: E402

SCHEDULES = ROOT.parent / "shared" / "schedules"
RESULTS = ROOT / "benchmarks" / "results" / "xer_match.md"

XER_FILES = [
    "xer_p6_takt_building_25a.xer",
    "xer_p6_house_198a.xer",
    "xer_p6cloud_summary_23a.xer",
    "xer_p6_hs2_sp10_3994a.xer",
]
DATE_FIELDS = ["early_start", "early_finish", "late_start", "late_finish"]
FLOAT_FIELDS = ["total_float", "free_float"]
FIELDS = DATE_FIELDS + FLOAT_FIELDS + ["critical"]
FLOAT_TOLERANCE_HOURS = 0.1
DATE_TOLERANCE_MINUTES = 1
NON_COMPARABLE_TYPES = {"TT_LOE", "TT_WBS"}


@dataclass
class XerComparison:
    """Our schedule against P6's for one XER file."""

    file: str
    activities: pd.DataFrame  # one row per comparable activity: ours, P6's, and a match flag per field
    project_finish: datetime
    p6_project_finish: datetime | None  # PROJECT.scd_end_date

    @property
    def rates(self) -> dict[str, float]:
        """Share of matching values per field, and ``overall`` over every compared value."""
        out: dict[str, float] = {}
        compared = matched = 0
        for name in FIELDS:
            flags = self.activities[f"{name}_match"].dropna()
            out[name] = float(flags.mean()) if len(flags) else float("nan")
            compared += len(flags)
            matched += int(flags.sum())
        out["overall"] = matched / compared if compared else float("nan")
        return out

    @property
    def counts(self) -> dict[str, int]:
        """Number of compared values per field."""
        return {name: int(self.activities[f"{name}_match"].notna().sum()) for name in FIELDS}


def p6_options(path: Path) -> ScheduleOptions:
    """The options ``pmo-xl schedule`` uses for a P6 file (``pmo_xl.io.plan.scheduling_profile``)."""
    return scheduling_profile(Path(path))


def compare_with_p6(path: str | Path, candidate: pd.DataFrame | None = None) -> XerComparison:
    """Schedule the XER file at ``path`` and compare every comparable activity with P6.

    With ``candidate`` (indexed by activity id, with the columns of our result frame: the four dates,
    ``total_float_minutes``, ``free_float_minutes``, ``critical``), another scheduler's values are compared
    instead of ours; our schedule still gives each activity's calendar.
    """
    path = Path(path)
    data = read_xer(path)
    p6 = read_xer_results(path).set_index("id")
    status = datetime.combine(data.project.status_date, time()) if data.project.status_date else None
    result = schedule(data, status_date=status, options=p6_options(path))
    ours = candidate if candidate is not None else result.tasks.set_index("id")
    code = data.project.code

    rows = []
    for task in data.tasks:
        theirs = p6.loc[task.id]
        if theirs["status"] == "TK_Complete" or theirs["task_type"] in NON_COMPARABLE_TYPES:
            continue
        if task.id not in ours.index:
            continue
        mine = ours.loc[task.id]
        calendar = result.calendar(code, task.calendar)
        started = theirs["status"] == "TK_Active"
        row = {"id": task.id, "code": theirs["code"], "status": theirs["status"],
               "task_type": theirs["task_type"], "calendar": task.calendar,
               "constraint": task.constraint_type.value}
        for name in DATE_FIELDS:
            ours_value, p6_value = mine[name], theirs[name]
            row[f"{name}_ours"], row[f"{name}_p6"] = ours_value, p6_value
            if started and name in ("early_start", "late_start") or pd.isna(p6_value) or pd.isna(ours_value):
                row[f"{name}_diff_hours"] = np.nan
                row[f"{name}_match"] = None
                continue
            working = calendar.to_working(absolute_minutes_array(
                [pd.Timestamp(ours_value).to_pydatetime(), pd.Timestamp(p6_value).to_pydatetime()]))
            difference = int(working[0] - working[1])
            row[f"{name}_diff_hours"] = difference / 60
            row[f"{name}_match"] = abs(difference) <= DATE_TOLERANCE_MINUTES
        for name in FLOAT_FIELDS:
            ours_hours = float(mine[f"{name}_minutes"]) / 60
            p6_hours = float(theirs[f"{name}_hours"])
            row[f"{name}_ours"], row[f"{name}_p6"] = ours_hours, p6_hours
            if np.isnan(p6_hours):
                row[f"{name}_diff_hours"] = np.nan
                row[f"{name}_match"] = None
            else:
                row[f"{name}_diff_hours"] = ours_hours - p6_hours
                row[f"{name}_match"] = abs(ours_hours - p6_hours) <= FLOAT_TOLERANCE_HOURS
        row["critical_ours"], row["critical_p6"] = bool(mine["critical"]), bool(theirs["critical"])
        row["critical_match"] = None if np.isnan(float(theirs["total_float_hours"])) else (
            row["critical_ours"] == row["critical_p6"])
        rows.append(row)
    activities = pd.DataFrame(rows)
    for name in FIELDS:
        activities[f"{name}_match"] = activities[f"{name}_match"].astype("boolean")
    xer = parse_xer(path)
    line, project_row = next((line, row) for line, row in xer.table("PROJECT").records()
                             if row.get("proj_short_name") == code)
    p6_finish = parse_xer_date(project_row.get("scd_end_date", ""), xer, "PROJECT", line, "scd_end_date")
    return XerComparison(path.name, activities, result.project_finish[code], p6_finish)


def rate_table(comparisons: list[XerComparison]) -> pd.DataFrame:
    """Match rate (%) per file and field, with the number of compared activities."""
    records = []
    for comparison in comparisons:
        rates = comparison.rates
        record = {"file": comparison.file, "activities": len(comparison.activities)}
        record.update({name: round(100 * rates[name], 1) for name in FIELDS + ["overall"]})
        records.append(record)
    return pd.DataFrame(records)


def _markdown(frame: pd.DataFrame) -> str:
    header = "| " + " | ".join(frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    lines = [header, rule]
    for values in frame.itertuples(index=False):
        lines.append("| " + " | ".join(str(v) for v in values) + " |")
    return "\n".join(lines)


def mismatch_summary(comparison: XerComparison, limit: int = 15) -> pd.DataFrame:
    """The activities with the most mismatching fields, worst first."""
    frame = comparison.activities
    flags = frame[[f"{name}_match" for name in FIELDS]].fillna(True).astype(bool)
    frame = frame.assign(mismatches=(~flags).sum(axis=1))
    frame = frame[frame["mismatches"] > 0].sort_values(["mismatches", "code"], ascending=[False, True])
    columns = ["code", "status", "task_type", "constraint", "mismatches",
               "early_finish_diff_hours", "late_finish_diff_hours", "total_float_diff_hours",
               "free_float_diff_hours"]
    return frame[columns].head(limit).round(2)


def write_report(comparisons: list[XerComparison], target: Path = RESULTS) -> str:
    """The Markdown report of ``comparisons``, also written to ``target``."""
    table = rate_table(comparisons)
    parts = [
        "# Our scheduler against Primavera P6",
        "",
        "Produced by `python benchmarks/xer_match_report.py`.  Match rate in % of comparable activities "
        "per field (dates in working time of the activity's calendar, ±1 min; floats ±0.1 h; "
        "critical = total float ≤ the project's threshold).  Completed, level-of-effort and WBS-summary "
        "activities are not compared; for started activities only finishes, floats and critical are.",
        "",
        _markdown(table),
        "",
        "| file | our project finish | P6 scheduled finish (PROJECT.scd_end_date) |",
        "|---|---|---|",
    ]
    for comparison in comparisons:
        p6_finish = (f"{comparison.p6_project_finish:%Y-%m-%d %H:%M}" if comparison.p6_project_finish
                     else "not stored")
        parts.append(f"| {comparison.file} | {comparison.project_finish:%Y-%m-%d %H:%M} | {p6_finish} |")
    for comparison in comparisons:
        worst = mismatch_summary(comparison)
        if len(worst):
            parts += ["", f"## {comparison.file}: activities that differ most (differences in hours, ours − P6)",
                      "", _markdown(worst)]
    parts += ["", "The classes of difference are explained in `docs/scheduling.md`, section "
              "\"Primavera P6: match rate and differences\".", ""]
    text = "\n".join(parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return text


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else SCHEDULES
    files = [folder / name for name in XER_FILES if (folder / name).is_file()]
    if not files:
        print(f"no XER test file in {folder}")
        return 1
    comparisons = [compare_with_p6(path) for path in files]
    pd.set_option("display.width", 200)
    print(rate_table(comparisons).to_string(index=False))
    write_report(comparisons)
    print(f"written to {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
