"""What a meeting's minutes change in the registers: the list of changes, computed before anything is written.

:func:`plan_minutes_changes` compares each filled row of the minutes with the
registers and returns a :class:`MinutesPlan`:

* a row with a reference updates that item: status and due date (each change
  is a :class:`FieldChange`; one :class:`~pmo_xl.model.governance.StatusChange`
  per item goes to the history).  An action closed gets the meeting date as
  closing date; a decision taken gets it as decision date;
* a row without a reference creates an item with the next free reference
  (``D-001``, ``A-001``…), raised or decided at the meeting, unless the
  register already holds an item of this meeting with the same text (the
  minutes were imported before): re-importing the same file changes nothing;
* the meeting itself is recorded once, with its attendees and quorum.

Rows that cannot be used — unknown reference, owner or project — are
:class:`RowIssue` codes with the row's location; the plan leaves them out.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date

from pmo_xl.errors import Location
from pmo_xl.model import Action, Decision, DecisionStatus, ItemStatus
from pmo_xl.model.governance import GovernanceRegisters, MeetingRecord, RegisterKind, StatusChange

NEW_REFERENCE_PREFIX = {RegisterKind.ACTION: "A-", RegisterKind.DECISION: "D-"}
CLOSED_ACTION = (ItemStatus.CLOSED, ItemStatus.CANCELLED)
TAKEN_DECISION = (DecisionStatus.APPROVED, DecisionStatus.REJECTED, DecisionStatus.IMPLEMENTED)


@dataclass(frozen=True)
class FieldChange:
    """One field of one item: its value before and after."""

    field: str  # "status", "due_date", "closed_on", "decided_on"
    old: object
    new: object


@dataclass(frozen=True)
class ItemChange:
    """A created or updated register item, with the minutes row it comes from."""

    kind: RegisterKind
    ref: str
    created: bool
    title: str
    fields: tuple[FieldChange, ...]
    location: Location


@dataclass(frozen=True)
class RowIssue:
    """A row left out of the plan: what is wrong (a code) and where."""

    code: str  # unknown_reference, unknown_owner, unknown_project, project_item
    found: str | None
    location: Location


@dataclass
class MinutesPlan:
    """The changes of one import, the registers after them, the rows left out."""

    changes: list[ItemChange] = field(default_factory=list)
    issues: list[RowIssue] = field(default_factory=list)
    registers: GovernanceRegisters = field(default_factory=GovernanceRegisters)
    meeting_recorded: bool = False

    @property
    def created(self) -> list[ItemChange]:
        return [c for c in self.changes if c.created]

    @property
    def updated(self) -> list[ItemChange]:
        return [c for c in self.changes if not c.created]

    @property
    def has_changes(self) -> bool:
        return bool(self.changes) or self.meeting_recorded


@dataclass(frozen=True)
class MeetingFacts:
    """The meeting the minutes are of: id, committee, date, attendees, who was present, quorum."""

    meeting_id: str
    committee_key: str
    committee: object  # Committee
    day: date
    attendees: tuple[str, ...]
    present: tuple[str, ...]
    quorum: int | None
    source_file: str | None


def fold(text: str | None) -> str:
    """Text reduced for comparing names and titles: no case, accents or repeated spaces."""
    text = unicodedata.normalize("NFKD", str(text or "").strip().lower())
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


def next_reference(existing: list[str], kind: RegisterKind) -> str:
    """The next free reference of ``kind`` after every ``D-nnn`` / ``A-nnn`` already used."""
    prefix = NEW_REFERENCE_PREFIX[kind]
    pattern = re.compile(re.escape(prefix) + r"(\d+)$")
    numbers = [int(m.group(1)) for ref in existing if (m := pattern.match(ref or ""))]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


class _Planner:
    """Applies the rows one by one to a copy of the registers and records what changed."""

    def __init__(self, registers: GovernanceRegisters, meeting: MeetingFacts, known_owners: set[str],
                 known_projects: set[str], project_items: dict[tuple[str, str, str], tuple]):
        self.project_items = project_items
        self.registers = copy.deepcopy(registers)
        self.meeting = meeting
        self.owners = {fold(o) for o in known_owners if o}
        self.projects = {fold(p) for p in known_projects if p}
        self.plan = MinutesPlan(registers=self.registers)

    def _items(self, kind: RegisterKind) -> list:
        return self.registers.actions if kind is RegisterKind.ACTION else self.registers.decisions

    def _check(self, row) -> bool:
        checks = (("unknown_owner", row.owner, self.owners), ("unknown_project", row.project, self.projects))
        for code, value, known in checks:
            if value and fold(value) not in known:
                self.plan.issues.append(RowIssue(code, value, row.location))
                return False
        return True

    def add_row(self, row) -> None:
        items = self._items(row.kind)
        if row.ref:
            index = next((i for i, item in enumerate(items) if fold(item.id) == fold(row.ref)), None)
            if index is None:
                self._project_item(row)
            elif self._check(row):
                self._update(row, items, index)
            return
        if not self._check(row):
            return
        same = next((i for i, item in enumerate(items)
                     if item.origin == self.meeting.meeting_id and fold(item.title) == fold(row.title)), None)
        if same is not None:
            self._update(row, items, same)
        else:
            self._create(row, items)

    def _project_item(self, row) -> None:
        """A row naming an item of a project workbook: reported when the minutes change it, never imported."""
        key = (row.kind.value, fold(row.project), fold(row.ref))
        if key not in self.project_items:
            self.plan.issues.append(RowIssue("unknown_reference", row.ref, row.location))
            return
        status, due = self.project_items[key]
        if (row.status is not None and row.status is not status) or (row.due_date is not None and row.due_date != due):
            self.plan.issues.append(RowIssue("project_item", row.ref, row.location))

    def _status_fields(self, kind: RegisterKind, item, status) -> dict:
        day = self.meeting.day
        if kind is RegisterKind.ACTION:
            closing = status in CLOSED_ACTION and item.closed_on is None
            return {"status": status, **({"closed_on": day} if closing else {})}
        taking = status in TAKEN_DECISION and item.decided_on is None
        return {"status": status, **({"decided_on": day} if taking else {})}

    def _update(self, row, items: list, index: int) -> None:
        item = items[index]
        wanted: dict = {}
        if row.status is not None and row.status is not item.status:
            wanted.update(self._status_fields(row.kind, item, row.status))
        if row.due_date is not None and row.due_date != item.due_date:
            wanted["due_date"] = row.due_date
        if row.owner and fold(row.owner) != fold(item.owner):
            wanted["owner"] = row.owner
        if not wanted:
            return
        changes = tuple(FieldChange(name, getattr(item, name), value) for name, value in wanted.items())
        items[index] = replace(item, **wanted)
        self.plan.changes.append(ItemChange(row.kind, item.id, False, item.title, changes, row.location))
        if "status" in wanted or "due_date" in wanted:
            self._history(row.kind, item, items[index])

    def _create(self, row, items: list) -> None:
        kind, meeting = row.kind, self.meeting
        ref = next_reference([i.id for i in items], kind)
        if kind is RegisterKind.ACTION:
            status = row.status or ItemStatus.OPEN
            item = Action(ref, row.title or "", owner=row.owner, due_date=row.due_date, status=status,
                          committee=meeting.committee, raised_on=meeting.day,
                          closed_on=meeting.day if status in CLOSED_ACTION else None, project=row.project,
                          origin=meeting.meeting_id)
        else:
            status = row.status or DecisionStatus.APPROVED
            item = Decision(ref, row.title or "", committee=meeting.committee,
                            decided_on=meeting.day if status in TAKEN_DECISION else None, status=status,
                            owner=row.owner, due_date=row.due_date, project=row.project, origin=meeting.meeting_id)
        items.append(item)
        fields = tuple(FieldChange(name, None, getattr(item, name)) for name in ("status", "owner", "due_date"))
        self.plan.changes.append(ItemChange(kind, ref, True, item.title, fields, row.location))
        self.registers.history.append(StatusChange(ref, kind, meeting.day, None, _code(item.status), None,
                                                   item.due_date, meeting.meeting_id))

    def _history(self, kind: RegisterKind, before, after) -> None:
        self.registers.history.append(StatusChange(
            before.id, kind, self.meeting.day, _code(before.status), _code(after.status),
            before.due_date if before.due_date != after.due_date else None,
            after.due_date if before.due_date != after.due_date else None, self.meeting.meeting_id))

    def record_meeting(self) -> None:
        meeting = self.meeting
        present = set(fold(p) for p in meeting.present)
        reached = None if meeting.quorum is None else len(present) >= meeting.quorum
        record = MeetingRecord(meeting.meeting_id, meeting.committee_key, meeting.day, meeting.attendees,
                               meeting.present, reached, meeting.source_file)
        meetings = self.registers.meetings
        index = next((i for i, m in enumerate(meetings) if m.meeting_id == meeting.meeting_id), None)
        if index is None:
            meetings.append(record)
            self.plan.meeting_recorded = True
        elif meetings[index] != record:
            meetings[index] = record
            self.plan.meeting_recorded = True


def _code(status) -> str | None:
    return None if status is None else status.value


def plan_minutes_changes(rows, registers: GovernanceRegisters, meeting: MeetingFacts, known_owners: set[str],
                         known_projects: set[str], project_items: dict[tuple[str, str, str], tuple] | None = None
                         ) -> MinutesPlan:
    """The changes the minutes ``rows`` make to ``registers`` (which are not modified).

    ``project_items`` maps the (register kind, folded project code, folded reference) of the items kept
    in the project workbooks to their (status, due date): a row naming one is never imported (the project
    manager updates the workbook); when it changes the status or due date it is reported with the code
    ``project_item``.
    """
    planner = _Planner(registers, meeting, known_owners, known_projects, project_items or {})
    for row in rows:
        planner.add_row(row)
    planner.record_meeting()
    return planner.plan
