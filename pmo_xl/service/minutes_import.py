"""Importing a meeting's minutes into the master's decision and action registers.

:func:`import_minutes` is what ``pmo-xl minutes import`` and the ribbon button
"Importer le compte rendu" call:

1. read the master's registers, committees and portfolio (owners, projects);
2. read the minutes (:func:`pmo_xl.io.minutes.read_minutes`): a document not
   from the template stops here, located, and nothing is imported;
3. plan the changes (:func:`pmo_xl.engine.governance.minutes_changes.plan_minutes_changes`);
4. unless ``dry_run``, or some rows are wrong and ``accept_partial`` is not
   given, keep a backup of the master and write the governance sheets.

The result lists every change before (or without) it being applied.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from pmo_xl.engine.governance.committees import find_committee
from pmo_xl.engine.governance.minutes_changes import MeetingFacts, MinutesPlan, fold, plan_minutes_changes
from pmo_xl.errors import Location, OutputError, Problem, ProblemList, Severity
from pmo_xl.io.governance_sheets import render_governance_sheets
from pmo_xl.io.minutes import MinutesDocument, read_minutes
from pmo_xl.io.snapshot_tables import read_snapshot_tables
from pmo_xl.model import DecisionStatus, ItemStatus, parse_enum
from pmo_xl.model.governance import GovernanceRegisters
from pmo_xl.engine.portfolio.common import PORTFOLIO_CODE
from pmo_xl.io.master.config import MasterInputs, read_master_inputs

ISSUE_MESSAGES = {"unknown_reference": ("unknown reference", "a reference of the register"),
                  "unknown_owner": ("unknown owner", "a committee member, a project manager, a sponsor or an "
                                                     "owner of the portfolio's items"),
                  "unknown_project": ("unknown project", "a project code of the portfolio"),
                  "project_item": ("item of a project workbook: not imported, to update in the project workbook",
                                   None)}
WARNING_CODES = {"project_item"}

SNAPSHOT_TABLES = ("overview", "actions", "decisions", "risks", "issues")  # owners, projects, project items
RegistersWriter = Callable[[GovernanceRegisters], "Path | None"]


@dataclass
class MinutesImportResult:
    """What an import found and did: the meeting, the planned changes, the problems, the backup."""

    meeting_id: str
    plan: MinutesPlan
    problems: ProblemList = field(default_factory=ProblemList)
    applied: bool = False
    dry_run: bool = False
    backup_path: Path | None = None

    @property
    def blocked(self) -> bool:
        """Rows were wrong and the PMO did not confirm the partial import."""
        return not self.dry_run and not self.applied and self.problems.has_errors


def _project_items(snapshot) -> dict[tuple[str, str, str], tuple]:
    """(kind, project, reference) -> (status, due date) of every item of the project workbooks."""
    items = {}
    for frame, id_column, kind, statuses in ((snapshot.actions, "action_id", "action", ItemStatus),
                                             (snapshot.decisions, "decision_id", "decision", DecisionStatus)):
        for record in frame[frame["source"] != "gouvernance"].to_dict("records"):
            due = record["due_date"]
            items[(kind, fold(record["project_code"]), fold(record[id_column]))] = (
                parse_enum(statuses, record["status"]), None if pd.isna(due) else due.date())
    return items


def _known_people_and_projects(snapshot, inputs: MasterInputs) -> tuple[set[str], set[str]]:
    registers = inputs.registers
    owners = {m.name for d in inputs.config.committee_definitions for m in d.members}
    owners |= {d.chair for d in inputs.config.committee_definitions if d.chair}
    owners |= {i.owner for i in [*registers.actions, *registers.decisions] if i.owner}
    projects = {PORTFOLIO_CODE} | {i.project for i in [*registers.actions, *registers.decisions] if i.project}
    projects |= {g.project for g in registers.gates} | {c.project for c in registers.change_requests}
    overview = snapshot.overview
    for column in ("project_manager", "sponsor"):
        owners |= {str(v) for v in overview[column].dropna()}
    for frame in (snapshot.actions, snapshot.decisions, snapshot.risks, snapshot.issues):
        owners |= {str(v) for v in frame["owner"].dropna()}
    projects |= {str(v) for v in overview["project_code"].dropna()}
    return owners, projects


def _meeting_facts(document: MinutesDocument, inputs: MasterInputs) -> MeetingFacts:
    key = document.committee_key
    scope = key.split("/", 1)[1] if "/" in key else None
    definition = find_committee(inputs.config.committee_definitions, document.committee, scope)
    return MeetingFacts(document.meeting_id, key, document.committee, document.meeting_date,
                        tuple(a.name for a in document.attendees),
                        tuple(a.name for a in document.attendees if a.present),
                        definition.quorum if definition else None, document.path.name)


def _issue_problems(plan: MinutesPlan) -> list[Problem]:
    return [Problem(ISSUE_MESSAGES[i.code][0], i.location, found=i.found, expected=ISSUE_MESSAGES[i.code][1],
                    severity=Severity.WARNING if i.code in WARNING_CODES else Severity.ERROR, code="minutes_row")
            for i in plan.issues]


def file_writer(master: Path) -> RegistersWriter:
    """Writes the registers into the master file, after a backup in ``sauvegardes/``; returns the backup."""
    from pmo_xl.io.master.writer import atomic_write_bytes, backup_path

    def write(registers: GovernanceRegisters) -> Path:
        original = master.read_bytes()
        updated = render_governance_sheets(original, registers, str(master))
        backup = backup_path(master)
        backup.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(master, backup)
        try:
            atomic_write_bytes(master, updated)
        except OSError as exc:
            raise OutputError(f"cannot write the master workbook (is it open in Excel?): {exc}",
                              Location(file=str(master))) from exc
        return backup

    return write


def import_minutes(master_path, minutes_path, *, dry_run: bool = False, accept_partial: bool = False,
                   writer: RegistersWriter | None = None) -> MinutesImportResult:
    """Import the minutes at ``minutes_path`` into the master at ``master_path`` (see the module docstring)."""
    master = Path(master_path)
    inputs = read_master_inputs(master)
    document = read_minutes(minutes_path)
    snapshot = read_snapshot_tables(master, SNAPSHOT_TABLES)
    owners, projects = _known_people_and_projects(snapshot, inputs)
    plan = plan_minutes_changes(document.rows, inputs.registers,
                                _meeting_facts(document, inputs), owners, projects, _project_items(snapshot))
    problems = ProblemList([*document.problems, *_issue_problems(plan)])
    result = MinutesImportResult(document.meeting_id, plan, problems, dry_run=dry_run)
    if dry_run or (problems.has_errors and not accept_partial) or not plan.has_changes:
        return result
    result.backup_path = (writer or file_writer(master))(plan.registers)
    result.applied = True
    return result
