"""The COPROJ pack and minutes take their members from the master's committees (Config sheet).

A master defines a COPROJ for the programme "Canaux digitaux" (chair, three members with e-mails,
quorum 2) and none for "Data". The COPROJ of the programme lists its members with their e-mails and
the quorum; the COPROJ of a project of "Data" falls back on the project manager and the sponsor, and
says so.
"""

from __future__ import annotations

from datetime import date, datetime

import docx
import pytest

from pmo_xl.io.governance_sheets import GovernanceSetup
from pmo_xl.io.master.reader import read_snapshot
from pmo_xl.io.master.template import write_master_template
from pmo_xl.io.workbook_writer import write_project_workbook
from pmo_xl.model import Committee
from pmo_xl.model.domain import Project, ProjectData, Task
from pmo_xl.model.governance import GovernanceRegisters
from pmo_xl.model.period import parse_period, reporting_period_for
from pmo_xl.reports.context import PackKind, PackRequest
from pmo_xl.reports.packs import write_pack
from pmo_xl.service.consolidate import consolidate

STATUS_DATE = date(2026, 11, 2)
DIGITAL = "Canaux digitaux"
MEMBERS = (("Salma Chraibi", "s.chraibi@banque.ma", "Directrice digitale"),
           ("Omar Tazi", "o.tazi@banque.ma", "DSI"),
           ("Jane Smith", "j.smith@banque.ma", "Auditrice"))


def _setup() -> GovernanceSetup:
    committees = [("COPIL", None, "2e mardi du mois, 10:00-12:00", date(2026, 1, 1), None, "Siège", "Nadia Alaoui",
                   2, "pmo@banque.ma"),
                  ("COPROJ", DIGITAL, "1er lundi du mois, 09:00-10:30", date(2026, 1, 1), None, "Salle PMO",
                   "Salma Chraibi", 2, "pmo@banque.ma")]
    members = [("COPIL", None, "Nadia Alaoui", "n.alaoui@banque.ma", "Présidente", "fr")]
    members += [("COPROJ", DIGITAL, name, email, role, "fr") for name, email, role in MEMBERS]
    return GovernanceSetup(committees, members, GovernanceRegisters())


def _project(code: str, programme: str) -> ProjectData:
    tasks = [Task("1", "Cadrage", duration_days=3, cost=3000.0,
                  baseline_start=datetime(2026, 11, 2, 8), baseline_finish=datetime(2026, 11, 4, 17))]
    project = Project(code=code, name=f"Projet {code}", start=date(2026, 11, 2), status_date=STATUS_DATE,
                      project_manager=f"Chef {code}", sponsor=f"Sponsor {code}", programme=programme,
                      baseline_start=date(2026, 11, 2), baseline_finish=date(2026, 11, 4))
    return ProjectData(project, tasks=tasks)


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    folder = tmp_path_factory.mktemp("coproj")
    master = write_master_template(folder / "portefeuille_maitre.xlsx", governance=_setup())
    projects = folder / "projets"
    projects.mkdir()
    write_project_workbook(_project("ALPHA", DIGITAL), projects / "ALPHA.xlsx")
    write_project_workbook(_project("BETA", "Data"), projects / "BETA.xlsx")
    consolidate(master, projects, reporting_period_for(STATUS_DATE), workers=1)
    return read_snapshot(master)


def _pack(snapshot, tmp_path, scope: str, lang: str):
    request = PackRequest(parse_period("2026-11"), PackKind.MONTHLY, Committee.COPROJ, lang, project=scope,
                          generated_on=STATUS_DATE)
    result = write_pack(snapshot, request, tmp_path, formats=("docx",))
    assert result.problems == []
    return docx.Document(str(result.pack)), docx.Document(str(result.minutes))


def _rows(document, first_header: str, last_header: str) -> list[list[str]]:
    for table in document.tables:
        header = [c.text for c in table.rows[0].cells]
        if header[0] == first_header and header[-1] == last_header:
            return [[c.text for c in row.cells] for row in table.rows[1:] if any(c.text for c in row.cells)]
    raise AssertionError(f"no table {first_header} … {last_header}")


def _text(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def test_coproj_of_a_programme_lists_its_members_from_config(snapshot, tmp_path):
    pack, minutes = _pack(snapshot, tmp_path, DIGITAL, "fr")
    assert _rows(pack, "Nom", "E-mail") == [["Salma Chraibi", "Président", "s.chraibi@banque.ma"],
                                            ["Omar Tazi", "Membre", "o.tazi@banque.ma"],
                                            ["Jane Smith", "Membre", "j.smith@banque.ma"]]
    assert "quorum : 2 membre(s) présent(s)" in _text(pack)
    attendees = _rows(minutes, "Nom", "Présent")
    assert [row[:3] for row in attendees[:3]] == [["Salma Chraibi", "Président", "s.chraibi@banque.ma"],
                                                  ["Omar Tazi", "Membre", "o.tazi@banque.ma"],
                                                  ["Jane Smith", "Membre", "j.smith@banque.ma"]]
    assert "Chef BETA" not in {row[0] for row in attendees}
    assert "quorum : 2" in _text(minutes)


def test_coproj_of_a_project_takes_its_programme_committee(snapshot, tmp_path):
    pack, _ = _pack(snapshot, tmp_path, "ALPHA", "en")
    assert _rows(pack, "Name", "E-mail")[0] == ["Salma Chraibi", "Chair", "s.chraibi@banque.ma"]
    assert "quorum: 2 member(s) present" in _text(pack)


def test_coproj_without_a_committee_row_falls_back_on_manager_and_sponsor(snapshot, tmp_path):
    pack, minutes = _pack(snapshot, tmp_path, "BETA", "fr")
    names = [row[0] for row in _rows(pack, "Nom", "E-mail")]
    assert names == ["PMO", "Chef BETA", "Sponsor BETA"]
    assert "Salma Chraibi" not in names
    assert "Aucun COPROJ n'est défini pour BETA" in _text(pack)
    assert "chef de projet et le sponsor" in _text(pack)
    assert "Aucun COPROJ n'est défini pour BETA" in _text(minutes)
    assert {row[0] for row in _rows(minutes, "Nom", "Présent")} >= {"Chef BETA", "Sponsor BETA"}
