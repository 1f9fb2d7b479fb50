"""The checked-in Word templates equal what the code builds (content, not bytes), and
a template restyled by a PMO is used instead of the stock one."""

from datetime import date

import docx
import pytest
from docx.shared import RGBColor

from pmo_xl.model.enums import Committee
from pmo_xl.reports.context import PackKind, PackRequest
from pmo_xl.reports.packs import write_pack
from pmo_xl.model.period import parse_period
from pmo_xl.reports.templates_build import (
    LANGUAGES,
    REPO_TEMPLATE_DIR,
    TEMPLATE_NAMES,
    build_template,
    template_file_name,
    write_templates,
)
from test_pack_data import sample_snapshot


def _content(document) -> dict:
    """What a reviewer sees: paragraphs with their style, tables cell by cell, header, footer, styles."""
    body = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = docx.text.paragraph.Paragraph(block, document)
            body.append(("p", paragraph.style.name, paragraph.text, paragraph.paragraph_format.page_break_before))
        elif tag == "tbl":
            table = docx.table.Table(block, document)
            body.append(("table", table.style.name, tuple(tuple(c.text for c in row.cells) for row in table.rows)))
    section = document.sections[0]
    return {
        "body": body,
        "header": [p.text for p in section.header.paragraphs],
        "footer": [p.text for p in section.footer.paragraphs],
        "footer_fields": section.footer._element.xml.count("w:instrText"),
        "orientation": section.orientation,
        "styles": sorted(s.name for s in document.styles),
    }


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_checked_in_template_matches_code(name, lang):
    checked_in = REPO_TEMPLATE_DIR / template_file_name(name, lang)
    assert checked_in.exists(), f"run write_templates() to create {checked_in.name}"
    assert _content(docx.Document(checked_in)) == _content(build_template(name, lang))


def test_templates_use_real_word_styles_and_french_labels():
    document = build_template("copil_monthly", "fr")
    styles = {p.style.name for p in document.paragraphs}
    assert {"Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Caption", "TOC 1"} <= styles
    assert {t.style.name for t in document.tables} == {"Light Grid Accent 1"}
    assert "Classification : Interne" in document.sections[0].header.paragraphs[0].text
    english = build_template("copil_monthly", "en")
    assert "Classification: Internal" in english.sections[0].header.paragraphs[0].text


def test_write_templates_writes_every_language(tmp_path):
    written = write_templates(tmp_path, names=("minutes",))
    assert sorted(p.name for p in written) == ["minutes_en.docx", "minutes_fr.docx"]
    assert _content(docx.Document(written[0])) == _content(build_template("minutes", "fr"))


def test_restyled_template_in_a_pmo_folder_is_used(tmp_path):
    templates = tmp_path / "templates"
    write_templates(templates, names=("copil_monthly",), languages=("fr",))
    restyled = docx.Document(templates / "copil_monthly_fr.docx")
    restyled.styles["Heading 1"].font.color.rgb = RGBColor(0x8B, 0x00, 0x00)
    for paragraph in restyled.paragraphs:
        if paragraph.text == "Synthèse":
            paragraph.runs[0].text = "Synthèse pour la direction générale"
    restyled.save(templates / "copil_monthly_fr.docx")
    request = PackRequest(parse_period("2026-11"), PackKind.MONTHLY, Committee.COPIL, "fr",
                          generated_on=date(2026, 11, 27))
    result = write_pack(sample_snapshot(), request, tmp_path / "out", templates_dir=templates)
    document = docx.Document(result.pack)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "Synthèse pour la direction générale" in headings
    assert document.styles["Heading 1"].font.color.rgb == RGBColor(0x8B, 0x00, 0x00)


def test_a_template_naming_an_unknown_value_is_a_located_output_error(tmp_path):
    templates = tmp_path / "templates"
    write_templates(templates, names=("weekly_flash",), languages=("fr",))
    edited = docx.Document(templates / "weekly_flash_fr.docx")
    edited.add_paragraph("{{ meta.budget_owner }}")
    edited.save(templates / "weekly_flash_fr.docx")
    request = PackRequest(parse_period("2026-W48"), PackKind.WEEKLY, Committee.COPIL, "fr",
                          generated_on=date(2026, 11, 27))
    result = write_pack(sample_snapshot(), request, tmp_path / "out", templates_dir=templates)
    problem = next(p for p in result.problems if p.is_error)
    assert "budget_owner" in problem.message
    assert problem.location.file.endswith("weekly_flash_fr.docx")
    assert result.pack is None and result.dashboard.exists()  # the other outputs are still written
    assert not (tmp_path / "out" / "COPIL_weekly_2026-W48_fr.docx").exists()
