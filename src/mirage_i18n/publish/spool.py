"""Bytes a build has made but does not write yet, put aside in an unnamed temporary file.

The build reads one language's catalogues at a time (:mod:`.translated`); what it makes from
them before every language is known (translated bodies and Hugo files, compiled catalogues)
waits here rather than in memory, and is read back once, when its file is written. The file
has no name (or loses it at once): nothing is left behind, even by a killed build. It is made
beside the output folder (the file system the output goes to), else in the system's
temporary folder.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from ..chunks import joined
from ..errors import PublishError

Ref = tuple[int, int]  # (offset, length) in the spool
CHUNK = 1 << 20  # how much of a large output is held at once


class Spool:
    """``shown``: how messages name the output folder; a write that fails (a full disk, a file
    size limit) is reported at the output the bytes are for, as writing it would be."""

    def __init__(self, near: Path | None = None, shown: str = "") -> None:
        self._file = _unnamed(near)
        self._fd = self._file.fileno()
        self._end = 0
        self.shown = shown

    def put(self, data: bytes, rel: str) -> Ref:
        """Keep ``data``, the bytes of output ``rel`` (or what it is made from)."""
        ref = (self._end, len(data))
        view = memoryview(data)
        done = 0
        try:
            while done < len(data):  # a write may stop short (a size limit reached)
                done += os.pwrite(self._fd, view[done:], self._end + done)
        except OSError as exc:
            where = f"{self.shown}/{rel}" if self.shown else rel
            raise PublishError(f"cannot write: {exc.strerror or exc}", where) from None
        self._end += len(data)
        return ref

    def put_all(self, pieces: Iterable[bytes], rel: str) -> Ref:
        """Keep the bytes of ``pieces`` as one output, without holding them all at once."""
        start = self._end
        for piece in joined(pieces, CHUNK):  # a write a megabyte, not one a domain
            self.put(piece, rel)
        return (start, self._end - start)

    def get(self, ref: Ref) -> bytes:
        offset, length = ref
        data = os.pread(self._fd, length, offset)
        if len(data) != length:  # a file that shrank under us: never publish a part of it
            raise OSError(f"spool file truncated at {offset + len(data)} of {offset + length}")
        return data

    def chunks(self, ref: Ref) -> Iterator[bytes]:
        """The bytes of ``ref``, :data:`CHUNK` at a time."""
        offset, length = ref
        for at in range(offset, offset + length, CHUNK):
            yield self.get((at, min(CHUNK, offset + length - at)))

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _unnamed(near: Path | None) -> IO[bytes]:
    if near is not None and near.is_dir():
        try:
            return tempfile.TemporaryFile(prefix=".mirage-spool-", dir=near)
        except OSError:
            pass  # a read-only parent: the staging folder's own error says so, later
    return tempfile.TemporaryFile(prefix="mirage-spool-")
