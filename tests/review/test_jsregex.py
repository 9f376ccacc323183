"""Python patterns rewritten for the page: what each Python construct becomes, and what has no
rewrite. (That the rewrites match what Python matches is tested in Chromium, in
test_live_checks_differential.py.)"""

from __future__ import annotations

import re
import sys
import unicodedata

import pytest

from mirage_i18n.review.jsregex import WORD, js_regex, space_class


def test_python_word_and_space_classes_are_what_the_rewrite_says() -> None:
    # \w is str.isalnum() or "_": exactly the letters and numbers of the Unicode database
    word = re.compile(r"\w").match
    wrong = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if bool(word(chr(code))) != (unicodedata.category(chr(code))[0] in "LN" or code == 0x5F)
    ]
    assert wrong == []
    assert WORD == "\\p{L}\\p{N}_"
    spaces = "".join(chr(c) for c in range(sys.maxunicode + 1) if re.match(r"\s", chr(c)))
    assert "\x1c" in spaces and "\ufeff" not in spaces
    assert (
        space_class()
        == "\\t-\\r\\x1c- \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028-\\u2029\\u202f\\u205f\\u3000"
    )


@pytest.mark.parametrize(
    ("pattern", "flags", "expected"),
    [
        (r"\d+", 0, ["\\p{Nd}+", "u"]),
        (r"(?<!\w)tre", 0, ["(?<![\\p{L}\\p{N}_])tre", "u"]),
        (r"[^\W\d_]+", 0, ["(?:(?![\\p{Nd}_])[\\p{L}\\p{N}_])+", "u"]),
        (r"a.b", 0, ["a[^\\n]b", "u"]),
        (r"x$", 0, ["x(?=\\n?(?![\\s\\S]))", "u"]),
        (r"x{,2}\{y\}z{}", 0, ["x{0,2}\\{y\\}z\\{\\}", "u"]),
        (r"\ \#\&\-", 0, [" #&-", "u"]),
        (r"[]a-]", 0, ["[\\]a\\-]", "u"]),
        (r"(?P<q>')(?P=q)", 0, ["(?<q>')\\k<q>", "u"]),
        (r"Tin[h-j]", re.IGNORECASE, ["T[iIİı]n[h-jiIİı]", "ui"]),
        (r"[\u0300-\u036f]\u00a0", 0, ["[\\u0300-\\u036f]\\xa0", "u"]),
    ],
)
def test_each_construct_is_rewritten(pattern: str, flags: int, expected: list[str]) -> None:
    assert js_regex(re.compile(pattern, flags)) == expected


@pytest.mark.parametrize(
    ("pattern", "flags"),
    [
        ("(?i)x", 0),
        ("a++", 0),
        ("(?>a)", 0),
        ("(a)?(?(1)b|c)", 0),
        ("^x", re.MULTILINE),
        ("x # comment", re.VERBOSE),
        (r"\w", re.ASCII),
    ],
)
def test_what_has_no_rewrite_fails_when_the_page_is_built(pattern: str, flags: int) -> None:
    with pytest.raises(ValueError, match="no JavaScript rewrite"):
        js_regex(re.compile(pattern, flags))
