"""The ribbon's actions: id → function over a :class:`BookAdapter`.

Each action reads the master workbook through the adapter, calls the same
functions as the command line, writes its tables back through the adapter
and tells the user what it did.  :func:`run_action` shows a
:class:`~pmo_xl.errors.PmoError` in an error box with its location and
problems instead of letting it escape to Excel.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from pmo_xl.errors import ConfigError, InputError, Location, PmoError, Problem
from pmo_xl.excel.book_adapter import BookAdapter
from pmo_xl.io.locking import MasterLockedError
from pmo_xl.io.validation import validate_paths
from pmo_xl.io.workbook_writer import write_template
from pmo_xl.model.enums import Committee
from pmo_xl.engine.portfolio.common import as_date
from pmo_xl.io.master.config import MasterInputs, read_master_inputs
from pmo_xl.model.period import ReportingPeriod
from pmo_xl.service.consolidate import consolidate, project_files, reporting_period_of
from pmo_xl.io.snapshot_store import snapshots_folder
from pmo_xl.model.portfolio import TABLES_BY_KEY, PortfolioSnapshot
from pmo_xl.io.master.language import tables
from pmo_xl.io.master.reader import read_snapshot

PROJECTS_FOLDER_DEFAULT = "projets"
PACKS_FOLDER = "packs"
MESSAGE_TITLE = "PMO"
MAX_PROBLEMS_SHOWN = 10
#: Seconds a ribbon consolidation waits for another one of the same master: none, it is refused at once.
RIBBON_LOCK_WAIT_SECONDS = 0.0

VALIDATION_SHEET = "Validation"
VALIDATION_HEADER = ["Fichier", "Projet", "Statut", "Gravité", "Feuille", "Cellule", "Ligne", "Colonne",
                     "Message", "Trouvé", "Attendu"]
VALIDATION_STATUS = {"ok": "conforme", "warnings": "avertissements", "errors": "erreurs"}

PROJECT_CRITICAL_PATH_SHEET = "Chemin critique projet"
PROJECT_CRITICAL_PATH_HEADER = ["Projet", "Ordre", "ID", "Nom de la tâche", "Début", "Fin", "Marge totale (j)",
                                "Jalon"]

# The managed tables a variance and KPI refresh rewrites.
VARIANCE_KPI_TABLES = ("summary", "overview", "milestones", "alerts", "kpi_history")

PROJECT_CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")


@dataclass
class ActionOutcome:
    """What an action did: the message shown, the files written, the sheets rewritten."""

    message: str
    files: list[Path] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    ok: bool = True


ActionFunction = Callable[[BookAdapter], ActionOutcome]
ACTIONS: dict[str, ActionFunction] = {}


def action(action_id: str) -> Callable[[ActionFunction], ActionFunction]:
    """Registers an action under the id its ribbon button carries."""

    def register(function: ActionFunction) -> ActionFunction:
        ACTIONS[action_id] = function
        return function

    return register


def registered_actions() -> list[str]:
    """The ids of every action, in registration order."""
    return list(ACTIONS)


def error_text(error: PmoError) -> str:
    """An error for a message box: the error, then its first problems, one per line."""
    lines = [str(error)]
    shown = [p for p in error.problems if str(p) != str(error)][:MAX_PROBLEMS_SHOWN]
    lines += [f"• {p}" for p in shown]
    if len(error.problems) > len(shown) + 1:
        lines.append(f"… {len(error.problems) - len(shown)} problème(s) de plus")
    return "\n".join(lines)


def run_action(action_id: str, book: BookAdapter) -> ActionOutcome:
    """Runs the action ``action_id`` on ``book`` and shows its outcome to the user."""
    function = ACTIONS.get(action_id)
    if function is None:
        text = f"Action inconnue : {action_id!r}."
        book.show_message(text, MESSAGE_TITLE, error=True)
        return ActionOutcome(text, ok=False)
    try:
        outcome = function(book)
    except PmoError as error:
        text = error_text(error)
        book.show_message(text, MESSAGE_TITLE, error=True)
        return ActionOutcome(text, ok=False)
    book.show_message(outcome.message, MESSAGE_TITLE)
    return outcome


# --------------------------------------------------------------------------- common reads

def master_inputs(book: BookAdapter) -> MasterInputs:
    """The Config and Gouvernance tables of the master; bad Config cells stop the action."""
    inputs = read_master_inputs(book.content_path(), master_dir=book.folder)
    errors = inputs.problems.errors()
    if errors:
        raise ConfigError(f"{len(errors)} erreur(s) dans la feuille Config", errors[0].location, errors)
    return inputs


def projects_folder(book: BookAdapter, inputs: MasterInputs) -> Path:
    """The folder of the project workbooks named in Config (``projets/`` beside the master by default)."""
    folder = inputs.config.projects_folder or book.folder / PROJECTS_FOLDER_DEFAULT
    if not folder.is_dir():
        raise ConfigError("dossier des classeurs projets introuvable (paramètre projects_folder de Config)",
                          Location(file=str(folder)))
    return folder


def reporting_period(inputs: MasterInputs) -> ReportingPeriod | None:
    """The ribbon's reporting period: the Config period and status date (None: settled from the workbooks)."""
    return reporting_period_of(None, inputs.config)


def packs_folder(book: BookAdapter) -> Path:
    """The folder packs are written to: ``packs/`` beside the master."""
    return book.folder / PACKS_FOLDER


def consolidated_snapshot(book: BookAdapter, sheets: list[str] | None = None) -> PortfolioSnapshot:
    """The portfolio consolidated by the service, the managed sheets (or only ``sheets``) written into ``book``.

    The consolidation holds the lock of the master's own file, as the batch does; while another
    consolidation holds it, the action is refused at once (Excel would be frozen while waiting) and
    nothing is written.
    """
    inputs = master_inputs(book)
    folder = projects_folder(book, inputs)
    written: list[str] = []
    holders: list[str] = []
    try:
        snapshot = consolidate(book.content_path(), folder, reporting_period(inputs),
                               write_sheets=lambda built: written.extend(book.write_snapshot(built, sheets)),
                               snapshot_root=snapshots_folder(book.folder), master_file=book.master_file,
                               lock_wait_seconds=RIBBON_LOCK_WAIT_SECONDS, on_lock_wait=holders.append)
    except MasterLockedError as error:
        holder = holders[0] if holders and holders[0] else "processus inconnu"
        raise MasterLockedError(f"une autre consolidation de ce classeur maître est en cours ({holder}) : "
                                "rien n'a été écrit ; relancez quand elle sera terminée", error.location) from error
    snapshot.run.sheets = written
    return snapshot


# --------------------------------------------------------------------------- actions

@action("consolidate_portfolio")
def consolidate_portfolio(book: BookAdapter) -> ActionOutcome:
    """Reads every project workbook and rewrites all the managed tables of the master."""
    started = time.perf_counter()
    snapshot = consolidated_snapshot(book)
    sheets = snapshot.run.sheets
    file_count, failed = len(snapshot.sources), len(snapshot.failed)
    seconds = time.perf_counter() - started
    message = (f"Portefeuille consolidé au {snapshot.status_date:%d/%m/%Y} : {file_count} classeur(s) lu(s), "
               f"{file_count - failed} consolidé(s), {failed} en erreur (voir la feuille Erreurs). "
               f"Durée : {seconds:.1f} s.")
    return ActionOutcome(message, sheets=sheets)


@action("refresh_variance_kpi")
def refresh_variance_kpi(book: BookAdapter) -> ActionOutcome:
    """Recomputes variances, alerts and the KPI history; other tables are left as they are."""
    snapshot = consolidated_snapshot(book, [TABLES_BY_KEY[key].sheet for key in VARIANCE_KPI_TABLES])
    sheets = snapshot.run.sheets
    file_count, failed = len(snapshot.sources), len(snapshot.failed)
    message = (f"Écarts et KPI actualisés au {snapshot.status_date:%d/%m/%Y} ({file_count - failed} projet(s)) : "
               + ", ".join(sheets) + ".")
    return ActionOutcome(message, sheets=sheets)


@action("critical_path")
def critical_path(book: BookAdapter) -> ActionOutcome:
    """Schedules the project of the selected row and lists its critical path."""
    from pmo_xl.engine.cpm import schedule
    from pmo_xl.engine.portfolio.project_results import pick_critical_path

    selection = book.selection()
    if selection is None:
        raise InputError("sélectionnez une ligne de projet (par exemple dans la feuille Portefeuille)")
    inputs = master_inputs(book)
    folder = projects_folder(book, inputs)
    reports = validate_paths(project_files(folder, exclude=book.content_path()))
    by_code = {r.project_code: r for r in reports if r.project_code}
    candidates = [str(v).strip() for v in selection.row_values if isinstance(v, str)]
    code = next((c for c in candidates if c in by_code), None)
    if code is None:
        raise InputError("la ligne sélectionnée ne contient aucun code de projet connu",
                         Location(sheet=selection.sheet, row=selection.row),
                         [Problem("no project code in the selected row",
                                  Location(sheet=selection.sheet, row=selection.row),
                                  found=", ".join(candidates[:5]) or "(vide)",
                                  expected="one of " + ", ".join(sorted(by_code)[:10]))])
    report = by_code[code]
    if not report.ok or report.result is None or report.result.data is None:
        raise InputError(f"le classeur du projet {code} contient des erreurs", Location(file=str(report.path)),
                         report.problems.errors())
    data = report.result.data
    day = inputs.config.status_date or data.project.status_date
    result = schedule(data, status_date=day)
    path = pick_critical_path(result.critical_paths.get(code, []), result.tasks)
    by_id = result.tasks.set_index("id")
    rows = [PROJECT_CRITICAL_PATH_HEADER]
    for order, task_id in enumerate(path, start=1):
        record = by_id.loc[task_id]
        rows.append([code, order, task_id, record["name"], record["start"].to_pydatetime(),
                     record["finish"].to_pydatetime(), float(record["total_float_days"]), bool(record["milestone"])])
    book.write_rows(PROJECT_CRITICAL_PATH_SHEET, rows)
    finish = result.project_finish[code]
    message = (f"Chemin critique de {code} : {len(path)} tâche(s), fin du projet le {finish:%d/%m/%Y %H:%M}. "
               f"Voir la feuille « {PROJECT_CRITICAL_PATH_SHEET} ».")
    return ActionOutcome(message, sheets=[PROJECT_CRITICAL_PATH_SHEET])


@action("schedule_workbook")
def schedule_workbook(book: BookAdapter) -> ActionOutcome:
    """Computes the plan of the open project workbook and writes it into its computed area and Gantt sheet."""
    from pmo_xl.service.write_back import write_back_to_book

    report = write_back_to_book(book)
    if not report.written:
        return ActionOutcome(f"Planning à jour : rien à changer ({report.tasks} tâche(s), "
                             f"{report.critical_tasks} critique(s)).")
    message = (f"Planning calculé : {report.changed_cells} cellule(s) mise(s) à jour, "
               f"{report.critical_tasks} tâche(s) critique(s). Copie de sauvegarde : {report.backup.name}.")
    if report.hand_edits:
        cells = ", ".join(f"{edit.sheet}!{edit.cell}" for edit in report.hand_edits[:MAX_PROBLEMS_SHOWN])
        message += f" Saisies manuelles remplacées dans la zone calculée : {cells}."
    return ActionOutcome(message, files=[report.backup], sheets=report.sheets)


def _committee_pack(book: BookAdapter, committee: Committee) -> ActionOutcome:
    from pmo_xl.reports.context import PackKind, PackRequest
    from pmo_xl.reports.packs import write_pack
    from pmo_xl.model.period import PeriodKind, period_containing

    snapshot = read_snapshot(book.content_path())
    lang = snapshot.language  # the pack speaks the master's language
    day = as_date(snapshot.status_date)
    if day is None:
        message = ("le portefeuille n'a pas de date d'état : consolidez-le d'abord" if lang == "fr"
                   else "the portfolio has no status date: consolidate it first")
        raise ConfigError(message, Location(sheet=tables(lang)["summary"].sheet))
    kind, period_kind = ((PackKind.MONTHLY, PeriodKind.MONTH) if committee is Committee.COPIL
                         else (PackKind.WEEKLY, PeriodKind.WEEK))
    request = PackRequest(period=ReportingPeriod.of(period_containing(day, period_kind), day), kind=kind,
                          committee=committee,
                          lang=lang, generated_on=date.today())
    out_dir = packs_folder(book)
    out_dir.mkdir(parents=True, exist_ok=True)
    result = write_pack(snapshot, request, out_dir)
    names = ", ".join(p.name for p in result.files)
    warnings = "".join(f"\n• {p}" for p in result.problems)
    message = (f"Pack {committee.value} {request.period.code} écrit dans {out_dir} : {names}.{warnings}" if lang == "fr"
               else f"{committee.value} pack {request.period.code} written to {out_dir}: {names}.{warnings}")
    return ActionOutcome(message, files=list(result.files))


@action("generate_copil_pack")
def generate_copil_pack(book: BookAdapter) -> ActionOutcome:
    """The monthly steering-committee pack of the status date's month."""
    return _committee_pack(book, Committee.COPIL)


@action("generate_coproj_pack")
def generate_coproj_pack(book: BookAdapter) -> ActionOutcome:
    """The weekly project-committee pack of the status date's week."""
    return _committee_pack(book, Committee.COPROJ)


@action("validate_workbooks")
def validate_workbooks(book: BookAdapter) -> ActionOutcome:
    """Checks every project workbook and lists their problems in the Validation sheet."""
    inputs = master_inputs(book)
    folder = projects_folder(book, inputs)
    reports = validate_paths(project_files(folder, exclude=book.content_path()))
    rows: list[list] = [VALIDATION_HEADER]
    for report in reports:
        status = VALIDATION_STATUS[report.status]
        name = report.path.name
        if not report.problems:
            rows.append([name, report.project_code, status] + [None] * 8)
        for problem in report.problems:
            where = problem.location
            rows.append([name, report.project_code, status,
                         "erreur" if problem.is_error else "avertissement",
                         where.sheet, where.cell, where.row, where.column,
                         problem.message, problem.found, problem.expected])
    book.write_rows(VALIDATION_SHEET, rows)
    with_errors = sum(1 for r in reports if not r.ok)
    message = (f"{len(reports)} classeur(s) contrôlé(s) dans {folder} : {len(reports) - with_errors} sans erreur, "
               f"{with_errors} avec erreurs. Détail dans la feuille « {VALIDATION_SHEET} ».")
    return ActionOutcome(message, sheets=[VALIDATION_SHEET])


@action("new_project")
def new_project(book: BookAdapter) -> ActionOutcome:
    """Creates an empty standard project workbook in the projects folder and opens it."""
    inputs = master_inputs(book)
    folder = projects_folder(book, inputs)
    answer = book.ask_text("Code du nouveau projet (lettres, chiffres, - _ .) :", "Nouveau projet")
    if answer is None:
        return ActionOutcome("Création annulée.", ok=False)
    code = answer.strip()
    if not PROJECT_CODE_PATTERN.match(code):
        raise InputError("code de projet invalide", Location(),
                         [Problem("invalid project code", Location(), found=code,
                                  expected="1 to 40 letters, digits, '-', '_' or '.'")])
    target = folder / f"{code}.xlsx"
    if target.exists():
        raise InputError("un classeur de ce nom existe déjà ; il n'est pas remplacé", Location(file=str(target)))
    from pmo_xl.io.referential import read_referential

    controlled, _ = read_referential(book.content_path())  # the master's lists, defaults without them
    write_template(target, "fr", controlled)
    book.open_path(target)
    return ActionOutcome(f"Classeur projet créé : {target}", files=[target])


@action("open_packs_folder")
def open_packs_folder(book: BookAdapter) -> ActionOutcome:
    """Opens the folder packs are written to (created if missing)."""
    folder = packs_folder(book)
    folder.mkdir(parents=True, exist_ok=True)
    book.open_path(folder)
    return ActionOutcome(f"Dossier des packs : {folder}", files=[folder])


@action("import_minutes")
def import_minutes_action(book: BookAdapter) -> ActionOutcome:
    """Imports a filled minutes document into the Gouvernance registers (same service as the command line)."""
    from pmo_xl.reports.minutes_changes import change_records
    from pmo_xl.io.governance_sheets import governance_sheet_names, governance_workbook
    from pmo_xl.io.master.language import master_file_language
    from pmo_xl.service.minutes_import import import_minutes

    answer = book.ask_text("Chemin du compte rendu rempli (.docx) :", "Importer le compte rendu")
    if answer is None or not answer.strip():
        return ActionOutcome("Import annulé.", ok=False)
    minutes = Path(answer.strip().strip('"'))
    if not minutes.is_file():
        raise InputError("compte rendu introuvable", Location(file=str(minutes)))

    lang = master_file_language(book.content_path())

    def write(registers):
        return book.write_built_sheets(governance_workbook(registers, lang), governance_sheet_names(lang))

    result = import_minutes(book.content_path(), minutes, writer=write)
    lines = [f"• {r['ref']} ({'créée' if r['created'] else 'mise à jour'}) : {r['detail']}"
             for r in change_records(result, "fr")]
    problems = [f"• {p}" for p in result.problems]
    if result.blocked:
        text = ("Des lignes du compte rendu sont en erreur : rien n'a été importé. Corrigez-les, ou importez "
                "les autres lignes avec pmo-xl minutes import --accept-partial.")
        return ActionOutcome("\n".join([text, *problems]), ok=False)
    if not result.applied:
        return ActionOutcome(f"Aucune modification : les registres sont déjà à jour ({result.meeting_id}).")
    head = f"Compte rendu {result.meeting_id} importé : {len(lines)} modification(s)."
    return ActionOutcome("\n".join([head, *lines, *problems]), sheets=governance_sheet_names(lang))
