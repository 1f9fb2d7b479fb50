"""The example rows of the empty standard workbook, in French and English.

Each table of the template shows one or two rows in italics that show a
project manager what a filled row looks like.  Their first cell starts with
"Exemple" ("Example"), which makes the reader skip them: they are never read
as data and never reported by the validation.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

#: Per table key, the example rows: field -> value, or field -> (French value, English value).
EXAMPLE_ROWS: dict[str, list[dict[str, Any]]] = {
    "tasks": [
        {"id": ("Exemple 1", "Example 1"), "wbs": "1.1", "outline_level": 2,
         "name": ("Analyse des besoins", "Requirements analysis"), "duration_days": 10.0,
         "milestone": ("non", "no"), "baseline_start": datetime(2027, 1, 4),
         "baseline_finish": datetime(2027, 1, 15), "percent_complete": 0.5,
         "resources": "AMOA[50%]; PM", "cost": 120000.0},
        {"id": ("Exemple 2", "Example 2"), "wbs": "1.2", "outline_level": 2,
         "name": ("Validation des spécifications", "Specifications signed off"), "duration_days": 0.0,
         "milestone": ("oui", "yes"), "predecessors": ("1FD+2j", "1FS+2d")},
    ],
    "resources": [{"code": ("Exemple PM", "Example PM"), "name": "Nadia Benali",
                   "role": ("Chef de projet", "Project manager"), "type": ("interne", "internal"),
                   "daily_rate": 4500.0, "currency": "MAD", "capacity_percent": 1.0}],
    "budget": [{"month": ("Exemple", "Example"), "category": "CAPEX", "planned": 250000.0, "actual": 180000.0,
                "forecast": 260000.0, "currency": "MAD", "nature": ("externe", "external"),
                "label": ("Licences et intégrateur", "Licences and integrator")}],
    "risks": [{"id": ("Exemple R1", "Example R1"), "title": ("Retard de livraison du fournisseur",
                                                           "Vendor delivers late"),
               "probability": 3, "impact": 4, "owner": "Nadia Benali", "status": ("ouvert", "open"),
               "response": ("Pénalités au contrat, point hebdomadaire", "Contract penalties, weekly review")}],
    "issues": [{"id": ("Exemple P1", "Example P1"), "title": ("Environnement de recette indisponible",
                                                            "Test environment down"),
                "severity": 4, "owner": "Youssef Alaoui", "status": ("en cours", "in progress")}],
    "actions": [{"id": ("Exemple A1", "Example A1"), "title": ("Relancer le fournisseur", "Chase the vendor"),
                 "owner": "Nadia Benali", "due_date": datetime(2027, 2, 1), "status": ("ouvert", "open"),
                 "committee": "COPROJ"}],
    "decisions": [{"id": ("Exemple D1", "Example D1"), "title": ("Report du lot 2", "Lot 2 postponed"),
                   "committee": "COPIL", "decided_on": datetime(2027, 1, 20),
                   "status": ("approuvée", "approved")}],
    "dependencies": [{"id": ("Exemple X1", "Example X1"), "task_id": "12", "on_project": "CBM",
                      "on_task_id": "45", "type": ("FD", "FS"), "lag_days": 0.0}],
    "sprints": [{"name": ("Exemple S1", "Example S1"), "start": datetime(2027, 1, 4),
                 "finish": datetime(2027, 1, 15), "committed_points": 30.0, "completed_points": 26.0}],
    "status_reports": [{"period": ("Exemple", "Example"), "overall": ("orange", "amber"),
                        "schedule": ("rouge", "red"), "cost": ("vert", "green"),
                        "achievements": ("Recette du lot 1 terminée", "Lot 1 acceptance tests done"),
                        "next_steps": ("Mise en production du lot 1", "Lot 1 go-live"),
                        "weather_comment": ("Retard de 2 semaines du fournisseur", "Vendor 2 weeks late"),
                        "escalation_needed": ("non", "no")}],
    "calendar": [{"calendar": ("Exemple", "Example"), "kind": ("exception", "exception"),
                  "start": datetime(2027, 1, 1), "name": ("Fermeture exceptionnelle", "Site closed")}],
}


def example_rows(table_key: str, lang: str) -> list[dict[str, Any]]:
    """The example rows of a table with every value in ``lang``: field -> cell value."""
    index = 0 if lang == "fr" else 1
    return [{field_name: value[index] if isinstance(value, tuple) else value for field_name, value in row.items()}
            for row in EXAMPLE_ROWS.get(table_key, [])]
