"""Masking what MT must not change, and strict restoring."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mirage_i18n.prefill.protect import Protector, RestoreError, restore

P = Protector(["MIraGE", "AMIF", "TCN", "Center for Social Innovation"])


@pytest.mark.parametrize(
    "text,kept",
    [
        ("See https://mirageproject.eu/news/x?a=1.", "https://mirageproject.eu/news/x?a=1"),
        ("Write to info@mirageproject.eu today.", "info@mirageproject.eu"),
        ('Read [the report](https://x.org/r.pdf "Report") now.', '](https://x.org/r.pdf "Report")'),
        ("Run `mirage-i18n build` first.", "`mirage-i18n build`"),
        ("A <strong>bold</strong> move.", "<strong>"),
        ("Hello {name}, you have {count} messages.", "{name}"),
        ("Done in %(seconds)d s.", "%(seconds)d"),
        ("MIraGE and AMIF help TCNs.", "TCN"),
        ("The Center for Social Innovation hosts.", "Center for Social Innovation"),
        ("An <https://autolink.org/x> here.", "<https://autolink.org/x>"),
    ],
)
def test_protected_spans_are_masked_and_restored(text, kept):
    p = P.protect(text)
    assert kept in p.originals and kept not in p.masked
    assert restore(p, p.masked) == text


def test_words_containing_a_term_are_not_masked():
    p = P.protect("AMIFOR and XTCNX and MIraGEous")
    assert p.originals == ()


def test_existing_token_shaped_text_cannot_collide():
    p = P.protect("Literal [X0X] then https://a.org")
    assert p.originals == ("[X0X]", "https://a.org")
    assert restore(p, "Bokstavlig [X0X] sedan [X1X]") == "Bokstavlig [X0X] sedan https://a.org"


def test_reordered_tokens_are_fine():
    p = P.protect("From {a} to {b}.")
    assert restore(p, "Till [X1X] från [X0X].") == "Till {b} från {a}."


@pytest.mark.parametrize(
    "answer,why",
    [
        ("Från [X0X] till.", "lost"),
        ("Från [X0X] till [X1X] [X1X].", "duplicated"),
        ("Från [X0X] till [X1X] [X7X].", "unknown"),
        ("Från [X0X] till [X 1 X].", "lost"),
        ("Från [X0X] till [x1x] [X1X].", "damaged"),
    ],
)
def test_broken_tokens_are_refused(answer, why):
    p = P.protect("From {a} to {b}.")
    with pytest.raises(RestoreError, match=why):
        restore(p, answer)


PIECES = st.sampled_from(list("ab {}[]()<>`@.:/%sdX0123 \n") + ["http://", "AMIF", "TCN", "[X1X]"])


@given(st.lists(PIECES, max_size=40).map("".join))
def test_identity_round_trip(text):
    p = P.protect(text)
    assert restore(p, p.masked) == text
    assert len(p.originals) == len(set(p.tokens))


def test_entities_the_engine_added_are_decoded_but_source_entities_are_kept():
    p = P.protect("The partners' R&D &amp; more at https://x.org/?a=1&b=2")
    assert restore(p, "Partnernas FoU &amp; l&#39;ultima &quot;mer&quot; [X0X] [X1X]") == (
        'Partnernas FoU & l\'ultima "mer" &amp; https://x.org/?a=1&b=2'
    )


def test_unknown_entity_like_text_in_an_answer_stays():
    p = P.protect("AT and T")
    assert restore(p, "AT&T; och Q&A") == "AT&T; och Q&A"


def test_only_character_entities_are_decoded():
    p = P.protect("Hello")
    assert restore(p, "Bonjour&nbsp;: &#0; &#7;") == "Bonjour\xa0: &#0; &#7;"


def test_a_term_after_a_hyphen_is_protected_like_one_before_it():
    p = P.protect("pre-AMIF and AMIF-funded projects, non-TCN staff")
    assert p.originals == ("AMIF", "AMIF", "TCN")
    assert p.masked == "pre-[X0X] and [X1X]-funded projects, non-[X2X] staff"


def test_required_terms_are_masked_and_come_back_in_the_target_language():
    protector = Protector(
        ["TCN", "Center for Social Innovation"],
        {"employer": "arbetsgivare", "TCNs": "TCN", "Center": "centret"},
    )
    p = protector.protect("Employers hired TCNs at the Center for Social Innovation center.")
    # The whole word that uses the term; the longest term wins, whichever its kind.
    assert p.originals == ("Employers", "TCNs", "Center for Social Innovation", "center")
    assert p.inserted == ("Arbetsgivare", "TCN", "centret")
    assert restore(p, "[X0X] anställde [X1X] på [X2X], [X3X].") == (
        "Arbetsgivare anställde TCN på Center for Social Innovation, centret."
    )


def test_required_terms_follow_the_glossary_checks_idea_of_a_mention():
    protector = Protector([], {"formazione": "utbildning", "MIraGE": "MIraGE-projektet"})
    masked = protector.protect("Formazioni, formazione; mirage and MIraGEs").masked
    # A final vowel may change (formazion-i); acronyms and mixed case match exactly.
    assert masked == "[X0X], [X1X]; mirage and [X2X]"
