"""Meeting invitations (RFC 5545 ``.ics``) and reminders to owners (``.eml``), as files.

:func:`invitation_calendar` is one ``VEVENT`` (``METHOD:REQUEST``) in the
Africa/Casablanca time zone with its ``VTIMEZONE``: organiser, one attendee
per committee member (the chair as ``CHAIR``), location, agenda, and the pack
linked (``ATTACH`` with the file's URI) or embedded (base 64).

:func:`reminder_message` is one e-mail per owner listing their open and
overdue decisions and actions, in the owner's language (the ``Langue`` of the
members list).  It carries ``X-Unsent: 1`` so that a mail client opens it as
a draft.  Nothing is sent here; see :func:`pmo_xl.service.invitations.hand_off_smtp`.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar

from pmo_xl.engine.governance.committees import ScheduledMeeting
from pmo_xl.model import label
from pmo_xl.model.governance import Member
from pmo_xl.reports.followup_context import counted
from pmo_xl.reports.formatting import format_date

TIME_ZONE = ZoneInfo("Africa/Casablanca")
PRODUCT_ID = "-//PMO//pmo-xl//FR"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class ReminderItem:
    """One open decision or action of an owner, as the reminder lists it."""

    register: str  # "action" or "décision"
    ref: str
    title: str
    project: str | None
    due: object  # date or None
    days_overdue: float | None
    escalated: bool


def _committee_title(meeting: ScheduledMeeting, lang: str) -> str:
    definition = meeting.definition
    name = label(definition.committee, lang)
    return f"{name} – {definition.scope}" if definition.scope else name


def _address(email: str, name: str | None = None, **params) -> icalendar.vCalAddress:
    address = icalendar.vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = icalendar.vText(name)
    for key, value in params.items():
        address.params[key.upper().replace("_", "-")] = icalendar.vText(value)
    return address


def _description(agenda: list[str], pack_link: str | None, lang: str) -> str:
    heading = "Ordre du jour :" if lang == "fr" else "Agenda:"
    lines = [heading, *(f"{n}. {item}" for n, item in enumerate(agenda, start=1))]
    if pack_link:
        lines += ["", ("Dossier du comité : " if lang == "fr" else "Committee pack: ") + pack_link]
    return "\n".join(lines)


def invitation_calendar(meeting: ScheduledMeeting, agenda: list[str], stamp: datetime, lang: str = "fr",
                        pack: Path | None = None, pack_url: str | None = None, embed_pack: bool = False
                        ) -> icalendar.Calendar:
    """The ``.ics`` calendar of one meeting (``stamp``: when it is issued, the DTSTAMP)."""
    definition = meeting.definition
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = icalendar.Event()
    event.add("uid", f"{meeting.meeting_id}@pmo-xl")
    event.add("dtstamp", stamp.astimezone(ZoneInfo("UTC")))
    event.add("dtstart", meeting.starts.replace(tzinfo=TIME_ZONE))
    event.add("dtend", meeting.ends.replace(tzinfo=TIME_ZONE))
    event.add("summary", _committee_title(meeting, lang) + " – " + format_date(meeting.day, lang))
    if definition.place:
        event.add("location", definition.place)
    link = pack_url or (pack.resolve().as_uri() if pack else None)
    event.add("description", _description(agenda, link, lang))
    if definition.organiser_email:
        event.add("organizer", _address(definition.organiser_email, "PMO"))
    for member in definition.members:
        if member.email:
            role = "CHAIR" if member.name == definition.chair else "REQ-PARTICIPANT"
            event.add("attendee", _address(member.email, member.name, role=role, partstat="NEEDS-ACTION",
                                           rsvp="TRUE"))
    if link and not embed_pack:
        event.add("attach", link, parameters={"FMTTYPE": DOCX_TYPE})
    if pack and embed_pack:
        event.add("attach", icalendar.vBinary(base64.b64encode(pack.read_bytes()).decode("ascii")),
                  parameters={"FMTTYPE": DOCX_TYPE, "ENCODING": "BASE64", "VALUE": "BINARY",
                              "X-FILENAME": pack.name})
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar


def _item_line(item: ReminderItem, lang: str) -> str:
    register = {"fr": {"action": "Action", "décision": "Décision"},
                "en": {"action": "Action", "décision": "Decision"}}[lang].get(item.register, item.register)
    project = f" ({item.project})" if item.project else ""
    due = format_date(item.due, lang) if item.due is not None else "–"
    line = f"- {register} {item.ref}{project} : {item.title} – " if lang == "fr" else \
        f"- {register} {item.ref}{project}: {item.title} – "
    line += ("échéance " if lang == "fr" else "due ") + due
    if item.days_overdue:
        late = int(item.days_overdue)
        line += (f" – en retard de {counted(late, 'jour', 'jours', lang)}" if lang == "fr"
                 else f" – {counted(late, 'day', 'days', lang)} overdue")
        if item.escalated:
            line += " (escaladé au COPIL)" if lang == "fr" else " (escalated to the steering committee)"
    return line


def _reminder_text(owner: str, items: list[ReminderItem], meeting: ScheduledMeeting, lang: str) -> str:
    overdue = sum(1 for i in items if i.days_overdue)
    when = format_date(meeting.day, lang)
    committee = _committee_title(meeting, lang)
    if lang == "fr":
        head = [f"Bonjour {owner},", "",
                f"Avant le {committee} du {when}, voici vos décisions et actions ouvertes : "
                f"{counted(len(items), 'point', 'points', lang)}, dont {counted(overdue, 'en retard', 'en retard', lang)}.",
                ""]
        tail = ["", "Merci de mettre à jour leur statut avant la réunion.", "", "Le PMO"]
    else:
        head = [f"Hello {owner},", "",
                f"Before the {committee} of {when}, here are your open decisions and actions: "
                f"{counted(len(items), 'item', 'items', lang)}, {overdue} overdue.", ""]
        tail = ["", "Please update their status before the meeting.", "", "The PMO"]
    return "\n".join(head + [_item_line(i, lang) for i in items] + tail)


def reminder_message(owner: str, member: Member | None, items: list[ReminderItem], meeting: ScheduledMeeting,
                     stamp: datetime) -> EmailMessage:
    """The reminder e-mail of one owner, in the owner's language (French when unknown)."""
    lang = member.lang if member else "fr"
    message = EmailMessage()
    sender = meeting.definition.organiser_email
    if sender:
        message["From"] = f"PMO <{sender}>"
    if member and member.email:
        message["To"] = f"{owner} <{member.email}>"
    subject = (f"Rappel avant le {_committee_title(meeting, lang)} du {format_date(meeting.day, lang)} : "
               f"vos décisions et actions ouvertes") if lang == "fr" else (
        f"Reminder before the {_committee_title(meeting, lang)} of {format_date(meeting.day, lang)}: "
        f"your open decisions and actions")
    message["Subject"] = subject
    message["Date"] = format_datetime(stamp)
    message["X-Unsent"] = "1"
    message.set_content(_reminder_text(owner, items, meeting, lang))
    message["Content-Language"] = lang  # after set_content, which resets the Content-* headers
    return message
