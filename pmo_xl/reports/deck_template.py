"""The PowerPoint layout template of the COPIL deck, built from code.

The template is a 16:9 presentation without slides whose slide master and
layouts carry the look (fonts, colours, logo, placeholders).  The deck uses
the layouts named in :data:`REQUIRED_LAYOUTS`; a PMO restyles the deck by
editing ``copil_deck.pptx`` in PowerPoint (View > Slide Master) and keeping
those layout names.  ``pmo-xl template packs`` writes it with the Word
templates; :func:`check_deck_template` says what a restyled copy lacks.
"""

from __future__ import annotations

import io
from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Pt

from pmo_xl.errors import Location, OutputError

DECK_TEMPLATE_NAME = "copil_deck.pptx"
SLIDE_WIDTH = Emu(12192000)  # 13.333 in: 16:9
SLIDE_HEIGHT = Emu(6858000)  # 7.5 in
REQUIRED_LAYOUTS = ("Title Slide", "Title Only", "Title and Content")
TITLE_COLOUR = RGBColor(0x1F, 0x4E, 0x79)


def _widen(shape, ratio: float) -> None:
    shape.left, shape.width = Emu(int(shape.left * ratio)), Emu(int(shape.width * ratio))


def build_deck_template() -> Presentation:
    """python-pptx's default master, widened to 16:9, titles in the PMO blue."""
    presentation = Presentation()
    ratio = SLIDE_WIDTH / presentation.slide_width
    presentation.slide_width, presentation.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    master = presentation.slide_master
    for shape in master.placeholders:
        _widen(shape, ratio)
    for layout in presentation.slide_layouts:
        for shape in layout.placeholders:
            _widen(shape, ratio)
    for shape in master.placeholders:
        if shape.placeholder_format.idx == 0:
            for paragraph in shape.text_frame.paragraphs:
                paragraph.font.color.rgb = TITLE_COLOUR
                paragraph.font.size = Pt(30)
                paragraph.font.bold = True
    return presentation


def write_deck_template(out_dir: str | Path) -> Path:
    """Write ``copil_deck.pptx`` into ``out_dir`` atomically; returns its path."""
    from pmo_xl.io.atomic import atomic_path

    target = Path(out_dir) / DECK_TEMPLATE_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(target) as temporary:
        build_deck_template().save(str(temporary))
    return target


def open_deck_template(path: Path | None) -> Presentation:
    """The template at ``path`` checked (see :func:`check_deck_template`), or the built one when ``path`` is None."""
    if path is None:
        buffer = io.BytesIO()
        build_deck_template().save(buffer)
        buffer.seek(0)
        return Presentation(buffer)
    return check_deck_template(path)


def check_deck_template(path: Path) -> Presentation:
    """Open a restyled deck template; :class:`OutputError` names the file and what it lacks."""
    location = Location(file=str(path))
    if not path.exists():
        raise OutputError(f"deck template {path.name} not found", location)
    try:
        presentation = Presentation(str(path))
    except Exception as exc:  # not a PowerPoint file, or a damaged one
        raise OutputError(f"deck template {path.name} cannot be opened as a PowerPoint file: {exc}", location) from exc
    names = {layout.name for layout in presentation.slide_layouts}
    missing = [name for name in REQUIRED_LAYOUTS if name not in names]
    if missing:
        raise OutputError(f"deck template {path.name} lacks the slide layouts {', '.join(missing)}", location)
    return presentation
