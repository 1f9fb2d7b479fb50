"""English packs carry no French word of their own: every label, heading, message and chart title is English.

The pack texts that come from the project workbooks (titles, narratives, the
names of milestones) are the users' words and stay as written; the portfolio
here has them replaced by English placeholders, so that any French word left
in a docx, pptx or xlsx is one the packs wrote.
"""

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
