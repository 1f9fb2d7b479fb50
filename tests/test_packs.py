"""Committee packs read back with python-docx: numbers and texts equal the snapshot's.

The snapshot is the hand-written portfolio of ``test_pack_data``; expected
values below are worked out by hand from it.
"""

import zipfile
from datetime import date

import docx
import pytest
from docx.oxml.ns import qn

from pmo_xl.errors import InputError
from pmo_xl.model.enums import Committee
from pmo_xl.reports.context import PackKind, PackRequest
from pmo_xl.reports.packs import write_pack
from pmo_xl.model.period import parse_period
from test_pack_data import sample_snapshot

N = "\u202f"  # narrow no-break space of French numbers


def _request(period="2026-11", kind=PackKind.MONTHLY, committee=Committee.COPIL, lang="fr", project=None):
    return PackRequest(parse_period(period), kind, committee, lang, project=project, generated_on=date(2026, 11, 27))


def _rows(document) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]


def _table_starting_with(document, first_header: str, second_header: str | None = None):
    for table in document.tables:
        header = [cell.text for cell in table.rows[0].cells]
        if header[0] == first_header and (second_header is None or (len(header) > 1 and header[1] == second_header)):
            yield [[cell.text for cell in row.cells] for row in table.rows]


def _document_xml(path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "".join(archive.read(name).decode("utf-8") for name in archive.namelist()
                       if name.startswith("word/") and name.endswith(".xml"))


@pytest.fixture(scope="module")
def copil_fr(tmp_path_factory):
    out = tmp_path_factory.mktemp("copil_fr")
    return write_pack(sample_snapshot(), _request(), out)


@pytest.fixture(scope="module")
def copil_en(tmp_path_factory):
    out = tmp_path_factory.mktemp("copil_en")
    return write_pack(sample_snapshot(), _request(lang="en"), out)


@pytest.fixture(scope="module")
def coproj_all(tmp_path_factory):
    """The project-committee pack of the whole portfolio: every project page in detail, the portfolio table, charts."""
    out = tmp_path_factory.mktemp("coproj_all")
    return write_pack(sample_snapshot(), _request(committee=Committee.COPROJ), out)


def test_files_are_named_by_committee_kind_period_and_language(copil_fr):
    assert copil_fr.pack.name == "COPIL_monthly_2026-11_fr.docx"
    assert copil_fr.minutes.name == "COPIL_monthly_2026-11_fr_compte-rendu.docx"
    assert copil_fr.dashboard.name == "COPIL_monthly_2026-11_fr_dashboard.xlsx"


def test_no_template_tag_is_left_in_the_document(copil_fr):
    xml = _document_xml(copil_fr.pack)
    assert "{{" not in xml and "{%" not in xml and "}}" not in xml


def test_kpi_tiles_are_the_portfolio_figures(copil_fr):
    document = docx.Document(copil_fr.pack)
    tiles = next(t for t in document.tables if len(t.rows) == 3 and t.rows[1].cells[0].text == "Projets")
    values = [cell.text for cell in tiles.rows[0].cells]
    # SPI = ΣEV/ΣPV = 8 352 000 / 9 000 000 = 0.928; CPI = 8 352 000 / 9 320 000 = 0.896
    # budget to end of November: actual 3 600 000 + 1 180 000 = 4 780 000 against planned 3 000 000 + 1 200 000
    # = 4 200 000, 113.8 %; milestones due in November by baseline: M2, M3, M5, only M3 on time;
    # overdue open actions: A1 and G1 out of A1, A2, G1.
    assert values == ["4", "0,93", "0,90", f"114{N}%", "1 / 3", "2"]
    details = [cell.text for cell in tiles.rows[2].cells]
    assert details[0] == "1 vert · 2 orange · 1 rouge"
    assert details[3] == f"4{N}780{N}000{N}MAD / 4{N}200{N}000{N}MAD"
    assert details[5] == "sur 3 ouvertes"


def test_portfolio_table_row_equals_overview_and_rag_cells_are_coloured(coproj_all):
    document = docx.Document(coproj_all.pack)
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Code" and t.rows[0].cells[4].text == "Météo")
    rows = {row.cells[0].text: row for row in table.rows[1:]}
    assert list(rows) == ["P-AML", "P-CORE", "P-DWH", "P-MOB"]
    core = [cell.text for cell in rows["P-CORE"].cells]
    assert core == ["P-CORE", "Refonte du core banking", "Salma Bennani", "réalisation", "rouge", "orange", "rouge",
                    "0,90", "0,83", f"12{N}500{N}000{N}MAD", f"6{N}510{N}000{N}MAD", f"43{N}%", "20"]
    fill = rows["P-CORE"].cells[4]._tc.tcPr.find(qn("w:shd")).get(qn("w:fill"))
    assert fill.upper() == "FFC7CE"
    assert rows["P-AML"].cells[1].text == "Conformité LAB-FT & filtrage"  # escaped and restored


def test_every_chart_has_an_image_a_caption_and_its_data(copil_fr, coproj_all):
    document = docx.Document(copil_fr.pack)
    # the COPIL shows the budget curve and the risk map; their data are in the Excel dashboard
    assert len(document.inline_shapes) == 2
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions[0].startswith("Budget cumulé du portefeuille") and len(captions) == 2
    s_curve = copil_fr.context.values["charts"][0]["rows"]
    # planned 1 400 000 a month; actual 1 480 000, 1 590 000, 1 710 000 then none; forecast ends with 1 400 000
    assert s_curve == [
        ["sept. 2026", f"1{N}400{N}000", f"1{N}480{N}000", f"1{N}480{N}000"],
        ["oct. 2026", f"2{N}800{N}000", f"3{N}070{N}000", f"3{N}070{N}000"],
        ["nov. 2026", f"4{N}200{N}000", f"4{N}780{N}000", f"4{N}780{N}000"],
        ["déc. 2026", f"5{N}600{N}000", "–", f"6{N}180{N}000"]]
    document = docx.Document(coproj_all.pack)
    milestones = next(_table_starting_with(document, "Période", "Échus"))
    assert milestones[-3:] == [["sept. 2026", "1", "1", "0"], ["oct. 2026", "0", "0", "0"], ["nov. 2026", "3", "1", "2"]]
    heatmap = next(_table_starting_with(document, "Probabilité", "Impact 1"))
    assert heatmap[4] == ["4", "0", "0", "0", "0", "1"]  # R1: probability 4, impact 5
    assert heatmap[3] == ["3", "0", "0", "1", "1", "0"]  # R2 (3×3) and R5 (3×4)


def test_one_page_per_project_with_its_registers(coproj_all):
    document = docx.Document(coproj_all.pack)
    project_headings = [p for p in document.paragraphs if p.style.name == "Heading 2" and p.text.startswith("P-")]
    assert [p.text for p in project_headings] == ["P-AML – Conformité LAB-FT & filtrage", "P-CORE – Refonte du core banking",
                                                  "P-DWH – Entrepôt de données risques", "P-MOB – Application mobile retail"]
    assert all(p.paragraph_format.page_break_before for p in project_headings)
    rows = _rows(document)
    # P-CORE's open risks, highest score first; R3 is closed
    assert ["R1", "Indisponibilité des experts core banking", "4", "5", "20", "Salma Bennani",
            "Renfort par un prestataire spécialisé"] in rows
    assert ["R2", "Retard de livraison des licences", "3", "3", "9", "Achats", "Relance fournisseur"] in rows
    assert not any(row[0] == "R3" for row in rows)
    assert ["coûts", "rouge", "CPI de 0,83 sous le seuil de 0,90", "Revoir le plan de charge et renégocier le lot 2",
            "–"] in rows
    # the computed corrective action: the best one (first line) and the working days it recovers
    assert ["délais", "orange", "Glissement de 20 j du jalon « Fin des développements lot 1 »",
            "Chevaucher « Recette lot 1 » (T12) avec « Développement lot 1 » (T11) : "
            "gain 9 j ouvrés, fin prévue le 26/11/2026", "9"] in rows
    assert ["Fin des développements lot 1", "10/11/2026", "08/12/2026", "–", "20"] in rows
    assert ["1", "Développement lot 1", "01/09/2026", "08/12/2026", "0,0"] in rows
    # budget of P-CORE: consumed = AC / BAC = 6 510 000 / 12 500 000 = 52 %
    assert [f"12{N}500{N}000{N}MAD", f"6{N}000{N}000{N}MAD", f"5{N}400{N}000{N}MAD", f"6{N}510{N}000{N}MAD",
            f"15{N}069{N}444{N}MAD", f"-2{N}569{N}444{N}MAD", f"52{N}%"] in rows


def test_decisions_and_follow_up(copil_fr):
    document = docx.Document(copil_fr.pack)
    to_take = next(_table_starting_with(document, "Projet", "Décision demandée"))
    # D2 is for the project committee; the decision log gives no case, so the recommendation is to be completed
    assert to_take[1:] == [["P-CORE", "Arbitrer le recours à un prestataire pour le lot 2", "15/12/2026", "à compléter"]]
    # approved D3 still awaits implementation; D4 was decided during the previous month
    follow_up = next(_table_starting_with(document, "Projet", "Id"))
    assert follow_up[1:] == [["P-AML", "D3", "Choix de la solution de filtrage", "20/10/2026", "31/01/2027"],
                             ["P-CORE", "D4", "Report du lot 3 au T2 2027", "28/10/2026", "–"]]
    # one list of overdue decisions and actions, most overdue first; a title starting with "=" stays text
    overdue = next(t for t in _table_starting_with(document, "Registre", "Projet") if t[0][-1] == "Escaladé")
    assert overdue[1:] == [["action", "P-CORE", "A1", "Valider le plan de renfort", "Karim El Idrissi", "15/11/2026",
                            "12", "non"],
                           ["action", "–", "G1", "=Consolider les fiches projets & annexes", "PMO", "20/11/2026", "7",
                            "non"]]
    assert not list(_table_starting_with(document, "Projet", "Action"))  # not listed twice


def test_annex_lists_located_errors(copil_fr, coproj_all):
    rows = _rows(docx.Document(copil_fr.pack))
    assert ["projets/P-CRM.xlsx", "sheet 'Budget', cell D12", "montant non numérique", "erreur"] in rows
    rows = _rows(docx.Document(coproj_all.pack))
    assert ["projets/P-CRM.xlsx", "sheet 'Budget', cell D12", "montant non numérique", "12 000 MAD", "a number",
            "erreur"] in rows
    assert ["P-CORE", "Refonte du core banking", f"85{N}%", f"90{N}%", "27/11/2026", "0"] in rows


def test_word_structure_styles_toc_header_footer(copil_fr):
    document = docx.Document(copil_fr.pack)
    xml = _document_xml(copil_fr.pack)
    assert 'TOC \\o "1-2"' in xml
    header = document.sections[0].header.paragraphs[0].text
    assert "Classification : Interne" in header and "Comité de pilotage – dossier mensuel" in header
    footer_xml = document.sections[0].footer._element.xml
    assert " PAGE " in footer_xml and " NUMPAGES " in footer_xml
    assert "COPIL · novembre 2026" in document.sections[0].footer.paragraphs[0].text
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Synthèse", "Projets au rouge et à l’orange, du plus grave au moins grave", "Projets au vert",
                        "Annexe A – CAPEX et OPEX par exercice face à l’enveloppe approuvée",
                        "Annexe B – Courbe budgétaire et carte des risques",
                        "Annexe C – Suivi des décisions et des actions", "Annexe D – Qualité des données et erreurs"]
    toc_entries = [p.text for p in document.paragraphs if p.style.name == "TOC 1" and p.text]
    # page 1 the synthesis, page 2 the contents, one page per red or amber project (worst first), one per section
    assert toc_entries == ["Synthèse\t1", "Projets au rouge et à l’orange, du plus grave au moins grave\t3",
                           "    P-CORE – Refonte du core banking\t3", "    P-DWH – Entrepôt de données risques\t4",
                           "    P-MOB – Application mobile retail\t5", "Projets au vert\t6",
                           "Annexe A – CAPEX et OPEX par exercice face à l’enveloppe approuvée\t7",
                           "Annexe B – Courbe budgétaire et carte des risques\t8",
                           "Annexe C – Suivi des décisions et des actions\t9",
                           "Annexe D – Qualité des données et erreurs\t10"]


def test_english_pack_uses_english_labels_and_number_format(copil_en):
    document = docx.Document(copil_en.pack)
    tiles = next(t for t in document.tables if len(t.rows) == 3 and t.rows[1].cells[0].text == "Projects")
    assert [c.text for c in tiles.rows[0].cells] == ["4", "0.93", "0.90", "114%", "1 / 3", "2"]
    rows = _rows(document)
    assert ["P-AML", "Conformité LAB-FT & filtrage", "Hicham Berrada", "1.04", "1.08", "28%", "2027-06-30",
            "1,850,000 MAD", ""] in rows  # its data is whole: no "⚠ incomplete" marker
    assert ["red", "amber", "red", "green", "red"] in rows
    assert "Classification: Internal" in document.sections[0].header.paragraphs[0].text
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"][0] == "Summary"
    assert copil_en.minutes.name == "COPIL_monthly_2026-11_en_minutes.docx"


def test_coproj_pack_of_one_project_in_detail(tmp_path):
    result = write_pack(sample_snapshot(), _request(committee=Committee.COPROJ, project="P-MOB"), tmp_path)
    assert result.pack.name == "COPROJ_monthly_2026-11_P-MOB_fr.docx"
    document = docx.Document(result.pack)
    rows = _rows(document)
    portfolio = next(t for t in document.tables if t.rows[0].cells[0].text == "Code" and t.rows[0].cells[4].text == "Météo")
    assert [row.cells[0].text for row in portfolio.rows[1:]] == ["P-MOB"]
    s_curve = next(_table_starting_with(document, "Mois", "Prévu cumulé (MAD)"))
    # P-MOB alone: 400 000 planned a month; actual 380 000, 390 000, 410 000
    assert s_curve[1:] == [["sept. 2026", "400\u202f000", "380\u202f000", "380\u202f000"],
                           ["oct. 2026", "800\u202f000", "770\u202f000", "770\u202f000"],
                           ["nov. 2026", f"1{N}200{N}000", f"1{N}180{N}000", f"1{N}180{N}000"],
                           ["déc. 2026", f"1{N}600{N}000", "–", f"1{N}580{N}000"]]
    # the detailed page lists actions, dependencies and the monthly budget
    assert ["A2", "Préparer le dossier de mise en production", "Youssef Alaoui", "10/12/2026", "en cours", "–"] in rows
    assert ["T20 Recette utilisateur", "P-CORE / Fin des développements lot 1", "08/12/2026", "24"] in rows
    assert ["nov. 2026", f"400{N}000{N}MAD", f"410{N}000{N}MAD", f"410{N}000{N}MAD"] in rows
    decisions = next(_table_starting_with(document, "Projet", "Id"))
    assert decisions[1:] == [["P-MOB", "D2", "Valider la date de mise en production", "Nadia Tazi", "05/12/2026"]]


def test_programme_scope_selects_its_projects(tmp_path):
    result = write_pack(sample_snapshot(), _request(committee=Committee.COPROJ, project="Transformation digitale"),
                        tmp_path)
    headings = [p.text for p in docx.Document(result.pack).paragraphs if p.style.name == "Heading 2"
                and p.text.startswith("P-")]
    assert headings == ["P-CORE – Refonte du core banking", "P-MOB – Application mobile retail"]


def test_technical_committee_pack(tmp_path):
    result = write_pack(sample_snapshot(), _request(committee=Committee.TECH), tmp_path)
    rows = _rows(docx.Document(result.pack))
    assert ["DEP-1", "P-MOB", "T20 Recette utilisateur", "P-CORE", "M2 Fin des développements lot 1", "FS",
            "08/12/2026", "20", "24"] in rows
    technical = [row for row in rows if len(row) == 7 and row[1] in ("R1", "R2", "R4", "R5")]
    assert [row[1] for row in technical] == ["R1", "R4"]  # category "Technique" only, highest score first
    assert ["P-AML", "D3", "Choix de la solution de filtrage", "approuvée", "Hicham Berrada", "31/01/2027"] in rows
    assert any(row[:2] == ["3", "Mise en production lot 1"] for row in rows)  # P-CORE critical path


def test_weekly_flash(tmp_path):
    result = write_pack(sample_snapshot(), _request("2026-W48", PackKind.WEEKLY), tmp_path)
    document = docx.Document(result.pack)
    assert document.paragraphs[1].text.startswith("semaine 48 2026 (23/11/2026 – 29/11/2026)")
    on_alert = next(t for t in _table_starting_with(document, "Code", "Projet") if t[0][2] == "Météo")
    assert [row[0] for row in on_alert[1:]] == ["P-CORE", "P-DWH", "P-MOB"]  # red first, then amber by code
    assert on_alert[1][5:] == ["CPI de 0,83 sous le seuil de 0,90", "Revoir le plan de charge et renégocier le lot 2"]
    milestones = next(t for t in _table_starting_with(document, "Projet", "Jalon") if t[0][2] == "Référence")
    # window: the week (23-29/11) and the next one (30/11-6/12)
    assert [row[1] for row in milestones[1:]] == ["Dossier de conception validé", "Note de cadrage validée"]
    tiles = next(t for t in document.tables if len(t.rows) == 3 and t.rows[1].cells[0].text == "Projets")
    assert tiles.rows[0].cells[4].text == "0 / 0"  # no baseline milestone falls in week 48


def test_quarterly_review_shows_kpi_history(tmp_path):
    result = write_pack(sample_snapshot(), _request("2026-Q4", PackKind.QUARTERLY, lang="en"), tmp_path)
    document = docx.Document(result.pack)
    history = next(_table_starting_with(document, "Period", "Projects"))
    # average CPI of the history: (0.9 + 1 + 1 + 1) / 4 = 0.975; the quarter itself is not in the history,
    # its averages come from the overview: SPI (0.90 + 0.98 + 1.04 + 0.80) / 4 = 0.93,
    # CPI (0.8295 + 1.05 + 1.0833 + 0.8889) / 4 = 0.963
    assert history[1:] == [["2026-09", "4", "3", "1", "0", "0.95", "0.98"],
                           ["2026-10", "4", "2", "1", "1", "0.95", "0.98"],
                           ["2026-Q4", "4", "1", "2", "1", "0.93", "0.96"]]
    decisions = next(_table_starting_with(document, "Project", "Id"))
    assert [row[1] for row in decisions[1:]] == ["D3", "D4"]  # decided in October


def test_minutes_are_prefilled(copil_fr):
    document = docx.Document(copil_fr.minutes)
    assert document.paragraphs[1].text == "Compte rendu – COPIL – novembre 2026"
    attendees = next(_table_starting_with(document, "Nom", "Rôle"))
    names = [row[0] for row in attendees[1:] if row[0]]
    assert names[0] == "PMO"
    assert {"Karim El Idrissi", "Nadia Tazi", "Leila Chraibi", "Salma Bennani", "Imane Fassi"} <= set(names)
    assert sum(1 for row in attendees if row == ["", "", "", ""]) == 2  # blank lines for extra attendees
    decisions = next(_table_starting_with(document, "Réf.", "Décision"))
    assert decisions[1] == ["D1", "Arbitrer le recours à un prestataire pour le lot 2", "P-CORE", "Karim El Idrissi",
                            "15/12/2026", "à décider"]
    agenda = next(_table_starting_with(document, "N°", "Point"))
    assert len(agenda) == 7


def test_unknown_project_is_a_located_input_error(tmp_path):
    with pytest.raises(InputError) as caught:
        write_pack(sample_snapshot(), _request(project="P-NOPE"), tmp_path)
    assert caught.value.problems[0].found == "P-NOPE"


def test_period_must_match_pack_kind(tmp_path):
    with pytest.raises(InputError) as caught:
        write_pack(sample_snapshot(), _request("2026-W48", PackKind.MONTHLY), tmp_path)
    assert caught.value.problems[0].expected == "YYYY-MM"
    assert not list(tmp_path.iterdir())


def test_rag_trend_is_derived_from_spi_and_cpi_when_history_has_no_overall_rag(tmp_path):
    snapshot = sample_snapshot()
    history = snapshot.kpi_history
    snapshot.kpi_history = history[history["kpi"] != "rag_overall"].reset_index(drop=True)
    result = write_pack(snapshot, _request("2026-Q4", PackKind.QUARTERLY), tmp_path)
    document = docx.Document(result.pack)
    rag_trend = next(_table_starting_with(document, "Période", "Vert"))
    # history: every SPI and CPI status is green; November from the overview, worse of schedule and cost:
    # P-CORE amber/red -> red, P-MOB amber/green -> amber, P-AML green, P-DWH amber/amber -> amber
    assert rag_trend[1:] == [["2026-09", "4", "0", "0"], ["2026-10", "4", "0", "0"], ["2026-Q4", "1", "2", "1"]]
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert any("déduite du plus défavorable du SPI et du CPI" in c for c in captions)


def test_project_page_shows_the_four_most_severe_alerts_and_counts_the_rest(tmp_path):
    import pandas as pd

    snapshot = sample_snapshot()
    extra = pd.DataFrame([dict(project_code="P-DWH", dimension="resources", severity="amber" if i < 6 else "red",
                               indicator="load", value=1.5, threshold=1.0, message=f"Surcharge {i}",
                               corrective_action="Lisser la charge") for i in range(8)])
    snapshot.alerts = pd.concat([snapshot.alerts, extra], ignore_index=True)
    from pmo_xl.reports.context import build_pack_context

    pages = {p["code"]: p for p in build_pack_context(snapshot, _request(committee=Committee.TECH)).values["projects"]}
    assert pages["P-DWH"]["alerts_note"] == ("9 alerte(s), les 4 plus graves ci-dessous ; liste complète dans le "
                                             "tableau de bord Excel.")
    # the two red overloads (6 and 7) first, then two of the seven amber alerts
    assert [a["message"] for a in pages["P-DWH"]["alerts"][:2]] == ["Surcharge 6", "Surcharge 7"]
    assert len(pages["P-DWH"]["alerts"]) == 4
    # a project with few alerts has no note
    assert pages["P-CORE"]["alerts_note"] == ""
