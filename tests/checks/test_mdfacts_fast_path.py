"""md_facts skips the parser for text without Markdown characters: same facts as parsing."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mirage_i18n.checks.mdfacts import _parse_facts, md_facts

ALPHABET = st.sampled_from(
    list("ab Z1.,:;-#+~$%{}()'\"\t\u00a0é") + ["http://x.eu", "a@b.eu", "  "]
)


@given(st.lists(ALPHABET, max_size=30).map("".join))
def test_plain_text_facts_equal_the_parser(text: str) -> None:
    fast, slow = md_facts(text), _parse_facts(text)
    assert fast == slow
    assert fast.text_parts == slow.text_parts


def test_markup_still_goes_through_the_parser() -> None:
    facts = md_facts("See [the site](https://x.eu) and `code` and *this*")
    assert facts.links == ("https://x.eu",) and facts.code == ("code",) and facts.emphasis == 1


def test_plain_facts_are_the_constructor_s() -> None:
    from mirage_i18n.checks.mdfacts import MdFacts, _plain_facts

    for value in ("", "plain prose", "ä ö"):
        built = MdFacts(text=value, text_parts=(value,) if value else (), simple=True)
        fast = _plain_facts(value)
        assert fast == built and fast.__dict__ == built.__dict__
        assert type(fast) is MdFacts


MARKUP = st.sampled_from(
    list("`*_[]!<>&\\\n\r\0 a(): /.\"'") + ["**", "***", "](", "[a](https://x.eu)", "<a@b.eu>"]
)


@given(st.lists(MARKUP | st.characters(blacklist_categories=("Cs",)), max_size=40).map("".join))
def test_simple_scanner_with_literal_branches_is_the_character_class_form(text: str) -> None:
    """The simple path's scanner starts every branch with a literal (speed): it matches what
    the form with a star run group and a class of single markup characters matches."""
    import re

    from mirage_i18n.checks.mdfacts import _SIMPLE_RE

    defined = re.compile(
        r"\[([^`*_\[\]!<>&\\\n\r\0]*)\]\(([^\x00-\x20\x7f()<>\"'\\&`*_\[\]!]+)\)"
        r"|<([^<>\x00-\x20]*)>"
        r"|(\*+)"
        r"|`([^`\n\r\0 ]|[^`\n\r\0 ][^`\n\r\0]*[^`\n\r\0 ])`(?!`)"
        r"|[`_\[\]!<>&\\\n\r\0]"
    )
    fast = [
        (m.span(), (*m.groups()[:3], None if m[4] is None else "*" + m[4], m[5]))
        for m in _SIMPLE_RE.finditer(text)
    ]
    assert fast == [(m.span(), m.groups()) for m in defined.finditer(text)]
