"""The renderer remembers how it normalised each link target and text: the same HTML as a
parser that computes every one afresh."""

from __future__ import annotations

import pytest

from mirage_i18n.mdparser import make_parser
from mirage_i18n.publish.markdown import render_markdown

LINKS = [
    "[a](https://ex.eu/ä ö?q=1&r=<2>#frag)",
    "<https://ex.eu/%zz/%41>",
    "[x](javascript:alert(1)) [y](data:image/png;base64,AAAA) [z](file:///etc/passwd)",
    "<http://xn--mnchen-3ya.de/> <http://münchen.de/Ünï> <mailto:a@b.eu> a@b.eu",
    '![img](/media/a b.jpg "t") [ref][r]\n\n[r]: https://ex.eu/%E2%82%AC',
]


@pytest.mark.parametrize("text", LINKS)
def test_cached_links_render_as_a_fresh_parser_does(text: str) -> None:
    fresh = make_parser(html=False, drop_comments=True)
    for _ in range(2):  # the second time from what was remembered
        assert str(render_markdown(text)) == fresh.render(text)
