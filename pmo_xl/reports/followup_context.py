"""The follow-up sections of the COPIL and COPROJ packs, read from the snapshot.

* ``overdue_items`` — every overdue decision and action of the scope, from
  the snapshot's per-owner list (the same rows as the master's sheets
  "Suivi par responsable", "Actions" and "Décisions"), most overdue first;
* ``escalated`` — those overdue beyond the Config ``escalation_after_days``;
  the COPIL synthesis shows the most overdue of them (``escalated_top``) and
  counts the others (``escalated_more``), which ``overdue_items`` marks;
* ``approved_changes`` — the change requests approved since the committee's
  previous meeting of the calendar.
"""

from __future__ import annotations

from datetime import date


from pmo_xl.engine.governance.followup import REGISTER_DECISION
from pmo_xl.model import Committee
from pmo_xl.model.governance import CHANGE_DECISION_LABELS, ChangeDecision
from pmo_xl.model.schemas import fold_label
from pmo_xl.model.portfolio import PortfolioSnapshot
from pmo_xl.reports.formatting import MISSING, format_amount, format_date, format_number, is_missing
from pmo_xl.reports.minutes_context import committee_meeting

LATE_FILL, ESCALATED_FILL = "FFEB9C", "FFC7CE"
REGISTER_WORDS = {"fr": {"action": "action", REGISTER_DECISION: "décision"},
                  "en": {"action": "action", REGISTER_DECISION: "decision"}}
YES_NO = {"fr": ("oui", "non"), "en": ("yes", "no")}
ESCALATED_ON_PAGE_ONE = 3
#: The COPIL's appendix lists the most overdue items, so that it fits its page; the
#: dashboard's sheet "Retards" and the master's "Suivi par responsable" list them all.
COPIL_OVERDUE_ROWS = 20
COPIL_CHANGE_ROWS = 5


def counted(count: int, singular: str, plural: str, lang: str) -> str:
    """``count`` with its noun: "1 point", "0 point", "3 points" in French; "0 items", "1 item" in English."""
    one = count <= 1 if lang == "fr" else count == 1
    return f"{count} {singular if one else plural}"


def _text(value) -> str:
    return MISSING if is_missing(value) else str(value)


def _day(value) -> date | None:
    if is_missing(value):
        return None
    return value.date() if hasattr(value, "date") else value


def register_word(register: str, lang: str) -> str:
    """How a register ("action", "decision") reads in ``lang``."""
    return REGISTER_WORDS[lang].get(register, register)


def _followup_row(record: dict, lang: str) -> dict:
    escalated = bool(record["escalated"])
    return {"register": register_word(record["register"], lang),
            "project": _text(record["project_code"]), "id": _text(record["item_id"]), "title": _text(record["title"]),
            "owner": _text(record["owner"]), "due_date": format_date(record["due_date"], lang),
            "days_overdue": format_number(record["days_overdue"], lang),
            "fill": ESCALATED_FILL if escalated else LATE_FILL, "escalated": YES_NO[lang][0 if escalated else 1]}


def overdue_records(snapshot: PortfolioSnapshot, codes: set[str] | None) -> list[dict]:
    """The overdue rows of the per-owner list in scope (all projects and the portfolio when ``codes`` is None)."""
    frame = snapshot.owner_followup
    frame = frame[frame["overdue"].fillna(False).astype(bool)]
    if codes is not None:
        frame = frame[frame["project_code"].isin(codes)]
    frame = frame.assign(_late=-frame["days_overdue"].fillna(0)).sort_values(["_late", "item_id"], kind="stable")
    return frame.drop(columns="_late").to_dict("records")


def _change_row(record: dict, currency: str, lang: str) -> dict:
    return {"project": _text(record["project_code"]), "id": _text(record["change_id"]),
            "title": _text(record["request"]), "cost": format_amount(record["cost_impact"], currency, lang),
            "delay": format_number(record["delay_days"], lang), "decided_on": format_date(record["decided_on"], lang),
            "new_finish": format_date(record["new_baseline_finish"], lang)}


def approved_changes(snapshot: PortfolioSnapshot, committee: Committee, scope: str | None,
                     codes: set[str] | None) -> tuple[list[dict], date | None]:
    """The change-log rows approved after the committee's previous meeting, and that meeting's date."""
    meeting = committee_meeting(snapshot, committee, scope)
    since = _day(meeting["previous_meeting"]) if meeting else None
    approved = {fold_label(label) for label in CHANGE_DECISION_LABELS[ChangeDecision.APPROVED]}
    rows = []
    for record in snapshot.changes.to_dict("records"):
        decided = _day(record["decided_on"])
        if fold_label(str(record["decision"] or "")) not in approved:
            continue
        if (since is not None and (decided is None or decided <= since)) or (codes and record["project_code"] not in codes):
            continue
        rows.append(record)
    return sorted(rows, key=lambda r: (_day(r["decided_on"]) or date.min, str(r["change_id"]))), since


def followup_values(snapshot: PortfolioSnapshot, committee: Committee, project: str | None, codes: set[str],
                    lang: str) -> dict:
    """The values of the follow-up sections for a pack of ``committee`` (scoped to ``codes`` when ``project``)."""
    scope_codes = codes if project else None
    overdue = overdue_records(snapshot, scope_codes)
    escalated = [r for r in overdue if bool(r["escalated"])]
    changes, since = approved_changes(snapshot, committee, project, scope_codes)
    since_text = format_date(since, lang) if since else None
    if lang == "fr":
        escalated_text = counted(len(escalated), "point escaladé", "points escaladés", lang)
        overdue_text = counted(len(overdue), "point en retard", "points en retard", lang)
        escalation = f"{escalated_text} (en retard au-delà du seuil d'escalade) sur {overdue_text}."
        change_text = (counted(len(changes), "demande de changement approuvée", "demandes de changement approuvées",
                               lang) + (f" depuis le comité du {since_text}." if since_text else "."))
    else:
        escalation = (f"{counted(len(escalated), 'item', 'items', lang)} escalated (overdue beyond the escalation "
                      f"threshold) out of {counted(len(overdue), 'overdue item', 'overdue items', lang)}.")
        change_text = (counted(len(changes), "change request approved", "change requests approved", lang)
                       + (f" since the committee of {since_text}." if since_text else "."))
    hidden = len(escalated) - ESCALATED_ON_PAGE_ONE
    rows = [_followup_row(r, lang) for r in overdue]
    escalated_rows = [row for row, r in zip(rows, overdue) if bool(r["escalated"])]
    values = {"overdue_items": rows, "escalated": escalated_rows,
              "escalated_top": escalated_rows[:ESCALATED_ON_PAGE_ONE],
              "escalated_more": _more(hidden, "autre point escaladé", "autres points escaladés",
                                      "other escalated item", "other escalated items", lang),
              "overdue_more": "", "changes_more": "", "escalation_summary": escalation,
              "approved_changes": [_change_row(r, snapshot.reporting_currency, lang) for r in changes],
              "changes_summary": change_text}
    if committee is Committee.COPIL:
        values["overdue_more"] = _more(len(rows) - COPIL_OVERDUE_ROWS, "autre point en retard", "autres points en retard",
                                       "other overdue item", "other overdue items", lang)
        values["changes_more"] = _more(len(changes) - COPIL_CHANGE_ROWS, "autre changement approuvé",
                                       "autres changements approuvés", "other approved change",
                                       "other approved changes", lang)
        values["overdue_items"] = rows[:COPIL_OVERDUE_ROWS]
        values["approved_changes"] = values["approved_changes"][:COPIL_CHANGE_ROWS]
    return values


def _more(hidden: int, singular_fr: str, plural_fr: str, singular_en: str, plural_en: str, lang: str) -> str:
    """"… et 3 autres points en retard : liste complète …", or "" when nothing is left out."""
    if hidden <= 0:
        return ""
    if lang == "fr":
        return (f"… et {counted(hidden, singular_fr, plural_fr, lang)} : liste complète dans la feuille « Retards » "
                "du tableau de bord et la feuille « Suivi par responsable » du classeur maître.")
    return (f"… and {counted(hidden, singular_en, plural_en, lang)}: full list in the dashboard's sheet “Overdue” "
            "and the master workbook's owner follow-up sheet.")


__all__ = ["COPIL_CHANGE_ROWS", "COPIL_OVERDUE_ROWS", "ESCALATED_ON_PAGE_ONE", "register_word", "approved_changes", "counted", "followup_values", "overdue_records"]
