"""Large outputs in pieces: the same text, in pieces of the size asked for."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mirage_i18n.chunks import joined


@given(st.lists(st.text(max_size=20)), st.integers(min_value=1, max_value=50))
def test_joined_is_the_same_text_in_pieces_of_the_size_asked_for(
    pieces: list[str], size: int
) -> None:
    out = list(joined(iter(pieces), size))
    assert "".join(out) == "".join(pieces)
    assert all(len(p) >= size for p in out[:-1])  # each piece but the last is full
