"""Reading a filled minutes document (compte rendu) written from the pack's minutes template.

The template (``report_templates/minutes_*.docx``) carries the marker
:data:`TEMPLATE_MARKER` in its keywords and four tables in this order:
attendees, agenda, decisions, actions.  :func:`read_minutes` checks that
structure first — a document not from the template, or whose tables were
re-ordered, renamed or merged, raises :class:`~pmo_xl.errors.InputError`
located at the table, row and column, and nothing is read from it.  Then it
reads each row; a malformed date or an unknown status is a located problem
of that row (the row is kept aside, the others are read).

Locations: ``sheet`` names the table ("table 3 (Décisions)"), ``row`` is the
row of the table counted from 1 (the header), ``column`` the header.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from pmo_xl.errors import InputError, Location, Problem, ProblemList
from pmo_xl.model import Committee, DecisionStatus, ItemStatus, parse_enum
from pmo_xl.model.governance import RegisterKind
from pmo_xl.model.schemas import fold_label

TEMPLATE_MARKER = "pmo-xl:compte-rendu:1"
EMPTY_MARKS = ("", "–", "-", "—")

ATTENDEE_COLUMNS = (("Nom", "Name", "name"), ("Rôle", "Role", "role"), ("E-mail", "E-mail", "email"),
                    ("Présent", "Present", "present"))
AGENDA_COLUMNS = (("N°", "No.", "number"), ("Point", "Item", "item"), ("Porteur", "Presenter", "owner"),
                  ("Notes", "Notes", "notes"))
DECISION_COLUMNS = (("Réf.", "Ref.", "id"), ("Décision", "Decision", "title"), ("Projet", "Project", "project"),
                    ("Responsable", "Owner", "owner"), ("Échéance", "Due date", "due_date"),
                    ("Statut", "Status", "status"))
ACTION_COLUMNS = (("Réf.", "Ref.", "id"), ("Action", "Action", "title"), ("Projet", "Project", "project"),
                  ("Responsable", "Owner", "owner"), ("Échéance", "Due date", "due_date"),
                  ("Statut", "Status", "status"))
TABLE_ORDER = (("attendees", "Participants", ATTENDEE_COLUMNS), ("agenda", "Ordre du jour", AGENDA_COLUMNS),
               ("decisions", "Décisions", DECISION_COLUMNS), ("actions", "Actions", ACTION_COLUMNS))
META_LABELS = {"committee_key": ("reference du comite", "committee reference"),
               "meeting_date": ("date de la reunion", "meeting date")}
PRESENT_WORDS = ("oui", "yes", "x", "present", "presente", "1", "vrai", "true", "✓", "✔")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class MinutesRow:
    """One filled row of the decisions or actions table, with its parsed values."""

    kind: RegisterKind
    row: int  # row of the table, header = 1
    ref: str | None
    title: str | None
    project: str | None
    owner: str | None
    due_date: date | None
    status: ItemStatus | DecisionStatus | None
    location: Location


@dataclass(frozen=True)
class Attendee:
    name: str
    role: str | None
    email: str | None
    present: bool


@dataclass
class MinutesDocument:
    """What a filled minutes document says: the meeting, who came, the decisions and actions."""

    path: Path
    committee_key: str
    committee: Committee
    meeting_date: date
    attendees: list[Attendee] = field(default_factory=list)
    rows: list[MinutesRow] = field(default_factory=list)
    problems: ProblemList = field(default_factory=ProblemList)

    @property
    def meeting_id(self) -> str:
        return f"{self.committee_key}-{self.meeting_date:%Y-%m-%d}"


def parse_day(text: str) -> date:
    """A date typed in the minutes: DD/MM/YYYY, YYYY-MM-DD or DD.MM.YYYY; ValueError otherwise."""
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _clean(text: str | None) -> str | None:
    value = (text or "").strip()
    return None if value in EMPTY_MARKS else value


def _structure_error(path: Path, message: str, table: int | None = None, row: int | None = None,
                     column: str | None = None, found: str | None = None, expected: str | None = None) -> InputError:
    location = Location(str(path), f"table {table}" if table else None, row=row, column=column)
    problem = Problem(message, location, found=found, expected=expected, code="minutes_structure")
    return InputError(message, location, [problem])


def _header_texts(table) -> list[str]:
    return [cell.text.strip() for cell in table.rows[0].cells] if table.rows else []


def _matches(headers: list[str], columns) -> bool:
    folded = [fold_label(h) for h in headers]
    return folded in ([fold_label(c[0]) for c in columns], [fold_label(c[1]) for c in columns])


def _check_merged(path: Path, table, number: int, columns) -> None:
    for r, tr in enumerate(table._tbl.tr_lst, start=1):
        cells = tr.tc_lst
        for c, tc in enumerate(cells):
            tc_pr = tc.tcPr
            span = tc_pr.find(f"{_W}gridSpan") if tc_pr is not None else None
            merged = tc_pr.find(f"{_W}vMerge") if tc_pr is not None else None
            if span is not None or merged is not None:
                header = columns[min(c, len(columns) - 1)][0]
                raise _structure_error(path, "merged cells in a minutes table", number, r, header,
                                       expected="one cell per column")
        if len(cells) != len(columns):
            raise _structure_error(path, "wrong number of cells in a row of a minutes table", number, r,
                                   found=str(len(cells)), expected=str(len(columns)))


def _check_tables(path: Path, tables) -> None:
    if len(tables) != len(TABLE_ORDER):
        raise _structure_error(path, "the minutes do not have the four tables of the template", found=str(len(tables)),
                               expected="attendees, agenda, decisions, actions")
    for number, (table, (_, title, columns)) in enumerate(zip(tables, TABLE_ORDER), start=1):
        headers = _header_texts(table)
        if not _matches(headers, columns):
            elsewhere = [t for _, t, cols in TABLE_ORDER if t != title and _matches(headers, cols)]
            if elsewhere:
                raise _structure_error(path, "minutes tables re-ordered", number, 1, found=elsewhere[0], expected=title)
            expected = [c[0] for c in columns]
            english = [c[1] for c in columns]
            column = next((i for i, h in enumerate(headers)
                           if i >= len(expected) or fold_label(h) not in (fold_label(expected[i]), fold_label(english[i]))),
                          min(len(headers), len(expected) - 1))
            raise _structure_error(path, "minutes table column renamed or moved", number, 1,
                                   expected[min(column, len(expected) - 1)],
                                   found=headers[column] if column < len(headers) else None,
                                   expected=" | ".join(expected))
        _check_merged(path, table, number, columns)


def _meta(path: Path, document) -> dict[str, str]:
    found: dict[str, str] = {}
    for paragraph in document.paragraphs:
        text = paragraph.text
        if ":" not in text:
            continue
        label, _, value = text.partition(":")
        for key, labels in META_LABELS.items():
            if fold_label(label) in labels:
                found[key] = value.strip()
    return found


def _meeting(path: Path, document) -> tuple[str, Committee, date]:
    meta = _meta(path, document)
    key = _clean(meta.get("committee_key"))
    committee = parse_enum(Committee, (key or "").split("/")[0])
    if committee is None:
        raise _structure_error(path, "committee reference missing or unknown", found=key,
                               expected="COPIL, COPROJ, TECH or COPROJ/<scope>")
    raw = _clean(meta.get("meeting_date"))
    try:
        day = parse_day(raw or "")
    except ValueError:
        raise _structure_error(path, "meeting date missing or malformed", found=raw,
                               expected="a date (dd/mm/yyyy)") from None
    return committee.value + key[len(key.split("/")[0]):], committee, day


def _row_values(table, row_number: int) -> list[str | None]:
    return [_clean(cell.text) for cell in table.rows[row_number - 1].cells]


def _register_row(path: Path, kind: RegisterKind, number: int, r: int, values: list, columns,
                  problems: ProblemList) -> MinutesRow:
    ref, title, project, owner, due_text, status_text = values
    title_header = columns[1][0]
    location = Location(str(path), f"table {number}", row=r, column=title_header)
    due = None
    if due_text:
        try:
            due = parse_day(due_text)
        except ValueError:
            problems.append(Problem("malformed due date", Location(str(path), f"table {number}", row=r,
                                                                   column=columns[4][0]),
                                    found=due_text, expected="a date (dd/mm/yyyy)", code="minutes_row"))
    status_enum = DecisionStatus if kind is RegisterKind.DECISION else ItemStatus
    status = parse_enum(status_enum, status_text) if status_text else None
    if status_text and status is None:
        problems.append(Problem("unknown status", Location(str(path), f"table {number}", row=r,
                                                           column=columns[5][0]),
                                found=status_text, expected=", ".join(m.value for m in status_enum),
                                code="minutes_row"))
    if ref is None and title is None:
        problems.append(Problem("row without reference or text", location, expected="the text of the item",
                                code="minutes_row"))
    return MinutesRow(kind, r, ref, title, project, owner, due, status, location)


def _register_rows(path: Path, table, number: int, kind: RegisterKind, columns, problems: ProblemList
                   ) -> list[MinutesRow]:
    rows = []
    for r in range(2, len(table.rows) + 1):
        values = _row_values(table, r)
        if not any(values):
            continue
        before = len(problems)
        row = _register_row(path, kind, number, r, values, columns, problems)
        if len(problems) == before:
            rows.append(row)
    return rows


def _attendees(table) -> list[Attendee]:
    found = []
    for r in range(2, len(table.rows) + 1):
        name, role, email, present = _row_values(table, r)
        if name:
            found.append(Attendee(name, role, email, fold_label(present or "") in PRESENT_WORDS))
    return found


def read_minutes(path: str | Path) -> MinutesDocument:
    """The filled minutes at ``path``; :class:`InputError` (located) when it is not a minutes document."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    path = Path(path)
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise _structure_error(path, "not a Word document", found=type(exc).__name__, expected="a .docx file") from exc
    if (document.core_properties.keywords or "").strip() != TEMPLATE_MARKER:
        raise _structure_error(path, "not a minutes document of the pmo-xl template",
                               found=document.core_properties.keywords or None, expected=TEMPLATE_MARKER)
    tables = document.tables
    _check_tables(path, tables)
    key, committee, day = _meeting(path, document)
    problems = ProblemList()
    rows = (_register_rows(path, tables[2], 3, RegisterKind.DECISION, DECISION_COLUMNS, problems)
            + _register_rows(path, tables[3], 4, RegisterKind.ACTION, ACTION_COLUMNS, problems))
    return MinutesDocument(path, key, committee, day, _attendees(tables[0]), rows, problems)


__all__ = ["ACTION_COLUMNS", "ATTENDEE_COLUMNS", "DECISION_COLUMNS", "TEMPLATE_MARKER", "Attendee", "MinutesDocument",
           "MinutesRow", "parse_day", "read_minutes"]
