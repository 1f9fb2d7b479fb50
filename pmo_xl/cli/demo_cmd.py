"""``pmo-xl demo``: write the demo portfolio into a folder and run the monthly job on it.

    pmo-xl demo DIR [--lang fr|en] [--seed N]

Prints the projects written, the workbooks spoiled on purpose with the errors
the validation found in them, and every file produced.  Exit code 0 when all
steps ran (the spoiled workbooks are expected), 1 when a step failed.
"""

from __future__ import annotations

from pathlib import Path

import typer
from pmo_xl.cli import output
from rich.table import Table

from pmo_xl.i18n import problem_message
from pmo_xl.cli import COMMANDS_PANEL, app
from pmo_xl.errors import PmoError
from pmo_xl.model import label

TEXT = {
    "fr": {
        "projects": "Projets écrits", "faulty": "Classeurs volontairement erronés",
        "files": "Fichiers produits", "steps": "Étapes",
        "project_headers": ("Code", "Projet", "Méthode", "Devise", "Tâches", "Fichier"),
        "fault_headers": ("Fichier", "Feuille", "Cellule", "Gravité", "Problème", "Trouvé"),
        "step_headers": ("Étape", "Résultat", "Fichiers", "Détail"),
        "ok": "réussie", "failed": "échec", "row": "ligne",
        "step_names": {"validation": "validation", "schedule": "planification",
                       "cycle": "consolidation et dossiers de comité"},
        "done": "Démo écrite dans {out} : {count} projets, {faulty} classeurs erronés.",
    },
    "en": {
        "projects": "Projects written", "faulty": "Workbooks spoiled on purpose",
        "files": "Files produced", "steps": "Steps",
        "project_headers": ("Code", "Project", "Method", "Currency", "Tasks", "File"),
        "fault_headers": ("File", "Sheet", "Cell", "Severity", "Problem", "Found"),
        "step_headers": ("Step", "Result", "Files", "Detail"),
        "ok": "done", "failed": "failed", "row": "row",
        "step_names": {"validation": "validation", "schedule": "scheduling",
                       "cycle": "consolidation and committee packs"},
        "done": "Demo written to {out}: {count} projects, {faulty} spoiled workbooks.",
    },
}


@app.command("demo", rich_help_panel=COMMANDS_PANEL, help="Écrit un portefeuille de démonstration réaliste (environ 25 classeurs projet) "
                                "et y exécute le traitement mensuel.")
def demo(
    out_dir: Path = typer.Argument(..., metavar="DIR", help="Dossier où écrire le portefeuille de démonstration (créé s'il manque)."),
    lang: str = typer.Option("fr", "--lang", help="Langue des classeurs et des restitutions : fr ou en."),
    seed: int = typer.Option(2026, "--seed", help="Graine du générateur ; la même graine donne le même portefeuille."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Sans barre de progression : seulement le résumé."),
) -> None:
    """Write a realistic demo portfolio (about 25 project workbooks) and run the monthly job on it."""
    from pmo_xl.demo.run import SEVERITY_LABELS, run_demo

    if lang not in TEXT:
        output.err().print(f"[red]--lang: '{lang}' (expected fr or en)[/red]")
        raise typer.Exit(2)
    text = TEXT[lang]
    console = output.out()
    try:
        with output.progress_bar(quiet, lang) as on_progress:
            report = run_demo(out_dir, lang=lang, seed=seed, on_progress=on_progress)
    except PmoError as exc:
        output.err().print(f"[red]{exc}[/red]")
        raise typer.Exit(1)

    projects = Table(title=text["projects"])
    for header in text["project_headers"]:
        projects.add_column(header, overflow="fold")
    for data in report.projects:
        project = data.project
        projects.add_row(project.code, project.name, label(project.methodology, lang), project.currency,
                         str(len(data.tasks)), str(report.workbooks[project.code].relative_to(report.out_dir)))
    console.print(projects)

    spoiled_paths = {faulty.path.resolve() for faulty in report.faulty}
    faults = Table(title=text["faulty"])
    for header in text["fault_headers"]:
        faults.add_column(header, overflow="fold")
    for file_report in report.validation:
        if file_report.path.resolve() not in spoiled_paths and file_report.ok:
            continue
        for problem in file_report.problems:
            location = problem.location
            cell = location.cell or (f"{text['row']} {location.row}" if location.row is not None else "")
            style = "red" if problem.is_error else "yellow"
            faults.add_row(file_report.path.name, location.sheet or "", cell,
                           f"[{style}]{SEVERITY_LABELS[lang][problem.severity.value]}[/]", problem_message(problem, lang),
                           problem.found or "")
    console.print(faults)

    steps = Table(title=text["steps"])
    for header in text["step_headers"]:
        steps.add_column(header, overflow="fold")
    for step in report.steps:
        result = f"[green]{text['ok']}[/]" if step.ok else f"[red]{text['failed']}[/]"
        steps.add_row(text["step_names"].get(step.name, step.name), result, str(len(step.outputs)), step.error or "")
    console.print(steps)

    files = Table(title=text["files"])
    files.add_column(text["files"], overflow="fold")
    for path in report.outputs:
        files.add_row(str(path))
    console.print(files)
    console.print(text["done"].format(out=report.out_dir, count=len(report.projects), faulty=len(report.faulty)))
    if not report.ok:
        raise typer.Exit(1)
