"""The front-matter fast path (``yamlload.compose_simple``) against the YAML parser.

``compose_simple`` composes the common shape of front matter without PyYAML's scanner and
declines everything else. Whatever it accepts must compose to the very nodes
:class:`StrictLoader` composes (tags, values, styles, marks) and so construct to the same
values, key lines and errors; hypothesis builds front matter from the fragments YAML treats
specially, so that most texts are near the edge of the shape.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mirage_i18n.errors import SourceError
from mirage_i18n.sources.frontmatter import _construct, split_front_matter
from mirage_i18n.sources.yamlload import StrictLoader, compose, compose_simple

SETTINGS = settings(
    max_examples=600,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)

COMMON = """title: Study visit in Berlin (219)
date: 2020-03-23
lede: "Young migrants shared the platform: a report."
image: /media/2020-03-0219.jpg
image_alt: Participants of the study visit in Berlin
tags: [employers, news]
slug: 'study-visit'
articles:
  - 2019-07-0055
  - 2019-08-0056
draft:
"""


def tree(node: yaml.Node) -> Any:
    """Everything of a node that construction or an error message can see."""
    mark = (node.start_mark.line, node.start_mark.column)
    if isinstance(node, yaml.ScalarNode):
        return ("scalar", node.tag, node.value, node.style, mark)
    if isinstance(node, yaml.SequenceNode):
        return ("seq", node.tag, node.flow_style, mark, [tree(n) for n in node.value])
    assert isinstance(node, yaml.MappingNode)
    pairs = [(tree(k), tree(v)) for k, v in node.value]
    return ("map", node.tag, node.flow_style, mark, pairs)


def outcome(loader: Any, node: yaml.Node | None) -> Any:
    """What front matter reading makes of the node: (values, key lines) or the error."""
    try:
        return _construct(loader, node, "a.md", 2)
    except SourceError as exc:
        return ("error", exc.line, exc.message)
    except yaml.MarkedYAMLError as exc:
        return ("yaml error", exc.problem)


def assert_same_as_parser(text: str) -> bool:
    """True when the fast path took ``text`` (and agreed with the parser)."""
    simple = compose_simple(text)
    if simple is None:
        return False
    builder, node = simple
    loader = StrictLoader(text)
    parsed = loader.get_single_node()  # raises if the parser refuses what the fast path took
    assert tree(node) == tree(parsed)
    assert outcome(builder, node) == outcome(StrictLoader(text), compose(text, "a.md", 2, "x")[1])
    return True


def test_the_common_shape_takes_the_fast_path() -> None:
    assert assert_same_as_parser(COMMON)
    data = split_front_matter("---\n" + COMMON + "---\nbody\n", "a.md").data
    assert data["tags"] == ["employers", "news"] and data["draft"] is None
    assert str(data["date"]) == "2020-03-23" and data["articles"][1] == "2019-08-0056"


@pytest.mark.parametrize(
    "text",
    [
        "title: a\n  continued\n",  # a plain scalar over two lines
        "title: a # comment\n",
        "title: a: b\n",
        "title: |\n  block\n",
        "title: &x a\nother: *x\n",  # an alias: the parser refuses it with its line
        'title: "esc\\n"\n',
        "title:\ttab\n",
        "title: a\n  nested: b\n",
        "tags: [a, [b]]\n",
        "tags:\n  - a\n - b\n",
        "title: a\n...\n",
        "- a\n- b\n",
        "",
        "# only a comment\n",
        "title: x\u2028y\n",
        "title: \ufeffx\n",
        "key:value\n",
        "title: !!python/object:os.system x\n",
    ],
)
def test_other_shapes_are_left_to_the_parser(text: str) -> None:
    assert compose_simple(text) is None


GOOD_KEYS = ["title", "date", "lede", "tags", "on", "No", "null", "y", "_k", "k-1", "image_alt"]
ODD_KEYS = ["a b", "1", "<<", "'q'", '"q"', "-k", "?k", "x" * 201, "Ключ", "k#", "k:"]
KEYS = st.sampled_from(GOOD_KEYS * 4 + ODD_KEYS)
# values of the shape (some of which YAML reads as dates, numbers, booleans, null)…
GOOD_VALUES = ["Study visit in Berlin (219)", "2020-03-23", "2021-02-30", "2021-10-25 09:30:00"]
GOOD_VALUES += ["yes", "No", "on", "OFF", "~", "null", "Null", "1.5", "0x1F", "0o17", "12", "+3"]
GOOD_VALUES += ["1_000", "1e3", "190:20:30", "a:b", "C#", "x#", "a  b", "http://x.eu/a?b=c#d"]
GOOD_VALUES += ["Tom & Jerry", "'q'", "''", '""', '"d"', '"a # b"', '"x: y"', "[a, b]", "[]"]
GOOD_VALUES += ["[ ]", "[ a ,  b c ]", "[x, 'y z']", "[it's]", "é ß Ελλάδα «ok»", "\u00a0x"]
GOOD_VALUES += ["x\u00a0", "a - b", "a ? b", "a | b", "x,y", "=x", "<x", "\\x", "x\\", "0"]
GOOD_VALUES += ["2021-1-2", "2001-12-14t21:59:43.10-05:00", ".inf", ".NaN", "0."]
# …and the fragments YAML treats specially
ODD_VALUES = ["-5", "a: b", "a:", "x #c", "*alias", "&anchor v", "!!int 3", "!!str x", "|", ">"]
ODD_VALUES += ["!!python/object:os.system x", "@x", "`x`", "%x", "'it''s'", '"esc\\n"', '"a"b']
ODD_VALUES += ["'a'b", "[a,]", "{a: 1}", "[a: b]", '["a, b"]', "[a #b]", "[-a]", "[a] x", "'"]
ODD_VALUES += ["x\ufeff", "a\u2028b", "a\x85b", "- x", "? x", ", x", "{x", "}x", "]x", "-"]
ODD_VALUES += ["--", "---", "..."]
VALUES = st.sampled_from(GOOD_VALUES * 2 + ODD_VALUES)
GAP = st.sampled_from([" "] * 8 + ["", "  ", "\t", " \t"])
TRAIL = st.sampled_from([""] * 8 + [" ", "  # note", "\t", " #"])


@st.composite
def lines(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["key"] * 4 + ["empty key", "item", "item", "other"]))
    if kind == "key":
        return f"{draw(KEYS)}:{draw(GAP)}{draw(VALUES)}{draw(TRAIL)}"
    if kind == "empty key":
        return f"{draw(KEYS)}:{draw(TRAIL)}"
    if kind == "item":
        indent = draw(st.sampled_from(["", "  "] * 3 + [" ", "    ", "\t"]))
        gap = draw(st.sampled_from([" "] * 6 + ["  ", ""]))
        return f"{indent}-{gap}{draw(VALUES)}{draw(TRAIL)}"
    return draw(
        st.sampled_from(
            ["", "   ", "# a comment", "  # indented comment"] * 3
            + ["  continued", "...", "---", "%YAML 1.1", "key", " key: v", "\t# c", "-", "- "]
            + ["  - [a]", "? k", ": v"]
        )
    )


@SETTINGS
@given(st.lists(lines(), min_size=1, max_size=8))
def test_what_the_fast_path_takes_the_parser_reads_the_same(text_lines: list[str]) -> None:
    assert_same_as_parser("\n".join(text_lines) + "\n")


@SETTINGS
@given(st.lists(st.tuples(KEYS, VALUES), min_size=1, max_size=6), st.booleans())
def test_key_value_lines(pairs: list[tuple[str, str]], trailing_list: bool) -> None:
    text = "".join(f"{k}: {v}\n" for k, v in pairs)
    if trailing_list:
        text += "list:\n  - a\n  - 2020-01-01\n"
    assert_same_as_parser(text)


@st.composite
def shaped_lines(draw: st.DrawFn) -> str:
    """Lines of the shape only (in any order, so that items may still follow a full key)."""
    kind = draw(st.sampled_from(["key"] * 4 + ["empty key", "item", "item", "blank"]))
    key, value = draw(st.sampled_from(GOOD_KEYS)), draw(st.sampled_from(GOOD_VALUES))
    if kind == "key":
        return f"{key}: {value}"
    if kind == "empty key":
        return f"{key}:"
    if kind == "item":
        return f"{draw(st.sampled_from(['', '  ', '    ']))}- {value}"
    return draw(st.sampled_from(["", "  ", "# comment", "  # comment"]))


@SETTINGS
@given(st.lists(shaped_lines(), min_size=1, max_size=10))
def test_lines_of_the_shape(text_lines: list[str]) -> None:
    assert_same_as_parser("\n".join(text_lines) + "\n")


@pytest.mark.parametrize(
    "text",
    [
        "title: x\ndate: 2021-02-30\n",  # a date PyYAML cannot build: the same error
        "title: x\ndate: 2021-02-30\nwhen: 2021-13-01\n",  # the first of two
        "on: 1\nlist: [2, 2.5, ~, null, 'q', true]\noff:\n",  # keys that are not strings
        "title: a\ntitle: b\n",  # duplicate key
        "n: 0x1F\nf: .inf\nt: 2001-12-14t21:59:43.10-05:00\ns: '2021-01-01'\n",
        "list:\n  - 2021-01-01\n  - x\n  - 12\n",
    ],
)
def test_built_values_and_errors_are_the_parsers(text: str) -> None:
    """The fast path's construction (strings and lists built directly) against PyYAML's, on
    values of every implicit tag and on the errors of values PyYAML cannot build."""
    assert assert_same_as_parser(text)
    builder, node = compose_simple(text) or (None, None)
    assert builder is not None and node is not None
    got = outcome(builder, node)
    want = outcome(StrictLoader(text), compose(text, "a.md", 2, "x")[1])
    assert [type(v) for v in (got[0].values() if isinstance(got[0], dict) else ())] == [
        type(v) for v in (want[0].values() if isinstance(want[0], dict) else ())
    ]
