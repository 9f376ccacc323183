"""The build's record of the publish gate: which document appears in which language, and why
the others do not. The decision itself is :func:`mirage_i18n.readiness.readiness`, the rule
``status`` and ``validate`` apply too.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Catalog, Counts, counts_for
from ..readiness import readiness


@dataclass(frozen=True)
class GateDecision:
    domain: str
    lang: str
    published: bool
    reason: str
    threshold: float
    counts: Counts
    unreviewed: bool = False  # published in preview with fuzzy text in it

    def as_dict(self) -> dict[str, object]:
        return {
            "domain": self.domain,
            "lang": self.lang,
            "published": self.published,
            "reason": self.reason,
            "threshold": self.threshold,
            "percent_reviewed": round(self.counts.percent_reviewed, 1),
            "entries": self.counts.total,
            "reviewed": self.counts.reviewed,
            "fuzzy": self.counts.fuzzy,
            "untranslated": self.counts.untranslated,
            "unreviewed": self.unreviewed,
        }


def decide(
    domain: str,
    lang: str,
    catalog: Catalog | None,
    threshold: float,
    preview: bool = False,
    shared: bool = False,
) -> GateDecision:
    """The gate for one document in one language; ``catalog`` is None when there is none yet."""
    counts = Counts() if catalog is None else counts_for(catalog)
    verdict = readiness(counts, threshold, preview=preview, shared=shared, missing=catalog is None)
    return GateDecision(
        domain, lang, verdict.published, verdict.reason, threshold, counts, verdict.unreviewed
    )
