"""The master workbook in its language: French (the default) or English (Config parameter ``language``).

The master's tables are described once, in French (:data:`pmo_xl.model.portfolio.TABLES`
and the Config/Gouvernance tables of :mod:`pmo_xl.io.master.template`).  An English master
shows, for each French sheet name, title, header and label, the text of
:data:`pmo_xl.texts.master_en.MASTER_EN`, and the English label of each enumerated value
(``clos`` → ``closed``, ``vert`` → ``green``).  Reading a master back works on either:
English headers, sheet names and values are mapped to the French ones, so the rest of the
code sees one schema.  Excel table names (``tblPortefeuille``) are the same in both languages.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from pmo_xl.model.enums import LABELS
from pmo_xl.model.governance import CHANGE_DECISION_LABELS, GATE_DECISION_LABELS
from pmo_xl.model.portfolio import TABLES, TableSpec
from pmo_xl.texts.master_en import MASTER_EN
from pmo_xl.texts.schedule_quality import CHECK_LABELS, OUTCOME_LABELS

LANGUAGES = ("fr", "en")
#: Values of the master's registers that are not enum labels, with their English.
EXTRA_VALUES_EN = {"classique": "classic", "non évalué": "not rated", "oui": "yes", "non": "no",
                   "projet": "project", "programme": "programme", "portefeuille": "portfolio",
                   "ajouter": "add", "retirer": "remove", "estimé": "estimated", "annoncé": "announced",
                   "jours ouvrés": "working days", "devise": "currency", "nombre": "count",
                   "action": "action", "décision": "decision", "porte": "gate", "gouvernance": "governance"}
_VALUES_EN = ({fr: en for fr, en in LABELS.values() if fr != en} | EXTRA_VALUES_EN
              | dict(OUTCOME_LABELS.values()) | dict(CHECK_LABELS.values())
              | dict(GATE_DECISION_LABELS.values()) | dict(CHANGE_DECISION_LABELS.values()))
_VALUES_FR = {en: fr for fr, en in _VALUES_EN.items() if list(_VALUES_EN.values()).count(en) == 1}
_TEXTS_FR = {en: fr for fr, en in MASTER_EN.items() if en != fr}


def master_language(value: object) -> str:
    """``"en"`` for an English master, else ``"fr"`` (any other value reads as French)."""
    return "en" if isinstance(value, str) and value.strip().lower() in ("en", "english", "anglais") else "fr"


def text(french: str, lang: str) -> str:
    """A French text of the master (sheet name, title, header, label, note) in ``lang``."""
    if lang == "fr" or not french:
        return french
    return MASTER_EN.get(french, french)


def french_text(shown: str) -> str:
    """The French text an English sheet name, title or header stands for (a French one unchanged)."""
    return _TEXTS_FR.get(shown, shown)


def value(french: object, lang: str) -> object:
    """A value written in the master: an enumerated label in ``lang``, anything else unchanged."""
    if lang == "fr" or not isinstance(french, str):
        return french
    return _VALUES_EN.get(french, french)


def french_value(shown: object) -> object:
    """The French label of an enumerated value read from an English master (others unchanged)."""
    if not isinstance(shown, str):
        return shown
    return _VALUES_FR.get(shown, shown)


def workbook_language(sheet_names) -> str:
    """The language of a master from its sheet names: "en" when its Config sheets are named in English."""
    names = set(sheet_names)
    english = {text(name, "en") for name in ("Gouvernance", "Synthèse", "Portefeuille")}
    return "en" if names & english and not names & {"Gouvernance", "Synthèse", "Portefeuille"} else "fr"


def master_file_language(path) -> str:
    """The language of the master workbook file at ``path`` (from its sheet names)."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        return workbook_language(book.sheetnames)
    finally:
        book.close()


@lru_cache(maxsize=None)
def tables(lang: str) -> dict[str, TableSpec]:
    """The managed tables with their sheet names, titles and headers in ``lang``, by key."""
    return {spec.key: localised(spec, lang) for spec in TABLES}


def localised(spec: TableSpec, lang: str) -> TableSpec:
    """``spec`` with its sheet name, title and headers in ``lang`` (keys and kinds unchanged)."""
    if lang == "fr":
        return spec
    return replace(spec, sheet=text(spec.sheet, lang), title=text(spec.title, lang),
                   columns=tuple(replace(c, header=text(c.header, lang)) for c in spec.columns))


def sheet_name(french_sheet: str, lang: str) -> str:
    """The name of a managed or PMO sheet in a master of language ``lang``."""
    return text(french_sheet, lang)


def managed_sheets(lang: str, french_names: list[str] | tuple[str, ...] | None = None) -> list[str]:
    """The managed sheets (or those of ``french_names``) as named in a master of language ``lang``."""
    names = french_names if french_names is not None else [spec.sheet for spec in TABLES]
    return [sheet_name(name, lang) for name in names]


def find_sheet(sheet_names: list[str], french_sheet: str) -> str | None:
    """The name the sheet ``french_sheet`` has in a workbook: French or English, None when absent."""
    for lang in LANGUAGES:
        candidate = sheet_name(french_sheet, lang)
        if candidate in sheet_names:
            return candidate
    return None


__all__ = ["LANGUAGES", "find_sheet", "french_text", "french_value", "localised", "managed_sheets", "master_file_language",
           "master_language", "sheet_name", "tables", "text", "value", "workbook_language"]
