"""Generation time and peak memory of every monthly committee pack, for the demo and for 200 projects.

Usage::

    python benchmarks/bench_packs.py [--projects 200] [--pdf] [--no-write]

The portfolio is synthetic (seeded, so every run builds the same one) and
shaped like a consolidated snapshot: 8 milestones, 12 critical-path tasks,
24 budget lines, 6 risks, 6 actions, 2 decisions and 3 alerts per project,
36 months of portfolio S-curve and 12 periods of KPI history.

Printed (and written to ``benchmarks/results/packs.md``): the seconds taken
by every pack of a monthly cycle (COPIL and TECH: Word pack, minutes,
PowerPoint deck and Excel dashboard) for the real 25-project demo and for a
200-project portfolio, against a baseline run in the same process, the
4-project portfolio of the same shape (``baseline_4_projects``), as a ratio
and per project; then the peak memory of the Python heap (tracemalloc) and
the peak resident set size of the process.  Goals: demo < 10 s, 200
projects < 30 s.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pmo_xl.engine.finance import fiscal_year_table  # noqa: E402
from pmo_xl.model.enums import Committee  # noqa: E402
from pmo_xl.model.portfolio import TABLES_BY_KEY, PortfolioSnapshot, conform  # noqa: E402
from pmo_xl.reports.context import PackKind, PackRequest  # noqa: E402
from pmo_xl.reports.packs import write_pack  # noqa: E402
from pmo_xl.reports.pdf import count_pdf_pages  # noqa: E402
from pmo_xl.model.period import parse_period  # noqa: E402

STATUS_DATE = date(2026, 11, 27)
RAGS = np.array(["green", "amber", "red"])
PHASES = np.array(["framing", "design", "build", "test", "deployment"])
STATUSES = np.array(["open", "in_progress", "closed"])


def synthetic_snapshot(project_count: int, seed: int = 2026) -> PortfolioSnapshot:
    """A consolidated-looking portfolio of ``project_count`` projects."""
    rng = np.random.default_rng(seed)
    codes = [f"PRJ-{i:03d}" for i in range(1, project_count + 1)]
    bac = rng.uniform(500_000, 25_000_000, project_count).round(0)
    pv = bac * rng.uniform(0.1, 0.9, project_count)
    ev = pv * rng.uniform(0.7, 1.15, project_count)
    ac = ev * rng.uniform(0.8, 1.3, project_count)
    spi, cpi = ev / pv, ev / ac
    rag = np.where((spi < 0.85) | (cpi < 0.85), "red", np.where((spi < 0.95) | (cpi < 0.95), "amber", "green"))
    baseline_finish = pd.Timestamp("2026-06-30") + pd.to_timedelta(rng.integers(0, 700, project_count), unit="D")
    slip = rng.integers(0, 90, project_count)

    def table(key, rows):
        return conform(TABLES_BY_KEY[key], pd.DataFrame(rows))

    overview = table("overview", {
        "project_code": codes, "project_name": [f"Projet de transformation n° {i}" for i in range(1, project_count + 1)],
        "programme": [f"Programme {i % 12 + 1}" for i in range(project_count)],
        "phase": rng.choice(PHASES, project_count), "project_manager": [f"Chef de projet {i % 40}" for i in range(project_count)],
        "sponsor": [f"Sponsor {i % 15}" for i in range(project_count)], "priority": rng.integers(1, 6, project_count),
        "baseline_finish": baseline_finish, "forecast_finish": baseline_finish + pd.to_timedelta(slip, unit="D"),
        "slip_days": slip, "percent_complete": rng.uniform(0, 1, project_count), "bac": bac, "pv": pv, "ev": ev,
        "ac": ac, "spi": spi, "cpi": cpi, "eac": bac / cpi, "vac": bac - bac / cpi, "rag_schedule": rag,
        "rag_cost": rag, "rag_scope": "green", "rag_risk": rng.choice(RAGS, project_count), "rag_overall": rag,
        "self_rag_overall": rng.choice(RAGS, project_count), "compliance_score": rng.uniform(0.5, 1, project_count),
        "data_quality_score": rng.uniform(0.6, 1, project_count), "workbook_status_date": pd.Timestamp(STATUS_DATE),
        "data_age_days": rng.integers(0, 20, project_count), "stale": False})
    repeat = lambda n: np.repeat(codes, n)  # noqa: E731
    m = 8 * project_count
    milestone_baseline = pd.Timestamp("2026-01-15") + pd.to_timedelta(rng.integers(0, 700, m), unit="D")
    milestone_slip = rng.integers(-5, 40, m)
    achieved = milestone_baseline < pd.Timestamp(STATUS_DATE)
    milestones = table("milestones", {
        "project_code": repeat(8), "task_id": [f"M{i % 8 + 1}" for i in range(m)],
        "milestone_name": [f"Jalon {i % 8 + 1} : validation du lot" for i in range(m)],
        "baseline_finish": milestone_baseline, "forecast_finish": milestone_baseline + pd.to_timedelta(milestone_slip, unit="D"),
        "actual_finish": pd.Series(milestone_baseline + pd.to_timedelta(milestone_slip, unit="D")).where(achieved),
        "slip_days": milestone_slip, "achieved": achieved, "late": milestone_slip > 0})
    c = 12 * project_count
    task_start = pd.Timestamp("2026-09-01") + pd.to_timedelta(np.tile(np.arange(12) * 20, project_count), unit="D")
    critical_path = table("critical_path", {
        "project_code": repeat(12), "sequence": np.tile(np.arange(1, 13), project_count),
        "task_id": [f"T{i % 12 + 1}" for i in range(c)], "task_name": [f"Tâche critique {i % 12 + 1}" for i in range(c)],
        "start": task_start, "finish": task_start + pd.Timedelta(days=19), "total_float_days": 0.0, "milestone": False})
    months = pd.date_range("2026-01-01", periods=24, freq="MS")
    b = 24 * project_count
    planned = np.repeat(bac / 24, 24)
    actual = np.where(np.tile(months, project_count) <= pd.Timestamp(STATUS_DATE), planned * rng.uniform(0.8, 1.3, b), np.nan)
    budget = table("budget", {
        "project_code": repeat(24), "month": np.tile(months, project_count), "category": "CAPEX", "nature": "external",
        "currency": "MAD", "rate": 1.0, "planned": planned, "actual": actual,
        "forecast": np.where(np.isnan(actual), planned, actual)})
    monthly = budget.groupby("month")[["planned", "actual", "forecast"]].sum(min_count=1).reset_index()
    for column in ("planned", "actual", "forecast"):
        monthly[f"cumulative_{column}"] = monthly[column].cumsum()
    budget_monthly = table("budget_monthly", monthly)
    r = 6 * project_count
    probability, impact = rng.integers(1, 6, r), rng.integers(1, 6, r)
    risks = table("risks", {
        "project_code": repeat(6), "risk_id": [f"R{i % 6 + 1}" for i in range(r)],
        "title": [f"Risque {i % 6 + 1} : dépendance à un fournisseur" for i in range(r)], "probability": probability,
        "impact": impact, "score": probability * impact, "owner": "Responsable risque",
        "status": rng.choice(STATUSES, r), "category": rng.choice(["Technique", "Métier", "Réglementaire"], r),
        "response": "Plan de réduction"})
    open_mask = risks["status"] != "closed"
    heat = np.zeros((5, 5), dtype=int)
    np.add.at(heat, (probability[open_mask] - 1, impact[open_mask] - 1), 1)
    risk_heatmap = table("risk_heatmap", [{"probability": p, **{f"impact_{i}": heat[p - 1, i - 1] for i in range(1, 6)}}
                                          for p in range(5, 0, -1)])
    a = 6 * project_count
    due = pd.Timestamp("2026-10-01") + pd.to_timedelta(rng.integers(0, 90, a), unit="D")
    action_status = rng.choice(STATUSES, a)
    overdue = (due < pd.Timestamp(STATUS_DATE)) & (action_status != "closed")
    actions = table("actions", {
        "source": "projet", "project_code": repeat(6), "action_id": [f"A{i % 6 + 1}" for i in range(a)],
        "title": [f"Action {i % 6 + 1} : relancer le fournisseur" for i in range(a)], "owner": "Responsable",
        "committee": rng.choice(["COPIL", "COPROJ", "TECH"], a), "due_date": due, "status": action_status,
        "overdue": overdue, "days_overdue": np.where(overdue, (pd.Timestamp(STATUS_DATE) - due).days, 0)})
    d = 2 * project_count
    decisions = table("decisions", {
        "source": "projet", "project_code": repeat(2), "decision_id": [f"D{i % 2 + 1}" for i in range(d)],
        "title": "Arbitrage de périmètre", "committee": rng.choice(["COPIL", "COPROJ", "TECH"], d),
        "decided_on": pd.Series(pd.Timestamp("2026-10-15"), index=range(d)).where(np.arange(d) % 2 == 1),
        "status": np.where(np.arange(d) % 2 == 0, "proposed", "approved"), "owner": "Sponsor",
        "due_date": pd.Timestamp("2026-12-31"), "awaiting_implementation": np.arange(d) % 2 == 1, "overdue": False})
    alerts = table("alerts", {
        "project_code": repeat(3), "dimension": np.tile(["schedule", "cost", "resources"], project_count),
        "severity": rng.choice(RAGS[1:], 3 * project_count), "indicator": "spi", "value": 0.8, "threshold": 0.9,
        "message": "Indicateur sous le seuil", "corrective_action": "Analyser le chemin critique et arbitrer"})
    errors = table("errors", [{"file": f"projets/PRJ-X{i}.xlsx", "sheet": "Tâches", "cell": f"D{i + 2}", "row": i + 2,
                               "severity": "error", "message": "date invalide", "found": "31/09/2026",
                               "expected": "a date"} for i in range(5)])
    periods = [f"2025-{m:02d}" for m in (12,)] + [f"2026-{m:02d}" for m in range(1, 12)]
    history = []
    for period in periods:
        for code, project_rag, project_spi, project_cpi in zip(codes, rng.choice(RAGS, project_count), spi, cpi):
            history += [{"status_date": pd.Period(period).end_time.normalize(), "period": period, "project_code": code,
                         "kpi": "rag_overall", "rag": project_rag},
                        {"status_date": pd.Period(period).end_time.normalize(), "period": period, "project_code": code,
                         "kpi": "spi", "value": project_spi},
                        {"status_date": pd.Period(period).end_time.normalize(), "period": period, "project_code": code,
                         "kpi": "cpi", "value": project_cpi}]
    kpi_history = table("kpi_history", history)
    finance = conform(TABLES_BY_KEY["finance"], fiscal_year_table(budget, dict(zip(codes, bac * 1.05)), STATUS_DATE))
    return PortfolioSnapshot(STATUS_DATE, "MAD", overview=overview, milestones=milestones, critical_path=critical_path,
                             budget=budget, budget_monthly=budget_monthly, risks=risks, risk_heatmap=risk_heatmap,
                             actions=actions, decisions=decisions, alerts=alerts, errors=errors, kpi_history=kpi_history,
                             finance=finance)


MONTHLY_COMMITTEES = (Committee.COPIL, Committee.TECH)  # what ``pmo-xl run`` writes for a month
RESULTS = Path(__file__).resolve().parent / "results" / "packs.md"


def timed_packs(snapshot: PortfolioSnapshot, out_dir: Path, pdf: bool) -> float:
    """Seconds to write every pack of a monthly cycle (COPIL and TECH: Word, minutes, deck, dashboard)."""
    started = time.perf_counter()
    for committee in MONTHLY_COMMITTEES:
        request = PackRequest(parse_period("2026-11"), PackKind.MONTHLY, committee, "fr", generated_on=STATUS_DATE)
        write_pack(snapshot, request, out_dir, pdf=pdf)
    return time.perf_counter() - started


def demo_snapshot(folder: Path) -> PortfolioSnapshot:
    """The consolidated 25-project demo (written and consolidated once, not timed)."""
    from pmo_xl.demo.run import DEMO_STEPS, run_demo
    from pmo_xl.io.master.reader import read_snapshot

    run_demo(folder, steps=[DEMO_STEPS[-1]])
    return read_snapshot(folder / "portefeuille_maitre.xlsx")


def demo_request_period(snapshot: PortfolioSnapshot) -> str:
    return f"{snapshot.status_date:%Y-%m}"


def timed_demo_packs(snapshot: PortfolioSnapshot, out_dir: Path) -> float:
    started = time.perf_counter()
    for committee in MONTHLY_COMMITTEES:
        request = PackRequest(parse_period(demo_request_period(snapshot)), PackKind.MONTHLY, committee, "fr",
                              generated_on=STATUS_DATE)
        write_pack(snapshot, request, out_dir)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=200)
    parser.add_argument("--pdf", action="store_true", help="include the LibreOffice PDF conversion")
    parser.add_argument("--no-write", action="store_true", help=f"do not rewrite {RESULTS.name}")
    args = parser.parse_args()
    import resource

    small, large = synthetic_snapshot(4), synthetic_snapshot(args.projects)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        demo = demo_snapshot(out / "demo")
        timed_packs(small, out / "warm-up", False)  # imports, fonts and matplotlib caches
        baseline = timed_packs(small, out / "baseline", args.pdf)
        demo_seconds = timed_demo_packs(demo, out / "demo-packs")
        measured = timed_packs(large, out / "large", args.pdf)
        gc.collect()
        tracemalloc.start()
        timed_packs(large, out / "traced", False)
        _, peak_heap = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        files = sorted((out / "large").iterdir())
        pdf_pages = ", ".join(f"{p.name} {count_pdf_pages(p)} pages" for p in files if p.suffix == ".pdf")
        sizes = ", ".join(f"{p.name} {p.stat().st_size / 1e6:.1f} MB" for p in files)
    peak_rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    demo_projects = len(demo.overview)
    per_project_small, per_project_large = baseline / 4, measured / args.projects
    lines = [
        f"baseline_4_projects, every monthly pack: {baseline:.2f} s ({per_project_small * 1000:.0f} ms per project)",
        f"demo_{demo_projects}_projects, every monthly pack (docx + pptx + xlsx): {demo_seconds:.2f} s "
        f"(ratio to baseline {demo_seconds / baseline:.1f}x; goal < 10 s: {'met' if demo_seconds < 10 else 'NOT met'})",
        f"{args.projects}_projects, every monthly pack: {measured:.2f} s (ratio to baseline {measured / baseline:.1f}x, "
        f"{per_project_large * 1000:.0f} ms per project = {per_project_large / per_project_small:.2f}x the baseline's "
        f"per project; goal < 30 s: {'met' if measured < 30 else 'NOT met'})",
        f"peak Python heap (tracemalloc): {peak_heap / 2**20:.0f} MiB",
        f"peak resident set size of the process: {peak_rss_kib / 1024:.0f} MiB",
        f"files: {sizes}",
    ]
    if pdf_pages:
        lines.append(f"PDF: {pdf_pages} (LibreOffice runs in a child process, not counted in the peak above)")
    print("\n".join(lines))
    if not args.no_write:
        RESULTS.write_text("# Committee packs: generation time\n\n"
                           "`python benchmarks/bench_packs.py` on the 2-core build machine; every monthly pack "
                           "(COPIL and TECH: Word pack, minutes, PowerPoint deck, Excel dashboard; no PDF).\n\n"
                           + "\n".join(f"- {line}" for line in lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
