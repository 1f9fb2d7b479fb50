"""Portfolio charts for packs: a PNG image, the data table behind it and a caption.

Each function draws one chart with matplotlib's Agg backend (no display,
figures are not kept in pyplot's global state) at 150 dpi and returns a
:class:`Chart`.  The data table has user-facing column labels in the pack's
language and holds exactly the numbers drawn, so that a pack can print it
under the figure or in an annex.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Sequence

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from pmo_xl.engine.rag import RagThresholds  # noqa: E402
from pmo_xl.reports.formatting import format_number  # noqa: E402

DPI = 150
RAG_COLOURS = {"green": "#2e7d32", "amber": "#f39c12", "red": "#c0392b"}
PLANNED_COLOUR = "#1f4e79"
ACTUAL_COLOUR = "#c55a11"
FORECAST_COLOUR = "#7f7f7f"
UNRATED_COLOUR = "#a6a6a6"


@dataclass
class Chart:
    """A drawn chart: its picture, the numbers behind it and its caption.

    The picture is rendered to PNG the first time :attr:`png` is read: the
    Excel dashboard and the PowerPoint deck draw their own native charts from
    :attr:`data` and never pay for the rendering.
    """

    key: str
    title: str
    caption: str
    image: bytes | Figure  # PNG bytes, or the figure still to render
    data: pd.DataFrame
    display_width_cm: float = 17.0  # width of the image on a page

    @property
    def png(self) -> bytes:
        """The chart as PNG bytes at :data:`DPI`."""
        if not isinstance(self.image, bytes):
            self.image = _render_png(self.image)
        return self.image

    def data_rows(self, lang: str = "fr") -> list[list[str]]:
        """The data table as text cells, numbers written in ``lang``'s format.

        A numeric column whose values are all whole numbers is written without
        decimals, any other numeric column with two.
        """
        columns = []
        for name in self.data.columns:
            series = self.data[name]
            if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
                finite = series.dropna()
                decimals = 0 if (finite == finite.round(0)).all() else 2
                columns.append([format_number(v, lang, decimals) for v in series])
            else:
                columns.append(["" if v is None else str(v) for v in series])
        return [list(row) for row in zip(*columns)]


def _new_figure(width_inches: float = 7.0, height_inches: float = 3.6) -> Figure:
    figure = Figure(figsize=(width_inches, height_inches), dpi=DPI)
    FigureCanvasAgg(figure)
    return figure


def _png(figure: Figure) -> Figure:
    """The figure, to be rendered when its PNG is first needed (see :attr:`Chart.png`)."""
    return figure


def _render_png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.tight_layout()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


MONTH_ABBREVIATIONS = {
    "fr": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}


def number_formatter(lang: str, decimals: int):
    """A matplotlib tick formatter writing numbers as the pack does ("1 234,5" / "1,234.5")."""
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _position: format_number(value, lang, decimals))


def month_label(month: date, lang: str = "fr") -> str:
    """A short month name with its year: "nov. 2026" / "Nov 2026"."""
    return f"{MONTH_ABBREVIATIONS['en' if lang == 'en' else 'fr'][month.month - 1]} {month.year}"


def _t(lang: str, fr: str, en: str) -> str:
    return fr if lang == "fr" else en


def budget_s_curve(months: Sequence[date], planned: Sequence[float], actual: Sequence[float | None],
                   forecast: Sequence[float], currency: str = "MAD", lang: str = "fr") -> Chart:
    """Cumulative planned, actual and forecast spend by month (the budget S-curve).

    ``planned``, ``actual`` and ``forecast`` are monthly amounts (not
    cumulative); ``actual`` is ``None`` for months after the status date.
    """
    planned_cum = np.cumsum(np.asarray(planned, dtype=float))
    forecast_cum = np.cumsum(np.asarray(forecast, dtype=float))
    actual_values = [np.nan if v is None else float(v) for v in actual]
    actual_cum = np.cumsum(np.nan_to_num(actual_values))
    actual_cum = np.where(np.isnan(actual_values), np.nan, actual_cum)
    labels = [month_label(m, lang) for m in months]
    scale = 1e6
    figure = _new_figure()
    axes = figure.add_subplot()
    x = np.arange(len(months))
    axes.plot(x, planned_cum / scale, color=PLANNED_COLOUR, label=_t(lang, "Prévu cumulé", "Planned (cumulative)"))
    axes.plot(x, actual_cum / scale, color=ACTUAL_COLOUR, marker="o", markersize=3,
              label=_t(lang, "Réel cumulé", "Actual (cumulative)"))
    axes.plot(x, forecast_cum / scale, color=FORECAST_COLOUR, linestyle="--",
              label=_t(lang, "Prévision cumulée", "Forecast (cumulative)"))
    step = max(1, len(months) // 12)
    axes.set_xticks(x[::step], labels[::step], rotation=45, ha="right", fontsize=7)
    axes.set_ylabel(_t(lang, f"millions de {currency}", f"{currency} millions"))
    axes.yaxis.set_major_formatter(number_formatter(lang, 1))
    axes.grid(True, alpha=0.3)
    axes.legend(fontsize=7)
    title = _t(lang, "Courbe en S du budget", "Budget S-curve")
    data = pd.DataFrame({
        _t(lang, "Mois", "Month"): labels,
        _t(lang, f"Prévu cumulé ({currency})", f"Planned cumulative ({currency})"): planned_cum.round(0),
        _t(lang, f"Réel cumulé ({currency})", f"Actual cumulative ({currency})"): actual_cum.round(0),
        _t(lang, f"Prévision cumulée ({currency})", f"Forecast cumulative ({currency})"): forecast_cum.round(0),
    })
    caption = _t(lang, "Budget cumulé du portefeuille : prévu, réel et prévision, en millions de " + currency,
                 "Portfolio cumulative budget: planned, actual and forecast, in millions of " + currency)
    return Chart("budget_s_curve", title, caption, _png(figure), data)


def spi_cpi_scatter(codes: Sequence[str], spi: Sequence[float], cpi: Sequence[float], lang: str = "fr",
                    rags: Sequence[str | None] | None = None) -> Chart:
    """Each project placed by its schedule (SPI) and cost (CPI) performance index.

    ``rags`` are the projects' overall RAG codes (``green``, ``amber``,
    ``red``, ``None`` when unrated): each point takes its RAG's colour and
    the legend names them.
    """
    spi_values = np.asarray(spi, dtype=float)
    cpi_values = np.asarray(cpi, dtype=float)
    rag_codes = list(rags) if rags is not None else [None] * len(spi_values)
    figure = _new_figure(6.0, 4.2)
    axes = figure.add_subplot()
    names = {"green": _t(lang, "Vert", "Green"), "amber": _t(lang, "Orange", "Amber"), "red": _t(lang, "Rouge", "Red"),
             None: _t(lang, "Non évalué", "Not rated")}
    for rag, colour in (("green", RAG_COLOURS["green"]), ("amber", RAG_COLOURS["amber"]),
                        ("red", RAG_COLOURS["red"]), (None, UNRATED_COLOUR)):
        chosen = np.array([(code if code in RAG_COLOURS else None) == rag for code in rag_codes], dtype=bool)
        if chosen.any():
            axes.scatter(spi_values[chosen], cpi_values[chosen], c=colour, s=18, edgecolors="black",
                         linewidths=0.3, label=names[rag])
    axes.axhline(1.0, color="grey", linewidth=0.8)
    axes.axvline(1.0, color="grey", linewidth=0.8)
    if len(codes) <= 30:
        for code, x_value, y_value in zip(codes, spi_values, cpi_values):
            if np.isfinite(x_value) and np.isfinite(y_value):
                axes.annotate(code, (x_value, y_value), fontsize=6, xytext=(3, 3), textcoords="offset points")
    axes.set_xlabel(_t(lang, "SPI (délais)", "SPI (schedule)"))
    axes.set_ylabel(_t(lang, "CPI (coûts)", "CPI (cost)"))
    axes.xaxis.set_major_formatter(number_formatter(lang, 2))
    axes.yaxis.set_major_formatter(number_formatter(lang, 2))
    axes.grid(True, alpha=0.3)
    axes.legend(title=_t(lang, "Météo globale", "Overall RAG"), fontsize=7, title_fontsize=7)
    data = pd.DataFrame({_t(lang, "Projet", "Project"): list(codes), "SPI": spi_values.round(2), "CPI": cpi_values.round(2)})
    caption = _t(lang, "Performance délais (SPI) et coûts (CPI) par projet ; le quadrant supérieur droit est en avance et sous budget",
                 "Schedule (SPI) and cost (CPI) performance by project; the upper right quadrant is ahead and under budget")
    return Chart("spi_cpi_scatter", _t(lang, "SPI / CPI des projets", "Project SPI / CPI"), caption, _png(figure), data,
                 display_width_cm=14.0)


def rag_trend(period_labels: Sequence[str], green: Sequence[int], amber: Sequence[int], red: Sequence[int],
              lang: str = "fr", derived_from_indices: bool = False) -> Chart:
    """Number of projects by overall RAG status at each past reporting period (stacked bars).

    ``derived_from_indices`` says that for some periods the history holds no
    overall RAG and the RAG was deduced from SPI and CPI (the caption says so).
    """
    x = np.arange(len(period_labels))
    counts = {key: np.asarray(values, dtype=int) for key, values in (("green", green), ("amber", amber), ("red", red))}
    figure = _new_figure()
    axes = figure.add_subplot()
    bottom = np.zeros(len(period_labels), dtype=int)
    names = {"green": _t(lang, "Vert", "Green"), "amber": _t(lang, "Orange", "Amber"), "red": _t(lang, "Rouge", "Red")}
    for key in ("green", "amber", "red"):
        axes.bar(x, counts[key], bottom=bottom, color=RAG_COLOURS[key], label=names[key])
        bottom = bottom + counts[key]
    axes.set_xticks(x, list(period_labels), rotation=45, ha="right", fontsize=7)
    axes.set_ylabel(_t(lang, "Projets", "Projects"))
    axes.legend(fontsize=7)
    data = pd.DataFrame({_t(lang, "Période", "Period"): list(period_labels), names["green"]: counts["green"],
                         names["amber"]: counts["amber"], names["red"]: counts["red"]})
    caption = _t(lang, "Évolution du nombre de projets par météo globale (vert, orange, rouge) "
                       "d'après l'historique des indicateurs",
                 "Number of projects by overall RAG status over time, from the KPI history")
    if derived_from_indices:
        caption += _t(lang, " ; pour les périodes sans météo globale enregistrée, "
                            "météo déduite du plus défavorable du SPI et du CPI",
                      "; for periods without a recorded overall RAG, "
                      "the worse of the SPI and CPI statuses")
    return Chart("rag_trend", _t(lang, "Tendance de la météo", "RAG trend"), caption, _png(figure), data)


def milestone_trend(period_labels: Sequence[str], due: Sequence[int], on_time: Sequence[int], late: Sequence[int],
                    lang: str = "fr") -> Chart:
    """Milestones due per period, and how many were achieved on time or late (or are overdue)."""
    x = np.arange(len(period_labels))
    due_values = np.asarray(due, dtype=int)
    on_time_values = np.asarray(on_time, dtype=int)
    late_values = np.asarray(late, dtype=int)
    figure = _new_figure()
    axes = figure.add_subplot()
    axes.bar(x - 0.2, on_time_values, width=0.4, color=RAG_COLOURS["green"], label=_t(lang, "À l'heure", "On time"))
    axes.bar(x + 0.2, late_values, width=0.4, color=RAG_COLOURS["red"], label=_t(lang, "En retard", "Late"))
    axes.plot(x, due_values, color=PLANNED_COLOUR, marker="o", markersize=3, label=_t(lang, "Échus (référence)", "Due (baseline)"))
    axes.set_xticks(x, list(period_labels), rotation=45, ha="right", fontsize=7)
    axes.set_ylabel(_t(lang, "Jalons", "Milestones"))
    axes.legend(fontsize=7)
    data = pd.DataFrame({_t(lang, "Période", "Period"): list(period_labels), _t(lang, "Échus", "Due"): due_values,
                         _t(lang, "À l'heure", "On time"): on_time_values, _t(lang, "En retard", "Late"): late_values})
    caption = _t(lang, "Jalons échus par mois selon la référence, atteints à l'heure ou en retard",
                 "Milestones due by month per baseline, achieved on time or late")
    return Chart("milestone_trend", _t(lang, "Tendance des jalons", "Milestone trend"), caption, _png(figure), data)


def risk_heatmap(counts: np.ndarray, lang: str = "fr", amber_score: int | None = None,
                 red_score: int | None = None) -> Chart:
    """Open risks counted by probability (rows 1..5) and impact (columns 1..5).

    Each cell's background is the band of its P×I score: red from
    ``red_score``, amber from ``amber_score``, green below (default: the RAG
    thresholds' risk bands), whatever the number of risks in it.
    """
    defaults = RagThresholds()
    amber_score = defaults.risk_amber_score if amber_score is None else amber_score
    red_score = defaults.risk_red_score if red_score is None else red_score
    matrix = np.asarray(counts, dtype=int).reshape(5, 5)
    figure = _new_figure(4.8, 4.0)
    axes = figure.add_subplot()
    score = np.outer(np.arange(1, 6), np.arange(1, 6))
    background = np.where(score >= red_score, 2, np.where(score >= amber_score, 1, 0))
    from matplotlib.colors import ListedColormap

    axes.imshow(background, origin="lower", cmap=ListedColormap([RAG_COLOURS["green"], RAG_COLOURS["amber"], RAG_COLOURS["red"]]),
                alpha=0.55, extent=(0.5, 5.5, 0.5, 5.5), vmin=0, vmax=2)
    for probability in range(5):
        for impact in range(5):
            axes.text(impact + 1, probability + 1, str(matrix[probability, impact]), ha="center", va="center", fontsize=10)
    axes.set_xticks(range(1, 6))
    axes.set_yticks(range(1, 6))
    axes.set_xlabel(_t(lang, "Impact", "Impact"))
    axes.set_ylabel(_t(lang, "Probabilité", "Probability"))
    probability_label = _t(lang, "Probabilité", "Probability")
    data = pd.DataFrame(matrix, columns=[f"{_t(lang, 'Impact', 'Impact')} {i}" for i in range(1, 6)])
    data.insert(0, probability_label, [str(p) for p in range(1, 6)])
    caption = _t(lang, "Carte de chaleur des risques ouverts : nombre de risques par probabilité et impact ; "
                       f"fond coloré selon le score P×I (orange à partir de {amber_score}, rouge à partir de {red_score})",
                 "Heat map of open risks: number of risks by probability and impact; "
                 f"background by P×I score (amber from {amber_score}, red from {red_score})")
    return Chart("risk_heatmap", _t(lang, "Carte des risques", "Risk heat map"), caption, _png(figure), data,
                 display_width_cm=10.0)


def milestone_trend_analysis(table: pd.DataFrame, lang: str = "fr") -> Chart:
    """Milestone trend analysis: each key milestone's forecast date (y) as of each status date (x).

    A flat line is a milestone holding its date; a rising one slips.
    ``table`` has ``status_date``, ``project_code``, ``task_id``,
    ``milestone_name`` and ``forecast_finish`` (see
    :func:`pmo_xl.engine.portfolio_changes.milestone_trend_table`).
    """
    import matplotlib.dates as mdates

    figure = _new_figure()
    axes = figure.add_subplot()
    dates = sorted(pd.to_datetime(table["status_date"]).unique())
    labels = [pd.Timestamp(d).strftime("%d/%m/%Y" if lang == "fr" else "%Y-%m-%d") for d in dates]
    rows = []
    for (code, task), group in table.groupby(["project_code", "task_id"], sort=True):
        group = group.sort_values("status_date")
        name = f"{code} {group['milestone_name'].iloc[-1]}"
        axes.plot(pd.to_datetime(group["status_date"]), pd.to_datetime(group["forecast_finish"]), marker="o",
                  markersize=3, label=name[:40])
        for record in group.to_dict("records"):
            rows.append({"milestone": name, "as_of": pd.Timestamp(record["status_date"]), "forecast": record["forecast_finish"]})
    axes.yaxis.set_major_formatter(mdates.DateFormatter("%m/%Y" if lang == "fr" else "%Y-%m"))
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%d/%m" if lang == "fr" else "%m-%d"))
    axes.set_xlabel(_t(lang, "Date d'état", "Status date"))
    axes.set_ylabel(_t(lang, "Date prévue du jalon", "Milestone forecast date"))
    axes.grid(True, alpha=0.3)
    if rows:
        axes.legend(fontsize=6, loc="upper left")
    data = pd.DataFrame([{_t(lang, "Jalon", "Milestone"): r["milestone"],
                          _t(lang, "Situation au", "As of"): r["as_of"].strftime("%d/%m/%Y" if lang == "fr" else "%Y-%m-%d"),
                          _t(lang, "Date prévue", "Forecast"): pd.Timestamp(r["forecast"]).strftime(
                              "%d/%m/%Y" if lang == "fr" else "%Y-%m-%d") if pd.notna(r["forecast"]) else "–"}
                         for r in rows])
    caption = _t(lang, f"Analyse de tendance des jalons : date prévue de chaque jalon clé à chaque situation ({len(labels)} situations)",
                 f"Milestone trend analysis: forecast date of each key milestone at each status ({len(labels)} statuses)")
    return Chart("milestone_trend_analysis", _t(lang, "Tendance des jalons clés", "Key milestone trend"), caption,
                 _png(figure), data)


#: The colour of a DCMA check's outcome in the schedule-quality heat map: pass, fail, not applicable.
OUTCOME_COLOURS = {True: RAG_COLOURS["green"], False: RAG_COLOURS["red"], None: "#d9d9d9"}
OUTCOME_MARKS = ("✓", "✗", "–")  # pass, fail, not applicable


def schedule_quality_heatmap(codes: Sequence[str], outcomes: Sequence[Sequence[bool | None]],
                             check_names: Sequence[str], lang: str = "fr", left_out: int = 0) -> Chart:
    """Projects (rows) × the fourteen DCMA checks (columns): green pass, red fail, grey not applicable.

    ``outcomes`` holds one row of fourteen outcomes per project of ``codes``; ``check_names`` are the
    checks' short names, in DCMA order.  ``left_out`` projects of better quality are not drawn (the
    caption says how many).  The data table counts each project's checks passed, failed and not
    applicable, and its schedule quality (passed / applicable, in %).
    """
    from matplotlib.colors import ListedColormap

    grid = np.array([[{True: 0, False: 1, None: 2}[o] for o in row] for row in outcomes], dtype=int).reshape(-1, 14)
    figure = _new_figure(7.0, min(1.6 + 0.24 * len(codes), 9.0))
    axes = figure.add_subplot()
    axes.imshow(grid, cmap=ListedColormap([OUTCOME_COLOURS[True], OUTCOME_COLOURS[False], OUTCOME_COLOURS[None]]),
                vmin=0, vmax=2, aspect="auto")
    axes.set_xticks(range(14))
    axes.set_xticklabels([f"{i} {name}" for i, name in enumerate(check_names, 1)], rotation=60, ha="right", fontsize=6)
    axes.set_yticks(range(len(codes)))
    axes.set_yticklabels(list(codes), fontsize=6)
    axes.set_xticks(np.arange(-0.5, 14), minor=True)
    axes.set_yticks(np.arange(-0.5, len(codes)), minor=True)
    axes.grid(which="minor", color="white", linewidth=1)
    axes.tick_params(which="minor", length=0)
    for (row, column), value in np.ndenumerate(grid):  # a mark in each cell, so that it reads without colours
        axes.text(column, row, OUTCOME_MARKS[value], ha="center", va="center", fontsize=7,
                  color="white" if value < 2 else "#404040")
    passed, failed = (grid == 0).sum(axis=1), (grid == 1).sum(axis=1)
    applicable = passed + failed
    share = np.where(applicable > 0, 100.0 * passed / np.maximum(applicable, 1), np.nan).round(0)
    data = pd.DataFrame({_t(lang, "Projet", "Project"): list(codes), _t(lang, "Conformes", "Passed"): passed,
                         _t(lang, "Non conformes", "Failed"): failed,
                         _t(lang, "Sans objet", "Not applicable"): (grid == 2).sum(axis=1),
                         _t(lang, "Qualité du planning (%)", "Schedule quality (%)"): share})
    caption = _t(lang, "Qualité du planning : les 14 contrôles de la DCMA par projet, en vert conformes, en rouge "
                       "non conformes, en gris sans objet",
                 "Schedule quality: the 14 DCMA checks by project, passed in green, failed in red, "
                 "not applicable in grey")
    if left_out:
        from pmo_xl.reports.formatting import count_text

        caption += _t(lang, f" ; les {len(codes)} projets de moindre qualité, "
                            f"{count_text(left_out, 'autre projet', 'autres projets', lang)} dans la feuille "
                            "Carte qualité planning du classeur maître",
                      f"; the {len(codes)} projects of lowest quality, "
                      f"{count_text(left_out, 'other project', 'other projects', lang)} in the master's "
                      "Carte qualité planning sheet")
    return Chart("schedule_quality", _t(lang, "Qualité du planning (DCMA 14 points)", "Schedule quality (DCMA 14 points)"),
                 caption, _png(figure), data)


def schedule_risk_bars(codes: Sequence[str], probabilities: Sequence[float | None], p50: Sequence[str],
                       p80: Sequence[str], lang: str = "fr") -> Chart:
    """Each project's probability of meeting its baseline finish (Monte Carlo), one horizontal bar per project.

    ``p50`` and ``p80`` are the finish dates already written in the pack's language, for the data table.
    """
    values = np.array([np.nan if p is None else 100.0 * float(p) for p in probabilities], dtype=float)
    figure = _new_figure(6.5, min(1.4 + 0.24 * len(codes), 9.0))
    axes = figure.add_subplot()
    colours = [RAG_COLOURS["green"] if v >= 80 else RAG_COLOURS["amber"] if v >= 50 else RAG_COLOURS["red"]
               for v in np.nan_to_num(values)]
    axes.barh(range(len(codes)), np.nan_to_num(values), color=colours)
    axes.set_yticks(range(len(codes)))
    axes.set_yticklabels(list(codes), fontsize=6)
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.xaxis.set_major_formatter(number_formatter(lang, 0))
    axes.set_xlabel(_t(lang, "Probabilité de tenir la fin de référence (%)", "Probability of meeting the baseline finish (%)"))
    axes.grid(True, axis="x", alpha=0.3)
    data = pd.DataFrame({_t(lang, "Projet", "Project"): list(codes), _t(lang, "Fin P50", "P50 finish"): list(p50),
                         _t(lang, "Fin P80", "P80 finish"): list(p80),
                         _t(lang, "Probabilité de tenir la fin de référence (%)",
                            "Probability of meeting the baseline finish (%)"): values.round(0)})
    caption = _t(lang, "Analyse de risque du planning (Monte Carlo) : probabilité de tenir la fin de référence par "
                       "projet ; vert à partir de 80 %, orange à partir de 50 %, rouge en dessous",
                 "Schedule risk analysis (Monte Carlo): probability of meeting the baseline finish by project; "
                 "green from 80 %, amber from 50 %, red below")
    return Chart("schedule_risk", _t(lang, "Risque du planning (Monte Carlo)", "Schedule risk (Monte Carlo)"),
                 caption, _png(figure), data)
