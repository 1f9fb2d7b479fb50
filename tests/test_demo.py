"""The demo portfolio generator, its faulty workbooks and the ``pmo-xl demo`` run."""

from __future__ import annotations

import copy
import csv
import json
import random
import re
import shutil
import subprocess
from collections import Counter, defaultdict
from datetime import date, datetime, time

import docx
import openpyxl
import pytest
from typer.testing import CliRunner

from pmo_xl.cli import app
from pmo_xl.demo.budgets import spread_by_month
from pmo_xl.demo.catalogue import DEPENDENCIES, PROJECTS, VENDOR_TEAMS, resource_pool, vendor_headcounts
from pmo_xl.demo.portfolio import PortfolioLoad, build_demo_portfolio
from pmo_xl.demo.run import MANIFEST_NAME, VALIDATION_REPORT_NAME, run_demo, validation_step
from pmo_xl.engine.calendar import moroccan_calendar
from pmo_xl.engine.cpm import CSV_HEADER, schedule
from pmo_xl.engine.evm import project_earned_value
from pmo_xl.io.validation import validate_paths
from pmo_xl.io.workbook_reader import read_project_workbook
from pmo_xl.model import Committee, EvMethod, LinkType, Methodology, Rag, Resource, ResourceType
from pmo_xl.engine.portfolio.project_results import ProjectResult
from pmo_xl.engine.portfolio.resources import resources_table

STATUS_DATE = date(2026, 10, 30)
CUTOFF = datetime.combine(STATUS_DATE, time(23, 59))
HEALTH = {spec.code: spec.health for spec in PROJECTS}


@pytest.fixture(scope="module")
def portfolio():
    return build_demo_portfolio()


@pytest.fixture(scope="module")
def by_code(portfolio):
    return {data.project.code: data for data in portfolio}


def leaves(data):
    return [t for t in data.tasks if not t.summary]


# -- determinism ----------------------------------------------------------------------
def test_two_builds_are_equal_and_another_seed_differs(portfolio):
    assert build_demo_portfolio() == portfolio
    other = build_demo_portfolio(seed=7)
    assert other != portfolio
    assert [d.project.code for d in other] == [d.project.code for d in portfolio]


def test_the_global_random_generator_is_left_alone():
    random.seed(12345)
    expected = [random.random() for _ in range(3)]
    random.seed(12345)
    build_demo_portfolio()
    assert [random.random() for _ in range(3)] == expected


# -- shape of the portfolio -----------------------------------------------------------
def test_about_twenty_five_projects_of_30_to_400_tasks(portfolio):
    assert len(portfolio) == 25
    sizes = [len(d.tasks) for d in portfolio]
    assert all(30 <= size <= 400 for size in sizes), sizes
    assert max(sizes) >= 380 and min(sizes) <= 50
    assert {d.project.methodology for d in portfolio} == set(Methodology)


def test_every_link_type_lags_of_both_signs_and_percentage_lags(portfolio):
    links = [link for d in portfolio for t in d.tasks for link in t.predecessors]
    assert {link.type for link in links} == set(LinkType)
    assert any(link.lag_days > 0 for link in links)
    assert any(link.lag_days < 0 for link in links)
    percent = [link for link in links if link.lag_percent is not None]
    assert 0 < len(percent) < 0.02 * len(links)


def test_plans_are_well_formed(portfolio):
    for data in portfolio:
        ids = [t.id for t in data.tasks]
        assert ids == [str(n) for n in range(1, len(ids) + 1)]
        by_wbs = {t.wbs: t for t in data.tasks}
        assert len(by_wbs) == len(ids)
        for task in data.tasks:
            assert task.outline_level == task.wbs.count(".") + 1
            if task.outline_level > 1:
                assert by_wbs[task.wbs.rsplit(".", 1)[0]].summary
            for link in task.predecessors:
                assert not data.task(link.predecessor_id).summary
        milestones = [t for t in data.tasks if t.milestone]
        assert milestones and all(t.duration_days == 0 and t.name.startswith("Jalon : ") for t in milestones)
        [golive] = [t for t in milestones if t.name == "Jalon : mise en production"]
        assert golive.deadline == golive.baseline_finish
        weights = [t.ev_weight for t in milestones]
        if data.project.ev_method is EvMethod.WEIGHTED_MILESTONES:
            assert all(w in (10.0, 20.0) for w in weights) and weights.count(20.0) == 2
        else:
            assert weights == [None] * len(milestones)
    assert sum(d.project.ev_method is EvMethod.WEIGHTED_MILESTONES for d in portfolio) == 1


def test_classic_projects_follow_the_stage_gates(by_code):
    top = [t.name for t in by_code["PRJ-01"].tasks if t.outline_level == 1]
    assert top == ["Cadrage", "Conception", "Réalisation", "Recette", "Déploiement", "Clôture"]
    assert [t.wbs for t in by_code["PRJ-01"].tasks[:3]] == ["1", "1.1", "1.2"]
    assert max(t.outline_level for t in by_code["PRJ-01"].tasks) == 4


def test_resource_pool_of_seventy_people_contractors_and_vendor_teams():
    pool = resource_pool()
    internal = [r for r in pool if r.type is ResourceType.INTERNAL]
    external = [r for r in pool if r.type is ResourceType.EXTERNAL]
    assert len(internal) == 70 and len({r.name for r in internal}) == 70
    assert len(external) >= 10 and any(r.currency == "EUR" for r in external)
    assert all(r.daily_rate > 0 and r.role and r.department for r in pool)
    assert len({r.code for r in pool}) == len(pool)
    teams = {r.code: r for r in pool if r.code.startswith("ESN-")}
    assert len(teams) == len(VENDOR_TEAMS)
    casablanca_developers = teams["ESN-01"]
    assert casablanca_developers.role == "Développeur" and casablanca_developers.capacity_percent == 100.0
    assert casablanca_developers.daily_rate == 40 * 2800.0  # forty developers at 2,800 MAD a day
    assert vendor_headcounts()["ESN-01"] == 40


def test_resources_are_shared_across_projects_with_one_definition(portfolio):
    projects_of = defaultdict(set)
    definitions = defaultdict(set)
    for data in portfolio:
        codes = {r.code for r in data.resources}
        for task in data.tasks:
            assert {a.resource_code for a in task.resources} <= codes
        for resource in data.resources:
            projects_of[resource.code].add(data.project.code)
            definitions[resource.code].add((resource.name, resource.daily_rate, resource.currency))
    assert all(len(d) == 1 for d in definitions.values())
    shared = [code for code, projects in projects_of.items() if len(projects) >= 3]
    assert len(shared) >= 20
    assert any(code.startswith("EXT-") and len(projects) >= 2 for code, projects in projects_of.items())


def test_some_projects_are_in_euros(portfolio):
    euro = [d for d in portfolio if d.project.currency == "EUR"]
    assert 2 <= len(euro) <= 5
    for data in portfolio:
        assert {line.currency for line in data.budget} == {data.project.currency}


def test_sprints_only_on_agile_and_hybrid_projects(portfolio):
    ratios = defaultdict(list)
    for data in portfolio:
        if data.project.methodology is Methodology.CLASSIC:
            assert data.sprints == []
            continue
        assert len(data.sprints) >= 2
        finished = [s for s in data.sprints if s.finish <= STATUS_DATE]
        assert finished
        for sprint in data.sprints:
            assert sprint.start <= sprint.finish and sprint.committed_points > 0
            assert 0 <= sprint.completed_points <= sprint.committed_points
        on_track = HEALTH[data.project.code].rag is Rag.GREEN
        ratios[on_track].extend(s.completed_points / s.committed_points for s in finished)
    all_ratios = ratios[True] + ratios[False]
    assert len(set(all_ratios)) > len(all_ratios) / 2  # velocity is noisy, not a constant
    assert sum(ratios[True]) / len(ratios[True]) > sum(ratios[False]) / len(ratios[False])


# -- baselines and progress -----------------------------------------------------------
def test_baselines_are_the_dates_the_engine_computes_for_the_baselined_plan(portfolio):
    for data in portfolio:
        plan = copy.deepcopy(data)
        for task in plan.tasks:
            task.actual_start = task.actual_finish = None
            task.percent_complete = 0.0
            if not task.summary:
                task.duration_days = task.baseline_duration_days
        frame = schedule(plan).tasks
        for task_id, start, finish in zip(frame["id"], frame["start"], frame["finish"]):
            task = data.task(task_id)
            assert (start.to_pydatetime(), finish.to_pydatetime()) == (task.baseline_start, task.baseline_finish)
        assert data.project.baseline_start == min(t.baseline_start for t in data.tasks).date()
        assert data.project.baseline_finish == max(t.baseline_finish for t in data.tasks).date()


def test_progress_stops_at_the_status_date(portfolio):
    for data in portfolio:
        assert data.project.status_date == STATUS_DATE
        for task in leaves(data):
            if task.actual_finish is not None:
                assert task.percent_complete == 100 and task.actual_start <= task.actual_finish <= CUTOFF
            elif task.actual_start is not None:
                assert 0 < task.percent_complete < 100 and task.actual_start <= CUTOFF
            else:
                assert task.percent_complete == 0
        assert any(t.actual_finish for t in leaves(data))


def test_late_projects_finish_their_work_after_the_baseline(portfolio):
    for data in portfolio:
        health = HEALTH[data.project.code]
        done = [t for t in leaves(data) if t.actual_finish is not None and not t.milestone]
        slips = [t.actual_finish > t.baseline_finish for t in done]
        forecast = schedule(data, status_date=STATUS_DATE).project_finish[data.project.code]
        if health.duration_factor >= 1.15:
            assert sum(slips) > len(done) / 2
            assert forecast.date() > data.project.baseline_finish


def test_dependencies_wait_for_the_other_projects_milestones(by_code):
    pairs = set()
    for data in by_code.values():
        for dependency in data.dependencies:
            provider = by_code[dependency.on_project].task(dependency.on_task_id)
            waiting = data.task(dependency.task_id)
            assert provider.milestone
            assert waiting.baseline_start > provider.baseline_finish
            pairs.add((data.project.code, dependency.on_project, provider.name))
    assert ("PRJ-02", "PRJ-14", "Jalon : mise en production") in pairs  # mobile waits for the API gateway
    assert ("PRJ-05", "PRJ-01", "Jalon : validation de la conception") in pairs  # ISO 20022 on core banking
    assert len(pairs) == len(DEPENDENCIES)


# -- money ----------------------------------------------------------------------------
def test_task_cost_is_days_times_rate_in_the_project_currency(by_code):
    kickoff = by_code["PRJ-01"].tasks[1]
    assert kickoff.name == "Réunion de lancement"
    assert kickoff.duration_days == 1 and [a.units for a in kickoff.resources] == [1.0]
    assert kickoff.cost == 4500.0  # one day of a project manager at 4,500 MAD
    kickoff_eur = by_code["PRJ-19"].tasks[1]
    assert kickoff_eur.cost == pytest.approx(4500.0 / 10.80, abs=0.01)  # same day priced in EUR


def test_spread_by_month_shares_by_elapsed_time():
    shares = spread_by_month(3000.0, datetime(2026, 1, 30), datetime(2026, 2, 2))
    assert shares == {date(2026, 1, 1): pytest.approx(2000.0), date(2026, 2, 1): pytest.approx(1000.0)}


def test_budget_lines_add_up_to_the_task_costs(portfolio):
    for data in portfolio:
        task_costs = sum(t.cost or 0.0 for t in leaves(data))
        task_actuals = sum(t.actual_cost or 0.0 for t in leaves(data))
        planned = sum(line.planned for line in data.budget)
        actual = sum(line.actual for line in data.budget)
        assert planned == pytest.approx(task_costs, abs=0.01 * len(data.budget))
        assert actual == pytest.approx(task_actuals, abs=0.01 * len(data.budget) + 0.01 * len(data.tasks))
        assert data.project.approved_budget >= planned
        for line in data.budget:
            assert line.month.day == 1
            if line.month > STATUS_DATE:
                assert line.actual == 0
            else:
                assert line.forecast == pytest.approx(line.actual, abs=0.01)
        assert {line.category.value for line in data.budget} == {"CAPEX", "OPEX"}


# -- staffing -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def resource_load(portfolio):
    """The portfolio's capacity-and-load table of the demo, scheduled at the status date."""
    combined = schedule(portfolio, STATUS_DATE)
    rows = dict(tuple(combined.tasks.groupby("project", sort=False)))
    results = [ProjectResult(data, rows[data.project.code].reset_index(drop=True)) for data in portfolio]
    return resources_table(results, moroccan_calendar())


def test_portfolio_load_books_units_day_by_day_against_capacity():
    half_time = Resource("A", "Personne à mi-temps", capacity_percent=50.0)
    load = PortfolioLoad([half_time], date(2026, 1, 1), 10)
    days = load.day_span(datetime(2026, 1, 3, 8), datetime(2026, 1, 5, 17))
    assert days == slice(2, 5)  # 3, 4 and 5 January
    load.book("A", days, 0.25)
    assert load.peak_with("A", load.day_span(datetime(2026, 1, 6), datetime(2026, 1, 8)), 0.25) == 0.5
    assert load.peak_with("A", days, 0.25) == 1.0  # (0.25 booked + 0.25) / 0.5 capacity
    later = load.day_span(datetime(2026, 1, 5), datetime(2026, 1, 20), margin_days=2)
    assert later == slice(4, 22) and load.day_count >= 22  # the calendar grew past its ten days
    assert load.peak_with("A", later, 0.5) == 1.5
    with pytest.raises(ValueError):
        load.day_span(datetime(2025, 12, 31), datetime(2026, 1, 2))


def test_a_believable_share_of_resource_months_is_over_allocated(resource_load):
    assert len(resource_load) > 500
    over = resource_load["over_allocated"].astype(bool)
    assert 0.05 <= over.mean() <= 0.15
    peaks = resource_load.groupby("resource_code")["load_percent"].max()
    over_peaks = peaks[peaks > 1.0]
    assert len(over_peaks) >= 10  # the over-allocation view has something to act on
    assert (over_peaks <= 1.8).mean() >= 0.8  # most peaks between 100 % and 180 %, a few hot spots
    internal = {r.code for r in resource_pool() if r.type is ResourceType.INTERNAL}
    internal_peaks = peaks[peaks.index.isin(internal)]
    assert len(internal_peaks) >= 60
    assert internal_peaks.max() <= 2.25


def test_vendor_teams_do_most_of_the_development(portfolio):
    pool = {r.code: r for r in resource_pool()}
    headcounts = vendor_headcounts()
    person_days = Counter()
    for data in portfolio:
        for task in leaves(data):
            for assignment in task.resources:
                resource = pool[assignment.resource_code]
                if resource.role in ("Développeur", "Développeur senior", "Testeur"):
                    who = "vendor" if resource.code in headcounts else resource.type.value
                    people = assignment.units * headcounts.get(resource.code, 1)
                    person_days[who] += task.baseline_duration_days * people
    assert person_days["vendor"] >= 0.7 * sum(person_days.values())
    assert person_days["internal"] >= 0.05 * sum(person_days.values())


def test_a_vendor_team_task_costs_one_person_day_per_day_of_work(by_code):
    data = by_code["PRJ-01"]  # priced in MAD
    tasks = [t for t in leaves(data) if [a.resource_code for a in t.resources] == ["ESN-01"]]
    assert tasks
    task = tasks[0]
    assert task.resources[0].units == pytest.approx(1 / 40)  # one of the forty developers of the team
    assert task.cost == pytest.approx(task.baseline_duration_days * 2800.0, abs=0.01)


def test_over_budget_projects_forecast_an_overrun(portfolio):
    for data in portfolio:
        planned = sum(line.planned for line in data.budget)
        forecast = sum(line.forecast for line in data.budget)
        health = HEALTH[data.project.code]
        if health.cost_factor >= 1.2:
            assert forecast > 1.25 * planned
        elif health.rag is Rag.GREEN:
            assert 0.9 * planned < forecast < 1.06 * planned


def test_earned_value_tells_red_from_green(portfolio):
    for data in portfolio:
        result = project_earned_value(data, STATUS_DATE)
        rag = HEALTH[data.project.code].rag
        if rag is Rag.RED:
            assert result.cpi < 0.8
        elif rag is Rag.GREEN and data.project.ev_method is not EvMethod.WEIGHTED_MILESTONES:
            assert result.cpi > 0.95 and result.spi > 0.97  # milestone credit is too coarse for this


# -- governance and status ------------------------------------------------------------
def test_registers_and_status_reports(portfolio):
    committees = set()
    rags = Counter()
    for data in portfolio:
        assert data.risks and data.issues and data.actions and data.decisions
        committees |= {d.committee for d in data.decisions} | {a.committee for a in data.actions}
        assert all(1 <= r.probability <= 5 and 1 <= r.impact <= 5 for r in data.risks)
        decision_ids = {d.id for d in data.decisions}
        assert all(a.decision_id in decision_ids for a in data.actions if a.decision_id)
        [report] = data.status_reports
        assert report.period == "2026-10" and report.status_date == STATUS_DATE
        assert report.achievements and report.next_steps and report.help_needed
        rags[HEALTH[data.project.code].rag] += 1
        assessed = HEALTH[data.project.code].self_assessed or HEALTH[data.project.code].rag
        assert report.overall is assessed
    assert committees == set(Committee)
    assert 2 <= rags[Rag.RED] <= 4 and 3 <= rags[Rag.AMBER] <= 7 and rags[Rag.GREEN] >= 14


# -- the demo run ---------------------------------------------------------------------


def _errors_by_file(report):
    return {r.path.relative_to(report.out_dir).as_posix(): r for r in report.validation}


def test_validator_finds_exactly_the_injected_faults(demo_run):
    report, out = demo_run
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    faulty = {entry["file"]: entry for entry in manifest["faulty_workbooks"]}
    assert 2 <= len(faulty) <= 3
    kinds = {fault["code"] for entry in faulty.values() for fault in entry["faults"]}
    assert {"unknown_predecessor", "out_of_range", "missing_sheet", "wrong_type", "finish_before_start"} <= kinds
    files = _errors_by_file(report)
    assert len(files) == len(manifest["projects"]) == 25
    for name, file_report in files.items():
        errors = {(p.code, p.location.sheet, p.location.cell) for p in file_report.problems.errors()}
        if name in faulty:
            expected = {(f["code"], f["sheet"], f["cell"]) for f in faulty[name]["faults"]}
            assert errors == expected, name
            assert all(p.location.file.endswith(name.split("/")[-1]) for p in file_report.problems)
        else:
            assert errors == set(), name
    flagged = {p["file"] for p in manifest["projects"] if p["faulty"]}
    assert flagged == set(faulty)


def test_validation_report_lists_every_problem(demo_run):
    report, out = demo_run
    book = openpyxl.load_workbook(out / VALIDATION_REPORT_NAME)
    assert book.sheetnames == ["Problèmes", "Synthèse"]
    problems = book["Problèmes"]
    rows = list(problems.iter_rows(values_only=True))
    assert rows[0] == ("Fichier", "Feuille", "Cellule", "Gravité", "Message", "Trouvé", "Attendu")
    expected_count = sum(len(r.problems) for r in report.validation)
    assert len(rows) - 1 == expected_count
    assert problems.freeze_panes == "A2"
    assert problems.tables["tblProblemes"].ref == f"A1:G{expected_count + 1}"
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    listed = {(r[0], r[1], r[2] or None) for r in rows[1:] if r[3] == "erreur"}
    for entry in manifest["faulty_workbooks"]:
        for fault in entry["faults"]:
            assert (entry["file"], fault["sheet"], fault["cell"]) in listed
    summary = list(book["Synthèse"].iter_rows(values_only=True))
    assert summary[0] == ("Fichier", "Projet", "Statut", "Erreurs", "Avertissements")
    assert len(summary) == 26
    statuses = Counter(row[2] for row in summary[1:])
    assert statuses["erreurs"] == len(manifest["faulty_workbooks"])
    assert statuses["valide"] == 25 - len(manifest["faulty_workbooks"])


def test_valid_projects_get_a_schedule_csv_like_pmo_xl_schedule(demo_run, tmp_path):
    report, out = demo_run
    assert all(step.ok for step in report.steps)
    assert [step.name for step in report.steps] == ["validation", "schedule", "cycle"]
    faulty_codes = {f.project_code for f in report.faulty}
    written = sorted(p.name for p in (out / "planning").glob("*.csv"))
    assert written == sorted(f"{code}_planning.csv" for code in report.workbooks if code not in faulty_codes)
    with (out / "planning" / "PRJ-01_planning.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == CSV_HEADER
    assert len(rows) - 1 == len(report.projects[0].tasks)
    stamp = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$")
    assert all(stamp.match(row[2]) and stamp.match(row[5]) and row[8] in ("true", "false") for row in rows[1:])
    assert any(row[8] == "true" for row in rows[1:])
    cli_csv = tmp_path / "cli.csv"
    result = CliRunner().invoke(app, ["schedule", str(report.workbooks["PRJ-03"]), "--out", str(cli_csv)])
    assert result.exit_code == 0, result.output
    assert cli_csv.read_bytes() == (out / "planning" / "PRJ-03_planning.csv").read_bytes()


def test_workbooks_read_back_to_the_generated_data(demo_run):
    report, _ = demo_run
    data = report.projects[0]
    book = openpyxl.load_workbook(report.workbooks["PRJ-01"], read_only=True)
    tasks = list(book["Tâches"].iter_rows(min_row=2, values_only=True))
    assert sum(1 for row in tasks if row[0] is not None) == len(data.tasks)
    read = read_project_workbook(report.workbooks["PRJ-01"])
    assert read.ok
    assert [(t.id, t.baseline_start, t.baseline_finish, t.cost) for t in read.data.tasks] == [
        (t.id, t.baseline_start, t.baseline_finish, t.cost) for t in data.tasks]
    assert sum(line.actual for line in read.data.budget) == pytest.approx(sum(line.actual for line in data.budget))


def test_cli_demo_prints_the_summary_and_exits_zero(demo_en_cli):
    result, demo = demo_en_cli
    assert result.exit_code == 0, result.output
    assert "PRJ-13_GED.xlsx" in result.output and "missing sheet" in result.output
    assert (demo / "rapport_validation.xlsx").exists()
    book = openpyxl.load_workbook(demo / "rapport_validation.xlsx", read_only=True)
    assert book.sheetnames == ["Problems", "Summary"]
    manifest = json.loads((demo / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert manifest["lang"] == "en" and manifest["seed"] == 2026
    expected = {(entry["file"], f["code"], f["sheet"], f["cell"])
                for entry in manifest["faulty_workbooks"] for f in entry["faults"]}
    found = {(report.path.relative_to(demo).as_posix(), p.code, p.location.sheet, p.location.cell)
             for report in validate_paths([demo / "projets"]) for p in report.problems.errors()}
    assert found == expected
    headers = {"unknown_predecessor": "Predecessors", "out_of_range": "% complete",
               "wrong_type": "Actual start", "finish_before_start": "Actual finish"}
    for entry in manifest["faulty_workbooks"]:
        book = openpyxl.load_workbook(demo / entry["file"])
        for fault in entry["faults"]:
            if fault["cell"] is None:
                assert fault["code"] == "missing_sheet" and "Risks" not in book.sheetnames
                continue
            sheet = book[fault["sheet"]]
            cell = sheet[fault["cell"]]
            assert sheet.cell(1, cell.column).value == headers[fault["code"]]
            if fault["code"] in ("wrong_type", "unknown_predecessor"):
                assert fault["found"] in str(cell.value)


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_validation_report(demo_run, tmp_path):
    report, out = demo_run
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
         "--outdir", str(tmp_path), str(out / VALIDATION_REPORT_NAME)],
        check=True, capture_output=True, timeout=180,
    )
    with (tmp_path / "rapport_validation-Synthèse.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["Fichier", "Projet", "Statut", "Erreurs", "Avertissements"]
    errors = {row[1]: int(row[3]) for row in rows[1:]}
    assert errors == {r.project_code: r.error_count for r in report.validation if r.project_code}
    assert errors["PRJ-13"] == 2 and errors["PRJ-24"] == 2 and errors["PRJ-01"] == 0


def test_cli_demo_refuses_a_file_as_output_folder(tmp_path):
    target = tmp_path / "not_a_folder.txt"
    target.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(app, ["demo", str(target)], env={"COLUMNS": "200"})
    assert result.exit_code == 1
    assert "a folder is expected" in result.output
    assert target.read_text(encoding="utf-8") == "x"


def test_a_failing_step_is_reported_and_the_next_steps_still_run(tmp_path):
    def broken_step(context):
        raise RuntimeError("consolidation not available")

    report = run_demo(tmp_path, steps=[broken_step, validation_step])
    assert [(s.name, s.ok) for s in report.steps] == [("broken", False), ("validation", True)]
    assert report.steps[0].error == "RuntimeError: consolidation not available"
    assert not report.ok
    assert (tmp_path / VALIDATION_REPORT_NAME).exists()
    assert len(report.validation) == 25


def test_the_monthly_cycle_consolidates_the_demo_into_the_master_and_writes_packs(demo_run):
    report, out = demo_run
    [cycle] = [step for step in report.steps if step.name == "cycle"]
    assert cycle.ok, cycle.error
    assert out / "portefeuille_maitre.xlsx" in cycle.outputs
    packs = [path for path in cycle.outputs if path.parent == out / "packs"]
    assert any(p.suffix == ".docx" for p in packs) and any(p.suffix == ".xlsx" for p in packs)
    assert all(path.exists() for path in cycle.outputs)
    for docx_path in (p for p in packs if p.suffix == ".docx"):
        assert docx.Document(str(docx_path)).paragraphs
    master = openpyxl.load_workbook(out / "portefeuille_maitre.xlsx", read_only=True)
    portfolio_rows = list(master["Portefeuille"].iter_rows(values_only=True))
    assert portfolio_rows[0][0] == "Code projet"
    assert {row[0] for row in portfolio_rows[1:] if row[0]} >= {d.project.code for d in report.projects[:12]}
    resources = list(master["Ressources"].iter_rows(values_only=True))
    overloaded = resources[0].index("Surallocation")
    assert any(row[overloaded] is True for row in resources[1:])  # shared people are over-booked somewhere
    dependencies = list(master["Dépendances"].iter_rows(values_only=True))
    waits = {(row[1], row[4]) for row in dependencies[1:] if row[0]}
    assert ("PRJ-02", "PRJ-14") in waits and ("PRJ-05", "PRJ-01") in waits


def test_validation_report_locates_rows_and_writes_text_as_text(tmp_path):
    from pathlib import Path

    from pmo_xl.errors import Location, Problem, ProblemList, Severity
    from pmo_xl.io.validation import FileReport
    from pmo_xl.demo.run import write_validation_report

    problems = ProblemList([
        Problem("wrong type", Location(file="a.xlsx", sheet="Budget", row=12, column="Coût"), found="=1+1",
                expected="a number"),
        Problem("unknown resource", Location(file="a.xlsx", sheet="Tâches", cell="T7"), found="DEV9",
                severity=Severity.WARNING),
    ])
    reports = [FileReport(tmp_path / "projets" / "a.xlsx", problems, "PRJ-A"),
               FileReport(tmp_path / "projets" / "b.xlsx", ProblemList(), "PRJ-B")]
    path = write_validation_report(reports, tmp_path / "rapport.xlsx", "fr", relative_to=tmp_path)
    book = openpyxl.load_workbook(path)
    rows = list(book["Problèmes"].iter_rows(min_row=2, values_only=True))
    assert rows == [
        ("projets/a.xlsx", "Budget", "ligne 12 (Coût)", "erreur", "type de valeur incorrect", "=1+1", "un nombre"),
        ("projets/a.xlsx", "Tâches", "T7", "avertissement", "ressource inconnue", "DEV9", None),
    ]
    assert book["Problèmes"]["F2"].data_type == "s"  # a formula-looking value stays text
    summary = list(book["Synthèse"].iter_rows(min_row=2, values_only=True))
    assert summary == [("projets/a.xlsx", "PRJ-A", "erreurs", 1, 1), ("projets/b.xlsx", "PRJ-B", "valide", 0, 0)]
    assert book["Synthèse"].freeze_panes == "A2" and book["Synthèse"].tables["tblSynthese"].ref == "A1:E3"
