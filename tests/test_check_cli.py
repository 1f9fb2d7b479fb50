"""``pmo-xl check`` on the reference schedules, the demo projects and a plan with a cycle.

The link counts of the MS Project files are read a second time straight from their XML with lxml, so
the leads, lags and relationship-type checks are compared with an independent count.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from lxml import etree
from typer.testing import CliRunner

from pmo_xl.cli import app
from pmo_xl.engine.dcma import CHECK_CODES, assess_schedule
from pmo_xl.model import CalendarSpec, Link, Project, ProjectData, Task

from reference_files import schedule_path

runner = CliRunner()
NS = {"p": "http://schemas.microsoft.com/project"}
REFERENCE_FILES = [
    "mspdi_mpxj_durations_10t.xml", "mspdi_mpxj_relations_5t.xml", "mspdi_mpxj_sample_19t.xml",
    "mspdi_msp2016_software_dev_86t.xml", "xer_p6_house_198a.xer", "xer_p6_takt_building_25a.xer",
    "xer_p6cloud_summary_23a.xer", "xer_p6_hs2_sp10_3994a.xer",
    pytest.param("mpp_msp2010_training_76t.mpp", marks=pytest.mark.slow),
    pytest.param("mpp_msp2010_homemove_171t.mpp", marks=pytest.mark.slow),
]


def check_json(path) -> dict:
    result = runner.invoke(app, ["check", str(path), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("name", REFERENCE_FILES)
def test_every_check_is_present_with_its_counts_on_each_reference_file(name):
    if name.endswith(".mpp"):
        pytest.importorskip("mpxj")
    report = check_json(schedule_path(name))
    assert [c["code"] for c in report["checks"]] == list(CHECK_CODES)
    for check in report["checks"]:
        assert isinstance(check["count"], (int, float)) and isinstance(check["denominator"], (int, float))
        assert check["passed"] in (True, False, None)
        assert check["count"] >= 0 and check["denominator"] >= 0
        if check["ratio"] is not None and check["code"] not in ("cpli", "bei"):
            assert check["ratio"] == pytest.approx(check["count"] / check["denominator"])
    assert report["applicable"] == sum(c["passed"] is not None for c in report["checks"])


def _mspdi_links(path) -> list[tuple[str, int, int]]:
    """(successor UID, link type, lag in tenths of minutes) of every link into a leaf task, from the XML."""
    tree = etree.parse(str(path))
    links = []
    for node in tree.iterfind(".//p:Tasks/p:Task", NS):
        uid = node.findtext("p:UID", namespaces=NS)
        if uid == "0" or node.findtext("p:Summary", namespaces=NS) == "1":
            continue
        for link in node.iterfind("p:PredecessorLink", NS):
            links.append((uid, int(link.findtext("p:Type", "1", NS)), int(link.findtext("p:LinkLag", "0", NS))))
    return links


@pytest.mark.parametrize("name", ["mspdi_mpxj_relations_5t.xml", "mspdi_mpxj_sample_19t.xml",
                                  "mspdi_msp2016_software_dev_86t.xml"])
def test_link_checks_match_a_count_read_from_the_xml(name):
    path = schedule_path(name)
    links = _mspdi_links(path)
    checks = {c["code"]: c for c in check_json(path)["checks"]}
    finish_to_start = sum(1 for _, kind, _ in links if kind == 1)  # MSPDI Type 1 = FS
    assert checks["relationship_types"]["denominator"] == len(links)
    assert checks["relationship_types"]["count"] == finish_to_start
    assert checks["leads"]["count"] == sum(1 for *_, lag in links if lag < 0)
    assert checks["lags"]["count"] == sum(1 for *_, lag in links if lag > 0)


def test_relations_file_counts_worked_by_hand():
    # Task 1 → 2 FS, 2 → 3 SS + 1 day, 3 → 4 FF, 4 → 5 SF: Task 1 has no predecessor and Task 5 no successor
    checks = {c["code"]: c for c in check_json(schedule_path("mspdi_mpxj_relations_5t.xml"))["checks"]}
    assert (checks["logic"]["count"], checks["logic"]["denominator"], checks["logic"]["task_ids"]) == (2, 5, ["1", "5"])
    assert (checks["lags"]["count"], checks["lags"]["task_ids"]) == (1, ["3"])
    assert (checks["relationship_types"]["count"], checks["relationship_types"]["task_ids"]) == (1, ["3", "4", "5"])
    assert checks["relationship_types"]["passed"] is False  # 25 % FS < 90 %


def test_demo_projects_are_assessed_on_every_check():
    from pmo_xl.demo.portfolio import build_demo_portfolio

    projects = build_demo_portfolio()
    for data in projects[:6]:
        assessment = assess_schedule(data)
        assert len(assessment.checks) == 14
        # the demo plans have a status date, baselines and resources: every check applies
        assert assessment.applicable_count == 14, data.project.code
        bei = assessment.check("bei")
        assert bei.count <= sum(1 for t in data.tasks if not t.summary)


def test_check_command_on_a_demo_project_workbook(tmp_path):
    from pmo_xl.demo.portfolio import build_demo_portfolio
    from pmo_xl.io.workbook_writer import write_project_workbook

    data = build_demo_portfolio()[0]
    book = write_project_workbook(data, tmp_path / "demo.xlsx")
    report = check_json(book)
    assert [c["code"] for c in report["checks"]] == list(CHECK_CODES)
    # the workbook read back gives the same assessment as the plan it was written from
    direct = assess_schedule(data)
    assert [(c["code"], c["count"], c["passed"]) for c in report["checks"]] == [
        (c.code, c.count, c.passed) for c in direct.checks]


def test_a_workbook_with_a_cycle_is_refused_with_the_cycle_tasks(tmp_path):
    from pmo_xl.io.workbook_writer import write_project_workbook

    data = ProjectData(Project("CYC", "Cycle", start=date(2026, 3, 2)),
                       tasks=[Task("1", "Analyse", duration_days=2, predecessors=[Link("3")]),
                              Task("2", "Réalisation", duration_days=2, predecessors=[Link("1")]),
                              Task("3", "Recette", duration_days=2, predecessors=[Link("2")])],
                       calendars={"Standard": CalendarSpec(holiday_country=None)})
    book = write_project_workbook(data, tmp_path / "cycle.xlsx")
    result = runner.invoke(app, ["check", str(book), "--json"])
    assert result.exit_code == 1
    assert sorted(json.loads(result.stdout)["cycle"]) == ["1", "2", "3"]


def test_table_output_in_english(tmp_path):
    result = runner.invoke(app, ["check", str(schedule_path("mspdi_mpxj_relations_5t.xml")), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "Relationship types (share of FS)" in result.stdout
