"""Large outputs handed on a piece at a time, in pieces large enough to write at once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import AnyStr

PIECE = 1 << 18  # characters handed on at once: a write each, not one per template line


def joined(pieces: Iterable[AnyStr], size: int | None = None) -> Iterator[AnyStr]:
    """``pieces`` (texts or bytes) joined into pieces of about ``size`` characters or bytes
    (:data:`PIECE`), in order."""
    limit = PIECE if size is None else size
    batch: list[AnyStr] = []
    length = 0
    for piece in pieces:
        batch.append(piece)
        length += len(piece)
        if length >= limit:
            yield _join(batch)
            batch, length = [], 0
    if batch:
        yield _join(batch)


def _join(batch: list[AnyStr]) -> AnyStr:
    # "".join, not the first piece's own join: a piece may be a str subclass (Jinja's Markup,
    # whose join escapes the others)
    if isinstance(batch[0], bytes):
        return b"".join(batch)
    return "".join(batch)
