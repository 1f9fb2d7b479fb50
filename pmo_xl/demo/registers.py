"""Risks, issues, actions, decisions and the status report of a demo project.

The texts are those a project manager of the subsidiary would write, in
French; which ones a project gets, their owners and dates come from the
project's own random generator, so the registers are reproducible.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from pmo_xl.model import (
    Action,
    Committee,
    Decision,
    DecisionStatus,
    Issue,
    ItemStatus,
    Rag,
    Risk,
    StatusReport,
)

RISKS = [
    ("Indisponibilité des experts métier pendant la recette", "Ressources",
     "Planifier les ateliers avec les directions métier et obtenir leur engagement en COPIL"),
    ("Retard de livraison de l'éditeur", "Fournisseur",
     "Suivi hebdomadaire de l'éditeur et application des pénalités contractuelles"),
    ("Qualité insuffisante des données à reprendre", "Données",
     "Lancer un chantier de nettoyage des données en amont de la reprise"),
    ("Évolution de la réglementation Bank Al-Maghrib en cours de projet", "Réglementaire",
     "Veille réglementaire conjointe avec la conformité"),
    ("Dépassement du budget de prestations externes", "Financier",
     "Revue mensuelle des consommations et arbitrage en COPIL"),
    ("Performances insuffisantes sous charge", "Technique",
     "Anticiper la campagne de tests de performance"),
    ("Vulnérabilités découvertes lors des tests d'intrusion", "Sécurité",
     "Revue de sécurité dès la conception et correction au fil de l'eau"),
    ("Résistance au changement des utilisateurs", "Conduite du changement",
     "Plan de communication et formation des utilisateurs relais"),
    ("Dépendance à un autre projet du portefeuille", "Planification",
     "Suivi des jalons inter-projets en comité PMO"),
    ("Départ d'une ressource clé", "Ressources", "Binômage et documentation systématique"),
    ("Indisponibilité des environnements de recette", "Technique",
     "Réserver les environnements et automatiser leur mise à disposition"),
    ("Sous-estimation des charges de développement", "Planification",
     "Réestimation à chaque fin de lot et marge de contingence"),
    ("Interruption de service lors de la bascule", "Exploitation",
     "Répétitions de bascule et plan de retour arrière validé"),
    ("Conflit de ressources partagées avec d'autres projets", "Ressources",
     "Arbitrage des affectations en comité PMO"),
]

ISSUES = [
    ("Retard de mise à disposition de l'environnement de recette", "Environnement livré avec deux semaines de retard"),
    ("Anomalies bloquantes en recette", "Correctifs livrés par l'éditeur"),
    ("Absence prolongée du référent métier", "Suppléant désigné par la direction métier"),
    ("Licences non reçues", "Bon de commande débloqué par les achats"),
    ("Incident sur l'interface avec le core banking", "Correctif de l'interface déployé"),
    ("Écart entre les spécifications et le besoin exprimé", "Avenant aux spécifications validé"),
    ("Saturation de l'équipe de développement", "Renfort d'un développeur de l'ESN"),
]

ACTIONS = [
    "Relancer l'éditeur sur la livraison du correctif",
    "Organiser un atelier de validation des spécifications",
    "Mettre à jour le planning détaillé",
    "Préparer le support du COPIL",
    "Valider la stratégie de reprise des données",
    "Obtenir l'avis de la conformité",
    "Commander les licences complémentaires",
    "Renforcer l'équipe de recette",
    "Réaliser la revue de sécurité",
    "Planifier la formation des utilisateurs clés",
    "Mettre à jour le registre des risques",
    "Consolider le reste à faire avec les équipes",
    "Préparer le dossier d'exploitation",
    "Arbitrer les demandes d'évolution en attente",
]

DECISIONS = [
    ("Validation de la note de cadrage", Committee.COPIL, "Lancement de la phase de conception"),
    ("Choix de la solution éditeur", Committee.COPIL, "Engagement contractuel sur cinq ans"),
    ("Arbitrage du périmètre du premier lot", Committee.COPROJ, "Deux fonctionnalités reportées au lot suivant"),
    ("Choix de l'architecture d'hébergement", Committee.TECH, "Hébergement sur le centre de données principal"),
    ("Adoption de l'authentification forte", Committee.TECH, "Impact sur les parcours clients"),
    ("Recours à une ESN pour renforcer l'équipe", Committee.COPROJ, "Coût supplémentaire de prestations"),
    ("Validation du plan de recette", Committee.COPROJ, "Démarrage de la préparation des cas de test"),
    ("Gel des évolutions pendant la bascule", Committee.TECH, "Aucune mise en production pendant trois semaines"),
    ("Demande de budget complémentaire", Committee.COPIL, "Révision du budget approuvé"),
    ("Report de la date de mise en production", Committee.COPIL, "Nouveau planning à présenter"),
]

HELP_NEEDED = {
    Rag.RED: [
        "Arbitrage du COPIL sur le budget complémentaire et la nouvelle date de mise en production.",
        "Escalade auprès de la direction de l'éditeur sur les retards de livraison.",
    ],
    Rag.AMBER: [
        "Renfort de deux testeurs pendant la campagne de recette.",
        "Disponibilité accrue des experts métier pour la validation des spécifications.",
    ],
}


def _day_between(rng: random.Random, first: date, last: date) -> date:
    span = max(0, (last - first).days)
    return first + timedelta(days=rng.randint(0, span))


def risks(rng: random.Random, rag: Rag, owners: list[str], budget: float, status_date: date) -> list[Risk]:
    count = {Rag.RED: 9, Rag.AMBER: 7}.get(rag, rng.randint(4, 6))
    chosen = rng.sample(RISKS, count)
    result = []
    for number, (title, category, response) in enumerate(chosen, start=1):
        severe = rag is Rag.RED and number <= 3
        # a healthy project's risks stay moderate (P×I at most 9); troubled ones carry heavier ones
        top = 3 if rag is Rag.GREEN else 4
        probability = rng.randint(3, 5) if severe else rng.randint(1, top)
        impact = rng.randint(4, 5) if severe else rng.randint(1, top)
        status = ItemStatus.CLOSED if number > count - 1 and rng.random() < 0.5 else ItemStatus.OPEN
        result.append(Risk(
            id=f"R{number:02d}", title=title, probability=probability, impact=impact,
            owner=rng.choice(owners), status=status, category=category, response=response,
            due_date=status_date + timedelta(days=rng.randint(10, 120)),
            exposure=round(budget * rng.uniform(0.005, 0.06), -3),
        ))
    return result


def issues(rng: random.Random, rag: Rag, owners: list[str], start: date, status_date: date) -> list[Issue]:
    count = {Rag.RED: 5, Rag.AMBER: 3}.get(rag, rng.randint(1, 2))
    result = []
    for number, (title, resolution) in enumerate(rng.sample(ISSUES, count), start=1):
        raised = _day_between(rng, start, status_date - timedelta(days=5))
        closed = number == 1 and count > 1
        result.append(Issue(
            id=f"P{number:02d}", title=title, severity=rng.randint(3, 5) if rag is Rag.RED else rng.randint(1, 4),
            owner=rng.choice(owners), status=ItemStatus.CLOSED if closed else ItemStatus.OPEN,
            raised_on=raised, due_date=raised + timedelta(days=rng.randint(10, 45)),
            resolution=resolution if closed else None,
        ))
    return result


def decisions(rng: random.Random, owners: list[str], start: date, status_date: date) -> list[Decision]:
    count = rng.randint(3, 6)
    chosen = [DECISIONS[0]] + rng.sample(DECISIONS[1:], count - 1)
    result = []
    for number, (title, committee, impact) in enumerate(chosen, start=1):
        pending = number == count and number > 2
        decided = None if pending else _day_between(rng, start, status_date - timedelta(days=3))
        status = DecisionStatus.PROPOSED if pending else rng.choice(
            [DecisionStatus.APPROVED, DecisionStatus.IMPLEMENTED, DecisionStatus.IMPLEMENTED])
        if number == 1:
            decided, status = start + timedelta(days=14), DecisionStatus.IMPLEMENTED
        decision = Decision(
            id=f"D{number:02d}", title=title, committee=committee, decided_on=decided, status=status,
            owner=rng.choice(owners), impact=impact,
            due_date=(decided or status_date) + timedelta(days=rng.randint(15, 60)),
        )
        case_rng = random.Random(f"{title}|{decision.owner}|{decision.due_date}")  # leaves ``rng``'s stream as it was
        if pending and title in DECISION_CASES and case_rng.random() < 0.7:
            _fill_case(decision, DECISION_CASES[title], case_rng)
        result.append(decision)
    return result


#: The case a project manager writes for a decision request: context, options, recommendation,
#: and the impact on cost (a share of 1 MAD million), schedule (working days) and scope.
DECISION_CASES = {
    "Choix de la solution éditeur": (
        "Deux éditeurs restent en lice après l'appel d'offres.",
        "A. Éditeur international, licence perpétuelle\nB. Éditeur local, abonnement annuel",
        "Option B : coût total sur cinq ans plus bas et support sur place", 0.45, 0, "Aucun changement"),
    "Demande de budget complémentaire": (
        "Le coût réel dépasse le budget : prestations de recette plus longues que prévu.",
        "A. Budget complémentaire\nB. Réduction du périmètre du lot 2\nC. Report du lot 2",
        "Option A, limitée au lot en cours", 0.8, 0, "Aucun changement"),
    "Report de la date de mise en production": (
        "La recette révèle des anomalies bloquantes sur les flux de paiement.",
        "A. Report de quatre semaines\nB. Mise en production partielle",
        "Option A : report de quatre semaines", 0.25, 20, "Lot complet maintenu"),
    "Arbitrage du périmètre du premier lot": (
        "La capacité de l'équipe ne permet pas de livrer tout le lot 1 à la date prévue.",
        "A. Reporter deux fonctionnalités au lot 2\nB. Renforcer l'équipe",
        "Option A", 0, 0, "Deux fonctionnalités reportées au lot 2"),
}


def _fill_case(decision: Decision, case: tuple, rng: random.Random) -> None:
    context, options, recommendation, cost_share, delay_days, scope = case
    decision.context, decision.options, decision.recommendation = context, options, recommendation
    decision.cost_impact = float(round(cost_share * rng.uniform(0.8, 1.2) * 1_000_000, -3)) if cost_share else 0.0
    decision.schedule_impact_days = float(delay_days)
    decision.scope_impact = scope


def actions(rng: random.Random, owners: list[str], start: date, status_date: date,
            decision_list: list[Decision]) -> list[Action]:
    count = rng.randint(5, 12)
    result = []
    for number, title in enumerate(rng.sample(ACTIONS, count), start=1):
        raised = _day_between(rng, max(start, status_date - timedelta(days=120)), status_date - timedelta(days=2))
        due = raised + timedelta(days=rng.randint(7, 40))
        roll = rng.random()
        if roll < 0.45:
            status, closed = ItemStatus.CLOSED, min(due, status_date) - timedelta(days=rng.randint(0, 5))
            closed = max(closed, raised)
        elif roll < 0.8:
            status, closed = ItemStatus.IN_PROGRESS, None
        else:
            status, closed = ItemStatus.OPEN, None
        if closed is None and rng.random() < 0.7:
            # most running actions are still within their deadline; the rest are overdue
            due = status_date + timedelta(days=rng.randint(3, 45))
        decision = rng.choice(decision_list) if decision_list and rng.random() < 0.3 else None
        result.append(Action(
            id=f"A{number:03d}", title=title, owner=rng.choice(owners), due_date=due, status=status,
            committee=rng.choice(list(Committee)), raised_on=raised, closed_on=closed,
            decision_id=decision.id if decision else None,
        ))
    return result


def _bullets(lines: list[str]) -> str | None:
    return "\n".join(f"- {line}" for line in lines) if lines else None


def status_report(period: str, status_date: date, rag: Rag, self_assessed: Rag, late: bool, over_budget: bool,
                  achievements: list[str], next_steps: list[str], risk_rag: Rag,
                  rng: random.Random) -> StatusReport:
    """The project manager's monthly statement, with the RAG as they assess it."""
    help_lines = HELP_NEEDED.get(self_assessed, [])
    return StatusReport(
        period=period, status_date=status_date, overall=self_assessed,
        schedule=(rag if late and self_assessed is not Rag.GREEN else Rag.GREEN),
        cost=(rag if over_budget and self_assessed is not Rag.GREEN else Rag.GREEN),
        scope=Rag.GREEN if rng.random() < 0.8 else Rag.AMBER,
        risk=risk_rag,
        achievements=_bullets(achievements) or "- Travaux de la période conformes au planning",
        next_steps=_bullets(next_steps) or "- Poursuite des travaux en cours",
        help_needed=" ".join(help_lines[:1]) if help_lines else "Aucun besoin particulier.",
    )
