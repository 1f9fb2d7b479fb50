"""The English of what is stored in French: the demo's wording, the master's messages, alerts and checks."""

from __future__ import annotations

import pytest

from pmo_xl.demo.english import english_projects, to_english
from pmo_xl.demo.portfolio import DEFAULT_SEED, DEFAULT_STATUS_DATE, build_demo_portfolio
from pmo_xl.i18n import MESSAGES_FR, english, translate
from pmo_xl.reports.snapshot_words import check_en, detail_en, dimension_en, finding_en


@pytest.fixture(scope="module")
def portfolios():
    french = build_demo_portfolio(DEFAULT_SEED, DEFAULT_STATUS_DATE)
    return french, english_projects(build_demo_portfolio(DEFAULT_SEED, DEFAULT_STATUS_DATE))


def test_demo_texts_are_cut_at_their_separators():
    assert to_english("US081 – Ingestion : interface comptable") == "US081 – Ingestion: accounting interface"
    assert to_english("Développement – Éditique : habilitations (partie 2)") == (
        "Development – Document output: access rights (part 2)")
    assert to_english("- Jalon : lot 4 livré\n- Tests unitaires – Réponse à incident") == (
        "- Milestone: work package 4 delivered\n- Unit tests – Incident response")
    assert to_english("2e mardi du mois, 10:00-12:00") == "2nd Tuesday of the month, 10:00-12:00"
    assert to_english("Youssef El Amrani") == "Youssef El Amrani"


def test_english_demo_keeps_codes_figures_and_people(portfolios):
    french, english_ = portfolios
    for fr, en in zip(french, english_):
        assert (en.project.code, en.project.project_manager, en.project.start) == (
            fr.project.code, fr.project.project_manager, fr.project.start)
        assert [(t.id, t.duration_days, t.predecessors) for t in en.tasks] == [
            (t.id, t.duration_days, t.predecessors) for t in fr.tasks]
        assert [r.code for r in en.resources] == [r.code for r in fr.resources]
    names = {d.project.code: d.project.name for d in english_}
    assert names["PRJ-01"] == "Core banking migration to Temenos T24"
    assert names["PRJ-04"] == "Bank Al-Maghrib regulatory reporting"
    assert {d.project.code: d.project.name for d in french}["PRJ-01"] == "Migration du core banking vers Temenos T24"


def test_english_demo_leaves_no_french_phrase_of_the_catalogue(portfolios):
    _, english_ = portfolios
    texts = {t.name for d in english_ for t in d.tasks} | {r.title for d in english_ for r in d.risks}
    texts |= {s.achievements for d in english_ for s in d.status_reports if s.achievements}
    assert not [t for t in texts if any(word in t for word in ("Jalon", "Recette", "Développement", "livré"))]


def test_master_messages_read_back_in_english():
    for message in ("missing sheet", "between 0 and 100", "a sheet 'Risques' (or 'Risks')", "on or after 21/04/2026"):
        assert english(translate(message, "fr")) == message
    assert len({english(french) for french in MESSAGES_FR.values()} - set(MESSAGES_FR)) == 0
    assert english("a text of no catalogue") == "a text of no catalogue"


def test_alerts_and_checks_in_english():
    assert finding_en("SPI = 0,82 (rouge : vert si ≥ 0,95) ; A010 en retard de 5 jour(s)") == (
        "SPI = 0.82 (red: green if ≥ 0.95); A010 overdue by 5 day(s)")
    assert finding_en("Délais : déclaré vert par le chef de projet, calculé orange (déclaration optimiste)") == (
        "Schedule: reported green by the project manager, computed amber (optimistic report)")
    assert dimension_en("Périmètre et qualité") == "Scope and quality"
    assert check_en("gate_G3", "Porte G3 : Lancement de la réalisation") == "Gate G3: Build start"
    assert check_en("burndown", "Burndown du sprint en cours") == "Burndown of the current sprint"
    assert detail_en("décision : reporté") == "decision: postponed"
    assert detail_en("nouvelle référence au 29/04/2027 sans demande de changement approuvée "
                     "(demande non approuvée : CR-002)") == (
        "new baseline on 29/04/2027 without an approved change request (request not approved: CR-002)")
