"""The compound-file writer, read back by olefile (an independent reader)."""

from __future__ import annotations

import io
import random

import olefile
import pytest

from pmo_xl.errors import OutputError
from pmo_xl.excel.cfb import write_compound_file


def _strict_reader(data: bytes) -> olefile.OleFileIO:
    # DEFECT_POTENTIAL is olefile's lowest level: every defect it notices raises.
    return olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_POTENTIAL)


def _streams() -> dict[str, bytes]:
    rng = random.Random(7)
    return {
        "PROJECT": b"ID=\"{00000000-0000-0000-0000-000000000000}\"\r\n",
        "PROJECTwm": b"",
        "VBA/dir": bytes(rng.randrange(256) for _ in range(4095)),  # largest mini stream
        "VBA/Module1": bytes(rng.randrange(256) for _ in range(4096)),  # smallest regular stream
        "VBA/_VBA_PROJECT": b"\xcc\x61\xff\xff\x00\x00\x00",
        "VBA/Sub/Deep": b"x" * 64,
        "Big": bytes(rng.randrange(256) for _ in range(200_000)),
    }


def test_olefile_reads_back_every_stream_byte_for_byte():
    streams = _streams()
    data = write_compound_file(streams)
    assert olefile.isOleFile(data=data)
    ole = _strict_reader(data)
    assert sorted("/".join(p) for p in ole.listdir()) == sorted(streams)
    for path, content in streams.items():
        assert ole.get_type(path) == olefile.STGTY_STREAM
        assert ole.get_size(path) == len(content)
        assert ole.openstream(path).read() == content
    assert ole.get_type("VBA") == olefile.STGTY_STORAGE
    assert ole.get_type("VBA/Sub") == olefile.STGTY_STORAGE
    assert ole.parsing_issues == []


def test_file_size_is_header_plus_whole_sectors_and_mini_streams_use_mini_fat():
    data = write_compound_file({"A": b"a" * 100, "B": b"b" * 5000})
    assert (len(data) - 512) % 512 == 0
    ole = _strict_reader(data)
    # 100 bytes < 4096: the mini stream holds it (2 mini sectors of 64 bytes).
    assert ole.root.size == 128
    assert ole.openstream("A").read() == b"a" * 100
    assert ole.openstream("B").read() == b"b" * 5000


def test_sibling_tree_follows_the_cfb_name_order():
    names = ["dir", "Module10", "ab", "AC", "b", "Zeta", "_VBA_PROJECT", "Module2"]
    data = write_compound_file({n: n.encode() for n in names})
    ole = _strict_reader(data)
    # In-order walk of the sibling tree from the raw directory entries.
    entries = {i: e for i, e in enumerate(ole.direntries) if e is not None}

    def in_order(sid):
        if sid == olefile.NOSTREAM:
            return []
        entry = entries[sid]
        return in_order(entry.sid_left) + [entry.name] + in_order(entry.sid_right)

    children = in_order(ole.root.sid_child)
    # [MS-CFB] 2.6.4: shorter names first, then by upper-cased name.
    assert children == ["b", "ab", "AC", "dir", "Zeta", "Module2", "Module10", "_VBA_PROJECT"]


@pytest.mark.parametrize("bad", ["", "x" * 32, "a/b/", "bad:name"])
def test_names_the_format_forbids_are_refused(bad):
    with pytest.raises(OutputError):
        write_compound_file({bad: b"1"})


def test_a_stream_cannot_also_be_a_storage():
    with pytest.raises(OutputError, match="goes through stream"):
        write_compound_file({"A": b"1", "A/B": b"2"})


def test_files_beyond_the_header_difat_are_refused_with_a_reason():
    # 109 FAT sectors of 128 entries address 13,952 sectors of 512 bytes (about 7.1 MB).
    with pytest.raises(OutputError, match="at most 109 supported"):
        write_compound_file({"Huge": bytes(109 * 128 * 512)})
