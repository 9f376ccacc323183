"""Zip bombs built in the test, in well under a second, never committed.

A deflate stream of NUL bytes flushed after every MiB repeats one 1 KB block, so a 1.5 GB
member is that block 1,500 times; the zip around it is written by hand (zip64 sizes, as any
zip tool writes them for a member over 4 GiB), and Python's zipfile reads it back as valid.
"""

from __future__ import annotations

import struct
import zlib

MIB = 1 << 20


def _nul_deflate(mib: int) -> tuple[bytes, int]:
    """Raw deflate of ``mib`` MiB of NUL bytes, and their CRC-32."""
    chunk = b"\0" * MIB
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(mib):
        crc = zlib.crc32(chunk, crc)
    final = zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)  # an empty last block
    return block * mib + final, crc


def bomb_zip(name: str, mib: int, others: dict[str, bytes]) -> bytes:
    """A zip of ``others`` (stored) and ``name``: ``mib`` MiB of NUL bytes, deflated."""
    data, crc = _nul_deflate(mib)
    members = [(n.encode(), 0, d, zlib.crc32(d), len(d)) for n, d in others.items()]
    members.append((name.encode(), 8, data, crc, mib * MIB))
    out = bytearray()
    directory = bytearray()
    for raw_name, method, payload, checksum, size in members:
        offset = len(out)
        extra = struct.pack("<HHQQ", 1, 16, size, len(payload))
        out += struct.pack(
            "<4s5H3L2H",
            b"PK\x03\x04",
            45,
            0,
            method,
            0,
            0x21,
            checksum,
            0xFFFFFFFF,
            0xFFFFFFFF,
            len(raw_name),
            len(extra),
        )
        out += raw_name + extra + payload
        directory += struct.pack(
            "<4s6H3L5H2L",
            b"PK\x01\x02",
            45,
            45,
            0,
            method,
            0,
            0x21,
            checksum,
            0xFFFFFFFF,
            0xFFFFFFFF,
            len(raw_name),
            len(extra),
            0,
            0,
            0,
            0,
            offset,
        )
        directory += raw_name + extra
    start = len(out)
    count = len(members)
    out += directory
    out += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(directory), start, 0)
    return bytes(out)
