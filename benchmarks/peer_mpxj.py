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


@dataclass
class Match:
    """Per field, the tasks compared and those equal; the ids of the tasks with a difference."""

    compared: int = 0
    equal: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    differing: dict[str, list[str]] = field(default_factory=lambda: {name: [] for name in FIELDS})

    def rate(self, name: str) -> float:
        return 100.0 * self.equal[name] / self.compared if self.compared else float("nan")


def field_differences(data, reference, result) -> dict[str, set[str]]:
    """Per field, the ids of the comparable leaf tasks where ``result`` differs from ``reference``; and
    the ids compared under the key ``"compared"``."""
    ours = result.tasks.set_index("id")
    out: dict[str, set[str]] = {name: set() for name in FIELDS}
    out["compared"] = set()
    for ref in reference.itertuples():
        if ref.uid == "0" or ref.summary or ref.is_null or not ref.active or ref.manual or ref.recurring:
            continue
        if ref.uid not in ours.index:
            continue
        row = ours.loc[ref.uid]
        calendar = result.calendar(data.project.code, row.calendar)

        def axis(value):
            return to_absolute_minutes(value) if ref.elapsed else calendar.working_minutes_at(value)

        out["compared"].add(ref.uid)
        for name in DATES:
            if axis(row[name].to_pydatetime()) != axis(getattr(ref, name).to_pydatetime()):
                out[name].add(ref.uid)
        if row.total_float_minutes != round(ref.total_slack_minutes):
            out["total_float"].add(ref.uid)
        if row.free_float_minutes != round(ref.free_slack_minutes):
            out["free_float"].add(ref.uid)
        if bool(row.critical) != bool(ref.critical):
            out["critical"].add(ref.uid)
    return out


def match_of(data, reference, result) -> Match:
    diffs = field_differences(data, reference, result)
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
