"""User-facing texts of problems in French and English.

Problems are produced with English messages (stable, greppable, used by the
tests); this module is the French face shown to project managers.  It holds a
catalogue of exact messages and a few patterns for messages that carry values
(column names, dates, bounds).  A text the catalogue does not know is shown as
it is, so a missing entry degrades to English rather than to nothing.
"""

from __future__ import annotations

import re

from .errors import Problem

LANGUAGES = ("fr", "en")

# Exact English text -> French text.
MESSAGES_FR: dict[str, str] = {
    # file level
    "file not found": "fichier introuvable",
    "not a file": "ce n'est pas un fichier",
    "not an xlsx file": "ce n'est pas un classeur .xlsx",
    "password-protected workbook": "classeur protégé par mot de passe",
    "corrupt workbook": "classeur illisible ou endommagé",
    "workbook could not be read": "le classeur n'a pas pu être lu",
    "unreadable sheet": "feuille illisible",
    "missing sheet": "feuille manquante",
    "header row not found": "ligne d'en-tête introuvable",
    "missing required column": "colonne obligatoire manquante",
    "missing field": "champ manquant",
    # values
    "wrong type": "type de valeur incorrect",
    "unknown value": "valeur inconnue",
    "unknown currency": "devise inconnue",
    "required value missing": "valeur obligatoire manquante",
    "month is not a date": "le mois n'est pas une date",
    "percentage outside 0-100": "pourcentage hors de 0-100",
    "negative value": "valeur négative",
    "value out of range": "valeur hors limites",
    # cross checks
    "duplicate id": "identifiant en double",
    "unknown predecessor task": "prédécesseur inconnu",
    "task is its own predecessor": "la tâche est son propre prédécesseur",
    "actual finish before actual start": "fin réelle avant le début réel",
    "actual finish without actual start": "fin réelle sans début réel",
    "actual start after status date": "début réel après la date d'état",
    "actual finish after status date": "fin réelle après la date d'état",
    "baseline finish before baseline start": "fin de référence avant le début de référence",
    "milestone with non-zero duration": "jalon avec une durée non nulle",
    "100 % complete without actual finish": "achevé à 100 % sans fin réelle",
    "progress without actual start": "avancement sans début réel",
    "actual finish but not 100 % complete": "fin réelle mais pas achevé à 100 %",
    "unknown resource": "ressource inconnue",
    "unknown task": "tâche inconnue",
    "exception finish before start": "fin de l'exception avant son début",
    "finish before start": "fin avant le début",
    "sprint finish before start": "fin du sprint avant son début",
    "bad predecessor syntax": "prédécesseur mal écrit",
    "unknown decision": "décision inconnue",
    "unknown calendar": "calendrier inconnu",
    "unknown weekday": "jour de la semaine inconnu",
    "unknown country code": "code pays inconnu",
    "hours not understood": "horaires incompris",
    "day already in the working week": "jour déjà dans la semaine de travail",
    "calendar setting given twice": "réglage du calendrier donné deux fois",
    "unknown base calendar": "calendrier de base inconnu",
    "value not used by this kind of row": "valeur inutilisée pour ce type de ligne",
    "three-point estimate not in order": "estimation à trois points dans le désordre",
    "probability outside 0-1": "probabilité hors de 0-1",
    # expected texts
    "a number": "un nombre",
    "a whole number, 1 or more": "un nombre entier, 1 ou plus",
    "a whole number, 0 or more": "un nombre entier, 0 ou plus",
    "a whole number": "un nombre entier",
    "a date": "une date",
    "a date (dd/mm/yyyy)": "une date (jj/mm/aaaa)",
    "a month (a date or mm/yyyy)": "un mois (une date ou mm/aaaa)",
    "a period like 2026-11, 2026-W47 or 2026-Q4": "une période comme 2026-11, 2026-W47 ou 2026-Q4",
    "oui/non (yes/no)": "oui/non",
    "an ISO 4217 currency code (MAD, EUR, USD…)": "un code devise ISO 4217 (MAD, EUR, USD…)",
    "hours like 08:00-12:00; 13:00-17:00": "des horaires comme 08:00-12:00; 13:00-17:00",
    "days of the week like lun-ven; sam (or Mon-Fri; Sat)": "des jours de la semaine comme lun-ven; sam",
    "a country code of the holidays calendar (MA, FR…) or aucun (none)":
        "un code pays du calendrier des jours fériés (MA, FR…) ou aucun",
    "hours in order and not overlapping, like 08:00-12:00; 13:00-17:00":
        "des horaires dans l'ordre et sans chevauchement, comme 08:00-12:00; 13:00-17:00",
    "another calendar of this sheet": "un autre calendrier de cette feuille",
    "resource codes like DEV1[50%]; PM": "des codes ressource comme DEV1[50%]; PM",
    "a workbook without password": "un classeur sans mot de passe",
    "an .xlsx workbook": "un classeur .xlsx",
    "an .xlsx workbook Excel can open": "un classeur .xlsx qu'Excel peut ouvrir",
    "an Excel 97-2003 (.xls) file": "un fichier Excel 97-2003 (.xls)",
    "a folder": "un dossier",
    "a code of the resources sheet": "un code de la feuille Ressources",
    "optimistic ≤ most likely (the duration) ≤ pessimistic": "optimiste ≤ plus probable (la durée) ≤ pessimiste",
    "optimistic ≤ most likely ≤ pessimistic": "optimiste ≤ plus probable ≤ pessimiste",
    "between 0 and 1 (0 % to 100 %)": "entre 0 et 1 (0 % à 100 %)",
    "an ID of the decisions sheet": "un identifiant de la feuille Décisions",
    "a calendar of the calendar sheet": "un calendrier de la feuille Calendrier",
    "another task's ID": "l'identifiant d'une autre tâche",
    "an actual finish": "une fin réelle",
    "an actual start": "un début réel",
    "a zero duration": "une durée nulle",
    "the ID of a task of this sheet": "l'identifiant d'une tâche de cette feuille",
    "the ID of a task of the tasks sheet": "l'identifiant d'une tâche de la feuille Tâches",
    "links like 12FS+2d; 14SS; 15FF-1d; 7; 3FS+50%; CBM:45FS":
        "des liens comme 12FD+2j; 14DD; 15FF-1j; 7; 3FD+50%; CBM:45FD",
    # defensive reading: files, archives, sheets, isolated reads
    "file cannot be opened": "fichier impossible à ouvrir",
    "not a regular file": "ce n'est pas un fichier ordinaire",
    "a named pipe": "un tube nommé",
    "a socket": "une socket",
    "a device": "un périphérique",
    "a special file": "un fichier spécial",
    "too many parts in the workbook archive": "trop d'éléments dans l'archive du classeur",
    "workbook too large once uncompressed": "classeur trop volumineux une fois décompressé",
    "abnormal compression ratio in the workbook archive": "taux de compression anormal dans l'archive du classeur",
    "values beyond the readable area of the sheet are ignored":
        "valeurs au-delà de la zone lisible de la feuille ignorées",
    "Excel error value in the cell": "valeur d'erreur Excel dans la cellule",
    "a value (correct the formula or the reference)": "une valeur (corriger la formule ou la référence)",
    "formula never calculated": "formule jamais calculée",
    "the workbook saved from Excel after calculation": "le classeur enregistré depuis Excel après calcul",
    "reading the file took longer than the time limit": "la lecture du fichier a dépassé le temps limite",
    "reading the file needs more memory than the limit": "la lecture du fichier demande plus de mémoire que la limite",
    "the file could not be read": "le fichier n'a pas pu être lu",
    "disk full": "disque plein",
    "permission denied": "accès refusé",
    "file locked by another program (open in Excel?)": "fichier verrouillé par un autre programme (ouvert dans Excel ?)",
    "folder or file not found": "dossier ou fichier introuvable",
    "invisible control characters removed": "caractères de contrôle invisibles supprimés",
    "visible text only": "du texte visible seulement",
    "text cut to the maximum length": "texte coupé à la longueur maximale",
    "project code unusable as a file name": "code projet inutilisable comme nom de fichier",
    "project code cut to the maximum length": "code projet coupé à la longueur maximale",
    "a code without / \\ : * ? \" < > | or leading dot": "un code sans / \\ : * ? \" < > | ni point au début",
    "dependency cycle": "boucle de dépendances",
    "links without a loop": "des liens sans boucle",
    "calendar without any working time": "calendrier sans aucun temps de travail",
    "at least one working day with hours": "au moins un jour travaillé avec des horaires",
    "link to a project outside the portfolio": "lien vers un projet hors du portefeuille",
    "a project code of the validated workbooks": "un code projet des classeurs validés",
    "column given twice": "colonne présente deux fois",
    "unknown column header (renamed?)": "en-tête de colonne inconnu (renommé ?)",
    "column not in the template, ignored": "colonne hors modèle, ignorée",
    "merged header cells": "cellules d'en-tête fusionnées",
    "one header cell per column": "une cellule d'en-tête par colonne",
    "implausible value": "valeur invraisemblable",
    "placeholder date read as no date": "date fictive lue comme une absence de date",
    "date outside the plausible window": "date hors de la période plausible",
    "date too far from the project's dates": "date trop éloignée des dates du projet",
    "cost on a zero-day task that is not a milestone": "coût sur une tâche de durée nulle qui n'est pas un jalon",
    "a duration above 0 days, or the task marked as a milestone":
        "une durée de plus de 0 jour, ou la tâche marquée comme jalon",
    "another consolidation of this master is running": "une autre consolidation de ce classeur maître est en cours",
    "lag out of range": "décalage hors limites",
    "a real date or an empty cell": "une vraie date ou une cellule vide",
    "a finite number": "un nombre fini",
    "file skipped: not an .xlsx workbook": "fichier ignoré : ce n'est pas un classeur .xlsx",
    "an .xlsx workbook (saved from Excel as .xlsx)": "un classeur .xlsx (enregistré depuis Excel en .xlsx)",
}

# writing results back into a workbook, importing a plan, upgrading a workbook
MESSAGES_FR.update({
    "the workbook is open in another program; close it and try again":
        "le classeur est ouvert dans un autre programme ; fermez-le et recommencez",
    "workbook open elsewhere": "classeur ouvert ailleurs",
    "no lock file beside the workbook": "aucun fichier de verrou à côté du classeur",
    "the workbook changed while the plan was computed; run again":
        "le classeur a changé pendant le calcul du planning ; relancez",
    "workbook changed since read": "classeur modifié depuis sa lecture",
    "the workbook has errors; correct them before computing the plan":
        "le classeur contient des erreurs ; corrigez-les avant de calculer le planning",
    "the task sheet has no computed area; upgrade the workbook first":
        "la feuille des tâches n'a pas de zone calculée ; mettez d'abord le classeur à jour "
        "(pmo-xl template upgrade)",
    "missing computed column": "colonne calculée manquante",
    "file not found": "fichier introuvable",
    "no referential table in the master workbook": "pas de table de référentiel dans le classeur maître",
    "unreadable master workbook": "classeur maître illisible",
    "column of the referential that no workbook list uses (phases, methods, statuses and RAG "
    "follow the method's fixed vocabulary)":
        "colonne du référentiel qui n'est une liste d'aucun classeur (phases, méthodes, statuts et météo "
        "suivent le vocabulaire fixe de la méthode)",
    "workbook of an earlier template version; upgrade it with pmo-xl template upgrade":
        "classeur d'une version antérieure du modèle ; mettez-le à jour avec pmo-xl template upgrade",
})

from .texts.governance import MESSAGES_FR as _GOVERNANCE_MESSAGES_FR  # noqa: E402

MESSAGES_FR.update(_GOVERNANCE_MESSAGES_FR)

# (compiled English pattern, French template using the pattern's groups)
PATTERNS_FR: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^between (?P<a>\S+) and (?P<b>\S+)$"), "entre {a} et {b}"),
    (re.compile(r"^(?P<a>\S+) or more$"), "{a} ou plus"),
    (re.compile(r"^(?P<a>\S+) or less$"), "{a} ou moins"),
    (re.compile(r"^a sheet '(?P<fr>[^']+)' \(or '(?P<en>[^']+)'\)$"), "une feuille « {fr} » (ou « {en} »)"),
    (re.compile(r"^a column '(?P<c>[^']+)'$"), "une colonne « {c} »"),
    (re.compile(r"^a row '(?P<c>[^']+)'$"), "une ligne « {c} »"),
    (re.compile(r"^on or after (?P<d>.+)$"), "le {d} ou après"),
    (re.compile(r"^on or before the status date (?P<d>.+)$"), "au plus tard la date d'état {d}"),
    (re.compile(r"^an id not already used \(first used in (?P<c>[^)]+)\)$"),
     "un identifiant pas encore utilisé (déjà utilisé en {c})"),
    (re.compile(r"^one of (?P<v>.+)$"), "l'une des valeurs {v}"),
    (re.compile(r"^each day once per calendar \(first given in (?P<c>[^)]+)\)$"),
     "chaque jour une seule fois par calendrier (déjà donné en {c})"),
    (re.compile(r"^an empty cell on a row '(?P<k>[^']+)'$"), "une cellule vide sur une ligne « {k} »"),
    (re.compile(r"^one row per calendar \(first given in (?P<c>[^)]+)\)$"),
     "une seule ligne par calendrier (déjà donnée en {c})"),
    (re.compile(r"^headers: (?P<v>.+)$"), "en-têtes : {v}"),
    (re.compile(r"^(?P<a>\d+ MB) or less$"), "{a} ou moins"),
    (re.compile(r"^each column once \(first in (?P<c>[^)]+)\)$"), "chaque colonne une seule fois (déjà en {c})"),
    (re.compile(r"^one of the missing headers: (?P<v>.+)$"), "l'un des en-têtes manquants : {v}"),
    (re.compile(r"^(?P<a>\d+) characters or less$"), "{a} caractères au plus"),
    (re.compile(r"^a number of (?P<a>\S+) or less in size$"), "un nombre de {a} au plus en valeur absolue"),
    (re.compile(r"^lags of (?P<a>\S+) days or less either way$"), "des décalages de {a} jours au plus, dans un sens ou l'autre"),
    (re.compile(r"^a date between (?P<a>\S+) and (?P<b>\S+) \((?P<n>\d+) years around the project's dates, "
                r"(?P<s>\S+) to (?P<f>\S+)\)$"),
     "une date entre le {a} et le {b} ({n} ans autour des dates du projet, du {s} au {f})"),
    (re.compile(r"^a date between (?P<a>\S+) and (?P<b>\S+)$"), "une date entre le {a} et le {b}"),
    (re.compile(r"^the file could not be written: (?P<r>.+)$"), "le fichier n'a pas pu être écrit : {r}"),
    (re.compile(r"^the file could not be read: (?P<r>.+)$"), "le fichier n'a pas pu être lu : {r}"),
    (re.compile(r"^values within (?P<r>\d+) rows and (?P<c>\d+) columns$"),
     "des valeurs dans les {r} premières lignes et {c} premières colonnes"),
    (re.compile(r"^a number, for a DCMA threshold named (?P<v>.+)$"), "un nombre, pour un seuil DCMA parmi {v}"),
    (re.compile(r"^schedule quality not assessed: (?P<r>.+)$"), "qualité du planning non évaluée : {r}"),
    (re.compile(r"^schedule risk not analysed: (?P<r>.+)$"), "risque du planning non analysé : {r}"),
]


def translate(text: str | None, lang: str = "fr") -> str | None:
    """``text`` in ``lang``; English texts pass through, unknown ones stay as they are."""
    if text is None or lang != "fr":
        return text
    exact = MESSAGES_FR.get(text)
    if exact is not None:
        return exact
    for pattern, template in PATTERNS_FR:
        match = pattern.match(text)
        if match:
            return template.format(**{k: translate(v, lang) for k, v in match.groupdict().items()})
    return text


_GROUP = re.compile(r"\(\?P<(\w+)>(?:\\S\+|\\d\+ MB|\\d\+|\.\+|\[\^'\]\+|\[\^\)\]\+)\)")


def _english_template(pattern: re.Pattern[str]) -> str:
    """The English text of a pattern of :data:`PATTERNS_FR`, its groups as ``{name}``."""
    text = _GROUP.sub(lambda m: "{" + m[1] + "}", pattern.pattern.removeprefix("^").removesuffix("$"))
    return text.replace("\\(", "(").replace("\\)", ")")


def _french_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    body = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+)" for i, part in enumerate(parts))
    return re.compile(f"^{body}$")


MESSAGES_EN = {french: english for english, french in MESSAGES_FR.items()}
PATTERNS_EN = [(_french_regex(template), _english_template(pattern)) for pattern, template in PATTERNS_FR]


def english(text: str | None) -> str | None:
    """The English of a French text of this catalogue (as stored in the master); others stay as they are."""
    if text is None:
        return None
    exact = MESSAGES_EN.get(text)
    if exact is not None:
        return exact
    for regex, template in PATTERNS_EN:
        match = regex.match(text)
        if match:
            return template.format(**{k: english(v) for k, v in match.groupdict().items()})
    return text


def problem_message(problem: Problem, lang: str = "fr") -> str:
    """The problem's message in ``lang``."""
    return translate(problem.message, lang) or ""


def problem_expected(problem: Problem, lang: str = "fr") -> str:
    """What was expected, in ``lang`` ('' when nothing is said)."""
    return translate(problem.expected, lang) or ""


SEVERITY_LABELS = {"fr": {"error": "erreur", "warning": "avertissement"},
                   "en": {"error": "error", "warning": "warning"}}


def severity_label(problem: Problem, lang: str = "fr") -> str:
    return SEVERITY_LABELS.get(lang, SEVERITY_LABELS["en"])[problem.severity.value]
