"""English packs carry no French word of their own: every label, heading, message and chart title is English.

The pack texts that come from the project workbooks (titles, narratives, the
names of milestones) are the users' words and stay as written; the portfolio
here has them replaced by English placeholders, so that any French word left
in a docx, pptx or xlsx is one the packs wrote.
"""

import html
import re
import zipfile
from datetime import date

import pandas as pd
import pytest

from pmo_xl.model.enums import Committee
from pmo_xl.reports.context import PackKind, PackRequest
from pmo_xl.reports.packs import write_pack
from pmo_xl.model.period import parse_period
from test_pack_data import sample_snapshot

FREE_TEXT = {"project_name", "title", "message", "corrective_action", "response", "milestone_name", "task_name",
             "top_risk", "cause", "goal", "achievements", "next_steps", "help_needed", "context", "options",
             "recommendation", "scope_impact", "check_label", "detail", "label", "programme", "business_line",
             "department", "resource_name", "expected", "found", "file", "sheet", "category", "owner", "sponsor",
             "project_manager", "source", "source_file", "action_tasks", "indicator", "column", "on_task_name"}
FRENCH_WORDS = ("le", "la", "les", "des", "du", "une", "et", "pour", "projet", "projets", "sur", "dans", "avec",
                "jalon", "jalons", "décision", "décisions", "risque", "risques", "compléter", "réalisé", "échéance",
                "météo", "vert", "rouge", "orange", "semaine", "mois", "exercice", "équipe", "charge", "retard",
                "prévu", "prévision", "coût", "coûts", "délais", "périmètre", "annexe", "synthèse", "sommaire",
                "enveloppe", "atterrissage", "écart", "ouvert", "clos", "approuvée", "à", "où", "très")
PATTERN = re.compile(r"(?<![\w'’-])(" + "|".join(map(re.escape, FRENCH_WORDS)) + r")(?![\w'’-])", re.IGNORECASE)


def english_portfolio():
    snapshot = sample_snapshot()
    for key in snapshot.tables():
        frame = getattr(snapshot, key).copy()
        for column in frame.columns:
            if column in FREE_TEXT:
                frame[column] = frame[column].map(lambda v: v if v is None or (isinstance(v, float) and pd.isna(v))
                                                  else "Sample text")
        setattr(snapshot, key, frame)
    return snapshot


def _texts(path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        parts = [n for n in archive.namelist() if n.endswith(".xml") and not n.startswith(("docProps/", "[Content"))]
        xml = [archive.read(n).decode("utf-8") for n in parts]
    return [t for chunk in xml for t in re.findall(r">([^<>]+)<", chunk) if t.strip()]


@pytest.mark.parametrize("committee,kind,period", [(Committee.COPIL, PackKind.MONTHLY, "2026-11"),
                                                   (Committee.TECH, PackKind.MONTHLY, "2026-11"),
                                                   (Committee.COPROJ, PackKind.MONTHLY, "2026-11"),
                                                   (Committee.COPIL, PackKind.WEEKLY, "2026-W48"),
                                                   (Committee.COPIL, PackKind.QUARTERLY, "2026-Q4")])
def test_english_packs_have_no_french_word(tmp_path, committee, kind, period):
    request = PackRequest(parse_period(period), kind, committee, "en", generated_on=date(2026, 11, 27))
    result = write_pack(english_portfolio(), request, tmp_path)
    assert result.problems == []
    found = {}
    for path in result.files:
        for text in _texts(path):
            match = PATTERN.search(text)
            if match:
                found.setdefault(path.name, []).append(text)
    assert found == {}


# -- the English demo ----------------------------------------------------------------------------------------

#: Common French words, accents included; matched as whole words, in lower case or capitalised.
DEMO_FRENCH_WORDS = FRENCH_WORDS + (
    "de", "au", "aux", "par", "est", "sont", "qui", "pas", "ou", "en", "un", "tâche", "tâches", "réunion", "comité",
    "début", "statut", "responsable", "recette", "livré", "livrée", "mise", "feuille", "classeur", "valeur",
    "seuil", "libellé", "taux", "jours", "fériés", "ouverte", "ouvertes", "prochaine", "membres", "président",
    "lieu", "récurrence", "données", "référence", "période", "état", "prévue", "glissement", "cadrage",
    "réalisation", "déploiement", "clôture", "été", "déjà", "après", "être", "même", "porte", "preuves",
    "surallouée", "dépassement", "réglementaire", "métier", "agences", "fournisseur", "chef")
DEMO_PATTERN = re.compile(r"(?<![\w'’-])(" + "|".join(
    re.escape(w) for word in DEMO_FRENCH_WORDS for w in (word, word.capitalize())) + r")(?![\w'’-])")
#: File names and paths are the names of the files on disk, not words of the text.
FILE_PATH = re.compile(r"\S+\.(?:xlsx|docx|pptx|csv|log|json)\b")
PLACES = ("Casablanca", "Rabat", "Tangier", "Paris", "Bank Al-Maghrib")
#: Language codes (the master's language parameter, a member's language, their dropdown) are codes, not words.
LANGUAGE_CODES = re.compile(r'^"?fr,en"?$|^(?:fr|en)$|\((?:fr|en)\)')
def _proper_nouns() -> list[str]:
    from pmo_xl.demo.catalogue import INTERNAL_STAFF, SHARED_EXPERTS
    from pmo_xl.demo.governance import COPIL_MEMBERS, TECH_MEMBERS

    people = [f"{first} {last}" for first, last, _ in INTERNAL_STAFF + SHARED_EXPERTS]
    people += [member[0] for member in COPIL_MEMBERS + TECH_MEMBERS]
    return sorted(people + list(PLACES), key=len, reverse=True)


def _demo_texts(path) -> list[str]:
    """Every text of an Office file: text nodes, sheet, table column and defined names, list validations."""
    with zipfile.ZipFile(path) as archive:
        xml = [archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith((".xml", ".vml"))]
    texts = [t for chunk in xml for t in re.findall(r">([^<>]+)<", chunk)]
    texts += [t for chunk in xml for t in re.findall(r'\bname="([^"]+)"', chunk)]
    return [html.unescape(t) for t in texts if t.strip()]


def _french_in(path, nouns: list[str], folders: frozenset[str] = frozenset()) -> list[str]:
    """The texts of ``path`` holding a French word; ``folders`` are names on disk (a cell naming one is no word)."""
    found = []
    for text in _demo_texts(path):
        if text in folders:
            continue
        plain = LANGUAGE_CODES.sub(" ", FILE_PATH.sub(" ", text))
        for noun in nouns:
            plain = plain.replace(noun, " ")
        if DEMO_PATTERN.search(plain):
            found.append(text)
    return found


def _office_files(folder) -> list:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".docx", ".pptx", ".xlsx"))


def test_english_demo_writes_no_french_word(demo_en_cli):
    """Every Office file of the English demo, the master and its backups included, is French-free."""
    result, demo = demo_en_cli
    assert result.exit_code == 0, result.output
    files = _office_files(demo)
    assert {p.suffix for p in files} == {".docx", ".pptx", ".xlsx"}
    assert len([p for p in files if p.parent.name == "projets"]) == 25
    names = {p.name for p in files}
    assert {"portefeuille_maitre.xlsx", "COPIL_monthly_2026-10_en_dashboard.xlsx",
            "TECH_monthly_2026-10_en_dashboard.xlsx"} <= names
    assert any(p.parent.name == "sauvegardes" for p in files)  # the master's backups are scanned too
    nouns = _proper_nouns()
    folders = frozenset(p.name for p in demo.rglob("*") if p.is_dir())
    found = {p.relative_to(demo).as_posix(): texts[:5] for p in files if (texts := _french_in(p, nouns, folders))}
    assert found == {}


def test_the_scan_finds_french_words(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Synthèse"
    book.active["A1"] = "Casablanca, Rabat"
    book.save(tmp_path / "a.xlsx")
    assert _french_in(tmp_path / "a.xlsx", _proper_nouns()) == ["Synthèse"]
    book.active.title = "Summary"
    book.active["A2"] = "Migration des données vers projets/PRJ-01_Core_Banking.xlsx"
    book.save(tmp_path / "a.xlsx")
    assert _french_in(tmp_path / "a.xlsx", _proper_nouns()) == ["Migration des données vers projets/PRJ-01_Core_Banking.xlsx"]
