"""What a validation run produces: findings, one gate per document × language, the report.

Plain frozen data, so that forked workers can send them back and every output format (text,
JSON, GitHub annotations, the dashboard) reads the same objects.
"""

from __future__ import annotations

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
        }


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

    @cached_property  # every report format asks, once per document or more
    def verdict(self) -> Verdict:
        """The one readiness rule, as ``status`` and ``build`` apply it."""
        return readiness(
            self.counts,
            self.threshold,
            preview=self.preview,
            shared=self.domain == SHARED_DOMAIN,
            missing=self.missing,
            unreadable=self.unreadable,
        )

    @property
    def passed(self) -> bool:
        return self.verdict.published


@dataclass(frozen=True)
class ValidationReport:
    findings: tuple[Finding, ...]
    languages: tuple[LanguageStatus, ...]
    gates: tuple[GateResult, ...]
    checks: tuple[str, ...]  # ids that ran
    strict: bool = False
    unreadable: tuple[str, ...] = ()  # catalogue paths that could not be read
    errors: tuple[MirageError, ...] = field(default=())  # input errors besides catalogues

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
