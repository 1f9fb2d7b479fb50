"""Closed vocabularies of the domain.

Each member's value is the canonical code stored in files (English, upper or
lower case as shown).  French and English user-facing labels live in
:data:`LABELS`; readers accept the code or either label, case-insensitively.
"""

from __future__ import annotations

from functools import lru_cache
from enum import Enum


class LinkType(str, Enum):
    """Dependency type between a predecessor and a successor."""

    FS = "FS"  # finish-to-start
    SS = "SS"  # start-to-start
    FF = "FF"  # finish-to-finish
    SF = "SF"  # start-to-finish


class ConstraintType(str, Enum):
    """Date constraints with MS Project's meaning."""

    ASAP = "ASAP"  # as soon as possible
    ALAP = "ALAP"  # as late as possible
    MSO = "MSO"  # must start on
    MFO = "MFO"  # must finish on
    SNET = "SNET"  # start no earlier than
    SNLT = "SNLT"  # start no later than
    FNET = "FNET"  # finish no earlier than
    FNLT = "FNLT"  # finish no later than


class Methodology(str, Enum):
    CLASSIC = "classic"
    AGILE = "agile"
    HYBRID = "hybrid"


class Phase(str, Enum):
    """Stage-gate phases of the bank's standard method."""

    INITIATION = "initiation"
    FRAMING = "framing"  # cadrage
    DESIGN = "design"  # conception
    BUILD = "build"  # réalisation
    TEST = "test"  # recette
    DEPLOYMENT = "deployment"  # déploiement
    CLOSURE = "closure"  # clôture


class Rag(str, Enum):
    """A weather: green, amber or red; grey ``incomplete`` when the data is too poor to rate,
    ``not_provided`` for a register the workbook does not have."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    INCOMPLETE = "incomplete"
    NOT_PROVIDED = "not_provided"


class BudgetCategory(str, Enum):
    CAPEX = "CAPEX"
    OPEX = "OPEX"


class CostNature(str, Enum):
    INTERNAL = "internal"
    EXTERNAL = "external"


class ItemStatus(str, Enum):
    """Life cycle of risks, issues, actions and decisions."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class DecisionStatus(str, Enum):
    PROPOSED = "proposed"  # to be taken by a committee
    APPROVED = "approved"
    REJECTED = "rejected"
    IMPLEMENTED = "implemented"


class Committee(str, Enum):
    COPIL = "COPIL"
    COPROJ = "COPROJ"
    TECH = "TECH"


class ResourceType(str, Enum):
    INTERNAL = "internal"
    EXTERNAL = "external"


class EvMethod(str, Enum):
    """How earned value is credited on a task."""

    PERCENT_COMPLETE = "percent_complete"
    ZERO_HUNDRED = "0/100"
    FIFTY_FIFTY = "50/50"
    WEIGHTED_MILESTONES = "weighted_milestones"


class SchedulingProfile(str, Enum):
    """Whose scheduling rules the plan follows: the tool it was made with."""

    MS_PROJECT = "ms_project"
    PRIMAVERA_P6 = "primavera_p6"


class LagCalendar(str, Enum):
    """The calendar a link's lag is counted on."""

    SUCCESSOR = "successor"  # MS Project
    PREDECESSOR = "predecessor"  # Primavera P6's usual setting


# French and English labels shown to users.  Keys are enum members.
LABELS: dict[Enum, tuple[str, str]] = {
    Methodology.CLASSIC: ("cycle en V", "classic"),
    Methodology.AGILE: ("agile", "agile"),
    Methodology.HYBRID: ("hybride", "hybrid"),
    Phase.INITIATION: ("initialisation", "initiation"),
    Phase.FRAMING: ("cadrage", "framing"),
    Phase.DESIGN: ("conception", "design"),
    Phase.BUILD: ("réalisation", "build"),
    Phase.TEST: ("recette", "test"),
    Phase.DEPLOYMENT: ("déploiement", "deployment"),
    Phase.CLOSURE: ("clôture", "closure"),
    Rag.GREEN: ("vert", "green"),
    Rag.AMBER: ("orange", "amber"),
    Rag.RED: ("rouge", "red"),
    Rag.INCOMPLETE: ("incomplet", "incomplete"),
    Rag.NOT_PROVIDED: ("non fourni", "not provided"),
    BudgetCategory.CAPEX: ("CAPEX", "CAPEX"),
    BudgetCategory.OPEX: ("OPEX", "OPEX"),
    CostNature.INTERNAL: ("interne", "internal"),
    CostNature.EXTERNAL: ("externe", "external"),
    ItemStatus.OPEN: ("ouvert", "open"),
    ItemStatus.IN_PROGRESS: ("en cours", "in progress"),
    ItemStatus.CLOSED: ("clos", "closed"),
    ItemStatus.CANCELLED: ("annulé", "cancelled"),
    DecisionStatus.PROPOSED: ("à décider", "proposed"),
    DecisionStatus.APPROVED: ("approuvée", "approved"),
    DecisionStatus.REJECTED: ("rejetée", "rejected"),
    DecisionStatus.IMPLEMENTED: ("mise en œuvre", "implemented"),
    Committee.COPIL: ("COPIL", "Steering committee"),
    Committee.COPROJ: ("COPROJ", "Project committee"),
    Committee.TECH: ("comité technique", "Technical committee"),
    ResourceType.INTERNAL: ("interne", "internal"),
    ResourceType.EXTERNAL: ("externe", "external"),
    EvMethod.PERCENT_COMPLETE: ("% achevé", "% complete"),
    EvMethod.ZERO_HUNDRED: ("0/100", "0/100"),
    EvMethod.FIFTY_FIFTY: ("50/50", "50/50"),
    EvMethod.WEIGHTED_MILESTONES: ("jalons pondérés", "weighted milestones"),
    SchedulingProfile.MS_PROJECT: ("MS Project", "MS Project"),
    SchedulingProfile.PRIMAVERA_P6: ("Primavera P6", "Primavera P6"),
    LagCalendar.SUCCESSOR: ("successeur", "successor"),
    LagCalendar.PREDECESSOR: ("prédécesseur", "predecessor"),
}


def label(member: Enum, lang: str = "fr") -> str:
    """The user-facing label of an enum member in ``lang`` ('fr' or 'en')."""
    pair = LABELS.get(member)
    if pair is None:
        return str(member.value)
    return pair[0] if lang == "fr" else pair[1]


@lru_cache(maxsize=16384)
def _fold(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in text if not unicodedata.combining(c)).replace("_", " ")


def parse_enum(enum_cls: type[Enum], text: object) -> Enum | None:
    """The member of ``enum_cls`` whose code or FR/EN label matches ``text``.

    Matching ignores case, accents, surrounding spaces and underscores.
    Returns ``None`` when nothing matches.
    """
    if isinstance(text, enum_cls):
        return text
    if text is None:
        return None
    key = _fold(str(text))
    if not key:
        return None
    return _member_for(enum_cls, key)


@lru_cache(maxsize=4096)
def _member_for(enum_cls: type[Enum], key: str) -> Enum | None:
    """The member of ``enum_cls`` whose folded code, name or label is ``key`` (None when none is)."""
    for member in enum_cls:
        candidates = {_fold(str(member.value)), _fold(member.name)}
        pair = LABELS.get(member)
        if pair:
            candidates.update(_fold(p) for p in pair)
        if key in candidates:
            return member
    return None


#: Members only the tool gives (the integrity gate's weathers); no dropdown offers them to a user.
TOOL_ONLY_MEMBERS: frozenset[Enum] = frozenset({Rag.INCOMPLETE, Rag.NOT_PROVIDED})


def offered_members(enum_cls: type[Enum]) -> list[Enum]:
    """The members of ``enum_cls`` a user may choose (all but :data:`TOOL_ONLY_MEMBERS`)."""
    return [m for m in enum_cls if m not in TOOL_ONLY_MEMBERS]


def choices(enum_cls: type[Enum], lang: str = "fr") -> list[str]:
    """The labels a dropdown offers for ``enum_cls`` in ``lang``."""
    return [label(m, lang) for m in offered_members(enum_cls)]
