"""No dead code in the package: vulture, at its high-confidence level, reports nothing in ``pmo_xl/``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "pmo_xl"


def test_vulture_finds_no_dead_code_at_high_confidence():
    found = subprocess.run([sys.executable, "-m", "vulture", str(PACKAGE), "--min-confidence", "80"],
                           capture_output=True, text=True)
    assert found.returncode == 0, found.stdout + found.stderr
    assert found.stdout == ""


def test_vulture_would_see_dead_code(tmp_path):
    """The check is live: a module with an unused import and unreachable code is reported."""
    module = tmp_path / "dead.py"
    module.write_text("import os\n\n\ndef f():\n    return 1\n    print('never')\n")
    found = subprocess.run([sys.executable, "-m", "vulture", str(module), "--min-confidence", "80"],
                           capture_output=True, text=True)
    assert found.returncode != 0 and "unused import 'os'" in found.stdout and "unreachable code" in found.stdout
