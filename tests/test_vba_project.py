"""The source-only VBA project, read back by oletools' olevba and olefile."""

from __future__ import annotations

import io
import random
import struct

import olefile
import pytest
from oletools.olevba import VBA_Parser, decompress_stream

from pmo_xl.errors import OutputError
from pmo_xl.excel.ovba import (
    WORKBOOK_BASE,
    ModuleKind,
    VbaModule,
    build_vba_project,
    compress,
    decrypt_project_data,
    document_module,
    encrypt_project_data,
    module_from_export,
)


def _decompressed(data: bytes) -> bytes:
    return bytes(decompress_stream(bytearray(compress(data))))


@pytest.mark.parametrize("size", [0, 1, 3, 4095, 4096, 4097, 20_000])
def test_olevba_decompresses_what_we_compress_text(size):
    text = (b"Public Sub PmoAction(control As IRibbonControl)\r\n    RunPython \"x\"\r\nEnd Sub\r\n" * 400)[:size]
    assert _decompressed(text) == text


def test_incompressible_full_chunks_are_stored_raw():
    rng = random.Random(3)
    data = bytes(rng.randrange(256) for _ in range(3 * 4096))
    packed = compress(data)
    # Each raw chunk: 2-byte header 0x3FFF (size 4098 - 3, signature 0b011, flag 0) + 4096 bytes.
    assert len(packed) == 1 + 3 * (2 + 4096)
    assert struct.unpack("<H", packed[1:3])[0] == 0x3FFF
    assert _decompressed(data) == data


def test_compressed_repetitive_text_is_much_smaller():
    text = b"' line of comment\r\n" * 1000
    packed = compress(text)
    assert len(packed) < len(text) // 10
    assert packed[0] == 0x01  # container signature
    assert _decompressed(text) == text


def test_protection_fields_match_what_excel_wrote():
    # CMG, DPB and GC of the VBA project in xlwings' quickstart_addin.xlam (saved by Excel).
    project_id = "{E166F130-7A7D-463D-A36A-DF5CC07216B9}"
    assert decrypt_project_data("1C1EFBF0B83CBC3CBC3CBC3CBC", project_id) == b"\x00\x00\x00\x00"
    assert decrypt_project_data("1C1EFBF0B839B939B939", project_id) == b"\x00"
    assert decrypt_project_data("1C1EFBF0B839B939B9C6", project_id) == b"\xff"
    # Same seed, version and key bytes as Excel; the ignored bytes are the writer's choice.
    ours = encrypt_project_data(b"\x00\x00\x00\x00", project_id, 0x1C)
    assert ours[:6] == "1C1EFB"
    assert len(ours) == len("1C1EFBF0B83CBC3CBC3CBC3CBC")
    for seed in range(0, 256, 17):
        assert decrypt_project_data(encrypt_project_data(b"\x12\x34", project_id, seed), project_id) == b"\x12\x34"


STANDARD = """Attribute VB_Name = "Greeting"
Option Explicit

' Texte accentué : é, è, à, ç
Public Function Hello(name As String) As String
    Hello = "Bonjour " & name
End Function
"""

CLASS_EXPORT = """VERSION 1.0 CLASS
BEGIN
  MultiUse = -1  'True
END
Attribute VB_Name = "Counter"
Attribute VB_GlobalNameSpace = False
Attribute VB_Creatable = False
Attribute VB_PredeclaredId = False
Attribute VB_Exposed = False
Private count As Long

Public Sub Increment()
    count = count + 1
End Sub
"""


def _project_bytes() -> tuple[bytes, list[VbaModule]]:
    modules = [
        document_module("ThisWorkbook", WORKBOOK_BASE, "Private Sub Workbook_Open()\nEnd Sub\n"),
        module_from_export(STANDARD),
        module_from_export(CLASS_EXPORT),
    ]
    return build_vba_project(modules, "PmoTest"), modules


def test_olevba_extracts_every_module_source_unchanged(tmp_path):
    data, modules = _project_bytes()
    path = tmp_path / "vbaProject.bin"
    path.write_bytes(data)
    parser = VBA_Parser(str(path))
    assert parser.detect_vba_macros()
    extracted = {name: code for (_, _, name, code) in parser.extract_macros()}
    assert set(extracted) == {"ThisWorkbook.cls", "Greeting.bas", "Counter.cls"}
    assert extracted["Greeting.bas"] == STANDARD.replace("\n", "\r\n")
    # The class header (VERSION/BEGIN/END) is not part of the stored source.
    assert extracted["Counter.cls"] == CLASS_EXPORT.split("END\n", 1)[1].replace("\n", "\r\n")
    assert extracted["ThisWorkbook.cls"].startswith('Attribute VB_Name = "ThisWorkbook"\r\n'
                                                      f'Attribute VB_Base = "{WORKBOOK_BASE}"\r\n')
    assert extracted["ThisWorkbook.cls"].endswith("Private Sub Workbook_Open()\r\nEnd Sub\r\n")


def test_project_streams_have_the_layout_excel_expects():
    data, _ = _project_bytes()
    ole = olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_POTENTIAL)
    assert sorted("/".join(p) for p in ole.listdir()) == [
        "PROJECT", "PROJECTwm", "VBA/Counter", "VBA/Greeting", "VBA/ThisWorkbook",
        "VBA/_VBA_PROJECT", "VBA/dir",
    ]
    # _VBA_PROJECT: reserved 0x61CC, version 0xFFFF (forces recompilation), no cache.
    assert ole.openstream("VBA/_VBA_PROJECT").read() == b"\xcc\x61\xff\xff\x00\x00\x00"
    project = ole.openstream("PROJECT").read().decode("cp1252").split("\r\n")
    assert "Document=ThisWorkbook/&H00000000" in project
    assert "Module=Greeting" in project
    assert "Class=Counter" in project
    assert 'Name="PmoTest"' in project
    project_id = project[0].split("=", 1)[1].strip('"')
    values = dict(line.split("=", 1) for line in project if line.startswith(("CMG=", "DPB=", "GC=")))
    assert decrypt_project_data(values["CMG"].strip('"'), project_id) == b"\x00\x00\x00\x00"
    assert decrypt_project_data(values["DPB"].strip('"'), project_id) == b"\x00"
    assert decrypt_project_data(values["GC"].strip('"'), project_id) == b"\xff"
    names = ole.openstream("PROJECTwm").read()
    assert names == (b"ThisWorkbook\x00" + "ThisWorkbook".encode("utf-16-le") + b"\x00\x00"
                     + b"Greeting\x00" + "Greeting".encode("utf-16-le") + b"\x00\x00"
                     + b"Counter\x00" + "Counter".encode("utf-16-le") + b"\x00\x00" + b"\x00\x00")


def _dir_records(raw: bytes) -> list[tuple[int, bytes]]:
    records, position = [], 0
    while position < len(raw):
        record_id, size = struct.unpack_from("<HI", raw, position)
        if record_id == 0x0009:  # PROJECTVERSION: size field is reserved, 6 bytes follow
            size = 6
        records.append((record_id, raw[position + 6:position + 6 + size]))
        position += 6 + size
    return records


def test_dir_stream_records_name_modules_and_types():
    data, _ = _project_bytes()
    ole = olefile.OleFileIO(io.BytesIO(data))
    raw = bytes(decompress_stream(bytearray(ole.openstream("VBA/dir").read())))
    records = _dir_records(raw)
    by_id: dict[int, list[bytes]] = {}
    for record_id, payload in records:
        by_id.setdefault(record_id, []).append(payload)
    assert by_id[0x0004] == [b"PmoTest"]  # PROJECTNAME
    assert struct.unpack("<H", by_id[0x0003][0])[0] == 1252  # PROJECTCODEPAGE
    assert struct.unpack("<H", by_id[0x000F][0])[0] == 3  # PROJECTMODULES count
    assert by_id[0x0019] == [b"ThisWorkbook", b"Greeting", b"Counter"]  # MODULENAME
    assert by_id[0x001A] == [b"ThisWorkbook", b"Greeting", b"Counter"]  # MODULESTREAMNAME
    module_types = [record_id for record_id, _ in records if record_id in (0x0021, 0x0022)]
    assert module_types == [0x0022, 0x0021, 0x0022]  # document, procedural, class
    assert all(struct.unpack("<I", p)[0] == 0 for p in by_id[0x0031])  # MODULEOFFSET: no cache
    assert records[-1] == (0x0010, b"")  # dir terminator
    libids = [p[4:4 + struct.unpack("<I", p[:4])[0]].decode("cp1252") for p in by_id[0x000D]]
    assert any("{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}" in libid for libid in libids)  # Office


def test_characters_outside_the_code_page_are_located():
    module = VbaModule("Bad", ModuleKind.STANDARD, 'Attribute VB_Name = "Bad"\n\' ok\n\' emoji \u263a\n')
    with pytest.raises(OutputError, match="line 3"):
        build_vba_project([module])


def test_duplicate_module_names_are_refused():
    module = module_from_export(STANDARD)
    with pytest.raises(OutputError, match="Greeting"):
        build_vba_project([module, module])
