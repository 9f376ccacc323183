"""The one readiness rule, case by case (docs/checks.md, "Publish gates")."""

from __future__ import annotations

import pytest

from mirage_i18n.model import Counts
from mirage_i18n.readiness import readiness


def counts(reviewed: int = 0, fuzzy: int = 0, untranslated: int = 0, fallback: int = 0) -> Counts:
    total = reviewed + fuzzy + untranslated
    return Counts(total, reviewed, fuzzy, untranslated, fallback=fallback)


@pytest.mark.parametrize("threshold", [0, 50, 100])
def test_nothing_reviewed_is_never_published(threshold: float) -> None:
    v = readiness(counts(fuzzy=2, untranslated=3), threshold)
    assert not v.published
    assert v.reason == "nothing reviewed yet (2 fuzzy, 3 untranslated of 5)"


def test_threshold_zero_publishes_one_reviewed_entry() -> None:
    v = readiness(counts(reviewed=1, untranslated=9), 0)
    assert v.published and "entries not reviewed fall back to English" in v.reason


@pytest.mark.parametrize(
    ("reviewed", "total", "threshold", "published"),
    [(1, 2, 50, True), (1, 2, 51, False), (2, 3, 100 * 2 / 3, True), (3, 3, 100, True)],
)
def test_share_against_threshold(
    reviewed: int, total: int, threshold: float, published: bool
) -> None:
    c = counts(reviewed=reviewed, untranslated=total - reviewed)
    assert readiness(c, threshold).published is published


def test_reasons_name_the_numbers() -> None:
    assert readiness(counts(3), 100).reason == "all 3 entries reviewed"
    assert readiness(counts(1, 1), 100).reason == (
        "50 % reviewed, threshold 100 % (1 fuzzy, 0 untranslated of 2)"
    )
    assert readiness(counts(2, 0, 1), 50).reason == (
        "66.7 % reviewed, threshold 50 %; entries not reviewed fall back to English"
    )


def test_missing_unreadable_and_empty_catalogues() -> None:
    template = counts(untranslated=4)  # status counts a missing catalogue from its template
    missing = readiness(template, 0, missing=True)
    assert not missing.published and "run 'mirage-i18n update'" in missing.reason
    assert not readiness(counts(4), 0, unreadable=True).published
    empty = readiness(Counts(), 0)
    assert not empty.published and empty.reason == "catalogue has no entries"


def test_the_disclaimer_fallback_is_left_out_of_the_share() -> None:
    # 4 strings reviewed, the disclaimer untranslated (shown in English by design): 100 %
    assert readiness(counts(reviewed=4, fallback=1), 100).published
    # only the disclaimer, in English: nothing a reader would see in the language
    only = readiness(counts(fallback=1), 0)
    assert not only.published and only.reason.startswith("nothing reviewed yet")


def test_preview_counts_fuzzy_and_says_so() -> None:
    v = readiness(counts(1, 1), 100, preview=True)
    assert (
        v.published
        and v.unreviewed
        and v.reason.endswith("PREVIEW with 1 unreviewed (fuzzy) entries")
    )
    only_fuzzy = readiness(counts(fuzzy=2), 100, preview=True)
    assert only_fuzzy.published and only_fuzzy.unreviewed
    assert not readiness(counts(2), 100, preview=True).unreviewed
    assert not readiness(counts(1, 0, 1), 100, preview=True).published  # untranslated stays


def test_shared_texts_are_used_one_by_one_whatever_the_threshold() -> None:
    v = readiness(counts(reviewed=1, untranslated=3, fallback=1), 100, shared=True)
    assert v.published and "used one by one" in v.reason
    assert not readiness(counts(untranslated=4, fallback=1), 0, shared=True).published
    # fuzzy shared texts never reach the site, preview or not
    assert not readiness(counts(fuzzy=4), 100, preview=True, shared=True).published


def test_error_findings_in_reviewed_entries_stop_publication() -> None:
    assert readiness(counts(3), 100, errors=0).published
    v = readiness(counts(3), 100, errors=2)
    assert not v.published and v.reason.startswith("2 error findings in reviewed entries")
    # a threshold miss is the first reason given
    assert "threshold" in readiness(counts(1, 1), 100, errors=1).reason
