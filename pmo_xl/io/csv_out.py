"""CSV output that a spreadsheet opens safely.

Excel and LibreOffice treat a CSV field starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return as a formula.  A task called
``=HYPERLINK(...)`` or ``@SUM(...)`` must come back as that text, so every
text field starting with one of these characters is prefixed with ``'``
(OWASP's rule against CSV injection); numbers and dates are written as they
are.  Files are written atomically, UTF-8.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from .atomic import atomic_path

#: The first characters that make a spreadsheet read a field as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_csv_text(value: object) -> object:
    """``value`` with a leading ``'`` when it is text a spreadsheet would take for a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def write_csv_rows(path: str | os.PathLike, header: Sequence[str], rows: Iterable[Mapping[str, object]],
                   text_fields: Iterable[str]) -> Path:
    """Write ``rows`` under ``header`` to ``path``; the ``text_fields`` are escaped with :func:`safe_csv_text`."""
    escaped = tuple(text_fields)
    with atomic_path(path) as temporary:
        with open(temporary, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(header))
            writer.writeheader()
            for row in rows:
                writer.writerow({key: safe_csv_text(value) if key in escaped else value for key, value in row.items()})
    return Path(path)
