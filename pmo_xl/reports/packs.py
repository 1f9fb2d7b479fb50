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
from pmo_xl.reports.deck import write_deck
from pmo_xl.reports.deck_template import DECK_TEMPLATE_NAME
from pmo_xl.model.progress import STAGE_PDF, ProgressCallback, counter
from pmo_xl.reports.pdf import convert_to_pdf, count_pdf_pages
from pmo_xl.reports.templates_build import REPO_TEMPLATE_DIR
from pmo_xl.model.period import Period, PeriodKind
from pmo_xl.reports.word_pack import render_docx, template_source

PERIOD_KIND_FOR_PACK = {PackKind.WEEKLY: PeriodKind.WEEK, PackKind.MONTHLY: PeriodKind.MONTH,
                        PackKind.QUARTERLY: PeriodKind.QUARTER}


#: The outputs a pack can write: the Word pack (with its minutes), the PowerPoint deck (COPIL), the Excel dashboard.
FORMATS = ("docx", "pptx", "xlsx")


@dataclass
class PackResult:
    """The files a pack run wrote and the problems met (none of them fatal).

    An output that could not be written (a broken template, say) is None and
    its problem is in :attr:`problems`; the other outputs are still written.
    """

    pack: Path | None
    minutes: Path | None
    dashboard: Path | None
    deck: Path | None = None
    pdfs: list[Path] = field(default_factory=list)
    problems: ProblemList = field(default_factory=ProblemList)
    context: PackContext | None = None
    pdf_pages: dict[str, int] = field(default_factory=dict)

    @property
    def files(self) -> list[Path]:
        return [p for p in (self.pack, self.minutes, self.deck, self.dashboard) if p is not None] + self.pdfs


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


def parse_formats(text: str | None) -> tuple[str, ...]:
    """``"docx,pptx"`` as a tuple of known formats; all of them when ``text`` is empty."""
    if not text:
        return FORMATS
    chosen = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        from pmo_xl.errors import InputError

        problem = Problem("unknown output format", Location(), found=", ".join(unknown) or text,
                          expected="docx, pptx or xlsx, separated by commas")
        raise InputError(f"unknown output format {', '.join(unknown) or text!r}", problems=[problem])
    return chosen


def _output_problem(result: PackResult, error: OutputError) -> None:
    result.problems.append(Problem(error.message, error.location, severity=Severity.ERROR, code="output"))


def write_pack(snapshot: PortfolioSnapshot, request: PackRequest, out_dir: str | Path, pdf: bool = False,
               templates_dir: str | Path | None = None, formats: tuple[str, ...] = FORMATS,
               previous: PortfolioSnapshot | None = None,
               quarter_snapshots: list[PortfolioSnapshot] | None = None,
               on_progress: ProgressCallback | None = None) -> PackResult:
    """Write the outputs of ``request`` in ``formats`` to ``out_dir``: Word pack and minutes, deck, dashboard.

    A template that is missing or broken costs its own output only: the
    problem names the template and what it lacks, the other outputs are written.
    ``previous`` (the snapshot of the previous run) feeds the weekly flash's changes.  With ``pdf``,
    ``on_progress`` is told of each document converted (stage ``pdf``).
    """
    check_period_matches_kind(request.period, request.kind)
    out_dir = Path(out_dir)
    stem = output_stem(request)
    template = template_for(request)
    context = build_pack_context(snapshot, request, template, previous=previous, quarter_snapshots=quarter_snapshots)
    result = PackResult(None, None, None, context=context)
    if "docx" in formats:
        try:
            result.pack = render_docx(template_source(template, request.lang, templates_dir), context,
                                      out_dir / f"{stem}.docx")
        except OutputError as error:
            _output_problem(result, error)
        try:
            minutes_context = build_pack_context(snapshot, request, "minutes")
            result.minutes = render_docx(template_source("minutes", request.lang, templates_dir), minutes_context,
                                         out_dir / f"{stem}_{'compte-rendu' if request.lang == 'fr' else 'minutes'}.docx")
        except OutputError as error:
            _output_problem(result, error)
    if "pptx" in formats and template == "copil_monthly":
        try:
            result.deck = write_deck(snapshot, request, context, out_dir / f"{stem}_deck.pptx", deck_template(templates_dir))
        except OutputError as error:
            _output_problem(result, error)
    if "xlsx" in formats:
        result.dashboard = write_dashboard(snapshot, request, context, out_dir / f"{stem}_dashboard.xlsx")
    if pdf:
        documents = [d for d in (result.pack, result.minutes, result.deck) if d is not None]
        converted_one = counter(on_progress, STAGE_PDF, [d.name for d in documents])
        for index, document in enumerate(documents):
            try:
                converted = convert_to_pdf(document, out_dir)
                result.pdfs.append(converted)
                result.pdf_pages[converted.name] = count_pdf_pages(converted)
            except OutputError as exc:
                result.problems.append(Problem(exc.message, exc.location, severity=Severity.WARNING, code="pdf"))
            if converted_one is not None:
                converted_one(index)
    return result


def deck_template(templates_dir: str | Path | None) -> Path | None:
    """The PMO's restyled deck template when their folder has one, else the checked-in one (None: built)."""
    for folder in (templates_dir, REPO_TEMPLATE_DIR):
        if folder and (Path(folder) / DECK_TEMPLATE_NAME).exists():
            return Path(folder) / DECK_TEMPLATE_NAME
    return None
