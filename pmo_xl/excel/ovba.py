"""A source-only VBA project ([MS-OVBA]) built from module text.

The project holds module *source* only: the ``_VBA_PROJECT`` stream declares
version 0xFFFF, so Excel finds no compiled code it can use and compiles the
modules from source when it opens the file.  What this module writes:

* the ``PROJECT`` stream (text properties, including the protection fields
  ``CMG``, ``DPB`` and ``GC`` in the data encryption of [MS-OVBA] 2.4.3),
* the ``PROJECTwm`` stream (module names in MBCS and UTF-16),
* the ``VBA/dir`` stream (project information, references and module records,
  compressed),
* one ``VBA/<module>`` stream per module (its source, compressed),
* ``VBA/_VBA_PROJECT`` (7 bytes, no performance cache),

then packs them into a compound file with :mod:`pmo_xl.excel.cfb`.
"""

from __future__ import annotations

import hashlib
import struct
import uuid
from dataclasses import dataclass
from enum import Enum

from pmo_xl.errors import OutputError
from pmo_xl.excel.cfb import write_compound_file

CHUNK_SIZE = 4096
CODE_PAGE = 1252
LCID_ENGLISH_US = 0x0409
NO_PASSWORD = bytes([0x00])  # DPB data: the project has no password
VISIBLE = bytes([0xFF])  # GC data: the project is visible
MATCH_CANDIDATES = 32  # earlier positions tried per match when compressing
HOST_EXTENDER_INFO = "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000"

# Registered type libraries every Excel project references.
STDOLE_REFERENCE = (
    "stdole",
    "*\\G{00020430-0000-0000-C000-000000000046}#2.0#0#C:\\Windows\\System32\\stdole2.tlb#OLE Automation",
)
OFFICE_REFERENCE = (
    "Office",
    "*\\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0#"
    "C:\\Program Files\\Common Files\\Microsoft Shared\\OFFICE16\\MSO.DLL"
    "#Microsoft Office 16.0 Object Library",
)


# --------------------------------------------------------------------------
# Compression ([MS-OVBA] 2.4.1)
# --------------------------------------------------------------------------

def _copy_token_layout(decompressed_offset: int) -> tuple[int, int]:
    """(bit count of the offset field, maximum match length) at an offset in a chunk."""
    bit_count = max((decompressed_offset - 1).bit_length(), 4)
    maximum_length = (0xFFFF >> bit_count) + 3
    return bit_count, maximum_length


def _compress_chunk(chunk: bytes) -> bytes:
    """The compressed chunk (header included) for up to 4096 bytes of input."""
    data = bytearray()
    position = 0
    length = len(chunk)
    recent: dict[bytes, list[int]] = {}
    while position < length:
        flag_index = len(data)
        data.append(0)
        flags = 0
        for token_index in range(8):
            if position >= length:
                break
            bit_count, maximum_length = _copy_token_layout(position)
            best_length = 0
            best_offset = 0
            key = chunk[position:position + 3]
            if position > 0 and len(key) == 3:
                limit = min(maximum_length, length - position)
                for candidate in reversed(recent.get(key, [])[-MATCH_CANDIDATES:]):
                    match = 3
                    while match < limit and chunk[candidate + match] == chunk[position + match]:
                        match += 1
                    if match > best_length:
                        best_length = match
                        best_offset = position - candidate
                        if match == limit:
                            break
            if best_length >= 3:
                token = ((best_offset - 1) << (16 - bit_count)) | (best_length - 3)
                data += struct.pack("<H", token)
                flags |= 1 << token_index
                advance = best_length
            else:
                data.append(chunk[position])
                advance = 1
            for start in range(position, position + advance):
                recent.setdefault(chunk[start:start + 3], []).append(start)
            position += advance
        data[flag_index] = flags
    if len(data) > CHUNK_SIZE:
        if length == CHUNK_SIZE:
            header = (CHUNK_SIZE - 1) | (0b011 << 12)  # raw chunk, flag 0
            return struct.pack("<H", header) + chunk
        raise OutputError(
            f"final chunk of {length} bytes does not compress to {CHUNK_SIZE} bytes"
        )
    header = (len(data) + 2 - 3) | (0b011 << 12) | (1 << 15)
    return struct.pack("<H", header) + bytes(data)


def compress(data: bytes) -> bytes:
    """``data`` as an [MS-OVBA] CompressedContainer (signature byte 0x01, then chunks)."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), CHUNK_SIZE):
        out += _compress_chunk(data[start:start + CHUNK_SIZE])
    return bytes(out)


# --------------------------------------------------------------------------
# Data encryption of the PROJECT protection fields ([MS-OVBA] 2.4.3)
# --------------------------------------------------------------------------

def encrypt_project_data(data: bytes, project_id: str, seed: int) -> str:
    """The hex text of ``data`` encrypted as for the CMG, DPB and GC properties.

    ``project_id`` is the ``ID`` property's value with braces; ``seed`` is a
    byte that the format lets the writer choose (fixed here for reproducible
    builds).
    """
    version = 2
    project_key = sum(project_id.encode("ascii")) & 0xFF
    seed &= 0xFF
    version_encrypted = seed ^ version
    key_encrypted = seed ^ project_key
    out = bytearray([seed, version_encrypted, key_encrypted])
    unencrypted_previous = project_key
    encrypted_previous = key_encrypted
    encrypted_before = version_encrypted

    def push(byte: int) -> None:
        nonlocal unencrypted_previous, encrypted_previous, encrypted_before
        encrypted = byte ^ ((encrypted_before + unencrypted_previous) & 0xFF)
        out.append(encrypted)
        encrypted_before = encrypted_previous
        encrypted_previous = encrypted
        unencrypted_previous = byte

    ignored_length = (seed & 6) // 2
    for _ in range(ignored_length):
        push(0)
    for byte in struct.pack("<I", len(data)):
        push(byte)
    for byte in data:
        push(byte)
    return out.hex().upper()


def decrypt_project_data(text: str, project_id: str | None = None) -> bytes:
    """The data hidden in a CMG, DPB or GC value (inverse of :func:`encrypt_project_data`)."""
    raw = bytes.fromhex(text)
    seed, version_encrypted, key_encrypted = raw[0], raw[1], raw[2]
    project_key = seed ^ key_encrypted
    if project_id is not None and project_key != sum(project_id.encode("ascii")) & 0xFF:
        raise ValueError("project key does not match the project id")
    unencrypted_previous = project_key
    encrypted_previous = key_encrypted
    encrypted_before = version_encrypted
    plain = bytearray()
    for encrypted in raw[3:]:
        byte = encrypted ^ ((encrypted_before + unencrypted_previous) & 0xFF)
        plain.append(byte)
        encrypted_before = encrypted_previous
        encrypted_previous = encrypted
        unencrypted_previous = byte
    ignored_length = (seed & 6) // 2
    length = struct.unpack("<I", bytes(plain[ignored_length:ignored_length + 4]))[0]
    return bytes(plain[ignored_length + 4:ignored_length + 4 + length])


# --------------------------------------------------------------------------
# Modules and project
# --------------------------------------------------------------------------

class ModuleKind(str, Enum):
    """What a VBA module is: the PROJECT stream key and the dir MODULETYPE record."""

    STANDARD = "Module"
    CLASS = "Class"
    DOCUMENT = "Document"


# VB_Base of the Excel document modules (workbook and worksheet).
WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"
WORKSHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"


@dataclass
class VbaModule:
    """One module of the project: its name, kind and full source text.

    ``source`` is the text as VBE stores it, ``Attribute`` lines included;
    line ends are normalised to CRLF when the project is written.
    """

    name: str
    kind: ModuleKind
    source: str

    def stored_source(self) -> bytes:
        lines = self.source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        text = "\r\n".join(lines)
        if not text.endswith("\r\n"):
            text += "\r\n"
        try:
            return text.encode(f"cp{CODE_PAGE}")
        except UnicodeEncodeError as exc:
            line_number = text[: exc.start].count("\r\n") + 1
            raise OutputError(
                f"VBA module {self.name!r} line {line_number}: character "
                f"{text[exc.start]!r} is not in code page {CODE_PAGE}"
            ) from exc


def module_from_export(text: str, kind: ModuleKind | None = None) -> VbaModule:
    """A module from a VBE export (.bas or .cls text).

    The ``VERSION``/``BEGIN``…``END`` header of a class export is dropped (VBE
    does not store it in the module stream); the name comes from
    ``Attribute VB_Name``.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    is_class = bool(lines) and lines[0].startswith("VERSION 1.0 CLASS")
    if is_class:
        end = lines.index("END")
        lines = lines[end + 1:]
    name = None
    for line in lines:
        if line.startswith("Attribute VB_Name"):
            name = line.split("=", 1)[1].strip().strip('"')
            break
    if not name:
        raise OutputError("VBA export has no 'Attribute VB_Name' line")
    if kind is None:
        kind = ModuleKind.CLASS if is_class else ModuleKind.STANDARD
    while lines and lines[-1] == "":
        lines.pop()
    return VbaModule(name=name, kind=kind, source="\n".join(lines) + "\n")


def document_module(name: str, base: str, code: str = "") -> VbaModule:
    """A document module (ThisWorkbook, a sheet) with the attributes VBE writes."""
    header = [
        f'Attribute VB_Name = "{name}"',
        f'Attribute VB_Base = "{base}"',
        "Attribute VB_GlobalNameSpace = False",
        "Attribute VB_Creatable = False",
        "Attribute VB_PredeclaredId = True",
        "Attribute VB_Exposed = True",
        "Attribute VB_TemplateDerived = False",
        "Attribute VB_Customizable = True",
    ]
    body = code.rstrip("\n")
    return VbaModule(name, ModuleKind.DOCUMENT, "\n".join(header + ([body] if body else [])) + "\n")


def _mbcs(text: str) -> bytes:
    return text.encode(f"cp{CODE_PAGE}")


def _record(record_id: int, payload: bytes) -> bytes:
    return struct.pack("<HI", record_id, len(payload)) + payload


def _dir_stream(project_name: str, modules: list[VbaModule],
                references: list[tuple[str, str]]) -> bytes:
    out = bytearray()
    out += _record(0x0001, struct.pack("<I", 1))  # PROJECTSYSKIND: 32-bit Windows
    out += _record(0x0002, struct.pack("<I", LCID_ENGLISH_US))  # PROJECTLCID
    out += _record(0x0014, struct.pack("<I", LCID_ENGLISH_US))  # PROJECTLCIDINVOKE
    out += _record(0x0003, struct.pack("<H", CODE_PAGE))  # PROJECTCODEPAGE
    out += _record(0x0004, _mbcs(project_name))  # PROJECTNAME
    out += _record(0x0005, b"") + _record(0x0040, b"")  # PROJECTDOCSTRING (+ unicode)
    out += _record(0x0006, b"") + _record(0x003D, b"")  # PROJECTHELPFILEPATH 1 and 2
    out += _record(0x0007, struct.pack("<I", 0))  # PROJECTHELPCONTEXT
    out += _record(0x0008, struct.pack("<I", 0))  # PROJECTLIBFLAGS
    # PROJECTVERSION: Reserved (always 4) then major (4 bytes) and minor (2 bytes).
    out += struct.pack("<HIIH", 0x0009, 4, 1, 0)
    out += _record(0x000C, b"") + _record(0x003C, b"")  # PROJECTCONSTANTS (+ unicode)
    for name, libid in references:
        out += _record(0x0016, _mbcs(name))  # REFERENCENAME
        out += _record(0x003E, name.encode("utf-16-le"))
        libid_bytes = _mbcs(libid)
        registered = struct.pack("<I", len(libid_bytes)) + libid_bytes + struct.pack("<IH", 0, 0)
        out += _record(0x000D, registered)  # REFERENCEREGISTERED
    out += struct.pack("<HIH", 0x000F, 2, len(modules))  # PROJECTMODULES
    out += struct.pack("<HIH", 0x0013, 2, 0xFFFF)  # PROJECTCOOKIE
    for module in modules:
        out += _record(0x0019, _mbcs(module.name))  # MODULENAME
        out += _record(0x0047, module.name.encode("utf-16-le"))  # MODULENAMEUNICODE
        out += _record(0x001A, _mbcs(module.name))  # MODULESTREAMNAME
        out += _record(0x0032, module.name.encode("utf-16-le"))
        out += _record(0x001C, b"") + _record(0x0048, b"")  # MODULEDOCSTRING
        out += _record(0x0031, struct.pack("<I", 0))  # MODULEOFFSET: no performance cache
        out += _record(0x001E, struct.pack("<I", 0))  # MODULEHELPCONTEXT
        out += struct.pack("<HIH", 0x002C, 2, 0xFFFF)  # MODULECOOKIE
        module_type = 0x0021 if module.kind is ModuleKind.STANDARD else 0x0022
        out += struct.pack("<HI", module_type, 0)  # MODULETYPE
        out += struct.pack("<HI", 0x002B, 0)  # module terminator
    out += struct.pack("<HI", 0x0010, 0)  # dir terminator
    return bytes(out)


def _project_stream(project_id: str, project_name: str, modules: list[VbaModule],
                    seed: int) -> bytes:
    protection_state = encrypt_project_data(struct.pack("<I", 0), project_id, seed)
    password = encrypt_project_data(NO_PASSWORD, project_id, seed + 1)
    visibility_state = encrypt_project_data(VISIBLE, project_id, seed + 2)
    lines = [f'ID="{project_id}"']
    for module in modules:
        if module.kind is ModuleKind.DOCUMENT:
            lines.append(f"Document={module.name}/&H00000000")
        else:
            lines.append(f"{module.kind.value}={module.name}")
    lines += [
        f'Name="{project_name}"',
        'HelpContextID="0"',
        'VersionCompatible32="393222000"',
        f'CMG="{protection_state}"',
        f'DPB="{password}"',
        f'GC="{visibility_state}"',
        "",
        "[Host Extender Info]",
        HOST_EXTENDER_INFO,
        "",
        "[Workspace]",
    ]
    lines += [f"{module.name}=0, 0, 0, 0, C" for module in modules]
    return _mbcs("\r\n".join(lines) + "\r\n")


def _project_wm_stream(modules: list[VbaModule]) -> bytes:
    out = bytearray()
    for module in modules:
        out += _mbcs(module.name) + b"\x00" + module.name.encode("utf-16-le") + b"\x00\x00"
    return bytes(out + b"\x00\x00")


def project_id_for(project_name: str) -> str:
    """A GUID derived from the project name, so the same sources give the same file."""
    digest = hashlib.sha1(project_name.encode("utf-8")).digest()[:16]
    return "{" + str(uuid.UUID(bytes=digest)).upper() + "}"


def build_vba_project(modules: list[VbaModule], project_name: str = "VBAProject",
                      references: list[tuple[str, str]] | None = None) -> bytes:
    """The bytes of a ``vbaProject.bin`` holding ``modules`` as source only.

    ``references`` are (name, libid) pairs of registered type libraries;
    by default OLE Automation and the Office object library (for
    ``IRibbonControl``).
    """
    names = [m.name for m in modules]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise OutputError(f"VBA module names given twice: {', '.join(duplicates)}")
    if references is None:
        references = [STDOLE_REFERENCE, OFFICE_REFERENCE]
    project_id = project_id_for(project_name)
    seed = sum(project_name.encode("utf-8")) & 0xFF
    streams = {
        "PROJECT": _project_stream(project_id, project_name, modules, seed),
        "PROJECTwm": _project_wm_stream(modules),
        "VBA/_VBA_PROJECT": struct.pack("<HHBH", 0x61CC, 0xFFFF, 0x00, 0x0000),
        "VBA/dir": compress(_dir_stream(project_name, modules, references)),
    }
    for module in modules:
        streams[f"VBA/{module.name}"] = compress(module.stored_source())
    return write_compound_file(streams)
