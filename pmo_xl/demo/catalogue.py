"""The fixed facts of the demo portfolio: the people pool and the project list.

Everything here is plain data; the generator in :mod:`pmo_xl.demo.portfolio`
turns it into plans, budgets and registers.  The subsidiary is the IT arm of a
Moroccan bank in Casablanca: most money is in MAD, a few projects run with a
European vendor and are budgeted in EUR.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from pmo_xl.engine.budget import DEFAULT_RATES_TO_MAD
from pmo_xl.model import EvMethod, Methodology, Rag, Resource, ResourceType

# Fixed conversion used to price MAD-rated people on EUR projects and back.
MAD_PER_EUR = DEFAULT_RATES_TO_MAD["EUR"]


@dataclass(frozen=True)
class RoleSpec:
    """A job of the pool: its French title, department and daily rate in MAD."""

    key: str
    title: str
    department: str
    daily_rate_mad: float


ROLES: dict[str, RoleSpec] = {
    r.key: r
    for r in [
        RoleSpec("pm", "Chef de projet", "Direction des Projets (PMO)", 4500),
        RoleSpec("architect", "Architecte SI", "Architecture", 5200),
        RoleSpec("analyst", "Analyste métier", "Études et Développement", 3500),
        RoleSpec("developer", "Développeur", "Études et Développement", 3000),
        RoleSpec("senior_developer", "Développeur senior", "Études et Développement", 3800),
        RoleSpec("tester", "Testeur", "Qualité et Recette", 2600),
        RoleSpec("security", "Expert sécurité", "Sécurité des SI", 5000),
        RoleSpec("dba", "Administrateur de bases de données", "Infrastructure et Production", 4000),
        RoleSpec("sysadmin", "Ingénieur système et réseau", "Infrastructure et Production", 3400),
        RoleSpec("data_engineer", "Ingénieur data", "Data et BI", 3800),
        RoleSpec("scrum_master", "Scrum master", "Direction des Projets (PMO)", 3800),
        RoleSpec("product_owner", "Product owner", "Métier – Banque de détail", 4200),
        RoleSpec("compliance", "Chargé de conformité", "Conformité", 4300),
        RoleSpec("trainer", "Formateur", "Ressources humaines", 2500),
        RoleSpec("ux", "Designer UX", "Études et Développement", 3500),
    ]
}

# Internal staff drafted into project teams: (first name, last name, role key).  Sixty people.
INTERNAL_STAFF: list[tuple[str, str, str]] = [
    ("Youssef", "El Amrani", "pm"),
    ("Fatima Zahra", "Bennani", "pm"),
    ("Mohamed", "Alaoui", "pm"),
    ("Khadija", "Tazi", "pm"),
    ("Omar", "Berrada", "pm"),
    ("Salma", "Chraibi", "pm"),
    ("Hicham", "Idrissi", "pm"),
    ("Nadia", "El Fassi", "pm"),
    ("Karim", "Benjelloun", "architect"),
    ("Imane", "Lahlou", "architect"),
    ("Rachid", "Ouazzani", "architect"),
    ("Meryem", "Sqalli", "analyst"),
    ("Anas", "Kettani", "analyst"),
    ("Sara", "Bennis", "analyst"),
    ("Mehdi", "Skalli", "analyst"),
    ("Laila", "Cherkaoui", "analyst"),
    ("Amine", "Benkirane", "analyst"),
    ("Houda", "Filali", "analyst"),
    ("Othmane", "Benmoussa", "developer"),
    ("Zineb", "Squalli", "developer"),
    ("Ayoub", "El Khatib", "developer"),
    ("Hajar", "Bouzidi", "developer"),
    ("Ismail", "Naciri", "developer"),
    ("Soukaina", "El Ouardi", "developer"),
    ("Badr", "Lamrani", "developer"),
    ("Asmae", "Rahmouni", "developer"),
    ("Reda", "Chami", "developer"),
    ("Ghizlane", "Belhaj", "developer"),
    ("Adil", "Sefrioui", "senior_developer"),
    ("Kenza", "Benabdallah", "senior_developer"),
    ("Tarik", "Zniber", "senior_developer"),
    ("Nawal", "Haddaoui", "senior_developer"),
    ("Said", "Amraoui", "tester"),
    ("Loubna", "Tahiri", "tester"),
    ("Hamza", "Bekkali", "tester"),
    ("Siham", "Ziani", "tester"),
    ("Abdelaziz", "Mernissi", "tester"),
    ("Hanane", "Guessous", "tester"),
    ("Jamal", "Belkadi", "security"),
    ("Samira", "Raji", "security"),
    ("Nabil", "Jettou", "security"),
    ("Driss", "Lazrak", "dba"),
    ("Wafae", "Moukhlis", "dba"),
    ("Aziz", "Bouhlal", "sysadmin"),
    ("Latifa", "Benchekroun", "sysadmin"),
    ("Mourad", "Hakam", "sysadmin"),
    ("Yasmine", "Alami", "sysadmin"),
    ("Khalid", "Tounsi", "data_engineer"),
    ("Rim", "Bensouda", "data_engineer"),
    ("Taha", "El Idrissi", "data_engineer"),
    ("Ilham", "Mouline", "scrum_master"),
    ("Yassine", "Kabbaj", "scrum_master"),
    ("Btissam", "Sebti", "scrum_master"),
    ("Noureddine", "Guedira", "product_owner"),
    ("Rajae", "Hassani", "product_owner"),
    ("Mounir", "Slaoui", "product_owner"),
    ("Chaimae", "Lyoubi", "compliance"),
    ("Abdellah", "Mekouar", "compliance"),
    ("Souad", "Tadlaoui", "trainer"),
    ("Oussama", "Benali", "ux"),
]

# Experts of the central departments, shared across the portfolio: they are not drafted into a
# project team at kick-off and take the work the project teams cannot absorb.  Ten people.
SHARED_EXPERTS: list[tuple[str, str, str]] = [
    ("Younes", "Bouabid", "architect"),
    ("Ibtissam", "Kadiri", "architect"),
    ("Achraf", "Ennaji", "product_owner"),
    ("Naima", "Berrechid", "product_owner"),
    ("Zakaria", "Ait Lahcen", "ux"),
    ("Malika", "Fassi Fihri", "trainer"),
    ("Hassan", "Ouahbi", "security"),
    ("Sanaa", "Bargach", "dba"),
    ("Ilyas", "Temsamani", "sysadmin"),
    ("Fadwa", "Amrani", "sysadmin"),
]

# External contractors: (name, role key, firm, daily rate, currency).
EXTERNAL_CONTRACTORS: list[tuple[str, str, str, float, str]] = [
    ("Consultant Temenos (1)", "senior_developer", "Temenos", 950.0, "EUR"),
    ("Consultant Temenos (2)", "architect", "Temenos", 1100.0, "EUR"),
    ("Expert SWIFT ISO 20022", "architect", "Cabinet Paris", 1050.0, "EUR"),
    ("Consultant monétique", "analyst", "HPS", 6500.0, "MAD"),
    ("Développeur ESN (1)", "developer", "ESN Casablanca", 2800.0, "MAD"),
    ("Développeur ESN (2)", "developer", "ESN Casablanca", 2800.0, "MAD"),
    ("Développeur ESN (3)", "developer", "ESN Rabat", 2700.0, "MAD"),
    ("Testeur ESN", "tester", "ESN Rabat", 2300.0, "MAD"),
    ("Auditeur PCI-DSS (QSA)", "security", "Cabinet QSA", 1200.0, "EUR"),
    ("Consultant data", "data_engineer", "ESN Casablanca", 4200.0, "MAD"),
    ("Consultant cloud", "sysadmin", "Intégrateur cloud", 5500.0, "MAD"),
    ("Consultant conformité", "compliance", "Cabinet Casablanca", 6000.0, "MAD"),
]


@dataclass(frozen=True)
class VendorTeam:
    """A team an ESN (IT services firm) provides under a framework contract, booked as one resource.

    The team is one :class:`Resource` whose 100 % capacity is the whole team
    and whose daily rate is the team's (``headcount`` × ``daily_rate_per_person``):
    one person of the team working full time on a task is an assignment of
    ``1 / headcount`` units, priced as one person-day.
    """

    name: str
    role_key: str
    firm: str
    headcount: int
    daily_rate_per_person: float
    currency: str = "MAD"


# Development and testing are mostly outsourced to the ESN framework contracts of the subsidiary.
VENDOR_TEAMS: list[VendorTeam] = [
    VendorTeam("Centre de services ESN Casablanca – développement", "developer", "ESN Casablanca", 40, 2800.0),
    VendorTeam("Centre de services ESN Rabat – développement", "developer", "ESN Rabat", 40, 2700.0),
    VendorTeam("Plateau offshore ESN Tanger – développement", "developer", "ESN Tanger", 20, 2600.0),
    VendorTeam("Équipe d'experts ESN Casablanca – développement senior", "senior_developer",
               "ESN Casablanca", 20, 3600.0),
    VendorTeam("Équipe d'experts ESN Rabat – développement senior", "senior_developer", "ESN Rabat", 10, 3500.0),
    VendorTeam("Centre de recette ESN Rabat – tests", "tester", "ESN Rabat", 10, 2300.0),
    VendorTeam("Centre de recette ESN Casablanca – tests", "tester", "ESN Casablanca", 10, 2400.0),
    VendorTeam("Cabinet AMOA Casablanca – analyse métier", "analyst", "Cabinet AMOA Casablanca", 10, 4000.0),
    VendorTeam("Infogérance ESN Casablanca – système et réseau", "sysadmin", "ESN Casablanca", 5, 3200.0),
    VendorTeam("Organisme de formation Casablanca – formateurs", "trainer", "Organisme de formation", 4, 2400.0),
]


def vendor_team_code(number: int) -> str:
    """The resource code of the ``number``-th vendor team (1-based)."""
    return f"ESN-{number:02d}"


def vendor_headcounts() -> dict[str, int]:
    """The headcount of every vendor team, by resource code."""
    return {vendor_team_code(n): team.headcount for n, team in enumerate(VENDOR_TEAMS, start=1)}


def shared_expert_codes() -> set[str]:
    """The resource codes of the :data:`SHARED_EXPERTS`."""
    first = len(INTERNAL_STAFF) + 1
    return {f"RES-{number:03d}" for number in range(first, first + len(SHARED_EXPERTS))}


def resource_pool() -> list[Resource]:
    """The people of the subsidiary, its contractors and its vendor teams, one :class:`Resource` each."""
    pool: list[Resource] = []
    for number, (first, last, role_key) in enumerate(INTERNAL_STAFF + SHARED_EXPERTS, start=1):
        role = ROLES[role_key]
        pool.append(Resource(
            code=f"RES-{number:03d}", name=f"{first} {last}", role=role.title,
            type=ResourceType.INTERNAL, department=role.department,
            daily_rate=role.daily_rate_mad, currency="MAD",
        ))
    for number, (name, role_key, firm, rate, currency) in enumerate(EXTERNAL_CONTRACTORS, start=1):
        pool.append(Resource(
            code=f"EXT-{number:02d}", name=name, role=ROLES[role_key].title,
            type=ResourceType.EXTERNAL, department=f"Prestataire – {firm}",
            daily_rate=rate, currency=currency,
        ))
    for number, team in enumerate(VENDOR_TEAMS, start=1):
        pool.append(Resource(
            code=vendor_team_code(number), name=f"{team.name} ({team.headcount} ETP)",
            role=ROLES[team.role_key].title, type=ResourceType.EXTERNAL,
            department=f"Prestataire – {team.firm}",
            daily_rate=team.headcount * team.daily_rate_per_person, currency=team.currency,
        ))
    return pool


def role_key_of(resource: Resource) -> str:
    """The role key of a pool resource, found from its French title."""
    for key, role in ROLES.items():
        if role.title == resource.role:
            return key
    raise KeyError(resource.role)


@dataclass(frozen=True)
class Health:
    """How a project is doing at the status date, decided up front.

    ``duration_factor`` stretches the work done so far (1.0 = on plan),
    ``cost_factor`` multiplies its cost (1.0 = on budget), ``start_delay_days``
    delays the actual start of the project in working days.
    ``self_assessed`` is the RAG the project manager reports, which may be
    kinder than the facts.  ``restaffed`` says the resource managers moved the
    project's people to its re-forecast dates once it slipped; otherwise the
    work already started stays staffed on the baseline plan, and its slippage
    collides with the people's later bookings.
    """

    rag: Rag
    duration_factor: float = 1.0
    cost_factor: float = 1.0
    start_delay_days: int = 0
    self_assessed: Rag | None = None
    restaffed: bool = False


GREEN = Health(Rag.GREEN, 1.0, 1.0)
AMBER_LATE = Health(Rag.AMBER, 1.03, 1.03, 2)
AMBER_COST = Health(Rag.AMBER, 1.01, 1.07)
RED_LATE = Health(Rag.RED, 1.35, 1.12, 10)
RED_LATE_COST = Health(Rag.RED, 1.30, 1.28, 10, restaffed=True)
RED_COST = Health(Rag.RED, 1.06, 1.30)
AMBER_LATE_SAYS_GREEN = Health(Rag.AMBER, 1.035, 1.03, 0, self_assessed=Rag.GREEN)


@dataclass(frozen=True)
class ProjectSpec:
    """One project of the demo: identity, shape of its plan and its health."""

    code: str
    name: str
    short_name: str  # used in file names
    programme: str
    business_line: str
    sponsor: str
    methodology: Methodology
    target_tasks: int
    start: date
    health: Health = GREEN
    currency: str = "MAD"
    priority: int = 3
    ev_method: EvMethod = EvMethod.PERCENT_COMPLETE
    specialists: tuple[str, ...] = ()  # extra role keys the project needs
    contractors: tuple[str, ...] = ()  # codes of external contractors on the project
    modules: tuple[str, ...] = field(default=())  # names of the work packages built
    description: str = ""


PROJECTS: list[ProjectSpec] = [
    ProjectSpec("PRJ-01", "Migration du core banking vers Temenos T24", "Core_Banking", "Transformation SI",
                "Banque de détail", "Directeur général adjoint", Methodology.CLASSIC, 380, date(2025, 3, 3),
                RED_LATE_COST, priority=1, specialists=("dba", "architect", "security"),
                contractors=("EXT-01", "EXT-02", "EXT-05", "EXT-06"),
                modules=("Comptes et dépôts", "Crédits", "Comptabilité générale", "Clients (CIF)",
                         "Moyens de paiement", "Engagements hors bilan", "Reprise des données",
                         "Interfaces satellites", "Habilitations", "Éditique"),
                description="Remplacement du système central de tenue de comptes par Temenos T24."),
    ProjectSpec("PRJ-02", "Nouvelle application de banque mobile", "Banque_Mobile", "Canaux digitaux",
                "Banque de détail", "Directrice de la banque digitale", Methodology.AGILE, 170, date(2026, 1, 5),
                AMBER_LATE, priority=1, specialists=("ux", "security"), contractors=("EXT-07",),
                modules=("Consultation des comptes", "Virements", "Paiement de factures", "Cartes",
                         "Notifications", "Enrôlement"),
                description="Application iOS/Android de banque au quotidien, adossée à la passerelle API."),
    ProjectSpec("PRJ-03", "Plateforme LAB/FT : filtrage et KYC", "AML_KYC", "Conformité réglementaire",
                "Conformité", "Directeur conformité", Methodology.CLASSIC, 180, date(2025, 9, 1),
                RED_LATE, priority=1, specialists=("compliance", "data_engineer"), contractors=("EXT-12",),
                modules=("Filtrage des listes", "Profilage client", "Scénarios de détection",
                         "Déclarations de soupçon", "Connaissance client (KYC)"),
                description="Lutte contre le blanchiment et le financement du terrorisme."),
    ProjectSpec("PRJ-04", "Reporting réglementaire Bank Al-Maghrib", "Reporting_BAM", "Conformité réglementaire",
                "Finance", "Directeur financier", Methodology.CLASSIC, 120, date(2026, 2, 2),
                AMBER_LATE, priority=2, specialists=("data_engineer", "compliance"),
                modules=("États prudentiels", "Ratios de liquidité", "Risque de crédit", "Contrôles"),
                description="Automatisation des états réglementaires transmis à Bank Al-Maghrib."),
    ProjectSpec("PRJ-05", "Paiements ISO 20022 (migration SWIFT MX)", "ISO20022", "Transformation SI",
                "Opérations", "Directeur des opérations", Methodology.HYBRID, 220, date(2026, 3, 2),
                GREEN, currency="EUR", priority=1, specialists=("architect",), contractors=("EXT-03",),
                modules=("Messages pacs", "Messages camt", "Virements SIMT", "Annuaire BIC"),
                description="Migration des flux de paiement vers les messages ISO 20022."),
    ProjectSpec("PRJ-06", "SOC et cybersécurité", "SOC_Cyber", "Sécurité",
                "Sécurité des SI", "RSSI groupe", Methodology.CLASSIC, 140, date(2026, 1, 12),
                GREEN, priority=1, specialists=("security", "sysadmin"),
                modules=("SIEM", "Détection des intrusions", "Gestion des vulnérabilités", "Réponse à incident"),
                description="Centre opérationnel de sécurité 24/7."),
    ProjectSpec("PRJ-07", "Plateforme data et BI", "Data_Platform", "Data",
                "Direction générale", "Chief data officer", Methodology.HYBRID, 200, date(2025, 11, 3),
                AMBER_COST, priority=2, specialists=("data_engineer", "architect"), contractors=("EXT-10",),
                modules=("Ingestion", "Lac de données", "Entrepôt", "Tableaux de bord", "Gouvernance des données"),
                description="Socle data unifié et restitution décisionnelle."),
    ProjectSpec("PRJ-08", "Modernisation du réseau d'agences", "Reseau_Agences", "Infrastructure",
                "Réseau", "Directeur du réseau", Methodology.CLASSIC, 90, date(2026, 2, 16),
                GREEN, specialists=("sysadmin",), modules=("Agences Casablanca", "Agences Rabat", "Agences Nord"),
                description="Renouvellement des équipements réseau et télécom des agences."),
    ProjectSpec("PRJ-09", "CRM relation client", "CRM", "Canaux digitaux",
                "Banque de détail", "Directeur marketing", Methodology.AGILE, 150, date(2026, 3, 16),
                GREEN, specialists=("ux",), contractors=("EXT-05",),
                modules=("Vue 360", "Campagnes", "Réclamations", "Opportunités"),
                description="Outil de gestion de la relation client pour les conseillers."),
    ProjectSpec("PRJ-10", "Entrée en relation digitale", "Onboarding_Digital", "Canaux digitaux",
                "Banque de détail", "Directrice de la banque digitale", Methodology.AGILE, 110, date(2026, 4, 6),
                GREEN, priority=2, specialists=("ux", "compliance"), contractors=("EXT-07",),
                modules=("Ouverture de compte", "Signature électronique", "Vérification d'identité"),
                description="Ouverture de compte 100 % en ligne."),
    ProjectSpec("PRJ-11", "Monétique : émission de cartes", "Cartes_Emission", "Monétique",
                "Monétique", "Directeur monétique", Methodology.CLASSIC, 130, date(2025, 10, 6),
                RED_COST, currency="EUR", priority=2, specialists=("security",), contractors=("EXT-04",),
                modules=("Gestion des porteurs", "Personnalisation", "Autorisations", "3-D Secure"),
                description="Nouvelle plateforme d'émission de cartes bancaires."),
    ProjectSpec("PRJ-12", "Provisionnement IFRS 9", "IFRS9", "Conformité réglementaire",
                "Finance", "Directeur financier", Methodology.CLASSIC, 100, date(2026, 1, 19),
                GREEN, specialists=("data_engineer",), ev_method=EvMethod.FIFTY_FIFTY,
                modules=("Segmentation", "Modèles ECL", "Comptabilisation"),
                description="Calcul des pertes de crédit attendues selon IFRS 9."),
    ProjectSpec("PRJ-13", "GED et dématérialisation", "GED", "Efficacité opérationnelle",
                "Opérations", "Directeur des opérations", Methodology.CLASSIC, 70, date(2026, 3, 2),
                GREEN, modules=("Numérisation", "Archivage légal"),
                description="Gestion électronique des documents du back-office."),
    ProjectSpec("PRJ-14", "Passerelle API (API gateway)", "API_Gateway", "Transformation SI",
                "Architecture", "DSI", Methodology.AGILE, 80, date(2025, 11, 17),
                GREEN, priority=1, specialists=("architect", "security"), modules=("Socle", "API comptes", "API paiements"),
                description="Exposition sécurisée des services bancaires par API."),
    ProjectSpec("PRJ-15", "Landing zone cloud", "Cloud_Landing_Zone", "Infrastructure",
                "Architecture", "DSI", Methodology.CLASSIC, 60, date(2026, 1, 5),
                GREEN, specialists=("sysadmin", "security"), contractors=("EXT-11",), modules=("Réseau et sécurité",),
                description="Fondations du cloud privé et public de la banque."),
    ProjectSpec("PRJ-16", "Mise en conformité PCI-DSS", "PCI_DSS", "Sécurité",
                "Monétique", "RSSI groupe", Methodology.CLASSIC, 75, date(2026, 2, 9),
                AMBER_LATE, specialists=("security",), contractors=("EXT-09",), modules=("Périmètre CDE", "Chiffrement"),
                description="Certification PCI-DSS v4 du périmètre cartes."),
    ProjectSpec("PRJ-17", "Site de secours (PRA)", "Site_Secours_PRA", "Infrastructure",
                "Production", "Directeur de la production", Methodology.CLASSIC, 110, date(2025, 12, 1),
                AMBER_LATE_SAYS_GREEN, specialists=("sysadmin", "dba"), modules=("Salle informatique", "Réplication", "Tests de bascule"),
                description="Plan de reprise d'activité sur un second centre de données."),
    ProjectSpec("PRJ-18", "SIRH : système de gestion RH", "SIRH", "Efficacité opérationnelle",
                "Ressources humaines", "DRH", Methodology.CLASSIC, 85, date(2026, 2, 2),
                GREEN, ev_method=EvMethod.ZERO_HUNDRED, modules=("Paie", "Gestion des talents"),
                description="Remplacement de l'outil de paie et de gestion du personnel."),
    ProjectSpec("PRJ-19", "Trésorerie et salle des marchés", "Tresorerie", "Marchés",
                "Salle des marchés", "Directeur de la trésorerie", Methodology.CLASSIC, 95, date(2026, 1, 12),
                GREEN, currency="EUR", contractors=("EXT-03",), modules=("Front office", "Back office", "Risques de marché"),
                description="Progiciel de trésorerie front-to-back."),
    ProjectSpec("PRJ-20", "Recouvrement amiable et contentieux", "Recouvrement", "Efficacité opérationnelle",
                "Risques", "Directeur des risques", Methodology.HYBRID, 100, date(2026, 2, 23),
                GREEN, modules=("Relances", "Contentieux", "Tableaux de bord"),
                description="Outil de gestion du recouvrement des créances."),
    ProjectSpec("PRJ-21", "Crédit à la consommation en ligne", "Credit_Conso_Digital", "Canaux digitaux",
                "Banque de détail", "Directeur des crédits", Methodology.AGILE, 60, date(2026, 7, 6),
                GREEN, specialists=("ux",), modules=("Simulation", "Décision"),
                description="Demande et accord de crédit en ligne."),
    ProjectSpec("PRJ-22", "Lutte contre la fraude monétique", "Fraude_Monetique", "Monétique",
                "Monétique", "Directeur monétique", Methodology.HYBRID, 90, date(2026, 3, 9),
                GREEN, specialists=("data_engineer", "security"), modules=("Règles", "Scoring"),
                description="Détection de la fraude cartes en temps réel."),
    ProjectSpec("PRJ-23", "Renouvellement du parc poste de travail", "Postes_Travail", "Infrastructure",
                "Production", "Directeur de la production", Methodology.CLASSIC, 30, date(2026, 4, 6),
                GREEN, ev_method=EvMethod.WEIGHTED_MILESTONES, specialists=("sysadmin",), modules=("Déploiement",),
                description="Remplacement de 1 200 postes de travail."),
    ProjectSpec("PRJ-24", "Gestion des identités et des accès (IAM)", "IAM", "Sécurité",
                "Sécurité des SI", "RSSI groupe", Methodology.CLASSIC, 55, date(2026, 4, 20),
                GREEN, specialists=("security",), modules=("Annuaire", "Revue des habilitations"),
                description="Centralisation des habilitations et revues périodiques."),
    ProjectSpec("PRJ-25", "Portail de pilotage de la direction", "Portail_Direction", "Data",
                "Direction générale", "Secrétaire général", Methodology.AGILE, 40, date(2026, 8, 3),
                GREEN, modules=("Indicateurs",),
                description="Tableaux de bord mensuels du comité de direction."),
]


@dataclass(frozen=True)
class DependencySpec:
    """An inter-project dependency: a phase of ``project`` waits for a milestone of ``on_project``.

    ``waiting_phase`` and ``on_milestone`` are plan keys ("build", "test",
    "deployment"; "gate_design", "gate_build", "golive", …).
    """

    project: str
    waiting_phase: str
    on_project: str
    on_milestone: str
    description: str


DEPENDENCIES: list[DependencySpec] = [
    DependencySpec("PRJ-02", "deployment", "PRJ-14", "golive",
                   "La banque mobile ne peut démarrer qu'après la mise en production de la passerelle API."),
    DependencySpec("PRJ-05", "test", "PRJ-01", "gate_design",
                   "La recette ISO 20022 nécessite la conception validée du nouveau core banking."),
    DependencySpec("PRJ-10", "deployment", "PRJ-03", "gate_build",
                   "L'entrée en relation digitale s'appuie sur le filtrage KYC de la plateforme LAB/FT."),
    DependencySpec("PRJ-07", "deployment", "PRJ-15", "golive",
                   "La plateforme data est hébergée sur la landing zone cloud."),
    DependencySpec("PRJ-22", "test", "PRJ-11", "gate_build",
                   "Les règles anti-fraude se testent sur la nouvelle plateforme d'émission."),
]
