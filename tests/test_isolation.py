"""Isolated reads: a file that raises, aborts, eats memory or hangs is one failure; the others are read;
the workers die with their parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from pmo_xl.io.isolation import Failure, FailureKind, run_isolated

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="signals and rlimits are POSIX")


def misbehaving_read(path: Path):
    """Stands in for a reader: each file name says what goes wrong."""
    name = path.stem
    if name == "raises":
        raise ValueError("year 10000 is out of range")
    if name == "aborts":
        os.abort()
    if name == "hangs":
        time.sleep(60)
    if name == "eats":
        return len(bytearray(4 * 1024 ** 3))
    return name.upper(), os.getpid()


def _failed(path: Path, failure: Failure):
    return path.stem, failure


def test_each_failure_is_one_result_and_the_others_are_read():
    names = ["a", "raises", "b", "aborts", "c", "hangs", "eats", "d"]
    results = run_isolated(misbehaving_read, [Path(f"{n}.xlsx") for n in names], _failed, workers=2,
                           timeout_seconds=2, memory_mb=512)
    by_name = dict(zip(names, results))
    assert [by_name[n][0] for n in "abcd"] == ["A", "B", "C", "D"]
    assert all(by_name[n][1] != os.getpid() for n in "abcd")  # read in another process
    assert by_name["raises"][1] == Failure(FailureKind.CRASH, "ValueError: year 10000 is out of range")
    assert by_name["aborts"][1] == Failure(FailureKind.MEMORY, "SIGABRT")
    assert by_name["hangs"][1] == Failure(FailureKind.TIMEOUT, "")
    assert by_name["eats"][1] == Failure(FailureKind.MEMORY, "MemoryError")


def test_results_in_the_order_of_the_files_and_progress_reported():
    done: list[int] = []
    names = [f"f{k}" for k in range(9)]
    results = run_isolated(misbehaving_read, [Path(n) for n in names], _failed, workers=3, on_done=done.append)
    assert [r[0] for r in results] == [n.upper() for n in names]
    assert sorted(done) == list(range(9))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie waiting for its reaper is gone for good
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_workers_die_with_their_parent(tmp_path):
    script = tmp_path / "parent.py"
    script.write_text(textwrap.dedent(f"""
        import os, sys, time
        from pathlib import Path
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from pmo_xl.io.isolation import run_isolated

        def slow(path):
            os.write(1, (str(os.getpid()) + "\\n").encode())  # one write: two workers share the pipe
            time.sleep(60)

        run_isolated(slow, [Path("a"), Path("b")], lambda path, failure: None, workers=2, timeout_seconds=60)
    """))
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    workers = [int(parent.stdout.readline()) for _ in range(2)]
    assert all(_alive(pid) for pid in workers)
    parent.send_signal(signal.SIGKILL)
    parent.wait(timeout=10)
    deadline = time.monotonic() + 5
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in workers)
