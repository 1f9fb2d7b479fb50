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
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Cm, Pt, RGBColor

from pmo_xl.reports.docx_fields import (
    add_page_break_run,
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
REPO_TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "report_templates"

Column = tuple  # (French header, English header, Jinja expression[, cell background expression])
# Columns holding sentences get three times the width of the others.
WIDE_FIELDS = frozenset({"name", "title", "message", "corrective_action", "item", "response", "finding", "task",
                         "on_task", "location", "file", "expected", "found", "on"})
# Columns holding amounts ("12 500 000 MAD") get 1.8 times the width of a plain column.
MONEY_FIELDS = frozenset({"bac", "pv", "ev", "ac", "eac", "vac", "planned", "actual", "forecast"})
# Columns holding names get 1.5 times the width of a plain column.
NAME_FIELDS = frozenset({"manager", "owner", "phase", "dimension", "category", "sponsor"})


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
        toc_entry = styles.add_style(TOC_ENTRY_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        toc_entry.base_style = normal
        toc_entry.paragraph_format.space_after = Pt(3)
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

    def label_values(self, pairs: Sequence[tuple[str, str, str]]) -> None:
        """One paragraph of "Label : value" pairs separated by middle dots."""
        paragraph = self.document.add_paragraph()
        for index, (fr, en, expression) in enumerate(pairs):
            if index:
                paragraph.add_run(" · ")
            paragraph.add_run(self.t(fr, en) + (" : " if self.lang == "fr" else ": ")).bold = True
            paragraph.add_run("{{ " + expression + " }}")
        paragraph.paragraph_format.space_after = Pt(2)

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
        self._cell_text(table.rows[1].cells[0], "{%tr for " + item + " in " + items + " %}")
        self._cell_text(table.rows[3].cells[0], "{%tr endfor %}")
        self._set_widths(table, [_column_weight(column[2]) for column in columns])
        for row in table.rows[4:]:
            for cell in row.cells:
                self._cell_text(cell, "")
        if blank_rows == 0:
            self.tag("if not " + items)
            self.text(empty_fr, empty_en)
            self.tag("endif")
        else:
            self.paragraph("")

    def _set_widths(self, table, weights: Sequence[float]) -> None:
        table.autofit = False
        unit = self.content_width_cm / sum(weights)
        for column, weight in zip(table.columns, weights):
            column.width = Cm(unit * weight)
        for row in table.rows:
            for cell, weight in zip(row.cells, weights):
                cell.width = Cm(unit * weight)

    def _cell_text(self, cell, text: str) -> None:
        cell.text = text
        for paragraph in cell.paragraphs:
            paragraph.style = self.document.styles[TABLE_TEXT_STYLE]

    def tiles(self, items: str) -> None:
        """KPI tiles: one column per indicator, value above label and detail."""
        table = self.document.add_table(rows=3, cols=3)
        table.style = self.document.styles[TABLE_STYLE]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
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
    b.heading("Points escaladés au comité de pilotage", "Items escalated to the steering committee", 2)
    b.paragraph("{{ escalation_summary }}")
    b.table("escalated", "e", _FOLLOWUP_COLUMNS, "Aucun point escaladé.", "No escalated item.")


def _governance_follow_up(b: TemplateBuilder) -> None:
    """Overdue decisions and actions and the change requests approved since the committee last met."""
    b.heading("Décisions et actions en retard", "Overdue decisions and actions", 2)
    b.table("overdue_items", "o", _FOLLOWUP_COLUMNS + [("Escaladé", "Escalated", "escalated")],
            "Aucune décision ni action en retard.", "No overdue decision or action.")
    b.heading("Changements approuvés depuis le dernier comité", "Changes approved since the last committee", 2)
    b.paragraph("{{ changes_summary }}")
    b.table("approved_changes", "c", [("Projet", "Project", "project"), ("Réf.", "Ref.", "id"),
                                      ("Demande", "Request", "title"), ("Impact coût", "Cost impact", "cost"),
                                      ("Impact délai (j)", "Delay (d)", "delay"),
                                      ("Décidée le", "Decided on", "decided_on"),
                                      ("Nouvelle fin de référence", "New baseline finish", "new_finish")],
            "Aucun changement approuvé.", "No change approved.")


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
    b.cover("Dossier du comité de pilotage", "Steering committee pack")
    b.table_of_contents()
    _agenda(b)
    b.heading("Synthèse", "Executive summary")
    b.paragraph("{{ summary_text }}")
    b.tiles("kpis")
    _escalations(b)
    b.heading("Météo du portefeuille", "Portfolio RAG status", page_break_before=True)
    _portfolio_table(b)
    b.heading("Graphiques", "Charts", page_break_before=True)
    b.charts("charts")
    b.heading("Fiches projets", "Project pages")
    b.paragraph("{{ projects_intro }}")
    _project_page(b, detailed=False)
    _decisions_to_take(b)
    _follow_up(b)
    _governance_follow_up(b)
    _errors_annex(b)


def _coproj(b: TemplateBuilder) -> None:
    b.cover("Dossier du comité projet", "Project committee pack")
    b.table_of_contents()
    _agenda(b)
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
    _errors_annex(b)


def _weekly_flash(b: TemplateBuilder) -> None:
    b.paragraph("{{ meta.title }}", style="Title")
    b.paragraph("{{ meta.period_long }} · " + b.t("situation au ", "status at ") + "{{ meta.status_date }}", style="Subtitle")
    b.tiles("kpis")
    b.heading("Faits marquants", "Highlights")
    b.paragraph("{{ summary_text }}")
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
    "copil_monthly": (_copil_monthly, True),
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
