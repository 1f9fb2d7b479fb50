"""Where Excel loads add-ins at start-up, and copying the add-in there.

Windows: the user's XLSTART folder, ``%APPDATA%\\Microsoft\\Excel\\XLSTART``.
macOS: the Startup folder of sandboxed Excel 2016 and later,
``~/Library/Group Containers/UBF8T346G9.Office/User Content/Startup/Excel``;
RunPython there also needs xlwings' AppleScript in
``~/Library/Application Scripts/com.microsoft.Excel``.
Elsewhere there is no Excel: :class:`ExcelNotAvailable` is raised.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path, PurePath, PureWindowsPath

import xlwings

from pmo_xl.errors import ConfigError, Location, OutputError


class ExcelNotAvailable(ConfigError):
    """This operating system has no desktop Excel to install the add-in into."""


MAC_STARTUP_RELATIVE = Path("Library/Group Containers/UBF8T346G9.Office/User Content/Startup/Excel")
MAC_APPLESCRIPT_RELATIVE = Path("Library/Application Scripts/com.microsoft.Excel")


@dataclass(frozen=True)
class InstallPlan:
    """The files an install copies: (source, target) pairs, in order."""

    copies: list[tuple[Path, PurePath]] = field(default_factory=list)


def platform_family(platform: str) -> str:
    """'windows', 'macos' or 'other' for a ``sys.platform`` value."""
    if platform.startswith("win"):
        return "windows"
    if platform == "darwin":
        return "macos"
    return "other"


def addin_startup_dir(platform: str, home: PurePath, environ: dict[str, str]) -> PurePath:
    """The folder Excel opens add-ins from at start-up on ``platform``."""
    family = platform_family(platform)
    if family == "windows":
        appdata = environ.get("APPDATA")
        if appdata:
            return PureWindowsPath(appdata) / "Microsoft" / "Excel" / "XLSTART"
        return PureWindowsPath(home) / "AppData" / "Roaming" / "Microsoft" / "Excel" / "XLSTART"
    if family == "macos":
        return home / MAC_STARTUP_RELATIVE
    raise ExcelNotAvailable(
        f"Excel desktop is not available on this system ({platform}); install the add-in "
        "on Windows or macOS (see docs/excel.md)"
    )


def install_plan(addin: Path, platform: str, home: PurePath, environ: dict[str, str]) -> InstallPlan:
    """What installing ``addin`` copies on ``platform`` for the user whose home is ``home``."""
    copies: list[tuple[Path, PurePath]] = [(addin, addin_startup_dir(platform, home, environ) / addin.name)]
    if platform_family(platform) == "macos":
        script = Path(xlwings.__file__).resolve().parent / f"xlwings-{xlwings.__version__}.applescript"
        copies.append((script, home / MAC_APPLESCRIPT_RELATIVE / script.name))
    return InstallPlan(copies)


def install_addin(addin: Path, platform: str, home: Path, environ: dict[str, str]) -> InstallPlan:
    """Copies the add-in (and on macOS the RunPython AppleScript) into place."""
    if not addin.is_file():
        raise OutputError("add-in file not found; build it first with 'pmo-xl addin build'",
                          Location(file=str(addin)))
    plan = install_plan(addin, platform, home, environ)
    for source, target in plan.copies:
        target_path = Path(target)
        try:
            target_path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target_path)
        except OSError as exc:
            raise OutputError(f"cannot copy the add-in: {exc}", Location(file=str(target_path))) from exc
    return plan


def uninstall_addin(addin_name: str, platform: str, home: Path, environ: dict[str, str]) -> list[Path]:
    """Removes the add-in from the start-up folder; returns the files removed (maybe none)."""
    target = Path(addin_startup_dir(platform, home, environ)) / addin_name
    if not target.exists():
        return []
    try:
        target.unlink()
    except OSError as exc:
        raise OutputError(f"cannot remove the add-in (is Excel open?): {exc}",
                          Location(file=str(target))) from exc
    return [target]
