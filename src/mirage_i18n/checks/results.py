"""What a validation run produces: findings, one gate per document × language, the report.

Plain frozen data, so that forked workers can send them back and every output format (text,
JSON, GitHub annotations, the dashboard) reads the same objects.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..errors import MirageError
from ..model import Counts
from ..readiness import Verdict, readiness
from ..sources.shared import SHARED_DOMAIN
from ..status import LanguageStatus
from .registry import Severity


@dataclass(frozen=True)
class Finding:
    """One reported problem, ready for every output format."""

    check_id: str
    severity: Severity
    path: str
    line: int | None
    message: str
    lang: str
    domain: str
    fuzzy: bool = False  # found in a fuzzy (not yet reviewed) entry
    # the translator comment that silences it on its entry ("# mirage-ignore: url @3f9a1c");
    # None for findings that are not about one entry (headers, syntax): nothing silences those
    suppress: str | None = None
    # keeps its document from being published: an error in a reviewed entry (suppressed
    # findings are never made; header findings are about no entry)
    withholds: bool = False

    @property
    def location(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "check": self.check_id,
            "severity": self.severity,
            "path": self.path,
            "line": self.line,
            "message": self.message,
            "lang": self.lang,
            "domain": self.domain,
            "fuzzy": self.fuzzy,
            "suppress": self.suppress,
            "withholds": self.withholds,
        }


def withholding(findings: Iterable[Finding]) -> dict[tuple[str, str], tuple[Finding, ...]]:
    """(lang, domain) → the findings that keep that document from being published
    (:attr:`Finding.withholds`), in line order: what the publish gate counts."""
    out: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        if f.withholds:
            out.setdefault((f.lang, f.domain), []).append(f)
    return {k: tuple(sorted(v, key=lambda f: (f.line or 0, f.check_id))) for k, v in out.items()}


def first_error(findings: tuple[Finding, ...]) -> str:
    """``path:line (check-id)`` of the first of a document's withholding findings."""
    return f"{findings[0].location} ({findings[0].check_id})" if findings else ""


@dataclass(frozen=True)
class GateResult:
    """Whether one document may be published in one language."""

    lang: str
    domain: str
    path: str
    counts: Counts
    threshold: float
    missing: bool = False  # no catalogue yet: counted from the template, all untranslated
    unreadable: bool = False
    preview: bool = False  # [publish] preview: fuzzy entries count as ready
    errors: tuple[Finding, ...] = ()  # what withholds it (Finding.withholds), in line order

    @cached_property  # every report format asks, once per document or more
    def verdict(self) -> Verdict:
        """The one readiness rule, as ``status`` and ``build`` apply it."""
        return readiness(
            self.counts,
            self.threshold,
            preview=self.preview,
            errors=len(self.errors),
            first_error=first_error(self.errors),
            shared=self.domain == SHARED_DOMAIN,
            missing=self.missing,
            unreadable=self.unreadable,
        )

    @property
    def passed(self) -> bool:
        return self.verdict.published


@dataclass(frozen=True)
class FindingTotals:
    """How many findings a language has, by what the dashboard counts."""

    errors: int = 0  # in entries that are not fuzzy
    warnings: int = 0  # in entries that are not fuzzy
    fuzzy: int = 0  # in fuzzy entries, whatever their severity
    total: int = 0

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> FindingTotals:
        errors = warnings = fuzzy = total = 0
        for f in findings:
            total += 1
            if f.fuzzy:
                fuzzy += 1
            elif f.severity == "error":
                errors += 1
            elif f.severity == "warning":
                warnings += 1
        return cls(errors, warnings, fuzzy, total)


def shown_first(f: Finding) -> tuple[bool, bool, str, int, str]:
    """The order in which the dashboard lists a language's findings (reviewed entries' errors
    first, then by place). With the report's order, the whole order is sorting a language's
    findings by this key, in the order the checks gave them."""
    return (f.fuzzy, f.severity != "error", f.path, f.line or 0, f.check_id)


def summarised(findings: list[Finding], shown: int) -> tuple[list[Finding], FindingTotals]:
    """A language's findings as a build keeps them for its dashboard: the ``shown`` first in
    :func:`shown_first` order and every one that fails the run, and the totals. The build
    checks one language after another and keeps every language's report: the whole list was
    15,000 findings (10 MB) per language at N = 4,000, of which the dashboard shows 500."""
    first = sorted(findings, key=shown_first)
    kept = first[:shown] + [f for f in first[shown:] if f.severity == "error" and not f.fuzzy]
    return kept, FindingTotals.of(findings)


@dataclass(frozen=True)
class ValidationReport:
    findings: tuple[Finding, ...]
    languages: tuple[LanguageStatus, ...]
    gates: tuple[GateResult, ...]
    checks: tuple[str, ...]  # ids that ran
    strict: bool = False
    unreadable: tuple[str, ...] = ()  # catalogue paths that could not be read
    errors: tuple[MirageError, ...] = field(default=())  # input errors besides catalogues
    # lang → its totals, where :attr:`findings` holds a summary of that language's findings
    # (:func:`summarised`: a build's report, for its dashboard); other languages hold them all
    totals: tuple[tuple[str, FindingTotals], ...] = ()

    def blocking(self, finding: Finding) -> bool:
        """Does this finding fail the run? Fuzzy entries are not published: theirs never do."""
        if finding.fuzzy:
            return False
        return finding.severity == "error" or self.strict

    def language_passed(self, lang: str) -> bool:
        return all(g.passed for g in self.gates if g.lang == lang) and not any(
            self.blocking(f) for f in self.findings if f.lang == lang
        )

    @property
    def passed(self) -> bool:
        return all(self.language_passed(ls.lang) for ls in self.languages)

    @property
    def exit_code(self) -> int:
        if self.unreadable or self.errors:
            return 2
        return 0 if self.passed else 1

    def findings_for(self, lang: str) -> list[Finding]:
        return [f for f in self.findings if f.lang == lang]

    def totals_for(self, lang: str) -> FindingTotals:
        for code, totals in self.totals:
            if code == lang:
                return totals
        return FindingTotals.of(self.findings_for(lang))
