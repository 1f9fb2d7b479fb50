"""MS Project .mpp files read through MPXJ, checked against what MS Project stored in them.

MS Project stores the early and late dates and the free slack of every task in
an .mpp (not the total slack nor the critical flag, which MPXJ works out from
the stored dates).  Compared as for the MSPDI files: every comparable leaf
task, dates in working time to the minute, slacks to the minute, critical flag.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmo_xl.cli import app
from pmo_xl.engine.cpm import schedule
from pmo_xl.errors import InputError
from pmo_xl.io.mpp import read_mpp, read_mpp_with_results
from test_mspdi_vs_msproject import differences

from reference_files import find_schedule, schedule_path  # noqa: E402


def test_home_move_plan_matches_ms_project_on_every_task():
    data, reference = read_mpp_with_results(schedule_path("mpp_msp2010_homemove_171t.mpp"))
    assert data.project.code == "mpp_msp2010_homemove_171t"
    assert data.source == str(schedule_path("mpp_msp2010_homemove_171t.mpp"))
    leaves = [t for t in data.tasks if not t.summary]
    assert (len(data.tasks), len(leaves)) == (171, 126)
    links = [(link.type.value, link.lag_days) for t in data.tasks for link in t.predecessors]
    assert len(links) == 127 and set(links) == {("FS", 0.0)}
    result = schedule(data)
    assert differences(data, reference, result) == {}
    assert differences(data, reference, result, summaries=True) == {}


def test_training_plan_with_lags_and_constraints_matches_ms_project():
    data, reference = read_mpp_with_results(schedule_path("mpp_msp2010_training_76t.mpp"))
    leaves = [t for t in data.tasks if not t.summary]
    assert (len(data.tasks), len(leaves)) == (76, 61)
    kinds = [link.type.value for t in data.tasks for link in t.predecessors]
    assert (kinds.count("FS"), kinds.count("SS")) == (59, 4)
    # lags in working days: leads down to -4 days, half a day, and one of 90 days (432000 tenths of a minute)
    lags = {link.lag_days for t in data.tasks for link in t.predecessors if link.lag_days}
    assert lags == {-4.0, -2.0, -1.0, 0.5, 1.0, 2.0, 3.0, 90.0}
    assert sum(t.constraint_type.value == "SNET" for t in data.tasks) == 10
    result = schedule(data)
    assert differences(data, reference, result) == {}
    assert differences(data, reference, result, summaries=True) == {}


def test_schedule_command_reads_mpp(tmp_path):
    out = tmp_path / "out.csv"
    runner = CliRunner()
    result = runner.invoke(app, ["schedule", str(schedule_path("mpp_msp2010_training_76t.mpp")), "--out", str(out)])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 76
    data, reference = read_mpp_with_results(schedule_path("mpp_msp2010_training_76t.mpp"))
    # ids are the task UIDs; the critical flags are those MS Project's dates give
    critical = {r.uid: r.critical for r in reference.itertuples() if r.uid != "0"}
    assert {row["id"]: row["critical"] == "true" for row in rows} == critical


def test_a_file_that_is_not_a_plan_is_refused_where_it_is(tmp_path):
    bad = tmp_path / "plan.mpp"
    bad.write_bytes(b"PK\x03\x04 this is not an MS Project file")
    with pytest.raises(InputError) as caught:
        read_mpp(bad)
    assert caught.value.location.file == str(bad)
    assert "not a file MS Project or MPXJ can read" in caught.value.message
    with pytest.raises(InputError, match="file not found"):
        read_mpp(tmp_path / "absent.mpp")


def test_without_the_extra_the_message_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "mpxj", None)  # as if the package were not installed
    with pytest.raises(InputError, match=r"pip install 'pmo-xl\[mpp\]'"):
        read_mpp(schedule_path("mpp_msp2010_training_76t.mpp"))
