"""What the minutes template and the packs take from the committee calendar and the registers.

* :func:`committee_meeting` — the row of the snapshot's committee calendar
  for a pack's committee (its scope first, then the portfolio-wide one): the
  "next meeting" every pack shows, the meeting the minutes are for.
* :func:`minutes_values` — the minutes' decisions and actions tables,
  pre-filled with the committee's register items still open (same ids as the
  master's Gouvernance registers), then the projects' items the pack lists
  (decisions to take by this committee, actions overdue or of this
  committee: they are updated in the project workbooks), the attendance list
  from the committee members, and the meeting's reference, date, place and chair.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from pmo_xl.model import Committee, DecisionStatus, ItemStatus, label, parse_enum
from pmo_xl.model.portfolio import PortfolioSnapshot
from pmo_xl.model.schemas import fold_label
from pmo_xl.reports.formatting import format_date, is_missing

SOURCE_GOVERNANCE = "gouvernance"
PORTFOLIO_CODE = "PORTEFEUILLE"
OPEN_ACTION = (ItemStatus.OPEN, ItemStatus.IN_PROGRESS)
OPEN_DECISION = (DecisionStatus.PROPOSED, DecisionStatus.APPROVED)


def _text(value) -> str:
    return "" if is_missing(value) else str(value)


def _day(value) -> date | None:
    if is_missing(value):
        return None
    return value.date() if hasattr(value, "date") else value


def _scopes(snapshot: PortfolioSnapshot, scope: str | None) -> list[str | None]:
    """What a pack's scope can be named in the calendar: itself, the programme of that project, none."""
    if not scope:
        return [None]
    overview = snapshot.overview
    programmes = overview.loc[overview["project_code"].astype(str).str.casefold() == scope.casefold(), "programme"]
    return [scope, *[str(p) for p in programmes.dropna().unique()], None]


def committee_meeting(snapshot: PortfolioSnapshot, committee: Committee, scope: str | None = None) -> dict | None:
    """The committee calendar row of ``committee`` for ``scope`` (a project or programme): its own row, the row of
    the project's programme, else the portfolio-wide one; None when the calendar has none of them."""
    rows = [r for r in snapshot.committees.to_dict("records") if parse_enum(Committee, r["committee"]) is committee]
    for wanted in _scopes(snapshot, scope):
        for row in rows:
            if fold_label(_text(row["scope"])) == fold_label(wanted or ""):
                return row
    return rows[0] if len(rows) == 1 and not scope else None


def next_meeting_day(snapshot: PortfolioSnapshot, committee: Committee, scope: str | None = None) -> date | None:
    """The next meeting of the committee on or after the status date, from the Config calendar."""
    row = committee_meeting(snapshot, committee, scope)
    return _day(row["next_meeting"]) if row else None


def _committee_matches(value, committee: Committee) -> bool:
    return is_missing(value) or not str(value).strip() or parse_enum(Committee, value) is committee


def _item_row(record: dict, id_column: str, status, lang: str) -> dict:
    code = "" if record["project_code"] in (None, PORTFOLIO_CODE) else _text(record["project_code"])
    due = record["due_date"]
    return {"id": _text(record[id_column]), "title": _text(record["title"]), "project": code,
            "owner": _text(record["owner"]), "due_date": "" if is_missing(due) else format_date(due, lang),
            "status": label(status, lang) if status is not None else _text(record["status"])}


def _wanted(record: dict, status, open_statuses, committee: Committee, codes: set[str] | None,
            project_rule) -> bool:
    if status not in open_statuses or (codes is not None and record["project_code"] not in codes):
        return False
    if record["source"] == SOURCE_GOVERNANCE:
        return _committee_matches(record["committee"], committee)
    return project_rule(record, status)


def _rows(frame: pd.DataFrame, id_column: str, status_enum, open_statuses, committee: Committee,
          codes: set[str] | None, lang: str, project_rule) -> list[dict]:
    """Register items of the committee first (by reference), then the projects' items the pack lists."""
    chosen = []
    for record in frame.to_dict("records"):
        status = parse_enum(status_enum, record["status"])
        if _wanted(record, status, open_statuses, committee, codes, project_rule):
            from_project = record["source"] != SOURCE_GOVERNANCE
            chosen.append((from_project, _text(record["project_code"]) if from_project else "",
                           _text(record[id_column]), _item_row(record, id_column, status, lang)))
    return [row for *_, row in sorted(chosen, key=lambda c: c[:3])]


def _project_decision_to_take(committee: Committee):
    return lambda record, status: status is DecisionStatus.PROPOSED and _committee_matches(record["committee"],
                                                                                             committee)


def _project_action_followed(committee: Committee):
    return lambda record, status: (not is_missing(record["overdue"]) and bool(record["overdue"])) or (
        not is_missing(record["committee"]) and parse_enum(Committee, record["committee"]) is committee)


def _split(value) -> list[str]:
    return [] if is_missing(value) else [part.strip() for part in str(value).split(";")]


def committee_members(meeting: dict | None, lang: str) -> list[dict]:
    """The members of a committee calendar row, with their e-mails: the chair first, then the others."""
    if not meeting:
        return []
    chair = _text(meeting["chair"])
    names = [n for n in _split(meeting["members"]) if n]
    emails = [e for e in _split(meeting.get("member_emails"))]
    role = {"fr": ("Président", "Membre"), "en": ("Chair", "Member")}[lang if lang == "en" else "fr"]
    rows = [{"name": n, "role": role[0] if n == chair else role[1],
             "email": emails[i] if i < len(emails) else "", "present": ""} for i, n in enumerate(names)]
    if chair and chair not in names:
        rows.append({"name": chair, "role": role[0], "email": "", "present": ""})
    return sorted(rows, key=lambda r: r["role"] != role[0])


def members_note(meeting: dict | None, committee: Committee, scope: str | None, lang: str) -> str:
    """Where the attendance list comes from: the committee's members and quorum, or the fallback when none."""
    name = label(committee, lang)
    name = name[:1].lower() + name[1:] if lang == "en" else name
    if meeting is None or not committee_members(meeting, lang):
        where = f" {scope}" if scope else ""
        return ({"fr": f"Aucun {name} n'est défini pour{where or ' ce périmètre'} dans les comités du maître "
                       "(feuille Config) : les participants proposés sont le chef de projet et le sponsor de "
                       "chaque projet du périmètre.",
                 "en": f"No {name} is defined for{where or ' this scope'} in the master's committees (Config "
                       "sheet): the attendees proposed are the project manager and the sponsor of each "
                       "project in scope."}[lang if lang == "en" else "fr"])
    quorum = meeting["quorum"]
    count = "" if is_missing(quorum) else str(int(quorum))
    fr = (f"Membres du {name} tirés des comités du maître (feuille Config)"
          + (f" ; quorum : {count} membre(s) présent(s)." if count else "."))
    en = (f"Members of the {name} from the master's committees (Config sheet)"
          + (f"; quorum: {count} member(s) present." if count else "."))
    return en if lang == "en" else fr


def minutes_values(snapshot: PortfolioSnapshot, committee: Committee, project: str | None, lang: str,
                   codes: set[str] | None = None) -> dict:
    """The values the minutes template needs beyond the pack's: register tables, attendees, meeting meta.

    ``codes`` are the project codes of a scoped pack (``project`` a project or programme); None: every item.
    """
    meeting = committee_meeting(snapshot, committee, project)
    scope = _text(meeting["scope"]) if meeting else ""
    day = _day(meeting["next_meeting"]) if meeting else None
    following = _day(meeting["following_meeting"]) if meeting else None
    return {
        "minutes_decisions": _rows(snapshot.decisions, "decision_id", DecisionStatus, OPEN_DECISION, committee,
                                   codes, lang, _project_decision_to_take(committee)),
        "minutes_actions": _rows(snapshot.actions, "action_id", ItemStatus, OPEN_ACTION, committee, codes, lang,
                                 _project_action_followed(committee)),
        "members": committee_members(meeting, lang),
        "members_note": members_note(meeting, committee, project, lang),
        "meta": {"committee_key": committee.value + (f"/{scope}" if scope else ""),
                 "meeting_date": format_date(day, lang) if day else "",
                 **({"next_meeting": format_date(following, lang)} if following else {}),
                 "place": _text(meeting["place"]) if meeting else "",
                 "chair": _text(meeting["chair"]) if meeting else ""},
    }


def apply_minutes_values(values: dict, snapshot: PortfolioSnapshot, committee: Committee, project: str | None,
                         lang: str, codes: set[str] | None = None) -> None:
    """Merge :func:`minutes_values` into a minutes context's ``values`` (members first in the attendance list)."""
    extra = minutes_values(snapshot, committee, project, lang, codes if project else None)
    values["meta"].update(extra["meta"])
    values["minutes_decisions"] = extra["minutes_decisions"]
    values["minutes_actions"] = extra["minutes_actions"]
    values["members_note"] = extra["members_note"]
    known = {m["name"] for m in extra["members"]}
    others = [dict(a, email="") for a in values.get("attendees", []) if a["name"] not in known]
    values["attendees"] = extra["members"] + others


def apply_committee_members(values: dict, snapshot: PortfolioSnapshot, committee: Committee, project: str | None,
                            lang: str) -> None:
    """A pack's attendance list: the committee's members from the master's calendar, else the fallback in
    ``values["attendees"]`` (the sponsors and project managers of the scope), with the note saying which."""
    meeting = committee_meeting(snapshot, committee, project)
    members = committee_members(meeting, lang)
    values["members_note"] = members_note(meeting, committee, project, lang)
    values["attendees"] = members or [dict(a, email="") for a in values.get("attendees", [])]
