"""The COPIL deck: a PowerPoint presentation on the layout template, from the same snapshot as the Word pack.

Slides, in order: the title; the synthesis (a native chart of the projects
by RAG and the key PMO messages); the budget S-curve; the budget by fiscal
year (CAPEX and OPEX against the approved envelope); one slide per red or
amber project, worst first, with the project manager's narrative in the
speaker notes; one slide per decision requested.  Charts are python-pptx
chart objects (editable in PowerPoint, data in the embedded workbook), not
pictures; their numbers are the snapshot's.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.util import Emu, Pt

from pmo_xl.engine.finance import fiscal_year_totals
from pmo_xl.io.atomic import atomic_path
from pmo_xl.model.enums import Rag, label, parse_enum
from pmo_xl.model.portfolio import PortfolioSnapshot
from pmo_xl.reports.charts import month_label
from pmo_xl.reports.context import PackContext, PackRequest
from pmo_xl.reports.deck_template import open_deck_template
from pmo_xl.reports.formatting import is_missing

RAG_RGB = {Rag.RED: RGBColor(0xC0, 0x39, 0x2B), Rag.INCOMPLETE: RGBColor(0x9E, 0x9E, 0x9E),
           Rag.AMBER: RGBColor(0xF3, 0x9C, 0x12), Rag.GREEN: RGBColor(0x2E, 0x7D, 0x32)}
MARGIN = Emu(457200)
TOP = Emu(1400000)
BODY_FONT = Pt(14)
SMALL_FONT = Pt(12)


def _t(lang: str, fr: str, en: str) -> str:
    return fr if lang == "fr" else en


def money_format(currency: str) -> str:
    """An Excel number format with thousands separators and the currency code: ``#,##0 "MAD"``."""
    return f'#,##0 "{currency}"'


# ---------------------------------------------------------------------------
# chart data, straight from the snapshot


def rag_distribution(snapshot: PortfolioSnapshot, codes: set[str]) -> dict[Rag, int]:
    """Projects in scope by overall RAG."""
    overview = snapshot.overview[snapshot.overview["project_code"].astype(str).isin(codes)]
    rags = [None if is_missing(v) else parse_enum(Rag, v) for v in overview["rag_overall"]]
    counts = {rag: rags.count(rag) for rag in RAG_RGB}
    return {rag: n for rag, n in counts.items() if n or rag is not Rag.INCOMPLETE}  # grey only when there is some


def s_curve(snapshot: PortfolioSnapshot) -> pd.DataFrame:
    """The portfolio's cumulative planned, actual (to the status date) and forecast amounts by month."""
    monthly = snapshot.budget_monthly.sort_values("month").reset_index(drop=True)
    status = pd.Timestamp(snapshot.status_date) if snapshot.status_date else None
    actual = monthly["cumulative_actual"].where(pd.to_datetime(monthly["month"]) <= status) if status is not None \
        else monthly["cumulative_actual"]
    return pd.DataFrame({"month": pd.to_datetime(monthly["month"]), "planned": monthly["cumulative_planned"],
                         "actual": actual, "forecast": monthly["cumulative_forecast"]})


# ---------------------------------------------------------------------------
# slides


def _text_box(slide, left, top, width, height, lines: list[str], size=BODY_FONT, bold_first: bool = False):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.font.size = size
        paragraph.font.bold = bold_first and index == 0
    return box


def _titled(presentation, title: str):
    slide = presentation.slides.add_slide(presentation.slide_layouts.get_by_name("Title Only"))
    slide.shapes.title.text = title
    return slide


def _content_width(presentation) -> Emu:
    return Emu(presentation.slide_width - 2 * MARGIN)


def _title_slide(presentation, meta: dict, lang: str) -> None:
    slide = presentation.slides.add_slide(presentation.slide_layouts.get_by_name("Title Slide"))
    slide.shapes.title.text = meta["title"]
    slide.placeholders[1].text = f"{meta['period_long']} · {_t(lang, 'situation au', 'status at')} {meta['status_date']}"


def _synthesis_slide(presentation, snapshot, codes, copil: dict, lang: str) -> None:
    slide = _titled(presentation, _t(lang, "Synthèse du portefeuille", "Portfolio summary"))
    counts = rag_distribution(snapshot, codes)
    data = CategoryChartData()
    data.categories = [label(rag, lang) for rag in counts]
    data.add_series(_t(lang, "Projets", "Projects"), list(counts.values()), number_format="0")
    half = Emu(_content_width(presentation) // 2)
    graphic = slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, MARGIN, TOP, half, Emu(4800000), data)
    chart = graphic.chart
    chart.has_legend = False
    chart.has_title = True
    chart.chart_title.text_frame.text = _t(lang, "Projets par météo", "Projects by RAG")
    chart.value_axis.tick_labels.number_format = "0"
    chart.value_axis.tick_labels.number_format_is_linked = False
    chart.value_axis.major_unit = 1
    plot = chart.plots[0]
    plot.has_data_labels = True
    for point, rag in zip(plot.series[0].points, counts):
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = RAG_RGB[rag]
    weather = [f"{w['rag']} : {w['count']} ({_t(lang, 'dernier comité', 'last committee')} {w['previous']}, {w['arrow']})"
               if lang == "fr" else f"{w['rag']}: {w['count']} (last committee {w['previous']}, {w['arrow']})"
               for w in copil["weather"]]
    _text_box(slide, Emu(MARGIN + half), TOP, half, Emu(4800000),
              [_t(lang, "Messages clés du PMO", "Key PMO messages"), *copil["messages"], "", *weather],
              size=SMALL_FONT, bold_first=True)


def _s_curve_slide(presentation, snapshot, lang: str) -> None:
    slide = _titled(presentation, _t(lang, "Courbe en S du budget", "Budget S-curve"))
    curve = s_curve(snapshot)
    if curve.empty:
        _text_box(slide, MARGIN, TOP, _content_width(presentation), Emu(800000),
                  [_t(lang, "Aucune ligne budgétaire consolidée.", "No budget line consolidated.")])
        return
    data = CategoryChartData(number_format=money_format(snapshot.reporting_currency))
    data.categories = [month_label(m.date(), lang) for m in curve["month"]]
    for key, fr, en in (("planned", "Prévu cumulé", "Cumulative planned"), ("actual", "Réel cumulé", "Cumulative actual"),
                        ("forecast", "Prévision cumulée", "Cumulative forecast")):
        data.add_series(_t(lang, fr, en), [None if is_missing(v) else float(v) for v in curve[key]])
    graphic = slide.shapes.add_chart(XL_CHART_TYPE.LINE, MARGIN, TOP, _content_width(presentation), Emu(5000000), data)
    chart = graphic.chart
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.value_axis.tick_labels.number_format = money_format(snapshot.reporting_currency)
    chart.value_axis.tick_labels.number_format_is_linked = False
    chart.category_axis.tick_labels.font.size = Pt(9)


def _fiscal_year_slide(presentation, snapshot, codes, copil: dict, lang: str) -> None:
    slide = _titled(presentation, _t(lang, "Budget par exercice : CAPEX et OPEX face à l’enveloppe approuvée",
                                     "Budget by fiscal year: CAPEX and OPEX against the approved envelope"))
    finance = snapshot.finance[snapshot.finance["project_code"].astype(str).isin(codes)]
    totals = fiscal_year_totals(finance)
    if totals.empty:
        _text_box(slide, MARGIN, TOP, _content_width(presentation), Emu(800000),
                  [_t(lang, "Aucune ligne budgétaire consolidée.", "No budget line consolidated.")])
        return
    data = CategoryChartData(number_format=money_format(snapshot.reporting_currency))
    data.categories = [f"{r['fiscal_year']} {r['category']}" for r in totals.to_dict("records")]
    for key, fr, en in (("approved", "Enveloppe approuvée", "Approved envelope"),
                        ("actual_to_date", "Réalisé à date", "Actual to date"),
                        ("estimate_at_completion", "Atterrissage", "Landing")):
        data.add_series(_t(lang, fr, en), [0.0 if is_missing(v) else float(v) for v in totals[key]])
    width = _content_width(presentation)
    graphic = slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, MARGIN, TOP, Emu(int(width * 0.62)),
                                     Emu(5000000), data)
    chart = graphic.chart
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.value_axis.tick_labels.number_format = money_format(snapshot.reporting_currency)
    chart.value_axis.tick_labels.number_format_is_linked = False
    lines = [_t(lang, "Écart à l’enveloppe", "Variance to the envelope")]
    lines += [f"{r['year']} {r['category']} : {r['variance']}" if lang == "fr" else f"{r['year']} {r['category']}: {r['variance']}"
              for r in copil["finance"]]
    _text_box(slide, Emu(MARGIN + int(width * 0.64)), TOP, Emu(int(width * 0.36)), Emu(5000000), lines,
              size=Pt(11), bold_first=True)


def _project_slide(presentation, page: dict, lang: str) -> None:
    slide = _titled(presentation, f"{page['code']} – {page['name']}")
    rag = page["rag"][0]
    colon = " : " if lang == "fr" else ": "
    lines = [_t(lang, f"Météo globale {rag['overall']} · délais {rag['schedule']} · coûts {rag['cost']} · "
                      f"périmètre {rag['scope']} · risques {rag['risk']}",
                f"Overall {rag['overall']} · schedule {rag['schedule']} · cost {rag['cost']} · "
                f"scope {rag['scope']} · risks {rag['risk']}"),
             *page["warnings"]]
    lines += [f"{k['kpi']}{colon}{k['now']} ({_t(lang, 'dernier comité', 'last committee')} {k['previous']}, {k['trend']})"
              for k in page["kpis"]]
    budget = page["budget"]
    lines.append(f"BAC {budget['bac']} · AC {budget['ac']} · EAC {budget['eac']} · "
                 f"{_t(lang, 'consommé', 'spent')} {budget['consumed']}")
    lines += [f"{_t(lang, 'Jalon', 'Milestone')} {m['name']} ({m['state']}){colon}{m['forecast']}" for m in page["milestones"][:3]]
    lines += [f"{_t(lang, 'Risque', 'Risk')} {r['title']} ({r['score']})" for r in page["risks"][:2]]
    lines += [f"{_t(lang, 'Décision demandée', 'Decision requested')}{colon}{d['title']}" for d in page["decisions"]]
    _text_box(slide, MARGIN, TOP, _content_width(presentation), Emu(5000000), lines, size=SMALL_FONT)
    notes = [_t(lang, "Réalisations", "Achievements") + colon + "; ".join(page["achievements"]),
             _t(lang, "Prochaines étapes", "Next steps") + colon + "; ".join(page["next_steps"]),
             _t(lang, "Points d’attention", "Help needed") + colon + page["help_needed"]]
    slide.notes_slide.notes_text_frame.text = "\n".join(notes)


def _decision_slide(presentation, decision: dict, lang: str) -> None:
    slide = _titled(presentation, f"{_t(lang, 'Décision', 'Decision')} {decision['project']} {decision['id']} – {decision['title']}")
    colon = " : " if lang == "fr" else ": "
    lines = [_t(lang, "Échéance", "Deadline") + colon + decision["due_date"],
             _t(lang, "Contexte", "Context") + colon + decision["context"],
             _t(lang, "Options", "Options") + colon + decision["options"].replace("\n", "; "),
             _t(lang, "Recommandation", "Recommendation") + colon + decision["recommendation"],
             _t(lang, "Impact coût", "Cost impact") + colon + decision["cost"],
             _t(lang, "Impact délai", "Schedule impact") + colon + decision["schedule"],
             _t(lang, "Impact périmètre", "Scope impact") + colon + decision["scope"]]
    _text_box(slide, MARGIN, TOP, _content_width(presentation), Emu(5000000), lines)
    slide.notes_slide.notes_text_frame.text = _t(lang, "Porteur : ", "Owner: ") + decision["owner"]


def _remember_part_names(presentation) -> None:
    """Give the package a part-name counter, so that adding a slide does not walk every part again.

    python-pptx names each new part (notes slide, chart) by listing all the
    parts of the package, which makes a deck of n slides cost n²; the names
    handed out here are the same ones, kept in a set.
    """
    from pptx.opc.packuri import PackURI

    package = presentation.part.package
    used = {str(part.partname) for part in package.iter_parts()}

    def next_partname(template: str) -> PackURI:
        number = 1
        while template % number in used:
            number += 1
        used.add(template % number)
        return PackURI(template % number)

    package.next_partname = next_partname


def write_deck(snapshot: PortfolioSnapshot, request: PackRequest, context: PackContext, target: str | Path,
               template: Path | None = None) -> Path:
    """Write the COPIL deck of ``context`` (a COPIL pack context) to ``target`` atomically."""
    lang, copil = request.lang, context.values["copil"]
    codes = set(context.project_codes)
    presentation = open_deck_template(template)
    _remember_part_names(presentation)
    _title_slide(presentation, context.values["meta"], lang)
    _synthesis_slide(presentation, snapshot, codes, copil, lang)
    _s_curve_slide(presentation, snapshot, lang)
    _fiscal_year_slide(presentation, snapshot, codes, copil, lang)
    for page in copil["exceptions"]:
        _project_slide(presentation, page, lang)
    for decision in copil["decisions_all"]:
        _decision_slide(presentation, decision, lang)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(target) as temporary:
        presentation.save(str(temporary))
    return target
