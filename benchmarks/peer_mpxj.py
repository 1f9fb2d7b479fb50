"""Our scheduler against MPXJ's ``MicrosoftScheduler``, both measured against the results MS Project stored.

For every MS Project file of the reference schedules (MSPDI and mpp) the benchmark schedules the plan twice:
with ours (:func:`pmo_xl.engine.cpm.schedule`, the profile :func:`pmo_xl.io.read_plan` gives) and with MPXJ's
``org.mpxj.cpm.MicrosoftScheduler`` (the file read by MPXJ, scheduled from the project start, written back
as MSPDI with the computed values and read with the same reader).  Each is compared with the values MS
Project stored in the file, on every comparable leaf task (not a summary, blank, inactive, manually
scheduled or recurring task): early/late start/finish equal to the minute in working time of the task's
calendar, total and free float to the minute, the critical flag.  The match rate of each field is the share
of those tasks where it is equal.

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

    def rate(self, name: str) -> float:
        return 100.0 * self.equal[name] / self.compared if self.compared else float("nan")


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


def mpxj_schedule(path: Path):
    """The plan of ``path`` scheduled by MPXJ's MicrosoftScheduler: (data, the computed values) as
    :func:`read_mspdi_with_results` reads them from the MSPDI file MPXJ writes."""
    from summary_link_plans import start_jvm

    start_jvm()
    from org.mpxj.cpm import MicrosoftScheduler
    from org.mpxj.reader import UniversalProjectReader
    from org.mpxj.writer import FileFormat, UniversalProjectWriter

    project = UniversalProjectReader().read(str(path))
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


def write_report(real: list[FileMatch], generated: list[FileMatch], skipped: list[str]) -> str:
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
        "## MS Project files: both schedulers against the values MS Project stored",
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
    if skipped:
        lines += ["Not compared here (Primavera P6 files: MS Project's scheduler does not apply; our match with "
                  "P6 is in `benchmarks/results/xer_match.md`): " + ", ".join(f"`{name}`" for name in skipped), ""]
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
    text = write_report(real, generated, [p.name for p in files if p.suffix.lower() == ".xer"])
    print(text)
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(text, encoding="utf-8")
        print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
