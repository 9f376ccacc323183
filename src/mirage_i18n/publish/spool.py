"""Bytes a build has made but does not write yet, put aside in an unnamed temporary file.

The build reads one language's catalogues at a time (:mod:`.translated`); what it makes from
them before every language is known (translated bodies, compiled catalogues) waits here rather
than in memory, and is read back once, when its file is written. The file has no name (or
loses it at once): nothing is left behind, even by a killed build.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

Ref = tuple[int, int]  # (offset, length) in the spool


class Spool:
    def __init__(self, near: Path | None = None) -> None:
        folder = near if near is not None and near.is_dir() else None
        self._file = tempfile.TemporaryFile(prefix=".mirage-spool-", dir=folder)
        self._end = 0
        self._dirty = False

    def put(self, data: bytes) -> Ref:
        ref = (self._end, len(data))
        self._file.write(data)
        self._end += len(data)
        self._dirty = True
        return ref

    def get(self, ref: Ref) -> bytes:
        if self._dirty:
            self._file.flush()
            self._dirty = False
        offset, length = ref
        data = os.pread(self._file.fileno(), length, offset)
        if len(data) != length:  # a file that shrank under us: never publish a part of it
            raise OSError(f"spool file truncated at {offset + len(data)} of {offset + length}")
        return data

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
