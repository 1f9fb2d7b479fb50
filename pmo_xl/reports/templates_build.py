"""The Word templates of the committee packs, built from code and checked in.

Each template is a ``.docx`` made of real Word styles (Title, Heading 1-3,
Caption, ``Table Text``, the ``Light Grid Accent 1`` table style), a table of
contents field, a header with the classification ("Interne" / "Internal")
and a footer with page numbers.  The *layout and wording* live in the
template; the *data* come from the pack context through Jinja tags
(docxtpl): ``{{ meta.title }}``, ``{%tr for r in portfolio %}`` rows,
``{%p for p in projects %}`` repeated project pages, ``{% cellbg … %}`` RAG
colours.  A PMO can therefore restyle a template in Word (fonts, colours,
logo, margins, wording) and keep the tags.

``pmo-xl template packs --out DIR`` (or :func:`write_templates`) regenerates
the French and English variants of every template; the copies checked into
``report_templates/`` are tested to match this code's output.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable, Sequence

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Cm, Pt, RGBColor

from pmo_xl.reports.docx_fields import (
    add_page_break_run,
    set_cant_split,
    add_simple_field,
    begin_field,
    end_field,
    request_field_update_on_open,
    set_repeat_table_header,
)

TEMPLATE_NAMES = ("copil_monthly", "coproj", "tech", "weekly_flash", "quarterly_review", "minutes")
LANGUAGES = ("fr", "en")
TABLE_STYLE = "Light Grid Accent 1"
TABLE_TEXT_STYLE = "Table Text"
TOC_ENTRY_STYLE = "TOC 1"
WARNING_STYLE = "Data Warning"
REPO_TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "report_templates"

Column = tuple  # (French header, English header, Jinja expression[, cell background expression])
# Columns holding sentences get three times the width of the others.
WIDE_FIELDS = frozenset({"name", "title", "message", "corrective_action", "item", "response", "finding", "task",
                         "on_task", "location", "file", "expected", "found", "on"})
# Columns holding amounts ("12 500 000 MAD") get 1.8 times the width of a plain column.
MONEY_FIELDS = frozenset({"bac", "pv", "ev", "ac", "eac", "vac", "planned", "actual", "forecast", "cost", "approved",
                          "to_complete", "landing", "variance"})
# Columns holding names get 1.5 times the width of a plain column.
NAME_FIELDS = frozenset({"manager", "owner", "phase", "dimension", "category", "sponsor"})
# Columns holding one date ("05/03/2026") are never narrower than the date itself.
DATE_FIELDS = frozenset({"due_date", "decided_on", "new_finish", "baseline", "start", "finish", "date", "p50", "p80"})
DATE_WIDTH_CM = 1.75


#: Width of one character of the 8 pt table text in bold (Calibri, generous), and the cell's side padding.
CHARACTER_WIDTH_CM = 0.2
CELL_PADDING_CM = 0.4


def header_word_width_cm(header: str) -> float:
    """The width a header needs so that its longest word is never broken (Jinja tags do not count)."""
    import re

    words = re.sub(r"\{\{.*?\}\}", "", header).split()
    longest = max((len(word) for word in words), default=0)
    return longest * CHARACTER_WIDTH_CM + CELL_PADDING_CM


def proportional_widths(weights: Sequence[float], floors: Sequence[float], total: float) -> list[float]:
    """Widths summing to ``total``, in proportion to ``weights``, none below its floor (when they fit)."""
    fixed: dict[int, float] = {}
    while True:
        free = [i for i in range(len(weights)) if i not in fixed]
        room = total - sum(fixed.values())
        unit = room / sum(weights[i] for i in free) if free else 0.0
        short = [i for i in free if weights[i] * unit < floors[i]]
        if not short or sum(floors) > total:
            break
        fixed.update({i: floors[i] for i in short})
    return [fixed.get(i, weights[i] * unit) for i in range(len(weights))]


def template_file_name(name: str, lang: str) -> str:
    """File name of a template: ``copil_monthly_fr.docx``."""
    return f"{name}_{lang}.docx"


def _column_weight(expression: str) -> float:
    if expression in WIDE_FIELDS:
        return 3.0
    if expression in MONEY_FIELDS:
        return 1.8
    if expression in NAME_FIELDS:
        return 1.5
    return 1.0


class TemplateBuilder:
    """Writes one template document in one language, section by section."""

    def __init__(self, lang: str, landscape: bool = False):
        self.lang = lang
        self.content_width_cm = (29.7 if landscape else 21.0) - 2 * 1.8
        self.document = docx.Document()
        self._toc_placeholder = None
        self._level_one_headings: list[str] = []
        self._set_up_styles()
        self._set_up_page(landscape)

    # -- words ---------------------------------------------------------------
    def t(self, fr: str, en: str) -> str:
        return fr if self.lang == "fr" else en

    # -- page, styles, header and footer ---------------------------------------
    def _set_up_styles(self) -> None:
        styles = self.document.styles
        normal = styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(10)
        for name, size, before, after in (("Heading 1", 16, 18, 4), ("Heading 2", 13, 0, 3), ("Heading 3", 10, 5, 2)):
            styles[name].font.size = Pt(size)
            styles[name].font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
            styles[name].paragraph_format.space_before = Pt(before)
            styles[name].paragraph_format.space_after = Pt(after)
        table_text = styles.add_style(TABLE_TEXT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        table_text.base_style = normal
        table_text.font.size = Pt(8)
        table_text.paragraph_format.space_after = Pt(0)
        for name in ("Heading 1", "Heading 2", "Heading 3", "Title", "Subtitle", "Caption"):
            styles[name].paragraph_format.keep_with_next = True
        styles["Title"].font.size = Pt(22)
        toc_entry = styles.add_style(TOC_ENTRY_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        toc_entry.base_style = normal
        toc_entry.paragraph_format.space_after = Pt(3)
        toc_entry.paragraph_format.tab_stops.add_tab_stop(Cm(self.content_width_cm), WD_TAB_ALIGNMENT.RIGHT,
                                                          WD_TAB_LEADER.DOTS)
        warning = styles.add_style(WARNING_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        warning.base_style = table_text
        warning.font.bold = True
        warning.font.color.rgb = RGBColor(0x9C, 0x00, 0x06)
        caption = styles["Caption"]
        caption.font.size = Pt(9)
        caption.font.italic = True

    def _set_up_page(self, landscape: bool) -> None:
        section = self.document.sections[0]
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Cm(29.7), Cm(21.0)
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Cm(1.8))
        section.top_margin = section.bottom_margin = Cm(1.5)
        for style_name in ("Header", "Footer"):
            tab_stops = self.document.styles[style_name].paragraph_format.tab_stops
            tab_stops.clear_all()
            tab_stops.add_tab_stop(Cm(self.content_width_cm), WD_TAB_ALIGNMENT.RIGHT)
        header = section.header.paragraphs[0]
        header.text = "{{ meta.organisation }} — {{ meta.title }}\t" + self.t("Classification : Interne",
                                                                                    "Classification: Internal")
        header.style = self.document.styles["Header"]
        footer = section.footer.paragraphs[0]
        footer.style = self.document.styles["Footer"]
        footer.add_run("{{ meta.committee }} · {{ meta.period_label }}\t" + self.t("Page ", "Page "))
        add_simple_field(footer, "PAGE", "1")
        footer.add_run(self.t(" sur ", " of "))
        add_simple_field(footer, "NUMPAGES", "1")
        request_field_update_on_open(self.document)

    # -- blocks ----------------------------------------------------------------
    def heading(self, fr: str, en: str, level: int = 1, page_break_before: bool = False) -> None:
        text = self.t(fr, en)
        paragraph = self.document.add_heading(text, level)
        if page_break_before:
            paragraph.paragraph_format.page_break_before = True
        if level == 1:
            self._level_one_headings.append(text)

    def paragraph(self, text: str, style: str | None = None, align_centre: bool = False):
        paragraph = self.document.add_paragraph(text, style=style)
        if align_centre:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return paragraph

    def text(self, fr: str, en: str, style: str | None = None):
        return self.paragraph(self.t(fr, en), style)

    def label_value(self, fr: str, en: str, expression: str) -> None:
        self.label_values([(fr, en, expression)])

    def label_values(self, pairs: Sequence[tuple[str, str, str]], style: str | None = None) -> None:
        """One paragraph of "Label : value" pairs separated by middle dots."""
        paragraph = self.document.add_paragraph(style=style)
        for index, (fr, en, expression) in enumerate(pairs):
            if index:
                paragraph.add_run(" · ")
            paragraph.add_run(self.t(fr, en) + (" : " if self.lang == "fr" else ": ")).bold = True
            paragraph.add_run("{{ " + expression + " }}")
        paragraph.paragraph_format.space_after = Pt(2)

    def label_run(self, fr: str, en: str, expression: str) -> None:
        """One compact paragraph "Label : value", the value a Jinja expression."""
        paragraph = self.document.add_paragraph(style=TABLE_TEXT_STYLE)
        paragraph.add_run(self.t(fr, en) + (" : " if self.lang == "fr" else ": ")).bold = True
        paragraph.add_run("{{ " + expression + " }}")
        paragraph.paragraph_format.space_after = Pt(1)

    def table_of_contents_with_pages(self) -> None:
        """A contents page holding a TOC field of headings 1-2; the pack writes its entries with their pages.

        Word rebuilds the field when the document opens; other readers
        (LibreOffice, a PDF) show the entries the pack wrote (see
        :func:`pmo_xl.reports.word_toc.fill_table_of_contents`).
        """
        self.paragraph(self.t("Sommaire", "Contents"), style="TOC Heading").paragraph_format.page_break_before = True
        opening = self.document.add_paragraph(style=TOC_ENTRY_STYLE)
        begin_field(opening, 'TOC \\o "1-2" \\h \\z \\u', dirty=True)
        self.document.add_paragraph(style=TOC_ENTRY_STYLE)
        end_field(self.document.add_paragraph(style=TOC_ENTRY_STYLE))

    def tag(self, statement: str) -> None:
        """A paragraph holding only a block tag (``for``, ``if``…); it disappears when rendered."""
        self.document.add_paragraph("{%p " + statement + " %}")

    def page_break(self) -> None:
        add_page_break_run(self.document.add_paragraph())

    def cover(self, subtitle_fr: str, subtitle_en: str) -> None:
        self.paragraph("")
        self.paragraph("{{ meta.organisation }}", style="Subtitle")
        self.paragraph("{{ meta.title }}", style="Title")
        self.paragraph("{{ meta.period_long }}", style="Subtitle")
        self.text(subtitle_fr, subtitle_en)
        self.label_value("Comité", "Committee", "meta.committee")
        self.label_value("Date de situation", "Status date", "meta.status_date")
        self.label_value("Édité le", "Issued on", "meta.generated_on")
        self.label_value("Périmètre", "Scope", "meta.scope")
        self.page_break()

    def table_of_contents(self) -> None:
        title = self.paragraph(self.t("Sommaire", "Contents"), style="TOC Heading")
        title.paragraph_format.page_break_before = False
        self._toc_placeholder = self.document.add_paragraph()
        self.page_break()

    def _fill_table_of_contents(self) -> None:
        """Write the TOC field; its cached result lists the fixed level-1 sections."""
        if self._toc_placeholder is None:
            return
        entries = self._level_one_headings or [""]
        first = self._toc_placeholder.insert_paragraph_before(style=TOC_ENTRY_STYLE)
        begin_field(first, 'TOC \\o "1-2" \\h \\z \\u', dirty=True)
        first.add_run(entries[0])
        last = first
        for entry in entries[1:]:
            last = self._toc_placeholder.insert_paragraph_before(entry, style=TOC_ENTRY_STYLE)
        end_field(last)
        self._toc_placeholder._p.getparent().remove(self._toc_placeholder._p)
        self._toc_placeholder = None

    def table(self, items: str, item: str, columns: Sequence[Column], empty_fr: str = "Néant.",
              empty_en: str = "None.", blank_rows: int = 0) -> None:
        """A table with a header row and one row per element of ``items``."""
        table = self.document.add_table(rows=4 + blank_rows, cols=len(columns))
        table.style = self.document.styles[TABLE_STYLE]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for index, column in enumerate(columns):
            fr, en, expression = column[0], column[1], column[2]
            background = column[3] if len(column) > 3 else None
            self._cell_text(table.rows[0].cells[index], self.t(fr, en))
            cell_text = "{{ " + item + "." + expression + " }}"
            if background:
                cell_text = "{% cellbg " + item + "." + background + " %}" + cell_text
            self._cell_text(table.rows[2].cells[index], cell_text)
        set_repeat_table_header(table.rows[0])
        for row in table.rows:
            set_cant_split(row)
        self._cell_text(table.rows[1].cells[0], "{%tr for " + item + " in " + items + " %}")
        self._cell_text(table.rows[3].cells[0], "{%tr endfor %}")
        self._set_widths(table, [_column_weight(column[2]) for column in columns],
                         [self.t(column[0], column[1]) for column in columns],
                         [DATE_WIDTH_CM if column[2] in DATE_FIELDS else 0.0 for column in columns])
        for row in table.rows[4:]:
            for cell in row.cells:
                self._cell_text(cell, "")
        if blank_rows == 0:
            self.tag("if not " + items)
            self.text(empty_fr, empty_en)
            self.tag("endif")
        else:
            self.paragraph("")

    def _set_widths(self, table, weights: Sequence[float], headers: Sequence[str] = (),
                    minimums: Sequence[float] = ()) -> None:
        """Column widths in proportion to ``weights``, each wide enough for the longest word of its header
        and for its ``minimums`` (a date column)."""
        table.autofit = False
        floors = [header_word_width_cm(header) for header in headers] or [0.0] * len(weights)
        floors = [max(floor, minimum) for floor, minimum in zip(floors, list(minimums) or [0.0] * len(floors))]
        widths = proportional_widths(weights, floors, self.content_width_cm)
        for column, width in zip(table.columns, widths):
            column.width = Cm(width)
        for row in table.rows:
            for cell, width in zip(row.cells, widths):
                cell.width = Cm(width)

    def _cell_text(self, cell, text: str) -> None:
        cell.text = text
        for paragraph in cell.paragraphs:
            paragraph.style = self.document.styles[TABLE_TEXT_STYLE]

    def tiles(self, items: str) -> None:
        """KPI tiles: one column per indicator, value above label and detail."""
        table = self.document.add_table(rows=3, cols=3)
        table.style = self.document.styles[TABLE_STYLE]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for row in table.rows:
            set_cant_split(row)
        for row, field_name in zip(table.rows, ("value", "label", "detail")):
            self._cell_text(row.cells[0], "{%tc for k in " + items + " %}")
            self._cell_text(row.cells[1], ("{% cellbg k.fill %}" if field_name == "value" else "")
                            + "{{ k." + field_name + " }}")
            self._cell_text(row.cells[2], "{%tc endfor %}")
            for paragraph in row.cells[1].paragraphs:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                if field_name == "value":
                    for run in paragraph.runs:
                        run.font.size = Pt(14)
                        run.bold = True
        self.paragraph("")

    def generic_table(self, columns_expression: str, rows_expression: str) -> None:
        """A table whose column headers and rows both come from the context."""
        table = self.document.add_table(rows=4, cols=3)
        table.style = self.document.styles[TABLE_STYLE]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for row in table.rows:
            set_cant_split(row)
        self._cell_text(table.rows[0].cells[0], "{%tc for heading in " + columns_expression + " %}")
        self._cell_text(table.rows[0].cells[1], "{{ heading }}")
        self._cell_text(table.rows[0].cells[2], "{%tc endfor %}")
        set_repeat_table_header(table.rows[0])
        self._cell_text(table.rows[1].cells[0], "{%tr for data_row in " + rows_expression + " %}")
        self._cell_text(table.rows[2].cells[0], "{%tc for value in data_row %}")
        self._cell_text(table.rows[2].cells[1], "{{ value }}")
        self._cell_text(table.rows[2].cells[2], "{%tc endfor %}")
        self._cell_text(table.rows[3].cells[0], "{%tr endfor %}")

    def charts(self, items: str) -> None:
        """Each chart: its image, a numbered caption and the table of the data drawn."""
        self.tag("for c in " + items)
        image = self.paragraph("{{ c.image }}", align_centre=True)
        image.paragraph_format.keep_with_next = True
        caption = self.paragraph("", style="Caption", align_centre=True)
        caption.paragraph_format.keep_with_next = True
        caption.add_run(self.t("Figure ", "Figure "))
        begin_field(caption, "SEQ Figure \\* ARABIC")
        caption.add_run("{{ c.number }}")
        end_field(caption)
        caption.add_run(" – {{ c.caption }}")
        data_title = self.paragraph(self.t("Données de la figure ", "Data of figure ") + "{{ c.number }}",
                                    style=TABLE_TEXT_STYLE)
        data_title.paragraph_format.keep_with_next = True
        self.generic_table("c.columns", "c.rows")
        self.paragraph("")
        self.tag("endfor")

    def finish(self):
        self._fill_table_of_contents()
        properties = self.document.core_properties
        properties.author = "pmo-xl"
        properties.title = "{{ meta.title }}"
        properties.language = "fr-FR" if self.lang == "fr" else "en-GB"
        return self.document


# ---------------------------------------------------------------------------
# Shared sections


def _agenda(b: TemplateBuilder) -> None:
    b.heading("Ordre du jour", "Agenda")
    b.table("agenda", "a", [("N°", "No.", "number"), ("Point", "Item", "item"),
                            ("Porteur", "Presenter", "owner"), ("Durée", "Duration", "duration")])


def _errors_annex(b: TemplateBuilder) -> None:
    b.heading("Annexe : qualité des données et erreurs", "Appendix: data quality and errors", page_break_before=True)
    b.paragraph("{{ quality.summary }}")
    b.heading("Classeurs non consolidés et erreurs localisées", "Workbooks not consolidated and located errors", 2)
    b.table("quality.errors", "e", [("Fichier", "File", "file"), ("Emplacement", "Location", "location"),
                                    ("Problème", "Problem", "message"), ("Trouvé", "Found", "found"),
                                    ("Attendu", "Expected", "expected"), ("Gravité", "Severity", "severity")],
            "Aucune erreur : tous les classeurs ont été consolidés.", "No error: every workbook was consolidated.")
    b.heading("Qualité des données par projet", "Data quality by project", 2)
    b.table("quality.projects", "q", [("Code", "Code", "code"), ("Projet", "Project", "name"),
                                      ("Qualité des données", "Data quality", "data_quality"),
                                      ("Conformité méthode", "Method compliance", "compliance"),
                                      ("Date d'état", "Status date", "status_date"),
                                      ("Ancienneté (j)", "Age (d)", "data_age")])


def _portfolio_table(b: TemplateBuilder) -> None:
    b.table("portfolio", "r", [
        ("Code", "Code", "code"), ("Projet", "Project", "name"), ("Chef de projet", "Project manager", "manager"),
        ("Phase", "Phase", "phase"), ("Météo", "RAG", "overall", "overall_fill"),
        ("Délais", "Schedule", "schedule", "schedule_fill"), ("Coûts", "Cost", "cost", "cost_fill"),
        ("SPI", "SPI", "spi"), ("CPI", "CPI", "cpi"), ("Budget (BAC)", "Budget (BAC)", "bac"),
        ("Consommé (AC)", "Spent (AC)", "ac"), ("Avancement", "Progress", "percent_complete"),
        ("Glissement (j)", "Slip (d)", "slip_days")])


def _decisions_to_take(b: TemplateBuilder, heading: bool = True) -> None:
    if heading:
        b.heading("Décisions à prendre", "Decisions to take", page_break_before=True)
    b.table("decisions_to_take", "d", [("Projet", "Project", "project"), ("Id", "Id", "id"),
                                       ("Décision demandée", "Decision requested", "title"),
                                       ("Porteur", "Owner", "owner"), ("Échéance", "Due", "due_date")],
            "Aucune décision n'est demandée à ce comité.", "No decision is requested from this committee.")


def _follow_up(b: TemplateBuilder) -> None:
    b.heading("Suivi des décisions et actions précédentes", "Follow-up of previous decisions and actions")
    b.heading("Décisions", "Decisions", 2)
    b.table("previous_decisions", "d", [("Projet", "Project", "project"), ("Id", "Id", "id"),
                                        ("Décision", "Decision", "title"), ("Décidée le", "Decided on", "decided_on"),
                                        ("Statut", "Status", "status"),
                                        ("Mise en œuvre attendue", "Implementation due", "due_date")])
    b.heading("Actions", "Actions", 2)
    b.paragraph("{{ actions_summary }}")
    b.table("open_actions", "a", [("Projet", "Project", "project"), ("Id", "Id", "id"), ("Action", "Action", "title"),
                                  ("Responsable", "Owner", "owner"), ("Échéance", "Due", "due_date"),
                                  ("Statut", "Status", "status"), ("Retard (j)", "Days late", "days_overdue", "fill")])


_FOLLOWUP_COLUMNS = [("Registre", "Register", "register"), ("Projet", "Project", "project"), ("Réf.", "Ref.", "id"),
                     ("Intitulé", "Title", "title"), ("Responsable", "Owner", "owner"),
                     ("Échéance", "Due", "due_date"), ("Retard (j)", "Days late", "days_overdue", "fill")]


def _escalations(b: TemplateBuilder) -> None:
    """The COPIL synthesis' escalated items (overdue beyond the Config threshold); see reports/followup_context."""
    b.heading("Points escaladés au comité de pilotage", "Items escalated to the steering committee", 3)
    b.paragraph("{{ escalation_summary }}")
    b.table("escalated_top", "e", _FOLLOWUP_COLUMNS, "Aucun point escaladé.", "No escalated item.")
    b.tag("if escalated_more")
    b.paragraph("{{ escalated_more }}", style=TABLE_TEXT_STYLE)
    b.tag("endif")


def _governance_follow_up(b: TemplateBuilder) -> None:
    """Overdue decisions and actions and the change requests approved since the committee last met."""
    b.heading("Décisions et actions en retard", "Overdue decisions and actions", 3)
    b.table("overdue_items", "o", _FOLLOWUP_COLUMNS + [("Escaladé", "Escalated", "escalated")],
            "Aucune décision ni action en retard.", "No overdue decision or action.")
    b.tag("if overdue_more")
    b.paragraph("{{ overdue_more }}", style=TABLE_TEXT_STYLE)
    b.tag("endif")
    b.heading("Changements approuvés depuis le dernier comité", "Changes approved since the last committee", 3)
    b.paragraph("{{ changes_summary }}")
    b.table("approved_changes", "c", [("Projet", "Project", "project"), ("Réf.", "Ref.", "id"),
                                      ("Demande", "Request", "title"), ("Impact coût", "Cost impact", "cost"),
                                      ("Impact délai (j)", "Delay (d)", "delay"),
                                      ("Décidée le", "Decided on", "decided_on"),
                                      ("Nouvelle fin de référence", "New baseline finish", "new_finish")],
            "Aucun changement approuvé.", "No change approved.")
    b.tag("if changes_more")
    b.paragraph("{{ changes_more }}", style=TABLE_TEXT_STYLE)
    b.tag("endif")


def _project_page(b: TemplateBuilder, detailed: bool) -> None:
    """One project's page; ``detailed`` adds the full registers (COPROJ)."""
    b.tag("for p in projects")
    b.heading("{{ p.code }} – {{ p.name }}", "{{ p.code }} – {{ p.name }}", 2, page_break_before=True)
    b.label_values([("Programme", "Programme", "p.programme"), ("Sponsor", "Sponsor", "p.sponsor"),
                    ("Chef de projet", "Project manager", "p.manager"), ("Phase", "Phase", "p.phase")])
    b.table("p.rag", "g", [("Globale", "Overall", "overall", "overall_fill"),
                           ("Délais", "Schedule", "schedule", "schedule_fill"),
                           ("Coûts", "Cost", "cost", "cost_fill"), ("Périmètre", "Scope", "scope", "scope_fill"),
                           ("Risques", "Risks", "risk", "risk_fill"),
                           ("Déclarée par le chef de projet", "Stated by the project manager", "self", "self_fill")])
    b.tag("if p.data_warning")
    b.paragraph("⚠ {{ p.data_warning }}", style=WARNING_STYLE)
    b.tag("endif")
    b.label_values([("Avancement", "Progress", "p.percent_complete"),
                    ("Fin de référence / prévue", "Baseline / forecast finish", "p.finish_text")])
    b.heading("Jalons clés : référence et prévision", "Key milestones: baseline and forecast", 3)
    b.table("p.milestones", "m", [("Jalon", "Milestone", "name"), ("Référence", "Baseline", "baseline"),
                                  ("Prévision", "Forecast", "forecast"), ("Réel", "Actual", "actual"),
                                  ("Glissement (j)", "Slip (d)", "slip", "fill")])
    b.heading("Chemin critique (extrait)", "Critical path (excerpt)", 3)
    b.table("p.critical_path", "c", [("Ordre", "Seq.", "sequence"), ("Tâche", "Task", "name"),
                                     ("Début", "Start", "start"), ("Fin", "Finish", "finish"),
                                     ("Marge totale (j)", "Total float (d)", "total_float")])
    b.heading("Budget", "Budget", 3)
    b.table("p.budget", "x", [("Budget (BAC)", "Budget (BAC)", "bac"), ("Valeur planifiée (PV)", "Planned value (PV)", "pv"),
                              ("Valeur acquise (EV)", "Earned value (EV)", "ev"), ("Coût réel (AC)", "Actual cost (AC)", "ac"),
                              ("Estimation à terminaison (EAC)", "Estimate at completion (EAC)", "eac"),
                              ("Écart à terminaison (VAC)", "Variance at completion (VAC)", "vac"),
                              ("Consommé / budget", "Spent / budget", "consumed")])
    b.heading("Principaux risques", "Top risks", 3)
    b.table("p.risks", "k", [("Id", "Id", "id"), ("Risque", "Risk", "title"), ("P", "P", "probability"),
                             ("I", "I", "impact"), ("Score", "Score", "score", "fill"), ("Responsable", "Owner", "owner"),
                             ("Réponse", "Response", "response")])
    b.heading("Alertes et actions correctives proposées", "Alerts and proposed corrective actions", 3)
    b.tag("if p.alerts_note")
    b.paragraph("{{ p.alerts_note }}")
    b.tag("endif")
    b.table("p.alerts", "w", [("Dimension", "Dimension", "dimension"), ("Gravité", "Severity", "severity", "fill"),
                              ("Constat", "Finding", "message"),
                              ("Action corrective proposée", "Proposed corrective action", "corrective_action"),
                              ("Gain (j ouvrés)", "Recovered (working days)", "days_recovered")])
    b.heading("Décisions demandées", "Decisions requested", 3)
    b.table("p.decisions_requested", "d", [("Id", "Id", "id"), ("Décision", "Decision", "title"),
                                           ("Porteur", "Owner", "owner"), ("Échéance", "Due", "due_date")])
    if detailed:
        b.heading("Problèmes ouverts", "Open issues", 3)
        b.table("p.issues", "i", [("Id", "Id", "id"), ("Problème", "Issue", "title"), ("Gravité", "Severity", "severity"),
                                  ("Responsable", "Owner", "owner"), ("Échéance", "Due", "due_date"),
                                  ("Statut", "Status", "status")])
        b.heading("Actions", "Actions", 3)
        b.table("p.actions", "a", [("Id", "Id", "id"), ("Action", "Action", "title"), ("Responsable", "Owner", "owner"),
                                   ("Échéance", "Due", "due_date"), ("Statut", "Status", "status"),
                                   ("Retard (j)", "Days late", "days_overdue", "fill")])
        b.heading("Dépendances", "Dependencies", 3)
        b.table("p.dependencies", "d", [("Tâche", "Task", "task"), ("Dépend de", "Depends on", "on"),
                                        ("Fin prévue fournisseur", "Supplier forecast finish", "on_forecast"),
                                        ("Glissement induit (j)", "Induced slip (d)", "induced_slip", "fill")])
        b.heading("Budget mensuel", "Monthly budget", 3)
        b.table("p.budget_months", "m", [("Mois", "Month", "month"), ("Prévu", "Planned", "planned"),
                                         ("Réel", "Actual", "actual"), ("Prévision", "Forecast", "forecast")])
    b.tag("endfor")


# ---------------------------------------------------------------------------
# The templates


def _copil_monthly(b: TemplateBuilder) -> None:
    """Exception first: page 1 the synthesis, then red and amber projects one page each, then the rest."""
    _copil_synthesis(b)
    b.table_of_contents_with_pages()
    b.heading("Projets au rouge et à l’orange, du plus grave au moins grave", "Red and amber projects, worst first", page_break_before=True)
    b.tag("if not copil.exceptions")
    b.text("Aucun projet au rouge ni à l’orange.", "No project is red or amber.")
    b.tag("endif")
    b.tag("for e in copil.exceptions")
    b.tag("if not loop.first")
    b.page_break()
    b.tag("endif")
    _exception_page(b)
    b.tag("endfor")
    b.heading("Projets au vert", "Green projects", page_break_before=True)
    b.paragraph("{{ copil.green_intro }}")
    b.table("copil.green_projects", "g", [
        ("Code", "Code", "code"), ("Projet", "Project", "name"), ("Chef de projet", "Project manager", "manager"),
        ("SPI", "SPI", "spi"), ("CPI", "CPI", "cpi"), ("Avancement", "Progress", "progress"),
        ("Fin prévue", "Forecast finish", "finish"), ("Budget", "Budget", "bac"), ("Données", "Data", "data")])
    _copil_annexes(b)


def _copil_synthesis(b: TemplateBuilder) -> None:
    b.paragraph("{{ meta.title }}", style="Title")
    b.paragraph("{{ meta.period_long }} · " + b.t("situation au ", "status at ") + "{{ meta.status_date }} · "
                + b.t("édité le ", "issued on ") + "{{ meta.generated_on }}", style="Subtitle")
    b.heading("Synthèse", "Summary")
    b.heading("Météo du portefeuille", "Portfolio weather", 3)
    b.table("copil.weather", "w", [("Météo", "RAG", "rag", "fill"), ("Projets", "Projects", "count"),
                                   ("Dernier comité ({{ copil.previous_period }})",
                                    "Last committee ({{ copil.previous_period }})", "previous"),
                                   ("Tendance", "Trend", "arrow")])
    b.tiles("kpis")
    b.heading("Messages clés du PMO", "Key PMO messages", 3)
    b.tag("for m in copil.messages")
    b.paragraph("{{ m }}", style="List Bullet")
    b.tag("endfor")
    b.heading("Décisions demandées aujourd’hui", "Decisions requested today", 3)
    b.table("copil.decisions_today", "d", [("Projet", "Project", "project"), ("Décision demandée", "Decision requested", "title"),
                                           ("Échéance", "Deadline", "due_date"),
                                           ("Recommandation", "Recommendation", "recommendation")],
            "Aucune décision n'est demandée à ce comité.", "No decision is requested from this committee.")
    b.tag("if copil.decisions_more")
    b.paragraph("{{ copil.decisions_more }}", style=TABLE_TEXT_STYLE)
    b.tag("endif")
    b.heading("Principaux risques du portefeuille", "Top portfolio risks", 3)
    b.table("copil.top_risks", "r", [("Projet", "Project", "project"), ("Risque", "Risk", "title"),
                                     ("Score", "Score", "score", "fill"), ("Responsable", "Owner", "owner"),
                                     ("Réponse", "Response", "response")])
    _escalations(b)


def _exception_page(b: TemplateBuilder) -> None:
    """One red or amber project on one page."""
    b.heading("{{ e.code }} – {{ e.name }}", "{{ e.code }} – {{ e.name }}", 2)
    b.label_values([("Chef de projet", "Project manager", "e.manager"), ("Sponsor", "Sponsor", "e.sponsor"),
                    ("Phase", "Phase", "e.phase")])
    b.table("e.rag", "g", [("Globale", "Overall", "overall", "overall_fill"),
                           ("Délais", "Schedule", "schedule", "schedule_fill"),
                           ("Coûts", "Cost", "cost", "cost_fill"), ("Périmètre", "Scope", "scope", "scope_fill"),
                           ("Risques", "Risks", "risk", "risk_fill")])
    b.tag("for w in e.warnings")
    b.paragraph("⚠ {{ w }}", style=WARNING_STYLE)
    b.tag("endfor")
    b.heading("Le mot du chef de projet", "The project manager’s word", 3)
    b.label_run("Réalisations", "Achievements", "e.achievements | join('; ')")
    b.label_run("Prochaines étapes", "Next steps", "e.next_steps | join('; ')")
    b.label_run("Points d’attention", "Help needed", "e.help_needed")
    b.heading("Indicateurs et tendance depuis le dernier comité", "KPIs and trend since the last committee", 3)
    b.table("e.kpis", "k", [("Indicateur", "Indicator", "kpi"), ("Aujourd’hui", "Today", "now"),
                            ("Dernier comité", "Last committee", "previous"), ("Tendance", "Trend", "trend")])
    b.heading("Jalons : échus, glissés, prochains", "Milestones: due, slipped, next", 3)
    b.table("e.milestones", "m", [("Jalon", "Milestone", "name"), ("État", "State", "state"),
                                  ("Référence", "Baseline", "baseline"), ("Prévision", "Forecast", "forecast"),
                                  ("Glissement (jours ouvrés)", "Slip (working days)", "slip")])
    b.heading("Budget", "Budget", 3)
    b.label_values([("Budget (BAC)", "Budget (BAC)", "e.budget.bac"), ("Coût réel (AC)", "Actual cost (AC)", "e.budget.ac"),
                    ("Estimation à terminaison (EAC)", "Estimate at completion (EAC)", "e.budget.eac"),
                    ("Écart (VAC)", "Variance (VAC)", "e.budget.vac"), ("Consommé", "Spent", "e.budget.consumed")],
                   style=TABLE_TEXT_STYLE)
    b.heading("Principaux risques et actions en retard", "Top risks and overdue actions", 3)
    b.table("e.risks", "k", [("Risque", "Risk", "title"), ("Score", "Score", "score", "fill"),
                             ("Responsable", "Owner", "owner"), ("Réponse", "Response", "response")])
    b.table("e.actions", "a", [("Action en retard", "Overdue action", "title"), ("Responsable", "Owner", "owner"),
                               ("Échéance", "Due", "due_date"), ("Retard (jours)", "Days late", "late")],
            "Aucune action en retard.", "No overdue action.")
    b.heading("Décision demandée", "Decision requested", 3)
    b.tag("if not e.decisions")
    b.text("Aucune décision n'est demandée.", "No decision is requested.")
    b.tag("endif")
    b.tag("for d in e.decisions")
    b.label_run("{{ d.id }} – {{ d.title }}", "{{ d.id }} – {{ d.title }}",
                "'" + b.t("échéance ", "deadline ") + "' ~ d.due_date")
    b.tag("if d.case_missing")
    b.label_run("Contexte, options et recommandation", "Context, options and recommendation", "d.case_missing")
    b.tag("else")
    b.label_run("Contexte", "Context", "d.context")
    b.label_run("Options", "Options", "d.options.replace('\\n', '; ')")
    b.label_run("Recommandation", "Recommendation", "d.recommendation")
    b.tag("endif")
    b.label_run("Impact", "Impact", "'" + b.t("coût ", "cost ") + "' ~ d.cost ~ ' · " + b.t("délai ", "schedule ")
                + "' ~ d.schedule ~ ' · " + b.t("périmètre ", "scope ") + "' ~ d.scope")
    b.tag("endfor")


def _copil_annexes(b: TemplateBuilder) -> None:
    b.heading("Annexe A – CAPEX et OPEX par exercice face à l’enveloppe approuvée", "Appendix A – CAPEX and OPEX by fiscal year against the approved envelope", page_break_before=True)
    b.text("Montants convertis dans la devise de reporting par la table des taux ; l’enveloppe approuvée de chaque "
           "projet est répartie sur les exercices au prorata du budget prévu ; écart = enveloppe − atterrissage.",
           "Amounts converted to the reporting currency through the rates table; each project's approved envelope "
           "is spread over the fiscal years in proportion to its planned budget; variance = envelope − landing.",
           style=TABLE_TEXT_STYLE)
    b.table("copil.finance", "f", [("Exercice", "Fiscal year", "year"), ("Nature", "Nature", "category"),
                                   ("Enveloppe approuvée", "Approved envelope", "approved"),
                                   ("Réalisé à date", "Actual to date", "actual"),
                                   ("Reste à faire", "Forecast to complete", "to_complete"),
                                   ("Atterrissage", "Landing", "landing"), ("Écart", "Variance", "variance", "fill")])
    b.heading("Exercice {{ copil.finance_year }} par projet, écarts les plus défavorables d’abord",
              "Fiscal year {{ copil.finance_year }} by project, worst variances first", 3)
    b.table("copil.finance_projects", "f", [("Code", "Code", "code"),
                                            ("Enveloppe approuvée", "Approved envelope", "approved"),
                                            ("Réalisé à date", "Actual to date", "actual"),
                                            ("Reste à faire", "Forecast to complete", "to_complete"),
                                            ("Atterrissage", "Landing", "landing"), ("Écart", "Variance", "variance", "fill")])
    b.heading("Annexe B – Courbe budgétaire et carte des risques", "Appendix B – Budget curve and risk map", page_break_before=True)
    b.tag("for c in charts")
    image = b.paragraph("{{ c.image }}", align_centre=True)
    image.paragraph_format.keep_with_next = True
    b.paragraph("{{ c.caption }}", style="Caption", align_centre=True)
    b.tag("endfor")
    b.heading("Annexe C – Suivi des décisions et des actions", "Appendix C – Follow-up of decisions and actions", page_break_before=True)
    b.heading("Décisions en attente de mise en œuvre", "Decisions awaiting implementation", 3)
    b.table("follow_up_decisions", "d", [("Projet", "Project", "project"), ("Id", "Id", "id"),
                                         ("Décision", "Decision", "title"), ("Décidée le", "Decided on", "decided_on"),
                                         ("Mise en œuvre attendue", "Implementation due", "due_date")])
    _governance_follow_up(b)
    b.heading("Annexe D – Qualité des données et erreurs", "Appendix D – Data quality and errors", page_break_before=True)
    b.paragraph("{{ quality.summary }}", style=TABLE_TEXT_STYLE)
    b.table("quality_errors", "e", [("Fichier", "File", "file"), ("Emplacement", "Location", "location"),
                                    ("Problème", "Problem", "message"), ("Gravité", "Severity", "severity")],
            "Aucune erreur : tous les classeurs ont été consolidés.", "No error: every workbook was consolidated.")
    b.tag("if quality_more")
    b.paragraph("{{ quality_more }}", style=TABLE_TEXT_STYLE)
    b.tag("endif")


def _level_sections(b: TemplateBuilder) -> None:
    """Resources, methodology compliance and agile progress (COPROJ and TECH)."""
    b.heading("Ressources : charge et capacité par équipe", "Resources: load and capacity by team", page_break_before=True)
    b.table("team_load", "t", [("Équipe", "Team", "team"), ("Mois", "Month", "month"),
                               ("Capacité (jours)", "Capacity (days)", "capacity"), ("Charge (jours)", "Load (days)", "load"),
                               ("Charge / capacité", "Load / capacity", "percent", "fill"),
                               ("Projets", "Projects", "projects")])
    b.heading("Surallocations et projets concernés", "Over-allocations and the projects involved", 2)
    b.table("over_allocations", "o", [("Ressource", "Resource", "resource"), ("Équipe", "Team", "team"),
                                      ("Mois", "Month", "month"), ("Charge / capacité", "Load / capacity", "percent"),
                                      ("Projets", "Projects", "projects")],
            "Aucune ressource surallouée.", "No resource is over-allocated.")
    b.heading("Conformité méthodologique", "Methodology compliance")
    b.paragraph("{{ compliance_summary }}")
    b.table("compliance_gaps", "c", [("Projet", "Project", "project"), ("Méthode", "Method", "methodology"),
                                     ("Point de contrôle manquant", "Missing check", "check"), ("Détail", "Detail", "detail")],
            "Aucun point de contrôle manquant.", "No check is missing.")
    _schedule_quality(b)
    b.heading("Projets agiles : vélocité, burn-down et burn-up", "Agile projects: velocity, burn-down and burn-up")
    b.text("Vélocité : points réalisés, moyenne des trois derniers sprints ; burn-up : points réalisés cumulés ; "
           "burn-down : points restant à livrer sur le périmètre engagé.",
           "Velocity: points completed, mean of the last three sprints; burn-up: cumulative points completed; "
           "burn-down: points still to deliver on the committed scope.", style=TABLE_TEXT_STYLE)
    b.table("agile", "s", [("Projet", "Project", "project"), ("Sprint", "Sprint", "sprint"), ("Fin", "Finish", "finish"),
                           ("Engagés", "Committed", "committed"), ("Réalisés", "Completed", "completed"),
                           ("Vélocité moyenne", "Mean velocity", "velocity"), ("Burn-up", "Burn-up", "burnup"),
                           ("Restants", "Remaining", "remaining")],
            "Aucun projet agile dans le périmètre.", "No agile project in scope.")


def _schedule_quality(b: TemplateBuilder) -> None:
    """The DCMA 14-point schedule quality of the projects in scope, its heat map (with the counts drawn) and the
    checks that fail; then their Monte Carlo schedule risk."""
    b.heading("Qualité du planning (DCMA 14 points)", "Schedule quality (DCMA 14 points)")
    b.paragraph("{{ schedule_quality_summary }}")
    b.charts("quality_charts")
    b.heading("Contrôles non conformes par projet", "Failed checks by project", 2)
    b.table("schedule_quality", "q", [("Projet", "Project", "project"), ("Nom", "Name", "name"),
                                      ("Qualité du planning", "Schedule quality", "quality"),
                                      ("Contrôles non conformes", "Failed checks", "failed")],
            "Aucun planning évalué.", "No plan assessed.")
    b.heading("Risque du planning (Monte Carlo)", "Schedule risk (Monte Carlo)")
    b.paragraph("{{ schedule_risk_summary }}")
    b.charts("risk_charts")
    b.table("schedule_risk", "r", [("Projet", "Project", "project"), ("Nom", "Name", "name"),
                                   ("Fin de référence", "Baseline finish", "baseline"), ("Fin P50", "P50 finish", "p50"),
                                   ("Fin P80", "P80 finish", "p80"),
                                   ("Probabilité de tenir la référence", "Probability of meeting the baseline", "probability")],
            "Aucun planning analysé.", "No plan analysed.")


def _coproj(b: TemplateBuilder) -> None:
    b.cover("Dossier du comité projet", "Project committee pack")
    b.table_of_contents()
    _agenda(b)
    b.heading("Membres du comité", "Committee members")
    b.paragraph("{{ members_note }}")
    b.table("attendees", "a", [("Nom", "Name", "name"), ("Rôle", "Role", "role"), ("E-mail", "E-mail", "email")])
    b.heading("Synthèse", "Summary")
    b.paragraph("{{ summary_text }}")
    b.tiles("kpis")
    b.heading("Projets du périmètre", "Projects in scope")
    _portfolio_table(b)
    b.charts("charts")
    b.heading("Détail par projet", "Project details")
    _project_page(b, detailed=True)
    _decisions_to_take(b)
    _follow_up(b)
    _governance_follow_up(b)
    _level_sections(b)
    _errors_annex(b)


def _tech(b: TemplateBuilder) -> None:
    b.cover("Dossier du comité technique", "Technical committee pack")
    b.table_of_contents()
    _agenda(b)
    b.heading("Dépendances inter-projets", "Inter-project dependencies")
    b.paragraph("{{ dependencies_summary }}")
    b.table("dependencies", "d", [("Id", "Id", "id"), ("Projet dépendant", "Dependent project", "project"),
                                  ("Tâche", "Task", "task"), ("Projet fournisseur", "Supplier project", "on_project"),
                                  ("Tâche fournisseur", "Supplier task", "on_task"), ("Type", "Type", "type"),
                                  ("Fin prévue fournisseur", "Supplier forecast finish", "on_forecast"),
                                  ("Glissement fournisseur (j)", "Supplier slip (d)", "on_slip"),
                                  ("Glissement induit (j)", "Induced slip (d)", "induced_slip", "fill")])
    b.heading("Chemins critiques", "Critical paths", page_break_before=True)
    b.tag("for p in projects")
    b.heading("{{ p.code }} – {{ p.name }}", "{{ p.code }} – {{ p.name }}", 2)
    b.label_value("Fin de référence / prévue", "Baseline / forecast finish", "p.finish_text")
    b.table("p.critical_path", "c", [("Ordre", "Seq.", "sequence"), ("Tâche", "Task", "name"),
                                     ("Début", "Start", "start"), ("Fin", "Finish", "finish"),
                                     ("Marge totale (j)", "Total float (d)", "total_float")])
    b.tag("endfor")
    b.heading("Risques techniques", "Technical risks", page_break_before=True)
    b.table("technical_risks", "k", [("Projet", "Project", "project"), ("Id", "Id", "id"), ("Risque", "Risk", "title"),
                                     ("Catégorie", "Category", "category"), ("Score", "Score", "score", "fill"),
                                     ("Responsable", "Owner", "owner"), ("Réponse", "Response", "response")])
    b.heading("Décisions techniques ouvertes", "Open technical decisions")
    b.table("technical_decisions", "d", [("Projet", "Project", "project"), ("Id", "Id", "id"),
                                         ("Décision", "Decision", "title"), ("Statut", "Status", "status"),
                                         ("Porteur", "Owner", "owner"), ("Échéance", "Due", "due_date")])
    _level_sections(b)
    _errors_annex(b)


def _weekly_flash(b: TemplateBuilder) -> None:
    b.paragraph("{{ meta.title }}", style="Title")
    b.paragraph("{{ meta.period_long }} · " + b.t("situation au ", "status at ") + "{{ meta.status_date }}", style="Subtitle")
    b.tiles("kpis")
    b.heading("Faits marquants", "Highlights")
    b.paragraph("{{ summary_text }}")
    b.heading("Ce qui a changé depuis la semaine dernière", "What changed since last week")
    b.paragraph("{{ changes_intro }}")
    b.heading("Changements de météo", "RAG changes", 2)
    b.table("rag_changes", "c", [("Code", "Code", "code"), ("Projet", "Project", "name"), ("Avant", "Before", "before"),
                                 ("Maintenant", "Now", "after", "fill"), ("Note", "Note", "note")],
            "Aucun changement de météo.", "No RAG change.")
    b.heading("Jalons glissés ou atteints", "Milestones slipped or achieved", 2)
    b.table("milestone_changes", "m", [("Projet", "Project", "project"), ("Jalon", "Milestone", "name"),
                                       ("Changement", "Change", "change"), ("Avant", "Before", "before"),
                                       ("Maintenant", "Now", "now")], "Aucun jalon modifié.", "No milestone changed.")
    b.heading("Risques critiques nouveaux ou clos", "Critical risks new or closed", 2)
    b.table("risk_changes", "k", [("Projet", "Project", "project"), ("Risque", "Risk", "title"),
                                  ("Score", "Score", "score"), ("Changement", "Change", "change")],
            "Aucun changement.", "No change.")
    b.heading("Décisions prises", "Decisions taken", 2)
    b.table("decisions_taken", "d", [("Projet", "Project", "project"), ("Id", "Id", "id"),
                                     ("Décision", "Decision", "title"), ("Statut", "Status", "status")],
            "Aucune décision prise.", "No decision taken.")
    b.heading("Projets en alerte", "Projects on alert")
    b.table("alert_projects", "r", [("Code", "Code", "code"), ("Projet", "Project", "name"),
                                    ("Météo", "RAG", "overall", "overall_fill"), ("SPI", "SPI", "spi"),
                                    ("CPI", "CPI", "cpi"), ("Constat", "Finding", "finding"),
                                    ("Action corrective", "Corrective action", "corrective_action")],
            "Aucun projet en alerte.", "No project on alert.")
    b.heading("Jalons de la période et de la suivante", "Milestones this period and next")
    b.table("period_milestones", "m", [("Projet", "Project", "project"), ("Jalon", "Milestone", "name"),
                                       ("Référence", "Baseline", "baseline"), ("Prévision", "Forecast", "forecast"),
                                       ("Réel", "Actual", "actual"), ("Glissement (j)", "Slip (d)", "slip", "fill")])
    b.heading("Actions en retard", "Overdue actions")
    b.table("overdue_actions", "a", [("Projet", "Project", "project"), ("Id", "Id", "id"), ("Action", "Action", "title"),
                                     ("Responsable", "Owner", "owner"), ("Échéance", "Due", "due_date"),
                                     ("Retard (j)", "Days late", "days_overdue", "fill")])
    b.heading("Qualité des données", "Data quality")
    b.paragraph("{{ quality.summary }}")


def _quarterly_review(b: TemplateBuilder) -> None:
    b.cover("Revue trimestrielle de gestion", "Quarterly management review")
    b.table_of_contents()
    b.heading("Synthèse du trimestre", "Quarter summary")
    b.paragraph("{{ summary_text }}")
    b.tiles("kpis")
    b.heading("Tendances du trimestre", "Trends over the quarter", page_break_before=True)
    b.charts("charts")
    b.heading("Historique des indicateurs", "KPI history", page_break_before=True)
    b.table("kpi_trend", "h", [("Période", "Period", "period"), ("Projets", "Projects", "projects"),
                               ("Vert", "Green", "green"), ("Orange", "Amber", "amber"), ("Rouge", "Red", "red"),
                               ("SPI moyen", "Average SPI", "spi"), ("CPI moyen", "Average CPI", "cpi")])
    b.heading("Météo du portefeuille en fin de trimestre", "Portfolio RAG at quarter end", page_break_before=True)
    _portfolio_table(b)
    b.heading("Décisions du trimestre", "Decisions of the quarter")
    b.table("quarter_decisions", "d", [("Projet", "Project", "project"), ("Id", "Id", "id"),
                                       ("Décision", "Decision", "title"), ("Comité", "Committee", "committee"),
                                       ("Décidée le", "Decided on", "decided_on"), ("Statut", "Status", "status")])
    _errors_annex(b)


def _minutes(b: TemplateBuilder) -> None:
    """The minutes: its tables are read back by ``pmo-xl minutes import`` (see :mod:`pmo_xl.io.minutes`)."""
    from pmo_xl.io.minutes import ACTION_COLUMNS, ATTENDEE_COLUMNS, DECISION_COLUMNS, TEMPLATE_MARKER

    b.document.core_properties.keywords = TEMPLATE_MARKER
    b.paragraph("{{ meta.organisation }}", style="Subtitle")
    b.paragraph(b.t("Compte rendu", "Minutes") + " – {{ meta.committee }} – {{ meta.period_label }}", style="Title")
    b.label_value("Référence du comité", "Committee reference", "meta.committee_key")
    b.label_value("Date de la réunion", "Meeting date", "meta.meeting_date")
    b.label_value("Lieu", "Place", "meta.place")
    b.label_value("Président de séance", "Chair", "meta.chair")
    b.label_value("Rédacteur", "Minutes taken by", "meta.secretary")
    b.heading("Participants", "Attendees")
    b.text("Marquer « oui » dans la colonne Présent pour chaque participant présent.",
           "Write \u201cyes\u201d in the Present column for each attendee present.")
    b.paragraph("{{ members_note }}")
    b.table("attendees", "a", [(fr, en, key) for fr, en, key in ATTENDEE_COLUMNS], blank_rows=2)
    b.heading("Ordre du jour", "Agenda")
    b.table("agenda", "a", [("N°", "No.", "number"), ("Point", "Item", "item"), ("Porteur", "Presenter", "owner"),
                            ("Notes", "Notes", "notes")])
    b.heading("Décisions", "Decisions")
    b.text("Décisions ouvertes du registre : mettre à jour le statut et l'échéance ; ajouter les nouvelles "
           "décisions dans les lignes vides, sans référence (elle est attribuée à l'import). "
           "Dates au format jj/mm/aaaa.",
           "Open decisions of the register: update their status and due date; add new decisions in the empty "
           "rows, without a reference (one is given on import). Dates as YYYY-MM-DD or DD/MM/YYYY.")
    b.table("minutes_decisions", "d", [(fr, en, key) for fr, en, key in DECISION_COLUMNS], blank_rows=3)
    b.heading("Actions", "Actions")
    b.text("Actions ouvertes du registre : mettre à jour le statut (ouvert, en cours, clos, annulé) et "
           "l'échéance ; ajouter les nouvelles actions dans les lignes vides, sans référence.",
           "Open actions of the register: update their status (open, in progress, closed, cancelled) and due "
           "date; add new actions in the empty rows, without a reference.")
    b.table("minutes_actions", "a", [(fr, en, key) for fr, en, key in ACTION_COLUMNS], blank_rows=3)
    b.heading("Points divers", "Any other business")
    b.paragraph("")
    b.heading("Prochaine réunion", "Next meeting")
    b.label_value("Date", "Date", "meta.next_meeting")


BUILDERS = {
    "copil_monthly": (_copil_monthly, False),
    "coproj": (_coproj, True),
    "tech": (_tech, True),
    "weekly_flash": (_weekly_flash, True),
    "quarterly_review": (_quarterly_review, True),
    "minutes": (_minutes, False),
}


def build_template(name: str, lang: str = "fr"):
    """The python-docx :class:`Document` of template ``name`` in ``lang``."""
    if name not in BUILDERS:
        raise KeyError(f"unknown template {name!r}; known: {', '.join(TEMPLATE_NAMES)}")
    build, landscape = BUILDERS[name]
    builder = TemplateBuilder(lang, landscape=landscape)
    build(builder)
    return builder.finish()


def write_templates(out_dir: str | Path = REPO_TEMPLATE_DIR, names: Iterable[str] = TEMPLATE_NAMES,
                    languages: Iterable[str] = LANGUAGES) -> list[Path]:
    """Write every template in every language to ``out_dir`` (atomically); returns the paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names:
        for lang in languages:
            target = out_dir / template_file_name(name, lang)
            handle, temporary = tempfile.mkstemp(suffix=".docx", dir=out_dir)
            os.close(handle)
            try:
                build_template(name, lang).save(temporary)
                os.replace(temporary, target)
            finally:
                if os.path.exists(temporary):
                    os.unlink(temporary)
            written.append(target)
    return written
