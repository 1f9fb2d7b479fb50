"""Our scheduler against MPXJ's schedulers, both measured against the results MS Project or P6 stored.

For every MS Project file of the reference schedules (MSPDI and mpp) the benchmark schedules the plan twice:
with ours (:func:`pmo_xl.engine.cpm.schedule`, the profile :func:`pmo_xl.io.read_plan` gives) and with MPXJ's
``org.mpxj.cpm.MicrosoftScheduler`` (the file read by MPXJ, scheduled from the project start, written back
as MSPDI with the computed values and read with the same reader).  Each is compared with the values MS
Project stored in the file, on every comparable leaf task (not a summary, blank, inactive, manually
scheduled or recurring task): early/late start/finish equal to the minute in working time of the task's
calendar, total and free float to the minute, the critical flag.  The match rate of each field is the share
of those tasks where it is equal.  Primavera P6 files (XER) are scheduled by ours with the P6 profile and by
MPXJ's ``PrimaveraScheduler`` from the data date, and compared with P6's stored values as
``benchmarks/xer_match_report.py`` does.

The generated plans with links on summary tasks (``benchmarks/summary_link_plans.py``) have no MS Project
values: there MPXJ's scheduler is the oracle, and the table gives our match with it.

Usage::

    python benchmarks/peer_mpxj.py [--schedules ../shared/schedules] [--no-write]

Results are written to ``benchmarks/results/peer_mpxj.md``.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for folder in (ROOT, HERE):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from pmo_xl.engine.calendar import to_absolute_minutes  # noqa: E402
from pmo_xl.engine.cpm import schedule  # noqa: E402
from pmo_xl.io import read_plan  # noqa: E402
from pmo_xl.io.mspdi import read_mspdi_with_results  # noqa: E402

RESULTS = HERE / "results" / "peer_mpxj.md"
FIELDS = ("early_start", "early_finish", "late_start", "late_finish", "total_float", "free_float", "critical")
DATES = FIELDS[:4]
GENERATED = ROOT / "tests" / "data" / "schedules" / "generated"
KNOWN_DIFFERENCES = {
    "mspdi_mpxj_durations_10t.xml": "MS Project keeps the late dates of Tasks 1-4 (m, h, d, w) two working days "
    "before the project finish with nothing in the file to explain it; we put every unlinked task on the project "
    "finish (tests/test_mspdi_vs_msproject.py).",
    "xer_p6_hs2_sp10_3994a.xer": "our remaining differences with P6 are analysed in "
    "benchmarks/results/xer_match.md and docs/scheduling.md; MPXJ's PrimaveraScheduler reproduces P6 on "
    "almost all of them, so it is the reference to study for closing them.",
    "summary_links_seed1.xml": "Task 13 is a milestone without total float: MPXJ gives it 1 day of free float, "
    "above its total float, which MS Project never shows; ours is 0 (tests/test_cpm_summary_links.py).",
    "summary_links_seed3.xml": "MPXJ starts the leaves of Lot 2 (SS-1 d after a task on the project start) on "
    "the day before the project start; we keep every task at or after the project start; the other "
    "differences are their successors (tests/test_cpm_summary_links.py).",
}


@dataclass
class Match:
    """Per field, the tasks compared and those equal; the ids of the tasks with a difference."""

    compared: int = 0
    equal: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    differing: dict[str, list[str]] = field(default_factory=lambda: {name: [] for name in FIELDS})
    compared_per_field: dict[str, int] | None = None  # when a field is not compared on every task

    def rate(self, name: str) -> float:
        compared = self.compared_per_field[name] if self.compared_per_field else self.compared
        return 100.0 * self.equal[name] / compared if compared else float("nan")


def field_differences(data, reference, result, candidate=None) -> dict[str, set[str]]:
    """Per field, the ids of the comparable leaf tasks where ``result`` differs from ``reference`` (MS
    Project's stored values); and the ids compared under the key ``"compared"``.

    With ``candidate`` (values stored in the columns of :func:`read_mspdi_with_results`, such as MPXJ's), the
    candidate is compared instead of ``result``'s values; ``result`` still gives each task's calendar.
    """
    ours = result.tasks.set_index("id")
    other = candidate.set_index("uid") if candidate is not None else None
    out: dict[str, set[str]] = {name: set() for name in FIELDS}
    out["compared"] = set()
    for ref in reference.itertuples():
        if ref.uid == "0" or ref.summary or ref.is_null or not ref.active or ref.manual or ref.recurring:
            continue
        if ref.uid not in ours.index or (other is not None and ref.uid not in other.index):
            continue
        row = ours.loc[ref.uid]
        calendar = result.calendar(data.project.code, row.calendar)

        def axis(value):
            value = value.to_pydatetime() if hasattr(value, "to_pydatetime") else value
            return to_absolute_minutes(value) if ref.elapsed else calendar.working_minutes_at(value)

        if other is None:
            values = {name: row[name] for name in DATES}
            values.update(total=row.total_float_minutes, free=row.free_float_minutes, critical=bool(row.critical))
        else:
            theirs = other.loc[ref.uid]
            values = {name: theirs[name] for name in DATES}
            values.update(total=round(theirs.total_slack_minutes), free=round(theirs.free_slack_minutes),
                          critical=bool(theirs.critical))
        out["compared"].add(ref.uid)
        for name in DATES:
            if axis(values[name]) != axis(getattr(ref, name)):
                out[name].add(ref.uid)
        if values["total"] != round(ref.total_slack_minutes):
            out["total_float"].add(ref.uid)
        if values["free"] != round(ref.free_slack_minutes):
            out["free_float"].add(ref.uid)
        if values["critical"] != bool(ref.critical):
            out["critical"].add(ref.uid)
    return out


def match_of(data, reference, result, candidate=None) -> Match:
    """The match of ``result`` (or of ``candidate``, see :func:`field_differences`) with ``reference``."""
    diffs = field_differences(data, reference, result, candidate)
    match = Match(compared=len(diffs["compared"]))
    for name in FIELDS:
        match.equal[name] = match.compared - len(diffs[name])
        match.differing[name] = sorted(diffs[name], key=lambda uid: (len(uid), uid))
    return match


def clear_stored_results(project) -> None:
    """Remove the dates, slacks and critical flags the file stored from an MPXJ project, so that whatever
    the scheduler leaves is its own."""
    from org.mpxj import TaskField

    fields = [TaskField.EARLY_START, TaskField.EARLY_FINISH, TaskField.LATE_START, TaskField.LATE_FINISH,
              TaskField.TOTAL_SLACK, TaskField.FREE_SLACK, TaskField.CRITICAL]
    for task in project.getTasks():
        for name in fields:
            task.set(name, None)


def mpxj_schedule(path: Path):
    """The plan of ``path`` scheduled by MPXJ's MicrosoftScheduler: (data, the computed values) as
    :func:`read_mspdi_with_results` reads them from the MSPDI file MPXJ writes."""
    from summary_link_plans import start_jvm

    start_jvm()
    from org.mpxj.cpm import MicrosoftScheduler
    from org.mpxj.reader import UniversalProjectReader
    from org.mpxj.writer import FileFormat, UniversalProjectWriter

    project = UniversalProjectReader().read(str(path))
    clear_stored_results(project)
    MicrosoftScheduler().schedule(project, project.getProjectProperties().getStartDate())
    with tempfile.TemporaryDirectory(prefix="peer-mpxj-") as folder:
        written = Path(folder) / (path.stem + ".xml")
        UniversalProjectWriter(FileFormat.MSPDI).write(project, str(written))
        return read_mspdi_with_results(written)


@dataclass
class FileMatch:
    """One file: its tasks compared, our match and MPXJ's with the reference values."""

    name: str
    reference: str
    ours: Match
    mpxj: Match | None
    note: str = ""


def compare_ms_project_file(path: Path) -> FileMatch:
    """Ours and MPXJ's MicrosoftScheduler against MS Project's stored values of the MSPDI or mpp file."""
    plan = read_plan(path)
    result = schedule(plan.data, options=plan.options)
    ours = match_of(plan.data, plan.stored_results, result)
    try:
        _, mpxj_values = mpxj_schedule(path)
    except Exception as exc:  # MPXJ's scheduler refuses some plans (Java exceptions)
        return FileMatch(path.name, "MS Project", ours, None, f"MPXJ: {str(exc).splitlines()[0][:120]}")
    return FileMatch(path.name, "MS Project", ours, match_of(plan.data, plan.stored_results, result, mpxj_values))


def compare_generated_plan(path: Path) -> FileMatch:
    """Ours against MPXJ's MicrosoftScheduler, whose values the generated plan stores."""
    data, mpxj_values = read_mspdi_with_results(path)
    return FileMatch(path.name, "MPXJ", match_of(data, mpxj_values, schedule(data)), None)


def mpxj_primavera_values(path: Path) -> pd.DataFrame:
    """The plan of the XER file ``path`` scheduled by MPXJ's PrimaveraScheduler from its data date, one row
    per activity (index: activity id) with the columns of our result frame that the P6 comparison reads."""
    from summary_link_plans import start_jvm

    start_jvm()
    from org.mpxj import TimeUnit
    from org.mpxj.cpm import PrimaveraScheduler
    from org.mpxj.reader import UniversalProjectReader

    project = UniversalProjectReader().read(str(path))
    properties = project.getProjectProperties()
    clear_stored_results(project)
    PrimaveraScheduler().schedule(project, properties.getStatusDate() or properties.getStartDate())

    def minutes(duration):
        return float("nan") if duration is None else float(
            duration.convertUnits(TimeUnit.HOURS, properties).getDuration()) * 60

    def when(value):
        return pd.Timestamp(str(value)) if value is not None else pd.NaT

    rows = {str(t.getUniqueID()): {
        "early_start": when(t.getEarlyStart()), "early_finish": when(t.getEarlyFinish()),
        "late_start": when(t.getLateStart()), "late_finish": when(t.getLateFinish()),
        "total_float_minutes": minutes(t.getTotalSlack()), "free_float_minutes": minutes(t.getFreeSlack()),
        "critical": bool(t.getCritical())} for t in project.getTasks() if t.getUniqueID() is not None}
    return pd.DataFrame.from_dict(rows, orient="index")


def compare_p6_file(path: Path) -> FileMatch:
    """Ours and MPXJ's PrimaveraScheduler against the values P6 stored in the XER file (the comparison and
    tolerances of ``benchmarks/xer_match_report.py``: dates within a working minute, floats within 0.1 h)."""
    from xer_match_report import FIELDS as P6_FIELDS
    from xer_match_report import compare_with_p6

    def as_match(comparison) -> Match:
        frame = comparison.activities
        match = Match(compared=len(frame), compared_per_field={})
        for ours_name, p6_name in zip(FIELDS, P6_FIELDS):
            flags = frame[f"{p6_name}_match"]
            compared = flags.notna()
            match.compared_per_field[ours_name] = int(compared.sum())
            match.equal[ours_name] = int(flags[compared].astype(bool).sum())
            match.differing[ours_name] = frame.loc[compared & ~flags.fillna(True).astype(bool), "id"].tolist()
        return match

    ours = as_match(compare_with_p6(path))
    try:
        theirs = as_match(compare_with_p6(path, mpxj_primavera_values(path)))
    except Exception as exc:  # MPXJ's scheduler refuses some plans (Java exceptions)
        return FileMatch(path.name, "Primavera P6", ours, None, f"MPXJ: {str(exc).splitlines()[0][:120]}")
    return FileMatch(path.name, "Primavera P6", ours, theirs)


def _row(match: FileMatch) -> str:
    def rates(m: Match | None) -> list[str]:
        return [f"{m.rate(name):.1f}" for name in FIELDS] if m is not None else ["–"] * len(FIELDS)

    cells = [match.name, match.reference, str(match.ours.compared)]
    for name, ours_rate, mpxj_rate in zip(FIELDS, rates(match.ours), rates(match.mpxj)):
        cells.append(f"{ours_rate} / {mpxj_rate}")
    return "| " + " | ".join(cells) + " |"


def _differing(match: FileMatch) -> list[str]:
    lines = []
    for label, m in (("ours", match.ours), ("MPXJ", match.mpxj)):
        if m is None:
            continue
        parts = [f"{name} {', '.join(m.differing[name][:12])}" for name in FIELDS if m.differing[name]]
        if parts:
            lines.append(f"- `{match.name}`, {label}: tasks (UID) differing: " + "; ".join(parts))
    if match.note:
        lines.append(f"- `{match.name}`: {match.note}")
    if lines and match.name in KNOWN_DIFFERENCES:
        lines.append(f"  Why: {KNOWN_DIFFERENCES[match.name]}")
    return lines


def write_report(real: list[FileMatch], generated: list[FileMatch]) -> str:
    header = ("| file | reference | leaf tasks compared | " + " | ".join(f"{name} % (ours / MPXJ)" for name in FIELDS)
              + " |\n|" + "---|" * (3 + len(FIELDS)))
    lines = [
        "# Our scheduler and MPXJ's MicrosoftScheduler against MS Project",
        "",
        f"Produced by `python benchmarks/peer_mpxj.py` on {platform.machine()} / Python "
        f"{platform.python_version()}, {datetime.now():%Y-%m-%d %H:%M}.  Match rates (%) on the comparable leaf "
        "tasks: early/late start/finish to the minute in working time of the task's calendar, total and free "
        "float to the minute, critical flag (see the module docstring).",
        "",
        "## Reference files: both schedulers against the values the tool stored",
        "",
        "MS Project files (MSPDI, mpp): ours and MPXJ's `MicrosoftScheduler` against MS Project.  Primavera "
        "P6 files (XER): ours (P6 profile) and MPXJ's `PrimaveraScheduler` from the data date against P6, with "
        "the comparison of `benchmarks/xer_match_report.py` (dates within a working minute, floats within "
        "0.1 h, started and complete activities as there); the rate of a field is over the activities where "
        "it is compared.",
        "",
        header,
        *[_row(m) for m in real],
        "",
        *[line for m in real for line in _differing(m)],
        "",
        "## Generated plans with links on summary tasks: ours against MPXJ's MicrosoftScheduler",
        "",
        "`tests/data/schedules/generated/` (built by `benchmarks/summary_link_plans.py`; several outline "
        "levels, summary predecessors and successors of every type).  MPXJ is the reference here, so its own "
        "column is empty.",
        "",
        header,
        *[_row(m) for m in generated],
        "",
        *[line for m in generated for line in _differing(m)],
        "",
    ]
    return "\n".join(lines)


def default_folder() -> Path:
    shared = ROOT.parent / "shared" / "schedules"
    return shared if shared.is_dir() else ROOT / "tests" / "data" / "schedules"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schedules", type=Path, default=None, help="folder of reference schedules")
    parser.add_argument("--no-write", action="store_true", help="do not write benchmarks/results/peer_mpxj.md")
    args = parser.parse_args(argv)
    folder = args.schedules or default_folder()
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".xml", ".mpp", ".xer"))
    real = [compare_ms_project_file(p) for p in files if p.suffix.lower() in (".xml", ".mpp")]
    generated = [compare_generated_plan(p) for p in sorted(GENERATED.glob("*.xml"))]
    real += [compare_p6_file(p) for p in files if p.suffix.lower() == ".xer"]
    text = write_report(real, generated)
    print(text)
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(text, encoding="utf-8")
        print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
