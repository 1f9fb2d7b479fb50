"""The master workbook in English (Config parameter language = en): written in English, read back as French."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook

from pmo_xl.io.master import template as tpl
from pmo_xl.io.master.config import read_master_inputs
from pmo_xl.io.master.language import french_text, french_value, managed_sheets, tables, text, value, \
    workbook_language
from pmo_xl.io.master.reader import read_snapshot
from pmo_xl.model.portfolio import TABLES
from pmo_xl.texts.master_en import MASTER_EN

CONFIG_TABLES = [v for v in vars(tpl).values() if isinstance(v, tpl.ConfigTable)]


def test_every_text_of_the_master_has_its_english():
    french = [spec.sheet for spec in TABLES] + [spec.title for spec in TABLES]
    french += [c.header for spec in TABLES for c in spec.columns]
    french += [t.title for t in CONFIG_TABLES] + [h for t in CONFIG_TABLES for h in t.headers]
    french += [label for _, label, _, _ in tpl.DEFAULT_PARAMETERS] + [n for *_, n in tpl.DEFAULT_PARAMETERS]
    french += list(tpl.THRESHOLD_LABELS.values()) + [row[3] for row in tpl.DEFAULT_KPIS]
    missing = sorted({t for t in french if t and t not in MASTER_EN})
    assert missing == []


def test_english_headers_and_sheet_names_are_distinct_and_valid():
    english = tables("en")
    names = [spec.sheet for spec in english.values()]
    assert len(set(names)) == len(names)
    assert all(len(name) <= 31 and not set(name) & set("[]:*?/\\") for name in names)
    for spec in english.values():
        headers = [c.header for c in spec.columns]
        assert len(set(headers)) == len(headers), spec.key
        # each English header reads back as its French one
        assert [french_text(h) for h in headers] == [c.header for c in TABLES[[t.key for t in TABLES].index(
            spec.key)].columns], spec.key
    assert english["overview"].sheet == "Portfolio" and english["overview"].table_name == "tblPortefeuille"


def test_values_round_trip():
    assert value("clos", "en") == "closed" and french_value("closed") == "clos"
    assert value("comité technique", "en") == "Technical committee"
    assert value("vert", "en") == "green" and french_value("amber") == "orange"
    assert value("mon action", "en") == "mon action" and value("clos", "fr") == "clos"
    assert text("Synthèse", "en") == "Summary" and text("Synthèse", "fr") == "Synthèse"


@pytest.fixture(scope="module")
def english_template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("master_en")
    return tpl.write_master_template(folder / "master.xlsx", committee_start=date(2026, 12, 1), language="en")


def test_english_template_is_english_and_reads_as_the_french_one(english_template, tmp_path):
    french = tpl.write_master_template(tmp_path / "fr.xlsx", committee_start=date(2026, 12, 1))
    book = load_workbook(english_template)
    assert workbook_language(book.sheetnames) == "en"
    assert {"Governance", "Summary", "Portfolio", "Config"} <= set(book.sheetnames)
    assert not {"Gouvernance", "Synthèse", "Portefeuille", "Lisez-moi"} & set(book.sheetnames)
    config = book["Config"]
    ref = config.tables["tblKPI"].ref
    header = [c.value for c in config[ref][0]]
    assert header[:3] == ["Code", "KPI", text("Définition", "en")] and "KPI (EN)" not in header
    en, fr = read_master_inputs(english_template), read_master_inputs(french)
    assert en.config.language == "en" and fr.config.language == "fr"
    assert list(en.problems) == list(fr.problems) == []
    assert en.config.rag_thresholds == fr.config.rag_thresholds
    assert en.config.reporting_currency == fr.config.reporting_currency == "MAD"
    assert sorted(en.config.kpis) == sorted(fr.config.kpis)
    for code, kpi in fr.config.kpis.items():
        english = en.config.kpis[code]
        assert (english.direction, english.scope, english.active, english.target, english.amber) == (
            kpi.direction, kpi.scope, kpi.active, kpi.target, kpi.amber), code
        assert english.label == kpi.label_en
    assert [(c.committee, c.recurrence) for c in en.config.committee_definitions] == [
        (c.committee, c.recurrence) for c in fr.config.committee_definitions]
    assert [(g.cycle, g.code, g.opens_phase) for g in en.config.gate_definitions] == [
        (g.cycle, g.code, g.opens_phase) for g in fr.config.gate_definitions]


def test_managed_sheet_names_follow_the_language():
    assert managed_sheets("en", ["Synthèse", "Portefeuille"]) == ["Summary", "Portfolio"]
    assert managed_sheets("fr", ["Synthèse"]) == ["Synthèse"]


def test_english_demo_master_reads_back_as_the_snapshot(demo_en_cli):
    _, demo = demo_en_cli
    master = demo / "portefeuille_maitre.xlsx"
    snapshot = read_snapshot(master)
    assert snapshot.language == "en"
    overview = snapshot.overview
    assert len(overview) == 25
    assert set(overview["rag_overall"].dropna()) <= {"green", "amber", "red", "incomplete", "not_provided"}
    assert set(snapshot.actions["status"].dropna()) <= {"ouvert", "en cours", "clos", "annulé"}
    book = load_workbook(master, data_only=True)
    summary = book["Summary"]
    cached = {row[0].value: row[2].value for row in summary.iter_rows(min_row=2) if row[0].value}
    assert cached["rag_red"] == (overview["rag_overall"] == "red").sum()
    assert cached["actions_closed"] == (snapshot.actions["status"] == "clos").sum()
    inputs = read_master_inputs(master)
    assert inputs.config.language == "en"
    assert len(inputs.governance_actions) > 0 and len(inputs.registers.gates) > 0
    assert len(inputs.previous_baselines) == 25
