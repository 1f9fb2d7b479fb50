"""The predecessor syntax of MS Project's *Predecessors* column.

One text holds every link of a task, separated by ``;`` (or ``,``)::

    12FS+2d; 14SS; 15FF-1d; 7; 3FS+50%; 3FS+2ed; CBM:45FS

* ``12`` is the predecessor's task id; ``CBM:45`` is task 45 of project CBM.
* The type is ``FS`` (default when omitted), ``SS``, ``FF`` or ``SF``; French
  MS Project's ``FD``, ``DD``, ``FF``, ``DF`` are accepted too.
* The lag is ``+``/``-`` a number with a unit: ``d`` or ``j`` for working
  days (the default), ``ed``/``je`` for elapsed days, ``%`` for a
  percentage of the predecessor's duration.  A decimal comma is accepted.
"""

from __future__ import annotations

import re

from pmo_xl.errors import InputError, Location, Problem
from pmo_xl.model.domain import Link
from pmo_xl.model.enums import LinkType
from pmo_xl.model.schemas import FRENCH_LINK_CODES

from .values import format_number

_TOKEN = re.compile(
    r"""^(?:(?P<project>[A-Za-z0-9_.\-]+):)?
        (?P<task>[A-Za-z0-9_.\-]+?)
        (?P<type>FS|SS|FF|SF|FD|DD|DF)?
        (?:(?P<sign>[+-])(?P<amount>\d+(?:[.,]\d+)?)(?P<unit>%|ed|ej|je|jé|jc|d|j|jours?|days?)?)?$""",
    re.IGNORECASE | re.VERBOSE,
)
_ENGLISH_CODES = {t: t.value for t in LinkType}
_FRENCH_CODES = {link_type: code for code, link_type in FRENCH_LINK_CODES.items()}
_ELAPSED_UNITS = {"ed", "ej", "je", "jé", "jc"}

EXPECTED_SYNTAX = "links like 12FS+2d; 14SS; 15FF-1d; 7; 3FS+50%; CBM:45FS"


def _is_decimal_comma(chunk: str, index: int) -> bool:
    """True when the comma at ``index`` is the decimal comma of a lag ("+2,5d")."""
    return (index + 1 < len(chunk) and chunk[index + 1].isdigit()
            and re.search(r"[+\-]\s*\d+\s*$", chunk[:index]) is not None)


def _split(text: str) -> list[str]:
    """The link tokens of a cell: separated by ``;`` or by a comma that is not decimal."""
    tokens: list[str] = []
    for chunk in text.split(";"):
        start = 0
        for index, char in enumerate(chunk):
            if char == "," and not _is_decimal_comma(chunk, index):
                tokens.append(chunk[start:index].strip())
                start = index + 1
        tokens.append(chunk[start:].strip())
    return tokens


_TYPE_CODES = "FS|SS|FF|SF|FD|DD|DF"
_UNITS = "%|ed|ej|je|jé|jc|d|j|jours?|days?"


def _compact(token: str) -> str:
    """``token`` without the spaces people put around signs, types and units ("12 FS + 2 j")."""
    token = re.sub(r"\s*([+\-:])\s*", r"\1", token)
    token = re.sub(rf"(?<=[0-9A-Za-z])\s+(?=(?:{_TYPE_CODES})(?:[+\-]|$))", "", token, flags=re.IGNORECASE)
    return re.sub(rf"(?<=\d)\s+(?=(?:{_UNITS})$)", "", token, flags=re.IGNORECASE)


def _malformed_task_id(task_id: str) -> bool:
    """True for ids that are really a mistyped link: "12XX", "12FS2d", "FS"."""
    return (re.fullmatch(r"\d+[A-Za-z]+", task_id) is not None
            or re.search(rf"\d(?:{_TYPE_CODES})", task_id, re.IGNORECASE) is not None
            or re.fullmatch(_TYPE_CODES, task_id, re.IGNORECASE) is not None)


def parse_predecessors_collect(
    text: object, location: Location | None = None
) -> tuple[list[Link], list[Problem]]:
    """The links written in ``text`` and one located problem per bad token.

    Good tokens are kept even when others are bad, so that a reader can
    report every problem of the cell at once.
    """
    links: list[Link] = []
    problems: list[Problem] = []
    if text is None:
        return links, problems
    if isinstance(text, float) and text.is_integer():
        text = str(int(text))
    for token in _split(str(text)):
        if not token:
            continue
        match = _TOKEN.match(_compact(token))
        if not match or _malformed_task_id(match.group("task")):
            problems.append(Problem(
                "bad predecessor syntax", location or Location(), found=token,
                expected=EXPECTED_SYNTAX, code="predecessor_syntax"))
            continue
        type_code = (match.group("type") or "FS").upper()
        link_type = FRENCH_LINK_CODES.get(type_code) or LinkType(type_code)
        link = Link(predecessor_id=match.group("task"), type=link_type,
                    predecessor_project=match.group("project"))
        if match.group("amount") is not None:
            amount = float(match.group("amount").replace(",", "."))
            if match.group("sign") == "-":
                amount = -amount
            unit = (match.group("unit") or "d").lower()
            if unit == "%":
                link.lag_percent = amount
            else:
                link.lag_days = amount
                link.lag_elapsed = unit in _ELAPSED_UNITS
        links.append(link)
    return links, problems


def parse_predecessors(text: object, lang: str = "fr", location: Location | None = None) -> list[Link]:
    """The links written in ``text`` (either language's codes are accepted).

    Raises :class:`~pmo_xl.errors.InputError` carrying one located problem
    per bad token.  ``lang`` is accepted for symmetry with
    :func:`format_predecessors`; both languages are always understood.
    """
    links, problems = parse_predecessors_collect(text, location)
    if problems:
        raise InputError(
            f"{len(problems)} bad predecessor token(s): " + ", ".join(repr(p.found) for p in problems),
            location, problems)
    return links


def format_link(link: Link, lang: str = "fr") -> str:
    """One link as MS Project writes it; FS without lag is the bare task id."""
    text = f"{link.predecessor_project}:" if link.predecessor_project else ""
    text += link.predecessor_id
    has_lag = link.lag_percent is not None or link.lag_days != 0
    if link.type is not LinkType.FS or has_lag:
        text += (_FRENCH_CODES if lang == "fr" else _ENGLISH_CODES)[link.type]
    if link.lag_percent is not None:
        amount, unit = link.lag_percent, "%"
    elif link.lag_days != 0:
        amount = link.lag_days
        if lang == "fr":
            unit = "je" if link.lag_elapsed else "j"
        else:
            unit = "ed" if link.lag_elapsed else "d"
    else:
        return text
    sign = "-" if amount < 0 else "+"
    return f"{text}{sign}{format_number(abs(amount), lang)}{unit}"


def format_predecessors(links: list[Link], lang: str = "fr") -> str:
    """The text of a *Predecessors* cell: links joined by ``"; "``."""
    return "; ".join(format_link(link, lang) for link in links)
