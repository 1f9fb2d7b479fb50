"""The master workbook as an Open Packaging (zip) package, edited part by part.

Consolidation must rewrite the managed sheets of the master and leave every
other part byte for byte as the PMO saved it: their own sheets, formulas,
charts, images, pivot tables, defined names, macros.  Loading and saving the
whole workbook with openpyxl would drop some of those, so the managed sheets
are replaced at the package level instead:

* :class:`Package` holds the parts of a .xlsx/.xlsm (name → bytes), their
  relationships and content types.
* :func:`transplant_sheets` copies named worksheets, with their tables,
  drawings and charts, from a source package (built by XlsxWriter) into the
  master package: a sheet of the same name is replaced in place (same part,
  same position, same sheet id, so formulas and defined names of other sheets
  that point to it stay valid), a missing one is appended.  Cell styles and
  conditional-format styles are merged into the master's ``styles.xml``
  (found or appended, never changed), shared strings become inline strings.
  The calculation chain is dropped and a full recalculation on load is
  requested, which Excel does by design when ``calcChain.xml`` is absent.
"""

from __future__ import annotations

import copy
import io
import posixpath
import re
import zipfile

from lxml import etree

from pmo_xl.errors import Location, OutputError

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_TYPE_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
REL_WORKSHEET = REL_TYPE_BASE + "worksheet"
REL_CALC_CHAIN = REL_TYPE_BASE + "calcChain"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # entries carry no clock time: same content, same bytes

_M = "{%s}" % NS_MAIN
_R = "{%s}" % NS_R
_PR = "{%s}" % NS_PKG_REL
_CT = "{%s}" % NS_CT

# Order of the children of <styleSheet> required by the schema.
STYLE_ORDER = ["numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs",
               "cellStyles", "dxfs", "tableStyles", "colors", "extLst"]
_PARSER = etree.XMLParser(remove_blank_text=False, resolve_entities=False, no_network=True,
                          huge_tree=True)


def _parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, _PARSER)


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def rels_name(part: str) -> str:
    """The name of the relationships part of ``part``."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


class Relationship:
    """One relationship of a part: id, type, target (relative) and mode."""

    __slots__ = ("id", "type", "target", "external")

    def __init__(self, rel_id: str, rel_type: str, target: str, external: bool = False):
        self.id, self.type, self.target, self.external = rel_id, rel_type, target, external


class Package:
    """The parts of an Office Open XML package, editable in memory."""

    def __init__(self, parts: dict[str, bytes], source: str | None = None):
        self.parts = parts
        self.source = source

    @classmethod
    def from_bytes(cls, data: bytes, source: str | None = None) -> "Package":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                parts = {info.filename: archive.read(info.filename) for info in archive.infolist()
                         if not info.is_dir()}
        except zipfile.BadZipFile as exc:
            raise OutputError("the master workbook is not a valid .xlsx/.xlsm package",
                              Location(file=source)) from exc
        if "[Content_Types].xml" not in parts:
            raise OutputError("the master workbook has no [Content_Types].xml part",
                              Location(file=source))
        return cls(parts, source)

    @classmethod
    def open(cls, path) -> "Package":
        with open(path, "rb") as handle:
            return cls.from_bytes(handle.read(), str(path))

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        names = ["[Content_Types].xml"] + [n for n in self.parts if n != "[Content_Types].xml"]
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in names:
                info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, self.parts[name])
        return buffer.getvalue()

    # -- relationships -------------------------------------------------
    def relationships(self, part: str) -> list[Relationship]:
        data = self.parts.get(rels_name(part))
        if data is None:
            return []
        root = _parse(data)
        return [Relationship(el.get("Id"), el.get("Type"), el.get("Target"),
                             el.get("TargetMode") == "External")
                for el in root.iter(_PR + "Relationship")]

    def set_relationships(self, part: str, rels: list[Relationship]) -> None:
        name = rels_name(part)
        if not rels:
            self.parts.pop(name, None)
            return
        root = etree.Element(_PR + "Relationships", nsmap={None: NS_PKG_REL})
        for rel in rels:
            el = etree.SubElement(root, _PR + "Relationship")
            el.set("Id", rel.id)
            el.set("Type", rel.type)
            el.set("Target", rel.target)
            if rel.external:
                el.set("TargetMode", "External")
        self.parts[name] = _serialize(root)

    @staticmethod
    def resolve(part: str, target: str) -> str:
        """The part name a relationship target of ``part`` points to."""
        if target.startswith("/"):
            return target.lstrip("/")
        return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))

    @staticmethod
    def relative(from_part: str, to_part: str) -> str:
        return posixpath.relpath(to_part, posixpath.dirname(from_part) or ".")

    # -- content types ---------------------------------------------------
    def content_type(self, part: str) -> str | None:
        root = _parse(self.parts["[Content_Types].xml"])
        for el in root.iter(_CT + "Override"):
            if el.get("PartName") == "/" + part:
                return el.get("ContentType")
        ext = part.rsplit(".", 1)[-1].lower()
        for el in root.iter(_CT + "Default"):
            if el.get("Extension", "").lower() == ext:
                return el.get("ContentType")
        return None

    def edit_content_types(self, add: dict[str, str], remove: set[str]) -> None:
        root = _parse(self.parts["[Content_Types].xml"])
        for el in list(root.iter(_CT + "Override")):
            name = el.get("PartName", "").lstrip("/")
            if name in remove or name in add:
                root.remove(el)
        for name, ctype in add.items():
            el = etree.SubElement(root, _CT + "Override")
            el.set("PartName", "/" + name)
            el.set("ContentType", ctype)
        self.parts["[Content_Types].xml"] = _serialize(root)

    # -- workbook --------------------------------------------------------
    def workbook_part(self) -> str:
        for rel in self.relationships(""):
            if rel.type.endswith("/officeDocument"):
                return self.resolve("", rel.target)
        raise OutputError("the package has no workbook part", Location(file=self.source))

    def sheets(self) -> dict[str, str]:
        """Worksheet name → part name, in workbook order."""
        wb_part = self.workbook_part()
        rels = {r.id: r for r in self.relationships(wb_part)}
        root = _parse(self.parts[wb_part])
        out: dict[str, str] = {}
        for sheet in root.iter(_M + "sheet"):
            rel = rels.get(sheet.get(_R + "id"))
            if rel is not None and rel.type == REL_WORKSHEET:
                out[sheet.get("name")] = self.resolve(wb_part, rel.target)
        return out

    def part_names_like(self, pattern: str) -> set[str]:
        regex = re.compile(pattern)
        return {n for n in self.parts if regex.fullmatch(n)}

    def free_name(self, folder: str, stem: str, ext: str, taken: set[str] | None = None) -> str:
        taken = taken or set()
        n = 1
        while True:
            name = f"{folder}/{stem}{n}.{ext}"
            if name not in self.parts and name not in taken:
                return name
            n += 1

    def remove_part_tree(self, part: str, keep: set[str], removed: set[str]) -> None:
        """Delete ``part`` and, recursively, the internal parts only it refers to."""
        if part in keep or part in removed or part not in self.parts:
            return
        children = [self.resolve(part, r.target) for r in self.relationships(part) if not r.external]
        self.parts.pop(part, None)
        self.parts.pop(rels_name(part), None)
        removed.add(part)
        for child in children:
            if not self._referenced_elsewhere(child, removed):
                self.remove_part_tree(child, keep, removed)

    def _referenced_elsewhere(self, part: str, removed: set[str]) -> bool:
        for name in list(self.parts):
            if not name.endswith(".rels"):
                continue
            owner = _owner_of_rels(name)
            if owner in removed:
                continue
            for rel in self.relationships(owner):
                if not rel.external and self.resolve(owner, rel.target) == part:
                    return True
        return False


def _owner_of_rels(rels_part: str) -> str:
    folder, base = posixpath.split(rels_part)
    parent = posixpath.dirname(folder)
    return posixpath.join(parent, base[: -len(".rels")]) if base != ".rels" else ""


# ---------------------------------------------------------------------------
# Styles


def _key(el: etree._Element) -> bytes:
    return etree.tostring(el, method="c14n", exclusive=True)


def _child(root: etree._Element, tag: str) -> etree._Element:
    """The child ``tag`` of <styleSheet>, created at its schema position if absent."""
    found = root.find(_M + tag)
    if found is not None:
        return found
    el = etree.Element(_M + tag)
    el.set("count", "0")
    position = STYLE_ORDER.index(tag)
    for index, existing in enumerate(root):
        local = etree.QName(existing).localname
        if local in STYLE_ORDER and STYLE_ORDER.index(local) > position:
            root.insert(index, el)
            return el
    root.append(el)
    return el


def _recount(el: etree._Element) -> None:
    el.set("count", str(len([c for c in el if isinstance(c.tag, str)])))


class StyleMerger:
    """Maps cell-format and differential-format indices of a source workbook
    onto a destination ``styles.xml``, appending what the destination lacks."""

    def __init__(self, dst_styles: bytes, src_styles: bytes):
        self.dst = _parse(dst_styles)
        self.src = _parse(src_styles)
        self._xf_map: dict[int, int] = {}
        self._dxf_map: dict[int, int] = {}
        self._src_numfmts = {int(el.get("numFmtId")): el.get("formatCode")
                             for el in self.src.iter(_M + "numFmt")}

    def _elements(self, root, tag, item):
        parent = root.find(_M + tag)
        return [] if parent is None else [c for c in parent if c.tag == _M + item]

    def _find_or_append(self, tag: str, item: str, el: etree._Element) -> int:
        parent = _child(self.dst, tag)
        wanted = _key(el)
        items = [c for c in parent if c.tag == _M + item]
        for index, existing in enumerate(items):
            if _key(existing) == wanted:
                return index
        parent.append(copy.deepcopy(el))
        _recount(parent)
        return len(items)

    def _numfmt(self, src_id: int) -> int:
        if src_id < 164:
            return src_id
        code = self._src_numfmts.get(src_id)
        if code is None:
            return 0
        parent = _child(self.dst, "numFmts")
        ids = []
        for el in parent.iter(_M + "numFmt"):
            ids.append(int(el.get("numFmtId")))
            if el.get("formatCode") == code:
                return int(el.get("numFmtId"))
        new_id = max([163] + ids) + 1
        el = etree.SubElement(parent, _M + "numFmt")
        el.set("numFmtId", str(new_id))
        el.set("formatCode", code)
        _recount(parent)
        return new_id

    def xf(self, src_index: int) -> int:
        """The destination cellXfs index equivalent to source cellXfs ``src_index``."""
        if src_index in self._xf_map:
            return self._xf_map[src_index]
        src_xfs = self._elements(self.src, "cellXfs", "xf")
        if src_index >= len(src_xfs):
            return 0
        xf = copy.deepcopy(src_xfs[src_index])
        for attr, tag, item in (("fontId", "fonts", "font"), ("fillId", "fills", "fill"),
                                ("borderId", "borders", "border")):
            if xf.get(attr) is not None:
                src_items = self._elements(self.src, tag, item)
                idx = int(xf.get(attr))
                if idx < len(src_items):
                    xf.set(attr, str(self._find_or_append(tag, item, src_items[idx])))
        if xf.get("numFmtId") is not None:
            xf.set("numFmtId", str(self._numfmt(int(xf.get("numFmtId")))))
        xf.set("xfId", "0")
        result = self._find_or_append("cellXfs", "xf", xf)
        self._xf_map[src_index] = result
        return result

    def dxf(self, src_index: int) -> int:
        """The destination dxfs index equivalent to source dxfs ``src_index``."""
        if src_index in self._dxf_map:
            return self._dxf_map[src_index]
        src_dxfs = self._elements(self.src, "dxfs", "dxf")
        result = self._find_or_append("dxfs", "dxf", src_dxfs[src_index])
        self._dxf_map[src_index] = result
        return result

    def result(self) -> bytes:
        return _serialize(self.dst)


# ---------------------------------------------------------------------------
# Transplanting worksheets


_SHARED_STRING = re.compile(rb"<si>(.*?)</si>", re.DOTALL)
_STRING_CELL = re.compile(rb'<c ([^>]*?)t="s"([^>]*)><v>(\d+)</v></c>')
_CELL_STYLE = re.compile(rb'(<(?:c|row)\b[^>]*? s=")(\d+)"')
_COLUMN_STYLE = re.compile(rb'(<col\b[^>]*? style=")(\d+)"')
_RULE_DXF = re.compile(rb'(<cfRule\b[^>]*? dxfId=")(\d+)"')


def _shared_strings(pkg: Package) -> list[bytes]:
    """The raw content of each ``<si>`` of the source's shared strings (XlsxWriter output)."""
    wb_part = pkg.workbook_part()
    for rel in pkg.relationships(wb_part):
        if rel.type.endswith("/sharedStrings"):
            return _SHARED_STRING.findall(pkg.parts[pkg.resolve(wb_part, rel.target)])
    return []


def _rewrite_sheet_xml(data: bytes, styles: StyleMerger, strings: list[bytes]) -> bytes:
    """A worksheet of the source with master style indices and inline strings.

    The source is XlsxWriter output, whose markup is regular: cells are
    ``<c r=".." s=".." t="s"><v>index</v></c>``; the rewrite works on the
    bytes with regular expressions, which is much faster than a tree on large
    sheets.
    """
    data = data.replace(b' tabSelected="1"', b"")
    data = _STRING_CELL.sub(lambda m: b"<c " + m.group(1) + b't="inlineStr"' + m.group(2) + b"><is>"
                            + strings[int(m.group(3))] + b"</is></c>", data)
    data = _CELL_STYLE.sub(lambda m: m.group(1) + str(styles.xf(int(m.group(2)))).encode() + b'"', data)
    data = _COLUMN_STYLE.sub(lambda m: m.group(1) + str(styles.xf(int(m.group(2)))).encode() + b'"', data)
    return _RULE_DXF.sub(lambda m: m.group(1) + str(styles.dxf(int(m.group(2)))).encode() + b'"', data)


def _rename_clashing_tables(master: Package, source: Package, source_sheets: list[str]) -> None:
    """Rename tables left in the master that carry the name of a managed table.

    That happens when the PMO renamed or copied a managed sheet: its table
    keeps the managed name, which Excel requires to be unique.  The old copy
    gets the suffix ``_ancien`` (``_ancien2``, … if needed); the new managed
    table keeps the name formulas and packs use.
    """
    incoming = set()
    for sheet in source_sheets:
        for rel in source.relationships(sheet):
            part = source.resolve(sheet, rel.target)
            if part.startswith("xl/tables/"):
                incoming.add(_parse(source.parts[part]).get("name"))
    existing = {}
    for name in master.part_names_like(r"xl/tables/[^/]+\.xml"):
        existing[name] = _parse(master.parts[name]).get("name")
    taken = set(existing.values()) | incoming
    for part, table_name in existing.items():
        if table_name not in incoming:
            continue
        n, new_name = 1, f"{table_name}_ancien"
        while new_name in taken:
            n += 1
            new_name = f"{table_name}_ancien{n}"
        taken.add(new_name)
        root = _parse(master.parts[part])
        root.set("name", new_name)
        root.set("displayName", new_name)
        master.parts[part] = _serialize(root)


def _table_ids(pkg: Package) -> set[int]:
    ids = set()
    for name in pkg.part_names_like(r"xl/tables/[^/]+\.xml"):
        try:
            ids.add(int(_parse(pkg.parts[name]).get("id")))
        except (TypeError, ValueError):
            continue
    return ids


def _copy_tree(src: Package, dst: Package, src_part: str, dst_part: str,
               new_types: dict[str, str], taken: set[str], table_ids: set[int]) -> None:
    """Copy ``src_part`` (a table, drawing or chart) and what it refers to into ``dst``."""
    data = src.parts[src_part]
    if dst_part.startswith("xl/tables/"):
        root = _parse(data)
        new_id = max(table_ids | {0}) + 1
        table_ids.add(new_id)
        root.set("id", str(new_id))
        for attr in ("headerRowDxfId", "dataDxfId", "totalsRowDxfId"):
            root.attrib.pop(attr, None)
        for column in root.iter(_M + "tableColumn"):
            for attr in ("headerRowDxfId", "dataDxfId", "totalsRowDxfId"):
                column.attrib.pop(attr, None)
        data = _serialize(root)
    dst.parts[dst_part] = data
    new_types[dst_part] = src.content_type(src_part) or "application/xml"
    rels = []
    for rel in src.relationships(src_part):
        if rel.external:
            rels.append(rel)
            continue
        child_src = src.resolve(src_part, rel.target)
        folder = posixpath.dirname(child_src)
        stem = re.sub(r"\d+$", "", posixpath.splitext(posixpath.basename(child_src))[0])
        ext = posixpath.splitext(child_src)[1].lstrip(".")
        child_dst = dst.free_name(folder, stem, ext, taken)
        taken.add(child_dst)
        _copy_tree(src, dst, child_src, child_dst, new_types, taken, table_ids)
        rels.append(Relationship(rel.id, rel.type, dst.relative(dst_part, child_dst)))
    dst.set_relationships(dst_part, rels)


def _drop_calc_chain(pkg: Package, removed: set[str]) -> None:
    wb_part = pkg.workbook_part()
    rels = pkg.relationships(wb_part)
    kept = []
    for rel in rels:
        if rel.type == REL_CALC_CHAIN:
            part = pkg.resolve(wb_part, rel.target)
            pkg.parts.pop(part, None)
            removed.add(part)
        else:
            kept.append(rel)
    if len(kept) != len(rels):
        pkg.set_relationships(wb_part, kept)


def transplant_sheets(master: Package, source: Package, sheet_names: list[str]) -> Package:
    """Replace or add the worksheets ``sheet_names`` of ``source`` in ``master``.

    Every other part of ``master`` is kept unchanged, except ``workbook.xml``
    (new sheets appended, their print area and print titles copied, full
    recalculation requested), its relationships,
    ``styles.xml`` (formats appended) and ``[Content_Types].xml``.
    """
    styles_part = "xl/styles.xml"
    src_sheets = source.sheets()
    wb_part = master.workbook_part()
    dst_styles_name = None
    for rel in master.relationships(wb_part):
        if rel.type.endswith("/styles"):
            dst_styles_name = master.resolve(wb_part, rel.target)
    if dst_styles_name is None:
        raise OutputError("the master workbook has no styles part", Location(file=master.source))
    src_styles_name = styles_part
    for rel in source.relationships(source.workbook_part()):
        if rel.type.endswith("/styles"):
            src_styles_name = source.resolve(source.workbook_part(), rel.target)
    styles = StyleMerger(master.parts[dst_styles_name], source.parts[src_styles_name])
    strings = _shared_strings(source)

    removed: set[str] = set()
    new_types: dict[str, str] = {}
    _drop_calc_chain(master, removed)
    dst_sheets = master.sheets()
    wb_root = _parse(master.parts[wb_part])
    wb_rels = master.relationships(wb_part)
    sheets_el = wb_root.find(_M + "sheets")

    # First free the parts of the sheets being replaced, then allocate new ones.
    for name in sheet_names:
        if name in dst_sheets:
            part = dst_sheets[name]
            for rel in master.relationships(part):
                if rel.external:
                    continue
                child = master.resolve(part, rel.target)
                if not _shared_with_other_part(master, child, part):
                    master.remove_part_tree(child, set(), removed)
            master.parts.pop(rels_name(part), None)
    _rename_clashing_tables(master, source, [src_sheets[n] for n in sheet_names if n in src_sheets])
    table_ids = _table_ids(master)
    taken: set[str] = set()

    for name in sheet_names:
        if name not in src_sheets:
            raise OutputError(f"managed sheet '{name}' missing from the built workbook")
        src_part = src_sheets[name]
        if name in dst_sheets:
            dst_part = dst_sheets[name]
        else:
            dst_part = master.free_name("xl/worksheets", "sheet", "xml", taken)
            taken.add(dst_part)
            existing_ids = {r.id for r in wb_rels}
            n = 1
            while f"rId{n}" in existing_ids:
                n += 1
            rel_id = f"rId{n}"
            wb_rels.append(Relationship(rel_id, REL_WORKSHEET, master.relative(wb_part, dst_part)))
            sheet_ids = [int(s.get("sheetId")) for s in sheets_el.iter(_M + "sheet")]
            sheet_el = etree.SubElement(sheets_el, _M + "sheet")
            sheet_el.set("name", name)
            sheet_el.set("sheetId", str(max(sheet_ids + [0]) + 1))
            sheet_el.set(_R + "id", rel_id)
            new_types[dst_part] = CT_WORKSHEET
        master.parts[dst_part] = _rewrite_sheet_xml(source.parts[src_part], styles, strings)
        rels = []
        for rel in source.relationships(src_part):
            if rel.external:
                rels.append(rel)
                continue
            child_src = source.resolve(src_part, rel.target)
            folder = posixpath.dirname(child_src)
            stem = re.sub(r"\d+$", "", posixpath.splitext(posixpath.basename(child_src))[0])
            ext = posixpath.splitext(child_src)[1].lstrip(".")
            child_dst = master.free_name(folder, stem, ext, taken)
            taken.add(child_dst)
            _copy_tree(source, master, child_src, child_dst, new_types, taken, table_ids)
            rels.append(Relationship(rel.id, rel.type, master.relative(dst_part, child_dst)))
        master.set_relationships(dst_part, rels)

    _transplant_sheet_names(wb_root, source, sheet_names)
    calc = wb_root.find(_M + "calcPr")
    if calc is None:
        calc = etree.Element(_M + "calcPr")
        anchor = sheets_el
        for tag in ("functionGroups", "externalReferences", "definedNames"):
            found = wb_root.find(_M + tag)
            if found is not None:
                anchor = found
        anchor.addnext(calc)
    calc.set("fullCalcOnLoad", "1")
    master.parts[wb_part] = _serialize(wb_root)
    master.set_relationships(wb_part, wb_rels)
    master.parts[dst_styles_name] = styles.result()
    master.edit_content_types(new_types, removed - set(new_types))
    return master


#: Children of <workbook> that come before <definedNames> in the schema's order.
_BEFORE_DEFINED_NAMES = ("fileVersion", "fileSharing", "workbookPr", "workbookProtection", "bookViews",
                         "sheets", "functionGroups", "externalReferences")


def _transplant_sheet_names(wb_root: etree._Element, source: Package, sheet_names: list[str]) -> None:
    """Copy the sheet-scoped defined names (print area, print titles) of ``sheet_names`` from ``source``.

    A sheet-scoped name points to its sheet by position (``localSheetId``),
    so each one is renumbered to the sheet's position in the master; the
    master's own names for those sheets are replaced, every other name kept.
    """
    src_root = _parse(source.parts[source.workbook_part()])
    src_order = [s.get("name") for s in src_root.iter(_M + "sheet")]
    dst_order = [s.get("name") for s in wb_root.find(_M + "sheets").iter(_M + "sheet")]
    wanted = set(sheet_names)
    copied = []
    for name in src_root.iter(_M + "definedName"):
        local = name.get("localSheetId")
        if local is None or src_order[int(local)] not in wanted:
            continue
        clone = copy.deepcopy(name)
        clone.set("localSheetId", str(dst_order.index(src_order[int(local)])))
        copied.append(clone)
    names_el = wb_root.find(_M + "definedNames")
    if names_el is None:
        if not copied:
            return
        names_el = etree.Element(_M + "definedNames")
        anchor = [wb_root.find(_M + tag) for tag in _BEFORE_DEFINED_NAMES]
        [el for el in anchor if el is not None][-1].addnext(names_el)
    replaced = {(c.get("name"), c.get("localSheetId")) for c in copied}
    for name in list(names_el):
        if (name.get("name"), name.get("localSheetId")) in replaced:
            names_el.remove(name)
    names_el.extend(copied)


def _shared_with_other_part(pkg: Package, child: str, owner: str) -> bool:
    for name in list(pkg.parts):
        if not name.endswith(".rels"):
            continue
        other = _owner_of_rels(name)
        if other == owner:
            continue
        for rel in pkg.relationships(other):
            if not rel.external and pkg.resolve(other, rel.target) == child:
                return True
    return False
