"""The package as a user installs it: a wheel built from the repository, installed (not editable) in a
fresh virtual environment, runs the whole demo.

The fresh environment sees the dependencies of the test environment through a path entry (the tested
versions, without a second download) but not the repository itself: ``pmo_xl`` is imported from the
installed wheel, so a module, template or data file missing from the wheel fails the demo here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _run(args: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME")}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The ``bin`` folder of a fresh venv holding the wheel built from this repository."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"  # a copy, so the build leaves nothing in the repository
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", "demo_out"))
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                  "-w", str(root / "dist"), str(source)], cwd=root)
    assert built.returncode == 0, built.stderr
    wheels = list((root / "dist").glob("pmo_xl-*.whl"))
    assert len(wheels) == 1
    venv.EnvBuilder(with_pip=False).create(root / "venv")
    bin_dir = root / "venv" / ("Scripts" if os.name == "nt" else "bin")
    target = Path(_run([str(bin_dir / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                       cwd=root).stdout.strip())
    (target / "tested_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    install = _run([sys.executable, "-m", "pip", "--python", str(bin_dir / "python"), "install", "--no-deps", "-q",
                    str(wheels[0])], cwd=root)
    assert install.returncode == 0, install.stderr
    return bin_dir


def test_the_package_imports_from_the_installed_wheel(installed, tmp_path):
    where = _run([str(installed / "python"), "-c", "import pmo_xl; print(pmo_xl.__file__)"], cwd=tmp_path)
    assert where.returncode == 0, where.stderr
    location = Path(where.stdout.strip()).resolve()
    assert REPO not in location.parents
    assert "site-packages" in location.parts


def test_the_demo_runs_from_the_wheel(installed, tmp_path):
    result = _run([str(installed / "pmo-xl"), "demo", str(tmp_path / "demo")], cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    out = tmp_path / "demo"
    assert (out / "portefeuille_maitre.xlsx").is_file()
    packs = sorted(path.name for path in (out / "packs").iterdir())
    assert any(name.startswith("COPIL_") and name.endswith(".docx") for name in packs)
    assert any(name.endswith("_dashboard.xlsx") for name in packs)
