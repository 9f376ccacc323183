"""Hugo front matter written directly: the same text as ``yaml.safe_dump`` for every input,
the usual shape without PyYAML's emitter."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mirage_i18n.publish import frontmatter
from mirage_i18n.publish.frontmatter import dump_front_matter


def _pyyaml(front: dict[Any, Any]) -> str:
    return yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)


# Strings where PyYAML's choice of style turns on one character: indicators first, inside and
# last, words that read back as another type, white space at the edges, line breaks and
# characters the emitter escapes, lengths around the fold at column 1000.
HOSTILE = [
    "plain text",
    "Employers' breakfast in Palermo (1)",
    "yes",
    "No",
    "ON",
    "off",
    "y",
    "~",
    "null",
    "Null",
    "",
    " ",
    "1",
    "-1",
    "+1",
    "0x1F",
    "0o17",
    "1_000",
    "1.5",
    ".5",
    "1e3",
    ".inf",
    "-.Inf",
    ".NaN",
    "2021-10-25",
    "2021-10-25 14:30:00+02:00",
    "2021-10-25T08:00:00Z",
    "12:30",
    "1:2:3",
    "<<",
    "=",
    "- a",
    "-a",
    "-",
    "--",
    "---",
    "--- x",
    "...",
    "... x",
    "..x",
    ": a",
    ":a",
    ":",
    "a: b",
    "a:b",
    "a:",
    "http://x.eu/a?b=c#d",
    "a #b",
    "a#b",
    "#a",
    "#",
    "? a",
    "?a",
    "?",
    "a ? b",
    "a, b",
    "a,b",
    ",a",
    "[x]",
    "x[0]",
    "{x}",
    "a{b}",
    "!tag",
    "a!b",
    "&anchor",
    "a&b",
    "*alias",
    "a*b",
    "|",
    "a|b",
    ">",
    "a>b",
    "'quoted'",
    "it's",
    "''",
    '"dq"',
    'say "hi"',
    "@x",
    "a@b.eu",
    "`x`",
    "a`b",
    "%x",
    "50%",
    " lead",
    "trail ",
    "two  spaces",
    "tab\there",
    "\ttab",
    "line\nbreak",
    "trailing\n",
    "\nleading",
    "cr\rx",
    "nel\x85x",
    "ls\u2028x",
    "ps\u2029x",
    "bom\ufeffx",
    "\ufeff",
    "nbsp\xa0x",
    "\xa0",
    "del\x7fx",
    "nul\x00x",
    "bell\x07",
    "c1\x9fx",
    "\ud7ff",
    "\ue000",
    "\ufffd",
    "\ufffe",
    "\U00010000",
    "\U0010fffe",
    "\U0010ffff",
    "emoji \U0001f600",
    "Ελληνικά: τίτλος",
    "Български; заглавие",
    "Magyar cím – őű",
    "{{< youtube id >}}",
    "{{% note %}}",
    "<script>alert(1)</script>",
    "a\\b",
    "x" * 980,
    "x " * 495,
    "y" * 1200,
    "w " * 600 + "end",
    "' starts",
    "ends '",
    "mid ' dle",
]
KEYS = [
    "title",
    "lede",
    "image_alt",
    "tags",
    "slug",
    "lang",
    "translationKey",
    "date",
    "yes",
    "on",
    "null",
    "~",
    "1",
    "a b",
    "a:b",
    "-k",
    "k" * 70,
    "k" * 130,
    "",
    "é",
    "_x",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_every_hostile_string_as_value_and_list_item(text: str) -> None:
    for front in (
        {"title": text},
        {"title": "T", "lede": text, "slug": "t"},
        {"tags": [text, "news"]},
        {"tags": ["news", text], "x": text},
    ):
        assert dump_front_matter(front) == _pyyaml(front), front


@pytest.mark.parametrize("key", KEYS)
def test_every_key(key: str) -> None:
    for front in ({key: "v"}, {"title": "T", key: ["a", "b"]}, {key: 3, "z": True}):
        assert dump_front_matter(front) == _pyyaml(front), front


def test_other_values_and_shared_objects() -> None:
    tags = ["a", "b"]
    day = dt.date(2021, 10, 25)
    for front in (
        {"date": day, "title": "T"},
        {"published": day, "updated": day},  # one date object twice: an anchor
        {"tags": tags, "also": tags},  # one list twice: an anchor
        {"meta": {"tags": tags}, "tags": tags},  # shared across keys, nested
        {"n": 3, "neg": -7, "big": 10**30, "t": True, "f": False, "none": None},
        {"pi": 1.5, "empty": [], "nested": {"a": "b"}, "mixed": ["a", 1, None]},
        {"tuple": ("a", "b")},
        {1: "int key", "title": "T"},
        {},
    ):
        assert dump_front_matter(front) == _pyyaml(front), front
    loop: list[Any] = []
    loop.append(loop)
    assert dump_front_matter({"loop": loop}) == _pyyaml({"loop": loop})


def test_the_usual_shape_skips_the_emitter(monkeypatch: pytest.MonkeyPatch) -> None:
    """The corpus's front matter is written without PyYAML (else the point is lost)."""
    front = {
        "title": "Employers' breakfast in Palermo (1)",
        "date": "2019-01-01",
        "lede": "The feedback was very positive: it will guide the next steps.",
        "image": "/media/2019-01-0001.jpg",
        "image_alt": "Participants of the employers' breakfast in Palermo",
        "tags": ["employers", "news"],
        "slug": "employers-breakfast-in-palermo-1",
        "lang": "el",
        "translationKey": "news/2019-01-0001",
    }
    expected = _pyyaml(front)

    def refuse(*args: object, **kwargs: object) -> str:
        raise AssertionError("PyYAML called for the usual shape")

    monkeypatch.setattr(frontmatter.yaml, "safe_dump", refuse)
    assert dump_front_matter(front) == expected


_hostile_text = st.text(
    alphabet=st.sampled_from(
        list(" -?:,[]{}#&*!|>'\"%@`.~=<+_0123456789eEaxyzTNnoOfFl\t\n\r\x85\xa0\u2028\ufeff\x00")
        + ["é", "Ω", "ж", "\U0001f600", "\ufffe", "\U0010ffff", "\ud7ff"]
    ),
    max_size=12,
)
_values = st.one_of(
    _hostile_text,
    st.text(max_size=30),
    st.integers(),
    st.booleans(),
    st.none(),
    st.lists(st.one_of(_hostile_text, st.text(max_size=10)), max_size=4),
    st.dates(),
)
_keys = st.one_of(
    st.sampled_from(KEYS),
    st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True),
    _hostile_text,
)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_keys, _values, max_size=8))
def test_any_front_matter_reads_as_pyyaml_writes_it(front: dict[Any, Any]) -> None:
    assert dump_front_matter(front) == _pyyaml(front)


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=900, max_size=1100, alphabet=st.sampled_from(list("ab ':#-"))))
def test_long_texts_near_the_fold(text: str) -> None:
    for front in ({"t": text}, {"translationKey": text}, {"tags": [text]}):
        assert dump_front_matter(front) == _pyyaml(front)
