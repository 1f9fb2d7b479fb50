"""A committee pack for one period: the Word pack, the minutes, the Excel dashboard, optional PDFs.

:func:`write_pack` is what ``pmo-xl pack`` and the batch call.  It never
stops on a PDF problem (LibreOffice missing, conversion failed): the Word and
Excel files are kept and the problem is returned in :attr:`PackResult.problems`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pmo_xl.errors import Location, OutputError, Problem, ProblemList, Severity
from pmo_xl.model.portfolio import PortfolioSnapshot
from pmo_xl.reports.context import PackContext, PackKind, PackRequest, build_pack_context, template_for
from pmo_xl.reports.dashboard import write_dashboard
from pmo_xl.reports.pdf import convert_to_pdf
from pmo_xl.model.period import Period, PeriodKind
from pmo_xl.reports.word_pack import render_docx, template_source

PERIOD_KIND_FOR_PACK = {PackKind.WEEKLY: PeriodKind.WEEK, PackKind.MONTHLY: PeriodKind.MONTH,
                        PackKind.QUARTERLY: PeriodKind.QUARTER}


@dataclass
class PackResult:
    """The files a pack run wrote and the problems met (none of them fatal)."""

    pack: Path
    minutes: Path
    dashboard: Path
    pdfs: list[Path] = field(default_factory=list)
    problems: ProblemList = field(default_factory=ProblemList)
    context: PackContext | None = None

    @property
    def files(self) -> list[Path]:
        return [self.pack, self.minutes, self.dashboard, *self.pdfs]


def output_stem(request: PackRequest) -> str:
    """Base file name of a pack: ``COPIL_monthly_2026-11_fr`` (with the project code when scoped)."""
    scope = "_" + re.sub(r"[^A-Za-z0-9_.-]+", "-", request.project) if request.project else ""
    return f"{request.committee.value}_{request.kind.value}_{request.period.code}{scope}_{request.lang}"


def check_period_matches_kind(period: Period, kind: PackKind) -> None:
    """A weekly pack needs a week, a monthly one a month, a quarterly one a quarter."""
    expected = PERIOD_KIND_FOR_PACK[kind]
    if period.kind is not expected:
        forms = {PeriodKind.WEEK: "YYYY-Www", PeriodKind.MONTH: "YYYY-MM", PeriodKind.QUARTER: "YYYY-Qn"}
        problem = Problem(f"a {kind.value} pack needs a {expected.value} period", Location(), found=period.code,
                          expected=forms[expected])
        from pmo_xl.errors import InputError

        raise InputError(f"period {period.code} is a {period.kind.value}, a {kind.value} pack needs a "
                         f"{expected.value} ({forms[expected]})", problems=[problem])


def write_pack(snapshot: PortfolioSnapshot, request: PackRequest, out_dir: str | Path, pdf: bool = False,
               templates_dir: str | Path | None = None) -> PackResult:
    """Write the pack, its minutes template and the Excel dashboard of ``request`` to ``out_dir``."""
    check_period_matches_kind(request.period, request.kind)
    out_dir = Path(out_dir)
    stem = output_stem(request)
    template = template_for(request)
    context = build_pack_context(snapshot, request, template)
    pack = render_docx(template_source(template, request.lang, templates_dir), context, out_dir / f"{stem}.docx")
    minutes_context = build_pack_context(snapshot, request, "minutes")
    minutes = render_docx(template_source("minutes", request.lang, templates_dir), minutes_context,
                          out_dir / f"{stem}_{'compte-rendu' if request.lang == 'fr' else 'minutes'}.docx")
    dashboard = write_dashboard(snapshot, request, context, out_dir / f"{stem}_dashboard.xlsx")
    result = PackResult(pack, minutes, dashboard, context=context)
    if pdf:
        for document in (pack, minutes):
            try:
                result.pdfs.append(convert_to_pdf(document, out_dir))
            except OutputError as exc:
                result.problems.append(Problem(exc.message, exc.location, severity=Severity.WARNING, code="pdf"))
    return result
