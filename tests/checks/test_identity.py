"""An identity translation (msgstr = msgid) is never an error, whatever the Markdown.

A cheap, broad guard against false positives: every CommonMark spec example and every
entry of the sample's templates, in every project language. ``same-as-source`` is left out:
a reviewed entry left in English is an error by design (issue 12); its own tests are in
test_entry_checks.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mirage_i18n.catalog.poreader import parse_po
from mirage_i18n.model import Message

from .helpers import DNT, findings_for

REPO = Path(__file__).resolve().parents[2]
SPEC = json.loads(
    (REPO / "tests" / "data" / "commonmark-spec-0.31.2.json").read_text(encoding="utf-8")
)
LANGS = ("sv", "it", "fr", "ro", "bg", "de", "el", "hu")


def _errors(text: str, lang: str) -> list[str]:
    msg = Message(text, text, lineno=1)
    return [
        f"{f.check_id}: {f.message}"
        for f in findings_for(msg, lang, do_not_translate=DNT)
        if f.severity == "error" and f.check_id != "same-as-source"
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_commonmark_spec_examples(lang: str) -> None:
    bad = {ex["example"]: _errors(ex["markdown"], lang) for ex in SPEC}
    assert {k: v for k, v in bad.items() if v} == {}


def test_sample_template_entries() -> None:
    pots = sorted((REPO / "locales" / "templates").rglob("*.pot"))
    assert pots, "the sample project's templates are missing"
    for pot in pots:
        for msg in parse_po(pot.read_text(encoding="utf-8"), str(pot)).messages:
            for lang in LANGS:
                assert _errors(msg.msgid, lang) == [], (pot.name, msg.msgid)


TOKENS = st.sampled_from(
    list("[]()*_`<>!#\\{}%$.,:;?0123456789 \n")
    + ["https://a.eu/", "x@y.eu", "<b>", "</b>", "**", "](", "1,000", "2.5", "%s", "{n}", "MIraGE"]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=3) | TOKENS,
        max_size=25,
    ).map("".join),
    st.sampled_from(LANGS),
)
def test_any_text(text: str, lang: str) -> None:
    assert _errors(text, lang) == []
