"""The spool: bytes a build keeps aside until their file is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from mirage_i18n.publish import spool as spool_module
from mirage_i18n.publish.spool import Spool


def test_pieces_kept_as_one_output_come_back_whole_and_in_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(spool_module, "CHUNK", 10)  # a batch and a chunk of 10 bytes
    pieces = [b"abc", b"", b"defghijklmnop", b"q" * 25, b"r"]
    with Spool(tmp_path) as spool:
        before = spool.put(b"first", "a")
        ref = spool.put_all(iter(pieces), "b")
        after = spool.put(b"last", "c")
        assert spool.get(before) == b"first" and spool.get(after) == b"last"
        assert ref == (5, sum(map(len, pieces)))
        assert spool.get(ref) == b"".join(pieces)
        chunks = list(spool.chunks(ref))
        assert b"".join(chunks) == b"".join(pieces)
        assert [len(c) for c in chunks] == [10, 10, 10, 10, 2]
        assert list(spool.chunks(spool.put_all(iter([]), "d"))) == []
    assert list(tmp_path.iterdir()) == []  # unnamed: nothing left behind
