"""``pmo-xl invite``: the next meeting's invitation and the owners' reminders, written as files.

:func:`write_invitations` finds the committee in the Config calendar, takes
its next meeting on or after the status date (holidays skipped), and writes
into the output folder:

* ``<meeting>.ics`` — the invitation (organiser, members, place, agenda, pack);
* ``rappel_<owner>.eml`` — one reminder per owner of an open decision or
  action the committee follows, in the owner's language.

Nothing is sent.  :func:`hand_off_smtp` gives the written reminders to an
SMTP server; the command line only calls it with ``--smtp HOST[:PORT]`` (off
by default).
"""

from __future__ import annotations

import re
import smtplib
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pandas as pd

from pmo_xl.engine.calendar import moroccan_calendar
from pmo_xl.engine.governance.committees import ScheduledMeeting, find_committee, next_meeting
from pmo_xl.errors import ConfigError, Location, Problem, ProblemList, Severity
from pmo_xl.io.atomic import atomic_path
from pmo_xl.model import Committee, parse_enum
from pmo_xl.model.governance import CommitteeDefinition, Member
from pmo_xl.model.schemas import fold_label
from pmo_xl.io.master.config import read_master_inputs
from pmo_xl.io.master.template import COMMITTEES, CONFIG_SHEET
from pmo_xl.reports.invitations import ReminderItem, invitation_calendar, reminder_message

AGENDA_TEMPLATE = {Committee.COPIL: "copil_monthly", Committee.COPROJ: "coproj", Committee.TECH: "tech"}


@dataclass
class InvitationResult:
    """The meeting invited to and the files written."""

    meeting: ScheduledMeeting
    invitation: Path
    reminders: dict[str, Path] = field(default_factory=dict)  # owner -> .eml
    problems: ProblemList = field(default_factory=ProblemList)


def slug(text: str) -> str:
    """A file-name-safe form of a name: ``Jane Smith`` → ``jane-smith``."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "sans-nom"


def _members_by_name(definitions: list[CommitteeDefinition]) -> dict[str, Member]:
    found: dict[str, Member] = {}
    for definition in definitions:
        for member in definition.members:
            found.setdefault(fold_label(member.name), member)
    return found


def _scope_codes(snapshot, definition: CommitteeDefinition) -> set[str] | None:
    if not definition.scope:
        return None
    overview = snapshot.overview
    wanted = fold_label(definition.scope)
    chosen = overview[(overview["project_code"].map(lambda v: fold_label(str(v))) == wanted)
                      | (overview["programme"].map(lambda v: fold_label(str(v or ""))) == wanted)]
    return set(chosen["project_code"].astype(str))


def reminder_items(snapshot, definition: CommitteeDefinition) -> dict[str, list[ReminderItem]]:
    """The open items each owner has before this committee: its own items, and for the COPIL the escalated ones."""
    codes = _scope_codes(snapshot, definition)
    by_owner: dict[str, list[ReminderItem]] = {}
    for record in snapshot.owner_followup.to_dict("records"):
        ours = parse_enum(Committee, record["committee"]) is definition.committee
        escalated = bool(record["escalated"])
        if not (ours or (definition.committee is Committee.COPIL and escalated)):
            continue
        if codes is not None and record["project_code"] not in codes:
            continue
        due = record["due_date"]
        late = record["days_overdue"]
        by_owner.setdefault(str(record["owner"]), []).append(ReminderItem(
            record["register"], str(record["item_id"]), str(record["title"]),
            None if record["project_code"] in (None, "PORTEFEUILLE") else str(record["project_code"]),
            None if pd.isna(due) else due.date(), None if pd.isna(late) else float(late), escalated))
    return by_owner


def _agenda(committee: Committee, lang: str) -> list[str]:
    from pmo_xl.reports.context import _agenda as pack_agenda

    return [item["item"] for item in pack_agenda(AGENDA_TEMPLATE[committee], lang)]


def _write(path: Path, data: bytes) -> Path:
    with atomic_path(path) as temporary:
        temporary.write_bytes(data)
    return path


def write_invitations(master_path, committee: Committee, out_dir, *, scope: str | None = None,
                      on_or_after: date | None = None, pack: Path | None = None, pack_url: str | None = None,
                      embed_pack: bool = False, lang: str = "fr", stamp: datetime | None = None) -> InvitationResult:
    """Write the next meeting's ``.ics`` and the owners' ``.eml`` reminders into ``out_dir``."""
    from pmo_xl.io.snapshot_tables import read_snapshot_tables

    master = Path(master_path)
    inputs = read_master_inputs(master)
    config = inputs.config
    definition = find_committee(config.committee_definitions, committee, scope)
    if definition is None:
        location = Location(str(master), CONFIG_SHEET, column="Périmètre" if scope else "Comité")
        scopes = sorted(d.scope for d in config.committee_definitions if d.committee is committee and d.scope)
        if scopes:
            raise ConfigError(f"committee {committee.value} has several calendars; choose one with --scope", location,
                              [Problem("several calendars for this committee: give its scope", location,
                                       found=scope or committee.value, expected="one of " + ", ".join(scopes))])
        raise ConfigError(f"committee {committee.value} not in the committee calendar ({COMMITTEES.name})", location,
                          [Problem("committee not in the calendar", location, found=committee.value,
                                   expected="a row of tblComites")])
    snapshot = read_snapshot_tables(master, ("overview", "owner_followup"))
    start = on_or_after or snapshot.status_date or config.status_date or date.today()
    meeting = next_meeting(definition, start, moroccan_calendar(config.holiday_overrides).is_working_day)
    if meeting is None:
        raise ConfigError("no meeting of this committee in the year ahead", Location(str(master), CONFIG_SHEET))
    stamp = stamp or datetime.now(timezone.utc)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    calendar = invitation_calendar(meeting, _agenda(committee, lang), stamp, lang, pack, pack_url, embed_pack)
    result = InvitationResult(meeting, _write(out / f"{slug(meeting.meeting_id)}.ics", calendar.to_ical()))
    members = _members_by_name(config.committee_definitions)
    for owner, items in sorted(reminder_items(snapshot, definition).items()):
        member = members.get(fold_label(owner))
        message = reminder_message(owner, member, items, meeting, stamp)
        result.reminders[owner] = _write(out / f"rappel_{slug(owner)}.eml", message.as_bytes(policy=policy.SMTP))
        if member is None or not member.email:
            result.problems.append(Problem("owner without e-mail in the members list", Location(str(master),
                                           CONFIG_SHEET, column="E-mail"), found=owner,
                                           expected="a row of tblMembres with an e-mail", severity=Severity.WARNING,
                                           code="owner_without_email"))
    return result


def hand_off_smtp(paths: list[Path], host: str, port: int = 25, starttls: bool = False,
                  smtp_class=smtplib.SMTP) -> int:
    """Send the written reminders through an SMTP server; returns how many were sent.

    Only reminders with a recipient are sent; the ``X-Unsent`` draft marker is dropped first.
    """
    sent = 0
    with smtp_class(host, port) as server:
        if starttls:
            server.starttls()
        for path in paths:
            message = BytesParser(policy=policy.default).parsebytes(Path(path).read_bytes())
            if not message["To"]:
                continue
            del message["X-Unsent"]
            server.send_message(message)
            sent += 1
    return sent
