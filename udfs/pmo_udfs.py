"""The PMO worksheet functions (xlwings UDFs) of the pmo_xl add-in.

Each function declares its arguments to Excel and delegates to
:mod:`pmo_xl.excel.udf_core`.  Docstrings are what Excel's function wizard
shows: the first paragraph is the description.  None is volatile: Excel
recalculates them only when their arguments change.  Tables come back as 2-D
lists with a header row and spill as dynamic arrays.
"""

from __future__ import annotations

import xlwings as xw

from pmo_xl.excel import udf_core

CATEGORY = "PMO"
HOLIDAY_COUNTRY_HELP = "Code pays des jours fériés (MA par défaut, 'aucun' pour aucun)"


@xw.func(category=CATEGORY)
@xw.arg("start_date", doc="Date de début")
@xw.arg("end_date", doc="Date de fin")
@xw.arg("holiday_country", doc=HOLIDAY_COUNTRY_HELP)
def PMO_WORKDAYS(start_date, end_date, holiday_country=None):
    """Nombre de jours ouvrés entre deux dates incluses, jours fériés marocains déduits."""
    return udf_core.workdays(start_date, end_date, holiday_country)


@xw.func(category=CATEGORY)
@xw.arg("start_date", doc="Date de départ")
@xw.arg("working_days", doc="Nombre de jours ouvrés à ajouter (négatif pour reculer)")
@xw.arg("holiday_country", doc=HOLIDAY_COUNTRY_HELP)
def PMO_WORKDAY(start_date, working_days, holiday_country=None):
    """Date située à n jours ouvrés d'une date, jours fériés marocains déduits."""
    return udf_core.as_datetime(udf_core.workday(start_date, working_days, holiday_country))


@xw.func(category=CATEGORY)
@xw.arg("bac", doc="Budget à terminaison (BAC)")
@xw.arg("pv", doc="Valeur planifiée (PV)")
@xw.arg("ev", doc="Valeur acquise (EV)")
@xw.arg("ac", doc="Coût réel (AC)")
@xw.arg("eac_method", doc="Méthode EAC : cpi (défaut), remaining_at_budget, cpi_spi")
def PMO_EVM(bac, pv, ev, ac, eac_method=None):
    """Indicateurs de valeur acquise (SV, CV, SPI, CPI, EAC, ETC, VAC, TCPI) en tableau."""
    return udf_core.evm_table(bac, pv, ev, ac, eac_method)


TASKS_HELP = "Plage des tâches avec sa ligne d'en-têtes (ID, Nom de la tâche, Durée (j), Prédécesseurs…)"


@xw.func(category=CATEGORY)
@xw.arg("tasks", ndim=2, doc=TASKS_HELP)
@xw.arg("status_date", doc="Date d'état (facultative)")
@xw.arg("project_start", doc="Date de début du projet (facultative)")
def PMO_SCHEDULE(tasks, status_date=None, project_start=None):
    """Planning au plus tôt / au plus tard, marges (jours ouvrés) et tâches critiques, en tableau."""
    return udf_core.schedule_table(tasks, status_date, project_start)


@xw.func(category=CATEGORY)
@xw.arg("tasks", ndim=2, doc=TASKS_HELP)
@xw.arg("status_date", doc="Date d'état (facultative)")
@xw.arg("project_start", doc="Date de début du projet (facultative)")
def PMO_CRITICAL_PATH(tasks, status_date=None, project_start=None):
    """Chemin(s) critique(s) du planning : une ligne par tâche, dans l'ordre chronologique."""
    return udf_core.critical_path_table(tasks, status_date, project_start)


@xw.func(category=CATEGORY)
@xw.arg("value", doc="Valeur mesurée")
@xw.arg("metric", doc="Mesure : spi, cpi, spi_t, milestone_slip_days, budget_variance_percent, "
                      "forecast_overrun_percent, scope_items, max_risk_score, critical_risks")
def PMO_RAG(value, metric):
    """Couleur RAG (vert, orange, rouge) d'une mesure selon les seuils standard du PMO."""
    return udf_core.rag(value, metric)
