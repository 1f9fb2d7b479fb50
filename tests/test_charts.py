"""Charts: each returns a 150 dpi PNG, its caption and the exact numbers drawn."""

import struct
from datetime import date

import numpy as np

from pmo_xl.reports import charts

NNBSP = "\u202f"


def _png_size_and_dpi(png: bytes) -> tuple[int, int, float]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    position = 8
    dpi = None
    while position < len(png):
        length = struct.unpack(">I", png[position:position + 4])[0]
        kind = png[position + 4:position + 8]
        if kind == b"pHYs":
            per_metre = struct.unpack(">I", png[position + 8:position + 12])[0]
            dpi = per_metre * 0.0254
        position += 12 + length
    return width, height, dpi


def test_s_curve_data_is_cumulative_and_stops_at_last_actual():
    months = [date(2026, m, 1) for m in (9, 10, 11, 12)]
    chart = charts.budget_s_curve(months, planned=[100_000, 200_000, 300_000, 400_000],
                                  actual=[120_000, 150_000, None, None],
                                  forecast=[120_000, 150_000, 330_000, 400_000], currency="MAD", lang="fr")
    planned = chart.data.iloc[:, 1].tolist()
    actual = chart.data.iloc[:, 2].tolist()
    assert planned == [100_000, 300_000, 600_000, 1_000_000]
    assert actual[:2] == [120_000, 270_000] and np.isnan(actual[2]) and np.isnan(actual[3])
    assert chart.data.iloc[:, 3].tolist() == [120_000, 270_000, 600_000, 1_000_000]
    assert chart.data.iloc[:, 0].tolist() == ["sept. 2026", "oct. 2026", "nov. 2026", "déc. 2026"]
    rows = chart.data_rows("fr")
    assert rows[3][1] == f"1{NNBSP}000{NNBSP}000"
    assert rows[2][2] == "–"
    width, height, dpi = _png_size_and_dpi(chart.png)
    assert (width, height) == (1050, 540)  # 7 x 3.6 inches at 150 dpi
    assert round(dpi) == 150
    assert "cumulé" in chart.caption


def test_spi_cpi_scatter_keeps_two_decimals_in_english():
    chart = charts.spi_cpi_scatter(["P1", "P2"], [0.934, 1.1], [1.0, 0.876], lang="en")
    assert chart.data.columns.tolist() == ["Project", "SPI", "CPI"]
    assert chart.data_rows("en") == [["P1", "0.93", "1.00"], ["P2", "1.10", "0.88"]]
    assert chart.caption.startswith("Schedule (SPI)")


def test_rag_trend_columns_hold_counts():
    chart = charts.rag_trend(["2026-09", "2026-10"], [5, 4], [2, 3], [1, 1], lang="fr")
    assert chart.data.to_dict("list") == {"Période": ["2026-09", "2026-10"], "Vert": [5, 4], "Orange": [2, 3], "Rouge": [1, 1]}


def test_milestone_trend_data():
    chart = charts.milestone_trend(["oct. 2026", "nov. 2026"], [4, 6], [3, 4], [1, 2], lang="fr")
    assert chart.data_rows("fr") == [["oct. 2026", "4", "3", "1"], ["nov. 2026", "6", "4", "2"]]


def test_risk_heatmap_rows_are_probabilities_columns_impacts():
    counts = np.zeros((5, 5), dtype=int)
    counts[4, 3] = 2  # probability 5, impact 4
    counts[0, 0] = 1
    chart = charts.risk_heatmap(counts, lang="en")
    assert chart.data.columns.tolist() == ["Probability", "Impact 1", "Impact 2", "Impact 3", "Impact 4", "Impact 5"]
    assert chart.data.loc[4, "Impact 4"] == 2
    assert chart.data.loc[0, "Impact 1"] == 1
    assert int(chart.data.iloc[:, 1:].to_numpy().sum()) == 3
    assert _png_size_and_dpi(chart.png)[2] > 149
