"""A writer of Compound File Binary files ([MS-CFB], version 3, 512-byte sectors).

A compound file is a small file system inside one file: storages (folders)
holding streams (files).  ``vbaProject.bin`` is one.  This writer builds a new
file from a mapping of stream paths to bytes; it writes streams shorter than
4096 bytes into the mini stream, as the specification requires, and every
directory entry black, which [MS-CFB] 2.6.4 allows.

Example::

    data = write_compound_file({"PROJECT": b"...", "VBA/dir": b"..."})
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from pmo_xl.errors import OutputError

SECTOR_SIZE = 512
MINI_SECTOR_SIZE = 64
MINI_STREAM_CUTOFF = 4096
HEADER_DIFAT_ENTRIES = 109

FREESECT = 0xFFFFFFFF
ENDOFCHAIN = 0xFFFFFFFE
FATSECT = 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF

SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")

OBJECT_STORAGE = 1
OBJECT_STREAM = 2
OBJECT_ROOT = 5
COLOR_BLACK = 1

MAX_NAME_CHARS = 31


@dataclass
class _Entry:
    """One directory entry being laid out: the root, a storage or a stream."""

    name: str
    object_type: int
    data: bytes = b""
    children: dict[str, "_Entry"] = field(default_factory=dict)
    index: int = 0
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    start_sector: int = 0
    size: int = 0


def _sort_key(name: str) -> tuple[int, str]:
    """[MS-CFB] 2.6.4 order: shorter names first, then by upper-cased name."""
    return (len(name), name.upper())


def _check_name(name: str, path: str) -> None:
    if not name or len(name) > MAX_NAME_CHARS or any(c in name for c in "/\\:!"):
        raise OutputError(
            f"compound file entry name {name!r} in {path!r} is not allowed: "
            f"1 to {MAX_NAME_CHARS} characters without / \\ : !"
        )


def _build_tree(streams: dict[str, bytes]) -> _Entry:
    root = _Entry("Root Entry", OBJECT_ROOT)
    for path, data in streams.items():
        parts = path.split("/")
        node = root
        for part in parts[:-1]:
            _check_name(part, path)
            existing = node.children.get(part)
            if existing is None:
                existing = node.children[part] = _Entry(part, OBJECT_STORAGE)
            elif existing.object_type != OBJECT_STORAGE:
                raise OutputError(f"compound file path {path!r} goes through stream {part!r}")
            node = existing
        leaf = parts[-1]
        _check_name(leaf, path)
        if leaf in node.children:
            raise OutputError(f"compound file path {path!r} is given twice")
        node.children[leaf] = _Entry(leaf, OBJECT_STREAM, data=bytes(data), size=len(data))
    return root


def _number_entries(root: _Entry) -> list[_Entry]:
    """Directory order: root first, then each storage's children, depth first."""
    ordered: list[_Entry] = []

    def visit(entry: _Entry) -> None:
        entry.index = len(ordered)
        ordered.append(entry)
        for child in sorted(entry.children.values(), key=lambda e: _sort_key(e.name)):
            visit(child)

    visit(root)

    def link(entry: _Entry) -> None:
        members = sorted(entry.children.values(), key=lambda e: _sort_key(e.name))
        entry.child = _balanced(members)
        for member in members:
            link(member)

    link(root)
    return ordered


def _balanced(members: list[_Entry]) -> int:
    """Links sorted siblings as a balanced binary search tree; returns the root index."""
    if not members:
        return NOSTREAM
    middle = len(members) // 2
    node = members[middle]
    node.left = _balanced(members[:middle])
    node.right = _balanced(members[middle + 1:])
    return node.index


def _chain(fat: list[int], first: int, count: int) -> None:
    for offset in range(count):
        sector = first + offset
        fat[sector] = sector + 1 if offset < count - 1 else ENDOFCHAIN


def _pad(data: bytes, unit: int) -> bytes:
    remainder = len(data) % unit
    return data if remainder == 0 else data + b"\x00" * (unit - remainder)


def _directory_entry(entry: _Entry) -> bytes:
    encoded = entry.name.encode("utf-16-le")
    name_field = (encoded + b"\x00\x00").ljust(64, b"\x00")
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        name_field,
        len(encoded) + 2,
        entry.object_type,
        COLOR_BLACK,
        entry.left,
        entry.right,
        entry.child,
        b"\x00" * 16,
        0,
        0,
        0,
        entry.start_sector,
        entry.size,
    )


_UNUSED_ENTRY = struct.pack(
    "<64sHBBIII16sIQQIQ", b"\x00" * 64, 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM,
    b"\x00" * 16, 0, 0, 0, 0, 0,
)


def write_compound_file(streams: dict[str, bytes]) -> bytes:
    """The bytes of a new compound file holding ``streams``.

    Keys are stream paths with ``/`` between storage names ("VBA/dir");
    storages are created as needed.  Raises :class:`OutputError` for names
    the format does not allow or a file too large for a header-only DIFAT.
    """
    root = _build_tree(streams)
    entries = _number_entries(root)
    stream_entries = [e for e in entries if e.object_type == OBJECT_STREAM]

    # Mini stream: every stream under the cutoff, in 64-byte mini sectors.
    mini_stream = bytearray()
    mini_fat: list[int] = []
    for entry in stream_entries:
        if entry.size >= MINI_STREAM_CUTOFF:
            continue
        if entry.size == 0:
            entry.start_sector = ENDOFCHAIN
            continue
        first = len(mini_fat)
        count = -(-entry.size // MINI_SECTOR_SIZE)
        mini_fat.extend([0] * count)
        _chain(mini_fat, first, count)
        entry.start_sector = first
        mini_stream += _pad(entry.data, MINI_SECTOR_SIZE)

    # Regular sectors, in file order: big streams, mini stream, mini FAT, directory, FAT.
    body = bytearray()
    fat: list[int] = []

    def place(data: bytes) -> int:
        if not data:
            return ENDOFCHAIN
        first = len(fat)
        count = -(-len(data) // SECTOR_SIZE)
        fat.extend([0] * count)
        _chain(fat, first, count)
        body.extend(_pad(data, SECTOR_SIZE))
        return first

    for entry in stream_entries:
        if entry.size >= MINI_STREAM_CUTOFF:
            entry.start_sector = place(entry.data)

    root.start_sector = place(bytes(mini_stream)) if mini_stream else ENDOFCHAIN
    root.size = len(mini_stream)

    mini_fat_bytes = b""
    if mini_fat:
        per_sector = SECTOR_SIZE // 4
        padded = mini_fat + [FREESECT] * (-len(mini_fat) % per_sector)
        mini_fat_bytes = struct.pack(f"<{len(padded)}I", *padded)
    first_mini_fat = place(mini_fat_bytes)
    mini_fat_sectors = len(mini_fat_bytes) // SECTOR_SIZE

    per_directory_sector = SECTOR_SIZE // 128
    directory = b"".join(_directory_entry(e) for e in entries)
    directory += _UNUSED_ENTRY * (-len(entries) % per_directory_sector)
    first_directory = place(directory)

    # The FAT describes itself: grow it until it covers its own sectors.
    entries_per_fat_sector = SECTOR_SIZE // 4
    fat_sectors = 0
    while fat_sectors * entries_per_fat_sector < len(fat) + fat_sectors:
        fat_sectors += 1
    if fat_sectors > HEADER_DIFAT_ENTRIES:
        raise OutputError(
            f"compound file too large: {fat_sectors} FAT sectors needed, "
            f"at most {HEADER_DIFAT_ENTRIES} supported"
        )
    first_fat = len(fat)
    fat.extend([FATSECT] * fat_sectors)
    fat.extend([FREESECT] * (fat_sectors * entries_per_fat_sector - len(fat)))
    body.extend(struct.pack(f"<{len(fat)}I", *fat))

    difat = [first_fat + i for i in range(fat_sectors)]
    difat += [FREESECT] * (HEADER_DIFAT_ENTRIES - len(difat))
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        SIGNATURE,
        b"\x00" * 16,
        0x003E,  # minor version
        0x0003,  # major version 3: 512-byte sectors
        0xFFFE,  # little-endian byte order mark
        9,  # sector shift: 2**9 = 512
        6,  # mini sector shift: 2**6 = 64
        b"\x00" * 6,
        0,  # directory sectors (must be 0 in version 3)
        fat_sectors,
        first_directory,
        0,  # transaction signature
        MINI_STREAM_CUTOFF,
        first_mini_fat if mini_fat_sectors else ENDOFCHAIN,
        mini_fat_sectors,
        ENDOFCHAIN,  # no DIFAT sector
        0,
    ) + struct.pack(f"<{HEADER_DIFAT_ENTRIES}I", *difat)
    return header + bytes(body)
