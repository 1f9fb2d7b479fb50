"""PDF copies of Word and Excel outputs through LibreOffice headless.

:func:`convert_to_pdf` runs ``soffice --headless --convert-to pdf`` with a
private user profile (so that it neither disturbs nor waits for a LibreOffice
the user has open) and a timeout; any failure raises :class:`OutputError`
saying what was tried and what happened.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from pmo_xl.errors import Location, MissingToolError, OutputError

SOFFICE_NAMES = ("soffice", "libreoffice")
DEFAULT_TIMEOUT_SECONDS = 180


def find_soffice() -> str | None:
    """Path of the LibreOffice executable, or ``None`` when it is not installed."""
    configured = os.environ.get("PMO_XL_SOFFICE")
    if configured and Path(configured).exists():
        return configured
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    for candidate in (r"C:\Program Files\LibreOffice\program\soffice.exe",
                      r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
                      "/Applications/LibreOffice.app/Contents/MacOS/soffice"):
        if Path(candidate).exists():
            return candidate
    return None


def convert_to_pdf(source: str | Path, out_dir: str | Path | None = None,
                   timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS) -> Path:
    """Convert ``source`` (.docx, .xlsx…) to PDF in ``out_dir`` (default: next to it).

    Returns the path of the PDF.  Raises :class:`OutputError` when LibreOffice
    is not installed, does not finish within ``timeout_seconds`` or produces
    no file.
    """
    source = Path(source)
    out_dir = Path(out_dir) if out_dir else source.parent
    location = Location(file=str(source))
    soffice = find_soffice()
    if soffice is None:
        raise MissingToolError("LibreOffice (soffice) is not installed or not on PATH; cannot write a PDF "
                          "(set PMO_XL_SOFFICE to its path)", location)
    if not source.exists():
        raise OutputError("file to convert to PDF does not exist", location)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / (source.stem + ".pdf")
    # LibreOffice writes into a scratch folder; the finished PDF is then renamed into place
    with tempfile.TemporaryDirectory(prefix="pmo-xl-soffice-") as profile, \
            tempfile.TemporaryDirectory(prefix=".pmo-xl-pdf-", dir=out_dir) as scratch:
        command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", scratch, str(source)]
        try:
            completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout_seconds)
        except subprocess.TimeoutExpired as exc:
            raise OutputError(f"LibreOffice did not convert the file to PDF within {timeout_seconds:g} s", location) from exc
        except OSError as exc:
            raise MissingToolError(f"LibreOffice could not be started ({soffice}): {exc}", location) from exc
        written = Path(scratch) / target.name
        if completed.returncode != 0 or not written.exists():
            detail = (completed.stderr or completed.stdout or "").strip().splitlines()
            raise OutputError(f"LibreOffice failed to convert the file to PDF (exit code {completed.returncode}"
                              f"{': ' + detail[-1] if detail else ''})", location)
        os.replace(written, target)
    return target


_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def count_pdf_pages(pdf_path: str | Path) -> int:
    """Number of pages of a PDF written by LibreOffice (counts its page objects)."""
    return len(_PAGE_OBJECT.findall(Path(pdf_path).read_bytes()))
