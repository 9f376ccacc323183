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


@given(st.lists(st.binary(max_size=20)), st.integers(min_value=1, max_value=50))
def test_bytes_are_joined_the_same_way(pieces: list[bytes], size: int) -> None:
    out = list(joined(iter(pieces), size))
    assert b"".join(out) == b"".join(pieces)
    assert all(len(p) >= size for p in out[:-1])


def test_markup_pieces_are_joined_as_text_not_escaped() -> None:
    """Jinja yields Markup pieces; Markup's own join would escape the pieces after it."""
    from markupsafe import Markup

    pieces = [Markup("<feed>"), "<title>", Markup("</feed>")]
    assert list(joined(iter(pieces), 1000)) == ["<feed><title></feed>"]
