"""Reading the governance tables of the master: committees, members, gates and the registers.

Every table is read by its headers (:class:`~pmo_xl.io.master.config._TableRows`);
a bad cell is a located problem and its row is skipped (or its value left
empty when the rest of the row is usable).
"""

from __future__ import annotations

from datetime import date

from pmo_xl.engine.governance.recurrence import RecurrenceError, parse_recurrence
from pmo_xl.model import Action, Committee, Decision, DecisionStatus, ItemStatus, parse_enum
from pmo_xl.model.governance import (
    CHANGE_DECISION_LABELS,
    GATE_DECISION_LABELS,
    ChangeDecision,
    ChangeRequest,
    CommitteeDefinition,
    GateDefinition,
    GateRecord,
    GovernanceRegisters,
    MeetingRecord,
    Member,
    RegisterKind,
    StatusChange,
)
from pmo_xl.io.master.config import _as_date, _as_float, _TableRows, _text
from pmo_xl.io.master.template import (
    CHANGES,
    COMMITTEES,
    GATE_DEFINITIONS,
    GATES,
    GOV_ACTIONS,
    GOV_DECISIONS,
    GOV_HISTORY,
    GOV_MEETINGS,
    MEMBERS,
)
from pmo_xl.model.schemas import fold_label as fold_text

YES_WORDS = ("oui", "yes", "x", "vrai", "true", "1", "present", "✓", "✔")


def _date(rows: _TableRows, values: dict, cells: dict, header: str) -> date | None:
    try:
        return _as_date(values.get(header))
    except (TypeError, ValueError):
        rows.problem(cells, header, "invalid date", values.get(header), "a date")
        return None


def _number(rows: _TableRows, values: dict, cells: dict, header: str) -> float | None:
    raw = values.get(header)
    if raw is None or str(raw).strip() == "":
        return None
    try:
        return _as_float(raw)
    except (TypeError, ValueError):
        rows.problem(cells, header, "invalid number", raw, "a number")
        return None


def _labelled(enum_labels: dict, text) -> object | None:
    key = fold_text(str(text or ""))
    for member, pair in enum_labels.items():
        if key in {fold_text(p) for p in pair} | {fold_text(member.value)}:
            return member
    return None


def _members(rows: _TableRows) -> dict[tuple[Committee, str | None], list[Member]]:
    found: dict[tuple[Committee, str | None], list[Member]] = {}
    for _, values, cells in rows.rows:
        committee = parse_enum(Committee, values.get("Comité"))
        name = _text(values.get("Nom"))
        if committee is None or name is None:
            rows.problem(cells, "Comité" if committee is None else "Nom", "member without committee or name",
                         values.get("Comité") if committee is None else None, "a committee and a name")
            continue
        lang = (_text(values.get("Langue")) or "fr").lower()
        if lang not in ("fr", "en"):
            rows.problem(cells, "Langue", "unknown language", lang, "fr or en")
            lang = "fr"
        key = (committee, _text(values.get("Périmètre")))
        found.setdefault(key, []).append(Member(name, _text(values.get("E-mail")), _text(values.get("Rôle")), lang))
    return found


def read_committees(committee_rows: _TableRows, member_rows: _TableRows) -> list[CommitteeDefinition]:
    """The committee definitions of the Config sheet, each with its members."""
    members = _members(member_rows)
    definitions = []
    for _, values, cells in committee_rows.rows:
        committee = parse_enum(Committee, values.get("Comité"))
        if committee is None:
            committee_rows.problem(cells, "Comité", "unknown committee", values.get("Comité"),
                                   "COPIL, COPROJ or comité technique")
            continue
        try:
            rule = parse_recurrence(_text(values.get("Récurrence")) or "")
        except RecurrenceError:
            committee_rows.problem(cells, "Récurrence", "recurrence not understood", values.get("Récurrence"),
                                   "a recurrence like 2e mardi du mois, 10:00-12:00")
            continue
        quorum = _number(committee_rows, values, cells, "Quorum")
        scope = _text(values.get("Périmètre"))
        definitions.append(CommitteeDefinition(
            committee, scope, _text(values.get("Récurrence")), rule.start, rule.end,
            _date(committee_rows, values, cells, "Première réunion"),
            _date(committee_rows, values, cells, "Dernière réunion"),
            _text(values.get("Lieu")), _text(values.get("Président")),
            int(quorum) if quorum is not None else None, _text(values.get("Organisateur (e-mail)")),
            tuple(members.get((committee, scope), []))))
    return definitions


def read_gate_definitions(rows: _TableRows) -> list[GateDefinition]:
    """The gates of each life cycle (Config)."""
    found = []
    for _, values, cells in rows.rows:
        cycle, code = _text(values.get("Cycle")), _text(values.get("Porte"))
        if cycle is None or code is None:
            rows.problem(cells, "Porte", "gate without cycle or code", code, "a cycle and a gate code")
            continue
        if fold_text(cycle) == "classic":  # an English master's name of the classic cycle
            cycle = "classique"
        found.append(GateDefinition(fold_text(cycle), code, _text(values.get("Libellé")) or code,
                                    _text(values.get("Phase ouverte"))))
    return found


def _identified_rows(rows: _TableRows, title_header: str, register: str, status_enum, expected_statuses: str):
    """``(values, cells, status)`` of each row with an id and a title; the others, and unknown statuses, are
    located problems."""
    for _, values, cells in rows.rows:
        ident, title = _text(values.get("Id")), _text(values.get(title_header))
        if ident is None or title is None:
            rows.problem(cells, "Id" if ident is None else title_header, f"governance {register} without id or title",
                         ident or title, "an id and a title")
            continue
        status = parse_enum(status_enum, values.get("Statut"))
        if values.get("Statut") is not None and status is None:
            rows.problem(cells, "Statut", f"unknown {register} status", values.get("Statut"), expected_statuses)
        yield values, cells, status


def _actions(rows: _TableRows) -> list[Action]:
    return [Action(_text(values.get("Id")), _text(values.get("Action")), owner=_text(values.get("Responsable")),
                   due_date=_date(rows, values, cells, "Échéance"), status=status or ItemStatus.OPEN,
                   committee=parse_enum(Committee, values.get("Comité")),
                   raised_on=_date(rows, values, cells, "Ouverte le"),
                   closed_on=_date(rows, values, cells, "Close le"),
                   decision_id=_text(values.get("Décision liée")), project=_text(values.get("Projet")),
                   origin=_text(values.get("Origine")))
            for values, cells, status in _identified_rows(rows, "Action", "action", ItemStatus,
                                                          "ouvert, en cours, clos or annulé")]


def _decisions(rows: _TableRows) -> list[Decision]:
    return [Decision(_text(values.get("Id")), _text(values.get("Décision")),
                     committee=parse_enum(Committee, values.get("Comité")),
                     decided_on=_date(rows, values, cells, "Décidée le"),
                     status=status or DecisionStatus.PROPOSED, owner=_text(values.get("Responsable")),
                     due_date=_date(rows, values, cells, "Échéance de mise en œuvre"),
                     impact=_text(values.get("Impact")), project=_text(values.get("Projet")),
                     origin=_text(values.get("Origine")))
            for values, cells, status in _identified_rows(rows, "Décision", "decision", DecisionStatus,
                                                          "à décider, approuvée, rejetée or mise en œuvre")]


def _history(rows: _TableRows) -> list[StatusChange]:
    found = []
    for _, values, cells in rows.rows:
        ref, day = _text(values.get("Réf.")), _date(rows, values, cells, "Date")
        kind = RegisterKind.DECISION if fold_text(str(values.get("Registre") or "")) == "decision" \
            else RegisterKind.ACTION
        if ref is None or day is None:
            continue
        found.append(StatusChange(ref, kind, day, _status_code(kind, values.get("Ancien statut")),
                                  _status_code(kind, values.get("Nouveau statut")),
                                  _date(rows, values, cells, "Ancienne échéance"),
                                  _date(rows, values, cells, "Nouvelle échéance"), _text(values.get("Réunion"))))
    return found


def _status_code(kind: RegisterKind, text) -> str | None:
    """The status code of a label of the history ("clos" → "closed"); unknown text is kept as typed."""
    member = parse_enum(DecisionStatus if kind is RegisterKind.DECISION else ItemStatus, text)
    return member.value if member is not None else _text(text)


def _split(text) -> tuple[str, ...]:
    return tuple(p.strip() for p in str(text or "").split(";") if p.strip())


def _meetings(rows: _TableRows) -> list[MeetingRecord]:
    found = []
    for _, values, cells in rows.rows:
        ident, day = _text(values.get("Réunion")), _date(rows, values, cells, "Date")
        if ident is None or day is None:
            continue
        quorum = _text(values.get("Quorum atteint"))
        found.append(MeetingRecord(ident, _text(values.get("Comité")) or "", day, _split(values.get("Participants")),
                                   _split(values.get("Présents")),
                                   None if quorum is None else fold_text(quorum) in YES_WORDS,
                                   _text(values.get("Fichier"))))
    return found


def _gates(rows: _TableRows) -> list[GateRecord]:
    found = []
    for _, values, cells in rows.rows:
        project, gate = _text(values.get("Projet")), _text(values.get("Porte"))
        if project is None or gate is None:
            rows.problem(cells, "Projet" if project is None else "Porte", "gate row without project or gate",
                         None, "a project code and a gate")
            continue
        raw = values.get("Décision")
        decision = _labelled(GATE_DECISION_LABELS, raw) if _text(raw) else None
        if _text(raw) and decision is None:
            rows.problem(cells, "Décision", "unknown gate decision", raw, "go, go sous conditions, no-go or reporté")
        found.append(GateRecord(project, gate, _date(rows, values, cells, "Date prévue"),
                                _date(rows, values, cells, "Date réelle"), decision, _text(values.get("Conditions")),
                                _text(values.get("Responsable des conditions")),
                                _date(rows, values, cells, "Échéance des conditions"),
                                _text(values.get("Preuves attendues")), _text(values.get("Preuves reçues")),
                                _text(values.get("Comité"))))
    return found


def _changes(rows: _TableRows) -> list[ChangeRequest]:
    found = []
    for _, values, cells in rows.rows:
        ref, project, request = _text(values.get("Réf.")), _text(values.get("Projet")), _text(values.get("Demande"))
        if ref is None or project is None or request is None:
            rows.problem(cells, "Réf.", "change request without reference, project or request", ref,
                         "a reference, a project code and the request")
            continue
        raw = values.get("Décision")
        decision = _labelled(CHANGE_DECISION_LABELS, raw) if _text(raw) else ChangeDecision.PENDING
        if decision is None:
            rows.problem(cells, "Décision", "unknown change decision", raw, "en attente, approuvée or rejetée")
            decision = ChangeDecision.PENDING
        found.append(ChangeRequest(ref, project, request, _text(values.get("Demandeur")),
                                   _date(rows, values, cells, "Déposée le"), _number(rows, values, cells, "Impact coût"),
                                   _number(rows, values, cells, "Impact délai (j)"),
                                   _text(values.get("Impact périmètre")), decision, _text(values.get("Comité")),
                                   _date(rows, values, cells, "Décidée le"),
                                   _date(rows, values, cells, "Nouvelle fin de référence")))
    return found


def read_registers(wb, path: str, problems) -> GovernanceRegisters:
    """Every governance register of an open (openpyxl) master workbook."""
    def rows(table):
        return _TableRows(wb, table, path, problems)

    return GovernanceRegisters(_actions(rows(GOV_ACTIONS)), _decisions(rows(GOV_DECISIONS)),
                               _history(rows(GOV_HISTORY)), _meetings(rows(GOV_MEETINGS)), _gates(rows(GATES)),
                               _changes(rows(CHANGES)))


def read_previous_baselines(wb) -> dict[str, date]:
    """Baseline finish of each project as the previous consolidation wrote it (sheet Portefeuille)."""
    from pmo_xl.model.portfolio import TABLES_BY_KEY

    from pmo_xl.io.master.language import find_sheet, french_text

    spec = TABLES_BY_KEY["overview"]
    name = find_sheet(wb.sheetnames, spec.sheet)
    if name is None or spec.table_name not in wb[name].tables:
        return {}
    sheet = wb[name]
    rows = [list(r) for r in sheet[sheet.tables[spec.table_name].ref]]
    header = [french_text(str(c.value)) if c.value is not None else None for c in rows[0]]
    code_at, finish_at = (header.index(spec.column(k).header) if spec.column(k).header in header else None
                          for k in ("project_code", "baseline_finish"))
    if code_at is None or finish_at is None:
        return {}
    found = {}
    for row in rows[1:]:
        code, finish = row[code_at].value, row[finish_at].value
        try:
            day = _as_date(finish)
        except (TypeError, ValueError):
            continue
        if code and day:
            found[str(code)] = day
    return found


def read_governance_config(wb, path: str, problems) -> tuple[list[CommitteeDefinition], list[GateDefinition]]:
    """The committee definitions (with members) and the gate definitions of the Config sheet."""
    committees = read_committees(_TableRows(wb, COMMITTEES, path, problems), _TableRows(wb, MEMBERS, path, problems))
    return committees, read_gate_definitions(_TableRows(wb, GATE_DEFINITIONS, path, problems))


__all__ = ["read_committees", "read_gate_definitions", "read_governance_config", "read_previous_baselines",
           "read_registers"]
