"""Closed-loop governance on the demo portfolio: minutes import, overdue follow-up, invitations, gates and changes.

The demo (status date 30 October 2026) is run once; each test works on what
it wrote, read back with python-docx, openpyxl, icalendar and email.parser.
Dates worked out by hand on the 2026 calendar: COPIL on the 2nd Tuesday
(13 October, 10 November 2026); technical committee on the 3rd Wednesday,
whose November meeting falls on Independence Day (Wednesday 18 November) and
moves to Thursday 19 November.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime
from email import policy
from email.parser import BytesParser
from pathlib import Path
from zoneinfo import ZoneInfo

import docx
import icalendar
import openpyxl
import pytest
from typer.testing import CliRunner

from pmo_xl.cli import app
from pmo_xl.demo.run import run_demo
from pmo_xl.model import Committee
from pmo_xl.service.invitations import hand_off_smtp, write_invitations
from pmo_xl.service.minutes_import import import_minutes

CASABLANCA = ZoneInfo("Africa/Casablanca")
STAMP = datetime(2026, 10, 30, 18, 0, tzinfo=ZoneInfo("UTC"))


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    run_demo(out)
    return out


@pytest.fixture()
def copies(demo, tmp_path) -> tuple[Path, Path]:
    master = tmp_path / "portefeuille_maitre.xlsx"
    shutil.copy2(demo / "portefeuille_maitre.xlsx", master)
    minutes = tmp_path / "compte-rendu.docx"
    shutil.copy2(demo / "packs" / "COPIL_monthly_2026-10_fr_compte-rendu.docx", minutes)
    return master, minutes


def _tables(path: Path, *names: str) -> list[list[dict]]:
    """The rows of the Excel tables ``names`` of one workbook, read once with openpyxl."""
    book = openpyxl.load_workbook(path, read_only=False, data_only=True)
    found = {}
    for sheet in book.worksheets:
        for name in names:
            if name in sheet.tables:
                rows = [[c.value for c in row] for row in sheet[sheet.tables[name].ref]]
                found[name] = [dict(zip(rows[0], r)) for r in rows[1:] if any(v is not None for v in r)]
    return [found[name] for name in names]


def _docx_table(document, first_headers: tuple[str, ...]):
    for table in document.tables:
        headers = tuple(c.text for c in table.rows[0].cells)
        if headers[:len(first_headers)] == first_headers:
            return table
    raise AssertionError(first_headers)


def _fill_demo_minutes(path: Path) -> None:
    """One new decision, one new action, existing action A-002 closed, two members present."""
    document = docx.Document(str(path))
    for row in _docx_table(document, ("Nom", "Rôle")).rows[1:]:
        if row.cells[0].text in ("Rachid Bennis", "Leila Chraibi", "Jane Smith"):
            row.cells[3].text = "oui"
    decisions = _docx_table(document, ("Réf.", "Décision"))
    actions = _docx_table(document, ("Réf.", "Action"))
    empty = next(r for r in decisions.rows[1:] if not any(c.text.strip() for c in r.cells))
    for cell, text in zip(empty.cells, ["", "Geler le périmètre de la release 3", "PRJ-02", "Jane Smith",
                                        "15/12/2026", "approuvée"]):
        cell.text = text
    next(r for r in actions.rows[1:] if r.cells[0].text == "A-002").cells[5].text = "clos"
    empty = next(r for r in actions.rows[1:] if not any(c.text.strip() for c in r.cells))
    for cell, text in zip(empty.cells, ["", "+ Préparer le dossier d'arbitrage 2027", "", "Leila Chraibi",
                                        "2026-11-30", "ouvert"]):
        cell.text = text
    document.save(str(path))


def test_acceptance_demo_minutes_imported_twice(copies):
    master, minutes = copies
    _fill_demo_minutes(minutes)
    before = _tables(master, "tblGouvActions", "tblGouvDecisions")
    before_actions, before_decisions = ({r["Id"] for r in rows} for rows in before)
    untouched = master.read_bytes()
    dry = CliRunner().invoke(app, ["minutes", "import", str(minutes), "--master", str(master), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert master.read_bytes() == untouched and not (master.parent / "sauvegardes").exists()
    for _ in range(2):
        outcome = CliRunner().invoke(app, ["minutes", "import", str(minutes), "--master", str(master)])
        assert outcome.exit_code == 0, outcome.output
    action_rows, decision_rows, history_rows, meeting = _tables(master, "tblGouvActions", "tblGouvDecisions",
                                                                "tblGouvHistorique", "tblGouvReunions")
    actions = {r["Id"]: r for r in action_rows}
    decisions = {r["Id"]: r for r in decision_rows}
    assert set(actions) - before_actions == {"A-006"} and set(decisions) - before_decisions == {"D-004"}
    assert actions["A-006"]["Action"] == "+ Préparer le dossier d'arbitrage 2027"
    assert decisions["D-004"]["Projet"] == "PRJ-02" and decisions["D-004"]["Statut"] == "approuvée"
    closed = actions["A-002"]
    assert closed["Statut"] == "clos" and closed["Close le"] == datetime(2026, 11, 10)
    history = [(h["Réf."], h["Ancien statut"], h["Nouveau statut"], h["Date"]) for h in history_rows]
    assert history.count(("A-002", "en cours", "clos", datetime(2026, 11, 10))) == 1
    assert len(history) == 3  # A-002 closed, D-004 and A-006 created: the second import added nothing
    assert [(m["Réunion"], m["Quorum atteint"]) for m in meeting] == [("COPIL-2026-11-10", "oui")]
    assert len(list((master.parent / "sauvegardes").iterdir())) == 1  # the second import wrote nothing


def test_project_items_in_the_minutes_are_left_to_the_project_workbooks(copies):
    master, minutes = copies
    result = import_minutes(master, minutes, dry_run=True)
    assert not result.problems.has_errors and not result.plan.changes
    document = docx.Document(str(minutes))
    project_refs = [r.cells[0].text for r in _docx_table(document, ("Réf.", "Décision")).rows[1:]
                    if r.cells[0].text and not r.cells[0].text.startswith("D-")]
    assert project_refs  # the pack's decisions to take are in the minutes too
    document = docx.Document(str(minutes))
    row = next(r for r in _docx_table(document, ("Réf.", "Décision")).rows[1:] if r.cells[0].text == project_refs[0])
    row.cells[5].text = "approuvée"
    document.save(str(minutes))
    changed = import_minutes(master, minutes, dry_run=True)
    assert [p.message.startswith("item of a project workbook") for p in changed.problems] == [True]
    assert not changed.problems.has_errors


def _late(row: dict) -> bool:
    return row["En retard"] in (True, "VRAI", "oui", 1)


def _overdue_in_master(tables: list[list[dict]]) -> dict[tuple[str, str], int]:
    found = {}
    for rows, id_header in zip(tables, ("Id action", "Id décision")):
        for row in rows:
            if _late(row):
                found[(row["Code projet"], row[id_header])] = int(row["Jours de retard"])
    return found


def test_overdue_items_are_the_same_records_in_master_pack_and_reminders(demo, tmp_path):
    master = demo / "portefeuille_maitre.xlsx"
    actions, decisions, followup = _tables(master, "tblActions", "tblDecisions", "tblSuiviResponsables")
    in_master = _overdue_in_master([actions, decisions])
    per_owner = {(r["Code projet"], r["Réf."]): int(r["Jours de retard"]) for r in followup if _late(r)}
    assert per_owner == in_master and ("PRJ-01", "A-001") in in_master and in_master[("PRJ-01", "A-001")] == 45
    escalated_in_master = {key for key, days in in_master.items() if days > 30}  # Config: 30 days
    assert ("PRJ-01", "PORTE-PRJ-01-G3") in escalated_in_master  # the late conditions of PRJ-01's conditional go
    # the dashboard lists them all, escalated ones marked
    [in_dashboard] = _tables(demo / "packs" / "COPIL_monthly_2026-10_fr_dashboard.xlsx", "tblOverdue")
    assert {(r["Code projet"], r["Réf."]): int(r["Jours de retard"]) for r in in_dashboard} == in_master
    assert {(r["Code projet"], r["Réf."]) for r in in_dashboard if r["Escaladé au COPIL"] == "oui"} == escalated_in_master
    # the COPIL pack's appendix: the most overdue of the same records, and how many more there are
    pack = docx.Document(str(demo / "packs" / "COPIL_monthly_2026-10_fr.docx"))
    table = _docx_table(pack, ("Registre", "Projet", "Réf.", "Intitulé", "Responsable", "Échéance", "Retard (j)",
                               "Escaladé"))
    in_pack = {(r.cells[1].text, r.cells[2].text): int(r.cells[6].text) for r in table.rows[1:]}
    assert 0 < len(in_pack) < len(in_master) and all(in_master[key] == days for key, days in in_pack.items())
    assert min(in_pack.values()) >= max(days for key, days in in_master.items() if key not in in_pack)
    assert {(r.cells[1].text, r.cells[2].text) for r in table.rows[1:] if r.cells[7].text == "oui"} == \
        escalated_in_master & set(in_pack)
    texts = [p.text for p in pack.paragraphs]
    assert f"… et {len(in_master) - len(in_pack)} autres points en retard : liste complète dans la feuille « Retards » " \
           "du tableau de bord et la feuille « Suivi par responsable » du classeur maître." in texts
    # the synthesis: how many are escalated, and the most overdue of them
    assert (f"{len(escalated_in_master)} points escaladés (en retard au-delà du seuil d'escalade) sur "
            f"{len(in_master)} points en retard.") in texts
    escalated = _docx_table(pack, ("Registre", "Projet", "Réf.", "Intitulé", "Responsable", "Échéance", "Retard (j)"))
    on_page_one = {(r.cells[1].text, r.cells[2].text) for r in escalated.rows[1:]}
    assert on_page_one and on_page_one <= escalated_in_master
    assert f"… et {len(escalated_in_master) - len(on_page_one)} autres points escaladés : liste complète dans la " \
           "feuille « Retards » du tableau de bord et la feuille « Suivi par responsable » du classeur maître." in texts
    result = write_invitations(master, Committee.COPIL, tmp_path, stamp=STAMP)
    listed = {}
    for owner, path in result.reminders.items():
        body = BytesParser(policy=policy.default).parsebytes(path.read_bytes()).get_body().get_content()
        for key in in_master:
            if f" {key[1]} " in body and (key[0] in body or key[0] == "PORTEFEUILLE"):
                listed[key] = owner
    assert escalated_in_master <= set(listed)


def test_invitations_follow_the_recurrence_and_skip_holidays(demo, tmp_path):
    master = demo / "portefeuille_maitre.xlsx"
    pack = demo / "packs" / "TECH_monthly_2026-10_fr.docx"
    outcome = CliRunner().invoke(app, ["invite", "--master", str(master), "--committee", "TECH", "--out",
                                       str(tmp_path), "--pack", str(pack), "--json"])
    assert outcome.exit_code == 0, outcome.output
    invitation = next(tmp_path.glob("*.ics"))
    calendar = icalendar.Calendar.from_ical(invitation.read_bytes())
    event = calendar.walk("VEVENT")[0]
    assert event.decoded("dtstart") == datetime(2026, 11, 19, 14, 0, tzinfo=CASABLANCA)
    assert event.decoded("dtend") == datetime(2026, 11, 19, 16, 0, tzinfo=CASABLANCA)
    attendees = sorted(str(a) for a in event.get("attendee"))
    assert attendees == ["mailto:k.benali@filiale-si.ma", "mailto:s.lahlou@filiale-si.ma",
                         "mailto:y.elamrani@filiale-si.ma"]
    assert str(event.get("organizer")) == "mailto:pmo@filiale-si.ma"
    assert str(event.get("location")) == "Salle technique"
    assert str(event.get("attach")) == pack.resolve().as_uri()
    assert "Chemins critiques" in str(event.get("description"))
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Africa/Casablanca"
    copil = write_invitations(master, Committee.COPIL, tmp_path / "copil", stamp=STAMP)
    copil_event = icalendar.Calendar.from_ical(copil.invitation.read_bytes()).walk("VEVENT")[0]
    assert copil_event.decoded("dtstart") == datetime(2026, 11, 10, 10, 0, tzinfo=CASABLANCA)
    messages = {owner: BytesParser(policy=policy.default).parsebytes(p.read_bytes())
                for owner, p in copil.reminders.items()}
    assert len(list((tmp_path / "copil").glob("*.eml"))) == len(messages)
    jane = messages["Jane Smith"]
    assert jane["To"] == "Jane Smith <j.smith@filiale-si.ma>" and jane["Content-Language"] == "en"
    assert jane["Subject"].startswith("Reminder before the Steering committee of 2026-11-10")
    assert "A-003" in jane.get_body().get_content()
    leila = messages["Leila Chraibi"]
    assert leila["Content-Language"] == "fr" and "A-002" in leila.get_body().get_content()
    assert "en retard de 10 jours" in leila.get_body().get_content()


def test_smtp_hand_off_is_explicit_and_sends_only_addressed_reminders(demo, tmp_path):
    result = write_invitations(demo / "portefeuille_maitre.xlsx", Committee.COPIL, tmp_path, stamp=STAMP)
    sent = []

    class FakeSmtp:
        def __init__(self, host, port):
            self.address = (host, port)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def send_message(self, message):
            assert message["X-Unsent"] is None
            sent.append(message["To"])

    count = hand_off_smtp(list(result.reminders.values()), "smtp.local", 2525, smtp_class=FakeSmtp)
    addressed = [o for o, p in result.reminders.items()
                 if BytesParser(policy=policy.default).parsebytes(p.read_bytes())["To"]]
    assert count == len(sent) == len(addressed) > 0


def test_gate_register_and_change_log_in_the_demo_and_compliance_uses_them(demo):
    master = demo / "portefeuille_maitre.xlsx"
    gates, change_rows, compliance_rows, committee_rows = _tables(
        master, "tblPortes", "tblChangements", "tblConformite", "tblComitesCalendrier")
    changes = {r["Réf."]: r for r in change_rows}
    assert {"G0", "G1", "G2", "G3", "R1", "R2"} <= {g["Porte"] for g in gates}
    assert sorted(changes) == ["CR-001", "CR-002", "CR-003"]
    compliance = {(r["Code projet"], r["Contrôle"]): r for r in compliance_rows}
    assert compliance[("PRJ-01", "rebaseline_approved")]["Résultat"] == "missing"
    assert "CR-002" in compliance[("PRJ-01", "rebaseline_approved")]["Détail"]
    assert compliance[("PRJ-05", "rebaseline_approved")]["Résultat"] == "ok"
    assert compliance[("PRJ-12", "gate_G3")]["Résultat"] == "missing"  # postponed
    assert compliance[("PRJ-03", "gate_G1")]["Détail"] == "preuves manquantes : Budget approuvé"
    assert compliance[("PRJ-03", "gate_G0")]["Résultat"] == "ok"
    assert not [key for key in compliance if key[1] in ("acceptance_test_gate", "security_test_gate")]
    pack = docx.Document(str(demo / "packs" / "COPIL_monthly_2026-10_fr.docx"))
    approved = _docx_table(pack, ("Projet", "Réf.", "Demande"))
    # CR-001 was approved on 20 October, after the COPIL of 13 October; CR-003 was rejected
    assert [r.cells[1].text for r in approved.rows[1:]] == ["CR-001"]
    committees = {(r["Comité"], r["Périmètre"]): r for r in committee_rows}
    assert committees[("COPIL", None)]["Prochaine réunion"] == datetime(2026, 11, 10)
    assert committees[("comité technique", None)]["Prochaine réunion"] == datetime(2026, 11, 19)
    assert date(2026, 10, 13) == committees[("COPIL", None)]["Réunion précédente"].date()


def test_a_project_committee_pack_takes_the_calendar_of_its_programme(demo, tmp_path):
    from pmo_xl.io.master.reader import read_snapshot
    from pmo_xl.reports.context import PackKind, PackRequest
    from pmo_xl.reports.packs import write_pack
    from pmo_xl.model.period import parse_period

    request = PackRequest(period=parse_period("2026-10"), kind=PackKind.MONTHLY, committee=Committee.COPROJ,
                          project="PRJ-01", lang="fr", generated_on=date(2026, 10, 30))
    result = write_pack(read_snapshot(demo / "portefeuille_maitre.xlsx"), request, tmp_path)
    minutes = docx.Document(str(result.minutes))
    texts = [p.text for p in minutes.paragraphs]
    # PRJ-01 belongs to the programme "Transformation SI", whose COPROJ meets on the 1st Monday: 2 November 2026
    assert "Référence du comité : COPROJ/Transformation SI" in texts
    assert "Date de la réunion : 02/11/2026" in texts
    actions = _docx_table(minutes, ("Réf.", "Action"))
    projects = {r.cells[2].text for r in actions.rows[1:] if r.cells[0].text}
    assert projects == {"PRJ-01"}


def test_a_committee_with_several_calendars_needs_its_scope(demo, tmp_path):
    master = demo / "portefeuille_maitre.xlsx"
    outcome = CliRunner().invoke(app, ["invite", "--master", str(master), "--committee", "COPROJ", "--out",
                                       str(tmp_path)])
    assert outcome.exit_code == 2 and not list(tmp_path.iterdir())
    result = write_invitations(master, Committee.COPROJ, tmp_path, scope="Transformation SI", stamp=STAMP)
    event = icalendar.Calendar.from_ical(result.invitation.read_bytes()).walk("VEVENT")[0]
    assert event.decoded("dtstart") == datetime(2026, 11, 2, 9, 0, tzinfo=CASABLANCA)  # 1st Monday, 09:00
    # the members of this COPROJ are the project managers of the programme (PRJ-01, PRJ-05, PRJ-14)
    assert sorted(str(a) for a in event.get("attendee")) == ["mailto:m.alaoui@filiale-si.ma",
                                                             "mailto:s.chraibi@filiale-si.ma"]
