"""Unit tests: what becomes a segment, with which kind, line and msgid; directives."""

from __future__ import annotations

import pytest

from mirage_i18n.errors import SourceError
from mirage_i18n.model import Segment
from mirage_i18n.sources import markdown as markdown_module
from mirage_i18n.sources.directives import Directives
from mirage_i18n.sources.markdown import make_parser, segment_markdown

MD = make_parser()


def texts(body: str) -> list[tuple[str, str, int]]:
    return [(s.text, s.kind, s.line) for s in segment_markdown(body).segments]


def test_make_parser_is_commonmark_with_tables_only() -> None:
    md = make_parser()
    assert "table" in md.block.ruler.get_active_rules()
    assert "strikethrough" not in md.inline.ruler.get_active_rules()
    assert md.render("www.example.org") == "<p>www.example.org</p>\n"  # no linkify


def test_headings_atx_and_setext() -> None:
    body = "# One #\n\n## *Two*\n\nThree\nlines\n===\n\nFour\n---\n"
    assert texts(body) == [
        ("One", "heading", 1),
        ("*Two*", "heading", 3),
        ("Three lines", "heading", 5),
        ("Four", "heading", 9),
    ]


def test_empty_heading_gives_no_segment() -> None:
    assert texts("#\n\n## ##\n") == []


def test_paragraph_keeps_inline_markdown_and_joins_soft_breaks() -> None:
    body = 'A *b* [link](https://x.org/ "T") `code`\n  and <https://a.org> or a@b.org.\n'
    assert texts(body) == [
        (
            'A *b* [link](https://x.org/ "T") `code` and <https://a.org> or a@b.org.',
            "paragraph",
            1,
        )
    ]


def test_hard_breaks_survive_as_backslash() -> None:
    assert texts("one  \ntwo\\\nthree\n") == [("one\\\ntwo\\\nthree", "paragraph", 1)]


def test_two_space_break_inside_code_span_is_kept() -> None:
    # a backslash would be literal inside the code span: the two-space form stays
    [(text, _, _)] = texts("a `b  \nc` d\n")
    assert text in ("a `b  \nc` d", "a `b   c` d")
    out = segment_markdown("a `b  \nc` d\n").reassemble(lambda s: s.text)
    assert MD.render(out).split() == MD.render("a `b  \nc` d\n").split()


def test_list_items_and_blockquotes() -> None:
    body = "- one\n  wrapped\n- two\n\n> quoted\n> > nested\n\n1. > in list\n"
    assert texts(body) == [
        ("one wrapped", "list item", 1),
        ("two", "list item", 3),
        ("quoted", "blockquote", 5),
        ("nested", "blockquote", 6),
        ("in list", "blockquote", 8),
    ]


def test_table_cells() -> None:
    body = "| Name | Role \\| team |\n|:--|--:|\n| Ana | *lead* |\n| Bo |\n"
    assert texts(body) == [
        ("Name", "table header", 1),
        ("Role \\| team", "table header", 1),
        ("Ana", "table cell", 3),
        ("*lead*", "table cell", 3),
        ("Bo", "table cell", 4),
    ]


def test_image_only_paragraph_gives_alt_and_title() -> None:
    assert texts('![The team](team.jpg "Kick-off, Sofia")\n') == [
        ("The team", "image alt", 1),
        ("Kick-off, Sofia", "image title", 1),
    ]
    assert texts("![](x.png)\n") == []


def test_image_inside_text_stays_in_paragraph() -> None:
    assert texts("See ![logo](l.png) here\n") == [("See ![logo](l.png) here", "paragraph", 1)]


def test_link_reference_definition_title() -> None:
    body = "[a]: /url\n\n[b]: /other\n  'The title'\n\n[a] and [b]\n"
    assert texts(body) == [
        ("The title", "link title", 4),
        ("[a] and [b]", "paragraph", 6),
    ]


def test_not_translated_blocks() -> None:
    body = "```\ncode\n```\n\n    indented\n\n<div>\nhtml\n</div>\n\n---\n"
    assert texts(body) == []


def test_first_line_offsets_lines() -> None:
    parsed = segment_markdown("# T\n\nPara\n", first_line=5)
    assert [s.line for s in parsed.segments] == [5, 7]


def test_directives() -> None:
    body = (
        "<!-- i18n: skip -->\nSkipped\n\n"
        "<!-- i18n: note Keep it short -->\n<!-- i18n: context menu -->\nOpen\n\n"
        "<!-- i18n: note first -->\n\n"
        "- <!-- i18n: note inner -->\n  item\n"
    )
    segs = segment_markdown(body).segments
    assert segs == (
        Segment("Open", "paragraph", 6, context="menu", note="Keep it short"),
        Segment("item", "list item", 11, note="first\ninner"),
    )


def test_skip_applies_to_a_whole_container() -> None:
    assert texts("<!-- i18n: skip -->\n> a\n>\n> b\n\nc\n") == [("c", "paragraph", 6)]


def test_directives_are_kept_in_the_output() -> None:
    body = "<!-- i18n: note n -->\nText\n"
    assert segment_markdown(body).reassemble(lambda s: "Texte") == "<!-- i18n: note n -->\nTexte\n"


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        (
            "Para\n\n<!-- i18n: translate -->\nx\n",
            3,
            "unknown i18n directive 'translate'",
        ),
        ("<!-- i18n: note -->\nx\n", 1, "needs a value"),
        ("<!-- i18n: skip please -->\nx\n", 1, "takes no argument"),
        ("<!-- i18n: skip --> and text\nx\n", 1, "must be a comment of its own"),
        ("x\n\n<!-- i18n: skip -->\n", 3, "not followed by a block"),
        ("> <!-- i18n: skip -->\n\ny\n", 1, "not followed by a block"),
        ("- a\n\n  <!-- i18n: skip -->\n- b\n", 3, "not followed by a block"),
    ],
)
def test_directive_errors(body: str, line: int, message: str) -> None:
    with pytest.raises(SourceError) as info:
        segment_markdown(body, first_line=10, path="news/a.md")
    assert info.value.line == line + 9
    assert message in info.value.message
    assert str(info.value).startswith(f"news/a.md:{line + 9}: ")


def test_reassemble_mapping_by_context_and_msgid() -> None:
    parsed = segment_markdown("<!-- i18n: context menu -->\nOpen\n\nOpen\n")
    out = parsed.reassemble({("menu", "Open"): "Öffnen", "Open": "Offen"})
    assert out == "<!-- i18n: context menu -->\nÖffnen\n\nOffen\n"


def test_missing_or_empty_translation_keeps_source_bytes() -> None:
    body = "Some  \ntext\n\n| a |\n|---|\n"
    assert segment_markdown(body).reassemble({}) == body
    assert segment_markdown(body).reassemble(lambda s: "") == body


def test_longer_translation_in_nested_containers() -> None:
    body = "> 1. Short.\n>\n>    - Deep item.\n"
    out = segment_markdown(body).reassemble(lambda s: s.text + " Longer,\\\nsecond line")
    assert out == (
        "> 1. Short. Longer,\\\n>    second line\n>\n>    - Deep item. Longer,\\\n>      second line\n"
    )


def test_translation_that_would_open_a_block_is_escaped() -> None:
    parsed = segment_markdown("Text\n\n- item\n")
    out = parsed.reassemble(lambda s: "# not a heading\n1. not a list")
    html = MD.render(out)
    assert "<h1>" not in html and "<ol>" not in html
    assert html.count("<p>") == 1 and html.count("<li>") == 1
    assert html.count("1. not a list") == 2


def test_table_cell_translation_escapes_pipes_and_flattens() -> None:
    parsed = segment_markdown("| a | b |\n|---|---|\n| c | d |\n")
    out = parsed.reassemble(lambda s: s.text + " | x\ny")
    assert out.splitlines()[2] == "| c \\| x y | d \\| x y |"


def test_heading_translation_keeps_trailing_hash() -> None:
    out = segment_markdown("# Lang\n").reassemble(lambda s: "C #")
    assert MD.render(out) == "<h1>C #</h1>\n"


def test_titles_escape_their_delimiter() -> None:
    body = '![a](x.png "t")\n\n[r]: /u (paren)\n'
    out = segment_markdown(body).reassemble(lambda s: 'say "hi" (now)')
    html = MD.render(out + "\n[r]\n")
    assert 'alt="say &quot;hi&quot; (now)"' in html
    assert 'title="say &quot;hi&quot; (now)"' in html


def test_shortcut_reference_image_keeps_its_label() -> None:
    body = "![logo]\n\n[logo]: /logo.png\n"
    parsed = segment_markdown(body)
    assert parsed.reassemble(lambda s: s.text) == body
    out = parsed.reassemble(lambda s: "Logo der Firma")
    assert '<img src="/logo.png" alt="Logo der Firma" />' in MD.render(out)


def test_crlf_and_nul_are_normalised_like_markdown_it() -> None:
    parsed = segment_markdown("a\r\nb\r\n\r\nc\0\n")
    assert [s.text for s in parsed.segments] == ["a b", "c\ufffd"]


def test_no_directive_merges_to_the_shared_empty_directives() -> None:
    """Segmentation uses one ``Directives()`` for blocks without any directive."""
    assert Directives.merge(()) == markdown_module._NONE == Directives()
