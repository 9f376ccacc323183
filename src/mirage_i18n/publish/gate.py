"""The publish gate: which document appears in which language, and why the others do not.

A document is published in a language when the share of its catalogue entries that are
reviewed (translated, not fuzzy) reaches that language's threshold. ``--preview`` counts fuzzy
entries as ready, for reviewers only; pages built that way carry a banner.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Catalog, Counts, counts_for


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


def _pct(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") + " %"


def decide(
    domain: str, lang: str, catalog: Catalog | None, threshold: float, preview: bool = False
) -> GateDecision:
    if catalog is None:
        return GateDecision(
            domain, lang, False, "no catalogue yet (run 'mirage-i18n update')", threshold, Counts()
        )
    counts = counts_for(catalog)
    if counts.total == 0:
        return GateDecision(domain, lang, False, "catalogue has no entries", threshold, counts)
    ready = counts.reviewed + (counts.fuzzy if preview else 0)
    percent = 100.0 * ready / counts.total
    if counts.reviewed == 0 and not (preview and ready):
        return GateDecision(
            domain,
            lang,
            False,
            f"nothing reviewed yet ({counts.fuzzy} fuzzy, "
            f"{counts.untranslated} untranslated of {counts.total})",
            threshold,
            counts,
        )
    if percent + 1e-9 < threshold:
        return GateDecision(
            domain,
            lang,
            False,
            f"{_pct(counts.percent_reviewed)} reviewed, threshold {_pct(threshold)} "
            f"({counts.fuzzy} fuzzy, {counts.untranslated} untranslated of {counts.total})",
            threshold,
            counts,
        )
    unreviewed = preview and counts.fuzzy > 0
    if counts.reviewed == counts.total:
        reason = f"all {counts.total} entries reviewed"
    else:
        reason = (
            f"{_pct(counts.percent_reviewed)} reviewed, threshold {_pct(threshold)}; "
            "entries not reviewed fall back to English"
        )
    if unreviewed:
        reason += f"; PREVIEW with {counts.fuzzy} unreviewed (fuzzy) entries"
    return GateDecision(domain, lang, True, reason, threshold, counts, unreviewed)
