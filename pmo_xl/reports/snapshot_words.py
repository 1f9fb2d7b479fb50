"""The English of texts the snapshot stores in French: alerts and methodology compliance.

Consolidation words the alerts and the compliance checks of the master in
French; English packs and dashboards show the dimension, the measured
findings, the overdue items and the compliance checks in English, from the
labels of :mod:`pmo_xl.engine.rag` and the check codes.  A text of another
form (a corrective action written by the engine) is shown as stored.
"""

from __future__ import annotations

import re

from pmo_xl.engine.rag import DIMENSION_LABELS, MEASURE_LABELS
from pmo_xl.i18n import english
from pmo_xl.model import Phase, label, parse_enum
from pmo_xl.model.governance import GATE_DECISION_LABELS

DIMENSIONS_EN = {fr: en for fr, en in DIMENSION_LABELS.values()} | {
    "Données": "Data", "Dépendances": "Dependencies", "Ressources": "Resources", "Actions": "Actions"}
MEASURES_EN = {fr: en for fr, en in MEASURE_LABELS.values()}
RAG_EN = {"rouge": "red", "orange": "amber"}
MEASURE_TEXT = re.compile(r"^(?P<label>.+) = (?P<value>\S+) \((?P<rag>rouge|orange) : vert si (?P<band>.+)\)$")
OVERDUE_TEXT = re.compile(r"^(?P<item>\S+) en retard de (?P<days>\d+) jour\(s\)$")


def _decimal(text: str) -> str:
    return re.sub(r"(\d),(\d)", r"\1.\2", text)


RAG_WORDS_EN = {"vert": "green", "orange": "amber", "rouge": "red", "optimiste": "optimistic",
                "pessimiste": "pessimistic"}
FINDING_PATTERNS = [
    (re.compile(r"^(?P<who>.+) surallouée? sur (?P<n>\d+) mois \(pic (?P<p>\S+) en (?P<m>\d{2}/\d{4})\)$"),
     lambda m: f"{m['who']} over-allocated for {m['n']} month(s) (peak {m['p']} in {m['m']})"),
    (re.compile(r"^(?P<d>.+) : déclaré (?P<a>\w+) par le chef de projet, calculé (?P<b>\w+) \(déclaration (?P<k>\w+)\)$"),
     lambda m: f"{dimension_en(m['d'])}: reported {RAG_WORDS_EN.get(m['a'], m['a'])} by the project manager, computed "
               f"{RAG_WORDS_EN.get(m['b'], m['b'])} ({RAG_WORDS_EN.get(m['k'], m['k'])} report)"),
    (re.compile(r"^données périmées : classeur sans date d'état$"), lambda m: "stale data: workbook without a status date"),
    (re.compile(r"^données périmées : date d'état du classeur antérieure de (?P<n>\d+) jours à celle du portefeuille$"),
     lambda m: f"stale data: the workbook's status date is {m['n']} days before the portfolio's"),
    (re.compile(r"^la tâche (?P<t>\S+) attend (?P<o>\S+) qui glisse de (?P<n>\S+) j$"),
     lambda m: f"task {m['t']} waits for {m['o']}, which slips by {_decimal(m['n'])} day(s)"),
]


def _finding(part: str) -> str:
    measured = MEASURE_TEXT.match(part)
    if measured:
        name = MEASURES_EN.get(measured["label"], measured["label"])
        return (f"{name} = {_decimal(measured['value'])} "
                f"({RAG_EN[measured['rag']]}: green if {_decimal(measured['band'])})")
    overdue = OVERDUE_TEXT.match(part)
    if overdue:
        return f"{overdue['item']} overdue by {overdue['days']} day(s)"
    for pattern, build in FINDING_PATTERNS:
        match = pattern.match(part)
        if match:
            return build(match)
    return english(part) or part


def finding_en(text: str | None) -> str | None:
    """An alert's finding in English: each measure of ``'SPI = 0,82 (rouge : vert si ≥ 0,95) ; …'``."""
    if not isinstance(text, str):
        return text
    return "; ".join(_finding(part) for part in text.split(" ; "))


def dimension_en(text: str | None) -> str | None:
    """An alert's dimension in English ("Délais" → "Schedule")."""
    return DIMENSIONS_EN.get(text, text) if isinstance(text, str) else text


CHECKS_EN = {
    "charter_budget_approved": "Charter and budget approved", "baseline_set": "Baseline set",
    "risks_identified": "Risks identified",
    "rebaseline_approved": "Re-baseline covered by an approved change request",
    "velocity": "Velocity measured over three sprints", "predictability": "Predictability (completed / committed)",
    "burndown": "Burndown of the current sprint", "data_quality": "Workbook data quality",
}
#: The gate names of the master template's defaults (Config, tblPortesDefinition).
GATES_EN = {"Opportunité": "Opportunity", "Lancement du cadrage": "Initiation start",
            "Validation de la conception": "Design approval", "Lancement de la réalisation": "Build start",
            "Mise en production": "Go-live", "Clôture": "Closure",
            "Release 1 : mise en production": "Release 1: go-live", "Release 2 : mise en production": "Release 2: go-live"}
DETAILS_EN = {
    "budget approuvé absent de la fiche projet": "no approved budget on the project card",
    "registre des risques vide": "empty risk register", "pas encore exigée à cette phase": "not required yet at this phase",
    "porte absente du registre": "gate missing from the register", "décision non enregistrée": "no decision recorded",
    "aucun engagement de sprint": "no sprint commitment", "aucun sprint en cours": "no sprint running",
} | {fr: en for fr, en in GATE_DECISION_LABELS.values()}
GATE_LABEL = re.compile(r"^Porte (?P<gate>\S+) : (?P<name>.+)$")


def _phase_en(text: str) -> str:
    phase = parse_enum(Phase, text)
    return label(phase, "en") if phase is not None else text


DETAIL_PATTERNS = [
    (re.compile(r"^exigé à partir de la phase (?P<p>.+)$"), lambda m: f"required from the {_phase_en(m['p'])} phase"),
    (re.compile(r"^(?P<n>\d+) tâche\(s\) sans référence$"), lambda m: f"{m['n']} task(s) without a baseline"),
    (re.compile(r"^décision : (?P<d>.+)$"), lambda m: f"decision: {DETAILS_EN.get(m['d'], m['d'])}"),
    (re.compile(r"^preuves manquantes : (?P<e>.+)$"), lambda m: f"missing evidence: {m['e']}"),
    (re.compile(r"^couverte par (?P<c>.+)$"), lambda m: f"covered by {m['c']}"),
    (re.compile(r"^(?P<n>\d+) sprint\(s\) terminé\(s\)$"), lambda m: f"{m['n']} sprint(s) finished"),
    (re.compile(r"^nouvelle référence au (?P<d>\S+) sans demande de changement approuvée"
                r"(?: \(demande non approuvée : (?P<p>.+)\))?$"),
     lambda m: f"new baseline on {m['d']} without an approved change request"
               + (f" (request not approved: {m['p']})" if m["p"] else "")),
]


def check_en(code: str, text: str | None) -> str | None:
    """A compliance check's name in English, from its code (a gate's from its default name)."""
    if code in CHECKS_EN:
        return CHECKS_EN[code]
    gate = GATE_LABEL.match(text) if isinstance(text, str) else None
    if gate:
        return f"Gate {gate['gate']}: {GATES_EN.get(gate['name'], gate['name'])}"
    return text


def detail_en(text: str | None) -> str | None:
    """A compliance check's detail in English."""
    if not isinstance(text, str):
        return text
    if text in DETAILS_EN:
        return DETAILS_EN[text]
    for pattern, build in DETAIL_PATTERNS:
        match = pattern.match(text)
        if match:
            return build(match)
    return text


def _mapped(frame, column: str, translate) -> None:
    if column in frame.columns and len(frame):
        frame[column] = frame[column].map(translate)


def _sheets_en(names):
    """A list of project-workbook sheet names ("Risques, Budget") with each name in English."""
    from pmo_xl.model.schemas import ALL_TABLES

    if not isinstance(names, str):
        return names
    english = {table.sheet_fr: table.sheet_en for table in ALL_TABLES}
    return ", ".join(english.get(name.strip(), name.strip()) for name in names.split(",") if name.strip())


def master_view(snapshot):
    """The snapshot as its master shows it: for an English master, a copy whose stored French texts
    (alert dimensions and findings, compliance checks, problem messages) are in English.

    Labels, headers and enumerated values are the master writer's (:mod:`pmo_xl.io.master.language`);
    a French master's snapshot is returned as it is.
    """
    import copy

    if snapshot.language != "en":
        return snapshot
    shown = copy.copy(snapshot)
    shown.alerts = snapshot.alerts.copy()
    _mapped(shown.alerts, "dimension", dimension_en)
    _mapped(shown.alerts, "message", finding_en)
    shown.compliance = snapshot.compliance.copy()
    if len(shown.compliance):
        shown.compliance["check_label"] = [check_en(code, label_text) for code, label_text in zip(
            shown.compliance["check_code"], shown.compliance["check_label"])]
    _mapped(shown.compliance, "detail", detail_en)
    shown.overview = snapshot.overview.copy()
    _mapped(shown.overview, "missing_sheets", _sheets_en)
    shown.errors = snapshot.errors.copy()
    for column in ("message", "expected"):
        _mapped(shown.errors, column, lambda v: english(v) if isinstance(v, str) else v)
    return shown
