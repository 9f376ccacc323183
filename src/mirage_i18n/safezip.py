"""Zip files from outside the project (returned translator packs), opened with every limit.

A 1.5 MB zip can hold a 1.5 GB file, or 2,000 directory entries pointing at the same data:
read naively, either ran for minutes. The directory is checked first (number of files, overlap,
each file's size and compression ratio, the total), and then every read is bounded anyway,
because the sizes a zip declares are the attacker's to choose. Figures: :mod:`limits`.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from . import limits
from .errors import CatalogError

_CHUNK = 64 * 1024
_LOCAL_HEADER = 30  # bytes of a local file header before its name
# What a damaged or hostile zip raises from the standard library while being read.
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OverflowError)


class SafeZip:
    """An in-memory zip whose directory passed the limits; :meth:`read` is bounded too."""

    def __init__(self, data: bytes, shown: str) -> None:
        self.shown = shown
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except _DAMAGED as exc:
            raise CatalogError(f"not a readable zip file ({exc})", shown) from None
        self._check_directory(infos)
        self._infos = {info.filename: info for info in infos}
        self._read_total = 0

    def _fail(self, what: str) -> CatalogError:
        return CatalogError(what, self.shown)

    def _check_directory(self, infos: list[zipfile.ZipInfo]) -> None:
        if len(infos) > limits.MAX_PACK_MEMBERS:
            raise self._fail(
                f"the zip holds {len(infos):,} files, more than {limits.MAX_PACK_MEMBERS:,} files "
                "(the limit for a pack); not read"
            )
        # Members must follow one another: entries sharing or overlapping their data are
        # how a small zip unzips to gigabytes (and no zip tool writes them).
        end = 0
        for info in sorted(infos, key=lambda i: i.header_offset):
            if info.header_offset < end:
                raise self._fail(
                    "the zip's files overlap one another (a zip bomb, not a pack); not read"
                )
            encoding = "utf-8" if info.flag_bits & 0x800 else "cp437"  # as zipfile decoded it
            name_bytes = len(info.orig_filename.encode(encoding, "replace"))
            end = info.header_offset + _LOCAL_HEADER + name_bytes + info.compress_size
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise self._fail(
                    f"{info.filename} is encrypted: zip the files again without a password"
                )
            self._check_size(info.filename, info.file_size, info.compress_size)
            total += info.file_size
        if total > limits.MAX_PACK_TOTAL_BYTES:
            raise self._fail(
                f"the zip unzips to {total:,} bytes, more than the "
                f"{limits.MAX_PACK_TOTAL_BYTES:,}-byte limit; not a pack"
            )

    def _check_size(self, name: str, size: int, compressed: int) -> None:
        if size > limits.MAX_PACK_MEMBER_BYTES:
            raise self._fail(
                f"{name} unzips to {size:,} bytes, more than the "
                f"{limits.MAX_PACK_MEMBER_BYTES:,}-byte limit for one file; not a pack"
            )
        if size >= limits.RATIO_CHECKED_FROM_BYTES and size > limits.MAX_COMPRESSION_RATIO * max(
            compressed, 1
        ):
            raise self._fail(
                f"{name} is compressed {size // max(compressed, 1):,} to 1, a compression ratio "
                f"no text has (the limit is {limits.MAX_COMPRESSION_RATIO}); not a pack"
            )

    def names(self) -> list[str]:
        return list(self._infos)

    def read(self, name: str) -> bytes:
        """The member's bytes, checked against its checksum, never more than the limits allow
        whatever its directory entry says."""
        info = self._infos[name]
        parts: list[bytes] = []
        size = 0
        try:
            with self._zip.open(info) as fh:
                while chunk := fh.read(_CHUNK):
                    size += len(chunk)
                    self._read_total += len(chunk)
                    if size > info.file_size:
                        raise self._fail(f"{name} unzips to more than its declared size")
                    self._check_size(name, size, info.compress_size)
                    if self._read_total > limits.MAX_PACK_TOTAL_BYTES:
                        raise self._fail(
                            f"the zip unzips to more than the {limits.MAX_PACK_TOTAL_BYTES:,}"
                            "-byte limit; not a pack"
                        )
                    parts.append(chunk)
        except _DAMAGED as exc:
            raise self._fail(f"the zip is corrupted ({name}: {exc})") from None
        except NotImplementedError as exc:
            raise self._fail(f"{name} cannot be unzipped ({exc}); zip it again") from None
        return b"".join(parts)
