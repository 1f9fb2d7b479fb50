"""Long commands tell their progress: one step per workbook read, the master written, one step per pack."""

from __future__ import annotations

import io

from rich.console import Console
from typer.testing import CliRunner

from pmo_xl.cli import app
from pmo_xl.cli.output import progress_bar
from pmo_xl.model.enums import Committee
from pmo_xl.model.period import reporting_period_for
from pmo_xl.model.progress import ProgressStep
from pmo_xl.reports.batch import run_cycle
from pmo_xl.service.consolidate import consolidate

from test_consolidation import portfolio  # noqa: F401  (fixture)
from test_portfolio_data import STATUS_DATE

WORKBOOKS = {"APP.xlsx", "BNK.xlsx", "CASSE.xlsx"}  # the Excel lock file ~$APP.xlsx is not read


def test_consolidation_tells_each_workbook_then_the_master(portfolio):  # noqa: F811
    steps: list[ProgressStep] = []
    consolidate(portfolio, period=reporting_period_for(STATUS_DATE), workers=2, on_progress=steps.append)
    reads = [s for s in steps if s.stage == "read"]
    assert [(s.done, s.total) for s in reads] == [(1, 3), (2, 3), (3, 3)]
    assert {s.item for s in reads} == WORKBOOKS  # the broken workbook is a step too: it was read, and failed
    assert steps[-1] == ProgressStep("write", 1, 1, portfolio.name)


def test_a_cycle_tells_each_pack(portfolio, tmp_path):  # noqa: F811
    steps: list[ProgressStep] = []
    result = run_cycle(portfolio, reporting_period_for(STATUS_DATE), out_dir=tmp_path / "packs",
                       committees=[Committee.COPIL, Committee.TECH], on_progress=steps.append)
    assert not result.fatal
    packs = [s for s in steps if s.stage == "pack"]
    assert [(s.done, s.total, s.item) for s in packs] == [(1, 2, "COPIL monthly fr"), (2, 2, "TECH monthly fr")]
    assert [s.stage for s in steps].index("pack") > [s.stage for s in steps].index("write")


def _terminal(buffer: io.StringIO) -> Console:
    return Console(file=buffer, force_terminal=True, width=100, color_system=None)


def test_the_bar_shows_on_a_terminal_with_the_file_read():
    buffer = io.StringIO()
    with progress_bar(console=_terminal(buffer)) as show:
        assert show is not None
        show(ProgressStep("read", 1, 2, "PRJ-01.xlsx"))
        show(ProgressStep("read", 2, 2, "PRJ-02.xlsx"))
        show(ProgressStep("write", 1, 1, "portefeuille_maitre.xlsx"))
    text = buffer.getvalue()
    assert "Lecture des classeurs" in text and "PRJ-02.xlsx" in text and "2/2" in text
    assert "Écriture du classeur maître" in text


def test_the_bar_speaks_english():
    buffer = io.StringIO()
    with progress_bar(lang="en", console=_terminal(buffer)) as show:
        show(ProgressStep("pack", 1, 3, "COPIL monthly en"))
    assert "Committee packs" in buffer.getvalue() and "1/3" in buffer.getvalue()


def test_no_bar_when_quiet_or_not_on_a_terminal():
    buffer = io.StringIO()
    with progress_bar(quiet=True, console=_terminal(buffer)) as show:
        assert show is None
    with progress_bar(console=Console(file=buffer, force_terminal=False)) as show:
        assert show is None
    with progress_bar() as show:  # the test's stderr is not a terminal, as under a scheduler
        assert show is None
    assert buffer.getvalue() == ""


def test_cli_consolidate_off_a_terminal_prints_only_the_summary(portfolio):  # noqa: F811
    outcome = CliRunner().invoke(app, ["consolidate", "--master", str(portfolio), "--status-date", "2026-10-30",
                                       "--quiet"])
    assert "2 project(s) consolidated" in outcome.output
    assert "Lecture des classeurs" not in outcome.output


def test_monte_carlo_tells_its_iterations_chunk_by_chunk():
    from pmo_xl.engine.risk import RiskOptions, analyse_risk
    from test_risk import plan, task

    data = plan([task("A", 10), task("B", 10, ["A"]), task("C", 5, ["A"])])
    steps: list[ProgressStep] = []
    analysis = analyse_risk(data, RiskOptions(iterations=5000, seed=21, memory_budget_mb=0.01), events=[],
                            on_progress=steps.append)
    chunk = analysis.chunk_iterations
    assert [s.done for s in steps] == [min(chunk * k, 5000) for k in range(1, len(steps) + 1)]
    assert steps[-1].done == 5000 and {s.total for s in steps} == {5000} and {s.stage for s in steps} == {"iterations"}
    assert len(steps) == -(-5000 // chunk) > 10
    silent = analyse_risk(data, RiskOptions(iterations=5000, seed=21, memory_budget_mb=0.01), events=[])
    assert silent.finish_percentiles == analysis.finish_percentiles  # telling progress changes nothing
