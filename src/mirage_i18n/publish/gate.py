"""The build's record of the publish gate: which document appears in which language, and why
the others do not. The decision itself is :func:`mirage_i18n.readiness.readiness`, the rule
``status`` and ``validate`` apply too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..checks.results import first_error
from ..model import Catalog, Counts, counts_for
from ..readiness import readiness

if TYPE_CHECKING:
    from ..checks.results import Finding


@dataclass(frozen=True)
class GateDecision:
    domain: str
    lang: str
    published: bool
    reason: str
    threshold: float
    counts: Counts
    unreviewed: bool = False  # published in preview with fuzzy text in it
    errors: tuple[Finding, ...] = ()  # the error findings that withhold it, in line order

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
            "errors": [
                {"path": f.path, "line": f.line, "check": f.check_id, "message": f.message}
                for f in self.errors
            ],
        }


def decide(
    domain: str,
    lang: str,
    catalog: Catalog | None,
    threshold: float,
    preview: bool = False,
    shared: bool = False,
    errors: Sequence[Finding] = (),
) -> GateDecision:
    """The gate for one document in one language; ``catalog`` is None when there is none yet;
    ``errors``: the validation's findings that withhold it (``Finding.withholds``)."""
    counts = Counts() if catalog is None else counts_for(catalog)
    found = tuple(errors)
    missing = catalog is None
    verdict = readiness(
        counts,
        threshold,
        preview=preview,
        errors=len(found),
        first_error=first_error(found),
        shared=shared,
        missing=missing,
    )
    # the findings are the reason only where the shares alone would publish it
    by_share = readiness(counts, threshold, preview=preview, shared=shared, missing=missing)
    withheld = found if by_share.published and not verdict.published else ()
    return GateDecision(
        domain,
        lang,
        verdict.published,
        verdict.reason,
        threshold,
        counts,
        verdict.unreviewed,
        withheld,
    )
