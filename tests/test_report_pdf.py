"""PDF copies through LibreOffice headless, and the errors when it is missing or stuck."""

import os
import stat
from datetime import date

import docx
import pytest

from pmo_xl.errors import OutputError
from pmo_xl.model.enums import Committee
from pmo_xl.reports.context import PackKind, PackRequest
from pmo_xl.reports.packs import write_pack
from pmo_xl.reports.pdf import convert_to_pdf, count_pdf_pages, find_soffice
from pmo_xl.model.period import parse_period
from test_pack_data import sample_snapshot


def _request(**changes):
    values = dict(period=parse_period("2026-11"), kind=PackKind.MONTHLY, committee=Committee.COPIL, lang="fr",
                  generated_on=date(2026, 11, 27))
    values.update(changes)
    return PackRequest(**values)


@pytest.mark.libreoffice
@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_pack_and_minutes_convert_to_pdf_with_a_sane_page_count(tmp_path):
    steps = []
    result = write_pack(sample_snapshot(), _request(), tmp_path, pdf=True, on_progress=steps.append)
    assert result.problems == []
    pack_pdf, minutes_pdf, deck_pdf = result.pdfs
    # one progress step per document converted, named after the document
    assert [(s.stage, s.done, s.total, s.item) for s in steps] == [
        ("pdf", 1, 3, "COPIL_monthly_2026-11_fr.docx"), ("pdf", 2, 3, "COPIL_monthly_2026-11_fr_compte-rendu.docx"),
        ("pdf", 3, 3, "COPIL_monthly_2026-11_fr_deck.pptx")]
    assert pack_pdf.name == "COPIL_monthly_2026-11_fr.pdf" and deck_pdf.name == "COPIL_monthly_2026-11_fr_deck.pdf"
    pack_pages = count_pdf_pages(pack_pdf)
    # synthesis, contents, one page per red or amber project (3), green projects, four annexes
    assert pack_pages == 10
    assert result.pdf_pages[pack_pdf.name] == 10
    assert 1 <= count_pdf_pages(minutes_pdf) <= 3
    assert pack_pdf.read_bytes().startswith(b"%PDF-")


@pytest.mark.libreoffice
@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_weekly_flash_is_short(tmp_path):
    result = write_pack(sample_snapshot(), _request(period=parse_period("2026-W48"), kind=PackKind.WEEKLY), tmp_path,
                        pdf=True)
    assert 1 <= count_pdf_pages(result.pdfs[0]) <= 3


@pytest.mark.libreoffice
@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_page_count_grows_with_the_number_of_project_pages(tmp_path):
    one = write_pack(sample_snapshot(), _request(committee=Committee.COPROJ, project="P-AML"), tmp_path / "one", pdf=True)
    two = write_pack(sample_snapshot(), _request(committee=Committee.COPROJ, project="Transformation digitale"),
                     tmp_path / "two", pdf=True)
    assert count_pdf_pages(two.pdfs[0]) > count_pdf_pages(one.pdfs[0])


def test_missing_libreoffice_is_a_clear_error_and_not_fatal_for_the_pack(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delenv("PMO_XL_SOFFICE", raising=False)
    document = tmp_path / "note.docx"
    docx.Document().save(document)
    with pytest.raises(OutputError) as caught:
        convert_to_pdf(document)
    assert "LibreOffice" in str(caught.value) and "note.docx" in str(caught.value)
    result = write_pack(sample_snapshot(), _request(), tmp_path / "out", pdf=True)
    assert result.pdfs == [] and result.pack.exists()
    assert [p.code for p in result.problems] == ["pdf", "pdf", "pdf"]  # pack, minutes, deck


@pytest.mark.skipif(os.name == "nt", reason="uses a POSIX shell script as a stuck LibreOffice")
def test_stuck_conversion_stops_at_the_timeout(tmp_path, monkeypatch):
    stuck = tmp_path / "soffice"
    stuck.write_text("#!/bin/sh\nexec sleep 30\n")
    stuck.chmod(stuck.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PMO_XL_SOFFICE", str(stuck))
    document = tmp_path / "note.docx"
    docx.Document().save(document)
    with pytest.raises(OutputError) as caught:
        convert_to_pdf(document, timeout_seconds=0.5)
    assert "within 0.5 s" in str(caught.value)


def test_page_counter_counts_page_objects_not_the_page_tree(tmp_path):
    pdf = tmp_path / "three.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Pages /Kids [2 0 R 3 0 R 4 0 R] /Count 3 >> endobj\n"
                    b"2 0 obj << /Type /Page >> endobj 3 0 obj << /Type/Page >> endobj\n"
                    b"4 0 obj << /Type /Page /Parent 1 0 R >> endobj\n%%EOF")
    assert count_pdf_pages(pdf) == 3


def _doubled(snapshot):
    """The same portfolio with a copy of every project under a new code (P-CORE-B…)."""
    import pandas as pd

    for key in ("overview", "milestones", "critical_path", "risks", "alerts", "decisions", "actions", "budget"):
        frame = getattr(snapshot, key)
        copy = frame[frame["project_code"].notna()].copy()
        copy["project_code"] = copy["project_code"] + "-B"
        setattr(snapshot, key, pd.concat([frame, copy], ignore_index=True))
    return snapshot


@pytest.mark.libreoffice
@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_each_red_or_amber_project_adds_one_page(tmp_path):
    four = write_pack(sample_snapshot(), _request(), tmp_path / "four", pdf=True)
    eight = write_pack(_doubled(sample_snapshot()), _request(), tmp_path / "eight", pdf=True)
    added = count_pdf_pages(eight.pdfs[0]) - count_pdf_pages(four.pdfs[0])
    # three more red or amber projects, one page each; the green copy is one more row of the green table
    assert added == 3
