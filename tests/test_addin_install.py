"""Where `pmo-xl addin install` puts the add-in, per platform, and the CLI's answers."""

from __future__ import annotations

from pathlib import Path, PureWindowsPath

import pytest
import xlwings
from typer.testing import CliRunner

from pmo_xl.cli import app
from pmo_xl.excel.addin_install import (
    ExcelNotAvailable,
    addin_startup_dir,
    install_addin,
    install_plan,
    uninstall_addin,
)


def test_windows_uses_the_users_xlstart_under_appdata():
    folder = addin_startup_dir("win32", PureWindowsPath(r"C:\Users\amina"),
                               {"APPDATA": r"C:\Users\amina\AppData\Roaming"})
    assert folder == PureWindowsPath(r"C:\Users\amina\AppData\Roaming\Microsoft\Excel\XLSTART")


def test_windows_without_appdata_falls_back_to_the_roaming_profile():
    folder = addin_startup_dir("win32", PureWindowsPath(r"C:\Users\amina"), {})
    assert folder == PureWindowsPath(r"C:\Users\amina\AppData\Roaming\Microsoft\Excel\XLSTART")


def test_macos_uses_the_sandboxed_startup_folder_and_the_runpython_script(tmp_path):
    addin = tmp_path / "pmo_xl.xlam"
    addin.write_bytes(b"addin")
    plan = install_plan(addin, "darwin", Path("/Users/amina"), {})
    assert plan.copies[0] == (addin, Path("/Users/amina/Library/Group Containers/UBF8T346G9.Office/"
                                          "User Content/Startup/Excel/pmo_xl.xlam"))
    script_name = f"xlwings-{xlwings.__version__}.applescript"
    assert plan.copies[1][1] == Path("/Users/amina/Library/Application Scripts/com.microsoft.Excel") / script_name
    assert plan.copies[1][0].is_file()  # shipped with the installed xlwings


def test_linux_has_no_excel():
    with pytest.raises(ExcelNotAvailable, match="linux"):
        addin_startup_dir("linux", Path("/home/amina"), {})


def test_install_then_uninstall_on_a_macos_home(tmp_path):
    addin = tmp_path / "dist" / "pmo_xl.xlam"
    addin.parent.mkdir()
    addin.write_bytes(b"the add-in")
    home = tmp_path / "home"
    install_addin(addin, "darwin", home, {})
    installed = home / "Library/Group Containers/UBF8T346G9.Office/User Content/Startup/Excel/pmo_xl.xlam"
    assert installed.read_bytes() == b"the add-in"
    assert uninstall_addin("pmo_xl.xlam", "darwin", home, {}) == [installed]
    assert not installed.exists()
    assert uninstall_addin("pmo_xl.xlam", "darwin", home, {}) == []


def test_cli_on_linux_explains_and_exits_2(tmp_path, monkeypatch):
    import sys

    monkeypatch.setattr(sys, "platform", "linux")
    addin = tmp_path / "pmo_xl.xlam"
    addin.write_bytes(b"x")
    runner = CliRunner()
    result = runner.invoke(app, ["addin", "install", "--addin", str(addin)])
    assert result.exit_code == 2
    assert "not available" in result.output and "Nothing was installed" in result.output
    result = runner.invoke(app, ["addin", "uninstall"])
    assert result.exit_code == 2


def test_cli_install_on_macos_copies_into_home(tmp_path, monkeypatch):
    import sys

    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path / "home"))
    addin = tmp_path / "pmo_xl.xlam"
    addin.write_bytes(b"x")
    result = CliRunner().invoke(app, ["addin", "install", "--addin", str(addin)])
    assert result.exit_code == 0, result.output
    target = tmp_path / "home/Library/Group Containers/UBF8T346G9.Office/User Content/Startup/Excel/pmo_xl.xlam"
    assert target.read_bytes() == b"x"
    assert "Copied" in result.output


def test_cli_install_of_a_missing_file_fails_with_its_path(tmp_path, monkeypatch):
    import sys

    monkeypatch.setattr(sys, "platform", "win32")
    result = CliRunner().invoke(app, ["addin", "install", "--addin", str(tmp_path / "nope.xlam")])
    assert result.exit_code == 1
    assert "nope.xlam" in result.output


def test_cli_build_writes_the_addin(tmp_path):
    result = CliRunner().invoke(app, ["addin", "build", "--out", str(tmp_path), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "pmo_xl.xlam").stat().st_size > 10_000


def test_build_on_windows_points_excel_at_the_windowless_python(tmp_path, monkeypatch):
    import sys

    from pmo_xl.cli import addin_cmd

    scripts = tmp_path / "Scripts"
    scripts.mkdir()
    (scripts / "python.exe").write_bytes(b"")
    (scripts / "pythonw.exe").write_bytes(b"")
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(sys, "executable", str(scripts / "python.exe"))
    assert addin_cmd._default_interpreter("windows") == str(scripts / "pythonw.exe")
    assert addin_cmd._default_interpreter("macos") == ""
