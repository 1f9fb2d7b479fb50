"""Writing a Word pack: a docxtpl template filled with a pack context.

The template is looked up in a PMO's own template folder first (restyled
copies), then in the checked-in ``report_templates/`` folder, and is built
from code as a last resort (an installed package without the folder).
"""

from __future__ import annotations

import io
from pathlib import Path

from docx.shared import Cm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import StrictUndefined
from jinja2.exceptions import TemplateError

from pmo_xl.errors import Location, OutputError
from pmo_xl.io.atomic import atomic_path
from pmo_xl.reports.context import PackContext
from pmo_xl.reports.word_toc import fill_table_of_contents
from pmo_xl.reports.templates_build import REPO_TEMPLATE_DIR, build_template, template_file_name

CHART_WIDTH_CM = 17.0
#: The lists of charts a pack template places: the main figures, the schedule-quality heat map, the schedule risk.
CHART_LISTS = ("charts", "quality_charts", "risk_charts")


def template_source(name: str, lang: str, templates_dir: str | Path | None = None) -> Path | io.BytesIO:
    """The template file to use for ``name`` in ``lang`` (a path, or the built document in memory)."""
    file_name = template_file_name(name, lang)
    for folder in (templates_dir, REPO_TEMPLATE_DIR):
        if folder and (Path(folder) / file_name).exists():
            return Path(folder) / file_name
    buffer = io.BytesIO()
    build_template(name, lang).save(buffer)
    buffer.seek(0)
    return buffer


#: The paragraph styles the packs write with; a restyled template must keep them (under these names).
REQUIRED_STYLES = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Caption", "Table Text",
                   "TOC 1")


def open_word_template(template: Path | io.BytesIO) -> DocxTemplate:
    """The docxtpl template; :class:`OutputError` names a PMO's template file and what it lacks."""
    if not isinstance(template, Path):
        return DocxTemplate(template)
    location = Location(file=str(template))
    try:
        document = DocxTemplate(template)
        document.init_docx()
        styles = {style.name for style in document.docx.styles}
    except Exception as exc:  # not a .docx, or a damaged one
        raise OutputError(f"Word template {template.name} cannot be opened as a Word document: {exc}", location) from exc
    missing = [name for name in REQUIRED_STYLES if name not in styles]
    if missing:
        raise OutputError(f"Word template {template.name} lacks the styles {', '.join(missing)}", location)
    return document


def render_docx(template: Path | io.BytesIO, context: PackContext, target: str | Path) -> Path:
    """Fill ``template`` with ``context`` and write the document to ``target`` atomically."""
    target = Path(target)
    document = open_word_template(template)
    values = dict(context.values)
    images = {chart.key: InlineImage(document, io.BytesIO(chart.png), width=Cm(min(CHART_WIDTH_CM, chart.display_width_cm)))
              for chart in context.charts}
    for name in CHART_LISTS:  # each list of charts the template places, with their images
        values[name] = [dict(entry, image=images[entry["key"]]) for entry in values.get(name, []) if entry["key"] in images]
    location = Location(file=str(template) if isinstance(template, Path) else None)
    try:
        document.render(values, autoescape=True, jinja_env=_environment())
    except TemplateError as exc:
        raise OutputError(f"the Word template could not be filled: {exc}", location) from exc
    fill_table_of_contents(document.docx)
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(target) as temporary:
        document.save(temporary)
    return target


def _environment():
    from jinja2 import Environment

    # A tag naming a value the context lacks is an error, not an empty cell.
    return Environment(undefined=StrictUndefined, autoescape=True)
