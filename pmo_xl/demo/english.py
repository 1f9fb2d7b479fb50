"""The English wording of the demo portfolio.

The demo is generated in French (:mod:`pmo_xl.demo.catalogue`, plans,
registers, governance); :func:`english_projects` and
:func:`english_governance` give the same portfolio worded in English for
``pmo-xl demo --lang en``: same codes, dates, figures and people, every name,
title and narrative in English.  A text is looked up whole in
:data:`PHRASES`, else cut at its separators (lines, list dashes, " – ",
" : ", ", ", "; ") and each part translated; the numbered names of plans
(lots, sprints, releases) follow :data:`PATTERNS`.
"""

from __future__ import annotations

import dataclasses
import re
from enum import Enum
from typing import Callable

from pmo_xl.io.governance_sheets import GovernanceSetup
from pmo_xl.model import ProjectData

PHRASES: dict[str, str] = {
    # committees and calendar
    "1er lundi du mois": "1st Monday of the month", "2e mardi du mois": "2nd Tuesday of the month",
    "3e mercredi du mois": "3rd Wednesday of the month", "comité technique": "Technical committee",
    "Siège": "Head office", "salle du conseil": "board room", "Salle de réunion PMO": "PMO meeting room",
    "Salle technique": "Technical room", "Président": "Chair", "directeur général adjoint": "deputy CEO",
    "architecte en chef": "chief architect", "Directrice des risques": "Chief risk officer",
    # gates and changes
    "Note d'opportunité": "Opportunity note", "Charte projet": "Project charter", "Budget approuvé": "Approved budget",
    "Dossier de conception": "Design file", "Plan de recette": "Acceptance test plan",
    "PV de recette": "Acceptance certificate", "Rapport de tests de sécurité": "Security test report",
    "Rapport de clôture": "Closure report", "PV de recette de la release": "Release acceptance certificate",
    "Renforcer l'équipe de recette avant la bascule": "Strengthen the test team before the cutover",
    "Ajout du lot SEPA Instant au périmètre": "SEPA Instant work package added to the scope",
    "Lot SEPA Instant": "SEPA Instant work package",
    "Report de la bascule après la clôture annuelle": "Cutover postponed after the year-end closing",
    "Ajout d'un parcours d'ouverture de compte pour les mineurs": "Account opening journey for minors added",
    "Nouveau parcours": "New journey",
    # committee registers
    "Présenter le plan de rattrapage du core banking": "Present the core banking recovery plan",
    "Chiffrer le renfort de l'équipe de recette": "Cost the reinforcement of the test team",
    "Consolider le budget 2027 du portefeuille": "Consolidate the portfolio's 2027 budget",
    "Valider la feuille de route des canaux digitaux": "Approve the digital channels roadmap",
    "Revue d'architecture des flux ISO 20022": "Architecture review of the ISO 20022 flows",
    "Recourir à un intégrateur pour la reprise des données": "Use an integrator for the data migration",
    "Arbitrer la priorité 2027 entre AML et reporting BAM":
        "Set the 2027 priority between AML and BAM reporting",
    "Adopter le socle d'API du groupe": "Adopt the group's API platform",
    # roles and departments
    "Chef de projet": "Project manager", "Architecte SI": "IT architect", "Analyste métier": "Business analyst",
    "Développeur": "Developer", "Développeur senior": "Senior developer", "Testeur": "Tester",
    "Expert sécurité": "Security expert", "Administrateur de bases de données": "Database administrator",
    "Ingénieur système et réseau": "Systems and network engineer", "Ingénieur data": "Data engineer",
    "Chargé de conformité": "Compliance officer", "Formateur": "Trainer", "Designer UX": "UX designer",
    "Direction des Projets (PMO)": "Project Management Office (PMO)", "Architecture": "Architecture",
    "Études et Développement": "Software Development", "Qualité et Recette": "Quality and Testing",
    "Sécurité des SI": "Information Security", "Infrastructure et Production": "Infrastructure and Operations",
    "Data et BI": "Data and BI", "Métier – Banque de détail": "Business – Retail banking", "Métier": "Business",
    "Conformité": "Compliance", "Ressources humaines": "Human resources", "Prestataire": "Contractor",
    "Consultant Temenos (1)": "Temenos consultant (1)", "Consultant Temenos (2)": "Temenos consultant (2)",
    "Expert SWIFT ISO 20022": "SWIFT ISO 20022 expert", "Consultant monétique": "Card payments consultant",
    "Développeur ESN (1)": "IT services developer (1)", "Développeur ESN (2)": "IT services developer (2)",
    "Développeur ESN (3)": "IT services developer (3)", "Testeur ESN": "IT services tester",
    "Auditeur PCI-DSS (QSA)": "PCI-DSS auditor (QSA)", "Consultant data": "Data consultant",
    "Consultant cloud": "Cloud consultant", "Consultant conformité": "Compliance consultant",
    "Cabinet Paris": "Paris consultancy", "Cabinet QSA": "QSA firm", "Cabinet Casablanca": "Casablanca consultancy",
    "Cabinet AMOA Casablanca": "Casablanca business analysis firm", "Intégrateur cloud": "Cloud integrator",
    "Organisme de formation": "Training provider", "Organisme de formation Casablanca": "Casablanca training provider",
    "ESN Casablanca": "IT services Casablanca", "ESN Rabat": "IT services Rabat", "ESN Tanger": "IT services Tangier",
    "Centre de services ESN Casablanca": "IT services centre Casablanca",
    "Centre de services ESN Rabat": "IT services centre Rabat",
    "Plateau offshore ESN Tanger": "Offshore IT services team Tangier",
    "Équipe d'experts ESN Casablanca": "IT services expert team Casablanca",
    "Équipe d'experts ESN Rabat": "IT services expert team Rabat",
    "Centre de recette ESN Rabat": "IT services test centre Rabat",
    "Centre de recette ESN Casablanca": "IT services test centre Casablanca",
    "Infogérance ESN Casablanca": "Managed services Casablanca",
    "développement": "development", "développement senior": "senior development", "tests": "testing",
    "analyse métier": "business analysis", "système et réseau": "systems and network", "formateurs": "trainers",
    # programmes, business lines, sponsors
    "Transformation SI": "IT transformation", "Canaux digitaux": "Digital channels",
    "Conformité réglementaire": "Regulatory compliance", "Sécurité": "Security", "Data": "Data",
    "Infrastructure": "Infrastructure", "Monétique": "Card payments", "Efficacité opérationnelle": "Operational efficiency",
    "Marchés": "Markets", "Banque de détail": "Retail banking", "Finance": "Finance", "Opérations": "Operations",
    "Direction générale": "Executive management", "Réseau": "Branch network", "Production": "IT operations",
    "Salle des marchés": "Trading room", "Risques": "Risk", "Directeur général adjoint": "Deputy CEO",
    "Directrice de la banque digitale": "Head of digital banking", "Directeur conformité": "Chief compliance officer",
    "Directeur financier": "Chief financial officer", "Directeur des opérations": "Chief operating officer",
    "RSSI groupe": "Group CISO", "RSSI": "CISO", "Chief data officer": "Chief data officer",
    "Directeur du réseau": "Head of the branch network", "Directeur marketing": "Chief marketing officer",
    "Directeur monétique": "Head of card payments", "DSI": "CIO", "Directeur de la production": "Head of IT operations",
    "DRH": "HR director", "Directeur de la trésorerie": "Treasurer", "Directeur des risques": "Chief risk officer",
    "Directeur des crédits": "Head of lending", "Secrétaire général": "Company secretary",
    # projects
    "Migration du core banking vers Temenos T24": "Core banking migration to Temenos T24",
    "Nouvelle application de banque mobile": "New mobile banking app",
    "Plateforme LAB/FT": "AML/CFT platform", "filtrage et KYC": "screening and KYC",
    "Reporting réglementaire Bank Al-Maghrib": "Bank Al-Maghrib regulatory reporting",
    "Paiements ISO 20022 (migration SWIFT MX)": "ISO 20022 payments (SWIFT MX migration)",
    "SOC et cybersécurité": "SOC and cybersecurity", "Plateforme data et BI": "Data and BI platform",
    "Modernisation du réseau d'agences": "Branch network modernisation", "CRM relation client": "Customer CRM",
    "Entrée en relation digitale": "Digital onboarding", "émission de cartes": "card issuing",
    "Provisionnement IFRS 9": "IFRS 9 provisioning", "GED et dématérialisation": "Document management and paperless",
    "Passerelle API (API gateway)": "API gateway", "Landing zone cloud": "Cloud landing zone",
    "Mise en conformité PCI-DSS": "PCI-DSS compliance", "Site de secours (PRA)": "Disaster recovery site (DRP)",
    "SIRH": "HRIS", "système de gestion RH": "HR management system",
    "Trésorerie et salle des marchés": "Treasury and trading room",
    "Recouvrement amiable et contentieux": "Debt collection and litigation",
    "Crédit à la consommation en ligne": "Online consumer credit",
    "Lutte contre la fraude monétique": "Card fraud prevention",
    "Renouvellement du parc poste de travail": "Workstation renewal",
    "Gestion des identités et des accès (IAM)": "Identity and access management (IAM)",
    "Portail de pilotage de la direction": "Management steering portal",
    "Remplacement du système central de tenue de comptes par Temenos T24.":
        "Replacement of the core account-keeping system by Temenos T24.",
    "Application iOS/Android de banque au quotidien": "iOS/Android everyday banking app",
    "adossée à la passerelle API.": "built on the API gateway.",
    "Lutte contre le blanchiment et le financement du terrorisme.":
        "Anti-money laundering and counter-terrorist financing.",
    "Automatisation des états réglementaires transmis à Bank Al-Maghrib.":
        "Automated regulatory returns sent to Bank Al-Maghrib.",
    "Migration des flux de paiement vers les messages ISO 20022.": "Migration of payment flows to ISO 20022 messages.",
    "Centre opérationnel de sécurité 24/7.": "24/7 security operations centre.",
    "Socle data unifié et restitution décisionnelle.": "Unified data platform and business intelligence.",
    "Renouvellement des équipements réseau et télécom des agences.":
        "Renewal of the branches' network and telecom equipment.",
    "Outil de gestion de la relation client pour les conseillers.": "Customer relationship tool for advisers.",
    "Ouverture de compte 100 % en ligne.": "Fully online account opening.",
    "Nouvelle plateforme d'émission de cartes bancaires.": "New bank card issuing platform.",
    "Calcul des pertes de crédit attendues selon IFRS 9.": "Expected credit loss calculation under IFRS 9.",
    "Gestion électronique des documents du back-office.": "Electronic document management for the back office.",
    "Exposition sécurisée des services bancaires par API.": "Secure exposure of banking services through APIs.",
    "Fondations du cloud privé et public de la banque.": "Foundations of the bank's private and public cloud.",
    "Certification PCI-DSS v4 du périmètre cartes.": "PCI-DSS v4 certification of the card environment.",
    "Plan de reprise d'activité sur un second centre de données.": "Disaster recovery on a second data centre.",
    "Remplacement de l'outil de paie et de gestion du personnel.": "Replacement of the payroll and HR tool.",
    "Progiciel de trésorerie front-to-back.": "Front-to-back treasury software.",
    "Outil de gestion du recouvrement des créances.": "Debt collection management tool.",
    "Demande et accord de crédit en ligne.": "Online credit application and approval.",
    "Détection de la fraude cartes en temps réel.": "Real-time card fraud detection.",
    "Remplacement de 1 200 postes de travail.": "Replacement of 1,200 workstations.",
    "Centralisation des habilitations et revues périodiques.": "Central access rights and periodic reviews.",
    "Tableaux de bord mensuels du comité de direction.": "Monthly dashboards of the executive committee.",
    # modules
    "Comptes et dépôts": "Accounts and deposits", "Crédits": "Loans", "Comptabilité générale": "General ledger",
    "Clients (CIF)": "Customers (CIF)", "Moyens de paiement": "Payment means",
    "Engagements hors bilan": "Off-balance-sheet commitments", "Reprise des données": "Data migration",
    "Interfaces satellites": "Satellite interfaces", "Habilitations": "Access rights", "Éditique": "Document output",
    "Consultation des comptes": "Account view", "Virements": "Transfers", "Paiement de factures": "Bill payment",
    "Cartes": "Cards", "Notifications": "Notifications", "Enrôlement": "Enrolment",
    "Filtrage des listes": "List screening", "Profilage client": "Customer profiling",
    "Scénarios de détection": "Detection scenarios", "Déclarations de soupçon": "Suspicious activity reports",
    "Connaissance client (KYC)": "Know your customer (KYC)", "États prudentiels": "Prudential returns",
    "Ratios de liquidité": "Liquidity ratios", "Risque de crédit": "Credit risk", "Contrôles": "Controls",
    "Messages pacs": "pacs messages", "Messages camt": "camt messages", "Virements SIMT": "SIMT transfers",
    "Annuaire BIC": "BIC directory", "SIEM": "SIEM", "Détection des intrusions": "Intrusion detection",
    "Gestion des vulnérabilités": "Vulnerability management", "Réponse à incident": "Incident response",
    "Ingestion": "Ingestion", "Lac de données": "Data lake", "Entrepôt": "Data warehouse",
    "Tableaux de bord": "Dashboards", "Gouvernance des données": "Data governance",
    "Agences Casablanca": "Casablanca branches", "Agences Rabat": "Rabat branches", "Agences Nord": "Northern branches",
    "Vue 360": "360° view", "Campagnes": "Campaigns", "Réclamations": "Complaints", "Opportunités": "Opportunities",
    "Ouverture de compte": "Account opening", "Signature électronique": "Electronic signature",
    "Vérification d'identité": "Identity check", "Gestion des porteurs": "Cardholder management",
    "Personnalisation": "Card personalisation", "Autorisations": "Authorisations", "3-D Secure": "3-D Secure",
    "Segmentation": "Segmentation", "Modèles ECL": "ECL models", "Comptabilisation": "Accounting entries",
    "Numérisation": "Scanning", "Archivage légal": "Legal archiving", "Socle": "Core platform",
    "API comptes": "Accounts API", "API paiements": "Payments API", "Réseau et sécurité": "Network and security",
    "Périmètre CDE": "CDE scope", "Chiffrement": "Encryption", "Salle informatique": "Computer room",
    "Réplication": "Replication", "Tests de bascule": "Failover tests", "Paie": "Payroll",
    "Gestion des talents": "Talent management", "Front office": "Front office", "Back office": "Back office",
    "Risques de marché": "Market risk", "Relances": "Reminders", "Contentieux": "Litigation",
    "Simulation": "Simulation", "Décision": "Decision", "Règles": "Rules", "Scoring": "Scoring",
    "Déploiement": "Deployment", "Annuaire": "Directory", "Revue des habilitations": "Access review",
    "Indicateurs": "Indicators",
    # features
    "écrans de consultation": "inquiry screens", "règles de gestion": "business rules",
    "API de restitution": "reporting API", "habilitations": "access rights",
    "journalisation et piste d'audit": "logging and audit trail", "exports réglementaires": "regulatory exports",
    "notifications": "notifications", "paramétrage": "configuration", "contrôles de saisie": "input checks",
    "reprise de l'historique": "history migration", "traitements batch de nuit": "overnight batch jobs",
    "tableau de bord": "dashboard", "recherche multicritère": "multi-criteria search",
    "circuit de validation": "approval workflow", "éditions PDF": "PDF outputs",
    "interface avec le core banking": "core banking interface", "interface comptable": "accounting interface",
    "gestion des rejets": "reject handling", "archivage": "archiving", "calculs et agrégats": "calculations and totals",
    # plan
    "Cadrage": "Initiation", "Réunion de lancement": "Kick-off meeting",
    "Recueil des besoins métier": "Business requirements gathering",
    "Étude d'opportunité et business case": "Opportunity study and business case",
    "Analyse des risques et de la conformité": "Risk and compliance analysis",
    "Rédaction de la note de cadrage": "Project brief writing", "Jalon": "Milestone",
    "validation du cadrage en COPIL": "initiation approved by the steering committee",
    "Conception": "Design", "Spécifications fonctionnelles générales": "General functional specifications",
    "Dossier d'architecture technique": "Technical architecture file",
    "Dossier de sécurité et analyse de risques SI": "Security file and IT risk analysis",
    "Spécifications détaillées": "Detailed specifications", "Stratégie et plan de tests": "Test strategy and plan",
    "validation de la conception": "design approved", "Réalisation": "Build",
    "Mise en place des environnements et acquisition des licences": "Environment set-up and licence purchase",
    "Développement": "Development", "Tests unitaires": "Unit tests", "Documentation technique": "Technical documentation",
    "fin de réalisation": "build complete", "Recette": "Testing", "Préparation des cas de test": "Test case preparation",
    "Recette fonctionnelle": "Functional testing", "Tests de non-régression": "Regression tests",
    "Tests de performance": "Performance tests", "Tests d'intrusion": "Penetration tests",
    "Recette utilisateur (UAT)": "User acceptance testing (UAT)", "PV de recette signé": "acceptance signed off",
    "Formation des utilisateurs": "User training", "Préparation de la mise en production": "Go-live preparation",
    "Bascule en production": "Production cutover", "Gel des évolutions sur l'ancien système": "Legacy system change freeze",
    "mise en production": "go-live", "Clôture": "Closure", "Support renforcé après démarrage": "Hypercare",
    "Transfert à l'exploitation": "Handover to operations",
    "Bilan de projet et retour d'expérience": "Project review and lessons learned",
    "clôture du projet": "project closed", "Cadrage et sprint 0": "Initiation and sprint 0",
    "Atelier de vision produit": "Product vision workshop", "Constitution du backlog initial": "Initial backlog",
    "Architecture et choix techniques": "Architecture and technical choices",
    "Mise en place de l'usine logicielle (CI/CD)": "Software factory set-up (CI/CD)",
    "backlog priorisé et équipe prête": "backlog prioritised and team ready",
    "Développement itératif": "Iterative development", "Environnements et licences": "Environments and licences",
    "Tests et intégration continue": "Tests and continuous integration",
    "fin des développements": "development complete", "Validation finale": "Final acceptance",
    "Tests de bout en bout et de sécurité": "End-to-end and security tests",
    "Validation métier de la version finale": "Business acceptance of the final version",
    "validation de la recette": "acceptance approved", "Livrer": "Deliver",
    # budget and calendar
    "Charges internes": "Internal staff", "Prestations externes": "External services",
    "Licences et matériel": "Licences and hardware", "Standard": "Standard",
    # risks
    "Retard de livraison de l'éditeur": "Vendor delivery delay",
    "Résistance au changement des utilisateurs": "User resistance to change",
    "Indisponibilité des experts métier pendant la recette": "Business experts unavailable during testing",
    "Qualité insuffisante des données à reprendre": "Poor quality of the data to migrate",
    "Conflit de ressources partagées avec d'autres projets": "Shared resources contended with other projects",
    "Départ d'une ressource clé": "A key person leaves",
    "Dépassement du budget de prestations externes": "External services budget overrun",
    "Dépendance à un autre projet du portefeuille": "Dependency on another portfolio project",
    "Évolution de la réglementation Bank Al-Maghrib en cours de projet":
        "Bank Al-Maghrib regulation changes during the project",
    "Indisponibilité des environnements de recette": "Test environments unavailable",
    "Interruption de service lors de la bascule": "Service outage during the cutover",
    "Performances insuffisantes sous charge": "Poor performance under load",
    "Sous-estimation des charges de développement": "Development effort underestimated",
    "Vulnérabilités découvertes lors des tests d'intrusion": "Vulnerabilities found by the penetration tests",
    "Veille réglementaire conjointe avec la conformité": "Joint regulatory watch with compliance",
    "Revue de sécurité dès la conception et correction au fil de l'eau":
        "Security review from design on, with fixes as they come",
    "Anticiper la campagne de tests de performance": "Bring the performance test campaign forward",
    "Revue mensuelle des consommations et arbitrage en COPIL": "Monthly spending review and steering committee ruling",
    "Suivi hebdomadaire de l'éditeur et application des pénalités contractuelles":
        "Weekly vendor follow-up and contractual penalties",
    "Plan de communication et formation des utilisateurs relais": "Communication plan and super-user training",
    "Planifier les ateliers avec les directions métier et obtenir leur engagement en COPIL":
        "Schedule the workshops with the business units and get their commitment at the steering committee",
    "Lancer un chantier de nettoyage des données en amont de la reprise": "Start a data cleansing stream before migration",
    "Arbitrage des affectations en comité PMO": "Assignment ruling at the PMO committee",
    "Binômage et documentation systématique": "Pairing and systematic documentation",
    "Suivi des jalons inter-projets en comité PMO": "Inter-project milestones followed at the PMO committee",
    "Réserver les environnements et automatiser leur mise à disposition":
        "Book the environments and automate their provisioning",
    "Répétitions de bascule et plan de retour arrière validé": "Cutover rehearsals and an approved rollback plan",
    "Réestimation à chaque fin de lot et marge de contingence": "Re-estimate at the end of each work package, with contingency",
    "Réglementaire": "Regulatory", "Conduite du changement": "Change management", "Planification": "Planning",
    "Données": "Data", "Ressources": "Resources", "Financier": "Financial", "Fournisseur": "Vendor",
    "Technique": "Technical", "Exploitation": "Operations",
    # issues
    "Retard de mise à disposition de l'environnement de recette": "Test environment delivered late",
    "Écart entre les spécifications et le besoin exprimé": "Gap between the specifications and the stated need",
    "Absence prolongée du référent métier": "Business lead absent for a long time",
    "Saturation de l'équipe de développement": "Development team overloaded",
    "Anomalies bloquantes en recette": "Blocking defects in testing",
    "Incident sur l'interface avec le core banking": "Incident on the core banking interface",
    "Licences non reçues": "Licences not received",
    "Correctif de l'interface déployé": "Interface fix deployed",
    "Environnement livré avec deux semaines de retard": "Environment delivered two weeks late",
    "Avenant aux spécifications validé": "Specification amendment approved",
    "Correctifs livrés par l'éditeur": "Fixes delivered by the vendor",
    "Recours à une ESN pour renforcer l'équipe": "IT services firm brought in to reinforce the team",
    "Bon de commande débloqué par les achats": "Purchase order released by procurement",
    # actions
    "Réaliser la revue de sécurité": "Carry out the security review",
    "Organiser un atelier de validation des spécifications": "Hold a specification approval workshop",
    "Commander les licences complémentaires": "Order the additional licences",
    "Renforcer l'équipe de recette": "Strengthen the test team",
    "Mettre à jour le planning détaillé": "Update the detailed schedule",
    "Mettre à jour le registre des risques": "Update the risk register",
    "Consolider le reste à faire avec les équipes": "Consolidate the remaining work with the teams",
    "Relancer l'éditeur sur la livraison du correctif": "Chase the vendor for the fix",
    "Obtenir l'avis de la conformité": "Get the compliance opinion",
    "Planifier la formation des utilisateurs clés": "Schedule the key users' training",
    "Préparer le dossier d'exploitation": "Prepare the operations handbook",
    "Préparer le support du COPIL": "Prepare the steering committee slides",
    "Valider la stratégie de reprise des données": "Approve the data migration strategy",
    "Arbitrer les demandes d'évolution en attente": "Rule on the pending change requests",
    # decisions
    "Gel des évolutions pendant la bascule": "Change freeze during the cutover",
    "Arbitrage du périmètre du premier lot": "Scope of the first work package",
    "Choix de la solution éditeur": "Choice of the vendor solution", "Validation du plan de recette": "Test plan approval",
    "Choix de l'architecture d'hébergement": "Choice of the hosting architecture",
    "Adoption de l'authentification forte": "Adoption of strong authentication",
    "Demande de budget complémentaire": "Request for additional budget",
    "Report de la date de mise en production": "Go-live date postponed",
    "Validation de la note de cadrage": "Project brief approval",
    "Renfort d'un développeur de l'ESN": "One more developer from the IT services firm",
    "Révision du budget approuvé": "Revision of the approved budget",
    "Le coût réel dépasse le budget": "The actual cost exceeds the budget",
    "prestations de recette plus longues que prévu.": "testing services took longer than planned.",
    "La capacité de l'équipe ne permet pas de livrer tout le lot 1 à la date prévue.":
        "The team's capacity does not allow the whole of work package 1 on the planned date.",
    "La recette révèle des anomalies bloquantes sur les flux de paiement.":
        "Testing reveals blocking defects on the payment flows.",
    "Deux éditeurs restent en lice après l'appel d'offres.": "Two vendors remain after the tender.",
    "A. Report de quatre semaines": "A. Four-week postponement", "B. Mise en production partielle": "B. Partial go-live",
    "A. Reporter deux fonctionnalités au lot 2": "A. Move two features to work package 2",
    "B. Renforcer l'équipe": "B. Strengthen the team", "A. Éditeur international": "A. International vendor",
    "licence perpétuelle": "perpetual licence", "B. Éditeur local": "B. Local vendor",
    "abonnement annuel": "yearly subscription", "A. Budget complémentaire": "A. Additional budget",
    "B. Réduction du périmètre du lot 2": "B. Smaller scope for work package 2", "C. Report du lot 2": "C. Postpone work package 2",
    "Option A": "Option A", "Option B": "Option B", "limitée au lot en cours": "limited to the current work package",
    "coût total sur cinq ans plus bas et support sur place": "lower five-year total cost and local support",
    "report de quatre semaines": "four-week postponement",
    "Engagement contractuel sur cinq ans": "Five-year contractual commitment",
    "Lancement de la phase de conception": "Design phase starts",
    "Démarrage de la préparation des cas de test": "Test case preparation starts",
    "Coût supplémentaire de prestations": "Extra cost of services",
    "Aucune mise en production pendant trois semaines": "No release for three weeks",
    "Hébergement sur le centre de données principal": "Hosting in the main data centre",
    "Impact sur les parcours clients": "Impact on the customer journeys",
    "Nouveau planning à présenter": "New schedule to present",
    "Poursuite des travaux en cours": "Current work goes on",
    "Deux fonctionnalités reportées au lot 2": "Two features moved to work package 2",
    "Deux fonctionnalités reportées au lot suivant": "Two features moved to the next work package",
    "Aucun changement": "No change", "Lot complet maintenu": "Whole work package kept",
    # status reports
    "Aucun besoin particulier.": "No particular need.",
    "Renfort de deux testeurs pendant la campagne de recette.": "Two more testers during the test campaign.",
    "Arbitrage du COPIL sur le budget complémentaire et la nouvelle date de mise en production.":
        "Steering committee ruling on the additional budget and the new go-live date.",
    "Travaux de la période conformes au planning": "Work of the period on schedule",
    # dependencies
    "La banque mobile ne peut démarrer qu'après la mise en production de la passerelle API.":
        "The mobile bank cannot start before the API gateway goes live.",
    "La recette ISO 20022 nécessite la conception validée du nouveau core banking.":
        "ISO 20022 testing needs the approved design of the new core banking.",
    "L'entrée en relation digitale s'appuie sur le filtrage KYC de la plateforme LAB/FT.":
        "Digital onboarding relies on the KYC screening of the AML/CFT platform.",
    "La plateforme data est hébergée sur la landing zone cloud.": "The data platform is hosted on the cloud landing zone.",
    "Les règles anti-fraude se testent sur la nouvelle plateforme d'émission.":
        "The anti-fraud rules are tested on the new issuing platform.",
}

PATTERNS: list[tuple[re.Pattern, Callable[[re.Match], str]]] = [
    (re.compile(r"(.+) \(partie (\d+)\)"), lambda m: f"{to_english(m[1])} (part {m[2]})"),
    (re.compile(r"(.+) \((\d+) ETP\)"), lambda m: f"{to_english(m[1])} ({m[2]} FTE)"),
    (re.compile(r"Lot (\d+)"), lambda m: f"Work package {m[1]}"),
    (re.compile(r"Sous-lot (\d+)"), lambda m: f"Sub-package {m[1]}"),
    (re.compile(r"lot (\d+) livré"), lambda m: f"work package {m[1]} delivered"),
    (re.compile(r"Planification du sprint (\d+)"), lambda m: f"Sprint {m[1]} planning"),
    (re.compile(r"Revue et rétrospective du sprint (\d+)"), lambda m: f"Sprint {m[1]} review and retrospective"),
    (re.compile(r"Horaires de Ramadan (\d{4})"), lambda m: f"Ramadan working hours {m[1]}"),
]
SEPARATORS = (("\n", "\n"), (" – ", " – "), (" : ", ": "), ("; ", "; "), (";", ";"), (", ", ", "))


def to_english(text: str) -> str:
    """The English of one demo text; a text with no translation (a name, a code) is returned as it is."""
    if text in PHRASES:
        return PHRASES[text]
    if text.startswith("- "):
        return "- " + to_english(text[2:])
    for pattern, build in PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            return build(match)
    for separator, joined in SEPARATORS:
        if separator in text:
            return joined.join(to_english(part) for part in text.split(separator))
    return text


def _translated(value):
    if isinstance(value, str):
        return to_english(value)
    if isinstance(value, Enum) or value is None:
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _translated(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changes)
    if isinstance(value, (list, tuple)):
        return type(value)(_translated(item) for item in value)
    if isinstance(value, dict):
        return {key: _translated(item) for key, item in value.items()}
    return value


def english_projects(projects: list[ProjectData]) -> list[ProjectData]:
    """The demo projects worded in English (codes, figures, dates and people unchanged)."""
    return [_translated(data) for data in projects]


def english_governance(setup: GovernanceSetup) -> GovernanceSetup:
    """The demo master's committees, members and registers worded in English."""
    return _translated(setup)
