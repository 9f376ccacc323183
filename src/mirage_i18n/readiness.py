"""The one readiness rule: is a document published in a language, and why (or why not)?

``status``, ``validate`` (its gates and exit code), the dashboard and ``build`` all ask
:func:`readiness`, so they cannot disagree. It reads numbers only (no catalogue, no file):
the callers count, this decides. The rules, in order, are written down in ``docs/checks.md``
("Publish gates") and ``docs/publishing.md`` ("The gate").
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Counts

# A floating-point share such as 100 * 2 / 3 must not miss a threshold written as 66.666…
EPSILON = 1e-9


@dataclass(frozen=True)
class Verdict:
    """Whether one document is published in one language, with the reason shown to people."""

    published: bool
    summary: str  # why, without entry counts: for tables that show the counts beside it
    detail: str = ""  # the counts behind it, when they explain the verdict
    unreviewed: bool = False  # published in preview with fuzzy (unreviewed) text in it

    @property
    def reason(self) -> str:
        return f"{self.summary} ({self.detail})" if self.detail else self.summary


def readiness(
    counts: Counts,
    threshold: float,
    *,
    preview: bool = False,
    errors: int = 0,
    first_error: str = "",
    shared: bool = False,
    missing: bool = False,
    unreadable: bool = False,
) -> Verdict:
    """Decide from a catalogue's counts (:func:`model.counts_for`) and its language's threshold.

    ``preview`` counts fuzzy entries as ready (``build --preview``, ``[publish] preview``).
    ``errors`` is the number of unsuppressed error findings in *reviewed* entries of the
    catalogue: any makes the document unpublished; ``first_error`` says where the first one is
    (``path:line (check-id)``), for the reason. ``shared`` marks the shared texts (site and newsletter strings,
    disclaimer), which are used entry by entry whatever the threshold. ``missing``: the
    language has no catalogue for the document yet; ``unreadable``: it has one that cannot be
    read. Nothing reviewed means a reader would see only English: never published, whatever
    the threshold, 0 included.
    """
    if unreadable:
        return Verdict(False, "catalogue cannot be read (see its po-syntax finding)")
    if missing:
        return Verdict(False, "no catalogue yet (run 'mirage-i18n update')")
    if counts.total == 0 and not counts.fallback:
        return Verdict(False, "catalogue has no entries")
    of = f"{counts.fuzzy} fuzzy, {counts.untranslated} untranslated of {counts.total}"
    fuzzy_ready = preview and not shared
    ready = counts.reviewed + (counts.fuzzy if fuzzy_ready else 0)
    if ready == 0:
        return Verdict(False, "nothing reviewed yet", of)
    share = f"{_pct(counts.percent_reviewed)} reviewed, threshold {_pct(threshold)}"
    if not shared and 100.0 * ready / counts.total + EPSILON < threshold:
        return Verdict(False, share, of)
    if errors:
        plural = "s" if errors != 1 else ""
        where = f", first at {first_error}" if first_error else ""
        return Verdict(
            False,
            f"{errors} error finding{plural} in reviewed entries{where} "
            "(see 'mirage-i18n validate')",
        )
    if counts.reviewed == counts.total:
        summary = f"all {counts.total} entries reviewed"
    elif shared:
        summary = (
            f"{counts.reviewed} of {counts.total} shared texts reviewed, used one by one; "
            "the others are shown in English"
        )
    else:
        summary = f"{share}; entries not reviewed fall back to English"
    unreviewed = fuzzy_ready and counts.fuzzy > 0
    if unreviewed:
        summary += f"; PREVIEW with {counts.fuzzy} unreviewed (fuzzy) entries"
    return Verdict(True, summary, unreviewed=unreviewed)


def _pct(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") + " %"
