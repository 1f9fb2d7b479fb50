"""The PMO ribbon tab as data, and its Office 2010 customUI XML.

Each button's id is the id of the action it runs (see
:mod:`pmo_xl.excel.actions`); every button calls the single VBA procedure
:data:`VBA_CALLBACK`, which hands the id to :func:`pmo_xl.excel.ribbon.dispatch`.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.etree import ElementTree

CUSTOMUI_NAMESPACE = "http://schemas.microsoft.com/office/2009/07/customui"
CUSTOMUI_PART = "customUI/customUI14.xml"
CUSTOMUI_RELATIONSHIP = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
VBA_CALLBACK = "PmoAction"
TAB_ID = "pmoTab"


@dataclass(frozen=True)
class RibbonButton:
    """A large button of the tab: the action id it runs, labels and tip in FR and EN."""

    action_id: str
    label_fr: str
    label_en: str
    image_mso: str
    tip_fr: str
    tip_en: str

    def label(self, lang: str) -> str:
        return self.label_fr if lang == "fr" else self.label_en

    def tip(self, lang: str) -> str:
        return self.tip_fr if lang == "fr" else self.tip_en


@dataclass(frozen=True)
class RibbonGroup:
    """A group of buttons on the tab."""

    group_id: str
    label_fr: str
    label_en: str
    buttons: tuple[RibbonButton, ...]

    def label(self, lang: str) -> str:
        return self.label_fr if lang == "fr" else self.label_en


RIBBON_TAB_LABEL = "PMO"

RIBBON_GROUPS: tuple[RibbonGroup, ...] = (
    RibbonGroup("pmoPortfolio", "Portefeuille", "Portfolio", (
        RibbonButton("consolidate_portfolio", "Consolider le portefeuille", "Consolidate portfolio",
                     "Consolidate",
                     "Relit les classeurs projets et met à jour les tables du portefeuille.",
                     "Reads the project workbooks and refreshes the portfolio tables."),
        RibbonButton("refresh_variance_kpi", "Actualiser variance & KPI", "Refresh variance & KPI",
                     "RefreshAll",
                     "Recalcule les écarts et les indicateurs du portefeuille.",
                     "Recomputes variances and indicators of the portfolio."),
    )),
    RibbonGroup("pmoSchedule", "Planning", "Schedule", (
        RibbonButton("critical_path", "Chemin critique", "Critical path",
                     "ViewsGanttChartView",
                     "Calcule le chemin critique du projet sélectionné.",
                     "Computes the critical path of the selected project."),
        RibbonButton("schedule_workbook", "Calculer le planning", "Compute the plan",
                     "CalculateNow",
                     "Calcule le planning du classeur projet ouvert et remplit ses colonnes calculées et son Gantt.",
                     "Schedules the open project workbook and fills its computed columns and Gantt sheet."),
    )),
    RibbonGroup("pmoCommittees", "Comités", "Committees", (
        RibbonButton("generate_copil_pack", "Pack COPIL", "Steering pack",
                     "CreateReport",
                     "Génère le pack du comité de pilotage.",
                     "Writes the steering committee pack."),
        RibbonButton("generate_coproj_pack", "Pack COPROJ", "Project committee pack",
                     "FileSaveAsPdfOrXps",
                     "Génère le pack du comité projet.",
                     "Writes the project committee pack."),
        RibbonButton("import_minutes", "Importer le compte rendu", "Import the minutes",
                     "ImportWord",
                     "Reporte les décisions et actions d'un compte rendu rempli dans les registres de gouvernance.",
                     "Brings the decisions and actions of filled minutes into the governance registers."),
    )),
    RibbonGroup("pmoWorkbooks", "Classeurs", "Workbooks", (
        RibbonButton("validate_workbooks", "Valider les classeurs", "Validate workbooks",
                     "DataValidation",
                     "Contrôle les classeurs projets et liste les anomalies.",
                     "Checks the project workbooks and lists the problems."),
        RibbonButton("new_project", "Nouveau projet", "New project",
                     "FileNew",
                     "Crée un classeur projet à partir du modèle standard.",
                     "Creates a project workbook from the standard template."),
        RibbonButton("open_packs_folder", "Dossier des packs", "Packs folder",
                     "FileOpen",
                     "Ouvre le dossier où les packs sont écrits.",
                     "Opens the folder the packs are written to."),
    )),
)


def ribbon_buttons() -> list[RibbonButton]:
    """Every button of the tab, in display order."""
    return [button for group in RIBBON_GROUPS for button in group.buttons]


def customui_xml(lang: str = "fr") -> bytes:
    """The customUI14.xml part of the add-in, labels in ``lang`` ('fr' or 'en')."""
    ElementTree.register_namespace("", CUSTOMUI_NAMESPACE)

    def tag(name: str) -> str:
        return f"{{{CUSTOMUI_NAMESPACE}}}{name}"

    root = ElementTree.Element(tag("customUI"))
    ribbon = ElementTree.SubElement(root, tag("ribbon"))
    tabs = ElementTree.SubElement(ribbon, tag("tabs"))
    tab = ElementTree.SubElement(tabs, tag("tab"), id=TAB_ID, label=RIBBON_TAB_LABEL)
    for group in RIBBON_GROUPS:
        group_element = ElementTree.SubElement(tab, tag("group"), id=group.group_id,
                                               label=group.label(lang))
        for button in group.buttons:
            ElementTree.SubElement(
                group_element,
                tag("button"),
                id=button.action_id,
                label=button.label(lang),
                imageMso=button.image_mso,
                size="large",
                screentip=button.label(lang),
                supertip=button.tip(lang),
                onAction=VBA_CALLBACK,
            )
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
