"""The governance sheets of the master — Gouvernance, Portes, Changements — written from the registers.

:func:`write_governance_sheets` adds the three sheets to an XlsxWriter
workbook: the template writes them empty, :func:`render_governance_sheets`
writes them filled and transplants them into the master package in place of
the old ones (the other sheets stay byte for byte).  Text is always written
as text, so an imported "=SOMME(A1)" stays a string.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import xlsxwriter

from pmo_xl.model import Committee, DecisionStatus, ItemStatus, choices, label, parse_enum
from pmo_xl.model.governance import (
    CHANGE_DECISION_LABELS,
    GATE_DECISION_LABELS,
    ChangeRequest,
    GateRecord,
    GovernanceRegisters,
    MeetingRecord,
    RegisterKind,
    StatusChange,
)
from pmo_xl.io.master.language import text as master_text
from pmo_xl.io.master.language import workbook_language
from pmo_xl.io.master.template import (
    CHANGES,
    GATES,
    GOV_ACTIONS,
    GOV_DECISIONS,
    GOV_HISTORY,
    GOV_MEETINGS,
    GOVERNANCE_SHEET,
    GOVERNANCE_SHEET_CHANGES,
    GOVERNANCE_SHEET_GATES,
    HEADER_ROW,
    _date_rule,
    _list,
    _validate,
    _write_table,
)

GOVERNANCE_SHEETS = (GOVERNANCE_SHEET, GOVERNANCE_SHEET_GATES, GOVERNANCE_SHEET_CHANGES)


@dataclass
class GovernanceSetup:
    """A master's governance set up in advance: committee calendar rows, member rows and registers.

    Rows follow the headers of ``tblComites`` and ``tblMembres``.
    """

    committees: list[tuple] = field(default_factory=list)
    members: list[tuple] = field(default_factory=list)
    registers: GovernanceRegisters = field(default_factory=GovernanceRegisters)
REGISTER_LABELS = {RegisterKind.ACTION: "action", RegisterKind.DECISION: "décision"}
YES, NO = "oui", "non"


def _committee(value) -> str | None:
    return label(value) if isinstance(value, Committee) else value


def action_rows(registers: GovernanceRegisters) -> list[tuple]:
    return [(a.id, a.title, a.owner, _committee(a.committee), a.raised_on, a.due_date, label(a.status),
             a.closed_on, a.decision_id, a.project, a.origin) for a in registers.actions]


def decision_rows(registers: GovernanceRegisters) -> list[tuple]:
    return [(d.id, d.title, _committee(d.committee), d.decided_on, label(d.status), d.owner, d.due_date,
             d.impact, d.project, d.origin) for d in registers.decisions]


def _status_label(kind: RegisterKind, value: str | None) -> str | None:
    member = parse_enum(DecisionStatus if kind is RegisterKind.DECISION else ItemStatus, value)
    return label(member) if member is not None else value


def history_rows(history: list[StatusChange]) -> list[tuple]:
    return [(h.ref, REGISTER_LABELS[h.kind], h.day, _status_label(h.kind, h.old_status),
             _status_label(h.kind, h.new_status), h.old_due, h.new_due, h.meeting) for h in history]


def meeting_rows(meetings: list[MeetingRecord]) -> list[tuple]:
    def quorum(m: MeetingRecord):
        return None if m.quorum_reached is None else (YES if m.quorum_reached else NO)

    return [(m.meeting_id, m.committee, m.day, "; ".join(m.attendees), "; ".join(m.present), quorum(m),
             m.source_file) for m in meetings]


def gate_rows(gates: list[GateRecord]) -> list[tuple]:
    return [(g.project, g.gate, g.planned, g.actual, GATE_DECISION_LABELS[g.decision][0] if g.decision else None,
             g.conditions, g.conditions_owner, g.conditions_due, g.evidence_expected, g.evidence_received,
             g.committee) for g in gates]


def change_rows(changes: list[ChangeRequest]) -> list[tuple]:
    return [(c.ref, c.project, c.request, c.requester, c.submitted_on, c.cost_impact, c.delay_days, c.scope_impact,
             CHANGE_DECISION_LABELS[c.decision][0], c.committee, c.decided_on, c.new_baseline_finish)
            for c in changes]


def _governance_sheet(book, registers: GovernanceRegisters, formats: dict, lang: str) -> None:
    gov = book.add_worksheet(master_text(GOVERNANCE_SHEET, lang))
    gov.write_string(0, 0, master_text("Gouvernance du portefeuille (à renseigner par le PMO)", lang), formats["big"])
    _write_table(book, gov, GOV_ACTIONS, action_rows(registers), formats, (9, 40, 18, 16, 12, 12, 11, 12, 11, 12, 22),
                 lang)
    _write_table(book, gov, GOV_DECISIONS, decision_rows(registers), formats, (9, 40, 16, 12, 14, 18, 14, 30, 12, 22),
                 lang)
    _write_table(book, gov, GOV_HISTORY, history_rows(registers.history), formats, (9, 10, 12, 12, 12, 12, 12, 22),
                 lang)
    _write_table(book, gov, GOV_MEETINGS, meeting_rows(registers.meetings), formats, (22, 16, 12, 40, 40, 9, 30),
                 lang)
    for table in (GOV_ACTIONS, GOV_DECISIONS):
        _validate(gov, table, "Comité", _list(choices(Committee), lang), lang)
    _validate(gov, GOV_ACTIONS, "Statut", _list(choices(ItemStatus), lang), lang)
    _validate(gov, GOV_DECISIONS, "Statut", _list(choices(DecisionStatus), lang), lang)
    for header in ("Ouverte le", "Échéance", "Close le"):
        _validate(gov, GOV_ACTIONS, header, _date_rule(lang), lang)
    for header in ("Décidée le", "Échéance de mise en œuvre"):
        _validate(gov, GOV_DECISIONS, header, _date_rule(lang), lang)
    gov.freeze_panes(HEADER_ROW + 1, 0)


def _gates_sheet(book, registers: GovernanceRegisters, formats: dict, lang: str) -> None:
    sheet = book.add_worksheet(master_text(GOVERNANCE_SHEET_GATES, lang))
    sheet.write_string(0, 0, master_text("Portes de décision des projets (à renseigner par le PMO)", lang),
                       formats["big"])
    _write_table(book, sheet, GATES, gate_rows(registers.gates), formats, (12, 7, 12, 12, 16, 36, 18, 12, 30, 30, 16),
                 lang)
    _validate(sheet, GATES, "Décision", _list((v[0] for v in GATE_DECISION_LABELS.values()), lang), lang)
    for header in ("Date prévue", "Date réelle", "Échéance des conditions"):
        _validate(sheet, GATES, header, _date_rule(lang), lang)
    sheet.freeze_panes(HEADER_ROW + 1, 0)


def _changes_sheet(book, registers: GovernanceRegisters, formats: dict, lang: str) -> None:
    sheet = book.add_worksheet(master_text(GOVERNANCE_SHEET_CHANGES, lang))
    sheet.write_string(0, 0, master_text("Demandes de changement (à renseigner par le PMO)", lang), formats["big"])
    _write_table(book, sheet, CHANGES, change_rows(registers.change_requests), formats,
                 (9, 12, 40, 18, 12, 12, 10, 30, 12, 16, 12, 14), lang)
    _validate(sheet, CHANGES, "Décision", _list((v[0] for v in CHANGE_DECISION_LABELS.values()), lang), lang)
    for header in ("Déposée le", "Décidée le", "Nouvelle fin de référence"):
        _validate(sheet, CHANGES, header, _date_rule(lang), lang)
    sheet.freeze_panes(HEADER_ROW + 1, 0)


def write_governance_sheets(book, registers: GovernanceRegisters, formats: dict, lang: str = "fr") -> None:
    """Add the Gouvernance, Portes and Changements sheets, filled with ``registers``, to ``book``.

    ``lang`` is the master's language: an English master's sheets, headers and labels are in English.
    """
    _governance_sheet(book, registers, formats, lang)
    _gates_sheet(book, registers, formats, lang)
    _changes_sheet(book, registers, formats, lang)


def governance_sheet_names(lang: str) -> list[str]:
    """The names of the three governance sheets in a master of language ``lang``."""
    return [master_text(name, lang) for name in GOVERNANCE_SHEETS]


def governance_workbook(registers: GovernanceRegisters, lang: str = "fr") -> bytes:
    """An .xlsx holding only the three governance sheets, filled with ``registers``."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False, "strings_to_numbers": False})
    formats = {
        "title": book.add_format({"bold": True, "font_size": 12, "font_color": "#1F4E78"}),
        "header": book.add_format({"bold": True, "text_wrap": True, "valign": "top"}),
        "date": book.add_format({"num_format": "dd/mm/yyyy"}),
        "big": book.add_format({"bold": True, "font_size": 16, "font_color": "#1F4E78"}),
    }
    write_governance_sheets(book, registers, formats, lang)
    book.close()
    return buffer.getvalue()


def render_governance_sheets(master_bytes: bytes, registers: GovernanceRegisters, source: str | None = None) -> bytes:
    """The master package with its governance sheets replaced by ``registers`` (other parts untouched)."""
    from pmo_xl.io.master.package import Package, transplant_sheets

    master = Package.from_bytes(master_bytes, source)
    lang = workbook_language(master.sheets())
    transplant_sheets(master, Package.from_bytes(governance_workbook(registers, lang)), governance_sheet_names(lang))
    return master.to_bytes()


__all__ = ["GOVERNANCE_SHEETS", "GovernanceSetup", "governance_sheet_names", "governance_workbook", "render_governance_sheets", "write_governance_sheets"]
