from mirage_i18n.model import Message
from mirage_i18n.publish.gate import decide

from .helpers import catalog

FULL = catalog(Message("a", "A"), Message("b", "B"))
HALF = catalog(Message("a", "A"), Message("b", "B", flags=("fuzzy",)))
NONE = catalog(Message("a", ""), Message("b", ""))


def test_default_threshold_needs_everything_reviewed():
    assert decide("news/x", "sv", FULL, 100).published
    half = decide("news/x", "sv", HALF, 100)
    assert not half.published and "50 % reviewed" in half.reason and "1 fuzzy" in half.reason


def test_lower_threshold_per_language():
    assert decide("news/x", "it", HALF, 50).published
    assert not decide("news/x", "it", HALF, 51).published


def test_missing_and_empty():
    assert "no catalogue" in decide("news/x", "fr", None, 100).reason
    assert not decide("news/x", "fr", NONE, 0).published


def test_preview_counts_fuzzy_and_marks_it():
    d = decide("news/x", "sv", HALF, 100, preview=True)
    assert d.published and d.unreviewed and "PREVIEW" in d.reason
    assert not decide("news/x", "sv", FULL, 100, preview=True).unreviewed
