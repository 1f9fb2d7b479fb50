"""The demo run: write the demo portfolio, spoil a few workbooks, run the monthly job on it.

:func:`run_demo` writes one standard workbook per demo project into
``<out>/projets/``, spoils the workbooks of
:data:`pmo_xl.demo.faults.FAULT_PLAN`, records what it did in
``<out>/demo_manifest.json`` and then runs the steps of :data:`DEMO_STEPS`
in order, each on what the previous ones produced: validation
(``rapport_validation.xlsx``), scheduling of every valid project
(``planning/<code>_planning.csv``), then the monthly reporting cycle
(``portefeuille_maitre.xlsx`` consolidated, committee packs in ``packs/``).
A step that fails is recorded in the report with its error and the next
steps still run.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

import xlsxwriter

from pmo_xl.i18n import problem_expected, problem_message
from pmo_xl.engine.cpm import schedule
from pmo_xl.errors import Location, OutputError, PmoError, Problem, ProblemList
from pmo_xl.io.atomic import atomic_path
from pmo_xl.io.validation import FileReport, validate_paths
from pmo_xl.io.workbook_writer import write_project_workbook
from pmo_xl.model.progress import ProgressCallback
from pmo_xl.model import ProjectData, label

from .catalogue import PROJECTS
from .english import english_governance, english_projects
from .faults import FaultyWorkbook, inject_faults
from .portfolio import DEFAULT_SEED, DEFAULT_STATUS_DATE, build_demo_portfolio

PROJECTS_FOLDER = "projets"
SCHEDULES_FOLDER = "planning"
MANIFEST_NAME = "demo_manifest.json"
VALIDATION_REPORT_NAME = "rapport_validation.xlsx"
MASTER_NAME = "portefeuille_maitre.xlsx"
PACKS_FOLDER = "packs"
CYCLE_LOG_NAME = "pmo-xl_run.log"

SEVERITY_LABELS = {"fr": {"error": "erreur", "warning": "avertissement"},
                   "en": {"error": "error", "warning": "warning"}}
STATUS_LABELS = {"fr": {"ok": "valide", "warnings": "avertissements", "errors": "erreurs"},
                 "en": {"ok": "valid", "warnings": "warnings", "errors": "errors"}}
REPORT_TEXT = {
    "fr": {"problems": "Problèmes", "summary": "Synthèse",
           "problem_headers": ["Fichier", "Feuille", "Cellule", "Gravité", "Message", "Trouvé", "Attendu"],
           "summary_headers": ["Fichier", "Projet", "Statut", "Erreurs", "Avertissements"],
           "row": "ligne"},
    "en": {"problems": "Problems", "summary": "Summary",
           "problem_headers": ["File", "Sheet", "Cell", "Severity", "Message", "Found", "Expected"],
           "summary_headers": ["File", "Project", "Status", "Errors", "Warnings"],
           "row": "row"},
}


@dataclass
class StepOutcome:
    """What one step of the demo run did: the files it wrote, or why it failed."""

    name: str
    outputs: list[Path] = field(default_factory=list)
    problems: ProblemList = field(default_factory=ProblemList)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class DemoContext:
    """What the steps share: the output folder, the workbooks written and what earlier steps found."""

    out_dir: Path
    lang: str
    status_date: date
    workbooks: dict[str, Path]  # project code -> workbook path
    faulty: list[FaultyWorkbook]
    validation: list[FileReport] = field(default_factory=list)
    schedules: dict[str, Path] = field(default_factory=dict)  # project code -> schedule CSV
    projects: list[ProjectData] = field(default_factory=list)  # every demo project as generated
    on_progress: ProgressCallback | None = None  # told of the monthly cycle's steps

    def valid_projects(self) -> list[ProjectData]:
        """The projects the validation read without error, in file order."""
        return [report.result.data for report in self.validation
                if report.ok and report.result is not None and report.result.data is not None]


@dataclass
class DemoReport:
    """The outcome of :func:`run_demo`."""

    out_dir: Path
    manifest: Path
    projects: list[ProjectData]
    workbooks: dict[str, Path]
    faulty: list[FaultyWorkbook]
    validation: list[FileReport]
    steps: list[StepOutcome]

    @property
    def ok(self) -> bool:
        """True when every step ran to the end (faulty workbooks are expected and do not count)."""
        return all(step.ok for step in self.steps)

    @property
    def outputs(self) -> list[Path]:
        """Every file the run produced besides the project workbooks."""
        return [self.manifest] + [path for step in self.steps for path in step.outputs]


def _problem_cell(problem: Problem, lang: str) -> str:
    location = problem.location
    if location.cell:
        return location.cell
    if location.row is not None:
        text = f"{REPORT_TEXT[lang]['row']} {location.row}"
        return f"{text} ({location.column})" if location.column else text
    return location.column or ""


def write_validation_report(reports: list[FileReport], path: Path, lang: str = "fr",
                            relative_to: Path | None = None) -> Path:
    """An Excel workbook a person opens: one row per problem, and one summary row per file.

    Both sheets hold an Excel Table (autofilter) with a frozen header row;
    every text is written as text.
    """
    text = REPORT_TEXT[lang]

    def shown(report_path: Path) -> str:
        if relative_to is not None:
            try:
                return report_path.relative_to(relative_to).as_posix()
            except ValueError:
                pass
        return report_path.name

    problem_rows = [
        [shown(report.path), problem.location.sheet or "", _problem_cell(problem, lang),
         SEVERITY_LABELS[lang][problem.severity.value], problem_message(problem, lang), problem.found or "",
         problem_expected(problem, lang)]
        for report in reports for problem in report.problems
    ]
    summary_rows = [
        [shown(report.path), report.project_code or "", STATUS_LABELS[lang][report.status],
         report.error_count, report.warning_count]
        for report in reports
    ]
    with atomic_path(path) as temporary:
        book = xlsxwriter.Workbook(str(temporary))
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        top = book.add_format({"valign": "top"})
        for name, headers, rows, widths, table_name in (
            (text["problems"], text["problem_headers"], problem_rows, [34, 16, 14, 14, 50, 28, 40], "tblProblemes"),
            (text["summary"], text["summary_headers"], summary_rows, [40, 12, 16, 10, 16], "tblSynthese"),
        ):
            sheet = book.add_worksheet(name)
            for column, width in enumerate(widths):
                sheet.set_column(column, column, width, wrap if width >= 40 else top)
            last_row = max(1, len(rows))
            sheet.add_table(0, 0, last_row, len(headers) - 1, {
                "name": table_name, "style": "Table Style Medium 2",
                "columns": [{"header": header} for header in headers],
            })
            for row_index, values in enumerate(rows, start=1):
                for column, value in enumerate(values):
                    if isinstance(value, (int, float)):
                        sheet.write_number(row_index, column, value)
                    elif value:
                        sheet.write_string(row_index, column, value)
            sheet.freeze_panes(1, 0)
        book.close()
    return path


def validation_step(context: DemoContext) -> StepOutcome:
    """Validates every workbook of the projects folder and writes the validation report."""
    outcome = StepOutcome("validation")
    context.validation = validate_paths([context.out_dir / PROJECTS_FOLDER])
    report_path = write_validation_report(context.validation, context.out_dir / VALIDATION_REPORT_NAME,
                                          context.lang, relative_to=context.out_dir)
    outcome.outputs.append(report_path)
    return outcome


def schedule_step(context: DemoContext) -> StepOutcome:
    """Schedules each valid project at its status date and writes its CSV as ``pmo-xl schedule --out`` does."""
    outcome = StepOutcome("schedule")
    folder = context.out_dir / SCHEDULES_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for code in context.workbooks:  # a schedule left by an earlier run must not pass for this one's
        (folder / f"{code}_planning.csv").unlink(missing_ok=True)
    for data in context.valid_projects():
        code = data.project.code
        try:
            result = schedule(data, status_date=data.project.status_date or context.status_date)
        except PmoError as exc:
            outcome.problems.append(Problem(f"{code}: {exc.message}", exc.location, code="schedule_failed"))
            continue
        outcome.problems.extend(result.problems)
        path = folder / f"{code}_planning.csv"
        result.write_csv(path)
        context.schedules[code] = path
        outcome.outputs.append(path)
    return outcome


def cycle_step(context: DemoContext) -> StepOutcome:
    """The monthly reporting cycle of the status date's month: a fresh master workbook, consolidated, then packs.

    Writes ``portefeuille_maitre.xlsx`` (with the demo's committees, members, registers, gate register
    and change log: :mod:`pmo_xl.demo.governance`) and the committee packs under
    ``packs/``; workbooks the consolidation cannot use are listed in the
    packs, they do not stop the cycle.
    """
    from pmo_xl.io.master.template import write_master_template
    from pmo_xl.reports.batch import run_cycle
    from pmo_xl.model.period import PeriodKind, ReportingPeriod, period_containing

    from pmo_xl.demo.governance import demo_governance

    outcome = StepOutcome("cycle")
    status = context.status_date
    calendar_start = date(status.year, 1, 1)
    governance = demo_governance(context.projects or context.valid_projects(), status, calendar_start)
    if context.lang == "en":
        governance = english_governance(governance)
    master = write_master_template(context.out_dir / MASTER_NAME, committee_start=calendar_start,
                                   governance=governance, language=context.lang)
    outcome.outputs.append(master)
    period = ReportingPeriod.of(period_containing(status, PeriodKind.MONTH))  # status date settled from the workbooks
    result = run_cycle(master, period, context.out_dir / PROJECTS_FOLDER,
                       context.out_dir / PACKS_FOLDER, languages=(context.lang,),
                       log_path=context.out_dir / PACKS_FOLDER / CYCLE_LOG_NAME, on_progress=context.on_progress)
    outcome.problems.extend(result.problems)
    outcome.outputs.extend(path for pack in result.packs for path in pack.files)
    outcome.outputs.append(result.log_path)
    if result.fatal:
        outcome.error = "; ".join(p.message for p in result.problems if p.code == "fatal") or "cycle failed"
    return outcome


#: The steps of the demo run, in order; a later step is one more line here.
DEMO_STEPS: list[Callable[[DemoContext], StepOutcome]] = [
    validation_step,
    schedule_step,
    cycle_step,
]


def workbook_name(code: str) -> str:
    """The file name of a demo project's workbook, e.g. ``PRJ-01_Core_Banking.xlsx``."""
    short = next(spec.short_name for spec in PROJECTS if spec.code == code)
    return f"{code}_{short}.xlsx"


def _manifest(out_dir: Path, seed: int, status_date: date, lang: str, projects: list[ProjectData],
              workbooks: dict[str, Path], faulty: list[FaultyWorkbook]) -> dict:
    health = {spec.code: spec.health.rag for spec in PROJECTS}
    spoiled = {f.project_code for f in faulty}
    return {
        "seed": seed,
        "status_date": status_date.isoformat(),
        "lang": lang,
        "projects": [
            {
                "code": data.project.code,
                "name": data.project.name,
                "file": workbooks[data.project.code].relative_to(out_dir).as_posix(),
                "methodology": data.project.methodology.value,
                "currency": data.project.currency,
                "tasks": len(data.tasks),
                "health": health[data.project.code].value,
                "health_label": label(health[data.project.code], lang),
                "faulty": data.project.code in spoiled,
            }
            for data in projects
        ],
        "faulty_workbooks": [f.to_dict(relative_to=out_dir) for f in faulty],
    }


def run_demo(out_dir: str | os.PathLike, lang: str = "fr", seed: int = DEFAULT_SEED,
             status_date: date = DEFAULT_STATUS_DATE,
             steps: list[Callable[[DemoContext], StepOutcome]] | None = None,
             on_progress: ProgressCallback | None = None) -> DemoReport:
    """Writes the demo portfolio into ``out_dir`` and runs the monthly job on it; see the module docstring.

    ``on_progress`` is told of the monthly cycle's steps (workbooks read, master written, packs written).
    """
    if lang not in ("fr", "en"):
        raise ValueError(f"lang must be 'fr' or 'en', not {lang!r}")
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise OutputError("the demo output is an existing file; a folder is expected", Location(file=str(out)))
    projects_dir = out / PROJECTS_FOLDER
    projects_dir.mkdir(parents=True, exist_ok=True)
    projects = build_demo_portfolio(seed, status_date)
    if lang == "en":
        projects = english_projects(projects)
    workbooks: dict[str, Path] = {}
    for data in projects:
        path = projects_dir / workbook_name(data.project.code)
        write_project_workbook(data, path, lang=lang)
        workbooks[data.project.code] = path
    faulty = inject_faults({d.project.code: (d, workbooks[d.project.code]) for d in projects}, lang)
    manifest_path = out / MANIFEST_NAME
    manifest = _manifest(out, seed, status_date, lang, projects, workbooks, faulty)
    with atomic_path(manifest_path) as temporary:
        temporary.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")

    context = DemoContext(out, lang, status_date, workbooks, faulty, projects=projects, on_progress=on_progress)
    outcomes = []
    for step in DEMO_STEPS if steps is None else steps:
        name = getattr(step, "__name__", "step").removesuffix("_step")
        try:
            outcomes.append(step(context))
        except Exception as exc:  # a failing step is reported; the following steps still run
            outcomes.append(StepOutcome(name, error=f"{type(exc).__name__}: {exc}"))
    return DemoReport(out, manifest_path, projects, workbooks, faulty, context.validation, outcomes)
