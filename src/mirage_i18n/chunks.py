"""Large outputs handed on a piece at a time, in pieces large enough to write at once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

PIECE = 1 << 18  # characters handed on at once: a write each, not one per template line


def joined(pieces: Iterable[str], size: int | None = None) -> Iterator[str]:
    """``pieces`` joined into texts of about ``size`` characters (:data:`PIECE`), in order."""
    limit = PIECE if size is None else size
    batch: list[str] = []
    length = 0
    for piece in pieces:
        batch.append(piece)
        length += len(piece)
        if length >= limit:
            yield "".join(batch)
            batch, length = [], 0
    if batch:
        yield "".join(batch)
