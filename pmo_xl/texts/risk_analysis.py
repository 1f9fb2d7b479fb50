"""Words and number formats of the schedule risk analysis (:mod:`pmo_xl.engine.risk`), in French and English."""

from __future__ import annotations

from datetime import datetime


def pick(pair: tuple[str, str], lang: str) -> str:
    """The French or English text of a (French, English) pair."""
    return pair[0] if lang == "fr" else pair[1]


def number_text(value: float, lang: str, digits: int) -> str:
    """``value`` with ``digits`` decimals, thousands grouped (narrow no-break space and comma in French)."""
    text = f"{value:,.{digits}f}"
    if lang == "fr":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


def date_text(value: datetime | None, lang: str) -> str:
    """A date and time as users read it: 25/03/2026 17:00 in French, 2026-03-25 17:00 in English."""
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y %H:%M" if lang == "fr" else "%Y-%m-%d %H:%M")
